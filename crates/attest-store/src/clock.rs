//! Time as a parameter: the archive asks a [`Clock`], so tests can fix it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Tells the time as RFC 3339 UTC text.
pub trait Clock: Send {
    /// Now, e.g. `2026-11-29T08:50:39Z`.
    fn now(&self) -> String;
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> String {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        rfc3339_utc(secs)
    }
}

/// Formats seconds since 1970 as RFC 3339 UTC, with the domain's day arithmetic
/// ([`attest_domain::Day::from_days_since_epoch`]) rather than a date-time crate for one line of
/// output.
pub fn rfc3339_utc(secs: u64) -> String {
    let rem = secs % 86_400;
    let date = i64::try_from(secs / 86_400)
        .ok()
        .and_then(attest_domain::Day::from_days_since_epoch)
        .map_or_else(|| "9999-12-31".to_string(), |d| d.iso());
    format!("{date}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_instants() {
        assert_eq!(super::rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(super::rfc3339_utc(1_795_942_239), "2026-11-29T08:50:39Z");
    }
}
