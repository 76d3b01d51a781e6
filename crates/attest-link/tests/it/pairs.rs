//! Pair decisions on crafted records: siblings, decisive disagreements, the same name counted
//! once, Hangul compared as written, and `explain` saying what was merged.

use attest_link::{CannotLink, Input, LinkResult, Linker, NoProgress, Options, infer_config};

/// Background people (all invented) so the model has something to learn from, plus `extra`.
fn with_background(headers: &[&str], extra: &[&[&str]]) -> Input {
    let surnames = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"];
    let given = ["영호", "순희", "명철", "기선", "광일", "정수", "민준", "서연", "지훈", "수빈", "현우", "은정"];
    let places = ["회령", "무산", "온성", "청진", "길주", "단천"];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in 0..600usize {
        let s = surnames[i % 10];
        let g = given[(i * 7 / 3) % 12];
        let year = 1930 + (i * 13) % 60;
        let father = format!("{}{}", s, given[(i * 5 + 1) % 12]);
        let place = places[(i / 7) % 6];
        // Each background person twice, once in Hangul and once romanized.
        rows.push(vec![format!("bg{i}a"), format!("{s}{g}"), year.to_string(), place.into(), father.clone()]);
        let rom = format!("{} {}", attest_korean::hangul::romanize_rr(g), attest_korean::hangul::romanize_rr(s));
        rows.push(vec![format!("bg{i}b"), rom, year.to_string(), place.into(), String::new()]);
    }
    for r in extra {
        rows.push(r.iter().map(|s| s.to_string()).collect());
    }
    Input { headers: headers.iter().map(|s| s.to_string()).collect(), file: vec![0; rows.len()], rows, id_column: 0 }
}

