//! Column roles from header words and values, each with a printed reason; dependent columns
//! detected and merged.

use attest_link::{Role, infer_config};

fn roles(headers: &[&str], rows: &[&[&str]]) -> Vec<(Role, String)> {
    let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
    let r: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    infer_config(&h, &r, 0).columns.into_iter().map(|c| (c.role, c.note.to_string())).collect()
}

#[test]
fn unfamiliar_headers_get_roles_from_their_words_and_values() {
    let headers =
        ["ref", "yearOfBirth", "age_at_interview", "year_age_reported", "post_code_4d", "native_county", "Sex code"];
    let row: &[&str] = &["r1", "1955", "61", "2016", "2615", "Hoeryong", "F"];
    let rows: Vec<&[&str]> = (0..30).map(|_| row).collect();
    let got = roles(&headers, &rows);
    let expected = [Role::Id, Role::BirthYear, Role::Age, Role::ReportedYear, Role::Postcode, Role::Place, Role::Sex];
    for ((role, note), want) in got.iter().zip(expected) {
        assert_eq!(*role, want, "{note}");
        assert!(!note.is_empty(), "{role:?} has no reason");
    }
}

#[test]
fn values_decide_when_the_header_says_nothing() {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in 0..60 {
        rows.push(vec![
            format!("x{i}"),
            format!("{}", 1930 + i),
            if i % 2 == 0 { "남" } else { "여" }.to_string(),
            ["prisoner", "worker", "POW"][i % 3].to_string(),
            format!("note {i} about something"),
        ]);
    }
    let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let got = roles(&["k", "c1", "c2", "c3", "c4"], &slices);
    assert_eq!(got[1].0, Role::BirthYear, "{}", got[1].1);
    assert_eq!(got[2].0, Role::Sex, "{}", got[2].1);
    // A source's own small vocabulary is not compared as free text.
    assert_eq!(got[3].0, Role::Ignore, "{}", got[3].1);
    // Free text is said to be free text, not silently.
    assert_eq!(got[4].0, Role::Text);
    assert!(got[4].1.contains("free text"), "{}", got[4].1);
}

#[test]
fn a_concatenated_name_column_is_merged_and_its_parts_recognised() {
    let names = [("Kim", "Young-ho"), ("Park", "Soon-hee"), ("Lee", "Myong-chol"), ("Choi", "Ki-son")];
    let mut rows = Vec::new();
    for i in 0..40 {
        let (s, g) = names[i % 4];
        rows.push(vec![format!("r{i}"), s.to_string(), g.to_string(), format!("{s} {g}")]);
    }
    let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    // Headers that name nothing: the values and the concatenation decide.
    let got = roles(&["id", "a", "b", "c"], &slices);
    assert_eq!(got[1].0, Role::Surname, "{}", got[1].1);
    assert_eq!(got[2].0, Role::GivenName, "{}", got[2].1);
    assert_eq!(got[3].0, Role::FullName);
    assert!(got[3].1.starts_with("merged"), "{}", got[3].1);
}

#[test]
fn a_census_layout_gets_names_places_and_no_household_number() {
    // Plural header words, a birth place whose header says "birth", ages with the census year,
    // and a schedule number shared by a household (not a person's identifier).
    let census = attest_link::synth_census::generate(400, 3);
    let config = attest_link::infer_config(&census.headers, &census.rows, 0);
    let role = |name: &str| config.columns.iter().find(|c| c.name == name).unwrap();
    assert_eq!(role("forenames").role, Role::GivenName);
    assert_eq!(role("surname_as_enum").role, Role::Surname);
    assert_eq!(role("birth_parish").role, Role::Place, "{:?}", role("birth_parish"));
    assert_eq!(role("enum_yr").role, Role::ReportedYear, "{:?}", role("enum_yr"));
    assert_eq!(role("yrs_of_age").role, Role::Age);
    let schedule = role("sched_no");
    assert_eq!(schedule.role, Role::Ignore, "{schedule:?}");
    assert!(schedule.note.to_string().contains("household"), "{}", schedule.note);
    assert!(!config.blocking.iter().flatten().any(|p| p.starts_with("sched_no")), "{:?}", config.blocking);
}

