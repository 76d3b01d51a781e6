//! Multiple systems estimation: how many victims were never documented.
//!
//! A pure engine: a [`CaptureTable`] (one column per list, a count per inclusion pattern) goes in;
//! an [`Estimate`] with its interval, the model behind it, what that model assumes, and warnings
//! about what the data cannot support comes out. No files, no printing.
//!
//! Methods:
//! - [`Method::Chapman`]: two lists (Lincoln-Petersen and Chapman), every pair of lists.
//! - [`Method::Loglinear`]: every hierarchical log-linear model (as R's Rcapture) for 3 to 5 lists,
//!   a stepwise search for 6 to 10, ranked by AIC or BIC, with a profile-likelihood interval for
//!   the selected model.
//! - [`Method::Dga`]: Bayesian model averaging over decomposable graphical models (as R's dga).
//! - [`Method::Lcmcr`]: the Dirichlet-process latent-class model (as R's LCMCR).
//! - [`Method::Compare`]: with three or more lists, the log-linear search, dga and LCMCR side by
//!   side, LCMCR as the headline (it models unequal chances of being documented).
//!
//! An estimate is only given where the data support one. Otherwise the [`Outcome`] says what
//! can be said (a lower bound, an upper bound, nothing) and `why` says it in plain words: a model
//! whose fit runs off because of an empty cell gives a bound, two lists with nobody in common
//! give a lower bound, Chapman over more than two lists gives one figure per pair and no headline.
//!
//! ```
//! use attest_estimate::{CaptureTable, Method, Request, estimate};
//! let table = CaptureTable::from_csv("A,B,C,count\n1,0,0,30\n0,1,0,25\n1,1,0,10\n0,0,1,20\n1,0,1,8\n0,1,1,6\n1,1,1,3\n").unwrap();
//! let result = estimate(&table, &Request::new(Method::Loglinear)).unwrap();
//! let (low, point, high) = (result.ci_low.unwrap(), result.estimate.unwrap(), result.ci_high.unwrap());
//! assert!(point > table.observed() as f64);
//! assert!(low <= point && point <= high);
//! ```

mod compare;
pub mod dga;
mod dga_method;
pub mod diagnostics;
pub mod glm;
pub mod lcmcr;
pub mod loglinear;
pub mod parallel;
pub mod stats;
pub mod table;
pub mod two_list;
pub mod wording;

use serde::Serialize;

pub use dga_method::{DeltaRun, dga_deltas};
pub use diagnostics::{Warning, WarningCode, table_warnings};
pub use lcmcr::LcmcrOptions;
pub use loglinear::Criterion;
pub use table::{CaptureTable, TableError, TableProblem};
pub use wording::{Assumption, DefaultReasonCode, WhyCode};

use diagnostics::thousands;
use loglinear::{FitKind, ModelFit, ProfileShape};

/// Which estimator.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Two-list Lincoln-Petersen / Chapman.
    Chapman,
    /// Log-linear model search.
    Loglinear,
    /// Decomposable graphical models, Bayesian model averaging.
    Dga,
    /// Latent-class model with a Dirichlet-process prior.
    Lcmcr,
    /// Log-linear, dga and LCMCR side by side (Chapman for two lists).
    Compare,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// Log-linear ranking criterion.
    pub criterion: Criterion,
    /// Log-linear: use this model instead of the best-ranked one.
    pub model: Option<String>,
    /// dga prior counts per cell; `None` means 1 / 2^lists (one prior observation in all).
    pub delta: Option<f64>,
    /// dga: largest number of unobserved individuals considered (default 10 x observed).
    pub max_missing: Option<u64>,
    /// LCMCR sampler settings.
    pub lcmcr: LcmcrOptions,
    /// Threads for the log-linear model search.
    pub threads: usize,
}

