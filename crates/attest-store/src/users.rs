//! Users of the workspace, their case memberships and cryptographic grants (issue 5, design in
//! `docs/WORKSPACE_DESIGN.md`). A grant of "may see sealed identities" is the case's identity key
//! sealed to the user's public key: revealing as a user needs that user's password, and revoking
//! re-keys the case so the old grant opens a key that decrypts nothing. Grants are bound to the
//! archive, user, case, kind and key generation, and sealed only to a pinned key (`custody.rs`).

use attest_domain::{CaseId, Role, UserId, WitnessId};
use attest_vault::{GrantContext, GrantKind, KdfParams, Passphrase, UserKeys, key_fingerprint};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::json;

use crate::custody::{GrantOutcome, check_or_pin, key_generation, set_generation};
use crate::error::{Result, StoreError};
use crate::log::append;
use crate::projection::{commit, commit_where};
use crate::records::RevealedWitness;
use crate::write::{SealedWitness, clean, exists, exists2};
use crate::{Archive, State};

/// Grant kind for sealed identities, as stored.
const IDENTITIES: &str = "identities";
/// Grant kind for a case's originals (the case key), as stored.
const TESTIMONIES: &str = "testimonies";

/// A user as shown: no key material.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRecord {
    /// Id.
    pub user_id: UserId,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// When added.
    pub created_at: String,
    /// Cases the user is a member of.
    pub cases: Vec<CaseId>,
    /// Cases whose sealed identities the user may see.
    pub identity_grants: Vec<CaseId>,
    /// Cases whose original files (sealed with the case key) the user may open.
    pub testimony_grants: Vec<CaseId>,
    /// Sign-in also needs a TOTP code.
    pub totp: bool,
    /// Invited but not yet accepted: the account has no password and no keys yet.
    pub invited: bool,
}

pub(crate) fn user_keys(conn: &Connection, user: &str) -> Result<UserKeys> {
    let json: String = conn
        .query_row("SELECT keys FROM app_user WHERE user_id = ?1", [user], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound { kind: "user", id: user.to_string() })?;
    if json.is_empty() {
        return Err(StoreError::Forbidden {
            user: user.to_string(),
            action: "hold keys".into(),
            reason: "the account has not accepted its invitation yet".into(),
        });
    }
    serde_json::from_str(&json).map_err(|e| StoreError::invalid("user", format!("{user}: stored keys unreadable: {e}")))
}

/// A grant as stored: the sealed key and the generation it was sealed for.
fn stored_grant(conn: &Connection, user: &str, case: &str, kind: &str) -> Result<Option<(Vec<u8>, u64)>> {
    Ok(conn
        .query_row(
            "SELECT g.sealed, g.generation FROM user_grant g JOIN membership m ON m.user_id = g.user_id AND m.case_id = g.case_id
             WHERE g.user_id = ?1 AND g.case_id = ?2 AND g.kind = ?3",
            params![user, case, kind],
            |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)),
        )
        .optional()?
        .map(|(s, g)| (s, g.max(0) as u64)))
}

/// Refuses a grant of another generation than the case's current key (a grant row restored from
/// an older copy, or left behind by a rolled-back revoke).
fn current_grant(user: &str, case: &str, kind: GrantKind, grant_generation: u64, current: u64) -> Result<()> {
    if grant_generation != current {
        return Err(StoreError::Forbidden {
            user: user.to_string(),
            action: format!("use their {} grant for {case}", kind.as_str()),
            reason: format!(
                "the grant is of key generation {grant_generation}, the case's key is generation {current}: ask for a new grant"
            ),
        });
    }
    Ok(())
}

/// A grantee's keys, after checking they are a member of the case.
fn grantee_keys(tx: &Transaction<'_>, user: &str, case: &str) -> Result<UserKeys> {
    if !exists2(tx, "SELECT 1 FROM membership WHERE case_id = ?1 AND user_id = ?2", case, user)? {
        return Err(StoreError::Forbidden {
            user: user.to_string(),
            action: format!("receive a grant for {case}"),
            reason: "not a member of the case".into(),
        });
    }
    user_keys(tx, user)
}

