//! Each route reads at most its own body size: the testimony upload (multipart, with a file) up
//! to [`crate::Settings::max_upload`], every other route (URL-encoded forms and JSON) up to
//! [`crate::Settings::max_form`] (256 KiB by default). A declared length over the limit is
//! refused before anything is read; a body that grows past it stops being read there (413,
//! `too_large`): the route's limit is axum's `DefaultBodyLimit`, set here per request, which every
//! extractor (JSON, form, multipart) honours.

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_layer::Layer;
use tower_service::Service;

use super::{is_api, refusal};
use crate::AppState;
use crate::error::WebError;

/// Routes whose bodies may be as large as an upload.
pub const UPLOAD_ROUTES: &[&str] = &["/cases/{case}/testimonies", "/link", "/estimate", "/api/link"];

/// Limits the request body to the route's size.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let upload = req.extensions().get::<MatchedPath>().is_some_and(|p| UPLOAD_ROUTES.contains(&p.as_str()));
    let max = if upload { state.settings.max_upload } else { state.settings.max_form };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        let what = if upload { "the upload" } else { "the request body" };
        return refusal(
            is_api(req.uri().path()),
            WebError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                attest_app::Code::TooLarge,
                format!("{what} is larger than {} KiB", max >> 10),
            ),
        );
    }
    let mut limited = DefaultBodyLimit::max(max).layer(next);
    match std::future::poll_fn(|cx| limited.poll_ready(cx)).await {
        Ok(()) => match limited.call(req).await {
            Ok(res) => res,
            Err(never) => match never {},
        },
        Err(never) => match never {},
    }
}
