//! Provenance at scale.
//!
//! - `provenance_scale write EVENTS SEED FILE`: writes the generated corpus (~5 KB articles, with
//!   translated passages) as TSV `id<TAB>family<TAB>kind<TAB>text`, the input of both sides of
//!   `bench/provenance_side_by_side.sh`.
//! - `provenance_scale run FILE OUT`: the whole process on a written corpus: read, profile,
//!   families; writes `id,cluster` to OUT and prints the time and peak memory.
//! - `provenance_scale stream EVENTS SEED`: generates documents and profiles them as they come
//!   (the texts are never all held), then finds families; prints time, peak memory and pairwise
//!   precision and recall. For the 1,000,000-document run.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::time::Instant;

use attest_provenance::corpus::{Labelled, Options, generate_with};
use attest_provenance::{Analyser, Provenance, Sampling, Thresholds, profile_all};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Pairwise precision and recall from predicted clusters against true families.
fn score(truth: &[usize], predicted: &[usize]) -> (f64, f64) {
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut both: HashMap<(usize, usize), u64> = HashMap::new();
    let mut t: HashMap<usize, u64> = HashMap::new();
    let mut p: HashMap<usize, u64> = HashMap::new();
    for (&a, &b) in truth.iter().zip(predicted) {
        *both.entry((a, b)).or_default() += 1;
        *t.entry(a).or_default() += 1;
        *p.entry(b).or_default() += 1;
    }
    let tp: u64 = both.values().map(|&n| pairs(n)).sum();
    let tp_fp: u64 = p.values().map(|&n| pairs(n)).sum();
    let tp_fn: u64 = t.values().map(|&n| pairs(n)).sum();
    (tp as f64 / tp_fp.max(1) as f64, tp as f64 / tp_fn.max(1) as f64)
}

/// Cluster number per document in `ids` order (independent documents get their own).
fn clusters(result: &Provenance, ids: &[String]) -> Vec<usize> {
    let mut of: HashMap<&str, usize> = HashMap::new();
    for (i, f) in result.families.iter().enumerate() {
        for m in &f.members {
            of.insert(m.source_id.as_str(), i);
        }
    }
    let base = result.families.len();
    ids.iter().enumerate().map(|(i, id)| of.get(id.as_str()).copied().unwrap_or(base + i)).collect()
}

