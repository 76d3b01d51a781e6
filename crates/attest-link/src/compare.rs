//! Field comparators: each turns two values into a comparison level (0 = the strongest agreement),
//! or `NULL` when either is missing, which then counts as no evidence either way.
//!
//! Strings are prepared once per record (normalised value, Korean-aware key, characters) so the
//! comparisons themselves allocate nothing.

use attest_korean::{key as korean_key, names::parse_person_name, places::place_key};

use crate::edit::same_text;
pub use crate::edit::{damerau, levenshtein, levenshtein_capped};
use crate::roles::{ColumnConfig, Role};

/// Level for a missing value.
pub const NULL: u8 = u8::MAX;

/// A field prepared for comparison.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// Normalised value ("" when missing).
    pub value: String,
    /// Comparison key (Korean-aware where configured; else the value).
    pub key: String,
    /// `key` as characters.
    pub key_chars: Vec<char>,
    /// `value` as characters.
    pub chars: Vec<char>,
    /// Year (dates, birth years, ages turned into birth years).
    pub year: Option<i32>,
    /// Month and day (dates).
    pub month_day: Option<(u8, u8)>,
    /// A Korean given name in Hangul with ㅓ or ㅕ: its key as a passport spells it, with u for
    /// those vowels ([`attest_korean::key::key_with_u_for_eo`]); a Korean place naming a place
    /// within a province: the province's key ([`crate::messy_values::province_of`]); empty
    /// otherwise.
    pub key_u: String,
    /// Parsed parts of a (Korean) full name; boxed because most fields are not names.
    pub name: Option<Box<NameParts>>,
    /// A Western given name read for nicknames once per distinct value (see
    /// [`crate::western::GivenForm`]); `None` elsewhere.
    pub given_form: Option<std::sync::Arc<crate::western::GivenForm>>,
    /// `value` is all Hangul ([`all_hangul`]), read once per distinct value: the Korean
    /// given-name comparator asks it of every distinct pair.
    pub hangul: bool,
    /// For a Korean name written in Latin letters, a hash of its given-name key before the sound
    /// changes between syllables were folded ([`written_hash`]); 0 for a value with Hangul in it.
    /// Two Latin spellings whose keys agree only once folded (Seok-min, Seong-min: 석민 and 성민
    /// in Revised Romanization, which writes names as spelled) are different names written
    /// down, not one name heard: they agree as "close", never as "same".
    pub written: u64,
    /// `key_chars`' lower-case ASCII letters counted, read by the Jaro-Winkler bound
    /// ([`jw_unless_below_keys`]) on every pair of distinct values that differ.
    pub key_letters: LetterCounts,
}

/// The lower-case ASCII letters of a key counted, with how many other characters it holds and
/// its length: [`jw_below`]'s letters in common for two keys become 26 minimums instead of two
/// passes over both keys (the bound ran on most pairs of places, and was most of their cost).
/// A count whose `len` differs from the key it is read with (a key over 255 characters, or a
/// value made without [`prepare`]) is not used: the bound is then counted from the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LetterCounts {
    counts: [u8; 26],
    other: u8,
    len: u8,
}

impl LetterCounts {
    /// None counted (the empty key's).
    pub const NONE: LetterCounts = LetterCounts { counts: [0; 26], other: 0, len: 0 };

    /// The letters of `chars` counted; [`LetterCounts::NONE`] for more than 255 characters.
    pub fn of(chars: &[char]) -> Self {
        let Ok(len) = u8::try_from(chars.len()) else { return Self::NONE };
        let mut out = LetterCounts { len, ..Self::NONE };
        for &c in chars {
            if c.is_ascii_lowercase() {
                out.counts[(c as u8 - b'a') as usize] += 1;
            } else {
                out.other += 1;
            }
        }
        out
    }

    /// Whether these are the counts of `chars` (same length, and made).
    fn is_of(&self, chars: &[char]) -> bool {
        !chars.is_empty() && usize::from(self.len) == chars.len()
    }
}

/// The parts of a full name, as comparison keys.
#[derive(Debug, Clone, Default)]
pub struct NameParts {
    /// Surname key.
    pub surname: String,
    /// Given-name key.
    pub given: Vec<char>,
    /// Looser given-name key: equal means "close", never "same".
    pub given_loose: String,
    /// The given name as written, when it is in Hangul: two Hangul names are compared as written,
    /// since their romanization key merges different vowels (ㅓ/ㅗ, ㅕ/ㅛ, ㅡ/ㅜ).
    pub given_hangul: String,
}