#[test]
fn a_person_identifier_shared_by_duplicates_is_kept() {
    // FEBRL's social security number repeats only across records of one person.
    let (headers, rows) = crate::unseen::febrl1();
    let config = attest_link::infer_config(&headers, &rows, 0);
    let ssn = config.columns.iter().find(|c| c.name == "soc_sec_id").unwrap();
    assert_eq!(ssn.role, Role::Identifier, "{ssn:?}");
}

#[test]
fn explain_names_every_column_not_compared_with_its_reason() {
    let census = attest_link::synth_census::generate(200, 5);
    let config = infer_config(&census.headers, &census.rows, 0);
    let n = census.rows.len();
    let input = attest_link::Input { headers: census.headers, rows: census.rows, file: vec![0; n], id_column: 0 };
    let linker =
        attest_link::Linker::new(&input, &config, attest_link::Options::default(), &attest_link::NoProgress).unwrap();
    let result = linker.run(&[], &attest_link::NoProgress).unwrap();
    let ids = linker.ids();
    let ex = linker.explain(&result.model, &ids[0], &ids[1]).unwrap();
    let why = |column: &str| ex.not_compared.iter().find(|(c, _)| c == column).map(|(_, w)| w.clone());
    assert!(why("sched_no").is_some_and(|w| w.contains("household")), "{:?}", ex.not_compared);
    assert!(why("rel_to_hd").is_some_and(|w| w.contains("few distinct values")), "{:?}", ex.not_compared);
    assert!(why("enum_yr").is_some_and(|w| w.contains("enum")), "{:?}", ex.not_compared);
    // Every compared column is in the fields, and no column is in both lists.
    for f in &ex.fields {
        assert!(why(&f.column).is_none(), "{} both compared and not", f.column);
    }
    assert_eq!(
        ex.fields.len() + ex.not_compared.len(),
        input.headers.len() - 1 + usize::from(why("line_ref").is_some())
    );
}

#[test]
fn a_list_number_column_numbers_rows_and_a_list_column_names_lists() {
    // "list no." holds each record's number in its list: read as the source by its word "list",
    // every record was a list of its own. "list" with two values names the lists.
    // Each list numbers its own records from 1.
    let rows: Vec<Vec<String>> = (0..60)
        .map(|i| vec![format!("r{i}"), (i % 30 + 1).to_string(), ["A", "B"][i / 30].to_string(), format!("김영{i}")])
        .collect();
    let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let got = roles(&["id", "list no.", "list", "name"], &slices);
    assert_eq!(got[1].0, Role::Ignore, "{}", got[1].1);
    assert!(got[1].1.contains("row number"), "{}", got[1].1);
    assert_eq!(got[2].0, Role::Source, "{}", got[2].1);
}

#[test]
fn a_column_headed_family_is_the_family_name_or_the_relatives_as_its_values_say() {
    let surnames = ["김", "이", "박", "최", "정", "강", "조", "윤"];
    let fathers = ["김덕태", "이만수", "박철호", "최영길", "정명수", "강태식", "조광일", "윤상호"];
    let column = |value: &dyn Fn(usize) -> String| {
        let rows: Vec<Vec<String>> = (0..60)
            .map(|i| vec![format!("r{i}"), format!("영{}", ["호", "철", "수", "남"][i % 4]), value(i)])
            .collect();
        let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        roles(&["id", "이름", "Family"], &slices).remove(2)
    };
    // A list writing the father's name alone, a relatives cell now and then: the relatives
    // column (it stayed a surname column, under 30 % being relatives cells).
    let (role, note) = column(&|i| {
        if i % 5 == 0 { format!("부 {}, 모 이순자", fathers[i % 8]) } else { fathers[i % 8].to_string() }
    });
    assert_eq!(role, Role::FatherName, "{note}");
    // Family names, one stray relatives cell in ten: the header's reading holds.
    let (role, note) =
        column(&|i| if i % 10 == 0 { format!("부 {}", fathers[i % 8]) } else { surnames[i % 8].to_string() });
    assert_eq!(role, Role::Surname, "{note}");
}
