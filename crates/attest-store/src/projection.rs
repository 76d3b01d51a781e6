//! The tables are a checked projection of the log.
//!
//! Every write commits, in its log entry, to a canonical hash of each record version it wrote:
//! `{"table", "id", "sha256", "fields"}` in the entry's `records` list, where `sha256` covers every
//! non-null field of the row (sealed ciphertexts and wrapped keys by their digest) and `fields`
//! holds a short digest per field, so `verify` can name the field that changed. A record removed
//! from a table (a revoked grant; later, a retraction by hard delete) is committed as
//! `"sha256": null`. Edits and retractions (a later issue) go through this same path: change the
//! row, then [`commit`] it in the entry that says why.
//!
//! `verify` replays the log to the latest commitment of every record and recomputes every row of
//! every table listed in [`TABLES`] with the same function: a row changed, added or deleted
//! without a log entry is reported by table, id and field. A unit test below fails when a
//! migration adds a column that is neither committed nor listed in [`NOT_COMMITTED`].

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Transaction};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// How a column enters the canonical form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Its value.
    Value,
    /// The SHA-256 of its bytes (ciphertexts and wrapped keys: long, and meaningless in the clear).
    Digest,
}

/// A table whose rows are records committed by the log.
pub(crate) struct Table {
    /// SQL name.
    pub(crate) name: &'static str,
    /// Key columns, in order; a record's id is their values joined by `/`.
    key: &'static [&'static str],
    /// Committed columns.
    fields: &'static [(&'static str, Form)],
}

use Form::{Digest as D, Value as V};

/// Every table of records. Derived data (the search index), the log itself and `meta` are not
/// records: see [`NOT_COMMITTED`].
pub(crate) const TABLES: &[Table] = &[
    Table { name: "act", key: &["act_slug"], fields: &[("label", V), ("built_in", V)] },
    Table {
        name: "case_file",
        key: &["case_id"],
        fields: &[
            ("title", V),
            ("created_at", V),
            ("wrapped_case_key", D),
            ("wrapped_identity_key", D),
            ("case_key_generation", V),
            ("identity_key_generation", V),
            ("unassessed", V),
        ],
    },
    Table {
        name: "witness",
        key: &["witness_id"],
        fields: &[
            ("case_id", V),
            ("pseudonym", V),
            ("consent", V),
            ("created_at", V),
            ("sealed_name", D),
            ("sealed_contact", D),
            ("sealed_notes", D),
        ],
    },
    Table {
        name: "source",
        key: &["source_id"],
        fields: &[
            ("case_id", V),
            ("kind", V),
            ("witness_id", V),
            ("language", V),
            ("interviewed", V),
            ("interviewer", V),
            ("reliability", V),
            ("text_sha256", V),
            ("text_chars", V),
            ("encoding", V),
            ("created_at", V),
            ("title", V),
            ("url", V),
            ("author", V),
            ("published", V),
            ("fetched_at", V),
        ],
    },
    Table {
        name: "original",
        key: &["original_id"],
        fields: &[("source_id", V), ("role", V), ("file_name", V), ("bytes", V), ("sha256", V), ("created_at", V)],
    },
    Table {
        name: "claim",
        key: &["claim_id"],
        fields: &[
            ("source_id", V),
            ("case_id", V),
            ("span_start", V),
            ("span_end", V),
            ("passage", V),
            ("act_slug", V),
            ("place", V),
            ("when_edtf", V),
            ("when_earliest", V),
            ("when_latest", V),
            ("count_text", V),
            ("victim", V),
            ("perpetrator", V),
            ("created_at", V),
            ("basis", V),
            ("basis_from", V),
            ("information", V),
        ],
    },
    Table {
        name: "dependency",
        key: &["dependency_id"],
        fields: &[("case_id", V), ("kind", V), ("a_id", V), ("b_id", V), ("note", V), ("created_at", V)],
    },
    Table {
        name: "event_decision",
        key: &["decision_id"],
        fields: &[("case_id", V), ("decision", V), ("claim_a", V), ("claim_b", V), ("note", V), ("created_at", V)],
    },
    Table {
        name: "app_user",
        key: &["user_id"],
        fields: &[("name", V), ("role", V), ("keys", D), ("created_at", V), ("totp", D)],
    },
    Table { name: "membership", key: &["user_id", "case_id"], fields: &[("created_at", V)] },
    Table {
        name: "user_grant",
        key: &["user_id", "case_id", "kind"],
        fields: &[("sealed", D), ("created_at", V), ("generation", V)],
    },
    Table { name: "user_key_pin", key: &["user_id"], fields: &[("public_key", D), ("pin", D), ("created_at", V)] },
    Table {
        name: "invitation",
        key: &["invitation_id"],
        fields: &[("user_id", V), ("code_sha256", D), ("expires_at", V), ("created_at", V), ("used_at", V)],
    },
];

