//! Values as lists really write them, made comparable before anything else reads them: words that
//! mean "missing" (미상, 모름, unknown, N/A, "-", a 1900-01-01 placeholder date) become missing, so
//! a block of 미상 can never link strangers; dates in other calendars and formats (단기 and 주체
//! years, "1951년 3월 2일", "51년 3월", month-first dates, Excel serial numbers, full-width
//! digits, lunar birthdays marked (음)) become `YYYY-MM-DD` or `YYYY`; names lose the hanja in
//! brackets, the 故 and (사망) markers, a 씨 or a title after them; a relatives cell ("부 김철수,
//! 모 이순자", "Father: KIM Chol-su", "父 김덕태") gives the father's name.
//!
//! [`clean`] is called once per distinct value, from `compare::prepare`; a value with nothing to
//! clean is returned borrowed after a few byte checks. Written out by hand: no maintained crate
//! reads Korean list conventions (단기, 주체, 故, 부/모 cells); the Excel-serial day arithmetic is
//! attest-domain's.

use std::borrow::Cow;

use crate::roles::Role;

/// Words (lower case) that mean the value is not known, in any column.
const MISSING: &[&str] = &[
    "미상",
    "모름",
    "불명",
    "없음",
    "미확인",
    "알수없음",
    "알 수 없음",
    "확인불가",
    "-",
    "--",
    "---",
    "?",
    "??",
    "???",
    "n/a",
    "n.a.",
    "na",
    "unknown",
    "unk",
    "not known",
    "none",
    "null",
    "nil",
    "(미상)",
    "(unknown)",
];

/// Placeholders that mean "not known" only where a date or a year of birth is expected.
const MISSING_DATES: &[&str] = &["0", "0000", "00000000", "1900-01-01", "1900.01.01", "19000101", "01/01/1900"];

/// Titles and forms of address written after a Korean name.
const TITLES: &[&str] = &["씨", "님", "목사", "집사", "장로", "권사", "전도사", "선생", "선생님", "여사", "옹"];

/// Whether a value means "not known" in a column of this role.
pub fn is_missing(role: Role, value: &str) -> bool {
    let t = value.trim();
    if t.is_empty() {
        return true;
    }
    // Every token is short: skip the lower-casing for longer values.
    if t.len() > 16 {
        return false;
    }
    let lower = t.to_lowercase();
    MISSING.contains(&lower.as_str())
        || (matches!(role, Role::Dob | Role::BirthYear) && MISSING_DATES.contains(&lower.as_str()))
}

/// The value of a column of this role as it should be compared: `""` when it means missing, a
/// cleaned date, name or relative's name, or the value itself.
pub fn clean(role: Role, raw: &str) -> Cow<'_, str> {
    if matches!(role, Role::Id | Role::Source | Role::Ignore) {
        return Cow::Borrowed(raw);
    }
    if is_missing(role, raw) {
        return Cow::Borrowed("");
    }
    match role {
        Role::Dob | Role::BirthYear => clean_date(raw),
        Role::FullName | Role::GivenName | Role::Surname => clean_name(raw),
        Role::FatherName => match father_in_relatives(raw) {
            Some(f) => Cow::Owned(clean_name(f).into_owned()),
            None => clean_name(raw),
        },
        // A sex no vocabulary reads ("0", "9", "x") is not known: it must not disagree.
        Role::Sex if attest_korean::places::normalize_sex(raw).is_none() => Cow::Borrowed(""),
        Role::Place => renamed_county(raw),
        Role::Age => match age_and_year(raw) {
            Some((age, year)) => Cow::Owned(format!("{age}({year})")),
            None => Cow::Borrowed(raw),
        },
        _ => Cow::Borrowed(raw),
    }
}

/// Counties renamed after people from them were separated, old name and new, in Hangul and
/// romanized: 성진 became 김책 (1951), 후창 김형직 (1988), 풍산 김형권 (1990), 신파 김정숙 (1981).
const RENAMED: &[(&str, &str)] = &[
    ("성진", "김책"),
    ("songjin", "kimchaek"),
    ("후창", "김형직"),
    ("huchang", "kimhyongjik"),
    ("풍산", "김형권"),
    ("pungsan", "kimhyonggwon"),
    ("신파", "김정숙"),
    ("sinpa", "kimjongsuk"),
];

