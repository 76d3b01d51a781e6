//! Corroboration: which claims are backed by independent, reliable lines of evidence.
//!
//! A claim is corroborated when at least two independent, reliable sources support it (the working
//! standard of UN human-rights investigations). Counting sources is easy; counting *independent*
//! ones is the point of this crate. Sources are joined into one line of evidence when they are
//! not independent: testimonies of the same witness, witnesses found to be the same person,
//! texts of one provenance family (copies, spun copies, quotations), and dependencies an analyst
//! declared (a shared informant, a shared interviewer, one citing another). Joins are transitive:
//! if A cites B and B copies C, all three are one line.
//!
//! Claims are grouped into events: same act, same place (romanization-insensitive, through
//! `attest-korean`), and periods no further apart than a configurable gap. A claim missing its
//! place or date joins an event only when exactly one event of its act is compatible with it. An
//! analyst can merge two claims into one event or split them apart; splits are never overridden.
//!
//! For every event and every claim the outcome is one of:
//! - `contested`: claims from independent lines disagree on a count, a date or a place beyond their
//!   stated uncertainty (the intervals of [`UncertainCount`] and [`UncertainDate`] do not overlap);
//! - `corroborated`: at least `min_lines` independent lines, each graded at least `min_reliability`;
//! - `single-source`: one line only, however many sources it holds;
//! - `unconfirmed`: several independent lines, but fewer than `min_lines` graded reliable enough.
//!
//! A line's grade is its best member's Admiralty grade: the members of a line carry one piece of
//! information, and the most reliable teller of it stands for the line. Ungraded lines never count
//! as reliable.
//!
//! Pure: inputs in, report out; no I/O. Hand-written: grouping and independence are this
//! project's own rules, not something a library provides.

mod uf;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use attest_domain::{Day, Reliability, UncertainCount, UncertainDate};
use serde::Serialize;

use uf::UnionFind;

/// A source as corroboration sees it.
#[derive(Debug, Clone)]
pub struct SourceInput {
    /// Source id.
    pub source_id: String,
    /// The witness, for testimonies.
    pub witness_id: Option<String>,
    /// Admiralty grade, when assessed.
    pub reliability: Option<Reliability>,
}

/// A claim as corroboration sees it.
#[derive(Debug, Clone)]
pub struct ClaimInput {
    /// Claim id.
    pub claim_id: String,
    /// The source that makes it.
    pub source_id: String,
    /// Act slug.
    pub act: String,
    /// Place as written.
    pub place: Option<String>,
    /// When.
    pub when: Option<UncertainDate>,
    /// How many.
    pub count: Option<UncertainCount>,
}

/// Why two sources (or two witnesses) are not independent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyKind {
    /// Two testimonies of one witness.
    SameWitness,
    /// Two witnesses who are one person (sealed identities compared inside the vault, or declared).
    SamePerson,
    /// Both heard it from the same informant.
    SharedInformant,
    /// Both were taken by the same interviewer.
    SharedInterviewer,
    /// One cites the other.
    Cites,
    /// One text derives from the other (copy, spun copy, quotation): found by provenance.
    DerivedText,
}

impl DependencyKind {
    /// The kinds an analyst may declare, by their command-line names.
    pub fn parse_declared(s: &str) -> Option<DependencyKind> {
        match s {
            "shared-informant" => Some(DependencyKind::SharedInformant),
            "shared-interviewer" => Some(DependencyKind::SharedInterviewer),
            "cites" => Some(DependencyKind::Cites),
            "same-person" => Some(DependencyKind::SamePerson),
            _ => None,
        }
    }

    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DependencyKind::SameWitness => "same-witness",
            DependencyKind::SamePerson => "same-person",
            DependencyKind::SharedInformant => "shared-informant",
            DependencyKind::SharedInterviewer => "shared-interviewer",
            DependencyKind::Cites => "cites",
            DependencyKind::DerivedText => "derived-text",
        }
    }
}

/// One reason two sources or witnesses are joined. `a` and `b` are source ids, or witness ids for
/// `same-person`.
#[derive(Debug, Clone, Serialize)]
pub struct Dependency {
    /// One end.
    pub a: String,
    /// The other end.
    pub b: String,
    /// Why.
    pub kind: DependencyKind,
    /// Who found it: `declared` (an analyst), `provenance`, `vault` (identity comparison), `archive`.
    pub origin: &'static str,
    /// Detail, such as the provenance relation or the identity comparison's basis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// An analyst's decision about two claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// The two claims are about one event.
    Merge,
    /// The two claims are about different events.
    Split,
}

