//! The dga method's answer: one averaging over the decomposable graphs, the same averaging over a
//! sweep of priors (delta), and what they allow to be said. A posterior that collapses onto a
//! single value (an interval of no width) is not given as an estimate: with a tiny delta it says
//! that nobody was missed because the prior left no room for anyone, not because the data show it.

use serde::Serialize;

use crate::diagnostics::{Warning, WarningCode, thousands};
use crate::{Assumption, CaptureTable, Estimate, EstimateError, Method, Outcome, Request, WhyCode, blank, dga};

/// dga under one prior.
#[derive(Debug, Clone, Serialize)]
pub struct DeltaRun {
    /// Prior counts per cell.
    pub delta: f64,
    /// Posterior median.
    pub median: f64,
    /// 2.5 % quantile.
    pub ci_low: f64,
    /// 97.5 % quantile.
    pub ci_high: f64,
    /// The 95 % interval has no width: the posterior sits on one value, so this prior gives no
    /// estimate (see [`WarningCode::DegeneratePosterior`]).
    pub collapsed: bool,
}

/// Whether a posterior interval has no width. dga's quantiles are whole numbers of people, so
/// equal ends mean that at least 95 % of the mass sits on one total.
fn collapsed(low: f64, high: f64) -> bool {
    high <= low
}

/// The deltas dga is swept over: a quarter of, and the standard, one prior observation in all
/// (1 / 2^lists), and the larger values in common use (1/4, 1/2, 1).
pub fn dga_deltas(lists: usize) -> Vec<f64> {
    let standard = 1.0 / (1u64 << lists) as f64;
    vec![standard / 4.0, standard, 0.25, 0.5, 1.0]
}

