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
//! One rule for a name's term-frequency evidence, everywhere it is weighed
//! ([`Linker::name_tf_adjustment`]): scoring adds it; the training's common-name filter
//! ([`Linker::common_name_pair`]) takes its combined-name discount, which before only scoring
//! saw (two records of a full name many people carry were trained on as if each part's rarity
//! spoke for them); the evidence a pair found only in large blocks must
//! show ([`Linker::window_evidence_holds`]) leaves the name out altogether ([`is_person_name`]),
//! the name being what such a block already shares.
//!
//! Hand-written: no crate estimates name frequencies per person; it is a grouping by name and a
//! count of year pairs.

use std::collections::HashMap;

use crate::compare::Prepared;
use crate::{Linker, Role};

/// The combined name's term-frequency adjustment of a pair ([`Linker::combined_name`]).
pub(crate) struct CombinedName {
    /// The adjustment that replaces the parts' (log2).
    pub(crate) adjustment: f64,
    /// The parts' adjustments it replaces (their sum).
    pub(crate) parts: f64,
    /// The share of records of other people that carry the name.
    pub(crate) u_name: f64,
    /// At the exact level (else the romanization key's).
    pub(crate) exact: bool,
}

/// The probability, under the model being fitted or used, that a field (its index among the
/// compared fields) agrees at a level by chance (`u`).
pub(crate) type ChanceAgreement<'a> = dyn Fn(usize, u8) -> f64 + 'a;

/// Whether a column of `role` holds the person's own name (a given name, a surname, a whole
/// name): the fields whose evidence is the name's.
pub(crate) fn is_person_name(role: Role) -> bool {
    matches!(role, Role::GivenName | Role::Surname | Role::FullName)
}

impl Linker {
    /// Whether compared field `f` holds the person's own name ([`is_person_name`]).
    pub(crate) fn is_name_field(&self, f: usize) -> bool {
        self.person_name[f]
    }

    /// The name's term-frequency evidence in a pair (log2), the one rule for it: the
    /// adjustments of the name fields (given name, surname, whole name) at their levels, with the
    /// combined name's ([`Linker::combined_name`]) in place of the given name's and the
    /// surname's where other people carry the full name. `u`: each field's chance agreement.
    pub(crate) fn name_tf_adjustment(&self, u: &ChanceAgreement, a: usize, b: usize, levels: &[u8]) -> f64 {
        let parts: f64 = levels
            .iter()
            .enumerate()
            .filter(|&(f, &l)| l != crate::compare::NULL && self.is_name_field(f))
            .map(|(f, &l)| self.tf_adjustment(f, a, l))
            .sum();
        parts + self.combined_name_discount(u, a, b, levels)
    }

    /// What the combined name changes in the name's evidence: its adjustment less the parts'
    /// it replaces (0 where it does not apply; negative where it does).
    pub(crate) fn combined_name_discount(&self, u: &ChanceAgreement, a: usize, b: usize, levels: &[u8]) -> f64 {
        self.combined_name_with(u, a, b, levels).map_or(0.0, |c| c.adjustment - c.parts)
    }

    /// For training: whether a pair agreeing on the given name (exactly or nearly) carries a
    /// common name, so that a rule selecting on names leaves it out of its training (such rules
    /// fill with namesakes wherever a name is common): the given name's term-frequency
    /// adjustment, with the combined name's discount as scoring applies it
    /// ([`Linker::combined_name_discount`], part of [`Linker::name_tf_adjustment`]), is below
    /// that of an average agreeing name. A full name many people carry is common even
    /// where each part is rare. (The whole name's evidence in place of the given name's, a rare
    /// surname then clearing a common given name, let the notables' namesakes profile train on
    /// more namesakes: the weak-pair tolerance then merged two of them, on tuning seed 79.)
    pub(crate) fn common_name_pair(&self, u: &ChanceAgreement, a: usize, b: usize, levels: &[u8]) -> bool {
        self.kin.given.is_some_and(|g| {
            matches!(levels[g], 0 | 1)
                && self.tf_adjustment(g, a, levels[g]) + self.combined_name_discount(u, a, b, levels) < 0.0
        })
    }

    /// Term frequency on the combined name under the model's chance agreements
    /// ([`Linker::combined_name_with`]).
    pub(crate) fn combined_name(
        &self,
        model: &crate::model::Model,
        a: usize,
        b: usize,
        levels: &[u8],
    ) -> Option<CombinedName> {
        self.combined_name_with(&|f, l| model.fields[f].levels[l as usize].u, a, b, levels)
    }

