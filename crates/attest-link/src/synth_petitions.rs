//! A third, independent set of invented person lists (issue 15, tenth session), written without
//! reading the other generators or the role inference: how yet other organisations keep lists of
//! North Korean detainees, abductees, separated families and prisoners of war, merged by an
//! investigator into one spreadsheet.
//!
//! Four sources, each with its own habits and rates:
//! - `reunion`: a South Korean family-reunion application list (이산가족 상봉 신청), filled in by
//!   relatives in the South from memory: pre-war province and county names, dates as
//!   "1951. 3. 2.", "1951년 3월 2일", "51년 3월", 단기 years, lunar birthdays marked (음), the
//!   father's name alone in the family column, 미상 / 모름 for what nobody remembers;
//! - `church`: a church/NGO interview log: ages instead of dates ("70대", "약 65세"), 씨 or a
//!   title after a name, 故 or (사망) markers, abbreviated provinces (함북 길주), a relatives cell
//!   ("부 김철수, 모 이순자"), the interviewer's name in its own column, "-" and "?" for unknown;
//! - `un`: an English-language UN-submission spreadsheet: "KIM, Young-chul" in one column,
//!   sometimes the Hangul too, DOB as dd/mm/yyyy or mm/dd/yyyy or an Excel serial number,
//!   "North Hamgyong, Kilju" or "Hamgyŏng-pukto", "unknown" / "N/A";
//! - `defector`: a list compiled from defectors' testimony, in North Korean conventions: 리 and
//!   로 for 이 and 노, 련 for 연, 주체 years ("주체40(1951)"), full-width digits, post-war
//!   provinces and renamed counties (김책시 for 성진, 양강도 for 함경남도 혜산).
//!
//! People come in families (siblings share the surname, the father's and mother's names, the home
//! county and often a generation syllable); given names follow a Zipf law so namesakes are
//! common. Some people appear twice in one source. Seeds of [`FIRST_HELD_OUT_SEED`] and above are
//! held out; seeds of [`NEVER_SEEN_SEED`] and above were also kept out of all fixing.
//!
//! The random generator is a hand-written SplitMix64: this crate has no `rand` dependency and the
//! sets must be identical on every platform and version.

/// Seeds from here on are held out from tuning.
pub const FIRST_HELD_OUT_SEED: u64 = 1000;
/// Seeds from here on were never looked at while fixing the engine (the honest figure).
pub const NEVER_SEEN_SEED: u64 = 2000;

/// The sources, in the order of [`Petitions::sources`].
pub const SOURCES: [&str; 4] = ["reunion", "church", "un", "defector"];

