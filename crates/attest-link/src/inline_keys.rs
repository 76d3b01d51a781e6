//! Dates of birth, postcodes and identifiers compared from one small record per distinct value
//! instead of the prepared strings, as [`crate::name_keys`] does for Korean names: on a set of
//! 50,000 notables most of these comparators' time was fetching two [`Prepared`] values and their
//! key strings from memory (cache misses), not comparing eight characters.
//!
//! A date's comparison key is a run of ASCII digits (`YYYYMMDD` for a parsed date, the value's
//! digits otherwise); up to eight of them are copied inline with the year, month and day and
//! whether the value is written with separators. A code's key (postcode, identifier, street
//! number) is copied inline up to 16 ASCII characters, with a postcode's outward part. The
//! records' `level` then gives exactly the level of [`crate::compare::level`] for the column; a
//! value whose key does not fit answers `None` and the caller compares the prepared values.

use crate::compare::{Prepared, damerau};
use crate::roles::{ColumnConfig, Role};

/// Longest key (ASCII digits) kept inline.
const INLINE: usize = 8;

/// One distinct date value of a column, for comparing without its strings.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateKey {
    /// The key's digits, zero-padded.
    digits: [u8; INLINE],
    /// Length of the key, or `u8::MAX` when the pair must be compared from the prepared values
    /// (the key is longer than [`INLINE`] or not ASCII, or the value is empty).
    len: u8,
    /// Written with separators between its parts ([`crate::compare::written_with_separators`]).
    separated: bool,
    /// Month and day, when the value is a whole date.
    month_day: Option<(u8, u8)>,
    /// The year, when known.
    year: Option<i32>,
    /// How many of each digit the key holds, four bits per digit (a key of up to eight digits
    /// holds at most eight of one): the lower bound of [`crate::edit`] from two numbers.
    counts: u64,
}

/// The inline keys of one column's distinct values.
pub enum InlineKeys {
    /// A date-of-birth column.
    Dates(Vec<DateKey>),
    /// A postcode, identifier or street-number column.
    Codes(Vec<CodeKey>),
}

impl InlineKeys {
    /// The level of values number `x` and `y`, as [`crate::compare::level`] gives it, or `None`
    /// when either is not inline.
    #[inline]
    pub fn level(&self, x: u32, y: u32) -> Option<u8> {
        match self {
            InlineKeys::Dates(k) => k[x as usize].level(&k[y as usize]),
            InlineKeys::Codes(k) => k[x as usize].level(&k[y as usize]),
        }
    }

    /// A byte of value `x`'s record, read ahead of comparing it ([`crate::Linker`]'s `touch`).
    pub(crate) fn touch(&self, x: u32) -> u8 {
        match self {
            InlineKeys::Dates(k) => k[x as usize].digits[0],
            InlineKeys::Codes(k) => k[x as usize].key[0],
        }
    }
}

/// Whether two ASCII keys are at most one edit apart, adjacent swaps included (the
/// `damerau(.., 1) <= 1` of [`crate::compare::level`], without its table): one substitution or
/// one swap between equal lengths, one insertion between lengths one apart.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let first = short.iter().zip(long).position(|(x, y)| x != y).unwrap_or(short.len());
    match long.len() - short.len() {
        0 if first == short.len() => true,
        0 => {
            let rest = first + 1;
            short[rest..] == long[rest..]
                || (rest < short.len()
                    && short[first] == long[rest]
                    && short[rest] == long[first]
                    && short[rest + 1..] == long[rest + 1..])
        }
        1 => short[first..] == long[first + 1..],
        _ => false,
    }
}

/// The inline keys of a column's distinct values (`None` for columns of other roles).
pub fn inline_keys(column: &ColumnConfig, values: &[Prepared]) -> Option<InlineKeys> {
    match column.role {
        Role::Dob => Some(InlineKeys::Dates(values.iter().map(DateKey::of).collect())),
        Role::Identifier | Role::Postcode | Role::StreetNumber => {
            let postcode = column.role == Role::Postcode;
            Some(InlineKeys::Codes(values.iter().map(|p| CodeKey::of(p, postcode)).collect()))
        }
        _ => None,
    }
}

/// Longest code key (ASCII) kept inline.
const CODE_INLINE: usize = 16;

/// Longest outward part of a postcode (bytes) kept inline.
const OUTWARD_INLINE: usize = 8;

/// One distinct postcode, identifier or street number of a column.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodeKey {
    /// The key's characters, zero-padded.
    key: [u8; CODE_INLINE],
    /// The outward part of a postcode (before its first space), zero-padded.
    outward: [u8; OUTWARD_INLINE],
    /// Length of the key, or `u8::MAX` when the pair must be compared from the prepared values
    /// (the key or the outward part does not fit, the key is not ASCII, or the value is empty).
    len: u8,
    /// Length of `outward`; 0 when the value has no space (no district to share).
    outward_len: u8,
    /// The column holds postcodes (two of one district are similar).
    postcode: bool,
}

