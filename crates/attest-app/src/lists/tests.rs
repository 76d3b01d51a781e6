//! Unit tests of `lists.rs`.

use super::*;

fn list(name: &str, text: &str) -> UploadedList {
    UploadedList { name: name.into(), bytes: Zeroizing::new(text.as_bytes().to_vec()) }
}

const A: &str = "record_id,surname,given_name,birth_year,sex,home_county\n\
    A1,Kim,Young-ho,1955,M,Onsong\nA2,Ri,Chol-su,1961,M,Hoeryong\nA3,Pak,Mi-ok,1970,F,Musan\n\
    A4,Choe,Song-il,1948,M,Kyongwon\nA5,Han,Kum-sil,1966,F,Onsong\nA6,Jo,Myong-chol,1959,M,Saebyol\n";
const B: &str = "record_id,surname,given_name,birth_year,sex,home_county\n\
    B1,김,영호,1955,M,온성\nB2,Lee,Cheol-su,1961,M,Hoeryong\nB3,Park,Mi-ok,1971,F,Musan\n\
    B4,Choi,Seong-il,1948,M,Kyongwon\nB5,Yun,Hye-jin,1980,F,Chongjin\nB6,Cho,Myeong-cheol,1959,M,Saebyol\n";

fn input(lists: Vec<UploadedList>) -> LinkListsInput {
    LinkListsInput {
        lists,
        id_column: None,
        threshold: None,
        links_only: false,
        limits: ListLimits::default(),
        config: None,
    }
}

#[test]
fn two_lists_link_across_spellings_and_report_roles_and_borderline_pairs() {
    let out = link_lists(input(vec![list("a.csv", A), list("b.csv", B)])).unwrap();
    assert_eq!(out.mode, "link");
    assert_eq!(out.lists, vec![("a.csv".to_string(), 6), ("b.csv".to_string(), 6)]);
    let role = |n: &str| out.columns.iter().find(|c| c.name == n).unwrap();
    assert_eq!(role("surname").role, Role::Surname);
    assert_eq!(role("record_id").used, ColumnUse::NotCompared);
    assert!(role("home_county").why.contains("home"), "{}", role("home_county").why);
    // 김영호 / Kim Young-ho and Pak / Park Mi-ok are one person each; Han and Yun are alone.
    let cluster: std::collections::HashMap<&str, &str> =
        out.clusters_csv.lines().skip(1).filter_map(|l| l.split_once(',')).collect();
    assert_eq!(cluster["A1"], cluster["B1"]);
    assert_eq!(cluster["A3"], cluster["B3"]);
    assert_ne!(cluster["A5"], cluster["B5"]);
    assert_eq!(out.summary.clusters, 7);
    assert!(!out.near_threshold.is_empty());
    assert!(out.near_threshold.iter().all(|e| !e.fields.is_empty()));
}

#[test]
fn a_saved_configuration_names_the_id_column_when_the_form_does_not() {
    // The first column holds names: linked once with the id column named, the configuration
    // used is given back without it, and the record ids must still be the ids, not names.
    let names_first = "surname,record_id,given_name,birth_year\nKim,A1,Young-ho,1955\nRi,A2,Chol-su,1961\n\
        Pak,A3,Mi-ok,1970\nKim,A4,Young-ho,1955\n";
    let first = LinkListsInput { id_column: Some("record_id".into()), ..input(vec![list("a.csv", names_first)]) };
    let used = link_lists(first).unwrap().config;
    let again = LinkListsInput {
        config: Some(SavedConfig { name: "c.toml".into(), config: used }),
        ..input(vec![list("a.csv", names_first)])
    };
    let out = link_lists(again).unwrap();
    let ids: Vec<&str> = out.clusters_csv.lines().skip(1).map(|l| l.split_once(',').unwrap().0).collect();
    assert_eq!(ids, ["A1", "A2", "A3", "A4"]);
}

