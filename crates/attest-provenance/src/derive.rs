//! Circular reporting beyond verbatim text: a press article that says where it got its story
//! ("according to a report by ...", "~에 따르면"), a translation of a testimony into another
//! language, and a later open source that shares a testimony's distinctive details without
//! naming any source.
//!
//! Copies, spun copies and quotations come from [`crate::analyse`] and are certain. Attributions
//! that name another source of the case are certain too (the text says so). Translations and
//! shared details are found from the skeleton of names, places, numbers and dates, which survives
//! translation (names are compared through `attest-korean`'s romanization-insensitive key); they
//! are "possibly derived: decide", for an analyst, never silently independent.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::{Document, Relation, Thresholds, analyse};

/// A source's text with what derivation needs.
#[derive(Debug, Clone, Default)]
pub struct SourceText {
    /// Source id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Publication (or interview) date, ISO 8601.
    pub published: Option<String>,
    /// A testimony (an interview), rather than a document.
    pub testimony: bool,
    /// Names by which other texts may cite it: title, publisher, author, site.
    pub names: Vec<String>,
}

/// How one text derives from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DerivationKind {
    /// The same words.
    Copy,
    /// A passage quoted.
    PartialCopy,
    /// Words swapped for synonyms.
    SpunCopy,
    /// The text names the other as its source.
    Attribution,
    /// The other's names, places, figures and dates in another language.
    Translation,
    /// A later open source sharing a testimony's distinctive details without naming a source.
    SharedDetails,
}

/// One derivation.
#[derive(Debug, Clone, Serialize)]
pub struct Derivation {
    /// The source it derives from.
    pub original: String,
    /// The derived source.
    pub derived: String,
    /// How.
    pub kind: DerivationKind,
    /// Certain (copies, attributions) or "possibly derived: decide".
    pub certain: bool,
    /// The evidence, in words.
    pub detail: String,
}

/// An attribution phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// The phrase as found.
    pub phrase: String,
    /// What it names.
    pub named: String,
}

const ENGLISH_CUES: &[&str] = &[
    "according to a report by",
    "according to a report from",
    "according to the report by",
    "according to reports by",
    "according to",
    "as reported by",
    "reported by",
    "as told to",
    "a report by",
    "citing",
    "cited by",
    "quoted by",
    "in a report published by",
    "sources told",
];

/// Korean cues: the named source comes before them ("NK감시위원회 보고서에 따르면").
const KOREAN_CUES: &[&str] =
    &["에 따르면", "에 의하면", "의 보고서", "이 전했다", "가 전했다", "이 밝혔다", "가 밝혔다"];

/// Attribution phrases in English and Korean, with what they name (the words up to the next
/// punctuation, at most eight words).
pub fn attributions(text: &str) -> Vec<Attribution> {
    let mut out = Vec::new();
    let lower = text.to_lowercase();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for cue in ENGLISH_CUES {
        let mut from = 0;
        while let Some(at) = lower[from..].find(cue) {
            let start = from + at;
            let end = start + cue.len();
            from = end;
            if taken.iter().any(|&(s, e)| start < e && s < end) {
                continue;
            }
            taken.push((start, end));
            let rest = &text[end.min(text.len())..];
            let named: String = rest
                .split(['.', ',', ';', ':', '"', '“', '”', '(', ')', '\n'])
                .next()
                .unwrap_or("")
                .split_whitespace()
                .take(8)
                .collect::<Vec<_>>()
                .join(" ");
            if !named.is_empty() {
                out.push(Attribution { phrase: text[start..end].to_string(), named });
            }
        }
    }
    // "X told reporters": the teller comes before the verb.
    for cue in [" told ", " informed "] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(cue) {
            let start = from + at;
            from = start + cue.len();
            let clause = text[..start].rsplit(['.', ',', ';', '"', '“', '”', '\n', '(', ')']).next().unwrap_or("");
            let words: Vec<&str> = clause.split_whitespace().collect();
            let named = words[words.len().saturating_sub(5)..].join(" ");
            if !named.is_empty() {
                out.push(Attribution { phrase: cue.trim().to_string(), named });
            }
        }
    }
    for cue in KOREAN_CUES {
        let mut from = 0;
        while let Some(at) = text[from..].find(cue) {
            let start = from + at;
            from = start + cue.len();
            let before = &text[..start];
            let clause = before.rsplit(['.', ',', '"', '“', '”', '\n', '(', ')']).next().unwrap_or("");
            let words: Vec<&str> = clause.split_whitespace().collect();
            let named = words[words.len().saturating_sub(4)..].join(" ");
            if !named.is_empty() {
                out.push(Attribution { phrase: cue.trim().to_string(), named });
            }
        }
    }
    out
}

