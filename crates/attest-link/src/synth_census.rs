//! A historical census in the style of nineteenth-century enumerations, with known truth: the
//! issue's "50,000-record historical set" (issue 15), generated so it can be scaled and kept out
//! of tuning. Every person is invented.
//!
//! Households are enumerated at up to three censuses ten years apart (1871, 1881, 1891).
//! What makes it hard, as in real census linkage:
//! - no birth year, only the age on census day (off by one or two for a tenth of records, and
//!   rounded to a multiple of five for some adults), with the census year in its own column;
//! - households: parents and children share surname, address and often the place of birth;
//!   siblings are born one to four years apart; given names repeat within families (a son named
//!   after his father) and follow a steep Zipf law (William, John, Mary, Elizabeth);
//! - spellings change between enumerations: abbreviations (Wm, Jno, Thos, Eliz), a middle name
//!   or initial given or not, surname variants (Mc/Mac, doubled letters), transcription typos;
//! - people die, leave or are missed; children are born between censuses; married daughters
//!   change surname and leave the household;
//! - place of birth written as a parish, a parish and county, or a county only;
//! - unfamiliar headers (`enum_yr, sched_no, forenames, surname_as_enum, rel_to_hd, m_f,
//!   yrs_of_age, birth_parish, calling`).
//!
//! Seeded and deterministic ([`generate`]); the truth is the person index of each record.

use crate::synth::Rng;

/// Header row of the generated census.
pub const HEADERS: [&str; 10] = [
    "line_ref",
    "enum_yr",
    "sched_no",
    "forenames",
    "surname_as_enum",
    "rel_to_hd",
    "m_f",
    "yrs_of_age",
    "birth_parish",
    "calling",
];

/// Given names (invented people, common historical names), most common first.
const MALE: [(&str, &str); 24] = [
    ("William", "Wm"),
    ("John", "Jno"),
    ("Thomas", "Thos"),
    ("James", "Jas"),
    ("George", "Geo"),
    ("Joseph", "Jos"),
    ("Henry", "Hy"),
    ("Robert", "Robt"),
    ("Charles", "Chas"),
    ("Samuel", "Saml"),
    ("Edward", "Edwd"),
    ("Richard", "Richd"),
    ("Frederick", "Fredk"),
    ("Alfred", "Alfd"),
    ("Walter", "Walt"),
    ("Arthur", "Arth"),
    ("Albert", "Albt"),
    ("Benjamin", "Benj"),
    ("Daniel", "Danl"),
    ("Isaac", "Isaac"),
    ("Matthew", "Matt"),
    ("Peter", "Pet"),
    ("Edwin", "Edw"),
    ("Herbert", "Herbt"),
];
const FEMALE: [(&str, &str); 24] = [
    ("Mary", "Mary"),
    ("Elizabeth", "Eliz"),
    ("Sarah", "Sarah"),
    ("Ann", "Ann"),
    ("Jane", "Jane"),
    ("Margaret", "Margt"),
    ("Emma", "Emma"),
    ("Alice", "Alice"),
    ("Ellen", "Ellen"),
    ("Eliza", "Eliza"),
    ("Hannah", "Hannah"),
    ("Martha", "Martha"),
    ("Catherine", "Cath"),
    ("Harriet", "Harriet"),
    ("Emily", "Emily"),
    ("Susannah", "Susan"),
    ("Louisa", "Louisa"),
    ("Charlotte", "Charl"),
    ("Frances", "Fras"),
    ("Caroline", "Carol"),
    ("Florence", "Flor"),
    ("Agnes", "Agnes"),
    ("Esther", "Esther"),
    ("Rebecca", "Rebecca"),
];

/// Surname stems; a suffix and a prefix make a long tail of invented surnames.
const STEMS: [&str; 40] = [
    "Ash", "Brad", "Carr", "Dal", "Ell", "Fair", "Gar", "Hal", "Ing", "Kel", "Lang", "Mars", "Nor", "Oak", "Pen",
    "Rad", "Shaw", "Thorn", "Up", "Wood", "Black", "Brook", "Cliff", "Dun", "Fen", "Green", "Hart", "Holl", "Kirk",
    "Lock", "Mill", "New", "Pick", "Red", "Stan", "Tall", "Wal", "White", "Wild", "Wyn",
];
const SUFFIXES: [&str; 12] =
    ["ford", "ton", "ley", "wood", "worth", "by", "field", "well", "stone", "ham", "er", "son"];

