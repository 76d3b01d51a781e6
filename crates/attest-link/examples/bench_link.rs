//! Accuracy and speed of linkage on the FEBRL benchmark files (zero configuration).
//!
//! `cargo run --release -p attest-link --example bench_link -- DATA_DIR`
//! DATA_DIR holds febrl_dataset3.csv, febrl_dataset4a.csv and febrl_dataset4b.csv.

use std::time::Instant;

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

/// FEBRL truth: `rec-N-org` and `rec-N-dup-k` are person N.
fn entity(id: &str) -> String {
    id.split('-').nth(1).unwrap_or(id).to_string()
}

fn korean(people: usize, seed: u64) {
    let records = attest_link::synth::generate(people, seed, 0.05);
    let headers: Vec<String> = attest_link::synth::HEADERS.iter().map(|s| s.to_string()).collect();
    let truth: Vec<String> = records.iter().map(|r| r.person.to_string()).collect();
    let rows: Vec<Vec<String>> = records.into_iter().map(|r| r.values).collect();
    let n = rows.len();
    let input = Input { file: vec![0; n], rows, headers, id_column: 0 };
    let config = infer_config(&input.headers, &input.rows, 0);
    if std::env::var("DEBUG").is_ok() {
        eprintln!("{config:#?}");
    }
    for korean in [true, false] {
        let mut c = config.clone();
        if !korean {
            c.columns.iter_mut().for_each(|col| col.korean = false);
        }
        let started = Instant::now();
        let linker = Linker::new(&input, &c, Options::default(), &NoProgress).expect("config");
        let result = linker.run(&[], &NoProgress).expect("run");
        let s = eval::pairwise(&result.labels, &truth, None);
        println!(
            "Korean synthetic ({people} people, {n} records), {} comparators: P {:.4} R {:.4} F1 {:.4}; {} candidate pairs; {:.2} s",
            if korean { "Korean-aware" } else { "plain string" },
            s.precision,
            s.recall,
            s.f1,
            result.summary.candidate_pairs,
            started.elapsed().as_secs_f64()
        );
    }
}

fn main() {
    if let Some(people) = std::env::var("KOREAN_PEOPLE").ok().and_then(|v| v.parse().ok()) {
        korean(people, 11);
        return;
    }
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/data/linkage".into()));
    let (headers, rows) = read(&dir.join("febrl_dataset3.csv"));
    let started = Instant::now();
    let config = infer_config(&headers, &rows, 0);
    let input = Input { file: vec![0; rows.len()], rows, headers, id_column: 0 };
    let linker = Linker::new(&input, &config, Options::default(), &NoProgress).expect("config");
    let result = linker.run(&[], &NoProgress).expect("run");
    let secs = started.elapsed().as_secs_f64();
    if std::env::var("DEBUG").is_ok() {
        eprintln!("{config:#?}");
        eprintln!("{:#?}", result.model);
        eprintln!("{:?}", &result.pairs[..5]);
    }
    let truth: Vec<String> = linker.ids().iter().map(|id| entity(id)).collect();
    let s = eval::pairwise(&result.labels, &truth, None);
    println!(
        "FEBRL3 dedupe: {} records, {} candidate pairs, {} clusters; P {:.4} R {:.4} F1 {:.4}; {:.2} s; lambda {:.4}",
        result.summary.records,
        result.summary.candidate_pairs,
        result.summary.clusters,
        s.precision,
        s.recall,
        s.f1,
        secs,
        result.model.lambda
    );

    let (headers, rows_a) = read(&dir.join("febrl_dataset4a.csv"));
    let (_, rows_b) = read(&dir.join("febrl_dataset4b.csv"));
    let started = Instant::now();
    let mut rows = rows_a.clone();
    rows.extend(rows_b.iter().cloned());
    let file: Vec<u8> = std::iter::repeat_n(0, rows_a.len()).chain(std::iter::repeat_n(1, rows_b.len())).collect();
    let config = infer_config(&headers, &rows, 0);
    let input = Input { file: file.clone(), rows, headers, id_column: 0 };
    let linker = Linker::new(&input, &config, Options::default(), &NoProgress).expect("config");
    let result = linker.run(&[], &NoProgress).expect("run");
    let secs = started.elapsed().as_secs_f64();
    let truth: Vec<String> = linker.ids().iter().map(|id| entity(id)).collect();
    let s = eval::pairwise(&result.labels, &truth, Some(&file));
    println!(
        "FEBRL4 link: {} records, {} candidate pairs; P {:.4} R {:.4} F1 {:.4}; {:.2} s",
        result.summary.records, result.summary.candidate_pairs, s.precision, s.recall, s.f1, secs
    );
    korean(5_000, 11);
}
