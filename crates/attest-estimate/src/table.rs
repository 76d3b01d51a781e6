//! Capture-history tables: one column per list, a count per inclusion pattern.
//!
//! The engine's input. It is built from CSV text (the format of the files statisticians exchange)
//! or, later, straight from linked lists in the archive with [`CaptureTable::from_patterns`].

use serde::Serialize;

/// Most lists a table may have (2^15 cells).
pub const MAX_LISTS: usize = 15;

/// Largest number of individuals a table may hold in all: 2^53, the largest count every
/// estimator can still carry exactly in floating point. Larger totals are refused, never wrapped.
pub const MAX_TOTAL: u64 = 1 << 53;

/// Counts of individuals by inclusion pattern. Pattern bit `i` set = on list `i` (CSV column
/// order). The all-zero pattern, the unobserved, is always 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaptureTable {
    /// List names, in column order.
    pub lists: Vec<String>,
    /// `counts[pattern]` for every pattern 0..2^t.
    pub counts: Vec<u64>,
}

/// A table that cannot be read, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", line.map(|l| format!("line {l}")).unwrap_or_default(), column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct TableError {
    /// 1-based line, where one applies.
    pub line: Option<u64>,
    /// Column name (or number), where one applies.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What is wrong as a kind with its figures, for faces that say it in another language
    /// (the message is the English).
    pub kind: TableProblem,
}

/// What is wrong with a table, beside its English message: each kind with the values its
/// message names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableProblem {
    /// The header row is empty.
    NoHeader,
    /// Fewer than two list columns.
    TooFewLists {
        /// List columns found.
        lists: usize,
    },
    /// More lists than [`MAX_LISTS`].
    TooManyLists {
        /// Lists given.
        lists: usize,
    },
    /// A list column without a header.
    UnnamedList,
    /// A list name used twice.
    NameTwice {
        /// The name.
        name: String,
        /// The column of its first use.
        first_column: String,
    },
    /// A list cell that is not 0 or 1.
    NotZeroOrOne {
        /// The value.
        value: String,
        /// Whether it looks like a count in a table without a `count` column.
        count_hint: bool,
    },
    /// A count that is not a whole number of 0 or more.
    NotACount {
        /// The value.
        value: String,
    },
    /// The on-no-list pattern with a count above 0.
    ZeroPatternObserved,
    /// A pattern counted twice.
    DuplicatePattern {
        /// The line of its first count.
        first_line: u64,
    },
    /// A count that takes the total above [`MAX_TOTAL`].
    TotalTooLarge {
        /// The count.
        count: u64,
    },
    /// Nobody on any list.
    Empty,
    /// A row with more or fewer fields than the header.
    Ragged {
        /// Its fields.
        len: u64,
        /// The header's.
        expected: u64,
    },
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// Anything else (a pattern out of range, a table that could not be written, another CSV
    /// error): only the message says it.
    Other,
}

fn err(line: Option<u64>, column: Option<String>, kind: TableProblem, message: impl Into<String>) -> TableError {
    TableError { line, column, message: message.into(), kind }
}

/// Whether a header names the count column (`count`, `freq`, `frequency`, `n`), not a list.
pub fn is_count_header(h: &str) -> bool {
    matches!(h.trim().to_ascii_lowercase().as_str(), "count" | "freq" | "frequency" | "n")
}

impl CaptureTable {
    /// Number of lists.
    pub fn list_count(&self) -> usize {
        self.lists.len()
    }

    /// Individuals observed on at least one list. Tables built by [`CaptureTable::from_csv`] or
    /// [`CaptureTable::from_patterns`] hold at most [`MAX_TOTAL`]; a table built by hand that
    /// holds more saturates rather than wraps.
    pub fn observed(&self) -> u64 {
        self.counts.iter().fold(0u64, |a, &c| a.saturating_add(c))
    }

    /// Individuals on list `i`.
    pub fn on_list(&self, i: usize) -> u64 {
        self.counts.iter().enumerate().filter(|(p, _)| p & (1 << i) != 0).fold(0u64, |a, (_, &c)| a.saturating_add(c))
    }

    /// Pairs `(a, b)` where everyone on list `a` is also on list `b` (and `a` is not empty):
    /// list `a` adds nobody that `b` did not already have, so the two cannot be treated as
    /// independent sources.
    pub fn subset_pairs(&self) -> Vec<(usize, usize)> {
        let t = self.list_count();
        let mut out = Vec::new();
        for a in 0..t {
            if self.on_list(a) == 0 {
                continue;
            }
            for b in 0..t {
                if a == b {
                    continue;
                }
                let outside =
                    self.counts.iter().enumerate().any(|(p, &c)| c > 0 && p & (1 << a) != 0 && p & (1 << b) == 0);
                if !outside {
                    out.push((a, b));
                }
            }
        }
        out
    }