impl Request {
    /// Defaults: BIC, delta = 1 / 2^lists, the reference LCMCR run, two threads.
    pub fn new(method: Method) -> Request {
        Request {
            method,
            criterion: Criterion::Bic,
            model: None,
            delta: None,
            max_missing: None,
            lcmcr: LcmcrOptions::default(),
            threads: 2,
        }
    }
}

/// Why no estimate could be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EstimateError {
    /// The request does not fit the table.
    #[error("{0}")]
    Unsupported(String),
    /// The method does not take a table of this many lists (log-linear models 3 to 10, dga 3 to
    /// 5); the figures are for faces that say it in another language.
    #[error("{message}")]
    ListCount {
        /// Lists in the table.
        lists: usize,
        /// Fewest lists the method takes.
        min: usize,
        /// Most lists the method takes.
        max: usize,
        /// The English message.
        message: String,
    },
    /// A named model is malformed or unknown.
    #[error("model '{0}': expected generators such as [12,3] using list numbers 1..{1}")]
    BadModel(String, usize),
    /// The model could not be fitted at all.
    #[error("model {0} cannot be fitted to this table")]
    NotIdentifiable(String),
    /// A worker thread failed; no partial result is used.
    #[error(transparent)]
    Worker(#[from] parallel::WorkerFailed),
}

/// What the data allow to be said.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A point estimate with its interval.
    Estimate,
    /// No point estimate: only that the total is at least `ci_low`.
    LowerBound,
    /// No point estimate: only that the total is at most `ci_high`.
    UpperBound,
    /// Nothing single can be said (see `why`).
    NoEstimate,
}

/// The result, in one shape for every method.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    /// Method.
    pub method: Method,
    /// The model behind the figure (Rcapture-style name, or a description).
    pub model: String,
    /// What the data allow to be said.
    pub outcome: Outcome,
    /// Point estimate of the population size (posterior median for Bayesian methods); `None`
    /// when the data do not support one.
    pub estimate: Option<f64>,
    /// Lower end of the 95 % interval (or the lower bound).
    pub ci_low: Option<f64>,
    /// Upper end; `None` when there is no upper limit (or nothing can be said).
    pub ci_high: Option<f64>,
    /// What kind of interval.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub interval: &'static str,
    /// Standard error, where the method gives one.
    pub se: Option<f64>,
    /// Individuals on at least one list.
    pub observed: u64,
    /// Estimated never documented: estimate - observed.
    pub undocumented: Option<f64>,
    /// Why a number is missing, a bound, or uncertain beyond its interval, in plain words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The kind of reason `why` gives, for faces that say it in another language (set with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_code: Option<WhyCode>,
    /// List names.
    pub lists: Vec<String>,
    /// What the method assumes, each by code with its plain words.
    pub assumptions: Vec<Assumption>,
    /// What the data cannot support.
    pub warnings: Vec<Warning>,
    /// Chapman: every pair of lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
    pub pairs: Option<Vec<two_list::TwoListEstimate>>,
    /// Log-linear: models ranked by the criterion (best first).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
    pub models: Option<Vec<ModelFit>>,
    /// Log-linear: the fit behind the figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub fit: Option<ModelFit>,
    /// Log-linear: the criterion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<Criterion>,
    /// Log-linear: the profile-likelihood maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_point: Option<f64>,
    /// Log-linear: the best model by AIC and by BIC, side by side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_criterion: Option<Vec<CriterionChoice>>,
    /// dga: the averaging.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub dga: Option<dga::DgaResult>,
    /// dga: the same averaging over a range of priors (delta).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
    pub dga_sweep: Option<Vec<DeltaRun>>,
    /// LCMCR: the sampler's summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub lcmcr: Option<lcmcr::LcmcrResult>,
    /// Compare: every method's answer, each as that method gives it alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub side_by_side: Option<Vec<Estimate>>,
    /// Compare: why the headline is the method it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_reason: Option<String>,
    /// Compare: the kind of reason `default_reason` gives (set with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_reason_code: Option<DefaultReasonCode>,
}

