//! attest's domain model, shared by every other crate.
//!
//! Pure types and parsers: ids, controlled vocabularies, uncertain dates and counts, evidence spans
//! and transcript decoding. No I/O, no SQL, no key material: this crate can be tested and fuzzed on
//! its own, and every edge (CLI, web, import) parses user input through it.
//!
//! ```
//! use attest_domain::{UncertainDate, UncertainCount};
//! let when = UncertainDate::parse("199X").unwrap();
//! assert_eq!(when.earliest.unwrap().year, 1990);
//! let how_many = UncertainCount::parse("about 670").unwrap();
//! assert!(how_many.approximate && how_many.low < 670);
//! ```

pub mod count;
pub mod date;
pub mod helpers;
pub mod id;
pub mod span;
pub mod text;
pub mod vocab;

pub use count::{CountError, UncertainCount};
pub use date::{DateError, Day, Precision, UncertainDate};
pub use helpers::{SeededRng, UnionFind};
pub use id::{CaseId, ClaimId, Id, IdError, IdKind, SourceId, UserId, WitnessId};
pub use span::{Span, SpanError};
pub use text::{DecodedText, SourceEncoding, TextError, decode_transcript, legacy_korean};
pub use vocab::{ActSlug, BUILT_IN_ACTS, Consent, Pseudonym, Reliability, Role, VocabError, parse_language};
