//! The Bayesian non-parametric latent-class model for capture-recapture (LCMCR; Manrique-Vallier
//! 2016), as in R's `LCMCR` package.
//!
//! Individuals belong to latent classes (a stick-breaking Dirichlet-process prior truncated at K
//! classes, concentration alpha ~ Gamma(a, b)); within a class, lists capture independently with
//! probabilities lambda ~ Beta(1, 1). Heterogeneity in capture is thus modelled rather than
//! assumed away. The prior on N is proportional to 1/N. A Gibbs sampler augments the data with the
//! unobserved individuals: given the other parameters their number is negative binomial.
//!
//! Observed individuals are handled by inclusion pattern: the allocation of a pattern's n_c
//! individuals to classes is one multinomial draw, which is the same as drawing each individual's
//! class and far cheaper when thousands share a pattern.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Binomial, Distribution, Gamma, Poisson};
use serde::Serialize;

use crate::stats::{effective_sample_size, sample_quantile};
use crate::table::CaptureTable;

/// Sampler settings.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LcmcrOptions {
    /// Truncation of the stick-breaking prior (number of latent classes).
    pub classes: usize,
    /// Shape of the Gamma prior on alpha.
    pub a_alpha: f64,
    /// Rate of the Gamma prior on alpha.
    pub b_alpha: f64,
    /// Iterations discarded before sampling.
    pub burn_in: u64,
    /// Keep one draw every `thin` iterations.
    pub thin: u64,
    /// Number of draws kept.
    pub samples: u64,
    /// Random seed.
    pub seed: u64,
}

impl Default for LcmcrOptions {
    /// The settings of the reference Kosovo run: K = 10, a = b = 0.25, 100,000 burn-in,
    /// 10,000 draws thinned by 100 (1.1 million iterations).
    fn default() -> Self {
        LcmcrOptions {
            classes: 10,
            a_alpha: 0.25,
            b_alpha: 0.25,
            burn_in: 100_000,
            thin: 100,
            samples: 10_000,
            seed: 1,
        }
    }
}

/// Posterior summary.
#[derive(Debug, Clone, Serialize)]
pub struct LcmcrResult {
    /// Settings used.
    pub options: LcmcrOptions,
    /// Total iterations run.
    pub iterations: u64,
    /// Posterior median of N.
    pub median: f64,
    /// 2.5 % quantile.
    pub ci_low: f64,
    /// 97.5 % quantile.
    pub ci_high: f64,
    /// Posterior mean.
    pub mean: f64,
    /// Effective sample size of the kept draws of N.
    pub ess: f64,
    /// Geweke's z comparing the first 10 % and last 50 % of the draws.
    pub geweke_z: f64,
    /// The kept draws of N, in order.
    #[serde(skip)]
    pub draws: Vec<f64>,
}

struct Pattern {
    bits: usize,
    count: u64,
}

/// Draws `n` into `out.len()` cells with probabilities proportional to `w`. Few individuals: one
/// categorical draw each. Many: sequential binomials, taken in `order` (classes by decreasing prior
/// weight), which is exact in any order and lets the count left run out after the classes that
/// matter, so the rest cost nothing.
fn multinomial(rng: &mut Xoshiro256PlusPlus, n: u64, w: &[f64], out: &mut [u64], order: &[usize]) {
    out.iter_mut().for_each(|o| *o = 0);
    let mass: f64 = w.iter().sum();
    if mass <= 0.0 || n == 0 {
        return;
    }
    if n <= 12 {
        for _ in 0..n {
            let mut u = rng.random::<f64>() * mass;
            let mut chosen = order[order.len() - 1];
            for &k in order {
                u -= w[k];
                if u < 0.0 {
                    chosen = k;
                    break;
                }
            }
            out[chosen] += 1;
        }
        return;
    }
    let mut left = n;
    let mut mass = mass;
    for (rank, &k) in order.iter().enumerate() {
        if left == 0 || mass <= 0.0 {
            break;
        }
        let p = (w[k] / mass).clamp(0.0, 1.0);
        let draw = if rank + 1 == order.len() || p >= 1.0 {
            left
        } else if p <= 0.0 {
            0
        } else {
            Binomial::new(left, p).map(|b| b.sample(rng)).unwrap_or(0)
        };
        out[k] = draw;
        left -= draw;
        mass -= w[k];
    }
}

/// Beta(a, b) for a, b >= 1 as a ratio of Gamma draws (Marsaglia-Tsang), cheaper here than a
/// general Beta sampler because every shape is at least 1.
fn beta(rng: &mut Xoshiro256PlusPlus, a: f64, b: f64) -> f64 {
    let x = Gamma::new(a, 1.0).map(|g| g.sample(rng)).unwrap_or(a);
    let y = Gamma::new(b, 1.0).map(|g| g.sample(rng)).unwrap_or(b);
    if x + y > 0.0 { x / (x + y) } else { 0.5 }
}

