//! What each column is (its role), inferred from header names and values, and the configuration a
//! user can print, edit and pass back.

use serde::{Deserialize, Serialize};

pub use crate::column_groups::stacked_groups;
use crate::column_groups::{group_identifiers, person_vocabularies};
use crate::notes::{ColumnNote, HeaderNote, NotePart};
use crate::value_profile::{profile, share};

/// The role of a column in linkage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The record id (not compared).
    Id,
    /// Given (first) name.
    GivenName,
    /// Surname (family name).
    Surname,
    /// A whole name in one field, in any order.
    FullName,
    /// Father's (or another relative's) name.
    FatherName,
    /// Date of birth.
    Dob,
    /// Year of birth.
    BirthYear,
    /// Age when reported (with `ReportedYear`, gives a birth year).
    Age,
    /// Year the age was reported.
    ReportedYear,
    /// Sex or gender.
    Sex,
    /// Postcode.
    Postcode,
    /// Street address.
    Address,
    /// House or street number.
    StreetNumber,
    /// Place: town, county, province, origin.
    Place,
    /// A site: mine, camp, workplace.
    Site,
    /// An identifier such as a national id or registry number.
    Identifier,
    /// Which list the record came from (not compared).
    Source,
    /// Other text, compared by edit distance.
    Text,
    /// A number (height, a count, a camp block number), compared by relative difference.
    Number,
    /// Not used.
    Ignore,
}

/// One column's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnConfig {
    /// Header name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Compare with the Korean-aware comparators (romanization-insensitive keys, surname table,
    /// place aliases).
    #[serde(default)]
    pub korean: bool,
    /// Weight exact agreement by how rare the value is (common names are weak evidence).
    #[serde(default)]
    pub term_frequency: bool,
    /// Why the column has this role, or why it was merged or ignored (printed with the
    /// configuration and by `link explain`; empty when set by hand).
    #[serde(default, skip_serializing_if = "ColumnNote::is_empty")]
    pub note: ColumnNote,
}

/// A linkage configuration: printed by `attest link`, editable, passed back with `--config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkConfig {
    /// Columns, in file order.
    pub columns: Vec<ColumnConfig>,
    /// Blocking rules: each is a list of column names whose (keyed) values must all agree for a
    /// pair to be compared. A pair is compared if any rule holds.
    pub blocking: Vec<Vec<String>>,
    /// Rules used only to learn the model, not to find links: they leave the names free, so the
    /// agreement of names among true matches can be learnt from pairs the names did not select.
    /// Their pairs are sampled (about 100,000 per rule at most).
    #[serde(default)]
    pub training_blocking: Vec<Vec<String>>,
    /// Match probability at or above which pairs are linked. Pairs below it (from 0.4 under
    /// it) may still join two clusters on average evidence, once the links are clustered: when
    /// no pair compared across the two clusters is weak (under 0.3 with a field against it) or
    /// a decisive disagreement and the mean of all of them is at least 0.2 under the threshold
    /// (the run's summary counts these merges apart, and `explain` says which pairs were
    /// used). `links_only` turns that off.
    pub threshold: f64,
    /// Only links (pairs at or above the threshold) join records: no merge of clusters on
    /// average evidence below it. Off by default (left out of a saved file when off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub links_only: bool,
    /// Blocks larger than this are skipped (and reported): they would be a common name or value.
    #[serde(default = "default_max_block")]
    pub max_block: usize,
}

fn default_max_block() -> usize {
    2_000
}

