//! The request log, through `tracing` and `tower-http`'s trace layer: one line per answer with the
//! request id, the method, the route *template* (`/cases/{case}/witnesses/{witness}`, never the
//! path with its ids, never a query string), the status and the latency. No header, form value
//! or body is ever recorded, so a search query or a password cannot reach the log.
//! [`init_logging`] sends it to standard error for `attest serve`.

use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{Request, Response};
use tracing::Span;

use super::request_id::RequestId;

/// The span of one request: id, method and route template ("-" when no route matched).
pub fn span<B>(req: &Request<B>) -> Span {
    let id = req.extensions().get::<RequestId>().map_or("-", |r| r.0.as_str());
    let route = req.extensions().get::<MatchedPath>().map_or("-", |p| p.as_str());
    tracing::info_span!("request", id = %id, method = %req.method(), route = %route)
}

/// Logs the answer's status and latency inside the request's span.
pub fn answered<B>(res: &Response<B>, latency: Duration, _span: &Span) {
    let status = res.status().as_u16();
    let latency_ms = latency.as_micros() as f64 / 1000.0;
    if res.status().is_server_error() {
        tracing::error!(status, latency_ms, "answered");
    } else {
        tracing::info!(status, latency_ms, "answered");
    }
}

/// Logs to standard error (level from `ATTEST_LOG`: error, warn, info, debug or trace; info by
/// default), and replaces the panic message printer with one that gives the place only: a
/// panic's message can quote the data it failed on.
pub fn init_logging() {
    let level = std::env::var("ATTEST_LOG")
        .ok()
        .and_then(|v| v.parse::<tracing_subscriber::filter::LevelFilter>().ok())
        .unwrap_or(tracing_subscriber::filter::LevelFilter::INFO);
    // Already set (a second server in one process): keep the first.
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_max_level(level).try_init();
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
        tracing::error!(at, "panic (message withheld: it may quote data)");
    }));
}
