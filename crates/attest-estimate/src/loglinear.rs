//! Hierarchical log-linear models for 3 or more lists, model search by AIC or BIC, and the
//! profile-likelihood interval for the population size.
//!
//! A model is the set of list interactions it includes; "hierarchical" means that with an
//! interaction it includes every lower-order interaction inside it. All main effects are always
//! in, and the t-way interaction never is (it is not identifiable from the observed cells). This is
//! the model space of R's `Rcapture::closedpMS.t` with its defaults (113 models for 4 lists, 6,893
//! for 5), and models are named as Rcapture names them: the maximal terms, e.g. `[123,14,34]`.
//! Each model is a Poisson regression on the 2^t - 1 observed cells; the unobserved cell is
//! predicted as exp(intercept).

use serde::Serialize;

use crate::glm::{PoissonFit, fit_poisson, fit_poisson_with, independent_columns};
use crate::parallel::{WorkerFailed, map_all};
use crate::stats::{CHISQ1_95, chi_square_upper_tail, lgamma};
use crate::table::CaptureTable;

/// A hierarchical model: the interaction terms it includes (bit masks of size >= 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// Number of lists.
    pub lists: usize,
    /// Interaction terms, sorted by size then value.
    pub terms: Vec<usize>,
}

impl Model {
    /// The independence model (main effects only).
    pub fn independence(lists: usize) -> Model {
        Model { lists, terms: Vec::new() }
    }

    /// Rcapture's name: the maximal terms, largest first, e.g. `[123,14,34]`.
    pub fn name(&self) -> String {
        let mut maximal: Vec<usize> =
            self.terms.iter().copied().filter(|&t| !self.terms.iter().any(|&u| u != t && u & t == t)).collect();
        for i in 0..self.lists {
            let bit = 1 << i;
            if !self.terms.iter().any(|&t| t & bit != 0) {
                maximal.push(bit);
            }
        }
        let label = |m: usize| -> String { (0..self.lists).filter(|i| m & (1 << i) != 0).map(list_digit).collect() };
        let mut names: Vec<(usize, String)> = maximal.iter().map(|&m| (m.count_ones() as usize, label(m))).collect();
        names.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        format!("[{}]", names.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join(","))
    }

    /// Reads a name such as `[123,14,34]` for `lists` lists.
    pub fn parse(name: &str, lists: usize) -> Option<Model> {
        let inner = name.trim().strip_prefix('[')?.strip_suffix(']')?;
        let mut gens = Vec::new();
        for part in inner.split(',') {
            let mut m = 0usize;
            for c in part.trim().chars() {
                // Lists 10 and up are written as letters a, b, ... (list 10 = 'a').
                let d = c.to_digit(36)? as usize;
                if d == 0 || d > lists {
                    return None;
                }
                m |= 1 << (d - 1);
            }
            gens.push(m);
        }
        let full = (1usize << lists) - 1;
        let mut terms: Vec<usize> =
            (1..full).filter(|&t| t.count_ones() >= 2 && gens.iter().any(|&g| g & t == t)).collect();
        terms.sort_by_key(|&t| (t.count_ones(), t));
        Some(Model { lists, terms })
    }

    /// Number of parameters: intercept, main effects, interactions.
    pub fn parameters(&self) -> usize {
        1 + self.lists + self.terms.len()
    }

    /// Design row for a cell pattern.
    fn row(&self, pattern: usize, out: &mut Vec<f64>) {
        out.push(1.0);
        for i in 0..self.lists {
            out.push(if pattern & (1 << i) != 0 { 1.0 } else { 0.0 });
        }
        for &t in &self.terms {
            out.push(if pattern & t == t { 1.0 } else { 0.0 });
        }
    }
}

/// How list `i` (from 0) is written in model names: 1-9, then a, b, ... for lists 10 and up.
pub fn list_digit(i: usize) -> char {
    char::from_digit((i + 1) as u32, 36).unwrap_or('?')
}

