//! Poisson regression with a log link, fitted by iteratively reweighted least squares.
//!
//! Written by hand: the design matrices here are at most a few dozen columns, and the model
//! search fits thousands of them, so a small dense Cholesky beats pulling a linear-algebra crate
//! into the build. It follows R's `glm` (start at y + 0.1, stop when the relative change in
//! deviance is below 1e-8, at most 25 iterations) so results compare with Rcapture.
//!
//! Like R's `glm`, a column that is (numerically) a combination of earlier ones is *aliased*: its
//! coefficient is held at zero and reported as such, instead of failing the whole fit. That is
//! what lets a model be fitted on the boundary, where some cells' fitted values vanish and the
//! terms that only those cells inform drop out (see `loglinear`).

use crate::stats::lgamma;

/// A fitted Poisson log-linear model.
#[derive(Debug, Clone)]
pub struct PoissonFit {
    /// Coefficients, in the order of the design columns.
    pub beta: Vec<f64>,
    /// Fitted means.
    pub mu: Vec<f64>,
    /// Residual deviance.
    pub deviance: f64,
    /// Log-likelihood, with the log y! terms.
    pub loglik: f64,
    /// `(X' W X)^-1`, row-major p x p; rows and columns of aliased coefficients are zero.
    pub cov: Vec<f64>,
    /// Coefficients that are not identifiable from these cells (held at zero).
    pub aliased: Vec<bool>,
    /// Reached the convergence criterion.
    pub converged: bool,
    /// Iterations used.
    pub iterations: usize,
}

/// Deviance contribution of one cell.
fn dev_cell(y: f64, mu: f64) -> f64 {
    if y > 0.0 { 2.0 * (y * (y / mu).ln() - (y - mu)) } else { 2.0 * mu }
}

/// Fits `y ~ Poisson(exp(X beta))`. `x` is row-major with `p` columns. Columns that are not
/// identifiable are aliased (see the module comment). Returns `None` only when there is nothing
/// to fit (no cells, or no identifiable column).
pub fn fit_poisson(x: &[f64], p: usize, y: &[f64]) -> Option<PoissonFit> {
    fit_poisson_with(x, p, y, 25)
}

/// [`fit_poisson`] with a chosen iteration limit.
pub fn fit_poisson_with(x: &[f64], p: usize, y: &[f64], max_iterations: usize) -> Option<PoissonFit> {
    let n = y.len();
    debug_assert_eq!(x.len(), n * p);
    let mut mu: Vec<f64> = y.iter().map(|v| v + 0.1).collect();
    let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
    let mut dev_old: f64 = y.iter().zip(&mu).map(|(&y, &m)| dev_cell(y, m)).sum();
    let mut beta = vec![0.0; p];
    let mut xtwx = vec![0.0; p * p];
    let mut xtwz = vec![0.0; p];
    let mut converged = false;
    let mut iterations = 0;
    let mut deviance = dev_old;
    if n == 0 || p == 0 {
        return None;
    }
    for iter in 1..=max_iterations {
        iterations = iter;
        weighted_normal_equations(x, p, &mu, |i| eta[i] + (y[i] - mu[i]) / mu[i], &mut xtwx, &mut xtwz);
        let chol = cholesky(&xtwx, p);
        beta = chol_solve(&chol, p, &xtwz);
        for i in 0..n {
            let row = &x[i * p..(i + 1) * p];
            eta[i] = row.iter().zip(&beta).map(|(a, b)| a * b).sum();
            mu[i] = eta[i].exp();
        }
        deviance = y.iter().zip(&mu).map(|(&y, &m)| dev_cell(y, m)).sum();
        if (deviance - dev_old).abs() / (deviance.abs() + 0.1) < 1e-8 {
            converged = true;
            break;
        }
        dev_old = deviance;
    }
    // Covariance at the final fit.
    weighted_normal_equations(x, p, &mu, |_| 0.0, &mut xtwx, &mut xtwz);
    let chol = cholesky(&xtwx, p);
    if chol.aliased.iter().all(|&a| a) {
        return None;
    }
    let mut cov = vec![0.0; p * p];
    for c in 0..p {
        if chol.aliased[c] {
            continue;
        }
        let mut e = vec![0.0; p];
        e[c] = 1.0;
        let col = chol_solve(&chol, p, &e);
        for r in 0..p {
            cov[r * p + c] = col[r];
        }
    }
    let loglik = y.iter().zip(&mu).map(|(&y, &m)| if y > 0.0 { y * m.ln() } else { 0.0 } - m - lgamma(y + 1.0)).sum();
    Some(PoissonFit { beta, mu, deviance, loglik, cov, converged, iterations, aliased: chol.aliased })
}

