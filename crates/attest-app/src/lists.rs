//! Victim lists that are worked on but never stored: deduplicating one list or linking two
//! ([`link_lists`]), and multiple systems estimation from a capture-history table
//! ([`estimate_table`]). The web workspace and the command line call these same functions.
//!
//! Nothing here touches the archive: the lists arrive as bytes in zeroizing buffers, are read,
//! linked and dropped; what the caller keeps (the `record_id,cluster_id` table) is zeroizing too.
//! Every refusal names the list (its file name), the line and, where there is one, the column,
//! and changes nothing.

use attest_estimate::{CaptureTable, Method, Request};
pub use attest_link::LinkError;
pub use attest_link::csv_input::{CsvError, CsvTable, read_csv};
use attest_link::{Input, LinkConfig, Linker, NoProgress, Options, infer_config};
use zeroize::Zeroizing;

use crate::error::{AppError, ListProblem, Problem, Result};

/// The engines' result types that the faces show, so they need not depend on the engines.
pub use attest_estimate::diagnostics::thousands;
pub use attest_estimate::{
    Assumption, DefaultReasonCode, Estimate, Method as EstimateMethod, Outcome, Warning, WarningCode, WhyCode,
};
pub use attest_link::model::RunWarning;
pub use attest_link::notes::{ColumnNote, HeaderNote, NotePart};
pub use attest_link::{
    BelowThreshold, BelowThresholdJoin, BelowThresholdPhase, CannotLink, Explanation, FAMILY_NOT_COUNTED, Role,
    RunDifference, SITE_MAPPED, Summary, Together,
};

/// One uploaded list: its file name (for messages) and its bytes, wiped when dropped.
pub struct UploadedList {
    /// The file name as given by the user (only used to name the file in messages).
    pub name: String,
    /// The CSV bytes.
    pub bytes: Zeroizing<Vec<u8>>,
}

/// How much one request may ask for: the workspace answers within its request timeout, so
/// larger lists go to `attest link`, which has no such limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListLimits {
    /// Largest list, in bytes.
    pub max_bytes: usize,
    /// Most records over all lists of one run.
    pub max_records: usize,
}

impl Default for ListLimits {
    /// 8 MiB and 20,000 records: the engine links 20,000 records of the Korean synthetic set in
    /// 2.8 s on two busy cores (BENCHMARKS.md, "Lists in the workspace"), far inside the
    /// 60-second request limit even when several users link at once.
    fn default() -> Self {
        ListLimits { max_bytes: 8 << 20, max_records: 20_000 }
    }
}

/// What to link.
pub struct LinkListsInput {
    /// One list to deduplicate or two to link (same header).
    pub lists: Vec<UploadedList>,
    /// The record-id column (default: the first column).
    pub id_column: Option<String>,
    /// Match probability at or above which pairs are linked (default: the inferred 0.9). A pair
    /// below it (from 0.4 under it) may still join two clusters on average evidence, when no
    /// pair compared across them is weak (under 0.3 with a field against it) or a decisive
    /// disagreement and their mean is at least 0.2 under the threshold: the summary's
    /// `below_threshold` counts those merges, `below_threshold_pairs` explains the weakest, and
    /// a borderline pair's explanation says when one joined it. `links_only` turns that off.
    pub threshold: Option<f64>,
    /// Only links (pairs at or above the threshold) join records: no merges on average evidence
    /// below it (also kept by a saved configuration's `links_only`).
    pub links_only: bool,
    /// Size limits.
    pub limits: ListLimits,
    /// A saved configuration to link with (`attest link --config`) instead of the one inferred
    /// from the lists; checked against the lists' header first.
    pub config: Option<SavedConfig>,
}

/// A saved linkage configuration given with the lists: its file name (for messages) and the
/// configuration as [`crate::link_config::from_text`] read it.
pub struct SavedConfig {
    /// The file name as given by the user.
    pub name: String,
    /// The configuration.
    pub config: LinkConfig,
}

/// How a column was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUse {
    /// Compared between records.
    Compared,
    /// Merged into other columns (fills them where empty), not compared itself.
    Merged,
    /// Ignored.
    Ignored,
    /// The record id or the list it came from: read, not compared.
    NotCompared,
}

