//! A second, independent generator of Korean multi-source person lists (issue 15): how another
//! organisation would keep lists of North Korean detainees, prisoners of war and their
//! descendants. Every person is invented.
//!
//! Written without reading [`crate::synth_unseen`], so that it does not share that generator's
//! assumptions. Each seed draws 4-7 source lists from seven templates, each with its own headers
//! (Korean ones such as 성명, 이름(한자), 생년, 나이(조사년도), 본적, 부친, 탄광, and English ones of
//! other NGOs), its own script and romanization habit (Hangul; McCune-Reischauer with breves and
//! apostrophes; the same without them as DPRK documents write it, with Ri/Rim/Ro; Revised
//! Romanization; passport spellings such as Lee/Rhee, Park, Choi, Young-chul, surname last), its
//! own words for places and mines (제2탄광 / No. 2 Mine / 2호 갱), and its own missing fields
//! (20-50 % per field). The lists are stacked into one table whose header is the union of the
//! sources' headers (each source fills its own columns), with the source in `출처`.
//!
//! People: given names drawn from a Zipf law (so namesakes such as several 김영철 born in
//! different years are frequent), names that differ only in a vowel pair that romanizes alike
//! (영철/용철, 성호/송호, 은희/운희: different names in Hangul), sibling groups that share surname,
//! father's name, 본적 and often the mine, with a shared generation syllable in half of them, and
//! the children of prisoners of war whose father's name is the prisoner's name. Records carry
//! the clerks' errors: swapped name order, dropped or misheard syllables, vowel confusions,
//! birth years off by one or more, ages given for a stated year (counted the Korean way in some
//! lists). Up to six records per person. Seeds 1000 and above are held out from tuning.
//!
//! The romanization tables here are written out on purpose rather than taken from
//! `attest-korean`: a generator that romanized with the engine's own tables would share its
//! assumptions and test nothing.

use attest_korean::hangul::{compose, decompose};

use crate::SplitMix;

/// Seeds at or above this were not used while tuning the engine.
pub const FIRST_HELD_OUT_SEED: u64 = 1000;

/// A generated set: one stacked table, and the truth beside it.
#[derive(Debug, Clone)]
pub struct Registry {
    /// Header row (the union of the sources' headers; the first column is the record id).
    pub headers: Vec<String>,
    /// Records.
    pub rows: Vec<Vec<String>>,
    /// The person each record describes (the truth).
    pub person: Vec<usize>,
    /// The family (sibling group) of that person: records of different people in one family are
    /// relatives, not the same person.
    pub family: Vec<usize>,
    /// Names of the source lists drawn for this seed.
    pub sources: Vec<&'static str>,
}

struct Rng(SplitMix);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }
    fn unit(&mut self) -> f64 {
        (self.0.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1) as usize) as i32
    }
}

