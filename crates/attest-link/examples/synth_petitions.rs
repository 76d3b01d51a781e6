//! Writes the third independent set of lists (`synth_petitions`: family-reunion applications, a
//! church interview log, a UN submission and a defectors' list, merged into one sheet) and its
//! truth, or measures the engine on it.
//!
//! `cargo run --release -p attest-link --example synth_petitions -- write PEOPLE SEED OUT.csv TRUTH.csv`
//! writes a set; the truth file has `id,person,family,source`.
//!
//! `cargo run --release -p attest-link --example synth_petitions -- bench PEOPLE SEED...` links
//! each seed's set with zero configuration and prints a Markdown row per seed: pairwise F1,
//! precision, recall, the share of true pairs the blocking compared, the largest predicted and
//! true clusters, and the engine's time. Seeds below 1000 are for tuning, 1000-1999 held out,
//! 2000 and above never used while fixing.
//!
//! `cargo run --release -p attest-link --example synth_petitions -- false PEOPLE SEED SHOW` and
//! `... missed PEOPLE SEED SHOW` (tuning seeds only) print links between different people and
//! true pairs left apart, with their rows.

use std::collections::{HashMap, HashSet};

use attest_link::synth_petitions::{FIRST_HELD_OUT_SEED, NEVER_SEEN_SEED, Petitions, generate};
use attest_link::{Input, LinkResult, Linker, NoProgress, Options, eval, infer_config};

fn largest<T: std::hash::Hash + Eq>(labels: impl Iterator<Item = T>) -> usize {
    let mut sizes: HashMap<T, usize> = HashMap::new();
    for l in labels {
        *sizes.entry(l).or_default() += 1;
    }
    sizes.into_values().max().unwrap_or(0)
}

fn link(set: &Petitions) -> (Linker, LinkResult) {
    let n = set.rows.len();
    let config = infer_config(&set.headers, &set.rows, 0);
    if std::env::var("SHOW_CONFIG").is_ok() {
        for c in &config.columns {
            eprintln!("{:?}", c);
        }
    }
    let input = Input { headers: set.headers.clone(), rows: set.rows.clone(), file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options { keep_values: true, ..Options::default() }, &NoProgress)
        .expect("link");
    let result = linker.run(&[], &NoProgress).expect("run");
    (linker, result)
}

fn bench(people: usize, seeds: &[u64]) {
    println!("| data | F1 | P | R | true pairs compared | largest cluster predicted / true | time |");
    println!("|---|---|---|---|---|---|---|");
    for &seed in seeds {
        let set = generate(people, seed);
        let n = set.rows.len();
        let started = std::time::Instant::now();
        let (_, result) = link(&set);
        let seconds = started.elapsed().as_secs_f64();
        let truth: Vec<String> = set.person.iter().map(|p| p.to_string()).collect();
        let scores = eval::pairwise(&result.labels, &truth, None);
        let compared: HashSet<(u32, u32)> = result.pairs.iter().map(|p| (p.0.min(p.1), p.0.max(p.1))).collect();
        let mut by_person: HashMap<usize, Vec<u32>> = HashMap::new();
        for (r, &p) in set.person.iter().enumerate() {
            by_person.entry(p).or_default().push(r as u32);
        }
        let (mut true_pairs, mut found) = (0u64, 0u64);
        for records in by_person.values() {
            for (i, &a) in records.iter().enumerate() {
                for &b in &records[i + 1..] {
                    true_pairs += 1;
                    found += u64::from(compared.contains(&(a.min(b), a.max(b))));
                }
            }
        }
        let kind = if seed >= NEVER_SEEN_SEED {
            "NEVER SEEN"
        } else if seed >= FIRST_HELD_OUT_SEED {
            "HELD OUT"
        } else {
            "tuning"
        };
        println!(
            "| petitions seed {seed} ({kind}, {n} records) | {:.4} | {:.4} | {:.4} | {:.3} | {} / {} | {:.2} s |",
            scores.f1,
            scores.precision,
            scores.recall,
            found as f64 / true_pairs.max(1) as f64,
            largest(result.labels.iter()),
            largest(set.person.iter()),
            seconds
        );
    }
}

