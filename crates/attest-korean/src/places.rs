//! Korean place names: provinces, counties, cities and mine sites in Hangul and romanizations,
//! with the abbreviations and "North/South" forms people use (함북 / North Hamgyong /
//! Hamgyŏng-pukto / Hamgyeongbuk-do all name one province).

use crate::key::{fold_latin, key};

/// Known places: a canonical id and its spellings.
pub const PLACES: &[(&str, &[&str])] = &[
    (
        "north-hamgyong",
        &[
            "함경북도",
            "함북",
            "north hamgyong",
            "north hamgyeong",
            "hamgyong-pukto",
            "hamgyongbukto",
            "hamgyeongbuk-do",
            "hamgyongbukdo",
            "n. hamgyong",
            "hamgyŏng-pukto",
            "hambuk",
        ],
    ),
    (
        "south-hamgyong",
        &[
            "함경남도",
            "함남",
            "south hamgyong",
            "south hamgyeong",
            "hamgyong-namdo",
            "hamgyongnamdo",
            "hamgyeongnam-do",
            "s. hamgyong",
            "hamgyŏng-namdo",
            "hamnam",
        ],
    ),
    ("north-pyongan", &["평안북도", "평북", "north pyongan", "north pyeongan", "pyongan-pukto", "pyeonganbuk-do"]),
    ("south-pyongan", &["평안남도", "평남", "south pyongan", "south pyeongan", "pyongan-namdo", "pyeongannam-do"]),
    ("ryanggang", &["량강도", "양강도", "ryanggang", "ryanggang-do", "yanggang", "yanggang-do"]),
    ("chagang", &["자강도", "chagang", "jagang", "chagang-do", "jagang-do"]),
    ("kangwon-n", &["강원도 (북)", "kangwon (north korea)"]),
    // The South's 강원도, 강원특별자치도 since 2023: a province of another country, not the North's.
    ("kangwon-s", &["강원도 (남)", "강원특별자치도", "kangwon (south korea)", "gangwon (south korea)"]),
    ("hwanghae-north", &["황해북도", "황북", "north hwanghae", "hwanghae-pukto", "hwanghaebuk-do"]),
    ("hwanghae-south", &["황해남도", "황남", "south hwanghae", "hwanghae-namdo", "hwanghaenam-do"]),
    ("pyongyang", &["평양", "pyongyang", "pyeongyang", "p'yŏngyang"]),
    ("hoeryong", &["회령", "회령시", "hoeryong", "hoeryeong", "hoeryŏng"]),
    ("aoji", &["아오지", "aoji"]),
    ("undok", &["은덕", "은덕군", "undok", "eundeok", "ŭndŏk"]),
    ("onsong", &["온성", "온성군", "onsong", "onseong", "ŏnsŏng"]),
    ("musan", &["무산", "무산군", "musan"]),
    ("chongjin", &["청진", "청진시", "chongjin", "cheongjin", "ch'ŏngjin"]),
    ("kilju", &["길주", "길주군", "kilju", "gilju"]),
    ("myongchon", &["명천", "명천군", "myongchon", "myeongcheon", "myŏngch'ŏn"]),
    ("kyongwon", &["경원", "경원군", "kyongwon", "gyeongwon", "kyŏngwŏn"]),
    ("tanchon", &["단천", "단천시", "tanchon", "dancheon", "tanch'ŏn"]),
    ("hamhung", &["함흥", "함흥시", "hamhung", "hamheung", "hamhŭng"]),
    ("kowon", &["고원", "고원군", "kowon", "gowon"]),
    ("hochon", &["허천", "허천군", "hochon", "heocheon", "hŏch'ŏn"]),
    ("komdok", &["검덕", "komdok", "geomdeok", "kŏmdŏk"]),
    ("ryongyang", &["룡양", "용양", "ryongyang", "yongyang"]),
    ("taehung", &["대흥", "taehung", "daeheung", "taehŭng"]),
];

