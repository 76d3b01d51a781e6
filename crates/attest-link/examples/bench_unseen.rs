//! Linkage on data it was not tuned on (issue 15): generated Korean multi-source lists with
//! families, dependent columns and other organisations' headers (tuning layouts and the held-out
//! one reported apart), and FEBRL with an added concatenated-name column and renamed headers.
//!
//! `cargo run --release -p attest-link --example bench_unseen -- [DATA_DIR] [PEOPLE]`
//! With `WRITE_DIR` set, also writes each generated Korean file and its truth there (for Splink).

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use attest_link::synth_unseen::{Layout, febrl_variant, generate};
use attest_link::{Input, Linker, NoProgress, Options, eval, infer_config};

fn read(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
    let rows = r.records().map(|rec| rec.map(|x| x.iter().map(str::to_string).collect()).unwrap_or_default()).collect();
    (headers, rows)
}

struct Outcome {
    f1: f64,
    precision: f64,
    recall: f64,
    compared_share: f64,
    largest_predicted: usize,
    largest_true: usize,
    seconds: f64,
    far_year_m: Option<f64>,
    blocking_recall: Option<f64>,
    notes: String,
}

fn largest(labels: impl Iterator<Item = String>) -> usize {
    let mut c: HashMap<String, usize> = HashMap::new();
    for l in labels {
        *c.entry(l).or_default() += 1;
    }
    c.values().copied().max().unwrap_or(0)
}

fn run(headers: Vec<String>, rows: Vec<Vec<String>>, file: Vec<u8>, truth: &[String]) -> Outcome {
    let started = Instant::now();
    let config = infer_config(&headers, &rows, 0);
    let notes: Vec<String> = config
        .columns
        .iter()
        .map(|c| format!("{}={:?}{}", c.name, c.role, if c.note.is_empty() { "" } else { "*" }))
        .collect();
    if std::env::var("RULES").is_ok() {
        println!("    rules: {:?} training: {:?}", config.blocking, config.training_blocking);
    }
    let two = file.contains(&1);
    let input = Input { headers, rows, file: file.clone(), id_column: 0 };
    let linker = Linker::from_input(input, &config, Options { keep_values: false, ..Options::default() }, &NoProgress)
        .expect("config");
    let result = linker.run(&[], &NoProgress).expect("run");
    let seconds = started.elapsed().as_secs_f64();
    let s = eval::pairwise(&result.labels, truth, if two { Some(&file) } else { None });
    let compared: HashSet<(u32, u32)> = result.pairs.iter().map(|p| (p.0, p.1)).collect();
    let mut by_truth: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, t) in truth.iter().enumerate() {
        by_truth.entry(t.as_str()).or_default().push(i as u32);
    }
    let (mut true_pairs, mut found) = (0u64, 0u64);
    for members in by_truth.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                if two && file[a as usize] == file[b as usize] {
                    continue;
                }
                true_pairs += 1;
                found += u64::from(compared.contains(&(a.min(b), a.max(b))));
            }
        }
    }
    let far_year_m = result
        .model
        .fields
        .iter()
        .find(|f| f.levels.len() == 4 && f.levels[3].level == "further apart")
        .map(|f| f.levels[3].m);
    Outcome {
        f1: s.f1,
        precision: s.precision,
        recall: s.recall,
        compared_share: found as f64 / true_pairs.max(1) as f64,
        largest_predicted: largest(result.labels.iter().map(|l| l.to_string())),
        largest_true: largest(truth.iter().cloned()),
        seconds,
        far_year_m,
        blocking_recall: result.summary.blocking_recall,
        notes: notes.join(" "),
    }
}

fn print(name: &str, o: &Outcome) {
    println!(
        "| {name} | {:.4} | {:.4} | {:.4} | {:.3} | {} / {} | {} | {:.2} s |",
        o.f1,
        o.precision,
        o.recall,
        o.compared_share,
        o.largest_predicted,
        o.largest_true,
        o.far_year_m.map_or("-".into(), |m| format!("{m:.3}")),
        o.seconds
    );
    if std::env::var("RULES").is_ok() {
        println!("    estimated blocking recall (no truth): {:?}", o.blocking_recall);
    }
    if std::env::var("ROLES").is_ok() {
        println!("    roles: {}", o.notes);
    }
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/data/linkage".into()));
    let people: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(5_000);
    println!(
        "| data | F1 | P | R | true pairs compared | largest cluster predicted / true | m(years 3+ apart) | time |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let only = std::env::var("ONLY").unwrap_or_default();
    if only.is_empty() || only == "korean" {
        for (layout, seeds, tag) in [
            (Layout::English, [1u64, 2], "tuning"),
            (Layout::Korean, [3, 4], "tuning"),
            (Layout::HeldOut, [101, 102], "HELD OUT"),
        ] {
            for seed in seeds {
                let lists = generate(people, seed, layout);
                let truth: Vec<String> = lists.person.iter().map(|p| p.to_string()).collect();
                if let Ok(w) = std::env::var("WRITE_DIR") {
                    let path = format!("{w}/unseen-{layout:?}-{seed}.csv");
                    let mut out = csv::Writer::from_path(&path).expect("write");
                    out.write_record(&lists.headers).expect("write");
                    for r in &lists.rows {
                        out.write_record(r).expect("write");
                    }
                    let mut t = csv::Writer::from_path(format!("{w}/unseen-{layout:?}-{seed}-truth.csv")).expect("w");
                    t.write_record(["id", "person"]).expect("write");
                    for (r, p) in lists.rows.iter().zip(&truth) {
                        t.write_record([r[0].as_str(), p]).expect("write");
                    }
                }
                let n = lists.rows.len();
                let o = run(lists.headers, lists.rows, vec![0; n], &truth);
                print(&format!("Korean lists {layout:?} seed {seed} ({tag}, {n} records)"), &o);
            }
        }
    }
    if only.is_empty() || only == "febrl" {
        let entity = |id: &String| id.split('-').nth(1).unwrap_or(id).to_string();
        let (h3, r3) = read(&dir.join("febrl_dataset3.csv"));
        let (h4, r4a) = read(&dir.join("febrl_dataset4a.csv"));
        let (_, r4b) = read(&dir.join("febrl_dataset4b.csv"));
        for (concat, renamed) in [(false, false), (true, false), (false, true), (true, true)] {
            let label = match (concat, renamed) {
                (false, false) => "as published",
                (true, false) => "+ concatenated name",
                (false, true) => "renamed headers",
                _ => "renamed + concatenated",
            };
            let (h, r) = febrl_variant(&h3, &r3, concat, renamed);
            let truth: Vec<String> = r.iter().map(|row| entity(&row[0])).collect();
            let n = r.len();
            print(&format!("FEBRL3 {label}"), &run(h, r, vec![0; n], &truth));
            let mut rows = r4a.clone();
            rows.extend(r4b.iter().cloned());
            let file: Vec<u8> = std::iter::repeat_n(0, r4a.len()).chain(std::iter::repeat_n(1, r4b.len())).collect();
            let (h, r) = febrl_variant(&h4, &rows, concat, renamed);
            let truth: Vec<String> = r.iter().map(|row| entity(&row[0])).collect();
            print(&format!("FEBRL4 {label}"), &run(h, r, file, &truth));
        }
    }
}