fn all_hangul(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| attest_korean::hangul::is_hangul(c) || c.is_whitespace())
}

/// Syllables that differ between two Hangul strings of the same length (`usize::MAX` when the
/// lengths differ).
fn syllables_apart(a: &str, b: &str) -> usize {
    // Both sides walked together, nothing collected (two vectors a call cost more than the
    // comparison: a quarter of a million calls on the 10,000-people registry).
    let (mut x, mut y) = (a.chars().filter(|c| !c.is_whitespace()), b.chars().filter(|c| !c.is_whitespace()));
    let mut apart = 0;
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) => apart += usize::from(p != q),
            (None, None) => return apart,
            _ => return usize::MAX,
        }
    }
}

/// Whether the Jaro-Winkler similarity of `a` and `b` (as [`jw`] computes it) is surely below
/// `bar`, from an upper bound: Jaro's matches are at most the letters the two share (counted
/// with repeats, wherever they sit), its transposition term is at most 1, and the Winkler
/// boost grows with Jaro. The bound keeps a margin of 1e-9 for rounding, so a `true` is never
/// wrong; a `false` says nothing. Hand-written: the bound is specific to this comparator.
pub(crate) fn jw_below(a: &[char], b: &[char], bar: f64) -> bool {
    if a.is_empty() || b.is_empty() || a.len() > 255 || b.len() > 255 {
        return false;
    }
    jw_bound_below(a, b, letters_in_common(a, b), bar)
}

/// Letters `a` and `b` share, counted with repeats as [`jw_below`] counts them.
fn letters_in_common(a: &[char], b: &[char]) -> usize {
    // Letters in common, counted with repeats: lower-case ASCII letters exactly (romanized
    // keys); any other character of `a` counts as shared, which only loosens the bound.
    let mut left = [0u8; 26];
    for &c in b {
        if c.is_ascii_lowercase() {
            left[(c as u8 - b'a') as usize] += 1;
        }
    }
    let mut common = 0usize;
    for &c in a {
        if c.is_ascii_lowercase() {
            let n = &mut left[(c as u8 - b'a') as usize];
            if *n > 0 {
                *n -= 1;
                common += 1;
            }
        } else {
            common += 1;
        }
    }
    common
}

/// [`jw_below`] for two keys with their letters counted ([`LetterCounts::of`]), the same answer
/// from the counts.
pub(crate) fn jw_below_counted(a: &[char], la: &LetterCounts, b: &[char], lb: &LetterCounts, bar: f64) -> bool {
    if !la.is_of(a) || !lb.is_of(b) {
        return jw_below(a, b, bar);
    }
    let shared: usize = la.counts.iter().zip(&lb.counts).map(|(&x, &y)| usize::from(x.min(y))).sum();
    jw_bound_below(a, b, shared + usize::from(la.other), bar)
}

/// The bound of [`jw_below`] from the letters `a` and `b` have in common.
fn jw_bound_below(a: &[char], b: &[char], common: usize, bar: f64) -> bool {
    let common = common.min(b.len());
    if common == 0 {
        // Jaro-Winkler without a letter in common is 0.
        return bar > 0.0;
    }
    let m = common as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + 1.0) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro) < bar - 1e-9
}

/// Parses a date: `YYYYMMDD`, `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY`, `YYYY.MM.DD`.
pub fn parse_date(s: &str) -> Option<(i32, u8, u8)> {
    let t = s.trim();
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let parts: Vec<&str> = t.split(['-', '/', '.', ' ']).filter(|p| !p.is_empty()).collect();
    let (y, m, d) = if parts.len() == 3 {
        let nums: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if nums.len() != 3 {
            return None;
        }
        if parts[0].len() == 4 {
            (nums[0], nums[1], nums[2])
        } else if parts[2].len() == 4 {
            (nums[2], nums[1], nums[0])
        } else {
            return None;
        }
    } else if digits.len() == 8 && digits.len() == t.len() {
        (digits[0..4].parse().ok()?, digits[4..6].parse().ok()?, digits[6..8].parse().ok()?)
    } else {
        return None;
    };
    ((1000..=2999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m as u8, d as u8))
}

