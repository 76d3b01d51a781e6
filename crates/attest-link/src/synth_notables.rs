//! A set of historical notable people with generated duplicates, in the style of the issue's
//! "public 50,000-record historical set" (issue 15): about 5,000 people born 1500-1950, each
//! with 1 to 20 records, lower-case values. Every person is invented: names are drawn from name
//! lists and combined; no real dataset or person is copied.
//!
//! Columns: `unique_id, full_name, first_and_surname, first_name, surname, dob, birth_place,
//! postcode_fake, gender, occupation` (the id is sequential after a shuffle: it does not leak the
//! person). What makes it hard:
//! - `full_name` is a styled name with titles and places ("thomas ashcombe, 2nd baron ashcombe
//!   of wyke", "sir john harleigh"); its duplicates drop or reorder parts ("thomas of wyke",
//!   "tom 2nd baron ashcombe of wyke"), use nicknames, or carry typos;
//! - `first_and_surname` is `first_name` and `surname` joined (dependent evidence), and a peer's
//!   surname is sometimes the title's place rather than the family name;
//! - first names and surnames are shared by many people, so the date of birth carries most of
//!   the evidence; it has digit typos, day and month swapped, years off by one, or is missing;
//! - `birth_place` is a town, its county, or missing; `postcode_fake` keeps its area (outward
//!   part) between a person's records but often changes its inward part;
//! - `occupation` comes from a small vocabulary and is sometimes missing or different;
//! - 10-30 % of each field is missing.
//!
//! That is the `heavy` profile ([`generate`]). [`generate_profile`] also makes the `light`
//! profile, calibrated to the public set (one clean record a person, duplicates with a few
//! corruptions each, first names and surnames about as diverse and as often missing as there;
//! Splink's example configuration scores cluster F1 about 0.80 on it, as on the public set), and
//! four adversarial variants of it: many namesakes with many records each, mostly singletons,
//! renamed and reordered columns, dates of birth written as a year only ([`Profile`]).
//!
//! Seeded and deterministic; the truth is the person index of each record.

use crate::synth::Rng;

/// Header row of the generated set.
pub const HEADERS: [&str; 10] = [
    "unique_id",
    "full_name",
    "first_and_surname",
    "first_name",
    "surname",
    "dob",
    "birth_place",
    "postcode_fake",
    "gender",
    "occupation",
];

/// Given names with a nickname, most common first (common historical names; invented people).
const MALE: [(&str, &str); 32] = [
    ("john", "jack"),
    ("william", "bill"),
    ("thomas", "tom"),
    ("george", "georgie"),
    ("james", "jim"),
    ("charles", "charlie"),
    ("henry", "harry"),
    ("richard", "dick"),
    ("robert", "bob"),
    ("edward", "ned"),
    ("francis", "frank"),
    ("frederick", "fred"),
    ("arthur", "art"),
    ("samuel", "sam"),
    ("joseph", "joe"),
    ("edmund", "ted"),
    ("walter", "wat"),
    ("alexander", "alec"),
    ("benjamin", "ben"),
    ("nicholas", "nick"),
    ("christopher", "kit"),
    ("hugh", "hugh"),
    ("ralph", "ralph"),
    ("matthew", "matt"),
    ("anthony", "tony"),
    ("philip", "phil"),
    ("lawrence", "larry"),
    ("gilbert", "gil"),
    ("humphrey", "humph"),
    ("roger", "hodge"),
    ("nathaniel", "nat"),
    ("augustus", "gus"),
];
const FEMALE: [(&str, &str); 28] = [
    ("mary", "molly"),
    ("elizabeth", "betty"),
    ("anne", "nan"),
    ("margaret", "peggy"),
    ("catherine", "kate"),
    ("jane", "jenny"),
    ("sarah", "sally"),
    ("frances", "fanny"),
    ("eleanor", "nell"),
    ("charlotte", "lottie"),
    ("dorothy", "dolly"),
    ("alice", "allie"),
    ("isabella", "bella"),
    ("harriet", "hattie"),
    ("susanna", "sukey"),
    ("louisa", "lou"),
    ("caroline", "carrie"),
    ("emily", "emmy"),
    ("florence", "flo"),
    ("agnes", "aggie"),
    ("matilda", "tilly"),
    ("henrietta", "etta"),
    ("rebecca", "becky"),
    ("victoria", "vicky"),
    ("amelia", "millie"),
    ("georgiana", "georgie"),
    ("theodora", "dora"),
    ("winifred", "winnie"),
];

