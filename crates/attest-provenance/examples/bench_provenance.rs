//! Precision and recall of family detection on the generated corpus, recall by kind of
//! derivation, and time.
//!
//! `cargo run --release -p attest-provenance --example bench_provenance -- [EVENTS] [SEED]`

use std::collections::HashMap;
use std::time::Instant;

use attest_provenance::{Thresholds, analyse, corpus};

fn main() {
    let events: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let seed: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(7);
    let labelled = corpus::generate(events, seed);
    let docs: Vec<_> = labelled.iter().map(|l| l.doc.clone()).collect();
    let started = Instant::now();
    let result = analyse(&docs, &Thresholds::default());
    let secs = started.elapsed().as_secs_f64();
    let mut family_of: HashMap<&str, usize> = HashMap::new();
    for (i, f) in result.families.iter().enumerate() {
        for m in &f.members {
            family_of.insert(m.source_id.as_str(), i + 1);
        }
    }
    let predicted = |id: &str| family_of.get(id).copied();
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    let mut by_kind: HashMap<&str, (u64, u64)> = HashMap::new();
    for i in 0..labelled.len() {
        for j in i + 1..labelled.len() {
            let truth = labelled[i].family == labelled[j].family;
            let (pi, pj) = (predicted(&labelled[i].doc.id), predicted(&labelled[j].doc.id));
            let pred = pi.is_some() && pi == pj;
            match (truth, pred) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
            if truth && labelled[i].kind == "original" {
                let e = by_kind.entry(labelled[j].kind).or_default();
                e.0 += u64::from(pred);
                e.1 += 1;
            }
        }
    }
    let (p, r) = (tp as f64 / (tp + fp).max(1) as f64, tp as f64 / (tp + fn_).max(1) as f64);
    println!(
        "{} documents ({events} events): pairwise P {p:.4} R {r:.4} F1 {:.4}; {} families, {} independent; {} pairs compared; {secs:.3} s",
        docs.len(),
        2.0 * p * r / (p + r),
        result.families.len(),
        result.independent.len(),
        result.pairs_compared
    );
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort();
    for (kind, (found, total)) in kinds {
        println!("  {kind:<12} joined to its original: {found}/{total}");
    }
    let independent_joined =
        labelled.iter().filter(|l| l.kind == "independent" && family_of.contains_key(l.doc.id.as_str())).count();
    println!("  independent reports wrongly joined to a family: {independent_joined}");
}
