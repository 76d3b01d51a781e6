//! Errors as users see them: a page with a clear message, or (under `/api`) a JSON body with a
//! stable `code`. Messages come from the store, which names the field or record at fault and never
//! carries a sealed value; database and internal failures are reported without their details.

use attest_store::StoreError;
use attest_vault::VaultError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error with its HTTP status and stable code.
#[derive(Debug)]
pub struct WebError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable, machine-readable code (`not_found`, `forbidden`, `csrf`, ...).
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
}

impl WebError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        WebError { status, code, message: message.into() }
    }
    /// 400 with code `invalid`, naming the field.
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        WebError::new(StatusCode::BAD_REQUEST, "invalid", format!("{field}: {message}"))
    }
    /// 403 with code `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        WebError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    /// 404 with code `not_found`.
    pub fn not_found(kind: &str, id: &str) -> Self {
        WebError::new(StatusCode::NOT_FOUND, "not_found", format!("no {kind} with id {id}"))
    }
    /// 401 with code `unauthenticated`.
    pub fn unauthenticated() -> Self {
        WebError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "not signed in, or the session has expired; sign in again",
        )
    }
    /// 500, details kept out of the response.
    pub fn internal(what: impl std::fmt::Display) -> Self {
        // The detail goes to the operator's log, inside the request's span (its id is in the
        // answer's `X-Request-Id`); store errors never carry sealed values.
        tracing::error!("internal error: {what}");
        WebError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on the server; nothing was changed",
        )
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { kind, id } => WebError::not_found(kind, &id),
            StoreError::Invalid { .. } => WebError::new(StatusCode::BAD_REQUEST, "invalid", e.to_string()),
            StoreError::Forbidden { .. } => WebError::forbidden(e.to_string()),
            StoreError::Vault(VaultError::WrongPassphrase) => WebError::new(
                StatusCode::FORBIDDEN,
                "wrong_password",
                "the password is not right; nothing was revealed",
            ),
            other => WebError::internal(other),
        }
    }
}

/// The JSON rendering of a [`WebError`], for `/api` routes.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        (e.status, axum::Json(json!({ "error": { "code": e.code, "message": e.message } }))).into_response()
    }
}
