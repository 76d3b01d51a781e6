//! Speed of the estimators on the reference tables, beside the timings the R packages report for
//! the same tables (../shared/data/mse/REFERENCE.md; R's CRAN packages cannot be installed on the
//! reference machine, so the R figures are quoted, not re-measured).
//!
//! `cargo run --release -p attest-estimate --example bench_estimate -- [RUNS]`

use std::time::{Duration, Instant};

use attest_estimate::loglinear::{Criterion, model_search};
use attest_estimate::{CaptureTable, LcmcrOptions, Method, Request, estimate};

fn load(name: &str) -> CaptureTable {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    CaptureTable::from_csv(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn median_time(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let kosovo = load("kosovo_lcmcr_4lists.csv");
    let my5 = load("dga_my1997_5lists.csv");

    for threads in [1, 2] {
        let mut best = String::new();
        let t = median_time(runs, || {
            best = model_search(&my5, Criterion::Bic, threads).map(|m| m[0].model.clone()).unwrap_or_default()
        });
        println!(
            "log-linear search, 5 lists, 6,893 models, {threads} thread(s): {:.3} s (median of {runs}); best {best}; R Rcapture 31.8 s -> {:.0}x",
            t.as_secs_f64(),
            31.8 / t.as_secs_f64()
        );
    }
    let mut best = String::new();
    let t = median_time(runs, || {
        best = model_search(&kosovo, Criterion::Bic, 2).map(|m| m[0].model.clone()).unwrap_or_default()
    });
    println!(
        "log-linear search, 4 lists, 113 models, 2 threads: {:.4} s; best {best}; R Rcapture 0.46 s -> {:.0}x",
        t.as_secs_f64(),
        0.46 / t.as_secs_f64()
    );
    let t = median_time(runs, || {
        estimate(&kosovo, &Request::new(Method::Loglinear)).map(|_| ()).unwrap_or(());
    });
    println!("log-linear search + profile interval, Kosovo: {:.4} s", t.as_secs_f64());

    let mut r = Request::new(Method::Dga);
    r.delta = Some(0.0625);
    r.max_missing = Some(30_000);
    let mut med = 0.0;
    let t = median_time(runs, || med = estimate(&kosovo, &r).ok().and_then(|e| e.estimate).unwrap_or(f64::NAN));
    println!("dga, Kosovo, 61 graphs x 30,001 values of N: {:.3} s; median {med}", t.as_secs_f64());
    let mut r5 = Request::new(Method::Dga);
    r5.delta = Some(0.5);
    r5.max_missing = Some(6_000);
    let t = median_time(runs, || med = estimate(&my5, &r5).ok().and_then(|e| e.estimate).unwrap_or(f64::NAN));
    println!("dga, 5 lists, 822 graphs x 6,001 values of N: {:.3} s; median {med}", t.as_secs_f64());

    let lcmcr_runs = runs.min(3);
    let mut summaries = Vec::new();
    let t = median_time(lcmcr_runs, || {
        let mut r = Request::new(Method::Lcmcr);
        r.lcmcr = LcmcrOptions { seed: summaries.len() as u64 + 1, ..LcmcrOptions::default() };
        if let Ok(e) = estimate(&kosovo, &r) {
            let ess = e.lcmcr.map(|l| l.ess).unwrap_or(0.0);
            summaries.push(format!(
                "{:.0} [{:.0}, {:.0}] ESS {ess:.0}",
                e.estimate.unwrap_or(f64::NAN),
                e.ci_low.unwrap_or(f64::NAN),
                e.ci_high.unwrap_or(f64::NAN)
            ));
        }
    });
    println!(
        "LCMCR, Kosovo, 1.1 M iterations (K = 10): {:.2} s = {:.2} us/iteration (median of {lcmcr_runs}); R LCMCR 14 s = 12.7 us/iteration -> {:.1}x; runs: {}",
        t.as_secs_f64(),
        t.as_secs_f64() / 1.1,
        14.0 / t.as_secs_f64(),
        summaries.join("; ")
    );
}