const SUFFIXES: &[&str] = &[
    "province",
    "county",
    "city",
    "district",
    "coal mine",
    "mine",
    "-do",
    "-gun",
    "-si",
    " do",
    " gun",
    " si",
    "도",
    "군",
    "시",
    "탄광",
    "광산",
];

fn place_index() -> &'static std::collections::HashMap<String, &'static str> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for (id, variants) in PLACES {
            for v in *variants {
                m.entry(v.to_lowercase()).or_insert(*id);
                m.entry(fold_latin(v)).or_insert(*id);
            }
        }
        m
    })
}

fn lookup(s: &str) -> Option<&'static str> {
    let index = place_index();
    index.get(s).or_else(|| index.get(&fold_latin(s))).copied()
}

/// Province stems in Hangul and how the romanizations write them (folded: lower case, no breves,
/// apostrophes or hyphens). The "North/South" of a province is read apart from its stem
/// ([`romanized_province`]), so every system's way of writing it is one list, not one per half.
const PROVINCE_STEMS: &[(&str, &[&str])] = &[
    ("함경", &["hamgyong", "hamgyeong", "hamkyong", "hamkyeong"]),
    ("평안", &["pyongan", "pyeongan", "phyongan"]),
    ("황해", &["hwanghae"]),
    ("강원", &["kangwon", "gangwon"]),
    ("경기", &["kyonggi", "gyeonggi"]),
    ("충청", &["chungchong", "chungcheong"]),
    ("경상", &["kyongsang", "gyeongsang"]),
    ("전라", &["cholla", "jeolla"]),
    ("양강", &["ryanggang", "yanggang"]),
    ("자강", &["chagang", "jagang"]),
];

/// Stems of provinces that were never split in halves.
const UNDIVIDED: &[&str] = &["강원", "경기", "양강", "자강"];

/// Province abbreviations (함북, 평남, ...) in Latin letters, folded, and the province they name.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("hambuk", "함경북도"),
    ("hamnam", "함경남도"),
    ("pyongbuk", "평안북도"),
    ("pyeongbuk", "평안북도"),
    ("pyongnam", "평안남도"),
    ("pyeongnam", "평안남도"),
    ("hwangbuk", "황해북도"),
    ("hwangnam", "황해남도"),
];

/// The Hangul name of a province written in Latin letters, whatever the system: "North
/// Hwanghae", "N. Hwanghae", "Hwanghae-pukto", "Hwanghaebuk-do", "Hamgyŏng-bukto",
/// "Hamgyeongbuk-do" and "North Hamgyong Province" give 황해북도 or 함경북도; a province named
/// without a half ("Hwanghae", "Hwanghae-do") gives the undivided 황해도. `None` for anything
/// else, Hangul included. Written by hand because the forms are a closed set of this table's
/// stems and the direction words of four systems, which no romanization library parses back.
pub fn romanized_province(s: &str) -> Option<String> {
    if s.chars().any(crate::hangul::is_hangul) {
        return None;
    }
    let mut tokens: Vec<String> = s
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '.' | ',' | '(' | ')' | '_' | '/'))
        .map(fold_latin)
        .filter(|t| !t.is_empty())
        .collect();
    while tokens.last().is_some_and(|t| matches!(t.as_str(), "province" | "prov" | "do")) {
        tokens.pop();
    }
    let mut half = match tokens.first().map(String::as_str) {
        Some("north" | "n" | "northern") => Some('북'),
        Some("south" | "s" | "southern") => Some('남'),
        _ => None,
    };
    if half.is_some() {
        tokens.remove(0);
    }
    let mut joined = tokens.concat();
    // The two-syllable abbreviations romanized (함북 Hambuk, 평남 Pyongnam, 황북 Hwangbuk).
    if half.is_none()
        && let Some((_, full)) = ABBREVIATIONS.iter().find(|(short, _)| *short == joined)
    {
        return Some(full.to_string());
    }
    if half.is_none() {
        for (suffix, h) in
            [("pukto", '북'), ("bukto", '북'), ("pukdo", '북'), ("bukdo", '북'), ("puk", '북'), ("buk", '북')]
                .into_iter()
                .chain([("namdo", '남'), ("namto", '남'), ("nam", '남')])
        {
            if let Some(stem) = joined.strip_suffix(suffix)
                && PROVINCE_STEMS.iter().any(|(_, romanized)| romanized.contains(&stem))
            {
                joined = stem.to_string();
                half = Some(h);
                break;
            }
        }
        if let Some(stem) = joined.strip_suffix("do")
            && half.is_none()
            && PROVINCE_STEMS.iter().any(|(_, romanized)| romanized.contains(&stem))
        {
            joined = stem.to_string();
        }
    }
    let (hangul, _) = PROVINCE_STEMS.iter().find(|(_, romanized)| romanized.contains(&joined.as_str()))?;
    Some(match half {
        // 강원도 has no halves, but a 강원도 in each Korea: "North Kangwon" is the North's
        // ("강원도 (북)", the table's `kangwon-n`), "South Gangwon" the South's ("강원도 (남)"),
        // never a 강원북도, which does not exist.
        Some(h) if *hangul == "강원" => format!("{hangul}도 ({h})"),
        // 경기도, 양강도 and 자강도 have no halves and are in one Korea: the word is a slip.
        Some(h) if !UNDIVIDED.contains(hangul) => format!("{hangul}{h}도"),
        _ => format!("{hangul}도"),
    })
}