/// Two-syllable province abbreviations, written out so that the province is recognised as one
/// and the place within it compared ("경기 연천" is 경기도 연천). 황해남도 and 황해북도 were one
/// province, 황해도, until 1954, and lists written from memory still name it: 황해도 stays
/// itself, and agrees with either half only where it is written ([`province_level`]); two
/// explicit halves are two provinces.
const PROVINCES_WRITTEN_OUT: &[(&str, &str)] = &[
    ("함북", "함경북도"),
    ("함남", "함경남도"),
    ("평북", "평안북도"),
    ("평남", "평안남도"),
    ("황북", "황해북도"),
    ("황남", "황해남도"),
    ("황해", "황해도"),
    ("강원", "강원도"),
    ("경기", "경기도"),
    ("양강", "양강도"),
    ("량강", "량강도"),
    ("자강", "자강도"),
    ("충북", "충청북도"),
    ("충남", "충청남도"),
    ("전북", "전라북도"),
    ("전남", "전라남도"),
    ("경북", "경상북도"),
    ("경남", "경상남도"),
];

/// A place with a county's old name written as its new one, province abbreviations written out,
/// and "N." / "S." before a romanized province written out ("S. Pyongan" is South Pyongan).
fn renamed_county(raw: &str) -> Cow<'_, str> {
    let mut lower = raw.to_lowercase();
    let mut changed = false;
    // Whole words (or comma-separated parts) only: 경기 is a province, 경기장 is not.
    let written_out = |w: &str| PROVINCES_WRITTEN_OUT.iter().find(|(a, _)| *a == w).map(|(_, full)| *full);
    let names_one = lower.split(',').any(|part| {
        let part = part.trim();
        written_out(part).is_some() || part.split(' ').any(|w| written_out(w).is_some())
    });
    if names_one {
        let parts: Vec<String> = lower
            .split(',')
            .map(|part| {
                let part = part.trim();
                written_out(part).map(str::to_string).unwrap_or_else(|| {
                    part.split(' ').map(|w| written_out(w).unwrap_or(w)).collect::<Vec<_>>().join(" ")
                })
            })
            .collect();
        lower = parts.join(", ");
        changed = true;
    }
    for (old, new) in RENAMED {
        if let Some(at) = lower.find(old) {
            lower = format!("{}{new}{}", &lower[..at], &lower[at + old.len()..]);
            changed = true;
            break;
        }
    }
    for (short, long) in [("n. ", "north "), ("s. ", "south ")] {
        if let Some(rest) = lower.strip_prefix(short) {
            lower = format!("{long}{rest}");
            changed = true;
        }
        let (after_comma, written_out) = (format!(", {short}"), format!(", {long}"));
        if lower.contains(&after_comma) {
            lower = lower.replace(&after_comma, &written_out);
            changed = true;
        }
    }
    if changed { Cow::Owned(lower) } else { Cow::Borrowed(raw) }
}

/// Words saying when a record was made: a year beside them in a cell of notes is the year an
/// age in the same record was given ("2015년 면담", "interviewed 2015", "as of 2016"). Hangul
/// words match a word that opens with them ("면담에서"), Latin ones a whole word.
const RECORDED_WORDS: &[&str] =
    &["면담", "인터뷰", "면접", "기준", "interview", "interviewed", "surveyed", "survey", "recorded"];

/// Words that say when a record was made only when the year stands right beside them: "조사" is
/// also an interrogation ("1999년 보위부 조사 후 실종") and "reported" opens "reported missing".
const WEAK_RECORDED_WORDS: &[&str] = &["조사", "reported"];

/// Words naming an event in a person's life: a year beside them is that event's, and a clause
/// naming one gives a year only when it stands beside a word of record.
const EVENT_WORDS: &[&str] =
    &["탈북", "체포", "실종", "사망", "수감", "처형", "missing", "dead", "died", "arrested", "escaped", "defected"];

/// Words saying a year is a birth ("1960년생", "born 1960", "b. 1960"): never a year of record.
const BIRTH_WORDS: &[&str] = &["년생", "출생", "생년", "born", "birth", "dob", "d.o.b", "b."];

