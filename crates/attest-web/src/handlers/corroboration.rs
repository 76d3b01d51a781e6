//! A case's corroboration: the page of findings (the same report `attest corroboration --json`
//! prints, computed without opening sealed identities, which the page says), the analysts'
//! decisions on its review items and "possibly the same event" pairs, the case's policy for
//! Admiralty F and 6, and a claim's basis of knowledge and information grade.

use attest_app::corroboration::Run;
use attest_app::input::{AssessmentForm, PolicyForm, ReviewDecisionForm};
use attest_domain::{CaseId, ClaimId};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Serialize;

use crate::access::Authed;
use crate::error::WebError;
use crate::extract::{FormData, Ids};
use crate::i18n::Lang;
use crate::views;
use crate::views::findings;
use crate::{AppState, db};

/// The report as the workspace computes it: the engine's defaults (as the CLI's), the case's
/// F/6 policy, identities closed.
pub async fn report(state: &AppState, case: &CaseId) -> Result<Run, WebError> {
    let c = case.clone();
    db(state, "web", move |a| attest_app::corroboration::workspace_report(a, &c)).await
}

/// `GET /cases/{case}/corroboration`.
pub async fn corroboration_page(
    State(state): State<AppState>,
    user: Authed,
    Ids(case): Ids<CaseId>,
) -> Result<Markup, WebError> {
    let run = report(&state, &case).await?;
    let c = case.clone();
    let title = db(&state, "web", move |a| a.get_case(c.as_str()).map(|r| r.title)).await?;
    let may_decide = attest_app::access::ANALYSTS.contains(&user.caller.role);
    Ok(views::corroboration::page(&user, &case, &title, &run, may_decide))
}

/// `POST /cases/{case}/corroboration/decisions`: an analyst decides a review item or a
/// "possibly the same event" pair; back to the page.
pub async fn decide(
    State(state): State<AppState>,
    user: Authed,
    Ids(case): Ids<CaseId>,
    FormData(f): FormData<ReviewDecisionForm>,
) -> Result<Response, WebError> {
    let (decision, note) = f.parse()?;
    let c = case.clone();
    db(&state, user.caller.user.user_id.as_str(), move |a| {
        attest_app::corroboration::decide(a, &c, &decision, note.as_deref())
    })
    .await?;
    Ok(Redirect::to(&format!("/cases/{case}/corroboration")).into_response())
}

/// `POST /cases/{case}/corroboration/policy`: the case's policy for Admiralty F and 6.
pub async fn set_policy(
    State(state): State<AppState>,
    user: Authed,
    Ids(case): Ids<CaseId>,
    FormData(f): FormData<PolicyForm>,
) -> Result<Response, WebError> {
    let policy = f.parse()?;
    let c = case.clone();
    db(&state, user.caller.user.user_id.as_str(), move |a| {
        attest_app::corroboration::set_unassessed_policy(a, &c, policy)
    })
    .await?;
    Ok(Redirect::to(&format!("/cases/{case}/corroboration")).into_response())
}

/// `POST /cases/{case}/claims/{claim}/assessment`: a claim's basis of knowledge and information
/// grade; back to the claim in its source.
pub async fn assess_claim(
    State(state): State<AppState>,
    user: Authed,
    Ids((case, claim)): Ids<(CaseId, ClaimId)>,
    FormData(f): FormData<AssessmentForm>,
) -> Result<Response, WebError> {
    let assessment = f.parse()?;
    let c = case.clone();
    let record = db(&state, user.caller.user.user_id.as_str(), move |a| {
        attest_app::sources::assess_claim(a, Some(&c), &claim, &assessment)
    })
    .await?;
    Ok(Redirect::to(&format!("/cases/{case}/sources/{}#{}", record.source_id, record.claim_id)).into_response())
}

