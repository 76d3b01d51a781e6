//! Writes the independent Korean multi-source registry set (issue 15) and its truth, or measures
//! the engine on it.
//!
//! `cargo run --release -p attest-link --example synth_registry -- PEOPLE SEED OUT.csv TRUTH.csv [LAYOUT]`
//! with LAYOUT `korean` (default: the lists merged under one Korean header set), `english` or
//! `stacked` (the union of the lists' own headers). Seeds below 1000 are for tuning, 1000 and
//! above held out. The truth file has `id,person,family`: records of different people in one
//! family are relatives.
//!
//! `cargo run --release -p attest-link --example synth_registry -- bench PEOPLE LAYOUT SEED...`
//! links each seed's set with zero configuration and prints a Markdown row per seed: pairwise
//! scores, the share of true pairs the blocking compared, the largest predicted and true
//! clusters, and the engine's time (from records in memory to clusters).

use std::collections::{HashMap, HashSet};

use attest_link::synth_registry::{FIRST_HELD_OUT_SEED, Layout, generate};
use attest_link::{Input, Linker, NoProgress, Options, eval, infer_config};

fn layout(name: Option<&str>) -> Layout {
    match name {
        None | Some("korean") => Layout::MergedKorean,
        Some("english") => Layout::MergedEnglish,
        Some("stacked") => Layout::Stacked,
        Some(other) => {
            eprintln!("layout: '{other}' is not korean, english or stacked");
            std::process::exit(2);
        }
    }
}

fn largest<T: std::hash::Hash + Eq>(labels: impl Iterator<Item = T>) -> usize {
    let mut sizes: HashMap<T, usize> = HashMap::new();
    for l in labels {
        *sizes.entry(l).or_default() += 1;
    }
    sizes.into_values().max().unwrap_or(0)
}

fn bench(people: usize, layout_name: &str, seeds: &[u64]) {
    println!("| data | F1 | P | R | true pairs compared | largest cluster predicted / true | time |");
    println!("|---|---|---|---|---|---|---|");
    for &seed in seeds {
        let set = generate(people, seed, layout(Some(layout_name)));
        let n = set.rows.len();
        let started = std::time::Instant::now();
        let config = infer_config(&set.headers, &set.rows, 0);
        let input = Input { headers: set.headers, rows: set.rows, file: vec![0; n], id_column: 0 };
        let linker =
            Linker::from_input(input, &config, Options { keep_values: false, ..Options::default() }, &NoProgress)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let result = linker.run(&[], &NoProgress).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
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
        let kind = if seed >= FIRST_HELD_OUT_SEED { "HELD OUT" } else { "tuning" };
        println!(
            "| registry {layout_name} seed {seed} ({kind}, {n} records, {} lists) | {:.4} | {:.4} | {:.4} | {:.3} | {} / {} | {:.2} s |",
            set.sources.len(),
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("bench") && args.len() >= 5 {
        let people: usize = args[2].parse().expect("PEOPLE is a number");
        let seeds: Vec<u64> = args[4..].iter().map(|s| s.parse().expect("SEED is a number")).collect();
        bench(people, &args[3], &seeds);
        return;
    }
    if !(5..=6).contains(&args.len()) {
        eprintln!("usage: synth_registry PEOPLE SEED OUT.csv TRUTH.csv [korean|english|stacked]");
        eprintln!("       synth_registry bench PEOPLE korean|english|stacked SEED...");
        std::process::exit(2);
    }
    let people: usize = args[1].parse().expect("PEOPLE is a number");
    let seed: u64 = args[2].parse().expect("SEED is a number");
    let set = generate(people, seed, layout(args.get(5).map(String::as_str)));
    let mut out = csv::Writer::from_path(&args[3]).expect("OUT.csv is writable");
    out.write_record(&set.headers).expect("write");
    for r in &set.rows {
        out.write_record(r).expect("write");
    }
    out.flush().expect("write");
    let mut truth = csv::Writer::from_path(&args[4]).expect("TRUTH.csv is writable");
    truth.write_record(["id", "person", "family"]).expect("write");
    for ((r, p), f) in set.rows.iter().zip(&set.person).zip(&set.family) {
        truth.write_record([r[0].as_str(), &p.to_string(), &f.to_string()]).expect("write");
    }
    truth.flush().expect("write");
    eprintln!("{} records, {} people, lists: {}", set.rows.len(), people, set.sources.join(", "));
}
