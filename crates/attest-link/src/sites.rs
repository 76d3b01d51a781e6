//! Names of one workplace learned from the data: a list that writes a mine by its number ("No. 2
//! Mine", "제2탄광") and another that writes it by its town ("Aoji Coal Mine", "아오지탄광") never
//! agree on the workplace, though they mean one mine. Which number goes with which name is not
//! written anywhere the engine can read, so it is learned without labels: among compared pairs
//! that agree strongly on the person (given name, surname, birth year within one) and disagree on
//! the workplace, a pair of workplace keys that occurs together far more often than their
//! frequencies explain (lift) and often enough (support) is one site under two names. Such a
//! pair then compares at the workplace's "same place" level in every comparison the model sees:
//! candidates, training pairs and the random pairs that give u, so that u (and with it the
//! level's weight, lower than before) counts how often the mapping makes random pairs agree.
//! (Mapping to the "similar" level instead, measured on tuning seeds 1-3 at 10,000 people,
//! gave 0.007 less pairwise F1: the two names are one mine, not two alike.)
//!
//! Many people moved together from one mine to another (a transfer) give the same
//! co-occurrence. What tells them apart is where the keys are written: one site's two names
//! come from lists that write it differently, so a list holds one of them, never both; after a
//! transfer both mines are in the same lists (the workers who stayed, those already at the
//! other mine). So where the records' source lists are known (a source column, read per file,
//! else two files), a mapping is learned only if no list holds two keys of the sites it would
//! join ([`list_holds`]: a share of the records the list would write under the key, with a
//! floor), mappings taken in order of lift (then support, then the names themselves, so that row
//! order never decides), one site's names gathered as they are learned. Lift first: a large
//! transfer (30 workers of No. 3 Mine written at Aoji in a later list) can outnumber Aoji's own
//! alias, but its two keys each have other partners (No. 3's stayers, Aoji's own workers), so its
//! lift is below both aliases', which are then learned first and refuse it (taken by support,
//! it was learned and refused both aliases). A transfer from No. 2 Mine, alias Aoji, to No. 5
//! Mine, alias Yongbuk, shows as "No. 2 Mine" = "Yongbuk" too: it would join No. 2 and No. 5,
//! which one list holds both of. Without source lists a transfer still looks like an alias; `explain`
//! says so, and `Model::site_mappings` lists each mapping with its support for review. Measured
//! in BENCHMARKS.md (the registry's `transfer` variant).
//!
//! The learned mappings (values with support and lift) are in `Model::site_mappings`; nothing is
//! printed, since on `attest serve` standard error is the server's log, which never holds a value
//! from a list (docs/THREAT_MODEL.md).
//!
//! Hand-written: the counting is a few lines over the engine's own value numbers, and no
//! library learns such equivalences from record pairs.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::Linker;
use crate::compare::NULL;
use crate::roles::Role;

/// Fewest strong pairs that must carry two workplace keys together before they count as one site.
pub const MIN_SUPPORT: u64 = 5;

/// Least lift (observed co-occurrences over those expected from the keys' frequencies among the
/// strong pairs) for two keys to count as one site. Unrelated workplaces meet at a lift near 1.
pub const MIN_LIFT: f64 = 4.0;

/// One learned equivalence between two workplace keys.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SiteMapping {
    /// The workplace column.
    pub column: String,
    /// One key (the smaller).
    pub a: String,
    /// The other key.
    pub b: String,
    /// Strong pairs that carried the two keys.
    pub support: u64,
    /// Observed over expected co-occurrences.
    pub lift: f64,
}

