//! Writes: every change and its audit-log entry in one IMMEDIATE transaction.

use attest_domain::{ActSlug, CaseId, ClaimId, Id, SourceId, Span, UncertainCount, UncertainDate, WitnessId};
use attest_vault::KeyHeader;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::json;

use crate::error::{Result, StoreError};
use crate::log::{append, sha256_hex};
use crate::projection::{commit, commit_all, commit_where};
use crate::records::{NewDocument, NewTestimony, NewWitness, OriginalFile, RevealedWitness};
use crate::{Archive, State};

/// Largest original accepted, in bytes. Originals are kept whole in one encrypted blob; larger
/// recordings need chunked storage (noted in the issue tracker), so they are refused clearly.
pub const MAX_ORIGINAL_BYTES: usize = 512 * 1024 * 1024;

/// A claim about a source, before it is stored.
pub struct ClaimDraft {
    /// Where in the source.
    pub span: Span,
    /// What act.
    pub act: ActSlug,
    /// Where.
    pub place: Option<String>,
    /// When.
    pub when: Option<UncertainDate>,
    /// How many.
    pub count: Option<UncertainCount>,
    /// Who suffered it.
    pub victim: Option<String>,
    /// Who did it.
    pub perpetrator: Option<String>,
}

pub(crate) fn clean(field: &'static str, value: &Option<String>, max: usize) -> Result<Option<String>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.chars().count() > max || v.chars().any(char::is_control) => {
            Err(StoreError::invalid(field, format!("must be at most {max} printable characters")))
        }
        Some(v) => Ok(Some(v.to_string())),
    }
}

pub(crate) fn exists(tx: &Transaction<'_>, sql: &str, id: &str) -> Result<bool> {
    Ok(tx.prepare_cached(sql)?.query_row([id], |_| Ok(())).optional()?.is_some())
}

/// Like [`exists`] with two bound values.
pub(crate) fn exists2(tx: &Transaction<'_>, sql: &str, a: &str, b: &str) -> Result<bool> {
    Ok(tx.prepare_cached(sql)?.query_row([a, b], |_| Ok(())).optional()?.is_some())
}