/// A Cholesky factor that skips aliased columns.
struct Factor {
    l: Vec<f64>,
    aliased: Vec<bool>,
}

/// Fills `X' W X` (symmetric, p x p) and `X' W z` for weights `w` and working response `z(i)`.
fn weighted_normal_equations(
    x: &[f64],
    p: usize,
    w: &[f64],
    z: impl Fn(usize) -> f64,
    xtwx: &mut [f64],
    xtwz: &mut [f64],
) {
    xtwx.iter_mut().for_each(|v| *v = 0.0);
    xtwz.iter_mut().for_each(|v| *v = 0.0);
    for (i, &wi) in w.iter().enumerate() {
        let zi = z(i);
        let row = &x[i * p..(i + 1) * p];
        for a in 0..p {
            let wa = wi * row[a];
            if wa == 0.0 {
                continue;
            }
            xtwz[a] += wa * zi;
            for b in 0..=a {
                xtwx[a * p + b] += wa * row[b];
            }
        }
    }
    for a in 0..p {
        for b in 0..a {
            xtwx[b * p + a] = xtwx[a * p + b];
        }
    }
}

/// Lower-triangular Cholesky factor of a symmetric positive semi-definite matrix. A column whose
/// pivot is negligible against its diagonal (it lies in the span of the earlier columns) is
/// aliased and left out, as R's pivoting QR does with its tolerance.
fn cholesky(a: &[f64], p: usize) -> Factor {
    let mut l = vec![0.0; p * p];
    let mut aliased = vec![false; p];
    for i in 0..p {
        for j in 0..=i {
            if aliased[j] {
                continue;
            }
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            if i == j {
                let tolerance = 1e-11 * a[i * p + i].abs().max(1e-300);
                if s.is_nan() || s <= tolerance {
                    aliased[i] = true;
                    for k in 0..i {
                        l[i * p + k] = 0.0;
                    }
                } else {
                    l[i * p + i] = s.sqrt();
                }
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    Factor { l, aliased }
}

fn chol_solve(f: &Factor, p: usize, b: &[f64]) -> Vec<f64> {
    let l = &f.l;
    let mut y = vec![0.0; p];
    for i in 0..p {
        if f.aliased[i] {
            continue;
        }
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * p + k] * y[k];
        }
        y[i] = s / l[i * p + i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        if f.aliased[i] {
            continue;
        }
        let mut s = y[i];
        for k in i + 1..p {
            s -= l[k * p + i] * x[k];
        }
        x[i] = s / l[i * p + i];
    }
    x
}

/// Which columns of `x` (row-major, `p` columns) restricted to the rows where `keep` is true are
/// linearly independent of the columns before them, in the order given by `order`. Used to ask
/// whether a coefficient is identifiable from a subset of cells.
pub fn independent_columns(x: &[f64], p: usize, keep: &[bool], order: &[usize]) -> Vec<bool> {
    let q = order.len();
    let mut g = vec![0.0; q * q];
    for (row, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
        let r = &x[row * p..(row + 1) * p];
        for a in 0..q {
            let va = r[order[a]];
            if va == 0.0 {
                continue;
            }
            for b in 0..q {
                g[a * q + b] += va * r[order[b]];
            }
        }
    }
    let f = cholesky(&g, q);
    let mut out = vec![false; p];
    for (a, &col) in order.iter().enumerate() {
        out[col] = !f.aliased[a];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_known_log_linear_model() {
        // y = exp(1 + 0.5 x) exactly: the fit must return the coefficients and zero deviance.
        let xs = [0.0, 1.0, 2.0, 3.0];
        let x: Vec<f64> = xs.iter().flat_map(|&v| [1.0, v]).collect();
        let y: Vec<f64> = xs.iter().map(|v| (1.0 + 0.5 * v).exp()).collect();
        let fit = fit_poisson(&x, 2, &y).unwrap();
        assert!((fit.beta[0] - 1.0).abs() < 1e-8 && (fit.beta[1] - 0.5).abs() < 1e-8, "{:?}", fit.beta);
        assert!(fit.deviance < 1e-10);
        assert!(fit.converged);
    }

    #[test]
    fn singular_designs_alias_the_dependent_column() {
        // Two identical columns: the second is aliased (held at zero) and the fit is the mean.
        let x = [1.0, 1.0, 1.0, 1.0];
        let fit = fit_poisson(&x, 2, &[3.0, 4.0]).unwrap();
        assert_eq!(fit.aliased, vec![false, true]);
        assert!((fit.beta[0] - 3.5f64.ln()).abs() < 1e-9, "{:?}", fit.beta);
        assert_eq!(fit.beta[1], 0.0);
        assert!(fit_poisson(&[], 2, &[]).is_none());
    }
}
