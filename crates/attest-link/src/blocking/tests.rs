//! Tests of blocking: split blocks and their training sample, the packed and sorted joins of
//! each rule's finds, rule parsing, sampling and the window evidence gate.

use super::{Linker, Role, SplitMix, radix_sort_pairs, rules_of, sample_skip, soundex, window_evidence_needed};

/// The pairs a split leaves out of a large block, sampled to train: one in
/// `LEFT_OUT_SAMPLE` of the block's pairs that share no workplace (none sharing one, none a
/// candidate), each with the whole block's rule and evidence bits, the same on every run.
#[test]
fn a_split_block_samples_the_pairs_it_leaves_out_to_train() {
    use crate::{ColumnConfig, Input, LinkConfig, NoProgress, Options};
    let headers = ["id", "surname", "given", "birth_year", "workplace"];
    let roles = [Role::Id, Role::Surname, Role::GivenName, Role::BirthYear, Role::Site];
    let column = |h: &str, role| ColumnConfig {
        name: h.into(),
        role,
        korean: false,
        term_frequency: false,
        note: Default::default(),
    };
    // 300 invented people named Whitacre born in 1950 at sixty workplaces, among 6,000
    // with names of their own (so that the block is within the budget of pairs per record).
    let mut rows: Vec<Vec<String>> = (0..300)
        .map(|i| {
            vec![format!("w{i}"), "Whitacre".into(), format!("Given{i}"), "1950".into(), format!("Mill {}", i % 60)]
        })
        .collect();
    rows.extend((0..6_000).map(|i| {
        vec![format!("s{i}"), format!("Surname{i}"), format!("Other{i}"), "1950".into(), format!("Mill {}", i % 60)]
    }));
    let config = LinkConfig {
        columns: headers.iter().zip(roles).map(|(h, r)| column(h, r)).collect(),
        blocking: vec![vec!["surname".into(), "birth_year".into()]],
        training_blocking: Vec::new(),
        threshold: 0.9,
        links_only: false,
        max_block: 2_000,
    };
    let input =
        Input { headers: headers.iter().map(|s| s.to_string()).collect(), rows, file: vec![0; 6_300], id_column: 0 };
    let linker = Linker::new(&input, &config, Options::default(), &NoProgress).expect("linker");
    let ((pairs, _, _), (left, masks)) = linker.candidates_and_left_out(&NoProgress).expect("candidates");
    let workplace = |r: u32| (r as usize % 300) % 60;
    assert!(left.iter().all(|&(a, b)| a < 300 && b < 300 && workplace(a) != workplace(b)), "{left:?}");
    assert!(left.iter().all(|p| pairs.binary_search(p).is_err()));
    // The block's 300 records need 9 bits of evidence; found by rule 0.
    assert!(masks.iter().all(|&m| window_evidence_needed(m) == Some(9) && rules_of(m) == 1));
    let apart = 300 * 299 / 2 - 60 * (5 * 4 / 2);
    let expected = apart as f64 / super::LEFT_OUT_SAMPLE as f64;
    let sigma = expected.sqrt();
    assert!((left.len() as f64 - expected).abs() < 5.0 * sigma, "{} sampled, {expected} expected", left.len());
    let again = linker.candidates_and_left_out(&NoProgress).expect("candidates");
    assert_eq!(again.1.0, left);
}

#[test]
fn skipping_keeps_each_index_with_the_given_probability() {
    let len = 20_000;
    for q in [0.002, 0.05, 0.5, 0.98] {
        let mut rng = SplitMix(7);
        let (mut kept, mut first_half, mut next, mut last) = (0usize, 0usize, 0, None);
        while let Some(i) = sample_skip(&mut rng, q, next, len) {
            assert!(last.is_none_or(|l| i > l) && i < len, "{i} after {last:?}");
            kept += 1;
            first_half += usize::from(i < len / 2);
            last = Some(i);
            next = i + 1;
        }
        let expected = q * len as f64;
        let sigma = (expected * (1.0 - q)).sqrt().max(1.0);
        assert!((kept as f64 - expected).abs() < 5.0 * sigma, "q {q}: kept {kept}, expected {expected}");
        assert!((first_half as f64 - expected / 2.0).abs() < 5.0 * sigma, "q {q}: {first_half} in the first half");
    }
    assert_eq!(sample_skip(&mut SplitMix(1), 0.5, 10, 10), None);
}

/// The packed path gives the pairs and joined masks of sorting the finds and joining them
/// (`join_sorted`), for record counts around its part and digit boundaries, with pairs found
/// by several rules, windowed and not.
#[test]
fn packed_finds_join_as_the_sorted_finds_do() {
    let pool = crate::worker_pool(2).expect("pool");
    for records in [2usize, 3, 17, 1_000, 2_049, 24_380, super::PACKED_RECORDS] {
        let mut rng = SplitMix(records as u64 + 3);
        let per_rule: Vec<Vec<(u64, u32)>> = (0..5)
            .map(|rule| {
                (0..4_000)
                    .map(|_| {
                        // Few distinct pairs, so that several rules find the same pair.
                        let (a, b) = (rng.below(records.min(90)) as u64, rng.below(records) as u64);
                        let (lo, hi) = (a.min(b), a.max(b));
                        let bits = if rng.below(2) == 0 {
                            1 << rule
                        } else {
                            (1 << rule) | super::windowed_bits(120 + rng.below(5_000))
                        };
                        ((lo << 32) | hi, bits)
                    })
                    .collect()
            })
            .collect();
        let (out, masks) = super::join_finds_packed(&per_rule, records, &pool);
        let mut all: Vec<(u64, u32)> = per_rule.concat();
        all.sort_unstable_by_key(|p| p.0);
        let (expected_out, expected_masks) = super::join_sorted(all);
        assert_eq!(out, expected_out, "{records} records");
        assert_eq!(masks, expected_masks, "{records} records");
        assert!(masks.iter().any(|&m| super::rules_of(m).count_ones() > 1), "no pair found twice");
        if records > 1_000 {
            assert!(masks.iter().any(|&m| m & super::WINDOWED_ONLY != 0), "no windowed-only pair");
        }
    }
}

#[test]
fn the_radix_sort_orders_pairs_as_a_comparison_sort_does() {
    // Record counts around powers of two and digit boundaries, with repeated pairs.
    for records in [2usize, 3, 1_000, 2_048, 2_049, 48_141, 1 << 22] {
        let mut rng = SplitMix(records as u64);
        let mut pairs: Vec<(u64, u32)> = (0..20_000)
            .map(|_| {
                let (a, b) = (rng.below(records) as u64, rng.below(records) as u64);
                ((a.min(b) << 32) | a.max(b), rng.below(4) as u32)
            })
            .collect();
        pairs.extend_from_within(..5_000);
        let mut expected: Vec<u64> = pairs.iter().map(|p| p.0).collect();
        expected.sort_unstable();
        let mut sorted = pairs.clone();
        radix_sort_pairs(&mut sorted, records);
        assert_eq!(sorted.iter().map(|p| p.0).collect::<Vec<_>>(), expected, "{records} records");
        // The same finds, only reordered.
        let (mut a, mut b) = (pairs, sorted);
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
    }
}

#[test]
fn soundex_codes_of_the_textbook_examples() {
    for (name, code) in
        [("Robert", "R163"), ("Rupert", "R163"), ("Ashcraft", "A261"), ("Tymczak", "T522"), ("Pfister", "P236")]
    {
        assert_eq!(soundex(name), code, "{name}");
    }
    assert_eq!(soundex("Lee"), "L000");
    assert_eq!(soundex("김영호"), "김영호");
}
