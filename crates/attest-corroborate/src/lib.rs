//! Corroboration: which claims are backed by independent, reliable lines of evidence, to the
//! standard a commission of inquiry would defend (see docs/METHOD.md).
//!
//! A fact is established on "reasonable grounds to believe" when at least two independent,
//! reliable lines support it and at least one of them is first-hand. Counting sources is easy;
//! counting *independent* ones is the point of this crate. Sources are joined into one line when
//! they are not independent: testimonies of one witness, witnesses who are one person, texts of
//! one provenance family, citations, a shared informant, hearsay from a named informant (it joins
//! the informant's line). A shared interviewer is a contamination risk, reviewed but never a join.
//! Possible derivations and identity matches are review items, and every finding says how it
//! would change if one were resolved the other way.
//!
//! Each line is graded by its originating member (the testimony, or the earliest member of a
//! provenance chain), never by a reputable repeater; F and 6 are "not assessed" and the case
//! policy decides; information grade 1 is circular as an input and is stripped with a warning.
//!
//! Each event and claim gets two answers, kept apart:
//! - whether it happened: `corroborated`, `single-source`, `unconfirmed`, or `contested` when an
//!   independent line says it did not happen;
//! - how its details agree: `consistent`, `varied` or `disputed` (see [`details`]).
//!
//! Continuing situations (forced labour, detention, ...) are judged by period coverage: lines per
//! year, and the years with two or more. Claims are grouped into events by act family, place
//! (gazetteer with hierarchy and aliases) and time, with named victims as matching evidence; what
//! might be one event but was not joined goes to a queue with reasons (see [`events`]).
//!
//! Pure: inputs in, report out; no I/O.

mod details;
mod events;
mod finding;
mod grade;
mod input;
mod lines;
mod report;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use attest_domain::{Day, UncertainDate};
use attest_korean::gazetteer::Gazetteer;

pub use details::{Details, Difference};
pub use events::EventReason;
pub use finding::{Condition, DisputedValue, Finding, Grounds, LineCounts, PatternCoverage, SingleLine, year_ranges};
pub use grade::GradeWarning;
pub use input::{
    Basis, CONTINUING_ACTS, CaseInput, ClaimInput, Config, Decision, Dependency, DependencyKind, EventDecision,
    PlaceInput, SourceInput, Unassessed, act_family, once_only,
};
pub use lines::Line;
pub use report::{
    ClaimOutcome, Event, IndependentPair, KeptApart, Note, Pattern, Period, Report, ReviewItem, SameEventCandidate,
    Status, Tally, YearLines,
};

use details::PlaceFacts;
use events::ClaimKeys;
use lines::{LineFacts, LineIndex};

/// The key that decides whether two places are the same, through the built-in gazetteer: the most
/// specific part of what was written (before any parenthesis or comma), romanization-insensitive,
/// without site words ("camp", "market", 교화소) or suffixes (-ri, county).
pub fn place_key(place: &str) -> String {
    builtin_gazetteer().resolve(place).key
}

fn builtin_gazetteer() -> &'static Gazetteer {
    static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    G.get_or_init(Gazetteer::builtin)
}

/// Most review items whose alternative findings are computed (each rebuilds the lines).
const MAX_CONDITIONS: usize = 50;
/// Most claims of one event whose details are compared pairwise.
const MAX_COMPARED_CLAIMS: usize = 1500;
/// Most differences kept per event.
const MAX_DIFFERENCES: usize = 50;

