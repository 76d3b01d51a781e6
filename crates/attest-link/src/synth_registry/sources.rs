//! The source lists of [`super`]: each template's headers, script, spelling habits and
//! vocabularies, and the writing of people into records with the clerks' errors.

use super::variants::{Plan, assimilated};
use super::{
    FACTORIES, HANJA, MINES, PLACES, Person, Registry, Rng, Roman, SURNAMES, mishear, romanize_given, romanize_place,
    romanize_surname, swap_vowel,
};

/// What a column of a template holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Field {
    /// The list's own record number.
    Id,
    /// The whole name in the list's script and order.
    Full,
    /// Surname alone.
    Surname,
    /// Given name alone.
    Given,
    /// The name in Chinese characters (where the clerk knew them).
    Hanja,
    /// Year of birth.
    BirthYear,
    /// Date of birth (or the year only, where the day was not known).
    Dob,
    /// An age and, in brackets, the year it was given: `62(2008)`.
    AgeWithYear,
    /// An age alone.
    Age,
    /// The year the age in [`Field::Age`] was given.
    AgeYear,
    /// Sex in the list's words.
    Sex,
    /// 본적 / place of origin.
    Origin,
    /// The father's name.
    Father,
    /// The mine or workplace in the list's words.
    Work,
    /// A free-text remark in the list's words.
    Note,
}

/// How a list writes places, mines and sex.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Words {
    /// 함경북도 회령군 / 제2탄광 / 남, 여
    KoreanFormal,
    /// 회령 / 아오지탄광 / 남자, 여자
    KoreanPlain,
    /// 회령군 / 2호 갱
    KoreanPit,
    /// Hoeryŏng County / No. 2 Mine / M, F
    EnglishNumbered,
    /// Hoeryeong, North Hamgyong / Aoji Coal Mine / male, female
    EnglishNamed,
    /// Hoeryong / Pit No. 2 / 남, 여 (translated documents keep the Korean sex words)
    Translated,
}

/// One source list.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// The list's name, written into `출처`.
    pub name: &'static str,
    /// Names in Hangul (else in Latin letters).
    pub hangul: bool,
    roman: Roman,
    /// Latin full names with the surname last (`Young-chul KIM`).
    surname_last: bool,
    words: Words,
    /// Columns.
    pub columns: &'static [(&'static str, Field)],
}

impl std::fmt::Debug for Roman {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Roman::MrBreves => "McCune-Reischauer",
            Roman::Dprk => "DPRK",
            Roman::Rr => "Revised Romanization",
            Roman::Passport => "passport",
        };
        f.write_str(name)
    }
}

use Field::*;

/// The seven lists a seed draws from.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "기록보존소 명부",
        hangul: true,
        roman: Roman::Rr,
        surname_last: false,
        words: Words::KoreanFormal,
        columns: &[
            ("번호", Id),
            ("성명", Full),
            ("이름(한자)", Hanja),
            ("생년", BirthYear),
            ("성별", Sex),
            ("본적", Origin),
            ("부친", Father),
            ("탄광", Work),
        ],
    },
    Template {
        name: "가족회 실태조사",
        hangul: true,
        roman: Roman::Rr,
        surname_last: false,
        words: Words::KoreanPlain,
        columns: &[
            ("연번", Id),
            ("성", Surname),
            ("이름", Given),
            ("나이(조사년도)", AgeWithYear),
            ("성별", Sex),
            ("출신지", Origin),
            ("아버지 성명", Father),
            ("근무지", Work),
        ],
    },
    Template {
        name: "POW registry",
        hangul: false,
        roman: Roman::MrBreves,
        surname_last: false,
        words: Words::EnglishNumbered,
        columns: &[
            ("Record No.", Id),
            ("Surname", Surname),
            ("Given Name", Given),
            ("Year of Birth", BirthYear),
            ("Sex", Sex),
            ("Home County", Origin),
            ("Father's Name", Father),
            ("Camp / Mine", Work),
        ],
    },
    Template {
        name: "Detainee database",
        hangul: false,
        roman: Roman::Passport,
        surname_last: true,
        words: Words::EnglishNamed,
        columns: &[
            ("ID", Id),
            ("Full Name", Full),
            ("DOB", Dob),
            ("Gender", Sex),
            ("Place of Origin", Origin),
            ("Workplace", Work),
            ("Notes", Note),
        ],
    },
    Template {
        name: "translated documents",
        hangul: false,
        roman: Roman::Dprk,
        surname_last: false,
        words: Words::Translated,
        columns: &[
            ("no", Id),
            ("name", Full),
            ("born", BirthYear),
            ("sex", Sex),
            ("native_place", Origin),
            ("father_name", Father),
            ("enterprise", Work),
        ],
    },
    Template {
        name: "증언 색인",
        hangul: true,
        roman: Roman::Rr,
        surname_last: false,
        words: Words::KoreanPit,
        columns: &[
            ("일련번호", Id),
            ("이름", Full),
            ("생년월일", Dob),
            ("본적", Origin),
            ("직장", Work),
            ("부친 성명", Father),
        ],
    },
    Template {
        name: "survey C",
        hangul: false,
        roman: Roman::Rr,
        surname_last: false,
        words: Words::EnglishNumbered,
        columns: &[
            ("ref", Id),
            ("family name", Surname),
            ("personal name", Given),
            ("age", Age),
            ("age as of", AgeYear),
            ("gender", Sex),
            ("birthplace", Origin),
            ("mine", Work),
        ],
    },
];

