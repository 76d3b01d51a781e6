//! Record linkage: find the same person across testimonies and lists, in Hangul and every
//! romanization, and keep different people with the same common name apart.
//!
//! A pure engine (records in; clusters, pair scores and diagnostics out) in the Fellegi-Sunter
//! tradition:
//! 1. each column gets a role (inferred from its header and values, or configured) and a
//!    comparator with agreement levels ([`compare`]); Korean columns compare romanization-
//!    insensitive keys, surnames through the variant table, places through aliases;
//! 2. blocking rules choose the candidate pairs ([`roles::default_blocking`]);
//! 3. m and u probabilities are estimated without labels by EM ([`model`]), with term-frequency
//!    adjustment so that agreeing on "Kim" counts for less than agreeing on a rare name;
//! 4. pairs above a threshold are clustered from the strongest link down, refusing merges that
//!    would join records already judged clearly different ([`cluster`]); two files are linked
//!    one-to-one;
//! 5. a review file of human decisions overrides the model.

pub mod cluster;
pub mod compare;
pub mod csv_input;
pub mod eval;
pub mod model;
pub mod roles;
pub mod synth;
pub mod synth_unseen;

use std::collections::HashMap;

use serde::Serialize;

use compare::{NULL, Prepared, level, level_count, level_names, prepare};
use model::{Model, probability};
pub use roles::{ColumnConfig, LinkConfig, Role, infer_config};

/// The largest share of true matches assumed to have entirely different values in a name field.
pub const MAX_NAME_DISAGREEMENT: f64 = 0.05;

/// The largest share of true matches assumed to have birth years three or more years apart.
pub const MAX_FAR_YEAR_SHARE: f64 = 0.05;

/// One rule's packed pairs (`lo << 32 | hi`, rule bit) and the blocks it skipped.
type RulePairs = (Vec<(u64, u32)>, Vec<SkippedBlock>);

/// Candidate pairs (record indices) and, per pair, the bit mask of the rules that found it.
type PairsAndMasks = (Vec<(u32, u32)>, Vec<u32>);

/// Candidate pairs, their rule masks, and the blocks skipped.
type Candidates = (Vec<(u32, u32)>, Vec<u32>, Vec<SkippedBlock>);

/// Most candidate pairs one blocking rule may contribute, per record.
pub const MAX_PAIRS_PER_RECORD: usize = 15;

/// Records to link: one file to deduplicate, or two files to link (file index 0 or 1 per row).
#[derive(Debug, Clone)]
pub struct Input {
    /// Header names, shared by both files.
    pub headers: Vec<String>,
    /// Rows of values (`""` for missing), each as long as `headers`.
    pub rows: Vec<Vec<String>>,
    /// Which file each row came from.
    pub file: Vec<u8>,
    /// Index of the record-id column.
    pub id_column: usize,
}

/// A human decision about a pair, overriding the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// One record id.
    pub a: String,
    /// The other.
    pub b: String,
    /// Same person (`true`) or not.
    pub same: bool,
}

/// Tuning that rarely needs changing.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Seed of the random-pair sample that starts u.
    pub seed: u64,
    /// Threads for preparing and comparing.
    pub threads: usize,
    /// Random pairs sampled for u.
    pub random_pairs: usize,
    /// Compared pairs below this probability may not end up in one cluster.
    pub cannot_link_below: f64,
    /// Keep the raw values so [`Linker::explain`] can show them (costs memory on large inputs).
    pub keep_values: bool,
    /// Two clusters merge only if the mean probability of their compared cross pairs is at least
    /// this (average evidence, not one strong link).
    pub merge_mean_at_least: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 42,
            threads: 2,
            random_pairs: 200_000,
            cannot_link_below: 0.3,
            keep_values: true,
            merge_mean_at_least: 0.6,
        }
    }
}

/// Where a long run reports progress.
pub trait Progress: Sync {
    /// A new stage with `total` steps.
    fn stage(&self, name: &str, total: u64);
    /// `n` more steps done.
    fn advance(&self, n: u64);
}

/// Progress that goes nowhere.
pub struct NoProgress;
impl Progress for NoProgress {
    fn stage(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Why linkage could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The configuration names a column the file lacks (or misses one it has).
    #[error("configuration: {0}")]
    Config(String),
    /// Two records share an id.
    #[error("record id '{id}' appears twice (rows {first} and {second})")]
    DuplicateId {
        /// The id.
        id: String,
        /// First row (1-based, data rows).
        first: usize,
        /// Second row.
        second: usize,
    },
    /// Nothing to compare.
    #[error("no column to compare: give at least one column a role other than id, source or ignore")]
    NothingToCompare,
    /// A worker thread failed (a bug): the run stops rather than return a partial result.
    #[error("a linkage worker failed: {0}")]
    Worker(String),
}

/// Diagnostics of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// `dedupe` or `link`.
    pub mode: &'static str,
    /// Records read.
    pub records: usize,
    /// Candidate pairs compared.
    pub candidate_pairs: usize,
    /// Blocks skipped as too large (with their rule and size).
    pub skipped_blocks: Vec<SkippedBlock>,
    /// Pairs at or above the threshold.
    pub links: usize,
    /// Clusters output.
    pub clusters: usize,
    /// Human decisions applied.
    pub review_decisions: usize,
    /// Threshold used.
    pub threshold: f64,
    /// Candidate pairs refused as decisive disagreements (different sex, birth years far apart,
    /// siblings).
    pub cannot_links: usize,
    /// Sizes of the largest clusters, largest first.
    pub largest_clusters: Vec<usize>,
    /// Clusters larger than `oversized_at`: likely chains of different people; review them.
    pub oversized_clusters: usize,
    /// The size above which a cluster is reported as oversized (three times the 99th-percentile
    /// size of multi-record clusters, at least 8).
    pub oversized_at: usize,
    /// Implausible estimates that were constrained, and other cautions.
    pub warnings: Vec<String>,
    /// Estimated share of true pairs that the blocking rules found (capture-recapture over the
    /// rules; `None` with fewer than two rules or too few links).
    pub blocking_recall: Option<f64>,
}