/// Every hierarchical model for `lists` lists with interactions up to order `lists - 1`.
pub fn all_models(lists: usize) -> Vec<Model> {
    let full = (1usize << lists) - 1;
    let mut terms: Vec<usize> = (1..full).filter(|t| t.count_ones() >= 2).collect();
    terms.sort_by_key(|&t| (t.count_ones(), t));
    let subterms: Vec<Vec<usize>> = terms
        .iter()
        .map(|&t| {
            terms.iter().copied().filter(|&s| s != t && s & t == s && s.count_ones() + 1 == t.count_ones()).collect()
        })
        .collect();
    let mut out = Vec::new();
    let mut chosen = Vec::new();
    fn walk(
        i: usize,
        terms: &[usize],
        subterms: &[Vec<usize>],
        chosen: &mut Vec<usize>,
        lists: usize,
        out: &mut Vec<Model>,
    ) {
        if i == terms.len() {
            out.push(Model { lists, terms: chosen.clone() });
            return;
        }
        walk(i + 1, terms, subterms, chosen, lists, out);
        if subterms[i].iter().all(|s| chosen.contains(s)) {
            chosen.push(terms[i]);
            walk(i + 1, terms, subterms, chosen, lists, out);
            chosen.pop();
        }
    }
    walk(0, &terms, &subterms, &mut chosen, lists, &mut out);
    out
}

/// How a model's maximum-likelihood fit behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FitKind {
    /// The maximum exists inside the parameter space: an ordinary fit.
    Interior,
    /// Some empty cells are fitted at exactly zero in the limit (their terms run to minus
    /// infinity), but the unobserved cell is still determined: the estimate is the limit, as
    /// Rcapture's `glm` fit reports it. The terms that only those cells inform drop out.
    Boundary,
    /// The parameters run off and take the unobserved cell with them (to infinity, or to zero):
    /// the data do not determine this model's estimate at all, only a bound (see the profile).
    Diverges,
}

/// One fitted model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelFit {
    /// Rcapture-style name.
    pub model: String,
    /// Estimated population size, n + exp(intercept); `None` when the fit diverges.
    pub estimate: Option<f64>,
    /// Its standard error (delta method, as Rcapture); `None` when the fit diverges.
    pub se: Option<f64>,
    /// Residual deviance.
    pub deviance: f64,
    /// Residual degrees of freedom (observed cells minus parameters, as Rcapture counts them).
    pub df: usize,
    /// The deviance's p-value against chi-square on `df` (`None` when df = 0: nothing to test).
    pub fit_p_value: Option<f64>,
    /// -2 log-likelihood + 2 p.
    pub aic: f64,
    /// -2 log-likelihood + p log(n).
    pub bic: f64,
    /// True only when the fitting reached a maximum (in the interior, or on a boundary that still
    /// determines the estimate). A diverging fit is never reported as converged, whatever its
    /// deviance does.
    pub converged: bool,
    /// Interior, boundary or diverging.
    pub fit: FitKind,
    /// Empty cells fitted at zero, written as the lists they hold (e.g. "23" = on lists 2 and 3
    /// only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells_at_zero: Vec<String>,
}

/// A fitted value below this, in a cell observed empty, marks the cell as fitted at zero.
const ZERO_CELL: f64 = 1e-6;

/// How a pattern is written: the lists it holds, e.g. "23".
pub fn pattern_label(pattern: usize, lists: usize) -> String {
    (0..lists).filter(|i| pattern & (1 << i) != 0).map(list_digit).collect()
}

