//! Korean full names (and fathers' names) compared from one small record per distinct value
//! instead of the prepared strings: at a million records most of a comparison's time was
//! following the pointers of two [`Prepared`] values (the value, the key, the boxed name parts
//! and their strings, each a cache miss in a table of half a million names), not the comparison.
//!
//! Every string the comparator tests for equality is interned to a number per column (equal
//! numbers are equal strings), and the short keys it measures (the romanized given name, the
//! Hangul given name) are copied inline. [`NameKeys::level`] then gives exactly the level of
//! [`crate::compare::level`] for the column, reading one 56-byte record per side; a value whose
//! keys do not fit inline answers `None` and the caller compares the prepared values.

use std::collections::HashMap;

use crate::compare::{NULL, Prepared, damerau};
use crate::roles::{ColumnConfig, Role};

/// Longest romanized given name (ASCII bytes) kept inline.
const GIVEN_INLINE: usize = 16;

/// Most Hangul syllables of a given name kept inline.
const HANGUL_INLINE: usize = 4;

/// Marks a key that is not inline (the caller falls back to the prepared values).
const NOT_INLINE: u8 = u8::MAX;

/// One distinct name value of a column, for comparing without its strings.
#[derive(Debug, Clone, Copy)]
pub struct NameKeys {
    /// Interned normalised value (0 for the empty value).
    value: u32,
    /// Interned comparison key (surname and given key).
    key: u32,
    /// Interned surname key.
    surname: u32,
    /// Interned given-name key.
    given: u32,
    /// Interned loose given-name key, 0 when it is empty.
    loose: u32,
    /// Length of `given_inline`, or [`NOT_INLINE`] (not ASCII, or too long).
    given_len: u8,
    /// Syllables in `hangul` (whitespace left out), or [`NOT_INLINE`] (too many).
    hangul_len: u8,
    /// The Hangul given name is not empty (as the comparator tests it: before whitespace goes).
    has_hangul: bool,
    /// The value has no parsed name parts (compare the prepared values).
    unparsed: bool,
    /// [`Prepared::written`]: keys equal only once folded are not the same name between two
    /// Latin spellings.
    written: u64,
    /// The romanized given-name key.
    given_inline: [u8; GIVEN_INLINE],
    /// The Hangul given name's characters other than whitespace.
    hangul: [char; HANGUL_INLINE],
}

/// Numbers per distinct string, in order of first appearance (1 onwards; 0 is kept for empty).
struct Interner<'a> {
    ids: HashMap<&'a str, u32, foldhash::fast::FixedState>,
}

impl<'a> Interner<'a> {
    fn new() -> Self {
        Interner { ids: HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0)) }
    }

    /// The number of `s`; the empty string is always 0.
    fn id(&mut self, s: &'a str) -> u32 {
        if s.is_empty() {
            return 0;
        }
        let next = self.ids.len() as u32 + 1;
        *self.ids.entry(s).or_insert(next)
    }
}

/// Whether a column is compared by the Korean full-name comparator (where [`name_keys`] applies).
pub fn applies(column: &ColumnConfig) -> bool {
    column.korean && matches!(column.role, Role::FullName | Role::FatherName)
}

/// The keys of every distinct value of a Korean full-name column (`None` for other columns).
pub fn name_keys(column: &ColumnConfig, values: &[Prepared]) -> Option<Vec<NameKeys>> {
    if !applies(column) {
        return None;
    }
    let (mut value, mut key, mut surname, mut loose) =
        (Interner::new(), Interner::new(), Interner::new(), Interner::new());
    // Given-name keys are character arrays: interned by their slice (no string built).
    let mut given: HashMap<&[char], u32, foldhash::fast::FixedState> =
        HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
    let keys = values
        .iter()
        .map(|p| {
            let mut k = NameKeys {
                value: value.id(&p.value),
                key: key.id(&p.key),
                surname: 0,
                given: 0,
                loose: 0,
                given_len: NOT_INLINE,
                hangul_len: NOT_INLINE,
                has_hangul: false,
                unparsed: p.name.is_none(),
                written: p.written,
                given_inline: [0; GIVEN_INLINE],
                hangul: ['\0'; HANGUL_INLINE],
            };
            if let Some(n) = p.name.as_deref() {
                k.surname = surname.id(&n.surname);
                k.loose = loose.id(&n.given_loose);
                let next = given.len() as u32;
                k.given = *given.entry(n.given.as_slice()).or_insert(next);
                if n.given.len() <= GIVEN_INLINE && n.given.iter().all(char::is_ascii) {
                    for (slot, c) in k.given_inline.iter_mut().zip(&n.given) {
                        *slot = *c as u8;
                    }
                    k.given_len = n.given.len() as u8;
                }
                k.has_hangul = !n.given_hangul.is_empty();
                let syllables: Vec<char> = n.given_hangul.chars().filter(|c| !c.is_whitespace()).collect();
                if syllables.len() <= HANGUL_INLINE {
                    k.hangul[..syllables.len()].copy_from_slice(&syllables);
                    k.hangul_len = syllables.len() as u8;
                }
            }
            k
        })
        .collect();
    Some(keys)
}

