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
//!    adjustment so that agreeing on "Kim" counts for less than agreeing on a rare name, and on
//!    the combined name where many people carry one full name (`namesakes`);
//! 4. pairs above a threshold are clustered from the strongest link down, refusing merges that
//!    would join records already judged clearly different ([`cluster`]); two files are linked
//!    one-to-one;
//! 5. a review file of human decisions overrides the model.
//!
//! The phases live in their own modules: [`roles`] (what each column is), `records` (preparing
//! each record once, pair levels and scores), [`name_keys`] (Korean full names compared from
//! interned keys per distinct value), [`inline_keys`] (dates of birth, postcodes and identifiers
//! compared from inline keys per distinct value), `edit` (capped edit distances), `namesakes`
//! (term frequency on the combined name),
//! [`blocking`] (candidate pairs), `kinship` (family gating, decisive disagreements), `fit`
//! (estimation, scoring and clustering of a run), [`cluster`] and `explain`.

pub mod blocking;
pub mod cluster;
mod column_groups;
pub mod compare;
pub mod csv_input;
mod edit;
pub mod eval;
mod explain;
mod fit;
pub mod inline_keys;
mod kinship;
pub mod messy_values;
pub mod model;
pub mod name_keys;
mod namesakes;
pub mod notes;
mod records;
pub mod roles;
mod score;
mod sites;
pub mod synth;
pub mod synth_census;
pub mod synth_notables;
pub mod synth_petitions;
pub mod synth_registry;
pub mod synth_unseen;
mod value_profile;
pub mod western;

use serde::Serialize;

use compare::Prepared;
pub use explain::{FAMILY_NOT_COUNTED, SITE_MAPPED};
pub use fit::PhaseTimer;
pub use kinship::CannotLink;
use kinship::Kinship;
use model::Model;
pub use roles::{ColumnConfig, LinkConfig, Role, infer_config};
pub use sites::{MIN_SUPPORT as SITE_MIN_SUPPORT, SiteMapping};

/// The largest share of true matches assumed to have entirely different values in a name field.
pub const MAX_NAME_DISAGREEMENT: f64 = 0.05;

/// The largest share of true matches assumed to have birth years three or more years apart.
pub const MAX_FAR_YEAR_SHARE: f64 = 0.05;

/// Links per record (twice the pairs at or above the threshold, over the records) from which
/// clusters tolerate a share of weak pairs ([`Options::weak_pair_share`]): sets of notables with
/// up to 20 records a person (about 11 links per record), not lists with one to three (FEBRL3
/// and the Korean lists about 2.5).
pub const LARGE_GROUPS_AT: f64 = 4.0;

/// Most candidate pairs one blocking rule may contribute, per record (the default of
/// [`Options::pairs_per_record`]).
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
    /// Compared pairs below this probability may not end up in one cluster when some field speaks
    /// against them (a pair weak only for want of evidence does not keep clusters apart).
    pub cannot_link_below: f64,
    /// Keep the raw values so [`Linker::explain`] can show them (costs memory on large inputs).
    pub keep_values: bool,
    /// Two clusters merge only if the mean probability of their compared cross pairs is at least
    /// this (average evidence, not one strong link).
    pub merge_mean_at_least: f64,
    /// Pairs from this probability up to the link threshold are not links, but once the links
    /// are clustered each may still merge the two clusters it joins when every compared pair
    /// across them is at least `cannot_link_below` and their mean at least
    /// `weaker_mean_at_least` (the evidence of all the records, not one pair).
    pub weaker_from: f64,
    /// The mean the compared cross pairs of two clusters need for a pair below the threshold to
    /// merge them (see `weaker_from`).
    pub weaker_mean_at_least: f64,
    /// When records have at least [`LARGE_GROUPS_AT`] links each on average, two clusters
    /// may merge across this share of compared pairs below `cannot_link_below` (never across a
    /// decisive disagreement); otherwise across none.
    pub weak_pair_share: f64,
    /// Cache comparison levels per distinct pair of values and compare Korean full names from
    /// their interned keys (the same levels, faster; off only to check that).
    pub pair_cache: bool,
    /// Most candidate pairs one blocking rule may contribute, per record: past it, the rule's
    /// largest blocks are compared in sorted windows instead of in full.
    pub pairs_per_record: usize,
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
            weaker_from: 0.5,
            weaker_mean_at_least: 0.7,
            weak_pair_share: 0.25,
            pair_cache: true,
            pairs_per_record: MAX_PAIRS_PER_RECORD,
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
    /// Implausible estimates that were constrained, and other cautions (English).
    pub warnings: Vec<String>,
    /// The same cautions as facts, one for each of `warnings` ([`model::RunWarning`]), for a
    /// page to say in its own language.
    pub warning_facts: Vec<model::RunWarning>,
    /// Estimated share of true pairs that the blocking rules found (capture-recapture over the
    /// rules; `None` with fewer than two rules or too few links).
    pub blocking_recall: Option<f64>,
    /// Clusters joined on pairs below the threshold (the second phase of the clustering): `links`
    /// counts pairs at or above the threshold only, and these merges are said apart.
    pub below_threshold: BelowThreshold,
}