/// The header a template's column goes under in the stacked table. Two lists using the same
/// header word share a column; "이름" means a given name in one list and a whole name in another,
/// so each keeps its own (the second gets the list's name appended, as a merging clerk would).
fn stacked_header(t: &Template, header: &str) -> String {
    if t.name == "증언 색인" && header == "이름" { "이름 (증언)".to_string() } else { header.to_string() }
}

fn typo(rng: &mut Rng, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 4 {
        return s.to_string();
    }
    let at = 1 + rng.below(chars.len() - 2);
    let mut out: Vec<char> = chars.clone();
    if rng.chance(0.5) {
        out.remove(at);
    } else {
        out.insert(at, chars[at]);
    }
    out.into_iter().collect()
}

/// The person's given name as this record's clerk heard it (in Hangul).
fn heard_given(rng: &mut Rng, given: &str) -> String {
    let mut chars: Vec<char> = given.chars().collect();
    let r = rng.unit();
    if r < 0.05 {
        let at = rng.below(chars.len());
        if let Some(c) = swap_vowel(chars[at]) {
            chars[at] = c;
        }
    } else if r < 0.09 {
        let at = rng.below(chars.len());
        if let Some(c) = mishear(chars[at], rng) {
            chars[at] = c;
        }
    } else if r < 0.115 && chars.len() > 1 {
        let at = rng.below(chars.len());
        chars.remove(at);
    }
    chars.into_iter().collect()
}

fn hanja(surname: &str, given: &str) -> String {
    let mut out = String::new();
    for c in surname.chars().chain(given.chars()) {
        let s = c.to_string();
        match HANJA.iter().find(|(h, _)| *h == s) {
            Some((_, k)) => out.push_str(k),
            None => return String::new(),
        }
    }
    out
}

fn place(words: Words, roman: Roman, origin: usize, rng: &mut Rng) -> String {
    let (county, province, province_en) = PLACES[origin];
    let gun = if county.chars().count() == 2 && !matches!(county, "청진" | "함흥" | "해주" | "원산" | "춘천" | "안동")
    {
        "군"
    } else {
        "시"
    };
    match words {
        Words::KoreanFormal => format!("{province} {county}{gun}"),
        Words::KoreanPlain => {
            if rng.chance(0.5) {
                county.to_string()
            } else {
                format!("{county}{gun}")
            }
        }
        Words::KoreanPit => format!("{county}{gun}"),
        Words::EnglishNumbered => {
            let unit = if gun == "군" { "County" } else { "City" };
            format!("{} {unit}", romanize_place(county, roman_for_places(roman)))
        }
        Words::EnglishNamed => format!("{}, {province_en}", romanize_place(county, roman_for_places(roman))),
        Words::Translated => romanize_place(county, Roman::Dprk),
    }
}

fn roman_for_places(roman: Roman) -> Roman {
    if roman == Roman::Passport { Roman::Rr } else { roman }
}