/// Fits one model to the observed cells, detecting fits that sit on the boundary or diverge.
/// `None` only when nothing can be fitted at all.
pub fn fit_model(table: &CaptureTable, model: &Model) -> Option<ModelFit> {
    let cells = table.counts.len();
    let p = model.parameters();
    let mut x = Vec::with_capacity((cells - 1) * p);
    let mut y = Vec::with_capacity(cells - 1);
    for pattern in 1..cells {
        model.row(pattern, &mut x);
        y.push(table.counts[pattern] as f64);
    }
    let fit: PoissonFit = fit_poisson(&x, p, &y)?;
    let n = table.observed() as f64;
    let df = (cells - 1).saturating_sub(p);
    let aic = -2.0 * fit.loglik + 2.0 * p as f64;
    let bic = -2.0 * fit.loglik + p as f64 * n.ln();
    let fit_p_value = (df > 0).then(|| chi_square_upper_tail(fit.deviance, df as f64));
    let at_zero: Vec<bool> = y.iter().zip(&fit.mu).map(|(&yi, &mi)| yi == 0.0 && mi < ZERO_CELL).collect();
    let base = |fit: &PoissonFit, kind, estimate, se, converged, zero: &[bool]| ModelFit {
        model: model.name(),
        estimate,
        se,
        deviance: fit.deviance,
        df,
        fit_p_value,
        aic,
        bic,
        converged,
        fit: kind,
        cells_at_zero: zero
            .iter()
            .enumerate()
            .filter(|(_, z)| **z)
            .map(|(i, _)| pattern_label(i + 1, model.lists))
            .collect(),
    };
    if !at_zero.iter().any(|&z| z) && !fit.aliased[0] {
        let mu0 = fit.beta[0].exp();
        // Delta method for N = n + exp(b0), counting the Poisson variance of the unobserved cell.
        let se = (mu0 + mu0 * mu0 * fit.cov[0]).sqrt();
        return Some(base(&fit, FitKind::Interior, Some(n + mu0), Some(se), fit.converged, &at_zero));
    }
    // Some empty cells are being fitted towards zero. Refit without them: if the fit on the
    // remaining cells is the same fit (same deviance), those cells are at zero in the limit.
    let keep: Vec<bool> = at_zero.iter().map(|z| !z).collect();
    let (xf, yf): (Vec<f64>, Vec<f64>) = {
        let mut xf = Vec::new();
        let mut yf = Vec::new();
        for (i, k) in keep.iter().enumerate() {
            if *k {
                xf.extend_from_slice(&x[i * p..(i + 1) * p]);
                yf.push(y[i]);
            }
        }
        (xf, yf)
    };
    // Is the intercept (the unobserved cell) identifiable from the remaining cells? It is when
    // its column is not a combination of the other columns there.
    let order: Vec<usize> = (1..p).chain(std::iter::once(0)).collect();
    let intercept_identified = independent_columns(&x, p, &keep, &order)[0];
    let refit = fit_poisson_with(&xf, p, &yf, 100);
    match refit {
        Some(r) if intercept_identified && !r.aliased[0] => {
            let mu0 = r.beta[0].exp();
            let se = (mu0 + mu0 * mu0 * r.cov[0]).sqrt();
            Some(base(&fit, FitKind::Boundary, Some(n + mu0), Some(se), r.converged, &at_zero))
        }
        _ => Some(base(&fit, FitKind::Diverges, None, None, false, &at_zero)),
    }
}

/// Ranking criterion.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Criterion {
    /// Akaike.
    Aic,
    /// Schwarz (Bayesian).
    Bic,
}

/// The criterion's value for a fit.
pub fn criterion_value(f: &ModelFit, criterion: Criterion) -> f64 {
    match criterion {
        Criterion::Aic => f.aic,
        Criterion::Bic => f.bic,
    }
}

/// Ranks fits by the criterion, best first.
pub fn rank(fits: &mut [ModelFit], criterion: Criterion) {
    fits.sort_by(|a, b| criterion_value(a, criterion).total_cmp(&criterion_value(b, criterion)));
}

/// Fits every hierarchical model on `threads` threads and returns them ranked (best first).
/// Models that cannot be fitted at all are left out; a worker that fails fails the search.
pub fn model_search(table: &CaptureTable, criterion: Criterion, threads: usize) -> Result<Vec<ModelFit>, WorkerFailed> {
    let models = all_models(table.list_count());
    let mut fits: Vec<ModelFit> = map_all(&models, threads, "fitting log-linear models", |m| fit_model(table, m))?
        .into_iter()
        .flatten()
        .collect();
    rank(&mut fits, criterion);
    Ok(fits)
}

/// Most lists for which the full model space is searched; beyond it the search is stepwise.
pub const EXHAUSTIVE_MAX_LISTS: usize = 5;

/// Largest number of lists the log-linear search accepts.
pub const MAX_LISTS: usize = 10;