/// Whether clusters were allowed to merge on pairs below the threshold in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BelowThresholdPhase {
    /// They were: a pair from `from` up to the threshold joins two clusters when no compared
    /// pair across them is weak (below `Options::cannot_link_below` with a field against it)
    /// or a decisive disagreement and their mean is at least `mean_at_least` (and, on a single
    /// compared pair, neither record gives nothing but a name).
    On,
    /// Off because the configuration asked for links only (`links_only`, `--links-only`).
    LinksOnly,
    /// Off because records have many links each (many records a person: a record short of the
    /// threshold with each of a dozen records is a namesake's).
    LargeGroups,
    /// Off: two lists linked one to one.
    TwoLists,
}

/// The merges a run made on pairs below its threshold (second phase of the clustering).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BelowThreshold {
    /// Whether the phase ran, and why not.
    pub phase: BelowThresholdPhase,
    /// The lowest probability of a pair the phase weighed (it moves with the threshold).
    pub from: f64,
    /// The mean of every compared pair across two clusters that such a merge needs.
    pub mean_at_least: f64,
    /// Merges made: each joined two clusters on one pair below the threshold.
    pub merges: usize,
    /// Records in the clusters that those merges made (each such cluster counted once, all of
    /// its records, also those it holds through links).
    pub records: usize,
    /// The lowest probability of a pair that made a merge (`None` without merges).
    pub lowest_probability: Option<f64>,
}

/// A block too large to compare in full: its records, sorted on the columns the rule does not
/// use, are each compared with the next `window` (sorted neighbourhood), not dropped.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedBlock {
    /// The blocking rule.
    pub rule: String,
    /// How many records shared the key.
    pub records: usize,
    /// Neighbours each record was compared with in the block's sorted order.
    pub window: usize,
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
    /// The merges made on pairs below the threshold, with what each was weighed on (record
    /// indices), in the order they were made: what [`Linker::explain_run`] says of a pair they
    /// joined.
    #[serde(skip)]
    pub weaker_merges: Vec<cluster::WeakerMerge>,
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
    /// Whether `a` and `b` (each) are not in the column but the value the run compared there,
    /// filled from other columns: a surname or given name from the full name, a birth year from
    /// an age and the year it was given, or from a date of birth.
    pub filled: (bool, bool),
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
    /// The same reason as facts ([`CannotLink`]), present exactly when `cannot_link` is, so that
    /// a page can say it in its own language.
    pub cannot_link_fact: Option<CannotLink>,
    /// Columns not compared, each with why (merged into another, ignored, or not a comparison).
    pub not_compared: Vec<(String, String)>,
    /// The probability the run itself gave the pair, when explained against a run
    /// ([`Linker::explain_run`]); `None` when blocking never compared it.
    pub run_probability: Option<f64>,
    /// Why the run's probability differs from the one computed from the fields, if it does.
    pub run_difference: Option<RunDifference>,
    /// Whether the run put the two records in one cluster, and how (explained against a run
    /// only).
    pub cluster: Option<Together>,
}

/// Whether a run put two records in one cluster, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "joined")]
pub enum Together {
    /// In different clusters.
    Apart,
    /// In one cluster, joined by links at or above the threshold (the first phase: through
    /// other records too, where the pair itself is not a link).
    ByLinks,
    /// In one cluster through a merge on a pair below the threshold (the second phase).
    BelowThreshold(BelowThresholdJoin),
}