/// Words between a word of record and its year that do not part them ("interviewed in 2015",
/// "interviewed on 3 March 2015", "2015년 3월 면담").
fn joins_year(word: &str) -> bool {
    const MONTHS: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    matches!(word, "in" | "on" | "of" | "at")
        || (word.len() >= 3
            && MONTHS.iter().any(|m| word.starts_with(m))
            && word.chars().all(|c| c.is_ascii_alphabetic()))
        || number_then(word, &["월", "일", "."])
        || number_then(word, &["st", "nd", "rd", "th"])
}

/// Whether a word is a number, with one of `ends` after it or none ("3", "3월", "3rd").
fn number_then(word: &str, ends: &[&str]) -> bool {
    let digits = ends.iter().find_map(|e| word.strip_suffix(e)).unwrap_or(word);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// Whether a word is one of `list`: a Hangul word when it opens with one, a Latin one whole.
fn word_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| if w.is_ascii() { word == *w } else { word.starts_with(w) })
}

/// A year standing alone or opening a word ("2015", "2015년", "2015년도에", "2015-03-01"): the
/// year and what follows it in the word after "년" or "년도".
fn year_word(word: &str) -> Option<(i32, &str)> {
    let digits = word.find(|c: char| !c.is_ascii_digit()).unwrap_or(word.len());
    let y: i32 = word[..digits].parse().ok().filter(|y| digits == 4 && (1900..=2099).contains(y))?;
    let rest = &word[digits..];
    let rest = rest.strip_prefix("년도").or_else(|| rest.strip_prefix('년')).unwrap_or(rest);
    Some((y, rest))
}

/// Whether a cell is only a year or a date ("2015", "2015년", "2015.03.02", "2015년 3월 2일",
/// "March 2015", "2 Mar 2015"): its one year.
fn plain_year_or_date(text: &str) -> Option<i32> {
    let mut year = None;
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '.' | '/')).filter(|w| !w.is_empty())
    {
        match year_word(word) {
            Some((y, "")) if year.is_none() => year = Some(y),
            Some(_) => return None,
            None if joins_year(word) && !matches!(word, "in" | "on" | "of" | "at") => {}
            None => return None,
        }
    }
    year
}

/// The year of record a clause of notes gives: the year beside a word of record ("2015년 면담",
/// "면담 2015", "interviewed (in) 2015", "as of 2016") and not beside a birth or an event
/// ("1997년 탈북 후 2015년 면담" gives 2015); else, in a clause naming no event and no birth,
/// its one year when a word of record is in it. Several years none of which stands beside the
/// word give none.
fn year_of_record_in_clause(clause: &str) -> Option<i32> {
    let words: Vec<&str> = clause
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '.')))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let birth = |w: &str| word_in(w, BIRTH_WORDS) || w == "b";
    let event = |w: &str| word_in(w, EVENT_WORDS);
    let names_event = words.iter().any(|w| event(w));
    let strong = |w: &str| word_in(w, RECORDED_WORDS);
    let recorded = |w: &str| strong(w) || (!names_event && word_in(w, WEAK_RECORDED_WORDS));
    let as_of = |i: usize| i >= 2 && words[i - 2] == "as" && words[i - 1] == "of";
    // The word before a year and the word after it, past the words that join them.
    let before = |i: usize| words[..i].iter().rev().find(|w| !joins_year(w)).copied();
    let after = |i: usize| words[i + 1..].iter().find(|w| !joins_year(w)).copied();
    // Years beside a word of record on the side the language puts it ("interviewed 2015",
    // "2015년 면담", "as of 2016"), then on the other ("2015 interview", "면담 2015").
    let (mut beside, mut other_side) = (Vec::new(), Vec::new());
    let mut years = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some((y, rest)) = year_word(w) else { continue };
        years.push(y);
        let rest_is_word = rest.chars().next().is_some_and(|c| c.is_alphabetic());
        let (prev, next) = if rest_is_word { (None, Some(rest)) } else { (before(i), after(i)) };
        if prev.into_iter().chain(next).any(|n| birth(n) || event(n)) || (rest_is_word && rest.starts_with('생')) {
            continue;
        }
        let usual = |n: Option<&str>, latin: bool| n.is_some_and(|n| recorded(n) && n.is_ascii() == latin);
        if as_of(i) || usual(prev, true) || usual(next, false) {
            beside.push(y);
        } else if usual(prev, false) || usual(next, true) {
            other_side.push(y);
        }
    }
    for found in [beside, other_side] {
        if let Some(&first) = found.first() {
            return found.iter().all(|&y| y == first).then_some(first);
        }
    }
    let single = years.len() == 1 && !names_event && !words.iter().any(|w| birth(w));
    (single && words.iter().any(|w| strong(w))).then(|| years[0])
}

