//! Cases: adding one, the cases a user may see, a case's overview (counts, corroboration
//! outcome, single-source claims) and the people and places named in it.

use std::collections::BTreeMap;

use attest_corroborate::{Config, Status};
use attest_domain::CaseId;
use attest_store::{Archive, CaseRecord, ClaimRecord, SourceRecord, WitnessRecord};
use serde::Serialize;

use crate::access::Caller;
use crate::corroboration::{Identities, corroboration};
use crate::error::{AppError, Result};

/// How many rows a list shows before "more".
pub const PAGE: usize = 100;

/// Adds a case.
pub fn add_case(a: &mut Archive, title: &str) -> Result<CaseId> {
    Ok(a.add_case(title)?)
}

/// The cases `caller` is a member of.
pub fn cases_of(a: &Archive, caller: &Caller) -> Result<Vec<CaseRecord>> {
    Ok(a.list_cases()?.into_iter().filter(|c| caller.user.cases.contains(&c.case_id)).collect())
}

/// The log entry an overview of `case` would be computed at (cheap: for caching overviews).
pub fn overview_head(a: &Archive, case: &CaseId) -> Result<i64> {
    if !a.case_exists(case.as_str())? {
        return Err(AppError::not_found("case", case));
    }
    Ok(a.log_head_id()?)
}

/// A label and how many claims carry it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count {
    /// The label (for a place, its most used spelling).
    pub label: String,
    /// Claims.
    pub claims: usize,
    /// Other spellings counted under the label (places written differently that name the same
    /// place), most used first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
}

/// A claim that has only one independent line of evidence.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SingleSource {
    /// Claim.
    pub claim_id: String,
    /// Its source.
    pub source_id: String,
    /// Act.
    pub act: String,
    /// Place as written.
    pub place: Option<String>,
    /// When (EDTF).
    pub when: Option<String>,
    /// The evidence passage.
    pub passage: String,
}

/// How many events or claims have each status.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Two or more independent reliable lines agree.
    pub corroborated: usize,
    /// One line only.
    pub single_source: usize,
    /// Independent lines disagree.
    pub contested: usize,
    /// No reliable line.
    pub unconfirmed: usize,
}

impl From<&attest_corroborate::Tally> for Tally {
    fn from(t: &attest_corroborate::Tally) -> Self {
        Tally {
            corroborated: t.corroborated,
            single_source: t.single_source,
            contested: t.contested,
            unconfirmed: t.unconfirmed,
        }
    }
}

/// Events and claims per status.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tallies {
    /// Events.
    pub events: Tally,
    /// Claims.
    pub claims: Tally,
}

/// A case overview.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    /// The case with its counts.
    pub case: CaseRecord,
    /// The log entry this overview was computed at.
    pub log_head: i64,
    /// Witnesses by pseudonym (first [`PAGE`]).
    pub witnesses: Vec<WitnessRecord>,
    /// Sources (first [`PAGE`], newest first).
    pub sources: Vec<SourceRecord>,
    /// Claims per act.
    pub by_act: Vec<Count>,
    /// Claims per place (most first, at most 30).
    pub by_place: Vec<Count>,
    /// Claims per decade of their earliest date.
    pub by_period: Vec<Count>,
    /// Corroboration outcome counts.
    pub tally: Tallies,
    /// Claims with a single line of evidence (first [`PAGE`]).
    pub single_source: Vec<SingleSource>,
    /// How many there are in all.
    pub single_source_total: usize,
    /// Whether sealed identities were compared (never in the web workspace).
    pub identities_compared: bool,
}

fn counts(map: BTreeMap<String, usize>, most_first: bool, max: usize) -> Vec<Count> {
    let mut v: Vec<Count> =
        map.into_iter().map(|(label, claims)| Count { label, claims, variants: Vec::new() }).collect();
    if most_first {
        v.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.label.cmp(&b.label)));
    }
    v.truncate(max);
    v
}