    /// Term frequency on the combined name, when both name parts agree (a given name also by
    /// nickname or one typo off, outside Korean), the birth years are not known to agree, and
    /// other people carry either record's full name ([`others_sharing`]): `log2(u_surname *
    /// u_given / u_name)`, with the probabilities `u` of the parts agreeing by chance at their
    /// levels, replaces the parts' two adjustments (`parts`) when it is the smaller.
    pub(crate) fn combined_name_with(
        &self,
        u: &ChanceAgreement,
        a: usize,
        b: usize,
        levels: &[u8],
    ) -> Option<CombinedName> {
        let (g, s) = self.name_fields?;
        let (lg, ls) = (levels[g], levels[s]);
        let korean = self.config.columns[self.compared[g]].korean || self.config.columns[self.compared[s]].korean;
        let level = match (lg, ls) {
            (0, 0) => 0,
            (0 | 1, 0 | 1) if korean => 1,
            (0..=2, 0 | 1) if !korean => 0,
            _ => return None,
        };
        let u_name = f64::from(self.name_others.get(a)?[level].max(self.name_others.get(b)?[level]));
        if u_name <= 0.0 {
            return None;
        }
        // Born within a year of each other: the name's other carriers, born in other years, do
        // not weaken the pair. (The years themselves: a date "two digits off" may be nine years
        // apart.)
        let year = |r: usize| {
            [self.kin.year, self.kin.dob].into_iter().flatten().find_map(|f| self.cell(r, self.compared[f]).year)
        };
        if matches!((year(a), year(b)), (Some(x), Some(y)) if x.abs_diff(y) <= 1) {
            return None;
        }
        let u_parts = u(g, lg) * u(s, ls);
        let parts = self.tf_adjustment(g, a, lg) + self.tf_adjustment(s, a, ls);
        let adjustment = (u_parts / u_name).log2();
        (adjustment < parts).then_some(CombinedName { adjustment, parts, u_name, exact: level == 0 })
    }
}

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
    use crate::{ColumnConfig, Input, LinkConfig, Linker, NoProgress, Options, Role};

    /// Invented people: `john` is the commonest given name (40 of 252 records) under many
    /// surnames, two records of one John Whitacre (a surname no one else has), and six people
    /// named Anna Kerr, born ten years apart, two records each (a full name of many people whose
    /// parts appear nowhere else).
    fn linker() -> Linker {
        let column = |name: &str, role| ColumnConfig {
            name: name.into(),
            role,
            korean: false,
            term_frequency: role != Role::Id,
            note: Default::default(),
        };
        let mut rows: Vec<[String; 4]> = Vec::new();
        let mut push = |given: &str, surname: &str, year: u32| {
            rows.push([rows.len().to_string(), given.into(), surname.into(), year.to_string()]);
        };
        let surnames = ["ashby", "brook", "carver", "dunn", "ellery", "fenwick", "garth", "hale", "irving", "joss"];
        for i in 0..38 {
            push("john", surnames[i % 10], 1900 + i as u32);
        }
        for g in 0..20 {
            for i in 0..10 {
                push(&format!("given{g}"), surnames[(g + i) % 10], 1850 + i as u32);
            }
        }
        push("john", "whitacre", 1901);
        push("john", "whitacre", 1901);
        for person in 0..6 {
            push("anna", "kerr", 1860 + 10 * person);
            push("anna", "kerr", 1860 + 10 * person);
        }
        let headers = ["id", "given", "surname", "birth_year"];
        let roles = [Role::Id, Role::GivenName, Role::Surname, Role::BirthYear];
        let input = Input {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows.iter().map(|r| r.to_vec()).collect(),
            file: vec![0; rows.len()],
            id_column: 0,
        };
        let config = LinkConfig {
            columns: headers.iter().zip(roles).map(|(h, r)| column(h, r)).collect(),
            blocking: vec![vec!["surname".into()]],
            training_blocking: Vec::new(),
            threshold: 0.9,
            links_only: false,
            max_block: 2_000,
        };
        Linker::new(&input, &config, Options::default(), &NoProgress).unwrap()
    }

    #[test]
    fn the_name_evidence_of_a_pair_is_the_whole_name_s_in_scoring_and_in_training() {
        let l = linker();
        let u = |_: usize, _: u8| 0.01;
        let find = |g: &str, s: &str| -> Vec<usize> {
            (0..l.records).filter(|&r| l.cell(r, 1).value == g && l.cell(r, 2).value == s).collect()
        };
        let pair_levels = |a: usize, b: usize| {
            let mut out = Vec::new();
            l.levels(a, b, &mut out);
            out
        };
        let (g, s) = l.name_fields.unwrap();
        // Two records of John Whitacre: "john" is common (its own adjustment is negative), the
        // surname no one else carries outweighs it in the name's evidence; for training the
        // given name's commonness stands.
        let whitacre = find("john", "whitacre");
        let levels = pair_levels(whitacre[0], whitacre[1]);
        assert!(l.tf_adjustment(g, whitacre[0], levels[g]) < 0.0);
        assert!(l.name_tf_adjustment(&u, whitacre[0], whitacre[1], &levels) > 0.0);
        assert!(l.common_name_pair(&u, whitacre[0], whitacre[1], &levels));
        // Two Anna Kerrs born ten years apart: each part is rare (positive adjustments), but
        // six people carry the full name, so the name's evidence is the combined name's,
        // negative, and the pair is one of common namesakes (the given name alone said not:
        // before, training kept such pairs as scoring discounted them).
        let kerr = find("anna", "kerr");
        let (a, b) = (kerr[0], kerr[2]);
        assert!(l.cell(a, 3).year != l.cell(b, 3).year, "born ten years apart");
        let levels = pair_levels(a, b);
        assert!(l.tf_adjustment(g, a, levels[g]) > 0.0 && l.tf_adjustment(s, a, levels[s]) > 0.0);
        let combined = l.combined_name_with(&u, a, b, &levels).expect("the combined name applies");
        assert!(
            (l.name_tf_adjustment(&u, a, b, &levels) - combined.adjustment).abs() < 1e-9,
            "the combined adjustment replaces the parts'"
        );
        assert!(combined.adjustment < 0.0 && l.common_name_pair(&u, a, b, &levels));
        // Scoring weighs the same evidence: the score is the weights plus this adjustment.
        let model = crate::model::assemble(
            &[vec![0.8, 0.05, 0.05, 0.05, 0.05], vec![0.8, 0.05, 0.05, 0.05, 0.05], vec![0.8, 0.1, 0.05, 0.05]],
            &[vec![0.01, 0.01, 0.02, 0.03, 0.93], vec![0.01, 0.01, 0.02, 0.03, 0.93], vec![0.02, 0.04, 0.04, 0.9]],
            0.01,
            &[("given".into(), Vec::new()), ("surname".into(), Vec::new()), ("birth_year".into(), Vec::new())],
            0,
        );
        let weights: f64 = levels.iter().enumerate().map(|(f, &lv)| model.weight(f, lv)).sum();
        let year = l.kin.year.expect("a birth-year field");
        assert_eq!((g, s, year), (0, 1, 2));
        let year_tf = l.tf_adjustment(year, a, levels[year]);
        let expected = model.prior() + weights + year_tf + l.name_tf_adjustment(&u, a, b, &levels);
        assert!((l.score(&model, a, b, &levels) - expected).abs() < 1e-9);
    }

    #[test]
    fn a_windowed_pair_of_common_namesakes_with_nothing_else_agreeing_fails_the_evidence_check() {
        let l = linker();
        // John Whitacre's two records agree on the name and the birth year, under a model that
        // makes those worth 30 bits: the score links them.
        let pair: Vec<usize> = (0..l.records).filter(|&r| l.cell(r, 2).value == "whitacre").collect();
        let (a, b) = (pair[0], pair[1]);
        let mut levels = Vec::new();
        l.levels(a, b, &mut levels);
        let model = crate::model::assemble(
            &[
                vec![0.99, 0.0025, 0.0025, 0.0025, 0.0025],
                vec![0.99, 0.0025, 0.0025, 0.0025, 0.0025],
                vec![0.9, 0.05, 0.03, 0.02],
            ],
            &[vec![1e-4, 1e-4, 1e-4, 1e-4, 0.9996], vec![1e-4, 1e-4, 1e-4, 1e-4, 0.9996], vec![0.02, 0.04, 0.04, 0.9]],
            0.01,
            &[("given".into(), Vec::new()), ("surname".into(), Vec::new()), ("birth_year".into(), Vec::new())],
            0,
        );
        assert!(l.score(&model, a, b, &levels) > 20.0);
        // Found only in the window of a 61-record block (rule 0): 6 bits are needed beyond the
        // name and the year, the block's own, and nothing else agrees (there is nothing else).
        let windowed = crate::blocking::WINDOWED_ONLY | (6 << 24) | 1;
        assert_eq!(crate::blocking::window_evidence_needed(windowed), Some(6));
        let rule_fields = l.rule_fields();
        assert!(!l.window_evidence_holds(&model, a, &levels, windowed, &rule_fields));
        // Found by a rule in a small block, the same pair passes.
        assert!(l.window_evidence_holds(&model, a, &levels, 1, &rule_fields));
    }

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