#[test]
fn a_saved_configuration_past_the_bounds_of_a_run_is_refused_by_kind() {
    let used = link_lists(input(vec![list("a.csv", A)])).unwrap().config;
    let refused = |edit: &dyn Fn(&mut LinkConfig)| {
        let mut config = used.clone();
        edit(&mut config);
        let given = LinkListsInput {
            config: Some(SavedConfig { name: "c.toml".into(), config }),
            ..input(vec![list("a.csv", A)])
        };
        match link_lists(given).map(|_| ()).unwrap_err() {
            AppError::Invalid { problem: Problem::List(p), .. } => match *p {
                ListProblem::ConfigBound { setting, measure, .. } => (setting, measure),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    };
    use crate::error::ConfigMeasure::*;
    let many = |c: &mut LinkConfig| c.blocking = vec![vec!["surname".to_string()]; MAX_CONFIG_RULES + 1];
    assert_eq!(refused(&many), ("blocking".to_string(), Rules));
    let years = |c: &mut LinkConfig| c.training_blocking = vec![vec!["birth_year#year1".to_string(); 3]];
    assert_eq!(refused(&years), ("training_blocking".to_string(), Year1Parts));
    let long = |c: &mut LinkConfig| c.blocking = vec![vec!["surname".to_string(); MAX_RULE_PARTS + 1]];
    assert_eq!(refused(&long), ("blocking".to_string(), Parts));
    assert_eq!(refused(&|c: &mut LinkConfig| c.threshold = f64::NAN), ("threshold".to_string(), Value));
    assert_eq!(refused(&|c: &mut LinkConfig| c.threshold = -1.0), ("threshold".to_string(), Value));
    assert_eq!(refused(&|c: &mut LinkConfig| c.max_block = MAX_CONFIG_BLOCK + 1), ("max_block".to_string(), Value));
    // Within the bounds, the same configuration runs.
    let given = LinkListsInput {
        config: Some(SavedConfig { name: "c.toml".into(), config: used }),
        ..input(vec![list("a.csv", A)])
    };
    assert!(link_lists(given).is_ok());
}

#[test]
fn record_ids_beginning_like_a_spreadsheet_formula_are_written_with_an_apostrophe() {
    let ids =
        A.replacen("A1,", "=HYPERLINK(\"http://x\"),", 1).replacen("A2,", "-2+3,", 1).replacen("A3,", "@SUM(1),", 1);
    let out = link_lists(input(vec![list("a.csv", &ids)])).unwrap();
    let written: Vec<&str> = out.clusters_csv.lines().skip(1).map(|l| l.rsplit_once(',').unwrap().0).collect();
    assert_eq!(&written[..4], ["\"'=HYPERLINK(\"\"http://x\"\")\"", "'-2+3", "'@SUM(1)", "A4"]);
}

#[test]
fn a_link_result_becomes_a_capture_table_counting_each_group_once_per_list() {
    // Four records on a.csv, three on b.csv. Group 0 is on both lists; group 1 twice on a.csv
    // only (a duplicate, counted once); group 2 on both; group 3 on b.csv only.
    let lists = vec![("in/a.csv".to_string(), 4), ("b.csv".to_string(), 3)];
    let t = capture_history(&lists, &[0, 1, 1, 2, 0, 3, 2], 8).unwrap();
    assert_eq!(t.lists, vec!["a", "b"]);
    assert_eq!(t.csv, "a,b,count\n1,0,1\n0,1,1\n1,1,2\n");
    assert_eq!((t.people(), t.groups_with_duplicates, t.largest_group, t.oversized_groups), (4, 1, 2, 0));
    // The format `attest estimate` reads, with the same counts.
    let read = read_capture_table("capture.csv", &t.csv).unwrap();
    assert_eq!(read.lists, vec!["a", "b"]);
    assert_eq!(read.counts, vec![0, 1, 1, 2]);
    // A group above the oversized size is counted as such.
    let big = capture_history(&lists, &[0, 0, 0, 1, 0, 0, 2], 4).unwrap();
    assert_eq!((big.largest_group, big.oversized_groups, big.groups_with_duplicates), (5, 1, 1));
    // Names that would not make two distinct columns are replaced.
    let same = vec![("x/a.csv".to_string(), 1), ("y/a.csv".to_string(), 1)];
    assert_eq!(capture_history(&same, &[0, 1], 8).unwrap().csv, "list_1,list_2,count\n1,0,1\n0,1,1\n1,1,0\n");
    let count = vec![("count.csv".to_string(), 1), ("b.csv".to_string(), 1)];
    assert!(capture_history(&count, &[0, 0], 8).unwrap().csv.starts_with("list_1,list_2,count\n"));
    let formula = vec![("=HYPERLINK(1).csv".to_string(), 1), ("b.csv".to_string(), 1)];
    assert!(capture_history(&formula, &[0, 0], 8).unwrap().csv.starts_with("list_1,list_2,count\n"));
    // One list, or labels that do not match the lists, are refused naming what.
    let one = capture_history(&lists[..1], &[0, 1, 1, 2], 8).err().unwrap().to_string();
    assert!(one.starts_with("lists: ") && one.contains("two or more"), "{one}");
    assert!(capture_history(&lists, &[0, 1], 8).is_err());
}

#[test]
fn refusals_name_the_list_the_line_and_the_column() {
    let e = |lists| link_lists(input(lists)).err().unwrap().to_string();
    let ragged = "record_id,surname\nA1,Kim\nA2\n";
    assert_eq!(e(vec![list("a.csv", ragged)]), "a.csv: line 3: 1 fields where the header has 2");
    let empty_id = "record_id,surname\nA1,Kim\n,Ri\n";
    assert_eq!(e(vec![list("a.csv", A), list("b.csv", &B.replace("B2,", ",")[..])]).split(':').next(), Some("b.csv"));
    assert_eq!(e(vec![list("x.csv", empty_id)]), "x.csv: line 3, column record_id: empty record id");
    let twice = "record_id,surname\nA1,Kim\nA1,Ri\n";
    assert_eq!(
        e(vec![list("t.csv", twice)]),
        "t.csv: line 3, column record_id: record id 'A1' already used at t.csv line 2"
    );
    let other = "id,name\nB1,Kim\n";
    assert!(e(vec![list("a.csv", A), list("b.csv", other)]).starts_with("b.csv: line 1: its columns"));
    assert_eq!(e(vec![list("e.csv", " \n")]), "e.csv: the file is empty");
    assert_eq!(e(vec![list("h.csv", "record_id,surname\n")]), "h.csv: no records after the header");
    let small =
        LinkListsInput { limits: ListLimits { max_bytes: 1 << 20, max_records: 5 }, ..input(vec![list("a.csv", A)]) };
    let too_many = link_lists(small).err().unwrap().to_string();
    assert!(too_many.contains("6 records") && too_many.contains("attest link"), "{too_many}");
    assert!(e(vec![list("n.csv", "a,b\n\u{0}\u{ff}")]).starts_with("n.csv: line"));
}

/// A list without a header row whose first record holds a year, a date or a number is
/// refused by kind, naming the column and quoting no cell, rather than linked with that
/// record as its column names; a header of words is linked as before.
#[test]
fn a_header_row_that_looks_like_a_record_is_refused_naming_the_column_only() {
    let headerless =
        "B7,Kim,Invented Sealed Delta,1951,M,delta-contact-5521\nB8,Ri,Ok,1960,F,Onsong\nB9,Pak,Mi-ok,1970,F,Musan\n";
    let refused = link_lists(input(vec![list("b.csv", headerless)])).err().unwrap();
    assert_eq!(refused.problem(), Problem::List(Box::new(ListProblem::HeaderLooksLikeData { column: 4 })));
    let said = refused.to_string();
    assert!(said.starts_with("b.csv: line 1, column 4: a number or a date"), "{said}");
    for cell in ["B7", "Kim", "Invented Sealed Delta", "1951", "delta-contact-5521"] {
        assert!(!said.contains(cell), "{cell} quoted: {said}");
    }
    for date in ["1960-03-01", "12/05/1971", "3"] {
        let list_text = format!("A1,Kim,{date}\nA2,Ri,1961\n");
        let refused = link_lists(input(vec![list("d.csv", &list_text)])).err().unwrap();
        assert_eq!(refused.problem(), Problem::List(Box::new(ListProblem::HeaderLooksLikeData { column: 3 })));
    }
    // Column names with digits in them, and the same list with its header row: linked.
    let numbered = "record_id,surname_1,birth_year\nA1,Kim,1955\nA2,Ri,1961\n";
    assert!(link_lists(input(vec![list("n.csv", numbered)])).is_ok());
    let headed = format!("record_id,surname,given_name,birth_year,sex,contact\n{headerless}");
    assert!(link_lists(input(vec![list("h.csv", &headed)])).is_ok());
}

/// Where one header is shorter, the refusal says which list has no such column, in words
/// ("this list has no column 6"), not "none".
#[test]
fn a_shorter_header_is_said_as_the_list_having_no_such_column() {
    let short = "record_id,surname,given_name,birth_year,sex\nB1,Kim,Young-ho,1955,M\n";
    let said = link_lists(input(vec![list("a.csv", A), list("b.csv", short)])).err().unwrap().to_string();
    assert!(said.contains("(a.csv has 'home_county', this list has no column 6)"), "{said}");
    let said = link_lists(input(vec![list("b.csv", short), list("a.csv", A)])).err().unwrap().to_string();
    assert!(said.contains("(b.csv has no column 6, this list 'home_county')"), "{said}");
    // A saved configuration with one column fewer than the file.
    let config = infer_config(&["record_id", "surname", "given_name", "birth_year", "sex"].map(String::from), &[], 0);
    let given =
        LinkListsInput { config: Some(SavedConfig { name: "c.toml".into(), config }), ..input(vec![list("a.csv", A)]) };
    let said = link_lists(given).err().unwrap().to_string();
    assert!(said.contains("(the configuration has no column 6, the file 'home_county')"), "{said}");
}

/// A list without a header row has a person's record as its "header": a refusal quotes at
/// most the one cell it is about, shortened to [`SHOWN_CHARS`] characters on a character
/// boundary, never the rest of the line.
#[test]
fn refusals_quote_at_most_the_one_cell_they_are_about_shortened() {
    // Invented: a record whose cells look sealed (a name, a contact, a place of detention).
    let sealed = ["Invented Sealed Delta", "delta-contact-5521", "Kaechon camp 14"];
    let headerless = format!("B7,Kim,{},1951,M,{}\nB8,Ri,{},1960,F,Onsong\n", sealed[0], sealed[1], sealed[2]);
    let refusals = |e: AppError| {
        let said = format!("{e} {:?}", e.problem());
        for s in sealed {
            assert!(!said.contains(s), "{s:?} quoted in {said:?}");
        }
        said
    };
    // Two lists, the second without a header: the first column where they differ, alone.
    let both = link_lists(input(vec![list("a.csv", A), list("b.csv", &headerless)])).err().unwrap();
    assert_eq!(
        both.problem(),
        Problem::List(Box::new(ListProblem::HeadersDiffer {
            first: "a.csv".into(),
            column: 1,
            expected: Some("record_id".into()),
            got: Some("B7".into()),
        }))
    );
    let said = refusals(both);
    assert!(!said.contains("1951") && !said.contains("Kim"), "{said}");
    // No id column of that name: the header's cells are not listed.
    let one = LinkListsInput { id_column: Some("nr".into()), ..input(vec![list("b.csv", &headerless)]) };
    let said = refusals(link_lists(one).err().unwrap());
    assert!(said.contains("'nr'") && said.contains("6 columns") && !said.contains("B7"), "{said}");
    // A saved configuration for a list with a header, given this one.
    let config = infer_config(
        &["record_id", "surname", "given_name", "birth_year", "sex", "home_county"].map(String::from),
        &[],
        0,
    );
    let given = LinkListsInput {
        config: Some(SavedConfig { name: "c.toml".into(), config }),
        ..input(vec![list("b.csv", &headerless)])
    };
    let said = refusals(link_lists(given).err().unwrap());
    assert!(said.contains("'record_id'") && said.contains("'B7'") && !said.contains("Kim"), "{said}");
    // A cell of 200 Hangul syllables (three bytes each) is cut after 80 characters.
    let long: String = "가나다라마".repeat(40);
    let a = format!("record_id,{long}\nA1,Kim\n");
    let said = refusals(link_lists(input(vec![list("a.csv", A), list("l.csv", &a)])).err().unwrap());
    let cut = format!("'{}…'", long.chars().take(SHOWN_CHARS).collect::<String>());
    assert!(said.contains(&cut) && !said.contains(&long[..SHOWN_CHARS * 3 + 3]), "{said}");
    let twice = format!("record_id,surname\n{long},Kim\n{long},Ri\n");
    let said = link_lists(input(vec![list("t.csv", &twice)])).err().unwrap().to_string();
    assert!(said.contains(&cut) && !said.contains(&long), "{said}");
    assert_eq!(shown(&long).chars().count(), SHOWN_CHARS + 1, "80 characters and the ellipsis");
    assert_eq!(shown("record_id"), "record_id", "a short value as it is");
    // A capture-history table's cell too.
    let table = read_capture_table("t.csv", &format!("L1,L2,count\n1,{long},3\n")).err().unwrap();
    let said = format!("{table} {:?}", table.problem());
    assert!(said.contains(&long.chars().take(SHOWN_CHARS).collect::<String>()) && !said.contains(&long), "{said}");
}

#[test]
fn capture_history_tables_are_read_and_estimated_with_their_name_in_errors() {
    let table = "L1,L2,count\n1,0,30\n0,1,20\n1,1,10\n";
    let est = estimate_table(&EstimateInput {
        name: "t.csv".into(),
        table: Zeroizing::new(table.into()),
        method: Method::Chapman,
    })
    .unwrap();
    assert_eq!(est.observed, 60);
    let bad = read_capture_table("t.csv", "L1,L2,count\n1,2,3\n").err().unwrap().to_string();
    assert!(bad.starts_with("t.csv: line 2") && bad.contains("L2"), "{bad}");
    assert_eq!(parse_method("").unwrap(), Method::Compare);
    assert!(parse_method("magic").err().unwrap().to_string().starts_with("method:"));
}

/// A list written in decomposed Hangul (NFD) is compared composed, but its record ids stay as
/// the file wrote them, byte for byte: the output names each record by the id the user's file
/// holds. (The reader composed the id column too, so a decomposed id came back as another
/// string.)
#[test]
fn a_decomposed_record_id_stays_as_written_while_the_other_fields_are_composed() {
    // 김-1 and 김영호 in NFD (jamo), 온성 in NFD.
    let nfd_id = "\u{1100}\u{1175}\u{11B7}-1";
    let nfd_name = "\u{1100}\u{1175}\u{11B7}\u{110B}\u{1167}\u{11BC}\u{1112}\u{1169}";
    let nfd_place = "\u{110B}\u{1169}\u{11AB}\u{1109}\u{1165}\u{11BC}";
    let text = format!(
        "record_id,name,birth_year,home_county\n{nfd_id},{nfd_name},1955,{nfd_place}\nc2,Kim Young-ho,1955,Onsong\n"
    );
    let table = read_csv(text.as_bytes()).unwrap();
    assert_eq!(table.rows[0][1], "김영호", "compared fields are composed");
    let (records, _) = link_input(vec![("a.csv".into(), table)], None, "id column", 10).unwrap();
    assert_eq!(records.rows[0][0].as_bytes(), nfd_id.as_bytes());
    assert_eq!(records.rows[0][1], "김영호");
    assert_eq!(records.rows[0][3], "온성");
    let out = link_lists(input(vec![list("a.csv", &text)])).unwrap();
    assert!(out.clusters_csv.lines().any(|l| l.split(',').next() == Some(nfd_id)), "{}", out.clusters_csv.as_str());
}
