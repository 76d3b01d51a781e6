//! Cases: the user's cases, a case's overview (cached by log head), its people and places.

use attest_app::cases::{Names, Overview};
use attest_domain::{CaseId, Role};
use attest_store::CaseRecord;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Serialize;

use crate::access::Authed;
use crate::error::WebError;
use crate::extract::Ids;
use crate::views;
use crate::{AppState, db};

async fn my_cases(state: &AppState, user: &Authed) -> Result<Vec<CaseRecord>, WebError> {
    let caller = user.caller.clone();
    db(state, "web", move |a| attest_app::cases::cases_of(a, &caller)).await
}

/// `GET /`: the user's cases.
pub async fn cases_page(State(state): State<AppState>, user: Authed) -> Result<Markup, WebError> {
    let cases = my_cases(&state, &user).await?;
    Ok(views::cases::cases_page(&user, &cases))
}

/// Who is asking, in the JSON list of cases.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    /// User id.
    pub user_id: String,
    /// Sign-in name.
    pub name: String,
    /// Role.
    #[schema(value_type = String)]
    pub role: Role,
}

/// `GET /api/cases`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MyCases {
    /// The user.
    pub user: Me,
    /// Their cases.
    pub cases: Vec<CaseRecord>,
}

/// `GET /api/cases`.
pub async fn api_cases(State(state): State<AppState>, user: Authed) -> Result<Json<MyCases>, WebError> {
    let cases = my_cases(&state, &user).await?;
    let u = &user.caller.user;
    Ok(Json(MyCases {
        user: Me { user_id: u.user_id.to_string(), name: u.name.clone(), role: user.caller.role },
        cases,
    }))
}

/// `GET /cases/{case}`: the overview.
pub async fn overview_page(
    State(state): State<AppState>,
    user: Authed,
    Ids(case): Ids<CaseId>,
) -> Result<Markup, WebError> {
    let o = crate::overview(&state, &case).await?;
    Ok(views::cases::overview_page(&user, &case, &o))
}

/// `GET /api/cases/{case}`.
pub async fn api_overview(State(state): State<AppState>, Ids(case): Ids<CaseId>) -> Result<Response, WebError> {
    let o: std::sync::Arc<Overview> = crate::overview(&state, &case).await?;
    Ok(Json(&*o).into_response())
}

async fn names(state: &AppState, case: CaseId) -> Result<Names, WebError> {
    db(state, "web", move |a| attest_app::cases::names(a, &case)).await
}

/// `GET /cases/{case}/names`.
pub async fn names_page(
    State(state): State<AppState>,
    user: Authed,
    Ids(case): Ids<CaseId>,
) -> Result<Markup, WebError> {
    let n = names(&state, case.clone()).await?;
    Ok(views::cases::names_page(&user, &case, &n))
}

/// `GET /api/cases/{case}/names`.
pub async fn api_names(State(state): State<AppState>, Ids(case): Ids<CaseId>) -> Result<Json<Names>, WebError> {
    Ok(Json(names(&state, case).await?))
}
