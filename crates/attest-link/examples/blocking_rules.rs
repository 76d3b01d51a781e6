//! What each blocking rule buys (issue 15): per rule, the candidate pairs it produces, the true
//! pairs it finds, the true pairs ONLY it finds, and how many of those the run links (the pairs
//! that dropping the rule would lose outright), on a generated set with known truth or a CSV with
//! a truth file. Then the run's pairwise and exact-cluster F1. A diagnostic apart from the normal
//! run (which it calls unchanged), so it costs the normal run nothing.
//!
//! ```sh
//! cargo run --release -p attest-link --example blocking_rules -- SET [--drop I,J] [--add RULE] [--budget N] [--show R]
//! ```
//! SET is `census:SEED` (4,400 households), `notables:SEED[:light]` (5,000 people),
//! `registry:SEED[:PEOPLE]` (Korean layout, 3,000 people), `unseen:SEED:english|korean|heldout`
//! (5,000 people), `korean:SEED` (the synthetic Korean set, 5,000 people), `febrl3:DIR`,
//! `febrl4:DIR` (two files) or `csv:IN.csv:TRUTH.csv` (truth `id,person`). `--drop` leaves out
//! the rules numbered I, J (as listed); `--budget` sets `Options::pairs_per_record`. Keep seeds
//! at 1000 and above out of tuning.

use std::collections::HashMap;
use std::time::Instant;

use attest_link::blocking::rules_of;
use attest_link::{Input, Linker, NoProgress, Options, eval, infer_config};

/// A data set: headers, rows, file per row, and the true person per row.
struct Set {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    file: Vec<u8>,
    truth: Vec<String>,
}

