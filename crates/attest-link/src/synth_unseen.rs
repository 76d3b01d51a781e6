//! Person lists in other organisations' habits, with known truth, to check that linkage holds on
//! data it was not tuned on (issue 15). Every person is invented.
//!
//! What the project's first generator ([`crate::synth`]) lacks and real lists have:
//! - given names drawn from a Zipf-Mandelbrot law (a few very common, a long tail), birth years
//!   independent of names, and a known rate of birth years recorded 3 or more years off;
//! - families: siblings share surname, father's name, place of origin and often the workplace,
//!   are born a few years apart, and often share one given-name syllable;
//! - dependent columns: surname and given-name columns beside a full-name column that is their
//!   concatenation, filled by some sources and not others;
//! - per-source habits: Hangul, Revised Romanization, DPRK McCune-Reischauer, personal spellings;
//!   given name and surname swapped between columns; sex as 남/여, M/F, male/female; ages with the
//!   year they were reported instead of birth years; a status column of source-specific words;
//! - 20-50 % missing values per field;
//! - three header vocabularies ([`Layout`]), the last kept out of tuning.
//!
//! Also the FEBRL transforms the issue asks for: an added concatenated-name column and unfamiliar
//! header names ([`febrl_variant`]).

use crate::synth::{ORIGINS, Rng, SURNAME_SPELLINGS, SURNAMES, SYLLABLES, capitalise, mr, personal, rr, typo};

/// Which header vocabulary the generated file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// English headers of an NGO database.
    English,
    /// Korean headers.
    Korean,
    /// Another organisation's abbreviations: kept out of tuning, reported separately.
    HeldOut,
}

/// Headers in canonical order: id, surname, given, full name, birth year, age, year the age was
/// reported, sex, origin, workplace, father's name, status word, source list.
pub fn headers(layout: Layout) -> [&'static str; 13] {
    match layout {
        Layout::English => [
            "record_no",
            "family_name",
            "first_name",
            "name_full",
            "year_born",
            "age",
            "age_reported_in",
            "gender",
            "place_of_origin",
            "work_unit",
            "fathers_name",
            "category",
            "list",
        ],
        Layout::Korean => [
            "번호",
            "성",
            "이름",
            "성명",
            "출생년도",
            "나이",
            "나이기준년도",
            "성별",
            "출신지",
            "직장",
            "부친성명",
            "구분",
            "출처",
        ],
        Layout::HeldOut => [
            "ref",
            "last",
            "first",
            "person",
            "yob_est",
            "age_given",
            "year_age_given",
            "sex_code",
            "native_county",
            "enterprise",
            "father_full",
            "status_word",
            "provenance",
        ],
    }
}

/// A generated file with its truth.
#[derive(Debug, Clone)]
pub struct Lists {
    /// Header row.
    pub headers: Vec<String>,
    /// Records.
    pub rows: Vec<Vec<String>>,
    /// True person of each record.
    pub person: Vec<usize>,
    /// Family of each record (siblings share one).
    pub family: Vec<usize>,
    /// True birth year of each record's person (for checking estimates).
    pub true_birth_year: Vec<i32>,
}

const WORKPLACES: &[(&str, &str)] = &[
    ("아오지 탄광", "Aoji coal mine"),
    ("검덕 광산", "Komdok mine"),
    ("룡양 광산", "Ryongyang mine"),
    ("대흥 광산", "Taehung mine"),
    ("고원 탄광", "Kowon coal mine"),
    ("득장 탄광", "Tukjang coal mine"),
    ("김책 제철소", "Kimchaek steel works"),
    ("2.8 직동 탄광", "Jiktong coal mine"),
];

/// Status words, one vocabulary per source (the same fact in four habits).
const STATUS: [&[&str]; 4] = [
    &["노동자", "국군포로", "정치범", "가족"],
    &["labourer", "POW", "political prisoner", "family member"],
    &["forced worker", "prisoner of war", "detainee", "dependant"],
    &["worker", "ex-POW", "prisoner", "relative"],
];