impl Estimate {
    /// Whether a warning with this code was raised.
    pub fn warns(&self, code: WarningCode) -> bool {
        self.warnings.iter().any(|w| w.code == code)
    }

    /// Says why a figure is missing, a bound or uncertain: the words and their code together.
    pub(crate) fn say_why(&mut self, code: WhyCode, text: String) {
        self.why = Some(text);
        self.why_code = Some(code);
    }
}

/// The best log-linear model by one criterion.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct CriterionChoice {
    /// AIC or BIC.
    pub criterion: Criterion,
    /// The model it ranks first.
    pub model: String,
    /// What that model allows to be said.
    pub outcome: Outcome,
    /// Its estimate.
    pub estimate: Option<f64>,
    /// 95 % profile interval, lower end.
    pub ci_low: Option<f64>,
    /// Upper end (`None`: unbounded).
    pub ci_high: Option<f64>,
}

fn blank(
    table: &CaptureTable,
    method: Method,
    model: String,
    assumptions: &[Assumption],
    warnings: Vec<Warning>,
) -> Estimate {
    Estimate {
        method,
        model,
        outcome: Outcome::NoEstimate,
        estimate: None,
        ci_low: None,
        ci_high: None,
        interval: "",
        se: None,
        observed: table.observed(),
        undocumented: None,
        why: None,
        why_code: None,
        lists: table.lists.clone(),
        assumptions: assumptions.to_vec(),
        warnings,
        pairs: None,
        models: None,
        fit: None,
        criterion: None,
        profile_point: None,
        by_criterion: None,
        dga: None,
        dga_sweep: None,
        lcmcr: None,
        side_by_side: None,
        default_reason: None,
        default_reason_code: None,
    }
}

impl Estimate {
    fn set(&mut self, outcome: Outcome, estimate: Option<f64>, low: Option<f64>, high: Option<f64>) {
        self.outcome = outcome;
        self.estimate = estimate;
        self.ci_low = low;
        self.ci_high = high.filter(|h| h.is_finite());
        self.undocumented = estimate.map(|e| e - self.observed as f64);
    }
}

/// Runs the requested method.
pub fn estimate(table: &CaptureTable, request: &Request) -> Result<Estimate, EstimateError> {
    let warnings = table_warnings(table);
    match request.method {
        Method::Chapman => Ok(chapman(table, warnings)),
        Method::Loglinear => loglinear(table, request, warnings),
        Method::Dga => dga_method::dga(table, request, warnings),
        Method::Lcmcr => lcmcr(table, request, warnings),
        Method::Compare => compare::compare(table, request),
    }
}

