//! What tells a person from their relatives: the fields that must agree before family fields
//! count, and decisive disagreements (different sex, birth years far apart, siblings) that
//! forbid a link whatever the model says.

use crate::Linker;
use crate::compare::{NULL, Prepared, level_count, same_but_u_for_o};
use crate::model::Model;
use crate::roles::Role;
use serde::Serialize;

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
        // (Through the records' value numbers, not a list of every record's year: at a million
        // records such a list is 8 MB read at random, and its misses cost more than the look-ups;
        // the rows are read ahead of scoring, and the years' values are few.)
        let c = linker.compared[self.year?];
        let (x, y) = (linker.cell(a, c).year?, linker.cell(b, c).year?);
        Some(x.abs_diff(y))
    }
}

/// Given names in two scripts whose keys are less alike than this (Jaro-Winkler) are unrelated
/// names, not one name under a spelled sound change: "toklyong" / "tongnyong" (덕룡 /
/// Tŏng-nyong) is 0.78, siblings' unrelated names such as "yongsu" / "colmin" 0.44.
pub const UNRELATED_ACROSS_SCRIPTS: f64 = 0.70;

/// Whether two names are written in one script (both with Hangul letters, or both without).
fn same_script(a: &Prepared, b: &Prepared) -> bool {
    let hangul = |p: &Prepared| p.value.chars().any(attest_korean::hangul::is_hangul);
    hangul(a) == hangul(b)
}

/// How alike two given names' romanization keys are (of a whole name, its given name's key). A
/// column not read as Korean keeps no key characters ([`crate::compare::prepare`]): its written
/// characters are compared instead, since two empty keys would look identical and switch the
/// one-year rule off for every such pair.
pub(crate) fn given_keys_alike(a: &Prepared, b: &Prepared) -> f64 {
    use attest_korean::key::jaro_winkler_chars;
    match (&a.name, &b.name) {
        (Some(x), Some(y)) => jaro_winkler_chars(&x.given, &y.given),
        _ if a.key_chars.is_empty() || b.key_chars.is_empty() => jaro_winkler_chars(&a.chars, &b.chars),
        _ => jaro_winkler_chars(&a.key_chars, &b.key_chars),
    }
}

/// The given name of a Korean name field as written (lower case): a given-name column's value;
/// of a whole name, its given part in Hangul, else the words of the value that are not the
/// surname (the order read as [`crate::compare::prepare`] read it: the words whose key is the
/// parsed given name's). `None` when it cannot be told.
pub(crate) fn written_given(role: Role, p: &Prepared) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    if role == Role::GivenName {
        return (!p.value.is_empty()).then_some(Cow::Borrowed(p.value.as_str()));
    }
    let name = p.name.as_deref()?;
    if !name.given_hangul.is_empty() {
        return Some(Cow::Borrowed(name.given_hangul.as_str()));
    }
    if let Some((_, given)) = p.value.split_once(',') {
        return Some(Cow::Owned(given.trim().to_string()));
    }
    let words: Vec<&str> = p.value.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let keyed = |w: &[&str]| -> Vec<char> {
        attest_korean::key::sound_fold(&attest_korean::key(&w.join("-"))).chars().collect()
    };
    [&words[1..], &words[..words.len() - 1]]
        .into_iter()
        .find(|w| keyed(w) == name.given)
        .map(|w| Cow::Owned(w.join(" ")))
}

/// A written given name's syllables: Hangul syllables one by one, Latin letters by the words
/// its hyphens and spaces mark (a word may still hold several syllables: "Kungnam").
fn pieces(given: &str) -> (Vec<&str>, bool) {
    if given.chars().any(attest_korean::hangul::is_hangul) {
        let hangul = given
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(i, c)| &given[i..i + c.len_utf8()])
            .collect();
        return (hangul, true);
    }
    let words = given
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | ',' | '.' | '·'))
        .filter(|w| !w.is_empty())
        .collect();
    (words, false)
}

