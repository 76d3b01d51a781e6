//! The web edge's one error type. A [`WebError`] is a status, a stable code from the one
//! vocabulary shared with the CLI ([`attest_app::Code`]) and a message for people. Pages render it
//! as an HTML page (or, for an ended session, a redirect to sign-in); under `/api` the
//! `json_errors` middleware renders the same error as `{"error": {"code", "message"}}`. Messages
//! come from the application layer, which names the field or record at fault and never carries a
//! sealed value; internal failures are logged and reported without their details.

use attest_app::{AppError, Code};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// An error with its HTTP status and stable code.
#[derive(Debug, Clone)]
pub struct WebError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable, machine-readable code.
    pub code: Code,
    /// What went wrong, for people.
    pub message: String,
}

impl WebError {
    /// A new error.
    pub fn new(status: StatusCode, code: Code, message: impl Into<String>) -> Self {
        WebError { status, code, message: message.into() }
    }
    /// 400 with code `invalid`, naming the field.
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        WebError::new(StatusCode::BAD_REQUEST, Code::Invalid, format!("{field}: {message}"))
    }
    /// 404 with code `not_found`.
    pub fn not_found(kind: &str, id: &str) -> Self {
        WebError::new(StatusCode::NOT_FOUND, Code::NotFound, format!("no {kind} with id {id}"))
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
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        let code = e.code();
        match code {
            Code::Invalid | Code::NotFound | Code::Forbidden | Code::WrongPassword | Code::Unauthenticated => {
                WebError::new(status_of(code), code, e.to_string())
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
            (self.status, crate::views::layout::error_page(&self)).into_response()
        };
        // Kept for the `json_errors` middleware, which answers `/api` routes in JSON.
        res.extensions_mut().insert(self);
        res
    }
}
