//! A synthetic multi-source Korean person data set with known truth, for testing and measuring
//! Korean-aware linkage. Every person is invented: names are drawn from common surnames and
//! given-name syllables, so many different people share one common name and birth year, as in the
//! real lists.
//!
//! Each person is written into several "sources", each with its own conventions:
//! - interview notes: Hangul, South Korean surname forms (이, 임), birth year, home county in Hangul;
//! - an NGO list: Revised Romanization, "Given Surname" order half of the time, age and report year;
//! - a UN submission: DPRK style (Ri, Ryu, Rim; given-name syllables apart; McCune-Reischauer);
//! - a press list: personal spellings (Lee, Park, Choi; Young-ho, Soon-hee), sometimes no year;
//! - a registry: ALL CAPS, "SURNAME, Given".
//!
//! Father's names (in the same convention as the source) are given in about 60 % of records.
//! Fields are then damaged at random: typos, missing values, birth years off by one.

/// One generated record.
#[derive(Debug, Clone)]
pub struct SynthRecord {
    /// Record id.
    pub id: String,
    /// The true person.
    pub person: usize,
    /// Values, in the order of [`HEADERS`].
    pub values: Vec<String>,
}

/// Column names of the generated file.
pub const HEADERS: [&str; 10] =
    ["id", "name", "birth_year", "age", "reported_year", "sex", "origin", "site", "father_name", "source"];

pub(crate) const SURNAMES: &[(&str, u32)] = &[
    ("김", 215),
    ("이", 147),
    ("박", 84),
    ("최", 47),
    ("정", 44),
    ("강", 22),
    ("조", 21),
    ("윤", 21),
    ("장", 20),
    ("임", 17),
    ("한", 15),
    ("오", 15),
    ("서", 14),
    ("신", 14),
    ("권", 14),
    ("황", 14),
    ("안", 13),
    ("송", 13),
    ("류", 12),
    ("홍", 11),
    ("전", 11),
    ("고", 9),
    ("문", 9),
    ("양", 9),
    ("손", 9),
    ("배", 8),
    ("백", 8),
    ("허", 7),
    ("노", 6),
    ("남", 6),
];
pub(crate) const SYLLABLES: &[&str] = &[
    "영", "호", "철", "수", "명", "광", "일", "순", "희", "정", "민", "성", "기", "선", "동", "구", "남", "옥", "춘",
    "금", "경", "숙", "진", "현", "준", "용", "석", "학", "혜", "미", "은", "상", "태", "원", "종", "국", "혁", "길",
    "봉", "복", "승", "재", "훈", "우", "연", "지", "혜", "란", "향", "화", "숙", "애", "련", "실", "분", "녀", "자",
    "근", "창", "범", "식", "규", "환", "만", "섭", "덕", "삼", "송", "림", "청", "인", "의", "세", "대", "형", "윤",
    "건", "병", "찬", "문", "영", "해", "혼", "필", "택", "열", "관", "신", "양", "주", "웅", "혹", "채", "빈", "별",
];
pub(crate) const ORIGINS: &[(&str, &str)] = &[
    ("회령", "Hoeryong"),
    ("무산", "Musan"),
    ("온성", "Onsong"),
    ("청진", "Chongjin"),
    ("길주", "Kilju"),
    ("단천", "Tanchon"),
    ("함흥", "Hamhung"),
    ("은덕", "Undok"),
    ("경원", "Kyongwon"),
    ("명천", "Myongchon"),
    ("고원", "Kowon"),
    ("허천", "Hochon"),
];
const SITES: &[(&str, &str)] = &[
    ("아오지 탄광", "Aoji coal mine"),
    ("검덕 광산", "Komdok mine"),
    ("룡양 광산", "Ryongyang mine"),
    ("대흥 광산", "Taehung mine"),
];

/// Personal spellings of syllables (how people actually write them in passports and the press).
const PERSONAL: &[(&str, &str)] = &[
    ("영", "young"),
    ("정", "jung"),
    ("수", "soo"),
    ("희", "hee"),
    ("현", "hyun"),
    ("선", "sun"),
    ("철", "chul"),
    ("준", "joon"),
    ("성", "sung"),
    ("순", "soon"),
    ("숙", "sook"),
    ("은", "eun"),
    ("용", "yong"),
    ("석", "suk"),
    ("혜", "hye"),
    ("진", "jin"),
    ("경", "kyung"),
    ("명", "myung"),
];

