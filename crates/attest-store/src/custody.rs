//! Custody of the keys behind grants (issue 13): key generations and pinned user keys.
//!
//! - Every case key and identity key has a generation, 1 at creation and one more at each re-key
//!   (revoke). It is bound into the key's wrapping and into every grant of it, stored in
//!   `case_file`, and written into the log entry of each re-key. [`key_generation`] refuses a
//!   stored generation older than the log's: restoring older key and grant rows (rolling back a
//!   revoke) is detected before anything is sealed with, or opened from, the old key.
//! - A user's public key is pinned by the custodian at the first grant: an HMAC over (archive,
//!   user, public key) under a key derived from the archive key, which the database-key holder
//!   (the workspace server) does not have. Granting and the re-seal of a revoke refuse a key
//!   whose pin does not verify, so a public key replaced in the database gets nothing sealed to it.

use attest_vault::{GrantKind, UserKeys, key_fingerprint};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::json;

use crate::error::{Result, StoreError};
use crate::log::append;
use crate::{Archive, State};

/// What the custodian must see after granting: the grantee's key fingerprint, to confirm with
/// the user out of band when it was pinned just now.
#[derive(Debug, Clone, Serialize)]
pub struct GrantOutcome {
    /// The grantee.
    pub user_id: String,
    /// The fingerprint of the public key the grant was sealed to.
    pub fingerprint: String,
    /// The key was pinned by this grant (its first): confirm the fingerprint with the user.
    pub newly_pinned: bool,
}

fn generation_column(kind: GrantKind) -> &'static str {
    match kind {
        GrantKind::Testimonies => "case_key_generation",
        GrantKind::Identities => "identity_key_generation",
    }
}

/// The highest generation of a case's key of `kind` that the log records (1 if never re-keyed).
fn logged_generation(conn: &Connection, case: &str, kind: GrantKind) -> Result<u64> {
    let g: i64 = conn.query_row(
        "SELECT coalesce(max(CAST(json_extract(detail, '$.generation') AS INTEGER)), 1) FROM log_entry
         WHERE record_id = ?1 AND action = 'grant.revoke' AND json_extract(detail, '$.kind') = ?2",
        params![case, kind.as_str()],
        |r| r.get(0),
    )?;
    Ok(g.max(1) as u64)
}

fn stored_generation(conn: &Connection, case: &str, kind: GrantKind) -> Result<u64> {
    let g: Option<i64> = conn
        .query_row(&format!("SELECT {} FROM case_file WHERE case_id = ?1", generation_column(kind)), [case], |r| {
            r.get(0)
        })
        .optional()?;
    let g = g.ok_or_else(|| StoreError::NotFound { kind: "case", id: case.to_string() })?;
    Ok(g.max(0) as u64)
}

fn rollback(case: &str, kind: GrantKind, stored: u64, logged: u64) -> String {
    format!(
        "the {} key of {case} is at generation {stored} in the database, but the log records generation {logged}: \
         key or grant rows were restored from an older copy (a revoke rolled back). Restore the archive from a trusted backup",
        kind.as_str()
    )
}

/// The current generation of a case's key of `kind`, refused if the log records a later one.
pub(crate) fn key_generation(conn: &Connection, case: &str, kind: GrantKind) -> Result<u64> {
    let stored = stored_generation(conn, case, kind)?;
    let logged = logged_generation(conn, case, kind)?;
    if logged > stored {
        return Err(StoreError::Custody(rollback(case, kind, stored, logged)));
    }
    Ok(stored)
}

/// Sets a case key's new generation (after a re-key); the caller logs it in `grant.revoke`.
pub(crate) fn set_generation(tx: &Transaction<'_>, case: &str, kind: GrantKind, generation: u64) -> Result<()> {
    tx.execute(
        &format!("UPDATE case_file SET {} = ?2 WHERE case_id = ?1", generation_column(kind)),
        params![case, generation as i64],
    )?;
    Ok(())
}