/// A generated set: one merged table, and the truth per row.
#[derive(Debug, Clone)]
pub struct Petitions {
    /// The header (chosen per seed from Korean, English and mixed names).
    pub headers: Vec<String>,
    /// Rows; column 0 is the record id.
    pub rows: Vec<Vec<String>>,
    /// True person per row.
    pub person: Vec<usize>,
    /// Family per row (records of different people in one family are relatives).
    pub family: Vec<usize>,
    /// Source index (into [`SOURCES`]) per row.
    pub source: Vec<usize>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// Surname: Hangul (South), Hangul (North, initial-sound rule not applied), hanja, romanizations,
/// share in percent.
const SURNAMES: &[(&str, &str, &str, &[&str], f64)] = &[
    ("김", "김", "金", &["Kim", "Gim"], 21.0),
    ("이", "리", "李", &["Lee", "Yi", "Ri", "Rhee"], 14.7),
    ("박", "박", "朴", &["Park", "Pak", "Bak"], 8.4),
    ("최", "최", "崔", &["Choi", "Choe"], 4.7),
    ("정", "정", "鄭", &["Jung", "Jeong", "Chong", "Chung"], 4.4),
    ("강", "강", "姜", &["Kang", "Gang"], 2.3),
    ("조", "조", "趙", &["Cho", "Jo"], 2.1),
    ("윤", "윤", "尹", &["Yoon", "Yun"], 2.1),
    ("장", "장", "張", &["Jang", "Chang"], 2.0),
    ("임", "림", "林", &["Lim", "Im", "Rim"], 1.7),
    ("한", "한", "韓", &["Han"], 1.5),
    ("오", "오", "吳", &["Oh", "O"], 1.5),
    ("서", "서", "徐", &["Seo", "So", "Suh"], 1.4),
    ("신", "신", "申", &["Shin", "Sin"], 1.4),
    ("권", "권", "權", &["Kwon", "Gwon"], 1.4),
    ("황", "황", "黃", &["Hwang"], 1.3),
    ("안", "안", "安", &["Ahn", "An"], 1.3),
    ("송", "송", "宋", &["Song"], 1.3),
    ("전", "전", "全", &["Jeon", "Chon"], 1.1),
    ("홍", "홍", "洪", &["Hong"], 1.1),
    ("유", "류", "柳", &["Yoo", "Ryu", "Yu"], 1.0),
    ("고", "고", "高", &["Ko", "Go"], 0.9),
    ("문", "문", "文", &["Moon", "Mun"], 0.9),
    ("양", "량", "梁", &["Yang", "Ryang"], 0.9),
    ("손", "손", "孫", &["Son", "Sohn"], 0.9),
    ("배", "배", "裵", &["Bae", "Pae"], 0.8),
    ("백", "백", "白", &["Baek", "Paek"], 0.7),
    ("허", "허", "許", &["Heo", "Ho", "Hur"], 0.6),
    ("남", "남", "南", &["Nam"], 0.5),
    ("노", "로", "盧", &["Noh", "No", "Ro"], 0.4),
    ("하", "하", "河", &["Ha"], 0.4),
    ("곽", "곽", "郭", &["Kwak"], 0.4),
    ("차", "차", "車", &["Cha"], 0.4),
    ("주", "주", "朱", &["Joo", "Ju", "Chu"], 0.4),
    ("우", "우", "禹", &["Woo", "U"], 0.4),
    ("구", "구", "具", &["Koo", "Ku"], 0.4),
    ("방", "방", "方", &["Bang", "Pang"], 0.3),
    ("탁", "탁", "卓", &["Tak"], 0.05),
];

/// Given-name syllable: Hangul (South), Hangul (North), hanja, Revised Romanization,
/// McCune-Reischauer (with breves), the spelling families use.
const SYLLABLES: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("영", "영", "英", "yeong", "yŏng", "young"),
    ("철", "철", "哲", "cheol", "ch'ŏl", "chul"),
    ("수", "수", "秀", "su", "su", "soo"),
    ("순", "순", "順", "sun", "sun", "soon"),
    ("자", "자", "子", "ja", "cha", "ja"),
    ("희", "희", "姬", "hui", "hŭi", "hee"),
    ("호", "호", "浩", "ho", "ho", "ho"),
    ("길", "길", "吉", "gil", "kil", "kil"),
    ("남", "남", "男", "nam", "nam", "nam"),
    ("옥", "옥", "玉", "ok", "ok", "ok"),
    ("성", "성", "成", "seong", "sŏng", "sung"),
    ("일", "일", "一", "il", "il", "il"),
    ("춘", "춘", "春", "chun", "ch'un", "choon"),
    ("복", "복", "福", "bok", "pok", "bok"),
    ("명", "명", "明", "myeong", "myŏng", "myung"),
    ("숙", "숙", "淑", "suk", "suk", "sook"),
    ("석", "석", "錫", "seok", "sŏk", "suk"),
    ("봉", "봉", "鳳", "bong", "pong", "bong"),
    ("금", "금", "今", "geum", "kŭm", "keum"),
    ("정", "정", "貞", "jeong", "chŏng", "jung"),
    ("광", "광", "光", "gwang", "kwang", "kwang"),
    ("혜", "혜", "惠", "hye", "hye", "hye"),
    ("동", "동", "東", "dong", "tong", "dong"),
    ("준", "준", "俊", "jun", "chun", "joon"),
    ("학", "학", "學", "hak", "hak", "hak"),
    ("용", "룡", "龍", "yong", "ryong", "yong"),
    ("만", "만", "萬", "man", "man", "man"),
    ("근", "근", "根", "geun", "kŭn", "keun"),
    ("애", "애", "愛", "ae", "ae", "ae"),
    ("선", "선", "善", "seon", "sŏn", "sun"),
    ("진", "진", "鎭", "jin", "chin", "jin"),
    ("덕", "덕", "德", "deok", "tŏk", "duk"),
    ("환", "환", "煥", "hwan", "hwan", "hwan"),
    ("식", "식", "植", "sik", "sik", "sik"),
    ("화", "화", "花", "hwa", "hwa", "hwa"),
    ("연", "련", "蓮", "yeon", "ryŏn", "yun"),
    ("기", "기", "基", "gi", "ki", "ki"),
    ("현", "현", "賢", "hyeon", "hyŏn", "hyun"),
    ("태", "태", "泰", "tae", "t'ae", "tae"),
    ("원", "원", "元", "won", "wŏn", "won"),
];