/// Whether a value (or one part of it, "Kilju, N. Hamgyong") names a place this crate knows: a
/// place of the table, a province in any script, or a county that moved province.
pub fn known_place(s: &str) -> bool {
    let lower = s.trim().to_lowercase();
    if romanized_province(&lower).is_some() || lookup(&lower).is_some() {
        return true;
    }
    let k = place_key(&lower);
    PLACES.iter().any(|(id, _)| *id == k) || MOVED_COUNTIES.iter().any(|(c, _, _)| place_key(c) == k)
}

/// The canonical id of a place: from the table when known, else its romanization-insensitive key
/// without administrative suffixes. A province written in Latin letters is keyed as its Hangul
/// name is ([`romanized_province`]), so that the two halves of a province never share a key and
/// 황해도 has one key in either script.
pub fn place_key(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    if let Some(id) = lookup(&lower) {
        return id.to_string();
    }
    if let Some(hangul) = romanized_province(&lower) {
        return place_key(&hangul);
    }
    let mut stripped = lower.clone();
    for suffix in SUFFIXES {
        if let Some(rest) = stripped.strip_suffix(suffix) {
            stripped = rest.trim().to_string();
        }
    }
    if let Some(id) = lookup(&stripped) {
        return id.to_string();
    }
    key(&stripped)
}

/// Sex in any of the usual vocabularies: `Some('M')`, `Some('F')`, or `None` when unknown.
pub fn normalize_sex(s: &str) -> Option<char> {
    match s.trim().to_lowercase().as_str() {
        "m" | "male" | "man" | "남" | "남자" | "남성" | "男" => Some('M'),
        "f" | "female" | "woman" | "여" | "여자" | "여성" | "女" => Some('F'),
        _ => None,
    }
}

/// A decade written as "1980년대", "1980s" or "1980's": the first year, 1980.
pub fn decade(s: &str) -> Option<u16> {
    let t = s.trim().trim_end_matches("년대").trim_end_matches("'s").trim_end_matches('s');
    let y: u16 = t.parse().ok()?;
    (y.is_multiple_of(10) && (1000..=2999).contains(&y)).then_some(y)
}