/// Runs the Gibbs sampler.
pub fn lcmcr(table: &CaptureTable, options: LcmcrOptions) -> LcmcrResult {
    let lists = table.list_count();
    let k_max = options.classes.max(1);
    let n: u64 = table.observed();
    let patterns: Vec<Pattern> = table
        .counts
        .iter()
        .enumerate()
        .filter(|(p, c)| *p > 0 && **c > 0)
        .map(|(p, &c)| Pattern { bits: p, count: c })
        .collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed);

    // State.
    let mut lambda = vec![0.0f64; lists * k_max]; // lambda[j * K + k]
    for l in lambda.iter_mut() {
        *l = beta(&mut rng, 1.0, 1.0);
    }
    let mut alpha = 1.0f64;
    let mut pi = vec![1.0 / k_max as f64; k_max];
    let mut n0: u64 = n;

    let mut weights = vec![0.0f64; k_max];
    let mut alloc = vec![0u64; k_max];
    let mut class_size = vec![0u64; k_max];
    let mut class_hits = vec![0u64; lists * k_max];
    let mut miss_prob = vec![0.0f64; k_max];
    let mut order = vec![0usize; k_max];

    let total = options.burn_in + options.thin.max(1) * options.samples;
    let mut draws = Vec::with_capacity(options.samples as usize);
    for iter in 1..=total {
        // Classes by decreasing prior weight, for the multinomial draws below.
        for (i, o) in order.iter_mut().enumerate() {
            *o = i;
        }
        order.sort_unstable_by(|&a, &b| pi[b].total_cmp(&pi[a]));
        // 1. Allocate observed individuals, pattern by pattern.
        class_size.iter_mut().for_each(|v| *v = 0);
        class_hits.iter_mut().for_each(|v| *v = 0);
        for pat in &patterns {
            for k in 0..k_max {
                let mut w = pi[k];
                for j in 0..lists {
                    let l = lambda[j * k_max + k];
                    w *= if pat.bits & (1 << j) != 0 { l } else { 1.0 - l };
                }
                weights[k] = w;
            }
            multinomial(&mut rng, pat.count, &weights, &mut alloc, &order);
            for k in 0..k_max {
                if alloc[k] == 0 {
                    continue;
                }
                class_size[k] += alloc[k];
                for j in 0..lists {
                    if pat.bits & (1 << j) != 0 {
                        class_hits[j * k_max + k] += alloc[k];
                    }
                }
            }
        }
        // 2. The unobserved: how many, then their classes.
        let mut p0 = 0.0;
        for k in 0..k_max {
            let mut m = pi[k];
            for j in 0..lists {
                m *= 1.0 - lambda[j * k_max + k];
            }
            miss_prob[k] = m;
            p0 += m;
        }
        let p0c = p0.clamp(1e-300, 1.0 - 1e-15);
        // N - n ~ NegBin(n, 1 - p0), drawn as a Gamma-Poisson mixture.
        let rate = Gamma::new(n as f64, p0c / (1.0 - p0c)).map(|g| g.sample(&mut rng)).unwrap_or(0.0);
        n0 = if rate > 0.0 { Poisson::new(rate).map(|d| d.sample(&mut rng) as u64).unwrap_or(n0) } else { 0 };
        multinomial(&mut rng, n0, &miss_prob, &mut alloc, &order);
        for k in 0..k_max {
            class_size[k] += alloc[k];
        }
        // 3. Capture probabilities within classes (misses count as non-captures on every list).
        for k in 0..k_max {
            for j in 0..lists {
                let hits = class_hits[j * k_max + k] as f64;
                lambda[j * k_max + k] = beta(&mut rng, 1.0 + hits, 1.0 + class_size[k] as f64 - hits);
            }
        }
        // 4. Stick-breaking weights and the concentration.
        let mut rest: u64 = class_size.iter().sum();
        let mut remaining = 1.0;
        let mut log_tail = 0.0;
        for k in 0..k_max {
            rest -= class_size[k];
            if k + 1 == k_max {
                pi[k] = remaining;
            } else {
                let v = beta(&mut rng, 1.0 + class_size[k] as f64, alpha + rest as f64).clamp(1e-12, 1.0 - 1e-12);
                pi[k] = remaining * v;
                remaining *= 1.0 - v;
                log_tail += (1.0 - v).ln();
            }
        }
        alpha = Gamma::new(options.a_alpha + k_max as f64 - 1.0, 1.0 / (options.b_alpha - log_tail))
            .map(|g| g.sample(&mut rng))
            .unwrap_or(alpha)
            .max(1e-6);
        if iter > options.burn_in && (iter - options.burn_in).is_multiple_of(options.thin.max(1)) {
            draws.push((n + n0) as f64);
        }
    }
    let mut sorted = draws.clone();
    sorted.sort_by(f64::total_cmp);
    LcmcrResult {
        options,
        iterations: total,
        median: sample_quantile(&sorted, 0.5),
        ci_low: sample_quantile(&sorted, 0.025),
        ci_high: sample_quantile(&sorted, 0.975),
        mean: draws.iter().sum::<f64>() / draws.len().max(1) as f64,
        ess: effective_sample_size(&draws),
        geweke_z: geweke(&draws),
        draws,
    }
}

/// Geweke's diagnostic with batch-means standard errors.
fn geweke(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 100 {
        return 0.0;
    }
    let a = &x[..n / 10];
    let b = &x[n / 2..];
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let batch_var = |v: &[f64]| {
        let batches = 20.min(v.len());
        let size = v.len() / batches;
        let means: Vec<f64> = (0..batches).map(|i| mean(&v[i * size..(i + 1) * size])).collect();
        let m = mean(&means);
        means.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (batches - 1) as f64 / batches as f64
    };
    let se = (batch_var(a) + batch_var(b)).sqrt();
    if se == 0.0 { 0.0 } else { (mean(a) - mean(b)) / se }
}