/// Record `r`'s non-empty cells as `header=value`, for printing.
fn row(set: &Petitions, r: usize) -> String {
    attest_link::eval::describe_row(&set.headers, &set.rows[r])
}

fn explain_line(set: &Petitions, linker: &Linker, result: &LinkResult, a: usize, b: usize) -> String {
    match linker.explain(&result.model, &set.rows[a][0], &set.rows[b][0]) {
        Some(e) => {
            let fields: Vec<String> = e
                .fields
                .iter()
                .filter(|f| f.level != "missing")
                .map(|f| format!("{}:{}({:+.1}{:+.1})", f.column, f.level, f.weight, f.tf_adjustment))
                .collect();
            format!("{} total {:+.1} cannot {:?}", fields.join(" "), e.total, e.cannot_link)
        }
        None => "not compared".into(),
    }
}

/// Links between different people (`false`) or true pairs in different clusters (`missed`).
fn inspect(people: usize, seed: u64, show: usize, false_links: bool) {
    assert!(seed < FIRST_HELD_OUT_SEED, "only tuning seeds are inspected");
    let set = generate(people, seed);
    let (linker, result) = link(&set);
    let mut shown = 0;
    let n = set.rows.len();
    let mut by_cluster: HashMap<usize, Vec<usize>> = HashMap::new();
    for r in 0..n {
        by_cluster.entry(result.labels[r]).or_default().push(r);
    }
    let mut count = 0;
    for a in 0..n {
        for b in a + 1..n {
            let same_cluster = result.labels[a] == result.labels[b];
            let same_person = set.person[a] == set.person[b];
            let hit = if false_links { same_cluster && !same_person } else { same_person && !same_cluster };
            if !hit {
                continue;
            }
            count += 1;
            if shown < show {
                shown += 1;
                let kin =
                    if set.person[a] != set.person[b] && set.family[a] == set.family[b] { "relatives" } else { "" };
                println!(
                    "{kin}\n  {}\n  {}\n  {}",
                    row(&set, a),
                    row(&set, b),
                    explain_line(&set, &linker, &result, a, b)
                );
            }
        }
    }
    println!("{count} pairs");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let number = |i: usize| -> u64 { args[i].parse().expect("a number") };
    match args.get(1).map(String::as_str) {
        Some("bench") if args.len() >= 4 => {
            let seeds: Vec<u64> = (3..args.len()).map(number).collect();
            bench(number(2) as usize, &seeds);
        }
        Some(kind @ ("false" | "missed")) if args.len() == 5 => {
            inspect(number(2) as usize, number(3), number(4) as usize, kind == "false");
        }
        Some("write") if args.len() == 6 => {
            let set = generate(number(2) as usize, number(3));
            let mut out = csv::Writer::from_path(&args[4]).expect("OUT.csv is writable");
            out.write_record(&set.headers).expect("write");
            for r in &set.rows {
                out.write_record(r).expect("write");
            }
            out.flush().expect("write");
            let mut truth = csv::Writer::from_path(&args[5]).expect("TRUTH.csv is writable");
            truth.write_record(["id", "person", "family", "source"]).expect("write");
            for (i, r) in set.rows.iter().enumerate() {
                let source = attest_link::synth_petitions::SOURCES[set.source[i]];
                truth
                    .write_record([r[0].as_str(), &set.person[i].to_string(), &set.family[i].to_string(), source])
                    .expect("write");
            }
            truth.flush().expect("write");
            eprintln!("{} records", set.rows.len());
        }
        _ => {
            eprintln!("usage: synth_petitions write PEOPLE SEED OUT.csv TRUTH.csv");
            eprintln!("       synth_petitions bench PEOPLE SEED...");
            eprintln!("       synth_petitions false|missed PEOPLE SEED SHOW   (tuning seeds only)");
            std::process::exit(2);
        }
    }
}