/// The year an age was given, from the cell of a record that says when the record was made.
/// A column whose header says so (`words == false`: "year of interview", "면담일") gives the
/// year of a cell that is only a year or a date ("2015", "2015년", "2015.03.02"); any other cell,
/// and every cell of a column of notes (`words == true`), gives a year only in a clause that says
/// the record was made then ("2015년 면담", "interviewed in 2015; brother in Seoul") and never
/// one that says a birth ("1960년생", "born 1960"). Reading the first year of free text took
/// "father arrested 1998; interviewed 2015" for 1998. A bare number is read as the column has
/// always been read.
pub fn year_age_was_given(raw: &str, words: bool) -> Option<i32> {
    let t = raw.trim();
    if !words {
        if let Ok(y) = t.parse::<i32>() {
            return Some(y);
        }
        if let Some(y) = plain_year_or_date(&t.to_lowercase()) {
            return Some(y);
        }
    }
    let lower = t.to_lowercase();
    lower.split([';', ',', '/', '|', '(', ')', '\n']).find_map(year_of_record_in_clause)
}

/// An age written with its words ("62세", "만 54세", "약 65세", "about 65", "65 years"): the
/// number, when it is an age (0-120). A bare number is not read here (in a birth column "62" may
/// be a year).
pub fn age_in_words(raw: &str) -> Option<i32> {
    age_and_unit(raw).map(|(age, _)| age)
}

/// An age in a birth column: only with its unit ("54세", "약 65세", "65 years"). A prefix alone
/// ("ca. 55", "c. 60") is an uncertain year or number there, not an age.
pub fn age_in_birth_column(raw: &str) -> Option<i32> {
    age_and_unit(raw).and_then(|(age, unit)| unit.then_some(age))
}

/// An age written with its words, and whether a unit (세, 살, years) followed it.
fn age_and_unit(raw: &str) -> Option<(i32, bool)> {
    let t = raw.trim().to_lowercase();
    let mut rest = t.as_str();
    let mut marked = false;
    let mut unit = false;
    for prefix in ["만", "약", "about", "approx.", "approx", "ca.", "c.", "aged", "age"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
            marked = true;
            break;
        }
    }
    for suffix in ["세", "살", "years old", "years", "yrs", "y.o."] {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r.trim_end();
            marked = true;
            unit = true;
            break;
        }
    }
    let age: i32 = rest.trim_end_matches('?').parse().ok()?;
    (marked && (0..=120).contains(&age)).then_some((age, unit))
}

/// The number a numbered site is written by ("No. 2 Mine", "제2탄광", "2호 갱", "제2탄광 3갱"
/// is mine 2): the first run of digits, of at most three, without leading zeros. `None` for a
/// site whose name opens with a dotted number ("2.8 직동 탄광" is named after a date, 8 February,
/// not numbered 28; joining all digits made it "28 직동"), and for a value with no digits.
pub fn site_number(raw: &str) -> Option<&str> {
    let start = raw.find(|c: char| c.is_ascii_digit())?;
    let rest = &raw[start..];
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let number = rest[..end].trim_start_matches('0');
    (!dated_at(&rest[end..]) && end <= 3 && !number.is_empty()).then_some(number)
}

/// Whether a site is named after a date written with a dot or a middle dot between its numbers
/// ("2.8 직동 탄광", "2·8 직동청년탄광", "8・15 농장"): such a name is not numbered.
pub fn dated_site(raw: &str) -> bool {
    raw.find(|c: char| c.is_ascii_digit()).is_some_and(|start| {
        let rest = &raw[start..];
        let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        dated_at(&rest[end..])
    })
}

/// Whether the text after a site's first number continues it as a date: a dot or a middle dot,
/// then a digit.
fn dated_at(after: &str) -> bool {
    after.strip_prefix(['.', '·', '・', '‧', '･']).is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
}