/// One syllable as two lists write it. Two Hangul syllables: the same, up to the word-initial
/// sound rule (a clerk who wrote only 룡 of 철룡 may write it 용). A Hangul syllable and a Latin
/// one: the Latin spells it in some system ([`attest_korean::key::spells_syllable`]: "Sŏn" and
/// "Seon" spell 선, never 손, though the folded keys of all three are "son"; "Chul" spells 철).
/// Two Latin ones: the same romanization key, read as a name on its own (North Korean "Ryong" is
/// southern "Yong"; Latin letters spell the sound, where 룡 after a consonant is "nyong", so the
/// rule folds both ways here), the key with a passport's u for o, or the same marked key
/// ([`attest_korean::key::marked_key`]).
fn same_syllable(a: &str, b: &str) -> bool {
    use attest_korean::hangul::{initial_sound_rule, is_hangul};
    let one_hangul = |s: &str| {
        let mut chars = s.chars();
        chars.next().filter(|&c| is_hangul(c) && chars.next().is_none())
    };
    match (one_hangul(a), one_hangul(b)) {
        // One way only: the rule turns the North's spelling into the South's, so 룡 meets 용, but
        // 려 and 녀 (both 여 under the rule) are two syllables, never one (a sister 순녀 of 려).
        (Some(x), Some(y)) => x == y || initial_sound_rule(x) == y || initial_sound_rule(y) == x,
        (Some(h), None) => attest_korean::key::spells_syllable(b, h),
        (None, Some(h)) => attest_korean::key::spells_syllable(a, h),
        // Or the same marked key: "Hŭi" and "Heui" are both 희, though the plain key reads the
        // first as "hi" and the second as "hui".
        (None, None) => {
            let (x, y) = (attest_korean::key(a), attest_korean::key(b));
            !x.is_empty()
                && (x == y
                    || same_but_u_for_o(&x, &y)
                    || attest_korean::key::marked_key(a) == attest_korean::key::marked_key(b))
        }
    }
}

/// The ways one Latin word splits into two whole romanized syllables (at a letter, never before
/// an apostrophe or a breve's mark): "Kungnam" only as kung + nam, "Sunok" as su + nok or sun + ok.
fn two_syllable_splits(word: &str) -> Vec<(&str, &str)> {
    use attest_korean::key::is_syllable;
    // Each split keys both halves, so a word of n letters costs n^2: a word longer than any two
    // syllables written out (the longest, such as "ch'waeng" or "kkwaeng", have eight letters or
    // fewer) is no two-syllable name, and a pasted paragraph in a name cell costs nothing.
    const LONGEST_TWO_SYLLABLES: usize = 24;
    if word.chars().nth(LONGEST_TWO_SYLLABLES).is_some() {
        return Vec::new();
    }
    word.char_indices()
        .skip(1)
        .filter(|&(_, c)| c.is_alphanumeric())
        .map(|(i, _)| word.split_at(i))
        .filter(|(head, tail)| is_syllable(head) && is_syllable(tail))
        .collect()
}

/// Whether one written given name is the other with a syllable dropped, as clerks write it (혼
/// for 재혼, "Nam" for "Kung Nam", 철 for 상철, "Ran" for 미란): the shorter is one syllable (one
/// Hangul syllable, or one Latin word that is a whole romanized syllable) and the longer, of two
/// or more syllables, begins or ends with that syllable, at a boundary: a Hangul syllable's, a
/// hyphen's or a space's, or inside one Latin word where the rest is a whole romanized syllable
/// ("Kungnam"). Letters are not enough: 선 is not 성민 with a syllable dropped though "son" begins
/// "songmin", nor 하 학수. A Latin word that splits into two syllables in more than one way
/// ("Sunok": su + nok or sun + ok) must give the syllable in every way, since its writer's
/// syllables cannot be told: "Su" is not "Sunok" with a syllable dropped. Siblings' names share
/// a syllable too, but both keep two.
pub(crate) fn syllable_dropped(a: &str, b: &str) -> bool {
    use attest_korean::key::is_syllable;
    let ((pa, ha), (pb, hb)) = (pieces(a), pieces(b));
    let one = |p: &[&str], hangul: bool| p.len() == 1 && (hangul || is_syllable(p[0]));
    let (short, long, long_hangul) = match (one(&pa, ha), one(&pb, hb)) {
        (true, false) => (pa[0], pb, hb),
        (false, true) => (pb[0], pa, ha),
        _ => return false,
    };
    match long.as_slice() {
        [] => false,
        [word] if !long_hangul => {
            // One Latin word: a boundary where both sides are whole syllables, however it splits.
            let splits = two_syllable_splits(word);
            !splits.is_empty()
                && splits.iter().all(|(head, tail)| same_syllable(short, head) || same_syllable(short, tail))
        }
        [_] => false,
        [first, .., last] => same_syllable(short, first) || same_syllable(short, last),
    }
}

