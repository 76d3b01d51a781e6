//! Sessions, sign-in throttling and CSRF.
//!
//! - A session id is 32 random bytes sent in an `HttpOnly; SameSite=Strict` cookie; the server
//!   keeps only its SHA-256, so a memory dump of the session table cannot be replayed. Signing in
//!   always makes a new id (a cookie planted before sign-in is never promoted: no fixation).
//!   Sessions end after an idle time and a maximum age, and hold no key material: revealing an
//!   identity asks for the password again.
//! - Every request that changes something must carry the session's CSRF token: the
//!   `X-CSRF-Token` header, a `csrf` form field, or (multipart uploads) a `csrf` query value. The
//!   sign-in form uses a double-submit token from a pre-session cookie. A request whose `Origin`
//!   is another site is refused before anything else.
//! - Sign-ins are counted per user name and per client address before the password is hashed,
//!   one at a time per name ([`crate::throttle`]); past the limit the answer is 429 until the
//!   window passes, whether or not the name exists. The client address is the peer's, or the
//!   one a trusted proxy names ([`crate::middleware::client_addr`]).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use attest_app::Code;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::WebError;
use crate::throttle::{Throttle, ThrottleLimits};

/// Session cookie name.
pub const SESSION_COOKIE: &str = "attest_session";
/// Pre-session cookie for the sign-in form's CSRF token.
pub const PRE_COOKIE: &str = "attest_pre";

/// One signed-in session (no keys, no password).
#[derive(Clone)]
struct Session {
    user_id: String,
    csrf: String,
    created: Instant,
    seen: Instant,
}

/// Session lifetimes and sign-in limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, used or not.
    pub max_age: Duration,
    /// Failed sign-ins allowed per name and per address within `window`.
    pub attempts: usize,
    /// The counting window.
    pub window: Duration,
    /// Most names, users and addresses whose attempts are tracked at once.
    pub max_tracked: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle: Duration::from_secs(30 * 60),
            max_age: Duration::from_secs(12 * 3600),
            attempts: 5,
            window: Duration::from_secs(15 * 60),
            max_tracked: 50_000,
        }
    }
}

/// The session table and the attempt counters.
pub struct Sessions {
    limits: Limits,
    by_hash: Mutex<HashMap<[u8; 32], Session>>,
    /// Password attempts (sign-in, reveal), reserved before the hash.
    pub throttle: Throttle,
    totp_steps: Mutex<HashMap<String, u64>>,
}

/// 32 random bytes as hex.
pub fn token() -> String {
    let mut b = [0u8; 32];
    // The operating system's generator; if it fails there is no safe session to make.
    getrandom::fill(&mut b).unwrap_or_else(|e| panic!("no operating-system randomness: {e}"));
    attest_vault::hex(&b)
}

fn hash(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

/// Equality that takes the same time wherever the first difference is (`subtle`).
fn same(a: &str, b: &str) -> bool {
    subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()).into()
}

impl Sessions {
    /// An empty table.
    pub fn new(limits: Limits) -> Self {
        Sessions {
            limits,
            by_hash: Mutex::new(HashMap::new()),
            throttle: Throttle::new(ThrottleLimits {
                attempts: limits.attempts,
                window: limits.window,
                max_tracked: limits.max_tracked,
            }),
            totp_steps: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a session; returns its id (for the cookie) and CSRF token.
    pub fn start(&self, user_id: &str) -> (String, String) {
        let (id, csrf) = (token(), token());
        let now = Instant::now();
        let mut map = self.by_hash.lock().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, s| !self.expired(s, now));
        map.insert(hash(&id), Session { user_id: user_id.to_string(), csrf: csrf.clone(), created: now, seen: now });
        (id, csrf)
    }

    fn expired(&self, s: &Session, now: Instant) -> bool {
        now.duration_since(s.seen) > self.limits.idle || now.duration_since(s.created) > self.limits.max_age
    }

    /// The user and CSRF token of a live session (and marks it used).
    pub fn find(&self, id: &str) -> Option<(String, String)> {
        let now = Instant::now();
        let mut map = self.by_hash.lock().unwrap_or_else(PoisonError::into_inner);
        let key = hash(id);
        let s = map.get_mut(&key)?;
        if self.expired(s, now) {
            map.remove(&key);
            return None;
        }
        s.seen = now;
        Some((s.user_id.clone(), s.csrf.clone()))
    }

    /// Ends a session.
    pub fn end(&self, id: &str) {
        self.by_hash.lock().unwrap_or_else(PoisonError::into_inner).remove(&hash(id));
    }

    /// The first session cookie of the request that names a live session here, with its user
    /// and CSRF token: a cookie of the same name from another server is passed over.
    pub(crate) fn live(&self, headers: &HeaderMap) -> Option<(String, String)> {
        cookies(headers, SESSION_COOKIE).into_iter().find_map(|id| self.find(id))
    }

    /// Ends every session the request's session cookies name (signing out, or in again).
    pub fn end_all(&self, headers: &HeaderMap) {
        let mut map = self.by_hash.lock().unwrap_or_else(PoisonError::into_inner);
        for id in cookies(headers, SESSION_COOKIE) {
            map.remove(&hash(id));
        }
    }

    /// Records a user's TOTP step; false if that step (or a later one) was already used, so a
    /// code seen over someone's shoulder cannot be replayed.
    pub fn use_totp_step(&self, user_id: &str, step: u64) -> bool {
        let mut used = self.totp_steps.lock().unwrap_or_else(PoisonError::into_inner);
        match used.get(user_id) {
            Some(&last) if last >= step => false,
            _ => {
                used.insert(user_id.to_string(), step);
                true
            }
        }
    }
}

/// A cookie's value from the request headers (the first, if several have the name).
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    cookies(headers, name).into_iter().next()
}

/// Every value sent for a cookie name. A browser sends two cookies of one name when, for
/// example, another attest server on the same host (cookies are not port-scoped) set one too.
pub fn cookies<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().strip_prefix(name)?.strip_prefix('='))
        .collect()
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, whole site; `max_age` 0 deletes it.
pub fn set_cookie(name: &str, value: &str, max_age: Option<u64>, secure: bool) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

/// The client's address: the one [`crate::middleware::client_addr`] found (the peer, or the
/// address a trusted proxy forwarded), else the peer's, else "local" (tests without a socket).
pub fn client(parts_ext: &axum::http::Extensions) -> String {
    if let Some(c) = parts_ext.get::<crate::middleware::client_addr::ClientAddr>() {
        return c.0.to_string();
    }
    parts_ext.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "local".to_string(), |c| c.0.ip().to_string())
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
    // JSON sign-in cannot be sent across sites without a CORS preflight, which this server never
    // grants; the browser sign-in form uses the pre-session cookie.
    if path == "/api/login" {
        return next.run(req).await;
    }
    // Every token the request may carry: the pre-session cookie's for the sign-in form (a browser
    // may send two, one from another server on this host), else the live session's.
    let expected: Vec<String> = if path == "/login" {
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