fn normalise_header(h: &str) -> String {
    h.trim().to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The words of a header: split at anything not a letter or digit and at lower-to-upper case
/// changes ("yearOfBirth", "year_of_birth", "Year of birth" all give year, of, birth).
pub fn header_tokens(header: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in header.trim().chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// The role a header's words suggest, with the words that decided it. Combinations are read
/// before single words: "year the age was reported" is not a birth year, "father's name" is not
/// the person's name, "birth date" is not a birth year.
pub fn role_from_header_with_reason(header: &str) -> Option<(Role, String)> {
    role_from_header_with_note(header).map(|(role, note)| (role, note.to_string()))
}

/// The role a header name suggests, with what in the header said so.
pub fn role_from_header_with_note(header: &str) -> Option<(Role, HeaderNote)> {
    let whole = normalise_header(header);
    let tokens = header_tokens(header);
    let has = |words: &[&str]| tokens.iter().find(|t| words.contains(&t.as_str())).cloned();
    let contains = |words: &[&str]| words.iter().find(|w| whole.contains(*w)).map(|w| w.to_string());
    let found = |role: Role, why: HeaderNote| Some((role, why));
    // Whole-header names first (the historical fixed list, and Korean headers without spaces).
    let exact = match whole.as_str() {
        "id" | "recid" | "recordid" | "uid" | "key" => Some(Role::Id),
        "givenname" | "firstname" | "forename" | "given" | "first" | "personalname" | "이름" => Some(Role::GivenName),
        "surname" | "lastname" | "familyname" | "last" | "family" | "성" => Some(Role::Surname),
        "name" | "fullname" | "personname" | "성명" | "이름전체" => Some(Role::FullName),
        "dob" | "dateofbirth" | "birthdate" | "생년월일" => Some(Role::Dob),
        "yob" | "born" | "출생연도" | "출생년도" => Some(Role::BirthYear),
        "age" | "나이" => Some(Role::Age),
        "sex" | "gender" | "성별" => Some(Role::Sex),
        "year" => Some(Role::ReportedYear),
        _ => None,
    };
    if let Some(role) = exact {
        return found(role, HeaderNote::Exact(header.to_string()));
    }
    // A list's own row number: its values say where a record sat in that list, not who it is.
    if matches!(whole.as_str(), "번호" | "연번" | "일련번호" | "순번") {
        return found(Role::Ignore, HeaderNote::RowNumber(header.to_string()));
    }
    if let Some(w) = has(&["father", "fathers", "mother", "mothers", "parent", "parents", "relatives", "kin"])
        .or_else(|| contains(&["아버지", "부친", "어머니", "모친", "부모", "가족"]))
    {
        return found(Role::FatherName, HeaderNote::Word(w));
    }
    let age = has(&["age", "aged"]).or_else(|| contains(&["나이", "연령"]));
    let year =
        has(&["year", "yr", "when", "reported", "report", "interview", "survey", "census", "enum", "enumeration"])
            .or_else(|| contains(&["년도", "연도", "기준", "조사"]));
    // "나이/생년", "age or year of birth": a birth column that also takes ages.
    if let (Some(_), Some(b)) = (&age, has(&["birth", "born", "dob", "yob"]).or_else(|| contains(&["출생", "생년"])))
    {
        return found(Role::BirthYear, HeaderNote::BirthOnly(b));
    }
    if let (Some(a), Some(y)) = (&age, &year) {
        return found(Role::ReportedYear, HeaderNote::AgeAndYear(a.clone(), y.clone()));
    }
    if let Some(a) = age {
        return found(Role::Age, HeaderNote::Word(a));
    }
    let when = has(&[
        "reported",
        "report",
        "interview",
        "interviewed",
        "survey",
        "census",
        "recorded",
        "listed",
        "enum",
        "enumeration",
    ])
    .or_else(|| contains(&["조사", "기준", "면접", "면담", "인터뷰"]));
    let birth = has(&["birth", "born", "dob", "yob", "natal"]).or_else(|| contains(&["출생", "생년", "생일"]));
    // "면담일", "조사 일자", "date of interview", "interviewed on": when the record was made. "on"
    // only right after the word of record ("Notes on interview" is notes), and never a header
    // naming a birth ("면담자 생년월일" is the date of birth of the person interviewed).
    let on_after_when = tokens.windows(2).any(|p| {
        p[1] == "on" && matches!(p[0].as_str(), "interviewed" | "reported" | "surveyed" | "recorded" | "listed")
    });
    let date = has(&["year", "yr", "date", "dated", "day"])
        .or_else(|| on_after_when.then(|| "on".to_string()))
        .or_else(|| contains(&["년도", "연도", "일자", "날짜", "일시"]))
        .or_else(|| (when.as_ref().is_some_and(|w| !w.is_ascii()) && whole.ends_with('일')).then(|| "일".to_string()));
    if let (Some(w), Some(y), None) = (&when, date, &birth) {
        return found(Role::ReportedYear, HeaderNote::WhenAndYear(w.clone(), y));
    }
    if let Some(b) = &birth {
        if let Some(d) = has(&["date", "dt", "day", "dob"]).or_else(|| contains(&["월일"])) {
            return found(Role::Dob, HeaderNote::BirthAndDate(b.clone(), d));
        }
        if b == "yob" || year.is_some() {
            return found(Role::BirthYear, HeaderNote::BirthYear(b.clone(), year));
        }
        if let Some(p) = has(&["place", "town", "city", "county", "country", "parish", "village", "where", "district"])
        {
            return found(Role::Place, HeaderNote::BirthAndPlace(b.clone(), p));
        }
        return found(Role::BirthYear, HeaderNote::BirthOnly(b.clone()));
    }
    // "first_and_surname", "given name and family name": both parts, so a whole name (and, when
    // its values join two other columns, merged with them below).
    if let (Some(g), Some(s)) = (
        has(&["given", "first", "forename", "forenames", "firstname", "givenname", "christian"]),
        has(&["surname", "lastname", "last", "family", "familyname"]),
    ) {
        return found(Role::FullName, HeaderNote::GivenAndSurname(g, s));
    }
    let table: &[(&[&str], &[&str], Role)] = &[
        (&["sex", "gender"], &["성별"], Role::Sex),
        (&["postcode", "zip", "zipcode", "postal", "postalcode", "plz"], &["우편"], Role::Postcode),
        (&["surname", "lastname", "last", "family", "familyname", "patronymic"], &[], Role::Surname),
        (
            &[
                "given",
                "first",
                "forename",
                "forenames",
                "firstname",
                "firstnames",
                "givenname",
                "givennames",
                "christian",
            ],
            &[],
            Role::GivenName,
        ),
        (&["name", "fullname", "person", "applicant", "victim", "nm"], &["성명", "이름"], Role::FullName),
        // An occupation is a small vocabulary, but the person's own: compared, common values
        // counting for less.
        (&["occupation", "profession", "trade", "job", "employment"], &["직업"], Role::Text),
        (&["house", "building", "streetno", "streetnumber", "houseno", "housenumber"], &[], Role::StreetNumber),
        (&["address", "addr", "street", "road"], &["주소"], Role::Address),
        (
            &[
                "place",
                "origin",
                "province",
                "hometown",
                "suburb",
                "city",
                "county",
                "town",
                "state",
                "region",
                "locality",
                "territory",
                "village",
                "district",
                "parish",
                "native",
                "residence",
                "home",
                "birthplace",
            ],
            &["출신", "고향", "지역", "주소지", "거주", "본적", "원적"],
            Role::Place,
        ),
        (
            &["site", "camp", "mine", "workplace", "work", "unit", "enterprise", "employer", "factory", "prison"],
            &["직장", "탄광", "광산", "수용소", "교화소", "근무"],
            Role::Site,
        ),
        (
            &["ssn", "passport", "nationalid", "registry", "serial", "idnumber", "socsec", "soc", "sec"],
            &["주민번호", "여권"],
            Role::Identifier,
        ),
        (&["source", "list", "dataset", "provenance", "origin_list"], &["출처"], Role::Source),
        (&["height", "weight", "count", "block"], &[], Role::Number),
    ];
    for (words, korean, role) in table {
        // "post code", "soc sec id": two-word spellings of one word.
        let joined_pairs: Vec<String> = tokens.windows(2).map(|w| format!("{}{}", w[0], w[1])).collect();
        if let Some(w) = has(words)
            .or_else(|| joined_pairs.iter().find(|j| words.contains(&j.as_str())).cloned())
            .or_else(|| contains(korean))
        {
            return found(*role, HeaderNote::Word(w));
        }
    }
    if has(&["id", "ref", "no", "number", "code", "key"]).is_some() {
        return found(Role::Identifier, HeaderNote::Identifier);
    }
    None
}

/// The role a header name suggests.
pub fn role_from_header(header: &str) -> Option<Role> {
    role_from_header_with_reason(header).map(|(r, _)| r)
}

/// Letters and digits only, lower case: the form in which a concatenation is recognised.
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Columns that are the concatenation of two others (in either order) in at least 80 % of the
/// sampled rows where all three are filled: `(column, part_a, part_b, share)`.
pub fn concatenated_columns(
    headers: &[String],
    rows: &[&Vec<String>],
    skip: &[usize],
) -> Vec<(usize, usize, usize, f64)> {
    let k = headers.len();
    let squashed: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|v| squash(v)).collect()).collect();
    let mut out = Vec::new();
    for c in (0..k).filter(|c| !skip.contains(c)) {
        for a in (0..k).filter(|&a| a != c && !skip.contains(&a)) {
            for b in (a + 1..k).filter(|&b| b != c && !skip.contains(&b)) {
                let (mut both, mut hits) = (0usize, 0usize);
                for r in &squashed {
                    let (vc, va, vb) = (&r[c], &r[a], &r[b]);
                    if vc.is_empty() || va.is_empty() || vb.is_empty() {
                        continue;
                    }
                    both += 1;
                    if vc.len() == va.len() + vb.len()
                        && ((vc.starts_with(va.as_str()) && vc.ends_with(vb.as_str()))
                            || (vc.starts_with(vb.as_str()) && vc.ends_with(va.as_str())))
                    {
                        hits += 1;
                    }
                }
                if both >= 10 && hits * 5 >= both * 4 {
                    out.push((c, a, b, share(hits, both)));
                }
            }
        }
    }
    out
}