/// A province: current name, abbreviation, English spellings, and counties as (old Hangul, new
/// Hangul, old English, new English). An old province name, if the county moved.
struct Province {
    name: &'static str,
    short: &'static str,
    english: &'static [&'static str],
    old: Option<(&'static str, &'static str, &'static str)>,
    counties: &'static [(&'static str, &'static str, &'static str, &'static str)],
    weight: f64,
}

const PROVINCES: &[Province] = &[
    Province {
        name: "함경북도",
        short: "함북",
        english: &["North Hamgyong", "Hamgyŏng-pukto", "N. Hamgyong", "Hamgyongbuk-do"],
        old: None,
        counties: &[
            ("길주", "길주", "Kilju", "Kilju"),
            ("명천", "화대", "Myongchon", "Hwadae"),
            ("성진", "김책", "Songjin", "Kimchaek"),
            ("청진", "청진", "Chongjin", "Chŏngjin"),
            ("회령", "회령", "Hoeryong", "Hoeryŏng"),
            ("무산", "무산", "Musan", "Musan"),
            ("경성", "경성", "Kyongsong", "Kyŏngsŏng"),
        ],
        weight: 3.0,
    },
    Province {
        name: "함경남도",
        short: "함남",
        english: &["South Hamgyong", "Hamgyŏng-namdo", "S. Hamgyong", "Hamgyongnam-do"],
        old: None,
        counties: &[
            ("함흥", "함흥", "Hamhung", "Hamhŭng"),
            ("북청", "북청", "Pukchong", "Pukch'ŏng"),
            ("흥남", "흥남", "Hungnam", "Hŭngnam"),
            ("단천", "단천", "Tanchon", "Tanch'ŏn"),
        ],
        weight: 2.5,
    },
    Province {
        name: "양강도",
        short: "양강",
        english: &["Ryanggang", "Yanggang-do", "Ryanggang Province"],
        old: Some(("함경남도", "함남", "South Hamgyong")),
        counties: &[("혜산", "혜산", "Hyesan", "Hyesan"), ("후창", "김형직", "Huchang", "Kimhyongjik")],
        weight: 1.2,
    },
    Province {
        name: "평안북도",
        short: "평북",
        english: &["North Pyongan", "P'yŏngan-pukto", "N. Pyongan", "Pyonganbuk-do"],
        old: None,
        counties: &[
            ("신의주", "신의주", "Sinuiju", "Sinŭiju"),
            ("정주", "정주", "Chongju", "Chŏngju"),
            ("의주", "의주", "Uiju", "Ŭiju"),
            ("구성", "구성", "Kusong", "Kusŏng"),
        ],
        weight: 2.0,
    },
    Province {
        name: "평안남도",
        short: "평남",
        english: &["South Pyongan", "P'yŏngan-namdo", "S. Pyongan", "Pyongannam-do"],
        old: None,
        counties: &[
            ("순천", "순천", "Sunchon", "Sunch'ŏn"),
            ("개천", "개천", "Kaechon", "Kaech'ŏn"),
            ("안주", "안주", "Anju", "Anju"),
        ],
        weight: 2.0,
    },
    Province {
        name: "황해남도",
        short: "황남",
        english: &["South Hwanghae", "Hwanghae-namdo", "S. Hwanghae"],
        old: Some(("황해도", "황해", "Hwanghae")),
        counties: &[("해주", "해주", "Haeju", "Haeju"), ("옹진", "옹진", "Ongjin", "Ongjin")],
        weight: 1.5,
    },
    Province {
        name: "황해북도",
        short: "황북",
        english: &["North Hwanghae", "Hwanghae-pukto", "N. Hwanghae"],
        old: Some(("황해도", "황해", "Hwanghae")),
        counties: &[("사리원", "사리원", "Sariwon", "Sariwŏn"), ("황주", "황주", "Hwangju", "Hwangju")],
        weight: 1.2,
    },
    Province {
        name: "강원도",
        short: "강원",
        english: &["Kangwon", "Kangwŏn-do", "Gangwon"],
        old: None,
        counties: &[
            ("원산", "원산", "Wonsan", "Wŏnsan"),
            ("고성", "고성", "Kosong", "Kosŏng"),
            ("속초", "속초", "Sokcho", "Sokcho"),
        ],
        weight: 1.2,
    },
    Province {
        name: "자강도",
        short: "자강",
        english: &["Chagang", "Chagang-do", "Jagang"],
        old: Some(("평안북도", "평북", "North Pyongan")),
        counties: &[("강계", "강계", "Kanggye", "Kanggye"), ("만포", "만포", "Manpo", "Manp'o")],
        weight: 0.8,
    },
    Province {
        name: "경기도",
        short: "경기",
        english: &["Gyeonggi", "Kyŏnggi-do", "Gyeonggi-do"],
        old: None,
        counties: &[("강화", "강화", "Ganghwa", "Kanghwa"), ("연천", "연천", "Yeoncheon", "Yŏnch'ŏn")],
        weight: 0.7,
    },
];

