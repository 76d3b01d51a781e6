//! A handler that panics is answered 500 with the stable error (`internal`, as a page or as JSON
//! under `/api`) instead of a dropped connection, and the server goes on. `tower-http`'s
//! `CatchPanic` catches it and marks the answer; [`answer`], outside it, knows the path and
//! writes the error. The panic's message is not logged or shown: it may quote data. A borrowed
//! connection goes back to its pool as the panicking task unwinds ([`crate::pool`]).

use std::any::Any;

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use tower_http::catch_panic::CatchPanicLayer;

use super::{is_api, refusal};
use crate::error::WebError;

#[derive(Debug, Clone, Copy)]
struct Panicked;

fn mark(_payload: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res.extensions_mut().insert(Panicked);
    res
}

/// What `CatchPanic` calls with a panic's payload.
type Marker = fn(Box<dyn Any + Send + 'static>) -> Response<Body>;

/// The layer that catches a panic in the layers and handler inside it.
pub fn layer() -> CatchPanicLayer<Marker> {
    CatchPanicLayer::custom(mark as Marker)
}

/// Turns a caught panic into the stable error for the request's path.
pub async fn answer(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let res = next.run(req).await;
    if res.extensions().get::<Panicked>().is_some() {
        return refusal(api, WebError::internal("a request handler panicked"));
    }
    res
}
