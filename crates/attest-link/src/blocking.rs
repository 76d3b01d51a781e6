//! Blocking: which pairs are compared at all. Each rule groups records by a key built from one
//! or more columns; a pair is a candidate when any rule puts both records in one group. Also the
//! estimate of blocking recall without truth (capture-recapture over the rules).

use std::borrow::Cow;

use crate::{LinkError, Linker, Progress, Role, SkippedBlock, SplitMix, parallel_map};

mod join;
use join::{PACKED_RECORDS, RADIX_SORT_MAX, join_finds_packed, join_sorted, radix_sort_pairs};

/// One rule's packed pairs (`lo << 32 | hi`, rule bit) and the blocks it skipped.
type RulePairs = (Vec<(u64, u32)>, Vec<SkippedBlock>, Vec<(u64, u32)>);

/// Candidate pairs (record indices) and, per pair, the bit mask of the rules that found it.
type PairsAndMasks = (Vec<(u32, u32)>, Vec<u32>);

/// Candidate pairs, their rule masks, and the blocks skipped.
type Candidates = (Vec<(u32, u32)>, Vec<u32>, Vec<SkippedBlock>);

/// One pair in this many of those a split left out of a large block is drawn to train the
/// model, counted this many times ([`Linker::candidates_and_left_out`]).
pub const LEFT_OUT_SAMPLE: u64 = 16;

/// Share of true pairs the blocking rules found, estimated by capture-recapture over the rules
/// (Chao's lower bound on the unseen): links found by exactly one rule (f1) against those found
/// by exactly two (f2); unseen links are about f1² / 2 f2.
pub fn estimate_blocking_recall(link_masks: impl Iterator<Item = u32>, rules: usize) -> Option<f64> {
    if rules < 2 {
        return None;
    }
    let (mut links, mut f1, mut f2) = (0f64, 0f64, 0f64);
    for m in link_masks {
        links += 1.0;
        match rules_of(m).count_ones() {
            1 => f1 += 1.0,
            2 => f2 += 1.0,
            _ => {}
        }
    }
    if links < 20.0 {
        return None;
    }
    let unseen = if f2 > 0.0 { f1 * f1 / (2.0 * f2) } else { f1 * (f1 - 1.0).max(0.0) / 2.0 };
    Some(links / (links + unseen))
}

/// Whether column `a` holds fewer distinct comparison keys than column `b` (empty cells aside; at
/// most 50,000 rows, spread over the file, are read): the less selective of two name parts. Keys, not raw
/// values, so that one surname in several spellings (Ri, Lee, 리) counts once.
pub fn fewer_distinct_values(columns: &[crate::ColumnConfig], rows: &[Vec<String>], a: usize, b: usize) -> bool {
    let distinct = |c: usize| {
        // Each distinct written value prepared once.
        let written: std::collections::HashSet<&str> =
            // Spread over the whole file (as role inference samples): a file sorted by name, or
            // lists stacked one below another, would skew the first rows.
            rows.iter().step_by(rows.len().div_ceil(50_000).max(1)).filter_map(|r| r.get(c)).map(|v| v.trim()).collect();
        let keys: std::collections::HashSet<String> = written
            .into_iter()
            .map(|v| crate::compare::prepare(&columns[c], v, None).key)
            .filter(|k| !k.is_empty())
            .collect();
        keys.len()
    };
    // The two columns on two threads (role inference runs before the linker's workers exist).
    let (x, y) = rayon::join(|| distinct(a), || distinct(b));
    x < y
}

/// Records an oversized block's member is compared with, on each side, in the block's sorted
/// order (sorted neighbourhood within the block).
pub const WINDOW: usize = 5;

/// Blocks compared in full above this many records count, for the evidence a pair needs, like
/// windowed ones; blocks of more records are split by the other informative columns
/// ([`Linker::split_by_evidence`]).
pub const COMMON_BLOCK: usize = 100;

/// Most share of random pairs that may agree on a column for it to split large blocks: at most
/// one pair in eight, three bits of evidence on agreement.
pub const SPLIT_CHANCE: f64 = 0.125;

/// Bits of a pair's rule mask that number the blocking rules (prediction rules, then training
/// rules); rules past the 24th share the last bit.
pub const RULE_BITS: u32 = (1 << 24) - 1;

