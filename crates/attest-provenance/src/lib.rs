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
//! This is the pure engine only (texts in; families, relations, similarity figures out). Intake of
//! web pages, the archive's `provenance` and `corroboration` commands are still to be built.

pub mod corpus;
pub mod text;

use std::collections::HashMap;

use serde::Serialize;

use text::{is_function_word, shingles, tokenize};

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

/// The signals of one document.
#[derive(Debug, Clone)]
struct Profile {
    words: Vec<u64>,
    skeleton: Vec<u64>,
    pattern: Vec<u64>,
}

/// Rarest shared word shingles under which each document is indexed.
const PREFIX_WORDS: usize = 8;
/// Rarest shared skeleton shingles under which each document is indexed.
const PREFIX_SKELETON: usize = 4;

/// Word n-gram length for copies and quotations.
const WORD_K: usize = 5;
/// Skeleton n-gram length.
const SKELETON_K: usize = 3;
/// Grammar-pattern n-gram length.
const PATTERN_K: usize = 6;

fn profile(text: &str) -> Profile {
    let tokens = tokenize(text);
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    let skeleton: Vec<&str> = tokens.iter().filter(|t| t.number || t.capitalised).map(|t| t.word.as_str()).collect();
    let mut pattern: Vec<&str> = Vec::new();
    for t in &tokens {
        let p = if is_function_word(&t.word) { t.word.as_str() } else { "_" };
        if !(p == "_" && pattern.last() == Some(&"_")) {
            pattern.push(p);
        }
        if t.sentence_end {
            pattern.push("|");
        }
    }
    Profile {
        words: shingles(&words, WORD_K),
        skeleton: shingles(&skeleton, SKELETON_K),
        pattern: shingles(&pattern, PATTERN_K),
    }
}

fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
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
    /// Number of word 5-grams the two share (a quoted passage of a dozen words shares about eight).
    pub shared: usize,
    /// Jaccard similarity of the names-and-figures skeleton.
    pub skeleton: f64,
    /// Number of skeleton 3-grams shared.
    pub skeleton_shared: usize,
    /// Jaccard similarity of the grammar-word pattern.
    pub pattern: f64,
}

/// Thresholds of the relations.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Word Jaccard at or above which a pair is a copy.
    pub copy: f64,
    /// Containment at or above which a pair is a partial copy (with at least `shared` 5-grams).
    pub containment: f64,
    /// Word 5-grams a partial copy must share.
    pub shared: usize,
    /// Skeleton and pattern similarity at or above which a pair is a spun copy.
    pub spun_skeleton: f64,
    /// Pattern similarity needed for a spun copy.
    pub spun_pattern: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { copy: 0.6, containment: 0.25, shared: 8, spun_skeleton: 0.5, spun_pattern: 0.35 }
    }
}

