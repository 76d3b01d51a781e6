//! Writes the independent Korean multi-source registry set (issue 15) and its truth, or measures
//! the engine on it.
//!
//! `cargo run --release -p attest-link --example synth_registry -- PEOPLE SEED OUT.csv TRUTH.csv [LAYOUT]`
//! with LAYOUT `korean` (default: the lists merged under one Korean header set), `english` or
//! `stacked` (the union of the lists' own headers), optionally followed by `:VARIANT` with
//! VARIANT `cross-script`, `transfer` or `cross-script+transfer` (see
//! `attest_link::synth_registry::Variant`; e.g. `korean:transfer`), here and in the
//! subcommands below. Seeds below 1000 are for tuning, 1000 and
//! above held out. The truth file has `id,person,family`: records of different people in one
//! family are relatives.
//!
//! `cargo run --release -p attest-link --example synth_registry -- bench PEOPLE LAYOUT SEED...`
//! links each seed's set with zero configuration and prints a Markdown row per seed: pairwise
//! scores, the share of true pairs the blocking compared, the largest predicted and true
//! clusters, and the engine's time (from records in memory to clusters). The environment
//! variables `EXPERIMENT_THRESHOLD`, `EXPERIMENT_CANNOT` and `EXPERIMENT_MEAN` override the
//! threshold, `cannot_link_below` and `merge_mean_at_least` of such a run (for tuning seeds only).
//!
//! `cargo run --release -p attest-link --example synth_registry -- diagnose PEOPLE LAYOUT SEED SHOW`
//! (tuning seeds only) counts the true pairs the run left in different clusters by cause (never
//! compared; compared and which field fell short; linked but kept apart by a weak or decisive
//! pair across the two clusters, or their mean) and prints the first SHOW with their rows and
//! each field's weight.
//!
//! `cargo run --release -p attest-link --example synth_registry -- cannot PEOPLE LAYOUT SEED SHOW`
//! (tuning seeds only) counts the true pairs a cannot-link rule forbids (compared or not), by rule
//! and by script, and prints the first SHOW of each rule.
//!
//! `cargo run --release -p attest-link --example synth_registry -- false PEOPLE LAYOUT SEED SHOW`
//! (tuning seeds only) counts the links between records of different people: relatives or
//! others, by the fields that spoke for the link; prints the first SHOW.

use std::collections::{HashMap, HashSet};

use attest_link::synth_registry::{FIRST_HELD_OUT_SEED, Layout, Variant, generate_variant};
use attest_link::{Input, Linker, NoProgress, Options, eval, infer_config};

/// A set of `people` for `seed` in the layout (and variant) `name` names.
fn generate(people: usize, seed: u64, name: Option<&str>) -> attest_link::synth_registry::Registry {
    let (layout_name, variant) = match name.and_then(|n| n.split_once(':')) {
        Some((l, v)) => (Some(l), v),
        None => (name, ""),
    };
    let variant = Variant::parse(variant).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    generate_variant(people, seed, layout(layout_name), variant)
}

fn layout(name: Option<&str>) -> Layout {
    match name {
        None | Some("korean") => Layout::MergedKorean,
        Some("english") => Layout::MergedEnglish,
        Some("stacked") => Layout::Stacked,
        Some(other) => {
            eprintln!("layout: '{other}' is not korean, english or stacked");
            std::process::exit(2);
        }
    }
}

fn largest<T: std::hash::Hash + Eq>(labels: impl Iterator<Item = T>) -> usize {
    let mut sizes: HashMap<T, usize> = HashMap::new();
    for l in labels {
        *sizes.entry(l).or_default() += 1;
    }
    sizes.into_values().max().unwrap_or(0)
}

/// The options a bench runs with; `EXPERIMENT_CANNOT`, `EXPERIMENT_MEAN` and
/// `EXPERIMENT_WEAKER_MEAN` override three (for tuning).
fn experiment_options() -> Options {
    let mut o = Options { keep_values: false, ..Options::default() };
    if let Some(v) = std::env::var("EXPERIMENT_CANNOT").ok().and_then(|v| v.parse().ok()) {
        o.cannot_link_below = v;
    }
    if let Some(v) = std::env::var("EXPERIMENT_MEAN").ok().and_then(|v| v.parse().ok()) {
        o.merge_mean_at_least = v;
    }
    if let Some(v) = std::env::var("EXPERIMENT_WEAKER_MEAN").ok().and_then(|v| v.parse().ok()) {
        o.weaker_mean_at_least = v;
    }
    o
}