/// A block too large to compare in full.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedBlock {
    /// The blocking rule.
    pub rule: String,
    /// How many records shared the key.
    pub records: usize,
}

/// The outcome.
#[derive(Debug, Clone, Serialize)]
pub struct LinkResult {
    /// Cluster label per record (input order).
    #[serde(skip)]
    pub labels: Vec<usize>,
    /// The fitted model.
    pub model: Model,
    /// Diagnostics.
    pub summary: Summary,
    /// Every candidate pair with its match probability (record indices).
    #[serde(skip)]
    pub pairs: Vec<(u32, u32, f32)>,
}

/// One field of an explanation.
#[derive(Debug, Clone, Serialize)]
pub struct FieldExplanation {
    /// Column.
    pub column: String,
    /// Value in the first record.
    pub a: String,
    /// Value in the second.
    pub b: String,
    /// Comparison level (name), or "missing".
    pub level: String,
    /// Its weight (log2 m/u), 0 when missing.
    pub weight: f64,
    /// Term-frequency adjustment added.
    pub tf_adjustment: f64,
}

/// Why two records score as they do.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Record ids.
    pub records: (String, String),
    /// Prior log2 odds.
    pub prior: f64,
    /// Per field.
    pub fields: Vec<FieldExplanation>,
    /// Total log2 odds.
    pub total: f64,
    /// Match probability (0 when a decisive disagreement forbids the link).
    pub probability: f64,
    /// Why the pair cannot be one person, when it cannot (different sex, birth years far apart,
    /// siblings).
    pub cannot_link: Option<String>,
    /// Columns not compared, each with why (merged into another, ignored, or not a comparison).
    pub not_compared: Vec<(String, String)>,
}

/// Prepared records and everything needed to score pairs.
pub struct Linker {
    config: LinkConfig,
    compared: Vec<usize>,
    prepared: Vec<Vec<Prepared>>,
    file: Vec<u8>,
    ids: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Per record, per compared field: the term-frequency adjustment for agreement at level 0
    /// and at level 1, computed once (looking values up per pair would dominate the run time).
    tf_values: Vec<Vec<[f32; 2]>>,
    /// Where each column's prepared value sits in a record's `prepared` (`usize::MAX`: not kept).
    slots: Vec<usize>,
    /// Positions, among the compared fields, of the given name and the surname (for swaps).
    name_fields: Option<(usize, usize)>,
    /// Roles of the compared fields that the family rules and decisive disagreements read.
    kin: Kinship,
    options: Options,
    pool: rayon::ThreadPool,
}

static EMPTY: Prepared = Prepared {
    value: String::new(),
    key: String::new(),
    key_chars: Vec::new(),
    chars: Vec::new(),
    year: None,
    month_day: None,
    name: None,
};

/// Value frequencies of one column, for term-frequency adjustment.
struct TermFrequencies {
    freq: HashMap<String, f64>,
    key_freq: HashMap<String, f64>,
    mean_agreeing: f64,
    mean_agreeing_key: f64,
}

fn mean_agreeing(freq: &HashMap<String, f64>) -> f64 {
    let (s2, s3): (f64, f64) = freq.values().fold((0.0, 0.0), |(a, b), f| (a + f * f, b + f * f * f));
    if s2 > 0.0 { s3 / s2 } else { 1.0 }
}

fn tf_adjust(mean: f64, f: Option<&f64>) -> f64 {
    match f {
        Some(f) if *f > 0.0 => (mean / f).log2().clamp(-5.0, 5.0),
        _ => 0.0,
    }
}