fn chapman(table: &CaptureTable, mut warnings: Vec<Warning>) -> Estimate {
    let t = table.list_count();
    let n = table.observed() as f64;
    let mut pairs = Vec::new();
    for a in 0..t {
        for b in a + 1..t {
            let (n1, n2, m) = table.pair(a, b);
            let mut p = two_list::two_list(&table.lists[a], &table.lists[b], n1, n2, m);
            if let Some(c) = p.chapman
                && c < n
            {
                p.below_observed = true;
                p.estimate = Some(n);
                warnings.push(Warning::new(
                    WarningCode::PairBelowObserved,
                    format!(
                        "lists '{}' and '{}' alone give {}, fewer than the {} people already documented on all lists; the figure shown is the number observed. People on both lists are over-represented (the lists depend on each other), or the other lists reach people these two both missed",
                        p.list_a,
                        p.list_b,
                        thousands(c),
                        thousands(n)
                    ),
                ).names([&p.list_a, &p.list_b]).figures([c, n]));
            }
            if m == 0 {
                warnings.push(Warning::new(
                    WarningCode::NoOverlap,
                    format!(
                        "lists '{}' and '{}' share nobody: two-list estimation needs people on both lists, so they give no estimate, only that the total is at least {}",
                        p.list_a,
                        p.list_b,
                        thousands(p.profile_low.unwrap_or((n1 + n2) as f64))
                    ),
                ).names([&p.list_a, &p.list_b]).figures([p.profile_low.unwrap_or((n1 + n2) as f64)]));
            } else if m < two_list::FEW_IN_COMMON {
                warnings.push(Warning::new(
                    WarningCode::FewInCommon,
                    format!(
                        "lists '{}' and '{}' share only {m} {}: with fewer than {} in common a two-list estimate is badly biased and one person more or less on both lists changes it a lot",
                        p.list_a,
                        p.list_b,
                        if m == 1 { "person" } else { "people" },
                        two_list::FEW_IN_COMMON
                    ),
                ).names([&p.list_a, &p.list_b]).figures([m as f64, two_list::FEW_IN_COMMON as f64]));
            }
            pairs.push(p);
        }
    }
    let assumptions = [
        Assumption::ClosedPopulation,
        Assumption::ListsIndependent,
        Assumption::EqualChance,
        Assumption::MatchedWithoutError,
    ];
    let mut e = blank(table, Method::Chapman, String::new(), &assumptions, Vec::new());
    if t == 2 {
        let p = &pairs[0];
        e.model = format!("Chapman {} x {}", p.list_a, p.list_b);
        match p.chapman {
            None => {
                let low = p.profile_low.unwrap_or(n);
                e.set(Outcome::LowerBound, None, Some(low), None);
                e.interval = "95 % profile likelihood lower bound (independence model)";
                e.say_why(WhyCode::NoOverlap, format!(
                    "No one is on both '{}' and '{}', so nothing tells how many both lists missed: the formulas would divide by zero. The data only say the total is at least {} (95 %); there is no estimate and no upper limit. Link the lists again, or add a list that overlaps both",
                    p.list_a,
                    p.list_b,
                    thousands(low)
                ));
            }
            Some(c) => {
                let (low, high, kind) = match p.profile_low {
                    Some(l) => (Some(l), p.profile_high, "95 % profile likelihood (independence model)"),
                    None => (p.ci_low, p.ci_high, "95 % log-normal (Chao)"),
                };
                e.set(Outcome::Estimate, Some(c), low, high);
                e.interval = kind;
                e.se = p.chapman_se;
                if high.is_none() {
                    e.say_why(
                        WhyCode::Unbounded,
                        "the likelihood never falls far enough above the estimate: the interval has no upper limit"
                            .into(),
                    );
                }
            }
        }
    } else {
        let figures: Vec<f64> = pairs.iter().filter_map(|p| p.estimate).collect();
        let (lo, hi) = figures.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        e.model = format!("Chapman, each of {} pairs of lists", pairs.len());
        e.say_why(WhyCode::PairwiseOnly, format!(
            "Chapman compares two lists at a time. With {t} lists each pair gives its own answer{}, and each ignores what the other lists show, so no single figure is given. Use the log-linear, dga or LCMCR methods, which use all lists together",
            if figures.is_empty() { String::new() } else { format!(" (from {} to {})", thousands(lo), thousands(hi)) }
        ));
        warnings.push(
            Warning::new(
                WarningCode::PairwiseOnly,
                format!(
                    "{t} lists: each pair is estimated on its own, ignoring the other lists; no pair is the answer"
                ),
            )
            .figures([t as f64]),
        );
        let disagree = pairs.iter().enumerate().any(|(i, a)| {
            pairs[i + 1..].iter().any(|b| match (a.ci_low, a.ci_high, b.ci_low, b.ci_high) {
                (Some(al), Some(ah), Some(bl), Some(bh)) => ah < bl || bh < al,
                _ => false,
            })
        });
        if disagree {
            warnings.push(Warning::new(
                WarningCode::PairsDisagree,
                format!(
                    "the pairs disagree beyond their intervals (from {} to {}): the lists are not independent of each other, which every two-list estimate assumes",
                    thousands(lo),
                    thousands(hi)
                ),
            ).figures([lo, hi]));
        }
    }
    e.warnings = warnings;
    e.pairs = Some(pairs);
    e
}

