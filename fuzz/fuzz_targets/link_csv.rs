//! Fuzz target: the CSV reader of `attest link` (equal to one reader from start to end), then column roles inferred from what it read and,
//! for small lists, a whole deduplication run. Never panics.
#![no_main]

use attest_link::csv_input::{read_csv, read_csv_serial};
use attest_link::{Input, Linker, NoProgress, Options, infer_config};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // The reader every face uses (in two halves on large lists) is one reader, refusals too.
    let read = read_csv(bytes);
    assert_eq!(read, read_csv_serial(bytes));
    let Ok(table) = read else { return };
    assert!(table.rows.iter().all(|r| r.len() == table.headers.len()));
    if table.headers.is_empty() {
        return;
    }
    let config = infer_config(&table.headers, &table.rows, 0);
    if table.rows.len() <= 64 {
        let file = vec![0; table.rows.len()];
        let input = Input { headers: table.headers, rows: table.rows, file, id_column: 0 };
        let options = Options { threads: 1, random_pairs: 1_000, ..Options::default() };
        if let Ok(linker) = Linker::from_input(input, &config, options, &NoProgress) {
            let _ = linker.run(&[], &NoProgress);
        }
    }
});
