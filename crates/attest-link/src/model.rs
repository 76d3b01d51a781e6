//! The Fellegi-Sunter model: per field and level, m (the chance a true match shows that level)
//! and u (the chance a non-match does). u comes from random pairs of records (almost all
//! non-matches); m is estimated without labels by expectation-maximisation, once per blocking rule
//! on the pairs that rule found, ignoring the fields the rule forced to agree (as Splink does);
//! the prior is the share of matches among all pairs. Term-frequency adjustment (in the linker)
//! makes exact agreement on a common value (Kim, Lee, Park) weigh less than on a rare one.

use serde::Serialize;

use crate::compare::NULL;

/// A caution about a run, as facts: [`RunWarning::english`] says it in words. The engine keeps
/// both (`warnings` and `warning_facts` side by side) so that the command line and the API keep
/// their English sentences and a Korean page can say the same thing in Korean.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RunWarning {
    /// EM estimated that `estimated` of true matches have birth years three or more years apart
    /// in `column`; implausible, so the estimate was held to `held` (shares, 0-1).
    FarYearsHeld {
        /// The column.
        column: String,
        /// The estimated share.
        estimated: f64,
        /// The share it was held to.
        held: f64,
    },
    /// The estimated evidence of `column` (years, dates, numbers) rose as values moved apart;
    /// adjacent levels were pooled.
    LevelsPooled {
        /// The column.
        column: String,
    },
    /// Records have `links_per_record` links each, so clusters were allowed to merge across up
    /// to `share` (0-1) of compared pairs below the probability `below` (never across a
    /// decisive disagreement).
    WeakPairsAllowed {
        /// Links per record.
        links_per_record: f64,
        /// The share of compared pairs a merge may cross.
        share: f64,
        /// The probability those pairs are below.
        below: f64,
    },
}

impl RunWarning {
    /// The warning in English, as the command line prints it.
    pub fn english(&self) -> String {
        match self {
            Self::FarYearsHeld { column, estimated, held } => format!(
                "{column}: EM estimated {:.0} % of true matches with birth years 3+ apart; implausible, held to {:.0} %",
                estimated * 100.0,
                held * 100.0
            ),
            Self::LevelsPooled { column } => {
                format!("{column}: estimated evidence rose as values moved apart; adjacent levels pooled")
            }
            Self::WeakPairsAllowed { links_per_record, share, below } => format!(
                "records have {links_per_record:.1} links each: clusters were allowed to merge across up to {:.0} % of compared pairs below {below} (never across a decisive disagreement)",
                share * 100.0
            ),
        }
    }
}

/// Parameters of one level of one field.
#[derive(Debug, Clone, Serialize)]
pub struct LevelParams {
    /// What the level means.
    pub level: String,
    /// P(level | match).
    pub m: f64,
    /// P(level | non-match).
    pub u: f64,
    /// log2(m / u).
    pub weight: f64,
}

/// Parameters of one field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldParams {
    /// Column name.
    pub column: String,
    /// Its levels.
    pub levels: Vec<LevelParams>,
}

/// A fitted model.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Prior probability that a candidate pair is a match.
    pub lambda: f64,
    /// Fields.
    pub fields: Vec<FieldParams>,
    /// EM iterations used.
    pub iterations: usize,
    /// Estimates that were implausible and constrained, in words (English).
    pub warnings: Vec<String>,
    /// The same warnings as facts, one for each of `warnings`, so that a page can say them in
    /// its own language.
    pub warning_facts: Vec<RunWarning>,
    /// Workplace names learned to mean one site ([`crate::sites`]): such pairs compare at the
    /// workplace's "same place" level.
    pub site_mappings: Vec<crate::sites::SiteMapping>,
    /// The same mappings on the run's value numbers.
    #[serde(skip)]
    pub(crate) sites: crate::sites::SiteMap,
}

impl Model {
    /// Weight of a level of field `f` (0 for missing).
    pub fn weight(&self, f: usize, level: u8) -> f64 {
        if level == NULL { 0.0 } else { self.fields[f].levels.get(level as usize).map_or(0.0, |l| l.weight) }
    }

    /// Prior log-odds.
    pub fn prior(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }
}

/// Turns a total log2 score into a probability.
pub fn probability(score: f64) -> f64 {
    1.0 / (1.0 + (-score).exp2())
}

/// Level frequencies (smoothed) of comparison vectors, for u from random pairs.
pub fn level_frequencies(patterns: &[(Vec<u8>, u64)], counts: &[usize]) -> Vec<Vec<f64>> {
    let mut freq: Vec<Vec<f64>> = counts.iter().map(|&k| vec![0.5; k]).collect();
    for (p, n) in patterns {
        for (f, &l) in p.iter().enumerate() {
            if l != NULL {
                freq[f][l as usize] += *n as f64;
            }
        }
    }
    for row in freq.iter_mut() {
        let total: f64 = row.iter().sum();
        row.iter_mut().for_each(|v| *v /= total);
    }
    freq
}