/// What one log-linear fit allows to be said.
struct Headline {
    outcome: Outcome,
    estimate: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    point: Option<f64>,
    why: Option<(WhyCode, String)>,
}

fn headline(table: &CaptureTable, fit: &ModelFit) -> Headline {
    let n = table.observed() as f64;
    let profile =
        loglinear::Model::parse(&fit.model, table.list_count()).and_then(|m| loglinear::profile_interval(table, &m));
    let cells = if fit.cells_at_zero.is_empty() {
        String::from("an empty cell")
    } else {
        format!(
            "{} empty {} (people on lists {} only)",
            fit.cells_at_zero.len(),
            if fit.cells_at_zero.len() == 1 { "cell" } else { "cells" },
            fit.cells_at_zero.join(", ")
        )
    };
    match (fit.estimate, &profile) {
        (Some(est), Some(p)) if p.shape != ProfileShape::RisesForever || fit.fit != FitKind::Diverges => Headline {
            outcome: Outcome::Estimate,
            estimate: Some(est),
            low: Some(p.low),
            high: Some(p.high),
            point: p.point.is_finite().then_some(p.point),
            why: (!p.high.is_finite()).then(|| {
                (WhyCode::ModelUnbounded, format!(
                    "the likelihood of model {} never falls far enough above the estimate: the data set no upper limit on the total",
                    fit.model
                ))
            }),
        },
        (Some(est), _) => {
            let se = fit.se.unwrap_or(0.0);
            Headline {
                outcome: Outcome::Estimate,
                estimate: Some(est),
                low: Some((est - stats::NORMAL_975 * se).max(n)),
                high: Some(est + stats::NORMAL_975 * se),
                point: None,
                why: Some((WhyCode::NoProfile, "the profile likelihood could not be computed; the interval is the estimate +- 1.96 standard errors, floored at the number observed".into())),
            }
        }
        (None, Some(p)) if p.shape == ProfileShape::RisesForever => Headline {
            outcome: Outcome::LowerBound,
            estimate: None,
            low: Some(p.low),
            high: None,
            point: None,
            why: Some((WhyCode::RunsToInfinity, format!(
                "Model {} cannot pin down how many were never documented: {cells} let its fit run off towards an infinite total. The data only say the total is at least {} (95 %); there is no upper limit",
                fit.model,
                thousands(p.low)
            ))),
        },
        (None, Some(p)) if p.shape == ProfileShape::AtObserved => Headline {
            outcome: Outcome::UpperBound,
            estimate: None,
            low: Some(n),
            high: Some(p.high),
            point: None,
            why: Some((WhyCode::CollapsesOnObserved, format!(
                "Model {}'s fit collapses onto the number observed because of {cells}: that says nothing about how many were missed, it is an artefact of the empty cells. The data only say the total is at most {} (95 %)",
                fit.model,
                thousands(p.high)
            ))),
        },
        (None, Some(p)) => Headline {
            outcome: Outcome::Estimate,
            estimate: Some(p.point),
            low: Some(p.low),
            high: Some(p.high),
            point: Some(p.point),
            why: Some((WhyCode::PoissonRunsOff, format!(
                "model {}'s Poisson fit runs off because of {cells}; the figure is the maximum of its profile likelihood instead",
                fit.model
            ))),
        },
        (None, None) => Headline {
            outcome: Outcome::NoEstimate,
            estimate: None,
            low: None,
            high: None,
            point: None,
            why: Some((
                WhyCode::NotFittable,
                format!("model {} cannot be fitted to this table in any way that says something about the total", fit.model),
            )),
        },
    }
}