/// Counties that moved to a new province: the county, the province it is in now, and the
/// provinces it was in before (as written). A list written from memory may name the old province
/// beside or instead of the county, and another list the new one. 자강도 was made in 1949 from
/// 평안북도 and parts of 함경남도, 양강도 in 1954 from 함경남도 (and parts of 자강도 and
/// 함경북도). (원산, 문천 and 안변 went from 함경남도 to 강원도 in 1946; they are not listed
/// because a plain 강원도 may be the South's province.) A county's later name (후창
/// is 김형직 since 1988, 풍산 김형권 since 1990) is listed beside its old one. Only moves we are
/// sure of are listed: a missing county keeps today's comparison, a wrong one would link strangers.
pub const MOVED_COUNTIES: &[(&str, &str, &[&str])] = &[
    ("혜산", "양강도", &["함경남도"]),
    ("갑산", "양강도", &["함경남도"]),
    ("삼수", "양강도", &["함경남도"]),
    ("풍산", "양강도", &["함경남도"]),
    ("김형권", "양강도", &["함경남도"]),
    ("후창", "양강도", &["평안북도", "자강도"]),
    ("김형직", "양강도", &["평안북도", "자강도"]),
    ("강계", "자강도", &["평안북도"]),
    ("만포", "자강도", &["평안북도"]),
    ("자성", "자강도", &["평안북도"]),
    ("희천", "자강도", &["평안북도"]),
    ("초산", "자강도", &["평안북도"]),
    ("위원", "자강도", &["평안북도"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_and_sites() {
        for group in [
            &["함경북도", "함북", "North Hamgyong", "Hamgyŏng-pukto", "Hamgyeongbuk-do", "north hamgyeong"][..],
            &["함경남도", "South Hamgyong", "Hamgyong-namdo"],
            &["회령", "Hoeryong", "Hoeryeong", "Hoeryŏng", "회령시", "Hoeryong city"],
            &["아오지", "Aoji", "Aoji coal mine", "아오지 탄광"],
            &["단천", "Tanchon", "Dancheon", "Tanch'ŏn"],
        ] {
            let k = place_key(group[0]);
            for p in &group[1..] {
                assert_eq!(place_key(p), k, "{} vs {p}", group[0]);
            }
        }
        assert_ne!(place_key("North Hamgyong"), place_key("South Hamgyong"));
        // Unknown places still compare across romanizations.
        assert_eq!(place_key("Sinpo"), place_key("신포"));
    }

    #[test]
    fn provinces_in_every_romanization_have_their_hangul_key() {
        for group in [
            &["황해북도", "North Hwanghae", "Hwanghae-pukto", "Hwanghaebuk-do", "N. Hwanghae", "Hwanghae Pukto"][..],
            &["황해남도", "South Hwanghae", "Hwanghae-namdo", "Hwanghaenam-do", "S. Hwanghae"],
            &[
                "함경북도",
                "Hamgyŏng-bukto",
                "Hamgyong-pukto",
                "Hamgyeongbuk-do",
                "North Hamgyong Province",
                "N Hamgyong",
            ],
            &["함경남도", "Hamgyŏng-namdo", "Hamgyeongnam-do", "South Hamgyŏng Province", "Hamgyong Namdo"],
            &["평안남도", "P'yŏngan-namdo", "Pyeongannam-do", "S. Pyongan", "Pyongnam", "평남"],
            &["황해북도", "Hwangbuk", "황북"],
            &["황해도", "Hwanghae", "Hwanghae-do", "Hwanghae Province"],
            &["경상북도", "North Gyeongsang", "Gyeongsangbuk-do", "Kyŏngsang-pukto"],
        ] {
            let k = place_key(group[0]);
            for p in &group[1..] {
                assert_eq!(place_key(p), k, "{} vs {p}", group[0]);
            }
        }
        for (a, b) in [
            ("North Hamgyong", "South Hamgyong"),
            ("Hamgyong-pukto", "Hamgyong-namdo"),
            ("Hwanghaebuk-do", "Hwanghaenam-do"),
            ("Hwanghae", "North Hwanghae"),
        ] {
            assert_ne!(place_key(a), place_key(b), "{a} vs {b}");
        }
        // Not a province: no half read into it.
        assert_eq!(romanized_province("Namdaemun"), None);
        assert_eq!(romanized_province("함경북도"), None);
    }

    /// 강원도 and 경기도 were never split: a "North" or "South" before them, or a half's ending
    /// after them, says which Korea (or is a slip) and gives the one province, not a 강원북도 that
    /// does not exist; the halves of divided provinces stay apart, typed with carons too.
    #[test]
    fn an_undivided_province_has_no_halves() {
        for latin in ["Kangwon", "Gangwon-do", "Kangwŏn-do"] {
            assert_eq!(romanized_province(latin).as_deref(), Some("강원도"), "{latin}");
            assert_eq!(place_key(latin), place_key("강원도"), "{latin}");
        }
        assert_eq!(romanized_province("North Kyonggi").as_deref(), Some("경기도"));
        assert_eq!(romanized_province("North Ryanggang").as_deref(), Some("양강도"));
        assert_eq!(romanized_province("North Kyongsang").as_deref(), Some("경상북도"));
        assert_eq!(romanized_province("Hamgyǒng-pukto").as_deref(), Some("함경북도"));
    }

    /// "North Kangwon" is North Korea's 강원도 (`kangwon-n`) and "South Gangwon" South Korea's
    /// (강원특별자치도 since 2023): two provinces of two countries, never one key. (Both were
    /// keyed as a plain 강원도.)
    #[test]
    fn the_north_and_the_south_kangwon_are_two_provinces() {
        for north in ["North Kangwon", "N. Kangwon", "Kangwŏn-pukto", "Northern Kangwon", "강원도 (북)"] {
            assert_eq!(place_key(north), "kangwon-n", "{north}");
        }
        for south in ["South Gangwon", "S. Kangwon", "Gangwon-namdo", "강원특별자치도", "강원도 (남)"] {
            assert_eq!(place_key(south), "kangwon-s", "{south}");
        }
        assert_ne!(place_key("North Kangwon"), place_key("South Gangwon"));
        assert_eq!(romanized_province("North Kangwon").as_deref(), Some("강원도 (북)"));
        assert_eq!(romanized_province("South Gangwon").as_deref(), Some("강원도 (남)"));
    }

    /// 양강도 and 자강도 in Latin letters are provinces for [`romanized_province`] too (an address
    /// split into province and county needs it: "Ryanggang Hyesan"), keyed as the table keys them.
    #[test]
    fn ryanggang_and_chagang_are_romanized_provinces() {
        for (latin, id) in [
            ("Ryanggang", "ryanggang"),
            ("Yanggang-do", "ryanggang"),
            ("Ryanggang Province", "ryanggang"),
            ("Chagang-do", "chagang"),
            ("Jagang", "chagang"),
        ] {
            assert!(romanized_province(latin).is_some(), "{latin}");
            assert_eq!(place_key(latin), id, "{latin}");
        }
    }

    #[test]
    fn counties_that_moved_are_known_in_latin_letters() {
        for (hangul, latin) in [("혜산", "Hyesan"), ("갑산", "Kapsan"), ("강계", "Kanggye"), ("회령", "Hoeryŏng")]
        {
            assert_eq!(place_key(hangul), place_key(latin), "{hangul} vs {latin}");
            assert!(known_place(latin), "{latin}");
        }
        assert!(known_place("N. Hwanghae"));
        assert!(!known_place("Ivybridge"));
    }

    #[test]
    fn vocabularies() {
        assert_eq!(normalize_sex("남"), Some('M'));
        assert_eq!(normalize_sex("Female"), Some('F'));
        assert_eq!(normalize_sex("?"), None);
        assert_eq!(decade("1980년대"), Some(1980));
        assert_eq!(decade("1980s"), Some(1980));
        assert_eq!(decade("1985"), None);
    }
}
