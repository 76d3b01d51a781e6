//! The default answer for three or more lists: the log-linear search, dga and LCMCR side by side,
//! each with its assumptions and warnings, a warning when they disagree, and LCMCR as the
//! headline because it is the one built for unequal chances of being documented.
//!
//! Why a side-by-side default: each method fails differently. Log-linear models and dga assume
//! everyone on the same lists had the same chance of being documented; LCMCR lets that chance
//! differ between latent groups, which is the usual failure in human-rights data (some victims are
//! far more visible than others). When they agree the reader can be more confident; when they do
//! not, the reader must be told.

use crate::diagnostics::{Warning, WarningCode, thousands};
use crate::{DefaultReasonCode, Estimate, EstimateError, Method, Request, estimate};

/// Why LCMCR is the headline.
pub const DEFAULT_REASON: &str = "The headline is LCMCR, the latent-class model: it allows people to differ in how likely they were to be documented (some victims are far more visible than others), which is the commonest way log-linear and two-list estimates go wrong in human-rights data. The log-linear search and dga are shown beside it; where they disagree, the difference is the model-choice uncertainty no single interval includes.";

/// Runs every method that applies and puts them side by side.
pub fn compare(table: &crate::CaptureTable, request: &Request) -> Result<Estimate, EstimateError> {
    let t = table.list_count();
    if t == 2 {
        let mut e = estimate(table, &Request { method: Method::Chapman, ..request.clone() })?;
        e.default_reason = Some(
            "With two lists only the two-list (Chapman) estimate is possible: latent-class and log-linear models need at least three lists.".into(),
        );
        e.default_reason_code = Some(DefaultReasonCode::TwoListsOnly);
        return Ok(e);
    }
    let mut runs = Vec::new();
    runs.push(estimate(table, &Request { method: Method::Loglinear, ..request.clone() })?);
    if (3..=5).contains(&t) {
        runs.push(estimate(table, &Request { method: Method::Dga, ..request.clone() })?);
    }
    let mut headline = estimate(table, &Request { method: Method::Lcmcr, ..request.clone() })?;
    runs.push(headline.clone());
    // Each method's own answer, as it would print alone.
    let summaries = runs;
    // Disagreement: two methods whose intervals do not overlap (a bound counts as its interval).
    let range = |s: &Estimate| (s.ci_low.unwrap_or(0.0), s.ci_high.unwrap_or(f64::INFINITY));
    let mut apart = Vec::new();
    let mut apart_methods = Vec::new();
    for (i, a) in summaries.iter().enumerate() {
        for b in &summaries[i + 1..] {
            let ((al, ah), (bl, bh)) = (range(a), range(b));
            if ah < bl || bh < al {
                apart.push(format!("{:?} and {:?}", a.method, b.method).to_lowercase());
                apart_methods.extend([a.method, b.method].map(|m| format!("{m:?}").to_lowercase()));
            }
        }
    }
    if !apart.is_empty() {
        let show = |s: &Estimate| match s.estimate {
            Some(v) => format!(
                "{} {} ({} to {})",
                format!("{:?}", s.method).to_lowercase(),
                thousands(v),
                s.ci_low.map_or("?".into(), thousands),
                s.ci_high.map_or("no upper limit".into(), thousands)
            ),
            None => format!("{} no estimate", format!("{:?}", s.method).to_lowercase()),
        };
        headline.warnings.push(Warning::new(
            WarningCode::MethodsDisagree,
            format!(
                "the methods disagree beyond their intervals ({}): {}. Their assumptions differ (see each); the spread between them is uncertainty that no single interval shows",
                apart.join("; "),
                summaries.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
        ).names(&apart_methods));
    }
    let mut reason = DEFAULT_REASON.to_string();
    headline.default_reason_code = Some(DefaultReasonCode::LcmcrHeadline);
    if t > 5 {
        headline.default_reason_code = Some(DefaultReasonCode::LcmcrHeadlineWithoutDga);
        reason.push_str(&format!(
            " dga is left out: it averages over decomposable graphs for 3 to 5 lists, and this table has {t}."
        ));
    }
    headline.method = Method::Compare;
    headline.side_by_side = Some(summaries);
    headline.default_reason = Some(reason);
    Ok(headline)
}