/// A decision about two claims; later decisions about the same pair replace earlier ones.
#[derive(Debug, Clone)]
pub struct EventDecision {
    /// Merge or split.
    pub decision: Decision,
    /// One claim.
    pub claim_a: String,
    /// The other.
    pub claim_b: String,
}

/// The rules.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// The weakest grade a line may have and still count as reliable (source letter and
    /// information digit are both compared: `C3` accepts B2 and C3, not D2 or B4).
    pub min_reliability: Reliability,
    /// Independent reliable lines needed for `corroborated`.
    pub min_lines: usize,
    /// Largest gap in days between two claims' periods for them to be one event.
    pub gap_days: u32,
    /// List each claim's supporting lines in its outcome. A view that needs only statuses and
    /// counts (the workspace's case overview) turns this off: in a large event every claim would
    /// otherwise carry a copy of the event's lines.
    pub claim_lines: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            min_reliability: Reliability { source: 'C', information: 3 },
            min_lines: 2,
            gap_days: 183,
            claim_lines: true,
        }
    }
}

/// The outcome for a claim or event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Independent lines disagree beyond their stated uncertainty.
    Contested,
    /// At least `min_lines` independent lines graded reliable enough.
    Corroborated,
    /// Several independent lines, too few graded reliable enough.
    Unconfirmed,
    /// One line of evidence.
    SingleSource,
}

/// One independent line of evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// Its sources, sorted.
    pub sources: Vec<String>,
    /// The best Admiralty grade among them.
    pub grade: Option<String>,
    /// The grade is at least the configured level.
    pub reliable: bool,
    /// Why its sources count as one (empty for a single source).
    pub joined_by: Vec<Dependency>,
}

/// Two claims from independent lines that cannot both be right.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// `count`, `date` or `place`.
    pub field: &'static str,
    /// One claim.
    pub claim_a: String,
    /// What it says.
    pub value_a: String,
    /// The other claim.
    pub claim_b: String,
    /// What it says.
    pub value_b: String,
}

/// A period as a pair of ISO days (either end may be open).
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// Earliest day any claim allows.
    pub earliest: Option<String>,
    /// Latest day any claim allows.
    pub latest: Option<String>,
}

/// A group of claims about one event.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// `event-N`, numbered in order of the first claim (stable while the claims are).
    pub event_id: String,
    /// Act slug.
    pub act: String,
    /// The place as its first claim writes it.
    pub place: Option<String>,
    /// The span of the claims' periods.
    pub period: Option<Period>,
    /// Its claims.
    pub claims: Vec<String>,
    /// Independent lines of evidence among the claims' sources.
    pub lines: Vec<Line>,
    /// Lines graded reliable enough.
    pub reliable_lines: usize,
    /// The outcome.
    pub status: Status,
    /// Disagreements between independent lines.
    pub disagreements: Vec<Disagreement>,
}

/// The outcome for one claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimOutcome {
    /// Claim id.
    pub claim_id: String,
    /// Its event.
    pub event_id: String,
    /// The outcome.
    pub status: Status,
    /// Independent lines supporting it (its own first), from claims of its event that agree with it.
    pub lines: Vec<Line>,
    /// Lines graded reliable enough.
    pub reliable_lines: usize,
    /// Claims of independent lines that contradict it.
    pub contradicted_by: Vec<Disagreement>,
}

/// Counts per status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// Corroborated.
    pub corroborated: usize,
    /// Single-source.
    pub single_source: usize,
    /// Contested.
    pub contested: usize,
    /// Unconfirmed.
    pub unconfirmed: usize,
}

impl Tally {
    fn add(&mut self, s: Status) {
        match s {
            Status::Corroborated => self.corroborated += 1,
            Status::SingleSource => self.single_source += 1,
            Status::Contested => self.contested += 1,
            Status::Unconfirmed => self.unconfirmed += 1,
        }
    }
}