/// `GET /api/cases/{case}/corroboration`: the report the page shows, as JSON. Sentences are
/// given in English (word for word as `attest corroboration --json` prints them) and in Korean
/// (as the workspace writes them); identities are never opened, which `identities_compared`
/// says. Carries pseudonymous ids only, never a sealed field.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CorroborationReport {
    /// Reliability level a line needs, e.g. `C3`.
    pub min_reliability: String,
    /// Independent lines needed.
    pub min_lines: usize,
    /// Whether sealed identities were compared (never, here).
    pub identities_compared: bool,
    /// What that means, in English.
    pub identity_comparison: String,
    /// The case's policy for Admiralty F and 6: `not-reliable` or `assume-minimum`.
    pub unassessed: String,
    /// That policy as a report states it, in English.
    pub policy: String,
    /// The same, in Korean.
    pub policy_ko: String,
    /// Events per status.
    pub event_tally: StatusTally,
    /// Claims per status.
    pub claim_tally: StatusTally,
    /// Findings per event.
    pub events: Vec<EventFinding>,
    /// Findings per claim.
    pub claims: Vec<ClaimFinding>,
    /// Pairs of events that may be one, for an analyst to merge or split.
    pub possibly_same_events: Vec<SameEventPair>,
    /// Dependencies for an analyst to decide.
    pub review: Vec<ReviewEntry>,
    /// Inputs changed or refused (English).
    pub warnings: Vec<String>,
    /// The same, in Korean.
    pub warnings_ko: Vec<String>,
    /// Things an analyst should know (English).
    pub notes: Vec<String>,
    /// The same, in Korean.
    pub notes_ko: Vec<String>,
}

/// Counts per status.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatusTally {
    /// Corroborated.
    pub corroborated: usize,
    /// One line of evidence.
    pub single_source: usize,
    /// An independent line denies it.
    pub contested: usize,
    /// Several lines, too few reliable or none first-hand.
    pub unconfirmed: usize,
}

/// One independent line of evidence.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LineEntry {
    /// Its sources.
    pub sources: Vec<String>,
    /// Its grade, e.g. `B2`.
    pub grade: Option<String>,
    /// Graded at the level or better.
    pub reliable: bool,
    /// `first-hand`, `first-hand-assumed`, `hearsay-named`, `hearsay-unknown` or `documentary`.
    pub basis: String,
}

/// The finding for one event.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EventFinding {
    /// `event-N`.
    pub event_id: String,
    /// Its act.
    pub act: String,
    /// Its place as first written.
    pub place: Option<String>,
    /// Its claims.
    pub claims: Vec<String>,
    /// `corroborated`, `single-source`, `unconfirmed` or `contested`.
    pub status: String,
    /// `consistent`, `varied` or `disputed`.
    pub details: String,
    /// Its independent lines.
    pub lines: Vec<LineEntry>,
    /// How many of them are reliable.
    pub reliable_lines: usize,
    /// For a continuing situation: the first year covered.
    pub first_year: Option<u16>,
    /// For a continuing situation: the last year covered.
    pub last_year: Option<u16>,
    /// The standard-of-proof sentence, in English.
    pub finding: String,
    /// The same, in Korean.
    pub finding_ko: String,
    /// How it would change, in English.
    pub conditions: Vec<String>,
    /// The same, in Korean.
    pub conditions_ko: Vec<String>,
}

/// The finding for one claim.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ClaimFinding {
    /// Claim id.
    pub claim_id: String,
    /// Its event.
    pub event_id: String,
    /// Status, as for events.
    pub status: String,
    /// Details agreement, as for events.
    pub details: String,
    /// Lines of its event.
    pub lines: usize,
    /// The sentence, in English.
    pub finding: String,
    /// The same, in Korean.
    pub finding_ko: String,
}

/// Two events that may be one.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SameEventPair {
    /// One event.
    pub event_a: String,
    /// The other.
    pub event_b: String,
    /// Why (English).
    pub reasons: Vec<String>,
    /// The same, in Korean.
    pub reasons_ko: Vec<String>,
}

/// A dependency to review.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewEntry {
    /// `possibly-derived`, `shared-interviewer`, `identity-match` or `identical-wording`.
    pub kind: String,
    /// One end.
    pub a: String,
    /// The other.
    pub b: String,
    /// `joined`, `apart` or `decided`.
    pub effect: String,
    /// The sentence, in English.
    pub sentence: String,
    /// The same, in Korean.
    pub sentence_ko: String,
}

