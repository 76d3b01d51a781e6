//! Korean-aware text for linkage and search: Hangul decomposition, Revised Romanization and
//! McCune-Reischauer, North Korean spellings, surname variants, name order, places, and a
//! romanization-insensitive key with a similarity that compares Hangul with Latin renderings.
//!
//! No dependencies: the tables and rules are small, and no crate covers North Korean usage.
//!
//! ```
//! use attest_korean::{key, names::name_similarity, places::place_key};
//! assert_eq!(key("Hamgyŏng"), key("함경"));
//! assert_eq!(name_similarity("Ri Myong-chol", "이명철"), 1.0);
//! assert_eq!(place_key("함북"), place_key("North Hamgyong"));
//! ```

pub mod gazetteer;
pub mod hangul;
pub mod key;
pub mod names;
pub mod places;

pub use key::{jaro_winkler, key, similarity};