/// One column with its inferred role and why.
#[derive(Debug, Clone)]
pub struct ColumnReport {
    /// Header name.
    pub name: String,
    /// Inferred role.
    pub role: Role,
    /// Compared with the Korean-aware comparators.
    pub korean: bool,
    /// Common values count for less.
    pub term_frequency: bool,
    /// How it was used.
    pub used: ColumnUse,
    /// Why (the engine's note, in English).
    pub why: String,
    /// Why, as the engine's note codes, for faces that say it in another language.
    pub note: ColumnNote,
}

/// The outcome of linking lists.
pub struct LinkedLists {
    /// `dedupe` or `link`.
    pub mode: &'static str,
    /// Each list's name and number of records.
    pub lists: Vec<(String, usize)>,
    /// Columns with their roles and why.
    pub columns: Vec<ColumnReport>,
    /// The engine's summary (records, pairs, links, clusters, oversized clusters, warnings).
    pub summary: Summary,
    /// Estimated share of true matches among the candidate pairs.
    pub match_share: f64,
    /// The candidate pairs whose probability is closest to the threshold, closest first, each
    /// explained field by field (holds list values: show once, do not keep).
    pub near_threshold: Vec<Explanation>,
    /// The merges of groups on pairs below the threshold with the weakest pairs, weakest first
    /// (at most [`NEAR_THRESHOLD_PAIRS`]), each explained by the pair that made it: the fields,
    /// and the merge's two groups, the pairs compared across them and their mean (holds list
    /// values: show once, do not keep).
    pub below_threshold_pairs: Vec<Explanation>,
    /// `record_id,cluster_id` for every record, as `attest link --out` writes it.
    pub clusters_csv: Zeroizing<String>,
    /// With two lists: who was found on which list, counted per pattern, for `/estimate`.
    pub capture: Option<CaptureHistory>,
    /// The configuration the run used (inferred, or the one given, with the threshold given),
    /// to save with [`crate::link_config::to_text`] and give back next time.
    pub config: LinkConfig,
}

/// A capture-history table made from a link run: each group of linked records is one person;
/// a person is on a list when at least one of the group's records came from it (a list's
/// duplicates count once). Written in the format `attest estimate` and `/estimate` read: one
/// column per list (0 or 1) and a `count` column, every pattern seen on at least one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureHistory {
    /// The table's list columns, in the order of the lists.
    pub lists: Vec<String>,
    /// People per pattern: index `p` has bit `i` set when on list `i` (index 0, on no list, is 0).
    pub counts: Vec<u64>,
    /// Groups holding more than one record of the same list (counted once on that list).
    pub groups_with_duplicates: usize,
    /// Records in the largest group.
    pub largest_group: usize,
    /// Groups larger than `oversized_at` records.
    pub oversized_groups: usize,
    /// The size above which the linkage calls a group oversized (its [`Summary::oversized_at`]).
    pub oversized_at: usize,
    /// The table as CSV text, header first.
    pub csv: String,
}

