//! Independent lines of evidence: sources, witnesses and named informants joined by the
//! dependencies that make them one line, each line graded by its originating member (the
//! testimony, or the earliest member of a provenance chain), never by a reputable repeater.
//!
//! A claim sits on its source's line, except hearsay from a named informant (it joins the
//! informant's line) and a claim read in another source of the case (it joins that source's).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use attest_domain::Reliability;
use serde::Serialize;

use crate::grade::{meets, not_assessed, rank};
use crate::input::{Basis, CaseInput, Config, Dependency, DependencyKind};
use attest_domain::UnionFind;

/// One independent line of evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// Its sources, sorted.
    pub sources: Vec<String>,
    /// The members that originate what the line says (the testimony, or the earliest member of
    /// a provenance chain); the line is graded by them alone.
    pub originating: Vec<String>,
    /// The best grade among the originating members (per claim when graded per claim).
    pub grade: Option<String>,
    /// An originating member meets the configured level on both components.
    pub reliable: bool,
    /// The grade is F or 6 (or missing): not assessed, which the case policy decides.
    pub not_assessed: bool,
    /// How the line knows: `first-hand`, `first-hand-assumed` (a testimony whose basis was not
    /// recorded), `hearsay-named`, `hearsay-unknown` or `documentary`.
    pub basis: &'static str,
    /// Unknown-source hearsay: may support, never the second line.
    pub counts_as_second: bool,
    /// Why its sources count as one (empty for a single source).
    pub joined_by: Vec<Dependency>,
}

/// A line with what the rules need.
#[derive(Debug, Clone)]
pub(crate) struct LineFacts {
    pub root: usize,
    pub claims: Vec<usize>,
    pub line: Line,
    pub affirms: bool,
    pub denies: bool,
    pub first_hand: bool,
}

impl LineFacts {
    /// Reliable and allowed to count towards corroboration.
    pub fn counting(&self) -> bool {
        self.line.reliable && self.line.counts_as_second && self.affirms
    }
}

/// Whether a dependency joins its ends, before any override.
fn joins_by_default(d: &Dependency) -> bool {
    match d.kind {
        DependencyKind::SharedInterviewer | DependencyKind::Independent => false,
        DependencyKind::SamePerson => d.counter_evidence.is_empty(),
        _ => true,
    }
}

/// Kinds an analyst's `independent` decision overrides.
fn overridable(k: DependencyKind) -> bool {
    matches!(k, DependencyKind::PossiblyDerived | DependencyKind::SamePerson | DependencyKind::DerivedText)
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) }
}

/// The facts about the case that every line computation shares.
pub(crate) struct Case<'a> {
    pub input: &'a CaseInput<'a>,
    pub config: &'a Config,
    pub testimony: HashSet<&'a str>,
    pub witness_ids: HashSet<&'a str>,
    pub published: HashMap<&'a str, &'a str>,
    /// Each claim's grade (source letter, claim or source digit, 1 stripped).
    pub grade: Vec<Option<Reliability>>,
    /// Pairs an analyst declared independent.
    pub independent: HashSet<(String, String)>,
}

impl<'a> Case<'a> {
    pub fn is_testimony(&self, source: &str) -> bool {
        self.testimony.contains(source)
    }

    /// Whether dependency `i` joins its ends; `flip` inverts one dependency (to say how a
    /// finding changes if a review item were resolved the other way).
    pub fn joins(&self, i: usize, flip: Option<usize>) -> bool {
        let d = &self.input.dependencies[i];
        let mut j = joins_by_default(d);
        if j && overridable(d.kind) && self.independent.contains(&pair(&d.a, &d.b)) {
            j = false;
        }
        if flip == Some(i) { !j } else { j }
    }
}

/// Sources joined into lines: a union-find over source, witness and informant nodes.
pub(crate) struct LineIndex {
    uf: UnionFind,
    /// The reasons of each line (by union-find root), at most 20.
    joins: HashMap<usize, Vec<Dependency>>,
    /// Each claim's node.
    anchor: Vec<usize>,
    /// Sources that repeat another member of their line.
    derived: HashSet<String>,
}