/// Tables and columns deliberately left out of the commitments, with the reason.
#[cfg_attr(not(test), allow(dead_code))] // Read by the column-coverage test below.
pub(crate) const NOT_COMMITTED: &[(&str, &str, &str)] = &[
    ("meta", "*", "the log head, archive id and settings: checked by the chain itself"),
    ("log_entry", "*", "the log: checked by its hash chain and checkpoints"),
    ("search_doc", "*", "derived search index, rebuilt from the records"),
    ("search_text", "*", "derived search index (FTS5 and its shadow tables)"),
    ("search_key", "*", "derived search index"),
    ("source", "text", "committed through text_sha256, which verify checks against the text"),
    ("original", "sealed", "AEAD-bound to the source and its digest; verify decrypts and re-hashes it"),
    ("original", "sealed_meta", "AEAD-bound like `sealed`; opened and checked by verify with the case key"),
];

fn table(name: &str) -> Result<&'static Table> {
    TABLES
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| crate::error::StoreError::invalid("table", format!("{name} is not a table of records")))
}

fn select_sql(t: &Table, by_key: bool) -> String {
    let mut cols: Vec<&str> = t.key.to_vec();
    cols.extend(t.fields.iter().map(|(c, _)| *c));
    let mut sql = format!("SELECT {} FROM {}", cols.join(", "), t.name);
    if by_key {
        let conds: Vec<String> = t.key.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + 1)).collect();
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql
}

/// One record version as the tables hold it.
pub(crate) struct Version {
    /// SHA-256 over the canonical form.
    pub(crate) sha256: String,
    /// A short digest per non-null field.
    pub(crate) fields: BTreeMap<&'static str, String>,
}