/// Invented interviewers of the church log.
const INTERVIEWERS: &[&str] = &["한지민 간사", "오세진 목사", "박은영", "Sarah Lin", "최도윤 전도사", "이하늘"];

struct Person {
    family: usize,
    surname: usize,
    given: [usize; 2],
    female: bool,
    birth: (i32, u32, u32),
    province: usize,
    county: usize,
    father: (usize, [usize; 2]),
    mother: (usize, [usize; 2]),
    dead: bool,
}

/// Given names as syllable pairs, ranked; the rank's weight follows a Zipf law.
fn given_pool(rng: &mut Rng) -> Vec<[usize; 2]> {
    let mut pool = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while pool.len() < 420 {
        let a = rng.below(SYLLABLES.len());
        let b = rng.below(SYLLABLES.len());
        if a != b && seen.insert((a, b)) {
            pool.push([a, b]);
        }
    }
    pool
}

fn zipf(rng: &mut Rng, n: usize) -> usize {
    let weights: Vec<f64> = (0..n).map(|r| 1.0 / (r as f64 + 3.0)).collect();
    rng.weighted(&weights)
}

fn hangul_given(g: [usize; 2], north: bool) -> String {
    let s = |i: usize| if north { SYLLABLES[i].1 } else { SYLLABLES[i].0 };
    format!("{}{}", s(g[0]), s(g[1]))
}

fn hangul_full(p: (usize, [usize; 2]), north: bool) -> String {
    let s = SURNAMES[p.0];
    format!("{}{}", if north { s.1 } else { s.0 }, hangul_given(p.1, north))
}

fn hanja_full(p: (usize, [usize; 2])) -> String {
    format!("{}{}{}", SURNAMES[p.0].2, SYLLABLES[p.1[0]].2, SYLLABLES[p.1[1]].2)
}

/// A romanized given name in one of the habits: "Young-chul", "Yeongcheol", "Yŏng-ch'ŏl", "Young Chul".
fn roman_given(rng: &mut Rng, g: [usize; 2]) -> String {
    let style = rng.below(4);
    let part = |i: usize| match style {
        0 | 3 => SYLLABLES[i].5.to_string(),
        1 => SYLLABLES[i].3.to_string(),
        _ => SYLLABLES[i].4.to_string(),
    };
    let cap = |s: String| {
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
    };
    match style {
        1 => cap(part(g[0]) + &part(g[1])),
        3 => format!("{} {}", cap(part(g[0])), cap(part(g[1]))),
        _ => format!("{}-{}", cap(part(g[0])), part(g[1])),
    }
}

fn roman_surname(rng: &mut Rng, s: usize) -> String {
    rng.pick(SURNAMES[s].3).to_string()
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap_or(c) } else { c })
        .collect()
}

/// One source's missing-value habit.
fn missing(rng: &mut Rng, source: usize) -> String {
    let tokens: &[&str] = match source {
        0 => &["미상", "모름", "불명", ""],
        1 => &["-", "?", "모름", "없음", ""],
        2 => &["unknown", "N/A", "", "-"],
        _ => &["미상", "불명", "0", "1900-01-01", ""],
    };
    rng.pick(tokens).to_string()
}

