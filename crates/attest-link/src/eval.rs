//! Pairwise precision, recall and F1 of clusters against true entities: every pair of records in
//! one output cluster is a predicted link; pairs lost to blocking count as misses.

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
}
