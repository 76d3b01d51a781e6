//! `attest estimate`: multiple systems estimation from a capture-history CSV, as a readable table,
//! one JSON object, and an optional SVG plot.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use attest_estimate::diagnostics::thousands;
use attest_estimate::loglinear::FitKind;
use attest_estimate::{Criterion, Estimate, LcmcrOptions, Method, Outcome, Request, estimate};
use plotters::prelude::*;

/// Arguments of `attest estimate`, already parsed by clap.
pub struct EstimateArgs<'a> {
    pub table: &'a Path,
    pub method: Method,
    pub criterion: Criterion,
    pub model: Option<String>,
    pub delta: Option<f64>,
    pub max_missing: Option<u64>,
    pub seed: u64,
    pub iterations: Option<u64>,
    pub burn_in: Option<u64>,
    pub thin: Option<u64>,
    pub classes: Option<usize>,
    pub plot: Option<&'a Path>,
}

pub fn run(args: &EstimateArgs<'_>) -> Result<Estimate> {
    let path = args.table;
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| anyhow!("{}: not UTF-8 text (byte {})", path.display(), e.utf8_error().valid_up_to()))?;
    // The same reading as the web workspace's `/estimate` (refusals name the file, line and column).
    let table =
        attest_app::lists::read_capture_table(&path.display().to_string(), &text).map_err(|e| anyhow!("{e}"))?;
    let mut request = Request::new(args.method);
    request.criterion = args.criterion;
    request.model = args.model.clone();
    request.delta = args.delta;
    request.max_missing = args.max_missing;
    let defaults = LcmcrOptions::default();
    let burn_in = args.burn_in.unwrap_or(defaults.burn_in);
    let thin = args.thin.unwrap_or(defaults.thin);
    if thin == 0 {
        return Err(anyhow!("--thin must be 1 or more"));
    }
    let samples = match args.iterations {
        Some(total) if total <= burn_in => {
            return Err(anyhow!("--iterations {total} must be larger than --burn-in {burn_in}"));
        }
        Some(total) => (total - burn_in) / thin,
        None => defaults.samples,
    };
    request.lcmcr = LcmcrOptions {
        burn_in,
        thin,
        samples,
        seed: args.seed,
        classes: args.classes.unwrap_or(defaults.classes),
        ..defaults
    };
    let result = estimate(&table, &request).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    if let Some(plot) = args.plot {
        draw(&result, plot).with_context(|| format!("--plot {}", plot.display()))?;
    }
    Ok(result)
}

fn method_name(m: Method) -> &'static str {
    match m {
        Method::Chapman => "two-list Chapman estimator",
        Method::Loglinear => "log-linear models",
        Method::Dga => "Bayesian model averaging over decomposable graphs (dga)",
        Method::Lcmcr => "Bayesian latent-class model (LCMCR)",
        Method::Compare => "log-linear, dga and LCMCR side by side",
    }
}

fn or_dash(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), thousands)
}

/// The headline in words: a figure, a bound, or nothing, never a number the data cannot carry.
fn headline(e: &Estimate) -> String {
    match e.outcome {
        Outcome::Estimate => {
            let est = e.estimate.unwrap_or(f64::NAN);
            let interval = match (e.ci_low, e.ci_high) {
                (Some(l), Some(h)) => format!("{}: {} to {}", e.interval, thousands(l), thousands(h)),
                (Some(l), None) => format!("{}: from {}, no upper limit", e.interval, thousands(l)),
                _ => e.interval.to_string(),
            };
            format!(
                "Estimated total: {}   ({interval})\nNever documented: about {}",
                thousands(est),
                or_dash(e.undocumented)
            )
        }
        Outcome::LowerBound => {
            format!("No estimate: the total is at least {} (95 %), with no upper limit", or_dash(e.ci_low))
        }
        Outcome::UpperBound => format!("No estimate: the total is at most {} (95 %)", or_dash(e.ci_high)),
        Outcome::NoEstimate => "No single estimate".to_string(),
    }
}