/// Classifies one pair, or `None` for unrelated texts.
pub fn classify(e: &PairEvidence, t: &Thresholds) -> Option<Relation> {
    if e.words >= t.copy {
        Some(Relation::Copy)
    } else if e.skeleton >= t.spun_skeleton && e.skeleton_shared >= 4 && e.pattern >= t.spun_pattern {
        Some(Relation::SpunCopy)
    } else if e.containment >= t.containment && e.shared >= t.shared {
        Some(Relation::PartialCopy)
    } else {
        None
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
    evidence(&profile(a), &profile(b))
}

fn evidence(a: &Profile, b: &Profile) -> PairEvidence {
    let inter = overlap(&a.words, &b.words);
    let smaller = a.words.len().min(b.words.len()).max(1);
    PairEvidence {
        words: jaccard(&a.words, &b.words),
        containment: inter as f64 / smaller as f64,
        shared: inter,
        skeleton: jaccard(&a.skeleton, &b.skeleton),
        skeleton_shared: overlap(&a.skeleton, &b.skeleton),
        pattern: jaccard(&a.pattern, &b.pattern),
    }
}

/// Finds the families among `docs`. Candidate pairs are those sharing one of the rarest shingles
/// each document has in common with some other document.
pub fn analyse(docs: &[Document], thresholds: &Thresholds) -> Provenance {
    let mut profiles: Vec<Profile> = docs.iter().map(|d| profile(&d.text)).collect();
    // Boilerplate: word and skeleton shingles found in many documents (a site's footer, a house
    // style's stock phrases) say nothing about copying and are dropped before comparing.
    let common_df = 10usize.max(docs.len() / 20);
    let mut df: HashMap<u64, usize> = HashMap::new();
    for p in &profiles {
        for &h in p.words.iter().chain(&p.skeleton) {
            *df.entry(h).or_default() += 1;
        }
    }
    for p in profiles.iter_mut() {
        p.words.retain(|h| df.get(h).copied().unwrap_or(0) <= common_df);
        p.skeleton.retain(|h| df.get(h).copied().unwrap_or(0) <= common_df);
    }
    // Candidates by prefix filtering: every shingle is indexed, but each document looks up only
    // its rarest shingles that some other document also has (a copy shares the original's rarest
    // shingles; a quotation shares the quoted passage's), so the work grows with the number of
    // documents rather than its square.
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, p) in profiles.iter().enumerate() {
        for &h in p.words.iter().chain(&p.skeleton) {
            index.entry(h).or_default().push(i as u32);
        }
    }
    let mut pairs: Vec<u64> = Vec::new();
    for (i, p) in profiles.iter().enumerate() {
        for (set, take) in [(&p.words, PREFIX_WORDS), (&p.skeleton, PREFIX_SKELETON)] {
            let mut shared: Vec<(usize, u64)> =
                set.iter().map(|h| (df.get(h).copied().unwrap_or(0), *h)).filter(|(d, _)| *d >= 2).collect();
            shared.sort_unstable();
            for &(_, h) in shared.iter().take(take) {
                for &j in index.get(&h).map(Vec::as_slice).unwrap_or(&[]) {
                    let (a, b) = (i as u32, j);
                    if a != b {
                        pairs.push((u64::from(a.min(b)) << 32) | u64::from(a.max(b)));
                    }
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        p[x] = r;
        r
    }
    let mut edges: Vec<(usize, usize, Relation, f64)> = Vec::new();
    for &pair in &pairs {
        let (a, b) = ((pair >> 32) as usize, (pair & 0xffff_ffff) as usize);
        let e = evidence(&profiles[a], &profiles[b]);
        if let Some(rel) = classify(&e, thresholds) {
            let sim = match rel {
                Relation::Copy => e.words,
                Relation::PartialCopy => e.containment,
                _ => (e.skeleton + e.pattern) / 2.0,
            };
            edges.push((a, b, rel, sim));
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra] = rb;
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..docs.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut families = Vec::new();
    let mut independent = Vec::new();
    let mut group_list: Vec<Vec<usize>> = groups.into_values().collect();
    group_list.sort_by_key(|g| g[0]);
    for members in group_list {
        if members.len() == 1 {
            independent.push(docs[members[0]].id.clone());
            continue;
        }
        // The original: earliest publication date; without dates, the member most strongly tied to
        // the others.
        let strength = |i: usize| -> f64 { edges.iter().filter(|e| e.0 == i || e.1 == i).map(|e| e.3).sum() };
        let original = *members
            .iter()
            .min_by(|&&x, &&y| {
                let (dx, dy) = (docs[x].published.as_deref(), docs[y].published.as_deref());
                match (dx, dy) {
                    (Some(a), Some(b)) if a != b => a.cmp(b),
                    _ => strength(y).total_cmp(&strength(x)),
                }
            })
            .unwrap_or(&members[0]);
        let mut out =
            vec![Member { source_id: docs[original].id.clone(), relation: Relation::Original, similarity: 1.0 }];
        for &m in members.iter().filter(|&&m| m != original) {
            // Its relation: the edge to the original if there is one, else its strongest edge.
            let to_original = edges.iter().find(|e| (e.0 == m && e.1 == original) || (e.1 == m && e.0 == original));
            let best = edges.iter().filter(|e| e.0 == m || e.1 == m).max_by(|x, y| x.3.total_cmp(&y.3));
            if let Some(&(_, _, rel, sim)) = to_original.or(best) {
                out.push(Member { source_id: docs[m].id.clone(), relation: rel, similarity: sim });
            }
        }
        families.push(Family { members: out });
    }
    Provenance { families, independent, pairs_compared: pairs.len() }
}
