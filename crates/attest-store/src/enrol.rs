//! Enrolment (issue 13): accounts are created as invitations, so that nobody but the user ever
//! knows their password or holds their keys.
//!
//! - [`Archive::invite_user`] creates the account without keys and returns a one-time code (shown
//!   once, stored as a hash, expiring).
//! - [`Archive::accept_invitation`]: the user presents the code with a password of their own; the
//!   key pair is made then, from that password.
//! - [`Archive::change_password`] re-wraps the private key; [`Archive::rotate_user_keys`] makes a
//!   new key pair, and the user (a holder of their own grants) seals those grants again to it; the
//!   custodian then pins the new key after confirming its fingerprint.
//! - [`Archive::reset_user`] is the only administrator reset: a new invitation, which deletes
//!   the old keys, their pin and every grant sealed to them. Logged.

use attest_domain::{Role, UserId};
use attest_vault::{GrantContext, GrantKind, KdfParams, Passphrase, SecretText, key_fingerprint};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use crate::custody::key_generation;
use crate::error::{Result, StoreError};
use crate::log::append;
use crate::users::user_keys;
use crate::write::{clean, exists};
use crate::{Archive, State};

/// A new invitation: the code is shown once to whoever passes it on to the user, never stored.
#[derive(Debug)]
pub struct Invitation {
    /// The account.
    pub user_id: String,
    /// Its login name.
    pub name: String,
    /// The one-time code (never printed by `Debug`).
    pub code: SecretText,
    /// When the code stops working, RFC 3339 UTC.
    pub expires_at: String,
}

/// Longest validity of an invitation, in hours (two weeks).
pub const MAX_INVITATION_HOURS: u32 = 24 * 14;

/// Seconds since 1970 of an RFC 3339 UTC time as our clock writes it (`2026-11-29T08:50:39Z`).
fn unix_seconds(at: &str) -> Option<u64> {
    let b = at.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| at.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (hh, mm, ss) = (n(11..13)?, n(14..16)?, n(17..19)?);
    // The domain's day arithmetic.
    let day =
        attest_domain::Day { year: u16::try_from(y).ok()?, month: u8::try_from(m).ok()?, day: u8::try_from(d).ok()? };
    let days = day.days_since_epoch();
    u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss).ok()
}

fn new_invitation(tx: &Transaction<'_>, st: &mut State, user_id: &str, hours: u32) -> Result<(SecretText, String)> {
    if hours == 0 || hours > MAX_INVITATION_HOURS {
        return Err(StoreError::invalid(
            "valid-hours",
            format!("an invitation is valid for 1 to {MAX_INVITATION_HOURS} hours"),
        ));
    }
    let now = st.clock.now();
    let start = unix_seconds(&now).ok_or_else(|| StoreError::invalid("clock", format!("unreadable time {now}")))?;
    let expires_at = crate::rfc3339_utc(start + u64::from(hours) * 3600);
    let (code, hash) = attest_vault::new_invitation_code(&mut *st.rng)?;
    // Earlier codes of this account stop working.
    tx.execute("UPDATE invitation SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL", params![user_id, now])?;
    tx.execute(
        "INSERT INTO invitation (user_id, code_sha256, expires_at, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![user_id, &hash[..], expires_at, now],
    )?;
    Ok((code, expires_at))
}

/// The one answer to every failed acceptance, so it tells nothing about which part was wrong.
fn refused() -> StoreError {
    StoreError::Forbidden {
        user: "this account".into(),
        action: "accept the invitation".into(),
        reason: "the name or code is wrong, the code was used or replaced, or it has expired".into(),
    }
}