fn year_of(s: &str) -> Option<i32> {
    let t = s.trim();
    // Only a written decade ("1960s", "1960년대") means the middle of a decade: a plain "1960" is
    // a year (reading it as 1965 put every year ending in 0 five years from its neighbours).
    if (t.ends_with('s') || t.ends_with("년대"))
        && let Some(d) = attest_korean::places::decade(t)
    {
        return Some(i32::from(d) + 5);
    }
    let y: i32 = t.trim_end_matches('년').trim_end_matches('?').trim_end_matches('~').parse().ok()?;
    (1000..=2999).contains(&y).then_some(y)
}

/// Two romanization keys equal but for u against o: a passport's u for ㅓ and ㅡ ("Young-chul",
/// "Duk") against another system's o. Not a sibling's shared syllable, which differs by more.
pub(crate) fn same_but_u_for_o(a: &str, b: &str) -> bool {
    let fold = |c: char| if c == 'u' { 'o' } else { c };
    a.len() == b.len() && a.chars().map(fold).eq(b.chars().map(fold))
}

/// Province names and words, skipped when a value names something more specific.
pub(crate) const PROVINCE_KEYS: &[&str] = &[
    "north-hamgyong",
    "south-hamgyong",
    "north-pyongan",
    "south-pyongan",
    "ryanggang",
    "chagang",
    "kangwon-n",
    "kangwon-s",
    "hwanghae-north",
    "hwanghae-south",
];

/// The key of the most specific place a value names: "Musan, North Hamgyong", "함경북도 무산군"
/// and "Musan County" all give Musan's key (the province is a qualifier, not the place). A
/// numbered site ("No. 2 Mine", "제2탄광", "2호 갱", "Pit No. 2") is keyed by its number, the
/// designation every list shares however it words the rest.
fn specific_place_key(raw: &str, site: bool) -> String {
    if site && let Some(number) = crate::messy_values::site_number(raw) {
        return format!("no.{number}");
    }
    // A site named after a date ("2·8 직동청년탄광") is keyed by its whole name written without
    // spaces: split into parts, "2.8" alone would be its key and every "2.8" enterprise one site.
    if site && crate::messy_values::dated_site(raw) {
        return place_key(&raw.replace(['·', '・', '‧', '･'], ".").replace(char::is_whitespace, ""));
    }
    let parts = crate::messy_values::place_parts(raw);
    // A part is the province when a province's key, its kind word or a province in Latin
    // letters says so ("North Kangwon", "South Kyongsang": the address's province written first,
    // split off by `place_parts`, is skipped and the county keyed).
    let is_province = |part: &str, key: &str| {
        let lower = part.to_lowercase();
        PROVINCE_KEYS.contains(&key)
            || lower.ends_with("province")
            || lower.ends_with("-do")
            || (part.ends_with('도') && part.chars().count() >= 3)
            || attest_korean::places::romanized_province(part).is_some()
    };
    let keys: Vec<(String, bool)> = parts
        .iter()
        .map(|p| {
            let k = place_key(p);
            let province = is_province(p, &k);
            (k, province)
        })
        .collect();
    match keys.iter().find(|(_, province)| !province).or(keys.first()) {
        Some((k, _)) if parts.len() > 1 => k.clone(),
        _ => place_key(raw),
    }
}

/// A birth column's age written with its words ("62세", "약 65세"), with the year it was given
/// (from another column of the record): the birth year.
fn year_from_age_in_words(raw: &str, reported_year: Option<i32>) -> Option<i32> {
    Some(reported_year? - crate::messy_values::age_in_birth_column(raw)?)
}

/// A given name's key as pronounced ([`attest_korean::key::sound_fold`]): the sound changes
/// between syllables folded (Tŏng-nyong, Deok-ryong and 덕룡 are one name) and a doubled
/// consonant written once ("Sokkil" and "Sŏk-kil"; the key folds doubles within a syllable run
/// but not across the hyphen).
fn given_key(key: &str) -> String {
    attest_korean::key::sound_fold(key)
}

