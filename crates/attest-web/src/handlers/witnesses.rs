//! Witnesses: the witness page, and revealing a sealed identity through the user's own grant
//! (password asked again, confirmation required, wrong passwords throttled, every reveal logged).

use attest_app::input::RevealForm;
use attest_app::witnesses::WitnessPage;
use attest_domain::{CaseId, WitnessId};
use attest_store::RevealedWitness;
use axum::Json;
use axum::extract::State;
use axum::http::Extensions;
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Serialize;

use crate::access::Authed;
use crate::error::WebError;
use crate::extract::{Body, FormData, Ids};
use crate::views;
use crate::{AppState, db};

async fn page(state: &AppState, user: &Authed, case: CaseId, witness: WitnessId) -> Result<WitnessPage, WebError> {
    let caller = user.caller.clone();
    db(state, "web", move |a| attest_app::witnesses::witness_page(a, &caller, &case, &witness)).await
}

/// `GET /cases/{case}/witnesses/{witness}`.
pub async fn witness_page(
    State(state): State<AppState>,
    user: Authed,
    Ids((case, witness)): Ids<(CaseId, WitnessId)>,
) -> Result<Markup, WebError> {
    let p = page(&state, &user, case.clone(), witness).await?;
    Ok(views::witnesses::witness_page(&user, &case, &p))
}

/// `GET /api/cases/{case}/witnesses/{witness}`.
pub async fn api_witness(
    State(state): State<AppState>,
    user: Authed,
    Ids((case, witness)): Ids<(CaseId, WitnessId)>,
) -> Result<Json<WitnessPage>, WebError> {
    Ok(Json(page(&state, &user, case, witness).await?))
}

/// Checks confirmation and grant against the page, then reveals through the user's grant.
/// Returns the page it checked against, for the answer.
async fn reveal(
    state: &AppState,
    ext: &Extensions,
    user: &Authed,
    (case, witness): (CaseId, WitnessId),
    r: RevealForm,
) -> Result<(WitnessPage, RevealedWitness), WebError> {
    let p = page(state, user, case.clone(), witness.clone()).await?;
    let request = r.parse();
    attest_app::witnesses::check_reveal(&user.caller, &case, &p, &request)?;
    let attempt = password_attempt(state, user)?;
    let _ = ext;
    let uid = user.caller.user.user_id.clone();
    let r = crate::password_db(state, user.caller.user.user_id.as_str(), move |a| {
        attest_app::witnesses::reveal_as(a, uid.as_str(), &witness, request)
    })
    .await?;
    attempt.succeeded();
    Ok((p, r))
}

/// Reserves one check of a signed-in user's password (reveal, original file, sealed upload):
/// counted before the hash, one at a time per user, five per window (see `throttle`).
pub(crate) fn password_attempt<'a>(
    state: &'a AppState,
    user: &Authed,
) -> Result<crate::throttle::Attempt<'a>, WebError> {
    state.sessions.throttle.reserve(&format!("password:{}", user.caller.user.user_id), &[], "password checks")
}

/// `POST /cases/{case}/witnesses/{witness}/reveal`.
pub async fn reveal_page(
    State(state): State<AppState>,
    ext: Extensions,
    user: Authed,
    Ids(ids): Ids<(CaseId, WitnessId)>,
    FormData(r): FormData<RevealForm>,
) -> Result<Markup, WebError> {
    let case = ids.0.clone();
    let (p, revealed) = reveal(&state, &ext, &user, ids, r).await?;
    Ok(views::witnesses::revealed_page(&user, &case, &p, &revealed))
}

/// The revealed fields, for one response.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Revealed<'a> {
    /// The witness.
    pub witness_id: &'a str,
    /// Legal name.
    pub legal_name: &'a str,
    /// Contact.
    pub contact: Option<&'a str>,
    /// Notes.
    pub notes: Option<&'a str>,
}

/// `POST /api/cases/{case}/witnesses/{witness}/reveal`.
pub async fn api_reveal(
    State(state): State<AppState>,
    ext: Extensions,
    user: Authed,
    Ids(ids): Ids<(CaseId, WitnessId)>,
    Body(r): Body<RevealForm>,
) -> Result<Response, WebError> {
    let witness = ids.1.clone();
    // Serialised while the zeroizing values are alive; no copy of them outlives the response.
    let (_, revealed) = reveal(&state, &ext, &user, ids, r).await?;
    Ok(Json(Revealed {
        witness_id: witness.as_str(),
        legal_name: revealed.name.expose(),
        contact: revealed.contact.as_ref().map(|c| c.expose()),
        notes: revealed.notes.as_ref().map(|n| n.expose()),
    })
    .into_response())
}
