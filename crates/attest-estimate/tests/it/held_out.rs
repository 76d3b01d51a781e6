//! Held-out edge cases: tables built after the engine was written and never used to adjust it.
//! The expectations (written before the first run) are the rules every answer must keep, not
//! figures: an estimate is at least the number observed and inside its own interval; a missing
//! number always comes with the reason; a diverging fit is never "converged"; nothing panics.
//! Results, pass or fail, are reported in BENCHMARKS.md.

use attest_estimate::loglinear::FitKind;
use attest_estimate::{CaptureTable, Estimate, LcmcrOptions, Method, Outcome, Request, WarningCode, estimate};

fn rules(name: &str, t: &CaptureTable, e: &Estimate) {
    let n = t.observed() as f64;
    match e.outcome {
        Outcome::Estimate => {
            let est = e.estimate.unwrap_or_else(|| panic!("{name}: outcome estimate without a figure"));
            assert!(est >= n - 1e-6, "{name} {:?}: {est} below observed {n}", e.method);
            if let Some(low) = e.ci_low {
                assert!(low <= est + 1e-6 && low >= n - 1e-6, "{name} {:?}: low {low}, est {est}", e.method);
            }
            if let Some(high) = e.ci_high {
                assert!(high >= est - 1e-6, "{name} {:?}: high {high}, est {est}", e.method);
            }
        }
        _ => {
            assert_eq!(e.estimate, None, "{name} {:?}", e.method);
            assert!(e.why.as_deref().is_some_and(|w| !w.is_empty()), "{name} {:?}: no reason given", e.method);
        }
    }
    if let Some(models) = &e.models {
        for m in models {
            if m.fit == FitKind::Diverges {
                assert!(!m.converged && m.estimate.is_none(), "{name} {}", m.model);
            }
            if let Some(est) = m.estimate {
                assert!(est >= n - 1e-6, "{name} {}: {est}", m.model);
            }
        }
    }
    if let Some(pairs) = &e.pairs {
        for p in pairs {
            if let Some(est) = p.estimate {
                assert!(est >= n - 1e-6, "{name} {} x {}", p.list_a, p.list_b);
            }
        }
    }
}

fn run_all(name: &str, csv: &str) -> Vec<Estimate> {
    let t = CaptureTable::from_csv(csv).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut out = Vec::new();
    for method in [Method::Chapman, Method::Loglinear, Method::Dga, Method::Lcmcr] {
        let mut r = Request::new(method);
        r.lcmcr = LcmcrOptions { burn_in: 2_000, thin: 2, samples: 2_000, seed: 9, ..LcmcrOptions::default() };
        match estimate(&t, &r) {
            Ok(e) => {
                rules(name, &t, &e);
                out.push(e);
            }
            Err(err) => assert!(
                (method == Method::Loglinear && t.list_count() < 3)
                    || (method == Method::Dga && !(3..=5).contains(&t.list_count())),
                "{name} {method:?}: {err}"
            ),
        }
    }
    out
}

fn of(runs: &[Estimate], method: Method) -> &Estimate {
    runs.iter().find(|e| e.method == method).unwrap()
}

/// Lists C and D hold the same people. Expected: flagged as one source, not two.
#[test]
fn held_out_identical_lists() {
    let csv = "A,B,C,D,count\n1,0,0,0,40\n0,1,0,0,35\n1,1,0,0,12\n0,0,1,1,9\n1,0,1,1,6\n0,1,1,1,5\n1,1,1,1,3\n";
    let runs = run_all("identical", csv);
    let e = of(&runs, Method::Loglinear);
    let w = e.warnings.iter().find(|w| w.code == WarningCode::SubsetList).unwrap();
    assert!(w.message.contains("exactly the same"), "{}", w.message);
}

/// Five lists, 40 people, most patterns empty. Expected: the rules hold, empty cells flagged.
#[test]
fn held_out_sparse_five_lists() {
    let csv = "L1,L2,L3,L4,L5,count\n1,0,0,0,0,9\n0,1,0,0,0,7\n0,0,1,0,0,6\n0,0,0,1,0,5\n0,0,0,0,1,4\n1,1,0,0,0,3\n0,0,1,1,0,2\n1,0,0,0,1,2\n0,1,1,0,0,1\n1,1,1,1,1,1\n";
    let runs = run_all("sparse5", csv);
    assert!(of(&runs, Method::Loglinear).warns(WarningCode::EmptyCells));
}

/// A meets B and C only through the 3 people on all lists. Expected: the rules hold.
#[test]
fn held_out_overlap_only_through_the_triple() {
    run_all("triple-only", "A,B,C,count\n1,0,0,60\n0,1,0,45\n0,0,1,50\n0,1,1,7\n1,1,1,3\n");
}

/// A list with one person. Expected: flagged as too small.
#[test]
fn held_out_list_of_one() {
    let runs = run_all("one", "A,B,C,count\n1,0,0,80\n0,1,0,70\n1,1,0,25\n1,0,1,1\n");
    assert!(of(&runs, Method::Chapman).warns(WarningCode::SmallList));
}

/// Counts near 10^12 from an exact independence model, N = 8 x 10^12, every list p = 0.5.
/// Expected: independence recovers N to 1e-6 relative, no overflow anywhere.
#[test]
fn held_out_huge_counts() {
    let csv = "A,B,C,count\n1,0,0,1000000000000\n0,1,0,1000000000000\n1,1,0,1000000000000\n0,0,1,1000000000000\n1,0,1,1000000000000\n0,1,1,1000000000000\n1,1,1,1000000000000\n";
    let t = CaptureTable::from_csv(csv).unwrap();
    let mut r = Request::new(Method::Loglinear);
    r.model = Some("[1,2,3]".into());
    let e = estimate(&t, &r).unwrap();
    let est = e.estimate.unwrap();
    assert!(((est - 8e12) / 8e12).abs() < 1e-6, "{est}");
    let c = estimate(&t, &Request::new(Method::Chapman)).unwrap();
    rules("huge", &t, &c);
}

/// Two lists, the second inside the first (n1 = 50, n2 = 20, all 20 on both). By hand Chapman =
/// 51 * 21 / 21 - 1 = 50: nobody missed. Expected: 50, and the subset flagged.
#[test]
fn held_out_two_lists_one_inside_the_other() {
    let runs = run_all("inside", "A,B,count\n1,0,30\n1,1,20\n");
    let e = of(&runs, Method::Chapman);
    assert_eq!(e.estimate, Some(50.0));
    assert!(e.warns(WarningCode::SubsetList));
}

/// Everyone on every list. Expected: no lower bound (nothing suggests anyone was missed); any
/// figure is the 40 observed.
#[test]
fn held_out_everyone_on_every_list() {
    let runs = run_all("all", "A,B,C,count\n1,1,1,40\n");
    for e in &runs {
        assert_ne!(e.outcome, Outcome::LowerBound, "{:?}", e.method);
        if e.method != Method::Lcmcr
            && let Some(est) = e.estimate
        {
            assert!((est - 40.0).abs() < 0.5, "{:?}: {est}", e.method);
        }
    }
}
