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
    ("hwanghae-north", &["황해북도", "north hwanghae", "hwanghae-pukto", "hwanghaebuk-do"]),
    ("hwanghae-south", &["황해남도", "south hwanghae", "hwanghae-namdo", "hwanghaenam-do"]),
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

/// The canonical id of a place: from the table when known, else its romanization-insensitive key
/// without administrative suffixes.
pub fn place_key(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    if let Some(id) = lookup(&lower) {
        return id.to_string();
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
    fn vocabularies() {
        assert_eq!(normalize_sex("남"), Some('M'));
        assert_eq!(normalize_sex("Female"), Some('F'));
        assert_eq!(normalize_sex("?"), None);
        assert_eq!(decade("1980년대"), Some(1980));
        assert_eq!(decade("1980s"), Some(1980));
        assert_eq!(decade("1985"), None);
    }
}