/// One row per place key: labelled with its most used spelling, the others listed with it; most
/// claims first.
fn spelled(by_key: BTreeMap<String, BTreeMap<String, usize>>, max: usize) -> Vec<Count> {
    let mut v: Vec<Count> = by_key
        .into_values()
        .filter_map(|spellings| {
            let mut sp = counts(spellings, true, usize::MAX).into_iter();
            let first = sp.next()?;
            let rest: Vec<Count> = sp.collect();
            let claims = first.claims + rest.iter().map(|c| c.claims).sum::<usize>();
            Some(Count { label: first.label, claims, variants: rest.into_iter().map(|c| c.label).collect() })
        })
        .collect();
    v.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.label.cmp(&b.label)));
    v.truncate(max);
    v
}

/// Computes a case overview (the corroboration part is the costly one; the workspace caches it
/// by log head).
pub fn overview(a: &mut Archive, case: &CaseId) -> Result<Overview> {
    let log_head = a.log_head_id()?;
    let record = a.get_case(case.as_str())?;
    let mut witnesses = a.list_witnesses(Some(case.as_str()))?;
    witnesses.truncate(PAGE);
    let mut sources = a.list_sources(Some(case.as_str()))?;
    sources.reverse();
    sources.truncate(PAGE);
    let claims = a.list_claims(Some(case.as_str()))?;
    let (mut act, mut place, mut period) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for c in &claims {
        *act.entry(c.act.clone()).or_insert(0) += 1;
        let written = c.place.clone().unwrap_or_else(|| "-".into());
        let key = c.place.as_deref().map_or_else(|| "-".to_string(), attest_corroborate::place_key);
        *place.entry(key).or_insert_with(BTreeMap::new).entry(written).or_insert(0) += 1;
        let decade =
            c.when.as_ref().and_then(|w| w.earliest).map_or("-".to_string(), |d| format!("{}s", d.year / 10 * 10));
        *period.entry(decade).or_insert(0) += 1;
    }
    let config = Config { claim_lines: false, ..Config::default() };
    let run = corroboration(a, case, &config, Identities::Closed)?;
    let by_id: BTreeMap<&str, &ClaimRecord> = claims.iter().map(|c| (c.claim_id.as_str(), c)).collect();
    let singles: Vec<SingleSource> = run
        .report
        .claims
        .iter()
        .filter(|o| matches!(o.status, Status::SingleSource))
        .filter_map(|o| by_id.get(o.claim_id.as_str()))
        .map(|c| SingleSource {
            claim_id: c.claim_id.to_string(),
            source_id: c.source_id.to_string(),
            act: c.act.clone(),
            place: c.place.clone(),
            when: c.when.as_ref().map(|w| w.edtf.clone()),
            passage: c.passage.clone(),
        })
        .collect();
    Ok(Overview {
        case: record,
        log_head,
        witnesses,
        sources,
        by_act: counts(act, true, usize::MAX),
        by_place: spelled(place, 30),
        by_period: counts(period, false, usize::MAX),
        tally: Tallies { events: (&run.report.event_tally).into(), claims: (&run.report.claim_tally).into() },
        single_source_total: singles.len(),
        single_source: singles.into_iter().take(PAGE).collect(),
        identities_compared: run.same_person_pairs.is_some(),
    })
}

/// People and places with the spellings used for them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Names {
    /// Groups of names (pseudonyms, victims, perpetrators) that share a romanization key; a
    /// description such as "the witness" is a group of its own in each source.
    pub people: Vec<NameGroup>,
    /// Groups of places that share a place key.
    pub places: Vec<NameGroup>,
}

/// Where a description of a person (not a name) is used.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsedIn {
    /// The source.
    pub source_id: String,
    /// Its title, else the witness's pseudonym.
    pub label: String,
    /// When the interview took place (EDTF), to tell two testimonies of one witness apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interviewed: Option<String>,
}

/// One person or place and its spellings.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NameGroup {
    /// The comparison key (internal: not for people to read).
    pub key: String,
    /// The name as written most often: what people see.
    pub written: String,
    /// Spellings, most used first, with how often.
    pub variants: Vec<Count>,
    /// For a description rather than a name ("the witness", "a guard"): the one source it is
    /// used in, since the same words may mean a different person in each source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used_in: Option<UsedIn>,
}