    /// Builds a table from (pattern, count) pairs; patterns are bit masks over `lists`.
    pub fn from_patterns(lists: Vec<String>, patterns: &[(usize, u64)]) -> Result<CaptureTable, TableError> {
        let t = lists.len();
        if t < 2 {
            return Err(err(
                None,
                None,
                TableProblem::TooFewLists { lists: t },
                "at least two lists are needed to estimate anything",
            ));
        }
        if t > MAX_LISTS {
            return Err(err(
                None,
                None,
                TableProblem::TooManyLists { lists: t },
                format!("{t} lists; at most {MAX_LISTS} are supported"),
            ));
        }
        check_list_names(&lists, |i| (None, Some(format!("{}", i + 1))))?;
        let mut counts = vec![0u64; 1 << t];
        let mut total = 0u64;
        for &(p, c) in patterns {
            if p == 0 && c > 0 {
                return Err(err(
                    None,
                    None,
                    TableProblem::ZeroPatternObserved,
                    "the all-zero pattern (on no list) cannot have been observed",
                ));
            }
            if p >= counts.len() {
                return Err(err(None, None, TableProblem::Other, format!("pattern {p} is out of range for {t} lists")));
            }
            total = add_to_total(total, c).map_err(|m| err(None, None, TableProblem::TotalTooLarge { count: c }, m))?;
            counts[p] += c;
        }
        let table = CaptureTable { lists, counts };
        if table.observed() == 0 {
            return Err(err(None, None, TableProblem::Empty, "the table is empty: nobody is on any list"));
        }
        Ok(table)
    }

    /// The table as CSV text in the form [`CaptureTable::from_csv`] reads: a header of the list
    /// names and `count`, then one row per pattern (every pattern but on-no-list, zeros
    /// included), list `i` being bit `i` of the pattern. Written with the `csv` crate, so names
    /// with commas or quotes are quoted.
    pub fn to_csv(&self) -> Result<String, TableError> {
        let failed = |e: &dyn std::fmt::Display| {
            err(None, None, TableProblem::Other, format!("the table could not be written: {e}"))
        };
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let header = self.lists.iter().map(String::as_str).chain(["count"]);
        w.write_record(header).map_err(|e| failed(&e))?;
        for (pattern, count) in self.counts.iter().enumerate().skip(1) {
            let bits = (0..self.lists.len()).map(|i| if pattern & (1 << i) != 0 { "1" } else { "0" });
            let count = count.to_string();
            w.write_record(bits.chain([count.as_str()])).map_err(|e| failed(&e))?;
        }
        let bytes = w.into_inner().map_err(|e| failed(&e))?;
        String::from_utf8(bytes).map_err(|e| failed(&e))
    }