/// The learned equivalences of one run, on the linker's value numbers.
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteMap {
    /// Position among the compared fields of the workplace column.
    field: usize,
    /// Per value number of that column, its key's number (`u32::MAX`: empty).
    key_of_value: Vec<u32>,
    /// Mapped key pairs (smaller number first). Looked up for every compared pair whose
    /// workplaces differ (over half a million on the 10,000-people registry): with the fast
    /// fixed hasher, not std's SipHash (only looked up, never iterated).
    mapped: HashSet<(u32, u32), foldhash::fast::FixedState>,
    /// The same, in words.
    pub(crate) mappings: Vec<SiteMapping>,
    /// The workplace column's value slot and a hash of its keys in value order, as learned: a
    /// model explained through another run's linker (other value numbers) maps nothing.
    slot: usize,
    fingerprint: u64,
}

/// Per record, the number of its source list: the value of the source column naming the fewest
/// lists (as [`crate::records`] reads list habits) among those naming at least two, read within
/// the record's file (one label, "list A", in two organisations' files is two lists), else the
/// record's file when there are two; empty when no site is compared or no source is known. A
/// blank source cell names no list ([`NO_LIST`]): blanks are not one list that could "hold both
/// names" of an alias, and a column naming one list only (a single list deduplicated) says
/// nothing of which lists hold which sites, so it does not switch site learning off.
pub(crate) fn record_lists(config: &crate::LinkConfig, input: &crate::Input, compared: &[usize]) -> Vec<u32> {
    if !compared.iter().any(|&c| config.columns[c].role == Role::Site) {
        return Vec::new();
    }
    let file = |r: usize| input.file.get(r).copied().unwrap_or(0);
    let named = |c: usize| {
        input
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| (file(r), row[c].trim()))
            .filter(|(_, v)| !v.is_empty())
            .collect::<HashSet<(u8, &str)>>()
            .len()
    };
    let source = (0..config.columns.len())
        .filter(|&c| config.columns[c].role == Role::Source)
        .map(|c| (named(c), c))
        .filter(|&(n, _)| n >= 2)
        .min()
        .map(|(_, c)| c);
    match source {
        Some(c) => {
            let mut numbers: HashMap<(u8, &str), u32> = HashMap::new();
            input
                .rows
                .iter()
                .enumerate()
                .map(|(r, row)| match row[c].trim() {
                    "" => NO_LIST,
                    v => {
                        let n = numbers.len() as u32;
                        *numbers.entry((file(r), v)).or_insert(n)
                    }
                })
                .collect()
        }
        None if input.file.iter().any(|&f| f != 0) => input.file.iter().map(|&f| u32::from(f)).collect(),
        None => Vec::new(),
    }
}

/// A record whose source cell is blank: in no list.
const NO_LIST: u32 = u32::MAX;

/// Fewest records on which a list must write a workplace key to hold it: one record can be a
/// slip of the pen; two are a habit in a list of a few hundred records, where they may be all
/// the evidence there is.
pub const MIN_HELD: u64 = 2;

/// Share of the records a list would write under a key if it wrote the key as often as all lists
/// together do, above which the list holds the key. An absolute count (five records, until the
/// eleventh session) let five stray records veto a real alias in a list of 50,000, where a key
/// the list really uses is on hundreds or thousands, and let a list of 200 writing a small mine on
/// four records say nothing. Measured against the key's own frequency, because a small mine's
/// name is rare in every list: a tenth of its expected count is still a habit, and for a common
/// key the same tenth is far above a handful of strays.
pub const HELD_SHARE: f64 = 0.1;

/// Whether a list of `list_records` records (those with a workplace) holds a key it writes on
/// `records`, the key being on `key_share` of all lists' records ([`MIN_HELD`], [`HELD_SHARE`]).
pub(crate) fn list_holds(records: u64, list_records: u64, key_share: f64) -> bool {
    records >= MIN_HELD && records as f64 >= HELD_SHARE * list_records as f64 * key_share
}