/// The whole outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The reliability level used, e.g. `C3`.
    pub min_reliability: String,
    /// Lines needed.
    pub min_lines: usize,
    /// Largest gap between one event's claims, in days.
    pub gap_days: u32,
    /// Events.
    pub events: Vec<Event>,
    /// Claims.
    pub claims: Vec<ClaimOutcome>,
    /// Events per status.
    pub event_tally: Tally,
    /// Claims per status.
    pub claim_tally: Tally,
    /// Things the analyst should know (ambiguous claims, refused merges).
    pub notes: Vec<String>,
}

/// A day number, for gaps between dates (the domain's day arithmetic).
fn day_number(d: Day) -> i64 {
    d.days_since_epoch()
}

fn span_of(when: &UncertainDate) -> (i64, i64) {
    (when.earliest.map_or(i64::MIN / 4, day_number), when.latest.map_or(i64::MAX / 4, day_number))
}

fn grade_meets(g: Reliability, min: Reliability) -> bool {
    g.source <= min.source && g.information <= min.information
}

/// The key that decides whether two places are the same: the most specific part of what was
/// written (before any parenthesis or comma: "아오지 탄광 (Aoji coal mine)" and "Aoji, North
/// Hamgyong" both give Aoji's key), romanization-insensitive and without suffixes such as "mine"
/// or "county" (through `attest-korean`).
pub fn place_key(place: &str) -> String {
    let head = place.split(['(', ',', '/', ';']).next().unwrap_or("").trim();
    attest_korean::places::place_key(if head.is_empty() { place } else { head })
}

fn places_differ(a: &Option<String>, b: &Option<String>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

/// Everything the engine needs about one case.
pub struct CaseInput<'a> {
    /// Sources.
    pub sources: &'a [SourceInput],
    /// Claims.
    pub claims: &'a [ClaimInput],
    /// Dependencies from provenance, the vault and analysts.
    pub dependencies: &'a [Dependency],
    /// Merge and split decisions, oldest first.
    pub decisions: &'a [EventDecision],
}

/// Groups claims into events and sources into lines, and grades every claim and event.
pub fn corroborate(input: &CaseInput<'_>, config: &Config) -> Report {
    let mut notes = Vec::new();
    let lines = LineIndex::new(input.sources, input.dependencies);
    let place_keys: Vec<Option<String>> = input.claims.iter().map(|c| c.place.as_deref().map(place_key)).collect();
    let groups = group_events(input.claims, &place_keys, input.decisions, config, &mut notes);
    let source_of: Vec<&str> = input.claims.iter().map(|c| c.source_id.as_str()).collect();
    let mut events = Vec::new();
    let mut claims_out: Vec<Option<ClaimOutcome>> = vec![None; input.claims.len()];
    let (mut event_tally, mut claim_tally) = (Tally::default(), Tally::default());
    for (n, members) in groups.iter().enumerate() {
        let event_id = format!("event-{}", n + 1);
        let line_of: Vec<usize> = members.iter().map(|&i| lines.root(source_of[i])).collect();
        // Pairwise disagreements between claims of different lines.
        let mut disagree: Vec<(usize, usize, Disagreement)> = Vec::new();
        for x in 0..members.len() {
            for y in x + 1..members.len() {
                if line_of[x] == line_of[y] {
                    continue;
                }
                let (a, b) = (&input.claims[members[x]], &input.claims[members[y]]);
                for d in disagreements(a, b, &place_keys[members[x]], &place_keys[members[y]]) {
                    disagree.push((x, y, d));
                }
            }
        }
        let event_lines = lines.lines(members.iter().map(|&i| source_of[i]), config);
        let reliable = event_lines.iter().filter(|l| l.reliable).count();
        let status =
            if !disagree.is_empty() { Status::Contested } else { status_of(event_lines.len(), reliable, config) };
        event_tally.add(status);
        // Who disagrees with whom, by member: one pass over the disagreements, not one per claim.
        let mut against_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); members.len()];
        for (k, d) in disagree.iter().enumerate() {
            against_of[d.0].push((d.1, k));
            against_of[d.1].push((d.0, k));
        }
        let event_reliable = reliable;
        for (x, &ci) in members.iter().enumerate() {
            let against: BTreeSet<usize> = against_of[x].iter().map(|&(y, _)| y).collect();
            let (supporting, supporting_roots, supporting_count, reliable_lines) =
                if against.is_empty() && !config.claim_lines {
                    // Nothing contradicts it: its lines are the event's lines.
                    (Vec::new(), BTreeSet::new(), event_lines.len(), event_reliable)
                } else {
                    let mut own_first: Vec<&str> = vec![source_of[ci]];
                    own_first.extend(
                        members.iter().enumerate().filter(|(y, _)| !against.contains(y)).map(|(_, &i)| source_of[i]),
                    );
                    let supporting = lines.lines(own_first.into_iter(), config);
                    let roots: BTreeSet<usize> = supporting.iter().map(|l| lines.root(&l.sources[0])).collect();
                    let (n, r) = (supporting.len(), supporting.iter().filter(|l| l.reliable).count());
                    (if config.claim_lines { supporting } else { Vec::new() }, roots, n, r)
                };
            let contradicted_by: Vec<Disagreement> = against_of[x]
                .iter()
                .filter(|&&(y, _)| !supporting_roots.contains(&line_of[y]))
                .map(|&(_, k)| disagree[k].2.clone())
                .collect();
            let status = if !contradicted_by.is_empty() {
                Status::Contested
            } else {
                status_of(supporting_count, reliable_lines, config)
            };
            claim_tally.add(status);
            claims_out[ci] = Some(ClaimOutcome {
                claim_id: input.claims[ci].claim_id.clone(),
                event_id: event_id.clone(),
                status,
                lines: supporting,
                reliable_lines,
                contradicted_by,
            });
        }
        let first = &input.claims[members[0]];
        events.push(Event {
            event_id,
            act: first.act.clone(),
            place: members.iter().find_map(|&i| input.claims[i].place.clone()),
            period: period(members.iter().filter_map(|&i| input.claims[i].when.as_ref())),
            claims: members.iter().map(|&i| input.claims[i].claim_id.clone()).collect(),
            lines: event_lines,
            reliable_lines: reliable,
            status,
            disagreements: disagree.into_iter().map(|d| d.2).collect(),
        });
    }
    Report {
        min_reliability: config.min_reliability.to_string(),
        min_lines: config.min_lines,
        gap_days: config.gap_days,
        events,
        claims: claims_out.into_iter().flatten().collect(),
        event_tally,
        claim_tally,
        notes,
    }
}

