//! A random id for every request, made by the server (an `X-Request-Id` sent by the client is
//! dropped, so the log holds nothing the client chose), kept in the request's extensions for the
//! log and returned in the answer's `X-Request-Id`, so a user can quote it and the operator can
//! find the request in the log.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// The request's id (16 hex digits).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

const HEADER: &str = "x-request-id";

fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut b = [0u8; 8];
    // Without operating-system randomness the id is still unique in this process: a counter.
    if getrandom::fill(&mut b).is_err() {
        b = COUNTER.fetch_add(1, Ordering::Relaxed).to_be_bytes();
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Gives the request its id and returns it in the answer.
pub async fn assign(mut req: Request, next: Next) -> Response {
    let id = new_id();
    req.headers_mut().remove(HEADER);
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut res = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HEADER, v);
    }
    res
}
