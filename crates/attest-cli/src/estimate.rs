//! `attest estimate`: multiple systems estimation from a capture-history CSV, as a readable table,
//! one JSON object, and an optional SVG plot.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use attest_estimate::{CaptureTable, Criterion, Estimate, LcmcrOptions, Method, Request, estimate};
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
    let table = CaptureTable::from_csv(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
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

fn thousands(v: f64) -> String {
    if !v.is_finite() {
        return "unbounded".into();
    }
    let s = format!("{:.0}", v);
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

pub fn text(e: &Estimate) -> String {
    let method = match e.method {
        Method::Chapman => "two-list Chapman estimator".to_string(),
        Method::Loglinear => {
            format!("log-linear models, ranked by {}", if e.criterion == Some(Criterion::Aic) { "AIC" } else { "BIC" })
        }
        Method::Dga => "Bayesian model averaging over decomposable graphs (dga)".to_string(),
        Method::Lcmcr => "Bayesian latent-class model (LCMCR)".to_string(),
        Method::Compare => "the methods side by side".to_string(),
    };
    let mut s = format!(
        "Multiple systems estimation: {method}\nLists: {}; observed on at least one list: {}\n\nEstimated total: {}   ({}: {} to {})\nNever documented: about {}\nModel: {}",
        e.lists.join(", "),
        thousands(e.observed as f64),
        num(e.estimate),
        e.interval,
        num(e.ci_low),
        num(e.ci_high),
        num(e.undocumented),
        e.model
    );
    if let Some(pairs) = &e.pairs {
        s.push_str("\n\n  pair                      n1      n2    both    Chapman       se");
        for p in pairs {
            s.push_str(&format!(
                "\n  {:<22} {:>7} {:>7} {:>7} {:>10} {:>8}",
                format!("{} x {}", p.list_a, p.list_b),
                p.n1,
                p.n2,
                p.both,
                num(p.chapman),
                p.chapman_se.map_or_else(|| "-".to_string(), |v| format!("{v:.1}"))
            ));
        }
    }
    if let Some(models) = &e.models {
        s.push_str(&format!(
            "\n\n{} models fitted; the best ten:\n  {:<18} {:>10} {:>8} {:>9} {:>3} {:>9} {:>9}",
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
                "\n  {:<18} {:>10} {:>8} {:>9.2} {:>3} {:>9.2} {:>9.2}{}",
                m.model,
                num(m.estimate),
                m.se.map_or_else(|| "-".to_string(), |v| format!("{v:.1}")),
                m.deviance,
                m.df,
                m.aic,
                m.bic,
                if m.converged { "" } else { "  (not converged)" }
            ));
        }
    }
    if let Some(d) = &e.dga {
        s.push_str(&format!("\n\nPosterior mean {}; most probable graphs:", thousands(d.mean)));
        for g in d.top_models.iter().take(5) {
            s.push_str(&format!("\n  {:<18} weight {:.3}   median {}", g.model, g.weight, thousands(g.median)));
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
        s.push_str(&format!("\n  - {a}"));
    }
    if !e.warnings.is_empty() {
        s.push_str("\n\nWarnings:");
        for w in &e.warnings {
            s.push_str(&format!("\n  ! {}", w.message));
        }
    }
    s
}

/// A figure, or "-" when there is none (the outcome says why).
fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), thousands)
}

fn plot_err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("drawing failed: {e:?}")
}

/// Bayesian methods: the posterior of N. Log-linear and Chapman: estimates with +-1.96 se bars.
fn draw(e: &Estimate, path: &Path) -> Result<()> {
    let root = SVGBackend::new(path, (900, 540)).into_drawing_area();
    root.fill(&WHITE).map_err(plot_err)?;
    let observed = e.observed as f64;
    let (Some(estimate), Some(ci_low), Some(ci_high)) = (e.estimate, e.ci_low, e.ci_high) else {
        return Err(anyhow!("no estimate to plot: {}", e.why.as_deref().unwrap_or("the model gave none")));
    };
    if let Some(d) = &e.dga {
        let points: Vec<(f64, f64)> = d.posterior.iter().enumerate().map(|(k, p)| (observed + k as f64, *p)).collect();
        let x_max = ci_high + (ci_high - ci_low) * 0.6;
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
        for v in [ci_low, estimate, ci_high] {
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
        for v in [ci_low, estimate, ci_high] {
            chart.draw_series(LineSeries::new(vec![(v, 0.0), (v, y_max)], &RED.mix(0.6))).map_err(plot_err)?;
        }
    } else {
        let rows: Vec<(String, f64, f64)> = match (&e.models, &e.pairs) {
            (Some(models), _) => {
                models.iter().take(20).filter_map(|m| Some((m.model.clone(), m.estimate?, m.se?))).collect()
            }
            (None, Some(pairs)) => pairs
                .iter()
                .filter_map(|p| Some((format!("{}x{}", p.list_a, p.list_b), p.chapman?, p.chapman_se?)))
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
