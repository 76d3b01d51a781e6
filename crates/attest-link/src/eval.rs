//! Pairwise precision, recall and F1 of clusters against true entities: every pair of records in
//! one output cluster is a predicted link; pairs lost to blocking count as misses. And the
//! exact-cluster F1 that `bench/score.py` also reports.

use std::collections::HashMap;

use serde::Serialize;

/// Scores.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PairwiseScores {
    /// True pairs.
    pub true_pairs: u64,
    /// Predicted pairs.
    pub predicted_pairs: u64,
    /// Correct predicted pairs.
    pub correct: u64,
    /// correct / predicted.
    pub precision: f64,
    /// correct / true.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

fn pairs_in(groups: impl Iterator<Item = u64>) -> u64 {
    groups.map(|n| n * n.saturating_sub(1) / 2).sum()
}

/// Scores `predicted` cluster labels against `truth` entity labels (same record order). With
/// `files`, only pairs across different files count (two-file linkage).
pub fn pairwise(predicted: &[usize], truth: &[String], files: Option<&[u8]>) -> PairwiseScores {
    let count = |key: &dyn Fn(usize) -> (String, u8)| -> u64 {
        let mut groups: HashMap<String, [u64; 2]> = HashMap::new();
        for i in 0..predicted.len() {
            let (k, f) = key(i);
            groups.entry(k).or_default()[f as usize] += 1;
        }
        match files {
            Some(_) => groups.values().map(|g| g[0] * g[1]).sum(),
            None => pairs_in(groups.values().map(|g| g[0] + g[1])),
        }
    };
    let file = |i: usize| files.map_or(0, |f| f[i]);
    let true_pairs = count(&|i| (truth[i].clone(), file(i)));
    let predicted_pairs = count(&|i| (predicted[i].to_string(), file(i)));
    let correct = count(&|i| (format!("{}\u{1f}{}", predicted[i], truth[i]), file(i)));
    let precision = if predicted_pairs > 0 { correct as f64 / predicted_pairs as f64 } else { 1.0 };
    let recall = if true_pairs > 0 { correct as f64 / true_pairs as f64 } else { 1.0 };
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    PairwiseScores { true_pairs, predicted_pairs, correct, precision, recall, f1 }
}

/// Exact-cluster F1 of `predicted` cluster labels against `truth` entity labels (same record
/// order), as `bench/score.py` counts it: precision is the share of predicted clusters that are
/// exactly a true cluster, recall the share of true clusters predicted exactly, singletons
/// included in both.
pub fn cluster_f1(predicted: &[usize], truth: &[String]) -> f64 {
    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for (i, (&l, t)) in predicted.iter().zip(truth).enumerate() {
        clusters.entry(l).or_default().push(i);
        *sizes.entry(t.as_str()).or_default() += 1;
    }
    // A predicted cluster is a true one when its members share one entity and that entity has
    // no other records.
    let exact = clusters
        .values()
        .filter(|m| m.iter().all(|&i| truth[i] == truth[m[0]]) && sizes[truth[m[0]].as_str()] == m.len())
        .count();
    let p = exact as f64 / clusters.len().max(1) as f64;
    let r = exact as f64 / sizes.len().max(1) as f64;
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

/// A record's non-empty cells as `header=value`, joined by ` | `: how the generators' examples
/// print a missed or false pair.
pub fn describe_row(headers: &[String], row: &[String]) -> String {
    headers
        .iter()
        .zip(row)
        .filter(|(_, v)| !v.is_empty())
        .map(|(h, v)| format!("{h}={v}"))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pairs_within_clusters() {
        let truth: Vec<String> = ["a", "a", "a", "b", "b"].iter().map(|s| s.to_string()).collect();
        // Predicted: {0,1}, {2}, {3,4}: 2 correct of 2 predicted, 4 true pairs.
        let s = pairwise(&[0, 0, 1, 2, 2], &truth, None);
        assert_eq!((s.true_pairs, s.predicted_pairs, s.correct), (4, 2, 2));
        assert!((s.recall - 0.5).abs() < 1e-12 && s.precision == 1.0);
        let s = pairwise(&[0, 0, 0, 0, 0], &truth, None);
        assert_eq!((s.predicted_pairs, s.correct), (10, 4));
    }

    #[test]
    fn cluster_f1_counts_clusters_that_are_exactly_a_true_one() {
        let truth: Vec<String> = ["a", "a", "a", "b", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert!((cluster_f1(&[0, 0, 0, 1, 1, 2], &truth) - 1.0).abs() < 1e-12);
        // {0,1} and {2} split a; {3,4} and {5} are exact: 2 of 4 predicted, 2 of 3 true.
        let f = cluster_f1(&[0, 0, 1, 2, 2, 3], &truth);
        let (p, r) = (2.0 / 4.0, 2.0 / 3.0);
        assert!((f - 2.0 * p * r / (p + r)).abs() < 1e-12, "{f}");
        // One cluster holding a and c is exact for neither.
        let f = cluster_f1(&[0, 0, 0, 1, 1, 0], &truth);
        let (p, r) = (1.0 / 2.0, 1.0 / 3.0);
        assert!((f - 2.0 * p * r / (p + r)).abs() < 1e-12, "{f}");
    }
}
