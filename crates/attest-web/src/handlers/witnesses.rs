//! Witnesses: the witness page, and revealing a sealed identity through the user's own grant
//! (password asked again, confirmation required, wrong passwords throttled, every reveal logged).
//!
//! The reveal form follows Post/Redirect/Get: the POST reveals (and logs) once, keeps the opened
//! fields in memory under a one-time token and redirects to the witness page with that token
//! (`?shown=`), whose GET shows them once and forgets them; reloading shows the sealed page again,
//! without resubmitting the password. Neither the URL nor a cookie carries a revealed value.

use attest_app::input::RevealForm;
use attest_app::witnesses::WitnessPage;
use attest_domain::{CaseId, WitnessId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use attest_store::RevealedWitness;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{Extensions, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::access::Authed;
use crate::error::WebError;
use crate::extract::{Ids, SecretBody, SecretForm};
use crate::views;
use crate::{AppState, db};

async fn page(state: &AppState, user: &Authed, case: CaseId, witness: WitnessId) -> Result<WitnessPage, WebError> {
    let caller = user.caller.clone();
    db(state, "web", move |a| attest_app::witnesses::witness_page(a, &caller, &case, &witness)).await
}

/// How long revealed fields wait for the GET that the reveal's redirect asks for.
const SHOWN_FOR: Duration = Duration::from_secs(60);

/// Revealed fields waiting for the one GET after the reveal's redirect, by one-time token; each
/// is dropped (and so zeroized) when shown or [`SHOWN_FOR`] after the reveal, whichever is first.
#[derive(Default)]
pub struct ShownOnce(Arc<Mutex<HashMap<String, Shown>>>);

/// One reveal's fields (zeroized when dropped), for the session and witness that revealed them.
struct Shown {
    user: String,
    csrf: String,
    witness: WitnessId,
    revealed: RevealedWitness,
    until: Instant,
}

impl ShownOnce {
    /// Keeps a reveal's fields for [`SHOWN_FOR`]; returns their token.
    fn keep(&self, user: &Authed, revealed: RevealedWitness) -> String {
        let token = crate::auth::token();
        let (map, expired) = (self.0.clone(), token.clone());
        tokio::spawn(async move {
            tokio::time::sleep(SHOWN_FOR).await;
            map.lock().unwrap_or_else(PoisonError::into_inner).remove(&expired);
        });
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let shown = Shown {
            user: user.caller.user.user_id.to_string(),
            csrf: user.csrf.clone(),
            witness: revealed.witness_id.clone(),
            revealed,
            until: now + SHOWN_FOR,
        };
        map.insert(token.clone(), shown);
        token
    }

    /// Takes (once) the fields kept under `token` for this session and witness, if not expired.
    fn take(&self, token: &str, user: &Authed, witness: &WitnessId) -> Option<RevealedWitness> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        map.retain(|_, s| s.until > now);
        let mine = map.get(token).is_some_and(|s| {
            s.user == user.caller.user.user_id.as_str() && s.csrf == user.csrf && &s.witness == witness
        });
        if mine { map.remove(token).map(|s| s.revealed) } else { None }
    }
}

/// `?shown=TOKEN` after a reveal's redirect.
#[derive(Deserialize)]
pub struct ShownQuery {
    shown: Option<String>,
}

/// A response that carried a secret: not stored by the browser, and its connection closed so
/// that hyper's buffers for it are freed (and so zeroed by the `attest` binary's allocator) now
/// rather than when the browser lets the keep-alive connection go.
pub(crate) fn forgotten(mut res: Response) -> Response {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

/// `GET /cases/{case}/witnesses/{witness}`; with `?shown=` after a reveal, the revealed fields
/// (once).
pub async fn witness_page(
    State(state): State<AppState>,
    user: Authed,
    Ids((case, witness)): Ids<(CaseId, WitnessId)>,
    Query(q): Query<ShownQuery>,
) -> Result<Response, WebError> {
    let shown = q.shown.as_deref().and_then(|t| state.shown.take(t, &user, &witness));
    let p = page(&state, &user, case.clone(), witness).await?;
    Ok(match shown {
        Some(revealed) => forgotten(views::witnesses::revealed_page(&user, &case, &p, &revealed).into_response()),
        None => views::witnesses::witness_page(&user, &case, &p).into_response(),
    })
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

/// `POST /cases/{case}/witnesses/{witness}/reveal`: reveals, then redirects (303) to the
/// witness page that shows the fields once.
pub async fn reveal_page(
    State(state): State<AppState>,
    ext: Extensions,
    user: Authed,
    Ids(ids): Ids<(CaseId, WitnessId)>,
    SecretForm(r): SecretForm<RevealForm>,
) -> Response {
    let url = format!("/cases/{}/witnesses/{}", ids.0, ids.1);
    forgotten(match reveal(&state, &ext, &user, ids, r).await {
        Ok((_, revealed)) => {
            let token = state.shown.keep(&user, revealed);
            Redirect::to(&format!("{url}?shown={token}")).into_response()
        }
        Err(e) => e.into_response(),
    })
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
    SecretBody(r): SecretBody<RevealForm>,
) -> Response {
    let witness = ids.1.clone();
    // Serialised while the zeroizing values are alive; the response's bytes are freed (and so
    // zeroed by the `attest` binary's allocator) once sent, its connection closed.
    forgotten(match reveal(&state, &ext, &user, ids, r).await {
        Ok((_, revealed)) => Json(Revealed {
            witness_id: witness.as_str(),
            legal_name: revealed.name.expose(),
            contact: revealed.contact.as_ref().map(|c| c.expose()),
            notes: revealed.notes.as_ref().map(|n| n.expose()),
        })
        .into_response(),
        Err(e) => e.into_response(),
    })
}