/// Stepwise search for tables with more lists than can be searched exhaustively (6 lists have
/// millions of hierarchical models). From the independence model, repeatedly take the best move
/// by the criterion (add a term whose lower-order terms are all present, or drop a maximal term)
/// until no move improves it. Returns every model visited, ranked (best first). Not exhaustive: a
/// better model elsewhere in the space can be missed, and the estimate says so.
pub fn stepwise_search(
    table: &CaptureTable,
    criterion: Criterion,
    threads: usize,
) -> Result<Vec<ModelFit>, WorkerFailed> {
    use std::collections::HashMap;
    let t = table.list_count();
    let full = (1usize << t) - 1;
    let key = |f: &ModelFit| criterion_value(f, criterion);
    let mut visited: HashMap<Vec<usize>, Option<ModelFit>> = HashMap::new();
    let mut current = Model::independence(t);
    let mut current_fit = match fit_model(table, &current) {
        Some(f) => f,
        None => return Ok(Vec::new()),
    };
    visited.insert(current.terms.clone(), Some(current_fit.clone()));
    loop {
        let mut neighbours: Vec<Model> = Vec::new();
        for term in 1..full {
            if term.count_ones() < 2 || current.terms.contains(&term) {
                continue;
            }
            let lower_present = (0..t)
                .filter(|i| term & (1 << i) != 0)
                .map(|i| term & !(1 << i))
                .all(|sub| sub.count_ones() < 2 || current.terms.contains(&sub));
            if lower_present {
                let mut terms = current.terms.clone();
                terms.push(term);
                terms.sort_by_key(|&x| (x.count_ones(), x));
                neighbours.push(Model { lists: t, terms });
            }
        }
        for &term in &current.terms {
            if !current.terms.iter().any(|&u| u != term && u & term == term) {
                let terms: Vec<usize> = current.terms.iter().copied().filter(|&x| x != term).collect();
                neighbours.push(Model { lists: t, terms });
            }
        }
        neighbours.retain(|m| !visited.contains_key(&m.terms));
        let fits: Vec<(Vec<usize>, Option<ModelFit>)> =
            map_all(&neighbours, threads, "fitting log-linear models stepwise", |m| {
                (m.terms.clone(), fit_model(table, m))
            })?;
        let mut best: Option<(Vec<usize>, ModelFit)> = None;
        for (terms, fit) in fits {
            if let Some(f) = &fit
                && f.converged
                && best.as_ref().is_none_or(|(_, b)| key(f) < key(b))
            {
                best = Some((terms.clone(), f.clone()));
            }
            visited.insert(terms, fit);
        }
        match best {
            Some((terms, fit)) if key(&fit) < key(&current_fit) - 1e-9 => {
                current = Model { lists: t, terms };
                current_fit = fit;
            }
            _ => break,
        }
    }
    let mut ranked: Vec<ModelFit> = visited.into_values().flatten().collect();
    ranked.sort_by(|a, b| key(a).total_cmp(&key(b)));
    // The model the walk ended on leads: it is the best reached by the search's own rule.
    if let Some(pos) = ranked.iter().position(|f| f.model == current_fit.model) {
        let chosen = ranked.remove(pos);
        ranked.insert(0, chosen);
    }
    Ok(ranked)
}

/// Where the profile likelihood of N peaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileShape {
    /// A peak at a finite N above the number observed: an ordinary estimate.
    Peak,
    /// Highest at the number observed itself: the model says nobody was missed, which an empty
    /// cell can force; only an upper bound is meaningful.
    AtObserved,
    /// Still rising at a million times the number observed: the data set no upper limit, only a
    /// lower bound.
    RisesForever,
}

/// A profile-likelihood interval for N under one model.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileInterval {
    /// The N that maximises the profile (multinomial) likelihood (infinite when it rises forever).
    pub point: f64,
    /// Lower 95 % bound.
    pub low: f64,
    /// Upper 95 % bound (infinite when the likelihood never falls far enough).
    pub high: f64,
    /// Where the likelihood peaks.
    pub shape: ProfileShape,
}

/// The profile log-likelihood of N: the multinomial likelihood of the complete table with
/// N - n in the unobserved cell, maximised over the model's parameters.
fn profile_loglik(table: &CaptureTable, model: &Model, x_full: &[f64], n_total: f64) -> Option<f64> {
    let n = table.observed() as f64;
    let mut y: Vec<f64> = table.counts.iter().map(|&c| c as f64).collect();
    y[0] = n_total - n;
    let fit = fit_poisson(x_full, model.parameters(), &y)?;
    let mut ll = lgamma(n_total + 1.0) - lgamma(n_total - n + 1.0);
    for (yi, mi) in y.iter().zip(&fit.mu) {
        if *yi > 0.0 {
            ll += yi * (mi / n_total).ln();
        }
    }
    Some(ll)
}