/// Surname stems and suffixes: a few stems very common, a long tail of invented surnames.
const STEMS: [&str; 36] = [
    "ash", "brad", "carr", "dal", "ell", "fair", "gar", "hal", "ing", "kel", "lang", "mars", "nor", "oak", "pen",
    "rad", "shaw", "thorn", "wood", "black", "brook", "cliff", "dun", "fen", "green", "hart", "holl", "kirk", "lock",
    "mill", "pick", "red", "stan", "wal", "white", "wyn",
];
const SUFFIXES: [&str; 14] =
    ["ford", "ton", "ley", "wood", "worth", "by", "field", "well", "stone", "ham", "er", "son", "combe", "leigh"];

/// Towns, their counties and postcode areas (invented combinations of common place elements).
const TOWNS: [(&str, &str, &str); 36] = [
    ("ashbury", "wiltshire", "sn"),
    ("bramley", "surrey", "gu"),
    ("castleford", "yorkshire", "wf"),
    ("dunmore", "lancashire", "pr"),
    ("eastwick", "kent", "ct"),
    ("fernhill", "devon", "tq"),
    ("greystone", "cumberland", "ca"),
    ("hollins", "lancashire", "bl"),
    ("ivybridge", "devon", "pl"),
    ("kingsmoor", "somerset", "ta"),
    ("langdon", "essex", "cm"),
    ("millbrook", "hampshire", "so"),
    ("northam", "devon", "ex"),
    ("oakhurst", "sussex", "rh"),
    ("pembury", "kent", "tn"),
    ("redhill", "surrey", "kt"),
    ("southwold", "suffolk", "ip"),
    ("thornbury", "gloucestershire", "gl"),
    ("upton", "worcestershire", "wr"),
    ("westbury", "wiltshire", "ba"),
    ("whitby", "yorkshire", "yo"),
    ("alnmouth", "northumberland", "ne"),
    ("bexley", "kent", "da"),
    ("chipping", "oxfordshire", "ox"),
    ("ely", "cambridgeshire", "cb"),
    ("hexham", "northumberland", "ne"),
    ("ludlow", "shropshire", "sy"),
    ("marlow", "buckinghamshire", "hp"),
    ("newport", "monmouthshire", "np"),
    ("penrith", "cumberland", "ca"),
    ("ripon", "yorkshire", "hg"),
    ("stamford", "lincolnshire", "pe"),
    ("truro", "cornwall", "tr"),
    ("wells", "somerset", "ba"),
    ("london", "middlesex", "sw"),
    ("edinburgh", "midlothian", "eh"),
];

/// Title seats (invented place names) for peers.
const SEATS: [&str; 24] = [
    "wyke",
    "harleigh",
    "ashcombe",
    "dunmere",
    "kelbrook",
    "marston",
    "oakley",
    "pellow",
    "radstock",
    "shawbury",
    "thornleigh",
    "wolverly",
    "brackley",
    "cresswell",
    "fenwick",
    "greyholm",
    "holloway",
    "ingleby",
    "lockerby",
    "milbourne",
    "norwood",
    "penhallow",
    "stanmore",
    "whitcombe",
];

/// Peerage ranks.
const RANKS: [&str; 5] = ["baron", "viscount", "earl", "marquess", "duke"];
const ORDINALS: [&str; 8] = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th"];

/// Occupations (a small vocabulary, most common first).
const OCCUPATIONS: [&str; 14] = [
    "politician",
    "writer",
    "painter",
    "priest",
    "soldier",
    "naval officer",
    "lawyer",
    "merchant",
    "physician",
    "poet",
    "composer",
    "engineer",
    "scientist",
    "actor",
];

/// A generated set: rows under [`HEADERS`], and for each row the person it describes.
#[derive(Debug, Clone)]
pub struct Notables {
    /// Header row.
    pub headers: Vec<String>,
    /// Records.
    pub rows: Vec<Vec<String>>,
    /// The person each record describes (the truth).
    pub person: Vec<usize>,
}