fn details_name(d: attest_app::corroboration::Details) -> String {
    serde_json::to_value(d).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn tally(t: &attest_app::corroboration::Tally) -> StatusTally {
    StatusTally {
        corroborated: t.corroborated,
        single_source: t.single_source,
        contested: t.contested,
        unconfirmed: t.unconfirmed,
    }
}

impl CorroborationReport {
    /// The API's view of a run: what the page shows, in both languages.
    pub fn of(run: &Run) -> CorroborationReport {
        let r = &run.report;
        let ko = Lang::Ko;
        CorroborationReport {
            min_reliability: r.min_reliability.clone(),
            min_lines: r.min_lines,
            identities_compared: r.identities_compared,
            identity_comparison: r.identity_comparison.clone(),
            unassessed: serde_json::to_value(r.unassessed)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            policy: r.policy.clone(),
            policy_ko: findings::policy(ko, &r.policy, r.unassessed, &r.min_reliability),
            event_tally: tally(&r.event_tally),
            claim_tally: tally(&r.claim_tally),
            events: r
                .events
                .iter()
                .map(|e| EventFinding {
                    event_id: e.event_id.clone(),
                    act: e.act.clone(),
                    place: e.place.clone(),
                    claims: e.claims.clone(),
                    status: e.status.as_str().to_string(),
                    details: details_name(e.details),
                    lines: e
                        .lines
                        .iter()
                        .map(|l| LineEntry {
                            sources: l.sources.clone(),
                            grade: l.grade.clone(),
                            reliable: l.reliable,
                            basis: l.basis.to_string(),
                        })
                        .collect(),
                    reliable_lines: e.reliable_lines,
                    first_year: e.pattern.as_ref().map(|p| p.first_year),
                    last_year: e.pattern.as_ref().map(|p| p.last_year),
                    finding: e.finding.clone(),
                    finding_ko: findings::finding(ko, &e.finding, e.finding_facts.as_ref()),
                    conditions: e.conditions.clone(),
                    conditions_ko: e
                        .conditions
                        .iter()
                        .enumerate()
                        .map(|(i, c)| match e.finding_facts.as_ref().and_then(|f| f.conditions.get(i)) {
                            Some(facts) => findings::condition(ko, c, facts),
                            None => c.clone(),
                        })
                        .collect(),
                })
                .collect(),
            claims: r
                .claims
                .iter()
                .map(|c| ClaimFinding {
                    claim_id: c.claim_id.clone(),
                    event_id: c.event_id.clone(),
                    status: c.status.as_str().to_string(),
                    details: details_name(c.details),
                    lines: c.lines.len(),
                    finding: c.finding.clone(),
                    finding_ko: findings::finding(ko, &c.finding, Some(&c.finding_facts)),
                })
                .collect(),
            possibly_same_events: r
                .possibly_same_events
                .iter()
                .map(|q| SameEventPair {
                    event_a: q.event_a.clone(),
                    event_b: q.event_b.clone(),
                    reasons: q.reasons.clone(),
                    reasons_ko: q
                        .reasons
                        .iter()
                        .zip(&q.reason_facts)
                        .map(|(r, why)| findings::event_reason(ko, r, why))
                        .collect(),
                })
                .collect(),
            review: r
                .review
                .iter()
                .map(|i| ReviewEntry {
                    kind: i.kind.to_string(),
                    a: i.a.clone(),
                    b: i.b.clone(),
                    effect: i.effect.to_string(),
                    sentence: i.sentence.clone(),
                    sentence_ko: findings::review(ko, i),
                })
                .collect(),
            warnings: r.warnings.clone(),
            warnings_ko: r.warnings.iter().zip(&r.warning_facts).map(|(w, f)| findings::warning(ko, w, f)).collect(),
            notes: r.notes.clone(),
            notes_ko: r.notes.iter().zip(&r.note_facts).map(|(n, f)| findings::note(ko, n, f)).collect(),
        }
    }
}

/// `GET /api/cases/{case}/corroboration`.
pub async fn api_corroboration(
    State(state): State<AppState>,
    Ids(case): Ids<CaseId>,
) -> Result<Json<CorroborationReport>, WebError> {
    let run = report(&state, &case).await?;
    Ok(Json(CorroborationReport::of(&run)))
}