/// The 95 % profile-likelihood interval for N under `model` (Cormack 1992), as Rcapture's
/// `closedpCI.t` reports it. The likelihood is first scanned on a geometric grid of N from the
/// number observed to a million times it, so a likelihood that peaks at the number observed or
/// never stops rising is reported as such (a bound), not as a number; a peak is then refined by
/// golden-section search.
pub fn profile_interval(table: &CaptureTable, model: &Model) -> Option<ProfileInterval> {
    let n = table.observed() as f64;
    let mut x_full = Vec::new();
    for pattern in 0..table.counts.len() {
        model.row(pattern, &mut x_full);
    }
    let f = |nt: f64| profile_loglik(table, model, &x_full, nt).unwrap_or(f64::NEG_INFINITY);
    // Missing counts from 1e-3 to a million times max(n, 100), four steps a decade.
    let top = (n.max(100.0) * 1e6).log10();
    let grid: Vec<f64> = (-12..=(top * 4.0).ceil() as i32).map(|j| n + 10f64.powf(j as f64 / 4.0)).collect();
    let values: Vec<f64> = grid.iter().map(|&v| f(v)).collect();
    let (best, &best_value) = values.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
    if !best_value.is_finite() {
        return None;
    }
    let last = grid.len() - 1;
    if best == last {
        // Rising to the end: the supremum is approached as N grows without limit.
        let target = best_value - CHISQ1_95 / 2.0;
        let low = match values.iter().position(|&v| v >= target) {
            Some(0) | None => n,
            Some(j) => bisect(&|nt| f(nt) - target, grid[j - 1], grid[j])?,
        };
        return Some(ProfileInterval {
            point: f64::INFINITY,
            low,
            high: f64::INFINITY,
            shape: ProfileShape::RisesForever,
        });
    }
    let (point, max, shape) = if best == 0 && f(n) >= best_value {
        (n, f(n), ProfileShape::AtObserved)
    } else {
        // Golden-section search between the grid neighbours of the best grid point.
        let (mut a, mut b) = (if best == 0 { n } else { grid[best - 1] }, grid[best + 1]);
        let gr = (5f64.sqrt() - 1.0) / 2.0;
        let (mut c, mut d) = (b - gr * (b - a), a + gr * (b - a));
        let (mut fc, mut fd) = (f(c), f(d));
        for _ in 0..200 {
            if (b - a).abs() < 1e-9 * b {
                break;
            }
            if fc > fd {
                b = d;
                d = c;
                fd = fc;
                c = b - gr * (b - a);
                fc = f(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + gr * (b - a);
                fd = f(d);
            }
        }
        let point = (a + b) / 2.0;
        (point, f(point), ProfileShape::Peak)
    };
    if !max.is_finite() {
        return None;
    }
    let target = max - CHISQ1_95 / 2.0;
    let g = |nt: f64| f(nt) - target;
    // Lower bound: between n and the point (or n itself if the profile never drops that far).
    let low = if shape == ProfileShape::AtObserved || g(n + 1e-9) >= 0.0 { n } else { bisect(&g, n + 1e-9, point)? };
    let high = match (best..grid.len()).find(|&j| grid[j] > point && values[j] < target) {
        // grid[j - 1] is at or before the point, or still above the target: the crossing is after it.
        Some(j) => bisect(&g, if j > 0 && grid[j - 1] > point { grid[j - 1] } else { point }, grid[j])?,
        None => f64::INFINITY,
    };
    Some(ProfileInterval { point, low, high, shape })
}

fn bisect(g: &dyn Fn(f64) -> f64, mut a: f64, mut b: f64) -> Option<f64> {
    let (ga, gb) = (g(a), g(b));
    if ga.signum() == gb.signum() {
        return None;
    }
    for _ in 0..200 {
        let m = (a + b) / 2.0;
        if (b - a) < 1e-7 * b.abs().max(1.0) {
            return Some(m);
        }
        if g(m).signum() == ga.signum() {
            a = m;
        } else {
            b = m;
        }
    }
    Some((a + b) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_space_sizes_match_rcapture() {
        assert_eq!(all_models(3).len(), 8);
        assert_eq!(all_models(4).len(), 113);
        assert_eq!(all_models(5).len(), 6_893);
    }

    #[test]
    fn names_round_trip() {
        for name in ["[123,14,34]", "[23,1]", "[1,2,3,4]", "[12,35,45]", "[123,134]"] {
            let lists = if name.contains('5') {
                5
            } else if name.contains('4') {
                4
            } else {
                3
            };
            let m = Model::parse(name, lists).unwrap();
            assert_eq!(m.name(), name);
        }
        assert_eq!(Model::independence(3).name(), "[1,2,3]");
        assert!(Model::parse("[15]", 4).is_none());
    }
}