impl CaptureHistory {
    /// People found (groups), each counted once.
    pub fn people(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// The column name a list gets in the capture-history table: its file name without `.csv`
/// (`mines-a.csv` -> `mines-a`).
fn table_column(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.strip_suffix(".csv").or_else(|| base.strip_suffix(".CSV")).unwrap_or(base);
    stem.trim().to_string()
}

/// Converts one link run into a capture-history table. `lists` are the linked lists' names and
/// record counts, in input order; `labels` the group of each record in that same order (all of
/// the first list's records, then the second's); `oversized_at` the linkage's oversized size.
/// List names that would not make distinct columns (empty, the same twice, or a count header
/// such as `count` or `n`), or that a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`), are replaced by `list_1`, `list_2`, ….
pub fn capture_history(lists: &[(String, usize)], labels: &[usize], oversized_at: usize) -> Result<CaptureHistory> {
    if lists.len() < 2 {
        return Err(AppError::invalid("lists", "a capture-history table needs two or more linked lists"));
    }
    let most = attest_estimate::table::MAX_LISTS;
    if lists.len() > most {
        return Err(AppError::invalid(
            "lists",
            format!("{} lists; a capture-history table holds at most {most}", lists.len()),
        ));
    }
    let records: usize = lists.iter().map(|(_, n)| n).sum();
    if labels.len() != records {
        return Err(AppError::invalid(
            "lists",
            format!("{} group labels for {records} records: the link result does not match its lists", labels.len()),
        ));
    }
    let mut names: Vec<String> = lists.iter().map(|(n, _)| table_column(n)).collect();
    let clash = names.iter().enumerate().any(|(i, n)| {
        n.is_empty()
            || n.contains(['"', '\n', '\r'])
            || attest_estimate::table::is_count_header(n)
            // A spreadsheet would run a header starting so as a formula: renamed rather than
            // given an apostrophe (`crate::csv_cell`), as the table's names must read back.
            || crate::csv_cell::starts_like_formula(n)
            || names[..i].iter().any(|m| m == n)
    });
    if clash {
        names = (1..=lists.len()).map(|i| format!("list_{i}")).collect();
    }
    // Each group's pattern (the lists it has records on) and size.
    let mut groups: std::collections::HashMap<usize, (usize, usize, bool)> = std::collections::HashMap::new();
    let mut record = 0;
    for (list, (_, n)) in lists.iter().enumerate() {
        for &label in &labels[record..record + n] {
            let (pattern, size, repeated) = groups.entry(label).or_insert((0, 0, false));
            *repeated |= *pattern & (1 << list) != 0;
            *pattern |= 1 << list;
            *size += 1;
        }
        record += n;
    }
    // The table is the estimator's own type, so it is checked as `attest estimate` checks a
    // table it reads (list count, names, counts) and written in the form that reads it back. The
    // names were made distinct and unlike a count header above: `from_patterns` would refuse
    // the first, where renaming keeps the table usable, and does not check the second.
    // One person per group, on the lists of its pattern (`from_patterns` adds them up).
    let patterns: Vec<(usize, u64)> = groups.values().map(|g| (g.0, 1)).collect();
    let table = attest_estimate::CaptureTable::from_patterns(names, &patterns)
        .map_err(|e| AppError::invalid("lists", e.message))?;
    let csv = table.to_csv().map_err(|e| AppError::invalid("lists", e.message))?;
    let largest_group = groups.values().map(|g| g.1).max().unwrap_or(0);
    Ok(CaptureHistory {
        lists: table.lists,
        groups_with_duplicates: groups.values().filter(|g| g.2).count(),
        largest_group,
        oversized_groups: groups.values().filter(|g| g.1 > oversized_at).count(),
        oversized_at,
        counts: table.counts,
        csv,
    })
}

/// How many borderline pairs [`link_lists`] explains.
pub const NEAR_THRESHOLD_PAIRS: usize = 6;

/// Reads one list, naming it in every refusal.
fn read_list(list: &UploadedList, limits: ListLimits) -> Result<CsvTable> {
    if list.bytes.len() > limits.max_bytes {
        let (kib, max_kib) = (list.bytes.len() >> 10, limits.max_bytes >> 10);
        return Err(AppError::refused(
            &list.name,
            format!("{kib} KiB; lists of up to {max_kib} KiB are linked here; use `attest link` for larger lists"),
            Problem::List(Box::new(ListProblem::TooLarge { kib, max_kib })),
        ));
    }
    read_csv(&list.bytes)
        .map_err(|e| AppError::refused(&list.name, &e, Problem::List(Box::new(ListProblem::Csv(e.clone())))))
}

/// The records of one or two lists as the engine takes them, after the checks both faces make:
/// one or two lists, the same header, an id column that exists (`id_field` is how the user named
/// it: `--id-column` on the command line), no empty id, at most `max_records` records.
/// Returns the input and each list's (name, records).
pub fn link_input(
    tables: Vec<(String, CsvTable)>,
    id_column: Option<&str>,
    id_field: &str,
    max_records: usize,
) -> Result<(Input, Vec<(String, usize)>)> {
    if tables.is_empty() || tables.len() > 2 {
        return Err(AppError::invalid("lists", "give one list to deduplicate or two to link"));
    }
    let headers = tables[0].1.headers.clone();
    if let Some((name, t)) = tables.get(1)
        && t.headers != headers
    {
        let first = tables[0].0.clone();
        let (column, expected, got) = first_difference(&headers, &t.headers);
        let theirs = match &expected {
            Some(cell) => format!("{first} has '{cell}'"),
            None => format!("{first} has no column {column}"),
        };
        let ours = match &got {
            Some(cell) => format!("this list '{cell}'"),
            None => format!("this list has no column {column}"),
        };
        let message = format!(
            "line 1: its columns differ from {first}'s at column {column}; both lists need the same header ({theirs}, {ours})"
        );
        return Err(AppError::refused(
            name,
            message,
            Problem::List(Box::new(ListProblem::HeadersDiffer { first, column, expected, got })),
        ));
    }
    let id_column = match id_column.map(str::trim).filter(|c| !c.is_empty()) {
        Some(name) => headers.iter().position(|h| h == name).ok_or_else(|| {
            let (name, columns) = (shown(name), headers.len());
            AppError::refused(
                &tables[0].0,
                format!("line 1: no column named '{name}' ({id_field}) among the header's {columns} columns"),
                Problem::List(Box::new(ListProblem::NoColumn { name, columns })),
            )
        })?,
        None => 0,
    };
    let lists: Vec<(String, usize)> = tables.iter().map(|(n, t)| (n.clone(), t.rows.len())).collect();
    let records: usize = lists.iter().map(|(_, n)| n).sum();
    if records > max_records {
        return Err(AppError::refused(
            "lists",
            format!(
                "{records} records; the workspace links up to {max_records} within its time limit; use `attest link` for more"
            ),
            Problem::List(Box::new(ListProblem::TooManyRecords { records, max: max_records })),
        ));
    }
    let mut rows = Vec::with_capacity(records);
    let mut file = Vec::with_capacity(records);
    for (i, (_, mut t)) in tables.into_iter().enumerate() {
        // Record ids as the file wrote them (the reader composes text to NFC for comparing): the
        // output and decisions name each record by the id the user's own files hold.
        t.keep_as_written(id_column);
        file.extend(std::iter::repeat_n(i as u8, t.rows.len()));
        rows.extend(t.rows);
    }
    for (i, row) in rows.iter().enumerate() {
        if row[id_column].trim().is_empty() {
            let (name, line) = locate(&lists, i);
            let column = shown(&headers[id_column]);
            let message = format!("line {line}, column {column}: empty record id");
            return Err(AppError::refused(
                name,
                message,
                Problem::List(Box::new(ListProblem::EmptyId { line, column })),
            ));
        }
    }
    Ok((Input { headers, rows, file, id_column }, lists))
}

/// Why a column has its role when its note is empty: the role was set by hand in a saved
/// configuration (an inferred role always has a note; one edited by hand loses the note that
/// explained the inferred one: `link_config::from_text`).
pub const SET_BY_HAND: &str = "role set by hand in the saved configuration";

/// A file's text, or its refusal naming the file and the line and byte where it stops being
/// UTF-8 (the CSV reader's own refusal, so every face says it as it says a list's). The bytes
/// are checked in place: a refused file's bytes are not copied into the error.
pub fn utf8_text(name: &str, bytes: &[u8]) -> Result<String> {
    std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let csv = CsvError::NotUtf8 { line, offset };
        AppError::refused(name, &csv, Problem::List(Box::new(ListProblem::Csv(csv.clone()))))
    })
}