/// Korean particles and counters dropped from the end of a Hangul word before its key is taken.
const PARTICLES: &[&str] = &[
    "에서는",
    "에서",
    "에게",
    "으로",
    "이라는",
    "라는",
    "에는",
    "와",
    "과",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "의",
    "도",
    "만",
    "로",
    "씨",
];

/// The skeleton that survives translation: names and places (as romanization-insensitive keys)
/// and numbers (years included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skeleton {
    /// Keys of capitalised word runs (Latin) and Hangul words.
    pub names: BTreeSet<String>,
    /// Numbers.
    pub numbers: BTreeSet<u64>,
}

impl Skeleton {
    fn len(&self) -> usize {
        self.names.len() + self.numbers.len()
    }
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The skeleton of a text.
pub fn skeleton(text: &str) -> Skeleton {
    let mut s = Skeleton::default();
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, s: &mut Skeleton| {
        if !run.is_empty() {
            let k = attest_korean::key(&run.join(" "));
            if k.len() >= 3 {
                s.names.insert(k);
            }
            run.clear();
        }
    };
    for raw in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '"' | '“' | '”' | '(' | ')'))
    {
        let ends_sentence = raw.ends_with(['.', '!', '?']);
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if word.is_empty() {
            flush(&mut run, &mut s);
            continue;
        }
        let digits: String = word.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            flush(&mut run, &mut s);
            if let Ok(n) = digits.parse() {
                s.numbers.insert(n);
            }
        } else if word.chars().any(is_hangul) {
            flush(&mut run, &mut s);
            let mut w = word.to_string();
            for p in PARTICLES {
                if let Some(rest) = w.strip_suffix(p)
                    && rest.chars().count() >= 2
                {
                    w = rest.to_string();
                    break;
                }
            }
            let k = attest_korean::key(&w);
            if k.len() >= 3 {
                s.names.insert(k);
            }
        } else if word.chars().next().is_some_and(char::is_uppercase) {
            run.push(word.to_string());
        } else {
            flush(&mut run, &mut s);
        }
        if ends_sentence {
            flush(&mut run, &mut s);
        }
    }
    flush(&mut run, &mut s);
    s
}

/// Mostly Hangul.
fn korean(text: &str) -> bool {
    let (mut h, mut l) = (0usize, 0usize);
    for c in text.chars() {
        if is_hangul(c) {
            h += 1;
        } else if c.is_ascii_alphabetic() {
            l += 1;
        }
    }
    h > l
}

/// What two skeletons share, when it is enough to suspect derivation: at least two names and
/// one number, three items in all, and half the smaller skeleton.
fn shared_skeleton(a: &Skeleton, b: &Skeleton, rare: &dyn Fn(&str) -> bool) -> Option<String> {
    let names: Vec<&String> = a.names.intersection(&b.names).filter(|n| rare(n)).collect();
    let numbers: Vec<&u64> = a.numbers.intersection(&b.numbers).collect();
    let shared = names.len() + numbers.len();
    let smaller = a.len().min(b.len()).max(1);
    (names.len() >= 2 && !numbers.is_empty() && shared >= 3 && shared * 2 >= smaller).then(|| {
        format!(
            "{shared} of {smaller} distinctive items shared: names {}; figures {}",
            names.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            numbers.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")
        )
    })
}

/// Earlier first: by date when both are known, else the testimony, else input order.
fn order<'a>(a: &'a SourceText, b: &'a SourceText) -> (&'a SourceText, &'a SourceText) {
    match (&a.published, &b.published) {
        (Some(x), Some(y)) if x != y => {
            if x < y {
                (a, b)
            } else {
                (b, a)
            }
        }
        _ if b.testimony && !a.testimony => (b, a),
        _ => (a, b),
    }
}

/// Texts compared pairwise for translations and shared details, at most (the families of
/// [`analyse`] scale to millions; these checks are for a case's sources).
pub const MAX_PAIRWISE: usize = 2_000;

