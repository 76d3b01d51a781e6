//! A request not answered within [`crate::Settings::request_timeout`] is answered 503 with the
//! stable code `timeout`, so a slow client or a stuck task cannot hold a connection forever. Work
//! already handed to a blocking task finishes on its own (a write is one transaction: all or
//! nothing), so the answer says the request may have been carried out.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use super::{is_api, refusal};
use crate::AppState;
use crate::error::WebError;

/// Answers 503 (`timeout`) when the inner layers take longer than the limit.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    match tokio::time::timeout(state.settings.request_timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("request timed out");
            refusal(
                api,
                WebError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "timeout",
                    "the server took too long to answer; reload to see whether the request was carried out",
                ),
            )
        }
    }
}
