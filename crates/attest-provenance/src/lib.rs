//! Provenance: which texts among a case's sources derive from which.
//!
//! Ten web pages are often one story copied ten times, sometimes with boilerplate changed, spam
//! links injected, a passage quoted inside a blog post, or words swapped for synonyms by a
//! "spinner" so the copy looks new. Counting them as ten sources would fake corroboration. This
//! engine finds families of derived texts using three signals (see [`text`]): word shingles
//! (copies and quotations), the skeleton of names and figures, and the pattern of grammar words
//! (both survive spinning). Texts written independently about the same events share names and
//! figures but not sentence structure, and stay apart.
//!
//! Scale: documents are profiled in parallel; candidates come from a sorted, partitioned index
//! rather than hash maps (see [`index`]), so a million documents of 5 KB fit in memory on one
//! machine and the work grows with the number of documents, not its square.
//!
//! This is the pure engine only (texts in; families, relations, similarity figures out). `attest
//! provenance` and `attest corroboration` run it over a case's sources.

pub mod corpus;
pub mod derive;
mod index;
pub mod text;

use attest_domain::UnionFind;
use serde::Serialize;

/// One text to analyse.
#[derive(Debug, Clone)]
pub struct Document {
    /// Source id.
    pub id: String,
    /// Extracted main text.
    pub text: String,
    /// Publication date (ISO 8601), when known: the earliest member of a family is its original.
    pub published: Option<String>,
}

/// The signals of one document: sorted, deduplicated shingle hashes.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Word 5-gram hashes (top 32 bits), sorted: half the memory and bandwidth of 64 bits, and
    /// at a few thousand shingles per pair a 32-bit collision changes no decision.
    words: Vec<u32>,
    /// The word shingles in text order (high 32 bits), for verbatim runs.
    sequence: Vec<u32>,
    /// Skeleton 3-gram hashes (top 32 bits), sorted.
    skeleton: Vec<u32>,
    /// High 32 bits: the pattern is only compared pairwise, never indexed.
    pattern: Vec<u32>,
    /// Which word shingles were kept.
    sampling: Sampling,
}

/// Documents a shingle must be in, at least, to count as boilerplate.
const MIN_BOILERPLATE_DF: usize = 10;

/// Skeleton 3-grams a spun copy must share (a short skeleton matches by chance).
const SPUN_SKELETON_SHARED: usize = 4;

/// Skeleton 3-grams a spun copy of a short item must share: a one-sentence brief has only a
/// handful of names and figures, so the long-text minimum would let every spun brief through.
const SHORT_SKELETON_SHARED: usize = 2;

/// Word 5-grams below which an item is short (about 45 words): its skeleton and grammar pattern
/// are judged by the short-item thresholds.
const SHORT_ITEM_SHINGLES: usize = 40;

/// Word n-gram length for copies and quotations.
const WORD_K: usize = 5;
/// Skeleton n-gram length.
const SKELETON_K: usize = 3;
/// Grammar-pattern n-gram length.
const PATTERN_K: usize = 6;

/// How many word shingles a profile keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// Every word shingle: the most sensitive to short quotations; for cases of up to tens of
    /// thousands of documents.
    All,
    /// The same half in every text (one bit of the hash): a copy still shares hundreds of
    /// shingles and Jaccard similarity is estimated without bias, while the index, the memory
    /// and every comparison are halved; the verbatim run needed for a partial copy is measured
    /// in kept shingles (6 of them, about 16 words). For very large corpora.
    Half,
}

impl Sampling {
    /// The sampling [`analyse`] uses for `n` documents: half from 50,000 documents.
    pub fn for_corpus(n: usize) -> Sampling {
        if n >= 50_000 { Sampling::Half } else { Sampling::All }
    }
}

/// The three signals of a text, keeping every word shingle.
pub fn profile(text: &str) -> Profile {
    profile_with(text, Sampling::All)
}

