//! placeholder bench
use attest_estimate::table::CaptureTable;
fn main() {
    let t = CaptureTable::from_csv(&std::fs::read_to_string("../shared/data/mse/kosovo_lcmcr_4lists.csv").unwrap())
        .unwrap();
    let o = attest_estimate::lcmcr::LcmcrOptions {
        burn_in: 10_000,
        thin: 10,
        samples: 10_000,
        seed: 1,
        ..Default::default()
    };
    let st = std::time::Instant::now();
    let r = attest_estimate::lcmcr::lcmcr(&t, o);
    println!("{} {:?}", r.median, st.elapsed());
}