impl Linker {
    /// Why two records cannot be one person whatever their other fields say: different sex,
    /// birth years far apart, or the same family with different given names and birth years
    /// apart (siblings). Computed from the values and the pair's levels as the run scores them
    /// (with the learned site mapping of `model`, so a mine under two names counts as one shared
    /// family field here too), not from the model's weights.
    pub fn cannot_link_reason(&self, model: &Model, a: usize, b: usize) -> Option<String> {
        self.cannot_link_fact(model, a, b).map(|c| c.english())
    }

    /// The reason of [`Linker::cannot_link_reason`] as facts ([`CannotLink`]), for a page that
    /// says it in its own language.
    pub fn cannot_link_fact(&self, model: &Model, a: usize, b: usize) -> Option<CannotLink> {
        let mut levels = Vec::with_capacity(self.compared.len());
        self.levels(a, b, &mut levels);
        if model.sites.fits(self) {
            model.sites.apply_one(self, a, b, &mut levels);
        }
        self.cannot_link_fact_with_levels(a, b, &levels)
    }

    /// [`Linker::cannot_link_fact`] on levels already computed (before family gating).
    pub(crate) fn cannot_link_fact_with_levels(&self, a: usize, b: usize, levels: &[u8]) -> Option<CannotLink> {
        let gap = self.kin.year_gap(self, a, b);
        self.decisive(a, b, levels, gap).map(|d| crate::score::decisive_fact(self, levels, d))
    }

    /// The family fields a pair shares (by name), as the sibling rule counts them: the same
    /// value, or a father's name at its second level.
    pub(crate) fn shared_family(&self, levels: &[u8]) -> Vec<&str> {
        self.kin
            .family
            .iter()
            .filter(|&&f| self.shares_family_field(f, levels))
            .map(|&f| self.config.columns[self.compared[f]].name.as_str())
            .collect()
    }

    fn shares_family_field(&self, f: usize, levels: &[u8]) -> bool {
        levels[f] == 0 || (levels[f] == 1 && self.config.columns[self.compared[f]].role == Role::FatherName)
    }

