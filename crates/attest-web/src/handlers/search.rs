//! Search over the user's cases.

use attest_app::input::SearchForm;
use attest_app::search::SearchPage;
use axum::Json;
use axum::extract::{Query, State};
use maud::Markup;

use crate::access::Authed;
use crate::error::WebError;
use crate::views;
use crate::{AppState, db};

async fn run(state: &AppState, user: &Authed, q: SearchForm) -> Result<SearchPage, WebError> {
    let q = q.parse()?;
    let caller = user.caller.clone();
    db(state, "web", move |a| attest_app::search::search_as(a, &caller, q)).await
}

/// `GET /search`.
pub async fn search_page(
    State(state): State<AppState>,
    user: Authed,
    Query(q): Query<SearchForm>,
) -> Result<Markup, WebError> {
    let r = run(&state, &user, q).await?;
    Ok(views::search::search_page(&user, &r))
}

/// `GET /api/search?q=...[&case=...]`.
pub async fn api_search(
    State(state): State<AppState>,
    user: Authed,
    Query(q): Query<SearchForm>,
) -> Result<Json<SearchPage>, WebError> {
    Ok(Json(run(&state, &user, q).await?))
}
