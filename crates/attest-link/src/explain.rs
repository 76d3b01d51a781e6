//! Why two records score as they do: per field, the level, its weight and term-frequency
//! adjustment (on the combined name where it replaces the parts'), family gating, decisive
//! disagreements, and the columns not compared with why.

use crate::compare::NULL;
use crate::model::{Model, probability};
use crate::{Explanation, FieldExplanation, LinkResult, Linker, RunDifference};

/// The words after a workplace level a learned site mapping raised ([`crate::sites`]). Said as
/// what it is: learned from co-occurrence, which a transfer of many people between two mines
/// would also produce, so the reader can judge which it is. The workspace translates it.
pub const SITE_MAPPED: &str = " (one site under two names, learned from the data: many records of one person carry both; a transfer between two sites would look the same)";

impl Linker {
    /// Record ids, in input order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Explains the score of two records under a fitted model. A workplace level raised by a
    /// learned site mapping ends with [`SITE_MAPPED`].
    pub fn explain(&self, model: &Model, a: &str, b: &str) -> Option<Explanation> {
        let ia = self.ids.iter().position(|x| x == a)?;
        let ib = self.ids.iter().position(|x| x == b)?;
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
            fields.push(FieldExplanation {
                column: self.config.columns[c].name.clone(),
                a: self.rows.get(ia).map(|r| r[c].clone()).unwrap_or_default(),
                b: self.rows.get(ib).map(|r| r[c].clone()).unwrap_or_default(),
                level: if l != NULL {
                    model.fields[f].levels[l as usize].level.clone()
                } else if plain[f] != NULL {
                    format!(
                        "{} (family field: not counted, neither given name nor birth year agrees)",
                        model.fields[f].levels[plain[f] as usize].level
                    )
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
        let cannot_link = self.cannot_link_reason(model, ia, ib);
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
            not_compared,
            run_probability: None,
            run_difference: None,
        })
    }

    /// Explains a pair as a run scored it: the fields' evidence as [`Linker::explain`] gives it,
    /// plus the probability the run used and why it differs, if it does (a pair held back among
    /// namesakes, a reviewer's decision, or a pair blocking never compared), so an explanation
    /// never shows a link the run did not make.
    pub fn explain_run(&self, result: &LinkResult, a: &str, b: &str) -> Option<Explanation> {
        let mut ex = self.explain(&result.model, a, b)?;
        let ia = self.ids.iter().position(|x| x == a)? as u32;
        let ib = self.ids.iter().position(|x| x == b)? as u32;
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
        Some(ex)
    }
}