/// The surname and given name of a row: from their columns, swapped back when a Korean clerk
/// wrote them the other way round, and filled from the full name where empty.
fn fill_name_parts(config: &LinkConfig, row: &[String], s: usize, g: usize, full: Option<usize>) -> (String, String) {
    let (mut sur, mut given) = (row[s].trim().to_string(), row[g].trim().to_string());
    let korean = config.columns[s].korean || config.columns[g].korean;
    if korean
        && !sur.is_empty()
        && !given.is_empty()
        && attest_korean::names::surname_key(&sur).is_none()
        && attest_korean::names::surname_key(&given).is_some()
    {
        std::mem::swap(&mut sur, &mut given);
    }
    if let Some(f) = full
        && (sur.is_empty() || given.is_empty())
    {
        let text = row[f].trim();
        let split = if korean || config.columns[f].korean {
            attest_korean::names::split_person_name(text)
        } else {
            // Western order unless a known part says otherwise: given names first, surname last.
            let tokens: Vec<&str> = text.split_whitespace().collect();
            match tokens.len() {
                0 | 1 => None,
                n if !given.is_empty() && tokens[n - 1].eq_ignore_ascii_case(&given) => {
                    Some((tokens[..n - 1].join(" "), tokens[n - 1].to_string()))
                }
                n => Some((tokens[n - 1].to_string(), tokens[..n - 1].join(" "))),
            }
        };
        if let Some((fs, fg)) = split {
            if sur.is_empty() {
                sur = fs;
            }
            if given.is_empty() {
                given = fg;
            }
        }
    }
    (sur, given)
}

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
        match m.count_ones() {
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

/// Birth years at least this far apart (both given) mean two people, whatever else agrees.
pub const DECISIVE_YEAR_GAP: u32 = 5;

/// Positions, among the compared fields, of what tells a person from their relatives.
#[derive(Debug, Clone, Default)]
struct Kinship {
    given: Option<usize>,
    surname: Option<usize>,
    year: Option<usize>,
    /// A full date of birth: typos in its digits make its year unreliable for decisive
    /// disagreement, so it only ever confirms (level "birth year within 1" or closer).
    dob: Option<usize>,
    sex: Option<usize>,
    family: Vec<usize>,
}

impl Kinship {
    /// The given name agrees (up to spelling or one edit) or the birth year is within one.
    fn person_agrees(&self, linker: &Linker, a: usize, b: usize, levels: &[u8]) -> bool {
        // Exact or the same name in another spelling: siblings often share one syllable of
        // their given names, so "one letter off" is not enough here.
        let given = self.given.is_some_and(|f| levels[f] != NULL && levels[f] <= 1);
        let dob = self.dob.is_some_and(|f| levels[f] != NULL && levels[f] <= 3);
        given || dob || self.year_gap(linker, a, b).is_some_and(|g| g <= 1)
    }

    /// Years between the two records' birth years, when both are known.
    fn year_gap(&self, linker: &Linker, a: usize, b: usize) -> Option<u32> {
        let c = linker.compared[self.year?];
        let (x, y) = (linker.cell(a, c).year?, linker.cell(b, c).year?);
        Some(x.abs_diff(y))
    }
}

/// A small deterministic generator for sampling random pairs (no dependency needed).
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Maps `f` over `items` on `pool`, keeping their order. A panic in any worker becomes
/// [`LinkError::Worker`]: a failed worker must never shorten the result silently.
pub fn parallel_map<T: Sync, R: Send>(
    pool: &rayon::ThreadPool,
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>, LinkError> {
    use rayon::prelude::*;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pool.install(|| items.par_iter().map(&f).collect())))
        .map_err(|payload| {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            LinkError::Worker(message)
        })
}

/// A pool of `threads` workers (at least one).
pub fn worker_pool(threads: usize) -> Result<rayon::ThreadPool, LinkError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| LinkError::Worker(format!("cannot start worker threads: {e}")))
}

impl Linker {
    /// Checks the configuration against the input and prepares every record (copying the input;
    /// see [`Linker::from_input`] to hand it over instead).
    pub fn new(
        input: &Input,
        config: &LinkConfig,
        options: Options,
        progress: &dyn Progress,
    ) -> Result<Linker, LinkError> {
        Linker::from_input(input.clone(), config, options, progress)
    }