/// Surnames: Hangul, weight (per mille, roughly South Korean frequencies), McCune-Reischauer,
/// DPRK usage, passport spellings.
const SURNAMES: &[(&str, u32, &str, &str, &[&str])] = &[
    ("김", 215, "Kim", "Kim", &["Kim", "Gim"]),
    ("이", 147, "Yi", "Ri", &["Lee", "Yi", "Rhee", "Lee", "Lee"]),
    ("박", 84, "Pak", "Pak", &["Park", "Pak", "Bak", "Park"]),
    ("최", 47, "Ch'oe", "Choe", &["Choi", "Choe"]),
    ("정", 44, "Chŏng", "Jong", &["Jung", "Chung", "Jeong"]),
    ("강", 23, "Kang", "Kang", &["Kang", "Gang"]),
    ("조", 21, "Cho", "Jo", &["Cho", "Jo"]),
    ("윤", 21, "Yun", "Yun", &["Yoon", "Yun"]),
    ("장", 20, "Chang", "Jang", &["Jang", "Chang"]),
    ("임", 17, "Im", "Rim", &["Lim", "Im", "Yim"]),
    ("한", 15, "Han", "Han", &["Han"]),
    ("오", 15, "O", "O", &["Oh", "O"]),
    ("서", 15, "Sŏ", "So", &["Suh", "Seo"]),
    ("신", 15, "Sin", "Sin", &["Shin", "Sin"]),
    ("권", 14, "Kwŏn", "Kwon", &["Kwon", "Gwon"]),
    ("황", 14, "Hwang", "Hwang", &["Hwang"]),
    ("안", 14, "An", "An", &["Ahn", "An"]),
    ("송", 13, "Song", "Song", &["Song"]),
    ("류", 11, "Ryu", "Ryu", &["Ryu", "Yoo", "Yu"]),
    ("홍", 11, "Hong", "Hong", &["Hong"]),
    ("전", 11, "Chŏn", "Jon", &["Jeon", "Chun", "Jun"]),
    ("고", 9, "Ko", "Ko", &["Ko", "Koh", "Go"]),
    ("문", 9, "Mun", "Mun", &["Moon", "Mun"]),
    ("양", 9, "Yang", "Ryang", &["Yang"]),
    ("손", 9, "Son", "Son", &["Son", "Sohn"]),
    ("배", 8, "Pae", "Pae", &["Bae", "Pae"]),
    ("백", 8, "Paek", "Paek", &["Baek", "Paik", "Back"]),
    ("허", 6, "Hŏ", "Ho", &["Heo", "Hur", "Huh"]),
    ("남", 5, "Nam", "Nam", &["Nam"]),
    ("노", 5, "No", "Ro", &["Roh", "No", "Noh"]),
    ("하", 4, "Ha", "Ha", &["Ha"]),
    ("차", 4, "Ch'a", "Cha", &["Cha"]),
    ("주", 5, "Chu", "Ju", &["Joo", "Ju", "Chu"]),
    ("우", 4, "U", "U", &["Woo", "U"]),
    ("구", 4, "Ku", "Ku", &["Koo", "Ku", "Gu"]),
    ("성", 4, "Sŏng", "Song", &["Sung", "Seong"]),
];

const MALE_FIRST: &[&str] = &[
    "영", "명", "성", "광", "정", "진", "상", "동", "철", "경", "춘", "용", "기", "남", "학", "석", "종", "준", "국",
    "문", "원", "현", "승", "태", "충", "덕", "봉", "창", "재", "송", "운", "병",
];
const MALE_SECOND: &[&str] = &[
    "철", "호", "수", "남", "일", "식", "민", "길", "삼", "복", "환", "석", "국", "진", "준", "만", "성", "기", "훈",
    "혁", "룡", "걸", "근", "혼",
];
const FEMALE_FIRST: &[&str] = &[
    "영", "순", "명", "정", "옥", "춘", "경", "금", "미", "은", "운", "혜", "선", "숙", "향", "화", "애", "복", "연",
    "희", "현", "말", "분", "귀", "송",
];
const FEMALE_SECOND: &[&str] =
    &["희", "자", "숙", "순", "옥", "실", "화", "애", "녀", "심", "련", "미", "선", "주", "란", "분", "이", "월"];

/// A few syllables' usual Chinese characters, for the 이름(한자) column (others leave it empty).
const HANJA: &[(&str, &str)] = &[
    ("김", "金"),
    ("이", "李"),
    ("박", "朴"),
    ("최", "崔"),
    ("정", "鄭"),
    ("강", "姜"),
    ("조", "趙"),
    ("윤", "尹"),
    ("장", "張"),
    ("임", "林"),
    ("한", "韓"),
    ("오", "吳"),
    ("서", "徐"),
    ("신", "申"),
    ("권", "權"),
    ("황", "黃"),
    ("안", "安"),
    ("송", "宋"),
    ("류", "柳"),
    ("홍", "洪"),
    ("영", "永"),
    ("철", "哲"),
    ("호", "浩"),
    ("수", "洙"),
    ("남", "男"),
    ("일", "一"),
    ("식", "植"),
    ("민", "敏"),
    ("길", "吉"),
    ("명", "明"),
    ("광", "光"),
    ("상", "相"),
    ("동", "東"),
    ("춘", "春"),
    ("용", "龍"),
    ("학", "學"),
    ("순", "順"),
    ("옥", "玉"),
    ("희", "姬"),
    ("숙", "淑"),
    ("자", "子"),
    ("성", "成"),
    ("진", "鎭"),
    ("국", "國"),
    ("기", "基"),
    ("복", "福"),
    ("화", "花"),
    ("금", "今"),
];