/// The merge below the threshold that put two records in one cluster: the pair it used, the two
/// clusters it joined and every compared pair across them (record ids), and their mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BelowThresholdJoin {
    /// The pair below the threshold that joined the clusters, with its probability.
    pub pair: (String, String, f64),
    /// The records of the two clusters it joined (as they were just before).
    pub clusters: (Vec<String>, Vec<String>),
    /// Every compared pair across the two clusters, with the probability the merge counted (a
    /// pair weak only for want of evidence counts at the cannot-link bar, 0.3).
    pub cross_pairs: Vec<(String, String, f64)>,
    /// The probability the run scored each of `cross_pairs`, in the same order: the same as the
    /// one counted unless the merge counted a weak pair with no field against it at the bar (a
    /// number to quote is the run's own, not the one counted).
    pub cross_scored: Vec<f64>,
    /// Their mean (the average evidence), and the bar it had to reach.
    pub mean: f64,
    /// The mean the merge needed.
    pub mean_at_least: f64,
}

/// Why a run scored a pair differently from its fields' evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunDifference {
    /// Blocking never compared the pair: it can only be in one cluster through other records.
    NotCompared,
    /// Found only among many records sharing a name and birth year, without the evidence beyond
    /// them that such a pair needs: held at 0.5 (neither a link nor a cannot-link).
    HeldAmongNamesakes,
    /// A reviewer's decision set the probability (1 for same, 0 for different).
    Reviewed,
}

/// Prepared records and everything needed to score pairs.
pub struct Linker {
    config: LinkConfig,
    compared: Vec<usize>,
    /// Per stored column, its distinct prepared values (number 0 is the empty value).
    values: Vec<Vec<Prepared>>,
    /// Per stored column, each record's value number.
    cells: Vec<Vec<u32>>,
    /// The same value numbers for the compared fields only, record after record (`compared.len()`
    /// per record): comparing a pair reads two short runs instead of one scattered cell per
    /// column, which was most of the comparison's time (cache misses).
    pair_cells: Vec<u32>,
    /// Per column, its position among the compared fields (`usize::MAX`: not compared): scoring
    /// reads a record's values from its row of `pair_cells` (one cache line) instead of one
    /// scattered cell per column.
    pair_pos: Vec<usize>,
    /// Per compared field with few distinct values, the level of every pair of them
    /// ([`compare::level_table`]).
    level_tables: Vec<Option<Vec<u8>>>,
    /// Per compared Korean full-name field, the keys of each distinct value
    /// ([`name_keys::name_keys`]): a pair compares two small records, not their strings.
    /// Empty lists when [`Options::pair_cache`] is off (every pair then compares its values).
    name_keys: Vec<Option<Vec<name_keys::NameKeys>>>,
    /// Per compared date-of-birth, postcode or identifier field, the inline key of each distinct
    /// value ([`inline_keys::inline_keys`]); `None` elsewhere and when [`Options::pair_cache`] is
    /// off.
    inline_keys: Vec<Option<inline_keys::InlineKeys>>,
    /// Number of records.
    records: usize,
    /// Per record, the number of its source list, where a site is compared ([`sites`]).
    lists: Vec<u32>,
    file: Vec<u8>,
    ids: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Per compared field, per value number of its column: the term-frequency adjustment for
    /// agreement at level 0 and at level 1, computed once (looking values up per pair would
    /// dominate the run time); empty for fields without term frequencies.
    tf_by_value: Vec<Vec<[f32; 2]>>,
    /// Per record, the share of records of other people that carry its full name (exact,
    /// romanization key): the term frequency on the combined name ([`namesakes`]); empty
    /// without name parts.
    name_others: Vec<[f32; 2]>,
    /// Where each column sits in `values` and `cells` (`usize::MAX`: not kept).
    slots: Vec<usize>,
    /// Positions, among the compared fields, of the given name and the surname (for swaps).
    name_fields: Option<(usize, usize)>,
    /// For the swap test of [`Linker::name_fields`]: per value number of the given-name column
    /// and of the surname column, the number of its normalised value among both columns' (0:
    /// empty), so that comparing a given name with a surname compares two numbers, not two
    /// strings read through four look-ups.
    swap_classes: (Vec<u32>, Vec<u32>),
    /// Per compared field, whether it holds the person's own name
    /// ([`namesakes::is_person_name`]): read for every field of every scored pair.
    person_name: Vec<bool>,
    /// Roles of the compared fields that the family rules and decisive disagreements read.
    kin: Kinship,
    options: Options,
    pool: rayon::ThreadPool,
}

/// A small deterministic generator for sampling random pairs (no dependency needed).
pub(crate) struct SplitMix(u64);
impl SplitMix {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
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
