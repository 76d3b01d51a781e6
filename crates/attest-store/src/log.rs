//! The hash-chained audit log.
//!
//! Every change and every reveal appends one entry inside the same transaction as the change.
//! Each entry's hash covers its own fields and the previous entry's hash; the first entry chains
//! from a genesis hash bound to the archive id, so a log cannot be transplanted between archives.
//! The head (last sequence number and hash) is also kept in `meta`, so deleting the newest entry
//! is caught too. Entries carry ids, actions and content hashes, never sealed values.

use rusqlite::{Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// One audit log entry.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who (the operating-system user or `ATTEST_ACTOR`).
    pub actor: String,
    /// What, such as `witness.add` or `witness.reveal`.
    pub action: String,
    /// The record it concerns.
    pub record_id: String,
    /// Details as JSON (ids, content hashes; never sealed values).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub entry_hash: String,
}

/// The hash every archive's chain starts from.
pub(crate) fn genesis_hash(archive_id: &str) -> String {
    sha256_hex(format!("attest-log-genesis\n{archive_id}").as_bytes())
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    attest_vault::hex(&Sha256::digest(bytes))
}

/// An entry's canonical bytes: what its chain hash covers and its Merkle leaf (`merkle.rs`).
/// Fields are length-prefixed, so no two different entries serialise alike.
pub(crate) fn entry_bytes(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    record_id: &str,
    detail: &str,
    prev: &str,
) -> Vec<u8> {
    let fields = [at, actor, action, record_id, detail, prev];
    let mut out = Vec::with_capacity(8 + fields.iter().map(|f| f.len() + 8).sum::<usize>());
    out.extend_from_slice(&seq.to_be_bytes());
    for field in fields {
        out.extend_from_slice(&(field.len() as u64).to_be_bytes());
        out.extend_from_slice(field.as_bytes());
    }
    out
}

/// The hash of an entry given its fields.
pub(crate) fn entry_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    record_id: &str,
    detail: &str,
    prev: &str,
) -> String {
    attest_vault::hex(&Sha256::digest(entry_bytes(seq, at, actor, action, record_id, detail, prev)))
}

/// The Merkle leaf hash of every entry, in order (as stored: a damaged entry gives a different
/// leaf, which is the point).
pub(crate) fn leaf_hashes(conn: &rusqlite::Connection) -> Result<Vec<crate::merkle::Hash>> {
    let mut stmt = conn.prepare(
        "SELECT log_entry_id, at, actor, action, record_id, detail, prev_hash FROM log_entry ORDER BY log_entry_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str()?) };
        let bytes = entry_bytes(r.get(0)?, text(1)?, text(2)?, text(3)?, text(4)?, text(5)?, text(6)?);
        out.push(crate::merkle::leaf_hash(&bytes));
    }
    Ok(out)
}

/// The chain's head as recorded in `meta`: (sequence, hash).
pub(crate) fn head(tx: &rusqlite::Connection) -> Result<(i64, String)> {
    let mut stmt =
        tx.prepare_cached("SELECT key, value FROM meta WHERE key IN ('log_head_seq', 'log_head_hash', 'archive_id')")?;
    let mut rows = stmt.query([])?;
    let (mut seq, mut hash, mut archive_id) = (0i64, None, String::new());
    while let Some(r) = rows.next()? {
        let (key, value): (String, String) = (r.get(0)?, r.get(1)?);
        match key.as_str() {
            "log_head_seq" => seq = value.parse().unwrap_or(0),
            "log_head_hash" => hash = Some(value),
            _ => archive_id = value,
        }
    }
    Ok((seq, hash.unwrap_or_else(|| genesis_hash(&archive_id))))
}

/// Appends an entry inside `tx` (which must have been begun IMMEDIATE, so two writers serialise).
pub(crate) fn append(
    tx: &Transaction<'_>,
    at: &str,
    actor: &str,
    action: &str,
    record_id: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    let (seq, prev) = head(tx)?;
    let seq = seq + 1;
    let detail = detail.to_string();
    let hash = entry_hash(seq, at, actor, action, record_id, &detail, &prev);
    tx.prepare_cached(
        "INSERT INTO log_entry (log_entry_id, at, actor, action, record_id, detail, prev_hash, entry_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![seq, at, actor, action, record_id, detail, prev, hash])?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('log_head_seq', ?1), ('log_head_hash', ?2), ('closed_clean', '0')",
    )?
        .execute(params![seq.to_string(), hash])?;
    Ok(())
}

/// Reads the whole log in order.
pub(crate) fn read_all(conn: &rusqlite::Connection) -> Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare("SELECT log_entry_id, at, actor, action, record_id, detail, prev_hash, entry_hash FROM log_entry ORDER BY log_entry_id")?;
    let rows = stmt.query_map([], |r| {
        let detail: String = r.get(5)?;
        Ok(LogEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            record_id: r.get(4)?,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            prev_hash: r.get(6)?,
            entry_hash: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Walks the chain; returns a description of the first break, if any.
pub(crate) fn check_chain(conn: &rusqlite::Connection, archive_id: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare("SELECT log_entry_id, at, actor, action, record_id, detail, prev_hash, entry_hash FROM log_entry ORDER BY log_entry_id")?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = genesis_hash(archive_id);
    let mut expected_seq = 1i64;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let (at, actor, action, record_id, detail, prev, hash): (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        ) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?);
        if seq != expected_seq {
            return Ok(Some(format!("log entry {expected_seq} is missing (next entry found is {seq})")));
        }
        if prev != expected_prev {
            return Ok(Some(format!("log entry {seq} ({action} {record_id}) does not chain to entry {}", seq - 1)));
        }
        if entry_hash(seq, &at, &actor, &action, &record_id, &detail, &prev) != hash {
            return Ok(Some(format!(
                "log entry {seq} ({action} {record_id}) was altered: its hash does not match its content"
            )));
        }
        expected_prev = hash;
        expected_seq += 1;
    }
    let (head_seq, head_hash) = head(conn)?;
    if head_seq != expected_seq - 1 {
        return Ok(Some(format!(
            "log ends at entry {} but the recorded head is entry {head_seq}: entries were removed from the end",
            expected_seq - 1
        )));
    }
    if head_seq > 0 && head_hash != expected_prev {
        return Ok(Some(format!("log entry {head_seq} does not match the recorded head hash")));
    }
    Ok(None)
}
