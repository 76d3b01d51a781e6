//! `attest link` on a list with a dependent column: the printed configuration and `link explain`
//! say which column was merged and why (issue 15); `--capture-table` writes the table
//! `attest estimate` reads, from two invented lists.

use crate::Env;
use crate::engines::febrl1;

#[test]
fn a_concatenated_name_column_is_reported_merged_in_the_configuration_and_explain() {
    let env = Env::new();
    let text = std::fs::read_to_string(febrl1()).unwrap();
    let mut lines = text.lines();
    let mut csv = format!("{}, applicant\n", lines.next().unwrap());
    let mut ids = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        csv.push_str(&format!("{line}, {} {}\n", cells[1], cells[2]));
        ids.push(cells[0].to_string());
    }
    let file = env.write("with-applicant.csv", csv.as_bytes());
    let out = env.path("clusters.csv");
    let summary = env.ok(&["link", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let columns = summary["config"]["columns"].as_array().unwrap();
    let applicant = columns.iter().find(|c| c["name"] == "applicant").unwrap();
    let note = applicant["note"].as_str().unwrap();
    assert!(note.starts_with("merged") && note.contains("given_name") && note.contains("surname"), "{note}");
    for c in columns {
        assert!(c["note"].as_str().is_some_and(|n| !n.is_empty()), "no reason for {c}");
    }
    let ex = env.ok(&["link", "explain", file.to_str().unwrap(), "--a", &ids[0], "--b", &ids[1]]);
    let not_compared = ex["not_compared"].as_array().unwrap();
    let merged = not_compared.iter().find(|p| p[0] == "applicant").unwrap();
    assert!(merged[1].as_str().unwrap().starts_with("merged"), "{merged}");
    assert!(ex["fields"].as_array().unwrap().iter().all(|f| f["column"] != "applicant"));
}

/// Two invented lists: Kim Young-ho / 김영호, Ri / Lee Chol-su, Pak / Park Mi-ok, Choe / Choi
/// Song-il and Jo / Cho Myong-chol are on both; Han Kum-sil only on the first, Yun Hye-jin only
/// on the second.
const LIST_A: &str = "record_id,surname,given_name,birth_year,sex,home_county\n\
    A1,Kim,Young-ho,1955,M,Onsong\nA2,Ri,Chol-su,1961,M,Hoeryong\nA3,Pak,Mi-ok,1970,F,Musan\n\
    A4,Choe,Song-il,1948,M,Kyongwon\nA5,Han,Kum-sil,1966,F,Onsong\nA6,Jo,Myong-chol,1959,M,Saebyol\n";
const LIST_B: &str = "record_id,surname,given_name,birth_year,sex,home_county\n\
    B1,김,영호,1955,M,온성\nB2,Lee,Cheol-su,1961,M,Hoeryong\nB3,Park,Mi-ok,1971,F,Musan\n\
    B4,Choi,Seong-il,1948,M,Kyongwon\nB5,Yun,Hye-jin,1980,F,Chongjin\nB6,Cho,Myeong-cheol,1959,M,Saebyol\n";

#[test]
fn link_writes_the_capture_history_table_that_estimate_reads() {
    let env = Env::new();
    let (a, b) = (env.write("mines-a.csv", LIST_A.as_bytes()), env.write("mines-b.csv", LIST_B.as_bytes()));
    let (out, table) = (env.path("clusters.csv"), env.path("capture.csv"));
    let (a, b, out_s, table_s) =
        (a.to_str().unwrap(), b.to_str().unwrap(), out.to_str().unwrap(), table.to_str().unwrap());
    let summary = env.ok(&["link", a, b, "--out", out_s, "--capture-table", table_s]);
    // The truth built above: five people on both lists, one on each alone.
    let truth: [(bool, bool); 7] =
        [(true, true), (true, true), (true, true), (true, true), (true, true), (true, false), (false, true)];
    let count = |on: (bool, bool)| truth.iter().filter(|p| **p == on).count();
    let expected = format!(
        "mines-a,mines-b,count\n1,0,{}\n0,1,{}\n1,1,{}\n",
        count((true, false)),
        count((false, true)),
        count((true, true))
    );
    assert_eq!(std::fs::read_to_string(&table).unwrap(), expected);
    assert_eq!(summary["capture_table"]["people"], 7, "{summary}");
    // The oversized-group figures the web page shows, given once, in the summary. Two files are
    // linked one to one, so a group holds at most two records and none is oversized (the size is
    // at least 8).
    assert_eq!(summary["largest_clusters"][0], 2, "{summary}");
    assert_eq!(summary["oversized_clusters"], 0, "{summary}");
    assert!(summary["oversized_at"].as_u64().is_some_and(|n| n >= 8), "{summary}");
    let capture = summary["capture_table"].as_object().unwrap();
    for repeated in ["largest_group", "oversized_groups", "oversized_at"] {
        assert!(!capture.contains_key(repeated), "{repeated} is the summary's: {summary}");
    }
    // `attest estimate` reads it as it is.
    let est = env.ok(&["estimate", table_s, "--method", "chapman"]);
    assert_eq!(est["observed"], 7, "{est}");
    assert_eq!(est["lists"], serde_json::json!(["mines-a", "mines-b"]));
    // One list has no capture history; the table may not replace a list or the clusters.
    let err = env.fails(&["link", a, "--out", out_s, "--capture-table", table_s]);
    assert!(err.contains("--capture-table: needs two lists"), "{err}");
    let err = env.fails(&["link", a, b, "--out", out_s, "--capture-table", a]);
    assert!(err.contains("--capture-table") && err.contains("same file"), "{err}");
    assert_eq!(std::fs::read_to_string(a).unwrap(), LIST_A, "the list is unchanged");
    let clusters_before = std::fs::read_to_string(&out).unwrap();
    let err = env.fails(&["link", a, b, "--out", out_s, "--capture-table", out_s]);
    assert!(err.contains("--capture-table") && err.contains("same file as --out"), "{err}");
    let err = env.fails(&["link", a, b, "--out", out_s, "--save-config", table_s, "--capture-table", table_s]);
    assert!(err.contains("--capture-table") && err.contains("same file as --save-config"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), clusters_before, "the clusters are unchanged");
    assert_eq!(std::fs::read_to_string(&table).unwrap(), expected, "the table is unchanged");
}

/// Record ids beginning like a spreadsheet formula are written to `--out` with a leading
/// apostrophe (the one defence of `attest_app::csv_cell`); the others as they are.
#[test]
fn link_writes_record_ids_that_begin_like_a_formula_with_an_apostrophe() {
    let env = Env::new();
    let list =
        LIST_A.replacen("A1,", "=HYPERLINK(\"http://x\"),", 1).replacen("A2,", "+1,", 1).replacen("A3,", "@A1,", 1);
    let file = env.write("formula.csv", list.as_bytes());
    let out = env.path("clusters.csv");
    env.ok(&["link", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let written = std::fs::read_to_string(&out).unwrap();
    let ids: Vec<&str> = written.lines().skip(1).map(|l| l.rsplit_once(',').unwrap().0).collect();
    assert_eq!(&ids[..4], ["\"'=HYPERLINK(\"\"http://x\"\")\"", "'+1", "'@A1", "A4"], "{written}");
}

/// A configuration saved from a headed list, passed with `--config` to a list without a header
/// row: the refusal names the first differing column and quotes that one cell, never the rest of
/// the record standing where the header should be (the web's column check, run before the
/// engine), and writes no clusters.
#[test]
fn link_config_on_a_list_without_a_header_row_quotes_one_cell_at_most() {
    let env = Env::new();
    let headed = env.write("headed.csv", LIST_A.as_bytes());
    let (saved, out) = (env.path("saved.toml"), env.path("clusters.csv"));
    let (saved_s, out_s) = (saved.to_str().unwrap(), out.to_str().unwrap());
    env.ok(&["link", headed.to_str().unwrap(), "--out", out_s, "--save-config", saved_s]);
    std::fs::remove_file(&out).unwrap();
    let headerless = env.write(
        "headerless.csv",
        b"B7,Kim,Invented Sealed Delta,1951,M,delta-contact-5521\nB8,Ri,Ok,1960,F,Onsong\nB9,Pak,Invented Nine,1972,F,Musan\n",
    );
    let err = env.fails(&["link", headerless.to_str().unwrap(), "--out", out_s, "--config", saved_s]);
    assert!(err.contains("--config") && err.contains("column 1") && err.contains("'B7'"), "{err}");
    for other in ["Kim", "Invented Sealed Delta", "1951", "delta-contact-5521", "surname", "given_name"] {
        assert!(!err.contains(other), "{other} quoted: {err}");
    }
    assert!(!out.exists(), "no clusters written");
    // Without a configuration: refused for the year where a column name should be, quoting no
    // cell, rather than linked with the record as its column names.
    let err = env.fails(&["link", headerless.to_str().unwrap(), "--out", out_s]);
    assert!(err.contains("line 1, column 4: a number or a date where a column name should be"), "{err}");
    for cell in ["B7", "Kim", "Invented Sealed Delta", "1951", "delta-contact-5521"] {
        assert!(!err.contains(cell), "{cell} quoted: {err}");
    }
    assert!(!out.exists(), "no clusters written");
}

/// A generated Korean registry (invented people, a tuning seed): `attest link` counts the
/// clusters it merged on pairs below the threshold, `link explain` names the merge that joined a
/// pair and the pairs it used, and `--links-only` makes none (and is saved with the
/// configuration).
#[test]
fn link_counts_and_explains_merges_below_the_threshold_and_links_only_turns_them_off() {
    use attest_link::synth_registry::{Layout, generate};
    let env = Env::new();
    let set = generate(800, 5, Layout::MergedKorean);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&set.headers).unwrap();
    for row in &set.rows {
        w.write_record(row).unwrap();
    }
    let file = env.write("registry.csv", &w.into_inner().unwrap());
    let (file, out) = (file.to_str().unwrap(), env.path("clusters.csv"));
    let out = out.to_str().unwrap();
    let summary = env.ok(&["link", file, "--out", out]);
    let below = &summary["below_threshold"];
    assert_eq!(below["phase"], "on", "{below}");
    let merges = below["merges"].as_u64().unwrap();
    assert!(merges > 0 && below["records"].as_u64().unwrap() > merges, "{below}");
    let text = env.run(&["link", file, "--out", out]);
    assert!(
        text.stdout.contains(&format!("Merged below the threshold: {merges} merges, each of two clusters")),
        "{}",
        text.stdout
    );
    // A pair one such merge joined, found by the engine itself on the same records.
    let n = set.rows.len();
    let input =
        attest_link::Input { headers: set.headers.clone(), rows: set.rows.clone(), file: vec![0; n], id_column: 0 };
    let config = attest_link::infer_config(&input.headers, &input.rows, 0);
    let linker =
        attest_link::Linker::from_input(input, &config, attest_link::Options::default(), &attest_link::NoProgress)
            .unwrap();
    let result = linker.run(&[], &attest_link::NoProgress).unwrap();
    let merge = &result.weaker_merges[0];
    let (a, b) = (&linker.ids()[merge.sides.0[0] as usize], &linker.ids()[merge.sides.1[0] as usize]);
    let ex = env.ok(&["link", "explain", file, "--a", a, "--b", b]);
    assert_eq!(ex["cluster"]["joined"], "below_threshold", "{}", ex["cluster"]);
    assert!(ex["cluster"]["cross_pairs"].as_array().is_some_and(|p| !p.is_empty()), "{}", ex["cluster"]);
    let text = env.run(&["link", "explain", file, "--a", a, "--b", b]);
    assert!(text.stdout.contains("in one cluster through a merge below the threshold"), "{}", text.stdout);
    // Links only: no merge below the threshold, more clusters, and the saved file says so.
    let saved = env.path("links-only.toml");
    let only = env.ok(&["link", file, "--out", out, "--links-only", "--save-config", saved.to_str().unwrap()]);
    assert_eq!(only["below_threshold"]["phase"], "links_only", "{}", only["below_threshold"]);
    assert_eq!(only["below_threshold"]["merges"], 0);
    assert!(only["clusters"].as_u64().unwrap() > summary["clusters"].as_u64().unwrap());
    assert!(std::fs::read_to_string(&saved).unwrap().contains("links_only = true"));
    let again = env.ok(&["link", file, "--out", out, "--config", saved.to_str().unwrap()]);
    assert_eq!(again["below_threshold"]["phase"], "links_only");
}
