//! Search over what the archive may show: witnesses by pseudonym, source texts and titles, claims
//! (act, place, passage, victim, perpetrator). Sealed fields are never indexed.
//!
//! The index lives inside the encrypted database (so it is encrypted at rest like everything
//! else) and has two parts: an FTS5 trigram index of the text, for substrings in any script, and
//! a table of romanization-insensitive keys of every word (`attest-korean`), so that "Choe" finds
//! "Choi" and "최". It is derived data, brought up to date before each search rather than at
//! intake, so that taking in testimonies stays as fast as before.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::Archive;
use crate::error::Result;

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The record: a witness, source or claim id.
    pub record_id: String,
    /// Its case.
    pub case_id: String,
    /// `witness`, `source` or `claim`.
    pub kind: String,
    /// The start of the indexed text (a pseudonym, a title and text, a claim's fields).
    pub excerpt: String,
}

/// The keys of the words of `text`: the surname table's key for surnames, else the
/// romanization-insensitive key. A Hangul word of two to four syllables that starts with a
/// surname (최기순, 최명일이) also gets the surname's key: Korean names are written as one word.
fn keys(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        out.push(attest_korean::names::surname_key(w).map_or_else(|| attest_korean::key(w), str::to_string));
        let syllables: Vec<char> = w.chars().collect();
        if (2..=5).contains(&syllables.len()) && syllables.iter().all(|c| ('가'..='힣').contains(c)) {
            let first: String = syllables[..1].iter().collect();
            if let Some(k) = attest_korean::names::surname_key(&first) {
                out.push(k.to_string());
            }
        }
    }
    out.retain(|k| !k.is_empty());
    out.sort();
    out.dedup();
    out
}

/// Indexes every record not indexed yet; returns how many.
fn refresh(conn: &mut Connection) -> Result<usize> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let pending: Vec<(String, String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT witness_id, case_id, 'witness', pseudonym FROM witness
               WHERE witness_id NOT IN (SELECT record_id FROM search_doc)
             UNION ALL
             SELECT source_id, case_id, 'source', coalesce(title || char(10), '') || text FROM source
               WHERE source_id NOT IN (SELECT record_id FROM search_doc)
             UNION ALL
             SELECT claim_id, case_id, 'claim', act_slug || char(10) || coalesce(place || char(10), '') || passage
                    || coalesce(char(10) || victim, '') || coalesce(char(10) || perpetrator, '') FROM claim
               WHERE claim_id NOT IN (SELECT record_id FROM search_doc)",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?
    };
    for (record, case, kind, body) in &pending {
        tx.execute(
            "INSERT INTO search_doc (record_id, case_id, kind) VALUES (?1, ?2, ?3)",
            params![record, case, kind],
        )?;
        let doc = tx.last_insert_rowid();
        tx.execute("INSERT INTO search_text (rowid, body) VALUES (?1, ?2)", params![doc, body])?;
        let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO search_key (key, doc_id) VALUES (?1, ?2)")?;
        for k in keys(body) {
            stmt.execute(params![k, doc])?;
        }
    }
    tx.commit()?;
    Ok(pending.len())
}

impl Archive {
    /// Finds records whose text contains `query` (any script; three characters or more use the
    /// trigram index, shorter ones a scan), or whose words all have the romanization-insensitive
    /// keys of the query's words. `case` limits the search to one case.
    pub fn search(&mut self, query: &str, case: Option<&str>, limit: usize) -> Result<Vec<SearchHit>> {
        refresh(&mut self.conn)?;
        let query = query.trim();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let mut docs: Vec<i64> = Vec::new();
        if query.chars().count() >= 3 {
            let phrase = format!("\"{}\"", query.replace('"', "\"\""));
            let mut stmt =
                self.conn.prepare("SELECT rowid FROM search_text WHERE search_text MATCH ?1 ORDER BY rank")?;
            docs.extend(stmt.query_map([phrase], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?);
        } else {
            let like = format!("%{}%", query.replace(['%', '_'], ""));
            let mut stmt = self.conn.prepare("SELECT rowid FROM search_text WHERE body LIKE ?1")?;
            docs.extend(stmt.query_map([like], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        let wanted = keys(query);
        if !wanted.is_empty() {
            let marks = vec!["?"; wanted.len()].join(", ");
            let sql = format!(
                "SELECT doc_id FROM search_key WHERE key IN ({marks}) GROUP BY doc_id HAVING count(*) = {}",
                wanted.len()
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let found = stmt.query_map(rusqlite::params_from_iter(wanted.iter()), |r| r.get::<_, i64>(0))?;
            for d in found {
                let d = d?;
                if !docs.contains(&d) {
                    docs.push(d);
                }
            }
        }
        let mut hits = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.record_id, d.case_id, d.kind, substr(t.body, 1, 160) FROM search_doc d
               JOIN search_text t ON t.rowid = d.doc_id WHERE d.doc_id = ?1",
        )?;
        for d in docs {
            let hit = stmt.query_row([d], |r| {
                Ok(SearchHit { record_id: r.get(0)?, case_id: r.get(1)?, kind: r.get(2)?, excerpt: r.get(3)? })
            })?;
            if case.is_none_or(|c| c == hit.case_id) {
                hits.push(hit);
                if hits.len() >= limit {
                    break;
                }
            }
        }
        Ok(hits)
    }
}