/// A place value's parts: split at commas and brackets; Hangul words stand alone ("함북 길주"),
/// Latin ones may take two ("North Hamgyong"). A Latin part that begins or ends with a province
/// and names more ("Hamgyŏng-pukto Musan-gun", an address written province first as in Hangul,
/// or "Musan-gun North Hamgyong") is the province and the rest.
pub(crate) fn place_parts(raw: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = Vec::new();
    for part in raw.split([',', '(', ')']).map(str::trim).filter(|p| !p.is_empty()) {
        if part.chars().any(attest_korean::hangul::is_hangul) {
            parts.extend(part.split_whitespace());
        } else if let Some((first, second)) = province_and_rest(part) {
            parts.extend([first, second]);
        } else {
            parts.push(part);
        }
    }
    parts
}

/// A Latin place of several words split where a province in Latin letters
/// ([`attest_korean::places::romanized_province`]) begins or ends it and some other word
/// remains: (the first part, the second). `None` when the whole is a province or none is found.
fn province_and_rest(part: &str) -> Option<(&str, &str)> {
    use attest_korean::places::romanized_province;
    // Byte offsets where a word after the first begins.
    let starts: Vec<usize> = part
        .char_indices()
        .zip(part.chars().skip(1))
        .filter(|((_, c), next)| c.is_whitespace() && !next.is_whitespace())
        .map(|((i, c), _)| i + c.len_utf8())
        .collect();
    if starts.is_empty() || romanized_province(part).is_some() {
        return None;
    }
    // Words that only name the kind of place ("Province", "County") are not a place of their own.
    let names_a_place = |rest: &str| {
        rest.split_whitespace().any(|w| {
            !matches!(
                attest_korean::key::fold_latin(w).as_str(),
                "province" | "prov" | "do" | "county" | "gun" | "city" | "si" | "district" | "ri" | "dong"
            )
        })
    };
    // A province is written in at most this many words ("North Hamgyong Province", "N.
    // Hamgyong Prov. Do"): only so many heads and tails are tried, each read once, so a long
    // value costs time in its length, not its length squared.
    const PROVINCE_WORDS: usize = 4;
    let heads = &starts[..starts.len().min(PROVINCE_WORDS)];
    let tails = &starts[starts.len().saturating_sub(PROVINCE_WORDS)..];
    // The longest province first: "North Hamgyong Province Musan" keeps "Province" with it.
    heads
        .iter()
        .rev()
        .find_map(|&i| {
            let (head, tail) = (part[..i].trim_end(), part[i..].trim_start());
            (romanized_province(head).is_some() && names_a_place(tail)).then_some((head, tail))
        })
        .or_else(|| {
            tails.iter().find_map(|&i| {
                let (head, tail) = (part[..i].trim_end(), part[i..].trim_start());
                (romanized_province(tail).is_some() && names_a_place(head)).then_some((head, tail))
            })
        })
}

/// The province a Korean place value names besides something more specific ("함경북도 길주군",
/// "Kilju, North Hamgyong", "함북 길주"): its key, or `""` when the value names no province or
/// nothing more specific (`key` is the value's own place key).
pub fn province_of(raw: &str, key: &str) -> String {
    let parts = place_parts(raw);
    for part in parts {
        let k = attest_korean::places::place_key(part);
        let province = is_province(&k) || (part.ends_with('도') && part.chars().count() >= 3);
        if k != key && province {
            return k;
        }
    }
    String::new()
}

/// Place keys of the province 황해도 before its split (Hangul and romanized), and of its halves.
static HWANGHAE: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
    [attest_korean::places::place_key("황해도"), attest_korean::places::place_key("hwanghae")]
});
const HWANGHAE_HALVES: [&str; 2] = ["hwanghae-north", "hwanghae-south"];

/// Per county key, the keys of the provinces that hold it: the one it is in now and those it was
/// in before it moved ([`attest_korean::places::MOVED_COUNTIES`]).
static MOVED: std::sync::LazyLock<std::collections::HashMap<String, Vec<String>>> = std::sync::LazyLock::new(|| {
    use attest_korean::places::{MOVED_COUNTIES, place_key};
    MOVED_COUNTIES
        .iter()
        .map(|(c, now, was)| (place_key(c), std::iter::once(now).chain(was.iter()).map(|p| place_key(p)).collect()))
        .collect()
});

