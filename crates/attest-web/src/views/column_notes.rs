//! The linkage engine's column notes (why a column has its role) in the user's language, from the
//! note's codes (`attest_link::notes`, through `attest_app::lists`): English is the engine's own sentence; Korean is said here,
//! part by part, with an exhaustive match so that a new code cannot reach a Korean page in
//! English. Headers and header words quoted in a note are the list's own and are shown as written.

use attest_app::lists::{ColumnNote, HeaderNote, NotePart};
use maud::{Markup, html};

use crate::i18n::Lang;

/// A column's note in `lang`: a Korean page gets Korean, an English page the engine's words.
pub fn note(lang: Lang, note: &ColumnNote) -> Markup {
    // An empty note: the role was set by hand (`attest_app::lists::SET_BY_HAND`).
    if note.is_empty() {
        return html! { (lang.t("role_set_by_hand")) };
    }
    match lang {
        Lang::En => html! { (note.to_string()) },
        Lang::Ko => html! {
            @for part in note.parts() {
                @match part {
                    // Words from a saved configuration: only the English there is.
                    NotePart::Saved(text) => span lang="en" { (text) },
                    other => (korean(other)),
                }
            }
        },
    }
}

/// What a header said, in Korean.
fn header(h: &HeaderNote) -> String {
    match h {
        HeaderNote::Exact(h) => format!("머리글 '{h}'"),
        HeaderNote::RowNumber(h) => format!("머리글 '{h}': 명단의 행 번호이므로 비교하지 않음"),
        HeaderNote::Word(w) => format!("머리글 낱말 '{w}'"),
        HeaderNote::AgeAndYear(a, y) => format!("머리글 낱말 '{a}' + '{y}': 나이를 말한 연도"),
        HeaderNote::WhenAndYear(w, y) => format!("머리글 낱말 '{w}' + '{y}': 기록을 작성한 때"),
        HeaderNote::BirthAndDate(b, d) | HeaderNote::BirthAndPlace(b, d) => format!("머리글 낱말 '{b}' + '{d}'"),
        HeaderNote::BirthYear(b, None) => format!("머리글 낱말 '{b}'"),
        HeaderNote::BirthYear(b, Some(y)) => format!("머리글 낱말 '{b}' + '{y}'"),
        HeaderNote::BirthOnly(b) => format!("머리글 낱말 '{b}' (연도인지 날짜인지는 값으로 판단)"),
        HeaderNote::GivenAndSurname(g, s) => format!("머리글 낱말 '{g}' + '{s}': 이름과 성을 함께 적은 열"),
        HeaderNote::Identifier => "머리글이 식별 번호를 가리킴".to_string(),
    }
}