pub fn text(e: &Estimate) -> String {
    let mut method = method_name(e.method).to_string();
    if e.method == Method::Loglinear {
        method.push_str(&format!(", ranked by {}", if e.criterion == Some(Criterion::Aic) { "AIC" } else { "BIC" }));
    }
    let mut s = format!(
        "Multiple systems estimation: {method}\nLists: {}; observed on at least one list: {}\n\n{}",
        e.lists.join(", "),
        thousands(e.observed as f64),
        headline(e)
    );
    if let Some(why) = &e.why {
        s.push_str(&format!("\nWhy: {why}"));
    }
    s.push_str(&format!("\nModel: {}", e.model));
    if let Some(reason) = &e.default_reason {
        s.push_str(&format!("\n\n{reason}"));
    }
    if let Some(side) = &e.side_by_side {
        s.push_str("\n\nSide by side:\n  method      estimate   95 % interval            model");
        for m in side {
            let figure = match m.outcome {
                Outcome::Estimate => or_dash(m.estimate),
                Outcome::LowerBound => format!(">= {}", or_dash(m.ci_low)),
                Outcome::UpperBound => format!("<= {}", or_dash(m.ci_high)),
                Outcome::NoEstimate => "none".to_string(),
            };
            s.push_str(&format!(
                "\n  {:<10} {:>9}   {:<24} {}",
                format!("{:?}", m.method).to_lowercase(),
                figure,
                format!("{} to {}", or_dash(m.ci_low), m.ci_high.map_or_else(|| "no limit".to_string(), thousands)),
                m.model
            ));
        }
        for m in side {
            s.push_str(&format!("\n\n  {} assumes:", format!("{:?}", m.method).to_lowercase()));
            for a in &m.assumptions {
                s.push_str(&format!("\n    - {}", a.text()));
            }
            for w in &m.warnings {
                s.push_str(&format!("\n    ! {}", w.message));
            }
            if let Some(why) = &m.why {
                s.push_str(&format!("\n    why: {why}"));
            }
        }
    }
    if let Some(pairs) = &e.pairs {
        s.push_str(
            "\n\n  pair                      n1      n2    both    Chapman   log-normal 95 %        profile 95 %",
        );
        for p in pairs {
            let chapman = match (p.chapman, p.below_observed) {
                (None, _) => "none".to_string(),
                (Some(_), true) => format!("{}*", or_dash(p.estimate)),
                (Some(c), false) => thousands(c),
            };
            s.push_str(&format!(
                "\n  {:<22} {:>7} {:>7} {:>7} {:>10}   {:<22} {}",
                format!("{} x {}", p.list_a, p.list_b),
                p.n1,
                p.n2,
                p.both,
                chapman,
                match (p.ci_low, p.ci_high) {
                    (Some(l), Some(h)) => format!("{} to {}", thousands(l), thousands(h)),
                    _ => "-".to_string(),
                },
                match (p.profile_low, p.profile_high) {
                    (Some(l), Some(h)) => format!("{} to {}", thousands(l), thousands(h)),
                    (Some(l), None) => format!("at least {}", thousands(l)),
                    _ => "-".to_string(),
                }
            ));
        }
        if pairs.iter().any(|p| p.below_observed) {
            s.push_str("\n  * Chapman fell below the number observed on all lists; the number observed is shown");
        }
    }
    if let Some(models) = &e.models {
        s.push_str(&format!(
            "\n\n{} models fitted; the best ten:\n  {:<18} {:>10} {:>8} {:>9} {:>3} {:>9} {:>9}  fit",
            models.len(),
            "model",
            "estimate",
            "se",
            "deviance",
            "df",
            "AIC",
            "BIC"
        ));
        for m in models.iter().take(10) {
            s.push_str(&format!(
                "\n  {:<18} {:>10} {:>8} {:>9.2} {:>3} {:>9.2} {:>9.2}  {}",
                m.model,
                m.estimate.map_or_else(|| "none".to_string(), thousands),
                m.se.map_or_else(|| "-".to_string(), |v| format!("{v:.1}")),
                m.deviance,
                m.df,
                m.aic,
                m.bic,
                match (m.fit, m.converged) {
                    (FitKind::Interior, true) => "",
                    (FitKind::Interior, false) => "not converged",
                    (FitKind::Boundary, _) => "on the boundary",
                    (FitKind::Diverges, _) => "diverges: no estimate",
                }
            ));
        }
    }
    if let Some(fit) = &e.fit
        && let Some(p) = fit.fit_p_value
    {
        s.push_str(&format!(
            "\n\nGoodness of fit of {}: deviance {:.2} on {} degrees of freedom, p = {:.3}{}",
            fit.model,
            fit.deviance,
            fit.df,
            p,
            if p < 0.05 { " (the model does not fit)" } else { "" }
        ));
    }
    if let Some(choices) = &e.by_criterion {
        s.push_str("\n\nBy criterion:");
        for c in choices {
            let figure = match c.outcome {
                Outcome::Estimate => format!(
                    "{} ({} to {})",
                    or_dash(c.estimate),
                    or_dash(c.ci_low),
                    c.ci_high.map_or_else(|| "no upper limit".to_string(), thousands)
                ),
                Outcome::LowerBound => format!("no estimate, at least {}", or_dash(c.ci_low)),
                Outcome::UpperBound => format!("no estimate, at most {}", or_dash(c.ci_high)),
                Outcome::NoEstimate => "no estimate".to_string(),
            };
            s.push_str(&format!(
                "\n  best by {}: {:<14} {figure}",
                if c.criterion == Criterion::Aic { "AIC" } else { "BIC" },
                c.model
            ));
        }
    }
    if let Some(d) = &e.dga {
        s.push_str(&format!("\n\nPosterior mean {}; most probable graphs:", thousands(d.mean)));
        for g in d.top_models.iter().take(5) {
            s.push_str(&format!("\n  {:<18} weight {:.3}   median {}", g.model, g.weight, thousands(g.median)));
        }
    }
    if let Some(sweep) = &e.dga_sweep {
        s.push_str("\n\nThe same averaging under other priors (delta = prior counts per cell):");
        for r in sweep {
            s.push_str(&format!(
                "\n  delta {:<10} median {:>8}   95 % {} to {}{}",
                format!("{}", r.delta),
                thousands(r.median),
                thousands(r.ci_low),
                thousands(r.ci_high),
                if r.collapsed { "   (no width: collapsed by the prior, not an estimate)" } else { "" }
            ));
        }
    }
    if let Some(l) = &e.lcmcr {
        s.push_str(&format!(
            "\n\nSampler: {} iterations (burn-in {}, thin {}, {} draws kept, seed {}); effective sample size {:.0}; Geweke z {:.2}",
            l.iterations, l.options.burn_in, l.options.thin, l.options.samples, l.options.seed, l.ess, l.geweke_z
        ));
    }
    s.push_str("\n\nThis estimate assumes:");
    for a in &e.assumptions {
        s.push_str(&format!("\n  - {}", a.text()));
    }
    if !e.warnings.is_empty() {
        s.push_str("\n\nWarnings:");
        for w in &e.warnings {
            s.push_str(&format!("\n  ! {}", w.message));
        }
    }
    s
}