/// Groups claims into events and sources into lines, and assesses every claim and event.
pub fn corroborate(input: &CaseInput<'_>, config: &Config) -> Report {
    let mut notes = Vec::new();
    let mut warnings: BTreeMap<String, GradeWarning> = BTreeMap::new();
    let source_by_id: HashMap<&str, &SourceInput> = input.sources.iter().map(|s| (s.source_id.as_str(), s)).collect();
    let mut grades = Vec::with_capacity(input.claims.len());
    for c in input.claims {
        let source = source_by_id.get(c.source_id.as_str());
        let what =
            if c.information.is_some() { ("claim", c.claim_id.as_str()) } else { ("source", c.source_id.as_str()) };
        grades.push(grade::claim_grade(source.and_then(|s| s.reliability), c.information, what, &mut |w| {
            warnings.insert(w.english(), w);
        }));
    }
    let witness_of: HashMap<&str, &str> =
        input.sources.iter().filter_map(|s| Some((s.source_id.as_str(), s.witness_id.as_deref()?))).collect();
    let independent: HashSet<(String, String)> = input
        .dependencies
        .iter()
        .filter(|d| d.kind == DependencyKind::Independent)
        .map(|d| if d.a <= d.b { (d.a.clone(), d.b.clone()) } else { (d.b.clone(), d.a.clone()) })
        .collect();
    let case = lines::Case {
        input,
        config,
        testimony: input.sources.iter().filter(|s| s.witness_id.is_some()).map(|s| s.source_id.as_str()).collect(),
        witness_ids: input.sources.iter().filter_map(|s| s.witness_id.as_deref()).collect(),
        published: input.sources.iter().filter_map(|s| Some((s.source_id.as_str(), s.published.as_deref()?))).collect(),
        grade: grades,
        independent,
    };
    // Places through the built-in gazetteer plus the case's own.
    let owned;
    let gazetteer: &Gazetteer = if input.places.is_empty() {
        builtin_gazetteer()
    } else {
        let mut g = builtin_gazetteer().clone();
        for p in input.places {
            g.add(&p.name, p.parent.as_deref(), &p.aliases);
        }
        owned = g;
        &owned
    };
    let keys: Vec<ClaimKeys> = input
        .claims
        .iter()
        .map(|c| ClaimKeys {
            family: act_family(&c.act).to_string(),
            continuing: config.continuing_acts.contains(&c.act.as_str()),
            place: c.place.as_ref().map(|p| PlaceFacts { written: p.clone(), resolved: gazetteer.resolve(p) }),
            span: c.when.as_ref().map(details::grouping_span),
            victims: c.victims.iter().map(|v| (attest_korean::key(v), v.clone())).collect(),
            perpetrators: c.perpetrators.iter().map(|v| (attest_korean::key(v), v.clone())).collect(),
        })
        .collect();
    let grouping = events::group(input.claims, &keys, input.decisions, config, &mut notes);
    let index = LineIndex::new(&case, None);
    let mut event_of_claim = vec![0usize; input.claims.len()];
    for (n, g) in grouping.groups.iter().enumerate() {
        for &i in g {
            event_of_claim[i] = n;
        }
    }
    let event_id = |n: usize| format!("event-{}", n + 1);

    // Assess every event.
    let mut events_out = Vec::with_capacity(grouping.groups.len());
    let mut claims_out: Vec<Option<ClaimOutcome>> = vec![None; input.claims.len()];
    let mut line_facts: Vec<Vec<LineFacts>> = Vec::with_capacity(grouping.groups.len());
    for (n, members) in grouping.groups.iter().enumerate() {
        let lf = index.lines(members, &case);
        let pattern_event = members.iter().all(|&i| keys[i].continuing);
        let status = finding::status_of(&lf, config);
        let mut diffs = Vec::new();
        let mut diffs_of: HashMap<usize, Vec<usize>> = HashMap::new();
        // Pairwise details are quadratic; an event this large is a pattern to read by its lines.
        let compared = members.len().min(MAX_COMPARED_CLAIMS);
        if compared < members.len() {
            notes.push(Note::DetailsComparedInPart { event: event_id(n), compared, of: members.len() });
        }
        for x in 0..compared {
            for y in x + 1..compared {
                let (i, j) = (members[x], members[y]);
                if index.root_of_claim(i) == index.root_of_claim(j) {
                    continue;
                }
                for d in details::differences(
                    &input.claims[i],
                    &input.claims[j],
                    keys[i].place.as_ref(),
                    keys[j].place.as_ref(),
                    pattern_event,
                    config,
                ) {
                    diffs_of.entry(i).or_default().push(diffs.len());
                    diffs_of.entry(j).or_default().push(diffs.len());
                    diffs.push(d);
                }
            }
        }
        let details = details::worst(&diffs);
        let pattern = if pattern_event { pattern_of(members, &lf, input.claims, config) } else { None };
        let acts: Vec<String> =
            members.iter().map(|&i| input.claims[i].act.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let lines_out: Vec<Line> = lf.iter().map(|l| l.line.clone()).collect();
        let reliable = lf.iter().filter(|l| l.line.reliable).count();
        // Claims.
        for &ci in members {
            let mine: Vec<&Difference> = diffs_of.get(&ci).into_iter().flatten().map(|&k| &diffs[k]).collect();
            let claim_details = details::worst(mine.iter().copied());
            let own_root = index.root_of_claim(ci);
            let claim_status = match &pattern {
                Some(p) if status != Status::Contested => {
                    pattern_claim_status(ci, p, &lf, input.claims, config, status)
                }
                _ => {
                    if input.claims[ci].denies && status != Status::Contested && lf.iter().any(|l| l.affirms) {
                        Status::Contested
                    } else {
                        status
                    }
                }
            };
            let mut own_first: Vec<Line> = Vec::new();
            if config.claim_lines {
                own_first.extend(lf.iter().filter(|l| l.root == own_root).map(|l| l.line.clone()));
                own_first.extend(lf.iter().filter(|l| l.root != own_root).map(|l| l.line.clone()));
            }
            let claim_finding = Finding {
                status: claim_status,
                within_pattern_of: pattern.as_ref().map(|_| event_id(n)),
                grounds: Grounds::Lines(finding::line_counts(&lf, claim_details, &mine, config)),
                possibly_same_as: Vec::new(),
                conditions: Vec::new(),
            };
            claims_out[ci] = Some(ClaimOutcome {
                claim_id: input.claims[ci].claim_id.clone(),
                event_id: event_id(n),
                status: claim_status,
                details: claim_details,
                lines: own_first,
                reliable_lines: reliable,
                contradicted_by: mine
                    .iter()
                    .filter(|d| d.agreement == "disputed")
                    .take(MAX_DIFFERENCES)
                    .map(|&d| d.clone())
                    .collect(),
                finding: claim_finding.english(),
                finding_facts: claim_finding,
            });
        }
        let disagreements: Vec<Difference> =
            diffs.iter().filter(|d| d.agreement == "disputed").take(MAX_DIFFERENCES).cloned().collect();
        diffs.truncate(MAX_DIFFERENCES);
        let first = &input.claims[members[0]];
        events_out.push(Event {
            event_id: event_id(n),
            act: first.act.clone(),
            acts,
            place: members.iter().find_map(|&i| input.claims[i].place.clone()),
            period: period(members.iter().filter_map(|&i| input.claims[i].when.as_ref())),
            claims: members.iter().map(|&i| input.claims[i].claim_id.clone()).collect(),
            lines: lines_out,
            reliable_lines: reliable,
            status,
            details,
            differences: diffs,
            disagreements,
            pattern,
            finding: String::new(),
            finding_facts: None,
            conditions: Vec::new(),
            independence: Vec::new(),
            independent_pairs: independence(&lf, &case, &witness_of),
            kept_apart: Vec::new(),
            possibly_same_as: Vec::new(),
        });
        line_facts.push(lf);
    }

    // Events kept apart, and events that may be one.
    let mut queue: BTreeMap<(usize, usize), Vec<EventReason>> = BTreeMap::new();
    for a in &grouping.ambiguous {
        let ea = event_of_claim[a.claim];
        for &c in &a.candidates {
            let eb = event_of_claim[c];
            if ea != eb {
                let reason = EventReason::Ambiguous {
                    claim: input.claims[a.claim].claim_id.clone(),
                    place: input.claims[a.claim].place.clone(),
                    no_date: a.loose,
                    fits: event_id(eb),
                    fits_place: input.claims[c].place.clone(),
                };
                queue.entry((ea.min(eb), ea.max(eb))).or_default().push(reason);
            }
        }
    }
    let summaries: Vec<events::EventSummary> = grouping.groups.iter().map(|g| events::summarize(g, &keys)).collect();
    let mut split_between: BTreeMap<(usize, usize), (String, String)> = BTreeMap::new();
    for &(x, y) in &grouping.splits {
        let (ex, ey) = (event_of_claim[x], event_of_claim[y]);
        if ex != ey {
            split_between
                .entry((ex.min(ey), ex.max(ey)))
                .or_insert_with(|| (input.claims[x].claim_id.clone(), input.claims[y].claim_id.clone()));
        }
    }
    let mut by_family: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (n, e) in summaries.iter().enumerate() {
        by_family.entry(e.family.as_str()).or_default().push(n);
    }
    let mut pairs_to_check: BTreeSet<(usize, usize)> = BTreeSet::new();
    for list in by_family.values() {
        if list.len() > 3000 {
            notes.push(Note::NearDuplicatesSkipped { events: list.len() });
            continue;
        }
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                pairs_to_check.insert((a, b));
            }
        }
    }
    // The same victim of acts a person suffers once, across families of such acts.
    let mut by_once_victim: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (n, e) in summaries.iter().enumerate() {
        for k in e.once_victims.keys() {
            by_once_victim.entry(k.as_str()).or_default().push(n);
        }
    }
    for list in by_once_victim.values() {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                pairs_to_check.insert((a.min(b), a.max(b)));
            }
        }
    }
    for &(a, b) in &pairs_to_check {
        let (sa, sb) = (&summaries[a], &summaries[b]);
        let split = split_between.get(&(a, b));
        if sa.family == sb.family
            && let Some(reason) = events::kept_apart_reason(sa, sb, split, config)
        {
            if events_out[a].kept_apart.len() < 5 {
                events_out[a].kept_apart.push(KeptApart {
                    event_id: event_id(b),
                    reason: reason.english(),
                    why: reason.clone(),
                });
            }
            if events_out[b].kept_apart.len() < 5 {
                events_out[b].kept_apart.push(KeptApart {
                    event_id: event_id(a),
                    reason: reason.english(),
                    why: reason,
                });
            }
        }
        if split.is_some() {
            queue.remove(&(a, b));
            continue;
        }
        let reasons = events::same_event_reasons(sa, sb, config);
        if !reasons.is_empty() {
            queue.entry((a, b)).or_default().extend(reasons);
        }
    }
    // A decided split also silences the queue entries of ambiguous claims between the two events.
    for k in split_between.keys() {
        queue.remove(k);
    }
    let mut possibly_same_events = Vec::new();
    for ((a, b), reasons) in queue {
        let (ga, gb) = (&grouping.groups[a], &grouping.groups[b]);
        let mut diffs = Vec::new();
        for &i in ga.iter().take(40) {
            for &j in gb.iter().take(40) {
                if index.root_of_claim(i) != index.root_of_claim(j) {
                    diffs.extend(details::differences(
                        &input.claims[i],
                        &input.claims[j],
                        keys[i].place.as_ref(),
                        keys[j].place.as_ref(),
                        false,
                        config,
                    ));
                }
            }
        }
        diffs.retain(|d| d.agreement != "tolerated" || d.field != "act");
        diffs.truncate(MAX_DIFFERENCES);
        events_out[a].possibly_same_as.push(event_id(b));
        events_out[b].possibly_same_as.push(event_id(a));
        possibly_same_events.push(SameEventCandidate {
            event_a: event_id(a),
            event_b: event_id(b),
            claims: ga.iter().chain(gb).map(|&i| input.claims[i].claim_id.clone()).collect(),
            reasons: reasons.iter().map(EventReason::english).collect(),
            reason_facts: reasons,
            differences: diffs,
        });
    }

    // Dependencies to review, and how each finding would change if one were resolved the other way.
    let review = review_items(&case);
    let mut conditions_of: Vec<Vec<Condition>> = vec![Vec::new(); grouping.groups.len()];
    let mut witnesses_of_event: Vec<BTreeSet<&str>> = Vec::new();
    for g in &grouping.groups {
        let mut ids: BTreeSet<&str> = BTreeSet::new();
        for &i in g {
            let s = input.claims[i].source_id.as_str();
            ids.insert(s);
            if let Some(w) = source_by_id.get(s).and_then(|s| s.witness_id.as_deref()) {
                ids.insert(w);
            }
        }
        witnesses_of_event.push(ids);
    }
    for (dep, item) in review.iter().take(MAX_CONDITIONS) {
        if item.effect == "decided" {
            continue;
        }
        let touched: Vec<usize> = (0..grouping.groups.len())
            .filter(|&n| {
                witnesses_of_event[n].contains(item.a.as_str()) || witnesses_of_event[n].contains(item.b.as_str())
            })
            .collect();
        if touched.is_empty() {
            continue;
        }
        let flipped = LineIndex::new(&case, Some(*dep));
        for n in touched {
            let alt = finding::status_of(&flipped.lines(&grouping.groups[n], &case), config);
            let now = events_out[n].status;
            if alt == now {
                continue;
            }
            let condition = Condition {
                now,
                alternative: alt,
                a: item.a.clone(),
                b: item.b.clone(),
                kind: item.kind.to_string(),
                joined: item.effect == "joined",
            };
            events_out[n].conditions.push(condition.english());
            conditions_of[n].push(condition);
        }
    }

    // Sentences, now that queues and conditions are known.
    let (mut event_tally, mut claim_tally) = (Tally::default(), Tally::default());
    for (n, e) in events_out.iter_mut().enumerate() {
        let grounds = match &e.pattern {
            Some(p) => Grounds::Pattern(pattern_coverage(e, p, &line_facts[n], config)),
            None => {
                let diffs: Vec<&Difference> = e.differences.iter().collect();
                Grounds::Lines(finding::line_counts(&line_facts[n], e.details, &diffs, config))
            }
        };
        let facts = Finding {
            status: e.status,
            within_pattern_of: None,
            grounds,
            possibly_same_as: e.possibly_same_as.clone(),
            conditions: std::mem::take(&mut conditions_of[n]),
        };
        e.finding = facts.english();
        e.finding_facts = Some(facts);
        e.independence = e.independent_pairs.iter().map(IndependentPair::english).collect();
        event_tally.add(e.status);
    }
    let claims: Vec<ClaimOutcome> = claims_out.into_iter().flatten().collect();
    for c in &claims {
        claim_tally.add(c.status);
    }
    Report {
        min_reliability: config.min_reliability.to_string(),
        min_lines: config.min_lines,
        gap_days: config.gap_days,
        policy: grade::policy_sentence(config),
        unassessed: config.unassessed,
        identities_compared: input.identities_compared,
        events: events_out,
        claims,
        event_tally,
        claim_tally,
        possibly_same_events,
        review: review.into_iter().map(|(_, r)| r).collect(),
        identity_comparison: if input.identities_compared {
            "compared: witnesses whose sealed identities match are listed for review".into()
        } else {
            "not available: sealed identities were not compared for this view, so one person giving testimony under \
             two pseudonyms would count as two independent lines"
                .into()
        },
        warnings: warnings.keys().cloned().collect(),
        warning_facts: warnings.into_values().collect(),
        notes: notes.iter().map(Note::english).collect(),
        note_facts: notes,
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

/// The years a claim covers (both ends known, at most a century).
fn years_of(c: &ClaimInput) -> Option<std::ops::RangeInclusive<u16>> {
    let w = c.when.as_ref()?;
    let (e, l) = (w.earliest?, w.latest?);
    (l.year >= e.year && l.year - e.year <= 100).then_some(e.year..=l.year)
}

fn pattern_of(members: &[usize], lf: &[LineFacts], claims: &[ClaimInput], config: &Config) -> Option<Pattern> {
    let mut all: BTreeMap<u16, BTreeSet<usize>> = BTreeMap::new();
    let mut counting: BTreeMap<u16, (BTreeSet<usize>, bool)> = BTreeMap::new();
    for l in lf.iter().filter(|l| l.affirms) {
        for &c in &l.claims {
            for y in years_of(&claims[c]).into_iter().flatten() {
                all.entry(y).or_default().insert(l.root);
                if l.counting() {
                    let e = counting.entry(y).or_default();
                    e.0.insert(l.root);
                    e.1 |= l.first_hand;
                }
            }
        }
    }
    let _ = members;
    let (&first_year, _) = all.first_key_value()?;
    let (&last_year, _) = all.last_key_value()?;
    Some(Pattern {
        first_year,
        last_year,
        lines_per_year: all.iter().map(|(&year, s)| YearLines { year, lines: s.len() }).collect(),
        years_with_two_lines: counting
            .iter()
            .filter(|(_, (s, fh))| s.len() >= config.min_lines.max(1) && *fh)
            .map(|(&y, _)| y)
            .collect(),
    })
}

fn pattern_claim_status(
    ci: usize,
    p: &Pattern,
    lf: &[LineFacts],
    claims: &[ClaimInput],
    config: &Config,
    event_status: Status,
) -> Status {
    let Some(years) = years_of(&claims[ci]) else { return event_status };
    let years: Vec<u16> = years.collect();
    if years.iter().any(|y| p.years_with_two_lines.binary_search(y).is_ok()) {
        return Status::Corroborated;
    }
    let _ = (lf, config);
    let crowded = years.iter().any(|y| p.lines_per_year.iter().any(|yl| yl.year == *y && yl.lines >= 2));
    if crowded { Status::Unconfirmed } else { Status::SingleSource }
}

fn pattern_coverage(e: &Event, p: &Pattern, lf: &[LineFacts], config: &Config) -> PatternCoverage {
    PatternCoverage {
        acts: e.acts.clone(),
        place: e.place.clone(),
        first_year: p.first_year,
        last_year: p.last_year,
        lines: e.lines.len(),
        first_hand: lf.iter().filter(|l| l.first_hand && l.affirms).count(),
        min_lines: config.min_lines,
        years: p.years_with_two_lines.clone(),
    }
}

/// Why each pair of lines counts as independent (at most six pairs).
fn independence(lf: &[LineFacts], case: &lines::Case<'_>, witness_of: &HashMap<&str, &str>) -> Vec<IndependentPair> {
    // Dependencies that do not join but touch independence: shown where they apply.
    let flagged: Vec<&Dependency> = case
        .input
        .dependencies
        .iter()
        .enumerate()
        .filter(|(i, d)| {
            matches!(
                d.kind,
                DependencyKind::SharedInterviewer | DependencyKind::SamePerson | DependencyKind::Independent
            ) && !case.joins(*i, None)
        })
        .map(|(_, d)| d)
        .collect();
    fn ids<'l>(l: &'l LineFacts, witness_of: &HashMap<&str, &'l str>) -> BTreeSet<&'l str> {
        let mut out = BTreeSet::new();
        for s in &l.line.sources {
            out.insert(s.as_str());
            if let Some(w) = witness_of.get(s.as_str()) {
                out.insert(*w);
            }
        }
        out
    }
    let mut out = Vec::new();
    for (x, a) in lf.iter().enumerate() {
        for b in &lf[x + 1..] {
            if out.len() >= 6 {
                return out;
            }
            let testimonies = a.line.sources.iter().any(|s| case.is_testimony(s))
                && b.line.sources.iter().any(|s| case.is_testimony(s));
            let (ia, ib) = (ids(a, witness_of), ids(b, witness_of));
            let flagged_kinds: Vec<String> = flagged
                .iter()
                .filter(|d| {
                    (ia.contains(d.a.as_str()) && ib.contains(d.b.as_str()))
                        || (ia.contains(d.b.as_str()) && ib.contains(d.a.as_str()))
                })
                .map(|d| d.kind.as_str().to_string())
                .collect();
            out.push(IndependentPair {
                a: a.line.sources.clone(),
                b: b.line.sources.clone(),
                testimonies,
                flagged: flagged_kinds,
            });
        }
    }
    out
}

/// The dependencies an analyst should review, each with its index in the input.
fn review_items(case: &lines::Case<'_>) -> Vec<(usize, ReviewItem)> {
    let input = case.input;
    let witness_of: HashMap<&str, Option<&str>> =
        input.sources.iter().map(|s| (s.source_id.as_str(), s.witness_id.as_deref())).collect();
    let mut out = Vec::new();
    for (i, d) in input.dependencies.iter().enumerate() {
        let joined = case.joins(i, None);
        let decided = matches!(
            d.kind,
            DependencyKind::PossiblyDerived | DependencyKind::SamePerson | DependencyKind::DerivedText
        ) && case.independent.contains(&if d.a <= d.b {
            (d.a.clone(), d.b.clone())
        } else {
            (d.b.clone(), d.a.clone())
        });
        let (kind, sentence) = match d.kind {
            DependencyKind::PossiblyDerived => (
                "possibly-derived",
                format!(
                    "{} may derive from {} (possibly derived: decide); treated as one line until an analyst decides",
                    d.b, d.a
                ),
            ),
            DependencyKind::SharedInterviewer => (
                "shared-interviewer",
                format!(
                    "{} and {} were taken by the same interviewer: a contamination risk to review, not a common origin; \
                     kept as separate lines",
                    d.a, d.b
                ),
            ),
            DependencyKind::SamePerson if d.origin == "vault" || !d.counter_evidence.is_empty() => (
                "identity-match",
                if joined {
                    format!(
                        "{} and {} may be one person ({}); joined until an analyst decides",
                        d.a,
                        d.b,
                        d.detail.as_deref().unwrap_or("identity comparison")
                    )
                } else {
                    format!(
                        "{} and {} may be one person ({}), but the comparison has counter-evidence: kept apart until an analyst decides",
                        d.a,
                        d.b,
                        d.detail.as_deref().unwrap_or("identity comparison")
                    )
                },
            ),
            DependencyKind::DerivedText if matches!((witness_of.get(d.a.as_str()), witness_of.get(d.b.as_str())), (Some(Some(x)), Some(Some(y))) if x != y) => {
                (
                    "identical-wording",
                    format!(
                        "testimonies {} and {} of different witnesses share their wording: an integrity warning (coaching, a \
                         template or contamination); joined as one line until an analyst decides",
                        d.a, d.b
                    ),
                )
            }
            _ => continue,
        };
        out.push((
            i,
            ReviewItem {
                kind,
                a: d.a.clone(),
                b: d.b.clone(),
                origin: d.origin,
                detail: d.detail.clone(),
                counter_evidence: d.counter_evidence.clone(),
                effect: if decided {
                    "decided"
                } else if joined {
                    "joined"
                } else {
                    "apart"
                },
                sentence,
            },
        ));
    }
    out
}
