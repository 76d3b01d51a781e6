//! Running the team: users, memberships, grants and their revocation (which re-keys the case),
//! the second factor, the administrator's listing, the audit log and verification.

use std::collections::{BTreeMap, BTreeSet};

use attest_domain::{CaseId, UserId};
use attest_store::{Archive, CaseRecord, GrantOutcome, LogEntry, UserRecord, VerifyReport};
use attest_vault::KdfParams;
use serde::Serialize;

use crate::access::Grant;
use crate::error::{AppError, Result};
use crate::input::NewUserInput;

/// Adds a user with a password chosen by whoever runs it (`attest user add`, for a keyholder
/// adding themselves). The workspace never does this: it invites ([`crate::account::invite`]), so
/// that nobody but the user knows their password.
pub fn add_user(a: &mut Archive, u: &NewUserInput) -> Result<UserId> {
    Ok(a.add_user(&u.name, u.role, &u.password, KdfParams::recommended())?)
}

/// Makes a user a member of a case.
pub fn add_member(a: &mut Archive, user: &UserId, case: &CaseId) -> Result<()> {
    Ok(a.add_member(user.as_str(), case.as_str())?)
}

/// Gives a user a grant for a case (needs the archive key: the command line). Returns the user's
/// key fingerprint and whether it was pinned now.
pub fn grant(a: &mut Archive, user: &UserId, case: &CaseId, kind: Grant) -> Result<GrantOutcome> {
    Ok(match kind {
        Grant::Identities => a.grant_identities(user.as_str(), case.as_str())?,
        Grant::Testimonies => a.grant_testimonies(user.as_str(), case.as_str())?,
    })
}

/// Revokes a grant: the case is re-keyed so the old grant opens nothing. Returns how many sealed
/// fields (identities) or original files (testimonies) were re-encrypted.
pub fn revoke(a: &mut Archive, user: &UserId, case: &CaseId, kind: Grant) -> Result<usize> {
    Ok(match kind {
        Grant::Identities => a.revoke_identities(user.as_str(), case.as_str())?,
        Grant::Testimonies => a.revoke_testimonies(user.as_str(), case.as_str())?,
    })
}

/// One user (no key material).
pub fn user(a: &Archive, user: &UserId) -> Result<UserRecord> {
    Ok(a.get_user(user.as_str())?)
}

/// Every user (no key material).
pub fn users(a: &Archive) -> Result<Vec<UserRecord>> {
    Ok(a.list_users()?)
}

/// A user's TOTP secret as an `otpauth://` URI, shown once.
pub struct TotpEnabled {
    /// The user.
    pub user_id: UserId,
    /// The URI for their authenticator app.
    pub uri: zeroize::Zeroizing<String>,
}

/// Turns on the second factor for the user called `name`.
pub fn enable_totp(a: &mut Archive, name: &str) -> Result<TotpEnabled> {
    let user = a
        .list_users()?
        .into_iter()
        .find(|u| u.name == name)
        .ok_or_else(|| AppError::invalid("name", format!("no user called '{name}'")))?;
    let secret = a.enable_totp(user.user_id.as_str())?;
    Ok(TotpEnabled { user_id: user.user_id, uri: attest_vault::otpauth_uri(&secret, name, "attest") })
}

/// The administrator's view.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminPage {
    /// Users with memberships and grants (no key material).
    pub users: Vec<UserRecord>,
    /// Every case (titles, counts).
    pub cases: Vec<CaseRecord>,
    /// The newest log entries, newest first.
    pub log: Vec<LogEntry>,
    /// Entries in the log.
    pub log_total: usize,
    /// The verification result.
    pub verify: VerifyReport,
    /// What to call the witnesses and sources the listed log entries concern (pseudonym; title,
    /// else the witness's pseudonym), by id.
    pub record_names: BTreeMap<String, String>,
}

/// The administrator's view (verification re-reads the log and originals).
pub fn admin_page(a: &mut Archive) -> Result<AdminPage> {
    let verify = a.verify()?;
    let mut log = a.log()?;
    let log_total = log.len();
    log.reverse();
    log.truncate(200);
    let wanted: BTreeSet<&str> = log.iter().map(|e| e.record_id.as_str()).collect();
    let mut record_names = BTreeMap::new();
    for w in a.list_witnesses(None)? {
        if wanted.contains(w.witness_id.as_str()) {
            record_names.insert(w.witness_id.to_string(), w.pseudonym);
        }
    }
    for s in a.list_sources(None)? {
        if let (true, Some(name)) = (wanted.contains(s.source_id.as_str()), s.title.or(s.witness_pseudonym)) {
            record_names.insert(s.source_id.to_string(), name);
        }
    }
    Ok(AdminPage { users: a.list_users()?, cases: a.list_cases()?, log, log_total, verify, record_names })
}

/// The audit log, oldest first.
pub fn log(a: &Archive) -> Result<Vec<LogEntry>> {
    Ok(a.log()?)
}
