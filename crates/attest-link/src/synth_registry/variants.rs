//! Variations of [`super::generate`] that each stress one risk of the engine (tenth session,
//! issue 15); the default variant changes nothing, so every seed's default output stays as it
//! was. Everything a variant draws comes from its own generator (seeded from the seed), so a
//! variant's people are the default's people.
//!
//! - `cross_script`: every template's list is drawn (more people with records in Hangul in one
//!   list and in Latin letters in another); Hangul lists derive half their birth years from a
//!   Korean age taken for an international one (a year early); McCune-Reischauer and DPRK lists
//!   write given names with the sound changes that system spells (덕룡 as Tŏng-nyong, 석남 as
//!   Sŏng-nam), so one name's Hangul and Latin keys can disagree entirely.
//! - `transfer`: half the workers of one mine were moved to another between the earlier and the
//!   later half of the lists: their records in later lists name the second mine, and both mines
//!   appear in every list.

use attest_korean::hangul::{compose, decompose};

use super::{MINES, Person, Rng};
use crate::SplitMix;

/// Which variations to apply (all off: the default generator).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Variant {
    /// One person in Hangul and in Latin letters, with Korean ages and spelled sound changes.
    pub cross_script: bool,
    /// A group of workers moved from one mine to another between two lists.
    pub transfer: bool,
}

impl Variant {
    /// Parses `cross-script`, `transfer` or both joined by `+` (`default` or empty: none).
    pub fn parse(s: &str) -> Result<Variant, String> {
        let mut v = Variant::default();
        for part in s.split('+').filter(|p| !p.is_empty() && *p != "default") {
            match part {
                "cross-script" => v.cross_script = true,
                "transfer" => v.transfer = true,
                other => return Err(format!("variant: '{other}' is not cross-script or transfer")),
            }
        }
        Ok(v)
    }
}

/// A variant's draws and decisions while writing records.
pub(super) struct Plan {
    pub(super) variant: Variant,
    rng: Rng,
    /// The mine moved from and the mine moved to, and per person whether they moved.
    transfer: Option<(usize, usize, Vec<bool>)>,
}

impl Plan {
    pub(super) fn new(variant: Variant, seed: u64, persons: &[Person]) -> Plan {
        let mut rng = Rng(SplitMix(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x7A41_1A47));
        let transfer = variant.transfer.then(|| {
            let from = rng.below(MINES.len());
            let to = (from + 1 + rng.below(MINES.len() - 1)) % MINES.len();
            let moved = persons.iter().map(|p| p.work == from && rng.chance(0.5)).collect();
            (from, to, moved)
        });
        Plan { variant, rng, transfer }
    }

    /// The workplace (index as in [`Person::work`]) of person `p` in a list, later or earlier.
    pub(super) fn work(&self, p: usize, person: &Person, later_list: bool) -> usize {
        match &self.transfer {
            Some((_, to, moved)) if later_list && moved[p] => *to,
            _ => person.work,
        }
    }

    /// A Hangul list's birth year: under `cross_script`, half are a year early (a Korean age
    /// read as an international one).
    pub(super) fn hangul_year(&mut self, year: i32) -> i32 {
        if self.variant.cross_script && self.rng.chance(0.5) { year - 1 } else { year }
    }
}

/// A given name with the sound changes McCune-Reischauer spells between syllables: ㄹ after a
/// consonant other than ㄴ or ㄹ is heard as ㄴ (after ㄴ, the ㄴ becomes ㄹ), and ㄱ, ㅂ, ㄷ/ㅅ/ㅈ
/// before ㄴ or ㅁ are nasalised (ㅇ, ㅁ, ㄴ). 덕룡 -> 덩뇽 (Tŏng-nyong), 석남 -> 성남, 갑민 -> 감민.
pub(super) fn assimilated(given: &str) -> String {
    let mut parts: Vec<(usize, usize, usize)> = given.chars().filter_map(decompose).collect();
    if parts.len() != given.chars().count() {
        return given.to_string();
    }
    // Initials: ㄴ 2, ㄹ 5, ㅁ 6. Finals: ㄱ 1, ㄴ 4, ㄷ 7, ㄹ 8, ㅁ 16, ㅂ 17, ㅅ 19, ㅇ 21, ㅈ 22.
    for i in 1..parts.len() {
        let prev = parts[i - 1].2;
        if parts[i].0 == 5 {
            match prev {
                0 | 8 => {}
                4 => parts[i - 1].2 = 8,
                _ => parts[i].0 = 2,
            }
        } else if parts[i].0 == 2 && prev == 8 {
            parts[i].0 = 5;
        }
        if matches!(parts[i].0, 2 | 6) {
            parts[i - 1].2 = match parts[i - 1].2 {
                1 => 21,
                17 => 16,
                7 | 19 | 22 => 4,
                f => f,
            };
        }
    }
    parts.into_iter().map(|(i, v, f)| compose(i, v, f).unwrap_or('?')).collect()
}

#[cfg(test)]
mod tests {
    use super::assimilated;

    #[test]
    fn sound_changes_are_spelled_as_mccune_reischauer_hears_them() {
        assert_eq!(assimilated("덕룡"), "덩뇽");
        assert_eq!(assimilated("석남"), "성남");
        assert_eq!(assimilated("갑민"), "감민");
        assert_eq!(assimilated("진룡"), "질룡");
        assert_eq!(assimilated("영철"), "영철");
    }
}