/// Parishes and their counties (invented combinations of common English place elements).
const PARISHES: [(&str, &str); 30] = [
    ("Ashbury", "Wilts"),
    ("Bramley", "Surrey"),
    ("Castleford", "Yorks"),
    ("Dunmore", "Lancs"),
    ("Eastwick", "Kent"),
    ("Fernhill", "Devon"),
    ("Greystone", "Cumb"),
    ("Hollins", "Lancs"),
    ("Ivybridge", "Devon"),
    ("Kingsmoor", "Somerset"),
    ("Langdon", "Essex"),
    ("Millbrook", "Hants"),
    ("Northam", "Devon"),
    ("Oakhurst", "Sussex"),
    ("Pembury", "Kent"),
    ("Redhill", "Surrey"),
    ("Southwold", "Suffolk"),
    ("Thornbury", "Glos"),
    ("Upton", "Worcs"),
    ("Westfield", "Sussex"),
    ("Whitby", "Yorks"),
    ("Yarrow", "Northumb"),
    ("Brackley", "Northants"),
    ("Crowhurst", "Sussex"),
    ("Denholme", "Yorks"),
    ("Elmswell", "Suffolk"),
    ("Flitwick", "Beds"),
    ("Gosforth", "Northumb"),
    ("Hexworth", "Cornwall"),
    ("Kelsall", "Cheshire"),
];

const CALLINGS: [&str; 16] = [
    "Ag Lab",
    "Coal Miner",
    "Labourer",
    "Weaver",
    "Carpenter",
    "Blacksmith",
    "Farmer",
    "Domestic Servant",
    "Dressmaker",
    "Shoemaker",
    "Scholar",
    "Laundress",
    "Mason",
    "Carter",
    "Tailor",
    "Grocer",
];

/// Census years.
pub const YEARS: [i32; 3] = [1871, 1881, 1891];

/// A generated census: rows under [`HEADERS`], and for each row the person it describes.
#[derive(Debug, Clone)]
pub struct Census {
    /// Header row.
    pub headers: Vec<String>,
    /// Records.
    pub rows: Vec<Vec<String>>,
    /// The person each record describes (the truth).
    pub person: Vec<usize>,
}

struct Person {
    male: bool,
    given: usize,
    middle: Option<usize>,
    surname: String,
    married_surname: Option<(i32, String)>,
    birth_year: i32,
    birth_parish: usize,
    calling: usize,
    death_year: i32,
    household: usize,
    relationship: &'static str,
}

fn zipf(rng: &mut Rng, n: usize) -> usize {
    // P(k) proportional to 1 / (k + 1.5): a few names very common, a long tail.
    let total: f64 = (0..n).map(|k| 1.0 / (k as f64 + 1.5)).sum();
    let mut u = (rng.next_u64() % 1_000_000) as f64 / 1_000_000.0 * total;
    for k in 0..n {
        u -= 1.0 / (k as f64 + 1.5);
        if u <= 0.0 {
            return k;
        }
    }
    n - 1
}

fn surname(rng: &mut Rng) -> String {
    let stem = STEMS[zipf(rng, STEMS.len())];
    let suffix = SUFFIXES[rng.below(SUFFIXES.len())];
    if rng.chance(0.08) { format!("Mc{stem}{suffix}") } else { format!("{stem}{suffix}") }
}

fn respell(rng: &mut Rng, s: &str) -> String {
    let r = rng.below(100);
    if r < 4 && s.starts_with("Mc") {
        format!("Mac{}", &s[2..])
    } else if r < 8 {
        // A doubled or undoubled final consonant, or a dropped final e.
        if let Some(stripped) = s.strip_suffix('e') { stripped.to_string() } else { format!("{s}e") }
    } else if r < 14 {
        crate::synth::typo(rng, s)
    } else {
        s.to_string()
    }
}

fn age_written(rng: &mut Rng, census: i32, birth_year: i32) -> String {
    // Census day falls before some birthdays: the age is one less for about a third.
    let mut age = census - birth_year - i32::from(rng.chance(0.35));
    if rng.chance(0.08) {
        age += if rng.chance(0.5) { 1 } else { -1 };
    } else if rng.chance(0.02) {
        age += if rng.chance(0.5) { 2 } else { -2 };
    }
    if age >= 30 && rng.chance(0.05) {
        age = (age + 2) / 5 * 5;
    }
    age.max(0).to_string()
}

