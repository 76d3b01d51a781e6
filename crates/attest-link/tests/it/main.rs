//! Linkage engine tests on small inputs made here.

#![allow(clippy::unwrap_used, missing_docs)]

use attest_link::{Decision, Input, Linker, NoProgress, Options, infer_config};

fn input(rows: &[&[&str]]) -> Input {
    let headers: Vec<String> = rows[0].iter().map(|s| s.to_string()).collect();
    let data: Vec<Vec<String>> = rows[1..].iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    Input { file: vec![0; data.len()], rows: data, headers, id_column: 0 }
}

#[test]
fn korean_spellings_link_and_namesakes_stay_apart() {
    let rows: &[&[&str]] = &[
        &["id", "name", "birth_year", "origin"],
        &["a1", "김영호", "1955", "회령"],
        &["a2", "Kim Young-ho", "1955", "Hoeryong"],
        &["a3", "KIM YONG HO", "1955", "Hoeryŏng"],
        &["b1", "김영호", "1971", "단천"],
        &["b2", "Kim Yeong-ho", "1971", "Tanchon"],
        &["c1", "리명철", "1948", "아오지"],
        &["c2", "Lee Myong-chol", "1948", "Aoji"],
        &["c3", "Ri Myŏng-ch'ŏl", "1949", "Aoji"],
        &["d1", "박순희", "1960", "무산"],
        &["d2", "Park Soon-hee", "1960", "Musan"],
        &["e1", "최기선", "1939", "함흥"],
        &["e2", "Choe Ki-sŏn", "1939", "Hamhung"],
        &["f1", "정광일", "1952", "청진"],
        &["f2", "Jung Kwang-il", "1952", "Chongjin"],
    ];
    let inp = input(rows);
    let mut config = infer_config(&inp.headers, &inp.rows, 0);
    assert!(config.columns[1].korean, "{:?}", config.columns[1]);
    config.threshold = 0.5;
    let linker = Linker::new(&inp, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    let label = |id: &str| result.labels[linker.ids().iter().position(|x| x == id).unwrap()];
    assert_eq!(label("a1"), label("a2"));
    assert_eq!(label("a2"), label("a3"));
    assert_eq!(label("c1"), label("c2"));
    assert_eq!(label("e1"), label("e2"));
    // Same name, different birth year and origin: two people.
    assert_ne!(label("a1"), label("b1"));
    // A reviewer's decision overrides the model.
    let review = [
        Decision { a: "c1".into(), b: "c3".into(), same: false },
        Decision { a: "c2".into(), b: "c3".into(), same: false },
    ];
    let reviewed = linker.run(&review, &NoProgress).unwrap();
    let l = |id: &str| reviewed.labels[linker.ids().iter().position(|x| x == id).unwrap()];
    assert_ne!(l("c1"), l("c3"));
    assert_eq!(l("c1"), l("c2"));
    let ex = linker.explain(&result.model, "a1", "a2").unwrap();
    assert_eq!(ex.fields.len(), 3);
    assert!((ex.total - (ex.prior + ex.fields.iter().map(|f| f.weight + f.tf_adjustment).sum::<f64>())).abs() < 1e-9);
}

#[test]
fn duplicate_ids_and_bad_configs_are_refused() {
    let inp = input(&[&["id", "name"], &["x", "Kim"], &["x", "Lee"]]);
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let err = Linker::new(&inp, &config, Options::default(), &NoProgress).err().unwrap();
    assert_eq!(err.to_string(), "record id 'x' appears twice (rows 1 and 2)");
    let inp = input(&[&["id", "name"], &["x", "Kim"], &["y", "Lee"]]);
    let mut config = infer_config(&inp.headers, &inp.rows, 0);
    config.blocking.push(vec!["nonexistent".into()]);
    assert!(Linker::new(&inp, &config, Options::default(), &NoProgress).is_err());
}

/// A configuration saved from a headed list, run on a list without a header row: the engine's
/// refusal names the first differing column and quotes that one cell, shortened to 80
/// characters, never the rest of the record standing where the header should be.
#[test]
fn a_header_mismatch_quotes_one_cell_at_most() {
    let headed = input(&[
        &["record_id", "surname", "given_name", "birth_year", "sex", "contact"],
        &["A1", "Pak", "Invented One", "1950", "F", "x"],
        &["A2", "Jo", "Invented Two", "1961", "M", "y"],
    ]);
    let config = infer_config(&headed.headers, &headed.rows, 0);
    let long_name = format!("Invented Sealed {}", "Delta".repeat(30));
    let headerless = input(&[
        &["B7", "Kim", &long_name, "1951", "M", "delta-contact-5521"],
        &["B8", "Ri", "Ok", "1960", "F", "Onsong"],
    ]);
    let err = Linker::new(&headerless, &config, Options::default(), &NoProgress).err().unwrap();
    let message = err.to_string();
    assert!(message.contains("column 1") && message.contains("'B7'"), "{message}");
    for other in ["Kim", "Invented Sealed", "1951", "delta-contact-5521", "surname", "given_name"] {
        assert!(!message.contains(other), "{other} quoted: {message}");
    }
    // The differing cell itself is cut to 80 characters with an ellipsis.
    let mut long_first = headerless.clone();
    long_first.headers[0] = long_name.clone();
    let message = Linker::new(&long_first, &config, Options::default(), &NoProgress).err().unwrap().to_string();
    let cut: String = long_name.chars().take(80).collect();
    assert!(message.contains(&format!("'{cut}…'")) && !message.contains(&long_name), "{message}");
    // A file with fewer columns is named by its count, with no cell of it.
    let mut short = headed.clone();
    short.headers.truncate(2);
    for row in &mut short.rows {
        row.truncate(2);
    }
    let message = Linker::new(&short, &config, Options::default(), &NoProgress).err().unwrap().to_string();
    assert!(message.contains("column 3") && message.contains("2 columns"), "{message}");
}

fn synth_input(people: usize, seed: u64) -> (Input, Vec<String>) {
    let records = attest_link::synth::generate(people, seed, 0.05);
    let headers = attest_link::synth::HEADERS.iter().map(|s| s.to_string()).collect();
    let truth = records.iter().map(|r| r.person.to_string()).collect();
    let rows = records.into_iter().map(|r| r.values).collect::<Vec<_>>();
    (Input { file: vec![0; rows.len()], rows, headers, id_column: 0 }, truth)
}

#[test]
fn korean_comparators_beat_plain_string_comparison_on_the_synthetic_set() {
    let (inp, truth) = synth_input(1_500, 7);
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let name = config.columns.iter().find(|c| c.name == "name").unwrap();
    assert!(name.korean && name.role == attest_link::Role::FullName, "{name:?}");
    let run = |config: &attest_link::LinkConfig| {
        let linker = Linker::new(&inp, config, Options::default(), &NoProgress).unwrap();
        let result = linker.run(&[], &NoProgress).unwrap();
        attest_link::eval::pairwise(&result.labels, &truth, None)
    };
    let korean = run(&config);
    let mut plain = config.clone();
    for c in plain.columns.iter_mut() {
        c.korean = false;
    }
    let without = run(&plain);
    assert!(korean.f1 > 0.8, "{korean:?}");
    assert!(korean.f1 > without.f1 + 0.3, "korean {korean:?} plain {without:?}");
}

mod blocking;
mod csv_reading;
mod merges;
mod notables;
mod pairs;
mod petitions;
mod places;
mod registry;
mod reported_ages;
mod roles;
mod scale;
mod sites;
mod unseen;

#[test]
fn the_pair_cache_gives_identical_scores() {
    let lists = attest_link::synth_unseen::generate(600, 9, attest_link::synth_unseen::Layout::English);
    let n = lists.rows.len();
    let inp = Input { headers: lists.headers, rows: lists.rows, file: vec![0; n], id_column: 0 };
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let run = |pair_cache: bool| {
        let linker = Linker::new(&inp, &config, Options { pair_cache, ..Options::default() }, &NoProgress).unwrap();
        linker.run(&[], &NoProgress).unwrap()
    };
    let (cached, plain) = (run(true), run(false));
    assert!(cached.pairs.len() > 1_000, "{}", cached.pairs.len());
    assert_eq!(cached.pairs.len(), plain.pairs.len());
    for (x, y) in cached.pairs.iter().zip(&plain.pairs) {
        assert_eq!((x.0, x.1, x.2.to_bits()), (y.0, y.1, y.2.to_bits()));
    }
    assert_eq!(cached.labels, plain.labels);
}
