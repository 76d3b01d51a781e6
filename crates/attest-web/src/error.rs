//! The web edge's one error type. A [`WebError`] is a status, a stable code from the one
//! vocabulary shared with the CLI ([`attest_app::Code`]) and a message for people. Pages render it
//! as an HTML page (or, for an ended session, a redirect to sign-in); under `/api` the
//! `json_errors` middleware renders the same error as `{"error": {"code", "message"}}`. Messages
//! come from the application layer, which names the field or record at fault and never carries a
//! sealed value; internal failures are logged and reported without their details. The [`pages`]
//! layer draws an error page in the user's language, with their navigation and a link back to
//! the page they came from.

use attest_app::{AppError, Code, Problem};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::access::Authed;
use crate::i18n::Lang;

/// An error with its HTTP status and stable code.
#[derive(Debug, Clone)]
pub struct WebError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable, machine-readable code.
    pub code: Code,
    /// What went wrong, for people (English).
    pub message: String,
    /// The field at fault, when the application named one.
    pub field: Option<String>,
    /// The kind of problem, which pages explain in the user's language (`views::errors`).
    pub problem: Problem,
}

impl WebError {
    /// A new error.
    pub fn new(status: StatusCode, code: Code, message: impl Into<String>) -> Self {
        WebError { status, code, message: message.into(), field: None, problem: Problem::Other }
    }
    /// 400 with code `invalid`, naming the field.
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        WebError {
            field: Some(field.to_string()),
            ..WebError::new(StatusCode::BAD_REQUEST, Code::Invalid, format!("{field}: {message}"))
        }
    }
    /// 404 with code `not_found`.
    pub fn not_found(kind: &str, id: &str) -> Self {
        WebError {
            problem: Problem::NotFound { kind: kind.to_string() },
            ..WebError::new(StatusCode::NOT_FOUND, Code::NotFound, format!("no {kind} with id {id}"))
        }
    }
    /// 401 with code `unauthenticated`.
    pub fn unauthenticated() -> Self {
        AppError::Unauthenticated.into()
    }
    /// 500, details kept out of the response.
    pub fn internal(what: impl std::fmt::Display) -> Self {
        // The detail goes to the operator's log, inside the request's span (its id is in the
        // answer's `X-Request-Id`); store errors never carry sealed values.
        tracing::error!("internal error: {what}");
        WebError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Code::Internal,
            "something went wrong on the server; nothing was changed",
        )
    }
    /// The JSON rendering, for `/api` routes.
    pub fn json_response(&self) -> Response {
        let body = serde_json::json!({ "error": { "code": self.code.as_str(), "message": self.message } });
        (self.status, axum::Json(body)).into_response()
    }
}

/// The HTTP status of each code.
fn status_of(code: Code) -> StatusCode {
    match code {
        Code::Invalid | Code::MalformedJson | Code::MalformedForm => StatusCode::BAD_REQUEST,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::Forbidden | Code::WrongPassword | Code::Csrf => StatusCode::FORBIDDEN,
        Code::Unauthenticated | Code::BadLogin => StatusCode::UNAUTHORIZED,
        Code::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        Code::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Code::Busy | Code::Timeout => StatusCode::SERVICE_UNAVAILABLE,
        Code::TooSlow => StatusCode::REQUEST_TIMEOUT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        let code = e.code();
        match code {
            Code::Invalid | Code::NotFound | Code::Forbidden | Code::WrongPassword | Code::Unauthenticated => {
                WebError {
                    field: e.field().map(str::to_string),
                    problem: e.problem(),
                    ..WebError::new(status_of(code), code, e.to_string())
                }
            }
            // The server's own archive: a key or database problem is the operator's, not the user's.
            _ => WebError::internal(e),
        }
    }
}

impl From<attest_store::StoreError> for WebError {
    fn from(e: attest_store::StoreError) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut res = if self.code == Code::Unauthenticated {
            Redirect::to("/login?expired=1").into_response()
        } else {
            // Redrawn by [`pages`] with the request's language, user and page; this plain
            // English page is only what a response outside that layer would show.
            (self.status, crate::views::layout::error_page(Lang::En, None, &self, "/", "/login")).into_response()
        };
        // Kept for the `json_errors` middleware, which answers `/api` routes in JSON.
        res.extensions_mut().insert(self);
        res
    }
}

/// Redraws the error page of a page route (not `/api`, whose errors `json_errors` answers in
/// JSON) in the user's language, with the navigation of the signed-in user (when the session is
/// live) and the way back to the page they came from.
pub async fn pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if crate::middleware::is_api(req.uri().path()) {
        return next.run(req).await;
    }
    let headers = req.headers().clone();
    let method = req.method().clone();
    let target = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    let res = next.run(req).await;
    let Some(e) = res.extensions().get::<WebError>().cloned() else { return res };
    if e.code == Code::Unauthenticated {
        return res;
    }
    let lang = Lang::of(&headers);
    // A busy server is not asked for the user again: the page goes without navigation.
    let live = if matches!(e.code, Code::Busy | Code::Timeout) { None } else { state.sessions.live(&headers) };
    let user = match live {
        Some((user_id, csrf)) => crate::db(&state, "web", move |a| attest_app::Caller::load(a, &user_id))
            .await
            .ok()
            .map(|caller| Authed { caller, csrf, lang, here: crate::back::page_of(&method, &target) }),
        None => None,
    };
    let back = crate::back::fallback_of(&method, &target);
    let here = crate::back::page_of(&method, &target);
    let mut out = (e.status, crate::views::layout::error_page(lang, user.as_ref(), &e, &back, &here)).into_response();
    for (name, value) in res.headers() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out.extensions_mut().insert(e);
    out
}