fn status_of(lines: usize, reliable: usize, config: &Config) -> Status {
    if reliable >= config.min_lines.max(1) {
        Status::Corroborated
    } else if lines <= 1 {
        Status::SingleSource
    } else {
        Status::Unconfirmed
    }
}

fn period<'a>(dates: impl Iterator<Item = &'a UncertainDate>) -> Option<Period> {
    let mut out: Option<(Option<Day>, Option<Day>)> = None;
    for d in dates {
        out = Some(match out {
            None => (d.earliest, d.latest),
            Some((e, l)) => (e.zip(d.earliest).map(|(a, b)| a.min(b)), l.zip(d.latest).map(|(a, b)| a.max(b))),
        });
    }
    out.map(|(e, l)| Period { earliest: e.map(|d| d.iso()), latest: l.map(|d| d.iso()) })
}

fn disagreements(a: &ClaimInput, b: &ClaimInput, pa: &Option<String>, pb: &Option<String>) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let mut push = |field, va: String, vb: String| {
        out.push(Disagreement {
            field,
            claim_a: a.claim_id.clone(),
            value_a: va,
            claim_b: b.claim_id.clone(),
            value_b: vb,
        })
    };
    if let (Some(x), Some(y)) = (&a.count, &b.count)
        && !x.overlaps(y)
    {
        push("count", x.text.clone(), y.text.clone());
    }
    if let (Some(x), Some(y)) = (&a.when, &b.when)
        && !x.overlaps(y)
    {
        push("date", x.edtf.clone(), y.edtf.clone());
    }
    if places_differ(pa, pb) {
        push("place", a.place.clone().unwrap_or_default(), b.place.clone().unwrap_or_default());
    }
    out
}

/// Sources joined into lines: a union-find over source and witness ids.
struct LineIndex {
    uf: UnionFind,
    node: HashMap<String, usize>,
    /// The reasons of each line (by union-find root), at most 20: computed once, shown per claim.
    joins: HashMap<usize, Vec<Dependency>>,
    grade: HashMap<String, Option<Reliability>>,
}

