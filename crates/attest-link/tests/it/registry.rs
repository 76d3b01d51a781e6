//! Linkage on the independent Korean registry generator (`synth_registry`, issue 15): lists of
//! detainees, prisoners of war and their descendants as another organisation keeps them. Seeds
//! of 1000 and above were not used while tuning the engine.

use std::collections::HashMap;

use attest_link::compare::{level, prepare};
use attest_link::synth_registry::{FIRST_HELD_OUT_SEED, Layout, generate};
use attest_link::{ColumnConfig, Input, Linker, NoProgress, Options, Role, eval, infer_config};

fn column(role: Role) -> ColumnConfig {
    ColumnConfig { name: "c".into(), role, korean: true, term_frequency: false, note: Default::default() }
}

fn lvl(role: Role, a: &str, b: &str) -> u8 {
    let c = column(role);
    level(&c, &prepare(&c, a, None), &prepare(&c, b, None))
}

#[test]
fn the_generator_makes_namesakes_families_and_at_most_six_records_a_person() {
    let set = generate(1_500, FIRST_HELD_OUT_SEED + 7, Layout::MergedKorean);
    assert!((4..=7).contains(&set.sources.len()), "{:?}", set.sources);
    let mut per_person: HashMap<usize, usize> = HashMap::new();
    for &p in &set.person {
        *per_person.entry(p).or_default() += 1;
    }
    assert!(per_person.values().all(|&n| n <= 6), "{:?}", per_person.values().max());
    // Namesakes: one Hangul full name (surname + given name) held by several people.
    let (sur, given) =
        (set.headers.iter().position(|h| h == "성").unwrap(), set.headers.iter().position(|h| h == "이름").unwrap());
    let mut holders: HashMap<String, std::collections::HashSet<usize>> = HashMap::new();
    for (r, row) in set.rows.iter().enumerate() {
        if row[sur].chars().all(attest_korean::hangul::is_hangul) && !row[sur].is_empty() && !row[given].is_empty() {
            holders.entry(format!("{}{}", row[sur], row[given])).or_default().insert(set.person[r]);
        }
    }
    let most = holders.values().map(|h| h.len()).max().unwrap_or(0);
    assert!(most >= 5, "the commonest Hangul name is held by only {most} people");
    // Families: different people sharing a family.
    let mut family_people: HashMap<usize, std::collections::HashSet<usize>> = HashMap::new();
    for (f, p) in set.family.iter().zip(&set.person) {
        family_people.entry(*f).or_default().insert(*p);
    }
    assert!(family_people.values().filter(|p| p.len() >= 2).count() >= 50);
}