fn recall_by_kind(kinds: &[&str], truth: &[usize], predicted: &[usize]) {
    // For each derived document: is it in the same predicted cluster as its family's original?
    let mut original_cluster: HashMap<usize, usize> = HashMap::new();
    for i in 0..kinds.len() {
        if kinds[i] == "original" {
            original_cluster.insert(truth[i], predicted[i]);
        }
    }
    let mut by: std::collections::BTreeMap<&str, (u64, u64)> = Default::default();
    for i in 0..kinds.len() {
        if kinds[i] != "original" && kinds[i] != "independent" {
            let e = by.entry(kinds[i]).or_default();
            e.0 += u64::from(original_cluster.get(&truth[i]) == Some(&predicted[i]));
            e.1 += 1;
        }
    }
    for (k, (found, total)) in by {
        println!("  {k:<12} joined to its original: {found}/{total}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    match arg(0).as_str() {
        "write" => {
            let (events, seed): (usize, u64) = (arg(1).parse().unwrap_or(12_500), arg(2).parse().unwrap_or(7));
            let file = std::fs::File::create(arg(3)).expect("output file");
            let mut w = BufWriter::new(file);
            let mut n = 0;
            let mut bytes = 0;
            let o = Options { events, seed, min_chars: 5_000, translations: true };
            generate_with(&o, |l| {
                n += 1;
                bytes += l.doc.text.len();
                writeln!(w, "{}\t{}\t{}\t{}", l.doc.id, l.family, l.kind, l.doc.text.replace(['\t', '\n'], " "))
                    .expect("write");
            });
            w.flush().expect("flush");
            println!("{n} documents, {:.1} MB of text, mean {} bytes", bytes as f64 / 1e6, bytes / n.max(1));
        }
        "run" => {
            let started = Instant::now();
            let data = std::fs::read_to_string(arg(1)).expect("corpus file");
            let mut ids = Vec::new();
            let mut texts: Vec<&str> = Vec::new();
            let mut truth = Vec::new();
            let mut kinds: Vec<String> = Vec::new();
            for line in data.lines() {
                let mut parts = line.splitn(4, '\t');
                let (id, fam, kind, text) = (parts.next(), parts.next(), parts.next(), parts.next());
                ids.push(id.unwrap_or_default().to_string());
                truth.push(fam.and_then(|f| f.parse::<usize>().ok()).unwrap_or(usize::MAX));
                kinds.push(kind.unwrap_or_default().to_string());
                texts.push(text.unwrap_or_default());
            }
            let read = started.elapsed().as_secs_f64();
            let profiles = profile_all(&texts, Sampling::for_corpus(texts.len()));
            drop(texts);
            drop(data);
            let profiled = started.elapsed().as_secs_f64();
            let mut a = Analyser::default();
            for (id, p) in ids.iter().zip(profiles) {
                a.push(id.clone(), None, p);
            }
            let result = a.finish(&Thresholds::default());
            let secs = started.elapsed().as_secs_f64();
            let predicted = clusters(&result, &ids);
            let mut out = BufWriter::new(std::fs::File::create(arg(2)).expect("output file"));
            writeln!(out, "id,cluster").expect("write");
            for (id, c) in ids.iter().zip(&predicted) {
                writeln!(out, "{id},{c}").expect("write");
            }
            out.flush().expect("flush");
            let (p, r) = score(&truth, &predicted);
            println!(
                "attest: {} documents in {secs:.2} s (read {read:.2} s, profile {:.2} s, families {:.2} s); peak {:.0} MB; {} pairs compared; pairwise P {p:.4} R {r:.4}",
                ids.len(),
                profiled - read,
                secs - profiled,
                peak_rss_mb(),
                result.pairs_compared
            );
            let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
            recall_by_kind(&kinds, &truth, &predicted);
        }
        "stream" => {
            let (events, seed): (usize, u64) = (arg(1).parse().unwrap_or(125_000), arg(2).parse().unwrap_or(7));
            let started = Instant::now();
            let mut a = Analyser::default();
            let mut truth = Vec::new();
            let mut kinds: Vec<&'static str> = Vec::new();
            let mut batch: Vec<Labelled> = Vec::new();
            let mut bytes = 0usize;
            let flush = |batch: &mut Vec<Labelled>, a: &mut Analyser| {
                let texts: Vec<&str> = batch.iter().map(|l| l.doc.text.as_str()).collect();
                for (l, p) in batch.iter().zip(profile_all(&texts, Sampling::for_corpus(events * 9))) {
                    a.push(l.doc.id.clone(), None, p);
                }
                batch.clear();
            };
            let o = Options { events, seed, min_chars: 5_000, translations: true };
            generate_with(&o, |l| {
                truth.push(l.family);
                kinds.push(l.kind);
                bytes += l.doc.text.len();
                batch.push(l);
                if batch.len() == 20_000 {
                    flush(&mut batch, &mut a);
                }
            });
            flush(&mut batch, &mut a);
            let ids: Vec<String> = (1..=truth.len()).map(|i| format!("doc{i:05}")).collect();
            let profiled = started.elapsed().as_secs_f64();
            let result = a.finish(&Thresholds::default());
            let secs = started.elapsed().as_secs_f64();
            let predicted = clusters(&result, &ids);
            let (p, r) = score(&truth, &predicted);
            println!(
                "attest stream: {} documents ({:.2} GB of text) in {secs:.1} s (generate+profile {profiled:.1} s, families {:.1} s); peak {:.0} MB; {} pairs compared; pairwise P {p:.4} R {r:.4}",
                ids.len(),
                bytes as f64 / 1e9,
                secs - profiled,
                peak_rss_mb(),
                result.pairs_compared
            );
            recall_by_kind(&kinds, &truth, &predicted);
        }
        _ => eprintln!("usage: provenance_scale write EVENTS SEED FILE | run FILE OUT | stream EVENTS SEED"),
    }
}
