//! The third independent set of lists (`synth_petitions`, tenth session) and the fixes it led
//! to: words for "missing" never agree, other calendars and formats give a birth year, name
//! markers and hanja are stripped, a relatives cell gives the father, a romanized name column
//! fills a Hangul one, and a birth column that also takes ages is read as birth years.

use std::collections::HashMap;

use attest_link::compare::{NULL, level, prepare};
use attest_link::messy_values::{clean, clean_date, father_in_relatives, is_missing};
use attest_link::synth_petitions::{SOURCES, generate};
use attest_link::{ColumnConfig, Input, Linker, NoProgress, Options, Role, infer_config};

fn column(role: Role, korean: bool) -> ColumnConfig {
    ColumnConfig { name: "c".into(), role, korean, term_frequency: false, note: Default::default() }
}

fn lvl(role: Role, a: &str, b: &str) -> u8 {
    let c = column(role, true);
    level(&c, &prepare(&c, a, None), &prepare(&c, b, None))
}

fn input(rows: &[&[&str]]) -> Input {
    let headers: Vec<String> = rows[0].iter().map(|s| s.to_string()).collect();
    let data: Vec<Vec<String>> = rows[1..].iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    Input { file: vec![0; data.len()], rows: data, headers, id_column: 0 }
}

#[test]
fn the_generator_makes_four_sources_families_namesakes_and_held_out_seeds() {
    let set = generate(1_000, 11);
    assert_eq!(set.rows.len(), set.person.len());
    let mut per_source = [0usize; 4];
    set.source.iter().for_each(|&s| per_source[s] += 1);
    assert!(per_source.iter().all(|&n| n > 100), "{per_source:?} of {SOURCES:?}");
    // Relatives: some families hold several people.
    let mut people_of_family: HashMap<usize, std::collections::HashSet<usize>> = HashMap::new();
    for (p, f) in set.person.iter().zip(&set.family) {
        people_of_family.entry(*f).or_default().insert(*p);
    }
    assert!(people_of_family.values().filter(|p| p.len() > 1).count() > 50);
    // The same seed gives the same set; another seed another.
    assert_eq!(generate(1_000, 11).rows, set.rows);
    assert_ne!(generate(1_000, 12).rows, set.rows);
    // Missing words and other calendars are in it.
    let cells: Vec<&str> = set.rows.iter().flatten().map(String::as_str).collect();
    for needle in ["미상", "unknown", "주체", "(음)", "故 "] {
        assert!(cells.iter().any(|c| c.contains(needle)), "{needle}");
    }
}

#[test]
fn words_for_missing_never_agree() {
    for token in ["미상", "모름", "불명", "-", "?", "N/A", "unknown", "없음"] {
        assert!(is_missing(Role::FullName, token), "{token}");
        assert_eq!(lvl(Role::FullName, token, token), NULL, "{token}");
        assert_eq!(lvl(Role::FatherName, token, token), NULL, "{token}");
        assert_eq!(lvl(Role::Place, token, token), NULL, "{token}");
        assert_eq!(lvl(Role::BirthYear, token, token), NULL, "{token}");
    }
    // Placeholder dates only where a date belongs.
    assert_eq!(lvl(Role::Dob, "1900-01-01", "1900-01-01"), NULL);
    assert_eq!(lvl(Role::BirthYear, "0", "0"), NULL);
    assert!(!is_missing(Role::Number, "0"));
    // Age bands where a birth date belongs give no year: strangers in their seventies do not agree.
    assert_eq!(lvl(Role::BirthYear, "70대", "70대"), NULL);
    assert_eq!(lvl(Role::BirthYear, "약 65세", "약 65세"), NULL);
}

