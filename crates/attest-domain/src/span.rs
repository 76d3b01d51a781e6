//! Evidence spans: the exact passage of a source that makes a claim.
//!
//! Spans count Unicode characters (scalar values), not bytes, so that an analyst counting in an
//! editor and a Korean transcript agree. `START..END` is half-open, like Rust ranges.

use serde::Serialize;

/// A half-open character range `[start, end)` of a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    /// First character, counted from 0.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// Why a span was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    /// Not of the form `START..END`.
    #[error("span '{0}' must be START..END in characters, e.g. 120..245")]
    Syntax(String),
    /// Empty or backwards.
    #[error("span {start}..{end} is empty or runs backwards")]
    Empty {
        /// Start.
        start: usize,
        /// End.
        end: usize,
    },
    /// Reaches past the text.
    #[error("span {start}..{end} ends past the text, which has {len} characters")]
    OutOfRange {
        /// Start.
        start: usize,
        /// End.
        end: usize,
        /// The text's length in characters.
        len: usize,
    },
}

impl Span {
    /// Reads `START..END`.
    pub fn parse(input: &str) -> Result<Span, SpanError> {
        let syntax = || SpanError::Syntax(input.to_string());
        let (a, b) = input.trim().split_once("..").ok_or_else(syntax)?;
        // Digits only: `usize::from_str` would also take a sign ("+3..+9").
        let number = |s: &str| {
            let s = s.trim();
            if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
                return Err(syntax());
            }
            s.parse::<usize>().map_err(|_| syntax())
        };
        Span::new(number(a)?, number(b)?)
    }

    /// A span from two numbers given apart (a web form, a JSON body): refused when empty or
    /// backwards, as [`Span::parse`] refuses `5..5` and `10..0`.
    pub fn new(start: usize, end: usize) -> Result<Span, SpanError> {
        if start >= end {
            return Err(SpanError::Empty { start, end });
        }
        Ok(Span { start, end })
    }

    /// Checks the span against a text and returns the passage it covers.
    pub fn passage<'t>(&self, text: &'t str) -> Result<&'t str, SpanError> {
        let mut indices = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
        let start_byte = indices.nth(self.start);
        let end_byte = if self.end > self.start { indices.nth(self.end - self.start - 1) } else { start_byte };
        match (start_byte, end_byte) {
            (Some(s), Some(e)) => Ok(&text[s..e]),
            _ => Err(SpanError::OutOfRange { start: self.start, end: self.end, len: text.chars().count() }),
        }
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passage_counts_characters() {
        let text = "나는 아오지 탄광에서 일했다";
        let span = Span::parse("3..6").unwrap();
        assert_eq!(span.passage(text).unwrap(), "아오지");
        assert_eq!(Span::parse("0..15").unwrap().passage(text).unwrap(), text);
        assert!(matches!(Span::parse("0..16").unwrap().passage(text), Err(SpanError::OutOfRange { len: 15, .. })));
    }

    #[test]
    fn bad_spans() {
        assert!(matches!(Span::parse("5..5"), Err(SpanError::Empty { .. })));
        assert!(matches!(Span::parse("9..2"), Err(SpanError::Empty { .. })));
        assert!(matches!(Span::parse("a..b"), Err(SpanError::Syntax(_))));
        assert!(matches!(Span::parse("12-20"), Err(SpanError::Syntax(_))));
        assert!(matches!(Span::parse("-1..3"), Err(SpanError::Syntax(_))));
        assert!(matches!(Span::new(10, 0), Err(SpanError::Empty { start: 10, end: 0 })));
        assert!(matches!(Span::new(5, 5), Err(SpanError::Empty { .. })));
        assert_eq!(Span::new(0, 1), Ok(Span { start: 0, end: 1 }));
        assert!(matches!(Span::parse("+1..+3"), Err(SpanError::Syntax(_))));
        assert!(matches!(Span::parse("1..2..3"), Err(SpanError::Syntax(_))));
        assert!(matches!(Span::parse("1..99999999999999999999999"), Err(SpanError::Syntax(_))));
        assert!(matches!(Span::parse(".."), Err(SpanError::Syntax(_))));
    }
}

/// Property tests: every accepted span round-trips through `Display`, every non-empty forward
/// range is accepted, and empty or backwards ones are refused.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn accepted_text_round_trips(text in "[0-9 .+-]{0,12}") {
            if let Ok(span) = Span::parse(&text) {
                prop_assert_eq!(Span::parse(&span.to_string()), Ok(span));
                prop_assert!(span.start < span.end);
            }
        }

        #[test]
        fn ranges(start in any::<usize>(), end in any::<usize>()) {
            let parsed = Span::parse(&format!("{start}..{end}"));
            if start < end {
                prop_assert_eq!(parsed, Ok(Span { start, end }));
            } else {
                prop_assert_eq!(parsed, Err(SpanError::Empty { start, end }));
            }
        }

        #[test]
        fn passage_never_panics(start in 0usize..40, len in 1usize..40, text in "\\PC{0,30}") {
            let span = Span { start, end: start + len };
            match span.passage(&text) {
                Ok(p) => prop_assert_eq!(p.chars().count(), len),
                Err(e) => prop_assert!(matches!(e, SpanError::OutOfRange { .. }), "{e}"),
            }
        }
    }
}
