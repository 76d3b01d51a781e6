//! Writes the generated set of historical notables and its truth (issue 15's public
//! 50,000-record historical set, regenerated: every person invented).
//!
//! `cargo run --release -p attest-link --example synth_notables -- PEOPLE SEED OUT.csv TRUTH.csv [PROFILE]`
//! (5,000 people give about 50,000 records; seed 1 for tuning, 1001+ held out; PROFILE is one of
//! heavy (the default), light, namesakes, singletons, renamed, year-only: see
//! `attest_link::synth_notables::Profile`.)

use attest_link::synth_notables::{Profile, generate_profile};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 && args.len() != 6 {
        eprintln!("usage: synth_notables PEOPLE SEED OUT.csv TRUTH.csv [PROFILE]");
        std::process::exit(2);
    }
    let people: usize = args[1].parse().expect("PEOPLE is a number");
    let seed: u64 = args[2].parse().expect("SEED is a number");
    let profile = match args.get(5) {
        None => Profile::Heavy,
        Some(name) => Profile::parse(name).unwrap_or_else(|| {
            let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
            eprintln!("PROFILE: no profile {name:?} (one of {})", names.join(", "));
            std::process::exit(2);
        }),
    };
    let notables = generate_profile(people, seed, profile);
    let mut out = csv::Writer::from_path(&args[3]).expect("OUT.csv is writable");
    out.write_record(&notables.headers).expect("write");
    for r in &notables.rows {
        out.write_record(r).expect("write");
    }
    let mut truth = csv::Writer::from_path(&args[4]).expect("TRUTH.csv is writable");
    truth.write_record(["id", "person"]).expect("write");
    for (r, p) in notables.rows.iter().zip(&notables.person) {
        truth.write_record([r[0].as_str(), &p.to_string()]).expect("write");
    }
    eprintln!("{} records, {} people", notables.rows.len(), notables.person.iter().max().map_or(0, |m| m + 1));
}