impl LineIndex {
    fn new(sources: &[SourceInput], dependencies: &[Dependency]) -> Self {
        let mut node: HashMap<String, usize> = HashMap::new();
        let id = |s: &str, node: &mut HashMap<String, usize>| -> usize {
            let n = node.len();
            *node.entry(s.to_string()).or_insert(n)
        };
        let mut edges = Vec::new();
        let mut pairs = Vec::new();
        for s in sources {
            let a = id(&s.source_id, &mut node);
            if let Some(w) = &s.witness_id {
                let b = id(w, &mut node);
                pairs.push((a, b));
            }
        }
        // Testimonies of one witness: recorded as edges between the sources, for the explanation.
        let mut by_witness: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for s in sources {
            if let Some(w) = &s.witness_id {
                by_witness.entry(w).or_default().push(&s.source_id);
            }
        }
        for (w, ids) in by_witness {
            for pair in ids.windows(2) {
                edges.push(Dependency {
                    a: pair[0].to_string(),
                    b: pair[1].to_string(),
                    kind: DependencyKind::SameWitness,
                    origin: "archive",
                    detail: Some(w.to_string()),
                });
            }
        }
        for d in dependencies {
            let (a, b) = (id(&d.a, &mut node), id(&d.b, &mut node));
            pairs.push((a, b));
            edges.push(d.clone());
        }
        let mut uf = UnionFind::new(node.len());
        for (a, b) in pairs {
            uf.union(a, b);
        }
        let mut index = LineIndex { uf, node, joins: HashMap::new(), grade: HashMap::new() };
        for e in edges {
            let list = index.joins.entry(index.root(&e.a)).or_default();
            if list.len() < 20 {
                list.push(e);
            }
        }
        index.grade = sources.iter().map(|s| (s.source_id.clone(), s.reliability)).collect();
        index
    }

    fn root(&self, id: &str) -> usize {
        self.node.get(id).map_or(usize::MAX, |&n| self.uf.find(n))
    }

    /// The lines among `sources` (first-seen order), each with its grade and joins.
    fn lines<'a>(&self, ids: impl Iterator<Item = &'a str>, config: &Config) -> Vec<Line> {
        let mut order: Vec<usize> = Vec::new();
        let mut members: HashMap<usize, BTreeSet<String>> = HashMap::new();
        for id in ids {
            let r = self.root(id);
            if !members.contains_key(&r) {
                order.push(r);
            }
            members.entry(r).or_default().insert(id.to_string());
        }
        order
            .into_iter()
            .map(|r| {
                let sources: Vec<String> = members.remove(&r).unwrap_or_default().into_iter().collect();
                let best = sources
                    .iter()
                    .filter_map(|s| self.grade.get(s.as_str()).copied().flatten())
                    .min_by_key(|g| (g.source, g.information));
                let joined_by =
                    if sources.len() > 1 { self.joins.get(&r).cloned().unwrap_or_default() } else { Vec::new() };
                Line {
                    grade: best.map(|g| g.to_string()),
                    reliable: best.is_some_and(|g| grade_meets(g, config.min_reliability)),
                    sources,
                    joined_by,
                }
            })
            .collect()
    }
}