fn is_province(key: &str) -> bool {
    crate::compare::PROVINCE_KEYS.contains(&key) || HWANGHAE.iter().any(|h| h == key)
}

/// Whether two province keys name one province: the same key, or 황해도 before its split and
/// one of its halves.
fn same_province(a: &str, b: &str) -> bool {
    let whole = |k: &str| HWANGHAE.iter().any(|h| h == k);
    a == b || (whole(a) && HWANGHAE_HALVES.contains(&b)) || (whole(b) && HWANGHAE_HALVES.contains(&a))
}

/// The level of two Korean place values where a province decides it, from their keys and their
/// provinces ([`province_of`], empty when a value names none besides its place): two provinces
/// are one (1, "similar": the coarser value may be about any place in it, as for a province and
/// a place in it) or different (2: 함경북도 and 함경남도 look alike as strings, but are two
/// provinces; two halves of 황해도 written out are two); a province alone against a place in it
/// is 1, also when the place is a county that moved out of that province ("함경남도" and "양강도
/// 혜산": 혜산 was in 함경남도 until 1954). `None` when no province decides (the caller compares
/// the places).
pub(crate) fn province_level(a_key: &str, a_province: &str, b_key: &str, b_province: &str) -> Option<u8> {
    match (is_province(a_key), is_province(b_key)) {
        // "양강도(함남)" names the new province and the old: either may be the other's.
        (true, true) => {
            let one = same_province(a_key, b_key)
                || (!b_province.is_empty() && same_province(a_key, b_province))
                || (!a_province.is_empty() && same_province(b_key, a_province));
            Some(if one { 1 } else { 2 })
        }
        (true, false) => province_holds(a_key, b_key, b_province).then_some(1),
        (false, true) => province_holds(b_key, a_key, a_province).then_some(1),
        (false, false) => None,
    }
}

/// Whether two values that name one county (key) name it in two different provinces
/// (`a_province`, `b_province`, from [`province_of`]; empty where a value names none): 고성 in
/// 강원도 and 고성 in 경상남도 may be two counties of one name, as may a county of the North's
/// Kangwon and one of the South's Gangwon. Not when the county moved between the two (혜산 of
/// 양강도 and of 함경남도 is one place; see [`attest_korean::places::MOVED_COUNTIES`]), nor when
/// either value names no province.
pub(crate) fn provinces_disagree(county: &str, a_province: &str, b_province: &str) -> bool {
    if a_province.is_empty() || b_province.is_empty() || same_province(a_province, b_province) {
        return false;
    }
    let held = |p: &str| MOVED.get(county).is_some_and(|held| held.iter().any(|h| same_province(p, h)));
    !(held(a_province) && held(b_province))
}

/// Whether a province (key) holds a place (key, and the province written with it), now or before
/// the place's county moved: "양강도" holds "함경남도 혜산" as "함경남도" holds "양강도 혜산".
fn province_holds(province: &str, place: &str, written_with: &str) -> bool {
    (!written_with.is_empty() && same_province(province, written_with))
        || MOVED.get(place).is_some_and(|held| held.iter().any(|p| same_province(province, p)))
}