/// The three signals of a text.
pub fn profile_with(text: &str, sampling: Sampling) -> Profile {
    let mut tokens = Vec::new();
    text::token_hashes(text, &mut tokens);
    let function = function_word_hashes();
    let words: Vec<u64> = tokens.iter().map(|t| t.hash).collect();
    let skeleton: Vec<u64> = tokens.iter().filter(|t| t.number || t.capitalised).map(|t| t.hash).collect();
    // Grammar words as themselves, runs of content words as one blank, sentence ends marked.
    const BLANK: u64 = 0x5f;
    const STOP: u64 = 0x7c;
    let mut pattern: Vec<u64> = Vec::new();
    for t in &tokens {
        let p = if function.binary_search(&t.hash).is_ok() { t.hash } else { BLANK };
        if !(p == BLANK && pattern.last() == Some(&BLANK)) {
            pattern.push(p);
        }
        if t.sentence_end {
            pattern.push(STOP);
        }
    }
    let keep = |h: &u32| sampling == Sampling::All || sampled(*h);
    let sequence: Vec<u32> =
        text::gram_sequence(&words, WORD_K).iter().map(|h| (h >> 32) as u32).filter(keep).collect();
    let mut words = sequence.clone();
    words.sort_unstable();
    words.dedup();
    let mut pattern: Vec<u32> = text::grams(&pattern, PATTERN_K).into_iter().map(|h| (h >> 32) as u32).collect();
    pattern.sort_unstable();
    pattern.dedup();
    let mut skeleton: Vec<u32> = text::grams(&skeleton, SKELETON_K).into_iter().map(|h| (h >> 32) as u32).collect();
    skeleton.sort_unstable();
    skeleton.dedup();
    Profile { words, sequence, skeleton, pattern, sampling }
}

/// Hashes of the grammar words, sorted.
fn function_word_hashes() -> &'static [u64] {
    static HASHES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| {
        let mut v: Vec<u64> = text::FUNCTION_WORDS.iter().map(|w| text::word_hash(w)).collect();
        v.sort_unstable();
        v
    })
}

/// True for the word shingles kept by [`Sampling::Half`].
pub(crate) fn sampled(h: u32) -> bool {
    h & 1 == 0
}

/// The longest run of consecutive (sampled) shingles of `seq` found in `set` (sorted): a passage
/// copied word for word is a run; stock phrases shared by unrelated texts are scattered hits.
fn longest_run(seq: &[u32], set: &[u32]) -> usize {
    let (mut best, mut run) = (0, 0);
    for h in seq {
        if set.binary_search(h).is_ok() {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Size of the intersection of two sorted sets. Branch-free steps: the comparisons of two
/// unrelated hash lists are unpredictable, and mispredicted branches cost more than the work.
fn overlap<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

fn jaccard<T: Ord + Copy>(a: &[T], b: &[T]) -> f64 {
    let inter = overlap(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 { 0.0 } else { inter as f64 / union as f64 }
}

/// How one text relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// The family's earliest (or most central) member.
    Original,
    /// The same words, perhaps with boilerplate changed.
    Copy,
    /// A passage of the other text quoted inside different text.
    PartialCopy,
    /// The same text with many words swapped for synonyms.
    SpunCopy,
}

/// The evidence about one pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairEvidence {
    /// Jaccard similarity of word 5-grams.
    pub words: f64,
    /// Share of the smaller text's word 5-grams found in the other.
    pub containment: f64,
    /// Number of kept word 5-grams the two share.
    pub shared: usize,
    /// The longest passage both contain word for word, in consecutive kept 5-grams (a quoted
    /// passage of a dozen words is a run of eight, or about six of the half kept by
    /// [`Sampling::Half`]). Computed only when it can decide the relation.
    pub longest_run: usize,
    /// Jaccard similarity of the names-and-figures skeleton.
    pub skeleton: f64,
    /// Number of skeleton 3-grams shared.
    pub skeleton_shared: usize,
    /// Jaccard similarity of the grammar-word pattern.
    pub pattern: f64,
    /// Both texts are short items (judged by the short-item thresholds).
    pub short: bool,
    /// The word shingles compared.
    #[serde(skip)]
    pub sampling: Sampling,
}

/// Thresholds of the relations.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Word Jaccard at or above which a pair is a copy.
    pub copy: f64,
    /// Consecutive shared word 5-grams that make a partial copy (8: a verbatim passage of at
    /// least 12 words; with [`Sampling::Half`], three quarters of it in kept shingles).
    /// Scattered shared phrases, however many, do not.
    pub run: usize,
    /// Skeleton and pattern similarity at or above which a pair is a spun copy.
    pub spun_skeleton: f64,
    /// Pattern similarity needed for a spun copy.
    pub spun_pattern: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { copy: 0.6, run: 8, spun_skeleton: 0.5, spun_pattern: 0.35 }
    }
}

