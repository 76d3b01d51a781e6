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
//! - `romanized-places` (twelfth session; tuning seeds only): the lists that write places in
//!   Korean write them in Latin letters instead, each list in its own habit (English with
//!   "County", McCune-Reischauer with breves, Revised Romanization, "N."/"S." abbreviations), so
//!   the place column has no Hangul at all. The provinces' spellings are written out here, not
//!   taken from `attest-korean`.

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
    /// Places of Korean lists written in Latin letters, in each list's romanization.
    pub romanized_places: bool,
}

impl Variant {
    /// Parses `cross-script`, `transfer`, `romanized-places` or several joined by `+` (`default`
    /// or empty: none).
    pub fn parse(s: &str) -> Result<Variant, String> {
        let mut v = Variant::default();
        for part in s.split('+').filter(|p| !p.is_empty() && *p != "default") {
            match part {
                "cross-script" => v.cross_script = true,
                "transfer" => v.transfer = true,
                "romanized-places" => v.romanized_places = true,
                other => {
                    return Err(format!("variant: '{other}' is not cross-script, transfer or romanized-places"));
                }
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

/// Provinces as lists in Latin letters write them: Hangul, McCune-Reischauer with breves,
/// Revised Romanization, and the abbreviation (the English name is the generator's own).
const PROVINCES_LATIN: &[(&str, &str, &str, &str)] = &[
    ("함경북도", "Hamgyŏng-pukto", "Hamgyeongbuk-do", "N. Hamgyong"),
    ("함경남도", "Hamgyŏng-namdo", "Hamgyeongnam-do", "S. Hamgyong"),
    ("양강도", "Ryanggang-do", "Yanggang-do", "Ryanggang"),
    ("자강도", "Chagang-do", "Jagang-do", "Chagang"),
    ("평안남도", "P'yŏngan-namdo", "Pyeongannam-do", "S. Pyongan"),
    ("황해북도", "Hwanghae-pukto", "Hwanghaebuk-do", "N. Hwanghae"),
    ("황해남도", "Hwanghae-namdo", "Hwanghaenam-do", "S. Hwanghae"),
    ("강원도", "Kangwŏn-do", "Gangwon-do", "Kangwon"),
    ("경기도", "Kyŏnggi-do", "Gyeonggi-do", "Kyonggi"),
    ("경상북도", "Kyŏngsang-pukto", "Gyeongsangbuk-do", "N. Kyongsang"),
];

impl Plan {
    /// Under `romanized_places`, the place a Korean-words list writes, in Latin letters in the
    /// list's habit (`habit` 0-3); `None` otherwise. `county` is the county in each system: (MR
    /// with breves, Revised, DPRK without breves); `province` in Hangul and English.
    pub(super) fn latin_place(
        &mut self,
        habit: usize,
        county: (&str, &str, &str),
        province: (&str, &str),
    ) -> Option<String> {
        if !self.variant.romanized_places {
            return None;
        }
        let (mr, rr, abbreviated) = PROVINCES_LATIN
            .iter()
            .find(|p| p.0 == province.0)
            .map(|p| (p.1, p.2, p.3))
            .unwrap_or((province.1, province.1, province.1));
        let alone = self.rng.chance(0.15);
        Some(match (habit % 4, alone) {
            (0, false) => format!("{} County, {}", county.2, province.1),
            (0, true) => format!("{} Province", province.1),
            (1, false) => format!("{}, {mr}", county.0),
            (1, true) => mr.to_string(),
            (2, false) => format!("{}-gun, {rr}", county.1),
            (2, true) => rr.to_string(),
            (_, false) => format!("{} ({abbreviated})", county.2),
            (_, true) => abbreviated.to_string(),
        })
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