/// A birth date as the source writes it; (음) lunar birthdays shift about a month earlier.
fn birth_text(rng: &mut Rng, source: usize, p: &Person, interview_year: i32) -> String {
    let (mut y, mut m, mut d) = p.birth;
    if rng.chance(0.04) {
        y += if rng.chance(0.5) { 1 } else { -1 };
    }
    let lunar = source == 0 && rng.chance(0.15);
    if lunar {
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
        d = d.min(28);
    }
    let text = match source {
        0 => match rng.weighted(&[45.0, 20.0, 10.0, 5.0, 10.0, 10.0]) {
            0 => format!("{y}. {m}. {d}."),
            1 => format!("{y}년 {m}월 {d}일"),
            2 => format!("{:02}년 {m}월", y % 100),
            3 => format!("단기 {}년", y + 2333),
            4 => format!("{y}"),
            _ => format!("{y}.{m:02}.{d:02}"),
        },
        1 => {
            let age = interview_year - y;
            match rng.weighted(&[25.0, 20.0, 35.0, 10.0, 10.0]) {
                0 => format!("{}대", age / 10 * 10),
                1 => format!("약 {}세", age + rng.below(5) as i32 - 2),
                2 => format!("{y}"),
                3 => format!("{y}. {m}."),
                _ => format!("{}세", age),
            }
        }
        2 => match rng.weighted(&[40.0, 20.0, 10.0, 15.0, 15.0]) {
            0 => format!("{d:02}/{m:02}/{y}"),
            1 => format!("{m:02}/{d:02}/{y}"),
            2 => format!("{}", days_from_civil(y, m, d) - days_from_civil(1899, 12, 30)),
            3 => format!("{y}"),
            _ => format!("{y}-{m:02}-{d:02}"),
        },
        _ => match rng.weighted(&[30.0, 10.0, 25.0, 20.0, 15.0]) {
            0 => format!("주체{}({y})년 {m}월 {d}일", y - 1911),
            1 => fullwidth(&format!("{y}.{m}.{d}")),
            2 => format!("{y}.{m:02}.{d:02}"),
            3 => format!("{y}년생"),
            _ => format!("{y}"),
        },
    };
    if lunar { format!("{text} (음)") } else { text }
}

/// The place of origin as the source writes it.
fn place_text(rng: &mut Rng, source: usize, p: &Person) -> String {
    let prov = &PROVINCES[p.province];
    let county = prov.counties[p.county];
    // Old sources remember the pre-war province and county names; the defectors' list uses the new.
    let (old_prov, new_county) = match source {
        0 => (prov.old.is_some() && rng.chance(0.7), false),
        1 => (prov.old.is_some() && rng.chance(0.4), rng.chance(0.3)),
        2 => (false, rng.chance(0.5)),
        _ => (false, true),
    };
    let (name, short, english) = match (old_prov, prov.old) {
        (true, Some(o)) => (o.0, o.1, o.2),
        _ => (prov.name, prov.short, *rng.pick(prov.english)),
    };
    let (ck, ce) = if new_county { (county.1, county.3) } else { (county.0, county.2) };
    let suffix = |c: &str| {
        if ["청진", "함흥", "신의주", "해주", "원산", "사리원", "흥남", "김책", "혜산", "강계", "만포", "속초"]
            .contains(&c)
        {
            "시"
        } else {
            "군"
        }
    };
    match source {
        0 => match rng.below(3) {
            0 => format!("{name} {ck}{}", suffix(ck)),
            1 => format!("{name} {ck}"),
            _ => name.to_string(),
        },
        1 => match rng.below(3) {
            0 => format!("{short} {ck}"),
            1 => ck.to_string(),
            _ => format!("{name} {ck}"),
        },
        2 => match rng.below(3) {
            0 => format!("{english}, {ce}"),
            1 => english.to_string(),
            _ => format!("{ce}, {english}"),
        },
        _ => format!("{name} {ck}{}", suffix(ck)),
    }
}