/// The hash [`Prepared::written`] keeps: the key as written, doubled consonants written once.
fn written_hash(raw: &str, key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    if raw.chars().any(attest_korean::hangul::is_hangul) {
        return 0;
    }
    let mut chars: Vec<char> = key.chars().collect();
    chars.dedup_by(|b, a| a == b && matches!(*a, 'k' | 't' | 'p' | 's' | 'c' | 'l'));
    let mut h = std::collections::hash_map::DefaultHasher::new();
    chars.hash(&mut h);
    h.finish() | 1
}

/// Whether two names whose folded keys agree agree as written too, or one is in Hangul (whose
/// key is its pronounced form as a Latin spelling heard would write it).
fn same_as_written(a: &Prepared, b: &Prepared) -> bool {
    a.written == 0 || b.written == 0 || a.written == b.written
}

/// A Latin given name spelled as passports do, with u for the ㅓ or ㅕ of a Hangul one ("Sung-chul"
/// for 성철, "Myung" for 명): the same name across scripts, not merely a close one.
fn passport_spelling(latin: &Prepared, hangul: &Prepared) -> bool {
    !hangul.key_u.is_empty()
        && latin.key_u.is_empty()
        && !latin.hangul
        && attest_korean::key::spells_with_u_for_eo(&latin.key, &hangul.key, &hangul.key_u)
}

/// Two given names that are one name as passports spell it. Against Hangul: the Latin one writes
/// u exactly where the Hangul has ㅓ or ㅕ ([`passport_spelling`]). Between two Latin spellings:
/// keys equal but for u against o ("Myoung-kul" and "Myong Gol", "Sangchul" and "Sang Chol"):
/// the key already reads o as ㅓ or ㅗ and u as ㅜ or ㅡ, and a passport's u is ㅓ as often as
/// not, so neither spelling tells the vowels apart. This also meets Revised Romanization's Sun
/// (순) and Son (손): names a vowel apart are kept apart by the other fields, not the name.
fn passport_same_name(a: &Prepared, b: &Prepared) -> bool {
    passport_spelling(a, b)
        || passport_spelling(b, a)
        || (!a.hangul && !b.hangul && same_but_u_for_o(&a.key, &b.key) && (a.key != b.key || same_as_written(a, b)))
}