impl Archive {
    /// Creates an account as an invitation: no password and no keys until its user accepts with
    /// the returned code (valid `hours`). Works without the archive key (the workspace admin page).
    pub fn invite_user(&mut self, name: &str, role: Role, hours: u32) -> Result<Invitation> {
        let name = clean("name", &Some(name.to_string()), 64)?
            .ok_or_else(|| StoreError::invalid("name", "must not be empty"))?;
        self.write(|tx, st| {
            if exists(tx, "SELECT 1 FROM app_user WHERE name = ?1", &name)? {
                return Err(StoreError::invalid("name", format!("'{name}' is already a user")));
            }
            let user_id = UserId::from_random(st.random10()?);
            let now = st.clock.now();
            tx.execute(
                "INSERT INTO app_user (user_id, name, role, keys, created_at) VALUES (?1, ?2, ?3, '', ?4)",
                params![user_id.as_str(), name, role.as_str(), now],
            )?;
            let (code, expires_at) = new_invitation(tx, st, user_id.as_str(), hours)?;
            append(
                tx,
                &now,
                &st.actor,
                "user.invite",
                user_id.as_str(),
                &json!({ "name": name, "role": role.as_str(), "expires_at": expires_at, "records": crate::projection::commit_user(tx, user_id.as_str())? }),
            )?;
            Ok(Invitation { user_id: user_id.as_str().to_string(), name: name.clone(), code, expires_at })
        })
    }