/// Set in a pair's mask when every rule that found the pair found it only in a large block: in
/// the window of an oversized one, or in one of more than [`COMMON_BLOCK`] records compared in
/// full. Its members all share the rule's key (a common name and year), so that agreement says
/// little, and such a pair must show evidence beyond the rule's columns.
pub const WINDOWED_ONLY: u32 = 1 << 31;

/// Where a windowed pair's mask holds the bits of the smallest large block that found it
/// (`ceil(log2(records))`, 7 bits).
const BLOCK_BITS_SHIFT: u32 = 24;

/// The rules in a pair's mask (without the window flag and block size).
pub fn rules_of(mask: u32) -> u32 {
    mask & RULE_BITS
}

/// For a pair found only in large blocks (windows of oversized ones, or full ones over
/// [`COMMON_BLOCK`] records): the bits of evidence needed, beyond the columns of the rules that
/// found it, to pick one person out of the smallest such block (`log2` of its size, rounded up);
/// `None` for a pair some rule found in a smaller block.
pub fn window_evidence_needed(mask: u32) -> Option<u32> {
    (mask & WINDOWED_ONLY != 0).then_some((mask >> BLOCK_BITS_SHIFT) & 0x7f)
}

/// The mask bits a windowed find of a block of `records` adds (the flag and the block size).
fn windowed_bits(records: usize) -> u32 {
    let bits = usize::BITS - records.max(1).saturating_sub(1).leading_zeros();
    WINDOWED_ONLY | (bits.min(0x7f) << BLOCK_BITS_SHIFT)
}

/// A phonetic code for blocking: American Soundex (first letter and three digits) of the ASCII
/// letters of `key`, or `key` itself when it has no ASCII letter (Hangul keys). Hand-written:
/// no phonetic crate is in the offline dependency set, and Soundex is a dozen lines.
pub fn soundex(key: &str) -> String {
    fn code(c: u8) -> u8 {
        match c {
            b'b' | b'f' | b'p' | b'v' => b'1',
            b'c' | b'g' | b'j' | b'k' | b'q' | b's' | b'x' | b'z' => b'2',
            b'd' | b't' => b'3',
            b'l' => b'4',
            b'm' | b'n' => b'5',
            b'r' => b'6',
            b'h' | b'w' => b'h',
            _ => b'0',
        }
    }
    let letters: Vec<u8> = key.bytes().filter(u8::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    let Some(&first) = letters.first() else {
        return key.to_string();
    };
    let mut out = vec![first.to_ascii_uppercase()];
    let mut last = code(first);
    for &c in &letters[1..] {
        let d = code(c);
        if d == b'h' {
            continue; // h and w do not separate equal codes
        }
        if d != b'0' && d != last {
            out.push(d);
            if out.len() == 4 {
                break;
            }
        }
        last = d;
    }
    out.resize(4, b'0');
    String::from_utf8(out).unwrap_or_default()
}

/// What one part of a blocking rule takes from its column: `column` (its comparison key),
/// `column#year` (the year), `column#year1` (the year and the next: two records a year apart
/// share one), `column#given` / `column#surname` (parts of a parsed full name), `column#phonetic`
/// (Soundex of the key), `column#prefix` (first three characters of the key), `column#district`
/// (a postcode's outward code, its district: see [`postcode_district`]) and
/// `column#pair:other` (this key and `other`'s, in sorted order: a swapped surname and given name
/// give the same value). A missing value gives nothing.
enum Transform {
    Key,
    Year,
    Year1,
    Given,
    Surname,
    Phonetic,
    Prefix,
    District,
    Pair(Option<usize>),
}

/// One part of a rule, parsed once per run (not per record).
struct Part {
    column: Option<usize>,
    transform: Transform,
    /// For parts read from one column: the values each distinct value of the column gives, by
    /// value number (computed once per distinct value, not per record).
    table: Vec<Vec<u64>>,
}

/// Block keys are 64-bit hashes of the part values (foldhash with a fixed seed, so runs agree):
/// no string is built per record. Two different keys sharing a hash would only merge two blocks
/// (more pairs compared), at odds of about one in 2^64 per pair of keys.
fn hash_of<T: std::hash::Hash>(x: T) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x0b10_c4e5).hash_one(x)
}