/// How a person is styled.
#[derive(Debug, Clone)]
enum Style {
    Plain,
    Sir,
    Reverend,
    /// Ordinal, rank, title place, seat.
    Peer(&'static str, &'static str, String, &'static str),
}

struct Person {
    male: bool,
    given: (&'static str, &'static str),
    middle: Option<&'static str>,
    surname: String,
    style: Style,
    dob: (i32, u32, u32),
    town: usize,
    postcode: (String, String),
    occupation: usize,
}

fn zipf(rng: &mut Rng, n: usize, bias: f64) -> usize {
    // P(k) proportional to 1 / (k + bias): a few values very common, a long tail.
    let total: f64 = (0..n).map(|k| 1.0 / (k as f64 + bias)).sum();
    let mut u = (rng.next_u64() % 1_000_000) as f64 / 1_000_000.0 * total;
    for k in 0..n {
        u -= 1.0 / (k as f64 + bias);
        if u <= 0.0 {
            return k;
        }
    }
    n - 1
}

fn surname(rng: &mut Rng) -> String {
    format!("{}{}", STEMS[zipf(rng, STEMS.len(), 2.0)], SUFFIXES[zipf(rng, SUFFIXES.len(), 3.0)])
}

fn inward(rng: &mut Rng) -> String {
    const LETTERS: &[u8] = b"abdefghjlnpqrstuwxyz";
    let l = |rng: &mut Rng| LETTERS[rng.below(LETTERS.len())] as char;
    format!("{}{}{}", rng.below(10), l(rng), l(rng))
}

fn person(rng: &mut Rng) -> Person {
    person_with(rng, 1.5, surname)
}

/// A person whose given names are drawn with Zipf bias `given_bias` (larger: flatter) and whose
/// surname comes from `family_name`.
fn person_with(rng: &mut Rng, given_bias: f64, family_name: fn(&mut Rng) -> String) -> Person {
    let male = rng.chance(0.7);
    let given =
        if male { MALE[zipf(rng, MALE.len(), given_bias)] } else { FEMALE[zipf(rng, FEMALE.len(), given_bias)] };
    let middle = if rng.chance(0.2) {
        Some(if male {
            MALE[zipf(rng, MALE.len(), given_bias)].0
        } else {
            FEMALE[zipf(rng, FEMALE.len(), given_bias)].0
        })
    } else {
        None
    }
    .filter(|m| *m != given.0);
    let family = family_name(rng);
    let r = rng.below(100);
    let style = if male && r < 12 {
        let seat = SEATS[rng.below(SEATS.len())];
        // The title's place is often the family name itself, otherwise a seat.
        let place = if rng.chance(0.4) { family.clone() } else { SEATS[rng.below(SEATS.len())].to_string() };
        Style::Peer(ORDINALS[zipf(rng, ORDINALS.len(), 1.0)], RANKS[zipf(rng, RANKS.len(), 1.0)], place, seat)
    } else if male && r < 22 {
        Style::Sir
    } else if male && r < 28 {
        Style::Reverend
    } else {
        Style::Plain
    };
    // Notables cluster in later centuries.
    let year = 1950 - (450.0 * ((rng.below(1_000_000) as f64 / 1e6).powf(1.6))) as i32;
    let dob = (year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32);
    let town = zipf(rng, TOWNS.len(), 4.0);
    let area = if rng.chance(0.75) { TOWNS[town].2 } else { TOWNS[rng.below(TOWNS.len())].2 };
    let postcode = (format!("{area}{}", 1 + rng.below(30)), inward(rng));
    let occupation = zipf(rng, OCCUPATIONS.len(), 2.0);
    Person { male, given, middle, surname: family, style, dob, town, postcode, occupation }
}

/// The person's full styled name.
fn styled(p: &Person) -> String {
    let first = match p.middle {
        Some(m) => format!("{} {m}", p.given.0),
        None => p.given.0.to_string(),
    };
    match &p.style {
        Style::Plain => format!("{first} {}", p.surname),
        Style::Sir => format!("sir {first} {}", p.surname),
        Style::Reverend => format!("reverend {first} {}", p.surname),
        Style::Peer(ord, rank, place, seat) => format!("{first} {}, {ord} {rank} {place} of {seat}", p.surname),
    }
}

/// One record's full name: the styled name, or a variant of it.
fn full_name(rng: &mut Rng, p: &Person, first: &str) -> String {
    let full = styled(p);
    let r = rng.below(100);
    let name = match &p.style {
        Style::Peer(ord, rank, place, seat) => match r {
            0..=34 => full,
            35..=49 => format!("{first} {}", p.surname),
            50..=59 => format!("{first} of {seat}"),
            60..=69 => format!("{first} {ord} {rank} {place} of {seat}"),
            70..=79 => format!("{first} {ord} {place}"),
            80..=89 => format!("lord {first} {place}"),
            _ => format!("{first} {}, {rank} {place}", p.surname),
        },
        Style::Sir | Style::Reverend if r < 40 => format!("{first} {}", p.surname),
        _ if r < 50 => full,
        _ if r < 75 => format!("{first} {}", p.surname),
        _ => match p.middle {
            Some(m) => format!("{first} {m} {}", p.surname),
            None => format!("{first} {}", p.surname),
        },
    };
    if rng.chance(0.08) { crate::synth::typo(rng, &name) } else { name }
}

fn dob_written(rng: &mut Rng, (y, m, d): (i32, u32, u32)) -> String {
    let r = rng.below(100);
    let (mut y, mut m, mut d) = (y, m, d);
    let mut text = None;
    match r {
        0..=3 if d <= 12 => std::mem::swap(&mut m, &mut d),
        4..=8 => y += if rng.chance(0.5) { 1 } else { -1 },
        9..=12 => {
            // One digit mistyped.
            let s = format!("{y:04}-{m:02}-{d:02}");
            let mut chars: Vec<char> = s.chars().collect();
            let digits: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_ascii_digit() && i > 1).collect();
            let i = digits[rng.below(digits.len())];
            chars[i] = char::from(b'0' + rng.below(10) as u8);
            text = Some(chars.into_iter().collect());
        }
        _ => {}
    }
    text.unwrap_or_else(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn missing(rng: &mut Rng, share: f64, value: String) -> String {
    if rng.chance(share) { String::new() } else { value }
}

/// Shuffles the records (with their truth) and numbers them in their new order, so that the id
/// does not leak the person.
fn shuffle_and_number(out: &mut Notables, rng: &mut Rng) {
    for i in (1..out.rows.len()).rev() {
        let j = rng.below(i + 1);
        out.rows.swap(i, j);
        out.person.swap(i, j);
    }
    for (i, row) in out.rows.iter_mut().enumerate() {
        row[0] = format!("{}", i + 1);
    }
}

/// Generates `people` invented notables and about ten records each (skewed: many with a few,
/// some with up to 20); 5,000 people give about 50,000 records.
pub fn generate(people: usize, seed: u64) -> Notables {
    let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x6e6f_7461_626c_6573);
    let persons: Vec<Person> = (0..people).map(|_| person(&mut rng)).collect();
    let mut out =
        Notables { headers: HEADERS.iter().map(|s| s.to_string()).collect(), rows: Vec::new(), person: Vec::new() };
    for (pid, p) in persons.iter().enumerate() {
        let u = rng.below(1_000_000) as f64 / 1e6;
        let records = 1 + (19.0 * u.powf(1.1)) as usize;
        for _ in 0..records {
            let first = match rng.below(100) {
                0..=11 => p.given.1.to_string(),
                12..=17 => crate::synth::typo(&mut rng, p.given.0),
                _ => p.given.0.to_string(),
            };
            let full = full_name(&mut rng, p, &first);
            let sur = match &p.style {
                Style::Peer(_, _, place, _) if rng.chance(0.3) => place.clone(),
                _ if rng.chance(0.06) => crate::synth::typo(&mut rng, &p.surname),
                _ => p.surname.clone(),
            };
            let first = missing(&mut rng, 0.12, first);
            let sur = missing(&mut rng, 0.12, sur);
            let joined = if first.is_empty() || sur.is_empty() { String::new() } else { format!("{first} {sur}") };
            let (town, county, _) = TOWNS[p.town];
            let place = match rng.below(100) {
                0..=54 => town.to_string(),
                55..=79 => county.to_string(),
                _ => String::new(),
            };
            let postcode = if rng.chance(0.5) { p.postcode.1.clone() } else { inward(&mut rng) };
            let occupation =
                if rng.chance(0.1) { OCCUPATIONS[rng.below(OCCUPATIONS.len())] } else { OCCUPATIONS[p.occupation] };
            let dob = dob_written(&mut rng, p.dob);
            // A record names its person somehow: the full name stays when both parts are missing.
            let full = if first.is_empty() && sur.is_empty() { full } else { missing(&mut rng, 0.1, full) };
            out.rows.push(vec![
                String::new(),
                full,
                joined,
                first,
                sur,
                missing(&mut rng, 0.15, dob),
                place,
                missing(&mut rng, 0.25, format!("{} {postcode}", p.postcode.0)),
                missing(&mut rng, 0.15, (if p.male { "male" } else { "female" }).to_string()),
                missing(&mut rng, 0.3, occupation.to_string()),
            ]);
            out.person.push(pid);
        }
    }
    shuffle_and_number(&mut out, &mut rng);
    out
}

/// How noisy a generated set's duplicates are, and which adversarial twist it carries
/// ([`generate_profile`]). Every profile but [`Profile::Heavy`] starts from the calibrated
/// [`Profile::Light`] noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The first generator ([`generate`], byte for byte): every field of every record
    /// corrupted independently and often (10-30 % missing, half the postcodes' inward parts
    /// changed, a quarter of the birth places written as the county, few given names).
    Heavy,
    /// Calibrated to the public set: one clean record a person and duplicates with a few
    /// corruptions each; fields a person lacks are missing from all their records; first
    /// names and surnames about as diverse as the public set's (see BENCHMARKS.md).
    Light,
    /// Light, plus a few very common full names shared by many people with different dates of
    /// birth, each with many records: the weak-pair tolerance must not merge them.
    Namesakes,
    /// Light, but most people have a single record.
    Singletons,
    /// Light, with the columns renamed to unfamiliar headers and reordered (roles must be
    /// inferred from the values as they were from the familiar headers).
    Renamed,
    /// Light, with the date of birth written as its year only in part of the rows.
    YearOnly,
}