/// Expectation-maximisation of m and the match share over unique comparison patterns, with u
/// fixed (from random pairs) and the fields in `excluded` ignored: they are the fields a blocking
/// rule forced to agree, whose agreement therefore says nothing here. Returns (m, lambda).
pub fn em_m(
    patterns: &[(Vec<u8>, u64)],
    counts: &[usize],
    u: &[Vec<f64>],
    excluded: &[bool],
) -> (Vec<Vec<f64>>, f64, usize) {
    let mut m: Vec<Vec<f64>> = counts
        .iter()
        .map(|&k| (0..k).map(|l| if l == 0 { 0.9 } else { 0.1 / (k - 1).max(1) as f64 }).collect())
        .collect();
    let mut lambda = 0.1f64;
    let mut iterations = 0;
    // Every (field, level) has one place in flat tables (`start[f] + level`), and each pattern
    // is the list of places of the levels it counts (not missing, not excluded), in field
    // order: the loop reads one table per pattern instead of testing every field and following
    // two pointers. The same terms are added in the same order, so the sums are the same.
    let start: Vec<usize> = counts.iter().scan(0, |at, &k| Some(std::mem::replace(at, *at + k))).collect();
    let places_total: usize = counts.iter().sum();
    let mut places: Vec<u32> = Vec::new();
    let mut spans: Vec<(std::ops::Range<usize>, f64)> = Vec::with_capacity(patterns.len());
    for (p, n) in patterns {
        let from = places.len();
        for (f, &l) in p.iter().enumerate() {
            if l != NULL && !excluded[f] {
                assert!((l as usize) < counts[f], "field {f}: level {l} of {} levels", counts[f]);
                places.push((start[f] + l as usize) as u32);
            }
        }
        spans.push((from..places.len(), *n as f64));
    }
    // Logarithms per field and level, once (u) and once an iteration (m), not per pattern: the
    // same values, so the same sums, at a fraction of the cost.
    let ln_u: Vec<f64> = u.iter().zip(counts).flat_map(|(row, &k)| row[..k].iter().map(|v| v.ln())).collect();
    let mut ln_m: Vec<f64> = vec![0.0; places_total];
    let mut m_acc: Vec<f64> = vec![0.0; places_total];
    for iter in 1..=200 {
        iterations = iter;
        for (logs, row) in ln_m.iter_mut().zip(m.iter().flatten()) {
            *logs = row.ln();
        }
        m_acc.iter_mut().for_each(|v| *v = 1e-6);
        let (mut match_mass, mut total) = (0.0, 0.0);
        let (ln_lambda, ln_rest) = (lambda.ln(), (1.0 - lambda).ln());
        for (span, n) in &spans {
            let n = *n;
            let (mut lm, mut lu) = (ln_lambda, ln_rest);
            for &i in &places[span.clone()] {
                lm += ln_m[i as usize];
                lu += ln_u[i as usize];
            }
            let g = 1.0 / (1.0 + (lu - lm).exp());
            match_mass += g * n;
            total += n;
            for &i in &places[span.clone()] {
                m_acc[i as usize] += g * n;
            }
        }
        let new_lambda = (match_mass / total.max(1.0)).clamp(1e-9, 1.0 - 1e-9);
        let mut change = (new_lambda - lambda).abs();
        for f in 0..counts.len() {
            if excluded[f] {
                continue;
            }
            let acc = &m_acc[start[f]..start[f] + counts[f]];
            let sm: f64 = acc.iter().sum();
            for l in 0..counts[f] {
                let nm = acc[l] / sm;
                change = change.max((nm - m[f][l]).abs());
                m[f][l] = nm;
            }
        }
        lambda = new_lambda;
        if change < 1e-7 {
            break;
        }
    }
    (m, lambda, iterations)
}

/// The share of matches among *all* pairs of records (not only candidates), for fixed m and u
/// estimated on random pairs: the prior that belongs with such u. Found as a fixed point: the
/// expected number of matches among the candidates (assuming none outside them) divided by the
/// number of all pairs.
///
/// Each step's sum runs on `pool`'s workers over fixed chunks of the patterns, added in chunk
/// order: the share is the same on any number of workers.
pub fn em_lambda_all_pairs(
    pool: &rayon::ThreadPool,
    patterns: &[(Vec<u8>, u64)],
    m: &[Vec<f64>],
    u: &[Vec<f64>],
    all_pairs: f64,
) -> f64 {
    use rayon::prelude::*;
    const CHUNK: usize = 512;
    let log_ratio: Vec<(f64, f64)> = patterns
        .iter()
        .map(|(p, n)| {
            let mut w = 0.0;
            for (f, &l) in p.iter().enumerate() {
                if l != NULL {
                    w += (m[f][l as usize] / u[f][l as usize]).ln();
                }
            }
            (w, *n as f64)
        })
        .collect();
    let candidates: f64 = log_ratio.iter().map(|x| x.1).sum();
    let mut lambda = (candidates * 0.1 / all_pairs.max(1.0)).clamp(1e-15, 0.5);
    for _ in 0..500 {
        let prior = (lambda / (1.0 - lambda)).ln();
        let partial: Vec<f64> = pool.install(|| {
            log_ratio
                .par_chunks(CHUNK)
                .map(|chunk| chunk.iter().map(|(w, n)| n / (1.0 + (-(w + prior)).exp())).sum::<f64>())
                .collect()
        });
        let expected: f64 = partial.iter().sum();
        let next = (expected / all_pairs.max(1.0)).clamp(1e-15, 0.5);
        if ((next - lambda) / lambda).abs() < 1e-9 {
            return next;
        }
        lambda = next;
    }
    lambda
}

