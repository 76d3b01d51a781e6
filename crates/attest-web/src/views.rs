//! What each page and API call shows, as plain data: the HTML pages render these, the JSON API
//! returns them, so the two cannot drift apart. Nothing here selects a sealed column (the store's
//! reads never do); revealed identities exist only in [`Revealed`], built per request.

use std::collections::BTreeMap;

use attest_corroborate::{Config, Status};
use attest_store::{Archive, CaseRecord, ClaimRecord, LogEntry, SearchHit, SourceRecord, VerifyReport, WitnessRecord};
use serde::Serialize;

use crate::error::WebError;

/// How many rows a list shows before "more".
pub const PAGE: usize = 100;

/// A label and how many claims carry it.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// The label.
    pub label: String,
    /// Claims.
    pub claims: usize,
}

/// A claim that has only one independent line of evidence.
#[derive(Debug, Clone, Serialize)]
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

/// Events and claims per status.
#[derive(Debug, Clone, Serialize)]
pub struct Tallies {
    /// Events.
    pub events: attest_corroborate::Tally,
    /// Claims.
    pub claims: attest_corroborate::Tally,
}

/// A case overview.
#[derive(Debug, Clone, Serialize)]
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
    let mut v: Vec<Count> = map.into_iter().map(|(label, claims)| Count { label, claims }).collect();
    if most_first {
        v.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.label.cmp(&b.label)));
    }
    v.truncate(max);
    v
}

/// Computes a case overview (the corroboration part is the costly one; the server caches it by
/// log head).
pub fn overview(a: &mut Archive, case: &str) -> Result<Overview, WebError> {
    let log_head = a.log_head_id()?;
    let record = a.get_case(case)?;
    let mut witnesses = a.list_witnesses(Some(case))?;
    witnesses.truncate(PAGE);
    let mut sources = a.list_sources(Some(case))?;
    sources.reverse();
    sources.truncate(PAGE);
    let claims = a.list_claims(Some(case))?;
    let (mut act, mut place, mut period) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for c in &claims {
        *act.entry(c.act.clone()).or_insert(0) += 1;
        *place.entry(c.place.clone().unwrap_or_else(|| "-".into())).or_insert(0) += 1;
        let decade =
            c.when.as_ref().and_then(|w| w.earliest).map_or("-".to_string(), |d| format!("{}s", d.year / 10 * 10));
        *period.entry(decade).or_insert(0) += 1;
    }
    let config = Config { claim_lines: false, ..Config::default() };
    let run = crate::corroboration::run(a, case, &config, false)?;
    let by_id: BTreeMap<&str, &ClaimRecord> = claims.iter().map(|c| (c.claim_id.as_str(), c)).collect();
    let singles: Vec<SingleSource> = run
        .report
        .claims
        .iter()
        .filter(|o| matches!(o.status, Status::SingleSource))
        .filter_map(|o| by_id.get(o.claim_id.as_str()))
        .map(|c| SingleSource {
            claim_id: c.claim_id.clone(),
            source_id: c.source_id.clone(),
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
        by_place: counts(place, true, 30),
        by_period: counts(period, false, usize::MAX),
        tally: Tallies { events: run.report.event_tally.clone(), claims: run.report.claim_tally.clone() },
        single_source_total: singles.len(),
        single_source: singles.into_iter().take(PAGE).collect(),
        identities_compared: run.same_person_pairs.is_some(),
    })
}

/// A testimony or document with its claims.
#[derive(Debug, Clone, Serialize)]
pub struct Reader {
    /// The source, with its text.
    pub source: SourceRecord,
    /// Its claims in text order.
    pub claims: Vec<ClaimRecord>,
    /// The act vocabulary, for the claim form.
    pub acts: Vec<String>,
}

/// The reader of one source of `case`.
pub fn reader(a: &mut Archive, case: &str, source: &str) -> Result<Reader, WebError> {
    let s = a.get_source(source)?;
    if s.case_id != case {
        return Err(WebError::not_found("source", source));
    }
    let claims = a.list_source_claims(source)?;
    let acts = a.list_acts()?.into_iter().map(|x| x.act).collect();
    Ok(Reader { source: s, claims, acts })
}

/// A piece of a text and the claims whose passage covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The text.
    pub text: &'a str,
    /// Claims covering it (empty: plain text).
    pub claims: Vec<&'a str>,
}

/// Cuts `text` at every claim boundary (spans count characters), so each piece is covered by
/// the same claims throughout: overlapping claims stay visible.
pub fn segments<'a>(text: &'a str, claims: &'a [ClaimRecord]) -> Vec<Segment<'a>> {
    let mut cuts: Vec<usize> = vec![0];
    for c in claims {
        cuts.push(c.span.start);
        cuts.push(c.span.end);
    }
    let chars = text.chars().count();
    cuts.push(chars);
    cuts.retain(|&x| x <= chars);
    cuts.sort_unstable();
    cuts.dedup();
    // Character index to byte offset, once.
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    cuts.windows(2)
        .map(|w| Segment {
            text: &text[byte_at[w[0]]..byte_at[w[1]]],
            claims: claims
                .iter()
                .filter(|c| c.span.start <= w[0] && w[1] <= c.span.end)
                .map(|c| c.claim_id.as_str())
                .collect(),
        })
        .collect()
}