    /// The decisive disagreement of [`Linker::cannot_link_fact_with_levels`], if any, with the gap
    /// between the records' birth years already read (`gap`, [`Kinship::year_gap`]). The tests
    /// that cost most (the scripts of two names, their keys' likeness, a dropped syllable) are
    /// made last, only where their answer can still change the outcome: the same outcome as
    /// making them in the order the rule reads, at a fraction of the cost a pair.
    pub(crate) fn decisive(&self, a: usize, b: usize, levels: &[u8], gap: Option<u32>) -> Option<Decisive> {
        let k = &self.kin;
        if let Some(f) = k.sex
            && levels[f] == 1
        {
            return Some(Decisive::Sex);
        }
        // A name in Hangul against one in Latin letters: one list may count a Korean age (a
        // year more), so the decisive gap is a year wider there.
        let across_scripts = || {
            k.given.is_some_and(|gf| {
                let gc = self.compared[gf];
                let (x, y) = (self.cell(a, gc), self.cell(b, gc));
                !x.value.is_empty() && !y.value.is_empty() && !same_script(x, y)
            })
        };
        if let Some(g) = gap
            && g >= DECISIVE_YEAR_GAP
            && g >= DECISIVE_YEAR_GAP + u32::from(across_scripts())
        {
            return Some(Decisive::YearsApart(g));
        }
        if let (Some(g), Some(gf)) = (gap, k.given)
            && g >= 1
        {
            let gc = self.compared[gf];
            let given_level = levels[gf];
            let different = (level_count(&self.config.columns[gc]) - 1) as u8;
            // One surname: from its column, else from the parsed full name.
            let same_surname = match k.surname {
                Some(sf) => levels[sf] <= 1,
                None => match (&self.cell(a, gc).name, &self.cell(b, gc).name) {
                    (Some(x), Some(y)) => !x.surname.is_empty() && x.surname == y.surname,
                    _ => false,
                },
            };
            // Not the same given name (siblings often share one syllable of it).
            if !(same_surname
                && given_level >= 2
                && given_level != NULL
                && k.family.iter().any(|&f| self.shares_family_field(f, levels)))
            {
                return None;
            }
            // Siblings born a year or two apart: given names that disagree entirely (not a
            // shared syllable, not a misspelling) with the family's fields are two people even
            // when the years are close; names only alike need the years further apart. Across
            // scripts "different" is weaker evidence: one name in Hangul and in Latin letters
            // whose keys differ (a sound change the romanization spells, 덕룡 as Tŏng-nyong)
            // is "different" too, and a Korean age against an international one puts one
            // person's birth years a year apart. There the names must be unrelated, not merely
            // different (keys less alike than `UNRELATED_ACROSS_SCRIPTS`), for the short gap.
            // (Asked only where the gap is short: from three years on both bars are met.)
            let unrelated = || {
                given_level == different
                    && (same_script(self.cell(a, gc), self.cell(b, gc))
                        || given_keys_alike(self.cell(a, gc), self.cell(b, gc)) < UNRELATED_ACROSS_SCRIPTS)
            };
            if g < 3 && !unrelated() {
                return None;
            }
            // One name the other with a syllable dropped (혼 for 재혼, Nam for Kung Nam) is a
            // clerk's error, not a sibling's name (siblings keep both syllables): the sibling
            // rule does not apply, whatever the level says.
            let column = &self.config.columns[gc];
            if column.korean
                && let (Some(x), Some(y)) =
                    (written_given(column.role, self.cell(a, gc)), written_given(column.role, self.cell(b, gc)))
                && syllable_dropped(&x, &y)
            {
                return None;
            }
            return Some(Decisive::Siblings(g));
        }
        None
    }
}

/// Why two records cannot be one person, as facts: [`CannotLink::english`] says it in words. An
/// explanation keeps both (`cannot_link` and `cannot_link_fact` side by side, as a run keeps
/// `warnings` and `warning_facts`) so that the command line and the API keep their English and a
/// Korean page says the same reason in Korean without reading the English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CannotLink {
    /// The records give different sexes.
    Sex,
    /// The records' birth years are `years` apart (at least five; six when one given name is in
    /// Hangul and the other in Latin letters).
    BirthYearsApart {
        /// The gap in years.
        years: u32,
    },
    /// The same family (a surname and the family fields `family`, by column name), different
    /// given names and birth years `years` apart: siblings.
    Siblings {
        /// The family fields the records share.
        family: Vec<String>,
        /// The gap in years.
        years: u32,
    },
}

impl CannotLink {
    /// The reason in English, as the command line prints it and the API gives it.
    pub fn english(&self) -> String {
        match self {
            Self::Sex => "different sex".into(),
            Self::BirthYearsApart { years } => format!("birth years {years} apart"),
            Self::Siblings { family, years } => {
                format!("same family ({}), different given names, birth years {years} apart", family.join(", "))
            }
        }
    }
}

