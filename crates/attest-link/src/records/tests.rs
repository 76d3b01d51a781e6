//! Unit tests of `records.rs`.

use super::*;

/// Interning in parts on the workers numbers every column's values as one pass over the
/// records in order does (first appearance, 0 for empty), with values first seen in later
/// parts, years that tell equal texts apart, and more records than one part holds.
#[test]
fn interning_in_parts_equals_one_pass() {
    let mut rng = crate::SplitMix(9);
    let rows = 20_000;
    let words: Vec<String> = (0..3_000).map(|i| format!("이름{i}")).collect();
    let table: Vec<Vec<(&str, Option<i32>)>> = (0..rows)
        .map(|r| {
            vec![
                // Common values, then ever new ones as the file goes on.
                (words[rng.below(20 + r / 10)].as_str(), None),
                if rng.below(3) == 0 { ("", None) } else { (words[rng.below(50)].as_str(), None) },
                ("42", Some(1990 + rng.below(3) as i32)),
            ]
        })
        .collect();
    let pool = crate::worker_pool(2).expect("pool");
    let parts = intern_cells(&pool, rows, 3, |r, slot| table[r][slot]).expect("interned");
    for (slot, (distinct, cells)) in parts.iter().enumerate() {
        let mut index: FastMap<(&str, Option<i32>), u32> = fast_map();
        index.insert(("", None), 0);
        let mut expected: Vec<Distinct> = vec![(String::new(), None)];
        let expected_cells: Vec<u32> = table
            .iter()
            .map(|row| {
                *index.entry(row[slot]).or_insert_with(|| {
                    expected.push((row[slot].0.to_string(), row[slot].1));
                    (expected.len() - 1) as u32
                })
            })
            .collect();
        assert_eq!(distinct, &expected, "column {slot}");
        assert_eq!(cells, &expected_cells, "column {slot}");
    }
    assert!(parts[0].0.len() > 1_000 && parts[2].0.len() == 4, "{} {}", parts[0].0.len(), parts[2].0.len());
}

/// A given name and surname swapped between two records compare as the key agreeing (level
/// 1 on both) when the normalised values match crosswise, whatever their case as written
/// (the swap test reads numbers of the values among both columns'); one side matching, or
/// an empty given name against an empty surname, is no swap. Invented names.
#[test]
fn swapped_names_are_found_from_value_numbers() {
    use crate::{ColumnConfig, NoProgress};
    let column = |name: &str, role| ColumnConfig {
        name: name.into(),
        role,
        korean: false,
        term_frequency: false,
        note: Default::default(),
    };
    let rows = [
        ["a", "Jonathan", "Whitacre"],
        ["b", "WHITACRE", "JONATHAN"],
        ["c", "Jonathan", "Jonathan"],
        ["d", "", "Whitacre"],
        ["e", "Whitacre", ""],
        ["f", "Whitacre", "Jonas"],
    ];
    let headers = ["id", "given", "surname"];
    let input = Input {
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect(),
        file: vec![0; rows.len()],
        id_column: 0,
    };
    let config = LinkConfig {
        columns: headers.iter().zip([Role::Id, Role::GivenName, Role::Surname]).map(|(h, r)| column(h, r)).collect(),
        blocking: vec![vec!["surname".into()]],
        training_blocking: Vec::new(),
        threshold: 0.9,
        links_only: false,
        max_block: 2_000,
    };
    let l = Linker::new(&input, &config, Options::default(), &NoProgress).expect("linker");
    let (g, s) = l.name_fields.expect("given name and surname compared");
    let levels = |a: usize, b: usize| {
        let mut out = Vec::new();
        l.levels(a, b, &mut out);
        (out[g], out[s])
    };
    assert_eq!(levels(0, 1), (1, 1), "swapped, in another case");
    assert_eq!(levels(1, 0), (1, 1), "either way round");
    for (a, b) in [(0, 2), (2, 1), (3, 4), (0, 5)] {
        let (lg, ls) = levels(a, b);
        assert!(!(lg == 1 && ls == 1), "{a} / {b}: no swap, levels {lg} / {ls}");
    }
}
