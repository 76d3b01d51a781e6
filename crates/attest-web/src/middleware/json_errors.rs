//! Under `/api`, every error (from a handler, an extractor, the access guard or the CSRF guard)
//! is answered as JSON: `{"error": {"code", "message"}}` with the same status and stable code
//! the page would have shown.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::WebError;

/// Renders errors of `/api` routes as JSON.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    match res.extensions().get::<WebError>() {
        Some(e) if api => {
            // A handler's `Connection: close` (after a password was read) is kept.
            let mut json = e.json_response();
            if let Some(close) = res.headers().get(axum::http::header::CONNECTION) {
                json.headers_mut().insert(axum::http::header::CONNECTION, close.clone());
            }
            json
        }
        _ => res,
    }
}