impl Archive {
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &mut State) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // The log's append marks the database as open with changes (`closed_clean = '0'`); when it
        // was not marked yet, that mark must reach the main file now (see `backup.rs`).
        let marked = tx
            .prepare_cached("SELECT 1 FROM meta WHERE key = 'closed_clean' AND value = '0'")?
            .query_row([], |_| Ok(()))
            .optional()?
            .is_some();
        let out = f(&tx, &mut self.state)?;
        tx.commit()?;
        self.state.wrote = true;
        if !marked {
            let _: (i64, i64, i64) =
                self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        }
        Ok(out)
    }

    pub(crate) fn write_init(&mut self, header: &KeyHeader) -> Result<()> {
        self.write(|tx, st| {
            let now = st.clock.now();
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('archive_id', ?1), ('created_at', ?2), ('kdf', ?3)",
                params![st.archive_id, now, serde_json::to_string(&header.kdf).unwrap_or_default()],
            )?;
            for (slug, label) in attest_domain::BUILT_IN_ACTS {
                tx.execute("INSERT INTO act (act_slug, label, built_in) VALUES (?1, ?2, 1)", params![slug, label])?;
            }
            let records = commit_where(tx, "act", "built_in = ?1", "1")?;
            append(
                tx,
                &now,
                &st.actor,
                "archive.init",
                &st.archive_id,
                &json!({ "kdf": header.kdf, "records": records }),
            )
        })
    }

    /// An archive made before log entries committed to records commits all of them in one
    /// baseline entry, once (migration 9 asks for it). What was changed before that moment
    /// without a log entry cannot be told apart any more; `verify` names the baseline entry.
    pub(crate) fn commit_baseline_if_pending(&mut self) -> Result<()> {
        let pending = self
            .conn
            .query_row("SELECT 1 FROM meta WHERE key = 'records_baseline_pending'", [], |_| Ok(()))
            .optional()?
            .is_some();
        if !pending {
            return Ok(());
        }
        self.write(|tx, st| {
            let records = commit_all(tx)?;
            tx.execute("DELETE FROM meta WHERE key = 'records_baseline_pending'", [])?;
            let now = st.clock.now();
            append(tx, &now, &st.actor, "archive.commit-records", &st.archive_id, &json!({ "records": records }))
        })
    }

    /// Adds a case with fresh case and identity keys.
    pub fn add_case(&mut self, title: &str) -> Result<CaseId> {
        let title = clean("title", &Some(title.to_string()), 200)?
            .ok_or_else(|| StoreError::invalid("title", "must not be empty"))?;
        self.write(|tx, st| {
            let case_id = CaseId::from_random(st.random10()?);
            let (wrapped_case, _) = crate::custody(&st.archive_key)?.new_case_key(case_id.as_str(), 1, &mut *st.rng)?;
            let (wrapped_identity, _) = crate::custody(&st.archive_key)?.new_identity_key(case_id.as_str(), 1, &mut *st.rng)?;
            let now = st.clock.now();
            tx.execute(
                "INSERT INTO case_file (case_id, title, created_at, wrapped_case_key, wrapped_identity_key) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case_id.as_str(), title, now, wrapped_case, wrapped_identity],
            )?;
            let records = [commit(tx, "case_file", &[case_id.as_str()])?];
            append(tx, &now, &st.actor, "case.add", case_id.as_str(), &json!({ "title": title, "records": records }))?;
            Ok(case_id)
        })
    }

    /// Adds a witness; sealed fields are encrypted with the case's identity key before they reach
    /// the database.
    pub fn add_witness(&mut self, w: NewWitness) -> Result<WitnessId> {
        self.write(|tx, st| {
            let case = w.case_id.as_str();
            if !exists(tx, "SELECT 1 FROM case_file WHERE case_id = ?1", case)? {
                return Err(StoreError::NotFound { kind: "case", id: case.to_string() });
            }
            if w.sealed_name.expose().trim().is_empty() {
                return Err(StoreError::invalid("sealed-name", "must not be empty"));
            }
            w.check_sealed_text()?;
            let taken: Option<String> = tx
                .query_row("SELECT witness_id FROM witness WHERE case_id = ?1 AND pseudonym = ?2", params![case, w.pseudonym.as_str()], |r| r.get(0))
                .optional()?;
            if let Some(other) = taken {
                return Err(StoreError::invalid("pseudonym", format!("'{}' is already used by {other} in this case", w.pseudonym.as_str())));
            }
            let witness_id = WitnessId::from_random(st.random10()?);
            let id = witness_id.as_str().to_string();
            let seal = |st: &mut State, field: &str, v: &attest_vault::SecretText| -> Result<Vec<u8>> {
                st.identity_key(tx, case)?;
                let State { identity_keys, rng, .. } = st;
                let key = identity_keys.get(case).ok_or_else(|| StoreError::NotFound { kind: "case", id: case.to_string() })?;
                Ok(key.seal(&id, field, v.expose(), &mut **rng)?)
            };
            let name = seal(st, "legal_name", &w.sealed_name)?;
            let contact = w.sealed_contact.as_ref().map(|v| seal(st, "contact", v)).transpose()?;
            let notes = w.sealed_notes.as_ref().map(|v| seal(st, "notes", v)).transpose()?;
            let now = st.clock.now();
            tx.execute(
                "INSERT INTO witness (witness_id, case_id, pseudonym, consent, created_at, sealed_name, sealed_contact, sealed_notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, case, w.pseudonym.as_str(), w.consent.as_str(), now, name, contact, notes],
            )?;
            let mut sealed_fields = vec!["legal_name"];
            if contact.is_some() {
                sealed_fields.push("contact");
            }
            if notes.is_some() {
                sealed_fields.push("notes");
            }
            let records = [commit(tx, "witness", &[&id])?];
            append(tx, &now, &st.actor, "witness.add", &id, &json!({
                "case_id": case, "pseudonym": w.pseudonym.as_str(), "consent": w.consent.as_str(), "sealed_fields": sealed_fields,
                "records": records,
            }))?;
            Ok(witness_id)
        })
    }

    /// Adds a testimony and its claims in one transaction.
    pub fn add_testimony(&mut self, t: NewTestimony, claims: Vec<ClaimDraft>) -> Result<(SourceId, Vec<ClaimId>)> {
        self.write(|tx, st| insert_testimony(tx, st, t, claims))
    }

    /// Adds many testimonies (each with its claims) in one transaction: all or nothing.
    pub fn add_testimonies(
        &mut self,
        batch: Vec<(NewTestimony, Vec<ClaimDraft>)>,
    ) -> Result<Vec<(SourceId, Vec<ClaimId>)>> {
        self.write(|tx, st| batch.into_iter().map(|(t, c)| insert_testimony(tx, st, t, c)).collect())
    }

    /// Adds a document (an article, a report, a saved page's text) to a case; its file is kept as
    /// an encrypted original with its SHA-256.
    pub fn add_document(&mut self, d: NewDocument) -> Result<SourceId> {
        self.write(|tx, st| {
            let case = d.case_id.as_str();
            if !exists(tx, "SELECT 1 FROM case_file WHERE case_id = ?1", case)? {
                return Err(StoreError::NotFound { kind: "case", id: case.to_string() });
            }
            if d.text.text.trim().is_empty() {
                return Err(StoreError::invalid("file", "the document has no text"));
            }
            let title = clean("title", &d.title, 500)?;
            let url = clean("url", &d.url, 2000)?;
            let author = clean("author", &d.author, 300)?;
            let fetched_at = clean("fetched-at", &d.fetched_at, 64)?;
            let source_id = SourceId::from_random(st.random10()?);
            let sid = source_id.as_str().to_string();
            let text_sha = sha256_hex(d.text.text.as_bytes());
            let chars = d.text.text.chars().count() as i64;
            let encoding = d.text.encoding.as_str();
            let now = st.clock.now();
            tx.execute(
                "INSERT INTO source (source_id, case_id, kind, language, reliability, text, text_sha256, text_chars, encoding, created_at, title, url, author, published, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                params![
                    sid, case, d.kind, d.language, d.reliability.map(|r| r.to_string()), d.text.text, text_sha, chars, encoding, now,
                    title, url, author, d.published.as_ref().map(|p| p.edtf.clone()), fetched_at
                ],
            )?;
            let owner = Owner { case_id: case, source_id: &sid, now: &now };
            let (original, original_record) = insert_original(tx, st, &owner, "original", &d.file)?;
            let records = [commit(tx, "source", &[&sid])?, original_record];
            append(tx, &now, &st.actor, "source.add", &sid, &json!({
                "case_id": case, "kind": d.kind, "text_sha256": text_sha, "originals": [original], "records": records,
            }))?;
            Ok(source_id)
        })
    }

    /// Adds a claim to an existing source.
    pub fn add_claim(&mut self, source_id: &SourceId, draft: ClaimDraft) -> Result<ClaimId> {
        self.write(|tx, st| {
            let row: Option<(String, String)> = tx
                .query_row("SELECT case_id, text FROM source WHERE source_id = ?1", [source_id.as_str()], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let (case_id, text) =
                row.ok_or_else(|| StoreError::NotFound { kind: "source", id: source_id.to_string() })?;
            insert_claim(tx, st, source_id, &case_id, &text, draft)
        })
    }

    /// Adds an act to this archive's vocabulary.
    pub fn add_act(&mut self, act: &ActSlug, label: &str) -> Result<()> {
        let label = clean("label", &Some(label.to_string()), 200)?
            .ok_or_else(|| StoreError::invalid("label", "must not be empty"))?;
        self.write(|tx, st| {
            if exists(tx, "SELECT 1 FROM act WHERE act_slug = ?1", act.as_str())? {
                return Err(StoreError::invalid("act", format!("'{}' is already in the vocabulary", act.as_str())));
            }
            tx.execute("INSERT INTO act (act_slug, label, built_in) VALUES (?1, ?2, 0)", params![act.as_str(), label])?;
            let now = st.clock.now();
            let records = [commit(tx, "act", &[act.as_str()])?];
            append(tx, &now, &st.actor, "act.add", act.as_str(), &json!({ "label": label, "records": records }))
        })
    }

    /// Opens a witness's sealed fields. The reveal is logged (and committed) before anything is
    /// decrypted, so there is no reveal without a log entry.
    pub fn reveal_witness(&mut self, witness_id: &WitnessId, reason: Option<&str>) -> Result<RevealedWitness> {
        let id = witness_id.as_str();
        let reason = clean("reason", &reason.map(str::to_string), 500)?;
        let row = self.write(|tx, st| {
            let row = SealedWitness::read(tx, id)?;
            let now = st.clock.now();
            append(tx, &now, &st.actor, "witness.reveal", id, &json!({ "case_id": row.case_id, "reason": reason }))?;
            Ok(row)
        })?;
        let key = self.state.identity_key(&self.conn, &row.case_id)?;
        row.open(id, key)
    }
}