/// The person's name as the source writes it, and the romanized column.
fn names_text(rng: &mut Rng, source: usize, p: &Person) -> (String, String) {
    let mut given = p.given;
    if rng.chance(0.04) {
        // A misheard syllable.
        given[rng.below(2)] = rng.below(SYLLABLES.len());
    }
    let north = source == 3 || (source == 1 && rng.chance(0.2));
    let hangul = hangul_full((p.surname, given), north);
    let roman_sur = roman_surname(rng, p.surname);
    let roman = roman_given(rng, given);
    match source {
        0 => {
            let name = if rng.chance(0.08) { format!("{hangul}({})", hanja_full((p.surname, given))) } else { hangul };
            let name = if p.dead && rng.chance(0.3) { format!("故 {name}") } else { name };
            (name, String::new())
        }
        1 => {
            let name = match rng.weighted(&[70.0, 8.0, 4.0, 6.0, 6.0, 6.0]) {
                0 => hangul,
                1 => format!("{hangul} 씨"),
                2 => format!("{hangul} {}", rng.pick(&["목사", "집사", "선생"])),
                3 if p.dead => format!("故 {hangul}"),
                4 if p.dead => format!("{hangul}(사망)"),
                5 => format!("{hangul}({})", hanja_full((p.surname, given))),
                _ => hangul,
            };
            (name, String::new())
        }
        2 => {
            let english = match rng.weighted(&[70.0, 15.0, 15.0]) {
                0 => format!("{}, {roman}", roman_sur.to_uppercase()),
                1 => format!("{roman} {}", roman_sur.to_uppercase()),
                _ => format!("{roman_sur} {roman}"),
            };
            let korean = if rng.chance(0.5) {
                if rng.chance(0.2) { format!("{hangul} ({})", hanja_full((p.surname, given))) } else { hangul }
            } else {
                String::new()
            };
            (korean, english)
        }
        _ => {
            let name = if p.dead && rng.chance(0.2) { format!("{hangul}(사망)") } else { hangul };
            (name, if rng.chance(0.1) { format!("{roman_sur} {roman}") } else { String::new() })
        }
    }
}

fn family_text(rng: &mut Rng, source: usize, p: &Person) -> String {
    let north = source == 3;
    match source {
        0 if rng.chance(0.6) => hangul_full(p.father, north),
        1 if rng.chance(0.5) => {
            if rng.chance(0.6) {
                format!("부 {}, 모 {}", hangul_full(p.father, false), hangul_full(p.mother, false))
            } else {
                format!("아버지: {}", hangul_full(p.father, false))
            }
        }
        2 if rng.chance(0.3) => {
            format!("Father: {} {}", roman_surname(rng, p.father.0).to_uppercase(), roman_given(rng, p.father.1))
        }
        3 if rng.chance(0.4) => format!("父 {}", hangul_full(p.father, north)),
        _ => missing(rng, source),
    }
}

fn sex_text(rng: &mut Rng, source: usize, female: bool) -> String {
    if rng.chance(0.05) {
        return missing(rng, source);
    }
    match (source, female) {
        (2, false) => rng.pick(&["M", "Male"]).to_string(),
        (2, true) => rng.pick(&["F", "Female"]).to_string(),
        (_, false) => rng.pick(&["남", "남자", "男"]).to_string(),
        (_, true) => rng.pick(&["여", "여자", "女"]).to_string(),
    }
}

/// The header names, chosen per seed.
fn headers(rng: &mut Rng) -> Vec<String> {
    let choose = |rng: &mut Rng, names: &[&str]| rng.pick(names).to_string();
    vec![
        choose(rng, &["접수번호", "Case ID", "연번", "No."]),
        choose(rng, &["출처", "Source", "자료"]),
        choose(rng, &["성명", "이름", "대상자", "피해자 성명", "Name", "Victim", "성명(한자)"]),
        choose(rng, &["영문 성명", "Name (English)", "English name", "로마자"]),
        choose(rng, &["성별", "Sex", "Gender", "남/여"]),
        choose(rng, &["생년월일", "출생", "DOB", "Date of birth", "생년", "나이/생년"]),
        choose(rng, &["출신지", "고향", "본적", "Place of origin", "Hometown", "출생지"]),
        choose(rng, &["가족관계", "부모", "Family", "Relatives", "가족"]),
        choose(rng, &["면담자", "Interviewer", "작성자"]),
        choose(rng, &["비고", "Notes", "메모"]),
    ]
}

