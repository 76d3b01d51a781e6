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
//!
//! ```
//! use attest_estimate::{CaptureTable, Method, Request, estimate};
//! let table = CaptureTable::from_csv("A,B,C,count\n1,0,0,30\n0,1,0,25\n1,1,0,10\n0,0,1,20\n1,0,1,8\n0,1,1,6\n1,1,1,3\n").unwrap();
//! let result = estimate(&table, &Request::new(Method::Loglinear)).unwrap();
//! assert!(result.estimate > table.observed() as f64);
//! assert!(result.ci_low <= result.estimate && result.estimate <= result.ci_high);
//! ```

pub mod dga;
pub mod glm;
pub mod lcmcr;
pub mod loglinear;
pub mod stats;
pub mod table;
pub mod two_list;

use serde::Serialize;

pub use lcmcr::LcmcrOptions;
pub use loglinear::Criterion;
pub use table::{CaptureTable, TableError};

/// Which estimator.
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
    /// A named model is malformed or unknown.
    #[error("model '{0}': expected generators such as [12,3] using list numbers 1..{1}")]
    BadModel(String, usize),
    /// The model could not be fitted (not identifiable from these cells).
    #[error("model {0} cannot be fitted to this table: some of its terms are not identifiable (zero or missing cells)")]
    NotIdentifiable(String),
}

/// The result, in one shape for every method.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    /// Method.
    pub method: Method,
    /// The model behind the figure (Rcapture-style name, or a description).
    pub model: String,
    /// Point estimate of the population size (posterior median for Bayesian methods).
    pub estimate: f64,
    /// Lower end of the 95 % interval.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
    /// What kind of interval.
    pub interval: &'static str,
    /// Standard error, where the method gives one.
    pub se: Option<f64>,
    /// Individuals on at least one list.
    pub observed: u64,
    /// Estimated never documented: estimate - observed.
    pub undocumented: f64,
    /// List names.
    pub lists: Vec<String>,
    /// What the method assumes, in plain words.
    pub assumptions: Vec<String>,
    /// What the data cannot support.
    pub warnings: Vec<String>,
    /// Chapman: every pair of lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs: Option<Vec<two_list::TwoListEstimate>>,
    /// Log-linear: models ranked by the criterion (best first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub models: Option<Vec<loglinear::ModelFit>>,
    /// Log-linear: the criterion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<Criterion>,
    /// Log-linear: the profile-likelihood maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_point: Option<f64>,
    /// dga: the averaging.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dga: Option<dga::DgaResult>,
    /// LCMCR: the sampler's summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lcmcr: Option<lcmcr::LcmcrResult>,
}

/// Warnings every method shares: what in the table limits any estimate.
pub fn table_warnings(table: &CaptureTable) -> Vec<String> {
    let mut w = Vec::new();
    let t = table.list_count();
    for i in 0..t {
        let bit = 1usize << i;
        let alone = table.counts[bit];
        let on = table.on_list(i);
        if on == 0 {
            w.push(format!("list '{}' is empty", table.lists[i]));
        } else if on == alone {
            w.push(format!(
                "list '{}' overlaps no other list: the data say nothing about how many it missed, so every estimate involving it rests on assumption alone",
                table.lists[i]
            ));
        } else if on < 10 {
            w.push(format!(
                "list '{}' has only {on} individuals: too few to say much about its coverage",
                table.lists[i]
            ));
        }
    }
    let zeros = table.counts.iter().skip(1).filter(|&&c| c == 0).count();
    if zeros > 0 {
        w.push(format!(
            "{zeros} of the {} observable patterns have no one in them; models with interactions resting on those cells may not be identifiable",
            table.counts.len() - 1
        ));
    }
    w
}

