//! Writes the generated historical census and its truth (issue 15's 50,000-record set).
//!
//! `cargo run --release -p attest-link --example synth_census -- HOUSEHOLDS SEED OUT.csv TRUTH.csv`
//! (8,000 households give about 50,000 records; seeds 1-9 are for checks, 1001+ held out.)

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: synth_census HOUSEHOLDS SEED OUT.csv TRUTH.csv");
        std::process::exit(2);
    }
    let households: usize = args[1].parse().expect("HOUSEHOLDS is a number");
    let seed: u64 = args[2].parse().expect("SEED is a number");
    let census = attest_link::synth_census::generate(households, seed);
    let mut out = csv::Writer::from_path(&args[3]).expect("OUT.csv is writable");
    out.write_record(&census.headers).expect("write");
    for r in &census.rows {
        out.write_record(r).expect("write");
    }
    let mut truth = csv::Writer::from_path(&args[4]).expect("TRUTH.csv is writable");
    truth.write_record(["id", "person"]).expect("write");
    for (r, p) in census.rows.iter().zip(&census.person) {
        truth.write_record([r[0].as_str(), &p.to_string()]).expect("write");
    }
    eprintln!("{} records, {} people", census.rows.len(), census.person.iter().max().map_or(0, |m| m + 1));
}