    /// Resets an account, the only way an administrator can: a new invitation. The old keys, their
    /// pin, every grant sealed to them and the second factor are deleted at once, so whoever set
    /// or learned the old password opens nothing any more. Logged with the number of grants removed.
    pub fn reset_user(&mut self, user_id: &str, hours: u32) -> Result<Invitation> {
        self.write(|tx, st| {
            let name: String = tx
                .query_row("SELECT name FROM app_user WHERE user_id = ?1", [user_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::NotFound { kind: "user", id: user_id.to_string() })?;
            let mut records =
                crate::projection::removed(crate::projection::commit_where(tx, "user_grant", "user_id = ?1", user_id)?);
            let grants = tx.execute("DELETE FROM user_grant WHERE user_id = ?1", [user_id])?;
            tx.execute("DELETE FROM user_key_pin WHERE user_id = ?1", [user_id])?;
            tx.execute("UPDATE app_user SET keys = '', totp = NULL WHERE user_id = ?1", [user_id])?;
            let (code, expires_at) = new_invitation(tx, st, user_id, hours)?;
            let now = st.clock.now();
            records.extend(crate::projection::commit_user(tx, user_id)?);
            append(
                tx,
                &now,
                &st.actor,
                "user.reset",
                user_id,
                &json!({ "grants_removed": grants, "expires_at": expires_at, "fingerprint": null, "records": records }),
            )?;
            Ok(Invitation { user_id: user_id.to_string(), name, code, expires_at })
        })
    }

    /// Accepts an invitation: the user's own password (at least 10 characters) makes their key
    /// pair now. Refused alike for a wrong name, a wrong, used, replaced or expired code.
    pub fn accept_invitation(
        &mut self,
        name: &str,
        code: &str,
        password: &Passphrase,
        kdf: KdfParams,
    ) -> Result<String> {
        self.write(|tx, st| {
            let user_id: String = tx
                .query_row("SELECT user_id FROM app_user WHERE name = ?1", [name], |r| r.get(0))
                .optional()?
                .ok_or_else(refused)?;
            let open: Vec<(i64, Vec<u8>, String)> = tx
                .prepare("SELECT invitation_id, code_sha256, expires_at FROM invitation WHERE user_id = ?1 AND used_at IS NULL")?
                .query_map([&user_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let now = st.clock.now();
            let now_s = unix_seconds(&now).ok_or_else(refused)?;
            let matched = open.iter().find(|(_, hash, expires)| {
                attest_vault::invitation_code_matches(code, hash) && unix_seconds(expires).is_some_and(|e| now_s < e)
            });
            let Some((invitation_id, _, _)) = matched else { return Err(refused()) };
            let keys = attest_vault::new_user(&user_id, password, kdf, &mut *st.rng)?;
            tx.execute(
                "UPDATE app_user SET keys = ?2 WHERE user_id = ?1",
                params![user_id, serde_json::to_string(&keys).unwrap_or_default()],
            )?;
            tx.execute("UPDATE invitation SET used_at = ?2 WHERE invitation_id = ?1", params![invitation_id, now])?;
            append(tx, &now, &user_id, "user.accept", &user_id, &json!({ "fingerprint": key_fingerprint(&keys.public_key), "records": crate::projection::commit_user(tx, &user_id)? }))?;
            Ok(user_id)
        })
    }

    /// Changes a user's password: the same key pair, its private key sealed again under the new
    /// password. Needs the current password.
    pub fn change_password(&mut self, user_id: &str, old: &Passphrase, new: &Passphrase, kdf: KdfParams) -> Result<()> {
        let keys = user_keys(&self.conn, user_id)?;
        let changed = attest_vault::change_password(user_id, &keys, old, new, kdf, &mut *self.state.rng)?;
        self.write(|tx, st| {
            let n = tx.execute(
                "UPDATE app_user SET keys = ?3 WHERE user_id = ?1 AND keys = ?2",
                params![
                    user_id,
                    serde_json::to_string(&keys).unwrap_or_default(),
                    serde_json::to_string(&changed).unwrap_or_default()
                ],
            )?;
            if n != 1 {
                return Err(StoreError::invalid("user", format!("{user_id}'s keys changed meanwhile; try again")));
            }
            let now = st.clock.now();
            append(
                tx,
                &now,
                user_id,
                "user.passwd",
                user_id,
                &json!({ "records": crate::projection::commit_user(tx, user_id)? }),
            )
        })
    }

    /// Rotates a user's key pair: a new one (the next generation), and every grant of the user
    /// opened with the old private key and sealed again to the new public key, in one transaction.
    /// The new key is not pinned: the custodian confirms its fingerprint (returned) with the user
    /// and runs `attest user pin` before granting to it again or re-keying a case it holds.
    pub fn rotate_user_keys(&mut self, user_id: &str, password: &Passphrase) -> Result<String> {
        let keys = user_keys(&self.conn, user_id)?;
        let (new, old) = attest_vault::rotate_user_keys(user_id, &keys, password, &mut *self.state.rng)?;
        self.write(|tx, st| {
            let grants: Vec<(String, String, Vec<u8>, i64)> = tx
                .prepare("SELECT case_id, kind, sealed, generation FROM user_grant WHERE user_id = ?1")?
                .query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (case, kind, sealed, generation) in &grants {
                let kind = if kind == "identities" { GrantKind::Identities } else { GrantKind::Testimonies };
                let current = key_generation(tx, case, kind)?;
                if *generation as u64 != current {
                    return Err(StoreError::Custody(format!(
                        "{user_id}'s {} grant for {case} is of key generation {generation}, the case's is {current}",
                        kind.as_str()
                    )));
                }
                let State { archive_id, rng, .. } = st;
                let ctx = GrantContext { archive_id, case_id: case, generation: current };
                let resealed = match kind {
                    GrantKind::Identities => {
                        let key = attest_vault::open_identity_grant(&old, &ctx, sealed)?;
                        attest_vault::grant_identity_key(&new.public_key, user_id, &ctx, &key, &mut **rng)?
                    }
                    GrantKind::Testimonies => {
                        let key = attest_vault::open_case_grant(&old, &ctx, sealed)?;
                        attest_vault::grant_case_key(&new.public_key, user_id, &ctx, &key, &mut **rng)?
                    }
                };
                tx.execute(
                    "UPDATE user_grant SET sealed = ?4 WHERE user_id = ?1 AND case_id = ?2 AND kind = ?3",
                    params![user_id, case, kind.as_str(), resealed],
                )?;
            }
            let n = tx.execute(
                "UPDATE app_user SET keys = ?3 WHERE user_id = ?1 AND keys = ?2",
                params![user_id, serde_json::to_string(&keys).unwrap_or_default(), serde_json::to_string(&new).unwrap_or_default()],
            )?;
            if n != 1 {
                return Err(StoreError::invalid("user", format!("{user_id}'s keys changed meanwhile; try again")));
            }
            let fingerprint = key_fingerprint(&new.public_key);
            let now = st.clock.now();
            append(
                tx,
                &now,
                user_id,
                "user.rotate",
                user_id,
                &json!({ "fingerprint": fingerprint, "key_generation": new.generation, "grants_resealed": grants.len(), "records": crate::projection::commit_user(tx, user_id)? }),
            )?;
            Ok(fingerprint)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::unix_seconds;

    #[test]
    fn reads_back_what_the_clock_writes() {
        for s in [0u64, 86_399, 951_782_400, 1_795_000_000, 4_102_444_800] {
            assert_eq!(unix_seconds(&crate::rfc3339_utc(s)), Some(s));
        }
        assert_eq!(unix_seconds("yesterday"), None);
    }
}
