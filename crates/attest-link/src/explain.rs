//! Why two records score as they do: per field, the level, its weight and term-frequency
//! adjustment, family gating, decisive disagreements, and the columns not compared with why.

use crate::compare::NULL;
use crate::model::{Model, probability};
use crate::{Explanation, FieldExplanation, Linker};

impl Linker {
    /// Record ids, in input order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Explains the score of two records under a fitted model.
    pub fn explain(&self, model: &Model, a: &str, b: &str) -> Option<Explanation> {
        let ia = self.ids.iter().position(|x| x == a)?;
        let ib = self.ids.iter().position(|x| x == b)?;
        let mut levels = Vec::new();
        self.levels(ia, ib, &mut levels);
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
        let total = self.score(model, ia, &levels);
        let cannot_link = self.cannot_link_reason(ia, ib);
        let not_compared = self
            .config
            .columns
            .iter()
            .enumerate()
            .filter(|(c, _)| !self.compared.contains(c))
            .map(|(_, col)| {
                let why = if col.note.is_empty() { format!("role {:?}", col.role) } else { col.note.clone() };
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
        })
    }
}
