//! Sessions and sign-in throttling; the CSRF guard that checks every form against them is
//! [`crate::middleware::csrf`].
//!
//! - A session id is 32 random bytes sent in an `HttpOnly; SameSite=Strict` cookie; the server
//!   keeps only its SHA-256, so a memory dump of the session table cannot be replayed. Signing in
//!   always makes a new id (a cookie planted before sign-in is never promoted: no fixation).
//!   Sessions end after an idle time and a maximum age, and hold no key material: revealing an
//!   identity asks for the password again.
//! - Every request that changes something must carry the session's CSRF token (or, for the forms
//!   sent before sign-in, the pre-session cookie's): see [`crate::middleware::csrf`].
//! - Sign-ins are counted per user name and per client address before the password is hashed,
//!   one at a time per name ([`crate::throttle`]); past the limit the answer is 429 until the
//!   window passes, whether or not the name exists. The client address is the peer's, or the
//!   one a trusted proxy names ([`crate::middleware::client_addr`]).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};

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

    /// Ends every session of `user_id` but the one whose CSRF token is `keep` (after a password
    /// change, the session that made it stays; after a reset, none does). Returns how many ended.
    pub fn end_user(&self, user_id: &str, keep: Option<&str>) -> usize {
        let mut map = self.by_hash.lock().unwrap_or_else(PoisonError::into_inner);
        let before = map.len();
        map.retain(|_, s| s.user_id != user_id || keep.is_some_and(|k| s.csrf == k));
        before - map.len()
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