/// Prepares one value of one column. `reported_year` is the row's reported year, used to turn an
/// age into a birth year.
pub fn prepare(column: &ColumnConfig, raw: &str, reported_year: Option<i32>) -> Prepared {
    // An age in a birth column ("54세" among years and dates), with the year it was given in
    // another column of the record: the birth year.
    if matches!(column.role, Role::BirthYear | Role::Dob)
        && let Some(year) = year_from_age_in_words(raw, reported_year)
    {
        return prepare(column, &year.to_string(), None);
    }
    // Missing-value words, other calendars, name markers, relatives cells (`messy_values`).
    let cleaned = crate::messy_values::clean(column.role, raw);
    let raw: &str = &cleaned;
    let value: String = raw.trim().to_lowercase();
    if value.is_empty() {
        return Prepared::default();
    }
    let mut p = Prepared { chars: value.chars().collect(), value: value.clone(), ..Prepared::default() };
    p.value.shrink_to_fit();
    p.hangul = all_hangul(&p.value);
    match column.role {
        Role::GivenName | Role::Surname if column.korean => {
            p.key = if column.role == Role::Surname {
                attest_korean::names::surname_key(raw).map(str::to_string).unwrap_or_else(|| korean_key(raw))
            } else {
                let written = korean_key(raw);
                p.written = written_hash(raw, &written);
                given_key(&written)
            };
            if column.role == Role::GivenName && all_hangul(raw.trim()) {
                p.key_u = attest_korean::key::key_with_u_for_eo(raw).map(|k| given_key(&k)).unwrap_or_default();
            }
        }
        Role::FullName | Role::FatherName if column.korean => {
            let mut n = parse_person_name(raw);
            p.written = written_hash(raw, &format!("{}|{}", n.surname, n.given));
            (n.given, n.given_loose) = (given_key(&n.given), given_key(&n.given_loose));
            p.key = format!("{}|{}", n.surname, n.given);
            let given_hangul = attest_korean::names::split_person_name(raw)
                .map(|(_, g)| g)
                .filter(|g| all_hangul(g))
                .unwrap_or_default();
            p.name = Some(Box::new(NameParts {
                given: n.given.chars().collect(),
                surname: n.surname,
                given_loose: n.given_loose,
                given_hangul,
            }));
        }
        Role::FullName => {
            let mut tokens: Vec<&str> = value.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
            tokens.sort_unstable();
            p.key = tokens.join(" ");
        }
        Role::Place | Role::Site if column.korean => {
            p.key = specific_place_key(raw, column.role == Role::Site);
            if column.role == Role::Place {
                p.key_u = crate::messy_values::province_of(raw, &p.key);
            }
        }
        Role::Dob => {
            if let Some((y, m, d)) = parse_date(raw) {
                p.year = Some(y);
                p.month_day = Some((m, d));
                p.key = format!("{y:04}{m:02}{d:02}");
            } else {
                p.year = year_of(raw);
                p.key = value.chars().filter(|c| c.is_ascii_digit()).collect();
            }
        }
        Role::BirthYear => {
            // A merged list's birth column holds years, "1952년" and whole dates side by side.
            p.year = year_of(raw).or_else(|| parse_date(raw).map(|(y, _, _)| y));
            p.key = p.year.map(|y| y.to_string()).unwrap_or_else(|| value.clone());
        }
        Role::Age => {
            // "62(2008)", "62세 (2008년)": the age with the year it was given, in one cell.
            let (age_text, inline_year) = match value.split_once('(') {
                Some((a, y)) => (a.trim(), year_of(y.trim_end_matches(')').trim())),
                None => (value.as_str(), None),
            };
            let age: Option<i32> = age_text
                .trim_end_matches('세')
                .trim()
                .parse()
                .ok()
                .or_else(|| crate::messy_values::age_in_words(age_text));
            p.year = match (age, inline_year.or(reported_year)) {
                (Some(a), Some(r)) if (0..130).contains(&a) => Some(r - a),
                _ => None,
            };
            p.key = p.year.map(|y| y.to_string()).unwrap_or_else(|| value.clone());
        }
        Role::ReportedYear => {
            p.year = year_of(raw);
            p.key = value.clone();
        }
        Role::Sex => {
            p.key = attest_korean::places::normalize_sex(raw).map(|c| c.to_string()).unwrap_or_else(|| value.clone());
        }
        Role::Identifier | Role::Postcode | Role::StreetNumber => {
            p.key = value.chars().filter(|c| c.is_alphanumeric()).collect();
        }
        _ => p.key = value.clone(),
    }
    // Keep character arrays only where a comparator measures edits or similarity on them.
    let korean = column.korean;
    let value_chars = matches!(column.role, Role::Text | Role::Address)
        || (!korean && matches!(column.role, Role::GivenName | Role::Surname | Role::FatherName));
    let key_chars = matches!(
        column.role,
        Role::FullName | Role::Dob | Role::Identifier | Role::Postcode | Role::StreetNumber | Role::Place | Role::Site
    ) || (korean && matches!(column.role, Role::GivenName | Role::Surname));
    if key_chars {
        p.key_chars = p.key.chars().collect();
        p.key_letters = LetterCounts::of(&p.key_chars);
    }
    if !value_chars {
        p.chars = Vec::new();
    }
    if column.role == Role::GivenName && !korean {
        p.given_form = crate::western::GivenForm::of(&p.value).map(std::sync::Arc::new);
    }
    p
}

/// Number of levels a role's comparator has (excluding `NULL`).
pub fn level_count(column: &ColumnConfig) -> usize {
    match column.role {
        Role::GivenName | Role::Surname | Role::FatherName | Role::FullName | Role::Dob => 5,
        Role::BirthYear | Role::Age | Role::Text | Role::Address | Role::Number => 4,
        Role::Identifier | Role::Postcode | Role::StreetNumber | Role::Place | Role::Site => 3,
        Role::Sex => 2,
        Role::Id | Role::Source | Role::Ignore | Role::ReportedYear => 0,
    }
}

