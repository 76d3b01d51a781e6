//! Claims grouped into events, so that no event splits silently.
//!
//! Claims are matched by act family (the legal label is applied after the facts), by place
//! through the gazetteer (aliases, site words, hierarchy) and by time (widened for approximate
//! dates; continuing situations by place alone). Named victims are matching evidence too. A claim
//! that fits more than one event (no place, no date, or a place that contains several events'
//! places) is left on its own and queued; so are events that may be one (a place name one
//! letter apart, the same victim of an act a person suffers once). An analyst's merge and split
//! decisions win; a split is never overridden.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

use crate::details::PlaceFacts;
use crate::details::{PlaceRelation, place_relation};
use crate::input::{ClaimInput, Config, Decision, EventDecision, once_only};
use crate::report::Note;
use attest_domain::UnionFind;

/// What grouping knows about one claim.
#[derive(Debug, Clone)]
pub(crate) struct ClaimKeys {
    pub family: String,
    pub continuing: bool,
    pub place: Option<PlaceFacts>,
    pub span: Option<(i64, i64)>,
    /// (key, as written).
    pub victims: Vec<(String, String)>,
    /// (key, as written).
    pub perpetrators: Vec<(String, String)>,
}

/// A claim that fits several events: the claim and one claim of each candidate event. Why it
/// was not joined follows from its keys: no place, no date (`loose`), or a place that contains
/// the others'.
#[derive(Debug, Clone)]
pub(crate) struct Ambiguous {
    pub claim: usize,
    pub candidates: Vec<usize>,
    pub loose: bool,
}

/// Why two events were kept apart, or may be one: the facts its sentence is made from. The
/// English sentence is [`EventReason::english`] (as the report prints it); the web workspace
/// writes Korean from the same facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventReason {
    /// An analyst split two claims' events.
    Split {
        /// One claim.
        a: String,
        /// The other.
        b: String,
    },
    /// The places are different (as the gazetteer resolves them) at times that meet.
    DifferentPlaces {
        /// One place as written.
        a: String,
        /// Its gazetteer key.
        a_key: String,
        /// The other as written.
        b: String,
        /// Its key.
        b_key: String,
    },
    /// The same place, but further apart in time than one event allows.
    TooFarApart {
        /// The place as written.
        place: String,
        /// Days between them.
        days: i64,
        /// The largest gap within one event.
        gap_days: u32,
    },
    /// The same named victim of an act a person suffers once.
    SameOnceVictim {
        /// The name as written.
        name: String,
    },
    /// The same named victim.
    SameVictim {
        /// The name as written.
        name: String,
    },
    /// The same named perpetrator, same act family and time.
    SamePerpetrator {
        /// The name as written.
        name: String,
    },
    /// Place names one slip apart, same act family and time.
    PlaceSlip {
        /// One place as written.
        a: String,
        /// The other.
        b: String,
        /// Their similarity, two decimals.
        similarity: String,
    },
    /// A claim that fits this event and another was left on its own.
    Ambiguous {
        /// The claim.
        claim: String,
        /// Its place (none: it gives no place).
        place: Option<String>,
        /// It gives no date.
        no_date: bool,
        /// The event it also fits.
        fits: String,
        /// That event's claim's place.
        fits_place: Option<String>,
    },
}

impl EventReason {
    /// The reason in the report's English.
    pub fn english(&self) -> String {
        match self {
            EventReason::Split { a, b } => format!("an analyst split {a} from {b}"),
            EventReason::DifferentPlaces { a, a_key, b, b_key } => {
                format!("places considered different: {a} ({a_key}) and {b} ({b_key})")
            }
            EventReason::TooFarApart { place, days, gap_days } => {
                format!("same place ({place}), but {days} days apart: beyond the {gap_days}-day gap for one event")
            }
            EventReason::SameOnceVictim { name } => {
                format!("the same named victim, {name}, of an act a person suffers once")
            }
            EventReason::SameVictim { name } => format!("the same named victim, {name}"),
            EventReason::SamePerpetrator { name } => {
                format!("the same named perpetrator, {name}, same act family and time")
            }
            EventReason::PlaceSlip { a, b, similarity } => {
                format!("place names one slip apart: {a} and {b} (similarity {similarity}), same act family and time")
            }
            EventReason::Ambiguous { claim, place, no_date, fits, fits_place } => {
                let why = match place {
                    None => format!("{claim} gives no place"),
                    Some(p) if *no_date => format!("{claim} gives no date (place {p})"),
                    Some(p) => {
                        format!("{claim} is placed at {p}, which contains {}", fits_place.as_deref().unwrap_or("-"))
                    }
                };
                format!("{why}; it fits {fits} ({})", fits_place.as_deref().unwrap_or("no place"))
            }
        }
    }
}