/// The most characters of one value (a header cell, a record id, a typed column name) that a
/// refusal quotes back: enough to recognise a column, never a whole line of a list.
pub const SHOWN_CHARS: usize = 80;

/// `value` as a refusal quotes it: at most [`SHOWN_CHARS`] characters, cut on a character
/// boundary, with an ellipsis where it was cut. A list without a header row has a person's
/// record as its "header", so no refusal quotes more than the one cell it is about, and that
/// shortened (written here: `str::chars` is all it takes, no library needed).
pub fn shown(value: &str) -> String {
    shown_n(value, SHOWN_CHARS)
}

/// The first column (1-based) where two headers differ, with each one's cell there, shortened
/// (`None` past its end).
fn first_difference<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B]) -> (usize, Option<String>, Option<String>) {
    let at =
        (0..a.len().max(b.len())).find(|&i| a.get(i).map(AsRef::as_ref) != b.get(i).map(AsRef::as_ref)).unwrap_or(0);
    (at + 1, a.get(at).map(|v| shown(v.as_ref())), b.get(at).map(|v| shown(v.as_ref())))
}

/// Refuses a header row that looks like a record: a cell made of digits and date separators
/// only (`1951`, `1960-03-01`, `12/05/1971`) where a column name should be. Without a header row
/// the first record would become the column names, shown on the result page, in the API's
/// `columns` and written into the configuration file, which must hold no values. A record
/// without a number or a date in it is not caught. Called when the configuration is inferred
/// (a saved one names the columns itself). `name` is the list's.
pub fn check_header_row(name: &str, headers: &[String]) -> Result<()> {
    let looks_like_data = |cell: &str| {
        let cell = cell.trim();
        cell.chars().any(|c| c.is_ascii_digit()) && cell.chars().all(|c| c.is_ascii_digit() || "-/. ".contains(c))
    };
    match headers.iter().position(|h| looks_like_data(h)) {
        Some(at) => {
            let column = at + 1;
            Err(AppError::refused(
                name,
                format!(
                    "line 1, column {column}: a number or a date where a column name should be; the list seems to have no header row: add the column names as its first line"
                ),
                Problem::List(Box::new(ListProblem::HeaderLooksLikeData { column })),
            ))
        }
        None => Ok(()),
    }
}

