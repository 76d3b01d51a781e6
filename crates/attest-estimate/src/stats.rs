//! Small numerical helpers: log-gamma, normal and chi-square quantiles used by the estimators.

/// The 97.5 % quantile of the standard normal.
pub const NORMAL_975: f64 = 1.959_963_984_540_054;
/// The 95 % quantile of the chi-square distribution with one degree of freedom (1.96^2).
pub const CHISQ1_95: f64 = NORMAL_975 * NORMAL_975;

/// ln Γ(x) for x > 0.
pub fn lgamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// A quantile of a discrete distribution given as (value, probability) in increasing value
/// order: the smallest value whose cumulative probability reaches `q`.
pub fn discrete_quantile(values: &[f64], probs: &[f64], q: f64) -> f64 {
    let total: f64 = probs.iter().sum();
    let mut acc = 0.0;
    for (v, p) in values.iter().zip(probs) {
        acc += p / total;
        if acc >= q - 1e-12 {
            return *v;
        }
    }
    values.last().copied().unwrap_or(f64::NAN)
}

/// A quantile of a sample (type 7, as R's default).
pub fn sample_quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Effective sample size of a chain (Geyer's initial positive sequence of autocorrelations).
pub fn effective_sample_size(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 4 {
        return n as f64;
    }
    let mean = x.iter().sum::<f64>() / n as f64;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
    if var == 0.0 {
        return n as f64;
    }
    let acf = |lag: usize| -> f64 {
        (0..n - lag).map(|i| (x[i] - mean) * (x[i + lag] - mean)).sum::<f64>() / (n as f64 * var)
    };
    let mut sum = 0.0;
    let mut lag = 1;
    while lag + 1 < n {
        let pair = acf(lag) + acf(lag + 1);
        if pair <= 0.0 {
            break;
        }
        sum += pair;
        lag += 2;
    }
    n as f64 / (1.0 + 2.0 * sum)
}
