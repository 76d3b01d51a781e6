//! Historical notables with generated duplicates (issue 15's public 50,000-record set, generated
//! by `synth_notables`): the roles inferred for its layout, a styled full name against its short
//! form, nicknames, postcodes of one district, impossible dates one digit off, and a small
//! generated set linked above stated scores.

use std::collections::{HashMap, HashSet};

use attest_link::synth_notables::{HEADERS, generate};
use attest_link::{Input, Linker, NoProgress, Options, Role, eval, infer_config};

fn input(rows: &[[&str; 10]]) -> Input {
    Input {
        headers: HEADERS.iter().map(|s| s.to_string()).collect(),
        rows: rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect(),
        file: vec![0; rows.len()],
        id_column: 0,
    }
}

/// Exact-cluster F1 (bench/score.py's): the share of predicted clusters that are exactly a true
/// cluster, and of true clusters predicted exactly, singletons included.
fn cluster_f1(labels: &[usize], truth: &[String]) -> f64 {
    let mut predicted: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut actual: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (l, t)) in labels.iter().zip(truth).enumerate() {
        predicted.entry(*l).or_default().push(i);
        actual.entry(t.as_str()).or_default().push(i);
    }
    let true_sets: HashSet<Vec<usize>> = actual.values().cloned().collect();
    let exact = predicted.values().filter(|c| true_sets.contains(*c)).count() as f64;
    let (p, r) = (exact / predicted.len() as f64, exact / actual.len() as f64);
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

#[test]
fn the_notables_layout_gets_its_roles_and_the_concatenation_is_merged() {
    let set = generate(300, 5);
    let config = infer_config(&set.headers, &set.rows, 0);
    let role = |name: &str| config.columns.iter().find(|c| c.name == name).unwrap();
    let expected = [
        ("unique_id", Role::Id),
        ("full_name", Role::FullName),
        ("first_and_surname", Role::FullName),
        ("first_name", Role::GivenName),
        ("surname", Role::Surname),
        ("dob", Role::Dob),
        ("birth_place", Role::Place),
        ("postcode_fake", Role::Postcode),
        ("gender", Role::Sex),
        ("occupation", Role::Text),
    ];
    for (name, want) in expected {
        let c = role(name);
        assert_eq!(c.role, want, "{name}: {}", c.note);
        assert!(!c.note.is_empty(), "{name} has no reason");
    }
    // first_and_surname repeats first_name and surname: merged, not compared a second time.
    assert!(
        role("first_and_surname").note.starts_with("merged: the concatenation of"),
        "{}",
        role("first_and_surname").note
    );
    assert!(role("full_name").note.contains("not compared"), "{}", role("full_name").note);
    // An occupation is a small vocabulary but the person's own: compared, common values weaker.
    assert!(role("occupation").term_frequency, "{:?}", role("occupation"));
}

/// Invented notables: a peer written styled and short, nicknames, postcodes of one district, an
/// impossible date one digit from the true one, and namesakes.
const ROWS: [[&str; 10]; 12] = [
    [
        "1",
        "thomas ashcombe, 2nd baron ashcombe of wyke",
        "",
        "",
        "",
        "1630-08-01",
        "devon",
        "tq13 8df",
        "male",
        "politician",
    ],
    [
        "2",
        "tom ashcombe",
        "tom ashcombe",
        "tom",
        "ashcombe",
        "1630-08-01",
        "fernhill",
        "tq13 4hu",
        "male",
        "politician",
    ],
    ["3", "tom 2nd baron ashcombe of wyke", "", "", "", "1630-08-01", "devon", "", "", "politician"],
    ["4", "margaret pellow", "peggy pellow", "peggy", "pellow", "1788-03-21", "truro", "tr4 2ab", "female", "writer"],
    ["5", "margaret pellow", "margaret pellow", "margaret", "pellow", "1788-03-81", "truro", "tr4 7zz", "female", ""],
    ["6", "john harleigh", "john harleigh", "john", "harleigh", "1901-05-05", "ely", "cb1 2aa", "male", "soldier"],
    [
        "7",
        "sir john harleigh",
        "john harleigh",
        "john",
        "harleigh",
        "1901-05-05",
        "cambridgeshire",
        "cb1 9xy",
        "male",
        "soldier",
    ],
    ["8", "john harleigh", "john harleigh", "john", "harleigh", "1744-11-30", "ludlow", "sy8 1aa", "male", "priest"],
    ["9", "william fenford", "bill fenford", "bill", "fenford", "1866-02-14", "whitby", "yo21 3ab", "male", "painter"],
    [
        "10",
        "william fenford",
        "william fenford",
        "william",
        "fenford",
        "1866-02-14",
        "whitby",
        "yo21 3cd",
        "male",
        "painter",
    ],
    ["11", "anne greyholm", "anne greyholm", "anne", "greyholm", "1702-07-09", "hexham", "ne46 1aa", "female", "poet"],
    [
        "12",
        "anne greyholm",
        "anne greyholm",
        "anne",
        "greyholm",
        "1702-07-09",
        "northumberland",
        "ne46 4bb",
        "female",
        "poet",
    ],
];

