//! Two-list estimators: Lincoln-Petersen and Chapman's bias-corrected form.
//!
//! Both assume the two lists are independent and everyone has the same chance of being on each;
//! in human-rights data neither holds well, which is why these are a first look, not an answer.
//! Intervals are never the symmetric normal one, which runs below the number observed and far
//! too short above when few people are on both lists: each pair gets Chao's log-normal interval
//! around Chapman and the profile-likelihood interval of the independence model (Rcapture's
//! `closedpCI.t` with model `Mt`). With nobody on both lists there is no estimate, only a lower
//! bound.

use serde::Serialize;

use crate::loglinear::{Model, ProfileShape, profile_interval};
use crate::stats::NORMAL_975;
use crate::table::CaptureTable;

/// Fewer people than this on both lists and Chapman's estimate is badly biased and unstable (the
/// usual rule of thumb, after Robson and Regier 1964).
pub const FEW_IN_COMMON: u64 = 7;

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
    /// Chapman `(n1+1)(n2+1)/(m+1) - 1`, as the textbook computes it; `None` when the lists share
    /// nobody (the formula still returns a number, but it measures nothing).
    pub chapman: Option<f64>,
    /// Chapman's standard error (Seber 1970).
    pub chapman_se: Option<f64>,
    /// Chao's (1987) log-normal 95 % interval around Chapman: never below the number on either
    /// list, asymmetric as the uncertainty is.
    pub ci_low: Option<f64>,
    /// Upper end.
    pub ci_high: Option<f64>,
    /// 95 % profile-likelihood interval of the independence model: lower end.
    pub profile_low: Option<f64>,
    /// Upper end; `None` when the likelihood never falls far enough (no upper limit).
    pub profile_high: Option<f64>,
    /// The figure shown for this pair: Chapman, raised to the number observed on all lists when
    /// it falls below it (with more than two lists a pair can miss people the others found, and a
    /// total below what is already documented is impossible).
    pub estimate: Option<f64>,
    /// Chapman fell below the number observed on all lists (the pair's lists are positively
    /// dependent, or the other lists reach people these two both missed).
    pub below_observed: bool,
}

/// Lincoln-Petersen, Chapman and both intervals for one pair.
pub fn two_list(list_a: &str, list_b: &str, n1: u64, n2: u64, m: u64) -> TwoListEstimate {
    let (a, b, c) = (n1 as f64, n2 as f64, m as f64);
    let observed = a + b - c;
    let (lp, lp_se) =
        if m > 0 { (Some(a * b / c), Some((a * b * (a - c) * (b - c) / (c * c * c)).sqrt())) } else { (None, None) };
    let (chapman, se, ci_low, ci_high) = if m > 0 {
        let chapman = (a + 1.0) * (b + 1.0) / (c + 1.0) - 1.0;
        let var = (a + 1.0) * (b + 1.0) * (a - c) * (b - c) / ((c + 1.0) * (c + 1.0) * (c + 2.0));
        let f0 = chapman - observed;
        let (low, high) = if f0 > 0.0 {
            let k = (NORMAL_975 * (1.0 + var / (f0 * f0)).ln().sqrt()).exp();
            (observed + f0 / k, observed + f0 * k)
        } else {
            (observed, observed)
        };
        (Some(chapman), Some(var.sqrt()), Some(low), Some(high))
    } else {
        (None, None, None, None)
    };
    let (profile_low, profile_high) = pair_profile(n1, n2, m);
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
        ci_low,
        ci_high,
        profile_low,
        profile_high,
        estimate: chapman,
        below_observed: false,
    }
}

/// The independence model's profile interval on the two-list table.
fn pair_profile(n1: u64, n2: u64, m: u64) -> (Option<f64>, Option<f64>) {
    let patterns = [(0b01, n1 - m.min(n1)), (0b10, n2 - m.min(n2)), (0b11, m)];
    let Ok(table) = CaptureTable::from_patterns(vec!["a".into(), "b".into()], &patterns) else {
        return (None, None);
    };
    match profile_interval(&table, &Model::independence(2)) {
        Some(p) if p.shape == ProfileShape::RisesForever => (Some(p.low), None),
        Some(p) => (Some(p.low), p.high.is_finite().then_some(p.high)),
        None => (None, None),
    }
}
