//! What tells a person from their relatives: the fields that must agree before family fields
//! count, and decisive disagreements (different sex, birth years far apart, siblings) that
//! forbid a link whatever the model says.

use crate::Linker;
use crate::compare::{NULL, level, level_count, same_but_u_for_o};
use crate::roles::Role;

/// Birth years at least this far apart (both given) mean two people, whatever else agrees.
pub const DECISIVE_YEAR_GAP: u32 = 5;

/// Positions, among the compared fields, of what tells a person from their relatives.
#[derive(Debug, Clone, Default)]
pub(crate) struct Kinship {
    pub(crate) given: Option<usize>,
    pub(crate) surname: Option<usize>,
    pub(crate) year: Option<usize>,
    /// A full date of birth: typos in its digits make its year unreliable for decisive
    /// disagreement, so it only ever confirms (level "birth year within 1" or closer).
    pub(crate) dob: Option<usize>,
    pub(crate) sex: Option<usize>,
    pub(crate) family: Vec<usize>,
}

impl Kinship {
    /// The given name agrees (up to spelling or one edit) or the birth year is within one.
    pub(crate) fn person_agrees(&self, linker: &Linker, a: usize, b: usize, levels: &[u8]) -> bool {
        // Exact or the same name in another spelling: siblings often share one syllable of
        // their given names, so "one letter off" is not enough here.
        // Or the same Korean given name in a passport's spelling (u for ㅓ): another habit of
        // romanization, not a sibling's shared syllable.
        let given = self.given.is_some_and(|f| {
            let c = linker.compared[f];
            levels[f] != NULL
                && (levels[f] <= 1
                    || (levels[f] == 2
                        && linker.config.columns[c].korean
                        && linker.config.columns[c].role == Role::GivenName
                        && same_but_u_for_o(&linker.cell(a, c).key, &linker.cell(b, c).key)))
        });
        let dob = self.dob.is_some_and(|f| levels[f] != NULL && levels[f] <= 3);
        given || dob || self.year_gap(linker, a, b).is_some_and(|g| g <= 1)
    }

    /// Years between the two records' birth years, when both are known.
    pub(crate) fn year_gap(&self, linker: &Linker, a: usize, b: usize) -> Option<u32> {
        let c = linker.compared[self.year?];
        let (x, y) = (linker.cell(a, c).year?, linker.cell(b, c).year?);
        Some(x.abs_diff(y))
    }
}

impl Linker {
    /// Why two records cannot be one person whatever their other fields say: different sex,
    /// birth years far apart, or the same family with different given names and birth years
    /// apart (siblings). Computed from the values, not the model.
    pub fn cannot_link_reason(&self, a: usize, b: usize) -> Option<String> {
        let k = &self.kin;
        if let Some(f) = k.sex {
            let c = self.compared[f];
            let (x, y) = (self.cell(a, c), self.cell(b, c));
            if !x.key.is_empty() && !y.key.is_empty() && level(&self.config.columns[c], x, y) == 1 {
                return Some("different sex".into());
            }
        }
        let gap = k.year_gap(self, a, b);
        if let Some(g) = gap
            && g >= DECISIVE_YEAR_GAP
        {
            return Some(format!("birth years {g} apart"));
        }
        if let (Some(g), Some(gf)) = (gap, k.given)
            && g >= 1
        {
            let gc = self.compared[gf];
            let given_level = level(&self.config.columns[gc], self.cell(a, gc), self.cell(b, gc));
            let different = (level_count(&self.config.columns[gc]) - 1) as u8;
            // Siblings born a year or two apart: given names that disagree entirely (not a
            // shared syllable, not a misspelling) with the family's fields are two people even
            // when the years are close; names only alike need the years further apart.
            let sibling_gap = if given_level == different { 1 } else { 3 };
            if g < sibling_gap {
                return None;
            }
            // One surname: from its column, else from the parsed full name.
            let same_surname = match k.surname {
                Some(sf) => {
                    let sc = self.compared[sf];
                    level(&self.config.columns[sc], self.cell(a, sc), self.cell(b, sc)) <= 1
                }
                None => match (&self.cell(a, gc).name, &self.cell(b, gc).name) {
                    (Some(x), Some(y)) => !x.surname.is_empty() && x.surname == y.surname,
                    _ => false,
                },
            };
            let shared: Vec<&str> = k
                .family
                .iter()
                .filter(|&&f| {
                    let c = self.compared[f];
                    let l = level(&self.config.columns[c], self.cell(a, c), self.cell(b, c));
                    l == 0 || (l == 1 && self.config.columns[c].role == Role::FatherName)
                })
                .map(|&f| self.config.columns[self.compared[f]].name.as_str())
                .collect();
            // Not the same given name (siblings often share one syllable of it).
            if same_surname && given_level >= 2 && given_level != NULL && !shared.is_empty() {
                return Some(format!(
                    "same family ({}), different given names, birth years {g} apart",
                    shared.join(", ")
                ));
            }
        }
        None
    }
}
