//! Writes the generated set of historical notables and its truth (issue 15's public
//! 50,000-record historical set, regenerated: every person invented).
//!
//! `cargo run --release -p attest-link --example synth_notables -- PEOPLE SEED OUT.csv TRUTH.csv`
//! (5,000 people give about 50,000 records; seed 1 for tuning, 1001+ held out.)

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: synth_notables PEOPLE SEED OUT.csv TRUTH.csv");
        std::process::exit(2);
    }
    let people: usize = args[1].parse().expect("PEOPLE is a number");
    let seed: u64 = args[2].parse().expect("SEED is a number");
    let notables = attest_link::synth_notables::generate(people, seed);
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