/// Stores a sealed grant of key `generation` and logs it.
fn put_grant(
    tx: &Transaction<'_>,
    st: &State,
    user: &str,
    case: &str,
    kind: GrantKind,
    generation: u64,
    sealed: &[u8],
) -> Result<()> {
    let now = st.clock.now();
    tx.execute(
        "INSERT OR REPLACE INTO user_grant (user_id, case_id, kind, sealed, created_at, generation) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![user, case, kind.as_str(), sealed, now, generation as i64],
    )?;
    let records = [commit(tx, "user_grant", &[user, case, kind.as_str()])?];
    append(
        tx,
        &now,
        &st.actor,
        "grant.add",
        case,
        &json!({ "user_id": user, "kind": kind.as_str(), "generation": generation, "fingerprint": key_fingerprint(&user_keys(tx, user)?.public_key), "records": records }),
    )
}

/// After a re-key: seals the new key (of `generation`) again for every remaining grantee of
/// `kind`, each only after their pin verifies; returns who.
pub(crate) fn reseal_grants(
    tx: &Transaction<'_>,
    st: &mut State,
    case: &str,
    kind: GrantKind,
    generation: u64,
    mut seal: impl FnMut(&mut State, &UserKeys, &str) -> Result<Vec<u8>>,
) -> Result<Vec<String>> {
    let others: Vec<String> = tx
        .prepare("SELECT user_id FROM user_grant WHERE case_id = ?1 AND kind = ?2")?
        .query_map(params![case, kind.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for other in &others {
        let keys = user_keys(tx, other)?;
        check_or_pin(tx, st, other, &keys)?;
        let sealed = seal(st, &keys, other)?;
        tx.execute(
            "UPDATE user_grant SET sealed = ?4, generation = ?5 WHERE user_id = ?1 AND case_id = ?2 AND kind = ?3",
            params![other, case, kind.as_str(), sealed, generation as i64],
        )?;
    }
    Ok(others)
}

fn seal_for(
    st: &mut State,
    keys: &UserKeys,
    user: &str,
    case: &str,
    generation: u64,
    key: &attest_vault::IdentityKey,
) -> Result<Vec<u8>> {
    let State { archive_id, rng, .. } = st;
    let ctx = GrantContext { archive_id, case_id: case, generation };
    Ok(attest_vault::grant_identity_key(&keys.public_key, user, &ctx, key, &mut **rng)?)
}

impl Archive {
    /// Adds a user. The password derives the user's own keys (Argon2id with `kdf`); it is not
    /// the archive passphrase and opens nothing but that user's grants.
    pub fn add_user(&mut self, name: &str, role: Role, password: &Passphrase, kdf: KdfParams) -> Result<UserId> {
        let name = clean("name", &Some(name.to_string()), 64)?
            .ok_or_else(|| StoreError::invalid("name", "must not be empty"))?;
        self.write(|tx, st| {
            if exists(tx, "SELECT 1 FROM app_user WHERE name = ?1", &name)? {
                return Err(StoreError::invalid("name", format!("'{name}' is already a user")));
            }
            let user_id = UserId::from_random(st.random10()?);
            let keys = attest_vault::new_user(user_id.as_str(), password, kdf, &mut *st.rng)?;
            let now = st.clock.now();
            tx.execute(
                "INSERT INTO app_user (user_id, name, role, keys, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![user_id.as_str(), name, role.as_str(), serde_json::to_string(&keys).unwrap_or_default(), now],
            )?;
            let records = [commit(tx, "app_user", &[user_id.as_str()])?];
            let fingerprint = key_fingerprint(&keys.public_key);
            append(
                tx,
                &now,
                &st.actor,
                "user.add",
                user_id.as_str(),
                &json!({ "name": name, "role": role.as_str(), "fingerprint": fingerprint, "records": records }),
            )?;
            Ok(user_id)
        })
    }

    /// Makes a user a member of a case.
    pub fn add_member(&mut self, user: &str, case: &str) -> Result<()> {
        self.write(|tx, st| {
            for (kind, sql, id) in [
                ("user", "SELECT 1 FROM app_user WHERE user_id = ?1", user),
                ("case", "SELECT 1 FROM case_file WHERE case_id = ?1", case),
            ] {
                if !exists(tx, sql, id)? {
                    return Err(StoreError::NotFound { kind, id: id.to_string() });
                }
            }
            let now = st.clock.now();
            tx.execute(
                "INSERT OR IGNORE INTO membership (user_id, case_id, created_at) VALUES (?1, ?2, ?3)",
                params![user, case, now],
            )?;
            let records = [commit(tx, "membership", &[user, case])?];
            append(tx, &now, &st.actor, "membership.add", case, &json!({ "user_id": user, "records": records }))
        })
    }

    /// Grants a member "may see sealed identities" of a case: the case's identity key, opened
    /// with the archive key (only the passphrase holder has it), sealed to the user's public key
    /// once its pin verifies (or pinned now, at the first grant: the outcome's fingerprint must
    /// then be confirmed with the user out of band).
    pub fn grant_identities(&mut self, user: &str, case: &str) -> Result<GrantOutcome> {
        self.write(|tx, st| {
            let keys = grantee_keys(tx, user, case)?;
            let outcome = check_or_pin(tx, st, user, &keys)?;
            let generation = key_generation(tx, case, GrantKind::Identities)?;
            st.identity_key(tx, case)?;
            let key = st
                .identity_keys
                .remove(case)
                .ok_or_else(|| StoreError::NotFound { kind: "case", id: case.to_string() })?;
            let sealed = seal_for(st, &keys, user, case, generation, &key);
            st.identity_keys.insert(case.to_string(), key);
            put_grant(tx, st, user, case, GrantKind::Identities, generation, &sealed?)?;
            Ok(outcome)
        })
    }

    /// Reveals a witness's sealed fields as a user: the user's password opens their private key,
    /// which opens their grant, which opens the fields. Refused without membership or grant; the
    /// reveal is logged (with the user) before anything is decrypted.
    pub fn reveal_witness_as(
        &mut self,
        user: &str,
        password: &Passphrase,
        witness_id: &WitnessId,
        reason: Option<&str>,
    ) -> Result<RevealedWitness> {
        let id = witness_id.as_str();
        let reason = clean("reason", &reason.map(str::to_string), 500)?;
        // Checks first, without writing: a refused reveal leaves the archive as it was.
        let (keys, sealed_grant, generation, row) = {
            let tx = self.conn.unchecked_transaction()?;
            let row = SealedWitness::read(&tx, id)?;
            let grant = stored_grant(&tx, user, &row.case_id, IDENTITIES)?;
            let (grant, grant_generation) = grant.ok_or_else(|| StoreError::Forbidden {
                user: user.to_string(),
                action: format!("reveal {id}"),
                reason: format!("no identity grant for case {}", row.case_id),
            })?;
            let keys = user_keys(&tx, user)?;
            let current = key_generation(&tx, &row.case_id, GrantKind::Identities)?;
            current_grant(user, &row.case_id, GrantKind::Identities, grant_generation, current)?;
            (keys, grant, current, row)
        };
        let unlocked = attest_vault::unlock_user(user, &keys, password)?;
        let ctx = GrantContext { archive_id: &self.state.archive_id, case_id: &row.case_id, generation };
        let key = attest_vault::open_identity_grant(&unlocked, &ctx, &sealed_grant)?;
        self.write(|tx, st| {
            let now = st.clock.now();
            append(
                tx,
                &now,
                user,
                "witness.reveal",
                id,
                &json!({ "case_id": row.case_id, "reason": reason, "as_user": user }),
            )
        })?;
        row.open(id, &key)
    }

    /// Revokes a user's identity grant and re-keys the case: a fresh identity key, every sealed
    /// field of the case re-encrypted under it, the key wrapped again for the archive and sealed
    /// again for every remaining grantee, all in one transaction. Returns the fields re-sealed.
    pub fn revoke_identities(&mut self, user: &str, case: &str) -> Result<usize> {
        type Row = (String, Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>);
        self.write(|tx, st| {
            if !exists2(tx, "SELECT 1 FROM user_grant WHERE kind = 'identities' AND case_id = ?1 AND user_id = ?2", case, user)? {
                return Err(StoreError::invalid("user", format!("{user} has no identity grant for {case}")));
            }
            st.identity_key(tx, case)?;
            let generation = key_generation(tx, case, GrantKind::Identities)? + 1;
            let old = st.identity_keys.remove(case).ok_or_else(|| StoreError::NotFound { kind: "case", id: case.to_string() })?;
            let (wrapped, new) = crate::custody(&st.archive_key)?.new_identity_key(case, generation, &mut *st.rng)?;
            let rows: Vec<Row> = tx
                .prepare("SELECT witness_id, sealed_name, sealed_contact, sealed_notes FROM witness WHERE case_id = ?1")?
                .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut resealed = 0;
            for (wid, name, contact, notes) in rows {
                let mut reseal = |field: &str, sealed: &[u8]| -> Result<Vec<u8>> {
                    let plain = old.open(&wid, field, sealed)?;
                    resealed += 1;
                    Ok(new.seal(&wid, field, plain.expose(), &mut *st.rng)?)
                };
                let name = reseal("legal_name", &name)?;
                let contact = contact.map(|c| reseal("contact", &c)).transpose()?;
                let notes = notes.map(|n| reseal("notes", &n)).transpose()?;
                tx.execute(
                    "UPDATE witness SET sealed_name = ?2, sealed_contact = ?3, sealed_notes = ?4 WHERE witness_id = ?1",
                    params![wid, name, contact, notes],
                )?;
            }
            tx.execute("UPDATE case_file SET wrapped_identity_key = ?2 WHERE case_id = ?1", params![case, wrapped])?;
            set_generation(tx, case, GrantKind::Identities, generation)?;
            tx.execute("DELETE FROM user_grant WHERE user_id = ?1 AND case_id = ?2 AND kind = ?3", params![user, case, IDENTITIES])?;
            let others = reseal_grants(tx, st, case, GrantKind::Identities, generation, |st, keys, other| seal_for(st, keys, other, case, generation, &new))?;
            st.identity_keys.insert(case.to_string(), new);
            let now = st.clock.now();
            let mut records = commit_where(tx, "witness", "case_id = ?1", case)?;
            records.push(commit(tx, "case_file", &[case])?);
            records.push(commit(tx, "user_grant", &[user, case, IDENTITIES])?);
            records.extend(commit_where(tx, "user_grant", "case_id = ?1", case)?);
            append(tx, &now, &st.actor, "grant.revoke", case, &json!({ "user_id": user, "kind": IDENTITIES, "generation": generation, "resealed_fields": resealed, "grants_resealed": others.len(), "records": records }))?;
            Ok(resealed)
        })
    }

    /// Grants a member "may read testimonies" of a case: the case key (which seals the case's
    /// original files), opened with the archive key, sealed to the user's public key.
    pub fn grant_testimonies(&mut self, user: &str, case: &str) -> Result<GrantOutcome> {
        self.write(|tx, st| {
            let keys = grantee_keys(tx, user, case)?;
            let outcome = check_or_pin(tx, st, user, &keys)?;
            let generation = key_generation(tx, case, GrantKind::Testimonies)?;
            st.case_key(tx, case)?;
            let State { case_keys, rng, archive_id, .. } = st;
            let key = case_keys.get(case).ok_or_else(|| StoreError::NotFound { kind: "case", id: case.to_string() })?;
            let ctx = GrantContext { archive_id, case_id: case, generation };
            let sealed = attest_vault::grant_case_key(&keys.public_key, user, &ctx, key, &mut **rng)?;
            put_grant(tx, st, user, case, GrantKind::Testimonies, generation, &sealed)?;
            Ok(outcome)
        })
    }

    /// Opens a user's case-key grant with their password and keeps the key for the next call
    /// only (see [`Archive::add_testimony_as`], [`Archive::open_original_as`]). Refused without
    /// membership or grant, before any key work.
    fn unlock_case_as(&mut self, user: &str, password: &Passphrase, case: &str) -> Result<()> {
        let (keys, sealed, generation) = {
            let tx = self.conn.unchecked_transaction()?;
            let grant = stored_grant(&tx, user, case, TESTIMONIES)?;
            let (sealed, grant_generation) = grant.ok_or_else(|| StoreError::Forbidden {
                user: user.to_string(),
                action: format!("open the originals of {case}"),
                reason: format!("no testimonies grant for case {case}"),
            })?;
            let current = key_generation(&tx, case, GrantKind::Testimonies)?;
            current_grant(user, case, GrantKind::Testimonies, grant_generation, current)?;
            (user_keys(&tx, user)?, sealed, current)
        };
        let unlocked = attest_vault::unlock_user(user, &keys, password)?;
        let ctx = GrantContext { archive_id: &self.state.archive_id, case_id: case, generation };
        let key = attest_vault::open_case_grant(&unlocked, &ctx, &sealed)?;
        self.state.case_keys.insert(case.to_string(), key);
        Ok(())
    }

    /// Adds a testimony whose files are sealed with the case key that `user`'s grant opens: how
    /// the workspace server, which holds no case key of its own, keeps an uploaded file.
    pub fn add_testimony_as(
        &mut self,
        user: &str,
        password: &Passphrase,
        t: crate::NewTestimony,
        claims: Vec<crate::ClaimDraft>,
    ) -> Result<(attest_domain::SourceId, Vec<attest_domain::ClaimId>)> {
        let case = t.case_id.as_str().to_string();
        let had_key = self.state.case_keys.contains_key(&case);
        self.unlock_case_as(user, password, &case)?;
        let out = self.add_testimony(t, claims);
        if !had_key || self.is_serve_mode() {
            self.state.case_keys.remove(&case);
        }
        out
    }

    /// Opens the `n`-th original file of a source (0 = first kept) as a user: their password
    /// opens their testimonies grant, which opens the file. Logged (with the user) before the
    /// file is decrypted. Returns the file's record and its bytes.
    pub fn open_original_as(
        &mut self,
        user: &str,
        password: &Passphrase,
        source_id: &str,
        n: usize,
    ) -> Result<(crate::OriginalRecord, zeroize::Zeroizing<Vec<u8>>)> {
        type Row = (String, String, String, Option<Vec<u8>>, Vec<u8>);
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT s.case_id, o.role, o.sha256, o.sealed_meta, o.sealed FROM original o
                 JOIN source s ON s.source_id = o.source_id WHERE o.source_id = ?1 ORDER BY o.original_id LIMIT 1 OFFSET ?2",
                params![source_id, n as i64],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let (case, role, digest, sealed_meta, sealed) =
            row.ok_or_else(|| StoreError::NotFound { kind: "original", id: format!("{source_id}/{n}") })?;
        let had_key = self.state.case_keys.contains_key(&case);
        self.unlock_case_as(user, password, &case)?;
        let logged = self.write(|tx, st| {
            let now = st.clock.now();
            append(
                tx,
                &now,
                user,
                "original.open",
                source_id,
                &json!({ "case_id": case, "role": role, "digest": digest }),
            )
        });
        let opened = logged.and_then(|()| {
            let key = self
                .state
                .case_keys
                .get(&case)
                .ok_or_else(|| StoreError::NotFound { kind: "case", id: case.clone() })?;
            crate::write::open_original_row(key, source_id, &digest, sealed_meta.as_deref(), &sealed)
        });
        if !had_key || self.is_serve_mode() {
            self.state.case_keys.remove(&case);
        }
        let (meta, bytes) = opened?;
        let record = crate::OriginalRecord {
            role,
            file_name: meta.file_name.clone(),
            bytes: meta.bytes as i64,
            sha256: meta.sha256_hex.clone(),
        };
        Ok((record, bytes))
    }

    /// Revokes a user's testimonies grant and re-keys the case key: every original of the case is
    /// decrypted and sealed again under a fresh key, the key wrapped again for the archive and
    /// sealed again for every remaining grantee, in one transaction. Returns the files re-sealed.
    pub fn revoke_testimonies(&mut self, user: &str, case: &str) -> Result<usize> {
        self.write(|tx, st| {
            if !exists2(tx, "SELECT 1 FROM user_grant WHERE kind = 'testimonies' AND case_id = ?1 AND user_id = ?2", case, user)? {
                return Err(StoreError::invalid("user", format!("{user} has no testimonies grant for {case}")));
            }
            st.case_key(tx, case)?;
            let generation = key_generation(tx, case, GrantKind::Testimonies)? + 1;
            let old = st.case_keys.remove(case).ok_or_else(|| StoreError::NotFound { kind: "case", id: case.to_string() })?;
            let (wrapped, new) = crate::custody(&st.archive_key)?.new_case_key(case, generation, &mut *st.rng)?;
            type OriginalRow = (i64, String, String, Option<Vec<u8>>, Vec<u8>);
            let rows: Vec<OriginalRow> = tx
                .prepare(
                    "SELECT o.original_id, o.source_id, o.sha256, o.sealed_meta, o.sealed FROM original o JOIN source s ON s.source_id = o.source_id
                     WHERE s.case_id = ?1",
                )?
                .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, source, digest, meta, sealed) in &rows {
                let meta = meta.as_deref().ok_or_else(|| crate::write::legacy_original(source))?;
                let (meta, resealed) = old.reseal_original(&new, source, digest, meta, sealed, &mut *st.rng)?;
                tx.execute("UPDATE original SET sealed = ?2, sealed_meta = ?3 WHERE original_id = ?1", params![id, resealed, meta])?;
            }
            tx.execute("UPDATE case_file SET wrapped_case_key = ?2 WHERE case_id = ?1", params![case, wrapped])?;
            set_generation(tx, case, GrantKind::Testimonies, generation)?;
            tx.execute("DELETE FROM user_grant WHERE user_id = ?1 AND case_id = ?2 AND kind = ?3", params![user, case, TESTIMONIES])?;
            let others = reseal_grants(tx, st, case, GrantKind::Testimonies, generation, |st, keys, other| {
                let State { archive_id, rng, .. } = st;
                let ctx = GrantContext { archive_id, case_id: case, generation };
                Ok(attest_vault::grant_case_key(&keys.public_key, other, &ctx, &new, &mut **rng)?)
            })?;
            st.case_keys.insert(case.to_string(), new);
            let now = st.clock.now();
            let mut records = vec![commit(tx, "case_file", &[case])?, commit(tx, "user_grant", &[user, case, TESTIMONIES])?];
            records.extend(commit_where(tx, "user_grant", "case_id = ?1", case)?);
            append(tx, &now, &st.actor, "grant.revoke", case, &json!({ "user_id": user, "kind": TESTIMONIES, "generation": generation, "resealed_originals": rows.len(), "grants_resealed": others.len(), "records": records }))?;
            Ok(rows.len())
        })
    }

    /// Checks a user's name and password. An unknown name (or an account whose invitation is not
    /// accepted yet) costs the same Argon2id work as a user created with the default parameters,
    /// which every account gets, so the time does not tell who exists. `Ok(None)` for a wrong name
    /// or password, without saying which.
    pub fn authenticate(&self, name: &str, password: &Passphrase) -> Result<Option<UserRecord>> {
        let found: Option<(String, String)> = self
            .conn
            .query_row("SELECT user_id, keys FROM app_user WHERE name = ?1", [name], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let keys: Option<(String, UserKeys)> =
            found.and_then(|(id, json)| serde_json::from_str(&json).ok().map(|k| (id, k)));
        if !attest_vault::login(keys.as_ref().map(|(_, k)| k), password, KdfParams::recommended())? {
            return Ok(None);
        }
        match keys {
            Some((id, _)) => Ok(Some(self.get_user(&id)?)),
            None => Ok(None),
        }
    }

    /// Turns on the TOTP second factor for a user (or gives them a new secret); returns the secret
    /// for their authenticator app, shown once. The log records that it happened, not the secret.
    pub fn enable_totp(&mut self, user_id: &str) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        self.write(|tx, st| {
            if !exists(tx, "SELECT 1 FROM app_user WHERE user_id = ?1", user_id)? {
                return Err(StoreError::NotFound { kind: "user", id: user_id.to_string() });
            }
            let secret = attest_vault::new_totp_secret(&mut *st.rng)?;
            tx.execute("UPDATE app_user SET totp = ?2 WHERE user_id = ?1", params![user_id, &secret[..]])?;
            let now = st.clock.now();
            let records = [commit(tx, "app_user", &[user_id])?];
            append(tx, &now, &st.actor, "user.totp", user_id, &json!({ "enabled": true, "records": records }))?;
            Ok(secret)
        })
    }

    /// Checks a TOTP code for a user who has the second factor; `Ok(None)` when it does not match.
    /// Returns the step it matched (the caller refuses a step already used).
    pub fn check_totp(&self, user_id: &str, code: &str, unix: u64) -> Result<Option<u64>> {
        let secret: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT totp FROM app_user WHERE user_id = ?1", [user_id], |r| r.get(0))
            .optional()?
            .flatten();
        let secret = zeroize::Zeroizing::new(secret.unwrap_or_default());
        Ok(if secret.is_empty() { None } else { attest_vault::totp_check(&secret, code, unix) })
    }

    /// One user, with memberships and identity grants.
    pub fn get_user(&self, user_id: &str) -> Result<UserRecord> {
        self.users(Some(user_id))?.pop().ok_or_else(|| StoreError::NotFound { kind: "user", id: user_id.to_string() })
    }

    /// The users, with their memberships and identity grants.
    pub fn list_users(&self) -> Result<Vec<UserRecord>> {
        self.users(None)
    }

    fn users(&self, only: Option<&str>) -> Result<Vec<UserRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT user_id, name, role, created_at, totp IS NOT NULL, keys = '' FROM app_user \
             WHERE ?1 IS NULL OR user_id = ?1 ORDER BY name",
        )?;
        type Row = (UserId, String, String, String, bool, bool);
        let users: Vec<Row> = stmt
            .query_map([only], |r| Ok((crate::read::id(r, 0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (user_id, name, role, created_at, totp, invited) in users {
            let role = Role::parse(&role).map_err(|e| StoreError::invalid("role", format!("user {user_id}: {e}")))?;
            let cases = self
                .conn
                .prepare_cached("SELECT case_id FROM membership WHERE user_id = ?1 ORDER BY case_id")?
                .query_map([user_id.as_str()], |r| crate::read::id(r, 0))?
                .collect::<rusqlite::Result<_>>()?;
            let identity_grants = self
                .conn
                .prepare_cached(
                    "SELECT case_id FROM user_grant WHERE user_id = ?1 AND kind = 'identities' ORDER BY case_id",
                )?
                .query_map([user_id.as_str()], |r| crate::read::id(r, 0))?
                .collect::<rusqlite::Result<_>>()?;
            let testimony_grants = self
                .conn
                .prepare_cached(
                    "SELECT case_id FROM user_grant WHERE user_id = ?1 AND kind = 'testimonies' ORDER BY case_id",
                )?
                .query_map([user_id.as_str()], |r| crate::read::id(r, 0))?
                .collect::<rusqlite::Result<_>>()?;
            out.push(UserRecord {
                user_id,
                name,
                role,
                created_at,
                cases,
                identity_grants,
                testimony_grants,
                totp,
                invited,
            });
        }
        Ok(out)
    }
}
