//! Historical notables with generated duplicates (issue 15's public 50,000-record set, generated
//! by `synth_notables`): the roles inferred for its layout, a styled full name against its short
//! form, nicknames, postcodes of one district, impossible dates one digit off, a small
//! generated set of each the heavy and the calibrated light profile linked above stated scores,
//! namesakes with many records each against the weak-pair tolerance, and renamed columns whose
//! roles come from their values.

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
        role("first_and_surname").note.to_string().starts_with("merged: the concatenation of"),
        "{}",
        role("first_and_surname").note
    );
    assert!(role("full_name").note.to_string().contains("not compared"), "{}", role("full_name").note);
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
fn a_full_name_written_surname_comma_given_fills_the_parts_in_that_order() {
    // "Harleigh, John" with empty name parts: the surname before the comma, not a style after it.
    let mut rows: Vec<[&str; 10]> = ROWS.to_vec();
    rows.push(["13", "Harleigh, John", "", "", "", "1901-05-05", "ely", "cb1 2aa", "male", "soldier"]);
    let inp = input(&rows);
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let linker = Linker::new(&inp, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let ex = linker.explain(&result.model, "13", "6").unwrap();
    let level = |column: &str| ex.fields.iter().find(|f| f.column == column).map(|f| f.level.clone());
    assert_eq!(level("surname").as_deref(), Some("exact"), "{ex:?}");
    assert_eq!(level("first_name").as_deref(), Some("exact"), "{ex:?}");
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
    let c = eval::cluster_f1(&result.labels, &truth);
    // Before this work (main at ddad6cf): pairwise F1 0.83, cluster F1 0.35; now 0.994 and 0.93.
    assert!(s.f1 >= 0.98 && s.precision >= 0.99, "{s:?}");
    assert!(c >= 0.85, "cluster F1 {c:.4}, {s:?}");
    // The tolerance for weak pairs inside large groups is said, not silent.
    assert!(result.summary.warnings.iter().any(|w| w.contains("links each")), "{:?}", result.summary.warnings);
    // Each warning also comes as facts (for a page in another language), the same in English.
    let english: Vec<String> = result.summary.warning_facts.iter().map(|f| f.english()).collect();
    assert_eq!(english, result.summary.warnings);
    // No chains: no predicted cluster larger than the largest person's 20 records by much.
    assert!(result.summary.largest_clusters[0] <= 24, "{:?}", result.summary.largest_clusters);
}

/// Truth labels of a generated set, as strings for [`eval::pairwise`] and [`eval::cluster_f1`].
fn truth_of(set: &attest_link::synth_notables::Notables) -> Vec<String> {
    set.person.iter().map(|p| p.to_string()).collect()
}

/// Links a generated set with zero configuration and the given options.
fn link_generated(set: &attest_link::synth_notables::Notables, options: Options) -> attest_link::LinkResult {
    let n = set.rows.len();
    let config = infer_config(&set.headers, &set.rows, 0);
    let inp = Input { headers: set.headers.clone(), rows: set.rows.clone(), file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(inp, &config, options, &NoProgress).unwrap();
    linker.run(&[], &NoProgress).unwrap()
}

#[test]
fn the_heavy_profile_is_the_first_generator_and_the_light_one_is_milder() {
    use attest_link::synth_notables::{Profile, generate_profile};
    let heavy = generate_profile(200, 9, Profile::Heavy);
    let first = generate(200, 9);
    assert_eq!(heavy.rows, first.rows);
    assert_eq!(heavy.person, first.person);
    let light = generate_profile(2000, 9, Profile::Light);
    let big = generate(2000, 9);
    // The public set: first names almost never missing (0.1 %), dates of birth and postcodes
    // missing in about a fifth of the rows.
    let missing = |set: &attest_link::synth_notables::Notables, c: usize| {
        set.rows.iter().filter(|r| r[c].is_empty()).count() as f64 / set.rows.len() as f64
    };
    assert!(missing(&light, 3) < 0.02, "{}", missing(&light, 3));
    assert!(missing(&big, 3) > 0.1);
    assert!((0.15..0.27).contains(&missing(&light, 5)), "{}", missing(&light, 5));
    assert!((0.15..0.27).contains(&missing(&light, 7)), "{}", missing(&light, 7));
    for p in Profile::ALL {
        assert_eq!(Profile::parse(p.name()), Some(p));
    }
}

#[test]
fn a_small_calibrated_notables_set_links_above_stated_scores() {
    use attest_link::synth_notables::{Profile, generate_profile};
    // 600 invented people of the calibrated profile; seed 78 was not used for tuning.
    let set = generate_profile(600, 78, Profile::Light);
    let truth = truth_of(&set);
    let result = link_generated(&set, Options::default());
    let s = eval::pairwise(&result.labels, &truth, None);
    let c = eval::cluster_f1(&result.labels, &truth);
    assert!(s.f1 >= 0.99, "{s:?}");
    assert!(c >= 0.93, "cluster F1 {c:.4}, {s:?}");
}

/// Record pairs of different people put in one cluster, and the pairwise scores.
fn wrong_pairs(set: &attest_link::synth_notables::Notables, share: f64) -> (u64, eval::PairwiseScores, Vec<String>) {
    let result = link_generated(set, Options { weak_pair_share: share, ..Options::default() });
    let s = eval::pairwise(&result.labels, &truth_of(set), None);
    (s.predicted_pairs - s.correct, s, result.summary.warnings)
}

#[test]
fn namesakes_with_many_records_each_are_not_merged_by_the_weak_pair_tolerance() {
    use attest_link::synth_notables::{Profile, generate_profile};
    // 1,000 invented people; 100 of them share two very common full names (50 each, born in one
    // century, 8 to 20 records each): records have many links each, so the weak-pair tolerance
    // is on. It may join a true group across a few weak pairs, but must not join namesakes: it
    // puts no more pairs of different people together than the strict rule does.
    let set = generate_profile(1000, 79, Profile::Namesakes);
    let (strict, strict_scores, _) = wrong_pairs(&set, 0.0);
    let (tolerant, tolerant_scores, warnings) = wrong_pairs(&set, 0.25);
    assert!(warnings.iter().any(|w| w.contains("links each")), "{warnings:?}");
    assert!(tolerant <= strict, "tolerant {tolerant_scores:?} against strict {strict_scores:?}");
    assert!(tolerant_scores.recall >= strict_scores.recall, "{tolerant_scores:?} against {strict_scores:?}");
    assert!(tolerant_scores.precision >= 0.97, "{tolerant_scores:?}");
}

#[test]
fn namesakes_with_many_records_each_are_never_merged() {
    use attest_link::synth_notables::{Profile, generate_profile};
    // 100 of 1,000 invented people share two common full names; a namesake without a date of
    // birth must not join another. The term frequency on the combined name does it: "william
    // bradby" is carried by fifty people, so agreeing on it is worth far less than agreeing on a
    // first name and a surname each about as common (before it, 10 clusters mixed namesakes).
    // The one exception allowed: namesakes whose records are identical apart from the id (no
    // date of birth, no postcode, the same place and occupation), which no evidence separates.
    let set = generate_profile(1000, 79, Profile::Namesakes);
    let result = link_generated(&set, Options::default());
    let mut people_in: HashMap<usize, HashSet<usize>> = HashMap::new();
    let mut rows_of: HashMap<usize, HashSet<&[String]>> = HashMap::new();
    for (r, (l, p)) in result.labels.iter().zip(&set.person).enumerate() {
        people_in.entry(*l).or_default().insert(*p);
        rows_of.entry(*p).or_default().insert(&set.rows[r][1..]);
    }
    let separable = |p: usize, q: usize| rows_of[&p].is_disjoint(&rows_of[&q]);
    let merged: Vec<Vec<usize>> = people_in
        .values()
        .map(|ps| ps.iter().copied().filter(|&p| p < 100).collect::<Vec<usize>>())
        .filter(|ps| ps.iter().any(|&p| ps.iter().any(|&q| p < q && separable(p, q))))
        .collect();
    assert!(merged.is_empty(), "clusters holding namesakes that their records tell apart: {merged:?}");
    // And the pairs of the same person are still found.
    let s = eval::pairwise(&result.labels, &truth_of(&set), None);
    assert!(s.recall >= 0.98 && s.precision >= 0.995, "{s:?}");
}

/// Rows of invented people for the combined-name tests: `(given, surname, birth year or None,
/// place)` per record.
fn name_rows(people: &[(String, String, Option<i32>, &str)]) -> Vec<Vec<String>> {
    people
        .iter()
        .enumerate()
        .map(|(i, (g, s, year, place))| {
            let dob = year.map(|y| format!("{y}-03-{:02}", 1 + i % 28)).unwrap_or_default();
            let full = format!("{g} {s}");
            vec![
                (i + 1).to_string(),
                full.clone(),
                full,
                g.clone(),
                s.clone(),
                dob,
                place.to_string(),
                String::new(),
                "female".into(),
                String::new(),
            ]
        })
        .collect()
}

#[test]
fn a_common_full_name_weighs_less_than_a_rare_one_whose_parts_are_as_common() {
    // Forty invented women called "anna berg", born over eighty years, three records each (one
    // without a date of birth); forty women surnamed "lind" with forty different given names,
    // one of them "anna lind". "berg" and "lind" are on as many records, "anna" is the same
    // first name: per part, the two full names are equally common. Combined, "anna berg" is
    // forty people's and "anna lind" one person's.
    const GIVEN: [&str; 20] = [
        "maria", "eva", "karin", "sofia", "elin", "ida", "hanna", "klara", "greta", "alma", "ebba", "frida", "stina",
        "tora", "vera", "signe", "linnea", "ester", "agnes", "hedda",
    ];
    const SURNAME: [&str; 30] = [
        "ahl", "bjork", "dahl", "ek", "falk", "grahn", "hallberg", "holm", "kvist", "lund", "moberg", "nyberg",
        "ohlin", "palm", "ros", "sandell", "strom", "tell", "udd", "wahl", "wenner", "ask", "borg", "fors", "hed",
        "kron", "loov", "malm", "norell", "sjoo",
    ];
    const PLACES: [&str; 12] =
        ["uppsala", "lund", "orebro", "gavle", "umea", "visby", "kalmar", "falun", "boras", "vaxjo", "kiruna", "mora"];
    let mut recs: Vec<(String, String, Option<i32>, &str)> = Vec::new();
    let mut person = Vec::new();
    let mut add = |recs: &mut Vec<_>, p: usize, g: String, s: String, year: i32, place: &'static str| {
        for k in 0..3 {
            recs.push((g.clone(), s.clone(), (k < 2).then_some(year), place));
            person.push(p);
        }
    };
    for i in 0..40 {
        add(&mut recs, i, "anna".into(), "berg".into(), 1840 + 2 * i as i32, PLACES[i % 12]);
        let given = if i == 0 { "anna".to_string() } else { format!("{}{}", GIVEN[i % 20], ["", "e"][i / 20]) };
        add(&mut recs, 40 + i, given, "lind".into(), 1840 + 2 * i as i32, PLACES[(i + 5) % 12]);
    }
    // Others with diverse names, so that a name is evidence at all.
    for i in 0..400 {
        let (g, s) = (format!("{}{}", GIVEN[i % 20], ["", "a", "ie", "o"][i / 100]), SURNAME[(i * 7) % 30].to_string());
        add(
            &mut recs,
            80 + i,
            g,
            format!("{s}{}", ["", "sson", "man", "gren"][(i / 30) % 4]),
            1800 + (i % 150) as i32,
            PLACES[i % 12],
        );
    }
    let rows = name_rows(&recs);
    let n = rows.len();
    let set = Input { headers: HEADERS.iter().map(|s| s.to_string()).collect(), rows, file: vec![0; n], id_column: 0 };
    let config = infer_config(&set.headers, &set.rows, 0);
    let linker =
        Linker::from_input(set, &config, Options { keep_values: true, ..Options::default() }, &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    // Each pair is a record without a birth year against one with: anna berg of person 0 and of
    // person 12 (two people, the same place), and two of anna lind's own records (one person).
    let id = |p: usize, k: usize| (person.iter().position(|&q| q == p).unwrap() + k + 1).to_string();
    let berg = linker.explain(&result.model, &id(0, 2), &id(12, 0)).unwrap();
    let lind = linker.explain(&result.model, &id(40, 2), &id(40, 0)).unwrap();
    let combined = |e: &attest_link::Explanation| e.fields.iter().find(|f| f.column.contains("combined name")).cloned();
    let row = combined(&berg).expect("the combined name is explained on its own row");
    assert_eq!(row.column, "first_name + surname (combined name)");
    assert!(row.tf_adjustment < -3.0, "{row:?}");
    assert!(row.level.contains("carried by other people"), "{}", row.level);
    // It replaces the parts' adjustments, it is not added to them.
    for part in ["first_name", "surname"] {
        let f = berg.fields.iter().find(|f| f.column == part).unwrap();
        assert_eq!(f.tf_adjustment, 0.0, "{f:?}");
        assert!(f.level.contains("term frequency on the combined name"), "{}", f.level);
    }
    assert!(
        (berg.total - (berg.prior + berg.fields.iter().map(|f| f.weight + f.tf_adjustment).sum::<f64>())).abs() < 1e-9
    );
    assert!(combined(&lind).is_none(), "{lind:?}");
    // Per part the two names are as common; the evidence of the names differs by the combined
    // adjustment (the other fields weigh the same: one date missing, the same place).
    let name_evidence = |e: &attest_link::Explanation| {
        e.fields
            .iter()
            .filter(|f| f.column.contains("name") || f.column == "surname")
            .map(|f| f.weight + f.tf_adjustment)
            .sum::<f64>()
    };
    assert!(name_evidence(&berg) < name_evidence(&lind) - 3.0, "{berg:?}\n{lind:?}");
    assert!(berg.probability < 0.5 && lind.probability > 0.5, "{} {}", berg.probability, lind.probability);
}

#[test]
fn renamed_and_reordered_columns_get_the_same_roles_from_their_values() {
    use attest_link::synth_notables::{Profile, RENAMED_HEADERS, RENAMED_ORDER, generate_profile};
    let set = generate_profile(300, 80, Profile::Renamed);
    assert_eq!(set.headers, RENAMED_HEADERS);
    let config = infer_config(&set.headers, &set.rows, 0);
    let familiar = generate_profile(300, 80, Profile::Light);
    let familiar_config = infer_config(&familiar.headers, &familiar.rows, 0);
    for (i, c) in config.columns.iter().enumerate() {
        let f = &familiar_config.columns[RENAMED_ORDER[i]];
        assert_eq!(c.role, f.role, "{} (as {}): {}", c.name, f.name, c.note);
        assert_eq!(c.term_frequency, f.term_frequency, "{} (as {}): {}", c.name, f.name, c.note);
    }
    // "mail_area" has no header word: its values are postcodes.
    let mail = config.columns.iter().find(|c| c.name == "mail_area").unwrap();
    assert_eq!(mail.role, Role::Postcode, "{}", mail.note);
    assert!(mail.note.to_string().contains("values are postcodes"), "{}", mail.note);
    // "calling" is a small vocabulary, but it stays with the person: compared.
    let calling = config.columns.iter().find(|c| c.name == "calling").unwrap();
    assert!(calling.note.to_string().contains("it describes the person"), "{}", calling.note);
}

#[test]
fn a_small_vocabulary_that_changes_within_a_person_stays_ignored() {
    use attest_link::synth_notables::{Profile, generate_profile};
    // The occupation column replaced by a word that each record's source gives at random (a
    // list's own status words): rows of one person disagree on it as often as random rows.
    let mut set = generate_profile(600, 81, Profile::Light);
    set.headers[9] = "annotation".into();
    const WORDS: [&str; 5] = ["entered", "copied", "checked", "merged", "held"];
    for (i, row) in set.rows.iter_mut().enumerate() {
        row[9] = WORDS[(i * 7 + i / 3) % WORDS.len()].to_string();
    }
    let config = infer_config(&set.headers, &set.rows, 0);
    let word = config.columns.iter().find(|c| c.name == "annotation").unwrap();
    assert_eq!(word.role, Role::Ignore, "{}", word.note);
}
