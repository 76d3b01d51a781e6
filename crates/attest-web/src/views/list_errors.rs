//! A list page's refusal (`/link`, `/estimate`) said in Korean from its kind
//! ([`ListProblem`]): the file, the line and the column named as the English message names
//! them, with what to do. The templates are Korean only ([`korean_refusal`]); in English the
//! page shows the application's own message, the words `attest link` and `attest estimate`
//! print. A rare kind without Korean words ([`TableProblem::Other`]) gives `None`, and the page
//! shows the English message marked `lang="en"`.

use attest_app::lists::CsvError;
use attest_app::{ConfigMeasure, ListProblem};
use attest_estimate::{TableError, TableProblem};

use crate::i18n::{Lang, korean_refusal, particle};

/// "첫 줄" for line 1, else "N번째 줄".
fn line_words(line: impl Into<u64>) -> String {
    match line.into() {
        1 => "첫 줄".to_string(),
        n => format!("{n}번째 줄"),
    }
}

/// A header cell quoted (`'name'`), or "없음" (none) past the header's end.
fn quoted_or_none(cell: &Option<String>) -> String {
    cell.as_ref().map_or_else(|| "없음".to_string(), |c| format!("'{c}'"))
}

/// `key`'s Korean template with its values filled in.
fn said(key: &'static str, values: &[(&str, &str)]) -> String {
    fill(korean_refusal(key), values)
}

/// The Korean of a list's refusal; `file` is the field the application named (the list's or
/// table's file name, `lists` or `method`); `lang` gives the method's name.
pub fn korean(lang: Lang, file: &str, p: &ListProblem) -> Option<String> {
    let n = |v: usize| v.to_string();
    Some(match p {
        ListProblem::HeadersDiffer { first, column, expected, got } => said(
            "headers",
            &[
                ("file", file),
                ("first", first),
                ("column", &n(*column)),
                ("expected", &quoted_or_none(expected)),
                ("got", &quoted_or_none(got)),
            ],
        ),
        ListProblem::HeaderLooksLikeData { column } => {
            said("header_looks_like_data", &[("file", file), ("column", &n(*column))])
        }
        ListProblem::NoColumn { name, columns } => {
            said("no_column", &[("file", file), ("name", name), ("columns", &n(*columns))])
        }
        ListProblem::EmptyId { line, column } => {
            said("empty_id", &[("file", file), ("line", &line_words(*line as u64)), ("column", column)])
        }
        ListProblem::Threshold { input } => said("threshold", &[("은", particle(input, "은", "는")), ("input", input)]),
        ListProblem::DuplicateId { line, column, id, first_list, first_line } => said(
            "duplicate_id",
            &[
                ("file", file),
                ("line", &line_words(*line as u64)),
                ("column", column),
                ("이", particle(id, "이", "가")),
                ("id", id),
                ("first_list", first_list),
                ("first_line", &line_words(*first_line as u64)),
            ],
        ),
        ListProblem::Csv(e) => csv(file, e),
        ListProblem::TooLarge { kib, max_kib } => {
            said("too_large", &[("file", file), ("kib", &n(*kib)), ("max_kib", &n(*max_kib))])
        }
        ListProblem::Busy => said("busy", &[]),
        ListProblem::UploadTooLarge { max_mib } => said("upload_too_large", &[("max", &n(*max_mib))]),
        ListProblem::TooManyRecords { records, max } => {
            said("too_many_records", &[("records", &n(*records)), ("max", &n(*max))])
        }
        ListProblem::NothingToCompare => said("nothing_to_compare", &[]),
        ListProblem::TableEmpty => said("table_empty", &[("file", file)]),
        ListProblem::Table(e) => table(file, e)?,
        ListProblem::MethodLists { method, lists, min, max } => {
            let name = match method.as_str() {
                "dga" => lang.t("method.dga"),
                _ => lang.t("method.loglinear"),
            };
            said(
                "method_lists",
                &[
                    ("file", file),
                    ("method", name),
                    ("은", particle(name, "은", "는")),
                    ("min", &n(*min)),
                    ("max", &n(*max)),
                    ("lists", &n(*lists)),
                ],
            )
        }
        ListProblem::Method { input } => said("method", &[("input", input)]),
        ListProblem::ConfigUnreadable { line, column } => {
            said("config_unreadable", &[("file", file), ("line", &line_words(*line as u64)), ("column", &n(*column))])
        }
        ListProblem::ConfigColumns { column, config, header } => said(
            "config_columns",
            &[
                ("file", file),
                ("column", &n(*column)),
                ("config", &quoted_or_none(config)),
                ("header", &quoted_or_none(header)),
            ],
        ),
        ListProblem::ConfigTooLarge { kib, max_kib } => {
            said("config_too_large", &[("file", file), ("kib", &n(*kib)), ("max_kib", &n(*max_kib))])
        }
        ListProblem::ConfigBlocking { column } => said("config_blocking", &[("file", file), ("column", column)]),
        ListProblem::ConfigBound { setting, measure, value, allowed } => {
            let what = match measure {
                ConfigMeasure::Rules => "규칙 수",
                ConfigMeasure::Parts => "한 규칙의 부분 수",
                ConfigMeasure::Year1Parts => "한 규칙의 #year1 부분 수",
                ConfigMeasure::Value => "값",
            };
            let fill = [("file", file), ("setting", setting), ("what", what), ("value", value), ("allowed", allowed)];
            said("config_bound", &fill)
        }
    })
}