/// The share of filled values of which a part names a Korean place the gazetteer knows (a
/// province in any romanization, a county of the table or one that moved province).
fn korean_places_in_latin(values: &[&str]) -> f64 {
    let filled: Vec<&str> = values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    let known = filled
        .iter()
        .filter(|v| {
            crate::messy_values::place_parts(v).iter().any(|p| attest_korean::places::known_place(p))
                || attest_korean::places::known_place(v)
        })
        .count();
    share(known, filled.len())
}

/// A header that may name the family name or the family ("Family", "Families"): values decide.
fn family_header(header: &str) -> bool {
    matches!(normalise_header(header).as_str(), "family" | "families")
}

/// The link threshold of an inferred configuration (the bars of the merges on average evidence
/// below it, `Options::weaker_from` and `weaker_mean_at_least`, are set for it and move with a
/// threshold set otherwise).
pub const INFERRED_THRESHOLD: f64 = 0.9;

/// Infers a configuration from the header and a sample of rows. `id_column` is the index of the
/// record id. Every column's role comes with a note saying why (header words, value patterns, or
/// a merge); nothing falls back silently.
pub fn infer_config(headers: &[String], rows: &[Vec<String>], id_column: usize) -> LinkConfig {
    // Spread over the whole file: lists pasted one below another fill some columns only in
    // their own rows, and the first rows alone would call those columns empty.
    let stride = rows.len().div_ceil(2_000).max(1);
    let sample: Vec<&Vec<String>> = rows.iter().step_by(stride).collect();
    let column_values = |c: usize| -> Vec<&str> { sample.iter().map(|r| r[c].as_str()).collect() };
    let numeric = |c: usize| {
        let digits = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
        sample.iter().filter(|r| digits(r[c].trim())).count()
    };
    let mut columns = Vec::new();
    let mut profiles = Vec::new();
    // Each column's values profiled on its own, the columns shared out among the workers of
    // the current rayon pool (the caller's, or rayon's shared one; not a new OS thread per
    // call: the web infers a configuration for every list uploaded), in column order. Halves
    // of the columns were uneven: one list's name columns cost twice its dates and codes.
    let profiled: Vec<_> = {
        use rayon::prelude::*;
        (0..headers.len()).into_par_iter().map(|i| profile(&column_values(i))).collect()
    };
    let mut profiled = profiled.into_iter();
    for (i, h) in headers.iter().enumerate() {
        let p = profiled.next().expect("a profile per column");
        let (mut role, mut note) = if i == id_column {
            (Role::Id, ColumnNote::of(NotePart::RecordId))
        } else {
            match role_from_header_with_note(h) {
                Some((Role::Id, why)) => {
                    (Role::Identifier, ColumnNote(vec![NotePart::Header(why), NotePart::OtherColumnIsId]))
                }
                Some((r, why)) => (r, ColumnNote::of(NotePart::Header(why))),
                None => (Role::Text, ColumnNote::default()),
            }
        };
        let f = p.filled;
        if i != id_column && f > 0 {
            // Values confirm, correct or replace what the header said.
            let mostly = |n: usize| share(n, f) >= 0.9;
            match role {
                Role::Text if !note.is_empty() => {
                    note.push(NotePart::ComparedAsText);
                }
                // "list no." is read as a source by its word "list", but a column naming another
                // list on most rows, or numbers of more than 20 "lists" (a numbering that restarts
                // in each list), names none: it numbers the rows of a list.
                Role::Source if f >= 20 && (p.distinct * 2 > f || (p.distinct > 20 && mostly(numeric(i)))) => {
                    role = Role::Ignore;
                    note = ColumnNote::of(NotePart::Header(HeaderNote::RowNumber(h.clone())));
                }
                Role::BirthYear | Role::Dob if mostly(p.dates) && !mostly(p.years) => {
                    role = Role::Dob;
                    note.push(NotePart::AlsoDates);
                }
                Role::BirthYear | Role::Dob if mostly(p.years) => {
                    role = Role::BirthYear;
                    note.push(NotePart::AlsoYears);
                }
                // Dates and bare years side by side: compared as years, so that two bare "1951"s
                // do not count as one exact date.
                Role::Dob if share(p.years, f) >= 0.2 => {
                    role = Role::BirthYear;
                    note.push(NotePart::AlsoYears);
                }
                // "이름" is the whole name as often as the given name: values of three or more
                // syllables opening with a surname are whole names.
                Role::GivenName if share(p.hangul_full_names, f) >= 0.6 => {
                    role = Role::FullName;
                    note.push(NotePart::ButFullNames);
                }
                // "Family" is the family name or the family's members: its values say which.
                // Known surnames (at least 60 %) keep the header's reading even beside some
                // relatives cells; relatives cells or whole names (a father's, written alone) on
                // at least half of the rows make it the relatives column, though under 30 % are
                // relatives cells (a list writing the father's name alone, "김덕태").
                Role::Surname if family_header(h) && share(p.single_known_surname, f) >= 0.6 => {}
                Role::Surname
                    if family_header(h)
                        && share(p.relatives, f) < 0.3
                        && share(p.relatives + p.hangul_full_names, f) >= 0.5 =>
                {
                    role = Role::FatherName;
                    note.push(NotePart::Relatives { percent: share(p.relatives, f) * 100.0 });
                }
                Role::Surname | Role::FullName | Role::Text if share(p.relatives, f) >= 0.3 => {
                    role = Role::FatherName;
                    note.push(NotePart::Relatives { percent: share(p.relatives, f) * 100.0 });
                }
                Role::BirthYear | Role::Dob | Role::Age if share(p.years + p.dates + p.ages, f) < 0.1 => {
                    role = Role::Place;
                    note.push(NotePart::WordsSoPlaceOfBirth);
                }
                Role::Age if mostly(p.years) && !mostly(p.ages) => {
                    role = Role::ReportedYear;
                    note.push(NotePart::CalendarYearsSoReportedYear);
                }
                Role::ReportedYear if mostly(p.ages) && !mostly(p.years) => {
                    role = Role::Age;
                    note.push(NotePart::ButAges);
                }
                Role::FullName | Role::GivenName | Role::Surname | Role::Text if mostly(p.hanja) => {
                    role = Role::Text;
                    note.push(NotePart::ChineseCharacters);
                }
                Role::Text if mostly(p.sexes) => {
                    role = Role::Sex;
                    note = ColumnNote::of(NotePart::Sexes { distinct: p.distinct });
                }
                Role::Text if mostly(p.dates) => {
                    role = Role::Dob;
                    note = ColumnNote::of(NotePart::Dates);
                }
                Role::Text if mostly(p.years) || (mostly(p.years + p.dates) && p.years > 0) => {
                    role = Role::BirthYear;
                    note = ColumnNote::of(NotePart::Years);
                }
                Role::Text if mostly(p.postcodes) => {
                    role = Role::Postcode;
                    note = ColumnNote::of(NotePart::Postcodes);
                }
                Role::Text if share(p.single_known_surname, f) >= 0.6 => {
                    role = Role::Surname;
                    note = ColumnNote::of(NotePart::Surnames);
                }
                Role::Text if share(p.korean_surname_first_or_last, f) >= 0.6 && p.distinct * 2 > f => {
                    role = Role::FullName;
                    note = ColumnNote::of(NotePart::PersonalNames);
                }
                Role::Text if p.distinct <= 30 && p.distinct * 20 <= f => {
                    role = Role::Ignore;
                    note = ColumnNote::of(NotePart::FewDistinct { distinct: p.distinct, compared: false });
                }
                Role::Text => {
                    note = ColumnNote::of(NotePart::FreeText);
                }
                _ => {}
            }
        }
        if f == 0 && i != id_column {
            role = Role::Ignore;
            note = ColumnNote::of(NotePart::Empty);
        }
        profiles.push(p);
        let korean = match role {
            Role::Surname | Role::FullName | Role::FatherName | Role::GivenName => {
                let p = &profiles[i];
                share(p.hangul, p.filled) > 0.05 || share(p.korean_surname_first_or_last, p.filled) > 0.3
            }
            Role::Place | Role::Site if share(profiles[i].hangul, profiles[i].filled) > 0.05 => true,
            // A column in Latin letters whose values name Korean provinces and counties ("North
            // Hwanghae", "Hamgyŏng-pukto", "Hoeryong County") gets the province rules too: by
            // spelling alone North and South Hamgyong look alike.
            Role::Place | Role::Site => {
                let known = korean_places_in_latin(&column_values(i));
                if known >= 0.1 {
                    note.push(NotePart::KoreanPlacesInLatin { percent: known * 100.0 });
                }
                known >= 0.1
            }
            _ => false,
        };
        let term_frequency = matches!(role, Role::GivenName | Role::Surname | Role::FullName | Role::FatherName)
            || (role == Role::Text && note.opens_with_header_word());
        columns.push(ColumnConfig { name: h.clone(), role, korean, term_frequency, note });
    }
    // A column of notes saying when each record was made ("2015년 면담", "interviewed 2015")
    // beside ages (an age column, or ages written in the birth column) with no year for them:
    // the year the ages were given. A year the words call a birth is never taken. Read before
    // the columns of bare years beside an age, which such a column would otherwise be.
    let ages_in_birth = |c: usize| {
        let values = column_values(c);
        let filled = values.iter().filter(|v| !v.trim().is_empty()).count();
        share(values.iter().filter(|v| crate::messy_values::age_in_birth_column(v).is_some()).count(), filled) >= 0.02
    };
    let ages = columns.iter().any(|c| c.role == Role::Age)
        || (0..columns.len()).any(|c| matches!(columns[c].role, Role::BirthYear | Role::Dob) && ages_in_birth(c));
    if ages && !columns.iter().any(|c| c.role == Role::ReportedYear) {
        let in_words = |c: usize| {
            let values = column_values(c);
            let filled = values.iter().filter(|v| !v.trim().is_empty()).count();
            let dated = values.iter().filter(|v| crate::messy_values::year_age_was_given(v, true).is_some()).count();
            share(dated, filled)
        };
        let best = (0..columns.len())
            .filter(|&c| c != id_column)
            .filter_map(|c| match columns[c].role {
                Role::Text | Role::Ignore => Some((c, in_words(c), 0.15)),
                // "2015년 면담" alone reads as a year: a column of them is not a birth year.
                Role::BirthYear if columns[c].note.opening() == Some(&NotePart::Years) => Some((c, in_words(c), 0.5)),
                _ => None,
            })
            .filter(|&(_, s, at_least)| s >= at_least)
            .map(|(c, s, _)| (c, s))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((c, s)) = best {
            columns[c].role = Role::ReportedYear;
            columns[c].note = ColumnNote::of(NotePart::YearOfAgeInWords { percent: s * 100.0 });
        }
    }
    // A second column of years beside an age column is the year the age was given.
    if columns.iter().any(|c| c.role == Role::Age)
        && columns.iter().filter(|c| c.role == Role::BirthYear).count() > 1
        && let Some(c) =
            columns.iter_mut().find(|c| c.role == Role::BirthYear && c.note.opening() == Some(&NotePart::Years))
    {
        c.role = Role::ReportedYear;
        c.note = ColumnNote::of(NotePart::YearOfAgeBesideBirthYear);
    }
    // A column of years (by its values only) beside an age column, with no year for the age: the
    // year the age was given.
    if columns.iter().any(|c| c.role == Role::Age)
        && !columns.iter().any(|c| c.role == Role::ReportedYear)
        && let Some(c) =
            columns.iter_mut().find(|c| c.role == Role::BirthYear && c.note.opening() == Some(&NotePart::Years))
    {
        c.role = Role::ReportedYear;
        c.note = ColumnNote::of(NotePart::YearOfAge);
    }
    group_identifiers(&mut columns, rows);
    // A column that is the concatenation of two others repeats their evidence: it is not
    // compared, and only fills the parts where they are empty. Its parts are names even when
    // their headers said nothing.
    let skip: Vec<usize> = (0..columns.len())
        .filter(|&c| {
            c == id_column
                || !matches!(
                    columns[c].role,
                    Role::Text | Role::FullName | Role::GivenName | Role::Surname | Role::Ignore
                )
        })
        .collect();
    for (c, a, b, s) in concatenated_columns(headers, &sample, &skip) {
        if columns[c].role == Role::Surname || columns[c].role == Role::GivenName {
            continue;
        }
        let surname_like = |x: usize| share(profiles[x].single_known_surname, profiles[x].filled);
        let (sur, given) = match (columns[a].role, columns[b].role) {
            (Role::Surname, _) | (_, Role::GivenName) => (a, b),
            (_, Role::Surname) | (Role::GivenName, _) => (b, a),
            _ if surname_like(a) >= surname_like(b) => (a, b),
            _ => (b, a),
        };
        for (x, role) in [(sur, Role::Surname), (given, Role::GivenName)] {
            if columns[x].role != role {
                columns[x].role = role;
                columns[x].note = ColumnNote::of(NotePart::PartOf {
                    whole: headers[c].clone(),
                    other: headers[if x == sur { given } else { sur }].clone(),
                });
                columns[x].term_frequency = true;
            }
        }
        columns[c].role = Role::FullName;
        columns[c].term_frequency = true;
        columns[c].note = ColumnNote::of(NotePart::Concatenation {
            a: headers[a].clone(),
            b: headers[b].clone(),
            percent: s * 100.0,
        });
    }
    // A name is compared once: with surname and given-name columns, a full-name column only
    // fills them.
    let has_parts =
        columns.iter().any(|c| c.role == Role::Surname) && columns.iter().any(|c| c.role == Role::GivenName);
    if has_parts {
        for c in columns.iter_mut().filter(|c| c.role == Role::FullName && !c.note.is_concatenation()) {
            c.note.push(NotePart::MergedWithParts);
        }
    }
    // A given-name column is Korean if the surname or the full name column is.
    if columns.iter().any(|c| matches!(c.role, Role::Surname | Role::FullName) && c.korean) {
        for c in columns.iter_mut().filter(|c| matches!(c.role, Role::GivenName | Role::Surname | Role::FullName)) {
            c.korean = true;
        }
    }
    // Lists pasted one below another, each with its own header for the same field: one field.
    for group in stacked_groups(&columns, &sample) {
        let first = group[0];
        let korean = group.iter().any(|&c| columns[c].korean);
        columns[first].korean = korean;
        for &c in &group[1..] {
            columns[c].korean = korean;
            let other_script = columns[c].role == Role::FullName
                && crate::column_groups::other_script_pair(&[first.min(c), first.max(c)], &sample).is_some();
            columns[c].note.push(if other_script {
                NotePart::OtherScript { first: headers[first].clone() }
            } else {
                NotePart::Stacked { first: headers[first].clone() }
            });
        }
    }
    person_vocabularies(&mut columns, rows);
    let (blocking, training_blocking) = default_blocking(&columns, rows);
    LinkConfig {
        columns,
        blocking,
        training_blocking,
        threshold: INFERRED_THRESHOLD,
        links_only: false,
        max_block: default_max_block(),
    }
}

