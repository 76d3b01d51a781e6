//! The engine alone as a command, for side-by-side timing without building the CLI (which pulls
//! SQLCipher and the web stack): reads one CSV (or two with the same columns, to link), links
//! with zero configuration, writes `record_id,cluster_id`. Same steps as
//! `attest link FILE [FILE_B] --out OUT`, minus progress bars.
//!
//! `cargo run --release -p attest-link --example link_csv -- IN.csv [IN_B.csv] OUT.csv`

use attest_link::{Input, Linker, NoProgress, Options, PhaseTimer, infer_config};

/// One record's fields, each trimmed as `csv::Trim::All` trims it (the reader's ASCII trim, then
/// `str::trim` on the string record, which covers it) while copied out once; a record that is not
/// UTF-8 is an empty row.
fn row_of(record: &csv::ByteRecord) -> Vec<String> {
    let row: Option<Vec<String>> =
        record.iter().map(|f| std::str::from_utf8(f).ok().map(|s| s.trim().to_string())).collect();
    row.unwrap_or_default()
}

/// The rows of `data` read as CSV records without a header, until the reader's position reaches
/// `until` (the whole of `data` with `usize::MAX`), as raw byte records (with `Trim::All` the
/// reader rebuilt every record twice to trim it, a third of the reading) into one record buffer.
/// A record the reader refuses, or whose field count differs from the header's (`width`, when
/// given: what the reader's own check does against the header it read), is an empty row, as
/// before. Returns the rows and the position where reading stopped.
fn rows_of(reader: &mut csv::Reader<&[u8]>, width: Option<usize>, until: u64) -> (Vec<Vec<String>>, u64) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut record = csv::ByteRecord::new();
    while reader.position().byte() < until {
        match reader.read_byte_record(&mut record) {
            Ok(true) if width.is_some_and(|w| w != record.len()) => rows.push(Vec::new()),
            Ok(true) => rows.push(row_of(&record)),
            Ok(false) => break,
            Err(_) => rows.push(Vec::new()),
        }
    }
    (rows, reader.position().byte())
}

/// Header and rows of one CSV file, read on the two workers of `pool`: the first half of the
/// file on one and the second on the other, from the first line break of the second half
/// outside quotes (an even number of quote characters before it). The second half's reading
/// is used only if the first half's reader, reading the records in order, stops exactly at
/// that line break (a record boundary), so the rows are those one reader gives; otherwise the
/// first reader reads on to the end alone. (csv reads records in order only; finding a record
/// boundary in the middle needs the quotes counted first, which is cheap.)
fn read(path: &str, pool: &rayon::ThreadPool) -> (Vec<String>, Vec<Vec<String>>) {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut first = csv::ReaderBuilder::new().from_reader(&data[..]);
    let headers: Vec<String> =
        first.headers().map(|h| h.iter().map(|f| f.trim().to_string()).collect()).unwrap_or_default();
    // The split: the first line break after the middle with an even number of quotes before
    // it; none in a small file, or one without a header read as text (read as before).
    let middle = data.len() / 2;
    let split = (data.len() > 1 << 16 && !headers.is_empty())
        .then(|| {
            let quotes = data[..middle].iter().filter(|&&b| b == b'"').count();
            let mut odd = quotes % 2 == 1;
            data[middle..].iter().position(|&b| {
                odd ^= b == b'"';
                b == b'\n' && !odd
            })
        })
        .flatten()
        .map(|at| middle + at + 1)
        .filter(|&at| at < data.len());
    let Some(split) = split else {
        return (headers, rows_of(&mut first, None, u64::MAX).0);
    };
    // The second half: no header of its own; field counts checked against the header's, as
    // the first reader checks them.
    let width = headers.len();
    let ((mut rows, stopped), second) = pool.join(
        || rows_of(&mut first, None, split as u64),
        || {
            let mut second = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&data[split..]);
            rows_of(&mut second, Some(width), u64::MAX).0
        },
    );
    if stopped == split as u64 {
        rows.extend(second);
    } else {
        rows.extend(rows_of(&mut first, None, u64::MAX).0);
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
    // The linker's workers, started first: they read the file too.
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
    let config = infer_config(&headers, &rows, 0);
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