/// The CSV reader's refusal of a list.
fn csv(file: &str, e: &CsvError) -> String {
    match e {
        CsvError::Empty => said("csv_empty", &[("file", file)]),
        CsvError::NotUtf8 { line, offset } => {
            said("not_utf8", &[("file", file), ("line", &line_words(*line)), ("offset", &offset.to_string())])
        }
        CsvError::Ragged { line, len, expected } => said(
            "ragged",
            &[
                ("file", file),
                ("line", &line_words(*line)),
                ("len", &len.to_string()),
                ("expected", &expected.to_string()),
            ],
        ),
        CsvError::NoRecords => said("no_records", &[("file", file)]),
        CsvError::Other { line, .. } => said("csv_other", &[("file", file), ("line", &line_words(*line))]),
    }
}

/// A capture-history table's refusal, opening with where it is: the file, its line and its
/// column (a list's header by its number, a cell by its column's name).
fn table(file: &str, e: &TableError) -> Option<String> {
    let by_number = matches!(e.kind, TableProblem::UnnamedList | TableProblem::NameTwice { .. });
    let at = match (e.line, e.column.as_deref()) {
        (Some(l), Some(c)) if by_number => format!("{file} {} {c}번째 열: ", line_words(l)),
        (Some(l), Some(c)) => format!("{file} {}, {c} 열: ", line_words(l)),
        (Some(l), None) => format!("{file} {}: ", line_words(l)),
        (None, _) => format!("{file}: "),
    };
    let at = at.as_str();
    let text = match &e.kind {
        TableProblem::NoHeader => said("table_no_header", &[("at", at)]),
        TableProblem::TooFewLists { lists } => said("table_too_few", &[("at", at), ("lists", &lists.to_string())]),
        TableProblem::TooManyLists { lists } => said(
            "table_too_many",
            &[("at", at), ("lists", &lists.to_string()), ("max", &attest_estimate::table::MAX_LISTS.to_string())],
        ),
        TableProblem::UnnamedList => said("table_unnamed", &[("at", at)]),
        TableProblem::NameTwice { name, first_column } => said(
            "table_name_twice",
            &[("at", at), ("name", name), ("이", particle(name, "이", "가")), ("first", first_column)],
        ),
        TableProblem::NotZeroOrOne { value, count_hint } => {
            let mut text = said("table_not_01", &[("at", at), ("value", value), ("은", particle(value, "은", "는"))]);
            if *count_hint {
                text.push(' ');
                text.push_str(korean_refusal("table_count_hint"));
            }
            text
        }
        TableProblem::NotACount { value } => {
            said("table_not_count", &[("at", at), ("value", value), ("은", particle(value, "은", "는"))])
        }
        TableProblem::ZeroPatternObserved => said("table_zero_pattern", &[("at", at)]),
        TableProblem::DuplicatePattern { first_line } => {
            said("table_duplicate_pattern", &[("at", at), ("first_line", &line_words(*first_line))])
        }
        TableProblem::TotalTooLarge { count } => {
            let count = count.to_string();
            said("table_total", &[("at", at), ("count", &count), ("을", particle(&count, "을", "를"))])
        }
        TableProblem::Empty => said("table_nobody", &[("at", at)]),
        TableProblem::Ragged { len, expected } => {
            said("table_ragged", &[("at", at), ("len", &len.to_string()), ("expected", &expected.to_string())])
        }
        TableProblem::NotUtf8 => said("table_not_utf8", &[("at", at)]),
        TableProblem::Other => return None,
    };
    Some(text)
}

