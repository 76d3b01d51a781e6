//! Scoring a run's candidate pairs: the same rules as [`Linker::score`], [`Linker::gate_family`],
//! [`Linker::cannot_link_fact_with_levels`] and the "against" test of the clustering, computed in one
//! pass a pair from tables made once a run.
//!
//! One rule a function serves `explain` well, but scoring a million pairs through them repeated
//! work that does not depend on the pair: each field's weight found through the model's list of
//! levels, whether a field holds the name, whether the name is Korean, each birth year read
//! through the prepared value (a large structure) two or three times a pair, the decisive-
//! disagreement test run in full before knowing whether its answer could matter. Here the
//! weights and their "against" flags are tables by field and level, the birth years tables by
//! value number, each pair's years are read once, and the same additions are made in the same
//! order, so every probability is the one the functions give, to the bit (tested against them,
//! `score::tests`).

use crate::Linker;
use crate::compare::{NULL, level_count};
use crate::kinship::{CannotLink, Decisive};
use crate::model::{Model, probability};

/// Levels a table holds per field: every `u8`, so that [`NULL`] and a level past the model's own
/// read 0 as [`Model::weight`] gives them.
const LEVELS: usize = 256;

/// What the run's scoring reads for each pair, made once a run from the linker and the model.
pub(crate) struct PairScorer<'a> {
    linker: &'a Linker,
    model: &'a Model,
    /// `model.prior()`.
    prior: f64,
    /// Per field, per level: [`Model::weight`].
    weight: Vec<[f64; LEVELS]>,
    /// Per field, per level: the weight is below `against` (a field speaking against the pair).
    against: Vec<[bool; LEVELS]>,
    /// Per field, its term-frequency adjustments by value number (`None`: no term frequency).
    tf: Vec<Option<&'a [[f32; 2]]>>,
    /// Family fields with their last ("different") level.
    family: Vec<(usize, u8)>,
    /// Per value number of the birth-year field ([`crate::kinship::Kinship::year`]): its year.
    year_values: Vec<Option<i32>>,
    /// Per value number of the date-of-birth field: its year.
    dob_values: Vec<Option<i32>>,
    /// The given-name field is a Korean given-name column (the passport test of
    /// [`crate::kinship::Kinship::person_agrees`]).
    korean_given: bool,
    /// Either name part is a Korean column ([`Linker::combined_name_with`]).
    korean_name: bool,
}

/// One pair's outcome: its probability, whether a field speaks against it, and whether its
/// levels as compared are a decisive disagreement (tested only where the probability is at least
/// 0.05, as the run tests it).
pub(crate) struct Scored {
    pub(crate) probability: f32,
    pub(crate) against: bool,
    pub(crate) decisive: bool,
}

impl<'a> PairScorer<'a> {
    /// Tables for `model` on `linker`'s records; `against_weight` is the weight below which a
    /// level speaks against a pair.
    pub(crate) fn new(linker: &'a Linker, model: &'a Model, against_weight: f64) -> Self {
        let fields = linker.compared.len();
        let weight: Vec<[f64; LEVELS]> = (0..fields)
            .map(|f| {
                let mut row = [0.0; LEVELS];
                for (l, w) in row.iter_mut().enumerate() {
                    *w = model.weight(f, l as u8);
                }
                row
            })
            .collect();
        let against = weight.iter().map(|row| row.map(|w| w < against_weight)).collect();
        let family = linker
            .kin
            .family
            .iter()
            .map(|&f| (f, (level_count(&linker.config.columns[linker.compared[f]]) - 1) as u8))
            .collect();
        let years_of = |field: Option<usize>| -> Vec<Option<i32>> {
            field
                .map(|f| linker.slots[linker.compared[f]])
                .filter(|&slot| slot != usize::MAX)
                .map(|slot| linker.values[slot].iter().map(|p| p.year).collect())
                .unwrap_or_default()
        };
        let column = |f: usize| &linker.config.columns[linker.compared[f]];
        PairScorer {
            linker,
            model,
            prior: model.prior(),
            weight,
            against,
            tf: linker.tf_by_value.iter().map(|t| (!t.is_empty()).then_some(t.as_slice())).collect(),
            family,
            year_values: years_of(linker.kin.year),
            dob_values: years_of(linker.kin.dob),
            korean_given: linker
                .kin
                .given
                .is_some_and(|f| column(f).korean && column(f).role == crate::Role::GivenName),
            korean_name: linker.name_fields.is_some_and(|(g, s)| column(g).korean || column(s).korean),
        }
    }

    /// The year of record `r` in field `f` (a birth year or date-of-birth field), through its
    /// value number.
    fn year(&self, table: &[Option<i32>], f: Option<usize>, r: usize) -> Option<i32> {
        let f = f?;
        let k = self.linker.compared.len();
        table.get(self.linker.pair_cells[r * k + f] as usize).copied().flatten()
    }