/// Surname spellings by convention: (Hangul, South Korean personal, DPRK).
pub(crate) const SURNAME_SPELLINGS: &[(&str, &str, &str)] = &[
    ("김", "Kim", "Kim"),
    ("이", "Lee", "Ri"),
    ("박", "Park", "Pak"),
    ("최", "Choi", "Choe"),
    ("정", "Jung", "Jong"),
    ("강", "Kang", "Kang"),
    ("조", "Cho", "Jo"),
    ("윤", "Yoon", "Yun"),
    ("장", "Jang", "Jang"),
    ("임", "Lim", "Rim"),
    ("한", "Han", "Han"),
    ("오", "Oh", "O"),
    ("서", "Seo", "So"),
    ("신", "Shin", "Sin"),
    ("권", "Kwon", "Kwon"),
    ("황", "Hwang", "Hwang"),
    ("안", "Ahn", "An"),
    ("송", "Song", "Song"),
    ("류", "Yoo", "Ryu"),
    ("홍", "Hong", "Hong"),
    ("전", "Jeon", "Jon"),
    ("고", "Ko", "Ko"),
    ("문", "Moon", "Mun"),
    ("양", "Yang", "Ryang"),
    ("손", "Son", "Son"),
    ("배", "Bae", "Pae"),
    ("백", "Baek", "Paek"),
    ("허", "Heo", "Ho"),
    ("노", "Noh", "Ro"),
    ("남", "Nam", "Nam"),
];

/// The project's shared seedable generator (xorshift64, the same stream this crate's own copy
/// gave, so every generated set and the figures in BENCHMARKS.md are unchanged).
pub(crate) use attest_domain::helpers::SeededRng as Rng;