/// Every derivation among a case's sources: copies, spun copies and quotations (certain),
/// attributions naming another source (certain), translations and shared details (possible).
pub fn derivations(sources: &[SourceText], thresholds: &Thresholds) -> Vec<Derivation> {
    let docs: Vec<Document> = sources
        .iter()
        .map(|s| Document { id: s.id.clone(), text: s.text.clone(), published: s.published.clone() })
        .collect();
    let provenance = analyse(&docs, thresholds);
    let mut out = Vec::new();
    let mut related: BTreeSet<(String, String)> = BTreeSet::new();
    let mut relate = |a: &str, b: &str| {
        let p = if a <= b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) };
        related.insert(p)
    };
    for f in &provenance.families {
        let original = &f.members[0].source_id;
        for m in &f.members[1..] {
            relate(original, &m.source_id);
            out.push(Derivation {
                original: original.clone(),
                derived: m.source_id.clone(),
                kind: match m.relation {
                    Relation::PartialCopy => DerivationKind::PartialCopy,
                    Relation::SpunCopy => DerivationKind::SpunCopy,
                    _ => DerivationKind::Copy,
                },
                certain: true,
                detail: format!("{} (similarity {:.2})", relation_name(m.relation), m.similarity),
            });
        }
    }
    // Attributions naming another source of the case.
    let keyed_names: Vec<(usize, String)> = sources
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.names.iter().map(move |n| (i, n.to_lowercase())))
        .filter(|(_, n)| n.chars().count() >= 4)
        .collect();
    let mut attributing: Vec<bool> = vec![false; sources.len()];
    for (i, s) in sources.iter().enumerate() {
        let found = attributions(&s.text);
        attributing[i] = !found.is_empty();
        for a in found {
            let named = a.named.to_lowercase();
            for (j, n) in &keyed_names {
                // The phrase must name the whole of a source's name: "the witness" is not a
                // citation of a report titled "The witness account".
                if *j != i && named.contains(n.as_str()) {
                    if relate(&sources[*j].id, &s.id) {
                        out.push(Derivation {
                            original: sources[*j].id.clone(),
                            derived: s.id.clone(),
                            kind: DerivationKind::Attribution,
                            certain: true,
                            detail: format!("\"{} {}\"", a.phrase, a.named),
                        });
                    }
                    break;
                }
            }
        }
    }
    // Translations and shared details, from the skeleton.
    if sources.len() <= MAX_PAIRWISE {
        let skeletons: Vec<Skeleton> = sources.iter().map(|s| skeleton(&s.text)).collect();
        let mut df: HashMap<&str, usize> = HashMap::new();
        for sk in &skeletons {
            for n in &sk.names {
                *df.entry(n.as_str()).or_default() += 1;
            }
        }
        // A name in more than a third of a case's texts (the camp every account names) is not
        // distinctive, once there are enough texts to tell.
        let limit = (sources.len() / 3).max(3);
        let rare = |n: &str| df.get(n).copied().unwrap_or(0) <= limit;
        let in_korean: Vec<bool> = sources.iter().map(|s| korean(&s.text)).collect();
        for i in 0..sources.len() {
            for j in i + 1..sources.len() {
                let (a, b) = (&sources[i], &sources[j]);
                // The cheap refusals first, before any set is intersected (a case is mostly
                // testimonies, and its pairs number in the millions): two witnesses of one event
                // share its names and figures, which is corroboration, not derivation; in one
                // language only a testimony and a later document can share details.
                if a.testimony && b.testimony || (in_korean[i] == in_korean[j] && a.testimony == b.testimony) {
                    continue;
                }
                let p = if a.id <= b.id { (a.id.clone(), b.id.clone()) } else { (b.id.clone(), a.id.clone()) };
                if related.contains(&p) {
                    continue;
                }
                let Some(why) = shared_skeleton(&skeletons[i], &skeletons[j], &rare) else { continue };
                let (first, later) = order(a, b);
                let later_index = if later.id == a.id { i } else { j };
                let kind = if in_korean[i] != in_korean[j] {
                    DerivationKind::Translation
                } else if first.testimony && !later.testimony && !attributing[later_index] {
                    DerivationKind::SharedDetails
                } else {
                    continue;
                };
                out.push(Derivation {
                    original: first.id.clone(),
                    derived: later.id.clone(),
                    kind,
                    certain: false,
                    detail: format!("possibly derived: decide ({why})"),
                });
            }
        }
    }
    out
}

fn relation_name(r: Relation) -> &'static str {
    match r {
        Relation::Original => "original",
        Relation::Copy => "copy",
        Relation::PartialCopy => "partial-copy",
        Relation::SpunCopy => "spun-copy",
    }
}