/// Generates about `people` invented people in families and their records in the four sources.
pub fn generate(people: usize, seed: u64) -> Petitions {
    let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x7E7E);
    let pool = given_pool(&mut rng);
    let surname_weights: Vec<f64> = SURNAMES.iter().map(|s| s.4).collect();
    let province_weights: Vec<f64> = PROVINCES.iter().map(|p| p.weight).collect();
    let mut persons: Vec<Person> = Vec::with_capacity(people);
    let mut family = 0;
    while persons.len() < people {
        let size = 1 + rng.weighted(&[60.0, 25.0, 10.0, 5.0]);
        let surname = rng.weighted(&surname_weights);
        let province = rng.weighted(&province_weights);
        let county = rng.below(PROVINCES[province].counties.len());
        let father = (surname, pool[zipf(&mut rng, pool.len())]);
        let mother = (rng.weighted(&surname_weights), pool[zipf(&mut rng, pool.len())]);
        let generation = (rng.chance(0.5), rng.below(SYLLABLES.len()));
        let first_year = 1925 + rng.below(45) as i32;
        for k in 0..size {
            if persons.len() >= people {
                break;
            }
            let mut given = pool[zipf(&mut rng, pool.len())];
            if generation.0 && size > 1 {
                given[0] = generation.1;
                if given[1] == given[0] {
                    given[1] = (given[0] + 1) % SYLLABLES.len();
                }
            }
            let year = first_year + (k as i32) * (1 + rng.below(5) as i32);
            persons.push(Person {
                family,
                surname,
                given,
                female: rng.chance(0.45),
                birth: (year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32),
                province,
                county,
                father,
                mother,
                dead: rng.chance(0.25),
            });
        }
        family += 1;
    }
    let headers = headers(&mut rng);
    let mut rows = Vec::new();
    let (mut person, mut family_of, mut source_of) = (Vec::new(), Vec::new(), Vec::new());
    let mut counters = [0usize; 4];
    let prefixes = ["R", "C", "UN-", "D"];
    for (i, p) in persons.iter().enumerate() {
        let lists = 1 + rng.weighted(&[35.0, 35.0, 22.0, 8.0]);
        let mut sources: Vec<usize> = Vec::new();
        while sources.len() < lists {
            let s = rng.weighted(&[30.0, 30.0, 20.0, 20.0]);
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        let duplicates: Vec<usize> =
            sources.iter().copied().filter(|&s| rng.chance([0.04, 0.06, 0.02, 0.03][s])).collect();
        sources.extend(duplicates);
        for s in sources {
            counters[s] += 1;
            let interview_year = 2005 + rng.below(15) as i32;
            let (name, english) = names_text(&mut rng, s, p);
            let (name, english) = if rng.chance(0.02) { (english, name) } else { (name, english) };
            let birth = if rng.chance([0.08, 0.1, 0.1, 0.12][s]) {
                missing(&mut rng, s)
            } else {
                birth_text(&mut rng, s, p, interview_year)
            };
            let place =
                if rng.chance([0.06, 0.1, 0.1, 0.05][s]) { missing(&mut rng, s) } else { place_text(&mut rng, s, p) };
            let notes = match s {
                0 => rng.pick(&["1950년 납북", "전쟁 중 행방불명", "국군포로", "", "상봉 희망"]).to_string(),
                1 => format!("{}년 면담", interview_year),
                2 => rng.pick(&["Abducted", "POW", "Detained (kwalliso)", "Unknown whereabouts", ""]).to_string(),
                _ => rng.pick(&["관리소 수감", "교화소", "사망 추정", ""]).to_string(),
            };
            rows.push(vec![
                format!("{}{:05}", prefixes[s], counters[s]),
                ["이산가족 상봉 신청", "교회 면담 기록", "UN submission", "탈북민 증언 명단"][s].to_string(),
                name,
                english,
                sex_text(&mut rng, s, p.female),
                birth,
                place,
                family_text(&mut rng, s, p),
                if s == 1 { rng.pick(INTERVIEWERS).to_string() } else { String::new() },
                notes,
            ]);
            person.push(i);
            family_of.push(p.family);
            source_of.push(s);
        }
    }
    // Shuffle the rows (Fisher-Yates) so sources and people interleave.
    let n = rows.len();
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let take = |v: &[usize]| order.iter().map(|&i| v[i]).collect::<Vec<_>>();
    let (person, family_of, source_of) = (take(&person), take(&family_of), take(&source_of));
    let rows = order.iter().map(|&i| rows[i].clone()).collect();
    Petitions { headers, rows, person, family: family_of, source: source_of }
}