struct Person {
    surname: &'static str,
    given: Vec<&'static str>,
    father_given: Vec<&'static str>,
    birth_year: i32,
    sex: &'static str,
    origin: usize,
    site: usize,
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

pub(crate) fn rr(s: &str) -> String {
    attest_korean::hangul::romanize_rr(s)
}

pub(crate) fn mr(s: &str) -> String {
    // DPRK usage: McCune-Reischauer without breves or apostrophes.
    s.chars()
        .filter_map(attest_korean::hangul::mr_syllable)
        .collect::<String>()
        .replace(['\'', '’'], "")
        .replace('ŏ', "o")
        .replace('ŭ', "u")
}

pub(crate) fn personal(s: &str) -> String {
    PERSONAL.iter().find(|(h, _)| *h == s).map(|(_, p)| p.to_string()).unwrap_or_else(|| rr(s))
}

pub(crate) fn typo(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.len() < 3 || chars.iter().any(|c| attest_korean::hangul::is_hangul(*c)) {
        return s.to_string();
    }
    let i = 1 + rng.below(chars.len() - 2);
    match rng.below(3) {
        0 => chars.swap(i, i - 1),
        1 => {
            chars.remove(i);
        }
        _ => chars.insert(i, chars[i]),
    }
    chars.into_iter().collect()
}

/// Generates `people` invented people and their records across the five sources.
/// `namesake_share` of the people are forced to share a few very common name-and-year
/// combinations.
pub fn generate(people: usize, seed: u64, namesake_share: f64) -> Vec<SynthRecord> {
    let mut rng = Rng::new(seed);
    let total_weight: u32 = SURNAMES.iter().map(|s| s.1).sum();
    let mut persons = Vec::with_capacity(people);
    for _ in 0..people {
        let mut pick = (rng.next_u64() % u64::from(total_weight)) as u32;
        let mut surname = SURNAMES[0].0;
        for (s, w) in SURNAMES {
            if pick < *w {
                surname = s;
                break;
            }
            pick -= w;
        }
        let mut person = Person {
            surname,
            given: vec![SYLLABLES[rng.below(SYLLABLES.len())], SYLLABLES[rng.below(SYLLABLES.len())]],
            father_given: vec![SYLLABLES[rng.below(SYLLABLES.len())], SYLLABLES[rng.below(SYLLABLES.len())]],
            birth_year: 1930 + rng.below(60) as i32,
            sex: if rng.chance(0.5) { "M" } else { "F" },
            origin: rng.below(ORIGINS.len()),
            site: rng.below(SITES.len()),
        };
        if rng.chance(namesake_share) {
            // A handful of very common combinations: many different people named Kim Young-ho
            // born in 1955.
            let common = [("김", ["영", "호"], 1955), ("이", ["영", "희"], 1960), ("박", ["정", "수"], 1950)];
            let (s, g, y) = common[rng.below(common.len())];
            person.surname = s;
            person.given = g.to_vec();
            person.birth_year = y;
        }
        persons.push(person);
    }
    let mut records = Vec::new();
    for (pid, p) in persons.iter().enumerate() {
        let spell =
            SURNAME_SPELLINGS.iter().find(|s| s.0 == p.surname).copied().unwrap_or((p.surname, p.surname, p.surname));
        let sources = 1 + rng.below(4);
        let mut chosen: Vec<usize> = (0..5).collect();
        for i in (1..5).rev() {
            chosen.swap(i, rng.below(i + 1));
        }
        for &src in chosen.iter().take(sources) {
            let reported = 2000 + rng.below(22) as i32;
            let mut year = p.birth_year;
            if rng.chance(0.15) {
                year += if rng.chance(0.5) { 1 } else { -1 };
            }
            let given_h: String = p.given.concat();
            let father_h = format!("{}{}", p.surname, p.father_given.concat());
            let father = match src {
                0 => father_h.clone(),
                2 => {
                    format!("{} {} {}", spell.2, capitalise(&mr(p.father_given[0])), capitalise(&mr(p.father_given[1])))
                }
                4 => format!(
                    "{}, {}",
                    spell.1.to_uppercase(),
                    format!("{}-{}", rr(p.father_given[0]), rr(p.father_given[1])).to_uppercase()
                ),
                _ => format!(
                    "{} {}",
                    capitalise(&format!("{}-{}", rr(p.father_given[0]), rr(p.father_given[1]))),
                    spell.1
                ),
            };
            let father = if rng.chance(0.4) { String::new() } else { father };
            let (name, source, origin, site, use_age) = match src {
                0 => (
                    format!("{}{}", p.surname, given_h),
                    "interview",
                    ORIGINS[p.origin].0.to_string(),
                    SITES[p.site].0.to_string(),
                    false,
                ),
                1 => {
                    let given = capitalise(&format!("{}-{}", rr(p.given[0]), rr(p.given[1])));
                    let sur = capitalise(&rr(p.surname));
                    let name = if rng.chance(0.5) { format!("{given} {sur}") } else { format!("{sur} {given}") };
                    (name, "ngo", ORIGINS[p.origin].1.to_string(), SITES[p.site].1.to_string(), true)
                }
                2 => {
                    let given = format!("{} {}", capitalise(&mr(p.given[0])), capitalise(&mr(p.given[1])));
                    (
                        format!("{} {given}", spell.2),
                        "un",
                        ORIGINS[p.origin].1.to_string(),
                        SITES[p.site].1.to_string(),
                        false,
                    )
                }
                3 => {
                    let given = capitalise(&format!("{}{}", personal(p.given[0]), personal(p.given[1])));
                    (format!("{given} {}", spell.1), "press", ORIGINS[p.origin].1.to_string(), String::new(), false)
                }
                _ => {
                    let given = format!("{}-{}", capitalise(&rr(p.given[0])), rr(p.given[1]));
                    (
                        format!("{}, {}", spell.1.to_uppercase(), given.to_uppercase()),
                        "registry",
                        ORIGINS[p.origin].1.to_uppercase(),
                        SITES[p.site].1.to_string(),
                        false,
                    )
                }
            };
            let name = if rng.chance(0.08) { typo(&mut rng, &name) } else { name };
            let (birth_year, age, rep) = if use_age {
                (String::new(), (reported - year).to_string(), reported.to_string())
            } else if rng.chance(0.1) {
                (String::new(), String::new(), String::new())
            } else {
                (year.to_string(), String::new(), String::new())
            };
            let origin = if rng.chance(0.1) { String::new() } else { origin };
            let sex = if rng.chance(0.2) {
                String::new()
            } else if src == 0 {
                if p.sex == "M" { "남" } else { "여" }.to_string()
            } else {
                p.sex.to_string()
            };
            records.push(SynthRecord {
                id: format!("k{}", records.len() + 1),
                person: pid,
                values: vec![String::new(), name, birth_year, age, rep, sex, origin, site, father, source.to_string()],
            });
        }
    }
    // Shuffle so sources are interleaved, then number the records.
    for i in (1..records.len()).rev() {
        let j = rng.below(i + 1);
        records.swap(i, j);
    }
    for (i, r) in records.iter_mut().enumerate() {
        r.id = format!("k{:06}", i + 1);
        r.values[0] = r.id.clone();
    }
    records
}