/// The list and 1-based line of record `i` (0-based over all lists).
pub fn locate(lists: &[(String, usize)], i: usize) -> (&str, usize) {
    match lists {
        [(first, n), ..] if i < *n => (first, i + 2),
        [(_, n), (second, _), ..] => (second, i - n + 2),
        _ => ("lists", i + 2),
    }
}

/// The engine's refusal, naming the list, line and column where it can.
pub fn link_error(e: LinkError, lists: &[(String, usize)], id_header: &str) -> AppError {
    match e {
        LinkError::DuplicateId { id, first, second } => {
            let (n1, l1) = locate(lists, first - 1);
            let (n2, l2) = locate(lists, second - 1);
            let (id, id_header) = (shown(&id), shown(id_header));
            let problem = ListProblem::DuplicateId {
                line: l2,
                column: id_header.clone(),
                id: id.clone(),
                first_list: n1.to_string(),
                first_line: l1,
            };
            AppError::refused(
                n2,
                format!("line {l2}, column {id_header}: record id '{id}' already used at {n1} line {l1}"),
                Problem::List(Box::new(problem)),
            )
        }
        LinkError::NothingToCompare => {
            AppError::refused("lists", e, Problem::List(Box::new(ListProblem::NothingToCompare)))
        }
        LinkError::Config(m) => AppError::invalid("configuration", m),
        LinkError::Worker(m) => AppError::invalid("lists", format!("linkage failed: {m}")),
    }
}

