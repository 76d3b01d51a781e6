//! Fuzz target: evidence spans, and the passage they cut from a text. Never panics; an accepted
//! span round-trips and cuts exactly its length in characters or reports that it is out of range.
#![no_main]

use attest_domain::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (span_text, source) = input;
    if let Ok(span) = Span::parse(span_text) {
        assert_eq!(Span::parse(&span.to_string()), Ok(span));
        if let Ok(passage) = span.passage(source) {
            assert_eq!(passage.chars().count(), span.end - span.start);
        }
    }
});
