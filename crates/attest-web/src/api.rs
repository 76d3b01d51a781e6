//! The JSON API: the same actions as the pages, through the same functions, with errors as
//! `{"error": {"code", "message"}}`. Sign in with `POST /api/login`, then send the session cookie
//! and, on every POST, the returned token in `X-CSRF-Token`.

use axum::Json;
use axum::extract::{FromRequest, Path, Query, State};
use axum::http::{Extensions, HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{self, ApiAuthed, SESSION_COOKIE};
use crate::error::{ApiError, WebError};
use crate::pages::{self, ClaimInput, RevealInput, SearchQuery, TestimonyInput};
use crate::{AppState, ROUTES, db, views};

/// A JSON body whose rejection is a JSON error with code `malformed_json` (or `too_large`).
pub struct Body<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(j) => Ok(Body(j.0)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "the request body is too large").into())
            }
            Err(e) => Err(WebError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                format!("the JSON body could not be read: {}", e.body_text()),
            )
            .into()),
        }
    }
}

type ApiResult = Result<Response, ApiError>;

fn ok(v: impl serde::Serialize) -> ApiResult {
    Ok(Json(v).into_response())
}

/// Sign-in credentials.
#[derive(Deserialize)]
pub struct Login {
    name: String,
    password: String,
    /// TOTP code, for users with the second factor.
    #[serde(default)]
    code: Option<String>,
}

/// `POST /api/login`.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    Body(l): Body<Login>,
) -> ApiResult {
    state.sessions.end_all(&headers);
    let (id, csrf) = pages::sign_in(&state, &ext, &l.name, l.password, l.code).await?;
    let mut res = Json(json!({ "csrf_token": csrf })).into_response();
    if let Ok(v) = auth::set_cookie(SESSION_COOKIE, &id, None, state.settings.secure_cookies).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

/// `POST /api/logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    state.sessions.end_all(&headers);
    ok(json!({ "signed_out": true }))
}

/// `GET /api/cases`.
pub async fn cases(State(state): State<AppState>, ApiAuthed(user): ApiAuthed) -> ApiResult {
    let mine = user.user.cases.clone();
    let cases = db(&state, "web", move |a| {
        a.list_cases().map(|all| all.into_iter().filter(|c| mine.contains(&c.case_id)).collect::<Vec<_>>())
    })
    .await?;
    ok(
        json!({ "user": { "user_id": user.user.user_id, "name": user.user.name, "role": user.user.role }, "cases": cases }),
    )
}

fn member(user: &auth::Authed, case: &str) -> Result<(), ApiError> {
    attest_domain::CaseId::parse(case).map_err(|_| WebError::not_found("case", case))?;
    Ok(user.need_member(case)?)
}

/// `GET /api/cases/{case}`.
pub async fn case(State(state): State<AppState>, ApiAuthed(user): ApiAuthed, Path(case): Path<String>) -> ApiResult {
    member(&user, &case)?;
    let o = crate::overview(&state, &case).await?;
    ok(&*o)
}

/// `GET /api/cases/{case}/names`.
pub async fn names(State(state): State<AppState>, ApiAuthed(user): ApiAuthed, Path(case): Path<String>) -> ApiResult {
    member(&user, &case)?;
    ok(db(&state, "web", move |a| views::names(a, &case)).await?)
}

/// `POST /api/cases/{case}/testimonies`.
pub async fn add_testimony(
    State(state): State<AppState>,
    ApiAuthed(user): ApiAuthed,
    Path(case): Path<String>,
    Body(t): Body<TestimonyInput>,
) -> ApiResult {
    let id = pages::store_testimony(&state, &user, &case, t, None).await?;
    Ok((StatusCode::CREATED, Json(json!({ "source_id": id }))).into_response())
}

/// `GET /api/cases/{case}/sources/{source}`.
pub async fn source(
    State(state): State<AppState>,
    ApiAuthed(user): ApiAuthed,
    Path((case, source)): Path<(String, String)>,
) -> ApiResult {
    member(&user, &case)?;
    attest_domain::SourceId::parse(&source).map_err(|_| WebError::not_found("source", &source))?;
    ok(db(&state, "web", move |a| views::reader(a, &case, &source)).await?)
}