/// Deduplicates one list or links two, with the configuration inferred from the header and
/// values (as `attest link` does without `--config`).
pub fn link_lists(input: LinkListsInput) -> Result<LinkedLists> {
    let mut tables = Vec::with_capacity(input.lists.len());
    for list in &input.lists {
        tables.push((list.name.clone(), read_list(list, input.limits)?));
    }
    drop(input.lists);
    // Without an id column named on the form, a saved configuration's id column is the one: the
    // first column may be names, which must never become the record ids of clusters.csv.
    let config_id = input.config.as_ref().and_then(|given| {
        let mut ids = given.config.columns.iter().filter(|c| c.role == attest_link::Role::Id);
        ids.next().filter(|_| ids.next().is_none()).map(|c| c.name.clone())
    });
    // (A configuration for other columns is refused as such below, not as a missing id column.)
    let config_id = config_id.filter(|id| tables.first().is_some_and(|(_, t)| t.headers.contains(id)));
    let id_column = input.id_column.as_deref().or(config_id.as_deref());
    let (records, lists) = link_input(tables, id_column, "id column", input.limits.max_records)?;
    let mut config = match input.config {
        Some(given) => {
            check_config(&given.name, &given.config, &records.headers)?;
            given.config
        }
        None => {
            check_header_row(&lists[0].0, &records.headers)?;
            infer_config(&records.headers, &records.rows, records.id_column)
        }
    };
    if let Some(t) = input.threshold {
        if !(0.0..=1.0).contains(&t) || t.is_nan() {
            return Err(AppError::invalid("threshold", format!("{t} must be between 0 and 1")));
        }
        config.threshold = t;
    }
    if input.links_only {
        config.links_only = true;
    }
    let id_header = records.headers[records.id_column].clone();
    let options = Options { keep_values: true, ..Options::default() };
    let linker =
        Linker::from_input(records, &config, options, &NoProgress).map_err(|e| link_error(e, &lists, &id_header))?;
    let result = linker.run(&[], &NoProgress).map_err(|e| link_error(e, &lists, &id_header))?;
    let mut csv = Zeroizing::new(String::from("record_id,cluster_id\n"));
    for (id, label) in linker.ids().iter().zip(&result.labels) {
        // Record ids come from the upload: one beginning like a formula gets an apostrophe.
        csv.push_str(&csv_field(&crate::csv_cell::neutralized(id)));
        csv.push(',');
        csv.push_str(&label.to_string());
        csv.push('\n');
    }
    let threshold = result.summary.threshold;
    let mut near: Vec<&(u32, u32, f32)> = result.pairs.iter().collect();
    near.sort_by(|x, y| {
        let dx = (f64::from(x.2) - threshold).abs();
        let dy = (f64::from(y.2) - threshold).abs();
        dx.total_cmp(&dy).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1))
    });
    let ids = linker.ids();
    let near_threshold = near
        .into_iter()
        .take(NEAR_THRESHOLD_PAIRS)
        .filter_map(|&(a, b, _)| linker.explain_run(&result, &ids[a as usize], &ids[b as usize]))
        .collect();
    let mut weakest: Vec<&attest_link::cluster::WeakerMerge> = result.weaker_merges.iter().collect();
    weakest.sort_by(|x, y| x.pair.2.total_cmp(&y.pair.2));
    let below_threshold_pairs = weakest
        .into_iter()
        .take(NEAR_THRESHOLD_PAIRS)
        .filter_map(|m| linker.explain_run(&result, &ids[m.pair.0 as usize], &ids[m.pair.1 as usize]))
        .collect();
    let capture = if lists.len() >= 2 {
        Some(capture_history(&lists, &result.labels, result.summary.oversized_at)?)
    } else {
        None
    };
    let columns = config
        .columns
        .iter()
        .map(|c| ColumnReport {
            name: c.name.clone(),
            role: c.role,
            korean: c.korean,
            term_frequency: c.term_frequency,
            used: if c.note.is_merged() {
                ColumnUse::Merged
            } else if c.role == Role::Ignore {
                ColumnUse::Ignored
            } else if matches!(c.role, Role::Id | Role::Source) {
                ColumnUse::NotCompared
            } else {
                ColumnUse::Compared
            },
            why: if c.note.is_empty() { SET_BY_HAND.to_string() } else { c.note.to_string() },
            note: c.note.clone(),
        })
        .collect();
    Ok(LinkedLists {
        mode: result.summary.mode,
        lists,
        columns,
        match_share: result.model.lambda,
        summary: result.summary,
        near_threshold,
        below_threshold_pairs,
        clusters_csv: csv,
        capture,
        config,
    })
}

/// Checks a saved configuration against the lists' header before the engine does, so that the
/// refusal has its kind (the engine's own says it in English only): the configuration's columns
/// must be the header, in order, its blocking rules read only those columns
/// ([`check_config_columns`]), and its settings stay within the web workspace's bounds. `name`
/// (the file's) opens the refusal.
pub fn check_config(name: &str, config: &LinkConfig, headers: &[String]) -> Result<()> {
    check_config_columns(name, config, headers)?;
    check_config_bounds(name, config)
}