pub(crate) fn dga(
    table: &CaptureTable,
    request: &Request,
    mut warnings: Vec<Warning>,
) -> Result<Estimate, EstimateError> {
    let t = table.list_count();
    let observed = table.observed();
    if !(3..=5).contains(&t) {
        let message = format!("dga averages over decomposable graphs for 3 to 5 lists; this table has {t}");
        return Err(EstimateError::ListCount { lists: t, min: 3, max: 5, message });
    }
    let delta = request.delta.unwrap_or(1.0 / table.counts.len() as f64);
    if !(delta > 0.0 && delta.is_finite()) {
        return Err(EstimateError::Unsupported("--delta must be a positive number".into()));
    }
    let max_missing = request.max_missing.unwrap_or(observed.saturating_mul(10).clamp(1000, dga::MAX_MISSING));
    if max_missing > dga::MAX_MISSING {
        return Err(EstimateError::Unsupported(format!(
            "dga weighs every possible number of missing people one by one; {} is more than the {} it can consider (use --max-missing, or lcmcr)",
            thousands(max_missing as f64),
            thousands(dga::MAX_MISSING as f64)
        )));
    }
    let r = dga::bma(table, delta, max_missing);
    let mut at_limit = false;
    if r.mass_at_upper_limit > 1e-4 {
        at_limit = r.ci_high >= (observed + max_missing) as f64;
        warnings.push(
            Warning::new(
                WarningCode::PosteriorAtLimit,
                format!(
                    "the posterior still has mass at the largest total considered ({}); raise --max-missing",
                    thousands((observed + max_missing) as f64)
                ),
            )
            .figures([(observed + max_missing) as f64]),
        );
    }
    let mut sweep: Vec<DeltaRun> = Vec::new();
    let mut deltas = dga_deltas(t);
    if !deltas.iter().any(|d| (d - delta).abs() < 1e-12) {
        deltas.push(delta);
        deltas.sort_by(f64::total_cmp);
    }
    for d in deltas {
        let run = if (d - delta).abs() < 1e-12 { r.clone() } else { dga::bma(table, d, max_missing) };
        sweep.push(DeltaRun {
            delta: d,
            median: run.median,
            ci_low: run.ci_low,
            ci_high: run.ci_high,
            collapsed: collapsed(run.ci_low, run.ci_high),
        });
    }
    let (lo, hi) =
        sweep.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), s| (a.min(s.median), b.max(s.median)));
    if sweep.iter().any(|s| s.median < r.ci_low || s.median > r.ci_high) {
        warnings.push(Warning::new(
            WarningCode::DeltaSensitive,
            format!(
                "dga's answer depends on its prior: over delta from {} to {} the median runs from {} to {}, outside this run's interval; the prior matters as much as the data here",
                sweep.first().map_or(0.0, |s| s.delta),
                sweep.last().map_or(0.0, |s| s.delta),
                thousands(lo),
                thousands(hi)
            ),
        ).figures([sweep.first().map_or(0.0, |s| s.delta), sweep.last().map_or(0.0, |s| s.delta), lo, hi]));
    }
    let degenerate = collapsed(r.ci_low, r.ci_high).then(|| degenerate(&r, observed, &sweep));
    if let Some((warning, _)) = &degenerate {
        warnings.push(warning.clone());
    }
    let mut e = blank(
        table,
        Method::Dga,
        format!("average over {} decomposable graphs (delta {})", r.graphs, r.delta),
        &[
            Assumption::ClosedPopulation,
            Assumption::DecomposableGraphs,
            Assumption::HyperDirichletPrior,
            Assumption::PriorOneOverN,
            Assumption::MatchedWithoutError,
        ],
        warnings,
    );
    e.set(Outcome::Estimate, Some(r.median), Some(r.ci_low), (!at_limit).then_some(r.ci_high));
    if at_limit {
        e.say_why(
            WhyCode::PosteriorAtLimit,
            format!(
                "the posterior reaches the largest total considered ({}): the upper end of the interval is not known",
                thousands((observed + max_missing) as f64)
            ),
        );
    }
    e.interval = "95 % posterior interval";
    if let Some((_, why)) = degenerate {
        e.set(Outcome::NoEstimate, None, None, None);
        e.interval = "";
        e.say_why(WhyCode::DegeneratePosterior, why);
    }
    e.dga = Some(r);
    e.dga_sweep = Some(sweep);
    Ok(e)
}

/// The warning and the reason for a posterior whose interval has no width.
fn degenerate(r: &dga::DgaResult, observed: u64, sweep: &[DeltaRun]) -> (Warning, String) {
    let at = thousands(r.median);
    // The widest interval any other prior gives: what the collapse hides.
    let widest = sweep.iter().filter(|s| !s.collapsed).max_by(|a, b| a.ci_high.total_cmp(&b.ci_high));
    let cause = if widest.is_some() { "because of the prior" } else { "at every prior in the delta sweep" };
    let warning = Warning::new(
        WarningCode::DegeneratePosterior,
        format!(
            "dga's 95 % interval has no width ({at} to {at}) with delta {}: the posterior collapsed onto one value {cause}, so it is not given as an estimate; see the delta sweep for how the answer moves with the prior",
            r.delta
        ),
    ).figures([r.median, r.delta, f64::from(u8::from(widest.is_some()))]);
    let what = if r.median <= observed as f64 {
        format!(
            "dga's posterior has collapsed onto the {at} people already documented: its 95 % interval runs from {at} to {at}, which would say that nobody was missed"
        )
    } else {
        format!("dga's posterior has collapsed onto a single total, {at}: its 95 % interval has no width")
    };
    let others = widest.map_or_else(String::new, |w| {
        format!("; under a prior of {} the interval runs up to {} (see the delta sweep)", w.delta, thousands(w.ci_high))
    });
    let why = format!(
        "{what}. That is not a finding: with delta {} prior counts per cell the prior leaves almost no weight for any other total on a table like this{others}. No estimate is given: report the delta sweep, or another method, with its spread",
        r.delta
    );
    (warning, why)
}