/// Runs the requested method.
pub fn estimate(table: &CaptureTable, request: &Request) -> Result<Estimate, EstimateError> {
    let observed = table.observed();
    let t = table.list_count();
    let mut warnings = table_warnings(table);
    let base =
        |method, model: String, est: f64, low: f64, high: f64, interval, se, assumptions: &[&str], warnings| Estimate {
            method,
            model,
            estimate: est,
            ci_low: low,
            ci_high: high,
            interval,
            se,
            observed,
            undocumented: est - observed as f64,
            lists: table.lists.clone(),
            assumptions: assumptions.iter().map(|s| s.to_string()).collect(),
            warnings,
            pairs: None,
            models: None,
            criterion: None,
            profile_point: None,
            dga: None,
            lcmcr: None,
        };
    match request.method {
        Method::Chapman => {
            let mut pairs = Vec::new();
            for a in 0..t {
                for b in a + 1..t {
                    let (n1, n2, m) = table.pair(a, b);
                    pairs.push(two_list::two_list(&table.lists[a], &table.lists[b], n1, n2, m));
                }
            }
            if t > 2 {
                warnings.push(format!(
                    "{t} lists: each pair is estimated on its own, ignoring the other lists; the headline figure is the first pair. Use loglinear, dga or lcmcr to use all lists together"
                ));
            }
            for p in &pairs {
                if p.both == 0 {
                    warnings.push(format!(
                        "lists '{}' and '{}' share nobody: two-list estimates for them are meaningless",
                        p.list_a, p.list_b
                    ));
                }
            }
            let first = pairs[0].clone();
            let mut e = base(
                Method::Chapman,
                format!("Chapman {} x {}", first.list_a, first.list_b),
                first.chapman,
                first.ci_low,
                first.ci_high,
                "95 % normal approximation",
                Some(first.chapman_se),
                &[
                    "the population is closed: nobody enters or leaves between the lists",
                    "the two lists are independent: being on one does not change the chance of being on the other",
                    "everyone has the same chance of being on each list",
                    "records were matched across lists without error",
                ],
                warnings,
            );
            e.pairs = Some(pairs);
            Ok(e)
        }
        Method::Loglinear => {
            if t < 3 {
                return Err(EstimateError::Unsupported(
                    "log-linear models need at least 3 lists; with 2 lists use --method chapman".into(),
                ));
            }
            if t > loglinear::MAX_LISTS {
                return Err(EstimateError::Unsupported(format!(
                    "{t} lists: log-linear models are supported for 3 to {} lists",
                    loglinear::MAX_LISTS
                )));
            }
            let exhaustive = t <= loglinear::EXHAUSTIVE_MAX_LISTS;
            let ranked = if exhaustive {
                loglinear::model_search(table, request.criterion, request.threads)
            } else {
                warnings.push(format!(
                    "{t} lists have too many hierarchical models to fit them all: the search was stepwise from the independence model and may miss a better model"
                ));
                loglinear::stepwise_search(table, request.criterion, request.threads)
            };
            let chosen = match &request.model {
                Some(name) => {
                    let m = loglinear::Model::parse(name, t).ok_or_else(|| EstimateError::BadModel(name.clone(), t))?;
                    loglinear::fit_model(table, &m).ok_or_else(|| EstimateError::NotIdentifiable(m.name()))?
                }
                None => ranked.first().cloned().ok_or_else(|| EstimateError::NotIdentifiable("every model".into()))?,
            };
            if !chosen.converged {
                warnings.push(format!(
                    "model {} did not converge: some fitted cells tend to zero, so its estimate and interval are unreliable",
                    chosen.model
                ));
            }
            let model = loglinear::Model::parse(&chosen.model, t)
                .ok_or_else(|| EstimateError::BadModel(chosen.model.clone(), t))?;
            let profile = loglinear::profile_interval(table, &model, chosen.estimate);
            let (low, high, point) = match &profile {
                Some(p) => (p.low, p.high, Some(p.point)),
                None => {
                    warnings.push(
                        "the profile likelihood could not be computed; the interval is estimate +- 1.96 se".into(),
                    );
                    (chosen.estimate - 1.96 * chosen.se, chosen.estimate + 1.96 * chosen.se, None)
                }
            };
            if high.is_infinite() {
                warnings.push("the profile likelihood never falls far enough: the upper bound is unbounded".into());
            }
            if let Some(second) = ranked.get(1) {
                let key = |f: &loglinear::ModelFit| match request.criterion {
                    Criterion::Aic => f.aic,
                    Criterion::Bic => f.bic,
                };
                if request.model.is_none() && (key(second) - key(&chosen)).abs() < 2.0 {
                    warnings.push(format!(
                        "the next model, {}, is almost as good (criterion within 2) and estimates {:.0}: model choice matters here; consider dga or lcmcr, which average over models",
                        second.model, second.estimate
                    ));
                }
            }
            let mut e = base(
                Method::Loglinear,
                chosen.model.clone(),
                chosen.estimate,
                low,
                high,
                "95 % profile likelihood",
                Some(chosen.se),
                &[
                    "the population is closed: nobody enters or leaves between the lists",
                    "dependence between lists is fully described by the model's interaction terms",
                    "there is no interaction among all lists at once (the highest-order term is assumed zero: this cannot be tested)",
                    "records were matched across lists without error",
                    "the model was chosen from all hierarchical models by the criterion; the interval does not include model-choice uncertainty",
                ],
                warnings,
            );
            e.models = Some(ranked);
            e.criterion = Some(request.criterion);
            e.profile_point = point;
            Ok(e)
        }
        Method::Dga => {
            if !(3..=5).contains(&t) {
                return Err(EstimateError::Unsupported(format!(
                    "dga averages over decomposable graphs for 3 to 5 lists; this table has {t}"
                )));
            }
            let delta = request.delta.unwrap_or(1.0 / table.counts.len() as f64);
            if !(delta > 0.0 && delta.is_finite()) {
                return Err(EstimateError::Unsupported("--delta must be a positive number".into()));
            }
            let max_missing = request.max_missing.unwrap_or(observed.saturating_mul(10).max(1000));
            let r = dga::bma(table, delta, max_missing);
            if r.mass_at_upper_limit > 1e-4 {
                warnings.push(format!(
                    "the posterior still has mass at the largest N considered ({}); raise --max-missing",
                    observed + max_missing
                ));
            }
            let mut e = base(
                Method::Dga,
                format!("average over {} decomposable graphs (delta {})", r.graphs, r.delta),
                r.median,
                r.ci_low,
                r.ci_high,
                "95 % posterior interval",
                None,
                &[
                    "the population is closed: nobody enters or leaves between the lists",
                    "list dependence follows one of the decomposable graphical models, each equally likely a priori",
                    "hyper-Dirichlet prior with delta prior counts per cell: results can depend strongly on delta, compare several",
                    "prior on the population size proportional to 1/N",
                    "records were matched across lists without error",
                ],
                warnings,
            );
            e.dga = Some(r);
            Ok(e)
        }
        Method::Lcmcr => {
            let o = request.lcmcr;
            if o.samples < 10 || o.thin == 0 || o.classes == 0 {
                return Err(EstimateError::Unsupported(
                    "LCMCR needs at least 10 kept draws, --thin of 1 or more and 1 or more classes".into(),
                ));
            }
            let r = lcmcr::lcmcr(table, o);
            if r.ess < 200.0 {
                warnings.push(format!(
                    "effective sample size is only {:.0}: the chain mixes slowly; run more iterations (or thin more) before relying on the interval",
                    r.ess
                ));
            }
            if r.geweke_z.abs() > 2.0 {
                warnings.push(format!(
                    "Geweke's z is {:.2}: early and late draws disagree, the chain may not have converged; increase --burn-in",
                    r.geweke_z
                ));
            }
            let mut e = base(
                Method::Lcmcr,
                format!("latent classes (K = {}, a = {}, b = {})", o.classes, o.a_alpha, o.b_alpha),
                r.median,
                r.ci_low,
                r.ci_high,
                "95 % posterior interval",
                None,
                &[
                    "the population is closed: nobody enters or leaves between the lists",
                    "individuals fall into latent classes; within a class, lists capture independently (heterogeneity is modelled, not assumed away)",
                    "stick-breaking (Dirichlet process) prior on classes, truncated at K; prior on N proportional to 1/N",
                    "records were matched across lists without error",
                    "a Monte Carlo result: different seeds give slightly different figures",
                ],
                warnings,
            );
            e.lcmcr = Some(r);
            Ok(e)
        }
    }
}
