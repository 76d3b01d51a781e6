//! Data-driven checks of Korean spellings: every line of `tests/data/spellings.tsv` is a pair of
//! renderings that must (or must not) be recognised as the same surname, name or place.

#![allow(clippy::unwrap_used, missing_docs)]

use attest_korean::names::{parse_person_name, surname_key};
use attest_korean::places::place_key;

#[test]
fn spelling_pairs() {
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/spellings.tsv"))
            .unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: {line}", n + 1);
        let (kind, a, b, expect) = (cols[0], cols[1], cols[2], cols[3]);
        let same = match kind {
            "surname" => surname_key(a).is_some() && surname_key(a) == surname_key(b),
            "name" => parse_person_name(a) == parse_person_name(b),
            "place" => place_key(a) == place_key(b),
            "close" => {
                let (x, y) = (parse_person_name(a), parse_person_name(b));
                x.surname == y.surname && x.given != y.given && x.given_loose == y.given_loose
            }
            other => panic!("line {}: unknown kind {other}", n + 1),
        };
        if same != (expect == "same") {
            failures.push(format!("line {}: {kind} '{a}' vs '{b}' should be {expect}", n + 1));
        }
        checked += 1;
    }
    assert!(checked >= 70, "only {checked} pairs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