/// A CSV file through the crate's own reader (`csv_input::read_csv`, the one `attest link` uses).
fn read(path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table = attest_link::csv_input::read_csv(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    (table.headers, table.rows)
}

fn one_file(headers: Vec<String>, rows: Vec<Vec<String>>, person: impl Iterator<Item = String>) -> Set {
    let file = vec![0; rows.len()];
    Set { headers, rows, file, truth: person.collect() }
}

fn load(spec: &str) -> Set {
    let parts: Vec<&str> = spec.split(':').collect();
    let seed = || parts.get(1).and_then(|s| s.parse::<u64>().ok()).unwrap_or_else(|| panic!("{spec}: no seed"));
    let febrl_entity = |id: &String| id.split('-').nth(1).unwrap_or(id).to_string();
    match parts[0] {
        "census" => {
            let c = attest_link::synth_census::generate(4_400, seed());
            one_file(c.headers, c.rows, c.person.iter().map(|p| p.to_string()))
        }
        "notables" => {
            use attest_link::synth_notables::{Profile, generate, generate_profile};
            let n = match parts.get(2) {
                Some(&"light") => generate_profile(5_000, seed(), Profile::Light),
                _ => generate(5_000, seed()),
            };
            one_file(n.headers, n.rows, n.person.iter().map(|p| p.to_string()))
        }
        "registry" => {
            let people = parts.get(2).and_then(|p| p.parse().ok()).unwrap_or(3_000);
            let r = attest_link::synth_registry::generate(
                people,
                seed(),
                attest_link::synth_registry::Layout::MergedKorean,
            );
            one_file(r.headers, r.rows, r.person.iter().map(|p| p.to_string()))
        }
        "unseen" => {
            use attest_link::synth_unseen::Layout;
            let layout = match parts.get(2) {
                Some(&"korean") => Layout::Korean,
                Some(&"heldout") => Layout::HeldOut,
                _ => Layout::English,
            };
            let l = attest_link::synth_unseen::generate(5_000, seed(), layout);
            one_file(l.headers, l.rows, l.person.iter().map(|p| p.to_string()))
        }
        "korean" => {
            let records = attest_link::synth::generate(5_000, seed(), 0.05);
            let headers = attest_link::synth::HEADERS.iter().map(|s| s.to_string()).collect();
            let truth: Vec<String> = records.iter().map(|r| r.person.to_string()).collect();
            one_file(headers, records.into_iter().map(|r| r.values).collect(), truth.into_iter())
        }
        "febrl3" => {
            let (headers, rows) = read(&format!("{}/febrl_dataset3.csv", parts.get(1).unwrap_or(&".")));
            let truth: Vec<String> = rows.iter().map(|r| febrl_entity(&r[0])).collect();
            one_file(headers, rows, truth.into_iter())
        }
        "febrl4" => {
            let dir = parts.get(1).unwrap_or(&".");
            let (headers, mut rows) = read(&format!("{dir}/febrl_dataset4a.csv"));
            let (_, rows_b) = read(&format!("{dir}/febrl_dataset4b.csv"));
            let mut file = vec![0u8; rows.len()];
            file.extend(std::iter::repeat_n(1, rows_b.len()));
            rows.extend(rows_b);
            let truth = rows.iter().map(|r| febrl_entity(&r[0])).collect();
            Set { headers, rows, file, truth }
        }
        "csv" => {
            let (headers, rows) = read(parts.get(1).unwrap_or_else(|| panic!("{spec}: no CSV")));
            let (_, truth_rows) = read(parts.get(2).unwrap_or_else(|| panic!("{spec}: no truth")));
            let person: HashMap<&str, &str> = truth_rows.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
            let truth: Vec<String> = rows
                .iter()
                .map(|r| person.get(r[0].as_str()).map_or_else(|| r[0].clone(), |p| p.to_string()))
                .collect();
            one_file(headers, rows, truth.into_iter())
        }
        other => panic!("unknown set '{other}': census, notables, registry, unseen, korean, febrl3, febrl4 or csv"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(spec) = args.get(1) else {
        eprintln!(
            "usage: blocking_rules SET [--drop I,J] [--add RULE] [--budget N] [--show R]   (see the example's doc comment)"
        );
        std::process::exit(2);
    };
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let drop: Vec<usize> =
        flag("--drop").map(|d| d.split(',').filter_map(|x| x.parse().ok()).collect()).unwrap_or_default();
    let budget = flag("--budget").and_then(|b| b.parse().ok()).unwrap_or(attest_link::MAX_PAIRS_PER_RECORD);
    let set = load(spec);
    let mut config = infer_config(&set.headers, &set.rows, 0);
    config.blocking =
        config.blocking.iter().enumerate().filter(|(i, _)| !drop.contains(i)).map(|(_, r)| r.clone()).collect();
    // `--add a+b#year1`: one more rule, after the others.
    if let Some(rule) = flag("--add") {
        config.blocking.push(rule.split('+').map(|p| p.trim().to_string()).collect());
    }
    let two = set.file.contains(&1);
    let truth = set.truth;
    let file = set.file.clone();
    // `--show R`: print a few true pairs only rule R finds, with their values.
    let show: Option<usize> = flag("--show").and_then(|r| r.parse().ok());
    let shown_rows = show.map(|_| set.rows.clone()).unwrap_or_default();
    let input = Input { headers: set.headers, rows: set.rows, file: set.file, id_column: 0 };
    let options = Options { keep_values: false, pairs_per_record: budget, ..Options::default() };
    let linker = Linker::from_input(input, &config, options, &NoProgress).expect("config");
    let (candidates, masks, skipped) = linker.candidates(&NoProgress).expect("blocking");
    let started = Instant::now();
    let result = linker.run(&[], &NoProgress).expect("run");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(result.pairs.len(), candidates.len(), "the run compares the pairs blocking gave");
    let threshold = result.summary.threshold as f32;
    let same = |a: u32, b: u32| truth[a as usize] == truth[b as usize];
    // True pairs in the data (across files when linking two).
    let mut by_person: HashMap<&str, [u64; 2]> = HashMap::new();
    for (t, &f) in truth.iter().zip(&file) {
        by_person.entry(t.as_str()).or_default()[f as usize] += 1;
    }
    let true_total: u64 = by_person
        .values()
        .map(|g| if two { g[0] * g[1] } else { (g[0] + g[1]) * (g[0] + g[1]).saturating_sub(1) / 2 })
        .sum();
    let rules = config.blocking.len();
    // Per rule: pairs, true pairs, pairs only it found, true pairs only it found, of those linked
    // by the run (probability at the threshold), and of those in one output cluster.
    let mut per = vec![[0u64; 6]; rules];
    let (mut true_found, mut true_linked) = (0u64, 0u64);
    for ((&(a, b), &mask), &(pa, pb, p)) in candidates.iter().zip(&masks).zip(&result.pairs) {
        debug_assert_eq!((a, b), (pa, pb));
        let bits = rules_of(mask);
        let t = same(a, b);
        true_found += u64::from(t);
        true_linked += u64::from(t && p >= threshold);
        for (r, row) in per.iter_mut().enumerate().take(24) {
            if bits & (1 << r) == 0 {
                continue;
            }
            row[0] += 1;
            row[1] += u64::from(t);
            if bits == 1 << r {
                if show == Some(r) && t && row[3] < 12 {
                    println!(
                        "only rule {r} (p {p:.2}):\n  {:?}\n  {:?}",
                        shown_rows[a as usize], shown_rows[b as usize]
                    );
                }
                row[2] += 1;
                row[3] += u64::from(t);
                row[4] += u64::from(t && p >= threshold);
                row[5] += u64::from(t && result.labels[a as usize] == result.labels[b as usize]);
            }
        }
    }
    let n = truth.len();
    println!(
        "{spec}: {n} records, {true_total} true pairs, budget {budget} pairs a rule per record, dropped rules {drop:?}"
    );
    println!(
        "| # | rule | pairs | per record | true pairs | only this rule | true only this rule | of those linked | of those in one cluster |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (r, (rule, row)) in config.blocking.iter().zip(&per).enumerate() {
        println!(
            "| {r} | `{}` | {} | {:.1} | {} | {} | {} | {} | {} |",
            rule.join(" + "),
            row[0],
            row[0] as f64 / n as f64,
            row[1],
            row[2],
            row[3],
            row[4],
            row[5]
        );
    }
    let windowed: usize = skipped.iter().map(|s| s.records).sum();
    for rule in &config.blocking {
        let name = rule.join(" + ");
        let (blocks, records) =
            skipped.iter().filter(|s| s.rule == name).fold((0, 0), |(b, r), s| (b + 1, r + s.records));
        if blocks > 0 {
            println!("windowed: `{name}`: {blocks} blocks, {records} records");
        }
    }
    let s = eval::pairwise(&result.labels, &truth, two.then_some(&file[..]));
    println!(
        "candidate pairs {} ({:.1} a record); true pairs compared {true_found} of {true_total} ({:.4}); linked {true_linked}; {} windowed blocks ({windowed} records)",
        candidates.len(),
        candidates.len() as f64 / n as f64,
        true_found as f64 / true_total.max(1) as f64,
        skipped.len()
    );
    println!(
        "F1 {:.4} (P {:.4}, R {:.4}); cluster F1 {:.4}; run {seconds:.2} s",
        s.f1,
        s.precision,
        s.recall,
        if two { f64::NAN } else { eval::cluster_f1(&result.labels, &truth) }
    );
}