/// Generates about `households` households' worth of people enumerated at the three censuses
/// (about 2.5 records per person; 8,000 households give roughly 50,000 records).
pub fn generate(households: usize, seed: u64) -> Census {
    let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut persons: Vec<Person> = Vec::new();
    for h in 0..households {
        let family = surname(&mut rng);
        let parish = zipf(&mut rng, PARISHES.len());
        let father_born = 1815 + rng.below(40) as i32;
        let mother_born = father_born + 1 - rng.below(6) as i32;
        let father_given = zipf(&mut rng, MALE.len());
        let mut add =
            |rng: &mut Rng, male: bool, given: usize, birth_year: i32, relationship: &'static str, calling: usize| {
                let death_year = if rng.chance(0.25) { 1871 + rng.below(30) as i32 } else { 1900 };
                persons.push(Person {
                    male,
                    given,
                    middle: if rng.chance(0.15) { Some(zipf(rng, 24)) } else { None },
                    surname: family.clone(),
                    married_surname: None,
                    birth_year,
                    birth_parish: if rng.chance(0.8) { parish } else { zipf(rng, PARISHES.len()) },
                    calling,
                    death_year,
                    household: h,
                    relationship,
                });
            };
        let calling = rng.below(7);
        add(&mut rng, true, father_given, father_born, "Head", calling);
        let mother_given = zipf(&mut rng, FEMALE.len());
        let calling = 8 + rng.below(4);
        add(&mut rng, false, mother_given, mother_born, "Wife", calling);
        let children = rng.below(7);
        let mut year = mother_born + 20 + rng.below(6) as i32;
        for _ in 0..children {
            let male = rng.chance(0.5);
            // The first son is often named after his father, the first daughter after her mother.
            let given = if male && rng.chance(0.3) {
                father_given
            } else if !male && rng.chance(0.3) {
                mother_given
            } else {
                zipf(&mut rng, 24)
            };
            let calling = if male { rng.below(7) } else { 7 + rng.below(5) };
            add(&mut rng, male, given, year, if male { "Son" } else { "Daur" }, calling);
            year += 1 + rng.below(4) as i32;
        }
    }
    // Daughters who marry take another surname.
    for p in persons.iter_mut() {
        if p.relationship == "Daur" && p.birth_year < 1870 && rng.chance(0.5) {
            let at = (p.birth_year + 20 + rng.below(8) as i32).max(1872);
            p.married_surname = Some((at, surname(&mut rng)));
        }
    }
    let mut census =
        Census { headers: HEADERS.iter().map(|s| s.to_string()).collect(), rows: Vec::new(), person: Vec::new() };
    for (pid, p) in persons.iter().enumerate() {
        for (i, &y) in YEARS.iter().enumerate() {
            if p.birth_year > y || p.death_year <= y || rng.chance(0.12) {
                continue; // not yet born, dead, or missed by the enumerator
            }
            let names = if p.male { &MALE } else { &FEMALE };
            let (full, short) = names[p.given];
            let mut given = if rng.chance(0.12) { short.to_string() } else { full.to_string() };
            if let Some(m) = p.middle {
                match rng.below(3) {
                    0 => given = format!("{given} {}", names[m].0),
                    1 => given = format!("{given} {}", &names[m].0[..1]),
                    _ => {}
                }
            }
            let surname = match &p.married_surname {
                Some((at, s)) if *at <= y => s.clone(),
                _ => p.surname.clone(),
            };
            // A married daughter appears in her own household, as a wife.
            let relationship = match &p.married_surname {
                Some((at, _)) if *at <= y => "Wife",
                _ => p.relationship,
            };
            let (parish, county) = PARISHES[p.birth_parish];
            let born = match rng.below(10) {
                0..=4 => parish.to_string(),
                5..=7 => format!("{county}, {parish}"),
                8 => county.to_string(),
                _ => String::new(),
            };
            let age = y - p.birth_year;
            let calling = if age < 13 { "Scholar" } else { CALLINGS[p.calling] };
            census.rows.push(vec![
                String::new(),
                y.to_string(),
                format!("{}/{}", i + 1, p.household + 1),
                respell(&mut rng, &given),
                respell(&mut rng, &surname),
                relationship.to_string(),
                if rng.chance(0.03) { String::new() } else { (if p.male { "M" } else { "F" }).to_string() },
                age_written(&mut rng, y, p.birth_year),
                born,
                if rng.chance(0.3) { String::new() } else { calling.to_string() },
            ]);
            census.person.push(pid);
        }
    }
    // Shuffle, then number the lines.
    for i in (1..census.rows.len()).rev() {
        let j = rng.below(i + 1);
        census.rows.swap(i, j);
        census.person.swap(i, j);
    }
    for (i, row) in census.rows.iter_mut().enumerate() {
        row[0] = format!("c{:07}", i + 1);
    }
    census
}