impl NameKeys {
    /// Reads the first and last word of the record (it may straddle two cache lines), for
    /// loading it ahead of use; the value means nothing.
    pub(crate) fn touch(&self) -> u32 {
        self.value ^ u32::from(self.hangul[HANGUL_INLINE - 1])
    }

    /// The level of this value against `other` for the column they were made from, exactly as
    /// [`crate::compare::level`] gives it from the prepared values; `None` when a key is not
    /// inline (then compare those).
    pub fn level(&self, other: &NameKeys) -> Option<u8> {
        let (a, b) = (self, other);
        if a.value == 0 || b.value == 0 {
            return Some(NULL);
        }
        if a.value == b.value {
            return Some(0);
        }
        if a.unparsed || b.unparsed {
            return None;
        }
        let same_surname = a.surname == b.surname;
        if a.has_hangul && b.has_hangul {
            // Both written in Hangul: syllables apart, as written (see `full_name_level`).
            if a.hangul_len == NOT_INLINE || b.hangul_len == NOT_INLINE {
                return None;
            }
            let apart = if a.hangul_len != b.hangul_len {
                usize::MAX
            } else {
                let n = a.hangul_len as usize;
                a.hangul[..n].iter().zip(&b.hangul[..n]).filter(|(x, y)| x != y).count()
            };
            return Some(match (same_surname, apart) {
                (true, 0) => 1,
                (true, 1) => 2,
                (false, 0) => 3,
                _ => 4,
            });
        }
        if a.key == b.key && (a.written == 0 || b.written == 0 || a.written == b.written) {
            return Some(1);
        }
        if a.given == b.given {
            // No edits and a similarity of 1 (also between two empty keys): close.
            return Some(if same_surname { 2 } else { 3 });
        }
        if a.given_len == NOT_INLINE || b.given_len == NOT_INLINE {
            return None;
        }
        let chars = |k: &NameKeys| {
            let mut out = ['\0'; GIVEN_INLINE];
            for (o, &c) in out.iter_mut().zip(&k.given_inline[..k.given_len as usize]) {
                *o = char::from(c);
            }
            out
        };
        let (ca, cb) = (chars(a), chars(b));
        let (ga, gb) = (&ca[..a.given_len as usize], &cb[..b.given_len as usize]);
        let edits = damerau(ga, gb, 2);
        let close = (edits <= 1 && attest_korean::key::jaro_winkler_chars(ga, gb) >= 0.9)
            || (a.loose != 0 && a.loose == b.loose);
        Some(if same_surname && close {
            2
        } else if edits == 0 {
            3
        } else {
            4
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{level, prepare};

    #[test]
    fn every_pair_of_names_gets_the_comparators_level() {
        let names = [
            "김영호",
            "김용호",
            "김 영호",
            "이영호",
            "리명철",
            "이명철",
            "Kim Yong-ho",
            "Kim Young-ho",
            "KIM YONG HO",
            "kim yong ho",
            "Kim Yongho",
            "Pak Yong-ho",
            "Kim Chan Pyol",
            "Kim Chanpyol",
            "Kim Chan-byol",
            "JUNG, HWA-GWANG",
            "Jung Hwa Gwang",
            "Chung Hwa-kwang",
            "Sukmyung Noh",
            "Noh Suk-myong",
            "Yang Seop-chun",
            "Yang Sop Chun",
            "Kim",
            "김",
            "남궁 민수",
            "남궁민수",
            "Namgung Min-su",
            "Ri Chol",
            "Ri Chol Ho",
            "김정수",
            "김종수",
            "김순희",
            "Kim Soon-hee",
            "Kim Sun Hui",
            "Kim Abcdefghijklmnopqrstu",
            "Kim Abcdefghijklmnopqrstv",
            "김 가나다라마바",
            "김 가나다라마사",
        ];
        for role in [Role::FullName, Role::FatherName] {
            let column = ColumnConfig {
                name: "name".into(),
                role,
                korean: true,
                term_frequency: true,
                note: Default::default(),
            };
            let mut values = vec![Prepared::default()];
            values.extend(names.iter().map(|n| prepare(&column, n, None)));
            let keys = name_keys(&column, &values).expect("a Korean name column");
            let mut fast = 0;
            for x in 0..values.len() {
                for y in 0..values.len() {
                    let expected = if x == 0 || y == 0 { NULL } else { level(&column, &values[x], &values[y]) };
                    if let Some(l) = keys[x].level(&keys[y]) {
                        fast += 1;
                        assert_eq!(l, expected, "{role:?}: {:?} / {:?}", values[x].value, values[y].value);
                    }
                }
            }
            // Most pairs are answered from the keys (the long names fall back).
            assert!(fast * 4 >= values.len() * values.len() * 3, "{fast} of {}", values.len() * values.len());
        }
    }

    #[test]
    fn other_columns_have_no_name_keys() {
        let column = ColumnConfig {
            name: "given".into(),
            role: Role::GivenName,
            korean: true,
            term_frequency: true,
            note: Default::default(),
        };
        assert!(name_keys(&column, &[Prepared::default()]).is_none());
        let western = ColumnConfig { role: Role::FullName, korean: false, ..column };
        assert!(name_keys(&western, &[Prepared::default()]).is_none());
    }
}