fn bench(people: usize, layout_name: &str, seeds: &[u64]) {
    println!("| data | F1 | P | R | true pairs compared | largest cluster predicted / true | time |");
    println!("|---|---|---|---|---|---|---|");
    for &seed in seeds {
        let set = generate(people, seed, Some(layout_name));
        let n = set.rows.len();
        let started = std::time::Instant::now();
        let mut config = infer_config(&set.headers, &set.rows, 0);
        if let Some(v) = std::env::var("EXPERIMENT_THRESHOLD").ok().and_then(|v| v.parse().ok()) {
            config.threshold = v;
        }
        let input = Input { headers: set.headers, rows: set.rows, file: vec![0; n], id_column: 0 };
        let linker = Linker::from_input(input, &config, experiment_options(), &NoProgress)
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let result = linker.run(&[], &NoProgress).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let seconds = started.elapsed().as_secs_f64();
        let truth: Vec<String> = set.person.iter().map(|p| p.to_string()).collect();
        let scores = eval::pairwise(&result.labels, &truth, None);
        let compared: HashSet<(u32, u32)> = result.pairs.iter().map(|p| (p.0.min(p.1), p.0.max(p.1))).collect();
        let mut by_person: HashMap<usize, Vec<u32>> = HashMap::new();
        for (r, &p) in set.person.iter().enumerate() {
            by_person.entry(p).or_default().push(r as u32);
        }
        let (mut true_pairs, mut found) = (0u64, 0u64);
        for records in by_person.values() {
            for (i, &a) in records.iter().enumerate() {
                for &b in &records[i + 1..] {
                    true_pairs += 1;
                    found += u64::from(compared.contains(&(a.min(b), a.max(b))));
                }
            }
        }
        if std::env::var("SITES").is_ok_and(|v| v == "1") {
            sites_report(&linker, &result, &set.person);
        }
        let kind = if seed >= FIRST_HELD_OUT_SEED { "HELD OUT" } else { "tuning" };
        println!(
            "| registry {layout_name} seed {seed} ({kind}, {n} records, {} lists) | {:.4} | {:.4} | {:.4} | {:.3} | {} / {} | {:.2} s |",
            set.sources.len(),
            scores.f1,
            scores.precision,
            scores.recall,
            found as f64 / true_pairs.max(1) as f64,
            largest(result.labels.iter()),
            largest(set.person.iter()),
            seconds
        );
    }
}

/// With `SITES=1`: the learned site mappings, and the links whose workplace a mapping raised,
/// between records of one person and of different people (on the generator's invented values).
fn sites_report(linker: &Linker, result: &attest_link::LinkResult, person: &[usize]) {
    for m in &result.model.site_mappings {
        eprintln!("  site mapping {} = {} (support {}, lift {:.1})", m.a, m.b, m.support, m.lift);
    }
    let (mut same, mut other) = (0, 0);
    for &(a, b, p) in &result.pairs {
        if f64::from(p) < result.summary.threshold {
            continue;
        }
        let (a, b) = (a as usize, b as usize);
        let Some(e) = linker.explain(&result.model, &linker.ids()[a], &linker.ids()[b]) else { continue };
        if e.fields.iter().any(|f| f.level.ends_with(attest_link::SITE_MAPPED)) {
            if person[a] == person[b] {
                same += 1;
            } else {
                other += 1;
            }
        }
    }
    eprintln!("  links with a mapped workplace: {same} of one person, {other} of different people");
}

/// Record `r`'s non-empty cells as `header=value`, for printing.
fn row(set: &attest_link::synth_registry::Registry, r: usize) -> String {
    attest_link::eval::describe_row(&set.headers, &set.rows[r])
}