/// Blocking rules from the roles present: (rules that find candidate links, rules that only train
/// the model). Strong identifiers alone; whole names; a name part with a birth year or a place.
/// Each is cheap to satisfy for a true pair and rare for a random one; `rows` tell which name
/// part is the more selective.
pub fn default_blocking(columns: &[ColumnConfig], rows: &[Vec<String>]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let find = |role: Role| columns.iter().filter(|c| c.role == role).map(|c| c.name.clone()).collect::<Vec<_>>();
    let (given, sur, full) = (find(Role::GivenName), find(Role::Surname), find(Role::FullName));
    let (dob, year, ids) = (find(Role::Dob), find(Role::BirthYear), find(Role::Identifier));
    let (post, place, age) = (find(Role::Postcode), find(Role::Place), find(Role::Age));
    let (father, site) = (find(Role::FatherName), find(Role::Site));
    // Birth years within one of each other share a key (`#year1`): a year off by one is the
    // commonest error in a recorded birth year.
    let year_any: Vec<String> = year.iter().chain(&dob).chain(&age).map(|c| format!("{c}#year1")).collect();
    let mut rules: Vec<Vec<String>> = Vec::new();
    for id in &ids {
        rules.push(vec![id.clone()]);
    }
    for d in &dob {
        rules.push(vec![d.clone()]);
    }
    let places: Vec<&String> = post.iter().chain(&place).take(2).collect();
    if !sur.is_empty() && !given.is_empty() {
        let (s, g) = (&sur[0], &given[0]);
        // Surname and given name in either column (clerks swap them).
        rules.push(vec![format!("{s}#pair:{g}")]);
        // A given name with a year or a place finds pairs whose surname disagrees. With no full
        // date of birth nothing else can prove such a pair, and where given names are fewer than
        // surnames (Western lists) its blocks are large: 1.15 M of a census's 2.1 M pairs for 69
        // links, F1 higher without them (BENCHMARKS.md, "Fewer candidate pairs"). With a full
        // date, the date itself finds what a given name and its year would: 12 % of the pairs
        // of notables for 0.0001 F1, none of FEBRL's.
        let column = |name: &String| columns.iter().position(|c| &c.name == name).unwrap_or(0);
        let given_rules =
            !dob.is_empty() || !crate::blocking::fewer_distinct_values(columns, rows, column(g), column(s));
        for part in [s, g].into_iter().filter(|&p| p == s || given_rules) {
            if let Some(y) = year_any.first()
                && (part == s || dob.is_empty())
            {
                rules.push(vec![part.clone(), y.clone()]);
            }
            // A given name with a postcode's district (its outward code, `#district`: a move or a
            // mistyped inward code stays in it) rather than with a town, where every Mary of the
            // town shares a block: notables 31 % fewer pairs, F1 and cluster F1 higher.
            match post.first() {
                Some(code) if part == g => rules.push(vec![part.clone(), format!("{code}#district")]),
                _ => places.iter().for_each(|p| rules.push(vec![part.clone(), (*p).clone()])),
            }
        }
        // Spellings and typos in both parts: their sounds and first letters.
        rules.push(vec![format!("{s}#phonetic"), format!("{g}#phonetic")]);
        if let Some(y) = year_any.first() {
            rules.push(vec![format!("{s}#prefix"), format!("{g}#prefix"), y.clone()]);
        }
    } else if let Some(f) = full.first() {
        rules.push(vec![f.clone()]);
        let given_part = format!("{f}#given");
        if let Some(y) = year_any.first() {
            rules.push(vec![given_part.clone(), y.clone()]);
        }
        for p in &places {
            rules.push(vec![given_part.clone(), (*p).clone()]);
        }
        // Surnames are few (Kim, Lee and Park are 45 % of Koreans): only with two more fields.
        if let (Some(y), Some(p)) = (year_any.first(), places.first()) {
            rules.push(vec![format!("{f}#surname"), y.clone(), (*p).clone()]);
        }
    }
    for fa in &father {
        rules.push(vec![fa.clone()]);
    }
    let mut training = Vec::new();
    if let Some(y) = year_any.first() {
        for p in places.iter().take(1) {
            training.push(vec![y.clone(), (*p).clone()]);
        }
        for s in site.iter().take(1) {
            training.push(vec![y.clone(), s.clone()]);
        }
    }
    if rules.is_empty() {
        // Nothing recognised: compare within equal values of the first text column.
        if let Some(c) = columns.iter().find(|c| c.role == Role::Text) {
            rules.push(vec![c.name.clone()]);
        }
    }
    (rules, training)
}
