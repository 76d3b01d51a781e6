//! Bayesian model averaging over decomposable graphical models (Madigan & York 1997), as in R's
//! `dga` package (`bma.cr`).
//!
//! Each decomposable graph on the lists is a log-linear model whose generators are the graph's
//! cliques. With a hyper-Dirichlet prior (`delta` prior counts per cell of the full table), the
//! marginal likelihood of the complete table factorises over cliques and separators, so for every
//! graph and every candidate number of unobserved individuals the posterior weight has a closed
//! form. The posterior of N averages over graphs with a uniform prior on graphs and, by default,
//! a 1/N prior on N.

use attest_domain::UnionFind;
use serde::Serialize;

use crate::stats::{discrete_quantile, lgamma};
use crate::table::CaptureTable;

/// A decomposable graph: its maximal cliques and the non-empty separators of a junction tree.
#[derive(Debug, Clone)]
pub struct DecomposableGraph {
    /// Cliques as bit masks over lists.
    pub cliques: Vec<usize>,
    /// Separators as bit masks (non-empty ones only).
    pub separators: Vec<usize>,
    /// Number of lists.
    pub lists: usize,
}

impl DecomposableGraph {
    /// The log-linear name of the graph's model, e.g. `[12,34]`.
    pub fn name(&self) -> String {
        let label = |m: usize| -> String {
            (0..self.lists).filter(|i| m & (1 << i) != 0).map(crate::loglinear::list_digit).collect()
        };
        let mut names: Vec<(u32, String)> = self.cliques.iter().map(|&c| (c.count_ones(), label(c))).collect();
        names.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        format!("[{}]", names.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join(","))
    }
}

/// Every decomposable (chordal) graph on `lists` vertices: 8 for 3 lists, 61 for 4, 822 for 5.
pub fn decomposable_graphs(lists: usize) -> Vec<DecomposableGraph> {
    let pairs: Vec<(usize, usize)> = (0..lists).flat_map(|i| (i + 1..lists).map(move |j| (i, j))).collect();
    let mut out = Vec::new();
    for edges in 0u64..(1u64 << pairs.len()) {
        let mut adj = vec![0usize; lists];
        for (k, &(i, j)) in pairs.iter().enumerate() {
            if edges & (1 << k) != 0 {
                adj[i] |= 1 << j;
                adj[j] |= 1 << i;
            }
        }
        if !is_chordal(&adj) {
            continue;
        }
        let is_clique = |m: usize| (0..lists).filter(|v| m & (1 << v) != 0).all(|v| adj[v] & m == m & !(1 << v));
        let cliques_all: Vec<usize> = (1..(1usize << lists)).filter(|&m| is_clique(m)).collect();
        let cliques: Vec<usize> =
            cliques_all.iter().copied().filter(|&c| !cliques_all.iter().any(|&d| d != c && d & c == c)).collect();
        out.push(DecomposableGraph { separators: junction_separators(&cliques), cliques, lists });
    }
    out
}

fn is_chordal(adj: &[usize]) -> bool {
    // Repeatedly remove a simplicial vertex (one whose remaining neighbours form a clique).
    let n = adj.len();
    let mut alive: usize = (1 << n) - 1;
    while alive != 0 {
        let simplicial = (0..n).filter(|v| alive & (1 << v) != 0).find(|&v| {
            let nb = adj[v] & alive;
            (0..n).filter(|u| nb & (1 << u) != 0).all(|u| adj[u] & nb == nb & !(1 << u))
        });
        match simplicial {
            Some(v) => alive &= !(1 << v),
            None => return false,
        }
    }
    true
}

/// Separators of a junction tree: a maximum-weight spanning tree of the clique graph, weighted by
/// intersection size (Kruskal). Empty intersections join components and are not separators.
fn junction_separators(cliques: &[usize]) -> Vec<usize> {
    let mut edges: Vec<(u32, usize, usize)> = Vec::new();
    for i in 0..cliques.len() {
        for j in i + 1..cliques.len() {
            edges.push(((cliques[i] & cliques[j]).count_ones(), i, j));
        }
    }
    edges.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut forest = UnionFind::new(cliques.len());
    let mut seps = Vec::new();
    for (w, i, j) in edges {
        if forest.union(i, j) && w > 0 {
            seps.push(cliques[i] & cliques[j]);
        }
    }
    seps
}

/// Posterior probability of one graph.
#[derive(Debug, Clone, Serialize)]
pub struct GraphWeight {
    /// The graph's model name.
    pub model: String,
    /// Posterior probability.
    pub weight: f64,
    /// Posterior median of N under this graph alone.
    pub median: f64,
}

