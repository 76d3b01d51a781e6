//! The CSRF guard: every request that is not a GET or HEAD must carry the session's CSRF token
//! (the `X-CSRF-Token` header, a `csrf` form field, or for multipart uploads a `csrf` query
//! value), and a request whose `Origin` is another site is refused before anything else. The
//! forms used before there is a session (sign-in, accepting an invitation) carry a double-submit
//! token from the pre-session cookie ([`crate::auth::PRE_COOKIE`]) instead.

use attest_app::Code;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::auth::{PRE_COOKIE, cookies};
use crate::error::WebError;

/// The forms sent before sign-in: checked against the pre-session cookie's token.
pub const PRE_SESSION_FORMS: &[&str] = &["/login", "/login/invitation"];

/// Equality that takes the same time wherever the first difference is (`subtle`).
fn same(a: &str, b: &str) -> bool {
    subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()).into()
}

fn refuse(e: WebError) -> Response {
    // Under `/api` the `json_errors` middleware answers in JSON.
    e.into_response()
}

/// Checks the CSRF token (and the `Origin`) of every request that is not a GET or HEAD.
pub async fn csrf_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let csrf_refused = |why: &str| {
        refuse(WebError::new(
            StatusCode::FORBIDDEN,
            Code::Csrf,
            format!("request refused: {why}; reload the page and try again"),
        ))
    };
    if let (Some(origin), Some(host)) = (req.headers().get(header::ORIGIN), req.headers().get(header::HOST)) {
        let origin = origin.to_str().unwrap_or("");
        let host = host.to_str().unwrap_or("");
        let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
        if origin != "null" && origin_host != host {
            return csrf_refused("it came from another site");
        }
    }
    let path = req.uri().path().to_string();
    // JSON sign-in (and accepting an invitation) cannot be sent across sites without a CORS preflight, which this server never
    // grants; the browser sign-in form uses the pre-session cookie.
    if path == "/api/login" || path == "/api/login/invitation" {
        return next.run(req).await;
    }
    // Every token the request may carry: the pre-session cookie's for the sign-in forms (a browser
    // may send two, one from another server on this host), else the live session's.
    let expected: Vec<String> = if PRE_SESSION_FORMS.contains(&path.as_str()) {
        cookies(req.headers(), PRE_COOKIE).into_iter().filter(|v| !v.is_empty()).map(str::to_string).collect()
    } else {
        match state.sessions.live(req.headers()) {
            Some((_, csrf)) => vec![csrf],
            None => return refuse(WebError::unauthenticated()),
        }
    };
    if expected.is_empty() {
        return csrf_refused("no sign-in form token");
    }
    let matches = |given: &str| expected.iter().any(|e| same(given, e));
    if let Some(h) = req.headers().get("x-csrf-token") {
        return if matches(h.to_str().unwrap_or("")) { next.run(req).await } else { csrf_refused("wrong token") };
    }
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if content_type.starts_with("multipart/form-data") {
        let q = req.uri().query().unwrap_or("");
        let given = q.split('&').find_map(|kv| kv.strip_prefix("csrf=")).unwrap_or("");
        return if matches(given) { next.run(req).await } else { csrf_refused("missing or wrong token") };
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = req.into_parts();
        let bytes = match axum::body::to_bytes(body, state.settings.max_form).await {
            Ok(b) => b,
            Err(_) => {
                return refuse(WebError::new(StatusCode::PAYLOAD_TOO_LARGE, Code::TooLarge, "the form is too large"));
            }
        };
        let ok = form_field(&bytes, "csrf").is_some_and(|t| matches(&t));
        if !ok {
            return csrf_refused("missing or wrong token");
        }
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    }
    csrf_refused("no token")
}

/// One field of a URL-encoded form (parsed as axum's `Form` parses it).
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}