/// Generates a tuning seed's set and links it with zero configuration and default options.
fn link_tuning(
    people: usize,
    layout_name: &str,
    seed: u64,
) -> (attest_link::synth_registry::Registry, Linker, attest_link::LinkResult) {
    assert!(seed < FIRST_HELD_OUT_SEED, "only tuning seeds are diagnosed");
    let set = generate(people, seed, Some(layout_name));
    let n = set.rows.len();
    let config = infer_config(&set.headers, &set.rows, 0);
    let input = Input { headers: set.headers.clone(), rows: set.rows.clone(), file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).expect("link");
    let result = linker.run(&[], &NoProgress).expect("run");
    (set, linker, result)
}

/// Prints the true pairs a run left apart on tuning seeds, each with its rows, whether blocking
/// compared it and its probability, so their causes can be counted.
fn diagnose(people: usize, layout_name: &str, seed: u64, show: usize) {
    let (set, linker, result) = link_tuning(people, layout_name, seed);
    let n = set.rows.len();
    let probability: HashMap<(u32, u32), f32> =
        result.pairs.iter().map(|p| ((p.0.min(p.1), p.0.max(p.1)), p.2)).collect();
    let mut by_person: HashMap<usize, Vec<u32>> = HashMap::new();
    for (r, &p) in set.person.iter().enumerate() {
        by_person.entry(p).or_default().push(r as u32);
    }
    let mut persons: Vec<_> = by_person.into_iter().collect();
    persons.sort_unstable();
    let (mut uncompared, mut low, mut split, mut shown) = (0, 0, 0, 0);
    let mut buckets: HashMap<String, usize> = HashMap::new();
    let row = |r: u32| row(&set, r as usize);
    for (_, records) in &persons {
        for (i, &a) in records.iter().enumerate() {
            for &b in &records[i + 1..] {
                if result.labels[a as usize] == result.labels[b as usize] {
                    continue;
                }
                let p = probability.get(&(a.min(b), a.max(b))).copied();
                let kind = match p {
                    None => {
                        uncompared += 1;
                        "NOT COMPARED".to_string()
                    }
                    Some(p) if p < 0.5 => {
                        low += 1;
                        format!("p={p:.3}")
                    }
                    Some(p) => {
                        split += 1;
                        format!("p={p:.3} (linked, clusters apart)")
                    }
                };
                let bucket = match p {
                    None => "not compared".to_string(),
                    Some(p) if p >= 0.5 => {
                        let (la, lb) = (result.labels[a as usize], result.labels[b as usize]);
                        let (mut zero, mut weak, mut sum, mut count) = (0, 0, 0f32, 0);
                        for (&(x, y), &q) in &probability {
                            let (lx, ly) = (result.labels[x as usize], result.labels[y as usize]);
                            if (lx == la && ly == lb) || (lx == lb && ly == la) {
                                count += 1;
                                sum += q;
                                zero += usize::from(q <= 0.0);
                                weak += usize::from(q > 0.0 && q < 0.3);
                            }
                        }
                        let pure = |l: usize| {
                            let people: HashSet<usize> =
                                (0..n).filter(|&r| result.labels[r] == l).map(|r| set.person[r]).collect();
                            people.len() == 1
                        };
                        let why = if zero > 0 {
                            "a decisive pair across"
                        } else if weak > 0 {
                            "a weak pair across"
                        } else if sum / (count.max(1) as f32) < 0.6 {
                            "mean below 0.6"
                        } else {
                            "other"
                        };
                        format!(
                            "linked, clusters apart: {why}{}",
                            if pure(la) && pure(lb) { "" } else { " (a cluster is mixed)" }
                        )
                    }
                    Some(_) => {
                        match linker.explain(&result.model, &set.rows[a as usize][0], &set.rows[b as usize][0]) {
                            Some(e) => {
                                let given = e.fields.iter().find(|f| f.column == "이름").map(|f| f.level.clone());
                                let others: Vec<&attest_link::FieldExplanation> = e
                                    .fields
                                    .iter()
                                    .filter(|f| f.level != "missing" && f.column != "이름" && f.column != "성")
                                    .collect();
                                if e.cannot_link.is_some() {
                                    "decisive disagreement".to_string()
                                } else if !matches!(given.as_deref(), Some("exact" | "same romanization key")) {
                                    format!("given name {}", given.unwrap_or_else(|| "missing".into()))
                                } else if others.iter().any(|f| f.weight < 0.0) {
                                    let bad: Vec<String> = others
                                        .iter()
                                        .filter(|f| f.weight < 0.0)
                                        .map(|f| format!("{} {}", f.column, f.level))
                                        .collect();
                                    format!("name agrees, disagrees: {}", bad.join(", "))
                                } else if others.is_empty() {
                                    "name only".to_string()
                                } else {
                                    "name agrees, too little else".to_string()
                                }
                            }
                            None => "unexplained".to_string(),
                        }
                    }
                };
                *buckets.entry(bucket).or_default() += 1;
                if shown < show {
                    shown += 1;
                    println!("{kind}\n  {}\n  {}", row(a), row(b));
                    if p.is_some()
                        && let Some(e) =
                            linker.explain(&result.model, &set.rows[a as usize][0], &set.rows[b as usize][0])
                    {
                        let fields: Vec<String> = e
                            .fields
                            .iter()
                            .filter(|f| f.level != "missing")
                            .map(|f| format!("{}:{}({:+.1}{:+.1})", f.column, f.level, f.weight, f.tf_adjustment))
                            .collect();
                        println!("  {} total {:+.1} cannot {:?}", fields.join(" "), e.total, e.cannot_link);
                    }
                }
            }
        }
    }
    let mut buckets: Vec<_> = buckets.into_iter().collect();
    buckets.sort_by_key(|b| std::cmp::Reverse(b.1));
    for (bucket, count) in buckets {
        println!("{count:>6}  {bucket}");
    }
    println!("missed true pairs: not compared {uncompared}, compared below 0.5 {low}, linked but split {split}");
}