/// Which source an original belongs to, and when it arrived.
struct Owner<'a> {
    case_id: &'a str,
    source_id: &'a str,
    now: &'a str,
}

fn insert_original(
    tx: &Transaction<'_>,
    st: &mut State,
    owner: &Owner<'_>,
    role: &str,
    file: &OriginalFile,
) -> Result<(serde_json::Value, serde_json::Value)> {
    let Owner { case_id, source_id, now } = *owner;
    if file.bytes.len() > MAX_ORIGINAL_BYTES {
        return Err(StoreError::invalid(
            "original",
            format!(
                "{} is {} bytes; originals over {} MiB are not supported yet",
                file.file_name,
                file.bytes.len(),
                MAX_ORIGINAL_BYTES >> 20
            ),
        ));
    }
    st.case_key(tx, case_id)?;
    let State { case_keys, rng, .. } = st;
    let key = case_keys.get(case_id).ok_or_else(|| StoreError::NotFound { kind: "case", id: case_id.to_string() })?;
    // Name, size and SHA-256 are sealed with the file under the case key; the row and the log
    // keep only the keyed digest, which nobody without the case key can test a guess against.
    let sealed = key.seal_original(source_id, &file.file_name, &file.bytes, &mut **rng)?;
    tx.prepare_cached("INSERT INTO original (source_id, role, file_name, bytes, sha256, sealed, sealed_meta, created_at) VALUES (?1, ?2, '', 0, ?3, ?4, ?5, ?6)")?.execute(
        params![source_id, role, sealed.digest, sealed.sealed, sealed.sealed_meta, now],
    )?;
    let record = commit(tx, "original", &[&tx.last_insert_rowid().to_string()])?;
    Ok((json!({ "role": role, "digest": sealed.digest }), record))
}