fn is_hanja(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A Korean name without the hanja in brackets, the 故 and (사망) markers, a 씨 or a title.
pub fn clean_name(raw: &str) -> Cow<'_, str> {
    let t = raw.trim();
    let marked = t.contains(['(', '（', '故', '[']) || TITLES.iter().any(|w| t.ends_with(w));
    if !marked {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(t.len());
    let mut depth = 0usize;
    for c in t.chars() {
        match c {
            '(' | '（' | '[' => depth += 1,
            ')' | '）' | ']' => depth = depth.saturating_sub(1),
            '故' => out.push(' '),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let mut words: Vec<&str> = out.split_whitespace().collect();
    // A title as its own word ("김영철 목사") or run on ("김영철씨": only 씨 and 님, which no
    // given name ends with).
    while words.len() > 1 && words.last().is_some_and(|w| TITLES.contains(w)) {
        words.pop();
    }
    let mut joined = words.join(" ");
    for suffix in ["씨", "님"] {
        if joined.chars().count() >= 3
            && joined.chars().all(|c| attest_korean::hangul::is_hangul(c) || c == ' ')
            && let Some(rest) = joined.strip_suffix(suffix)
        {
            joined = rest.trim_end().to_string();
        }
    }
    // A name written only in hanja stays as it was (the brackets held nothing to drop).
    if joined.trim().is_empty() || joined.chars().all(|c| is_hanja(c) || c == ' ') && !t.chars().all(is_hanja) {
        return if joined.trim().is_empty() { Cow::Borrowed(raw) } else { Cow::Owned(joined) };
    }
    Cow::Owned(joined)
}

/// The father's name in a relatives cell: "부 김철수, 모 이순자", "아버지: 김철수", "父 김덕태",
/// "Father: KIM Chol-su". `None` when the cell names no father (it may be the name itself).
pub fn father_in_relatives(raw: &str) -> Option<&str> {
    for part in raw.split([',', ';', '/', '·']) {
        let p = part.trim();
        for marker in ["father:", "father", "아버지:", "아버지", "부친:", "부친", "부:", "父:", "父", "부 "]
        {
            let head = p.get(..marker.len());
            if head.is_some_and(|h| h.eq_ignore_ascii_case(marker)) {
                let name = p[marker.len()..].trim_start_matches([':', ' ']).trim();
                if !name.is_empty() {
                    return Some(name);
                }
            }
        }
    }
    None
}

/// An age and the year it was given in, from one cell: "나이 45 (2019년 면담)", "45세, 2019년
/// 조사", "age 45 (interviewed 2019)", "62(2008)". Only when the cell holds exactly two numbers,
/// one an age (0-129, at most three digits) and one a year (1900-2099, four digits), so the
/// reading is unambiguous; a date ("2019.5.3") or two years give `None`.
///
/// A cell that marks its year as a birth year ("45세 (1974년생)", "born 1974, 45") gives `None`:
/// read as the year the age was said in, that year would put the birth 45 years before the birth.
/// A year written before the age counts only with a word saying when the age was given ("2019년
/// 면담 당시 45세", "as of 2019, 45"): "1974 (45)" is more likely a birth year and an age.
pub fn age_and_year(raw: &str) -> Option<(i32, i32)> {
    let s = ascii_digits(raw.trim());
    let lower = s.to_lowercase();
    let birth_marked = ["생", "生", "출생", "born", "b."].iter().any(|w| lower.contains(w));
    if birth_marked {
        return None;
    }
    let numbers: Vec<&str> = s.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).collect();
    let [a, b] = numbers[..] else { return None };
    let read = |n: &str| n.parse::<i32>().ok();
    let (age, year) = match (a.len(), b.len()) {
        (1..=3, 4) => (read(a)?, read(b)?),
        (4, 1..=3) if SAID_WHEN.iter().any(|w| lower.contains(w)) => (read(b)?, read(a)?),
        _ => return None,
    };
    ((0..130).contains(&age) && (1900..2100).contains(&year)).then_some((age, year))
}

/// Words saying when an age was given ("2019년 면담 당시 45세", "as of 2019: 45").
const SAID_WHEN: [&str; 9] = ["면담", "조사", "기준", "당시", "현재", "interview", "survey", "as of", "reported"];

/// Full-width digits and punctuation as ASCII.
fn ascii_digits(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if ('\u{FF01}'..='\u{FF5E}').contains(&c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c }
            })
            .collect(),
    )
}