/// Human names of a role's levels, for `explain` and the printed parameters.
pub fn level_names(column: &ColumnConfig) -> &'static [&'static str] {
    match column.role {
        Role::FullName | Role::FatherName if column.korean => &[
            "exact",
            "same name (any order or spelling)",
            "same surname, given name one letter off",
            "same given name, surname differs",
            "different given names",
        ],
        Role::GivenName | Role::Surname if column.korean => {
            &["exact", "same romanization key", "key similar (JW >= 0.92)", "key similar (JW >= 0.80)", "different"]
        }
        Role::GivenName => &["exact", "JW >= 0.94", "JW >= 0.88 or a nickname", "JW >= 0.70", "different"],
        Role::Surname | Role::FatherName => &["exact", "JW >= 0.94", "JW >= 0.88", "JW >= 0.70", "different"],
        Role::FullName => &["exact", "same words in any order", "JW >= 0.92", "JW >= 0.80", "different"],
        Role::Dob => &[
            "exact",
            "one digit off or swapped",
            "day and month swapped / two digits off",
            "birth year within 1",
            "different",
        ],
        Role::BirthYear | Role::Age => &["same year", "1 year apart", "2 years apart", "further apart"],
        Role::Address => &["exact", "JW >= 0.90", "JW >= 0.75", "different"],
        Role::Text => &["exact", "one edit (Levenshtein)", "two or three edits", "different"],
        Role::Number => &["equal", "within 5 %", "within 20 %", "different"],
        Role::Postcode => &["exact", "one edit apart or same district", "different"],
        Role::Identifier | Role::StreetNumber => &["exact", "one edit apart", "different"],
        // Level 1 of a place is more than a spelling: one place named within the other, a
        // province and a place in it, one county name written with two provinces.
        Role::Place | Role::Site => &["same place", "similar or within the other (JW >= 0.90)", "different"],
        Role::Sex => &["same", "different"],
        _ => &[],
    }
}

/// Columns with at most this many distinct values (the empty one included) get a table of the
/// levels of every pair of values ([`level_table`]): a sex, a birth year, a parish, an occupation.
pub const LEVEL_TABLE_VALUES: usize = 512;

/// The levels of every pair of a column's distinct values (`values[0]` the empty one), row-major
/// (`x * values.len() + y`), exactly as pairs of records holding them compare: `NULL` with the
/// empty value, 0 for the same value, else [`level`]. `None` for columns with more than
/// [`LEVEL_TABLE_VALUES`] values. Comparing a pair then reads one byte of a table that stays in
/// the processor's cache instead of two prepared values scattered in memory.
pub fn level_table(column: &ColumnConfig, values: &[Prepared]) -> Option<Vec<u8>> {
    let d = values.len();
    if d > LEVEL_TABLE_VALUES {
        return None;
    }
    let mut table = vec![NULL; d * d];
    for x in 1..d {
        table[x * d + x] = 0;
        for y in x + 1..d {
            let l = level(column, &values[x], &values[y]);
            table[x * d + y] = l;
            table[y * d + x] = l;
        }
    }
    Some(table)
}

fn jw(a: &[char], b: &[char]) -> f64 {
    attest_korean::key::jaro_winkler_chars(a, b)
}

/// [`jw`], or 0 where [`jw_below`] shows it is below `bar`: for a caller whose levels are all
/// the same below `bar`, the same level, without the cost of Jaro-Winkler.
fn jw_unless_below(a: &[char], b: &[char], bar: f64) -> f64 {
    if jw_below(a, b, bar) { 0.0 } else { jw(a, b) }
}

/// [`jw_unless_below`] on two prepared values' keys, the bound read from their letter counts.
fn jw_unless_below_keys(a: &Prepared, b: &Prepared, bar: f64) -> f64 {
    if jw_below_counted(&a.key_chars, &a.key_letters, &b.key_chars, &b.key_letters, bar) {
        0.0
    } else {
        jw(&a.key_chars, &b.key_chars)
    }
}

