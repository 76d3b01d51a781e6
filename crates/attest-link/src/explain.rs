//! Why two records score as they do: per field, the level, its weight and term-frequency
//! adjustment (on the combined name where it replaces the parts'), family gating, decisive
//! disagreements, and the columns not compared with why.

use crate::compare::NULL;
use crate::model::{Model, probability};
use crate::{
    BelowThresholdJoin, CannotLink, Explanation, FieldExplanation, LinkResult, Linker, RunDifference, Together,
};

/// The words after a workplace level a learned site mapping raised ([`crate::sites`]). Said as
/// what it is: learned from co-occurrence, which a transfer of many people between two mines
/// would also produce, so the reader can judge which it is. The workspace translates it.
pub const SITE_MAPPED: &str = " (one site under two names, learned from the data: many records of one person carry both; a transfer between two sites would look the same)";

/// The words after a family field's level when the field was not counted (family fields count
/// only when the given name or the birth year also agrees). The workspace translates it.
pub const FAMILY_NOT_COUNTED: &str = " (family field: not counted, neither given name nor birth year agrees)";

impl Linker {
    /// Record ids, in input order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The record with id `id`, matched in NFC (an id typed on a keyboard is composed; a list
    /// from macOS may write it decomposed).
    pub fn record_index(&self, id: &str) -> Option<usize> {
        let id = crate::csv_input::nfc(id);
        self.ids.iter().position(|x| crate::csv_input::nfc(x) == id)
    }

    /// Explains the score of two records under a fitted model. A workplace level raised by a
    /// learned site mapping ends with [`SITE_MAPPED`].
    pub fn explain(&self, model: &Model, a: &str, b: &str) -> Option<Explanation> {
        let ia = self.record_index(a)?;
        let ib = self.record_index(b)?;
        let mut levels = Vec::new();
        self.levels(ia, ib, &mut levels);
        // A model fitted on another run's linker has other value numbers: its site map says nothing here.
        let mapped_site = if model.sites.fits(self) { model.sites.apply_one(self, ia, ib, &mut levels) } else { None };
        let plain = levels.clone();
        self.gate_family(ia, ib, &mut levels);
        let mut fields = Vec::new();
        for (f, &l) in levels.iter().enumerate() {
            let c = self.compared[f];
            let tf = if l == NULL { 0.0 } else { self.tf_adjustment(f, ia, l) };
            // The column's value, or where it is empty the value the run compared (filled from
            // the full name, an age or a date), so the reader sees what the level is about.
            let shown = |r: usize| {
                let raw = self.rows.get(r).map(|row| row[c].as_str()).unwrap_or_default();
                if !raw.trim().is_empty() {
                    return (raw.to_string(), false);
                }
                let p = self.cell(r, c);
                match (p.value.is_empty(), p.year) {
                    (false, _) => (p.value.clone(), true),
                    (true, Some(y)) => (y.to_string(), true),
                    (true, None) => (String::new(), false),
                }
            };
            let ((a, a_filled), (b, b_filled)) = (shown(ia), shown(ib));
            fields.push(FieldExplanation {
                column: self.config.columns[c].name.clone(),
                a,
                b,
                filled: (a_filled, b_filled),
                level: if l != NULL {
                    model.fields[f].levels[l as usize].level.clone()
                } else if plain[f] != NULL {
                    format!("{}{FAMILY_NOT_COUNTED}", model.fields[f].levels[plain[f] as usize].level)
                } else {
                    "missing".into()
                },
                weight: model.weight(f, l),
                tf_adjustment: tf,
            });
        }
        if let Some(f) = mapped_site {
            fields[f].level = format!("{}{SITE_MAPPED}", fields[f].level);
        }
        // Term frequency on the combined name: replaces the parts' adjustments, on its own row.
        if let Some(combined) = self.combined_name(model, ia, ib, &levels)
            && let Some((g, s)) = self.name_fields
        {
            let mut parts = Vec::new();
            for f in [g, s] {
                fields[f].tf_adjustment = 0.0;
                fields[f].level.push_str(" (term frequency on the combined name)");
                parts.push(fields[f].column.clone());
            }
            let joined = |r: usize| {
                self.rows
                    .get(r)
                    .map(|row| format!("{} {}", row[self.compared[g]], row[self.compared[s]]))
                    .unwrap_or_default()
            };
            fields.push(FieldExplanation {
                column: format!("{} + {} (combined name)", parts[0], parts[1]),
                a: joined(ia),
                b: joined(ib),
                filled: (false, false),
                level: format!(
                    "{}: carried by other people (on {:.2} % of records); replaces the parts' term frequencies ({:+.1})",
                    if combined.exact {
                        "surname and given name agree (a given name also by nickname or one letter off)"
                    } else {
                        "surname and given name agree on the romanization key"
                    },
                    100.0 * combined.u_name,
                    combined.parts
                ),
                weight: 0.0,
                tf_adjustment: combined.adjustment,
            });
        }
        let total = self.score(model, ia, ib, &levels);
        let cannot_link_fact = self.cannot_link_fact(model, ia, ib);
        let cannot_link = cannot_link_fact.as_ref().map(CannotLink::english);
        let not_compared = self
            .config
            .columns
            .iter()
            .enumerate()
            .filter(|(c, _)| !self.compared.contains(c))
            .map(|(_, col)| {
                let why = if col.note.is_empty() { format!("role {:?}", col.role) } else { col.note.to_string() };
                (col.name.clone(), why)
            })
            .collect();
        Some(Explanation {
            records: (a.to_string(), b.to_string()),
            prior: model.prior(),
            fields,
            total,
            probability: if cannot_link.is_some() { 0.0 } else { probability(total) },
            cannot_link,
            cannot_link_fact,
            not_compared,
            run_probability: None,
            run_difference: None,
            cluster: None,
        })
    }