fn work(words: Words, roman: Roman, person: &Person, at: usize) -> String {
    if at >= MINES.len() {
        let (ko, en) = FACTORIES[at - MINES.len()];
        let county = PLACES[person.origin].0;
        return match words {
            Words::KoreanFormal | Words::KoreanPlain | Words::KoreanPit => format!("{county} {ko}"),
            _ => format!("{} {en}", romanize_place(county, roman_for_places(roman))),
        };
    }
    let (number, town) = MINES[at];
    match words {
        Words::KoreanFormal => format!("제{number}탄광"),
        Words::KoreanPlain => format!("{town}탄광"),
        Words::KoreanPit => format!("{number}호 갱"),
        Words::EnglishNumbered => format!("No. {number} Mine"),
        Words::EnglishNamed => format!("{} Coal Mine", romanize_place(town, roman_for_places(roman))),
        Words::Translated => format!("Pit No. {number}"),
    }
}

fn sex(words: Words, male: bool) -> &'static str {
    match (words, male) {
        (Words::KoreanFormal | Words::KoreanPit | Words::Translated, true) => "남",
        (Words::KoreanFormal | Words::KoreanPit | Words::Translated, false) => "여",
        (Words::KoreanPlain, true) => "남자",
        (Words::KoreanPlain, false) => "여자",
        (Words::EnglishNumbered, true) => "M",
        (Words::EnglishNumbered, false) => "F",
        (Words::EnglishNamed, true) => "male",
        (Words::EnglishNamed, false) => "female",
    }
}

const NOTES: &[&str] =
    &["whereabouts unknown", "released 2001", "died in custody (reported)", "seen 1998 by witness", "escaped 2004"];

/// A Latin name: surname and given name as this list writes them.
fn latin_name(
    t: &Template,
    rng: &mut Rng,
    (surname, passport): (usize, usize),
    given: &str,
    plan: &Plan,
) -> (String, String) {
    let pick = if rng.chance(0.85) { passport } else { rng.below(8) };
    let mut sur = romanize_surname(surname, t.roman, pick);
    let joiner = match t.roman {
        Roman::Dprk => " ",
        Roman::MrBreves => {
            if rng.chance(0.8) {
                "-"
            } else {
                ""
            }
        }
        Roman::Rr => *rng.pick(&["-", "", "-", " "]),
        Roman::Passport => *rng.pick(&["-", "-", " ", ""]),
    };
    let mut giv = if plan.variant.cross_script && matches!(t.roman, Roman::MrBreves | Roman::Dprk) {
        romanize_given(&assimilated(given), t.roman, joiner)
    } else {
        romanize_given(given, t.roman, joiner)
    };
    if rng.chance(0.03) {
        giv = typo(rng, &giv);
    }
    if t.surname_last && rng.chance(0.6) {
        sur = sur.to_uppercase();
    }
    (sur, giv)
}

/// Writes each person into some of the chosen lists and stacks the lists into one table.
/// How the lists are put into one table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layout {
    /// The lists pasted one below another: the header is the union of the lists' own headers,
    /// each list filling only its own columns (a file of about thirty mostly empty columns).
    Stacked,
    /// The merging organisation's one header set in Korean: each list's columns moved under it,
    /// values kept as each list wrote them (dates, years and `1952년` in one birth column).
    MergedKorean,
    /// The same with an English-speaking NGO's header words.
    MergedEnglish,
}

const MERGED_KOREAN: [&str; 13] =
    ["성명", "성", "이름", "이름(한자)", "생년", "나이", "조사년도", "성별", "본적", "부친", "직장", "비고", "번호"];
const MERGED_ENGLISH: [&str; 13] = [
    "name",
    "surname",
    "given name",
    "name (hanja)",
    "birth year",
    "age",
    "year of interview",
    "sex",
    "place of origin",
    "father",
    "workplace",
    "remarks",
    "list no.",
];

/// The merged column of a field (index into the merged header words).
fn merged_column(f: Field) -> usize {
    match f {
        Full => 0,
        Surname => 1,
        Given => 2,
        Hanja => 3,
        BirthYear | Dob => 4,
        Age | AgeWithYear => 5,
        AgeYear => 6,
        Sex => 7,
        Origin => 8,
        Father => 9,
        Work => 10,
        Note => 11,
        Id => 12,
    }
}

