//! Korean personal names: surnames in all their spellings, name order, and a comparison that
//! works across Hangul, South and North Korean romanizations.
//!
//! Handles "Kim Young-ho", "Young-ho Kim", "KIM Young Ho", "Kim, Young-ho", "Pak Tong Gu" (DPRK
//! style, given-name syllables apart), "김영호" and "김 영호". Surname spellings that no rule derives
//! (Lee/Yi/Rhee/Ri for 이/리, Park/Pak/Bak for 박, Choi/Choe/Chwe for 최) come from a table.

use crate::hangul::is_hangul;
use crate::key::{fold_latin, jaro_winkler, key, loose_key};

/// Surnames: a canonical key and the spellings seen for it (Hangul in South and North Korean
/// forms, RR, McCune-Reischauer, passport and personal spellings).
pub const SURNAMES: &[(&str, &[&str])] = &[
    ("kim", &["김", "kim", "gim", "ghim"]),
    ("i", &["이", "리", "lee", "yi", "rhee", "ri", "rhie", "i", "reigh", "ree", "li", "yee"]),
    ("pak", &["박", "park", "pak", "bak", "bahk", "pack"]),
    ("choe", &["최", "choi", "choe", "chwe", "choy", "chey", "ch'oe"]),
    ("cong", &["정", "jung", "jeong", "chung", "chong", "joung", "cheong", "jong", "ch'ŏng", "chŏng"]),
    ("kang", &["강", "kang", "gang"]),
    ("co", &["조", "cho", "jo", "joe", "jho", "ch'o"]),
    ("yun", &["윤", "yoon", "yun", "youn"]),
    ("cang", &["장", "jang", "chang", "zang"]),
    ("lim", &["임", "림", "lim", "rim", "im", "yim", "leem"]),
    ("han", &["한", "han", "hahn"]),
    ("o", &["오", "oh", "o", "ohh"]),
    ("so", &["서", "seo", "suh", "so", "sŏ", "seoh"]),
    ("sin", &["신", "shin", "sin", "sheen"]),
    ("kwon", &["권", "kwon", "gwon", "kwŏn", "kweon"]),
    ("hwang", &["황", "hwang", "whang"]),
    ("an", &["안", "ahn", "an", "ann"]),
    ("song", &["송", "song", "sung"]),
    ("yu", &["류", "유", "yoo", "yu", "you", "ryu", "ryoo", "rhyu", "lyu"]),
    ("hong", &["홍", "hong"]),
    ("con", &["전", "jeon", "jun", "chun", "chon", "ch'ŏn", "chŏn", "cheon"]),
    ("ko", &["고", "ko", "go", "koh", "kho"]),
    ("mun", &["문", "moon", "mun", "mune"]),
    ("yang", &["양", "량", "yang", "ryang", "lyang"]),
    ("son", &["손", "son", "sohn"]),
    ("pe", &["배", "bae", "pae", "bai", "bay"]),
    ("pek", &["백", "baek", "paek", "baik", "paik", "back"]),
    ("ho", &["허", "heo", "hur", "huh", "hŏ", "ho"]),
    ("no", &["노", "로", "noh", "roh", "no", "ro", "rho"]),
    ("nam", &["남", "nam"]),
    ("ha", &["하", "ha", "hah"]),
    ("kwak", &["곽", "kwak", "gwak"]),
    ("song2", &["성", "sung", "seong", "sŏng"]),
    ("ca", &["차", "cha", "ch'a"]),
    ("cu", &["주", "joo", "ju", "chu", "choo"]),
    ("u", &["우", "woo", "u", "wu"]),
    ("min", &["민", "min"]),
    ("na", &["나", "라", "na", "ra", "rha"]),
    ("cin", &["진", "jin", "chin"]),
    ("ci", &["지", "ji", "chi"]),
    ("om", &["엄", "eom", "um", "ŏm", "uhm", "eum"]),
    ("cae", &["채", "chae", "ch'ae", "chai"]),
    ("won", &["원", "won", "weon", "wŏn"]),
    ("pang", &["방", "bang", "pang"]),
    ("kong", &["공", "kong", "gong"]),
    ("hyon", &["현", "hyun", "hyeon", "hyŏn"]),
    ("ham", &["함", "ham", "hahm"]),
    ("yom", &["염", "렴", "yeom", "yum", "yŏm", "ryom", "ryŏm"]),
    ("pyon", &["변", "byun", "byeon", "pyŏn", "pyon"]),
    ("namkung", &["남궁", "namgung", "namkung", "namgoong"]),
    ("hwangpo", &["황보", "hwangbo", "hwangpo"]),
    ("ckal", &["제갈", "jegal", "chegal"]),
    ("sonu", &["선우", "seonu", "sunwoo", "sŏnu"]),
];