struct Person {
    surname: usize,
    given: [&'static str; 2],
    father: [&'static str; 2],
    birth_year: i32,
    male: bool,
    origin: usize,
    workplace: usize,
    family: usize,
    status: usize,
}

/// Given names in a fixed order of popularity, with Zipf-Mandelbrot weights 1 / (rank + 10).
fn given_names() -> (Vec<[&'static str; 2]>, Vec<f64>) {
    let mut rng = Rng::new(0x5eed_1234);
    let mut names = Vec::with_capacity(5_000);
    let mut seen = std::collections::HashSet::new();
    while names.len() < 5_000 {
        let n = [SYLLABLES[rng.below(SYLLABLES.len())], SYLLABLES[rng.below(SYLLABLES.len())]];
        if n[0] != n[1] && seen.insert(n) {
            names.push(n);
        }
    }
    let mut cumulative = Vec::with_capacity(names.len());
    let mut total = 0.0;
    for r in 0..names.len() {
        total += 1.0 / (r as f64 + 10.0);
        cumulative.push(total);
    }
    (names, cumulative)
}

fn pick(rng: &mut Rng, cumulative: &[f64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(1.0);
    let u = (rng.next_u64() % 1_000_000_007) as f64 / 1_000_000_007.0 * total;
    cumulative.partition_point(|&c| c < u).min(cumulative.len() - 1)
}

/// Birth-year recording error: 0 (85 %), 1 (10 %), 2 (3 %), 3-6 years (2 %, the "far" rate).
pub const FAR_YEAR_ERROR_RATE: f64 = 0.02;

fn year_error(rng: &mut Rng) -> i32 {
    let u = rng.below(1000);
    let size = if u < 850 {
        0
    } else if u < 950 {
        1
    } else if u < 980 {
        2
    } else {
        3 + rng.below(4) as i32
    };
    if rng.chance(0.5) { size } else { -size }
}

/// Generates the records of `people` invented people (about 40 % of them in sibling groups)
/// across four sources, written with the headers of `layout`.
pub fn generate(people: usize, seed: u64, layout: Layout) -> Lists {
    let mut rng = Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let (names, cumulative) = given_names();
    let surname_total: u32 = SURNAMES.iter().map(|s| s.1).sum();
    let mut persons: Vec<Person> = Vec::with_capacity(people);
    let mut family = 0;
    for _ in 0..people {
        let prev = persons.last();
        let siblings = prev.map_or(0, |p| persons.iter().rev().take_while(|q| q.family == p.family).count());
        if let Some(p) = prev
            && siblings < 4
            && rng.chance(0.4)
        {
            // A sibling: same surname, father, origin, usually the same workplace; born a few years
            // apart; half the time sharing the generation syllable.
            let mut given = names[pick(&mut rng, &cumulative)];
            if rng.chance(0.5) {
                given[0] = p.given[0];
            }
            if given == p.given {
                given[1] = SYLLABLES[rng.below(SYLLABLES.len())];
            }
            let gap = 2 + rng.below(8) as i32;
            let sibling = Person {
                surname: p.surname,
                given,
                father: p.father,
                birth_year: p.birth_year + if rng.chance(0.5) { gap } else { -gap },
                male: rng.chance(0.5),
                origin: p.origin,
                workplace: if rng.chance(0.7) { p.workplace } else { rng.below(WORKPLACES.len()) },
                family: p.family,
                status: rng.below(4),
            };
            persons.push(sibling);
            continue;
        }
        family += 1;
        let mut w = (rng.next_u64() % u64::from(surname_total)) as u32;
        let mut surname = 0;
        for (i, (_, weight)) in SURNAMES.iter().enumerate() {
            if w < *weight {
                surname = i;
                break;
            }
            w -= weight;
        }
        persons.push(Person {
            surname,
            given: names[pick(&mut rng, &cumulative)],
            father: names[pick(&mut rng, &cumulative)],
            birth_year: 1930 + rng.below(60) as i32,
            male: rng.chance(0.5),
            origin: rng.below(ORIGINS.len()),
            workplace: rng.below(WORKPLACES.len()),
            family,
            status: rng.below(4),
        });
    }
    let mut out = Lists {
        headers: headers(layout).iter().map(|s| s.to_string()).collect(),
        rows: Vec::new(),
        person: Vec::new(),
        family: Vec::new(),
        true_birth_year: Vec::new(),
    };
    for (pid, p) in persons.iter().enumerate() {
        let (hangul, south, north) = SURNAME_SPELLINGS.get(p.surname).copied().unwrap_or(("김", "Kim", "Kim"));
        let mut sources: Vec<usize> = (0..4).collect();
        for i in (1..4).rev() {
            sources.swap(i, rng.below(i + 1));
        }
        let count = 1 + rng.below(3);
        for &src in sources.iter().take(count) {
            let year = p.birth_year + year_error(&mut rng);
            let given_h = p.given.concat();
            let missing = [0.2, 0.3, 0.35, 0.5][src];
            let mut row = vec![String::new(); 13];
            match src {
                0 => {
                    row[1] = hangul.to_string();
                    row[2] = given_h.clone();
                    if rng.chance(0.7) {
                        row[3] = format!("{hangul}{given_h}");
                    }
                    row[4] = year.to_string();
                    row[7] = if p.male { "남" } else { "여" }.into();
                    row[8] = ORIGINS[p.origin].0.into();
                    row[9] = WORKPLACES[p.workplace].0.into();
                    row[10] = format!("{hangul}{}", p.father.concat());
                }
                1 => {
                    let given = capitalise(&format!("{}-{}", rr(p.given[0]), rr(p.given[1])));
                    let sur = capitalise(&rr(hangul));
                    row[3] = if rng.chance(0.5) { format!("{given} {sur}") } else { format!("{sur} {given}") };
                    let reported = 2000 + rng.below(22) as i32;
                    row[5] = (reported - year).to_string();
                    row[6] = reported.to_string();
                    row[7] = if p.male { "M" } else { "F" }.into();
                    row[8] = format!("{}-gun", ORIGINS[p.origin].1);
                    row[9] = WORKPLACES[p.workplace].1.into();
                    row[10] = format!("{} {}", sur, capitalise(&format!("{}-{}", rr(p.father[0]), rr(p.father[1]))));
                }
                2 => {
                    let given = format!("{} {}", capitalise(&mr(p.given[0])), capitalise(&mr(p.given[1])));
                    // A quarter of this source's clerks swap the two name columns.
                    if rng.chance(0.25) {
                        row[1] = given;
                        row[2] = north.to_string();
                    } else {
                        row[1] = north.to_string();
                        row[2] = given;
                    }
                    row[4] = year.to_string();
                    row[7] = if p.male { "male" } else { "female" }.into();
                    row[8] = format!("{} county", ORIGINS[p.origin].1);
                    row[9] = WORKPLACES[p.workplace].1.to_uppercase();
                    row[10] = format!("{north} {} {}", capitalise(&mr(p.father[0])), capitalise(&mr(p.father[1])));
                }
                _ => {
                    let given = capitalise(&format!("{}-{}", personal(p.given[0]), personal(p.given[1])));
                    row[3] = format!("{given} {south}");
                    row[4] = year.to_string();
                    row[7] = if p.male { "male" } else { "female" }.into();
                    row[8] = ORIGINS[p.origin].1.into();
                }
            }
            row[11] = STATUS[src][p.status].into();
            row[12] = ["interview", "ngo", "un", "press"][src].into();
            // Damage: missing values in every field but the names, typos in Latin names.
            for (i, cell) in row.iter_mut().enumerate().take(11).skip(4) {
                if i != 6 && rng.chance(missing) {
                    cell.clear();
                }
            }
            if row[5].is_empty() {
                row[6].clear();
            }
            for i in [2, 3] {
                if !row[i].is_empty() && rng.chance(0.08) {
                    row[i] = typo(&mut rng, &row[i]);
                }
            }
            out.rows.push(row);
            out.person.push(pid);
            out.family.push(p.family);
            out.true_birth_year.push(p.birth_year);
        }
    }
    // Interleave sources, then number the records.
    for i in (1..out.rows.len()).rev() {
        let j = rng.below(i + 1);
        out.rows.swap(i, j);
        out.person.swap(i, j);
        out.family.swap(i, j);
        out.true_birth_year.swap(i, j);
    }
    for (i, row) in out.rows.iter_mut().enumerate() {
        row[0] = format!("u{:06}", i + 1);
    }
    out
}

/// Unfamiliar header names for the FEBRL columns (`rec_id, given_name, surname, street_number,
/// address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id`).
pub const FEBRL_RENAMED: [&str; 11] = [
    "record_ref",
    "first_nm",
    "family_nm",
    "house_no",
    "addr_line1",
    "addr_line2",
    "locality",
    "post_code_4d",
    "territory",
    "birth_dt",
    "ssn_no",
];

/// A FEBRL file with, optionally, an added `applicant_name` column (given name and surname
/// concatenated, as some lists carry) and, optionally, unfamiliar header names.
pub fn febrl_variant(
    headers: &[String],
    rows: &[Vec<String>],
    concatenated: bool,
    renamed: bool,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut h: Vec<String> = if renamed && headers.len() == FEBRL_RENAMED.len() {
        FEBRL_RENAMED.iter().map(|s| s.to_string()).collect()
    } else {
        headers.to_vec()
    };
    let mut out = rows.to_vec();
    if concatenated {
        h.push(if renamed { "applicant" } else { "full_name" }.to_string());
        for r in out.iter_mut() {
            let given = r.get(1).map(String::as_str).unwrap_or("");
            let sur = r.get(2).map(String::as_str).unwrap_or("");
            let full = format!("{given} {sur}").trim().to_string();
            r.push(full);
        }
    }
    (h, out)
}
