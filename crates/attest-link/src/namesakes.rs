//! Term frequency on the combined name (issue 15, points 1 and 6): how often a full name
//! (surname and given name together) is carried by *other people*, so that two records agreeing
//! on a common full name are not scored as if the surname and the given name were independent
//! evidence.
//!
//! Per-part term frequencies weigh "john" and "ashford" apart; when fifty people are all called
//! "john ashford" each part is only somewhat common, but the pair of parts is shared by every
//! one of them, and two of them without a date of birth link. Counting the records that carry a
//! full name is not enough either: a person with twenty records makes their name look common
//! although nobody else carries it. So the share of the name's records that belong to other
//! people is estimated from their birth years: of the pairs of records carrying the name whose
//! birth years are both known, the share more than [`NEAR_YEARS`] apart (different people;
//! one person's records agree within a typo). A name carried by one person (that share small)
//! keeps its per-part adjustments unchanged.
//!
//! The result, per record, is `u`: the share of records of *other people* that carry its full
//! name (exact and, for Korean names, at the romanization key's level). For a pair agreeing on
//! both parts, [`crate::Linker::score`] puts `log2(u_surname * u_given / u)` in place of the
//! two per-part adjustments when it is the smaller (`u_surname`, `u_given`: the model's
//! probabilities of each part agreeing at its level by chance), so the name's whole evidence
//! becomes `log2(m_surname * m_given / u)`: the chance that a record of someone else carries the
//! name, as Splink's term frequency on a full-name column would give it. The combined adjustment
//! replaces the per-part ones, it is not added to them. It applies only when the two records'
//! birth years are not known to agree (within one year): the name's other carriers, born in
//! other years, say nothing about a pair born in the same year.
//!
//! Hand-written: no crate estimates name frequencies per person; it is a grouping by name and a
//! count of year pairs.

use std::collections::HashMap;

use crate::compare::Prepared;

/// Birth years at most this far apart may be one person's (typos, ages counted two ways).
pub const NEAR_YEARS: u32 = 2;

/// A name counts as carried by many people when at least this many of its records give a birth
/// year near another of its records' ([`far_share`]) and at least [`MIN_FAR_SHARE`] of their
/// pairs are far apart: about five people or more of equal record counts (with `k` people, a
/// share of `1 - 1/k`). Names of two to four people keep their per-part adjustments: measured on
/// tuning seeds, treating them too (a share of 0.5) cost the heavy notables profile 0.03 of
/// cluster F1 and the Korean registry 0.01-0.015 of pairwise F1 (true pairs of a person without
/// a birth year, whose name another person or two also carry, lost).
const MIN_RECORDS_WITH_YEAR: usize = 4;
/// See [`MIN_RECORDS_WITH_YEAR`].
const MIN_FAR_SHARE: f64 = 0.8;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

fn fast_map<K, V>() -> FastMap<K, V> {
    HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0))
}

/// Where the name parts and birth years of the records are.
pub(crate) struct NameColumns<'a> {
    pub(crate) surname: (&'a [Prepared], &'a [u32]),
    pub(crate) given: (&'a [Prepared], &'a [u32]),
    /// Columns giving a birth year (birth year, date of birth), first found wins.
    pub(crate) years: Vec<(&'a [Prepared], &'a [u32])>,
    /// Korean names: also at the level of the romanization key.
    pub(crate) korean: bool,
}