    /// Like [`Linker::new`], taking the input by value so large inputs are not held twice.
    pub fn from_input(
        input: Input,
        config: &LinkConfig,
        options: Options,
        progress: &dyn Progress,
    ) -> Result<Linker, LinkError> {
        let names: Vec<&str> = config.columns.iter().map(|c| c.name.as_str()).collect();
        if names != input.headers.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(LinkError::Config(format!(
                "columns [{}] do not match the file's header [{}]",
                names.join(", "),
                input.headers.join(", ")
            )));
        }
        for rule in config.blocking.iter().chain(&config.training_blocking) {
            for part in rule {
                let base = part.split('#').next().unwrap_or("");
                if !input.headers.iter().any(|h| h == base) {
                    return Err(LinkError::Config(format!("blocking rule names unknown column '{base}'")));
                }
            }
        }
        let ids: Vec<String> = input.rows.iter().map(|r| r[input.id_column].trim().to_string()).collect();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(first) = seen.insert(id.as_str(), i) {
                return Err(LinkError::DuplicateId { id: id.clone(), first: first + 1, second: i + 1 });
            }
        }
        // One birth year per record: a birth-year column is filled, where empty, from the record's
        // age (with the reported year) or date of birth, and the age column is then not compared on
        // its own (a list giving ages and a list giving years describe the same fact).
        let birth_year_col = config.columns.iter().position(|c| c.role == Role::BirthYear);
        let year_sources: Vec<usize> =
            (0..config.columns.len()).filter(|&c| matches!(config.columns[c].role, Role::Age | Role::Dob)).collect();
        // A name is compared once: with surname and given-name columns, a full-name column only
        // fills them where they are empty (see `roles::infer_config`).
        let role_col = |role: Role| config.columns.iter().position(|c| c.role == role);
        let name_parts = role_col(Role::Surname).zip(role_col(Role::GivenName));
        let full_col = role_col(Role::FullName).filter(|_| name_parts.is_some());
        let compared: Vec<usize> = (0..config.columns.len())
            .filter(|&c| c != input.id_column && level_count(&config.columns[c]) > 0)
            .filter(|&c| !(birth_year_col.is_some() && config.columns[c].role == Role::Age))
            .filter(|&c| Some(c) != full_col)
            .collect();
        if compared.is_empty() {
            return Err(LinkError::NothingToCompare);
        }
        let reported = config.columns.iter().position(|c| c.role == Role::ReportedYear);
        progress.stage("preparing records", input.rows.len() as u64);
        // Only columns that are compared, block, or feed the birth year are prepared; the rest stay
        // empty (no allocation).
        let needed: Vec<bool> = (0..config.columns.len())
            .map(|c| {
                compared.contains(&c)
                    || year_sources.contains(&c)
                    || Some(c) == full_col
                    || config
                        .blocking
                        .iter()
                        .chain(&config.training_blocking)
                        .flatten()
                        .any(|part| part.split('#').next() == Some(config.columns[c].name.as_str()))
            })
            .collect();
        // Each record stores only the needed columns, in `slots` order: a million records times
        // every column would cost gigabytes for nothing.
        let stored: Vec<usize> = (0..config.columns.len()).filter(|&c| needed[c]).collect();
        let mut slots = vec![usize::MAX; config.columns.len()];
        for (slot, &c) in stored.iter().enumerate() {
            slots[c] = slot;
        }
        let pool = worker_pool(options.threads)?;
        let prepared: Vec<Vec<Prepared>> = parallel_map(&pool, &input.rows, |row| {
            let ry = reported.and_then(|r| row[r].trim().parse::<i32>().ok());
            let names = name_parts.map(|(s, g)| fill_name_parts(config, row, s, g, full_col));
            let mut p: Vec<Prepared> = stored
                .iter()
                .map(|&c| match (names.as_ref(), name_parts) {
                    (Some((sur, _)), Some((s, _))) if c == s => prepare(&config.columns[c], sur, ry),
                    (Some((_, given)), Some((_, g))) if c == g => prepare(&config.columns[c], given, ry),
                    _ => prepare(&config.columns[c], &row[c], ry),
                })
                .collect();
            if let Some(by) = birth_year_col.map(|c| slots[c])
                && by != usize::MAX
                && p[by].value.is_empty()
                && let Some(year) =
                    year_sources.iter().filter(|&&c| slots[c] != usize::MAX).find_map(|&c| p[slots[c]].year)
            {
                p[by] = prepare(&config.columns[stored[by]], &year.to_string(), ry);
            }
            progress.advance(1);
            p
        })?;
        let n = prepared.len() as f64;
        let tf: Vec<Option<TermFrequencies>> = (0..config.columns.len())
            .map(|c| {
                if !config.columns[c].term_frequency {
                    return None;
                }
                let mut freq: HashMap<String, f64> = HashMap::new();
                let mut key_freq: HashMap<String, f64> = HashMap::new();
                if slots[c] == usize::MAX {
                    return None;
                }
                for p in &prepared {
                    let f = &p[slots[c]];
                    if !f.value.is_empty() {
                        *freq.entry(f.value.clone()).or_default() += 1.0 / n;
                        *key_freq.entry(f.key.clone()).or_default() += 1.0 / n;
                    }
                }
                let (m1, m2) = (mean_agreeing(&freq), mean_agreeing(&key_freq));
                Some(TermFrequencies { freq, key_freq, mean_agreeing: m1, mean_agreeing_key: m2 })
            })
            .collect();
        let position = |role: Role| compared.iter().position(|&c| config.columns[c].role == role);
        let name_fields = position(Role::GivenName).zip(position(Role::Surname));
        let kin = Kinship {
            given: position(Role::GivenName).or_else(|| position(Role::FullName)),
            surname: position(Role::Surname),
            year: position(Role::BirthYear).or_else(|| position(Role::Age)),
            dob: position(Role::Dob),
            sex: position(Role::Sex),
            // Places count as family fields only in lists that record kin (a father's name):
            // there a place is an origin shared by siblings; elsewhere (FEBRL's suburb) it is an
            // address, and gating it loses true pairs with a mistyped given name and date.
            family: (0..compared.len())
                .filter(|&f| match config.columns[compared[f]].role {
                    Role::FatherName | Role::Site => true,
                    Role::Place => compared.iter().any(|&c| config.columns[c].role == Role::FatherName),
                    _ => false,
                })
                .collect(),
        };
        let tf_values: Vec<Vec<[f32; 2]>> = prepared
            .iter()
            .map(|p| {
                compared
                    .iter()
                    .map(|&c| match &tf[c] {
                        Some(t) => {
                            let f = &p[slots[c]];
                            let exact = tf_adjust(t.mean_agreeing, t.freq.get(&f.value)) as f32;
                            let keyed = if config.columns[c].korean {
                                tf_adjust(t.mean_agreeing_key, t.key_freq.get(&f.key)) as f32
                            } else {
                                0.0
                            };
                            [exact, keyed]
                        }
                        None => [0.0, 0.0],
                    })
                    .collect()
            })
            .collect();
        Ok(Linker {
            config: config.clone(),
            compared,
            prepared,
            file: input.file.clone(),
            ids,
            rows: if options.keep_values { input.rows } else { Vec::new() },
            tf_values,
            slots,
            name_fields,
            kin,
            options,
            pool,
        })
    }

    /// The prepared value of column `c` of record `r` (empty when the column is not kept).
    fn cell(&self, r: usize, c: usize) -> &Prepared {
        match self.slots[c] {
            usize::MAX => &EMPTY,
            slot => &self.prepared[r][slot],
        }
    }

    fn two_files(&self) -> bool {
        self.file.contains(&1)
    }

    fn levels(&self, a: usize, b: usize, out: &mut Vec<u8>) {
        out.clear();
        for &c in &self.compared {
            out.push(level(&self.config.columns[c], self.cell(a, c), self.cell(b, c)));
        }
        // Given name and surname swapped between the two records: as good as the key agreeing.
        if let Some((g, s)) = self.name_fields {
            let (gc, sc) = (self.compared[g], self.compared[s]);
            let (ag, asur, bg, bsur) = (self.cell(a, gc), self.cell(a, sc), self.cell(b, gc), self.cell(b, sc));
            if out[g] != 0 && out[s] != 0 && !ag.value.is_empty() && ag.value == bsur.value && asur.value == bg.value {
                out[g] = 1;
                out[s] = 1;
            }
        }
    }

    /// Family fields (father's name, origin, workplace) are shared by siblings: when scoring, their
    /// agreement counts only when the given name or the birth year also agrees. (Estimation sees
    /// the plain levels: gating there would hide most agreements of random pairs and inflate the
    /// weights.)
    fn gate_family(&self, a: usize, b: usize, levels: &mut [u8]) {
        if !self.kin.family.is_empty() && !self.kin.person_agrees(self, a, b, levels) {
            for &f in &self.kin.family {
                let last = (level_count(&self.config.columns[self.compared[f]]) - 1) as u8;
                if levels[f] < last {
                    levels[f] = NULL;
                }
            }
        }
    }

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
            && g >= 3
        {
            let gc = self.compared[gf];
            let given_level = level(&self.config.columns[gc], self.cell(a, gc), self.cell(b, gc));
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

    fn block_key(&self, record: usize, rule: &[String]) -> Option<String> {
        let mut key = String::new();
        for part in rule {
            let (name, transform) = part.split_once('#').unwrap_or((part.as_str(), ""));
            let c = self.config.columns.iter().position(|col| col.name == name)?;
            let p = self.cell(record, c);
            let v = match transform {
                "year" => p.year.map(|y| y.to_string())?,
                "given" => p.name.as_ref().map(|n| n.given.iter().collect::<String>()).unwrap_or_default(),
                "surname" => p.name.as_ref().map(|n| n.surname.clone()).unwrap_or_default(),
                _ => p.key.clone(),
            };
            if v.is_empty() {
                return None;
            }
            key.push_str(&v);
            key.push('\u{1f}');
        }
        Some(key)
    }

    /// Candidate pairs from the blocking rules (with the set of rules that produced each, as a bit
    /// mask), and the blocks skipped as too large.
    pub fn candidates(&self, progress: &dyn Progress) -> Result<Candidates, LinkError> {
        let mut skipped = Vec::new();
        progress.stage("blocking", self.config.blocking.len() as u64);
        let (pairs, masks) = self.rule_pairs(&self.config.blocking, 0, None, &mut skipped, progress)?;
        Ok((pairs, masks, skipped))
    }

    /// Pairs found by `rules`, numbering the rules from `first_bit`; with `cap`, each rule's pairs
    /// are sampled down to about that many.
    fn rule_pairs(
        &self,
        rules: &[Vec<String>],
        first_bit: usize,
        cap: Option<usize>,
        skipped: &mut Vec<SkippedBlock>,
        progress: &dyn Progress,
    ) -> Result<PairsAndMasks, LinkError> {
        let link = self.two_files();
        // Rules are independent: build their blocks and pairs on separate threads.
        let indexed: Vec<(usize, &Vec<String>)> = rules.iter().enumerate().collect();
        let per_rule: Vec<RulePairs> = parallel_map(&self.pool, &indexed, |&(i, rule)| {
            let mut pairs: Vec<(u64, u32)> = Vec::new();
            let mut skipped: Vec<SkippedBlock> = Vec::new();
            let rule_bit = 1u32 << (first_bit + i).min(31);
            let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
            for r in 0..self.prepared.len() {
                if let Some(k) = self.block_key(r, rule) {
                    blocks.entry(k).or_default().push(r as u32);
                }
            }
            let mut kept: Vec<&Vec<u32>> = Vec::new();
            let mut total = 0usize;
            for members in blocks.values() {
                if members.len() < 2 {
                    continue;
                }
                if members.len() > self.config.max_block {
                    if cap.is_none() {
                        skipped.push(SkippedBlock { rule: rule.join(" + "), records: members.len() });
                    }
                    continue;
                }
                total += members.len() * (members.len() - 1) / 2;
                kept.push(members);
            }
            // A rule may not flood the run: past `MAX_PAIRS_PER_RECORD` pairs per record, its largest
            // blocks (the most common values, which say least) are dropped and reported.
            let budget = MAX_PAIRS_PER_RECORD * self.prepared.len();
            if cap.is_none() && total > budget {
                kept.sort_by_key(|m| std::cmp::Reverse(m.len()));
                let mut dropped = 0;
                while total > budget && dropped < kept.len() {
                    let size = kept[dropped].len();
                    total -= size * (size - 1) / 2;
                    skipped.push(SkippedBlock { rule: rule.join(" + "), records: size });
                    dropped += 1;
                }
                kept.drain(..dropped);
            }
            // Keep a pair with probability cap / total, decided by a hash of the pair so runs agree.
            let keep_below =
                cap.map(|c| if total > c { (c as f64 / total as f64 * u64::MAX as f64) as u64 } else { u64::MAX });
            for members in kept {
                for (x, &a) in members.iter().enumerate() {
                    for &b in &members[x + 1..] {
                        if link && self.file[a as usize] == self.file[b as usize] {
                            continue;
                        }
                        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                        let key = (u64::from(lo) << 32) | u64::from(hi);
                        if let Some(limit) = keep_below
                            && SplitMix(key ^ self.options.seed).next() > limit
                        {
                            continue;
                        }
                        pairs.push((key, rule_bit));
                    }
                }
            }
            progress.advance(1);
            (pairs, skipped)
        })?;
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(per_rule.iter().map(|r| r.0.len()).sum());
        for (p, sk) in per_rule {
            pairs.extend(p);
            skipped.extend(sk);
        }
        pairs.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
        let mut masks: Vec<u32> = Vec::with_capacity(pairs.len());
        for (p, bit) in pairs {
            let pair = ((p >> 32) as u32, p as u32);
            if out.last() == Some(&pair) {
                if let Some(m) = masks.last_mut() {
                    *m |= bit;
                }
            } else {
                out.push(pair);
                masks.push(bit);
            }
        }
        Ok((out, masks))
    }

    fn tf_adjustment(&self, f: usize, a: usize, level: u8) -> f64 {
        match level {
            0 | 1 => f64::from(self.tf_values[a][f][level as usize]),
            _ => 0.0,
        }
    }

    /// Comparison levels of many pairs, flat (`fields` per pair), in parallel chunks.
    fn compare_all(&self, pairs: &[(u32, u32)], fields: usize, progress: &dyn Progress) -> Result<Vec<u8>, LinkError> {
        let chunks: Vec<&[(u32, u32)]> = pairs.chunks(8_192).collect();
        let parts = parallel_map(&self.pool, &chunks, |chunk| {
            let mut out = Vec::with_capacity(chunk.len() * fields);
            let mut buf = Vec::with_capacity(fields);
            for &(a, b) in chunk.iter() {
                self.levels(a as usize, b as usize, &mut buf);
                out.extend_from_slice(&buf);
            }
            progress.advance(chunk.len() as u64);
            out
        })?;
        Ok(parts.concat())
    }

    fn score(&self, model: &Model, a: usize, levels: &[u8]) -> f64 {
        let mut s = model.prior();
        for (f, &l) in levels.iter().enumerate() {
            s += model.weight(f, l);
            if l != NULL {
                s += self.tf_adjustment(f, a, l);
            }
        }
        s
    }

    /// Runs the whole linkage.
    pub fn run(&self, review: &[Decision], progress: &dyn Progress) -> Result<LinkResult, LinkError> {
        let (candidates, masks, skipped_blocks) = self.candidates(progress)?;
        let fields = self.compared.len();
        progress.stage("comparing pairs", candidates.len() as u64);
        let levels_flat = self.compare_all(&candidates, fields, progress)?;
        let levels: Vec<&[u8]> = levels_flat.chunks(fields.max(1)).collect();
        // Training-only pairs: sampled, compared, used for m, never linked.
        let prediction_rules = self.config.blocking.len();
        let mut ignored = Vec::new();
        let (training_pairs, training_masks) =
            self.rule_pairs(&self.config.training_blocking, prediction_rules, Some(100_000), &mut ignored, progress)?;
        let training_flat = self.compare_all(&training_pairs, fields, &NoProgress)?;
        let training_levels: Vec<&[u8]> = training_flat.chunks(fields.max(1)).collect();
        // u starts from random pairs: almost all are non-matches.
        let mut rng = SplitMix(self.options.seed);
        let n = self.prepared.len();
        let link = self.two_files();
        let mut random: HashMap<Vec<u8>, u64> = HashMap::new();
        let mut buf = Vec::new();
        // Ten per record is plenty for u (EM refines it), capped for very large inputs.
        let samples = self.options.random_pairs.min((2 * n).max(20_000)).min(n * n.saturating_sub(1) / 2);
        let mut drawn = 0;
        let mut attempts = 0;
        while drawn < samples && attempts < samples * 20 {
            attempts += 1;
            let (a, b) = (rng.below(n), rng.below(n));
            if a == b || (link && self.file[a] == self.file[b]) {
                continue;
            }
            self.levels(a, b, &mut buf);
            *random.entry(buf.clone()).or_default() += 1;
            drawn += 1;
        }
        let counts: Vec<usize> = self.compared.iter().map(|&c| level_count(&self.config.columns[c])).collect();
        let names: Vec<(String, Vec<String>)> = self
            .compared
            .iter()
            .map(|&c| {
                (
                    self.config.columns[c].name.clone(),
                    level_names(&self.config.columns[c]).iter().map(|s| s.to_string()).collect(),
                )
            })
            .collect();
        let random: Vec<(Vec<u8>, u64)> = random.into_iter().collect();
        let u_start = model::level_frequencies(&random, &counts);
        // m by EM, once per blocking rule on the pairs that rule found, ignoring the fields the
        // rule forced to agree; each field's m is the average over the rules that did not force it.
        progress.stage(
            "estimating m and u (EM)",
            (self.config.blocking.len() + self.config.training_blocking.len()) as u64 + 1,
        );
        let fields_of_rule: Vec<Vec<bool>> = self
            .config
            .blocking
            .iter()
            .chain(&self.config.training_blocking)
            .map(|rule| {
                self.compared
                    .iter()
                    .map(|&c| {
                        rule.iter().any(|part| part.split('#').next() == Some(self.config.columns[c].name.as_str()))
                    })
                    .collect()
            })
            .collect();
        let mut m_sum: Vec<Vec<f64>> = counts.iter().map(|&k| vec![0.0; k]).collect();
        let mut m_weight: Vec<f64> = vec![0.0; fields];
        let mut iterations = 0;
        for (r, excluded) in fields_of_rule.iter().enumerate() {
            let bit = 1u32 << r.min(31);
            let mut patterns: HashMap<&[u8], u64> = HashMap::new();
            for (l, &mask) in levels.iter().zip(&masks).chain(training_levels.iter().zip(&training_masks)) {
                if mask & bit != 0 {
                    *patterns.entry(*l).or_default() += 1;
                }
            }
            let pairs_in_rule: u64 = patterns.values().sum();
            if pairs_in_rule >= 20 {
                let patterns: Vec<(Vec<u8>, u64)> = patterns.into_iter().map(|(k, v)| (k.to_vec(), v)).collect();
                let (m, _, it) = model::em_m(&patterns, &counts, &u_start, excluded);
                iterations += it;
                for f in 0..fields {
                    if !excluded[f] {
                        for (acc, v) in m_sum[f].iter_mut().zip(&m[f]) {
                            *acc += v;
                        }
                        m_weight[f] += 1.0;
                    }
                }
            }
            progress.advance(1);
        }
        let mut all_patterns: HashMap<&[u8], u64> = HashMap::new();
        for l in &levels {
            *all_patterns.entry(*l).or_default() += 1;
        }
        let all_patterns: Vec<(Vec<u8>, u64)> = all_patterns.into_iter().map(|(k, v)| (k.to_vec(), v)).collect();
        // Fields every rule forced: estimate from all pairs, excluding nothing (biased, but the
        // best available), and say so through the parameters.
        if m_weight.contains(&0.0) {
            let (m, _, it) = model::em_m(&all_patterns, &counts, &u_start, &vec![false; fields]);
            iterations += it;
            for f in 0..fields {
                if m_weight[f] == 0.0 {
                    m_sum[f] = m[f].clone();
                    m_weight[f] = 1.0;
                }
            }
        }
        let mut m: Vec<Vec<f64>> =
            m_sum.iter().zip(&m_weight).map(|(row, w)| row.iter().map(|v| v / w).collect()).collect();
        // A weak prior from what names are: the same person's names rarely disagree entirely.
        // Without it, when the other fields are few and coarse (a birth year, a county), EM can
        // drift into a "match" class that means "same year and county", and namesakes chain.
        for (f, &c) in self.compared.iter().enumerate() {
            if matches!(
                self.config.columns[c].role,
                Role::GivenName | Role::Surname | Role::FullName | Role::FatherName
            ) {
                let last = m[f].len() - 1;
                if m[f][last] > MAX_NAME_DISAGREEMENT {
                    let rest: f64 = m[f][..last].iter().sum();
                    for v in m[f][..last].iter_mut() {
                        *v *= (1.0 - MAX_NAME_DISAGREEMENT) / rest.max(1e-12);
                    }
                    m[f][last] = MAX_NAME_DISAGREEMENT;
                }
            }
        }
        // Weak priors for years: a birth year recorded three or more years off is rare among
        // true matches. EM trained on blocks chosen by name fills its "match" class with
        // namesakes and says otherwise; say so, and hold the estimate to the prior.
        let mut warnings = Vec::new();
        for (f, &c) in self.compared.iter().enumerate() {
            let col = &self.config.columns[c];
            if matches!(col.role, Role::BirthYear | Role::Age) {
                let last = m[f].len() - 1;
                if m[f][last] > MAX_FAR_YEAR_SHARE {
                    warnings.push(format!(
                        "{}: EM estimated {:.0} % of true matches with birth years 3+ apart; implausible, held to {:.0} %",
                        col.name,
                        m[f][last] * 100.0,
                        MAX_FAR_YEAR_SHARE * 100.0
                    ));
                    let rest: f64 = m[f][..last].iter().sum();
                    for v in m[f][..last].iter_mut() {
                        *v *= (1.0 - MAX_FAR_YEAR_SHARE) / rest.max(1e-12);
                    }
                    m[f][last] = MAX_FAR_YEAR_SHARE;
                }
            }
            // Levels ordered by distance (years, dates, numbers): the match share may not rise as
            // values move further apart. (Name levels are not one scale: "same given name,
            // surname differs" is not further than "same surname, one letter off".)
            if matches!(col.role, Role::BirthYear | Role::Age | Role::Dob | Role::Number)
                && model::make_monotone(&mut m[f], &u_start[f])
            {
                warnings.push(format!(
                    "{}: estimated evidence rose as values moved apart; adjacent levels pooled",
                    col.name
                ));
            }
        }
        let all_pairs = if link {
            let a = self.file.iter().filter(|&&f| f == 0).count() as f64;
            a * (n as f64 - a)
        } else {
            n as f64 * (n as f64 - 1.0) / 2.0
        };
        drop(training_levels);
        drop(training_flat);
        let lambda = model::em_lambda_all_pairs(&all_patterns, &m, &u_start, all_pairs);
        let mut model = model::assemble(&m, &u_start, lambda, &names, iterations);
        model.warnings = warnings;
        progress.advance(1);

        progress.stage("scoring and clustering", candidates.len() as u64);
        let candidate_count = candidates.len();
        let ranges: Vec<std::ops::Range<usize>> =
            (0..candidate_count).step_by(65_536).map(|s| s..(s + 65_536).min(candidate_count)).collect();
        let probabilities: Vec<f32> = parallel_map(&self.pool, &ranges, |r| {
            let mut buf: Vec<u8> = Vec::with_capacity(fields);
            r.clone()
                .map(|i| {
                    let (a, b) = (candidates[i].0 as usize, candidates[i].1 as usize);
                    buf.clear();
                    buf.extend_from_slice(levels[i]);
                    self.gate_family(a, b, &mut buf);
                    probability(self.score(&model, a, &buf)) as f32
                })
                .collect::<Vec<f32>>()
        })?
        .concat();
        drop(levels);
        drop(levels_flat);
        let mut pairs: Vec<(u32, u32, f32)> =
            candidates.into_iter().zip(probabilities).map(|((a, b), p)| (a, b, p)).collect();
        // Decisive disagreements: such a pair is never a link, and blocks merges through others.
        let decisive: Vec<bool> = parallel_map(&self.pool, &pairs, |&(a, b, p)| {
            p >= 0.05 && self.cannot_link_reason(a as usize, b as usize).is_some()
        })?;
        let mut cannot_links = 0;
        for (pair, d) in pairs.iter_mut().zip(decisive) {
            if d {
                pair.2 = 0.0;
                cannot_links += 1;
            }
        }
        let blocking_recall = estimate_blocking_recall(
            pairs.iter().zip(&masks).filter(|(p, _)| f64::from(p.2) >= self.config.threshold).map(|(_, &m)| m),
            self.config.blocking.len(),
        );
        drop(masks);
        // Human decisions win.
        let index: HashMap<&str, u32> = self.ids.iter().enumerate().map(|(i, id)| (id.as_str(), i as u32)).collect();
        let mut applied = 0;
        let mut overrides: HashMap<(u32, u32), bool> = HashMap::new();
        for d in review {
            if let (Some(&a), Some(&b)) = (index.get(d.a.as_str()), index.get(d.b.as_str())) {
                overrides.insert((a.min(b), a.max(b)), d.same);
                applied += 1;
            }
        }
        for p in pairs.iter_mut() {
            if let Some(&same) = overrides.get(&(p.0, p.1)) {
                p.2 = if same { 1.0 } else { 0.0 };
                overrides.remove(&(p.0, p.1));
            }
        }
        for ((a, b), same) in overrides {
            pairs.push((a, b, if same { 1.0 } else { 0.0 }));
        }
        let threshold = self.config.threshold;
        let mut links: Vec<(u32, u32, f32)> = pairs.iter().copied().filter(|p| f64::from(p.2) >= threshold).collect();
        let labels = if link {
            cluster::one_to_one(n, &mut links)
        } else {
            // Constraints and average evidence matter only between records that have some link.
            let mut linked = vec![false; n];
            for &(a, b, _) in &links {
                linked[a as usize] = true;
                linked[b as usize] = true;
            }
            let mut neighbours: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
            for &(a, b, p) in &pairs {
                if linked[a as usize] && linked[b as usize] {
                    neighbours[a as usize].push((b, p));
                    neighbours[b as usize].push((a, p));
                }
            }
            cluster::average_evidence_components(
                n,
                &mut links,
                &neighbours,
                self.options.cannot_link_below as f32,
                self.options.merge_mean_at_least as f32,
            )
        };
        progress.advance(candidate_count as u64);
        let clusters = labels.iter().max().map_or(0, |m| m + 1);
        let mut sizes = vec![0usize; clusters];
        for &l in &labels {
            sizes[l] += 1;
        }
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let multi: Vec<usize> = sizes.iter().copied().filter(|&s| s > 1).collect();
        let typical = multi.get(multi.len() / 100).copied().unwrap_or(1);
        let oversized_at = (3 * typical).max(8);
        let oversized_clusters = sizes.iter().filter(|&&s| s > oversized_at).count();
        Ok(LinkResult {
            summary: Summary {
                mode: if link { "link" } else { "dedupe" },
                records: n,
                candidate_pairs: candidate_count,
                skipped_blocks,
                links: links.len(),
                clusters,
                review_decisions: applied,
                threshold,
                cannot_links,
                largest_clusters: sizes.iter().copied().take(5).collect(),
                oversized_clusters,
                oversized_at,
                warnings: model.warnings.clone(),
                blocking_recall,
            },
            labels,
            model,
            pairs,
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_worker_is_an_error_not_a_shorter_result() {
        let pool = worker_pool(2).expect("pool");
        let items: Vec<u32> = (0..1_000).collect();
        let all = parallel_map(&pool, &items, |&x| x * 2).expect("no panic");
        assert_eq!(all.len(), 1_000);
        assert_eq!(all[999], 1_998);
        let failed = parallel_map(&pool, &items, |&x| {
            if x == 777 {
                panic!("worker hit record {x}");
            }
            x
        });
        match failed {
            Err(LinkError::Worker(message)) => assert!(message.contains("record 777"), "{message}"),
            other => panic!("expected a worker error, got {other:?}"),
        }
    }
}