/// Whether `name` describes a person rather than naming one: it opens with an article, a
/// possessive or a number word, or has no capital letter and no Hangul ("guards"), or is a
/// Korean common noun for a person. Hand-written: no library here tells a description from a
/// name, and a wrong "name" only costs a row per source.
pub fn is_description(name: &str) -> bool {
    const OPENERS: &[&str] = &[
        "the", "a", "an", "his", "her", "my", "our", "their", "its", "this", "that", "some", "one", "two", "three",
        "several", "many", "unknown", "unnamed", "another", "other",
    ];
    const KO_OPENERS: &[&str] = &["그", "한", "어떤", "다른", "우리", "내"];
    const KO_NOUNS: &str = "증인 경비원 경비 간수 보위원 보안원 사람 동료 광부 죄수 수감자 아버지 어머니 형 오빠 언니 \
                            누나 남편 아내 아들 딸 감독 작업반장 군인";
    let name = name.trim();
    let first = name.split_whitespace().next().unwrap_or("");
    let hangul = name.chars().any(|c| ('가'..='힣').contains(&c));
    OPENERS.contains(&first.to_lowercase().as_str())
        || KO_OPENERS.contains(&first)
        || (!hangul && !name.chars().any(char::is_uppercase))
        || (hangul && KO_NOUNS.split_whitespace().any(|n| name == n || name.ends_with(&format!(" {n}"))))
}

/// Groups `(key, spelling, used_in)`: one group per key, the key made per-source for
/// descriptions by the caller.
fn groups(items: impl Iterator<Item = (String, String, Option<UsedIn>)>) -> Vec<NameGroup> {
    let mut by_key: BTreeMap<String, (BTreeMap<String, usize>, Option<UsedIn>)> = BTreeMap::new();
    for (key, spelling, used_in) in items {
        if !key.is_empty() {
            let e = by_key.entry(key).or_insert_with(|| (BTreeMap::new(), used_in));
            *e.0.entry(spelling).or_insert(0) += 1;
        }
    }
    let mut out: Vec<NameGroup> = by_key
        .into_iter()
        .map(|(key, (v, used_in))| {
            let variants = counts(v, true, usize::MAX);
            let written = variants.first().map(|c| c.label.clone()).unwrap_or_default();
            NameGroup { key, written, variants, used_in }
        })
        .collect();
    out.sort_by(|a, b| {
        b.variants
            .len()
            .cmp(&a.variants.len())
            .then_with(|| a.used_in.is_some().cmp(&b.used_in.is_some()))
            .then_with(|| {
                let n = |g: &NameGroup| g.variants.iter().map(|c| c.claims).sum::<usize>();
                n(b).cmp(&n(a))
            })
            .then_with(|| a.written.cmp(&b.written))
    });
    out
}

/// The people and places named in a case.
pub fn names(a: &Archive, case: &CaseId) -> Result<Names> {
    let claims = a.list_claims(Some(case.as_str()))?;
    let witnesses = a.list_witnesses(Some(case.as_str()))?;
    let sources = a.list_sources(Some(case.as_str()))?;
    let used_in = |source_id: &str| {
        let s = sources.iter().find(|s| s.source_id.as_str() == source_id);
        UsedIn {
            source_id: source_id.to_string(),
            label: s
                .and_then(|s| s.title.clone().or_else(|| s.witness_pseudonym.clone()))
                .unwrap_or_else(|| source_id.to_string()),
            interviewed: s.and_then(|s| s.interviewed.as_ref()).map(|d| d.edtf.clone()),
        }
    };
    let people = claims
        .iter()
        .flat_map(|c| [c.victim.clone(), c.perpetrator.clone()].into_iter().flatten().map(move |n| (n, Some(c))))
        .chain(witnesses.into_iter().map(|w| (w.pseudonym, None)))
        .map(|(n, claim)| match claim {
            Some(c) if is_description(&n) => {
                (format!("{} @{}", attest_korean::key(&n), c.source_id), n, Some(used_in(c.source_id.as_str())))
            }
            _ => (attest_korean::key(&n), n, None),
        });
    let places = claims.iter().filter_map(|c| c.place.clone()).map(|p| (attest_corroborate::place_key(&p), p, None));
    Ok(Names { people: groups(people), places: groups(places) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_told_from_names() {
        for d in ["the witness", "The guards", "a guard", "his father", "guards", "그 증인", "증인", "한 경비원"]
        {
            assert!(is_description(d), "{d}");
        }
        for n in ["Choe Myong-il", "최명일", "Kim Young-ho", "Pak Su-mi", "리영호"] {
            assert!(!is_description(n), "{n}");
        }
    }
}