/// `POST /api/cases/{case}/sources/{source}/claims`.
pub async fn add_claim(
    State(state): State<AppState>,
    ApiAuthed(user): ApiAuthed,
    Path((case, source)): Path<(String, String)>,
    Body(c): Body<ClaimInput>,
) -> ApiResult {
    let id = pages::store_claim(&state, &user, &case, &source, c).await?;
    Ok((StatusCode::CREATED, Json(json!({ "claim_id": id }))).into_response())
}

/// `POST /api/cases/{case}/sources/{source}/originals/{n}`: the file's bytes.
pub async fn open_original(
    State(state): State<AppState>,
    ApiAuthed(user): ApiAuthed,
    Path((case, source, n)): Path<(String, String, String)>,
    Body(p): Body<pages::PasswordInput>,
) -> ApiResult {
    Ok(pages::fetch_original(&state, &user, &case, &source, &n, p.password).await?)
}

/// `GET /api/cases/{case}/witnesses/{witness}`.
pub async fn witness(
    State(state): State<AppState>,
    ApiAuthed(user): ApiAuthed,
    Path((case, witness)): Path<(String, String)>,
) -> ApiResult {
    ok(pages::witness_page(&state, &user, &case, &witness).await?)
}

/// `POST /api/cases/{case}/witnesses/{witness}/reveal`.
pub async fn reveal(
    State(state): State<AppState>,
    ApiAuthed(user): ApiAuthed,
    Path((case, witness)): Path<(String, String)>,
    Body(r): Body<RevealInput>,
) -> ApiResult {
    let (_, revealed) = pages::do_reveal(&state, &user, &case, &witness, r).await?;
    ok(json!({
        "witness_id": witness,
        "legal_name": revealed.name.expose(),
        "contact": revealed.contact.as_ref().map(|c| c.expose()),
        "notes": revealed.notes.as_ref().map(|n| n.expose()),
    }))
}

/// `GET /api/search?q=...[&case=...]`.
pub async fn search(
    State(state): State<AppState>,
    ApiAuthed(user): ApiAuthed,
    Query(q): Query<SearchQuery>,
) -> ApiResult {
    ok(pages::run_search(&state, &user, q).await?)
}

/// `GET /api/admin`.
pub async fn admin(State(state): State<AppState>, ApiAuthed(user): ApiAuthed) -> ApiResult {
    user.need_admin()?;
    ok(db(&state, "web", views::admin).await?)
}

/// The OpenAPI 3.1 document for the `/api` routes, built from [`ROUTES`].
pub fn openapi() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, who, summary) in ROUTES.iter().filter(|r| r.1.starts_with("/api/")) {
        let params: Vec<Value> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
            .collect();
        let mut op = json!({
            "summary": summary,
            "description": format!("Who: {who}."),
            "parameters": params,
            "responses": {
                "200": { "description": "OK", "content": { "application/json": {} } },
                "4XX": { "description": "Error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
        });
        if *method == "POST" {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": {} } });
            if let Some(p) = op["parameters"].as_array_mut().filter(|_| *path != "/api/login") {
                p.push(
                    json!({ "name": "X-CSRF-Token", "in": "header", "required": true, "schema": { "type": "string" } }),
                );
            }
        }
        if let Some(p) = op["parameters"].as_array_mut().filter(|_| *path == "/api/search") {
            p.push(json!({ "name": "q", "in": "query", "required": true, "schema": { "type": "string" } }));
            p.push(json!({ "name": "case", "in": "query", "required": false, "schema": { "type": "string" } }));
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "attest workspace API", "version": env!("CARGO_PKG_VERSION") },
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": SESSION_COOKIE } },
            "schemas": { "Error": { "type": "object", "properties": { "error": { "type": "object", "properties": {
                "code": { "type": "string" }, "message": { "type": "string" } } } } } }
        },
        "security": [{ "session": [] }],
        "paths": paths,
    })
}

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Json<Value> {
    Json(openapi())
}