/// Counts the links (pairs at or above the threshold) between records of different people on a
/// tuning seed: relatives (one family) or others, by the fields that spoke for the link.
fn false_links(people: usize, layout_name: &str, seed: u64, show: usize) {
    let (set, linker, result) = link_tuning(people, layout_name, seed);
    let threshold = result.summary.threshold;
    let mut buckets: HashMap<String, usize> = HashMap::new();
    let mut shown = 0;
    for &(a, b, p) in &result.pairs {
        let (a, b) = (a as usize, b as usize);
        if f64::from(p) < threshold {
            continue;
        }
        let kin = if set.person[a] == set.person[b] {
            "(true link) one person"
        } else if set.family[a] == set.family[b] {
            "relatives"
        } else {
            "other people"
        };
        let Some(e) = linker.explain(&result.model, &set.rows[a][0], &set.rows[b][0]) else { continue };
        let mut speaking: Vec<String> =
            e.fields.iter().filter(|f| f.weight + f.tf_adjustment > 0.5).map(|f| f.column.clone()).collect();
        speaking.sort();
        *buckets.entry(format!("{kin}: {}", speaking.join(" + "))).or_default() += 1;
        if shown < show && set.person[a] != set.person[b] {
            shown += 1;
            let fields: Vec<String> = e
                .fields
                .iter()
                .filter(|f| f.level != "missing")
                .map(|f| format!("{}={}|{}:{}({:+.1}{:+.1})", f.column, f.a, f.b, f.level, f.weight, f.tf_adjustment))
                .collect();
            println!("{kin} p={p:.3}\n  {}\n  total {:+.1}", fields.join("\n  "), e.total);
        }
    }
    let mut buckets: Vec<_> = buckets.into_iter().collect();
    buckets.sort_by_key(|b| std::cmp::Reverse(b.1));
    for (bucket, count) in buckets {
        println!("{count:>6}  {bucket}");
    }
}