/// The hashed values a prepared value gives under `transform` (not for `Pair`).
fn value_hashes(p: &crate::compare::Prepared, transform: &Transform, out: &mut Vec<u64>) {
    let text = |out: &mut Vec<u64>, v: &str| {
        if !v.is_empty() {
            out.push(hash_of(v));
        }
    };
    match transform {
        Transform::Year => out.extend(p.year.map(|y| hash_of(i64::from(y)))),
        Transform::Year1 => {
            if let Some(y) = p.year {
                out.push(hash_of(i64::from(y)));
                out.push(hash_of(i64::from(y) + 1));
            }
        }
        Transform::Given => text(out, &p.name.as_ref().map(|n| n.given.iter().collect::<String>()).unwrap_or_default()),
        Transform::Surname => text(out, p.name.as_ref().map_or("", |n| n.surname.as_str())),
        Transform::Phonetic if !p.key.is_empty() => text(out, &soundex(&p.key)),
        Transform::Prefix => text(out, &p.key.chars().take(3).collect::<String>()),
        Transform::District => text(out, &postcode_district(&p.value)),
        _ => text(out, &p.key),
    }
}

/// A postcode's district (its outward code), lower-cased, letters and digits only: the part
/// before the space when it is written with one ("E1 6AN" gives "e1", "TQ13 8DF" "tq13"); written
/// without one, everything before the inward code, which in the UK is always the last three
/// characters, a digit and two letters ("E16AN" gives "e1", "tq138df" "tq13"). A value of
/// another shape without a space (a bare outward code, a ZIP code) is its own district. A
/// postcode's first characters are not its district: "E1 6AN" and "E16 1AA" share "e16", and
/// "TQ13 8DF" gives "tq1" like "TQ1 1AA". Hand-written: no crate in the offline dependency set
/// parses postcodes, and the outward code is one split.
pub fn postcode_district(value: &str) -> String {
    let value = value.trim();
    let alnum = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    if let Some((outward, _)) = value.split_once(char::is_whitespace) {
        return alnum(outward);
    }
    let key = alnum(value);
    let c: Vec<char> = key.chars().collect();
    let n = c.len();
    // A code of digits then letters (Dutch "1012AB") has its digits as the district, as when
    // written "1012 AB"; a UK outward code opens with a letter.
    if c.first().is_some_and(char::is_ascii_digit) && c.last().is_some_and(|x| x.is_alphabetic()) {
        return c.iter().take_while(|x| x.is_ascii_digit()).collect();
    }
    // The shortest UK postcode ("e16an") has five characters: a two-character outward code and
    // the three of the inward one.
    if n >= 5
        && c[0].is_alphabetic()
        && c[n - 3].is_ascii_digit()
        && c[n - 2].is_ascii_alphabetic()
        && c[n - 1].is_ascii_alphabetic()
    {
        c[..n - 3].iter().collect()
    } else {
        key
    }
}

/// The columns one part of a blocking rule reads (its own, and the other of a `#pair:`).
pub fn part_columns(part: &str) -> impl Iterator<Item = &str> {
    let (name, transform) = part.split_once('#').unwrap_or((part, ""));
    std::iter::once(name).chain(transform.strip_prefix("pair:"))
}

/// Whether `rule` reads the column `name`.
pub fn rule_reads(rule: &[String], name: &str) -> bool {
    rule.iter().any(|part| part_columns(part).any(|c| c == name))
}

