//! Pair decisions on crafted records: siblings, decisive disagreements, the same name counted
//! once, Hangul compared as written, and `explain` saying what was merged.

use attest_link::{Input, LinkResult, Linker, NoProgress, Options, infer_config};

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
}

#[test]
fn birth_years_far_apart_forbid_a_link_even_with_one_rare_name() {
    let input =
        with_background(&HEADERS, &[&["r1", "남궁옥분", "1941", "경성", ""], &["r2", "남궁옥분", "1962", "경성", ""]]);
    let (linker, result) = run(&input);
    assert!(!same(&linker, &result, "r1", "r2"));
    let ex = linker.explain(&result.model, "r1", "r2").unwrap();
    assert_eq!(ex.cannot_link.as_deref(), Some("birth years 21 apart"));
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