impl Thresholds {
    /// The verbatim run needed, in kept shingles.
    fn run_for(&self, sampling: Sampling) -> usize {
        match sampling {
            Sampling::All => self.run,
            Sampling::Half => (self.run * 3).div_ceil(4),
        }
    }
}

/// Classifies one pair, or `None` for unrelated texts.
pub fn classify(e: &PairEvidence, t: &Thresholds) -> Option<Relation> {
    if e.words >= t.copy {
        Some(Relation::Copy)
    } else if spun(e, t) {
        Some(Relation::SpunCopy)
    } else if e.longest_run >= t.run_for(e.sampling) {
        Some(Relation::PartialCopy)
    } else {
        None
    }
}

/// The skeleton and pattern of a spun copy: for short items, fewer shared skeleton 3-grams and a
/// looser grammar pattern (a sentence or two has few pattern 6-grams), with a skeleton at least
/// as similar.
fn spun(e: &PairEvidence, t: &Thresholds) -> bool {
    if e.short {
        e.skeleton >= t.spun_skeleton.max(0.6)
            && e.skeleton_shared >= SHORT_SKELETON_SHARED
            && e.pattern >= t.spun_pattern * 0.6
    } else {
        e.skeleton >= t.spun_skeleton && e.skeleton_shared >= SPUN_SKELETON_SHARED && e.pattern >= t.spun_pattern
    }
}

/// A member of a family.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Source id.
    pub source_id: String,
    /// Its relation to the family's original.
    pub relation: Relation,
    /// Its strongest similarity to another member (word Jaccard, containment, or for spun copies
    /// the mean of skeleton and pattern similarity).
    pub similarity: f64,
}

/// A family of derived texts.
#[derive(Debug, Clone, Serialize)]
pub struct Family {
    /// Members, the original first.
    pub members: Vec<Member>,
}

/// The outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// Families of two or more texts.
    pub families: Vec<Family>,
    /// Texts that derive from no other and from which none derives.
    pub independent: Vec<String>,
    /// Pairs compared.
    pub pairs_compared: usize,
}

/// The evidence for two texts.
pub fn compare(a: &str, b: &str) -> PairEvidence {
    let (a, b) = (profile(a), profile(b));
    let mut e = evidence(&a, &b, None);
    e.longest_run = run_between(&a, &b);
    e
}

fn run_between(a: &Profile, b: &Profile) -> usize {
    if a.sequence.len() <= b.sequence.len() {
        longest_run(&a.sequence, &b.words)
    } else {
        longest_run(&b.sequence, &a.words)
    }
}