impl CodeKey {
    fn of(p: &Prepared, postcode: bool) -> CodeKey {
        let key = p.key.as_bytes();
        let outward = p.value.split_once(' ').map_or(&[][..], |(x, _)| x.as_bytes());
        let inline =
            !p.value.is_empty() && key.len() <= CODE_INLINE && key.is_ascii() && outward.len() <= OUTWARD_INLINE;
        let mut out = CodeKey { postcode, len: u8::MAX, ..CodeKey::default() };
        if inline {
            out.key[..key.len()].copy_from_slice(key);
            out.outward[..outward.len()].copy_from_slice(outward);
            out.len = key.len() as u8;
            out.outward_len = outward.len() as u8;
        }
        out
    }

    /// The level [`crate::compare::level`] gives the two values, or `None` when either is not
    /// inline: 0 for the same key, 1 one edit apart or (postcodes) the same outward part, else 2.
    pub fn level(&self, other: &CodeKey) -> Option<u8> {
        if self.len == u8::MAX || other.len == u8::MAX {
            return None;
        }
        if self.len == other.len && self.key == other.key {
            return Some(0);
        }
        let near = within_one_edit(&self.key[..self.len as usize], &other.key[..other.len as usize]);
        let district = self.postcode
            && self.outward_len > 0
            && self.outward_len == other.outward_len
            && self.outward == other.outward;
        Some(if near || district { 1 } else { 2 })
    }
}

impl DateKey {
    fn of(p: &Prepared) -> DateKey {
        let key = p.key.as_bytes();
        let inline = !p.value.is_empty() && key.len() <= INLINE && key.is_ascii();
        let mut digits = [0u8; INLINE];
        if inline {
            digits[..key.len()].copy_from_slice(key);
        }
        let counts = digits[..if inline { key.len() } else { 0 }]
            .iter()
            .filter(|d| d.is_ascii_digit())
            .fold(0u64, |acc, d| acc + (1 << (4 * u32::from(d - b'0'))));
        DateKey {
            digits,
            counts,
            len: if inline { key.len() as u8 } else { u8::MAX },
            separated: crate::compare::written_with_separators(&p.value),
            month_day: p.month_day,
            year: p.year,
        }
    }

    fn chars(&self) -> ([char; INLINE], usize) {
        let mut out = ['\0'; INLINE];
        for (o, &d) in out.iter_mut().zip(&self.digits) {
            *o = char::from(d);
        }
        (out, self.len as usize)
    }

    /// The edit distance of the two keys, capped as [`damerau`] caps it.
    fn edits(&self, other: &DateKey, cap: usize) -> usize {
        // Half the digits one key holds and the other lacks, rounded up, is a lower bound of the
        // distance (see `edit::letters_apart`): dates with other digits stop here.
        let apart: u32 = (0..10)
            .map(|d| (((self.counts >> (4 * d)) & 15) as i32 - ((other.counts >> (4 * d)) & 15) as i32).unsigned_abs())
            .sum();
        if apart.div_ceil(2) as usize > cap {
            return cap + 1;
        }
        let ((a, la), (b, lb)) = (self.chars(), other.chars());
        damerau(&a[..la], &b[..lb], cap)
    }

