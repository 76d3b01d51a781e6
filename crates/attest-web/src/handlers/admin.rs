//! The administrator's page and its two forms (add a user, add a membership). Grants are made
//! at the command line: the server holds no key to give.

use attest_app::admin::AdminPage;
use attest_app::input::{NewMemberForm, NewUserForm};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;

use crate::access::Authed;
use crate::error::WebError;
use crate::extract::FormData;
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

/// `POST /admin/users`.
pub async fn add_user(
    State(state): State<AppState>,
    user: Authed,
    FormData(f): FormData<NewUserForm>,
) -> Result<Response, WebError> {
    let input = f.parse()?;
    db(&state, user.caller.user.user_id.as_str(), move |a| attest_app::admin::add_user(a, &input)).await?;
    Ok(Redirect::to("/admin").into_response())
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