impl Profile {
    /// Every profile, in the order the benchmarks list them.
    pub const ALL: [Profile; 6] =
        [Profile::Heavy, Profile::Light, Profile::Namesakes, Profile::Singletons, Profile::Renamed, Profile::YearOnly];

    /// The profile's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Heavy => "heavy",
            Profile::Light => "light",
            Profile::Namesakes => "namesakes",
            Profile::Singletons => "singletons",
            Profile::Renamed => "renamed",
            Profile::YearOnly => "year-only",
        }
    }

    /// The profile named `name`, if any.
    pub fn parse(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Headers of [`Profile::Renamed`], in its column order: another organisation's words for the
/// same columns (`HEADERS[RENAMED_ORDER[i]]` is the column under `RENAMED_HEADERS[i]`).
pub const RENAMED_HEADERS: [&str; 10] = [
    "entry_no",
    "family",
    "christian",
    "born_on",
    "m_f",
    "calling",
    "mail_area",
    "native_of",
    "name_as_recorded",
    "short_name",
];
/// For each column of [`RENAMED_HEADERS`], the index of the same column in [`HEADERS`].
pub const RENAMED_ORDER: [usize; 10] = [0, 4, 3, 5, 8, 9, 7, 6, 1, 2];

/// Generates `people` invented notables under `profile` ([`Profile::Heavy`] is [`generate`]).
pub fn generate_profile(people: usize, seed: u64, profile: Profile) -> Notables {
    if profile == Profile::Heavy {
        return generate(people, seed);
    }
    let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x6c69_6768_745f_6e6f);
    let mut persons: Vec<Person> = (0..people).map(|_| person_with(&mut rng, 6.0, diverse_surname)).collect();
    // Namesakes: a tenth of the people share one of a few very common full names (same sex,
    // plain style), born in one century, each with many records.
    let shared = if profile == Profile::Namesakes { people / 10 } else { 0 };
    let names = (shared / 40).max(usize::from(shared > 0));
    for (i, p) in persons.iter_mut().take(shared).enumerate() {
        let k = i % names;
        p.male = k % 3 != 2;
        p.given = if p.male { MALE[k % 6] } else { FEMALE[k % 4] };
        p.middle = None;
        p.surname = format!("{}{}", STEMS[k % STEMS.len()], SUFFIXES[(k * 5) % SUFFIXES.len()]);
        p.style = Style::Plain;
        p.dob.0 = 1800 + rng.below(100) as i32;
    }
    let mut out =
        Notables { headers: HEADERS.iter().map(|s| s.to_string()).collect(), rows: Vec::new(), person: Vec::new() };
    for (pid, p) in persons.iter().enumerate() {
        let records = if pid < shared {
            8 + rng.below(13)
        } else if profile == Profile::Singletons && rng.chance(0.8) {
            1
        } else {
            1 + (19.0 * (rng.below(1_000_000) as f64 / 1e6).powf(1.1)) as usize
        };
        // What the knowledge base lacks for this person is missing from every record.
        let has_dob = !rng.chance(0.15);
        let has_postcode = !rng.chance(0.15);
        let has_place = !rng.chance(0.12);
        let has_occupation = !rng.chance(0.15);
        let county_first = rng.chance(0.35);
        for k in 0..records {
            out.rows.push(light_record(
                &mut rng,
                p,
                k == 0,
                [has_dob, has_postcode, has_place, has_occupation],
                county_first,
                profile,
            ));
            out.person.push(pid);
        }
    }
    shuffle_and_number(&mut out, &mut rng);
    if profile == Profile::Renamed {
        out.headers = RENAMED_HEADERS.iter().map(|s| s.to_string()).collect();
        for row in out.rows.iter_mut() {
            *row = RENAMED_ORDER.iter().map(|&c| std::mem::take(&mut row[c])).collect();
        }
    }
    out
}

