//! The layers around every route, one file per concern, and [`stack`], which puts them in order.
//!
//! From the outside in: a request id; the request log (`tracing`, one line per answer); the
//! security headers; a panic caught and answered 500 with the stable error; the request timeout;
//! the client address (peer, or the one a trusted proxy forwarded); the body limit of the route;
//! the CSRF guard ([`csrf`]); then the guard of the route's access rule (`crate::access`) and the
//! handler. Errors of `/api` routes are answered as JSON (`json_errors`), those of pages as a page
//! in the user's language (`crate::error::pages`). `Router::layer` wraps each
//! route, so the layers see the route template (`MatchedPath`).

pub mod body_limit;
pub mod catch_panic;
pub mod client_addr;
pub mod csrf;
pub mod json_errors;
pub mod request_id;
pub mod security_headers;
pub mod timeout;
pub mod trace;

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::error::WebError;

/// `routes` with every layer of the server, in order, and the state.
pub fn stack(routes: Router<AppState>, state: &AppState) -> Router {
    routes
        .layer(from_fn_with_state(state.clone(), csrf::csrf_guard))
        .layer(from_fn_with_state(state.clone(), body_limit::limit))
        .layer(from_fn_with_state(state.clone(), client_addr::find))
        .layer(from_fn_with_state(state.clone(), timeout::limit))
        .layer(catch_panic::layer())
        .layer(from_fn(catch_panic::answer))
        .layer(from_fn(json_errors::json_errors))
        .layer(from_fn_with_state(state.clone(), crate::error::pages))
        .layer(from_fn(security_headers::add))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(trace::span::<axum::body::Body>)
                .on_request(())
                .on_response(trace::answered::<axum::body::Body>)
                .on_body_chunk(())
                .on_eos(())
                .on_failure(()),
        )
        .layer(from_fn(request_id::assign))
        .with_state(state.clone())
}

/// An error as a page; under `/api` the `json_errors` layer answers it as JSON.
pub(crate) fn refusal(_api: bool, e: WebError) -> Response {
    e.into_response()
}

/// Whether a path answers in JSON.
pub(crate) fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}
