//! `attest link`: deduplicate one CSV or link two, writing `record_id,cluster_id` for every record;
//! and `attest link explain`, which shows why two records score as they do.
//!
//! Reading files, the progress bar and the configuration file live here; the engine
//! (`attest-link`) only sees rows of strings.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use attest_link::csv_input::CsvTable;
use attest_link::{Decision, LinkConfig, LinkResult, Linker, Options, Progress, RunDifference, infer_config};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

/// The options shared by `link` and `link explain`.
pub struct LinkArgs<'a> {
    pub inputs: &'a [PathBuf],
    pub id_column: Option<&'a str>,
    pub config: Option<&'a Path>,
    pub save_config: Option<&'a Path>,
    pub review: Option<&'a Path>,
    pub threshold: Option<f64>,
    /// `--links-only`: no merges on pairs below the threshold (a saved configuration's own
    /// `links_only` holds too).
    pub links_only: bool,
    pub quiet: bool,
}

fn read_table(path: &Path) -> Result<CsvTable> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    attest_link::csv_input::read_csv(&bytes).map_err(|e| anyhow!("{}: {e}", path.display()))
}

fn read_review(path: &Path) -> Result<Vec<Decision>> {
    let mut table = read_table(path)?;
    let col = |names: &[&str]| table.headers.iter().position(|h| names.contains(&h.to_lowercase().as_str()));
    let (a, b, d) =
        match (col(&["record_id_a", "a", "id_a"]), col(&["record_id_b", "b", "id_b"]), col(&["decision", "match"])) {
            (Some(a), Some(b), Some(d)) => (a, b, d),
            _ => bail!("{}: line 1: expected columns record_id_a, record_id_b, decision", path.display()),
        };
    // Record ids as written, as the lists' ids are kept (`link_input`).
    table.keep_as_written(a);
    table.keep_as_written(b);
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let same = match r[d].to_lowercase().as_str() {
                "match" | "same" | "yes" | "1" | "true" => true,
                "non-match" | "nonmatch" | "different" | "no" | "0" | "false" => false,
                other => {
                    bail!("{}: line {}, column decision: '{other}' is not match or non-match", path.display(), i + 2)
                }
            };
            Ok(Decision { a: r[a].clone(), b: r[b].clone(), same })
        })
        .collect()
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.set_message(name.to_string());
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

struct Prepared {
    linker: Linker,
    config: LinkConfig,
    files: Vec<(PathBuf, usize)>,
    bar: Bar,
}