/// An original stored before its metadata was sealed (before migration 9): not opened.
pub(crate) fn legacy_original(source_id: &str) -> StoreError {
    StoreError::invalid(
        "original",
        format!(
            "an original of {source_id} was stored by an earlier development version of attest and cannot be opened by this one"
        ),
    )
}

/// Opens an original row with its case key: metadata, bytes, and the checks of size, SHA-256 and
/// keyed digest.
pub(crate) fn open_original_row(
    key: &attest_vault::CaseKey,
    source_id: &str,
    digest: &str,
    sealed_meta: Option<&[u8]>,
    sealed: &[u8],
) -> Result<(attest_vault::OriginalMeta, zeroize::Zeroizing<Vec<u8>>)> {
    let meta = sealed_meta.ok_or_else(|| legacy_original(source_id))?;
    Ok(key.open_original(source_id, digest, meta, sealed)?)
}

fn insert_testimony(
    tx: &Transaction<'_>,
    st: &mut State,
    t: NewTestimony,
    claims: Vec<ClaimDraft>,
) -> Result<(SourceId, Vec<ClaimId>)> {
    let case = t.case_id.as_str();
    let witness_case: Option<String> = tx
        .prepare_cached("SELECT case_id FROM witness WHERE witness_id = ?1")?
        .query_row([t.witness_id.as_str()], |r| r.get(0))
        .optional()?;
    match witness_case {
        None => {
            return Err(StoreError::NotFound { kind: "witness", id: t.witness_id.to_string() });
        }
        Some(c) if c != case => {
            return Err(StoreError::invalid("witness", format!("{} belongs to case {c}, not {case}", t.witness_id)));
        }
        Some(_) => {}
    }
    if t.text.text.trim().is_empty() {
        return Err(StoreError::invalid("file", "the transcript is empty"));
    }
    let interviewer = clean("interviewer", &t.interviewer, 200)?;
    let source_id = SourceId::from_random(st.random10()?);
    let sid = source_id.as_str().to_string();
    let text_sha = sha256_hex(t.text.text.as_bytes());
    let chars = t.text.text.chars().count() as i64;
    let encoding = t.text.encoding.as_str();
    let now = st.clock.now();
    tx.prepare_cached(
        "INSERT INTO source (source_id, case_id, kind, witness_id, language, interviewed, interviewer, reliability, text, text_sha256, text_chars, encoding, created_at)
         VALUES (?1, ?2, 'testimony', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
            sid, case, t.witness_id.as_str(), t.language, t.interviewed.as_ref().map(|d| d.edtf.clone()), interviewer,
            t.reliability.map(|r| r.to_string()), t.text.text, text_sha, chars, encoding, now
    ])?;
    let mut originals = Vec::new();
    let mut records = vec![commit(tx, "source", &[&sid])?];
    let owner = Owner { case_id: case, source_id: &sid, now: &now };
    if let Some(f) = &t.transcript_file {
        let (original, record) = insert_original(tx, st, &owner, "transcript", f)?;
        originals.push(original);
        records.push(record);
    }
    if let Some(f) = &t.original {
        let (original, record) = insert_original(tx, st, &owner, "original", f)?;
        originals.push(original);
        records.push(record);
    }
    append(
        tx,
        &now,
        &st.actor,
        "source.add",
        &sid,
        &json!({
            "case_id": case, "kind": "testimony", "witness_id": t.witness_id.as_str(), "text_sha256": text_sha, "originals": originals,
            "records": records,
        }),
    )?;
    let claim_ids = claims
        .into_iter()
        .map(|d| insert_claim(tx, st, &source_id, case, &t.text.text, d))
        .collect::<Result<Vec<_>>>()?;
    Ok((source_id, claim_ids))
}