/// Groups claim indices into events (see the crate docs for the rules).
fn group_events(
    claims: &[ClaimInput],
    place_keys: &[Option<String>],
    decisions: &[EventDecision],
    config: &Config,
    notes: &mut Vec<String>,
) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = claims.iter().enumerate().map(|(i, c)| (c.claim_id.as_str(), i)).collect();
    let mut latest: BTreeMap<(usize, usize), Decision> = BTreeMap::new();
    for d in decisions {
        match (index.get(d.claim_a.as_str()), index.get(d.claim_b.as_str())) {
            (Some(&a), Some(&b)) if a != b => {
                latest.insert((a.min(b), a.max(b)), d.decision);
            }
            _ => notes.push(format!(
                "{:?} of {} and {} ignored: not two different claims of this case",
                d.decision, d.claim_a, d.claim_b
            )),
        }
    }
    let splits: Vec<(usize, usize)> = latest.iter().filter(|(_, d)| **d == Decision::Split).map(|(&p, _)| p).collect();
    let mut uf = UnionFind::new(claims.len());
    let allowed = |uf: &UnionFind, a: usize, b: usize| {
        let (ra, rb) = (uf.find(a), uf.find(b));
        !splits.iter().any(|&(x, y)| {
            let (rx, ry) = (uf.find(x), uf.find(y));
            (rx == ra && ry == rb) || (rx == rb && ry == ra)
        })
    };
    let mut merged = vec![false; claims.len()];
    for (&(a, b), d) in &latest {
        if *d == Decision::Merge {
            if allowed(&uf, a, b) {
                uf.union(a, b);
                merged[a] = true;
                merged[b] = true;
            } else {
                notes.push(format!(
                    "merge of {} and {} refused: it would join claims an analyst split apart",
                    claims[a].claim_id, claims[b].claim_id
                ));
            }
        }
    }
    let gap = i64::from(config.gap_days);
    // Claims with both place and date: sweep each (act, place) bucket in date order.
    let anchored: Vec<usize> =
        (0..claims.len()).filter(|&i| place_keys[i].is_some() && claims[i].when.is_some()).collect();
    // (act, place key) -> (earliest day, latest day, claim)
    type Bucket = Vec<(i64, i64, usize)>;
    let mut buckets: BTreeMap<(&str, &str), Bucket> = BTreeMap::new();
    for &i in &anchored {
        let (e, l) = claims[i].when.as_ref().map_or((0, 0), span_of);
        buckets.entry((claims[i].act.as_str(), place_keys[i].as_deref().unwrap_or(""))).or_default().push((e, l, i));
    }
    for list in buckets.values_mut() {
        list.sort_unstable();
        let mut reach = i64::MIN;
        let mut prev: Option<usize> = None;
        for &(e, l, i) in list.iter() {
            if let Some(p) = prev
                && e <= reach.saturating_add(gap)
                && allowed(&uf, p, i)
            {
                uf.union(p, i);
                reach = reach.max(l);
            } else {
                reach = l;
            }
            prev = Some(i);
        }
    }
    // Claims missing a place or a date: join the one compatible event of their act, if only one.
    let is_anchor: Vec<bool> = (0..claims.len()).map(|i| merged[i] || anchored.binary_search(&i).is_ok()).collect();
    for i in (0..claims.len()).filter(|&i| !is_anchor[i]) {
        let mut roots: BTreeSet<usize> = BTreeSet::new();
        for j in (0..claims.len()).filter(|&j| is_anchor[j] && claims[j].act == claims[i].act) {
            let place_ok = !places_differ(&place_keys[i], &place_keys[j]);
            let time_ok = match (&claims[i].when, &claims[j].when) {
                (Some(a), Some(b)) => {
                    let ((ae, al), (be, bl)) = (span_of(a), span_of(b));
                    ae <= bl.saturating_add(gap) && be <= al.saturating_add(gap)
                }
                _ => true,
            };
            if place_ok && time_ok {
                roots.insert(uf.find(j));
            }
        }
        match roots.len() {
            1 => {
                let r = roots.into_iter().next().unwrap_or(i);
                if allowed(&uf, r, i) {
                    uf.union(r, i);
                }
            }
            0 => {}
            n => notes.push(format!(
                "{} has no {} and fits {n} events of act {}; left on its own (merge it with the right one)",
                claims[i].claim_id,
                if claims[i].when.is_none() { "date" } else { "place" },
                claims[i].act
            )),
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..claims.len() {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|g| g[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_compare_by_their_most_specific_part() {
        let k = place_key("아오지 탄광 (Aoji coal mine)");
        assert_eq!(k, place_key("Aoji, North Hamgyong"));
        assert_eq!(k, place_key("Aoji coal mine"));
        assert_ne!(k, place_key("Hoeryong, North Hamgyong"));
        assert_eq!(place_key("단천 (Tanchon) magnesite mine"), place_key("Tanchon"));
    }

    #[test]
    fn day_numbers_count_days() {
        let d = |year, month, day| day_number(Day { year, month, day });
        assert_eq!(d(2000, 3, 1) - d(2000, 2, 28), 2);
        assert_eq!(d(1999, 3, 1) - d(1999, 2, 28), 1);
        assert_eq!(d(1998, 1, 1) - d(1997, 1, 1), 365);
        assert_eq!(d(2001, 1, 1) - d(2000, 1, 1), 366);
    }
}