    /// Explains a pair as a run scored it: the fields' evidence as [`Linker::explain`] gives it,
    /// plus the probability the run used and why it differs, if it does (a pair held back among
    /// namesakes, a reviewer's decision, or a pair blocking never compared), so an explanation
    /// never shows a link the run did not make; and whether the run put the two in one cluster
    /// and how: through links, or through a merge on a pair below the threshold (which pair, the
    /// two clusters, every pair compared across them and their mean).
    pub fn explain_run(&self, result: &LinkResult, a: &str, b: &str) -> Option<Explanation> {
        let mut ex = self.explain(&result.model, a, b)?;
        let ia = self.record_index(a)? as u32;
        let ib = self.record_index(b)? as u32;
        let key = (ia.min(ib), ia.max(ib));
        let run = result.pairs.iter().find(|&&(x, y, _)| (x.min(y), x.max(y)) == key).map(|&(_, _, p)| f64::from(p));
        ex.run_probability = run;
        ex.run_difference = match run {
            None => Some(RunDifference::NotCompared),
            Some(p) if (p - ex.probability).abs() < 1e-4 => None,
            Some(p) if p < ex.probability && p as f32 == self.window_cap() => Some(RunDifference::HeldAmongNamesakes),
            Some(p) if p == 0.0 || p == 1.0 => Some(RunDifference::Reviewed),
            // Scores are stored as f32: a difference beyond that rounding is not expected.
            Some(_) => None,
        };
        ex.cluster = Some(self.together(result, ia, ib));
        Some(ex)
    }

    /// Whether the run put records `a` and `b` in one cluster, and how: a merge below the
    /// threshold joined them when they were on its two sides (each second-phase merge joins two
    /// clusters, so exactly one can have had them apart and then together); otherwise links did.
    fn together(&self, result: &LinkResult, a: u32, b: u32) -> Together {
        if result.labels.get(a as usize) != result.labels.get(b as usize) {
            return Together::Apart;
        }
        let apart = |m: &&crate::cluster::WeakerMerge| {
            (m.sides.0.contains(&a) && m.sides.1.contains(&b)) || (m.sides.0.contains(&b) && m.sides.1.contains(&a))
        };
        let Some(m) = result.weaker_merges.iter().find(apart) else { return Together::ByLinks };
        let id = |r: u32| self.ids[r as usize].clone();
        let ids = |side: &[u32]| side.iter().map(|&r| id(r)).collect::<Vec<_>>();
        // The run's own probability of each pair across, found in one pass over the run's pairs.
        let key = |x: u32, y: u32| (x.min(y), x.max(y));
        let mut wanted: Vec<((u32, u32), f64)> = m.cross.iter().map(|&(x, y, p)| (key(x, y), f64::from(p))).collect();
        wanted.sort_by_key(|w| w.0);
        for &(x, y, p) in &result.pairs {
            if let Ok(i) = wanted.binary_search_by_key(&key(x, y), |w| w.0) {
                wanted[i].1 = f64::from(p);
            }
        }
        let scored = |x: u32, y: u32, p: f32| {
            wanted.binary_search_by_key(&key(x, y), |w| w.0).map_or(f64::from(p), |i| wanted[i].1)
        };
        Together::BelowThreshold(BelowThresholdJoin {
            pair: (id(m.pair.0), id(m.pair.1), f64::from(m.pair.2)),
            clusters: (ids(&m.sides.0), ids(&m.sides.1)),
            cross_pairs: m.cross.iter().map(|&(x, y, p)| (id(x), id(y), f64::from(p))).collect(),
            cross_scored: m.cross.iter().map(|&(x, y, p)| scored(x, y, p)).collect(),
            mean: f64::from(m.mean),
            mean_at_least: result.summary.below_threshold.mean_at_least,
        })
    }
}