/// The column part of [`check_config`], without the bounds (the command line, on the user's own
/// machine, keeps none): the configuration's columns must be the header, in order, and its
/// blocking rules read only those columns. The refusal names the first differing column and
/// quotes one cell of each side at most, shortened ([`shown`]): a list without a header row has
/// a person's record as its header.
pub fn check_config_columns(name: &str, config: &LinkConfig, headers: &[String]) -> Result<()> {
    let names: Vec<&str> = config.columns.iter().map(|c| c.name.as_str()).collect();
    if names != headers.iter().map(String::as_str).collect::<Vec<_>>() {
        let (column, config, header) = first_difference(&names, headers);
        let theirs = match &config {
            Some(cell) => format!("the configuration has '{cell}'"),
            None => format!("the configuration has no column {column}"),
        };
        let ours = match &header {
            Some(cell) => format!("the file '{cell}'"),
            None => format!("the file has no column {column}"),
        };
        return Err(AppError::refused(
            name,
            format!("column {column}: the configuration's columns do not match the file's header ({theirs}, {ours})"),
            Problem::List(Box::new(ListProblem::ConfigColumns { column, config, header })),
        ));
    }
    for rule in config.blocking.iter().chain(&config.training_blocking) {
        for column in rule.iter().flat_map(|part| attest_link::blocking::part_columns(part)) {
            if !headers.iter().any(|h| h == column) {
                let column = shown(column);
                return Err(AppError::refused(
                    name,
                    format!("blocking rule names unknown column '{column}'"),
                    Problem::List(Box::new(ListProblem::ConfigBlocking { column })),
                ));
            }
        }
    }
    Ok(())
}

/// The most blocking rules (and, separately, training rules) a saved configuration may hold;
/// inferred configurations hold about a dozen.
pub const MAX_CONFIG_RULES: usize = 32;
/// The most parts one blocking rule may have (inferred rules have at most three).
pub const MAX_RULE_PARTS: usize = 6;
/// The most parts of one rule that give each record two keys (`#year1`): the keys of a record
/// are the product of its parts' keys, so k such parts give 2^k keys per record.
pub const MAX_RULE_YEAR1_PARTS: usize = 2;
/// The largest `max_block` a saved configuration may set: a block's pairs grow with its square.
pub const MAX_CONFIG_BLOCK: usize = 10_000;

/// Refuses a saved configuration whose settings would make a run's work unbounded or its result
/// meaningless: too many rules or parts, a threshold that is not a probability, a block limit
/// of zero or past [`MAX_CONFIG_BLOCK`].
fn check_config_bounds(name: &str, config: &LinkConfig) -> Result<()> {
    use crate::error::ConfigMeasure;
    let refuse = |setting: &str, measure: ConfigMeasure, value: String, allowed: String| {
        let what = match measure {
            ConfigMeasure::Rules => "rules",
            ConfigMeasure::Parts => "parts in a rule",
            ConfigMeasure::Year1Parts => "#year1 parts in a rule",
            ConfigMeasure::Value => "value",
        };
        Err(AppError::refused(
            name,
            format!("{setting}: {what} {value} is outside what a run takes ({allowed})"),
            Problem::List(Box::new(ListProblem::ConfigBound { setting: setting.to_string(), measure, value, allowed })),
        ))
    };
    for (setting, rules) in [("blocking", &config.blocking), ("training_blocking", &config.training_blocking)] {
        if rules.len() > MAX_CONFIG_RULES {
            return refuse(setting, ConfigMeasure::Rules, rules.len().to_string(), format!("<= {MAX_CONFIG_RULES}"));
        }
        for rule in rules {
            if rule.len() > MAX_RULE_PARTS {
                return refuse(setting, ConfigMeasure::Parts, rule.len().to_string(), format!("<= {MAX_RULE_PARTS}"));
            }
            let year1 = rule.iter().filter(|part| part.ends_with("#year1")).count();
            if year1 > MAX_RULE_YEAR1_PARTS {
                let allowed = format!("<= {MAX_RULE_YEAR1_PARTS}");
                return refuse(setting, ConfigMeasure::Year1Parts, year1.to_string(), allowed);
            }
        }
    }
    if !(0.0..=1.0).contains(&config.threshold) {
        return refuse("threshold", ConfigMeasure::Value, config.threshold.to_string(), "0-1".to_string());
    }
    if !(1..=MAX_CONFIG_BLOCK).contains(&config.max_block) {
        let allowed = format!("1-{MAX_CONFIG_BLOCK}");
        return refuse("max_block", ConfigMeasure::Value, config.max_block.to_string(), allowed);
    }
    Ok(())
}

