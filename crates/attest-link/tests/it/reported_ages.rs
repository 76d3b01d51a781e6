//! Ages whose year is written in another column: a column of notes ("2015년 면담", "interviewed
//! 2015") or of interview dates gives the year the age was given, never a year of birth.

use attest_link::{Input, Linker, NoProgress, Options, Role, infer_config};

/// Invented people: the first half give a birth year, the second half an age and, in `when`,
/// the year they said it (as `when_text` writes it).
fn list(when_header: &str, when_text: fn(i32) -> String, extra: &[[&str; 5]]) -> Input {
    let surnames = ["Kim", "Ri", "Pak", "Choe", "Jong", "Kang", "Jo", "Yun"];
    let given = ["Yong-ho", "Sun-hui", "Myong-chol", "Ki-son", "Kwang-il", "Jong-su", "Un-jong", "Hyon-u", "Chol-min"];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in 0..240i32 {
        let name = format!("{} {}", surnames[(i % 8) as usize], given[((i * 7 / 3) % 9) as usize]);
        let born = 1935 + (i * 13) % 45;
        let interviewed = 2008 + i % 10;
        rows.push(vec![format!("a{i}"), name.clone(), born.to_string(), String::new(), String::new()]);
        rows.push(vec![format!("b{i}"), name, String::new(), (interviewed - born).to_string(), when_text(interviewed)]);
    }
    rows.extend(extra.iter().map(|r| r.iter().map(|s| s.to_string()).collect()));
    let headers = ["ID", "Name", "Year of birth", "Age", when_header].map(String::from).to_vec();
    Input { headers, file: vec![0; rows.len()], rows, id_column: 0 }
}