    /// Reads CSV: a header of list names plus a `count` column (one row per pattern), or only
    /// list columns (one row per individual).
    pub fn from_csv(text: &str) -> Result<CaptureTable, TableError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| csv_err(&e))?.clone();
        if headers.iter().all(|h| h.is_empty()) {
            return Err(err(
                Some(1),
                None,
                TableProblem::NoHeader,
                "no header row: expected list names and a count column",
            ));
        }
        let count_col = headers.iter().position(is_count_header);
        let list_cols: Vec<usize> = (0..headers.len()).filter(|i| Some(*i) != count_col).collect();
        let lists: Vec<String> = list_cols.iter().map(|&i| headers[i].to_string()).collect();
        if lists.len() < 2 {
            return Err(err(
                Some(1),
                None,
                TableProblem::TooFewLists { lists: lists.len() },
                format!("{} list column(s); at least two lists are needed", lists.len()),
            ));
        }
        if lists.len() > MAX_LISTS {
            return Err(err(
                Some(1),
                None,
                TableProblem::TooManyLists { lists: lists.len() },
                format!("{} lists; at most {MAX_LISTS} are supported", lists.len()),
            ));
        }
        check_list_names(&lists, |i| (Some(1), Some(format!("{}", list_cols[i] + 1))))?;
        let mut total = 0u64;
        let mut counts = vec![0u64; 1 << lists.len()];
        let mut seen_at: Vec<Option<u64>> = vec![None; 1 << lists.len()];
        for record in reader.records() {
            let record = record.map_err(|e| csv_err(&e))?;
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            let mut pattern = 0usize;
            for (bit, &col) in list_cols.iter().enumerate() {
                match &record[col] {
                    "0" => {}
                    "1" => pattern |= 1 << bit,
                    other => {
                        let hint = if count_col.is_none() && other.parse::<u64>().is_ok() {
                            "; if this is the count column, name it 'count'"
                        } else {
                            ""
                        };
                        return Err(err(
                            Some(line),
                            Some(headers[col].to_string()),
                            TableProblem::NotZeroOrOne { value: other.to_string(), count_hint: !hint.is_empty() },
                            format!("'{other}' is not 0 or 1{hint}"),
                        ));
                    }
                }
            }
            let count = match count_col {
                None => 1,
                Some(c) => {
                    let v = &record[c];
                    v.parse::<u64>().map_err(|_| {
                        err(
                            Some(line),
                            Some(headers[c].to_string()),
                            TableProblem::NotACount { value: v.to_string() },
                            format!("'{v}' is not a count (a whole number of 0 or more)"),
                        )
                    })?
                }
            };
            if pattern == 0 {
                if count > 0 {
                    return Err(err(
                        Some(line),
                        None,
                        TableProblem::ZeroPatternObserved,
                        "the all-zero pattern (on no list) cannot have been observed; leave it out",
                    ));
                }
                continue;
            }
            if count_col.is_some() {
                if let Some(first) = seen_at[pattern] {
                    return Err(err(
                        Some(line),
                        None,
                        TableProblem::DuplicatePattern { first_line: first },
                        format!("duplicate pattern: the same lists were already counted on line {first}"),
                    ));
                }
                seen_at[pattern] = Some(line);
            }
            total = add_to_total(total, count).map_err(|m| {
                let column = count_col.map_or_else(|| "(row)".to_string(), |c| headers[c].to_string());
                err(Some(line), Some(column), TableProblem::TotalTooLarge { count }, m)
            })?;
            counts[pattern] += count;
        }
        let table = CaptureTable { lists, counts };
        if table.observed() == 0 {
            return Err(err(None, None, TableProblem::Empty, "the table is empty: nobody is on any list"));
        }
        Ok(table)
    }

    /// The table restricted to two lists (for two-list estimators).
    pub fn pair(&self, a: usize, b: usize) -> (u64, u64, u64) {
        let (mut n1, mut n2, mut m) = (0, 0, 0);
        for (p, &c) in self.counts.iter().enumerate() {
            let (x, y) = (p & (1 << a) != 0, p & (1 << b) != 0);
            if x {
                n1 += c;
            }
            if y {
                n2 += c;
            }
            if x && y {
                m += c;
            }
        }
        (n1, n2, m)
    }
}

/// Adds one count to the running total, refusing totals beyond [`MAX_TOTAL`]. Every cell is at
/// most the total, so no cell can overflow once the total is checked.
fn add_to_total(total: u64, count: u64) -> Result<u64, String> {
    match total.checked_add(count) {
        Some(t) if t <= MAX_TOTAL => Ok(t),
        _ => Err(format!(
            "count {count} makes the table hold more than {MAX_TOTAL} individuals in all, more than the estimators can count exactly"
        )),
    }
}

/// Refuses empty and repeated list names: a repeated name is almost always a list exported twice
/// or a header typo, and either would silently double a source. `position(i)` names where list
/// `i` was declared.
fn check_list_names(
    lists: &[String],
    position: impl Fn(usize) -> (Option<u64>, Option<String>),
) -> Result<(), TableError> {
    for (i, name) in lists.iter().enumerate() {
        let (line, column) = position(i);
        if name.trim().is_empty() {
            return Err(err(
                line,
                column,
                TableProblem::UnnamedList,
                "a list has no name: every list column needs a header",
            ));
        }
        if let Some(first) = lists[..i].iter().position(|n| n.trim() == name.trim()) {
            let first_column = position(first).1.unwrap_or_default();
            return Err(err(
                line,
                column,
                TableProblem::NameTwice { name: name.trim().to_string(), first_column: first_column.clone() },
                format!(
                    "list name '{}' is used twice (first in column {}): name each list once",
                    name.trim(),
                    first_column
                ),
            ));
        }
    }
    Ok(())
}

