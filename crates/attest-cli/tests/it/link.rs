//! `attest link` on a list with a dependent column: the printed configuration and `link explain`
//! say which column was merged and why (issue 15).

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