/// Warnings about the chosen log-linear fit.
fn diagnose_fit(table: &CaptureTable, fit: &ModelFit, h: &Headline, warnings: &mut Vec<Warning>) {
    let n = table.observed() as f64;
    let t = table.list_count();
    match fit.fit {
        FitKind::Boundary => warnings.push(Warning::new(
            WarningCode::Boundary,
            format!(
                "model {} was fitted on the boundary: the empty cells (lists {}) are fitted at zero and the terms that only they inform drop out, as Rcapture's fit does; the estimate rests on the other cells",
                fit.model,
                fit.cells_at_zero.join(", ")
            ),
        ).names(std::iter::once(&fit.model).chain(&fit.cells_at_zero))),
        FitKind::Diverges => warnings.push(Warning::new(
            WarningCode::Diverges,
            format!(
                "model {}'s fit diverges (its parameters run off because of empty cells: lists {}); it did not converge, whatever its deviance does, and gives no estimate of its own",
                fit.model,
                fit.cells_at_zero.join(", ")
            ),
        ).names(std::iter::once(&fit.model).chain(&fit.cells_at_zero))),
        FitKind::Interior if !fit.converged => warnings.push(Warning::new(
            WarningCode::NotConverged,
            format!("model {} did not converge: its estimate and interval are unreliable", fit.model),
        ).names([&fit.model])),
        FitKind::Interior => {}
    }
    if fit.df == 0 {
        warnings.push(Warning::new(
            WarningCode::Saturated,
            format!(
                "model {} is saturated: it has as many parameters as observed cells, so nothing is left to check its fit, and its estimate rests entirely on the untestable assumption that there is no {t}-way interaction; its bias can be large (Rcapture warns the same)",
                fit.model
            ),
        ).names([&fit.model]).figures([t as f64]));
    }
    if let Some(p) = fit.fit_p_value
        && p < 0.05
    {
        warnings.push(Warning::new(
            WarningCode::PoorFit,
            format!(
                "model {} does not fit the table (deviance {:.1} on {} degrees of freedom, p = {:.2e}): the lists depend on each other in ways it does not capture, or records were mislinked; do not rely on its estimate",
                fit.model, fit.deviance, fit.df, p
            ),
        ).names([&fit.model]).figures([fit.deviance, fit.df as f64, p]));
    }
    if let Some(est) = h.estimate
        && est > 5.0 * n
    {
        warnings.push(Warning::new(
            WarningCode::LargeMultiple,
            format!(
                "the estimate is {:.0} times the number observed: almost all of it is extrapolation to people no list reached, so it leans on the model's assumptions far more than on the data",
                est / n
            ),
        ).figures([est / n]));
    }
    // The small cell that moves the estimate most, if one person more there moves the number
    // never documented by over 10 %: refit with that person added and compare.
    let (Some(est), Some(model)) = (fit.estimate, loglinear::Model::parse(&fit.model, t)) else {
        return;
    };
    let missing = est - n;
    let mut worst: Option<(usize, f64)> = None;
    for pattern in 1..table.counts.len() {
        if table.counts[pattern] >= 10 || missing <= 0.0 {
            continue;
        }
        let mut bumped = table.clone();
        bumped.counts[pattern] += 1;
        if let Some(e2) = loglinear::fit_model(&bumped, &model).and_then(|f| f.estimate) {
            let change = (e2 - (n + 1.0)) / missing - 1.0;
            if change.abs() > 0.10 && worst.is_none_or(|(_, w)| change.abs() > w.abs()) {
                worst = Some((pattern, change));
            }
        }
    }
    if let Some((pattern, change)) = worst {
        let names: Vec<&str> = (0..t).filter(|j| pattern & (1 << j) != 0).map(|j| table.lists[j].as_str()).collect();
        warnings.push(Warning::new(
            WarningCode::SmallCell,
            format!(
                "the estimate hangs on a small cell: {} {} on {} only, and one person more there would change the number never documented by {:+.0} %",
                table.counts[pattern],
                if table.counts[pattern] == 1 { "person is" } else { "people are" },
                names.join(" and "),
                change * 100.0
            ),
        ).names(&names).figures([table.counts[pattern] as f64, change * 100.0]));
    }
}

