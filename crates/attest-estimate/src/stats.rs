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

/// The upper tail of the chi-square distribution, P(X > x) for `df` degrees of freedom: the
/// p-value of a deviance. Regularised incomplete gamma by its series below the mean and its
/// continued fraction above (Numerical Recipes, `gammq`).
pub fn chi_square_upper_tail(x: f64, df: f64) -> f64 {
    if x.is_nan() || df.is_nan() || x <= 0.0 || df <= 0.0 {
        return 1.0;
    }
    let (a, x) = (df / 2.0, x / 2.0);
    let log_front = a * x.ln() - x - lgamma(a);
    if x < a + 1.0 {
        // P(a, x) by its series; Q = 1 - P.
        let mut sum = 1.0 / a;
        let mut term = sum;
        let mut ap = a;
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (1.0 - sum * log_front.exp()).clamp(0.0, 1.0)
    } else {
        // Q(a, x) by Lentz's continued fraction.
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (log_front.exp() * h).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_tail_matches_tables() {
        // R: pchisq(3.841459, 1, lower.tail = FALSE) = 0.05; pchisq(9.32, 4, lower = FALSE) =
        // 0.053580; pchisq(150, 1, lower = FALSE) = 1.73e-34; pchisq(2, 2, lower = FALSE) = exp(-1).
        assert!((chi_square_upper_tail(3.841459, 1.0) - 0.05).abs() < 1e-6);
        assert!((chi_square_upper_tail(9.32, 4.0) - 0.053_580_177).abs() < 1e-7);
        assert!(chi_square_upper_tail(150.0, 1.0) < 1e-30);
        assert!((chi_square_upper_tail(2.0, 2.0) - (-1.0f64).exp()).abs() < 1e-12);
        assert_eq!(chi_square_upper_tail(0.0, 3.0), 1.0);
    }
}
