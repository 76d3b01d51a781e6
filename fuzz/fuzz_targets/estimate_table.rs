//! Fuzz target: the capture-table reader of `attest estimate`. Never panics; an accepted table has
//! at least two lists and somebody on them, and its sums do not overflow.
#![no_main]

use attest_estimate::CaptureTable;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(table) = CaptureTable::from_csv(text) {
        assert!(table.list_count() >= 2);
        assert!(table.observed() > 0);
        for i in 0..table.list_count() {
            let _ = table.on_list(i);
        }
        let _ = table.pair(0, 1);
    }
});