impl LineIndex {
    pub fn new(case: &Case<'_>, flip: Option<usize>) -> LineIndex {
        let input = case.input;
        let mut node: HashMap<String, usize> = HashMap::new();
        let mut id = |s: String| -> usize {
            let n = node.len();
            *node.entry(s).or_insert(n)
        };
        let source_ids: HashSet<&str> = input.sources.iter().map(|s| s.source_id.as_str()).collect();
        let node_name = |x: &str| -> String {
            if !source_ids.contains(x) && case.witness_ids.contains(x) { format!("w:{x}") } else { format!("s:{x}") }
        };
        let mut pairs = Vec::new();
        let mut edges: Vec<(usize, Dependency)> = Vec::new();
        for s in input.sources {
            let a = id(format!("s:{}", s.source_id));
            if let Some(w) = &s.witness_id {
                let b = id(format!("w:{w}"));
                pairs.push((a, b));
            }
        }
        let mut by_witness: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for s in input.sources {
            if let Some(w) = &s.witness_id {
                by_witness.entry(w).or_default().push(&s.source_id);
            }
        }
        for (w, ids) in by_witness {
            for p in ids.windows(2) {
                let a = id(format!("s:{}", p[0]));
                edges.push((
                    a,
                    Dependency {
                        detail: Some(w.to_string()),
                        ..Dependency::new(p[0], p[1], DependencyKind::SameWitness, "archive")
                    },
                ));
            }
        }
        let mut derived = HashSet::new();
        for (i, d) in input.dependencies.iter().enumerate() {
            if !case.joins(i, flip) {
                continue;
            }
            let (a, b) = (id(node_name(&d.a)), id(node_name(&d.b)));
            pairs.push((a, b));
            edges.push((a, d.clone()));
            match d.kind {
                DependencyKind::DerivedText | DependencyKind::PossiblyDerived => {
                    let (ta, tb) = (case.is_testimony(&d.a), case.is_testimony(&d.b));
                    let later = match (ta, tb) {
                        (true, true) => None,
                        (true, false) => Some(&d.b),
                        (false, true) => Some(&d.a),
                        _ => match (case.published.get(d.a.as_str()), case.published.get(d.b.as_str())) {
                            (Some(pa), Some(pb)) if pa > pb => Some(&d.a),
                            _ => Some(&d.b),
                        },
                    };
                    derived.extend(later.cloned());
                }
                DependencyKind::Cites => {
                    derived.insert(d.a.clone());
                }
                _ => {}
            }
        }
        // Claims: hearsay from a named informant joins the informant; a claim read in a source
        // of the case joins that source.
        let mut anchor = Vec::with_capacity(input.claims.len());
        for c in input.claims {
            let own = id(format!("s:{}", c.source_id));
            let a = match &c.basis {
                Basis::HeardFromNamed(who) => {
                    let name = if source_ids.contains(who.as_str()) || case.witness_ids.contains(who.as_str()) {
                        node_name(who)
                    } else {
                        format!("i:{}", attest_korean::key(who))
                    };
                    let n = id(name);
                    edges.push((
                        n,
                        Dependency {
                            detail: Some(format!("{} heard it from {who}", c.claim_id)),
                            ..Dependency::new(&c.source_id, who, DependencyKind::SharedInformant, "claim")
                        },
                    ));
                    n
                }
                Basis::Read(Some(src)) => {
                    let n = id(node_name(src));
                    edges.push((
                        n,
                        Dependency {
                            detail: Some(format!("{} read it in {src}", c.claim_id)),
                            ..Dependency::new(&c.source_id, src, DependencyKind::Cites, "claim")
                        },
                    ));
                    n
                }
                _ => own,
            };
            anchor.push(a);
        }
        let mut uf = UnionFind::new(node.len());
        for (a, b) in pairs {
            uf.union(a, b);
        }
        let mut joins: HashMap<usize, Vec<Dependency>> = HashMap::new();
        for (n, e) in edges {
            let list = joins.entry(uf.find(n)).or_default();
            if list.len() < 20 {
                list.push(e);
            }
        }
        LineIndex { uf, joins, anchor, derived }
    }

