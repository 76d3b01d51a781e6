//! Fuzz target: the CSV reader of `attest link` (equal to one reader from start to end, also in
//! halves on the input repeated past the size where halves are read), then column roles inferred
//! from what it read and, for small lists, a whole deduplication run. Never panics.
#![no_main]

use attest_link::csv_input::{HALVES_FROM_BYTES, read_csv, read_csv_in_halves, read_csv_serial};
use attest_link::{Input, Linker, NoProgress, Options, infer_config};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // The reader every face uses (in two halves on large lists) is one reader, refusals too.
    let read = read_csv(bytes);
    assert_eq!(read, read_csv_serial(bytes));
    // The halves are read only from `HALVES_FROM_BYTES` on, past what the fuzzer writes: the
    // input repeated to that size, where the halves are used at all, gives one reader's rows.
    if !bytes.is_empty() {
        let big: Vec<u8> = bytes.iter().copied().cycle().take(HALVES_FROM_BYTES + bytes.len()).collect();
        if let Some(halves) = read_csv_in_halves(&big) {
            assert_eq!(Ok(halves), read_csv_serial(&big));
        }
    }
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
