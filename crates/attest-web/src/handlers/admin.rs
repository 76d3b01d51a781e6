//! The administrator's page and its forms: invite a user (the page shows the one-time code once),
//! reset a user (a confirmation first; a new invitation), add a membership. Grants are made at the
//! command line: the server holds no key to give. No form here sets a password.

use attest_app::account::{InviteForm, Invited, ResetForm};
use attest_app::admin::AdminPage;
use attest_app::input::NewMemberForm;
use attest_domain::UserId;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Serialize;

use super::witnesses::forgotten;
use crate::access::Authed;
use crate::error::WebError;
use crate::extract::{Body, FormData};
use crate::views;
use crate::{AppState, db};

async fn listing(state: &AppState) -> Result<AdminPage, WebError> {
    db(state, "web", attest_app::admin::admin_page).await
}

/// `GET /admin`.
pub async fn admin_page(State(state): State<AppState>, user: Authed) -> Result<Markup, WebError> {
    Ok(views::admin::admin_page(&user, &listing(&state).await?))
}

/// `GET /api/admin`.
pub async fn api_admin(State(state): State<AppState>) -> Result<Json<AdminPage>, WebError> {
    Ok(Json(listing(&state).await?))
}

/// `POST /admin/users`: creates the account as an invitation and shows its code, once.
pub async fn add_user(
    State(state): State<AppState>,
    user: Authed,
    FormData(f): FormData<InviteForm>,
) -> Result<Response, WebError> {
    let input = f.parse()?;
    let inv = db(&state, user.caller.user.user_id.as_str(), move |a| attest_app::account::invite(a, &input)).await?;
    // The page carries the one-time code: not cached, connection closed (see `forgotten`).
    Ok(forgotten(views::admin::invited_page(&user, &inv, false).into_response()))
}

fn user_id(id: &str) -> Result<UserId, WebError> {
    UserId::parse(id).map_err(|_| WebError::not_found("user", id))
}

/// `GET /admin/users/{user}/reset`: what a reset deletes, and the box to tick.
pub async fn reset_form(
    State(state): State<AppState>,
    user: Authed,
    Path(id): Path<String>,
) -> Result<Markup, WebError> {
    let id = user_id(&id)?;
    let target = db(&state, "web", move |a| attest_app::admin::user(a, &id)).await?;
    Ok(views::admin::reset_page(&user, &target))
}

/// `POST /admin/users/{user}/reset`: a new invitation; the old keys and grants are deleted
/// (logged as `user.reset`) and the account's sessions end. Shows the new code, once.
pub async fn reset(
    State(state): State<AppState>,
    user: Authed,
    Path(id): Path<String>,
    FormData(f): FormData<ResetForm>,
) -> Result<Response, WebError> {
    let inv = reset_account(&state, &user, &id, f).await?;
    Ok(forgotten(views::admin::invited_page(&user, &inv, true).into_response()))
}

/// The reset behind the page and the API: a new invitation for `id`; the account's sessions
/// end with its keys.
async fn reset_account(state: &AppState, user: &Authed, id: &str, f: ResetForm) -> Result<Invited, WebError> {
    let id = user_id(id)?;
    let hours = f.parse()?;
    let target = id.clone();
    let inv = db(state, user.caller.user.user_id.as_str(), move |a| attest_app::account::reset(a, &id, hours)).await?;
    state.sessions.end_user(target.as_str(), None);
    Ok(inv)
}

/// `POST /admin/members`.
pub async fn add_member(
    State(state): State<AppState>,
    user: Authed,
    FormData(f): FormData<NewMemberForm>,
) -> Result<Response, WebError> {
    let (u, c) = f.parse()?;
    db(&state, user.caller.user.user_id.as_str(), move |a| attest_app::admin::add_member(a, &u, &c)).await?;
    Ok(Redirect::to("/admin").into_response())
}

/// A new invitation, in JSON: the code is in this one answer and nowhere else.
#[derive(Serialize, utoipa::ToSchema)]
pub struct InvitationIssued<'a> {
    /// The account.
    pub user_id: &'a str,
    /// Its sign-in name.
    pub name: &'a str,
    /// The one-time code, to hand over in person.
    pub code: &'a str,
    /// When the code stops working, RFC 3339 UTC.
    pub expires_at: &'a str,
}

fn issued(inv: &Invited, status: StatusCode) -> Response {
    // Serialised while the zeroizing code is alive; no copy of it outlives the response.
    let body = InvitationIssued {
        user_id: inv.user_id.as_str(),
        name: &inv.name,
        code: inv.code.expose(),
        expires_at: &inv.expires_at,
    };
    forgotten((status, Json(body)).into_response())
}

/// `POST /api/admin/users`.
pub async fn api_invite(
    State(state): State<AppState>,
    user: Authed,
    Body(f): Body<InviteForm>,
) -> Result<Response, WebError> {
    let input = f.parse()?;
    let inv = db(&state, user.caller.user.user_id.as_str(), move |a| attest_app::account::invite(a, &input)).await?;
    Ok(issued(&inv, StatusCode::CREATED))
}

/// `POST /api/admin/users/{user}/reset`.
pub async fn api_reset(
    State(state): State<AppState>,
    user: Authed,
    Path(id): Path<String>,
    Body(f): Body<ResetForm>,
) -> Result<Response, WebError> {
    let inv = reset_account(&state, &user, &id, f).await?;
    Ok(issued(&inv, StatusCode::OK))
}