fn loglinear(table: &CaptureTable, request: &Request, mut warnings: Vec<Warning>) -> Result<Estimate, EstimateError> {
    let t = table.list_count();
    let (min, max) = (3, loglinear::MAX_LISTS);
    if t < min {
        let message = "log-linear models need at least 3 lists; with 2 lists use --method chapman".into();
        return Err(EstimateError::ListCount { lists: t, min, max, message });
    }
    if t > max {
        let message = format!("{t} lists: log-linear models are supported for 3 to {max} lists");
        return Err(EstimateError::ListCount { lists: t, min, max, message });
    }
    let exhaustive = t <= loglinear::EXHAUSTIVE_MAX_LISTS;
    let search = |criterion| -> Result<Vec<ModelFit>, EstimateError> {
        Ok(if exhaustive {
            loglinear::model_search(table, criterion, request.threads)?
        } else {
            loglinear::stepwise_search(table, criterion, request.threads)?
        })
    };
    let ranked = search(request.criterion)?;
    if !exhaustive {
        warnings.push(Warning::new(
            WarningCode::Stepwise,
            format!("{t} lists have too many hierarchical models to fit them all: the search was stepwise from the independence model and may miss a better model"),
        ).figures([t as f64]));
    }
    let chosen = match &request.model {
        Some(name) => {
            let m = loglinear::Model::parse(name, t).ok_or_else(|| EstimateError::BadModel(name.clone(), t))?;
            loglinear::fit_model(table, &m).ok_or_else(|| EstimateError::NotIdentifiable(m.name()))?
        }
        None => ranked.first().cloned().ok_or_else(|| EstimateError::NotIdentifiable("every model".into()))?,
    };
    let h = headline(table, &chosen);
    diagnose_fit(table, &chosen, &h, &mut warnings);
    if let Some(high) = h.high
        && !high.is_finite()
        && h.outcome == Outcome::Estimate
    {
        warnings.push(Warning::new(
            WarningCode::Unbounded,
            "the profile likelihood never falls far enough: the interval has no upper limit".to_string(),
        ));
    }
    if let Some(second) = ranked.get(1) {
        let key = |f: &ModelFit| loglinear::criterion_value(f, request.criterion);
        if request.model.is_none() && (key(second) - key(&chosen)).abs() < 2.0 {
            warnings.push(Warning::new(
                WarningCode::CloseModel,
                format!(
                    "the next model, {}, is almost as good (criterion within 2) and estimates {}: model choice matters here; consider dga or lcmcr, which average over models",
                    second.model,
                    second.estimate.map_or_else(|| "no finite figure".to_string(), thousands)
                ),
            ).names([&second.model]).figures(second.estimate));
        }
    }
    let mut e = blank(
        table,
        Method::Loglinear,
        chosen.model.clone(),
        &[
            Assumption::ClosedPopulation,
            Assumption::DependenceInModelTerms,
            Assumption::NoHighestOrderInteraction,
            Assumption::MatchedWithoutError,
            Assumption::ModelChosenByCriterion,
        ],
        Vec::new(),
    );
    e.set(h.outcome, h.estimate, h.low, h.high);
    e.interval = "95 % profile likelihood";
    e.se = chosen.se;
    if let Some((code, text)) = h.why {
        e.say_why(code, text);
    }
    e.profile_point = h.point;
    if request.model.is_none() {
        let mut choices = Vec::new();
        for criterion in [Criterion::Aic, Criterion::Bic] {
            let best = if criterion == request.criterion {
                Some(chosen.clone())
            } else if exhaustive {
                let mut other = ranked.clone();
                loglinear::rank(&mut other, criterion);
                other.into_iter().next()
            } else {
                search(criterion)?.into_iter().next()
            };
            if let Some(b) = best {
                let hb = if criterion == request.criterion {
                    Headline {
                        outcome: e.outcome,
                        estimate: e.estimate,
                        low: e.ci_low,
                        high: e.ci_high,
                        point: None,
                        why: None,
                    }
                } else {
                    headline(table, &b)
                };
                choices.push(CriterionChoice {
                    criterion,
                    model: b.model,
                    outcome: hb.outcome,
                    estimate: hb.estimate,
                    ci_low: hb.low,
                    ci_high: hb.high.filter(|v| v.is_finite()),
                });
            }
        }
        if let [a, b] = choices.as_slice()
            && a.model != b.model
        {
            let apart = |x: &CriterionChoice, y: &CriterionChoice| match (x.ci_high, y.ci_low) {
                (Some(h), Some(l)) => h < l,
                _ => false,
            };
            if apart(a, b) || apart(b, a) || a.outcome != b.outcome {
                let show = |c: &CriterionChoice| match c.estimate {
                    Some(v) => format!(
                        "{} ({} to {})",
                        thousands(v),
                        c.ci_low.map_or("?".into(), thousands),
                        c.ci_high.map_or("no upper limit".into(), thousands)
                    ),
                    None => format!("no estimate (at least {})", c.ci_low.map_or("?".into(), thousands)),
                };
                warnings.push(Warning::new(
                    WarningCode::CriteriaDisagree,
                    format!(
                        "AIC and BIC disagree beyond their intervals: AIC picks {} and gives {}; BIC picks {} and gives {}. The answer depends on how the model is chosen, which neither interval includes; consider dga or lcmcr",
                        a.model,
                        show(a),
                        b.model,
                        show(b)
                    ),
                ).names([&a.model, &b.model]));
            }
        }
        e.by_criterion = Some(choices);
    }
    e.warnings = warnings;
    e.fit = Some(chosen);
    e.models = Some(ranked);
    e.criterion = Some(request.criterion);
    Ok(e)
}