/// Pairwise F1 and the largest predicted and true clusters on one generated set.
fn score(people: usize, seed: u64, layout: Layout) -> (eval::PairwiseScores, usize, usize) {
    let set = generate(people, seed, layout);
    let truth: Vec<String> = set.person.iter().map(|p| p.to_string()).collect();
    let config = infer_config(&set.headers, &set.rows, 0);
    let n = set.rows.len();
    let input = Input { headers: set.headers, rows: set.rows, file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let largest = |labels: Vec<String>| {
        let mut sizes: HashMap<String, usize> = HashMap::new();
        for l in labels {
            *sizes.entry(l).or_default() += 1;
        }
        sizes.into_values().max().unwrap_or(0)
    };
    let predicted = largest(result.labels.iter().map(|l| l.to_string()).collect());
    let scores = eval::pairwise(&result.labels, &truth, None);
    (scores, predicted, largest(truth))
}

#[test]
fn held_out_registry_lists_link_without_chaining() {
    // Measured F1 0.82-0.88 at 3,000 people (BENCHMARKS.md); this smaller set must stay above
    // 0.75, with the largest predicted cluster at most twice the largest true one.
    let (scores, predicted, truth) = score(1_500, FIRST_HELD_OUT_SEED + 1, Layout::MergedKorean);
    assert!(scores.f1 >= 0.75, "{scores:?}");
    assert!(scores.precision >= 0.88, "{scores:?}");
    assert!(predicted <= 2 * truth, "largest predicted cluster {predicted}, largest true {truth}");
}

#[test]
fn a_vowel_pair_in_hangul_is_not_exact_agreement() {
    // 영철 and 용철 (ㅕ/ㅛ), 성호 and 송호 (ㅓ/ㅗ), 은희 and 운희 (ㅡ/ㅜ) are different names written
    // in Hangul, though each pair romanizes alike without breves.
    for (a, b) in [("영철", "용철"), ("성호", "송호"), ("은희", "운희")] {
        let l = lvl(Role::GivenName, a, b);
        assert!(l >= 3, "{a} / {b} scored at level {l}");
        assert_eq!(lvl(Role::GivenName, a, a), 0);
    }
    // Across scripts the written vowel is lost, so the romanization key is all there is.
    assert_eq!(lvl(Role::GivenName, "영철", "Yŏng-ch'ŏl"), 1);
    assert_eq!(lvl(Role::GivenName, "Yong Chol", "Yŏng-ch'ŏl"), 1);
    // A passport's u for ㅓ and a run-together doubled consonant come close, not apart.
    assert!(lvl(Role::GivenName, "Duk-goon", "Tŏk-kŭn") <= 2);
    assert_eq!(lvl(Role::GivenName, "Sokkil", "Sŏk-kil"), 1);
}

#[test]
fn a_passport_u_for_eo_is_the_same_given_name() {
    // Against Hangul: u exactly where the Hangul has ㅓ or ㅕ is how passports spell the name
    // (Sung-chul for 성철). Before, these were only "close" (level 2) and such pairs rarely linked.
    assert_eq!(lvl(Role::GivenName, "성철", "Sung-chul"), 1);
    assert_eq!(lvl(Role::GivenName, "명걸", "Myoung-kul"), 1);
    assert_eq!(lvl(Role::GivenName, "Hyoon-ok", "현옥"), 1);
    // A u against a Hangul ㅗ stays close, not the same: 송철 is not Sung-chul.
    assert_eq!(lvl(Role::GivenName, "송철", "Sung-chul"), 2);
    // Between two Latin spellings neither tells ㅓ from ㅗ or ㅜ: the same name.
    assert_eq!(lvl(Role::GivenName, "Myoung-kul", "Myong Gol"), 1);
    assert_eq!(lvl(Role::GivenName, "Sangchul", "Sang Ch'ŏl"), 1);
    // A sibling's name that shares one syllable is still apart.
    assert!(lvl(Role::GivenName, "Sung-chul", "Sung-ho") >= 3);
}

#[test]
fn a_merged_birth_column_reads_years_from_dates_and_ages_from_their_year() {
    let by = column(Role::BirthYear);
    for v in ["1950", "1950년", "1950-10-02", "1950.10.02"] {
        assert_eq!(prepare(&by, v, None).year, Some(1950), "{v}");
    }
    let age = column(Role::Age);
    assert_eq!(prepare(&age, "62(2008)", None).year, Some(1946));
    assert_eq!(prepare(&age, "62세 (2008년)", Some(1999)).year, Some(1946));
    assert_eq!(prepare(&age, "62", Some(2008)).year, Some(1946));
}

#[test]
fn a_place_with_its_province_or_unit_is_the_same_place() {
    for (a, b) in [
        ("Musan, North Hamgyong", "Musan County"),
        ("함경북도 무산군", "Musan"),
        ("Wonsan, Kangwon", "원산시"),
        ("Hamheung, South Hamgyong", "Hamhŭng City"),
    ] {
        assert_eq!(lvl(Role::Place, a, b), 0, "{a} / {b}");
    }
    assert_eq!(lvl(Role::Place, "Musan, North Hamgyong", "Onsong, North Hamgyong"), 2);
    // A numbered site, in each list's words.
    for (a, b) in [("제2탄광", "No. 2 Mine"), ("2호 갱", "Pit No. 2")] {
        assert_eq!(lvl(Role::Site, a, b), 0, "{a} / {b}");
    }
    assert_ne!(lvl(Role::Site, "제2탄광", "제12탄광"), 0);
}

#[test]
fn a_final_one_letter_syllable_is_not_an_all_caps_surname() {
    let (sur, given) = attest_korean::names::split_person_name("Choe Kyong I").unwrap();
    assert_eq!((sur.as_str(), given.as_str()), ("Choe", "Kyong I"));
    let (sur, _) = attest_korean::names::split_person_name("Young-chul KIM").unwrap();
    assert_eq!(sur, "KIM");
}

#[test]
fn roles_are_inferred_from_rows_spread_over_the_file() {
    // Lists pasted one below another: the age column is filled only by the last list.
    let headers: Vec<String> = ["id", "성명", "나이", "조사년도"].iter().map(|s| s.to_string()).collect();
    let mut rows = Vec::new();
    for i in 0..5_000 {
        let late = i >= 3_000;
        rows.push(vec![
            format!("r{i}"),
            "김영철".to_string(),
            if late { (40 + i % 30).to_string() } else { String::new() },
            if late { "2008".to_string() } else { String::new() },
        ]);
    }
    let config = infer_config(&headers, &rows, 0);
    assert_eq!(config.columns[2].role, Role::Age, "{:?}", config.columns[2]);
    assert_eq!(config.columns[3].role, Role::ReportedYear, "{:?}", config.columns[3]);
}

#[test]
fn stacked_lists_with_their_own_headers_link_as_one_field_each() {
    // Each list keeps its own headers (성명 / Full Name / name, 생년 / DOB / born ...): before
    // their columns were taken as one field, F1 was 0.00-0.04 on this layout.
    let (scores, predicted, truth) = score(1_500, FIRST_HELD_OUT_SEED + 2, Layout::Stacked);
    assert!(scores.f1 >= 0.70, "{scores:?}");
    assert!(predicted <= 2 * truth, "largest predicted cluster {predicted}, largest true {truth}");
}

#[test]
fn columns_of_one_role_merge_only_when_rows_fill_one_or_the_other() {
    let headers: Vec<String> = ["id", "연번", "성명", "이름(한자)", "Full Name", "출신지", "Place of Origin"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut rows = Vec::new();
    for i in 0..400 {
        let korean_list = i % 2 == 0;
        rows.push(vec![
            format!("r{i}"),
            (i / 2 + 1).to_string(),
            if korean_list { "김영철".into() } else { String::new() },
            // The Korean list's name in Chinese characters, filled beside its Hangul name: not a
            // name to split, and no reason to keep the other list's names apart.
            if korean_list { "金永哲".into() } else { String::new() },
            if korean_list { String::new() } else { "Young-chul KIM".into() },
            // Both place columns are filled on every row: two facts, not one field.
            "회령".into(),
            "Musan".into(),
        ]);
    }
    let config = infer_config(&headers, &rows, 0);
    assert_eq!(config.columns[1].role, Role::Ignore, "{:?}", config.columns[1]);
    let groups = attest_link::roles::stacked_groups(&config.columns, &rows);
    assert_eq!(config.columns[3].role, Role::Text, "{:?}", config.columns[3]);
    assert_eq!(groups, vec![vec![2, 4]], "{:?}", config.columns);
    assert!(config.columns[4].note.to_string().contains("fill '성명' where empty"), "{}", config.columns[4].note);
}

#[test]
fn a_passport_spelling_of_the_given_name_lets_family_fields_count() {
    // 허덕만 from Hangul and a passport (Duk-man HEO): the given name agrees up to the passport's
    // u for ㅓ, so the shared origin and father count; a sibling (허덕수) gets no such credit.
    let rows: &[&[&str]] = &[
        &["id", "성", "이름", "본적", "부친"],
        &["a", "허", "덕만", "회령", "허철수"],
        &["b", "Heo", "Duk-man", "Hoeryong", "Heo Cheol-su"],
        &["c", "허", "덕수", "회령", "허철수"],
        &["d", "김", "영철", "무산", "김기남"],
        &["e", "Kim", "Yong-chol", "Musan", "Kim Ki-nam"],
        &["f", "박", "순희", "온성", "박광일"],
        &["g", "Pak", "Sun-hui", "Onsong", "Pak Kwang-il"],
    ];
    let headers: Vec<String> = rows[0].iter().map(|s| s.to_string()).collect();
    let data: Vec<Vec<String>> = rows[1..].iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    let config = infer_config(&headers, &data, 0);
    let n = data.len();
    let input = Input { headers, rows: data, file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let gated = |a: &str, b: &str| {
        let ex = linker.explain(&result.model, a, b).unwrap();
        let origin = ex.fields.iter().find(|f| f.column == "본적").unwrap();
        origin.level.contains("not counted")
    };
    assert!(!gated("a", "b"), "a passport spelling must let the origin count");
    assert!(gated("b", "c"), "a sibling's different given name must not");
}

#[test]
fn rules_on_names_train_without_pairs_of_common_names() {
    // A rule that selects on names fills with namesakes where the name is common; trained on
    // them, EM takes their birth years and places for a true match's. On the held-out census
    // (seed 1001, about 50,000 records) pairwise F1 was 0.7242 with them and is 0.7361 without.
    let census = attest_link::synth_census::generate(4_400, 1001);
    let truth: Vec<String> = census.person.iter().map(|p| p.to_string()).collect();
    let config = infer_config(&census.headers, &census.rows, 0);
    let n = census.rows.len();
    let input = Input { headers: census.headers, rows: census.rows, file: vec![0; n], id_column: 0 };
    let linker =
        Linker::from_input(input, &config, Options { keep_values: false, ..Options::default() }, &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let scores = eval::pairwise(&result.labels, &truth, None);
    assert!(scores.f1 >= 0.730, "{scores:?}");
}

#[test]
fn a_name_that_does_not_show_its_order_is_read_in_its_lists_order() {
    // An English-language list writes the given name first ("Young-chul KIM", "Soon-ok Park"):
    // its "Chung Hon Gim" begins and ends with a surname (정 Chung, 김 Gim), so alone it reads
    // surname first (Chung, "Hon Gim"); read in its list's order it is 김충헌 of the Korean list.
    let given = ["Young-chul", "Soon-ok", "Myung-hee", "Dae-ho", "Kyung-ja", "Sang-hoon", "Mi-ran"];
    let surnames = ["KIM", "Park", "LEE", "Choi", "Kang"];
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Each list numbers its records ("list no.": a row number, not a source, though its header
    // says "list"); the list is the 출처 column.
    let row = |id: String, full: &str, sur: &str, giv: &str, year: i32, list: &str| {
        let number = id.clone();
        vec![id, full.to_string(), sur.to_string(), giv.to_string(), year.to_string(), number, list.to_string()]
    };
    for (i, g) in given.iter().enumerate() {
        for (j, s) in surnames.iter().enumerate() {
            rows.push(row(
                format!("db-{i}-{j}"),
                &format!("{g} {s}"),
                "",
                "",
                1940 + (i * 5 + j) as i32,
                "Detainee DB",
            ));
        }
    }
    rows.push(row("db-x".into(), "Chung Hon Gim", "", "", 1970, "Detainee DB"));
    rows.push(row("kr-x".into(), "", "김", "충헌", 1970, "명부"));
    rows.push(row("kr-y".into(), "", "박", "순옥", 1941, "명부"));
    let headers: Vec<String> =
        ["id", "성명", "성", "이름", "생년", "list no.", "출처"].iter().map(|s| s.to_string()).collect();
    let config = infer_config(&headers, &rows, 0);
    assert_eq!(config.columns[5].role, Role::Ignore, "{:?}", config.columns[5]);
    let n = rows.len();
    let input = Input { headers, rows, file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let ex = linker.explain(&result.model, "db-x", "kr-x").unwrap();
    let level = |column: &str| ex.fields.iter().find(|f| f.column == column).map(|f| f.level.clone()).unwrap();
    assert!(matches!(level("이름").as_str(), "exact" | "same romanization key"), "{:?}", ex.fields);
    assert!(level("성").contains("exact") || level("성").contains("same"), "{:?}", ex.fields);
    // Alone (no list order to read), the same name still splits surname first.
    assert_eq!(
        attest_korean::names::split_person_name("Chung Hon Gim"),
        Some(("Chung".to_string(), "Hon Gim".to_string()))
    );
}

#[test]
fn a_pair_weak_only_for_want_of_evidence_does_not_keep_a_person_apart() {
    // Records of one person in four lists: two that share only the name (a survey that kept no
    // date, a list without the place) score below the cannot-link bar, yet nothing in them
    // disagrees. They used to keep the person's records in two clusters (recall 0.81 on this
    // tuning seed); now only a pair with a field against it does (0.84).
    let (scores, predicted, truth) = score(1_500, 6, Layout::MergedKorean);
    assert!(scores.recall >= 0.83, "{scores:?}");
    assert!(scores.precision >= 0.92, "{scores:?}");
    assert!(predicted <= 2 * truth, "largest predicted cluster {predicted}, largest true {truth}");
}

/// The generator's mines: number and town, as the engine keys them ("No. 2 Mine" is `no.2`,
/// "Aoji Coal Mine" and "아오지탄광" are `aoji`).
const MINE_KEYS: &[(&str, &str)] = &[
    ("no.2", "aoji"),
    ("no.3", "kokonwon"),
    ("no.5", "yongpuk"),
    ("no.6", "opong"),
    ("no.7", "haksong"),
    ("no.8", "hamyon"),
    ("no.9", "cuwon"),
    ("no.11", "sinhung"),
    ("no.12", "tukcang"),
    ("no.14", "conne"),
    ("no.16", "yuson"),
    ("no.18", "sampong"),
];

#[test]
fn a_numbered_mine_and_its_town_are_learned_as_one_site_and_only_those() {
    // One list writes "No. 2 Mine" or "제2탄광", another "Aoji Coal Mine": nothing written says they
    // are one mine. The run learns it from pairs that agree on the person, with its support,
    // and maps no two different mines (pairs of namesakes at different mines are spread over
    // every pair of mines; one mine's two names stand out).
    let set = generate(1_500, 5, Layout::MergedKorean);
    let config = infer_config(&set.headers, &set.rows, 0);
    let n = set.rows.len();
    let rows = set.rows.clone();
    let input = Input { headers: set.headers.clone(), rows: set.rows, file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let maps = &result.model.site_mappings;
    assert!(maps.len() >= 8, "only {} of 12 mines learned: {maps:?}", maps.len());
    for m in maps {
        let (numbered, named) = if m.a.starts_with("no.") { (&m.a, &m.b) } else { (&m.b, &m.a) };
        assert!(
            MINE_KEYS.iter().any(|&(x, y)| x == numbered && y == named),
            "{} and {} are different mines: {m:?}",
            m.a,
            m.b
        );
        assert!(m.support >= attest_link::SITE_MIN_SUPPORT && m.lift >= 4.0, "{m:?}");
    }
    // The mapped level's chance agreement (u, from random pairs read with the mapping) stays
    // small: about one mine in twelve, not every pair across the two kinds of name.
    let work = result.model.fields.iter().find(|f| f.column == "직장").expect("the workplace is compared");
    assert!(work.levels[0].u < 0.15 && work.levels[0].weight > 1.0, "{:?}", work.levels[0]);
    // In an explanation: one person's records at "No. 2 Mine"-like and "Aoji"-like names agree
    // as one site; records at a numbered mine and another mine's town do not.
    let col = set.headers.iter().position(|h| h == "직장").unwrap();
    let site = |r: usize| {
        let v = &rows[r][col];
        if v.contains("No. 2") || v.contains("제2탄광") {
            Some(true)
        } else if v.contains("Aoji") || v.contains("아오지") {
            Some(false)
        } else {
            None
        }
    };
    let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
    for (r, &p) in set.person.iter().enumerate() {
        by_person.entry(p).or_default().push(r);
    }
    let mut people: Vec<_> = by_person.into_values().collect();
    people.sort_unstable();
    let same = people
        .iter()
        .find_map(|rs| {
            let numbered = rs.iter().find(|&&r| site(r) == Some(true))?;
            let named = rs.iter().find(|&&r| site(r) == Some(false))?;
            Some((*numbered, *named))
        })
        .expect("a person at Aoji written both ways");
    let e = linker.explain(&result.model, &rows[same.0][0], &rows[same.1][0]).unwrap();
    let f = e.fields.iter().find(|f| f.column == "직장").unwrap();
    assert!(f.level.contains("one site under two names") && f.weight > 1.0, "{f:?}");
    let other = (0..n).find(|&r| rows[r][col].contains("Haksong") || rows[r][col].contains("학송탄광")).unwrap();
    let e = linker.explain(&result.model, &rows[same.0][0], &rows[other][0]).unwrap();
    let f = e.fields.iter().find(|f| f.column == "직장").unwrap();
    assert!(!f.level.contains("one site") && f.weight <= 0.0, "{f:?}");
}

#[test]
fn siblings_a_year_apart_with_different_given_names_are_never_linked() {
    // Two children of one father (황보만석, all invented), born a year apart: one surname,
    // father and origin, and given names with nothing in common. Birth years a year apart
    // could be one person's typo, so the family rule used to wait for three years; with given
    // names that disagree entirely it does not. The same person a year off still links.
    let person = |g: &'static str, y: &'static str| -> Vec<(&'static str, &'static str)> {
        vec![("성", "황보"), ("이름", g), ("생년", y), ("본적", "경성"), ("부친", "황보만석")]
    };
    let (s1, s2, p1) = (person("철민", "1950"), person("영수", "1951"), person("철민", "1951"));
    let (linker, result) = link_with(&[("s1", &s1), ("s2", &s2), ("p1", &p1)]);
    let e = linker.explain(&result.model, "s1", "s2").unwrap();
    assert!(e.cannot_link.as_deref().is_some_and(|r| r.contains("same family")), "{:?}", e.cannot_link);
    let label = |id: &str| result.labels[linker.ids().iter().position(|x| x == id).unwrap()];
    assert_ne!(label("s1"), label("s2"), "siblings linked");
    assert_eq!(label("s1"), label("p1"), "the same person a year off not linked");
    assert!(linker.explain(&result.model, "s1", "p1").unwrap().cannot_link.is_none());
}

#[test]
fn a_brothers_name_that_begins_with_the_letters_of_anothers_is_not_a_dropped_syllable() {
    // Brothers of one invented father (황보만석): 하 and 학수, 선 and 성민, three years apart,
    // in Hangul and in Latin letters. "ha" begins "haksu" and "son" begins "songmin", but 하 is
    // not 학수 with a syllable dropped (학 is not 하), so the sibling rule holds: a cannot-link.
    // A clerk's 수 for 학수 (a syllable dropped) still is no sibling, and no cannot-link.
    let person = |sur: &'static str, g: &'static str, y: &'static str| -> Vec<(&'static str, &'static str)> {
        let father = if sur.is_ascii() { "Hwangbo Mansŏk" } else { "황보만석" };
        vec![("성", sur), ("이름", g), ("생년", y), ("본적", "경성"), ("부친", father)]
    };
    let rows = [
        ("h1", person("황보", "하", "1950")),
        ("h2", person("황보", "학수", "1953")),
        ("s1", person("황보", "선", "1950")),
        ("s2", person("황보", "성민", "1953")),
        ("l1", person("Hwangbo", "Son", "1950")),
        ("l2", person("Hwangbo", "Songmin", "1953")),
        ("l3", person("Hwangbo", "Ha", "1950")),
        ("l4", person("Hwangbo", "Hak-su", "1953")),
        ("d1", person("황보", "수", "1951")),
    ];
    let extra: Vec<(&str, &[(&str, &str)])> = rows.iter().map(|(id, r)| (*id, r.as_slice())).collect();
    let (linker, result) = link_with(&extra);
    let reason = |a: &str, b: &str| linker.explain(&result.model, a, b).unwrap().cannot_link;
    for (a, b) in [("h1", "h2"), ("s1", "s2"), ("l1", "l2"), ("l3", "l4"), ("l3", "h2"), ("s1", "l2")] {
        let r = reason(a, b);
        assert!(r.as_deref().is_some_and(|r| r.contains("same family")), "{a} / {b}: {r:?}");
    }
    assert_eq!(reason("d1", "h2"), None, "수 for 학수 is a syllable dropped");
    assert_eq!(reason("d1", "l4"), None, "수 for Hak-su is a syllable dropped");
}

/// A tuning seed's set with `extra` rows (column header, value) appended, linked with zero
/// configuration.
fn link_with(extra: &[(&str, &[(&str, &str)])]) -> (Linker, attest_link::LinkResult) {
    let mut set = generate(1_500, 5, Layout::MergedKorean);
    for (id, cells) in extra {
        let mut row = vec![String::new(); set.headers.len()];
        row[0] = id.to_string();
        for (h, v) in *cells {
            let c = set.headers.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h}"));
            row[c] = v.to_string();
        }
        set.rows.push(row);
    }
    let config = infer_config(&set.headers, &set.rows, 0);
    let n = set.rows.len();
    let input = Input { headers: set.headers, rows: set.rows, file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    (linker, result)
}

#[test]
fn one_name_in_hangul_and_in_romanization_a_year_apart_is_not_a_sibling() {
    // One invented man, 남궁덕룡, in two Hangul lists and in a McCune-Reischauer one that spells
    // the sound change (덕룡 is said 덩뇽: Tŏng-nyong), its birth year from a Korean age a year
    // early. The Hangul and Latin keys of the given name differed entirely before the keys
    // folded sound changes, which within one script is what siblings' names do; across scripts
    // it is not a sibling, so the one-year sibling rule does not forbid the link. His sister 남궁영순, a year younger, written in
    // Hangul, still never links.
    let family: &[(&str, &str)] = &[("본적", "함경북도 회령군"), ("부친", "남궁만석"), ("성별", "남")];
    let with = |cells: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        family.iter().chain(cells).copied().collect()
    };
    let h1 = with(&[("성", "남궁"), ("이름", "덕룡"), ("생년", "1950"), ("직장", "제7탄광")]);
    let h2 = with(&[("성", "남궁"), ("이름", "덕룡"), ("생년", "1950")]);
    let m1 = with(&[("성", "Namgung"), ("이름", "Tŏng-nyong"), ("생년", "1949"), ("직장", "No. 7 Mine")]);
    let sister: Vec<(&str, &str)> = [("본적", "함경북도 회령군"), ("부친", "남궁만석")]
        .into_iter()
        .chain([("성", "남궁"), ("이름", "영순"), ("생년", "1951"), ("성별", "여")])
        .collect();
    let brother = with(&[("성", "남궁"), ("이름", "철수"), ("생년", "1951")]);
    let (linker, result) =
        link_with(&[("h1", &h1), ("h2", &h2), ("m1", &m1), ("sister", &sister), ("brother", &brother)]);
    let e = linker.explain(&result.model, "h1", "m1").unwrap();
    // Since the eleventh session the keys fold the sound change, so the given names agree; the
    // one-year rule must still not forbid the pair.
    let given = e.fields.iter().find(|f| f.column == "이름").unwrap();
    assert!(given.level.contains("same romanization key"), "{given:?}");
    assert!(e.cannot_link.is_none(), "{:?}", e.cannot_link);
    let label = |id: &str| result.labels[linker.ids().iter().position(|x| x == id).unwrap()];
    assert_eq!(label("h1"), label("m1"), "one man in two scripts kept apart: {e:#?}");
    // A brother a year younger, in Hangul: the rule still forbids it.
    let e = linker.explain(&result.model, "h1", "brother").unwrap();
    assert!(e.cannot_link.as_deref().is_some_and(|r| r.contains("same family")), "{:?}", e.cannot_link);
    assert_ne!(label("h1"), label("brother"));
    assert_ne!(label("h1"), label("sister"));
}

#[test]
fn a_hangul_name_and_its_assimilated_mccune_reischauer_spelling_link_and_namesakes_do_not() {
    // One invented man, 김덕룡 (said 덩뇽), in a Hangul list and in a McCune-Reischauer one that
    // spells the sound change: Kim Tŏng-nyong. Another invented man of the same name, born
    // sixteen years later elsewhere, is in both lists too. Each man's two records link; the two
    // men never do.
    let man = |sur: &'static str, given: &'static str, year: &'static str, origin: &'static str| {
        vec![("성", sur), ("이름", given), ("생년", year), ("본적", origin), ("성별", "남")]
    };
    let h1 = man("김", "덕룡", "1950", "함경북도 회령군");
    let m1 = man("Kim", "Tŏng-nyong", "1950", "함경북도 회령군");
    let h2 = man("김", "덕룡", "1966", "평안남도 안주군");
    let m2 = man("Kim", "Tŏng-nyong", "1966", "평안남도 안주군");
    let (linker, result) = link_with(&[("h1", &h1), ("m1", &m1), ("h2", &h2), ("m2", &m2)]);
    let e = linker.explain(&result.model, "h1", "m1").unwrap();
    let given = e.fields.iter().find(|f| f.column == "이름").unwrap();
    assert!(given.level.contains("same romanization key"), "the spelled sound change: {given:?}");
    let label = |id: &str| result.labels[linker.ids().iter().position(|x| x == id).unwrap()];
    assert_eq!(label("h1"), label("m1"), "one man in two scripts kept apart: {e:#?}");
    assert_eq!(label("h2"), label("m2"), "the namesake's two records kept apart");
    for (a, b) in [("h1", "h2"), ("h1", "m2"), ("m1", "h2"), ("m1", "m2")] {
        assert_ne!(label(a), label(b), "namesakes sixteen years apart linked: {a} {b}");
    }
}

#[test]
fn birth_years_five_apart_are_decisive_in_one_script_and_not_across_scripts() {
    // An invented woman, 표순옥, in a Hangul list whose birth year came from a Korean age, and
    // in a McCune-Reischauer list whose clerk was four years off: five years apart. In one
    // script that gap still forbids a link; across scripts the Korean age widens it by a year.
    let woman = |given: &'static str, year: &'static str| {
        vec![("성", if given.is_ascii() { "P'yo" } else { "표" }), ("이름", given), ("생년", year), ("성별", "여")]
    };
    let (h1, m1, h2) = (woman("순옥", "1950"), woman("Sun-ok", "1955"), woman("순옥", "1955"));
    let (linker, result) = link_with(&[("h1", &h1), ("m1", &m1), ("h2", &h2)]);
    let reason = |a: &str, b: &str| linker.explain(&result.model, a, b).unwrap().cannot_link;
    assert_eq!(reason("h1", "m1"), None);
    assert_eq!(reason("h1", "h2").as_deref(), Some("birth years 5 apart"));
    let (y1, y2) = (woman("Sun-ok", "1949"), woman("순옥", "1955"));
    let (linker, result) = link_with(&[("y1", &y1), ("y2", &y2)]);
    let e = linker.explain(&result.model, "y1", "y2").unwrap();
    assert_eq!(e.cannot_link.as_deref(), Some("birth years 6 apart"), "six years is decisive in any script");
}

#[test]
fn decisive_disagreements_read_the_levels_the_run_scores_with_the_site_mapping() {
    // Two invented brothers a year apart whose only shared family field is their mine, written
    // by number in one list and by town in another (제2탄광 / 아오지탄광). The run scores the
    // workplace as one site (a learned mapping); the sibling rule reads the same level, so the
    // mine counts as the family field they share and the pair is a decisive disagreement.
    let s1: &[(&str, &str)] = &[("성", "황보"), ("이름", "철민"), ("생년", "1950"), ("직장", "제2탄광")];
    let s2: &[(&str, &str)] = &[("성", "황보"), ("이름", "영수"), ("생년", "1951"), ("직장", "아오지탄광")];
    let (linker, result) = link_with(&[("s1", s1), ("s2", s2)]);
    assert!(
        result.model.site_mappings.iter().any(|m| m.a == "aoji" && m.b == "no.2"),
        "the mapping this test needs was not learned: {:?}",
        result.model.site_mappings
    );
    let e = linker.explain(&result.model, "s1", "s2").unwrap();
    let work = e.fields.iter().find(|f| f.column == "직장").unwrap();
    assert!(work.level.contains("one site"), "{work:?}");
    assert!(e.cannot_link.as_deref().is_some_and(|r| r.contains("직장")), "{:?}", e.cannot_link);
    let label = |id: &str| result.labels[linker.ids().iter().position(|x| x == id).unwrap()];
    assert_ne!(label("s1"), label("s2"));
}

#[test]
fn a_transfer_between_two_mines_is_not_learned_as_one_site_while_an_alias_still_is() {
    // Three invented lists of workers at 32 mines: two write a mine by number ("No. 1 Mine"),
    // one by town (가봉탄광). Between the first two lists and the third, 40 of mine 1's 60 workers
    // were moved to mine 2: their records agree on the person and disagree on the mine as
    // often as an alias's do. An alias is one mine written differently by different lists; a
    // transfer leaves both mines in one list (the third holds No. 1 and No. 2 Mine).
    let (headers, rows) = mine_lists(40, |list| list.to_string());
    let result = link_mine_lists(headers, rows);
    let maps = &result.model.site_mappings;
    let partner = |key: &str| {
        maps.iter().find_map(|m| {
            (m.a == key && !m.b.starts_with("no."))
                .then(|| m.b.clone())
                .or((m.b == key && !m.a.starts_with("no.")).then(|| m.a.clone()))
        })
    };
    let (one, two) = (partner("no.1"), partner("no.2"));
    assert!(one.is_some() && two.is_some(), "the aliases of mines 1 and 2 were not learned: {maps:?}");
    assert!(maps.len() >= 30, "only {} of 32 aliases learned: {maps:?}", maps.len());
    let site_one = ["no.1".to_string(), one.unwrap()];
    let site_two = ["no.2".to_string(), two.unwrap()];
    for m in maps {
        let joins = |x: &[String; 2], y: &[String; 2]| x.contains(&m.a) && y.contains(&m.b);
        assert!(!joins(&site_one, &site_two) && !joins(&site_two, &site_one), "a transfer learned as one site: {m:?}");
    }
}

/// The lists of `a_transfer_between_two_mines_...`: `moved` of mine 1's workers name mine 2 in
/// the third list; `source` gives each record's 출처 cell from its list's name.
fn mine_lists(moved: usize, source: fn(&str) -> String) -> (Vec<String>, Vec<Vec<String>>) {
    let (first, second) = (["가", "모", "두", "리", "세"], ["봉", "룡", "산", "동", "천", "원", "남"]);
    let town = |m: usize| format!("{}{}탄광", first[m % 5], second[m / 5]);
    let (surnames, g1, g2) = (
        ["김", "이", "박", "최", "정"],
        ["영", "명", "성", "광", "정", "진", "상", "동", "철", "경"],
        ["철", "호", "수", "남", "일", "식", "민", "길", "삼", "복"],
    );
    let headers: Vec<String> =
        ["record_id", "성", "이름", "생년", "직장", "출처"].iter().map(|h| h.to_string()).collect();
    let mut rows = Vec::new();
    let mut person = 0usize;
    for mine in 1..=32usize {
        let workers = if mine <= 2 { 60 } else { 25 };
        for w in 0..workers {
            let (s, a, b) = (person % 5, (person / 5) % 10, (person / 50) % 10);
            let year = (1930 + person % 40).to_string();
            let is_moved = mine == 1 && w < moved;
            for (list, work) in [
                ("명부 1", format!("No. {mine} Mine")),
                ("명부 2", town(mine)),
                ("명부 3", format!("No. {} Mine", if is_moved { 2 } else { mine })),
            ] {
                let id = format!("{list}-{person}");
                let given = format!("{}{}", g1[a], g2[b]);
                rows.push(vec![id, surnames[s].into(), given, year.clone(), work, source(list)]);
            }
            person += 1;
        }
    }
    (headers, rows)
}

fn link_mine_lists(headers: Vec<String>, rows: Vec<Vec<String>>) -> attest_link::LinkResult {
    let config = infer_config(&headers, &rows, 0);
    let n = rows.len();
    let input = Input { headers, rows, file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).unwrap();
    linker.run(&[], &NoProgress).unwrap()
}

/// A source column that names one list only, or is blank, says nothing of which lists hold
/// which mines: the aliases are still learned (a column naming one list used to count as one
/// list holding both names of every alias, and refused them all).
#[test]
fn a_source_column_naming_one_list_or_none_does_not_switch_site_learning_off() {
    for source in [(|_: &str| "명부".to_string()) as fn(&str) -> String, |_| String::new()] {
        let (headers, rows) = mine_lists(0, source);
        let maps = link_mine_lists(headers, rows).model.site_mappings;
        assert!(maps.len() >= 30, "only {} of 32 aliases learned: {maps:?}", maps.len());
    }
}

#[test]
fn the_transfer_variant_moves_only_workplaces_and_leaves_both_mines_in_every_list() {
    // The variant draws from its own generator: the same people and records as the default set,
    // but some workers of one mine name another mine in the later lists.
    use attest_link::synth_registry::{Variant, generate_variant};
    let plain = generate(3_000, 7, Layout::MergedKorean);
    let moved = generate_variant(3_000, 7, Layout::MergedKorean, Variant { transfer: true, ..Variant::default() });
    assert_eq!(plain.headers, moved.headers);
    assert_eq!(plain.person, moved.person);
    let work = plain.headers.iter().position(|h| h == "직장").unwrap();
    let source = plain.headers.iter().position(|h| h == "출처").unwrap();
    let mut changed = 0;
    for (a, b) in plain.rows.iter().zip(&moved.rows) {
        for c in 0..a.len() {
            if c != work {
                assert_eq!(a[c], b[c], "only the workplace changes");
            }
        }
        changed += usize::from(a[work] != b[work]);
    }
    assert!(changed >= 20, "{changed} records moved");
    // Each moved record's new mine is also written, in that list, by workers who never moved.
    for (_, b) in plain.rows.iter().zip(&moved.rows).filter(|(a, b)| a[work] != b[work]) {
        let held = plain.rows.iter().any(|r| r[source] == b[source] && r[work] == b[work]);
        assert!(held, "{} not otherwise in {}", b[work], b[source]);
    }
}

/// Two Latin spellings whose keys agree only once the sound changes are folded are two names as
/// written (Revised Romanization writes 석민 Seok-min and 성민 Seong-min as spelled): close, not
/// the same name, so brothers a year apart named so stay apart. Against Hangul, the pronounced
/// spelling is still the same name.
#[test]
fn latin_names_one_only_once_sound_changes_are_folded_are_close_not_the_same() {
    for (a, b) in [("Seok-min", "Seong-min"), ("Bok-nam", "Bong-nam"), ("Deok-ryong", "Dong-ryong")] {
        assert!(lvl(Role::GivenName, a, b) > 1, "{a} / {b}: {}", lvl(Role::GivenName, a, b));
        let (fa, fb) = (format!("Kim {a}"), format!("Kim {b}"));
        assert!(lvl(Role::FullName, &fa, &fb) > 1, "{fa} / {fb}");
    }
    assert_eq!(lvl(Role::GivenName, "덕룡", "Tŏng-nyong"), 1);
    assert_eq!(lvl(Role::GivenName, "석민", "Sŏng-min"), 1);
    assert_eq!(lvl(Role::GivenName, "Sok-min", "Sŏk-min"), 1);
}

/// The romanized-places variant (tuning seeds only) writes every place of the English layout's
/// origin column in Latin letters, in each list's habit, and changes nothing else; the engine
/// reads that column as Korean places.
#[test]
fn the_romanized_places_variant_writes_origins_in_latin_letters_only_and_changes_nothing_else() {
    use attest_link::synth_registry::{Variant, generate_variant};
    let plain = generate(1_500, 7, Layout::MergedEnglish);
    let latin =
        generate_variant(1_500, 7, Layout::MergedEnglish, Variant { romanized_places: true, ..Variant::default() });
    assert_eq!(plain.headers, latin.headers);
    assert_eq!(plain.person, latin.person);
    let origin = plain.headers.iter().position(|h| h == "place of origin").unwrap();
    let mut changed = 0;
    for (a, b) in plain.rows.iter().zip(&latin.rows) {
        for c in (0..a.len()).filter(|&c| c != origin) {
            assert_eq!(a[c], b[c], "only the place of origin changes");
        }
        assert!(!b[origin].chars().any(attest_korean::hangul::is_hangul), "{}", b[origin]);
        changed += usize::from(a[origin] != b[origin]);
    }
    assert!(changed >= 100, "{changed} places rewritten");
    let config = infer_config(&latin.headers, &latin.rows, 0);
    let column = &config.columns[origin];
    assert!(column.korean && column.note.to_string().contains("Korean places in Latin letters"), "{column:?}");
}