/// The level the birth-year column gives two records, as `link explain` says it.
fn birth_level(input: &Input, a: &str, b: &str) -> String {
    let config = infer_config(&input.headers, &input.rows, 0);
    let linker = Linker::new(input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let ex = linker.explain(&result.model, a, b).unwrap();
    ex.fields.iter().find(|f| f.column == "Year of birth").unwrap().level.clone()
}

#[test]
fn a_notes_column_saying_when_the_interview_was_gives_the_year_of_an_age() {
    let extra = [
        ["x1", "Yun Sol-hwa", "1961", "", ""],
        ["x2", "Yun Sol-hwa", "", "54", "2015년 면담"],
        ["x3", "Yun Sol-hwa", "", "52", "brother in Seoul; interviewed in 2013"],
        // A year the words call a birth is not the year of the age.
        ["x4", "Yun Sol-hwa", "", "54", "1961년생"],
        ["x5", "Yun Sol-hwa", "", "54", "born 1961"],
    ];
    let input = list("비고", |y| if y % 2 == 0 { format!("{y}년 면담") } else { format!("interviewed {y}") }, &extra);
    let config = infer_config(&input.headers, &input.rows, 0);
    let notes = &config.columns[4];
    assert_eq!(notes.role, Role::ReportedYear, "{notes:?}");
    assert!(notes.note.to_string().contains("when the record was made"), "{}", notes.note);
    let exact = attest_link::compare::level_names(&config.columns[2])[0];
    assert_eq!(birth_level(&input, "x1", "x2"), exact);
    assert_eq!(birth_level(&input, "x1", "x3"), exact);
    assert_eq!(birth_level(&input, "x1", "x4"), "missing");
    assert_eq!(birth_level(&input, "x1", "x5"), "missing");
}

#[test]
fn a_column_of_interview_dates_gives_the_year_of_an_age() {
    let extra = [["x1", "Yun Sol-hwa", "1961", "", ""], ["x2", "Yun Sol-hwa", "", "54", "2015.03.02"]];
    for header in ["면담일", "Date of interview", "조사 일자"] {
        let input = list(header, |y| format!("{y}.0{}.1{}", y % 9 + 1, y % 10), &extra);
        let config = infer_config(&input.headers, &input.rows, 0);
        assert_eq!(config.columns[4].role, Role::ReportedYear, "{header}: {:?}", config.columns[4]);
        let exact = attest_link::compare::level_names(&config.columns[2])[0];
        assert_eq!(birth_level(&input, "x1", "x2"), exact, "{header}");
    }
}

#[test]
fn ages_in_a_birth_column_take_the_year_from_the_notes() {
    // A church log writes "62세" or "약 65세" where other lists write the birth year.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let given = ["Yong-ho", "Sun-hui", "Myong-chol", "Ki-son", "Kwang-il", "Jong-su", "Un-jong", "Hyon-u", "Chol-min"];
    for i in 0..200i32 {
        let name = format!("Kim {}", given[(i % 9) as usize]);
        let born = 1935 + (i * 13) % 45;
        let year = 2008 + i % 10;
        rows.push(vec![format!("a{i}"), name.clone(), born.to_string(), String::new()]);
        rows.push(vec![format!("b{i}"), name, format!("{}세", year - born), format!("{year}년 면담")]);
    }
    rows.push(vec!["x1".into(), "Yun Sol-hwa".into(), "1961".into(), String::new()]);
    rows.push(vec!["x2".into(), "Yun Sol-hwa".into(), "54세".into(), "2015년 면담".into()]);
    let headers = ["ID", "Name", "생년", "메모"].map(String::from).to_vec();
    let input = Input { headers, file: vec![0; rows.len()], rows, id_column: 0 };
    let config = infer_config(&input.headers, &input.rows, 0);
    assert_eq!(config.columns[3].role, Role::ReportedYear, "{:#?}", config.columns);
    let linker = Linker::new(&input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let ex = linker.explain(&result.model, "x1", "x2").unwrap();
    let birth = ex.fields.iter().find(|f| f.column == "생년").unwrap();
    assert_eq!(birth.level, attest_link::compare::level_names(&config.columns[2])[0], "{birth:?}");
}

use attest_link::messy_values::{age_in_birth_column, age_in_words, year_age_was_given};
use attest_link::roles::role_from_header_with_note;

#[test]
fn of_two_years_in_a_note_the_one_beside_the_interview_is_the_year_of_record() {
    for note in [
        "1997년 탈북 후 2015년 면담",
        "escaped in 1997 and interviewed in 2015",
        "탈북 1997, 면담 2015",
        "arrived 2009 interviewed 2015",
        "1997년 탈북, 2015년 3월 면담",
        "defected 1997; interviewed on 3 March 2015",
    ] {
        assert_eq!(year_age_was_given(note, true), Some(2015), "{note}");
    }
    // Several years and none beside the word of record: no year.
    assert_eq!(year_age_was_given("1997 and 2003, interviewed in Seoul", true), None);
    assert_eq!(year_age_was_given("interviewed in Seoul between 2003 and 2015", true), None);
}

#[test]
fn an_interrogation_a_report_of_a_death_or_a_longer_word_is_not_a_year_of_record() {
    for note in [
        "1999년 보위부 조사 후 실종",
        "1999년 조사 후 실종",
        "reported missing 1998",
        "reported dead 2001",
        "father arrested 1998",
        // "as of" inside "was often": only whole words count.
        "was often moved, 1998",
        "surveyors came 2001",
    ] {
        assert_eq!(year_age_was_given(note, true), None, "{note}");
    }
    assert_eq!(year_age_was_given("reported missing 1998; interviewed 2015", true), Some(2015));
    assert_eq!(year_age_was_given("2010년 조사", true), Some(2010));
    assert_eq!(year_age_was_given("as of 2016", true), Some(2016));
}

#[test]
fn a_year_of_record_column_reads_free_text_as_notes_and_only_a_year_or_date_loosely() {
    // A column set by hand, by a saved configuration or by its header to the year of record.
    assert_eq!(year_age_was_given("father arrested 1998; interviewed 2015", false), Some(2015));
    assert_eq!(year_age_was_given("2008년 탈북, 2015년 면담", false), Some(2015));
    assert_eq!(year_age_was_given("father arrested 1998", false), None);
    for cell in ["2015", "2015년", "2015.03.02", "2015-03-02", "2015년 3월 2일", "2 March 2015", "Mar 2015"] {
        assert_eq!(year_age_was_given(cell, false), Some(2015), "{cell}");
    }
}

#[test]
fn a_birth_date_header_naming_the_person_interviewed_is_a_date_of_birth() {
    for header in ["면담자 생년월일", "조사대상자 생년월일"] {
        assert_eq!(role_from_header_with_note(header).map(|r| r.0), Some(Role::Dob), "{header}");
    }
    for header in ["면담일", "조사 일자", "interviewed on", "Date of interview"] {
        assert_eq!(role_from_header_with_note(header).map(|r| r.0), Some(Role::ReportedYear), "{header}");
    }
}

#[test]
fn notes_on_an_interview_are_not_a_date_of_interview() {
    for header in ["Notes on interview", "Comments on interview"] {
        assert_ne!(role_from_header_with_note(header).map(|r| r.0), Some(Role::ReportedYear), "{header}");
    }
}

#[test]
fn in_a_birth_column_an_age_needs_its_unit() {
    assert_eq!(age_in_birth_column("ca. 55"), None);
    assert_eq!(age_in_birth_column("c. 60"), None);
    assert_eq!(age_in_birth_column("약 65세"), Some(65));
    assert_eq!(age_in_birth_column("65 years"), Some(65));
    assert_eq!(age_in_birth_column("만 54세"), Some(54));
    assert_eq!(age_in_words("만 54세"), Some(54));
    // In an age column a prefix still says it.
    assert_eq!(age_in_words("about 65"), Some(65));
}

/// `explain` shows the year it compared where the birth-year column is empty (an age and the
/// year it was given), marked as filled, so a reader sees what "exact" was about.
#[test]
fn explain_shows_and_marks_a_birth_year_filled_from_an_age() {
    let extra = [["x1", "Yun Sol-hwa", "1961", "", ""], ["x2", "Yun Sol-hwa", "", "54", "2015년 면담"]];
    let input = list("Notes", |y| format!("{y}년 면담"), &extra);
    let config = infer_config(&input.headers, &input.rows, 0);
    let linker = Linker::new(&input, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let ex = linker.explain(&result.model, "x1", "x2").unwrap();
    let year = ex.fields.iter().find(|f| f.column == "Year of birth").unwrap();
    assert_eq!((year.a.as_str(), year.b.as_str(), year.filled), ("1961", "1961", (false, true)), "{year:?}");
    let name = ex.fields.iter().find(|f| f.column == "Name").unwrap();
    assert_eq!(name.filled, (false, false), "{name:?}");
}