/// Counts the true pairs (one person's records, compared or not) that a cannot-link rule forbids
/// on a tuning seed, by rule and by whether the two records are in one script, and prints the
/// first SHOW of each rule with their rows.
fn cannot(people: usize, layout_name: &str, seed: u64, show: usize) {
    let (set, linker, result) = link_tuning(people, layout_name, seed);
    let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
    for (r, &p) in set.person.iter().enumerate() {
        by_person.entry(p).or_default().push(r);
    }
    let hangul = |r: usize| set.rows[r].iter().skip(1).any(|v| v.chars().any(attest_korean::hangul::is_hangul));
    let mut buckets: HashMap<String, usize> = HashMap::new();
    let mut shown: HashMap<String, usize> = HashMap::new();
    let (mut pairs, mut forbidden) = (0usize, 0usize);
    let mut persons: Vec<_> = by_person.into_iter().collect();
    persons.sort_unstable();
    for (_, records) in &persons {
        for (i, &a) in records.iter().enumerate() {
            for &b in &records[i + 1..] {
                pairs += 1;
                let Some(reason) = linker.cannot_link_reason(&result.model, a, b) else { continue };
                forbidden += 1;
                let rule =
                    reason.split(|c: char| c.is_ascii_digit() || c == '(').next().unwrap_or("").trim().to_string();
                let scripts = if hangul(a) == hangul(b) { "one script" } else { "across scripts" };
                let bucket = format!("{rule} ({scripts})");
                *buckets.entry(bucket.clone()).or_default() += 1;
                let n = shown.entry(bucket).or_default();
                if *n < show {
                    *n += 1;
                    println!("{reason}\n  {}\n  {}", row(&set, a), row(&set, b));
                }
            }
        }
    }
    let mut buckets: Vec<_> = buckets.into_iter().collect();
    buckets.sort_by_key(|b| std::cmp::Reverse(b.1));
    for (bucket, count) in buckets {
        println!("{count:>6}  {bucket}");
    }
    println!("true pairs a cannot-link rule forbids: {forbidden} of {pairs}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("false") && args.len() == 6 {
        let people: usize = args[2].parse().expect("PEOPLE is a number");
        false_links(people, &args[3], args[4].parse().expect("SEED"), args[5].parse().expect("SHOW"));
        return;
    }
    if args.get(1).map(String::as_str) == Some("cannot") && args.len() == 6 {
        let people: usize = args[2].parse().expect("PEOPLE is a number");
        cannot(people, &args[3], args[4].parse().expect("SEED"), args[5].parse().expect("SHOW"));
        return;
    }
    if args.get(1).map(String::as_str) == Some("diagnose") && args.len() == 6 {
        let people: usize = args[2].parse().expect("PEOPLE is a number");
        diagnose(people, &args[3], args[4].parse().expect("SEED"), args[5].parse().expect("SHOW"));
        return;
    }
    if args.get(1).map(String::as_str) == Some("bench") && args.len() >= 5 {
        let people: usize = args[2].parse().expect("PEOPLE is a number");
        let seeds: Vec<u64> = args[4..].iter().map(|s| s.parse().expect("SEED is a number")).collect();
        bench(people, &args[3], &seeds);
        return;
    }
    if !(5..=6).contains(&args.len()) {
        eprintln!("usage: synth_registry PEOPLE SEED OUT.csv TRUTH.csv [korean|english|stacked]");
        eprintln!("       synth_registry bench PEOPLE korean|english|stacked SEED...");
        std::process::exit(2);
    }
    let people: usize = args[1].parse().expect("PEOPLE is a number");
    let seed: u64 = args[2].parse().expect("SEED is a number");
    let set = generate(people, seed, args.get(5).map(String::as_str));
    let mut out = csv::Writer::from_path(&args[3]).expect("OUT.csv is writable");
    out.write_record(&set.headers).expect("write");
    for r in &set.rows {
        out.write_record(r).expect("write");
    }
    out.flush().expect("write");
    let mut truth = csv::Writer::from_path(&args[4]).expect("TRUTH.csv is writable");
    truth.write_record(["id", "person", "family"]).expect("write");
    for ((r, p), f) in set.rows.iter().zip(&set.person).zip(&set.family) {
        truth.write_record([r[0].as_str(), &p.to_string(), &f.to_string()]).expect("write");
    }
    truth.flush().expect("write");
    eprintln!("{} records, {} people, lists: {}", set.rows.len(), people, set.sources.join(", "));
}