fn put(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

/// The canonical hash of one row (read with [`select_sql`]). Null fields are skipped, so a
/// column added later as nullable leaves the hashes of older rows unchanged.
fn version_of(t: &Table, id: &str, row: &rusqlite::Row<'_>) -> rusqlite::Result<Version> {
    let mut record = Sha256::new();
    put(&mut record, b"attest-record/1");
    put(&mut record, t.name.as_bytes());
    put(&mut record, id.as_bytes());
    let mut fields = BTreeMap::new();
    for (i, (name, form)) in t.fields.iter().enumerate() {
        let value = row.get_ref(t.key.len() + i)?;
        let (tag, bytes): (u8, Vec<u8>) = match value {
            ValueRef::Null => continue,
            ValueRef::Integer(n) => (1, n.to_be_bytes().to_vec()),
            ValueRef::Real(x) => (2, x.to_bits().to_be_bytes().to_vec()),
            ValueRef::Text(b) => (3, b.to_vec()),
            ValueRef::Blob(b) => (4, b.to_vec()),
        };
        let (tag, bytes) =
            if *form == Form::Digest { (tag | 0x10, Sha256::digest(&bytes).to_vec()) } else { (tag, bytes) };
        let mut f = Sha256::new();
        put(&mut f, t.name.as_bytes());
        put(&mut f, id.as_bytes());
        put(&mut f, name.as_bytes());
        f.update([tag]);
        put(&mut f, &bytes);
        let field_hash = f.finalize();
        put(&mut record, name.as_bytes());
        record.update(field_hash);
        fields.insert(*name, attest_vault::hex(&field_hash[..6]));
    }
    Ok(Version { sha256: attest_vault::hex(&record.finalize()), fields })
}

fn id_of(t: &Table, row: &rusqlite::Row<'_>) -> rusqlite::Result<String> {
    let mut parts = Vec::with_capacity(t.key.len());
    for i in 0..t.key.len() {
        parts.push(match row.get_ref(i)? {
            ValueRef::Integer(n) => n.to_string(),
            ValueRef::Text(b) => String::from_utf8_lossy(b).into_owned(),
            other => format!("{other:?}"),
        });
    }
    Ok(parts.join("/"))
}

fn commitment(table: &str, id: &str, version: Option<&Version>) -> Value {
    match version {
        Some(v) => json!({ "table": table, "id": id, "sha256": v.sha256, "fields": v.fields }),
        None => json!({ "table": table, "id": id, "sha256": null }),
    }
}

/// The commitment to a record as it now stands in `tx` (after the write), or to its removal if
/// the row is gone. `key` holds the key columns' values in order.
pub(crate) fn commit(tx: &Transaction<'_>, table_name: &str, key: &[&str]) -> Result<Value> {
    let t = table(table_name)?;
    let mut stmt = tx.prepare_cached(&select_sql(t, true))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(key.iter()))?;
    let id = key.join("/");
    match rows.next()? {
        Some(row) => Ok(commitment(t.name, &id, Some(&version_of(t, &id, row)?))),
        None => Ok(commitment(t.name, &id, None)),
    }
}

/// Commitments to every row of `table_name` matching `condition` (SQL over the table's columns
/// with `?1`), as they now stand in `tx`.
pub(crate) fn commit_where(tx: &Transaction<'_>, table_name: &str, condition: &str, value: &str) -> Result<Vec<Value>> {
    let t = table(table_name)?;
    let sql = format!("{} WHERE {condition}", select_sql(t, false));
    let mut stmt = tx.prepare(&sql)?;
    let mut rows = stmt.query([value])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let id = id_of(t, row)?;
        out.push(commitment(t.name, &id, Some(&version_of(t, &id, row)?)));
    }
    Ok(out)
}

/// Commitments to every record of one user as they now stand: the account, its key pin (or its
/// absence), its invitations and its grants. User-area writes commit all of them at once.
pub(crate) fn commit_user(tx: &Transaction<'_>, user: &str) -> Result<Vec<Value>> {
    let mut out = vec![commit(tx, "app_user", &[user])?, commit(tx, "user_key_pin", &[user])?];
    out.extend(commit_where(tx, "invitation", "user_id = ?1", user)?);
    out.extend(commit_where(tx, "user_grant", "user_id = ?1", user)?);
    Ok(out)
}

/// Removal commitments for records committed (with [`commit_where`]) just before they were
/// deleted.
pub(crate) fn removed(before: Vec<Value>) -> Vec<Value> {
    before.into_iter().map(|c| json!({ "table": c["table"], "id": c["id"], "sha256": null })).collect()
}

/// Commitments to every record of every table: the baseline entry of an archive made before
/// records were committed.
pub(crate) fn commit_all(tx: &Transaction<'_>) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for t in TABLES {
        out.extend(commit_where(tx, t.name, "?1 IS NOT NULL", "all")?);
    }
    Ok(out)
}

/// What the log says a record is, from its latest commitment.
pub(crate) struct Logged {
    /// The entry that committed it last.
    pub(crate) seq: i64,
    /// That entry's action.
    pub(crate) action: String,
    /// `None`: the record was removed.
    pub(crate) sha256: Option<String>,
    /// Short digests per field.
    pub(crate) fields: BTreeMap<String, String>,
}

