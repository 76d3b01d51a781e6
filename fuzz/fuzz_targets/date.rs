//! Fuzz target: EDTF dates. Never panics; whatever is accepted parses back from its canonical EDTF
//! to the same value, with real calendar days in order.
#![no_main]

use attest_domain::{UncertainDate, date::days_in_month};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = UncertainDate::parse(text) {
        let again = UncertainDate::parse(&date.to_string()).unwrap_or_else(|e| panic!("{text:?} -> {date}: {e}"));
        assert_eq!(again, date, "{text:?}");
        for day in [date.earliest, date.latest].into_iter().flatten() {
            assert!((1..=12).contains(&day.month) && (1..=days_in_month(day.year, day.month)).contains(&day.day));
        }
        if let (Some(a), Some(b)) = (date.earliest, date.latest) {
            assert!(a <= b, "{text:?}");
        }
    }
});