/// A surname from a wider space than [`surname`]'s: a flatter choice of stem and suffix, and
/// half of them compounds of two stems (about 19,000 possible names).
fn diverse_surname(rng: &mut Rng) -> String {
    let stem = STEMS[zipf(rng, STEMS.len(), 4.0)];
    let suffix = SUFFIXES[zipf(rng, SUFFIXES.len(), 4.0)];
    if rng.chance(0.5) { format!("{stem}{}{suffix}", STEMS[rng.below(STEMS.len())]) } else { format!("{stem}{suffix}") }
}

/// One record of the light profiles: `clean` is the person's first record (as the knowledge
/// base has it); a duplicate carries a few corruptions. `has` says which of date of birth,
/// postcode, birth place and occupation the person has at all.
fn light_record(
    rng: &mut Rng,
    p: &Person,
    clean: bool,
    has: [bool; 4],
    county_first: bool,
    profile: Profile,
) -> Vec<String> {
    let dirty = |rng: &mut Rng, share: f64| !clean && rng.chance(share);
    let given = if dirty(rng, 0.04) {
        p.given.1.to_string()
    } else if dirty(rng, 0.01) {
        crate::synth::typo(rng, p.given.0)
    } else {
        p.given.0.to_string()
    };
    let full = if clean || rng.chance(0.5) { styled(p) } else { full_name(rng, p, &given) };
    let full = if dirty(rng, 0.04) { crate::synth::typo(rng, &full) } else { full };
    // As in the public set, a first name written with an honorific is that honorific.
    let first = match full.split(' ').next() {
        Some("sir") => "sir".to_string(),
        _ => given,
    };
    let sur = match &p.style {
        Style::Peer(_, _, place, _) if dirty(rng, 0.2) => place.clone(),
        _ if dirty(rng, 0.01) => crate::synth::typo(rng, &p.surname),
        _ => p.surname.clone(),
    };
    let first = if dirty(rng, 0.005) { String::new() } else { first };
    let sur = if dirty(rng, 0.01) { String::new() } else { sur };
    let joined = if first.is_empty() || sur.is_empty() { String::new() } else { format!("{first} {sur}") };
    let (y, m, d) = p.dob;
    let dob = if !has[0] || dirty(rng, 0.06) {
        String::new()
    } else if clean {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        match rng.below(100) {
            0..=1 => format!("{:04}-{m:02}-{d:02}", y + if rng.chance(0.5) { 1 } else { -1 }),
            2..=3 => dob_written(rng, (y, m, d)),
            4 if d <= 12 => format!("{y:04}-{d:02}-{m:02}"),
            5..=6 => format!("{y:04}-{m:02}-{:02}", (d + 1 + rng.below(3) as u32).min(28)),
            _ => format!("{y:04}-{m:02}-{d:02}"),
        }
    };
    let dob =
        if profile == Profile::YearOnly && !dob.is_empty() && rng.chance(0.4) { dob[..4].to_string() } else { dob };
    let (town, county, _) = TOWNS[p.town];
    let (usual, other) = if county_first { (county, town) } else { (town, county) };
    let place = if !has[2] || dirty(rng, 0.08) {
        String::new()
    } else if dirty(rng, 0.02) {
        other.to_string()
    } else {
        usual.to_string()
    };
    let postcode = if !has[1] || dirty(rng, 0.06) {
        String::new()
    } else if dirty(rng, 0.08) {
        format!("{} {}", p.postcode.0, inward(rng))
    } else {
        format!("{} {}", p.postcode.0, p.postcode.1)
    };
    let gender = if dirty(rng, 0.08) { String::new() } else { (if p.male { "male" } else { "female" }).to_string() };
    let occupation = if !has[3] || dirty(rng, 0.1) {
        String::new()
    } else if dirty(rng, 0.02) {
        OCCUPATIONS[rng.below(OCCUPATIONS.len())].to_string()
    } else {
        OCCUPATIONS[p.occupation].to_string()
    };
    vec![String::new(), full, joined, first, sur, dob, place, postcode, gender, occupation]
}
