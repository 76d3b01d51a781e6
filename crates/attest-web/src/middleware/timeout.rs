//! A request not answered within its route's limit ([`crate::Settings::request_limit`]: the
//! list uploads' own, [`crate::Settings::list_request_timeout`], for [`crate::LIST_UPLOAD_ROUTES`],
//! [`crate::Settings::request_timeout`] for every other route) is answered 503 with the
//! stable code `timeout`, so a slow client or a stuck task cannot hold a connection forever. Work
//! already handed to a blocking task finishes on its own (a write is one transaction: all or
//! nothing), so the answer says the request may have been carried out, in the page's language
//! (`error_timeout`: the message is its English, so a Korean page shows no English beneath).

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use super::{is_api, refusal};
use crate::AppState;
use crate::error::WebError;

/// Answers 503 (`timeout`) when the inner layers take longer than the limit.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
    let limit = state.settings.request_limit(req.method().as_str(), route.as_deref());
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("request timed out");
            refusal(
                api,
                WebError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    attest_app::Code::Timeout,
                    crate::i18n::Lang::En.t("error_timeout"),
                ),
            )
        }
    }
}
