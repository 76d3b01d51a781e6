//! The style sheet, the one script, the OpenAPI document and the fallback for unknown addresses.

use attest_app::Code;
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::WebError;

/// `GET /static/app.css`.
pub async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

/// `GET /static/app.js`.
pub async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
        include_str!("../../static/app.js"),
    )
        .into_response()
}

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Json<Value> {
    Json(crate::routes::openapi())
}

/// Fallback: an unknown address.
pub async fn not_found(uri: axum::http::Uri) -> WebError {
    WebError::new(StatusCode::NOT_FOUND, Code::NotFound, format!("no page at {}", uri.path()))
}
