//! Fuzz target: count phrases. Never panics; whatever is accepted parses back from its canonical
//! spelling to the same value.
#![no_main]

use attest_domain::UncertainCount;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(count) = UncertainCount::parse(text) {
        let shown = count.to_string();
        let again = UncertainCount::parse(&shown).unwrap_or_else(|e| panic!("{text:?} -> {shown:?}: {e}"));
        assert!(count.same_value(&again), "{text:?} -> {shown:?}: {count:?} != {again:?}");
        assert!(count.high.is_none_or(|h| count.low <= h), "{text:?}: {count:?}");
    }
});