/// Korean full names: 0 exact, 1 same keys, 2 same surname and given-name key one edit off,
/// 3 same given name under another surname spelling, 4 different given names. Given names are
/// short (two syllables), so similarity scores run high even for different names; edits on the
/// romanization-insensitive key, with a similarity floor, separate them better.
fn full_name_level(a: &Prepared, b: &Prepared) -> u8 {
    if a.value == b.value {
        return 0;
    }
    let empty = NameParts::default();
    let same_key = a.key == b.key && same_as_written(a, b);
    let (a, b) = (a.name.as_deref().unwrap_or(&empty), b.name.as_deref().unwrap_or(&empty));
    if !a.given_hangul.is_empty() && !b.given_hangul.is_empty() {
        // Both written in Hangul: the written form decides; the romanization key is only for
        // comparing across scripts.
        let apart = syllables_apart(&a.given_hangul, &b.given_hangul);
        return match (a.surname == b.surname, apart) {
            (true, 0) => 1,
            (true, 1) => 2,
            (false, 0) => 3,
            _ => 4,
        };
    }
    if same_key {
        return 1;
    }
    let given_edits = damerau(&a.given, &b.given, 2);
    let close = (given_edits <= 1 && jw(&a.given, &b.given) >= 0.9)
        || (!a.given_loose.is_empty() && a.given_loose == b.given_loose);
    if a.surname == b.surname && close {
        2
    } else if given_edits == 0 {
        3
    } else {
        4
    }
}

/// Whether every word of the shorter place is a word of the longer ("Ivybridge" within "Devon,
/// Ivybridge"): one list writes the parish, another the county and the parish.
fn words_within(a: &str, b: &str) -> bool {
    // Words counted and searched in place, nothing collected (two vectors a call were most of
    // its cost; it runs for every pair of places that are not the same).
    fn words(s: &str) -> impl Iterator<Item = &str> + Clone {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
    }
    let (x, y) = (words(a), words(b));
    let (nx, ny) = (x.clone().count(), y.clone().count());
    let (short, long, ns, nl) = if nx <= ny { (x, y, nx, ny) } else { (y, x, ny, nx) };
    ns != 0 && ns < nl && short.into_iter().all(|w| long.clone().any(|v| v == w))
}

/// Two postcodes written with an outward and an inward part ("tq13 8df", "tq13 8hu") that share
/// the outward part: the same district, a neighbouring address (a person's records keep the area
/// and change the street).
fn same_postcode_district(column: &ColumnConfig, a: &Prepared, b: &Prepared) -> bool {
    column.role == Role::Postcode
        && matches!((a.value.split_once(' '), b.value.split_once(' ')), (Some((x, _)), Some((y, _))) if x == y && !x.is_empty())
}

/// A date written with separators between its parts ("1867-10-57", "12/03/1950"), not as one
/// run of digits ("19560213").
pub(crate) fn written_with_separators(value: &str) -> bool {
    value.trim_matches(|c: char| !c.is_ascii_digit()).contains(|c: char| !c.is_ascii_digit())
}