/// Counties of origin: Hangul county, Hangul province, province in English.
const PLACES: &[(&str, &str, &str)] = &[
    ("회령", "함경북도", "North Hamgyong"),
    ("무산", "함경북도", "North Hamgyong"),
    ("온성", "함경북도", "North Hamgyong"),
    ("경원", "함경북도", "North Hamgyong"),
    ("부령", "함경북도", "North Hamgyong"),
    ("청진", "함경북도", "North Hamgyong"),
    ("김책", "함경북도", "North Hamgyong"),
    ("단천", "함경남도", "South Hamgyong"),
    ("함흥", "함경남도", "South Hamgyong"),
    ("정평", "함경남도", "South Hamgyong"),
    ("북청", "함경남도", "South Hamgyong"),
    ("혜산", "양강도", "Ryanggang"),
    ("갑산", "양강도", "Ryanggang"),
    ("강계", "자강도", "Chagang"),
    ("만포", "자강도", "Chagang"),
    ("희천", "자강도", "Chagang"),
    ("덕천", "평안남도", "South Pyongan"),
    ("개천", "평안남도", "South Pyongan"),
    ("순천", "평안남도", "South Pyongan"),
    ("안주", "평안남도", "South Pyongan"),
    ("사리원", "황해북도", "North Hwanghae"),
    ("해주", "황해남도", "South Hwanghae"),
    ("원산", "강원도", "Kangwon"),
    ("고원", "함경남도", "South Hamgyong"),
    ("철원", "강원도", "Kangwon"),
    ("연천", "경기도", "Gyeonggi"),
    ("춘천", "강원도", "Kangwon"),
    ("안동", "경상북도", "North Gyeongsang"),
];

/// Mines: number and the town it is named after.
const MINES: &[(u32, &str)] = &[
    (2, "아오지"),
    (3, "고건원"),
    (5, "용북"),
    (6, "오봉"),
    (7, "학송"),
    (8, "하면"),
    (9, "주원"),
    (11, "신흥"),
    (12, "득장"),
    (14, "천내"),
    (16, "유선"),
    (18, "삼봉"),
];

const FACTORIES: &[(&str, &str)] = &[
    ("광산기계공장", "Mining Machinery Plant"),
    ("협동농장", "Cooperative Farm"),
    ("제철소", "Steel Works"),
    ("임산사업소", "Forestry Station"),
];

// Romanization tables (initial, vowel, final), written out independently of the engine's.
const MR_I: [&str; 19] =
    ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'", "p'", "h"];
const MR_I_VOICED: [&str; 19] =
    ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "tch", "ch'", "k'", "t'", "p'", "h"];
const MR_V: [&str; 21] = [
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi",
    "i",
];
const RR_I: [&str; 19] =
    ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];
const RR_V: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu",
    "ui", "i",
];
const FINAL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t",
    "t", "k", "t", "p", "t",
];

/// How a list writes Latin names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Roman {
    /// McCune-Reischauer with breves and aspiration apostrophes (Ch'ŏl-su).
    MrBreves,
    /// McCune-Reischauer without diacritics, DPRK style (Chol Su, surnames Ri/Rim/Ro).
    Dprk,
    /// Revised Romanization (Cheol-su).
    Rr,
    /// Passport habits: Lee/Park/Choi, Young-chul, Soon-hee; the person's own spelling.
    Passport,
}