/// Two-syllable Hangul surnames.
const COMPOUND_HANGUL: &[&str] = &["남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"];

/// Every spelling of the surname table (Hangul as written, Latin folded) to its canonical key,
/// built once: scanning the table and folding every variant per call dominated linkage runs.
fn surname_index() -> &'static std::collections::HashMap<String, &'static str> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = std::collections::HashMap::new();
        for (k, variants) in SURNAMES {
            for v in *variants {
                let folded = if v.chars().any(is_hangul) { v.to_string() } else { fold_latin(v) };
                // The first surname listed for a spelling wins, as the scan did.
                index.entry(folded).or_insert(*k);
            }
        }
        index
    })
}

/// The canonical key of a surname, if it is in the table.
pub fn surname_key(s: &str) -> Option<&'static str> {
    let t = s.trim();
    let index = surname_index();
    if t.chars().any(is_hangul) {
        return index.get(t).copied();
    }
    if t.bytes().all(|b| b.is_ascii_lowercase()) {
        return index.get(t).copied();
    }
    index.get(&fold_latin(t)).copied()
}

/// A person's name split into surname and given name, each as a comparison key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// Canonical surname key (from the table, else the romanization-insensitive key).
    pub surname: String,
    /// Given-name key, syllables joined.
    pub given: String,
    /// The looser given-name key (see [`crate::key::loose_key`]).
    pub given_loose: String,
}