fn lcmcr(table: &CaptureTable, request: &Request, mut warnings: Vec<Warning>) -> Result<Estimate, EstimateError> {
    let o = request.lcmcr;
    if o.samples < 10 || o.thin == 0 || o.classes == 0 {
        return Err(EstimateError::Unsupported(
            "LCMCR needs at least 10 kept draws, --thin of 1 or more and 1 or more classes".into(),
        ));
    }
    let r = lcmcr::lcmcr(table, o);
    if r.ess < 200.0 {
        warnings.push(Warning::new(
            WarningCode::LowEffectiveSampleSize,
            format!(
                "effective sample size is only {:.0}: the chain mixes slowly; run more iterations (or thin more) before relying on the interval",
                r.ess
            ),
        ).figures([r.ess]));
    }
    if r.geweke_z.abs() > 2.0 {
        warnings.push(Warning::new(
            WarningCode::ChainNotConverged,
            format!(
                "Geweke's z is {:.2}: early and late draws disagree, the chain may not have converged; increase --burn-in",
                r.geweke_z
            ),
        ).figures([r.geweke_z]));
    }
    let mut e = blank(
        table,
        Method::Lcmcr,
        format!("latent classes (K = {}, a = {}, b = {})", o.classes, o.a_alpha, o.b_alpha),
        &[
            Assumption::ClosedPopulation,
            Assumption::LatentClasses,
            Assumption::StickBreakingPrior,
            Assumption::MatchedWithoutError,
            Assumption::MonteCarlo,
        ],
        warnings,
    );
    e.set(Outcome::Estimate, Some(r.median), Some(r.ci_low), Some(r.ci_high));
    e.interval = "95 % posterior interval";
    e.lcmcr = Some(r);
    Ok(e)
}