fn plot_err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("drawing failed: {e:?}")
}

/// Bayesian methods: the posterior of N. Log-linear and Chapman: estimates with +-1.96 se bars.
fn draw(e: &Estimate, path: &Path) -> Result<()> {
    let root = SVGBackend::new(path, (900, 540)).into_drawing_area();
    root.fill(&WHITE).map_err(plot_err)?;
    let observed = e.observed as f64;
    if let Some(d) = &e.dga {
        let points: Vec<(f64, f64)> = d.posterior.iter().enumerate().map(|(k, p)| (observed + k as f64, *p)).collect();
        let (low, high) = (e.ci_low.unwrap_or(observed), e.ci_high.unwrap_or(observed + d.max_missing as f64));
        let x_max = high + (high - low) * 0.6;
        let y_max = points.iter().map(|p| p.1).fold(0.0, f64::max) * 1.1;
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("Posterior of N (dga, {})", e.model), ("sans-serif", 20))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(observed..x_max.max(observed + 1.0), 0.0..y_max.max(1e-12))
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("population size N")
            .y_desc("posterior probability")
            .x_label_formatter(&|v| thousands(*v))
            .draw()
            .map_err(plot_err)?;
        chart.draw_series(LineSeries::new(points.into_iter().filter(|p| p.0 <= x_max), &BLUE)).map_err(plot_err)?;
        for v in [e.ci_low, e.estimate, e.ci_high].into_iter().flatten() {
            chart.draw_series(LineSeries::new(vec![(v, 0.0), (v, y_max)], &RED.mix(0.6))).map_err(plot_err)?;
        }
    } else if let Some(l) = &e.lcmcr {
        let (lo, hi) = l.draws.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        let bins = 60usize;
        let width = ((hi - lo) / bins as f64).max(1.0);
        let mut counts = vec![0usize; bins + 1];
        for v in &l.draws {
            counts[(((v - lo) / width) as usize).min(bins)] += 1;
        }
        let y_max = *counts.iter().max().unwrap_or(&1) as f64 * 1.1;
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("Posterior draws of N (LCMCR, {} draws)", l.draws.len()), ("sans-serif", 20))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(lo..(hi + width), 0.0..y_max)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("population size N")
            .y_desc("draws")
            .x_label_formatter(&|v| thousands(*v))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(counts.iter().enumerate().map(|(i, &c)| {
                let x0 = lo + i as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width, c as f64)], BLUE.mix(0.5).filled())
            }))
            .map_err(plot_err)?;
        for v in [e.ci_low, e.estimate, e.ci_high].into_iter().flatten() {
            chart.draw_series(LineSeries::new(vec![(v, 0.0), (v, y_max)], &RED.mix(0.6))).map_err(plot_err)?;
        }
    } else {
        let rows: Vec<(String, f64, f64)> = match (&e.models, &e.pairs) {
            // Diverging models have no estimate to draw.
            (Some(models), _) => models
                .iter()
                .take(20)
                .filter_map(|m| Some((m.model.clone(), m.estimate?, m.se.unwrap_or(0.0))))
                .collect(),
            (None, Some(pairs)) => pairs
                .iter()
                .filter_map(|p| Some((format!("{}x{}", p.list_a, p.list_b), p.estimate?, p.chapman_se.unwrap_or(0.0))))
                .collect(),
            _ => Vec::new(),
        };
        let y_lo = rows.iter().map(|r| r.1 - 1.96 * r.2).fold(observed, f64::min) * 0.95;
        let y_hi = rows.iter().map(|r| r.1 + 1.96 * r.2).fold(observed, f64::max) * 1.05;
        let n = rows.len().max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("Estimates by model (best first); observed {}", thousands(observed)), ("sans-serif", 20))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.5..(n - 0.5), y_lo..y_hi)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("model rank (see the table for names)")
            .y_desc("estimated N +- 1.96 se")
            .x_label_formatter(&|v| if v.fract().abs() < 1e-9 { format!("{}", *v as i64 + 1) } else { String::new() })
            .y_label_formatter(&|v| thousands(*v))
            .draw()
            .map_err(plot_err)?;
        for (i, (_, est, se)) in rows.iter().enumerate() {
            let x = i as f64;
            chart
                .draw_series(LineSeries::new(vec![(x, est - 1.96 * se), (x, est + 1.96 * se)], &BLUE))
                .map_err(plot_err)?;
            chart.draw_series(std::iter::once(Circle::new((x, *est), 4, BLUE.filled()))).map_err(plot_err)?;
        }
        chart
            .draw_series(LineSeries::new(vec![(-0.5, observed), (n - 0.5, observed)], &BLACK.mix(0.4)))
            .map_err(plot_err)?;
    }
    root.present().map_err(plot_err)?;
    Ok(())
}