/// The comparison level of two prepared values.
pub fn level(column: &ColumnConfig, a: &Prepared, b: &Prepared) -> u8 {
    if a.value.is_empty() || b.value.is_empty() {
        return NULL;
    }
    match column.role {
        Role::FatherName if column.korean => full_name_level(a, b),
        Role::GivenName | Role::Surname | Role::FatherName => {
            if a.value == b.value {
                0
            } else if column.korean {
                if column.role == Role::GivenName && a.hangul && b.hangul {
                    // Within Hangul, compare as written (see `NameParts::given_hangul`).
                    if syllables_apart(&a.value, &b.value) == 1 { 3 } else { 4 }
                } else if (a.key == b.key && same_as_written(a, b))
                    || (column.role == Role::GivenName && passport_same_name(a, b))
                {
                    1
                } else {
                    // (Below 0.80 the levels are the same for any similarity: no need to
                    // compute it where the bound says so.)
                    let s = jw_unless_below_keys(a, b, 0.80);
                    // A u against the o of a Hangul ㅗ: close, not the same name.
                    if s >= 0.92 || (column.role == Role::GivenName && same_but_u_for_o(&a.key, &b.key)) {
                        2
                    } else if s >= 0.80 {
                        3
                    } else {
                        4
                    }
                }
            } else {
                let s = jw_unless_below(&a.chars, &b.chars, 0.70);
                // A nickname or variant ("peggy" / "margaret") is near, not the same: at level 1
                // it raised that level's u (relatives' names) and cost typo pairs in a census.
                if s >= 0.94 {
                    1
                } else if s >= 0.88
                    || (column.role == Role::GivenName
                        && matches!((&a.given_form, &b.given_form), (Some(x), Some(y)) if x.compatible(y)))
                {
                    2
                } else if s >= 0.70 {
                    3
                } else {
                    4
                }
            }
        }
        Role::FullName => {
            if a.value == b.value {
                0
            } else if column.korean {
                full_name_level(a, b)
            } else if a.key == b.key {
                1
            } else {
                let s = jw_unless_below_keys(a, b, 0.8);
                if s >= 0.92 {
                    2
                } else if s >= 0.8 {
                    3
                } else {
                    4
                }
            }
        }
        Role::Dob => {
            if same_text(&a.key, &b.key) {
                return 0;
            }
            if let (Some(x), Some(y)) = (a.month_day, b.month_day) {
                let d = damerau(&a.key_chars, &b.key_chars, 2);
                if d <= 1 {
                    return 1;
                }
                if (x.0 == y.1 && x.1 == y.0 && a.year == b.year) || d == 2 {
                    return 2;
                }
            }
            // A digit typo can make a written date impossible ("1867-10-57"): its digits still
            // count. Only where both are written with separators: an undelimited eight-digit value
            // that is no date may not be year-month-day at all (FEBRL's hard pairs lost weight when
            // this applied to them), so one digit of it says less.
            // (The lengths are tested first: they are cheapest.)
            if (a.month_day.is_none() || b.month_day.is_none())
                && a.key_chars.len() == 8
                && b.key_chars.len() == 8
                && written_with_separators(&a.value)
                && written_with_separators(&b.value)
                && damerau(&a.key_chars, &b.key_chars, 1) <= 1
            {
                return 1;
            }
            match (a.year, b.year) {
                (Some(x), Some(y)) if (x - y).abs() <= 1 => 3,
                _ => 4,
            }
        }
        Role::BirthYear | Role::Age => match (a.year, b.year) {
            (Some(x), Some(y)) => ((x - y).unsigned_abs().min(3)) as u8,
            _ => {
                if a.key == b.key {
                    0
                } else {
                    3
                }
            }
        },
        Role::Identifier | Role::Postcode | Role::StreetNumber => {
            if same_text(&a.key, &b.key) {
                0
            } else if damerau(&a.key_chars, &b.key_chars, 1) <= 1 || same_postcode_district(column, a, b) {
                1
            } else {
                2
            }
        }
        Role::Place | Role::Site => {
            if a.key == b.key {
                // One county name written with two different provinces may be two counties
                // (고성 of 강원도 and of 경상남도): similar, not the same place. (As "different"
                // it cost the petitions 0.001-0.004 of F1: a person's origin is also written
                // with a wrong or an older province.)
                let korean_place = column.korean && column.role == Role::Place;
                if korean_place && crate::messy_values::provinces_disagree(&a.key, &a.key_u, &b.key_u) { 1 } else { 0 }
            } else if let Some(level) = (column.korean && column.role == Role::Place)
                .then(|| crate::messy_values::province_level(&a.key, &a.key_u, &b.key, &b.key_u))
                .flatten()
            {
                level
            } else if jw_unless_below_keys(a, b, 0.9) >= 0.9 || words_within(&a.key, &b.key) {
                1
            } else if (!b.key_u.is_empty() && a.key == b.key_u) || (!a.key_u.is_empty() && b.key == a.key_u) {
                // Only the province on one side, a place in that province on the other.
                1
            } else {
                2
            }
        }
        Role::Text => {
            if a.value == b.value {
                0
            } else {
                match levenshtein_capped(&a.chars, &b.chars, 3) {
                    1 => 1,
                    2 | 3 => 2,
                    _ => 3,
                }
            }
        }
        Role::Number => match (a.value.parse::<f64>(), b.value.parse::<f64>()) {
            (Ok(x), Ok(y)) => {
                let scale = x.abs().max(y.abs()).max(1e-9);
                let rel = (x - y).abs() / scale;
                if rel == 0.0 {
                    0
                } else if rel <= 0.05 {
                    1
                } else if rel <= 0.2 {
                    2
                } else {
                    3
                }
            }
            _ => u8::from(a.value != b.value) * 3,
        },
        Role::Address => {
            if a.value == b.value {
                0
            } else {
                let s = jw(&a.chars, &b.chars);
                if s >= 0.9 {
                    1
                } else if s >= 0.75 {
                    2
                } else {
                    3
                }
            }
        }
        Role::Sex => u8::from(a.key != b.key),
        Role::Id | Role::Source | Role::Ignore | Role::ReportedYear => NULL,
    }
}

#[cfg(test)]
mod tests;
