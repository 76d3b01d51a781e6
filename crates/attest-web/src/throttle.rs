//! Password guessing, throttled so that the limit holds under concurrency.
//!
//! An attempt is counted when it is *reserved*, before the password is hashed: a burst of
//! concurrent guesses cannot all pass the check and be counted only after their hashes. A
//! reservation names one *exclusive* key (the user name for a sign-in, the user for a reveal),
//! which may have one attempt in flight at a time, and any number of *shared* keys (the client
//! address), which only count. Past `attempts` reservations within `window` for any key, the
//! answer is 429 until the oldest one leaves the window. A successful attempt forgets the
//! exclusive key's failures and gives its own reservation back to the shared keys; any other
//! outcome (wrong password or code, an error, a dropped request) stays counted.
//!
//! Lock-out per name is paired with a limit per address, so one client can lock out at most the
//! names it spends its own few attempts on, not everyone. The table is bounded: entries whose
//! attempts have all left the window are pruned, and when `max_tracked` keys are live a new key
//! is refused (429) rather than an old one forgotten, so flooding the table cannot unlock a name.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::StatusCode;

use crate::error::WebError;

/// The limits a [`Throttle`] enforces.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleLimits {
    /// Attempts allowed per key within `window`.
    pub attempts: usize,
    /// The counting window.
    pub window: Duration,
    /// Most keys (names, users and addresses) tracked at once.
    pub max_tracked: usize,
}

#[derive(Default)]
struct Entry {
    /// When each counted attempt was reserved, oldest first.
    attempts: VecDeque<Instant>,
    /// An exclusive attempt for this key is being checked.
    in_flight: bool,
}

struct Table {
    entries: HashMap<String, Entry>,
    last_prune: Instant,
}

/// Attempt counters for password checks (sign-in, reveal and the second factor).
pub struct Throttle {
    limits: ThrottleLimits,
    table: Mutex<Table>,
}

/// A reserved attempt. Call [`Attempt::succeeded`] when the password (and code) were right;
/// dropped otherwise, it stays counted as a failure and frees the exclusive key.
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    exclusive: String,
    shared: Vec<String>,
    at: Instant,
}

fn rate_limited(message: String) -> WebError {
    WebError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
}

impl Throttle {
    /// An empty table.
    pub fn new(limits: ThrottleLimits) -> Throttle {
        Throttle { limits, table: Mutex::new(Table { entries: HashMap::new(), last_prune: Instant::now() }) }
    }

    /// Reserves (and counts) one attempt for `exclusive` and every `shared` key, or refuses with
    /// 429 (`rate_limited`): too many recent attempts for a key, an attempt for `exclusive`
    /// already in flight, or a full table. `what` names the attempts in the message.
    pub fn reserve(&self, exclusive: &str, shared: &[String], what: &str) -> Result<Attempt<'_>, WebError> {
        let now = Instant::now();
        let window = self.limits.window;
        let mut t = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        let keys: Vec<&str> = std::iter::once(exclusive).chain(shared.iter().map(String::as_str)).collect();
        let new_keys = keys.iter().filter(|k| !t.entries.contains_key(**k)).count();
        if now.duration_since(t.last_prune) >= window / 4 || t.entries.len() + new_keys > self.limits.max_tracked {
            t.entries.retain(|_, e| {
                e.attempts.retain(|a| now.duration_since(*a) < window);
                e.in_flight || !e.attempts.is_empty()
            });
            t.last_prune = now;
        }
        if t.entries.len() + new_keys > self.limits.max_tracked {
            return Err(rate_limited(format!("too many {what} on this server at the moment; try again in a minute")));
        }
        if t.entries.get(exclusive).is_some_and(|e| e.in_flight) {
            return Err(rate_limited(format!("another of these {what} is being checked; try again in a moment")));
        }
        let mut wait = None::<Duration>;
        for k in &keys {
            if let Some(e) = t.entries.get_mut(*k) {
                e.attempts.retain(|a| now.duration_since(*a) < window);
                if e.attempts.len() >= self.limits.attempts {
                    let w =
                        e.attempts.front().map_or(window, |first| window.saturating_sub(now.duration_since(*first)));
                    wait = Some(wait.map_or(w, |x| x.max(w)));
                }
            }
        }
        if let Some(w) = wait {
            return Err(rate_limited(format!(
                "too many failed {what}; try again in {} minutes",
                w.as_secs().max(1).div_ceil(60)
            )));
        }
        for k in &keys {
            t.entries.entry((*k).to_string()).or_default().attempts.push_back(now);
        }
        if let Some(e) = t.entries.get_mut(exclusive) {
            e.in_flight = true;
        }
        Ok(Attempt { throttle: self, exclusive: exclusive.to_string(), shared: shared.to_vec(), at: now })
    }

    /// How many keys are tracked now (for tests and the bound).
    pub fn tracked(&self) -> usize {
        self.table.lock().unwrap_or_else(PoisonError::into_inner).entries.len()
    }
}

