//! The engine alone as a command, for side-by-side timing without building the CLI (which pulls
//! SQLCipher and the web stack): reads one CSV (or two with the same columns, to link), links
//! with zero configuration, writes `record_id,cluster_id`. Same steps as
//! `attest link FILE [FILE_B] --out OUT`, minus progress bars.
//!
//! `cargo run --release -p attest-link --example link_csv -- IN.csv [IN_B.csv] OUT.csv`

use attest_link::{Input, Linker, NoProgress, Options, PhaseTimer, infer_config};

/// Header and rows of one CSV file, every field trimmed as `csv::Trim::All` trims it (the
/// reader's ASCII trim, then `str::trim` on the string record, which covers it): read as raw byte
/// records and trimmed here while each field is copied out once (with `Trim::All` the reader
/// rebuilt every record twice to trim it, a third of the reading). A record that is not UTF-8 or
/// that the reader refuses is an empty row, as before.
fn read(path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_path(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let headers: Vec<String> =
        r.headers().map(|h| h.iter().map(|f| f.trim().to_string()).collect()).unwrap_or_default();
    // One record buffer for the whole file (a fresh one per row was a share of the reading time).
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match r.read_byte_record(&mut record) {
            Ok(true) => {
                let row: Option<Vec<String>> =
                    record.iter().map(|f| std::str::from_utf8(f).ok().map(|s| s.trim().to_string())).collect();
                rows.push(row.unwrap_or_default());
            }
            Ok(false) => break,
            Err(_) => rows.push(Vec::new()),
        }
    }
    (headers, rows)
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
    let (headers, mut rows) = read(&inputs[0]);
    let mut file = vec![0u8; rows.len()];
    if let Some(b) = inputs.get(1) {
        let (headers_b, rows_b) = read(b);
        if headers_b != headers {
            eprintln!("{b}: its columns differ from {}'s", inputs[0]);
            std::process::exit(2);
        }
        file.extend(std::iter::repeat_n(1u8, rows_b.len()));
        rows.extend(rows_b);
    }
    timer.phase("reading CSV", rows.len());
    let config = infer_config(&headers, &rows, 0);
    timer.phase("role inference", headers.len());
    if std::env::var("SHOW_CONFIG").is_ok() {
        for c in &config.columns {
            eprintln!("{}: {:?} korean={} {}", c.name, c.role, c.korean, c.note);
        }
        eprintln!("blocking: {:?}\ntraining: {:?}", config.blocking, config.training_blocking);
    }
    let n = rows.len();
    let linker = Linker::from_input(
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
