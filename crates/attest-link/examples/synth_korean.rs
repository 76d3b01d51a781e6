//! Writes the synthetic Korean person data set (all people invented) and its truth.
//!
//! `cargo run --release -p attest-link --example synth_korean -- PEOPLE SEED OUT.csv TRUTH.csv`
//! OUT.csv has the columns of `attest_link::synth::HEADERS`; TRUTH.csv maps `id` to `person`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(11);
    let out = args.get(3).cloned().unwrap_or_else(|| "korean.csv".into());
    let truth = args.get(4).cloned().unwrap_or_else(|| "korean-truth.csv".into());
    let records = attest_link::synth::generate(people, seed, 0.05);
    let mut w = csv::Writer::from_path(&out).unwrap_or_else(|e| panic!("{out}: {e}"));
    let mut t = csv::Writer::from_path(&truth).unwrap_or_else(|e| panic!("{truth}: {e}"));
    w.write_record(attest_link::synth::HEADERS).unwrap_or_else(|e| panic!("{out}: {e}"));
    t.write_record(["id", "person"]).unwrap_or_else(|e| panic!("{truth}: {e}"));
    for r in &records {
        w.write_record(&r.values).unwrap_or_else(|e| panic!("{out}: {e}"));
        t.write_record([r.id.as_str(), &r.person.to_string()]).unwrap_or_else(|e| panic!("{truth}: {e}"));
    }
    w.flush().unwrap_or_else(|e| panic!("{out}: {e}"));
    t.flush().unwrap_or_else(|e| panic!("{truth}: {e}"));
    eprintln!("wrote {} records of {people} invented people to {out} (truth in {truth})", records.len());
}
