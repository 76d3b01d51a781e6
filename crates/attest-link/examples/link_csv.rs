//! The engine alone as a command, for side-by-side timing without building the CLI (which pulls
//! SQLCipher and the web stack): reads one CSV (or two with the same columns, to link), links
//! with zero configuration, writes `record_id,cluster_id`. Same steps as
//! `attest link FILE [FILE_B] --out OUT`, with the same CSV reader, minus progress bars and the
//! checks of a header row that looks like a record.
//!
//! `cargo run --release -p attest-link --example link_csv -- IN.csv [IN_B.csv] OUT.csv`

use attest_link::{Input, Linker, NoProgress, Options, PhaseTimer, infer_config};

/// Header and rows of one CSV file, read by the reader `attest link`, the web workspace and
/// the API use (`csv_input::read_csv`: in two halves on the two workers of `pool` where a record
/// boundary near the middle is certain, strict, composed to NFC), with the record ids (the
/// first column) as the file wrote them, as `attest link` keeps them.
fn read(path: &str, pool: &rayon::ThreadPool) -> (Vec<String>, Vec<Vec<String>>) {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut table = pool.install(|| attest_link::csv_input::read_csv(&data)).unwrap_or_else(|e| panic!("{path}: {e}"));
    table.keep_as_written(0);
    (table.headers, table.rows)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // One file to deduplicate, or two (same columns) to link.
    let (inputs, output) = match args.len() {
        3 => (vec![args[1].clone()], args[2].clone()),
        4 => (vec![args[1].clone(), args[2].clone()], args[3].clone()),
        _ => {
            eprintln!("usage: link_csv IN.csv [IN_B.csv] OUT.csv");
            std::process::exit(2);
        }
    };
    let input = inputs.join(" + ");
    // With ATTEST_LINK_TIMING set, wall time per phase goes to standard error.
    let mut timer = PhaseTimer::new();
    // The linker's workers, started first: they read the file and infer the roles too.
    let pool = attest_link::worker_pool(Options::default().threads).unwrap_or_else(|e| panic!("{e}"));
    let (headers, mut rows) = read(&inputs[0], &pool);
    let mut file = vec![0u8; rows.len()];
    if let Some(b) = inputs.get(1) {
        let (headers_b, rows_b) = read(b, &pool);
        if headers_b != headers {
            eprintln!("{b}: its columns differ from {}'s", inputs[0]);
            std::process::exit(2);
        }
        file.extend(std::iter::repeat_n(1u8, rows_b.len()));
        rows.extend(rows_b);
    }
    timer.phase("reading CSV", rows.len());
    let config = pool.install(|| infer_config(&headers, &rows, 0));
    timer.phase("role inference", headers.len());
    if std::env::var("SHOW_CONFIG").is_ok() {
        for c in &config.columns {
            eprintln!("{}: {:?} korean={} {}", c.name, c.role, c.korean, c.note);
        }
        eprintln!("blocking: {:?}\ntraining: {:?}", config.blocking, config.training_blocking);
    }
    let n = rows.len();
    let linker = Linker::from_input_with_pool(
        Input { headers, rows, file, id_column: 0 },
        &config,
        Options {
            keep_values: false,
            // For measuring what the per-rule budget costs and saves on large sets.
            pairs_per_record: std::env::var("ATTEST_LINK_PAIRS_PER_RECORD")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(attest_link::MAX_PAIRS_PER_RECORD),
            ..Options::default()
        },
        pool,
        &NoProgress,
    )
    .unwrap_or_else(|e| panic!("{input}: {e}"));
    timer.phase("preparing records", n);
    let result = linker.run(&[], &NoProgress).unwrap_or_else(|e| panic!("{input}: {e}"));
    timer.phase("linking (the phases above)", n);
    if std::env::var("SHOW_CONFIG").is_ok() {
        let s = &result.summary;
        eprintln!(
            "{} candidate pairs, {} links, {} clusters, largest {:?}, {} windowed blocks, estimated blocking recall {:?}, warnings {:?}",
            s.candidate_pairs,
            s.links,
            s.clusters,
            s.largest_clusters,
            s.skipped_blocks.len(),
            s.blocking_recall,
            s.warnings
        );
    }
    let mut w = csv::Writer::from_path(&output).unwrap_or_else(|e| panic!("{output}: {e}"));
    w.write_record(["record_id", "cluster_id"]).unwrap_or_else(|e| panic!("{output}: {e}"));
    for (id, label) in linker.ids().iter().zip(&result.labels) {
        w.write_record([id.as_str(), &label.to_string()]).unwrap_or_else(|e| panic!("{output}: {e}"));
    }
    w.flush().unwrap_or_else(|e| panic!("{output}: {e}"));
    timer.phase("writing clusters", result.labels.len());
    // Done: the operating system takes back the memory at once, where dropping the prepared
    // records and pairs one allocation at a time would cost a share of the run.
    std::process::exit(0);
}