/// The evidence for two profiles; with `t`, the verbatim run is measured only when the other
/// signals leave the relation open and enough shingles are shared for a run to exist.
fn evidence(a: &Profile, b: &Profile, t: Option<&Thresholds>) -> PairEvidence {
    let inter = overlap(&a.words, &b.words);
    let smaller = a.words.len().min(b.words.len()).max(1);
    let union = a.words.len() + b.words.len() - inter;
    let words = if union == 0 { 0.0 } else { inter as f64 / union as f64 };
    let skeleton_shared = overlap(&a.skeleton, &b.skeleton);
    let skeleton_union = a.skeleton.len() + b.skeleton.len() - skeleton_shared;
    let skeleton = if skeleton_union == 0 { 0.0 } else { skeleton_shared as f64 / skeleton_union as f64 };
    // The pattern only decides spun copies: skip it when the skeleton already rules them out.
    let short = a.words.len().max(b.words.len()) < SHORT_ITEM_SHINGLES;
    let min_shared = if short { SHORT_SKELETON_SHARED } else { SPUN_SKELETON_SHARED };
    let spun_possible = t.is_none_or(|t| skeleton >= t.spun_skeleton && skeleton_shared >= min_shared);
    let mut e = PairEvidence {
        words,
        containment: inter as f64 / smaller as f64,
        shared: inter,
        longest_run: 0,
        skeleton,
        skeleton_shared,
        pattern: if spun_possible { jaccard(&a.pattern, &b.pattern) } else { 0.0 },
        short,
        sampling: if a.sampling == Sampling::Half || b.sampling == Sampling::Half {
            Sampling::Half
        } else {
            Sampling::All
        },
    };
    if let Some(t) = t
        && classify(&e, t).is_none()
        && inter >= t.run_for(e.sampling)
    {
        e.longest_run = run_between(a, b);
    }
    e
}

/// Profiles `texts` on all cores, in order.
pub fn profile_all<T: AsRef<str> + Sync>(texts: &[T], sampling: Sampling) -> Vec<Profile> {
    par_map(texts, |t| profile_with(t.as_ref(), sampling))
}

/// Maps `f` over `items` on all cores, keeping their order. A worker that panics takes the whole
/// call down with it (rayon resumes the panic on the caller): a failed worker must never look
/// like a shorter result, whose items would then be paired with the wrong documents.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(f).collect()
}

/// Finds the families among `docs`: profiles them, then [`Analyser::finish`].
pub fn analyse(docs: &[Document], thresholds: &Thresholds) -> Provenance {
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let mut a = Analyser::default();
    for (d, p) in docs.iter().zip(profile_all(&texts, Sampling::for_corpus(docs.len()))) {
        a.push(d.id.clone(), d.published.clone(), p);
    }
    a.finish(thresholds)
}

/// Collects profiled documents (so a caller can stream texts through without keeping them) and
/// finds their families.
#[derive(Default)]
pub struct Analyser {
    ids: Vec<String>,
    published: Vec<Option<String>>,
    profiles: Vec<Profile>,
}

impl Analyser {
    /// Adds one profiled document.
    pub fn push(&mut self, id: String, published: Option<String>, profile: Profile) {
        self.ids.push(id);
        self.published.push(published);
        self.profiles.push(profile);
    }

    /// Documents so far.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// No documents yet.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Finds the families.
    ///
    /// 1. Boilerplate: word and skeleton shingles found in many documents (a site's footer, a
    ///    house style's stock phrases) say nothing about copying and are dropped.
    /// 2. Candidates by prefix filtering: each document looks up only its rarest shingles that
    ///    some other document also has, and the rarest shingle of each of its longest verbatim
    ///    runs of shared shingles (a quotation), rarest first until its partners reach a budget,
    ///    so the work grows with the number of documents.
    /// 3. Each candidate pair is compared on all three signals and classified.
    pub fn finish(mut self, thresholds: &Thresholds) -> Provenance {
        let n = self.ids.len();
        // Boilerplate: in more than 0.5 % of documents, and never fewer than 10.
        let common_df = MIN_BOILERPLATE_DF.max(n / 200);
        let pairs = index::candidates(&mut self.profiles, common_df);
        let edges = verify_pairs(&self.profiles, &pairs, thresholds);
        self.profiles = Vec::new();
        assemble(&self.ids, &self.published, edges, pairs.len())
    }
}