    /// The level [`crate::compare::level`] gives the two values (a date-of-birth column), or
    /// `None` when either key is not inline. The same steps in the same order, on inline copies.
    pub fn level(&self, other: &DateKey) -> Option<u8> {
        if self.len == u8::MAX || other.len == u8::MAX {
            return None;
        }
        if self.len == other.len && self.digits == other.digits {
            return Some(0);
        }
        if let (Some(x), Some(y)) = (self.month_day, other.month_day) {
            let d = self.edits(other, 2);
            if d <= 1 {
                return Some(1);
            }
            if (x.0 == y.1 && x.1 == y.0 && self.year == other.year) || d == 2 {
                return Some(2);
            }
        }
        if (self.month_day.is_none() || other.month_day.is_none())
            && self.len == 8
            && other.len == 8
            && self.separated
            && other.separated
            && self.edits(other, 1) <= 1
        {
            return Some(1);
        }
        Some(match (self.year, other.year) {
            (Some(x), Some(y)) if (x - y).abs() <= 1 => 3,
            _ => 4,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{level, prepare};

    #[test]
    fn inline_dates_give_the_comparators_level_for_every_pair() {
        let column = ColumnConfig {
            name: "dob".into(),
            role: Role::Dob,
            korean: false,
            term_frequency: false,
            note: Default::default(),
        };
        // Dates in every written form the comparator reads, impossible ones ("1867-10-57"), years
        // alone, digit runs of other lengths, a decade, text, and near neighbours of each other
        // (one digit off, two swapped, day and month swapped), so that every level is reached.
        let mut rng = crate::SplitMix(1867);
        let mut raws: Vec<String> = vec!["".into(), "1960s".into(), "unknown".into(), "c. 1850".into()];
        for _ in 0..400 {
            let (y, m, d) = (1840 + rng.below(30), 1 + rng.below(12), 1 + rng.below(31));
            let near = 1 + rng.below(60);
            raws.push(match rng.below(8) {
                0 => format!("{y}-{m:02}-{d:02}"),
                1 => format!("{d:02}/{m:02}/{y}"),
                2 => format!("{y}{m:02}{d:02}"),
                3 => format!("{y}-{m:02}-{near}"),
                4 => format!("{y}"),
                5 => format!("{y}-{d:02}-{m:02}"),
                6 => format!("{y}.{m:02}.{:02}", (d + 1).min(28)),
                _ => format!("{y}{m:02}{d:02}7"),
            });
        }
        let prepared: Vec<Prepared> = raws.iter().map(|r| prepare(&column, r, None)).collect();
        let Some(InlineKeys::Dates(keys)) = inline_keys(&column, &prepared) else {
            panic!("a date column has dates' keys")
        };
        let mut levels = [0usize; 5];
        let mut inline = 0;
        for (x, a) in prepared.iter().enumerate() {
            for (y, b) in prepared.iter().enumerate() {
                let slow = level(&column, a, b);
                if let Some(fast) = keys[x].level(&keys[y]) {
                    assert_eq!(fast, slow, "{:?} {:?}", raws[x], raws[y]);
                    levels[fast as usize] += 1;
                    inline += 1;
                }
            }
        }
        // Most pairs were compared inline (all but those with a nine-digit run), at every level.
        assert!(inline * 4 > prepared.len() * prepared.len() * 3, "{inline}");
        assert!(levels.iter().all(|&n| n > 0), "{levels:?}");
        assert!(inline_keys(&ColumnConfig { role: Role::BirthYear, ..column }, &prepared).is_none());
    }
    #[test]
    fn inline_codes_give_the_comparators_level_for_every_pair() {
        // Postcodes with and without a space (same district, one edit apart, a swap, longer than
        // fits, non-ASCII), identifiers and street numbers: every pair against compare::level.
        let mut rng = crate::SplitMix(8);
        let mut raws: Vec<String> = vec!["".into(), "tq13".into(), "verylongoutward 1ab".into(), "서울 12".into()];
        let letters = ['a', 'b', 't', 'q'];
        for _ in 0..300 {
            let l = |rng: &mut crate::SplitMix| letters[rng.below(letters.len())];
            let (a, b, n, m) = (l(&mut rng), l(&mut rng), rng.below(20), rng.below(10));
            raws.push(match rng.below(5) {
                0 => format!("{a}{b}{n} {m}{a}{b}"),
                1 => format!("{a}{b}{n}{m}{a}{b}"),
                2 => format!("{b}{a}{n} {m}{b}{a}"),
                3 => format!("{a}{n}-{m}"),
                _ => format!("{a}{b}{n}{m}{a}{b}{n}{m}{a}{b}{n}{m}{a}{b}{n}"),
            });
        }
        for role in [Role::Postcode, Role::Identifier, Role::StreetNumber] {
            let column = ColumnConfig {
                name: "code".into(),
                role,
                korean: false,
                term_frequency: false,
                note: Default::default(),
            };
            let prepared: Vec<Prepared> = raws.iter().map(|r| prepare(&column, r, None)).collect();
            let Some(InlineKeys::Codes(keys)) = inline_keys(&column, &prepared) else { panic!("codes' keys") };
            let mut levels = [0usize; 3];
            let mut inline = 0;
            for (x, a) in prepared.iter().enumerate() {
                for (y, b) in prepared.iter().enumerate() {
                    if let Some(fast) = keys[x].level(&keys[y]) {
                        assert_eq!(fast, level(&column, a, b), "{role:?} {:?} {:?}", raws[x], raws[y]);
                        levels[fast as usize] += 1;
                        inline += 1;
                    }
                }
            }
            assert!(inline * 2 > prepared.len() * prepared.len(), "{role:?} {inline}");
            assert!(levels.iter().all(|&n| n > 0), "{role:?} {levels:?}");
        }
    }
    #[test]
    fn one_edit_apart_agrees_with_the_capped_distance() {
        // Every pair of strings of up to four letters over three: substitutions, swaps,
        // insertions at every place, and everything further apart.
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        let mut start = 0;
        for _ in 0..4 {
            let end = words.len();
            for w in start..end {
                for c in [b'a', b'b', b'c'] {
                    let mut v = words[w].clone();
                    v.push(c);
                    words.push(v);
                }
            }
            start = end;
        }
        let chars = |w: &[u8]| w.iter().map(|&b| char::from(b)).collect::<Vec<_>>();
        for a in &words {
            for b in &words {
                let slow = damerau(&chars(a), &chars(b), 1) <= 1;
                assert_eq!(within_one_edit(a, b), slow, "{a:?} {b:?}");
            }
        }
    }
}