/// The next index at or after `from` (below `len`) when each index is kept with probability `q`,
/// independently: a geometric skip, so sampling costs the kept pairs, not every pair.
fn sample_skip(rng: &mut SplitMix, q: f64, from: usize, len: usize) -> Option<usize> {
    if from >= len {
        return None;
    }
    // A uniform draw in (0, 1]: the skip is floor(ln u / ln(1 - q)).
    let u = ((rng.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
    let skip = (u.ln() / (-q).ln_1p()).floor();
    (skip < (len - from) as f64).then(|| from + skip as usize)
}

impl Linker {
    /// Index of the column named `name`.
    pub(crate) fn column_index(&self, name: &str) -> Option<usize> {
        self.config.columns.iter().position(|col| col.name == name)
    }

    /// A rule's parts, parsed, each with its values per distinct value of its column.
    fn parse_rule(&self, rule: &[String]) -> Vec<Part> {
        rule.iter()
            .map(|part| {
                let (name, transform) = part.split_once('#').unwrap_or((part, ""));
                let transform = match transform {
                    "year" => Transform::Year,
                    "year1" => Transform::Year1,
                    "given" => Transform::Given,
                    "surname" => Transform::Surname,
                    "phonetic" => Transform::Phonetic,
                    "prefix" => Transform::Prefix,
                    "district" => Transform::District,
                    t if t.starts_with("pair:") => Transform::Pair(self.column_index(&t[5..])),
                    _ => Transform::Key,
                };
                let column = self.column_index(name);
                let table = match (column.map(|c| self.slots[c]), &transform) {
                    (Some(slot), t) if slot != usize::MAX && !matches!(t, Transform::Pair(_)) => self.values[slot]
                        .iter()
                        .enumerate()
                        .map(|(v, p)| {
                            let mut out = Vec::new();
                            if v != 0 {
                                value_hashes(p, t, &mut out);
                            }
                            out
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                Part { column, transform, table }
            })
            .collect()
    }

    /// Every key a rule's `parts` give `record`, into `keys` (several when a part gives several
    /// values; none when a part is missing).
    fn block_keys(&self, record: usize, parts: &[Part], keys: &mut Vec<u64>, values: &mut Vec<u64>) {
        keys.clear();
        keys.push(0);
        for part in parts {
            values.clear();
            let Some(c) = part.column else {
                keys.clear();
                return;
            };
            match part.transform {
                Transform::Pair(other) => {
                    let key = self.cell(record, c).key.as_str();
                    let other = other.map(|o| self.cell(record, o).key.as_str()).unwrap_or("");
                    if !key.is_empty() && !other.is_empty() {
                        values.push(hash_of((key.min(other), key.max(other))));
                    }
                }
                _ => {
                    if let Some(v) =
                        part.table.get(self.cells.get(self.slots[c]).map_or(0, |cells| cells[record] as usize))
                    {
                        values.extend_from_slice(v);
                    }
                }
            }
            if values.is_empty() {
                keys.clear();
                return;
            }
            if values.len() == 1 {
                keys.iter_mut().for_each(|k| *k = hash_of((*k, values[0])));
            } else {
                *keys = keys.iter().flat_map(|&k| values.iter().map(move |&v| hash_of((k, v)))).collect();
            }
        }
    }

    /// The order in which an oversized block's records are windowed: the keys of the compared
    /// columns the rule does not use (`unread`), so that records alike on the rest sit side by
    /// side.
    fn window_key(&self, record: usize, unread: &[usize]) -> String {
        let mut key = String::new();
        for &c in unread {
            key.push_str(&self.cell(record, c).key);
            key.push('\u{1f}');
        }
        key
    }

    /// Per prediction rule, the compared fields that say nothing within one of its oversized
    /// blocks (bit `f` for compared field `f`; fields past the 64th are never counted): those it
    /// reads, and the person's name and birth year (a block grows oversized on a common name and
    /// year, so in it their agreement is the rule, not evidence).
    pub(crate) fn rule_fields(&self) -> Vec<u64> {
        let bits = |read: &dyn Fn(usize) -> bool| {
            self.compared
                .iter()
                .enumerate()
                .take(64)
                .fold(0u64, |acc, (f, &c)| if read(c) { acc | (1 << f) } else { acc })
        };
        let name_and_year = bits(&|c| {
            let role = self.config.columns[c].role;
            crate::namesakes::is_person_name(role) || matches!(role, Role::BirthYear | Role::Age | Role::Dob)
        });
        self.config
            .blocking
            .iter()
            .map(|rule| name_and_year | bits(&|c| rule_reads(rule, &self.config.columns[c].name)))
            .collect()
    }

    /// Whether a pair found only in large blocks (`mask`; see [`WINDOWED_ONLY`]) shows enough
    /// evidence beyond the name, the birth year and the columns of the rules that found it: the
    /// weights (with term frequencies) of the other fields must reach `log2` of the smallest such
    /// block's size, the information needed to tell one person from the rest of a block that all
    /// share a common name and year. Pairs some rule found in a smaller block always pass. The
    /// name's evidence (its weights and [`Linker::name_tf_adjustment`]) never counts here: every
    /// prediction rule's fields include the name ([`Linker::rule_fields`]), which is what the
    /// block's members share.
    pub(crate) fn window_evidence_holds(
        &self,
        model: &crate::model::Model,
        a: usize,
        levels: &[u8],
        mask: u32,
        rule_fields: &[u64],
    ) -> bool {
        let Some(needed) = window_evidence_needed(mask) else {
            return true;
        };
        let rules = rules_of(mask);
        let read = rule_fields
            .iter()
            .enumerate()
            .filter(|(r, _)| *r < 24 && rules & (1 << r) != 0)
            .fold(0u64, |acc, (_, f)| acc | f);
        let mut extra = 0.0;
        for (f, &l) in levels.iter().enumerate() {
            if f < 64 && read & (1 << f) != 0 || l == crate::compare::NULL {
                continue;
            }
            extra += model.weight(f, l) + self.tf_adjustment(f, a, l);
        }
        extra >= f64::from(needed)
    }

    /// The compared columns that can give a pair found only in a large block the evidence it
    /// needs ([`Linker::window_evidence_holds`]), each with its key per distinct value: neither
    /// the person's name nor the birth year (which the gate never counts), and informative on
    /// agreement: two records drawn at random share its key at most [`SPLIT_CHANCE`] of the
    /// time (a sex or a province is agreed by a quarter of all pairs and cannot pick one person
    /// out of a block of a hundred).
    fn evidence_columns(&self) -> Vec<(usize, Part)> {
        self.compared
            .iter()
            .copied()
            .filter(|&c| {
                let role = self.config.columns[c].role;
                !crate::namesakes::is_person_name(role) && !matches!(role, Role::BirthYear | Role::Age | Role::Dob)
            })
            .filter_map(|c| {
                let part = self.parse_rule(std::slice::from_ref(&self.config.columns[c].name)).pop()?;
                let cells = self.cells.get(self.slots[c])?;
                // How many records hold each key (by its first hash), among records with one.
                let mut counts: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
                let mut holding = 0usize;
                for &v in cells.iter() {
                    if let Some(&h) = part.table.get(v as usize).and_then(|t| t.first()) {
                        *counts.entry(h).or_default() += 1;
                        holding += 1;
                    }
                }
                let chance: f64 = counts.values().map(|&n| (n as f64 / holding.max(1) as f64).powi(2)).sum();
                (holding > 0 && chance <= SPLIT_CHANCE).then_some((c, part))
            })
            .collect()
    }

    /// Pairs of a large block that [`Linker::split_by_evidence`] leaves out (the two records
    /// share no key of the `evidence` columns), one in [`LEFT_OUT_SAMPLE`], drawn by skips from
    /// a generator seeded by the run's seed, the rule and the block, pushed with `bits`.
    fn sample_left_out(
        &self,
        members: &[u32],
        evidence: &[&(usize, Part)],
        bits: u32,
        block: usize,
        out: &mut Vec<(u64, u32)>,
    ) {
        let keys = |r: u32| -> Vec<u64> {
            let mut k = Vec::new();
            for &(c, ref part) in evidence.iter().copied() {
                if let Some(cells) = self.cells.get(self.slots[c])
                    && let Some(hashes) = part.table.get(cells[r as usize] as usize)
                {
                    k.extend(hashes.iter().map(|&h| hash_of((c, h))));
                }
            }
            k
        };
        let record_keys: Vec<Vec<u64>> = members.iter().map(|&r| keys(r)).collect();
        let q = 1.0 / LEFT_OUT_SAMPLE as f64;
        let mut rng = SplitMix(self.options.seed ^ ((block as u64) << 32) ^ u64::from(bits & RULE_BITS) ^ 0x5eed);
        let link = self.two_files();
        for x in 0..members.len() {
            let mut next = x + 1;
            while let Some(y) = sample_skip(&mut rng, q, next, members.len()) {
                next = y + 1;
                let (a, b) = (members[x], members[y]);
                if (link && self.file[a as usize] == self.file[b as usize])
                    || record_keys[x].iter().any(|k| record_keys[y].contains(k))
                {
                    continue;
                }
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                out.push(((u64::from(lo) << 32) | u64::from(hi), bits));
            }
        }
    }

    /// Whether `rule`'s key holds the person's whole name as written (compared keys, not sounds
    /// or first letters): a full-name column whole, or a surname and a given name (either side of
    /// a `#pair:`).
    fn reads_whole_name(&self, rule: &[String]) -> bool {
        let role = |name: &str| self.column_index(name).map(|c| self.config.columns[c].role);
        let (mut surname, mut given) = (false, false);
        for part in rule {
            let (name, transform) = part.split_once('#').unwrap_or((part, ""));
            let read: Vec<Option<Role>> = match transform {
                "" => vec![role(name)],
                t if t.starts_with("pair:") => vec![role(name), role(&t[5..])],
                _ => Vec::new(),
            };
            for r in read {
                match r {
                    Some(Role::FullName) => return true,
                    Some(Role::Surname) => surname = true,
                    Some(Role::GivenName) => given = true,
                    _ => {}
                }
            }
        }
        surname && given
    }

    /// A large block's parts: the records sharing the key of one of the `evidence` columns
    /// ([`Linker::evidence_columns`] the rule does not read), one part per shared key (a record
    /// in as many parts as it has such values). A pair found only in a block of more than
    /// [`COMMON_BLOCK`] records is linked only with `log2(size)` bits of evidence beyond the
    /// name, the birth year and the rule's columns, and a pair that agrees on none of the other
    /// informative columns cannot show them: comparing it costs a pair and buys nothing.
    /// Records with no such value are in no part.
    fn split_by_evidence(&self, members: &[u32], evidence: &[&(usize, Part)]) -> Vec<Vec<u32>> {
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(members.len() * evidence.len());
        for &(c, ref part) in evidence.iter().copied() {
            let Some(cells) = self.cells.get(self.slots[c]) else { continue };
            for &r in members {
                if let Some(hashes) = part.table.get(cells[r as usize] as usize) {
                    keyed.extend(hashes.iter().map(|&h| (hash_of((c, h)), r)));
                }
            }
        }
        keyed.sort_unstable();
        let mut parts = Vec::new();
        let mut start = 0;
        for end in 1..=keyed.len() {
            if end == keyed.len() || keyed[end].0 != keyed[start].0 {
                if end - start >= 2 {
                    parts.push(keyed[start..end].iter().map(|&(_, r)| r).collect());
                }
                start = end;
            }
        }
        parts
    }

    /// Candidate pairs from the blocking rules (with the set of rules that produced each, as a bit
    /// mask), and the blocks too large to compare in full (compared in windows instead).
    pub fn candidates(&self, progress: &dyn Progress) -> Result<Candidates, LinkError> {
        let mut skipped = Vec::new();
        progress.stage("blocking", self.config.blocking.len() as u64);
        let (pairs, masks) =
            self.rule_pairs(&self.config.blocking, 0, None, &mut skipped, &mut Vec::new(), progress)?;
        Ok((pairs, masks, skipped))
    }

    /// [`Linker::candidates`], and a sample of the pairs that splitting large blocks left out
    /// (one in [`LEFT_OUT_SAMPLE`], with the masks the whole block would have given them; none
    /// of them a candidate): they are compared only to train the model, which then reads the
    /// same population of pairs as when large blocks were compared whole.
    pub(crate) fn candidates_and_left_out(
        &self,
        progress: &dyn Progress,
    ) -> Result<(Candidates, PairsAndMasks), LinkError> {
        let mut skipped = Vec::new();
        let mut left_out = Vec::new();
        progress.stage("blocking", self.config.blocking.len() as u64);
        let (pairs, masks) = self.rule_pairs(&self.config.blocking, 0, None, &mut skipped, &mut left_out, progress)?;
        // Sorted and joined as candidates are, then without the pairs another rule (or another
        // part) made candidates: those are counted once, as candidates.
        left_out.sort_unstable();
        let (left_pairs, left_masks) = join_sorted(left_out);
        let (mut kept_pairs, mut kept_masks) = (Vec::new(), Vec::new());
        for (p, m) in left_pairs.into_iter().zip(left_masks) {
            if pairs.binary_search(&p).is_err() {
                kept_pairs.push(p);
                kept_masks.push(m);
            }
        }
        Ok(((pairs, masks, skipped), (kept_pairs, kept_masks)))
    }

    /// Pairs found by `rules`, numbering the rules from `first_bit`; with `cap`, each rule's pairs
    /// are sampled down to about that many.
    pub(crate) fn rule_pairs(
        &self,
        rules: &[Vec<String>],
        first_bit: usize,
        cap: Option<usize>,
        skipped: &mut Vec<SkippedBlock>,
        left_out: &mut Vec<(u64, u32)>,
        progress: &dyn Progress,
    ) -> Result<PairsAndMasks, LinkError> {
        let link = self.two_files();
        // Sampled training rules keep their blocks whole.
        let evidence = if cap.is_none() { self.evidence_columns() } else { Vec::new() };
        if cap.is_none() && std::env::var_os("ATTEST_LINK_TIMING").is_some() {
            let names: Vec<&str> = evidence.iter().map(|(c, _)| self.config.columns[*c].name.as_str()).collect();
            eprintln!("timing: large blocks split by {names:?}");
        }
        // Rules are independent: build their blocks and pairs on separate threads.
        let indexed: Vec<(usize, &Vec<String>)> = rules.iter().enumerate().collect();
        let mut per_rule: Vec<RulePairs> = parallel_map(&self.pool, &indexed, |&(i, rule)| {
            let mut pairs: Vec<(u64, u32)> = Vec::new();
            let mut skipped: Vec<SkippedBlock> = Vec::new();
            let mut sampled: Vec<(u64, u32)> = Vec::new();
            let rule_bit = 1u32 << (first_bit + i).min(23);
            // Every (key, record), sorted: a block is a run of one key, its records in order.
            let parts = self.parse_rule(rule);
            let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(self.records);
            let (mut keys, mut values) = (Vec::new(), Vec::new());
            for r in 0..self.records {
                self.block_keys(r, &parts, &mut keys, &mut values);
                keyed.extend(keys.iter().map(|&k| (k, r as u32)));
            }
            keyed.sort_unstable();
            let records: Vec<u32> = keyed.iter().map(|&(_, r)| r).collect();
            let mut blocks: Vec<&[u32]> = Vec::new();
            let mut start = 0;
            for end in 1..=keyed.len() {
                if end == keyed.len() || keyed[end].0 != keyed[start].0 {
                    blocks.push(&records[start..end]);
                    start = end;
                }
            }
            drop(keyed);
            // Blocks compared in full, and blocks too large for that (over `max_block`), compared
            // in windows; each with the size of the block it comes from. Past
            // `Options::pairs_per_record` pairs per record, a rule's largest blocks (the most
            // common values, which say least on their own) are windowed too.
            let mut full: Vec<(Cow<[u32]>, usize)> = Vec::new();
            let mut windowed: Vec<(Cow<[u32]>, usize)> = Vec::new();
            let mut total = 0usize;
            for members in blocks {
                if members.len() < 2 {
                    continue;
                }
                if members.len() > self.config.max_block {
                    total += members.len() * WINDOW;
                    windowed.push((Cow::Borrowed(members), members.len()));
                } else {
                    total += members.len() * (members.len() - 1) / 2;
                    full.push((Cow::Borrowed(members), members.len()));
                }
            }
            let budget = self.options.pairs_per_record * self.records;
            if cap.is_none() && total > budget {
                full.sort_by_key(|m| std::cmp::Reverse(m.0.len()));
                let mut moved = 0;
                while total > budget && moved < full.len() {
                    let size = full[moved].0.len();
                    total = total - size * (size - 1) / 2 + size * WINDOW;
                    moved += 1;
                }
                windowed.extend(full.drain(..moved));
            }
            // A block of more than `COMMON_BLOCK` records that would be compared in full is
            // split by the other informative columns the rule does not read: its pairs are those
            // that share the key of one of them, and keep the whole block's size for the
            // evidence they need. Blocks of one whole name are kept whole: their members are
            // namesakes, and their compared disagreements (another birth year, another origin)
            // are what keeps the namesakes' clusters apart. Windowed blocks stay windowed as
            // before (splitting them too gave a million records more pairs, not fewer: their
            // parts fell within the budget and were compared in full). A sample of the pairs a
            // split leaves out trains the model (`Linker::sample_left_out`).
            let split: Vec<&(usize, Part)> = if self.reads_whole_name(rule) {
                Vec::new()
            } else {
                evidence.iter().filter(|(c, _)| !rule_reads(rule, &self.config.columns[*c].name)).collect()
            };
            if !split.is_empty() {
                let mut parts = Vec::with_capacity(full.len());
                for (block, (members, from)) in full.drain(..).enumerate() {
                    if from > COMMON_BLOCK {
                        self.sample_left_out(&members, &split, rule_bit | windowed_bits(from), block, &mut sampled);
                        parts.extend(
                            self.split_by_evidence(&members, &split).into_iter().map(|p| (Cow::Owned(p), from)),
                        );
                    } else {
                        parts.push((members, from));
                    }
                }
                full = parts;
            }
            // Keep a pair with probability cap / total, decided by a hash of the pair so runs agree.
            let keep_below =
                cap.map(|c| if total > c { (c as f64 / total as f64 * u64::MAX as f64) as u64 } else { u64::MAX });
            // `drawn`: the pair was already sampled (skipped to), not to be tested again.
            let mut push = |a: u32, b: u32, bits: u32, drawn: bool| {
                if link && self.file[a as usize] == self.file[b as usize] {
                    return;
                }
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                let key = (u64::from(lo) << 32) | u64::from(hi);
                if !drawn
                    && let Some(limit) = keep_below
                    && SplitMix(key ^ self.options.seed).next() > limit
                {
                    return;
                }
                pairs.push((key, bits));
            };
            // Sampled rules skip between kept pairs instead of testing each (a million records
            // hold about a billion same-year, same-origin pairs).
            let keep_share = keep_below.filter(|&l| l < u64::MAX).map(|l| l as f64 / u64::MAX as f64);
            for (block, (members, from)) in full.iter().enumerate() {
                // A large block compared in full holds namesakes as a window does: its pairs need
                // the same evidence beyond the rule's key.
                let bits = if *from > COMMON_BLOCK { rule_bit | windowed_bits(*from) } else { rule_bit };
                match keep_share {
                    Some(q) => {
                        let mut rng = SplitMix(self.options.seed ^ ((block as u64) << 32) ^ rule_bit as u64);
                        for (x, &a) in members.iter().enumerate() {
                            let mut next = x + 1;
                            while let Some(y) = sample_skip(&mut rng, q, next, members.len()) {
                                push(a, members[y], bits, true);
                                next = y + 1;
                            }
                        }
                    }
                    None => {
                        for (x, &a) in members.iter().enumerate() {
                            for &b in &members[x + 1..] {
                                push(a, b, bits, false);
                            }
                        }
                    }
                }
            }
            let unread: Vec<usize> =
                self.compared.iter().copied().filter(|&c| !rule_reads(rule, &self.config.columns[c].name)).collect();
            for (members, from) in windowed {
                if cap.is_none() {
                    skipped.push(SkippedBlock { rule: rule.join(" + "), records: members.len(), window: WINDOW });
                }
                let bits = rule_bit | windowed_bits(from);
                let mut keyed: Vec<(String, u32)> =
                    members.iter().map(|&r| (self.window_key(r as usize, &unread), r)).collect();
                keyed.sort_unstable();
                for (x, (_, a)) in keyed.iter().enumerate() {
                    for (_, b) in &keyed[x + 1..(x + 1 + WINDOW).min(keyed.len())] {
                        push(*a, *b, bits, false);
                    }
                }
            }
            progress.advance(1);
            if std::env::var_os("ATTEST_LINK_TIMING").is_some() {
                eprintln!("timing: rule {:<50} {:>9} pairs", rule.join(" + "), pairs.len());
            }
            (pairs, skipped, sampled)
        })?;
        for r in per_rule.iter_mut() {
            left_out.append(&mut r.2);
        }
        if self.records <= PACKED_RECORDS {
            let per_rule: Vec<Vec<(u64, u32)>> = per_rule
                .into_iter()
                .map(|(p, sk, _)| {
                    skipped.extend(sk);
                    p
                })
                .collect();
            return Ok(join_finds_packed(&per_rule, self.records, &self.pool));
        }
        // The rules' pairs joined into the largest rule's list (growing it in place: a copy of
        // every list at once would double the peak memory of a million records' tens of millions
        // of pairs).
        let total: usize = per_rule.iter().map(|r| r.0.len()).sum();
        let largest = per_rule.iter().enumerate().max_by_key(|(_, r)| r.0.len()).map_or(0, |(i, _)| i);
        let mut pairs: Vec<(u64, u32)> =
            per_rule.get_mut(largest).map(|r| std::mem::take(&mut r.0)).unwrap_or_default();
        pairs.reserve_exact(total - pairs.len());
        for (p, sk, _) in per_rule {
            pairs.extend(p);
            skipped.extend(sk);
        }
        // Sorted by pair (the order of one pair's finds does not matter: joining their bits below
        // gives the same mask in any order).
        if pairs.len() <= RADIX_SORT_MAX {
            radix_sort_pairs(&mut pairs, self.records);
        } else {
            use rayon::slice::ParallelSliceMut;
            self.pool.install(|| pairs.par_sort_unstable());
        }
        Ok(join_sorted(pairs))
    }
}

#[cfg(test)]
mod tests;