impl Attempt<'_> {
    /// The password (and code) were right: the exclusive key's failures are forgotten and this
    /// reservation is given back to the shared keys.
    pub fn succeeded(self) {
        let mut t = self.throttle.table.lock().unwrap_or_else(PoisonError::into_inner);
        t.entries.remove(&self.exclusive);
        for k in &self.shared {
            let empty = t.entries.get_mut(k).is_some_and(|e| {
                if let Some(i) = e.attempts.iter().position(|a| *a == self.at) {
                    e.attempts.remove(i);
                }
                e.attempts.is_empty() && !e.in_flight
            });
            if empty {
                t.entries.remove(k);
            }
        }
        // `Drop` below finds the exclusive entry gone and does nothing more.
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        let mut t = self.throttle.table.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(e) = t.entries.get_mut(&self.exclusive) {
            e.in_flight = false;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn limits(window_ms: u64, max_tracked: usize) -> ThrottleLimits {
        ThrottleLimits { attempts: 5, window: Duration::from_millis(window_ms), max_tracked }
    }

    #[test]
    fn one_attempt_per_name_in_flight_and_five_per_window() {
        let t = Throttle::new(limits(60_000, 100));
        let ip = vec!["ip:a".to_string()];
        let first = t.reserve("name:x", &ip, "sign-ins").unwrap();
        assert_eq!(t.reserve("name:x", &ip, "sign-ins").err().unwrap().code, "rate_limited");
        drop(first);
        for _ in 0..4 {
            drop(t.reserve("name:x", &[], "sign-ins").unwrap());
        }
        let refused = t.reserve("name:x", &[], "sign-ins").err().unwrap();
        assert!(refused.message.contains("too many failed"), "{}", refused.message);
        // The address has one failure; another name from it is still evaluated.
        t.reserve("name:y", &ip, "sign-ins").unwrap().succeeded();
        // A success forgets the name's failures and gives the address its reservation back.
        for i in 0..4 {
            drop(t.reserve(&format!("name:{i}"), &ip, "sign-ins").unwrap());
        }
        assert!(t.reserve("name:z", &ip, "sign-ins").is_err(), "five failures from one address");
    }

    #[test]
    fn the_table_is_bounded_and_pruned_after_the_window() {
        let t = Throttle::new(limits(200, 10));
        for i in 0..5 {
            drop(t.reserve(&format!("name:{i}"), &[format!("ip:{i}")], "sign-ins").unwrap());
        }
        assert_eq!(t.tracked(), 10);
        // Full: a new key is refused, none is forgotten (that would unlock a name).
        assert!(t.reserve("name:new", &["ip:new".to_string()], "sign-ins").is_err());
        assert_eq!(t.tracked(), 10);
        std::thread::sleep(Duration::from_millis(250));
        t.reserve("name:new", &["ip:new".to_string()], "sign-ins").unwrap().succeeded();
        assert_eq!(t.tracked(), 0, "old entries pruned, the success left nothing behind");
    }
}