/// Replays the log's commitments: the latest one of each `(table, id)`.
pub(crate) fn replay(conn: &Connection) -> Result<HashMap<(String, String), Logged>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare("SELECT log_entry_id, action, detail FROM log_entry ORDER BY log_entry_id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let detail: String = r.get(2)?;
        // Most entries are small; only those that commit records are parsed in full.
        if !detail.contains("\"records\"") {
            continue;
        }
        let Ok(detail) = serde_json::from_str::<Value>(&detail) else { continue };
        let Some(records) = detail["records"].as_array() else { continue };
        let (seq, action): (i64, String) = (r.get(0)?, r.get(1)?);
        for c in records {
            let (Some(table), Some(id)) = (c["table"].as_str(), c["id"].as_str()) else { continue };
            let fields = c["fields"]
                .as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
                .unwrap_or_default();
            out.insert(
                (table.to_string(), id.to_string()),
                Logged { seq, action: action.clone(), sha256: c["sha256"].as_str().map(str::to_string), fields },
            );
        }
    }
    Ok(out)
}

/// Compares every row of every record table with the log's latest commitment to it. Returns one
/// message per record that differs, naming table, id and fields.
pub(crate) fn check(conn: &Connection) -> Result<Vec<String>> {
    let mut logged = replay(conn)?;
    let mut problems = Vec::new();
    for t in TABLES {
        let mut stmt = conn.prepare(&select_sql(t, false))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id = id_of(t, row)?;
            let now = version_of(t, &id, row)?;
            match logged.remove(&(t.name.to_string(), id.clone())) {
                None => problems.push(format!(
                    "{} {id} is in the archive but was never logged: no log entry commits to it",
                    t.name
                )),
                Some(Logged { seq, action, sha256: None, .. }) => problems
                    .push(format!("{} {id} is in the archive although log entry {seq} ({action}) removed it", t.name)),
                Some(Logged { seq, action, sha256: Some(sha), fields }) if sha != now.sha256 => {
                    let mut changed: Vec<String> = Vec::new();
                    for (name, short) in &now.fields {
                        match fields.get(*name) {
                            Some(s) if s == short => {}
                            Some(_) => changed.push(format!("{name} changed")),
                            None => changed.push(format!("{name} added")),
                        }
                    }
                    for name in fields.keys() {
                        if !now.fields.contains_key(name.as_str()) {
                            changed.push(format!("{name} removed"));
                        }
                    }
                    if changed.is_empty() {
                        changed.push("content changed".into());
                    }
                    problems.push(format!(
                        "{} {id} differs from its log entry {seq} ({action}): {}",
                        t.name,
                        changed.join(", ")
                    ));
                }
                Some(_) => {}
            }
        }
    }
    let mut gone: Vec<_> = logged.into_iter().filter(|(_, l)| l.sha256.is_some()).collect();
    gone.sort_by_key(|(_, l)| l.seq);
    for ((table, id), l) in gone {
        problems.push(format!(
            "{table} {id} was deleted without a log entry (last logged in entry {} ({}))",
            l.seq, l.action
        ));
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A migration that adds a column must commit it or say here why not: otherwise an insider
    /// could change it without `verify` noticing.
    #[test]
    fn every_column_of_every_table_is_committed_or_excused() {
        let mut conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        crate::schema::migrate(&mut conn).unwrap_or_else(|e| panic!("{e}"));
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_text_%'")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut missing = Vec::new();
        for name in tables {
            if NOT_COMMITTED.iter().any(|(t, c, _)| *t == name && *c == "*") {
                continue;
            }
            let cols: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))
                .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
                .unwrap_or_else(|e| panic!("{e}"));
            let Some(t) = TABLES.iter().find(|t| t.name == name) else {
                missing.push(format!("table {name}"));
                continue;
            };
            for c in cols {
                let covered = t.key.contains(&c.as_str())
                    || t.fields.iter().any(|(f, _)| *f == c)
                    || NOT_COMMITTED.iter().any(|(tt, cc, _)| *tt == name && *cc == c);
                if !covered {
                    missing.push(format!("{name}.{c}"));
                }
            }
        }
        assert!(missing.is_empty(), "not committed by the log nor excused in NOT_COMMITTED: {missing:?}");
    }
}