fn romanize_syllable(c: char, system: Roman, voiced: bool) -> String {
    let Some((i, v, f)) = decompose(c) else { return c.to_string() };
    match system {
        Roman::MrBreves | Roman::Dprk => {
            let mut s = if voiced { MR_I_VOICED[i] } else { MR_I[i] }.to_string();
            if i == 9 && matches!(v, 20 | 16) {
                s = "sh".into();
            }
            s.push_str(MR_V[v]);
            s.push_str(FINAL[f]);
            if system == Roman::Dprk {
                s = s.replace('ŏ', "o").replace('ŭ', "u").replace('\'', "");
            }
            s
        }
        Roman::Rr => format!("{}{}{}", RR_I[i], RR_V[v], FINAL[f]),
        Roman::Passport => {
            let mut s = format!("{}{}{}", RR_I[i], RR_V[v], FINAL[f]);
            // The spellings South Korean passports and émigré forms habitually use.
            for (from, to) in [("yeong", "young"), ("eo", "u"), ("eu", "u"), ("ui", "ee"), ("si", "shi")] {
                if s.contains(from) {
                    s = s.replacen(from, to, 1);
                    break;
                }
            }
            if s.ends_with('u') && s.len() <= 3 && !s.ends_with("yu") {
                s.push('o');
                s = s.replacen("uo", "oo", 1);
            } else if s.ends_with("un") && s.len() <= 4 {
                s = s.replacen("un", "oon", 1);
            }
            if s.starts_with('g') && voiced {
                s.replace_range(0..1, "k");
            }
            s
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A given name in Latin letters: syllables joined by a hyphen, a space or nothing.
fn romanize_given(given: &str, system: Roman, joiner: &str) -> String {
    let mut parts = Vec::new();
    let mut prev_final = None;
    for c in given.chars() {
        let voiced = matches!(prev_final, Some(0 | 4 | 8 | 16 | 21));
        parts.push(romanize_syllable(c, system, voiced && system != Roman::Rr));
        prev_final = decompose(c).map(|(_, _, f)| f);
    }
    let joined = parts.join(joiner);
    // Only the first letter is a capital with a hyphen or nothing; each part with a space.
    if joiner == " " { parts.iter().map(|p| capitalise(p)).collect::<Vec<_>>().join(" ") } else { capitalise(&joined) }
}

fn romanize_surname(surname: usize, system: Roman, passport_pick: usize) -> String {
    let (h, _, mr, dprk, passport) = SURNAMES[surname];
    match system {
        Roman::MrBreves => mr.to_string(),
        Roman::Dprk => dprk.to_string(),
        Roman::Rr => capitalise(&romanize_syllable(h.chars().next().unwrap_or('김'), Roman::Rr, false)),
        Roman::Passport => passport[passport_pick % passport.len()].to_string(),
    }
}

fn romanize_place(county: &str, system: Roman) -> String {
    let joined: String = county.chars().map(|c| romanize_syllable(c, system, false)).collect::<Vec<_>>().concat();
    capitalise(&joined)
}

/// The vowel pairs a clerk hearing a name confuses, and that romanize alike without breves.
const VOWEL_PAIRS: [(usize, usize); 3] = [(4, 8), (6, 12), (18, 13)];

fn swap_vowel(c: char) -> Option<char> {
    let (i, v, f) = decompose(c)?;
    let to = VOWEL_PAIRS.iter().find_map(|&(a, b)| (v == a).then_some(b).or((v == b).then_some(a)))?;
    compose(i, to, f)
}

/// Misheard: a plain consonant heard as aspirated (or back), or a final ㄴ heard as ㅇ.
fn mishear(c: char, rng: &mut Rng) -> Option<char> {
    let (i, v, f) = decompose(c)?;
    const PAIRS: [(usize, usize); 4] = [(0, 15), (3, 16), (7, 17), (12, 14)];
    if let Some(to) = PAIRS.iter().find_map(|&(a, b)| (i == a).then_some(b).or((i == b).then_some(a))) {
        return compose(to, v, f);
    }
    match f {
        4 => compose(i, v, 21),
        21 if rng.chance(0.5) => compose(i, v, 4),
        _ => None,
    }
}

struct Person {
    surname: usize,
    given: String,
    male: bool,
    birth_year: i32,
    origin: usize,
    /// The mine (index into [`MINES`]) or a factory (`MINES.len() + k`).
    work: usize,
    father: (usize, String),
    family: usize,
    /// This person's own passport spelling choice.
    passport: usize,
    /// Month and day of birth.
    birthday: (u32, u32),
}

fn zipf(rng: &mut Rng, n: usize, s: f64) -> usize {
    let total: f64 = (0..n).map(|k| 1.0 / (k as f64 + 2.7).powf(s)).sum();
    let mut u = rng.unit() * total;
    for k in 0..n {
        u -= 1.0 / (k as f64 + 2.7).powf(s);
        if u <= 0.0 {
            return k;
        }
    }
    n - 1
}

fn weighted_surname(rng: &mut Rng) -> usize {
    let total: u32 = SURNAMES.iter().map(|s| s.1).sum();
    let mut u = rng.below(total as usize) as u32;
    for (i, s) in SURNAMES.iter().enumerate() {
        if u < s.1 {
            return i;
        }
        u -= s.1;
    }
    0
}

/// The ranked given names of one sex: every pair of syllables, in an order fixed across seeds
/// (so the same names are common in every set).
fn name_ranking(first: &[&str], second: &[&str], salt: u64) -> Vec<String> {
    let mut all: Vec<String> =
        first.iter().flat_map(|a| second.iter().filter(move |b| a != *b).map(move |b| format!("{a}{b}"))).collect();
    let mut rng = Rng(SplitMix(salt));
    for i in (1..all.len()).rev() {
        let j = rng.below(i + 1);
        all.swap(i, j);
    }
    all.truncate(320);
    all
}

mod sources;
mod variants;
pub use sources::{Layout, TEMPLATES};
pub use variants::Variant;

/// Generates about `people` invented people and their records in 4-7 of the source lists.
pub fn generate(people: usize, seed: u64, layout: Layout) -> Registry {
    generate_variant(people, seed, layout, Variant::default())
}

/// [`generate`] with a [`Variant`] (the default variant gives exactly [`generate`]'s set).
pub fn generate_variant(people: usize, seed: u64, layout: Layout, variant: Variant) -> Registry {
    let mut rng = Rng(SplitMix(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED));
    let male_names = name_ranking(MALE_FIRST, MALE_SECOND, 11);
    let female_names = name_ranking(FEMALE_FIRST, FEMALE_SECOND, 12);
    let mut persons: Vec<Person> = Vec::with_capacity(people + 8);
    let mut family = 0usize;
    let random_father = |rng: &mut Rng| (weighted_surname(rng), male_names[zipf(rng, male_names.len(), 1.0)].clone());
    while persons.len() < people {
        family += 1;
        let kind = rng.unit();
        if kind < 0.22 {
            // A prisoner of war, and in half the cases two to four of his children listed too.
            let surname = weighted_surname(&mut rng);
            let given = male_names[zipf(&mut rng, male_names.len(), 1.0)].clone();
            let birth_year = rng.range(1924, 1933);
            let origin = rng.below(PLACES.len());
            let work = rng.below(MINES.len());
            let pow_family = family;
            persons.push(Person {
                surname,
                given: given.clone(),
                male: true,
                birth_year,
                origin,
                work,
                father: random_father(&mut rng),
                family: pow_family,
                passport: rng.below(8),
                birthday: (rng.range(1, 12) as u32, rng.range(1, 28) as u32),
            });
            if rng.chance(0.5) {
                family += 1;
                let children = 2 + rng.below(3);
                siblings(
                    &mut rng,
                    &mut persons,
                    children,
                    (surname, given),
                    origin,
                    work,
                    family,
                    birth_year + 22,
                    (&male_names, &female_names),
                );
            }
        } else if kind < 0.55 {
            // A group of siblings among the detainees (same father, same 본적, often the same mine).
            let surname = weighted_surname(&mut rng);
            let father = (surname, male_names[zipf(&mut rng, male_names.len(), 1.0)].clone());
            let n = 2 + rng.below(3);
            let origin = rng.below(PLACES.len());
            let work = rng.below(MINES.len());
            let start = rng.range(1930, 1962);
            siblings(&mut rng, &mut persons, n, father, origin, work, family, start, (&male_names, &female_names));
        } else {
            let male = rng.chance(0.7);
            let names = if male { &male_names } else { &female_names };
            let surname = weighted_surname(&mut rng);
            persons.push(Person {
                surname,
                given: names[zipf(&mut rng, names.len(), 1.0)].clone(),
                male,
                birth_year: rng.range(1928, 1975),
                origin: rng.below(PLACES.len()),
                work: if rng.chance(0.75) { rng.below(MINES.len()) } else { MINES.len() + rng.below(FACTORIES.len()) },
                father: (surname, male_names[zipf(&mut rng, male_names.len(), 1.0)].clone()),
                family,
                passport: rng.below(8),
                birthday: (rng.range(1, 12) as u32, rng.range(1, 28) as u32),
            });
        }
    }
    persons.truncate(people);
    // Which lists this seed has: four to seven of the templates, always at least one in Hangul
    // and one in Latin letters.
    let count = 4 + rng.below(4);
    let mut chosen: Vec<usize> = (0..TEMPLATES.len()).collect();
    for i in (1..chosen.len()).rev() {
        let j = rng.below(i + 1);
        chosen.swap(i, j);
    }
    chosen.truncate(count);
    if !chosen.iter().any(|&t| TEMPLATES[t].hangul) {
        chosen[0] = TEMPLATES.iter().position(|t| t.hangul).unwrap_or(0);
    }
    if chosen.iter().all(|&t| TEMPLATES[t].hangul) {
        chosen[1] = TEMPLATES.iter().position(|t| !t.hangul).unwrap_or(1);
    }
    chosen.sort_unstable();
    chosen.dedup();
    if variant.cross_script {
        // Every list: more people written in Hangul in one and in Latin letters in another.
        chosen = (0..TEMPLATES.len()).collect();
    }
    let plan = variants::Plan::new(variant, seed, &persons);
    sources::write(&mut rng, &persons, &chosen, layout, plan)
}

#[allow(clippy::too_many_arguments)]
fn siblings(
    rng: &mut Rng,
    persons: &mut Vec<Person>,
    n: usize,
    father: (usize, String),
    origin: usize,
    work: usize,
    family: usize,
    first_year: i32,
    names: (&[String], &[String]),
) {
    // Half the families give their children a shared generation syllable (돌림자).
    let generation = rng.chance(0.5).then(|| (rng.pick(MALE_FIRST).to_string(), rng.chance(0.5)));
    let mut year = first_year;
    for _ in 0..n {
        let male = rng.chance(0.6);
        let given = match &generation {
            Some((syllable, first)) if male => {
                let other = rng.pick(MALE_SECOND);
                if *first { format!("{syllable}{other}") } else { format!("{other}{syllable}") }
            }
            _ => {
                let list = if male { names.0 } else { names.1 };
                list[zipf(rng, list.len(), 1.0)].clone()
            }
        };
        persons.push(Person {
            surname: father.0,
            given,
            male,
            birth_year: year,
            origin,
            work: if rng.chance(0.7) { work } else { rng.below(MINES.len() + FACTORIES.len()) },
            father: father.clone(),
            family,
            passport: rng.below(8),
            birthday: (rng.range(1, 12) as u32, rng.range(1, 28) as u32),
        });
        year += rng.range(1, 5);
    }
}