/// Which lists hold which workplace keys ([`list_holds`]).
fn keys_by_list(linker: &Linker, map: &SiteMap) -> HashMap<u32, HashSet<u32>> {
    let k = linker.compared.len();
    let mut counts: HashMap<(u32, u32), u64> = HashMap::new();
    for (r, &list) in linker.lists.iter().enumerate() {
        let key = linker.pair_cells.get(r * k + map.field).and_then(|&v| map.key_of_value.get(v as usize));
        if let Some(&key) = key
            && key != u32::MAX
            && list != NO_LIST
        {
            *counts.entry((list, key)).or_default() += 1;
        }
    }
    let (mut per_list, mut per_key, mut total) = (HashMap::<u32, u64>::new(), HashMap::<u32, u64>::new(), 0u64);
    for (&(list, key), &n) in &counts {
        *per_list.entry(list).or_default() += n;
        *per_key.entry(key).or_default() += n;
        total += n;
    }
    let mut held: HashMap<u32, HashSet<u32>> = HashMap::new();
    for ((list, key), n) in counts {
        let share = per_key[&key] as f64 / total.max(1) as f64;
        if list_holds(n, per_list[&list], share) {
            held.entry(key).or_default().insert(list);
        }
    }
    held
}

/// A hash of a value slot's keys in value order (std's `DefaultHasher::new()` has fixed keys).
fn fingerprint(linker: &Linker, slot: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for v in linker.values.get(slot).into_iter().flatten() {
        v.key.hash(&mut h);
    }
    h.finish()
}

impl SiteMap {
    fn keys(&self, linker: &Linker, a: usize, b: usize) -> Option<(u32, u32)> {
        let k = linker.compared.len();
        // `get`: never reads out of bounds, whatever linker it is given (explain checks
        // [`SiteMap::fits`] first, so another run's value numbers are not read at all).
        let key = |r: usize| linker.pair_cells.get(r * k + self.field).and_then(|&v| self.key_of_value.get(v as usize));
        let (&x, &y) = (key(a)?, key(b)?);
        (x != u32::MAX && y != u32::MAX && x != y).then_some((x.min(y), x.max(y)))
    }

    /// Whether this map was learned on `linker`'s values (always, for an empty map): explain
    /// checks it once before [`SiteMap::apply_one`].
    pub(crate) fn fits(&self, linker: &Linker) -> bool {
        self.mapped.is_empty() || fingerprint(linker, self.slot) == self.fingerprint
    }

    /// Raises a pair's workplace level from "different" to "same place" when its two keys are
    /// mapped; returns the field it raised.
    pub(crate) fn apply_one(&self, linker: &Linker, a: usize, b: usize, levels: &mut [u8]) -> Option<usize> {
        if self.mapped.is_empty() || levels.get(self.field) != Some(&DIFFERENT) {
            return None;
        }
        let mapped = self.keys(linker, a, b).is_some_and(|k| self.mapped.contains(&k));
        mapped.then(|| {
            levels[self.field] = SAME;
            self.field
        })
    }

    /// [`SiteMap::apply_one`] over a flat list of levels (`width` per pair). Returns how many
    /// pairs it raised.
    ///
    /// In parts on the linker's workers (each pair is raised or not on its own levels alone;
    /// on one thread this was a serial pass over every compared pair).
    pub(crate) fn apply(&self, linker: &Linker, pairs: &[(u32, u32)], flat: &mut [u8], width: usize) -> usize {
        use rayon::prelude::*;
        if self.mapped.is_empty() || width == 0 {
            return 0;
        }
        const PART: usize = 16_384;
        linker.pool.install(|| {
            pairs
                .par_chunks(PART)
                .zip(flat.par_chunks_mut(PART * width))
                .map(|(pairs, flat)| {
                    let mut raised = 0;
                    for (&(a, b), l) in pairs.iter().zip(flat.chunks_mut(width)) {
                        raised += usize::from(self.apply_one(linker, a as usize, b as usize, l).is_some());
                    }
                    raised
                })
                .sum()
        })
    }
}