    /// Scores pair `(a, b)` with its levels as compared (`raw`, site-mapped, not family-gated)
    /// into `buf` (a buffer of the pair's width): [`Linker::gate_family`], then
    /// [`Linker::score_from`] and [`probability`], the window cap where
    /// [`Linker::window_evidence_holds`] fails, the "against" test, and
    /// [`Linker::cannot_link_fact_with_levels`] on the raw levels where the probability is at least
    /// 0.05.
    pub(crate) fn score(
        &self,
        a: usize,
        b: usize,
        raw: &[u8],
        buf: &mut [u8],
        window: impl FnOnce(&[u8]) -> bool,
        window_cap: f32,
    ) -> Scored {
        let l = self.linker;
        let kin = &l.kin;
        buf.copy_from_slice(raw);
        // Birth years, read once: the year field's (the gap the family gate and the decisive
        // test read) and the first of the year and date-of-birth fields' (the combined name's).
        let (ya, yb) = (self.year(&self.year_values, kin.year, a), self.year(&self.year_values, kin.year, b));
        let gap = match (ya, yb) {
            (Some(x), Some(y)) => Some(x.abs_diff(y)),
            _ => None,
        };
        // `Linker::gate_family` (`Kinship::person_agrees` on the levels before gating).
        if !self.family.is_empty() {
            let given = kin.given.is_some_and(|f| {
                buf[f] != NULL
                    && (buf[f] <= 1
                        || (buf[f] == 2 && self.korean_given && {
                            let c = l.compared[f];
                            crate::compare::same_but_u_for_o(&l.cell(a, c).key, &l.cell(b, c).key)
                        }))
            });
            let dob = kin.dob.is_some_and(|f| buf[f] != NULL && buf[f] <= 3);
            if !(given || dob || gap.is_some_and(|g| g <= 1)) {
                for &(f, last) in &self.family {
                    if buf[f] < last {
                        buf[f] = NULL;
                    }
                }
            }
        }
        // `Linker::score_from`: the prior, each field's weight and (outside the name) its term
        // frequency, then the name's term-frequency evidence (its fields' adjustments summed
        // apart, in field order, and added with the combined name's discount at the end). A
        // term frequency applies at levels 0 and 1 only: elsewhere `tf_adjustment` is 0, and
        // adding 0 changes no sum (a score is never -0).
        let row = &l.pair_cells[a * self.weight.len()..(a + 1) * self.weight.len()];
        let mut s = self.prior;
        let mut parts = -0.0f64;
        for (f, &lv) in buf.iter().enumerate() {
            s += self.weight[f][lv as usize];
            if lv <= 1
                && let Some(tf) = self.tf[f]
            {
                let t = f64::from(tf[row[f] as usize][lv as usize]);
                if l.person_name[f] {
                    parts += t;
                } else {
                    s += t;
                }
            }
        }
        let p = probability(s + (parts + self.combined_name_discount(a, b, buf, ya, yb))) as f32;
        let against = buf.iter().enumerate().any(|(f, &lv)| self.against[f][lv as usize]);
        // A probability at or below the cap is what the cap leaves it: the window test cannot
        // change it.
        let p = if p <= window_cap || window(buf) { p } else { p.min(window_cap) };
        let decisive = p >= 0.05 && l.decisive(a, b, raw, gap).is_some();
        Scored { probability: p, against, decisive }
    }

    /// [`Linker::combined_name_discount`] under the model's chance agreements, with the records'
    /// years already read (`ya`, `yb`: the year field's; the date of birth's is read only where
    /// the year field gives none).
    fn combined_name_discount(&self, a: usize, b: usize, levels: &[u8], ya: Option<i32>, yb: Option<i32>) -> f64 {
        let l = self.linker;
        let Some((g, s)) = l.name_fields else { return 0.0 };
        let (lg, ls) = (levels[g], levels[s]);
        let level = match (lg, ls) {
            (0, 0) => 0,
            (0 | 1, 0 | 1) if self.korean_name => 1,
            (0..=2, 0 | 1) if !self.korean_name => 0,
            _ => return 0.0,
        };
        let (Some(na), Some(nb)) = (l.name_others.get(a), l.name_others.get(b)) else { return 0.0 };
        let u_name = f64::from(na[level].max(nb[level]));
        if u_name <= 0.0 {
            return 0.0;
        }
        let year = |y: Option<i32>, r: usize| y.or_else(|| self.year(&self.dob_values, l.kin.dob, r));
        if matches!((year(ya, a), year(yb, b)), (Some(x), Some(y)) if x.abs_diff(y) <= 1) {
            return 0.0;
        }
        let u = |f: usize, lv: u8| self.model.fields[f].levels[lv as usize].u;
        let u_parts = u(g, lg) * u(s, ls);
        let parts = l.tf_adjustment(g, a, lg) + l.tf_adjustment(s, a, ls);
        let adjustment = (u_parts / u_name).log2();
        if adjustment < parts { adjustment - parts } else { 0.0 }
    }
}

/// A decisive disagreement as the facts an explanation gives ([`Linker::cannot_link_fact`]).
pub(crate) fn decisive_fact(linker: &Linker, levels: &[u8], d: Decisive) -> CannotLink {
    match d {
        Decisive::Sex => CannotLink::Sex,
        Decisive::YearsApart(years) => CannotLink::BirthYearsApart { years },
        Decisive::Siblings(years) => CannotLink::Siblings {
            family: linker.shared_family(levels).into_iter().map(str::to_string).collect(),
            years,
        },
    }
}

#[cfg(test)]
mod tests;
