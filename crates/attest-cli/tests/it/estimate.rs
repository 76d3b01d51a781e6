//! `attest estimate` on the edge cases of issue 16, end to end: what the reader sees (text and
//! JSON) when the data support a bound or nothing, and the exit status scripts can test. Expected
//! figures are R's (see crates/attest-estimate/tests/it/edge_cases.rs).

use crate::{Env, mse_table};

/// 3 lists, counts in the order 100, 010, 110, 001, 101, 011, 111.
fn three(env: &Env, name: &str, counts: [u64; 7]) -> String {
    let mut csv = String::from("A,B,C,count\n");
    for (i, c) in counts.iter().enumerate() {
        let p = i + 1;
        csv.push_str(&format!("{},{},{},{c}\n", p & 1, (p >> 1) & 1, (p >> 2) & 1));
    }
    env.write(name, csv.as_bytes()).to_string_lossy().into_owned()
}

#[test]
fn estimate_runaway_fit_prints_a_bound_and_exits_2() {
    let env = Env::new();
    let table = three(&env, "runaway.csv", [30, 25, 0, 20, 8, 6, 3]);
    let text = env.run(&["estimate", &table, "--method", "loglinear"]);
    assert_eq!(text.code, 2, "{}{}", text.stdout, text.stderr);
    assert!(text.stdout.contains("No estimate: the total is at least 432"), "{}", text.stdout);
    assert!(text.stdout.contains("Why: Model [13,23] cannot pin down"), "{}", text.stdout);
    assert!(text.stdout.contains("diverges: no estimate"), "{}", text.stdout);
    assert!(!text.stdout.contains("Estimated total"), "{}", text.stdout);
    let out = env.run(&["estimate", &table, "--method", "loglinear", "--json"]);
    assert_eq!(out.code, 2);
    let json = out.json();
    assert_eq!(json["outcome"], "lower_bound");
    assert!(json["estimate"].is_null() && json["ci_high"].is_null());
    assert_eq!(json["fit"]["converged"], false);
    assert_eq!(json["fit"]["fit"], "diverges");
    assert!(json["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "diverges"));
}

#[test]
fn estimate_two_lists_with_nobody_in_common_give_a_lower_bound() {
    let env = Env::new();
    let table = env.write("apart.csv", b"A,B,count\n1,0,50\n0,1,40\n");
    let out = env.run(&["estimate", table.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("No estimate: the total is at least 1,063"), "{}", out.stdout);
    assert!(out.stdout.contains("No one is on both 'A' and 'B'"), "{}", out.stdout);
    // One in common: Chapman with R's profile interval, and the warning.
    let table = env.write("one.csv", b"A,B,count\n1,0,179\n0,1,181\n1,1,1\n");
    let out = env.run(&["estimate", table.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Chapman 16,560.5, by hand.
    assert!(out.stdout.contains("Estimated total: 16,56"), "{}", out.stdout);
    assert!(out.stdout.contains("7,540 to 567,991"), "{}", out.stdout);
    assert!(out.stdout.contains("share only 1 person"), "{}", out.stdout);
}

#[test]
fn estimate_chapman_over_three_lists_shows_pairs_not_a_headline() {
    let env = Env::new();
    let table = three(&env, "chap3.csv", [10, 10, 200, 500, 5, 5, 5]);
    let out = env.run(&["estimate", &table, "--method", "chapman"]);
    // The pairs are the answer Chapman gives for three lists: a normal exit.
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("No single estimate"), "{}", out.stdout);
    assert!(
        out.stdout.contains("735*") && out.stdout.contains("A x C") && out.stdout.contains("B x C"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("the pairs disagree"), "{}", out.stdout);
}

#[test]
fn estimate_shows_aic_and_bic_and_fit_warnings() {
    let env = Env::new();
    let table = three(&env, "aicbic.csv", [744, 342, 349, 162, 77, 42, 23]);
    let out = env.run(&["estimate", &table, "--method", "loglinear"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = |prefix: &str| out.stdout.lines().find(|l| l.trim_start().starts_with(prefix)).unwrap_or("").to_string();
    let (aic, bic) = (line("best by AIC:"), line("best by BIC:"));
    assert!(aic.contains("[13,23]") && aic.contains("2,468 (2,344 to 2,608)"), "{}", out.stdout);
    assert!(bic.contains("[12,3]") && bic.contains("3,376 (3,025 to 3,804)"), "{}", out.stdout);
    assert!(out.stdout.contains("AIC and BIC disagree"), "{}", out.stdout);
    let table = three(&env, "saturated.csv", [20, 20, 2, 20, 2, 2, 10]);
    let json = env.ok(&["estimate", &table, "--method", "loglinear"]);
    let codes: Vec<&str> = json["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    for code in ["saturated", "large_multiple", "small_cell"] {
        assert!(codes.contains(&code), "{code}: {codes:?}");
    }
}

#[test]
fn estimate_default_puts_methods_side_by_side() {
    let env = Env::new();
    let table = mse_table("dga_my1997_3lists.csv");
    let args = ["estimate", &table, "--iterations", "30000", "--burn-in", "5000", "--thin", "5"];
    let json = env.ok(&args);
    assert_eq!(json["method"], "compare");
    let side: Vec<&str> =
        json["side_by_side"].as_array().unwrap().iter().map(|m| m["method"].as_str().unwrap()).collect();
    assert_eq!(side, ["loglinear", "dga", "lcmcr"]);
    assert!(json["default_reason"].as_str().unwrap().contains("differ in how likely"));
    let text = env.run(&args);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("Side by side:") && text.stdout.contains("lcmcr assumes:"), "{}", text.stdout);
    assert!(text.stdout.contains("The headline is LCMCR"), "{}", text.stdout);
}

#[test]
fn estimate_refuses_repeated_names_and_counts_past_two_to_the_53() {
    let env = Env::new();
    let dup = env.write("dup.csv", b"A,A,B,count\n1,0,0,5\n");
    let err = env.fails(&["estimate", dup.to_str().unwrap()]);
    assert!(err.contains("dup.csv: line 1, column 2: list name 'A' is used twice"), "{err}");
    let big = env.write("big.csv", b"A,B,count\n1,0,5\n0,1,18446744073709551615\n");
    let err = env.fails(&["estimate", big.to_str().unwrap()]);
    assert!(err.contains("big.csv: line 3, column count"), "{err}");
}

/// Issue 16's "dga with a small delta prints 136 (136 to 136)" (figures in
/// crates/attest-estimate/tests/it/edge_cases.rs): everyone on A or B is also on C, and delta
/// 0.0001 collapses dga's posterior onto the 136 documented. Expected: no "Estimated total", the
/// reason in words, the collapsed run of the sweep marked, exit status 2, and the same in JSON.
#[test]
fn estimate_dga_collapsed_by_a_tiny_prior_says_why_and_exits_2() {
    let env = Env::new();
    let table = three(&env, "collapsed.csv", [0, 0, 0, 60, 40, 30, 6]);
    let args = ["estimate", &table, "--method", "dga", "--delta", "0.0001"];
    let text = env.run(&args);
    assert_eq!(text.code, 2, "{}{}", text.stdout, text.stderr);
    assert!(!text.stdout.contains("Estimated total"), "{}", text.stdout);
    assert!(text.stdout.contains("No single estimate"), "{}", text.stdout);
    assert!(
        text.stdout.contains("Why: dga's posterior has collapsed onto the 136 people already documented"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("nobody was missed. That is not a finding"), "{}", text.stdout);
    let swept = text.stdout.lines().find(|l| l.trim_start().starts_with("delta 0.0001")).unwrap_or_default();
    assert!(swept.contains("136 to 136") && swept.contains("no width"), "{}", text.stdout);
    let default = text.stdout.lines().find(|l| l.trim_start().starts_with("delta 0.125")).unwrap_or_default();
    assert!(default.contains("136 to 165") && !default.contains("no width"), "{}", text.stdout);
    assert!(text.stdout.contains("! dga's 95 % interval has no width (136 to 136)"), "{}", text.stdout);
    let out = env.run(&[&args[..], &["--json"]].concat());
    assert_eq!(out.code, 2);
    let json = out.json();
    assert_eq!(json["outcome"], "no_estimate");
    assert!(json["estimate"].is_null() && json["ci_low"].is_null() && json["ci_high"].is_null(), "{json}");
    assert!(json["why"].as_str().unwrap().contains("nobody was missed"), "{json}");
    assert!(json["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "degenerate_posterior"), "{json}");
    assert_eq!(json["dga_sweep"][0]["collapsed"], true, "{json}");
    // The default prior on the same table is an estimate, with a real interval.
    let out = env.run(&["estimate", &table, "--method", "dga"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Estimated total: 136") && out.stdout.contains("136 to 165"), "{}", out.stdout);
}