#[test]
fn a_styled_full_name_and_its_short_form_agree_and_nicknames_postcodes_and_dates_are_near() {
    let inp = input(&ROWS);
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let linker = Linker::new(&inp, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let level = |a: &str, b: &str, column: &str| {
        let ex = linker.explain(&result.model, a, b).unwrap();
        ex.fields.iter().find(|f| f.column == column).map(|f| f.level.clone()).unwrap_or_default()
    };
    // The styled name's parts, without its title: "thomas" and "ashcombe" against "tom ashcombe".
    assert_eq!(level("1", "2", "surname"), "exact");
    assert_eq!(level("1", "2", "first_name"), "JW >= 0.88 or a nickname");
    // "tom 2nd baron ashcombe of wyke": the title's place stands for the surname.
    assert_eq!(level("3", "2", "surname"), "exact");
    assert_eq!(level("3", "2", "first_name"), "exact");
    assert_eq!(level("4", "5", "first_name"), "JW >= 0.88 or a nickname");
    assert_eq!(level("9", "10", "first_name"), "JW >= 0.88 or a nickname");
    // Different names stay different.
    assert_eq!(level("6", "9", "first_name"), "different");
    // Postcodes of one district are near, of another area different.
    assert_eq!(level("9", "10", "postcode_fake"), "one edit apart or same district");
    assert_eq!(level("6", "9", "postcode_fake"), "different");
    // "1788-03-81" is no date, but one digit from "1788-03-21".
    assert_eq!(level("4", "5", "dob"), "one digit off or swapped");
    // Neither full-name column is compared (their evidence is the name parts').
    let ex = linker.explain(&result.model, "1", "2").unwrap();
    assert!(ex.fields.iter().all(|f| f.column != "full_name" && f.column != "first_and_surname"));
    assert!(ex.fields.iter().any(|f| f.column == "occupation"));
    // The namesake born in 1744 is another person.
    let label = |id: &str| result.labels[linker.ids().iter().position(|x| x == id).unwrap()];
    assert_ne!(label("6"), label("8"));
}

#[test]
fn an_impossible_date_counts_one_digit_off_only_when_written_with_separators() {
    // The same rows with the dates run together ("17880381"): such a value that is no date may not
    // be year-month-day at all, so one digit of it is not "one digit off" (FEBRL's undelimited
    // dates lost true pairs when it was).
    let compact: Vec<[&str; 10]> = ROWS.to_vec();
    let mut inp = input(&compact);
    for row in &mut inp.rows {
        row[5] = row[5].replace('-', "");
    }
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let linker = Linker::new(&inp, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let ex = linker.explain(&result.model, "4", "5").unwrap();
    let dob = ex.fields.iter().find(|f| f.column == "dob").expect("dob compared");
    assert_ne!(dob.level, "one digit off or swapped", "compact impossible date: {dob:?}");
    assert_ne!(dob.level, "exact");
}

#[test]
fn a_small_generated_notables_set_links_above_stated_scores() {
    // 600 invented people (about 5,700 records, 1 to 20 each); seed 77 was not used for tuning.
    let set = generate(600, 77);
    let truth: Vec<String> = set.person.iter().map(|p| p.to_string()).collect();
    let n = set.rows.len();
    let config = infer_config(&set.headers, &set.rows, 0);
    let inp = Input { headers: set.headers, rows: set.rows, file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(inp, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let s = eval::pairwise(&result.labels, &truth, None);
    let c = cluster_f1(&result.labels, &truth);
    // Before this work (main at ddad6cf): pairwise F1 0.83, cluster F1 0.35; now 0.994 and 0.93.
    assert!(s.f1 >= 0.98 && s.precision >= 0.99, "{s:?}");
    assert!(c >= 0.85, "cluster F1 {c:.4}, {s:?}");
    // The tolerance for weak pairs inside large groups is said, not silent.
    assert!(result.summary.warnings.iter().any(|w| w.contains("links each")), "{:?}", result.summary.warnings);
    // No chains: no predicted cluster larger than the largest person's 20 records by much.
    assert!(result.summary.largest_clusters[0] <= 24, "{:?}", result.summary.largest_clusters);
}