#[test]
fn a_block_of_unknowns_does_not_link_strangers() {
    // Six different people whose name is not known, the same unknown father and place: none linked.
    let mut rows: Vec<Vec<String>> =
        vec![vec!["id".into(), "성명".into(), "부친".into(), "출신지".into(), "생년".into()]];
    let names = ["김영철", "박순희", "이명호", "최옥순", "정광일", "한춘자", "오세진", "윤금숙"];
    for (i, n) in names.iter().enumerate() {
        rows.push(vec![format!("a{i}"), n.to_string(), "모름".into(), "함북 길주".into(), format!("{}", 1940 + i)]);
        rows.push(vec![format!("b{i}"), "미상".into(), "미상".into(), "미상".into(), "미상".into()]);
    }
    let headers = rows[0].clone();
    let data = rows[1..].to_vec();
    let config = infer_config(&headers, &data, 0);
    let inp = Input { file: vec![0; data.len()], rows: data, headers, id_column: 0 };
    let linker = Linker::new(&inp, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    result.labels.iter().for_each(|&l| *sizes.entry(l).or_default() += 1);
    assert!(sizes.values().all(|&n| n == 1), "{:?}", result.labels);
    // Compared all the same, two records of unknowns agree on nothing: every field is missing.
    let e = linker.explain(&result.model, "b0", "b1").unwrap();
    assert!(e.fields.iter().all(|f| f.level == "missing"), "{:?}", e.fields);
}

#[test]
fn other_calendars_and_formats_give_a_birth_year() {
    let cases = [
        ("1951. 3. 2.", "1951-03-02"),
        ("1951년 3월 2일", "1951-03-02"),
        ("51년 3월", "1951"),
        ("단기 4284년", "1951"),
        ("주체40(1951)년 3월 2일", "1951-03-02"),
        ("주체40", "1951"),
        ("１９５１．３．２", "1951-03-02"),
        ("03/17/1951", "1951-03-17"),
        ("18689", "1951-03-02"),
        ("1951년생", "1951"),
        ("1951. 3.", "1951"),
        ("1951. 4. 2. (음)", "1951"),
        ("1960s", "1960s"),
        ("1952?", "1952?"),
    ];
    for (raw, want) in cases {
        assert_eq!(clean_date(raw), want, "{raw}");
    }
    // Already plain values are returned as they are.
    assert!(matches!(clean_date("1951-03-02"), std::borrow::Cow::Borrowed(_)));
    assert!(matches!(clean_date("19510302"), std::borrow::Cow::Borrowed(_)));
    assert_eq!(lvl(Role::BirthYear, "주체40(1951)", "단기 4284년"), 0);
    assert_eq!(lvl(Role::Dob, "1951년 3월 2일", "02/03/1951"), 0);
    assert_eq!(lvl(Role::Dob, "18689", "1951. 3. 2."), 0);
    // Day first, or month first where the second number cannot be a month.
    assert_eq!(lvl(Role::Dob, "17/03/1951", "03/17/1951"), 0);
}

#[test]
fn an_age_with_the_year_it_was_given_in_the_same_cell_gives_a_birth_year() {
    // An age column: the year in the cell, in any wording, is the year the age was given.
    for raw in ["나이 45 (2019년 면담)", "45세, 2019년 조사", "age 45 (interviewed 2019)", "45 (2019)"] {
        assert_eq!(clean(Role::Age, raw), "45(2019)", "{raw}");
        assert_eq!(lvl(Role::Age, raw, "1974"), 0, "{raw}");
    }
    // A birth column that takes ages ("나이/생년"): the birth year.
    assert_eq!(clean_date("45세 (2019년 면담)"), "1974");
    assert_eq!(clean_date("나이 45, 2019년"), "1974");
    assert_eq!(lvl(Role::BirthYear, "45세 (2019년 면담)", "1974"), 0);
    // Without the year, or with two candidates for it, no birth year is read.
    assert_eq!(clean_date("45세"), "");
    assert_eq!(clean_date("약 45세 (2018~2019년)"), "");
    assert_eq!(clean(Role::Age, "45 (2018, 2019)"), "45 (2018, 2019)");
    assert_eq!(clean_date("70대 (2019년)"), "");
    // A year marked as the birth is not the year the age was given: never born 45 years earlier.
    assert_eq!(clean(Role::Age, "45세 (1974년생)"), "45세 (1974년생)");
    assert_ne!(lvl(Role::Age, "45세 (1974년생)", "1929"), 0);
    assert_ne!(clean_date("45세 (1974년생)"), "1929");
    // A year before the age counts only with a word saying the age was given then.
    assert_eq!(clean(Role::Age, "1974 (45)"), "1974 (45)");
    assert_eq!(clean(Role::Age, "2019년 면담 당시 45세"), "45(2019)");
    // In a birth column, too, and not as the birth year 2019 the year-first date reading gave.
    assert_eq!(clean_date("2019년 면담 당시 45세"), "1974");
}

#[test]
fn name_markers_and_hanja_are_stripped_and_relatives_cells_give_the_father() {
    for raw in ["김영철(金永哲)", "故 김영철", "김영철(사망)", "김영철 씨", "김영철 목사", "김영철씨", "故김영철"]
    {
        assert_eq!(clean(Role::FullName, raw).trim(), "김영철", "{raw}");
        assert_eq!(lvl(Role::FullName, raw, "김영철"), 0, "{raw}");
    }
    // A given name that ends as a title does when run on is kept: only 씨 and 님 are cut.
    assert_eq!(clean(Role::FullName, "김선생").trim(), "김선생");
    assert_eq!(father_in_relatives("부 김철수, 모 이순자"), Some("김철수"));
    assert_eq!(father_in_relatives("Father: KIM Chol-su"), Some("KIM Chol-su"));
    assert_eq!(father_in_relatives("父 김덕태"), Some("김덕태"));
    assert_eq!(father_in_relatives("아버지: 김철수"), Some("김철수"));
    assert_eq!(father_in_relatives("이순자"), None);
    assert_eq!(lvl(Role::FatherName, "부 김철수, 모 이순자", "김철수"), 0);
    assert_eq!(lvl(Role::FatherName, "父 김철수", "아버지: 김철수"), 0);
    // Only the province on one side, a county in it on the other: similar, not different.
    assert_eq!(lvl(Role::Place, "함경북도", "함북 길주"), 1);
    assert_eq!(lvl(Role::Place, "North Hamgyong", "Kilju, North Hamgyong"), 1);
    assert_eq!(lvl(Role::Place, "함경남도", "함북 길주"), 2);
    // A county's old name and its new one.
    assert_eq!(lvl(Role::Place, "함경북도 성진군", "Kimchaek, North Hamgyong"), 0);
    assert_eq!(lvl(Role::Place, "S. Pyongan", "평안남도"), 0);
    assert_eq!(lvl(Role::Place, "Anju, S. Pyongan", "평안남도"), 1);
    // Abbreviated provinces outside the gazetteer, and the old undivided 황해도.
    assert_eq!(lvl(Role::Place, "경기 연천", "경기도 연천군"), 0);
    assert_eq!(lvl(Role::Place, "황남 옹진", "황해남도 옹진군"), 0);
    assert_eq!(lvl(Role::Place, "경기도", "경기도 강화군"), 1);
    assert_eq!(lvl(Role::Place, "황해도", "황해남도 옹진군"), 1);
    assert_eq!(clean(Role::Place, "경기장"), "경기장");
    // A sex no vocabulary reads is not known, not a different sex.
    assert_eq!(lvl(Role::Sex, "0", "남"), NULL);
    assert_eq!(lvl(Role::Sex, "男", "M"), 0);
    // Provinces: abbreviation, full name and English compare equal.
    assert_eq!(lvl(Role::Place, "함북", "North Hamgyong"), 0);
    assert_eq!(lvl(Role::Place, "함경북도", "Hamgyŏng-pukto"), 0);
}

/// Each pair of place values with the level it must compare at.
fn assert_place_levels(cases: &[(&str, &str, u8)]) {
    for &(a, b, want) in cases {
        assert_eq!(lvl(Role::Place, a, b), want, "{a} / {b}");
    }
}

#[test]
fn two_halves_of_a_province_disagree_and_the_undivided_one_agrees_with_either() {
    assert_place_levels(&[
        // 황해남도 and 황해북도 were folded into 황해도 and agreed as one province.
        ("황해남도", "황해북도", 2),
        ("황남", "North Hwanghae", 2),
        ("황해남도", "황해북도 사리원", 2),
        // The undivided province (written from memory) may be either half.
        ("황해도", "황해북도", 1),
        ("황해", "South Hwanghae", 1),
        ("황해도", "황해북도 사리원시", 1),
        ("황해도 해주", "황해남도", 1),
        ("황해도 해주", "황해남도 해주시", 0),
        // North and South Hamgyong look alike as strings (Jaro-Winkler 0.905): two provinces.
        ("North Hamgyong", "South Hamgyong", 2),
        ("함북", "함남", 2),
    ]);
}

#[test]
fn a_county_that_moved_is_not_vetoed_by_its_old_province() {
    assert_place_levels(&[
        // 혜산 was in 함경남도 until 1954, 강계 in 평안북도 until 1949: a list written from
        // memory names the old province, another the county in its new one.
        ("함경남도", "양강도 혜산시", 1),
        ("South Hamgyong", "Hyesan, Ryanggang", 1),
        ("평북", "자강도 강계", 1),
        ("양강도", "양강도 혜산시", 1),
        // The other way round: the old province written with the county, the new one alone; and
        // a value naming the new province with the old one in brackets.
        ("함경남도 혜산", "양강도", 1),
        ("양강도", "혜산", 1),
        ("양강도(함경남도)", "함경남도", 1),
        // A county that never was in that province stays different.
        ("함경북도", "양강도 혜산시", 2),
        ("함경남도", "자강도 강계", 2),
    ]);
}

#[test]
fn roles_come_from_values_when_headers_are_unfamiliar_or_mixed() {
    let rows: &[&[&str]] = &[
        &["연번", "대상자", "로마자", "나이/생년", "가족", "Family"],
        &["1", "김영철", "", "1951. 3. 2.", "부 김철수, 모 이순자", "Father: KIM Chol-su"],
        &["2", "", "PARK, Sun-hee", "약 65세", "미상", "부 박만식"],
    ];
    let mut rows: Vec<&[&str]> = rows.to_vec();
    let filler: Vec<Vec<String>> = (0..40)
        .map(|i| {
            vec![
                format!("{}", i + 3),
                if i % 2 == 0 {
                    format!("{}{}", ["이", "박", "최", "정"][i % 4], ["명호", "순자", "광일", "영남", "춘희"][i % 5])
                } else {
                    String::new()
                },
                if i % 2 == 1 {
                    format!(
                        "{}, {}",
                        ["LEE", "PARK", "CHOE", "JUNG"][i % 4],
                        ["Myong-ho", "Sun-ja", "Kwang-il", "Yong-nam", "Chun-hui"][i % 5]
                    )
                } else {
                    String::new()
                },
                format!("{}", 1940 + i),
                format!("부 이{}", ["철수", "만식", "덕태"][i % 3]),
                "부 이철수".to_string(),
            ]
        })
        .collect();
    let filler_refs: Vec<Vec<&str>> = filler.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    rows.extend(filler_refs.iter().map(Vec::as_slice));
    let inp = input(&rows);
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let role = |name: &str| config.columns.iter().find(|c| c.name == name).unwrap().role;
    assert_eq!(role("대상자"), Role::FullName);
    assert_eq!(role("로마자"), Role::FullName);
    assert_eq!(role("나이/생년"), Role::BirthYear);
    assert_eq!(role("가족"), Role::FatherName);
    // "Family" is a surname column by its header, but its values are relatives cells.
    assert_eq!(role("Family"), Role::FatherName);
    let note = |name: &str| config.columns.iter().find(|c| c.name == name).unwrap().note.to_string();
    assert!(note("Family").contains("relatives cells naming a father"), "{}", note("Family"));
    // The romanized column fills the Hangul one, so lists writing only one script meet.
    assert!(note("로마자").contains("other script"), "{}", note("로마자"));
    let groups = attest_link::roles::stacked_groups(&config.columns, &inp.rows);
    assert!(groups.contains(&vec![1, 2]), "{groups:?}");
}

#[test]
fn a_column_headed_given_name_holding_whole_hangul_names_is_the_full_name() {
    let mut rows: Vec<Vec<String>> = vec![vec!["id".into(), "이름".into(), "생년".into()]];
    let names =
        ["김영철", "박순희", "이명호", "최옥순", "정광일", "한춘자", "오세진", "윤금숙", "故 장봉수", "리철남 씨"];
    for (i, n) in names.iter().cycle().take(40).enumerate() {
        rows.push(vec![format!("r{i}"), n.to_string(), format!("{}", 1930 + i)]);
    }
    let config = infer_config(&rows[0], &rows[1..], 0);
    assert_eq!(config.columns[1].role, Role::FullName, "{}", config.columns[1].note);
    // Given names alone stay given names.
    let mut given: Vec<Vec<String>> = vec![vec!["id".into(), "이름".into(), "성".into()]];
    for (i, n) in ["영철", "순희", "정호", "옥순", "광일", "춘자"].iter().cycle().take(40).enumerate() {
        given.push(vec![format!("g{i}"), n.to_string(), "김".into()]);
    }
    let config = infer_config(&given[0], &given[1..], 0);
    assert_eq!(config.columns[1].role, Role::GivenName);
}

#[test]
fn a_date_of_birth_column_with_many_bare_years_compares_years() {
    // Two bare "1951"s are the same year, not the same date of birth.
    let mut rows: Vec<Vec<String>> = vec![vec!["id".into(), "생년월일".into()]];
    for i in 0..40 {
        let v =
            if i % 3 == 0 { format!("{}", 1930 + i) } else { format!("{}. {}. {}.", 1930 + i, 1 + i % 12, 1 + i % 28) };
        rows.push(vec![format!("r{i}"), v]);
    }
    let config = infer_config(&rows[0], &rows[1..], 0);
    assert_eq!(config.columns[1].role, Role::BirthYear, "{}", config.columns[1].note);
    // Dates alone stay dates of birth.
    let dates: Vec<Vec<String>> = rows.iter().enumerate().filter(|(i, _)| i % 3 != 1).map(|(_, r)| r.clone()).collect();
    let config = infer_config(&dates[0], &dates[1..], 0);
    assert_eq!(config.columns[1].role, Role::Dob, "{}", config.columns[1].note);
}

#[test]
fn a_hangul_only_list_meets_a_latin_only_list_on_the_name() {
    let rows: &[&[&str]] = &[
        &["id", "성명", "English name", "생년월일", "출신지"],
        &["r1", "김영철(金永哲)", "", "1951. 3. 2.", "함경북도 길주군"],
        &["u1", "", "KIM, Young-chul", "02/03/1951", "North Hamgyong, Kilju"],
        &["r2", "박순희", "", "1960년 5월 1일", "함남 북청"],
        &["u2", "", "PARK, Soon-hee", "01/05/1960", "Pukchong, South Hamgyong"],
    ];
    let mut all: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    // Other people, so that the columns' scripts can be told.
    for i in 0..30 {
        let (h, l) =
            (["이명호", "최옥순", "정광일"][i % 3], ["LEE, Myong-ho", "CHOE, Ok-sun", "JUNG, Kwang-il"][i % 3]);
        let year = 1930 + i;
        all.push(vec![format!("x{i}"), h.into(), String::new(), format!("{year}. 1. 1."), "평북 의주".into()]);
        all.push(vec![format!("y{i}"), String::new(), l.into(), format!("{}", year + 40), "Haeju".into()]);
    }
    let headers = all[0].clone();
    let data = all[1..].to_vec();
    let mut config = infer_config(&headers, &data, 0);
    config.threshold = 0.5;
    let inp = Input { file: vec![0; data.len()], rows: data, headers, id_column: 0 };
    let linker = Linker::new(&inp, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let label = |id: &str| result.labels[linker.ids().iter().position(|x| x == id).unwrap()];
    assert_eq!(label("r1"), label("u1"));
    assert_eq!(label("r2"), label("u2"));
    assert_ne!(label("r1"), label("r2"));
}
