//! The Fellegi-Sunter model: per field and level, m (the chance a true match shows that level)
//! and u (the chance a non-match does), estimated without labels by expectation-maximisation over
//! the candidate pairs, with u started from random pairs. Term-frequency adjustment makes exact
//! agreement on a common value (Kim, Lee, Park) weigh less than on a rare one.

use serde::Serialize;

use crate::compare::NULL;

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

/// Expectation-maximisation over unique comparison patterns with their counts.
pub fn fit(
    patterns: &[(Vec<u8>, u64)],
    counts: &[usize],
    names: &[(String, Vec<String>)],
    u_start: &[Vec<f64>],
) -> Model {
    let fields = counts.len();
    let mut m: Vec<Vec<f64>> = counts
        .iter()
        .map(|&k| {
            let mut v: Vec<f64> = (0..k).map(|l| if l == 0 { 0.9 } else { 0.1 / (k - 1).max(1) as f64 }).collect();
            if k == 1 {
                v[0] = 1.0;
            }
            v
        })
        .collect();
    let mut u = u_start.to_vec();
    let mut lambda = 0.05f64;
    let mut iterations = 0;
    for iter in 1..=100 {
        iterations = iter;
        let mut m_acc: Vec<Vec<f64>> = counts.iter().map(|&k| vec![1e-3; k]).collect();
        let mut u_acc: Vec<Vec<f64>> = counts.iter().map(|&k| vec![1e-3; k]).collect();
        let (mut match_mass, mut total) = (0.0, 0.0);
        for (p, n) in patterns {
            let n = *n as f64;
            let (mut lm, mut lu) = (lambda.ln(), (1.0 - lambda).ln());
            for (f, &l) in p.iter().enumerate() {
                if l != NULL {
                    lm += m[f][l as usize].ln();
                    lu += u[f][l as usize].ln();
                }
            }
            let g = 1.0 / (1.0 + (lu - lm).exp());
            match_mass += g * n;
            total += n;
            for (f, &l) in p.iter().enumerate() {
                if l != NULL {
                    m_acc[f][l as usize] += g * n;
                    u_acc[f][l as usize] += (1.0 - g) * n;
                }
            }
        }
        let new_lambda = (match_mass / total).clamp(1e-9, 1.0 - 1e-9);
        let mut change = (new_lambda - lambda).abs();
        for f in 0..fields {
            let (sm, su): (f64, f64) = (m_acc[f].iter().sum(), u_acc[f].iter().sum());
            for l in 0..counts[f] {
                let (nm, nu) = (m_acc[f][l] / sm, u_acc[f][l] / su);
                change = change.max((nm - m[f][l]).abs()).max((nu - u[f][l]).abs());
                m[f][l] = nm;
                u[f][l] = nu;
            }
        }
        lambda = new_lambda;
        if change < 1e-6 {
            break;
        }
    }
    let fields = (0..fields)
        .map(|f| FieldParams {
            column: names[f].0.clone(),
            levels: (0..counts[f])
                .map(|l| LevelParams {
                    level: names[f].1.get(l).cloned().unwrap_or_default(),
                    m: m[f][l],
                    u: u[f][l],
                    weight: (m[f][l] / u[f][l]).log2(),
                })
                .collect(),
        })
        .collect();
    Model { lambda, fields, iterations }
}