pub(crate) fn insert_claim(
    tx: &Transaction<'_>,
    st: &mut State,
    source_id: &SourceId,
    case_id: &str,
    text: &str,
    d: ClaimDraft,
) -> Result<ClaimId> {
    let passage = d.span.passage(text).map_err(|e| StoreError::invalid("span", e.to_string()))?.to_string();
    if !exists(tx, "SELECT 1 FROM act WHERE act_slug = ?1", d.act.as_str())? {
        let mut stmt = tx.prepare_cached("SELECT act_slug FROM act ORDER BY act_slug")?;
        let known: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        return Err(StoreError::invalid(
            "act",
            format!(
                "unknown act '{}'; known acts: {}; add one with `attest act add`",
                d.act.as_str(),
                known.join(", ")
            ),
        ));
    }
    let place = clean("place", &d.place, 300)?;
    let victim = clean("victim", &d.victim, 300)?;
    let perpetrator = clean("perpetrator", &d.perpetrator, 300)?;
    let claim_id: ClaimId = Id::from_random(st.random10()?);
    let now = st.clock.now();
    tx.prepare_cached(
        "INSERT INTO claim (claim_id, source_id, case_id, span_start, span_end, passage, act_slug, place, when_edtf, when_earliest, when_latest, count_text, victim, perpetrator, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        claim_id.as_str(), source_id.as_str(), case_id, d.span.start as i64, d.span.end as i64, passage, d.act.as_str(), place,
        d.when.as_ref().map(|w| w.edtf.clone()), d.when.as_ref().and_then(|w| w.earliest).map(|x| x.iso()),
        d.when.as_ref().and_then(|w| w.latest).map(|x| x.iso()), d.count.as_ref().map(|c| c.text.clone()), victim, perpetrator, now
    ])?;
    append(
        tx,
        &now,
        &st.actor,
        "claim.add",
        claim_id.as_str(),
        &json!({
            "source_id": source_id.as_str(), "act": d.act.as_str(), "span": [d.span.start, d.span.end], "passage_sha256": sha256_hex(passage.as_bytes()),
            "records": [commit(tx, "claim", &[claim_id.as_str()])?],
        }),
    )?;
    Ok(claim_id)
}

/// A witness's case, pseudonym and sealed fields as stored (ciphertext), read once for a reveal.
pub(crate) struct SealedWitness {
    pub(crate) case_id: String,
    pseudonym: String,
    name: Vec<u8>,
    contact: Option<Vec<u8>>,
    notes: Option<Vec<u8>>,
}

impl SealedWitness {
    pub(crate) fn read(conn: &rusqlite::Connection, id: &str) -> Result<SealedWitness> {
        conn.query_row(
            "SELECT case_id, pseudonym, sealed_name, sealed_contact, sealed_notes FROM witness WHERE witness_id = ?1",
            [id],
            |r| {
                Ok(SealedWitness {
                    case_id: r.get(0)?,
                    pseudonym: r.get(1)?,
                    name: r.get(2)?,
                    contact: r.get(3)?,
                    notes: r.get(4)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound { kind: "witness", id: id.to_string() })
    }

    /// Decrypts the fields with the case's identity key.
    pub(crate) fn open(self, id: &str, key: &attest_vault::IdentityKey) -> Result<RevealedWitness> {
        Ok(RevealedWitness {
            witness_id: attest_domain::WitnessId::parse(id)
                .map_err(|e| StoreError::invalid("witness", e.to_string()))?,
            pseudonym: self.pseudonym,
            name: key.open(id, "legal_name", &self.name)?,
            contact: self.contact.map(|c| key.open(id, "contact", &c)).transpose()?,
            notes: self.notes.map(|n| key.open(id, "notes", &n)).transpose()?,
        })
    }
}