/// Makes a field's evidence monotone: the match share m/u may not rise as its levels move further
/// apart (level 0 is the closest agreement). Adjacent levels that violate it are pooled (the
/// pool-adjacent-violators algorithm on m/u weighted by u) and m is rebuilt from the pooled
/// ratios. Returns whether anything changed.
pub fn make_monotone(m: &mut [f64], u: &[f64]) -> bool {
    // Blocks of (sum m, sum u, first level, last level).
    let mut blocks: Vec<(f64, f64, usize, usize)> = Vec::new();
    for l in 0..m.len() {
        blocks.push((m[l], u[l].max(1e-12), l, l));
        while blocks.len() > 1 {
            let k = blocks.len();
            let (m1, u1, _, _) = blocks[k - 2];
            let (m2, u2, _, e2) = blocks[k - 1];
            if m2 / u2 > m1 / u1 * (1.0 + 1e-9) {
                blocks.pop();
                let s1 = blocks[k - 2].2;
                blocks[k - 2] = (m1 + m2, u1 + u2, s1, e2);
            } else {
                break;
            }
        }
    }
    if blocks.len() == m.len() {
        return false;
    }
    for (bm, bu, s, e) in blocks {
        for l in s..=e {
            m[l] = bm / bu * u[l].max(1e-12);
        }
    }
    let total: f64 = m.iter().sum();
    m.iter_mut().for_each(|v| *v /= total.max(1e-12));
    true
}

/// Assembles a model from m, u and lambda.
pub fn assemble(
    m: &[Vec<f64>],
    u: &[Vec<f64>],
    lambda: f64,
    names: &[(String, Vec<String>)],
    iterations: usize,
) -> Model {
    let fields = m
        .iter()
        .enumerate()
        .map(|(f, mf)| FieldParams {
            column: names[f].0.clone(),
            levels: mf
                .iter()
                .enumerate()
                .map(|(l, &mv)| {
                    let uv = u[f][l].max(1e-12);
                    let mv = mv.max(1e-12);
                    LevelParams {
                        level: names[f].1.get(l).cloned().unwrap_or_default(),
                        m: mv,
                        u: uv,
                        weight: (mv / uv).log2(),
                    }
                })
                .collect(),
        })
        .collect();
    Model {
        lambda,
        fields,
        iterations,
        warnings: Vec::new(),
        warning_facts: Vec::new(),
        site_mappings: Vec::new(),
        sites: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns with their counts, then m and u by field and level.
    type Fixture = (Vec<(Vec<u8>, u64)>, Vec<Vec<f64>>, Vec<Vec<f64>>);

    /// Patterns of three fields with counts spread over several chunks of the sum.
    fn patterns() -> Fixture {
        let mut patterns = Vec::new();
        for i in 0..3000u64 {
            let levels = vec![(i % 3) as u8, ((i / 3) % 4) as u8, if i % 7 == 0 { NULL } else { ((i / 12) % 2) as u8 }];
            patterns.push((levels, 1 + (i * 7919) % 97));
        }
        let m = vec![vec![0.8, 0.15, 0.05], vec![0.7, 0.2, 0.07, 0.03], vec![0.9, 0.1]];
        let u = vec![vec![0.01, 0.09, 0.9], vec![0.02, 0.08, 0.3, 0.6], vec![0.05, 0.95]];
        (patterns, m, u)
    }

    #[test]
    fn the_share_of_matches_is_the_same_on_any_number_of_workers() {
        let (patterns, m, u) = patterns();
        let all_pairs = 5.0e7;
        let one = em_lambda_all_pairs(&crate::worker_pool(1).expect("pool"), &patterns, &m, &u, all_pairs);
        for threads in [2, 3, 8] {
            let many = em_lambda_all_pairs(&crate::worker_pool(threads).expect("pool"), &patterns, &m, &u, all_pairs);
            assert_eq!(one.to_bits(), many.to_bits(), "{threads} workers");
        }
        // And it is the fixed point it claims: the matches expected among the patterns at this
        // share, over all pairs, give the share back.
        let prior = (one / (1.0 - one)).ln();
        let expected: f64 = patterns
            .iter()
            .map(|(p, n)| {
                let w: f64 = p
                    .iter()
                    .enumerate()
                    .filter(|&(_, &l)| l != NULL)
                    .map(|(f, &l)| (m[f][l as usize] / u[f][l as usize]).ln())
                    .sum();
                *n as f64 / (1.0 + (-(w + prior)).exp())
            })
            .sum();
        assert!(((expected / all_pairs - one) / one).abs() < 1e-6, "{} against {one}", expected / all_pairs);
        assert!(one > 1e-15 && one < 0.5);
    }
}