/// A date or year of birth in any of the forms lists use, as `YYYY-MM-DD` or `YYYY`; the value
/// itself when it is already one the comparators read, or when it is not a date at all.
pub fn clean_date(raw: &str) -> Cow<'_, str> {
    let t = raw.trim();
    // Already plain: digits and the usual separators, day-first or year-first.
    let plain = t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.'));
    if plain && (crate::compare::parse_date(t).is_some() || (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))) {
        return Cow::Borrowed(raw);
    }
    // Decades ("1960s", "1960년대") and uncertain years ("1952?", "1952~") the comparators read.
    if t.ends_with(['s', '?', '~']) || t.ends_with("년대") {
        return Cow::Borrowed(raw);
    }
    let s = ascii_digits(t);
    let mut s: &str = &s;
    let lunar = s.contains("(음)") || s.contains("음력");
    let trimmed;
    if lunar || s.contains("(양)") || s.contains("양력") {
        trimmed = s.replace("(음)", " ").replace("(양)", " ").replace("음력", " ").replace("양력", " ");
        s = &trimmed;
    }
    let numbers: Vec<(&str, usize)> = {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            match (c.is_ascii_digit(), start) {
                (true, None) => start = Some(i),
                (false, Some(b)) => {
                    out.push((&s[b..i], b));
                    start = None;
                }
                _ => {}
            }
        }
        out
    };
    // An age and the year it was said in ("2019년 면담 당시 45세", "나이 45 (2019년 면담)"):
    // read before the dates, whose year-first branch would take the interview year for the birth.
    let age_words = ["대", "세", "살", "나이"].iter().any(|w| s.contains(w)) || s.to_lowercase().contains("age");
    if age_words
        && !s.contains('대')
        && let Some((age, said)) = age_and_year(s)
    {
        return Cow::Owned(format!("{:04}", said - age));
    }
    let num = |i: usize| numbers.get(i).and_then(|(n, _)| n.parse::<i64>().ok());
    let after = |i: usize| numbers.get(i).map(|(n, at)| s[at + n.len()..].trim_start()).unwrap_or("");
    let (mut year, mut month, mut day) = (None, None, None);
    if s.contains("단기") {
        year = num(0).filter(|y| (4000..4400).contains(y)).map(|y| y - 2333);
    } else if s.contains("주체") {
        // "주체40(1951)": the Gregorian year in brackets when given, else 주체 year + 1911.
        year = match (num(0), num(1)) {
            (_, Some(y)) if (1850..2100).contains(&y) => {
                (month, day) = (num(2), num(3));
                Some(y)
            }
            (Some(j), _) if (1..200).contains(&j) => {
                (month, day) = (num(1), num(2));
                Some(j + 1911)
            }
            _ => None,
        };
    } else if numbers.len() == 1 && numbers[0].0.len() == 5 && plain {
        // An Excel serial day number (days since 1899-12-30): 10000 is 1927, 45000 is 2023.
        if let Some(n) = num(0).filter(|n| (10_000..=50_000).contains(n)) {
            // 25,569 days from 1899-12-30 to 1970-01-01.
            if let Some(day) = attest_domain::date::Day::from_days_since_epoch(n - 25_569) {
                return Cow::Owned(day.iso());
            }
        }
    } else if let Some(first) = num(0) {
        let first_len = numbers[0].0.len();
        if first_len == 4 && (1850..2100).contains(&first) {
            (year, month, day) = (Some(first), num(1), num(2));
        } else if first_len == 2 && after(0).starts_with('년') {
            // "51년 3월": a two-digit year of the 1900s.
            (year, month, day) = (Some(1900 + first), num(1), num(2));
        } else if numbers.len() == 3 && numbers[2].0.len() == 4 && first <= 31 && num(1).is_some_and(|n| n <= 31) {
            // (An age and a span of years, "45세 (2018~2019년)", is not a date.)
            // "02/03/1968" or "03/17/1968": day first unless the second number cannot be a month.
            let (a, b) = (first, num(1).unwrap_or(0));
            let (m, d) = if b > 12 && a <= 12 { (a, b) } else { (b, a) };
            (year, month, day) = (num(2), Some(m), Some(d));
        }
    }
    let Some(y) = year.filter(|y| (1000..3000).contains(y)) else {
        // An age or an age band ("70대", "약 65세") where a birth date belongs gives no year
        // without the year it was said in: missing, not a value strangers could agree on. With
        // that year in the cell ("45세 (2019년 면담)"), the birth year is the one before the age.
        return if age_words { Cow::Borrowed("") } else { Cow::Borrowed(raw) };
    };
    match (month, day) {
        (Some(m), Some(d)) if !lunar && (1..=12).contains(&m) && (1..=31).contains(&d) => {
            Cow::Owned(format!("{y:04}-{m:02}-{d:02}"))
        }
        // A lunar birthday's month and day are not the calendar's; its year nearly always is.
        _ => Cow::Owned(format!("{y:04}")),
    }
}
