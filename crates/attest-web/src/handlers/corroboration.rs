//! A case's corroboration: the page of findings (the same report `attest corroboration --json`
//! prints, computed without opening sealed identities, which the page says), the analysts'
//! decisions on its review items and "possibly the same event" pairs, the case's policy for
//! Admiralty F and 6, and a claim's basis of knowledge and information grade.

use attest_app::corroboration::Run;
use attest_app::input::{AssessmentForm, PolicyForm, ReviewDecisionForm};
use attest_domain::{CaseId, ClaimId};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;

use crate::access::Authed;
use crate::error::WebError;
use crate::extract::{FormData, Ids};
use crate::views;
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
