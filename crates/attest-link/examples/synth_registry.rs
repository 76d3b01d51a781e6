//! Writes the independent Korean multi-source registry set (issue 15) and its truth.
//!
//! `cargo run --release -p attest-link --example synth_registry -- PEOPLE SEED OUT.csv TRUTH.csv [LAYOUT]`
//! with LAYOUT `korean` (default: the lists merged under one Korean header set), `english` or
//! `stacked` (the union of the lists' own headers). Seeds below 1000 are for tuning, 1000 and above held out). The truth file has
//! `id,person,family`: records of different people in one family are relatives.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !(5..=6).contains(&args.len()) {
        eprintln!("usage: synth_registry PEOPLE SEED OUT.csv TRUTH.csv [korean|english|stacked]");
        std::process::exit(2);
    }
    let people: usize = args[1].parse().expect("PEOPLE is a number");
    let seed: u64 = args[2].parse().expect("SEED is a number");
    use attest_link::synth_registry::{Layout, generate};
    let layout = match args.get(5).map(String::as_str) {
        None | Some("korean") => Layout::MergedKorean,
        Some("english") => Layout::MergedEnglish,
        Some("stacked") => Layout::Stacked,
        Some(other) => {
            eprintln!("layout: '{other}' is not korean, english or stacked");
            std::process::exit(2);
        }
    };
    let set = generate(people, seed, layout);
    let mut out = csv::Writer::from_path(&args[3]).expect("OUT.csv is writable");
    out.write_record(&set.headers).expect("write");
    for r in &set.rows {
        out.write_record(r).expect("write");
    }
    out.flush().expect("write");
    let mut truth = csv::Writer::from_path(&args[4]).expect("TRUTH.csv is writable");
    truth.write_record(["id", "person", "family"]).expect("write");
    for ((r, p), f) in set.rows.iter().zip(&set.person).zip(&set.family) {
        truth.write_record([r[0].as_str(), &p.to_string(), &f.to_string()]).expect("write");
    }
    truth.flush().expect("write");
    eprintln!("{} records, {} people, lists: {}", set.rows.len(), people, set.sources.join(", "));
}