/// Levels of a place or site field: 0 same, 1 similar, 2 different.
const SAME: u8 = 0;
const DIFFERENT: u8 = 2;

impl Linker {
    /// Learns which workplace keys name one site, from compared pairs and their levels (`width`
    /// per pair). Nothing is learned without a workplace column, a given name and a birth year.
    pub(crate) fn learn_sites(&self, pairs: &[(u32, u32)], flat: &[u8], width: usize) -> SiteMap {
        let Some(field) = self.compared.iter().position(|&c| self.config.columns[c].role == Role::Site) else {
            return SiteMap::default();
        };
        let (Some(given), Some(_)) = (self.kin.given, self.kin.year) else {
            return SiteMap::default();
        };
        let c = self.compared[field];
        let slot = self.slots[c];
        if slot == usize::MAX {
            return SiteMap::default();
        }
        let mut numbers: HashMap<&str, u32> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        let key_of_value: Vec<u32> = self.values[slot]
            .iter()
            .map(|v| {
                if v.key.is_empty() {
                    return u32::MAX;
                }
                *numbers.entry(v.key.as_str()).or_insert_with(|| {
                    names.push(v.key.as_str());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        let mut map = SiteMap {
            field,
            key_of_value,
            mapped: HashSet::default(),
            mappings: Vec::new(),
            slot,
            fingerprint: fingerprint(self, slot),
        };
        let mut together: BTreeMap<(u32, u32), u64> = BTreeMap::new();
        let mut per_key: HashMap<u32, u64> = HashMap::new();
        let mut total = 0u64;
        // The pairs that speak for two keys, found in parts on the workers (a test of every
        // compared pair, serial before), in pair order; then counted.
        let speaking = |(&(a, b), l): (&(u32, u32), &[u8])| -> Option<(u32, u32)> {
            if l[field] != DIFFERENT || !matches!(l[given], 0 | 1) {
                return None;
            }
            if self.kin.surname.is_some_and(|s| l[s] == NULL || l[s] > 1) {
                return None;
            }
            if self.kin.year_gap(self, a as usize, b as usize).is_none_or(|g| g > 1) {
                return None;
            }
            map.keys(self, a as usize, b as usize)
        };
        let found: Vec<(u32, u32)> = {
            use rayon::prelude::*;
            const PART: usize = 16_384;
            self.pool.install(|| {
                pairs
                    .par_chunks(PART)
                    .zip(flat.par_chunks(PART * width.max(1)))
                    .flat_map_iter(|(pairs, flat)| pairs.iter().zip(flat.chunks(width.max(1))).filter_map(speaking))
                    .collect()
            })
        };
        for keys in found {
            *together.entry(keys).or_default() += 1;
            *per_key.entry(keys.0).or_default() += 1;
            *per_key.entry(keys.1).or_default() += 1;
            total += 1;
        }
        // Candidates by lift (then support): a site's own names are gathered before a transfer's
        // pairs, whose keys each have other partners, are weighed against them (module docs).
        let mut candidates: Vec<((u32, u32), u64, f64)> = together
            .iter()
            .filter(|&(_, &n)| n >= MIN_SUPPORT)
            .map(|(&(x, y), &n)| {
                let expected = (per_key[&x] * per_key[&y]) as f64 / (2 * total) as f64;
                ((x, y), n, n as f64 / expected.max(1e-9))
            })
            .filter(|&(_, _, lift)| lift >= MIN_LIFT)
            .collect();
        // Ties are broken on the names themselves, never on key numbers (the order values were
        // first seen in), so that the same list with its rows shuffled learns the same mapping.
        let name_pair = |&(x, y): &(u32, u32)| {
            let (a, b) = (names[x as usize], names[y as usize]);
            (a.min(b), a.max(b))
        };
        candidates.sort_by(|a, b| b.2.total_cmp(&a.2).then(b.1.cmp(&a.1)).then(name_pair(&a.0).cmp(&name_pair(&b.0))));
        let held = if self.lists.is_empty() { HashMap::new() } else { keys_by_list(self, &map) };
        // Each key's site so far (its names), by key number.
        let mut site: HashMap<u32, Vec<u32>> = HashMap::new();
        for ((x, y), n, lift) in candidates {
            let sx = site.get(&x).cloned().unwrap_or_else(|| vec![x]);
            let sy = site.get(&y).cloned().unwrap_or_else(|| vec![y]);
            if !sx.contains(&y) {
                // One list holding a name of each: two sites (a transfer), not one under two names.
                let one_list = |a: u32, b: u32| match (held.get(&a), held.get(&b)) {
                    (Some(la), Some(lb)) => !la.is_disjoint(lb),
                    _ => false,
                };
                if sx.iter().any(|&a| sy.iter().any(|&b| one_list(a, b))) {
                    continue;
                }
                let joined: Vec<u32> = sx.iter().chain(&sy).copied().collect();
                for &k in &joined {
                    site.insert(k, joined.clone());
                }
            }
            map.mapped.insert((x, y));
            let (a, b) = (names[x as usize], names[y as usize]);
            map.mappings.push(SiteMapping {
                column: self.config.columns[c].name.clone(),
                a: a.min(b).to_string(),
                b: a.max(b).to_string(),
                support: n,
                lift,
            });
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::{SiteMap, fingerprint, list_holds};
    use crate::{ColumnConfig, Input, LinkConfig, Linker, NoProgress, Options, Role};

    /// A linker over invented people at two mines, the workplaces first seen in `order`.
    fn linker(order: [&str; 2]) -> Linker {
        let column = |name: &str, role| ColumnConfig {
            name: name.into(),
            role,
            korean: false,
            term_frequency: false,
            note: Default::default(),
        };
        let rows: Vec<Vec<String>> =
            (0..6).map(|i| vec![i.to_string(), format!("person{i}"), order[i % 2].to_string()]).collect();
        let headers = ["id", "given", "workplace"];
        let input = Input {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            file: vec![0; rows.len()],
            rows,
            id_column: 0,
        };
        let config = LinkConfig {
            columns: headers.iter().zip([Role::Id, Role::GivenName, Role::Site]).map(|(h, r)| column(h, r)).collect(),
            blocking: vec![vec!["given".into()]],
            training_blocking: Vec::new(),
            threshold: 0.9,
            links_only: false,
            max_block: 2_000,
        };
        Linker::new(&input, &config, Options::default(), &NoProgress).unwrap()
    }

    #[test]
    fn a_list_holds_a_key_by_its_share_of_the_records_not_a_fixed_count() {
        // Five stray records in a list of 50,000, the key on a twelfth of all records: strays.
        assert!(!list_holds(5, 50_000, 1.0 / 12.0));
        assert!(list_holds(500, 50_000, 1.0 / 12.0));
        // Three records of a small mine in a list of 200: all the evidence there is, and enough.
        assert!(list_holds(3, 200, 0.02));
        // One record is never a habit.
        assert!(!list_holds(1, 200, 0.001));
    }

    #[test]
    fn a_site_map_fits_only_the_run_whose_values_it_was_learned_on() {
        let learned_on = linker(["No. 2 Mine", "Aoji"]);
        let slot = learned_on.slots[2];
        let map = SiteMap {
            mapped: [(0, 1)].into_iter().collect(),
            slot,
            fingerprint: fingerprint(&learned_on, slot),
            ..SiteMap::default()
        };
        assert!(map.fits(&learned_on));
        // The same workplaces first seen in the other order: value numbers swap, and the map's
        // numbers would name other values.
        assert!(!map.fits(&linker(["Aoji", "No. 2 Mine"])));
        assert!(SiteMap::default().fits(&linker(["Aoji", "Haksong"])), "an empty map maps nothing anywhere");
    }
}