fn run(input: &Input) -> (Linker, LinkResult) {
    let config = infer_config(&input.headers, &input.rows, 0);
    let linker = Linker::new(input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    (linker, result)
}

fn same(linker: &Linker, result: &LinkResult, a: &str, b: &str) -> bool {
    let at = |id: &str| linker.ids().iter().position(|x| x == id).unwrap();
    result.labels[at(a)] == result.labels[at(b)]
}

const HEADERS: [&str; 5] = ["id", "name", "birth_year", "origin", "father_name"];

#[test]
fn siblings_sharing_father_origin_and_surname_stay_apart() {
    let input = with_background(
        &HEADERS,
        &[
            &["s1", "황보철민", "1950", "경성", "황보만석"],
            &["s2", "황보철수", "1954", "경성", "황보만석"],
            &["p1", "황보철민", "1951", "경성", "황보만석"],
        ],
    );
    let (linker, result) = run(&input);
    assert!(!same(&linker, &result, "s1", "s2"), "siblings linked");
    assert!(same(&linker, &result, "s1", "p1"), "the same person (birth year one off) not linked");
    let ex = linker.explain(&result.model, "s1", "s2").unwrap();
    assert!(ex.cannot_link.as_deref().is_some_and(|r| r.contains("same family")), "{:?}", ex.cannot_link);
    assert_eq!(ex.probability, 0.0);
    // The reason comes with its facts, which say the same words.
    let Some(CannotLink::Siblings { family, years: 4 }) = &ex.cannot_link_fact else {
        panic!("{:?}", ex.cannot_link_fact)
    };
    assert!(!family.is_empty());
    assert_eq!(ex.cannot_link, ex.cannot_link_fact.as_ref().map(CannotLink::english));
}

#[test]
fn birth_years_far_apart_forbid_a_link_even_with_one_rare_name() {
    let input =
        with_background(&HEADERS, &[&["r1", "남궁옥분", "1941", "경성", ""], &["r2", "남궁옥분", "1962", "경성", ""]]);
    let (linker, result) = run(&input);
    assert!(!same(&linker, &result, "r1", "r2"));
    let ex = linker.explain(&result.model, "r1", "r2").unwrap();
    assert_eq!(ex.cannot_link.as_deref(), Some("birth years 21 apart"));
    assert_eq!(ex.cannot_link_fact, Some(CannotLink::BirthYearsApart { years: 21 }));
    // A pair that can be one person has neither.
    let ex = linker.explain(&result.model, "bg1a", "bg1b").unwrap();
    assert_eq!((ex.cannot_link, ex.cannot_link_fact), (None, None));
}

#[test]
fn hangul_names_that_romanize_alike_are_not_the_same_name() {
    // 영호 and 용호 share a romanization key; written in Hangul they are two names.
    let input =
        with_background(&HEADERS, &[&["h1", "독고영호", "1944", "경성", ""], &["h2", "독고용호", "1944", "경성", ""]]);
    let (linker, result) = run(&input);
    let ex = linker.explain(&result.model, "h1", "h2").unwrap();
    let name = ex.fields.iter().find(|f| f.column == "name").unwrap();
    assert_eq!(name.level, "same surname, given name one letter off", "{ex:?}");
    let same_name = &result.model.fields.iter().find(|f| f.column == "name").unwrap().levels[1];
    assert!(name.weight < same_name.weight - 1.0, "{} vs {}", name.weight, same_name.weight);
}

#[test]
fn a_name_in_three_columns_is_compared_once_and_explain_says_so() {
    let headers = ["id", "surname", "given_name", "full_name", "birth_year"];
    let mut extra: Vec<Vec<String>> = Vec::new();
    for i in 0..200 {
        let (s, g) =
            (["Kim", "Lee", "Park", "Choi"][i % 4], ["Young-ho", "Soon-hee", "Min-jun", "Ji-hoon", "Eun-jung"][i % 5]);
        extra.push(vec![format!("x{i}"), s.into(), g.into(), format!("{s} {g}"), (1930 + i % 50).to_string()]);
    }
    let refs: Vec<Vec<&str>> = extra.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let rows: Vec<Vec<String>> = slices.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    let input = Input {
        headers: headers.iter().map(|s| s.to_string()).collect(),
        file: vec![0; rows.len()],
        rows,
        id_column: 0,
    };
    let (linker, result) = run(&input);
    let ex = linker.explain(&result.model, "x0", "x20").unwrap();
    let columns: Vec<&str> = ex.fields.iter().map(|f| f.column.as_str()).collect();
    assert_eq!(columns, ["surname", "given_name", "birth_year"]);
    let (name, why) = &ex.not_compared.iter().find(|(c, _)| c == "full_name").unwrap().clone();
    assert_eq!(name, "full_name");
    assert!(why.contains("merged"), "{why}");
    // Same name, birth years 20 apart: two people, whatever the three name columns say.
    assert!(!same(&linker, &result, "x0", "x20"));
}

/// `background` invented people twice each, then `namesakes` different people all named 김영호
/// and born in 1955 (sex, origin and site cycling, no father's name), then `extra`.
fn namesake_block(background: usize, namesakes: usize, extra: &[[&str; 7]]) -> Input {
    let surnames = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"];
    let given = ["순희", "명철", "기선", "광일", "정수", "민준", "서연", "지훈", "수빈", "현우", "은정", "동욱"];
    let places = ["회령", "무산", "온성", "청진", "길주", "단천"];
    let sites = ["아오지 탄광", "검덕 광산", "룡양 광산", "2.8 직동 탄광"];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in 0..background {
        let name = format!("{}{}", surnames[i % 10], given[(i * 7 / 3) % 12]);
        let father = format!("{}{}{}", surnames[i % 10], given[(i * 5 + 1) % 12], given[(i / 12) % 12]);
        let (year, sex) = ((1930 + (i * 13) % 60).to_string(), ["M", "F"][(i / 3) % 2].to_string());
        let (origin, site) = (places[(i / 7) % 6].to_string(), sites[(i / 5) % 4].to_string());
        for (copy, father) in [("a", father.clone()), ("b", if i % 3 == 0 { String::new() } else { father })] {
            rows.push(vec![
                format!("bg{i}{copy}"),
                name.clone(),
                year.clone(),
                sex.clone(),
                origin.clone(),
                site.clone(),
                father,
            ]);
        }
    }
    for i in 0..namesakes {
        rows.push(vec![
            format!("n{i}"),
            "김영호".into(),
            "1955".into(),
            ["M", "F"][i % 2].into(),
            places[(i / 2) % 6].into(),
            sites[(i / 12) % 4].into(),
            String::new(),
        ]);
    }
    rows.extend(extra.iter().map(|r| r.iter().map(|s| s.to_string()).collect()));
    let headers = ["id", "name", "birth_year", "sex", "origin", "site", "father_name"];
    Input { headers: headers.iter().map(|s| s.to_string()).collect(), file: vec![0; rows.len()], rows, id_column: 0 }
}

#[test]
fn namesakes_met_only_in_windows_of_an_oversized_block_are_not_chained() {
    // 240 different people named 김영호, born 1955: every block holding them is over the limit
    // of 30 and compared in sorted windows, where namesakes alike on sex, origin and site sit
    // side by side. Two records of one person (t1, t2) also agree on a rare father's name.
    let input = namesake_block(
        500,
        240,
        &[
            ["t1", "김영호", "1955", "M", "회령", "검덕 광산", "김철수만"],
            ["t2", "김영호", "1955", "M", "회령", "검덕 광산", "김철수만"],
        ],
    );
    let mut config = infer_config(&input.headers, &input.rows, 0);
    config.max_block = 30;
    // The father's name is no blocking key here, so t1 and t2 too are met only in a window.
    config.blocking.retain(|rule| !attest_link::blocking::rule_reads(rule, "father_name"));
    let linker = Linker::new(&input, &config, Options::default(), &NoProgress).unwrap();
    let (pairs, masks, skipped) = linker.candidates(&NoProgress).unwrap();
    assert!(!skipped.is_empty(), "the namesakes' blocks are windowed");
    let at = |id: &str| linker.ids().iter().position(|x| x == id).unwrap() as u32;
    let (t1, t2) = (at("t1"), at("t2"));
    let t = pairs.iter().position(|&p| p == (t1.min(t2), t1.max(t2))).expect("t1-t2 compared");
    let needed = attest_link::blocking::window_evidence_needed(masks[t]);
    assert!(needed.is_some_and(|bits| bits >= 5), "t1-t2 found only in windows: {needed:?}");
    let namesake_pairs = pairs
        .iter()
        .zip(&masks)
        .filter(|((a, b), _)| linker.ids()[*a as usize].starts_with('n') && linker.ids()[*b as usize].starts_with('n'))
        .inspect(|&(_, &m)| assert!(attest_link::blocking::window_evidence_needed(m).is_some()))
        .count();
    assert!(namesake_pairs >= 240, "windows met the namesakes: {namesake_pairs}");

    let result = linker.run(&[], &NoProgress).unwrap();
    let ids = linker.ids();
    let mut namesake_labels: Vec<usize> =
        ids.iter().zip(&result.labels).filter(|(id, _)| id.starts_with('n')).map(|(_, &l)| l).collect();
    namesake_labels.sort_unstable();
    namesake_labels.dedup();
    assert_eq!(
        namesake_labels.len(),
        240,
        "namesakes merged through windows: largest {:?}",
        result.summary.largest_clusters
    );
    assert!(same(&linker, &result, "t1", "t2"), "a true pair with a rare father's name in common is linked");
    // The background people still link (pairs found in blocks compared in full).
    assert!(same(&linker, &result, "bg1a", "bg1b") && same(&linker, &result, "bg7a", "bg7b"));

    // `explain` against the run says what the run did: a namesake pair whose fields alone score
    // higher is shown as held back, with the lower probability the run used.
    let threshold = result.summary.threshold;
    let held: Vec<_> = result
        .pairs
        .iter()
        .filter(|&&(a, b, _)| ids[a as usize].starts_with('n') && ids[b as usize].starts_with('n'))
        .filter_map(|&(a, b, _)| linker.explain_run(&result, &ids[a as usize], &ids[b as usize]))
        .filter(|e| e.run_difference == Some(attest_link::RunDifference::HeldAmongNamesakes))
        .collect();
    assert!(held.len() >= 240, "namesake pairs explained as held: {}", held.len());
    for e in &held {
        assert!(e.run_probability.is_some_and(|p| p < e.probability && p < threshold), "{e:?}");
    }
    let linked = linker.explain_run(&result, "t1", "t2").unwrap();
    assert_eq!((linked.run_difference, linked.run_probability.map(|p| p >= threshold)), (None, Some(true)));
}

#[test]
fn namesakes_in_a_large_block_compared_in_full_are_not_chained() {
    // 120 namesakes: the blocks holding them are under the block limit and the budget of pairs,
    // so compared in full, but larger than `COMMON_BLOCK`: agreeing on a common name and year
    // there says as little as in a window.
    let input = namesake_block(1_000, 120, &[]);
    let mut config = infer_config(&input.headers, &input.rows, 0);
    // One rule, on the name: the namesakes' block of 120 is compared in full.
    config.blocking = vec![vec!["name".to_string()]];
    let linker = Linker::new(&input, &config, Options::default(), &NoProgress).unwrap();
    let (_, _, skipped) = linker.candidates(&NoProgress).unwrap();
    assert!(skipped.is_empty(), "no block is windowed here: {skipped:?}");
    let result = linker.run(&[], &NoProgress).unwrap();
    let mut labels: Vec<usize> =
        linker.ids().iter().zip(&result.labels).filter(|(id, _)| id.starts_with('n')).map(|(_, &l)| l).collect();
    labels.sort_unstable();
    labels.dedup();
    assert_eq!(labels.len(), 120, "namesakes merged in a large block: largest {:?}", result.summary.largest_clusters);
    assert!(same(&linker, &result, "bg1a", "bg1b") && same(&linker, &result, "bg7a", "bg7b"));
}

/// A generated census (`households`) or set of notables (`people`), as one file to deduplicate.
fn generated(census: bool, size: usize, seed: u64) -> Input {
    let (headers, rows) = if census {
        let c = attest_link::synth_census::generate(size, seed);
        (c.headers, c.rows)
    } else {
        let n = attest_link::synth_notables::generate(size, seed);
        (n.headers, n.rows)
    };
    Input { headers, file: vec![0; rows.len()], rows, id_column: 0 }
}

fn run_with(input: &Input, options: Options) -> LinkResult {
    let config = infer_config(&input.headers, &input.rows, 0);
    Linker::new(input, &config, options, &NoProgress).unwrap().run(&[], &NoProgress).unwrap()
}

/// The same candidate pairs with bit-identical probabilities, and the same clusters.
fn assert_identical(x: &LinkResult, y: &LinkResult, what: &str) {
    assert!(x.pairs.len() > 1_000, "{what}: only {} pairs", x.pairs.len());
    assert_eq!(x.pairs.len(), y.pairs.len(), "{what}");
    for (p, q) in x.pairs.iter().zip(&y.pairs) {
        assert_eq!((p.0, p.1, p.2.to_bits()), (q.0, q.1, q.2.to_bits()), "{what}");
    }
    assert_eq!(x.labels, y.labels, "{what}");
}

#[test]
fn level_tables_and_caches_give_the_levels_of_plain_comparison() {
    // Census columns with few values (sex, age, parish) and notables' (sex, occupation, birth
    // place) compare through tables of levels; names through the per-pair cache; dates and
    // postcodes through the equal-length shortcut and nicknames through names read once. Off,
    // every pair is compared from its values: the run must not change by one bit.
    for (census, size) in [(true, 150), (false, 200)] {
        let input = generated(census, size, 7);
        let fast = run_with(&input, Options::default());
        let plain = run_with(&input, Options { pair_cache: false, ..Options::default() });
        assert_identical(&fast, &plain, if census { "census" } else { "notables" });
    }
}

#[test]
fn korean_names_compared_from_their_keys_get_the_levels_of_their_values() {
    // The Korean generator's full names and fathers' names (Hangul, several romanizations,
    // surname first or last, commas) compare from interned keys; off, from the prepared values:
    // every probability and cluster must be the same to the bit.
    let (input, _) = crate::synth_input(1_500, 31);
    let config = infer_config(&input.headers, &input.rows, 0);
    let korean_names = config
        .columns
        .iter()
        .filter(|c| attest_link::name_keys::applies(c))
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>();
    assert!(korean_names.contains(&"name") && korean_names.contains(&"father_name"), "{korean_names:?}");
    let fast = run_with(&input, Options::default());
    let plain = run_with(&input, Options { pair_cache: false, ..Options::default() });
    assert_identical(&fast, &plain, "Korean");
    let one = run_with(&input, Options { threads: 1, ..Options::default() });
    assert_identical(&fast, &one, "Korean, one worker");
}

#[test]
fn one_worker_and_two_give_identical_pairs_and_clusters() {
    // Blocking, comparing, the random pairs for u and scoring are split across the workers; the
    // split may not change the result.
    for (census, size) in [(true, 150), (false, 200)] {
        let input = generated(census, size, 8);
        let one = run_with(&input, Options { threads: 1, ..Options::default() });
        let two = run_with(&input, Options { threads: 2, ..Options::default() });
        assert_identical(&one, &two, if census { "census" } else { "notables" });
    }
}
