//! Fuzz target: saved web pages read by `attest intake web`. Never panics, and the work stays
//! linear in the page's size.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(page) = attest_intake::extract(bytes, Some("https://news.example.org/article")) {
        assert!(page.work <= 16 * bytes.len() as u64 + 64, "{} steps for {} bytes", page.work, bytes.len());
    }
});