/// A decisive disagreement: why two records cannot be one person ([`Linker::decisive`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decisive {
    /// Different sex.
    Sex,
    /// Birth years this far apart.
    YearsApart(u32),
    /// The same family (surname and a family field), different given names, birth years this
    /// far apart.
    Siblings(u32),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_a_pair_cannot_be_one_person_reads_as_the_engine_always_wrote_it() {
        // The command line and the API give these words; the facts beside them must say the same.
        assert_eq!(CannotLink::Sex.english(), "different sex");
        assert_eq!(CannotLink::BirthYearsApart { years: 12 }.english(), "birth years 12 apart");
        let siblings = CannotLink::Siblings { family: vec!["father_name".into(), "home".into()], years: 2 };
        assert_eq!(siblings.english(), "same family (father_name, home), different given names, birth years 2 apart");
    }

    fn written(value: &str, key: &str) -> Prepared {
        Prepared {
            value: value.into(),
            chars: value.chars().collect(),
            key_chars: key.chars().collect(),
            ..Prepared::default()
        }
    }

    /// Unrelated given names are unrelated whether or not their column keeps keys: a Western
    /// column keeps only the written characters (two empty keys once read as identical).
    #[test]
    fn unrelated_given_names_are_unrelated_with_or_without_keys() {
        let (a, b) = (written("영수", ""), written("Chol-min", ""));
        assert!(given_keys_alike(&a, &b) < UNRELATED_ACROSS_SCRIPTS, "{}", given_keys_alike(&a, &b));
        let (a, b) = (written("영수", "yongsu"), written("Chol-min", "colmin"));
        assert!(given_keys_alike(&a, &b) < UNRELATED_ACROSS_SCRIPTS);
        let (a, b) = (written("덕룡", "toklyong"), written("Tŏng-nyong", "tongnyong"));
        assert!(given_keys_alike(&a, &b) >= UNRELATED_ACROSS_SCRIPTS, "a spelled sound change is related");
    }

    /// A given name with a syllable dropped is the name, not a sibling's; two-syllable names
    /// sharing one syllable (a generation name) and unrelated names are not.
    #[test]
    fn a_dropped_syllable_is_not_a_siblings_name() {
        for (x, y) in [
            ("혼", "chae-hon"),
            ("nam", "kung nam"),
            ("철", "상철"),
            ("남", "chul-nam"),
            ("ran", "미란"),
            ("애", "pok ae"),
            ("nam", "kungnam"),
            ("chul", "sangch'ŏl"),
            ("영", "영수"),
        ] {
            assert!(syllable_dropped(x, y), "{x} / {y}");
            assert!(syllable_dropped(y, x), "{y} / {x}");
        }
        for (x, y) in [("재혼", "재민"), ("chol-su", "chol-min"), ("hon", "chol-min"), ("수", "수"), ("chol", "chŏl")]
        {
            assert!(!syllable_dropped(x, y), "{x} / {y}");
        }
    }

    /// Across scripts a syllable is the Hangul one only when the Latin spells it: "Sŏn" and "Seon"
    /// are 선, never 손 (the folded keys of all three are "son", which made 손 / "Sŏn-min" a
    /// dropped syllable), while "Son" may be either (McCune-Reischauer without breves).
    #[test]
    fn across_scripts_a_marked_vowel_is_not_another_syllable() {
        for (x, y) in [("손", "sŏn-min"), ("손", "seon-min"), ("손", "sǒn-min"), ("손", "min-sŏn"), ("촐", "ch'ŏl-su")]
        {
            assert!(!syllable_dropped(x, y), "{x} / {y}");
            assert!(!syllable_dropped(y, x), "{y} / {x}");
        }
        for (x, y) in [("선", "sŏn-min"), ("선", "seon-min"), ("손", "son-min"), ("선", "son-min"), ("철", "ch'ŏl-su")]
        {
            assert!(syllable_dropped(x, y), "{x} / {y}");
        }
    }

    /// A Latin name written as one word that splits into two syllables in two ways ("Sunok": su +
    /// nok, or sun + ok as 순옥) does not say which syllable was dropped: neither "Su" nor "Ok" is
    /// it with a syllable dropped (each was, splitting wherever it worked). One way only
    /// ("Kungnam": kung + nam) still does.
    #[test]
    fn a_run_together_name_that_splits_two_ways_has_no_dropped_syllable() {
        for (x, y) in [("su", "sunok"), ("ok", "sunok"), ("수", "sunok"), ("옥", "sunok")] {
            assert!(!syllable_dropped(x, y), "{x} / {y}");
            assert!(!syllable_dropped(y, x), "{y} / {x}");
        }
        for (x, y) in [("nam", "kungnam"), ("kung", "kungnam"), ("남", "kungnam"), ("ok", "sun-ok"), ("su", "su-nok")]
        {
            assert!(syllable_dropped(x, y), "{x} / {y}");
        }
    }

    /// Hangul against Hangul follows the word-initial sound rule, as keys do across scripts: a
    /// clerk who wrote only the 룡 of 철룡 may write it 용 (the South's spelling of a syllable that
    /// begins a name), and 리 of 영리 as 이.
    #[test]
    fn hangul_syllables_meet_under_the_initial_sound_rule() {
        for (x, y) in [("용", "철룡"), ("룡", "용철"), ("이", "영리"), ("노", "로민")] {
            assert!(syllable_dropped(x, y), "{x} / {y}");
            assert!(syllable_dropped(y, x), "{y} / {x}");
        }
        // Not a different vowel or initial.
        for (x, y) in [("영", "철룡"), ("요", "철룡"), ("미", "영리")] {
            assert!(!syllable_dropped(x, y), "{x} / {y}");
        }
    }

    /// Two Latin syllables with the same marked key are one: "Hŭi", "Heui" and "Hui" are 희
    /// whichever way the vowel ㅢ is written. (The plain keys are "hi" and "hui": "Heui" was not
    /// "Hŭi".)
    #[test]
    fn latin_syllables_with_one_marked_key_are_one() {
        for (x, y) in [("Hŭi", "Heui"), ("Heui", "Hui"), ("Ŭi", "Eui"), ("Sŏn", "Seon")] {
            assert!(same_syllable(x, y), "{x} / {y}");
            assert!(same_syllable(y, x), "{y} / {x}");
        }
        assert!(syllable_dropped("Hŭi", "Sun-heui"));
        assert!(!same_syllable("Heui", "Ha"));
    }

    /// The rule goes one way, from the North's spelling to the South's: 려 and 녀 both become 여
    /// under it but are two syllables, so 려 is not 순녀 with a syllable dropped (and the sibling
    /// rule still keeps a 려 and a 순녀 of one family apart), while 용 is 룡 written in the South.
    #[test]
    fn the_initial_sound_rule_does_not_make_two_northern_syllables_one() {
        for (x, y) in [("려", "순녀"), ("녀", "순려"), ("려", "녀"), ("류", "뉴"), ("리", "니")] {
            assert!(!same_syllable(x, y), "{x} / {y}");
            assert!(!syllable_dropped(x, y), "{x} / {y}");
            assert!(!syllable_dropped(y, x), "{y} / {x}");
        }
        for (x, y) in [("용", "룡"), ("룡", "용"), ("여", "녀"), ("여", "려"), ("이", "리")] {
            assert!(same_syllable(x, y), "{x} / {y}");
        }
        assert!(syllable_dropped("용", "철룡") && syllable_dropped("녀", "순녀"));
    }

    /// Letters that begin or end a longer name are not a syllable of it: 선 (son) is not 성민
    /// (songmin) with a syllable dropped, nor 하 (ha) 학수 (haksu), in Hangul or in Latin
    /// letters, with the syllables marked or not. (Read letter by letter, all of these were.)
    #[test]
    fn a_dropped_syllable_ends_at_a_syllable_boundary() {
        for (x, y) in [
            ("선", "성민"),
            ("하", "학수"),
            ("son", "songmin"),
            ("son", "song-min"),
            ("ha", "haksu"),
            ("ha", "hak-su"),
            ("선", "songmin"),
            ("하", "hak su"),
        ] {
            assert!(!syllable_dropped(x, y), "{x} / {y}");
            assert!(!syllable_dropped(y, x), "{y} / {x}");
        }
        // The right syllable at the boundary still is.
        for (x, y) in [("성", "성민"), ("song", "songmin"), ("min", "song-min"), ("min", "sungmin")] {
            assert!(syllable_dropped(x, y), "{x} / {y}");
        }
    }
}