/// One part of a note in Korean (a part that continues a note begins with its separator).
pub fn korean(part: &NotePart) -> String {
    const AS_TEXT: &str = "정확히 또는 몇 글자 차이까지 비교하며, 흔한 값일수록 덜 중요하게 셈";
    match part {
        NotePart::Saved(text) => text.clone(),
        NotePart::RecordId => "기록 ID".into(),
        NotePart::Header(h) => header(h),
        NotePart::OtherColumnIsId => "; 기록 ID는 다른 열임".into(),
        NotePart::ComparedAsText => format!(": {AS_TEXT}"),
        NotePart::AlsoDates => "; 값은 날짜임".into(),
        NotePart::AlsoYears => "; 값은 연도임".into(),
        NotePart::WordsSoPlaceOfBirth => "; 그러나 값이 연도·날짜·나이가 아닌 낱말이므로 출생지로 봄".into(),
        NotePart::CalendarYearsSoReportedYear => "; 그러나 값이 달력 연도이므로 나이를 말한 연도로 봄".into(),
        NotePart::ButAges => "; 그러나 값은 나이임".into(),
        NotePart::ChineseCharacters => "; 값이 한자 이름이므로 한국어 키 없이 적힌 그대로 비교함".into(),
        NotePart::Sexes { distinct } => format!("값이 성별임 (서로 다른 값 {distinct}개)"),
        NotePart::Dates => "값이 날짜임".into(),
        NotePart::Years => "값이 연도임 (출생 연도로 봄)".into(),
        NotePart::Postcodes => "값이 우편번호임 (앞부분과 뒷부분)".into(),
        NotePart::Surnames => "값이 성임".into(),
        NotePart::PersonalNames => "값이 사람 이름임 (알려진 성이 앞이나 뒤에 있음)".into(),
        NotePart::FewDistinct { distinct, compared } => format!(
            "서로 다른 값이 적음 ({distinct}개): 분류이거나 출처 고유의 용어{}",
            if *compared { "" } else { "이므로 비교하지 않음 (비교하려면 역할을 지정하십시오)" }
        ),
        NotePart::FreeText => {
            "알아볼 수 있는 머리글 낱말이나 값의 형태가 없음: 자유 텍스트로 편집 거리로 비교함".into()
        }
        NotePart::Empty => "표본에서 비어 있음".into(),
        NotePart::YearOfAgeBesideBirthYear => "값이 연도이며 나이 열과 출생 연도 열 옆에 있음: 나이를 말한 연도".into(),
        NotePart::YearOfAge => "값이 연도이며 나이 열 옆에 있음: 나이를 말한 연도".into(),
        NotePart::KoreanPlacesInLatin { percent } => format!(
            "; 값이 로마자로 적은 한국 지명임 (표본 값의 {percent:.0} %가 알려진 도나 군): 한국 지명으로 비교하며, 도는 어느 문자로 적어도 한 가지로 보고 남도와 북도는 다르게 봄"
        ),
        NotePart::YearOfAgeInWords { percent } => format!(
            "값이 기록한 때를 말함 (\"2015년 면담\" 등), 표본 행의 {percent:.0} %: 그 연도를 나이를 말한 연도로 보며 비교하지 않음"
        ),
        NotePart::PartOf { whole, other } => format!("'{whole}' 열의 일부 ('{other}' 열과 이어 붙인 것)"),
        NotePart::Concatenation { a, b, percent } => format!(
            "병합됨: 표본 행의 {percent:.0} %에서 '{a}', '{b}' 두 열을 이어 붙인 것; 비교하지 않고, 두 열이 비어 있을 때 채움"
        ),
        NotePart::MergedWithParts => "; 성 열과 이름 열에 병합됨: 비교하지 않고, 그 열들이 비어 있을 때 채움".into(),
        NotePart::Stacked { first } => format!(
            "; 행마다 이 열이나 '{first}' 중 하나만 채워짐 (각자 머리글이 있는 명단을 이어 붙임): 값은 '{first}' 열이 비어 있을 때 채우며 따로 비교하지 않음"
        ),
        NotePart::OtherScript { first } => format!(
            "; '{first}' 열과 같은 이름을 다른 문자(로마자와 한글)로 적은 열: 값은 '{first}' 열이 비어 있을 때 채우며 따로 비교하지 않음"
        ),
        NotePart::ButFullNames => "; 그러나 값이 성과 이름을 함께 적은 한글 성명이므로 성명으로 봄".into(),
        NotePart::Relatives { percent } => format!(
            "; 그러나 값의 {percent:.0} %가 아버지를 적은 가족관계 칸임 (\"부 김철수, 모 이순자\"): 아버지 이름을 비교함"
        ),
        NotePart::PersonVocabulary { agree, pairs, random } => format!(
            "; 그러나 이름과 출생이 같은 행 {pairs}쌍의 {agree:.0} %에서 이 값이 같고 무작위 쌍에서는 {random:.0} %임: 사람을 나타내는 값이므로 {AS_TEXT}"
        ),
        NotePart::GroupNumber { agree, pairs } => format!(
            "; 그러나 값이 같은 기록들의 이름이 대부분 다름 ({pairs}쌍 중 {agree:.0} %만 같음): 가구나 집단 번호이므로 비교하지 않음"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part of a note, with arguments.
    fn every_part() -> Vec<NotePart> {
        let s = |t: &str| t.to_string();
        let headers = [
            HeaderNote::Exact(s("dob")),
            HeaderNote::RowNumber(s("번호")),
            HeaderNote::Word(s("father")),
            HeaderNote::AgeAndYear(s("age"), s("year")),
            HeaderNote::WhenAndYear(s("census"), s("year")),
            HeaderNote::BirthAndDate(s("birth"), s("date")),
            HeaderNote::BirthYear(s("yob"), None),
            HeaderNote::BirthYear(s("birth"), Some(s("year"))),
            HeaderNote::BirthAndPlace(s("birth"), s("place")),
            HeaderNote::BirthOnly(s("born")),
            HeaderNote::GivenAndSurname(s("first"), s("surname")),
            HeaderNote::Identifier,
        ];
        let mut parts: Vec<NotePart> = headers.into_iter().map(NotePart::Header).collect();
        parts.extend([
            NotePart::RecordId,
            NotePart::OtherColumnIsId,
            NotePart::ComparedAsText,
            NotePart::AlsoDates,
            NotePart::AlsoYears,
            NotePart::WordsSoPlaceOfBirth,
            NotePart::CalendarYearsSoReportedYear,
            NotePart::ButAges,
            NotePart::ChineseCharacters,
            NotePart::Sexes { distinct: 2 },
            NotePart::Dates,
            NotePart::Years,
            NotePart::Postcodes,
            NotePart::Surnames,
            NotePart::PersonalNames,
            NotePart::FewDistinct { distinct: 4, compared: false },
            NotePart::FewDistinct { distinct: 4, compared: true },
            NotePart::FreeText,
            NotePart::Empty,
            NotePart::YearOfAgeBesideBirthYear,
            NotePart::YearOfAge,
            NotePart::KoreanPlacesInLatin { percent: 80.0 },
            NotePart::YearOfAgeInWords { percent: 70.0 },
            NotePart::PartOf { whole: s("name"), other: s("surname") },
            NotePart::Concatenation { a: s("first"), b: s("last"), percent: 96.0 },
            NotePart::MergedWithParts,
            NotePart::Stacked { first: s("성명") },
            NotePart::OtherScript { first: s("성명") },
            NotePart::Relatives { percent: 60.0 },
            NotePart::ButFullNames,
            NotePart::PersonVocabulary { agree: 91.0, pairs: 120, random: 12.0 },
            NotePart::GroupNumber { agree: 20.0, pairs: 40 },
        ]);
        parts
    }

    #[test]
    fn every_note_part_is_said_in_korean_without_english_words() {
        for part in every_part() {
            let ko = korean(&part);
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{part:?}: {ko}");
            // What is left once the quoted headers are taken out has no English word ("ID" is
            // the interface's own word for a record id: "기록 ID").
            let unquoted: String = ko.split('\'').step_by(2).collect::<String>().replace("기록 ID", "");
            assert!(!unquoted.chars().any(|c| c.is_ascii_alphabetic()), "{part:?}: {ko}");
            assert_ne!(ko, part.to_string());
        }
    }

    /// A configuration saved by `attest link --save-config` and read back is said in Korean from
    /// its notes' codes, every part of them, as an inferred one is; a file saved with words only
    /// (before the codes were kept) still reads, its words shown marked as English.
    #[test]
    fn a_saved_configuration_read_back_is_said_in_korean_and_an_old_one_in_its_words() {
        use attest_app::link_config::{ColumnConfig, LinkConfig, from_text, to_text};
        let column = |name: &str, note: ColumnNote| ColumnConfig {
            name: name.into(),
            role: attest_app::lists::Role::FullName,
            korean: true,
            term_frequency: false,
            note,
        };
        let columns = every_part().into_iter().enumerate().map(|(i, p)| column(&format!("c{i}"), ColumnNote::of(p)));
        let mut columns: Vec<ColumnConfig> = columns.collect();
        let mut two = ColumnNote::of(NotePart::Header(HeaderNote::Word("given".into())));
        two.push(NotePart::ComparedAsText);
        columns.push(column("given", two));
        let config = LinkConfig {
            columns,
            blocking: vec![vec!["c0".into()]],
            training_blocking: vec![],
            threshold: 0.9,
            links_only: false,
            max_block: 2000,
        };
        let read = from_text("link.toml", &to_text(&config).unwrap()).unwrap();
        for c in &read.columns {
            // The markup escapes a quoted example's double quotes ("부 김철수, ..."): read as text.
            let said = note(Lang::Ko, &c.note).into_string().replace("&quot;", "\"");
            assert!(!said.contains("lang=\"en\""), "{}: {said}", c.name);
            let unquoted: String = said.split('\'').step_by(2).collect::<String>().replace("기록 ID", "");
            assert!(!unquoted.chars().any(|ch| ch.is_ascii_alphabetic()), "{}: {said}", c.name);
        }
        let old = "threshold = 0.9\nblocking = [[\"given\"]]\n[[columns]]\nname = \"given\"\nrole = \"given_name\"\n\
                   note = \"header word 'given': compared exactly or by a few edits, a common value counting for less\"\n";
        let read = from_text("old.toml", old).unwrap();
        let said = note(Lang::Ko, &read.columns[0].note).into_string();
        assert!(said.starts_with("<span lang=\"en\">header word"), "{said}");
    }
}