fn csv_err(e: &csv::Error) -> TableError {
    let line = e.position().map(|p| p.line());
    let (kind, message) = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => (
            TableProblem::Ragged { len: *len, expected: *expected_len },
            format!("{len} fields where the header has {expected_len}"),
        ),
        csv::ErrorKind::Utf8 { .. } => (TableProblem::NotUtf8, "not UTF-8 text".to_string()),
        _ => (TableProblem::Other, e.to_string()),
    };
    err(line, None, kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_written_as_csv_reads_back_the_same_with_awkward_names_quoted() {
        let lists = vec!["mines, north".to_string(), "say \"hi\"".to_string(), "L3".to_string()];
        let t = CaptureTable::from_patterns(lists, &[(1, 40), (2, 30), (4, 20), (3, 5), (7, 1), (3, 2)]).unwrap();
        let csv = t.to_csv().unwrap();
        assert!(
            csv.starts_with("\"mines, north\",\"say \"\"hi\"\"\",L3,count\n1,0,0,40\n0,1,0,30\n1,1,0,7\n"),
            "{csv}"
        );
        assert_eq!(csv.lines().count(), 8, "a header and every pattern, zeros included: {csv}");
        let back = CaptureTable::from_csv(&csv).unwrap();
        assert_eq!((back.lists, back.counts), (t.lists, t.counts));
    }

    #[test]
    fn aggregated_and_individual_forms_agree() {
        let agg = CaptureTable::from_csv("A,B,count\n1,0,3\n0,1,2\n1,1,1\n").unwrap();
        let ind = CaptureTable::from_csv("A,B\n1,0\n1,0\n1,0\n0,1\n0,1\n1,1\n").unwrap();
        assert_eq!(agg, ind);
        assert_eq!(agg.observed(), 6);
        assert_eq!(agg.pair(0, 1), (4, 3, 1));
    }

    #[test]
    fn bad_tables_name_line_and_column() {
        let e = CaptureTable::from_csv("A,B,count\n1,0,3\n0,2,2\n").unwrap_err();
        assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("B")));
        let e = CaptureTable::from_csv("A,B,count\n1,0,-3\n").unwrap_err();
        assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("count")));
        let e = CaptureTable::from_csv("A,B,count\n1,0,2.5\n").unwrap_err();
        assert!(e.to_string().contains("not a count"));
        let e = CaptureTable::from_csv("A,B,total\n1,0,3\n").unwrap_err();
        assert!(e.to_string().contains("name it 'count'"), "{e}");
        let e = CaptureTable::from_csv("A,count\n1,3\n").unwrap_err();
        assert!(e.to_string().contains("at least two lists"));
        let e = CaptureTable::from_csv("A,B,count\n1,0,3\n1,0,4\n").unwrap_err();
        assert!(e.to_string().contains("duplicate pattern") && e.line == Some(3), "{e}");
        let e = CaptureTable::from_csv("A,B,count\n1,0,3\n0,1\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = CaptureTable::from_csv("A,B,count\n0,0,3\n").unwrap_err();
        assert!(e.to_string().contains("all-zero"));
        assert!(CaptureTable::from_csv("A,B,count\n").is_err());
    }

    #[test]
    fn every_refusal_has_its_kind_with_the_values_its_message_names() {
        let kind = |csv: &str| CaptureTable::from_csv(csv).unwrap_err().kind;
        assert_eq!(
            kind("A,B,count\n1,0,3\n0,2,2\n"),
            TableProblem::NotZeroOrOne { value: "2".into(), count_hint: false }
        );
        assert_eq!(kind("A,B,total\n1,0,3\n"), TableProblem::NotZeroOrOne { value: "3".into(), count_hint: true });
        assert_eq!(kind("A,B,count\n1,0,2.5\n"), TableProblem::NotACount { value: "2.5".into() });
        assert_eq!(kind("A,count\n1,3\n"), TableProblem::TooFewLists { lists: 1 });
        let many = (1..=16).map(|i| format!("L{i}")).collect::<Vec<_>>().join(",");
        assert_eq!(kind(&format!("{many}\n")), TableProblem::TooManyLists { lists: 16 });
        assert_eq!(kind("A,A,count\n1,0,3\n"), TableProblem::NameTwice { name: "A".into(), first_column: "1".into() });
        assert_eq!(kind("A,,count\n1,0,3\n"), TableProblem::UnnamedList);
        assert_eq!(kind(",\n1,0\n"), TableProblem::NoHeader);
        assert_eq!(kind("A,B,count\n1,0,3\n1,0,4\n"), TableProblem::DuplicatePattern { first_line: 2 });
        assert_eq!(kind("A,B,count\n0,0,3\n"), TableProblem::ZeroPatternObserved);
        assert_eq!(kind("A,B,count\n1,0,3\n0,1\n"), TableProblem::Ragged { len: 2, expected: 3 });
        assert_eq!(kind("A,B,count\n1,0,0\n"), TableProblem::Empty);
        let huge = format!("A,B,count\n1,0,{}\n0,1,1\n", MAX_TOTAL);
        assert_eq!(kind(&huge), TableProblem::TotalTooLarge { count: 1 });
    }
}