/// A classified pair: (a, b, relation, similarity).
type Edge = (u32, u32, Relation, f64);

fn verify_pairs(profiles: &[Profile], pairs: &[u64], thresholds: &Thresholds) -> Vec<Edge> {
    let classified = par_map(pairs, |&pair| {
        let (a, b) = ((pair >> 32) as u32, (pair & 0xffff_ffff) as u32);
        let e = evidence(&profiles[a as usize], &profiles[b as usize], Some(thresholds));
        classify(&e, thresholds).map(|rel| {
            let sim = match rel {
                Relation::Copy => e.words,
                Relation::PartialCopy => e.containment,
                _ => (e.skeleton + e.pattern) / 2.0,
            };
            (a, b, rel, sim)
        })
    });
    classified.into_iter().flatten().collect()
}

fn assemble(ids: &[String], published: &[Option<String>], edges: Vec<Edge>, pairs_compared: usize) -> Provenance {
    let n = ids.len();
    let mut sets = UnionFind::new(n);
    // Adjacency: each document's classified edges, for strength and relations.
    let mut adjacency: Vec<Vec<(u32, Relation, f64)>> = vec![Vec::new(); n];
    for &(a, b, rel, sim) in &edges {
        adjacency[a as usize].push((b, rel, sim));
        adjacency[b as usize].push((a, rel, sim));
        sets.union(a as usize, b as usize);
    }
    let mut root_of = vec![0u32; n];
    for (i, r) in root_of.iter_mut().enumerate() {
        *r = sets.find(i) as u32;
    }
    // Group members by root, in document order.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&i| (root_of[i as usize], i));
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for &i in &order {
        match groups.last_mut() {
            Some(g) if root_of[g[0] as usize] == root_of[i as usize] => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups.sort_by_key(|g| g[0]);
    let strength = |i: u32| -> f64 { adjacency[i as usize].iter().map(|e| e.2).sum() };
    let mut families = Vec::new();
    let mut independent = Vec::new();
    for members in groups {
        if members.len() == 1 {
            independent.push(ids[members[0] as usize].clone());
            continue;
        }
        // The original: earliest publication date; without dates, the member most strongly tied
        // to the others.
        let original = *members
            .iter()
            .min_by(|&&x, &&y| {
                let (dx, dy) = (published[x as usize].as_deref(), published[y as usize].as_deref());
                match (dx, dy) {
                    (Some(a), Some(b)) if a != b => a.cmp(b),
                    _ => strength(y).total_cmp(&strength(x)),
                }
            })
            .unwrap_or(&members[0]);
        let mut out =
            vec![Member { source_id: ids[original as usize].clone(), relation: Relation::Original, similarity: 1.0 }];
        for &m in members.iter().filter(|&&m| m != original) {
            // Its relation: the edge to the original if there is one, else its strongest edge.
            let adj = &adjacency[m as usize];
            let to_original = adj.iter().find(|e| e.0 == original);
            let best = adj.iter().max_by(|x, y| x.2.total_cmp(&y.2));
            if let Some(&(_, rel, sim)) = to_original.or(best) {
                out.push(Member { source_id: ids[m as usize].clone(), relation: rel, similarity: sim });
            }
        }
        families.push(Family { members: out });
    }
    Provenance { families, independent, pairs_compared }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_worker_fails_the_call_instead_of_shortening_it() {
        let items: Vec<u32> = (0..10_000).collect();
        let outcome = std::panic::catch_unwind(|| {
            par_map(&items, |&i| {
                assert!(i != 7_777, "worker failed on item {i}");
                i * 2
            })
        });
        assert!(outcome.is_err(), "a failed worker must not yield a shorter result");
        let ok = par_map(&items, |&i| i * 2);
        assert_eq!(ok.len(), items.len());
        assert!(ok.iter().enumerate().all(|(n, &v)| v == 2 * n as u32), "order kept");
    }
}