pub(super) fn write(rng: &mut Rng, persons: &[Person], chosen: &[usize], layout: Layout, mut plan: Plan) -> Registry {
    let templates: Vec<&Template> = chosen.iter().map(|&t| &TEMPLATES[t]).collect();
    let mut headers: Vec<String> = vec!["record_id".into()];
    let mut where_: Vec<Vec<usize>> = Vec::new();
    match layout {
        Layout::Stacked => {
            for t in &templates {
                let mut cols = Vec::new();
                for (h, _) in t.columns {
                    let h = stacked_header(t, h);
                    let at = match headers.iter().position(|x| *x == h) {
                        Some(at) => at,
                        None => {
                            headers.push(h);
                            headers.len() - 1
                        }
                    };
                    cols.push(at);
                }
                where_.push(cols);
            }
        }
        Layout::MergedKorean | Layout::MergedEnglish => {
            let words = if layout == Layout::MergedKorean { MERGED_KOREAN } else { MERGED_ENGLISH };
            headers.extend(words.iter().map(|w| w.to_string()));
            for t in &templates {
                where_.push(t.columns.iter().map(|(_, f)| 1 + merged_column(*f)).collect());
            }
        }
    }
    headers.push("출처".into());
    let source_col = headers.len() - 1;
    // Each list leaves each field empty at its own rate (names rarely).
    let missing: Vec<Vec<f64>> = templates
        .iter()
        .map(|t| {
            t.columns
                .iter()
                .map(|(_, f)| match f {
                    Id => 0.0,
                    Full | Given => 0.01,
                    Surname => 0.03,
                    Hanja => 0.7,
                    Note => 0.6,
                    _ => 0.2 + 0.3 * rng.unit(),
                })
                .collect()
        })
        .collect();
    let mut rows = Vec::new();
    let (mut person_of, mut family_of, mut list_of) = (Vec::new(), Vec::new(), Vec::new());
    let mut numbers = vec![0usize; templates.len()];
    for (p, person) in persons.iter().enumerate() {
        // Up to six records a person, in distinct lists while there are enough of them.
        let records = match rng.unit() {
            u if u < 0.28 => 1,
            u if u < 0.58 => 2,
            u if u < 0.80 => 3,
            u if u < 0.92 => 4,
            u if u < 0.97 => 5,
            _ => 6,
        };
        let mut order: Vec<usize> = (0..templates.len()).collect();
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        for k in 0..records {
            let s = if k < order.len() { order[k] } else { rng.below(templates.len()) };
            let t = templates[s];
            numbers[s] += 1;
            let mut row = vec![String::new(); headers.len()];
            row[0] = format!("{}-{:05}", s + 1, numbers[s]);
            row[source_col] = t.name.to_string();
            // The later half of the lists were taken after any transfer.
            let at = plan.work(p, person, 2 * s >= templates.len());
            let values = record(rng, t, (person, at), numbers[s], &mut plan);
            for (c, (_, f)) in t.columns.iter().enumerate() {
                if *f == Id {
                    row[where_[s][c]] = numbers[s].to_string();
                    continue;
                }
                if rng.chance(missing[s][c]) {
                    continue;
                }
                if let Some(v) = values.iter().find(|(field, _)| field == f) {
                    // Merging, a clerk splits "62(2008)" into the age and the year half the time.
                    let split = (*f == AgeWithYear && layout != Layout::Stacked && rng.chance(0.5))
                        .then(|| {
                            values
                                .iter()
                                .find(|(field, _)| *field == Age)
                                .zip(values.iter().find(|(field, _)| *field == AgeYear))
                        })
                        .flatten();
                    match split {
                        Some((age, year)) => {
                            row[where_[s][c]] = age.1.clone();
                            row[1 + merged_column(AgeYear)] = year.1.clone();
                        }
                        None => row[where_[s][c]] = v.1.clone(),
                    }
                }
            }
            rows.push(row);
            list_of.push((s, where_[s][0]));
            person_of.push(p);
            family_of.push(person.family);
        }
    }
    // Each list numbers its records in its own order (by when they were taken, not by person):
    // list numbers must carry no information about who is who.
    let mut shuffled: Vec<usize> = (0..rows.len()).collect();
    for i in (1..shuffled.len()).rev() {
        let j = rng.below(i + 1);
        shuffled.swap(i, j);
    }
    let mut next = vec![0usize; templates.len()];
    for &r in &shuffled {
        let (s, id_col) = list_of[r];
        next[s] += 1;
        rows[r][0] = format!("{}-{:05}", s + 1, next[s]);
        rows[r][id_col] = next[s].to_string();
    }
    // Lists are stacked in order of source, as a clerk pasting them one below the other would.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| rows[a][source_col].cmp(&rows[b][source_col]).then(rows[a][0].cmp(&rows[b][0])));
    Registry {
        headers,
        rows: order.iter().map(|&i| rows[i].clone()).collect(),
        person: order.iter().map(|&i| person_of[i]).collect(),
        family: order.iter().map(|&i| family_of[i]).collect(),
        sources: templates.iter().map(|t| t.name).collect(),
    }
}