/// A witness page: pseudonym, consent, testimonies; whether this user could reveal.
#[derive(Debug, Clone, Serialize)]
pub struct WitnessPage {
    /// The witness (pseudonym, consent, names of sealed fields).
    pub witness: WitnessRecord,
    /// Their testimonies.
    pub testimonies: Vec<SourceRecord>,
    /// The user's role allows revealing and they hold an identity grant for the case.
    pub may_reveal: bool,
}

/// People and places with the spellings used for them.
#[derive(Debug, Clone, Serialize)]
pub struct Names {
    /// Groups of names (pseudonyms, victims, perpetrators) that share a romanization key.
    pub people: Vec<NameGroup>,
    /// Groups of places that share a place key.
    pub places: Vec<NameGroup>,
}

/// One person or place and its spellings.
#[derive(Debug, Clone, Serialize)]
pub struct NameGroup {
    /// The comparison key.
    pub key: String,
    /// Spellings, most used first, with how often.
    pub variants: Vec<Count>,
}

fn groups(items: impl Iterator<Item = (String, String)>) -> Vec<NameGroup> {
    let mut by_key: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (key, spelling) in items {
        if !key.is_empty() {
            *by_key.entry(key).or_default().entry(spelling).or_insert(0) += 1;
        }
    }
    let mut out: Vec<NameGroup> =
        by_key.into_iter().map(|(key, v)| NameGroup { key, variants: counts(v, true, usize::MAX) }).collect();
    out.sort_by(|a, b| b.variants.len().cmp(&a.variants.len()).then_with(|| a.key.cmp(&b.key)));
    out
}

/// The people and places named in a case.
pub fn names(a: &mut Archive, case: &str) -> Result<Names, WebError> {
    let claims = a.list_claims(Some(case))?;
    let witnesses = a.list_witnesses(Some(case))?;
    let people = claims
        .iter()
        .flat_map(|c| [c.victim.clone(), c.perpetrator.clone()])
        .flatten()
        .chain(witnesses.into_iter().map(|w| w.pseudonym))
        .map(|n| (attest_korean::key(&n), n));
    let places = claims.iter().filter_map(|c| c.place.clone()).map(|p| (attest_corroborate::place_key(&p), p));
    Ok(Names { people: groups(people), places: groups(places) })
}

/// Search results for a user: only cases they are a member of.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    /// What was asked.
    pub query: String,
    /// Hits.
    pub hits: Vec<SearchHit>,
}

/// The administrator's view.
#[derive(Debug, Clone, Serialize)]
pub struct AdminPage {
    /// Users with memberships and grants (no key material).
    pub users: Vec<attest_store::UserRecord>,
    /// Every case (titles, counts).
    pub cases: Vec<CaseRecord>,
    /// The newest log entries, newest first.
    pub log: Vec<LogEntry>,
    /// Entries in the log.
    pub log_total: usize,
    /// The verification result.
    pub verify: VerifyReport,
}

/// The administrator's view (verification re-reads the log and originals).
pub fn admin(a: &mut Archive) -> Result<AdminPage, WebError> {
    let verify = a.verify()?;
    let mut log = a.log()?;
    let log_total = log.len();
    log.reverse();
    log.truncate(200);
    Ok(AdminPage { users: a.list_users()?, cases: a.list_cases()?, log, log_total, verify })
}

#[cfg(test)]
mod tests {
    use super::*;
    use attest_domain::Span;

    fn claim(id: &str, start: usize, end: usize) -> ClaimRecord {
        ClaimRecord {
            claim_id: id.into(),
            source_id: "s".into(),
            case_id: "c".into(),
            act: "forced-labour".into(),
            span: Span { start, end },
            passage: String::new(),
            place: None,
            when: None,
            count: None,
            victim: None,
            perpetrator: None,
            created_at: String::new(),
        }
    }

    #[test]
    fn segments_cut_at_every_boundary_and_keep_overlaps() {
        let text = "아오지 탄광에서 일했다";
        let claims = [claim("a", 0, 3), claim("b", 2, 6)];
        let segs = segments(text, &claims);
        let joined: String = segs.iter().map(|s| s.text).collect();
        assert_eq!(joined, text);
        let shown: Vec<(&str, Vec<&str>)> = segs.iter().map(|s| (s.text, s.claims.clone())).collect();
        assert_eq!(
            shown,
            vec![("아오", vec!["a"]), ("지", vec!["a", "b"]), (" 탄광", vec!["b"]), ("에서 일했다", vec![])]
        );
    }
}
