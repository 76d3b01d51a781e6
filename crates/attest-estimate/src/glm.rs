//! Poisson regression with a log link, fitted by iteratively reweighted least squares.
//!
//! Written by hand: the design matrices here are at most a few dozen columns, and the model
//! search fits thousands of them, so a small dense Cholesky beats pulling a linear-algebra crate
//! into the build. It follows R's `glm` (start at y + 0.1, stop when the relative change in
//! deviance is below 1e-8, at most 25 iterations) so results compare with Rcapture.

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
    /// `(X' W X)^-1`, row-major p x p.
    pub cov: Vec<f64>,
    /// Reached the convergence criterion.
    pub converged: bool,
    /// Iterations used.
    pub iterations: usize,
}

/// Deviance contribution of one cell.
fn dev_cell(y: f64, mu: f64) -> f64 {
    if y > 0.0 { 2.0 * (y * (y / mu).ln() - (y - mu)) } else { 2.0 * mu }
}

/// Fits `y ~ Poisson(exp(X beta))`. `x` is row-major with `p` columns. Returns `None` when the
/// information matrix is singular (the model is not identifiable from these cells).
pub fn fit_poisson(x: &[f64], p: usize, y: &[f64]) -> Option<PoissonFit> {
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
    for iter in 1..=25 {
        iterations = iter;
        weighted_normal_equations(x, p, &mu, |i| eta[i] + (y[i] - mu[i]) / mu[i], &mut xtwx, &mut xtwz);
        let chol = cholesky(&xtwx, p)?;
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
    let chol = cholesky(&xtwx, p)?;
    let mut cov = vec![0.0; p * p];
    for c in 0..p {
        let mut e = vec![0.0; p];
        e[c] = 1.0;
        let col = chol_solve(&chol, p, &e);
        for r in 0..p {
            cov[r * p + c] = col[r];
        }
    }
    let loglik = y.iter().zip(&mu).map(|(&y, &m)| y * m.ln() - m - lgamma(y + 1.0)).sum();
    Some(PoissonFit { beta, mu, deviance, loglik, cov, converged, iterations })
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

/// Lower-triangular Cholesky factor of a symmetric positive-definite matrix.
fn cholesky(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            if i == j {
                if s <= 1e-12 * a[i * p + i].abs().max(1e-300) {
                    return None;
                }
                l[i * p + i] = s.sqrt();
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    Some(l)
}

fn chol_solve(l: &[f64], p: usize, b: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; p];
    for i in 0..p {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * p + k] * y[k];
        }
        y[i] = s / l[i * p + i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let mut s = y[i];
        for k in i + 1..p {
            s -= l[k * p + i] * x[k];
        }
        x[i] = s / l[i * p + i];
    }
    x
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
    fn singular_designs_are_refused() {
        let x = [1.0, 1.0, 1.0, 1.0];
        assert!(fit_poisson(&x, 2, &[3.0, 4.0]).is_none());
    }
}