/// Fills `{name}` placeholders in one pass over the template, so a value that itself holds a
/// placeholder (a file named `{id}.csv`) is shown as written, never filled in turn.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let found = values.iter().find(|(k, _)| after.strip_prefix(k).is_some_and(|r| r.starts_with('}')));
        match found {
            Some((k, v)) => {
                out.push_str(v);
                rest = &after[k.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use attest_app::lists::{EstimateInput, EstimateMethod, LinkListsInput, ListLimits, SavedConfig, UploadedList};
    use attest_app::{AppError, Problem};
    use zeroize::Zeroizing;

    use crate::error::WebError;

    /// The Korean the page shows for `e`, which must come from its kind.
    fn korean_of(e: AppError) -> String {
        let e = WebError::from(e);
        assert!(matches!(e.problem, Problem::List(_)), "no kind: {}", e.message);
        crate::views::errors::explain(Lang::Ko, &e).unwrap_or_else(|| panic!("no Korean for {}", e.message))
    }

    fn link<T: AsRef<[u8]>>(files: &[(&str, T)], config: Option<(&str, &str)>, max_records: usize) -> AppError {
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        let lists =
            files.iter().map(|(n, t)| UploadedList { name: (*n).into(), bytes: Zeroizing::new(t.as_ref().to_vec()) });
        let config = config.map(|(name, text)| SavedConfig {
            name: name.into(),
            config: attest_app::link_config::from_text(name, text).unwrap(),
        });
        let limits = ListLimits { max_bytes: 1 << 10, max_records };
        let input = LinkListsInput {
            lists: lists.collect(),
            id_column: None,
            threshold: None,
            links_only: false,
            limits,
            config,
        };
        attest_app::lists::link_lists(input).err().unwrap_or_else(|| panic!("{names:?} not refused"))
    }

    fn estimate(table: &str, method: EstimateMethod) -> AppError {
        let input = EstimateInput { name: "t.csv".into(), table: Zeroizing::new(table.into()), method };
        attest_app::lists::estimate_table(&input).expect_err("refused")
    }

    /// No English word (three Latin letters in a row) but the file, column and tool names the
    /// sentence quotes.
    fn assert_no_english(said: &str, quoted: &[&str]) {
        // File names are quoted as given.
        let mut rest: String =
            said.split(' ').filter(|w| !w.contains(".csv") && !w.contains(".toml")).collect::<Vec<_>>().join(" ");
        for q in quoted.iter().chain(&[
            "attest link",
            "--save-config",
            "UTF-8",
            "CSV",
            "KiB",
            "count",
            "Chapman",
            "record_id",
            "surname",
            "birth_year",
        ]) {
            rest = rest.replace(q, "");
        }
        let latin = rest.split(|c: char| !c.is_ascii_alphabetic()).find(|w| w.len() >= 3);
        assert_eq!(latin, None, "English in {said:?}");
    }

    #[test]
    fn every_list_refusal_a_user_can_cause_is_said_in_korean_naming_the_file_line_and_column() {
        const A: &str = "record_id,surname,birth_year\nA1,Kim,1955\nA2,Ri,1961\n";
        let cases: Vec<(AppError, &str, &[&str])> = vec![
            (link(&[("e.csv", " \n")], None, 9), "e.csv: 파일이 비어 있습니다", &[]),
            (link(&[("h.csv", "record_id,surname\n")], None, 9), "h.csv: 머리글 다음에 기록이 없습니다", &[]),
            (
                link(&[("r.csv", "record_id,surname\nA1,Kim\nA2\n")], None, 9),
                "r.csv 3번째 줄: 값이 1개인데 머리글의 열은 2개",
                &[],
            ),
            (
                link(&[("u.csv", &b"record_id,surname\nA1,Kim\nA2,\xff\n"[..])], None, 9),
                "u.csv 3번째 줄: UTF-8 글자가 아닌 바이트가 있습니다(처음부터 28바이트 다음)",
                &[],
            ),
            (link(&[("a.csv", A)], None, 1), "기록이 모두 2건", &[]),
            (
                link(&[("n.csv", "B7,Kim,1951\nB8,Ri,1960\n")], None, 9),
                "n.csv 첫 줄 3번째 열: 열 이름이 있어야 할 자리에 숫자나 날짜가 있습니다",
                &[],
            ),
            // Lines 10 and later: "10번째 줄", never "첫 줄" (the English "line 10" begins
            // with "line 1").
            (
                link(&[("late.csv", &format!("record_id,surname\n{}A10\n", "A,Kim\n".repeat(10)))], None, 99),
                "late.csv 12번째 줄: 값이 1개인데 머리글의 열은 2개",
                &[],
            ),
            (
                attest_app::link_config::from_text("c.toml", &format!("{}columns = 3\n", "# a comment\n".repeat(9)))
                    .err()
                    .unwrap(),
                "c.toml 10번째 줄 11번째 글자:",
                &[],
            ),
            (link(&[("big.csv", &"record_id,surname\n".repeat(80))], None, 9), "big.csv: 파일이 1 KiB", &[]),
            (
                link(
                    &[("a.csv", A)],
                    Some((
                        "c.toml",
                        "threshold = 0.9\nblocking = [[\"surname\"]]\n[[columns]]\nname = \"record_id\"\nrole = \"id\"\n[[columns]]\nname = \"surname\"\nrole = \"ignore\"\n[[columns]]\nname = \"birth_year\"\nrole = \"ignore\"\n",
                    )),
                    9,
                ),
                "비교할 열이 없습니다",
                &[],
            ),
            (
                link(&[("a.csv", A), ("b.csv", "id,surname,birth_year\nB1,Kim,1955\n")], None, 9),
                "b.csv 첫 줄 1번째 열: 열 구성이",
                &[],
            ),
            (
                link(
                    &[("a.csv", A)],
                    Some((
                        "c.toml",
                        "threshold = 0.9\nblocking = [[\"surname\"]]\n[[columns]]\nname = \"nr\"\nrole = \"id\"\n",
                    )),
                    9,
                ),
                "c.toml 1번째 열: 설정의 열('nr')이 명단의 머리글('record_id')과 다릅니다",
                &[],
            ),
            (
                link(
                    &[("a.csv", A)],
                    Some((
                        "c.toml",
                        "threshold = 0.9\nblocking = [[\"home\"]]\n[[columns]]\nname = \"record_id\"\nrole = \"id\"\n[[columns]]\nname = \"surname\"\nrole = \"surname\"\n[[columns]]\nname = \"birth_year\"\nrole = \"birth_year\"\n",
                    )),
                    9,
                ),
                "c.toml: 설정의 묶음 규칙이 명단에 없는 열을 읽습니다: 'home'.",
                &["home"],
            ),
            // A hand-edited configuration that would make the run's work unbounded, or its
            // threshold not a probability, is refused before the engine sees it.
            (
                link(
                    &[("a.csv", A)],
                    Some((
                        "c.toml",
                        &format!(
                            "threshold = 0.9\nblocking = [{}]\n[[columns]]\nname = \"record_id\"\nrole = \"id\"\n[[columns]]\nname = \"surname\"\nrole = \"surname\"\n[[columns]]\nname = \"birth_year\"\nrole = \"birth_year\"\n",
                            vec!["[\"surname\"]"; 40].join(", ")
                        ),
                    )),
                    9,
                ),
                "c.toml: 설정 blocking의 규칙 수 40: 한 번의 실행이 받을 수 있는 범위(<= 32) 밖입니다",
                &["blocking"],
            ),
            (
                link(
                    &[("a.csv", A)],
                    Some((
                        "c.toml",
                        "threshold = 0.9\nblocking = [[\"birth_year#year1\", \"birth_year#year1\", \"birth_year#year1\"]]\n[[columns]]\nname = \"record_id\"\nrole = \"id\"\n[[columns]]\nname = \"surname\"\nrole = \"surname\"\n[[columns]]\nname = \"birth_year\"\nrole = \"birth_year\"\n",
                    )),
                    9,
                ),
                "c.toml: 설정 blocking의 한 규칙의 #year1 부분 수 3:",
                &["blocking", "year1"],
            ),
            (
                link(
                    &[("a.csv", A)],
                    Some((
                        "c.toml",
                        "threshold = nan\nblocking = [[\"surname\"]]\n[[columns]]\nname = \"record_id\"\nrole = \"id\"\n[[columns]]\nname = \"surname\"\nrole = \"surname\"\n[[columns]]\nname = \"birth_year\"\nrole = \"birth_year\"\n",
                    )),
                    9,
                ),
                "c.toml: 설정 threshold의 값 NaN: 한 번의 실행이 받을 수 있는 범위(0-1) 밖입니다",
                &["threshold", "NaN"],
            ),
            (
                link(
                    &[("a.csv", A)],
                    Some((
                        "c.toml",
                        "threshold = 0.9\nmax_block = 0\nblocking = [[\"surname\"]]\n[[columns]]\nname = \"record_id\"\nrole = \"id\"\n[[columns]]\nname = \"surname\"\nrole = \"surname\"\n[[columns]]\nname = \"birth_year\"\nrole = \"birth_year\"\n",
                    )),
                    9,
                ),
                "c.toml: 설정 max_block의 값 0: 한 번의 실행이 받을 수 있는 범위(1-10000) 밖입니다",
                &["max_block"],
            ),
            (estimate(" ", EstimateMethod::Chapman), "t.csv 첫 줄: 표가 비어 있습니다", &[]),
            (estimate(",\n1,0\n", EstimateMethod::Chapman), "t.csv 첫 줄: 머리글 행이 없습니다", &[]),
            (estimate("L1,count\n1,3\n", EstimateMethod::Chapman), "t.csv 첫 줄: 명단 열이 1개뿐", &[]),
            (
                estimate(
                    &format!("{}\n", (1..=16).map(|i| format!("L{i}")).collect::<Vec<_>>().join(",")),
                    EstimateMethod::Chapman,
                ),
                "명단이 16개",
                &[],
            ),
            (estimate("L1,,count\n1,0,3\n", EstimateMethod::Chapman), "t.csv 첫 줄 2번째 열: 이름 없는 명단 열", &[]),
            (
                estimate("L1,L1,count\n1,0,3\n", EstimateMethod::Chapman),
                "t.csv 첫 줄 2번째 열: 명단 이름 'L1'이 두 번 쓰였습니다(처음은 1번째 열)",
                &[],
            ),
            (
                estimate("L1,L2,count\n1,0,3\n0,2,2\n", EstimateMethod::Chapman),
                "t.csv 3번째 줄, L2 열: '2'는 0이나 1이 아닙니다",
                &["L2"],
            ),
            (
                estimate("L1,L2,total\n1,0,3\n", EstimateMethod::Chapman),
                "t.csv 2번째 줄, total 열: '3'은 0이나 1이 아닙니다. 명단 열에는 0(없음)이나 1(있음)만 씁니다. 이 열이 개수 열이면 머리글을 count로 바꾸십시오.",
                &["total"],
            ),
            (
                estimate("L1,L2,count\n1,0,2.5\n", EstimateMethod::Chapman),
                "t.csv 2번째 줄, count 열: '2.5'는 개수",
                &[],
            ),
            (estimate("L1,L2,count\n0,0,3\n", EstimateMethod::Chapman), "t.csv 2번째 줄: 어느 명단에도 없는 유형", &[]),
            (
                estimate("L1,L2,count\n1,0,3\n1,0,4\n", EstimateMethod::Chapman),
                "t.csv 3번째 줄: 같은 유형이 2번째 줄에서 이미 세어졌습니다",
                &[],
            ),
            (
                estimate(&format!("L1,L2,count\n1,0,{}\n0,1,1\n", 1u64 << 53), EstimateMethod::Chapman),
                "t.csv 3번째 줄, count 열: 개수 1을 더하면",
                &[],
            ),
            (
                estimate("L1,L2,count\n1,0,0\n", EstimateMethod::Chapman),
                "t.csv: 표가 비어 있습니다. 어느 명단에도 사람이 없습니다",
                &[],
            ),
            (
                estimate("L1,L2,count\n1,0,3\n0,1\n", EstimateMethod::Chapman),
                "t.csv 3번째 줄: 값이 2개인데 머리글의 열은 3개",
                &[],
            ),
            (
                estimate("L1,L2,count\n1,0,3\n0,1,2\n1,1,1\n", EstimateMethod::Loglinear),
                "t.csv: 로그선형 모형은 명단이 3~10개인 표에만 쓸 수 있습니다. 이 표의 명단은 2개",
                &[],
            ),
            (
                estimate("L1,L2,count\n1,0,3\n0,1,2\n1,1,1\n", EstimateMethod::Dga),
                "t.csv: 베이즈 모형 평균 (dga)은 명단이 3~5개인",
                &["dga"],
            ),
            (
                attest_app::lists::parse_method("magic").err().unwrap(),
                "방법: 그런 방법은 없습니다: 'magic'.",
                &["magic"],
            ),
            (
                attest_app::link_config::from_text("c.toml", "threshold = 0.9\ncolumns = 3\n").err().unwrap(),
                "c.toml 2번째 줄 11번째 글자: 명단 연결 설정으로 읽을 수 없습니다",
                &[],
            ),
        ];
        for (e, expected, quoted) in cases {
            let message = e.to_string();
            let said = korean_of(e);
            assert!(said.contains(expected), "{expected:?} not in {said:?} (for {message:?})");
            assert_no_english(&said, quoted);
            // Where the English message names a line, so does the Korean: that line exactly
            // (line 1 is "첫 줄"; "line 10" is line 10, not line 1).
            let line = message
                .split("line ")
                .nth(1)
                .map(|r| r.chars().take_while(char::is_ascii_digit).collect::<String>())
                .filter(|n| !n.is_empty());
            if let Some(n) = line {
                let words = if n == "1" { "첫 줄".to_string() } else { format!("{n}번째 줄") };
                assert!(said.contains(&words), "{words} not in {said:?} for {message:?}");
                if n != "1" {
                    assert!(!said.contains("첫 줄"), "line {n} said as line 1 in {said:?}");
                }
            }
        }
    }

    #[test]
    fn every_korean_refusal_is_used_by_the_renderer_or_the_required_messages() {
        let source = [include_str!("list_errors.rs"), include_str!("errors.rs")].concat();
        for (key, _) in crate::i18n::lists::KOREAN_REFUSALS {
            assert!(source.contains(&format!("\"{key}\"")), "{key} is said nowhere");
        }
    }
}