fn prepare(args: &LinkArgs<'_>, keep_values: bool) -> Result<Prepared> {
    if args.inputs.is_empty() || args.inputs.len() > 2 {
        bail!("give one CSV file to deduplicate or two to link");
    }
    let mut tables = Vec::new();
    for p in args.inputs {
        tables.push((p.display().to_string(), read_table(p)?));
    }
    // The same checks as the web workspace's `/link` (same header, id column, empty and repeated
    // ids, each refusal naming the file, line and column); no record limit here.
    let (input, lists) =
        attest_app::lists::link_input(tables, args.id_column, "--id-column", usize::MAX).map_err(|e| anyhow!("{e}"))?;
    let files: Vec<(PathBuf, usize)> = args.inputs.iter().zip(&lists).map(|(p, (_, n))| (p.clone(), *n)).collect();
    let (headers, id_column) = (input.headers.clone(), input.id_column);
    let mut config = match args.config {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("--config {}: cannot read", p.display()))?;
            let name = format!("--config {}", p.display());
            let config = attest_app::link_config::from_text(&name, &text).map_err(|e| anyhow!("{e}"))?;
            // The web's column check (first differing column, one cell of each quoted at most):
            // a list without a header row has a person's record where the header should be.
            attest_app::lists::check_config_columns(&name, &config, &headers).map_err(|e| anyhow!("{e}"))?;
            config
        }
        None => {
            // A header row that looks like a record is refused, as on the web's `/link`.
            attest_app::lists::check_header_row(&lists[0].0, &headers).map_err(|e| anyhow!("{e}"))?;
            infer_config(&headers, &input.rows, id_column)
        }
    };
    if let Some(t) = args.threshold {
        if !(0.0..=1.0).contains(&t) {
            bail!("--threshold {t}: must be between 0 and 1");
        }
        config.threshold = t;
    }
    if args.links_only {
        config.links_only = true;
    }
    if let Some(p) = args.save_config {
        // The file keeps each note's codes beside its words, so it reads back in any language.
        let saved = attest_app::link_config::to_text(&config).map_err(|e| anyhow!("--save-config: {e}"))?;
        std::fs::write(p, saved).with_context(|| format!("--save-config {}", p.display()))?;
    }
    if args.config.is_none() && !args.quiet {
        let words = attest_app::link_config::to_words(&config).map_err(|e| anyhow!("{e}"))?;
        eprintln!("# Inferred configuration (save with --save-config, edit, pass back with --config):\n{words}");
    }
    let bar = Bar(if args.quiet { ProgressBar::hidden() } else { ProgressBar::new(0) });
    bar.0.set_style(
        ProgressStyle::with_template("{msg:>24} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options = Options { keep_values, ..Options::default() };
    let linker = Linker::from_input(input, &config, options, &bar)
        .map_err(|e| anyhow!("{}", attest_app::lists::link_error(e, &lists, &headers[id_column])))?;
    Ok(Prepared { linker, config, files, bar })
}

/// The same file, whatever the spelling: equal canonical paths (symbolic links and `..` resolved;
/// for a file not yet made, its canonical folder and name) or, where both exist, the same device
/// and inode (hard links).
fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> {
        p.canonicalize().ok().or_else(|| {
            let folder = p.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Some(folder.canonicalize().ok()?.join(p.file_name()?))
        })
    };
    if let (Some(x), Some(y)) = (canonical(a), canonical(b))
        && x == y
    {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    false
}

/// Refuses, before anything is read or written, an output that is one of the files read: `--out
/// x.csv` for the input `x.csv` would replace the list with its clusters.
fn refuse_overwriting_inputs(args: &LinkArgs<'_>, out: Option<&Path>, capture: Option<&Path>) -> Result<()> {
    let mut read: Vec<(&str, &Path)> = args.inputs.iter().map(|p| ("input list", p.as_path())).collect();
    read.extend(args.review.map(|r| ("--review file", r)));
    read.extend(args.config.map(|c| ("--config file", c)));
    let partial = out.map(|o| o.with_extension("csv.partial"));
    let mut written: Vec<(&str, &Path)> = Vec::new();
    written.extend(out.map(|o| ("--out", o)));
    written.extend(partial.as_deref().map(|p| ("--out (its temporary file)", p)));
    written.extend(args.save_config.map(|c| ("--save-config", c)));
    written.extend(capture.map(|c| ("--capture-table", c)));
    for (i, (flag, target)) in written.iter().enumerate() {
        if let Some((other, _)) = written[..i].iter().find(|(_, earlier)| same_file(earlier, target)) {
            bail!(
                "{flag} {}: is the same file as {other}; choose another path (nothing was written)",
                target.display()
            );
        }
    }
    for (flag, target) in written {
        for (what, source) in &read {
            if same_file(source, target) {
                bail!(
                    "{flag} {}: is the same file as the {what} {}; choose another path (nothing was written)",
                    target.display(),
                    source.display()
                );
            }
        }
    }
    Ok(())
}

/// Runs linkage and writes the clusters (and, with `capture`, the capture-history table);
/// returns the JSON summary and a text one.
pub fn run(args: &LinkArgs<'_>, out: &Path, capture: Option<&Path>) -> Result<(Value, String)> {
    if capture.is_some() && args.inputs.len() < 2 {
        bail!("--capture-table: needs two lists to link (one list has no capture history)");
    }
    refuse_overwriting_inputs(args, Some(out), capture)?;
    let started = Instant::now();
    let p = prepare(args, false)?;
    let review = match args.review {
        Some(r) => read_review(r)?,
        None => Vec::new(),
    };
    let result: LinkResult = p.linker.run(&review, &p.bar).map_err(|e| anyhow!("{e}"))?;
    p.bar.0.finish_and_clear();
    // The capture table is made before anything is written, so a refusal leaves --out as it was.
    let table = match capture {
        Some(path) => {
            let names: Vec<(String, usize)> = p
                .files
                .iter()
                .map(|(f, n)| {
                    (f.file_name().map_or_else(|| f.display().to_string(), |s| s.to_string_lossy().into()), *n)
                })
                .collect();
            let t = attest_app::lists::capture_history(&names, &result.labels, result.summary.oversized_at)
                .map_err(|e| anyhow!("--capture-table: {e}"))?;
            Some((path, t))
        }
        None => None,
    };
    // Write beside the target, then rename: never a half-written output.
    let tmp = out.with_extension("csv.partial");
    {
        let mut w = csv::Writer::from_path(&tmp).with_context(|| format!("--out {}", out.display()))?;
        w.write_record(["record_id", "cluster_id"])?;
        for (id, label) in p.linker.ids().iter().zip(&result.labels) {
            // Record ids come from the lists: one beginning like a formula gets an apostrophe.
            w.write_record([&*attest_app::csv_cell::neutralized(id), &label.to_string()])?;
        }
        w.flush().with_context(|| format!("--out {}", out.display()))?;
    }
    if let Some((path, t)) = &table {
        let tmp_table = path.with_extension("csv.partial");
        if let Err(e) = std::fs::write(&tmp_table, &t.csv).and_then(|()| std::fs::rename(&tmp_table, path)) {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(&tmp_table);
            return Err(e).with_context(|| format!("--capture-table {} (--out was not replaced)", path.display()));
        }
    }
    std::fs::rename(&tmp, out).with_context(|| format!("--out {}", out.display()))?;
    let secs = started.elapsed().as_secs_f64();
    let s = &result.summary;
    let json = json!({
        "mode": s.mode,
        "records": s.records,
        "files": p.files.iter().map(|(f, n)| json!({"file": f, "records": n})).collect::<Vec<_>>(),
        "candidate_pairs": s.candidate_pairs,
        "links": s.links,
        "clusters": s.clusters,
        "threshold": s.threshold,
        "review_decisions": s.review_decisions,
        "skipped_blocks": s.skipped_blocks,
        "cannot_links": s.cannot_links,
        "largest_clusters": s.largest_clusters,
        "oversized_clusters": s.oversized_clusters,
        "oversized_at": s.oversized_at,
        "warnings": s.warnings,
        "blocking_recall": s.blocking_recall,
        "below_threshold": s.below_threshold,
        "parameters": result.model,
        "config": p.config,
        "seconds": secs,
        "out": out,
        "capture_table": table.as_ref().map(|(path, t)| json!({
            "file": path,
            "lists": t.lists,
            "people": t.people(),
            "groups_with_duplicates": t.groups_with_duplicates,
            // A capture table's groups are the run's clusters: their sizes are the summary's
            // `largest_clusters`, `oversized_clusters` and `oversized_at`, given once, there.
        })),
    });
    let mut text = format!(
        "{} {} records: {} candidate pairs, {} links at p >= {}, {} clusters ({:.2} s). Wrote {}",
        if s.mode == "link" { "Linked" } else { "Deduplicated" },
        s.records,
        s.candidate_pairs,
        s.links,
        s.threshold,
        s.clusters,
        secs,
        out.display()
    );
    if !s.skipped_blocks.is_empty() {
        text.push_str(&format!(
            "\nNote: {} blocks were too large to compare in full (largest: {} records on {}); each record in them was compared with its {} nearest neighbours in order of the other columns, so pairs alike only on the blocking key may be missed.",
            s.skipped_blocks.len(),
            s.skipped_blocks.iter().map(|b| b.records).max().unwrap_or(0),
            s.skipped_blocks.iter().max_by_key(|b| b.records).map(|b| b.rule.as_str()).unwrap_or(""),
            s.skipped_blocks.first().map_or(0, |b| 2 * b.window)
        ));
    }
    text.push_str(&format!("\nEstimated share of matches among candidate pairs: {:.3}", result.model.lambda));
    if let Some(r) = s.blocking_recall {
        text.push_str(&format!(
            "\nEstimated blocking recall (share of true pairs the blocking rules compared): {:.3}",
            r
        ));
    }
    text.push_str(&format!(
        "\n{} candidate pairs refused as decisive disagreements (different sex, birth years far apart, siblings).",
        s.cannot_links
    ));
    if let Some(line) = below_threshold_line(&s.below_threshold) {
        text.push('\n');
        text.push_str(&line);
    }
    if s.oversized_clusters > 0 {
        text.push_str(&format!(
            "\nReview: {} clusters have more than {} records (largest {}); they may chain different people.",
            s.oversized_clusters,
            s.oversized_at,
            s.largest_clusters.first().copied().unwrap_or(0)
        ));
    }
    for c in p.config.columns.iter().filter(|c| c.note.is_concatenation() || c.role == attest_link::Role::Ignore) {
        text.push_str(&format!("\nColumn {}: {}", c.name, c.note));
    }
    for w in &s.warnings {
        text.push_str(&format!("\nWarning: {w}"));
    }
    if let Some((path, t)) = &table {
        text.push_str(&format!(
            "\nWrote the capture-history table {} ({} people on {} lists; each cluster counted as one person, a list's duplicates once; {} clusters hold duplicates within a list). Estimate with: attest estimate {}",
            path.display(),
            t.people(),
            t.lists.len(),
            t.groups_with_duplicates,
            path.display()
        ));
        if t.oversized_groups > 0 {
            text.push_str(&format!(
                "\nWarning: {} clusters have more than {} records (largest {}): if they chain different people, the table undercounts people and the estimate is biased; review them first.",
                t.oversized_groups, t.oversized_at, t.largest_group
            ));
        }
    }
    Ok((json, text))
}

/// What the clustering did with pairs below the threshold, in one line: the merges it made
/// (how many, the records of the clusters they made, the lowest pair used), or that it made
/// none, or why it did not weigh them; `None` for two lists linked one to one.
fn below_threshold_line(b: &attest_link::BelowThreshold) -> Option<String> {
    use attest_link::BelowThresholdPhase as Phase;
    match b.phase {
        Phase::TwoLists => None,
        Phase::LinksOnly => {
            Some("Links only (--links-only): no clusters were merged on pairs below the threshold.".into())
        }
        Phase::LargeGroups => Some(
            "No clusters were merged on pairs below the threshold: records have many links each (many records a person), where such pairs are namesakes'.".into(),
        ),
        Phase::On => Some(match b.lowest_probability {
            Some(lowest) => format!(
                "Merged below the threshold: {} merges, each of two clusters on one pair from {:.2} up to the threshold (the lowest used {:.4}), on the average evidence of every pair compared across them (mean at least {:.2}; none of them weak, under 0.3 with a field against it, or a decisive disagreement); the clusters they made hold {} records. `attest link explain` shows the pairs each used; --links-only turns them off.",
                b.merges, b.from, lowest, b.mean_at_least, b.records
            ),
            None => format!(
                "No clusters were merged on pairs below the threshold (pairs from {:.2} weighed; none had the average evidence, a mean of {:.2}, to merge).",
                b.from, b.mean_at_least
            ),
        }),
    }
}

/// Explains two records.
pub fn explain(args: &LinkArgs<'_>, a: &str, b: &str) -> Result<(Value, String)> {
    refuse_overwriting_inputs(args, None, None)?;
    let p = prepare(args, true)?;
    let review = match args.review {
        Some(r) => read_review(r)?,
        None => Vec::new(),
    };
    let result = p.linker.run(&review, &p.bar).map_err(|e| anyhow!("{e}"))?;
    p.bar.0.finish_and_clear();
    for id in [a, b] {
        if p.linker.record_index(id).is_none() {
            bail!(
                "no record with id '{id}' in {}",
                args.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" or ")
            );
        }
    }
    let ex = p.linker.explain_run(&result, a, b).ok_or_else(|| anyhow!("cannot explain {a} and {b}"))?;
    let mut text =
        format!("{a} vs {b}\n  {:<16} {:<24} {:<24} {:<36} {:>7} {:>6}", "column", "a", "b", "level", "weight", "tf");
    // A value the run filled from other columns (the column itself is empty) is marked *.
    let marked = |v: &str, filled: bool| if filled { format!("{v}*") } else { v.to_string() };
    let mut any_filled = false;
    for f in &ex.fields {
        any_filled |= f.filled.0 || f.filled.1;
        text.push_str(&format!(
            "\n  {:<16} {:<24} {:<24} {:<36} {:>7.2} {:>6.2}",
            f.column,
            marked(&f.a, f.filled.0),
            marked(&f.b, f.filled.1),
            f.level,
            f.weight,
            f.tf_adjustment
        ));
    }
    if any_filled {
        text.push_str(
            "\n  * empty in the record: the value compared, filled from the full name, an age or a date of birth",
        );
    }
    for (column, why) in &ex.not_compared {
        text.push_str(&format!("\n  {column:<16} not compared: {why}"));
    }
    text.push_str(&format!(
        "\n  prior {:.2} + fields = total {:.2} (log2 odds); match probability {:.4}",
        ex.prior, ex.total, ex.probability
    ));
    if let Some(reason) = &ex.cannot_link {
        text.push_str(&format!("\n  cannot link: {reason}"));
    }
    let run = ex.run_probability.map(|p| format!("{p:.4}")).unwrap_or_default();
    match ex.run_difference {
        Some(RunDifference::NotCompared) => text.push_str(
            "\n  in this run: never compared (no blocking rule put the two together); they share a cluster only through other records",
        ),
        Some(RunDifference::HeldAmongNamesakes) => text.push_str(&format!(
            "\n  in this run: held at {run}, not linked: found only among many records sharing a name and birth year, and the other fields did not give the extra evidence such a pair needs"
        )),
        Some(RunDifference::Reviewed) => {
            text.push_str(&format!("\n  in this run: {run}, set by a reviewer's decision"))
        }
        None => {}
    }
    match &ex.cluster {
        Some(attest_link::Together::Apart) => text.push_str("\n  in this run: in different clusters"),
        Some(attest_link::Together::ByLinks) => text.push_str(&format!(
            "\n  in this run: in one cluster, joined by links at p >= {} (the first phase of the clustering)",
            result.summary.threshold
        )),
        Some(attest_link::Together::BelowThreshold(j)) => {
            text.push_str(&format!(
                "\n  in this run: in one cluster through a merge below the threshold (the second phase of the clustering): the pair {} - {} at {:.4} (under {}) joined the clusters {{{}}} and {{{}}}, on the average evidence of the {} compared across them, mean {:.4} (at least {:.2} needed; none under 0.3 with a field against it, none a decisive disagreement):",
                j.pair.0,
                j.pair.1,
                j.pair.2,
                result.summary.threshold,
                j.clusters.0.join(", "),
                j.clusters.1.join(", "),
                match j.cross_pairs.len() {
                    1 => "one pair".to_string(),
                    k => format!("{k} pairs"),
                },
                j.mean,
                j.mean_at_least
            ));
            for ((x, y, p), scored) in j.cross_pairs.iter().zip(&j.cross_scored) {
                text.push_str(&format!("\n    {x} - {y}: {scored:.4}"));
                if (scored - p).abs() > 1e-6 {
                    text.push_str(&format!(" (counted as {p:.2}: no field against it)"));
                }
            }
        }
        None => {}
    }
    Ok((json!(ex), text))
}