/// A CSV field, quoted when it must be (as the `csv` crate writes it).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Reads a capture-history table (`attest estimate`'s format: one column per list, 0 or 1, and
/// a `count` column, or one row per individual), naming `name` in every refusal.
pub fn read_capture_table(name: &str, text: &str) -> Result<CaptureTable> {
    if text.trim().is_empty() {
        return Err(AppError::refused(
            name,
            "line 1: the table is empty; expected a header such as L1,L2,L3,count",
            Problem::List(Box::new(ListProblem::TableEmpty)),
        ));
    }
    CaptureTable::from_csv(text).map_err(|e| {
        let e = shortened(e);
        AppError::refused(name, &e, Problem::List(Box::new(ListProblem::Table(e.clone()))))
    })
}

/// A table's refusal with the cell values it quotes (a column's name, a list's name, a value)
/// shortened as [`shown`] does, in its kind and in its message alike.
fn shortened(mut e: attest_estimate::TableError) -> attest_estimate::TableError {
    use attest_estimate::TableProblem as P;
    let mut long: Vec<String> = Vec::new();
    let mut short = |v: &mut String| {
        let s = shown(v);
        if s != *v {
            long.push(std::mem::replace(v, s));
        }
    };
    if let Some(c) = e.column.as_mut() {
        short(c);
    }
    match &mut e.kind {
        P::NameTwice { name, first_column } => {
            short(name);
            short(first_column);
        }
        P::NotZeroOrOne { value, .. } | P::NotACount { value } => short(value),
        _ => {}
    }
    // The message quotes the same values, as given: each is replaced by its shortened form.
    for v in long {
        e.message = e.message.replace(&v, &shown(&v));
    }
    if e.message.chars().count() > 4 * SHOWN_CHARS {
        e.message = shown_n(&e.message, 4 * SHOWN_CHARS);
    }
    e
}

/// `value` cut to `n` characters with an ellipsis, as [`shown`] does.
fn shown_n(value: &str, n: usize) -> String {
    match value.char_indices().nth(n) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}

/// What to estimate.
pub struct EstimateInput {
    /// The table's name in messages (a file name, or "table" for pasted text).
    pub name: String,
    /// The capture-history table as CSV text.
    pub table: Zeroizing<String>,
    /// Which method (`Compare`: every method side by side).
    pub method: Method,
}

/// Reads a method as written in the form: chapman, loglinear, dga, lcmcr or compare.
pub fn parse_method(s: &str) -> Result<Method> {
    match s.trim() {
        "" | "compare" => Ok(Method::Compare),
        "chapman" => Ok(Method::Chapman),
        "loglinear" => Ok(Method::Loglinear),
        "dga" => Ok(Method::Dga),
        "lcmcr" => Ok(Method::Lcmcr),
        other => {
            let other = shown(other);
            Err(AppError::refused(
                "method",
                format!("'{other}' is not one of compare, chapman, loglinear, dga, lcmcr"),
                Problem::List(Box::new(ListProblem::Method { input: other })),
            ))
        }
    }
}

/// Multiple systems estimation with the defaults of `attest estimate` (BIC, delta = 1 / 2^lists,
/// the reference LCMCR run).
pub fn estimate_table(input: &EstimateInput) -> Result<Estimate> {
    let table = read_capture_table(&input.name, &input.table)?;
    let request = Request::new(input.method);
    attest_estimate::estimate(&table, &request).map_err(|e| match e {
        attest_estimate::EstimateError::ListCount { lists, min, max, ref message } => {
            let method = match input.method {
                Method::Dga => "dga",
                _ => "loglinear",
            };
            let problem = ListProblem::MethodLists { method: method.to_string(), lists, min, max };
            AppError::refused(&input.name, message, Problem::List(Box::new(problem)))
        }
        other => AppError::invalid(&input.name, other),
    })
}

#[cfg(test)]
mod tests;