pub(crate) struct Grouping {
    pub groups: Vec<Vec<usize>>,
    /// Pairs of claims an analyst split apart.
    pub splits: Vec<(usize, usize)>,
    pub ambiguous: Vec<Ambiguous>,
}

pub(crate) fn times_meet(a: Option<(i64, i64)>, b: Option<(i64, i64)>, gap: i64) -> bool {
    match (a, b) {
        (Some((ae, al)), Some((be, bl))) => ae <= bl.saturating_add(gap) && be <= al.saturating_add(gap),
        _ => true,
    }
}

fn places_meet(a: &Option<PlaceFacts>, b: &Option<PlaceFacts>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => place_relation(x, y) != PlaceRelation::Different,
        _ => true,
    }
}

pub(crate) fn group(
    claims: &[ClaimInput],
    keys: &[ClaimKeys],
    decisions: &[EventDecision],
    config: &Config,
    notes: &mut Vec<Note>,
) -> Grouping {
    let n = claims.len();
    let index: HashMap<&str, usize> = claims.iter().enumerate().map(|(i, c)| (c.claim_id.as_str(), i)).collect();
    let mut latest: BTreeMap<(usize, usize), Decision> = BTreeMap::new();
    for d in decisions {
        match (index.get(d.claim_a.as_str()), index.get(d.claim_b.as_str())) {
            (Some(&a), Some(&b)) if a != b => {
                latest.insert((a.min(b), a.max(b)), d.decision);
            }
            _ => notes.push(Note::DecisionIgnored {
                decision: format!("{:?}", d.decision),
                a: d.claim_a.clone(),
                b: d.claim_b.clone(),
            }),
        }
    }
    let splits: Vec<(usize, usize)> = latest.iter().filter(|(_, d)| **d == Decision::Split).map(|(&p, _)| p).collect();
    let mut uf = UnionFind::new(n);
    let allowed = |uf: &UnionFind, a: usize, b: usize| {
        let (ra, rb) = (uf.find(a), uf.find(b));
        !splits.iter().any(|&(x, y)| {
            let (rx, ry) = (uf.find(x), uf.find(y));
            (rx == ra && ry == rb) || (rx == rb && ry == ra)
        })
    };
    let mut merged = vec![false; n];
    for (&(a, b), d) in &latest {
        if *d == Decision::Merge {
            if allowed(&uf, a, b) {
                uf.union(a, b);
                merged[a] = true;
                merged[b] = true;
            } else {
                notes.push(Note::MergeRefused { a: claims[a].claim_id.clone(), b: claims[b].claim_id.clone() });
            }
        }
    }
    let gap = i64::from(config.gap_days);
    let anchored: Vec<bool> =
        (0..n).map(|i| keys[i].place.is_some() && (keys[i].continuing || keys[i].span.is_some())).collect();
    // Same family and place: a continuing situation is one event whatever the dates; point acts
    // are swept in date order and joined while they fall within the gap.
    type Bucket = Vec<(i64, i64, usize)>;
    let mut buckets: BTreeMap<(&str, &str, bool), Bucket> = BTreeMap::new();
    for i in (0..n).filter(|&i| anchored[i]) {
        let k = &keys[i];
        let (e, l) = k.span.unwrap_or((0, 0));
        let place = k.place.as_ref().map_or("", |p| p.resolved.key.as_str());
        buckets.entry((k.family.as_str(), place, k.continuing)).or_default().push((e, l, i));
    }
    for ((_, _, continuing), list) in buckets.iter_mut() {
        list.sort_unstable();
        // A claim joins the current event only when it lies within the gap of every member (the
        // earliest end among them): executions at one place in 1990, 1991, ... 2020 are thirty
        // events, not one chained through its neighbours.
        let mut reach = i64::MIN;
        let mut prev: Option<usize> = None;
        for &(e, l, i) in list.iter() {
            if let Some(p) = prev
                && (*continuing || e <= reach.saturating_add(gap))
                && allowed(&uf, p, i)
            {
                uf.union(p, i);
                reach = reach.min(l);
            } else {
                reach = l;
            }
            prev = Some(i);
        }
    }
    // Named victims: claims of one act family naming the same person, at places and times that
    // can meet, are one event.
    let mut by_victim: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        for (v, _) in &k.victims {
            by_victim.entry(v.as_str()).or_default().push(i);
        }
    }
    for list in by_victim.values() {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                let (ka, kb) = (&keys[a], &keys[b]);
                if ka.family == kb.family
                    && !ka.continuing
                    && places_meet(&ka.place, &kb.place)
                    && times_meet(ka.span, kb.span, gap)
                    && allowed(&uf, a, b)
                {
                    uf.union(a, b);
                }
            }
        }
    }
    // Claims missing a place or date, or whose place contains other events' places: they join
    // the one event of their family they fit, and are queued when they fit several.
    let mut within_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, k) in keys.iter().enumerate() {
        if let Some(p) = &k.place {
            for a in &p.resolved.ancestors {
                within_of.entry(a.as_str()).or_default().push(j);
            }
        }
    }
    let mut by_family: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, k) in keys.iter().enumerate() {
        if anchored[j] || merged[j] {
            by_family.entry(k.family.as_str()).or_default().push(j);
        }
    }
    let mut ambiguous = Vec::new();
    for i in 0..n {
        if merged[i] {
            continue;
        }
        let k = &keys[i];
        let loose = !anchored[i];
        let finer: &[usize] = match &k.place {
            Some(p) => within_of.get(p.resolved.key.as_str()).map_or(&[], Vec::as_slice),
            None => &[],
        };
        if !loose && finer.is_empty() {
            continue;
        }
        let pool: &[usize] = if loose { by_family.get(k.family.as_str()).map_or(&[], Vec::as_slice) } else { finer };
        let mut roots: BTreeMap<usize, usize> = BTreeMap::new();
        for &j in pool {
            if j == i || keys[j].family != k.family || !(anchored[j] || merged[j]) {
                continue;
            }
            let place_ok = match (&k.place, &keys[j].place) {
                (None, _) | (_, None) => true,
                (Some(a), Some(b)) => matches!(place_relation(a, b), PlaceRelation::Same | PlaceRelation::Within),
            };
            let time_ok = k.continuing || times_meet(k.span, keys[j].span, gap);
            let r = uf.find(j);
            if place_ok && time_ok && r != uf.find(i) {
                roots.entry(r).or_insert(j);
            }
        }
        match roots.len() {
            0 => {}
            1 => {
                let j = roots.values().next().copied().unwrap_or(i);
                if allowed(&uf, i, j) {
                    uf.union(i, j);
                }
            }
            count => {
                notes.push(Note::AmbiguousClaim {
                    claim: claims[i].claim_id.clone(),
                    missing: if k.place.is_none() {
                        "place"
                    } else if loose {
                        "date"
                    } else {
                        "precise place"
                    },
                    fits: count,
                    act: claims[i].act.clone(),
                });
                ambiguous.push(Ambiguous { claim: i, candidates: roots.into_values().collect(), loose });
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|g| g[0]);
    Grouping { groups: out, splits, ambiguous }
}

/// What the event-to-event checks need about one event, computed once.
#[derive(Debug, Clone)]
pub(crate) struct EventSummary {
    pub family: String,
    pub continuing: bool,
    pub place: Option<PlaceFacts>,
    pub span: Option<(i64, i64)>,
    /// Victims of acts a person suffers once: key -> as written.
    pub once_victims: BTreeMap<String, String>,
    /// All named victims: key -> as written.
    pub victims: BTreeMap<String, String>,
    /// Named perpetrators: key -> as written.
    pub perpetrators: BTreeMap<String, String>,
}

pub(crate) fn summarize(members: &[usize], keys: &[ClaimKeys]) -> EventSummary {
    let spans: Vec<(i64, i64)> = members.iter().filter_map(|&i| keys[i].span).collect();
    let mut s = EventSummary {
        family: keys[members[0]].family.clone(),
        continuing: members.iter().all(|&i| keys[i].continuing),
        place: members.iter().find_map(|&i| keys[i].place.clone()),
        span: (!spans.is_empty())
            .then(|| (spans.iter().map(|s| s.0).min().unwrap_or(0), spans.iter().map(|s| s.1).max().unwrap_or(0))),
        once_victims: BTreeMap::new(),
        victims: BTreeMap::new(),
        perpetrators: BTreeMap::new(),
    };
    for &i in members {
        for (k, w) in &keys[i].victims {
            s.victims.entry(k.clone()).or_insert_with(|| w.clone());
            if once_only(&keys[i].family) {
                s.once_victims.entry(k.clone()).or_insert_with(|| w.clone());
            }
        }
        for (k, w) in &keys[i].perpetrators {
            s.perpetrators.entry(k.clone()).or_insert_with(|| w.clone());
        }
    }
    s
}

/// Why two events of one act family are apart (`split`: an analyst's split between them, as
/// claim ids), or `None` when nothing tells them apart.
pub(crate) fn kept_apart_reason(
    a: &EventSummary,
    b: &EventSummary,
    split: Option<&(String, String)>,
    config: &Config,
) -> Option<EventReason> {
    if let Some((x, y)) = split {
        return Some(EventReason::Split { a: x.clone(), b: y.clone() });
    }
    let gap = i64::from(config.gap_days);
    let times = a.continuing || times_meet(a.span, b.span, gap);
    match (&a.place, &b.place) {
        (Some(x), Some(y)) if place_relation(x, y) == PlaceRelation::Different && times => {
            Some(EventReason::DifferentPlaces {
                a: x.written.clone(),
                a_key: x.resolved.key.clone(),
                b: y.written.clone(),
                b_key: y.resolved.key.clone(),
            })
        }
        (Some(x), Some(y)) if place_relation(x, y) == PlaceRelation::Same && !times => {
            let (sa, sb) = (a.span.unwrap_or((0, 0)), b.span.unwrap_or((0, 0)));
            let days = if sa.1 < sb.0 { sb.0 - sa.1 } else { sa.0 - sb.1 };
            Some(EventReason::TooFarApart { place: x.written.clone(), days, gap_days: config.gap_days })
        }
        _ => None,
    }
}

/// Reasons two events may be one: the same named victim (of an act a person suffers once, in
/// any family of such acts), the same named perpetrator at a time that meets, or place names one
/// slip apart.
pub(crate) fn same_event_reasons(a: &EventSummary, b: &EventSummary, config: &Config) -> Vec<EventReason> {
    let mut reasons = Vec::new();
    let gap = i64::from(config.gap_days);
    let same_family = a.family == b.family;
    let times = (a.continuing && b.continuing) || times_meet(a.span, b.span, gap);
    for (k, w) in &a.once_victims {
        if b.once_victims.contains_key(k) {
            reasons.push(EventReason::SameOnceVictim { name: w.clone() });
        }
    }
    if same_family {
        for (k, w) in &a.victims {
            if b.victims.contains_key(k) && !(a.once_victims.contains_key(k) && b.once_victims.contains_key(k)) {
                reasons.push(EventReason::SameVictim { name: w.clone() });
            }
        }
        if times {
            for (k, w) in &a.perpetrators {
                if b.perpetrators.contains_key(k) {
                    reasons.push(EventReason::SamePerpetrator { name: w.clone() });
                }
            }
        }
        if let (Some(x), Some(y)) = (&a.place, &b.place)
            && times
            && place_relation(x, y) == PlaceRelation::Different
        {
            let sim = attest_korean::jaro_winkler(&x.resolved.key, &y.resolved.key);
            if sim >= 0.9 {
                reasons.push(EventReason::PlaceSlip {
                    a: x.written.clone(),
                    b: y.written.clone(),
                    similarity: format!("{sim:.2}"),
                });
            }
        }
    }
    reasons
}