fn was_pinned_before(conn: &Connection, user: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM log_entry WHERE record_id = ?1 AND action = 'user.key_pin' AND log_entry_id >
             coalesce((SELECT max(log_entry_id) FROM log_entry WHERE record_id = ?1 AND action = 'user.reset'), 0) LIMIT 1",
            [user],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn insert_pin(tx: &Transaction<'_>, st: &State, user: &str, keys: &UserKeys) -> Result<String> {
    let pin = st.archive_key()?.pin_user_key(&st.archive_id, user, &keys.public_key);
    let fingerprint = key_fingerprint(&keys.public_key);
    let now = st.clock.now();
    tx.execute(
        "INSERT OR REPLACE INTO user_key_pin (user_id, public_key, pin, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![user, &keys.public_key[..], &pin[..], now],
    )?;
    append(
        tx,
        &now,
        &st.actor,
        "user.key_pin",
        user,
        &json!({ "fingerprint": fingerprint, "key_generation": keys.generation, "records": crate::projection::commit_user(tx, user)? }),
    )?;
    Ok(fingerprint)
}

/// Checks the pin of a grantee's public key, or pins it at their first grant. Needs the archive
/// key. Refuses a key whose pin does not verify, and a user whose pin was deleted.
pub(crate) fn check_or_pin(tx: &Transaction<'_>, st: &State, user: &str, keys: &UserKeys) -> Result<GrantOutcome> {
    let archive = st.archive_key()?;
    let fingerprint = key_fingerprint(&keys.public_key);
    let pin: Option<Vec<u8>> =
        tx.query_row("SELECT pin FROM user_key_pin WHERE user_id = ?1", [user], |r| r.get(0)).optional()?;
    match pin {
        Some(pin) if archive.check_user_key_pin(&st.archive_id, user, &keys.public_key, &pin) => {
            Ok(GrantOutcome { user_id: user.to_string(), fingerprint, newly_pinned: false })
        }
        Some(_) => Err(StoreError::Custody(format!(
            "the public key of {user} (fingerprint {fingerprint}) is not the key pinned at their first grant: it was \
             replaced in the database, or {user} rotated their keys. Confirm the fingerprint with {user} out of band, \
             then run `attest user pin --user {user} --fingerprint {fingerprint}`"
        ))),
        None if was_pinned_before(tx, user)? => Err(StoreError::Custody(format!(
            "the pin of {user}'s public key was deleted from the database (the log records it). Confirm the \
             fingerprint {fingerprint} with {user} out of band, then run `attest user pin --user {user} --fingerprint {fingerprint}`"
        ))),
        None => {
            let fingerprint = insert_pin(tx, st, user, keys)?;
            Ok(GrantOutcome { user_id: user.to_string(), fingerprint, newly_pinned: true })
        }
    }
}

/// Problems of key custody for `verify`: a user whose public key is not the last one the log
/// records (changed without a logged enrolment or rotation), and a case key older than the log's.
pub(crate) fn custody_problems(conn: &Connection) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    let users: Vec<(String, String)> = conn
        .prepare("SELECT user_id, keys FROM app_user ORDER BY user_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (user, json) in users {
        let Ok(keys) = serde_json::from_str::<UserKeys>(&json) else { continue };
        let logged: Option<String> = conn
            .query_row(
                "SELECT json_extract(detail, '$.fingerprint') FROM log_entry WHERE record_id = ?1
                 AND json_extract(detail, '$.fingerprint') IS NOT NULL ORDER BY log_entry_id DESC LIMIT 1",
                [&user],
                |r| r.get(0),
            )
            .optional()?;
        let now = key_fingerprint(&keys.public_key);
        if logged.as_deref().is_some_and(|l| l != now) {
            out.push((
                "user",
                format!("the public key of {user} changed without a logged enrolment or rotation (now {now})"),
            ));
        }
    }
    let cases: Vec<String> = conn
        .prepare("SELECT case_id FROM case_file ORDER BY case_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for case in cases {
        for kind in [GrantKind::Testimonies, GrantKind::Identities] {
            let (stored, logged) = (stored_generation(conn, &case, kind)?, logged_generation(conn, &case, kind)?);
            if logged > stored {
                out.push(("key", rollback(&case, kind, stored, logged)));
            }
        }
        let stale: Vec<(String, String, i64)> = conn
            .prepare(
                "SELECT g.user_id, g.kind, g.generation FROM user_grant g JOIN case_file c ON c.case_id = g.case_id
                 WHERE g.case_id = ?1 AND g.generation <> CASE g.kind WHEN 'identities' THEN c.identity_key_generation ELSE c.case_key_generation END",
            )?
            .query_map([&case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (user, kind, g) in stale {
            out.push((
                "key",
                format!("the {kind} grant of {user} for {case} is of another key generation ({g}) than the case's"),
            ));
        }
    }
    Ok(out)
}

impl Archive {
    /// Pins a user's current public key after the custodian confirmed its fingerprint with the
    /// user out of band (after a key rotation, or when a pin was refused). `fingerprint` must be
    /// the one the user read out; needs the archive key. Logged.
    pub fn pin_user_key(&mut self, user: &str, fingerprint: &str) -> Result<GrantOutcome> {
        self.write(|tx, st| {
            let keys = crate::users::user_keys(tx, user)?;
            let now = key_fingerprint(&keys.public_key);
            let given: String = fingerprint.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            if given.to_ascii_uppercase() != now.replace('-', "") {
                return Err(StoreError::Custody(format!(
                    "the fingerprint given is not the one of {user}'s stored public key ({now}): nothing pinned"
                )));
            }
            let fingerprint = insert_pin(tx, st, user, &keys)?;
            Ok(GrantOutcome { user_id: user.to_string(), fingerprint, newly_pinned: true })
        })
    }
}

/// What an original's name reads as to someone without its case key.
pub const SEALED_FILE_NAME: &str = "(sealed: needs a testimonies grant)";

impl Archive {
    /// Fills in originals' name, size and SHA-256 from their sealed metadata when this archive
    /// holds the case key (the passphrase holder); otherwise the name reads as sealed, the size as
    /// 0 and `sha256` carries the keyed digest.
    pub(crate) fn original_metadata(
        &self,
        case: &str,
        source_id: &str,
        rows: Vec<(crate::OriginalRecord, Option<Vec<u8>>)>,
    ) -> Vec<crate::OriginalRecord> {
        let unwrapped = match (self.state.case_keys.get(case), &self.state.archive_key) {
            (Some(_), _) | (None, None) => None,
            (None, Some(archive)) => {
                let wrapped: Option<Vec<u8>> = self
                    .conn
                    .query_row("SELECT wrapped_case_key FROM case_file WHERE case_id = ?1", [case], |r| r.get(0))
                    .ok();
                let generation = key_generation(&self.conn, case, GrantKind::Testimonies).ok();
                wrapped.zip(generation).and_then(|(w, g)| archive.unwrap_case_key(case, g, &w).ok())
            }
        };
        let key = self.state.case_keys.get(case).or(unwrapped.as_ref());
        rows.into_iter()
            .map(|(mut rec, meta)| {
                if let Some(meta) = meta {
                    match key.and_then(|k| k.open_original_meta(source_id, &rec.sha256, &meta).ok()) {
                        Some(m) => {
                            rec.file_name.clone_from(&m.file_name);
                            rec.bytes = m.bytes as i64;
                            rec.sha256.clone_from(&m.sha256_hex);
                        }
                        None => SEALED_FILE_NAME.clone_into(&mut rec.file_name),
                    }
                }
                rec
            })
            .collect()
    }
}
