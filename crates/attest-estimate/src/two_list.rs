//! Two-list estimators: Lincoln-Petersen and Chapman's bias-corrected form.
//!
//! Both assume the two lists are independent and everyone has the same chance of being on each;
//! in human-rights data neither holds well, which is why these are a first look, not an answer.

use serde::Serialize;

use crate::stats::NORMAL_975;

/// Estimates from one pair of lists.
#[derive(Debug, Clone, Serialize)]
pub struct TwoListEstimate {
    /// First list.
    pub list_a: String,
    /// Second list.
    pub list_b: String,
    /// On the first list.
    pub n1: u64,
    /// On the second list.
    pub n2: u64,
    /// On both.
    pub both: u64,
    /// Lincoln-Petersen `n1 n2 / m`; `None` when the lists share nobody.
    pub lincoln_petersen: Option<f64>,
    /// Its standard error.
    pub lincoln_petersen_se: Option<f64>,
    /// Chapman `(n1+1)(n2+1)/(m+1) - 1`.
    pub chapman: f64,
    /// Chapman's standard error (Seber 1970).
    pub chapman_se: f64,
    /// 95 % normal interval for Chapman, not below the number observed on either list.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
}

/// Lincoln-Petersen and Chapman for one pair.
pub fn two_list(list_a: &str, list_b: &str, n1: u64, n2: u64, m: u64) -> TwoListEstimate {
    let (a, b, c) = (n1 as f64, n2 as f64, m as f64);
    let (lp, lp_se) =
        if m > 0 { (Some(a * b / c), Some((a * b * (a - c) * (b - c) / (c * c * c)).sqrt())) } else { (None, None) };
    let chapman = (a + 1.0) * (b + 1.0) / (c + 1.0) - 1.0;
    let var = (a + 1.0) * (b + 1.0) * (a - c) * (b - c) / ((c + 1.0) * (c + 1.0) * (c + 2.0));
    let se = var.sqrt();
    let observed = a + b - c;
    TwoListEstimate {
        list_a: list_a.to_string(),
        list_b: list_b.to_string(),
        n1,
        n2,
        both: m,
        lincoln_petersen: lp,
        lincoln_petersen_se: lp_se,
        chapman,
        chapman_se: se,
        ci_low: (chapman - NORMAL_975 * se).max(observed),
        ci_high: chapman + NORMAL_975 * se,
    }
}
