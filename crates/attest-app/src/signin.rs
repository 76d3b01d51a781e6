//! Signing in to the workspace: one Argon2id run whatever the name (the store does the same work
//! for unknown users), then the TOTP code for users who turned the second factor on. Throttling
//! and sessions are the web edge's (`attest-web`'s `auth`).

use attest_store::{Archive, UserRecord};
use attest_vault::Passphrase;

use crate::error::Result;

/// A user whose password (and code) were right.
pub struct SignedIn {
    /// The user.
    pub user: UserRecord,
    /// The TOTP step their code matched, for users with the second factor: the edge refuses a
    /// step it has seen before, so a code is good once.
    pub totp_step: Option<u64>,
}

/// Checks a name, password and (for users with the second factor) code at `unix` seconds.
/// `None`: refused, for whatever reason (answered alike).
pub fn sign_in(
    a: &Archive,
    name: &str,
    password: &Passphrase,
    code: Option<&str>,
    unix: u64,
) -> Result<Option<SignedIn>> {
    let Some(user) = a.authenticate(name.trim(), password)? else { return Ok(None) };
    if !user.totp {
        return Ok(Some(SignedIn { user, totp_step: None }));
    }
    let step = a.check_totp(user.user_id.as_str(), code.unwrap_or(""), unix)?;
    Ok(step.map(|s| SignedIn { user, totp_step: Some(s) }))
}