/// Every field of one record of `person` in list `t`, before fields go missing.
fn record(
    rng: &mut Rng,
    t: &Template,
    (person, at): (&Person, usize),
    number: usize,
    plan: &mut Plan,
) -> Vec<(Field, String)> {
    let given = heard_given(rng, &person.given);
    let sur_h = SURNAMES[person.surname].0;
    let year = person.birth_year
        + match rng.unit() {
            u if u < 0.06 => -1,
            u if u < 0.12 => 1,
            u if u < 0.14 => -2,
            u if u < 0.16 => 2,
            u if u < 0.18 => rng.range(3, 5) * if rng.chance(0.5) { 1 } else { -1 },
            _ => 0,
        };
    let year = if t.hangul { plan.hangul_year(year) } else { year };
    let (surname, given_written, full) = if t.hangul {
        let full = if rng.chance(0.04) { format!("{given} {sur_h}") } else { format!("{sur_h}{given}") };
        (sur_h.to_string(), given.clone(), full)
    } else {
        let (s, g) = latin_name(t, rng, (person.surname, person.passport), &given, plan);
        let last = t.surname_last != rng.chance(0.08);
        let full = if last { format!("{g} {s}") } else { format!("{s} {g}") };
        (s, g, full)
    };
    // A clerk now and then writes the given name under the surname and the other way round.
    let (surname, given_written) = if rng.chance(0.06) { (given_written, surname) } else { (surname, given_written) };
    let father = if t.hangul {
        format!("{}{}", SURNAMES[person.father.0].0, person.father.1)
    } else {
        let (s, g) = latin_name(t, rng, (person.father.0, person.passport), &person.father.1, plan);
        if t.surname_last { format!("{g} {s}") } else { format!("{s} {g}") }
    };
    let asked = rng.range(1998, 2016);
    // Korean age counts the year of birth as one.
    let age = asked - year + i32::from(t.hangul && rng.chance(0.4));
    let (m, d) = person.birthday;
    let dob = match (t.hangul, rng.below(3)) {
        (true, 0) => format!("{year}년"),
        (true, _) => format!("{year}.{m:02}.{d:02}"),
        (false, 0) => year.to_string(),
        (false, _) => format!("{year}-{m:02}-{d:02}"),
    };
    let age_with_year = if rng.chance(0.5) { format!("{age}({asked})") } else { format!("{age}세 ({asked}년)") };
    vec![
        (Full, full),
        (Surname, surname),
        (Given, given_written),
        (Hanja, hanja(sur_h, &person.given)),
        (BirthYear, if t.hangul && rng.chance(0.3) { format!("{year}년") } else { year.to_string() }),
        (Dob, dob),
        (AgeWithYear, age_with_year),
        (Age, age.to_string()),
        (AgeYear, asked.to_string()),
        (Sex, sex(t.words, person.male).to_string()),
        (Origin, {
            // Drawn as by default first, so that the variant leaves every other draw as it was.
            let written = place(t.words, t.roman, person.origin, rng);
            let (county, province, english) = PLACES[person.origin];
            let korean_words = matches!(t.words, Words::KoreanFormal | Words::KoreanPlain | Words::KoreanPit);
            let habit = t.name.bytes().map(usize::from).sum::<usize>();
            let spelled = (
                romanize_place(county, Roman::MrBreves),
                romanize_place(county, Roman::Rr),
                romanize_place(county, Roman::Dprk),
            );
            korean_words
                .then(|| plan.latin_place(habit, (&spelled.0, &spelled.1, &spelled.2), (province, english)))
                .flatten()
                .unwrap_or(written)
        }),
        (Father, father),
        (Work, work(t.words, t.roman, person, at)),
        (Note, NOTES[(number + person.birth_year as usize) % NOTES.len()].to_string()),
    ]
}