/// An ALL-CAPS word (a surname written the registry way). One letter is not: "Choe Kyong I" ends
/// in a syllable, not a capitalised surname.
fn is_caps(token: &str) -> bool {
    token.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && token.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

fn surname_of(token: &str) -> String {
    surname_key(token).map(str::to_string).unwrap_or_else(|| key(token))
}

/// Splits a full name, whatever its order and script.
pub fn parse_person_name(full: &str) -> PersonName {
    let full = full.trim();
    if let Some((sur, given)) = full.split_once(',') {
        return PersonName { surname: surname_of(sur), given: key(given), given_loose: loose_key(given) };
    }
    let tokens: Vec<&str> = full.split_whitespace().collect();
    if tokens.is_empty() {
        return PersonName { surname: String::new(), given: String::new(), given_loose: String::new() };
    }
    if tokens.len() == 1 {
        let t = tokens[0];
        if t.chars().all(is_hangul) && t.chars().count() >= 2 {
            let take = if t.chars().count() >= 4
                || COMPOUND_HANGUL.iter().any(|c| t.starts_with(c) && t.chars().count() > 2)
            {
                2
            } else {
                1
            };
            let sur: String = t.chars().take(take).collect();
            let given: String = t.chars().skip(take).collect();
            return PersonName { surname: surname_of(&sur), given: key(&given), given_loose: loose_key(&given) };
        }
        return PersonName { surname: surname_of(t), given: String::new(), given_loose: String::new() };
    }
    let first = tokens[0];
    let last = tokens[tokens.len() - 1];
    // Korean order unless the name shows otherwise.
    let surname_first = written_order(&tokens).unwrap_or(true);
    let (sur, given): (&str, Vec<&str>) =
        if surname_first { (first, tokens[1..].to_vec()) } else { (last, tokens[..tokens.len() - 1].to_vec()) };
    let joined = given.join("-");
    PersonName { surname: surname_of(sur), given: key(&joined), given_loose: loose_key(&joined) }
}

/// Whether a name of several words shows its order itself: `Some(true)` for the surname first
/// (an ALL-CAPS first word, or only the first word a known surname), `Some(false)` for the
/// surname last; `None` when it does not ("Chung Hon Gim" and "Nam Kuk Moon" begin and end with
/// a surname).
fn written_order(tokens: &[&str]) -> Option<bool> {
    let (first, last) = (tokens.first()?, tokens.last()?);
    if tokens.len() < 2 {
        return None;
    }
    if is_caps(first) && !tokens[1..].iter().all(|t| is_caps(t)) {
        return Some(true);
    }
    if is_caps(last) && !tokens[..tokens.len() - 1].iter().all(|t| is_caps(t)) {
        return Some(false);
    }
    match (surname_key(first).is_some(), surname_key(last).is_some()) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// The order a full name of several Latin words shows by itself (see [`split_person_name_usually`]):
/// `Some(true)` surname first, `Some(false)` surname last, `None` when it cannot be told (one
/// word, Hangul, a comma, or a surname at both ends or neither).
pub fn name_order(full: &str) -> Option<bool> {
    let full = full.trim();
    if full.contains(',') || full.chars().any(is_hangul) {
        return None;
    }
    written_order(&full.split_whitespace().collect::<Vec<_>>())
}

/// Splits a full name into its written surname and given name (not keys), by the same rules as
/// [`parse_person_name`]: "Kim, Young-ho", "Young-ho KIM", "김영호", "Pak Tong Gu". `None` for a
/// single Latin word. Used to fill surname and given-name columns left empty.
pub fn split_person_name(full: &str) -> Option<(String, String)> {
    split_person_name_usually(full, None)
}

/// [`split_person_name`] for a name from a list whose names usually come in one order
/// (`usual`: `Some(true)` surname first): a name whose words do not show their order ("Chung
/// Hon Gim", where Chung and Gim are both surnames) is read in the list's order instead of
/// surname first. A real list writes its names one way (an English-language database given name
/// first), which its names that do show their order tell.
pub fn split_person_name_usually(full: &str, usual: Option<bool>) -> Option<(String, String)> {
    let full = full.trim();
    if let Some((sur, given)) = full.split_once(',') {
        return Some((sur.trim().to_string(), given.trim().to_string()));
    }
    let tokens: Vec<&str> = full.split_whitespace().collect();
    match tokens.len() {
        0 => None,
        1 => {
            let t = tokens[0];
            let n = t.chars().count();
            if !(t.chars().all(is_hangul) && n >= 2) {
                return None;
            }
            let take = if n >= 4 || COMPOUND_HANGUL.iter().any(|c| t.starts_with(c) && n > 2) { 2 } else { 1 };
            Some((t.chars().take(take).collect(), t.chars().skip(take).collect()))
        }
        _ => {
            let (first, last) = (tokens[0], tokens[tokens.len() - 1]);
            let surname_first = written_order(&tokens).or(usual).unwrap_or(true);
            if surname_first {
                Some((first.to_string(), tokens[1..].join(" ")))
            } else {
                Some((last.to_string(), tokens[..tokens.len() - 1].join(" ")))
            }
        }
    }
}

/// Similarity of two full names in any order and script: 1.0 for the same name in different
/// spellings; the surname must agree (through the table) or be close.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (parse_person_name(a), parse_person_name(b));
    let sur = if x.surname == y.surname { 1.0 } else { jaro_winkler(&x.surname, &y.surname) };
    let given = if x.given.is_empty() && y.given.is_empty() { 1.0 } else { jaro_winkler(&x.given, &y.given) };
    0.4 * sur + 0.6 * given
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surname_spellings() {
        for group in [
            &["Lee", "Yi", "Rhee", "Ri", "이", "리", "LEE"][..],
            &["Park", "Pak", "Bak", "박"],
            &["Choi", "Choe", "Chwe", "최", "Ch'oe"],
            &["Jung", "Jeong", "Chung", "Chong", "정", "Chŏng"],
            &["Lim", "Rim", "Im", "임", "림"],
            &["Ryu", "Yoo", "Yu", "류", "유"],
            &["Roh", "Noh", "노", "로"],
        ] {
            let k = surname_key(group[0]).unwrap();
            for s in &group[1..] {
                assert_eq!(surname_key(s), Some(k), "{} vs {s}", group[0]);
            }
        }
        assert_ne!(surname_key("Kim"), surname_key("Park"));
    }

    #[test]
    fn name_orders_and_scripts_agree() {
        let reference = parse_person_name("Kim Young-ho");
        for variant in [
            "Young-ho Kim",
            "KIM Young Ho",
            "Kim, Young-ho",
            "Kim Yŏng-ho",
            "김영호",
            "김 영호",
            "Gim Yeongho",
            "YOUNGHO KIM",
        ] {
            assert_eq!(parse_person_name(variant), reference, "{variant}");
        }
        assert_eq!(parse_person_name("Pak Tong Gu"), parse_person_name("박동구"));
        assert_eq!(parse_person_name("Ri Myong-chol"), parse_person_name("이명철"));
        assert_eq!(parse_person_name("Choe Kwang Il"), parse_person_name("Choi Gwang-il"));
        assert_eq!(parse_person_name("남궁민수").surname, "namkung");
        assert_eq!(name_similarity("Lee Myong-chol", "리명철"), 1.0);
        assert_eq!(split_person_name("Young-ho KIM"), Some(("KIM".into(), "Young-ho".into())));
        assert_eq!(split_person_name("김영호"), Some(("김".into(), "영호".into())));
        assert_eq!(split_person_name("Pak Tong Gu"), Some(("Pak".into(), "Tong Gu".into())));
        assert_eq!(split_person_name("Soon-hee Park"), Some(("Park".into(), "Soon-hee".into())));
    }

    #[test]
    fn namesakes_stay_apart_by_given_name() {
        assert_ne!(parse_person_name("Kim Young-ho").given, parse_person_name("Kim Young-hee").given);
        assert!(name_similarity("Kim Young-ho", "Kim Young-hee") < 0.99);
        assert_ne!(parse_person_name("Kim Young-ho").surname, parse_person_name("Park Young-ho").surname);
        assert!(name_similarity("Kim Young-ho", "Park Young-ho") < 0.9);
    }
}