/// Per record, `u`: the share of records that belong to other people and carry its full name,
/// `[exact, romanization key]`; 0 where the name is not found to be many people's, or no more
/// than its parts' shares predict (then the per-part adjustments stand).
pub(crate) fn others_sharing(cols: &NameColumns) -> Vec<[f32; 2]> {
    let n = cols.surname.1.len();
    let year = |r: usize| cols.years.iter().find_map(|(v, c)| v[c[r] as usize].year);
    // Exact: the pair of value numbers. Key: the pair of key numbers (values interned by key).
    let key_ids = |values: &[Prepared]| -> Vec<u32> {
        let mut index: FastMap<&str, u32> = fast_map();
        values
            .iter()
            .map(|p| {
                let next = index.len() as u32;
                *index.entry(p.key.as_str()).or_insert(next)
            })
            .collect()
    };
    let name_of = |r: usize, level: usize, keys: &Option<(Vec<u32>, Vec<u32>)>| -> Option<u64> {
        let (s, g) = (cols.surname.1[r], cols.given.1[r]);
        if s == 0 || g == 0 {
            return None;
        }
        match (level, keys) {
            (0, _) => Some((u64::from(s) << 32) | u64::from(g)),
            (_, Some((ks, kg))) => Some((u64::from(ks[s as usize]) << 32) | u64::from(kg[g as usize])),
            _ => None,
        }
    };
    let keys = cols.korean.then(|| (key_ids(cols.surname.0), key_ids(cols.given.0)));
    // How often each part (exact, or its key) is on a record, for the product of the two.
    let part_freq = |level: usize, part: usize| -> Vec<f64> {
        let (cells, ids): (&[u32], Option<&Vec<u32>>) = match (part, &keys) {
            (0, k) => (cols.surname.1, k.as_ref().filter(|_| level == 1).map(|k| &k.0)),
            (_, k) => (cols.given.1, k.as_ref().filter(|_| level == 1).map(|k| &k.1)),
        };
        let id = |v: u32| ids.map_or(v, |ids| ids[v as usize]) as usize;
        let mut count = vec![0f64; cells.iter().map(|&v| id(v) + 1).max().unwrap_or(0)];
        for &v in cells {
            if v != 0 {
                count[id(v)] += 1.0 / n as f64;
            }
        }
        cells.iter().map(|&v| count[id(v)]).collect()
    };
    let mut out = vec![[0f32; 2]; n];
    for level in 0..if cols.korean { 2 } else { 1 } {
        let mut count: FastMap<u64, u32> = fast_map();
        let mut with_year: Vec<(u64, i32)> = Vec::new();
        for r in 0..n {
            if let Some(name) = name_of(r, level, &keys) {
                *count.entry(name).or_default() += 1;
                if let Some(y) = year(r) {
                    with_year.push((name, y));
                }
            }
        }
        with_year.sort_unstable();
        let mut others: FastMap<u64, f32> = fast_map();
        for group in with_year.chunk_by(|a, b| a.0 == b.0) {
            let share = far_share(group.iter().map(|&(_, y)| y)).unwrap_or(0.0);
            if share >= MIN_FAR_SHARE {
                let name = group[0].0;
                others.insert(name, (f64::from(count[&name]) / n as f64 * share) as f32);
            }
        }
        if others.is_empty() {
            continue;
        }
        // Only where other people carry the name more often than its parts' shares, taken as
        // independent, predict: elsewhere the per-part adjustments already say as much.
        let (fs, fg) = (part_freq(level, 0), part_freq(level, 1));
        for (r, slot) in out.iter_mut().enumerate() {
            if let Some(&u) = name_of(r, level, &keys).and_then(|name| others.get(&name))
                && f64::from(u) > fs[r] * fg[r]
            {
                slot[level] = u;
            }
        }
    }
    out
}

/// The share of pairs of `years` (sorted) more than [`NEAR_YEARS`] apart, among the years that
/// have another within [`NEAR_YEARS`]: a year found once, far from all others, is more likely a
/// typo in one person's records than a second person (whose records repeat their year).
/// `None` with fewer than [`MIN_RECORDS_WITH_YEAR`] such years.
fn far_share(years: impl Iterator<Item = i32>) -> Option<f64> {
    let all: Vec<i32> = years.collect();
    let near = |i: usize| {
        (i > 0 && all[i].abs_diff(all[i - 1]) <= NEAR_YEARS)
            || (i + 1 < all.len() && all[i + 1].abs_diff(all[i]) <= NEAR_YEARS)
    };
    let years: Vec<i32> = (0..all.len()).filter(|&i| near(i)).map(|i| all[i]).collect();
    let k = years.len();
    if k < MIN_RECORDS_WITH_YEAR {
        return None;
    }
    let total = k * (k - 1) / 2;
    // Pairs within NEAR_YEARS: for each year, the later years still near it (two pointers).
    let (mut close, mut j) = (0usize, 0usize);
    for i in 0..k {
        j = j.max(i + 1);
        while j < k && years[j].abs_diff(years[i]) <= NEAR_YEARS {
            j += 1;
        }
        close += j - i - 1;
    }
    Some((total - close) as f64 / total as f64)
}

#[cfg(test)]
mod tests {
    use super::far_share;

    #[test]
    fn far_share_counts_pairs_more_than_two_years_apart() {
        assert_eq!(far_share([1900, 1900, 1901, 1902].into_iter()), Some(0.0));
        // Two people: of 6 pairs, the 4 across them are far.
        let two = far_share([1850, 1851, 1900, 1901].into_iter()).unwrap();
        assert!((two - 4.0 / 6.0).abs() < 1e-12);
        // A year found once, far from the others, is a typo: not a second person.
        assert_eq!(far_share([1900, 1900, 1901, 1901, 1961].into_iter()), Some(0.0));
        assert_eq!(far_share([1800, 1850, 1899, 1900].into_iter()), None);
    }
}
