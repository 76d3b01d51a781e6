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
    if n == 0 || p == 0 || x.len() != n * p {
        return None;
    }
    let mut mu: Vec<f64> = y.iter().map(|v| v + 0.1).collect();
    let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
    let mut dev_old: f64 = y.iter().zip(&mu).map(|(&y, &m)| dev_cell(y, m)).sum();
    let mut beta = vec![0.0; p];
    let mut converged = false;
    let mut iterations = 0;
    let mut deviance = dev_old;
    let mut sw = vec![0.0; n];
    let mut wz = vec![0.0; n];
    for iter in 1..=max_iterations {
        iterations = iter;
        for i in 0..n {
            sw[i] = mu[i].sqrt();
            wz[i] = sw[i] * (eta[i] + (y[i] - mu[i]) / mu[i]);
        }
        let qr = weighted_qr(x, p, &sw);
        beta = qr.solve(&wz);
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
    // Covariance at the final fit: (X'WX)^-1 = R^-1 R^-T over the identifiable columns.
    for i in 0..n {
        sw[i] = mu[i].sqrt();
    }
    let qr = weighted_qr(x, p, &sw);
    if qr.aliased.iter().all(|&a| a) {
        return None;
    }
    let rinv = qr.r_inverse();
    let mut cov = vec![0.0; p * p];
    for a in 0..p {
        for b in 0..p {
            cov[a * p + b] = (0..p).map(|k| rinv[a * p + k] * rinv[b * p + k]).sum();
        }
    }
    let loglik = y.iter().zip(&mu).map(|(&y, &m)| if y > 0.0 { y * m.ln() } else { 0.0 } - m - lgamma(y + 1.0)).sum();
    Some(PoissonFit { beta, mu, deviance, loglik, cov, converged, iterations, aliased: qr.aliased })
}

/// A QR factorisation of the weighted design `diag(sw) X` by modified Gram-Schmidt. Working on
/// the square roots of the weights (not on `X'WX`, whose condition number is the square) keeps
/// cells with vanishing fitted values from being mistaken for dependent columns, as R's `glm`
/// does with its QR.
struct WeightedQr {
    /// Orthonormal columns, column-major (`m` values per column); zero for aliased columns.
    q: Vec<f64>,
    /// Upper-triangular `p x p`, row-major.
    r: Vec<f64>,
    aliased: Vec<bool>,
    m: usize,
    p: usize,
}

fn weighted_qr(x: &[f64], p: usize, sw: &[f64]) -> WeightedQr {
    let m = sw.len();
    let mut q = vec![0.0; m * p];
    let mut r = vec![0.0; p * p];
    let mut aliased = vec![false; p];
    let mut v = vec![0.0; m];
    for j in 0..p {
        for i in 0..m {
            v[i] = x[i * p + j] * sw[i];
        }
        let norm0 = v.iter().map(|a| a * a).sum::<f64>().sqrt();
        for k in 0..j {
            if aliased[k] {
                continue;
            }
            let qk = &q[k * m..(k + 1) * m];
            let d: f64 = qk.iter().zip(&v).map(|(a, b)| a * b).sum();
            r[k * p + j] += d;
            for (vi, qi) in v.iter_mut().zip(qk) {
                *vi -= d * qi;
            }
        }
        let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
        // R's tolerance: a column whose remainder is below 1e-11 of its own length is aliased.
        if norm0 == 0.0 || norm.is_nan() || norm <= 1e-11 * norm0 {
            aliased[j] = true;
            for k in 0..j {
                r[k * p + j] = 0.0;
            }
            continue;
        }
        r[j * p + j] = norm;
        for i in 0..m {
            q[j * m + i] = v[i] / norm;
        }
    }
    WeightedQr { q, r, aliased, m, p }
}

impl WeightedQr {
    /// Least squares for `diag(sw) X beta = b`; aliased coefficients are zero.
    fn solve(&self, b: &[f64]) -> Vec<f64> {
        let (m, p) = (self.m, self.p);
        let qtb: Vec<f64> =
            (0..p)
                .map(|k| {
                    if self.aliased[k] {
                        0.0
                    } else {
                        self.q[k * m..(k + 1) * m].iter().zip(b).map(|(a, c)| a * c).sum()
                    }
                })
                .collect();
        let mut beta = vec![0.0; p];
        for i in (0..p).rev() {
            if self.aliased[i] {
                continue;
            }
            let tail: f64 = (i + 1..p).map(|k| self.r[i * p + k] * beta[k]).sum();
            beta[i] = (qtb[i] - tail) / self.r[i * p + i];
        }
        beta
    }

    /// `R^-1` (row-major), with zero rows and columns for aliased coefficients.
    fn r_inverse(&self) -> Vec<f64> {
        let p = self.p;
        let mut inv = vec![0.0; p * p];
        for c in 0..p {
            if self.aliased[c] {
                continue;
            }
            // Solve R x = e_c by back substitution.
            for i in (0..=c).rev() {
                if self.aliased[i] {
                    continue;
                }
                let mut s = if i == c { 1.0 } else { 0.0 };
                for k in i + 1..=c {
                    s -= self.r[i * p + k] * inv[k * p + c];
                }
                inv[i * p + c] = s / self.r[i * p + i];
            }
        }
        inv
    }
}

/// Which columns of a symmetric positive semi-definite Gram matrix are combinations of earlier
/// ones, by a Cholesky factorisation that skips a column whose pivot is negligible against its
/// diagonal. Used on unweighted 0/1 designs, where dependence is exact.
fn aliased_columns(a: &[f64], p: usize) -> Vec<bool> {
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
    aliased
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
    let aliased = aliased_columns(&g, q);
    let mut out = vec![false; p];
    for (a, &col) in order.iter().enumerate() {
        out[col] = !aliased[a];
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