    /// The line (union-find root) of a claim.
    pub fn root_of_claim(&self, claim: usize) -> usize {
        self.uf.find(self.anchor[claim])
    }

    /// The lines among `claims`, in first-seen order.
    pub fn lines(&self, claims: &[usize], case: &Case<'_>) -> Vec<LineFacts> {
        let mut order: Vec<usize> = Vec::new();
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for &c in claims {
            let r = self.root_of_claim(c);
            if !members.contains_key(&r) {
                order.push(r);
            }
            members.entry(r).or_default().push(c);
        }
        order.into_iter().map(|r| self.facts(r, members.remove(&r).unwrap_or_default(), case)).collect()
    }

    fn facts(&self, root: usize, claims: Vec<usize>, case: &Case<'_>) -> LineFacts {
        let input = case.input;
        let sources: Vec<String> =
            claims.iter().map(|&c| input.claims[c].source_id.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let is_derived = |c: usize| {
            let claim = &input.claims[c];
            self.derived.contains(&claim.source_id) || matches!(claim.basis, Basis::Read(_))
        };
        let tier0: Vec<usize> = claims
            .iter()
            .copied()
            .filter(|&c| !is_derived(c) && !matches!(input.claims[c].basis, Basis::HeardFromNamed(_)))
            .collect();
        let tier1: Vec<usize> = claims.iter().copied().filter(|&c| !is_derived(c)).collect();
        let originating: Vec<usize> = if !tier0.is_empty() {
            tier0
        } else if !tier1.is_empty() {
            tier1
        } else {
            let earliest =
                claims.iter().filter_map(|&c| case.published.get(input.claims[c].source_id.as_str()).copied()).min();
            let first: Vec<usize> = claims
                .iter()
                .copied()
                .filter(|&c| {
                    earliest.is_some() && case.published.get(input.claims[c].source_id.as_str()).copied() == earliest
                })
                .collect();
            if first.is_empty() { claims.clone() } else { first }
        };
        let best = originating.iter().filter_map(|&c| case.grade[c]).min_by_key(|g| rank(*g, case.config));
        let first_hand_seen = originating.iter().any(|&c| input.claims[c].basis == Basis::Witnessed);
        let first_hand_assumed = !first_hand_seen
            && originating
                .iter()
                .any(|&c| input.claims[c].basis == Basis::Unstated && case.is_testimony(&input.claims[c].source_id));
        let unknown = originating.iter().all(|&c| input.claims[c].basis == Basis::HeardFromUnknown);
        let named = originating.iter().any(|&c| matches!(input.claims[c].basis, Basis::HeardFromNamed(_)));
        let basis = if first_hand_seen {
            "first-hand"
        } else if first_hand_assumed {
            "first-hand-assumed"
        } else if unknown {
            "hearsay-unknown"
        } else if named {
            "hearsay-named"
        } else {
            "documentary"
        };
        let mut originating_sources: Vec<String> =
            originating.iter().map(|&c| input.claims[c].source_id.clone()).collect();
        originating_sources.sort();
        originating_sources.dedup();
        let joined_by = if sources.len() > 1 || named || claims.iter().any(|&c| is_derived(c)) {
            self.joins.get(&root).cloned().unwrap_or_default()
        } else {
            Vec::new()
        };
        LineFacts {
            root,
            affirms: claims.iter().any(|&c| !input.claims[c].denies),
            denies: claims.iter().any(|&c| input.claims[c].denies),
            first_hand: first_hand_seen || first_hand_assumed,
            line: Line {
                sources,
                originating: originating_sources,
                grade: best.map(|g| g.to_string()),
                reliable: best.is_some_and(|g| meets(g, case.config)),
                not_assessed: best.is_none_or(not_assessed),
                basis,
                counts_as_second: !unknown,
                joined_by,
            },
            claims,
        }
    }
}