/// Result of the model averaging.
#[derive(Debug, Clone, Serialize)]
pub struct DgaResult {
    /// Prior counts per cell.
    pub delta: f64,
    /// Largest number of unobserved individuals considered.
    pub max_missing: u64,
    /// Posterior median of N.
    pub median: f64,
    /// 2.5 % quantile.
    pub ci_low: f64,
    /// 97.5 % quantile.
    pub ci_high: f64,
    /// Posterior mean.
    pub mean: f64,
    /// Number of graphs averaged over.
    pub graphs: usize,
    /// The most probable graphs, best first.
    pub top_models: Vec<GraphWeight>,
    /// Posterior probability of N, for N = observed + 0..=max_missing.
    #[serde(skip)]
    pub posterior: Vec<f64>,
    /// Probability mass at the largest N considered (a warning sign when not tiny).
    pub mass_at_upper_limit: f64,
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Most unobserved individuals dga weighs (one value of N at a time, for every clique of every
/// graph): beyond this the tables no longer fit in memory.
pub const MAX_MISSING: u64 = 1_000_000;

/// Bayesian model averaging over all decomposable graphs.
pub fn bma(table: &CaptureTable, delta: f64, max_missing: u64) -> DgaResult {
    let lists = table.list_count();
    let n = table.observed() as f64;
    let cells = table.counts.len();
    let total_alpha = delta * cells as f64;
    let missing: Vec<f64> = (0..=max_missing).map(|m| m as f64).collect();
    // comp[A][k]: sum over the cells of A's marginal table of lgamma(n + a) - lgamma(a), with the
    // all-zero cell holding k more (the unobserved), plus the Dirichlet normaliser.
    let norm: Vec<f64> = missing.iter().map(|k| lgamma(total_alpha) - lgamma(k + n + total_alpha)).collect();
    let mut comp: Vec<Vec<f64>> = vec![Vec::new(); cells];
    for (a, slot) in comp.iter_mut().enumerate().skip(1) {
        let alpha = delta * (1u64 << (lists - a.count_ones() as usize)) as f64;
        let mut marginal = std::collections::HashMap::<usize, f64>::new();
        for (p, &c) in table.counts.iter().enumerate() {
            *marginal.entry(p & a).or_default() += c as f64;
        }
        let zero = marginal.remove(&0).unwrap_or(0.0);
        let cells_a = 1usize << a.count_ones();
        let fixed: f64 = marginal.values().map(|&c| lgamma(c + alpha) - lgamma(alpha)).sum::<f64>()
            + (cells_a - 1 - marginal.len()) as f64 * 0.0;
        *slot =
            missing.iter().zip(&norm).map(|(k, nm)| fixed + lgamma(zero + k + alpha) - lgamma(alpha) + nm).collect();
    }
    let log_y_fact: f64 = table.counts.iter().skip(1).map(|&c| lgamma(c as f64 + 1.0)).sum();
    let extra: Vec<f64> =
        missing.iter().map(|k| lgamma(k + n + 1.0) - log_y_fact - lgamma(k + 1.0) - (k + n).ln()).collect();

    let graphs = decomposable_graphs(lists);
    let mut post = vec![f64::NEG_INFINITY; missing.len()];
    let values: Vec<f64> = missing.iter().map(|k| k + n).collect();
    // Per graph: name, log total weight, median under the graph alone.
    let mut per_graph: Vec<(String, f64, f64)> = Vec::with_capacity(graphs.len());
    for g in &graphs {
        let mut w = extra.clone();
        for &c in &g.cliques {
            for (wi, ci) in w.iter_mut().zip(&comp[c]) {
                *wi += ci;
            }
        }
        for &s in &g.separators {
            for (wi, si) in w.iter_mut().zip(&comp[s]) {
                *wi -= si;
            }
        }
        let mut total = f64::NEG_INFINITY;
        for (pi, wi) in post.iter_mut().zip(&w) {
            *pi = log_add(*pi, *wi);
            total = log_add(total, *wi);
        }
        let pw: Vec<f64> = w.iter().map(|v| (v - total).exp()).collect();
        per_graph.push((g.name(), total, discrete_quantile(&values, &pw, 0.5)));
    }
    let grand = post.iter().fold(f64::NEG_INFINITY, |acc, &v| log_add(acc, v));
    let probs: Vec<f64> = post.iter().map(|v| (v - grand).exp()).collect();
    let mut top: Vec<GraphWeight> = per_graph
        .iter()
        .map(|(name, total, median)| GraphWeight {
            model: name.clone(),
            weight: (total - grand).exp(),
            median: *median,
        })
        .collect();
    top.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    top.truncate(10);
    DgaResult {
        delta,
        max_missing,
        median: discrete_quantile(&values, &probs, 0.5),
        ci_low: discrete_quantile(&values, &probs, 0.025),
        ci_high: discrete_quantile(&values, &probs, 0.975),
        mean: values.iter().zip(&probs).map(|(v, p)| v * p).sum(),
        graphs: graphs.len(),
        top_models: top,
        mass_at_upper_limit: probs.last().copied().unwrap_or(0.0),
        posterior: probs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_counts_match_dga() {
        assert_eq!(decomposable_graphs(3).len(), 8);
        assert_eq!(decomposable_graphs(4).len(), 61);
        assert_eq!(decomposable_graphs(5).len(), 822);
    }

    #[test]
    fn separators_of_a_path() {
        // 1-2-3: cliques {1,2}, {2,3}, separator {2}.
        let g = decomposable_graphs(3).into_iter().find(|g| g.name() == "[12,23]").unwrap();
        assert_eq!(g.separators, vec![0b010]);
    }
}
