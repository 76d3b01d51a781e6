//! Search over what the archive may show: witnesses by pseudonym, source texts and titles, claims
//! (act, place, passage, victim, perpetrator). Sealed fields are never indexed.
//!
//! The index lives inside the encrypted database (so it is encrypted at rest like everything
//! else) and has two parts: an FTS5 trigram index of the text, for substrings in any script, and
//! a table of romanization-insensitive keys of every word (`attest-korean`), so that "Choe" finds
//! "Choi" and "최". It is derived data, brought up to date before each search rather than at
//! intake, so that taking in testimonies stays as fast as before.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::Archive;
use crate::error::Result;

/// One search result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The keys of the words of `text` that can be names or places: Hangul words and capitalised
/// Latin words (lower-case words are found by the text index alone). A key is the surname table's
/// key for surnames, else the romanization-insensitive key; a Hangul word of two to five syllables
/// that starts with a surname (최기순, 최명일이) also gets the surname's key, since Korean names
/// are written as one word.
fn keys(text: &str) -> Vec<String> {
    keys_of(text, false)
}

/// The keys of a query: every word counts, whatever its case.
fn query_keys(text: &str) -> Vec<String> {
    keys_of(text, true)
}

fn keys_of(text: &str, every_word: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let hangul = w.chars().any(|c| ('가'..='힣').contains(&c));
        if !every_word && !hangul && !w.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
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

/// Records are never deleted, so each table's largest indexed rowid says what is new.
const TABLES: [(&str, &str); 3] = [
    ("witness", "SELECT rowid, witness_id, case_id, 'witness', pseudonym FROM witness WHERE rowid > ?1 ORDER BY rowid"),
    (
        "source",
        "SELECT rowid, source_id, case_id, 'source', coalesce(title || char(10), '') || text FROM source
          WHERE rowid > ?1 ORDER BY rowid",
    ),
    (
        "claim",
        "SELECT rowid, claim_id, case_id, 'claim', act_slug || char(10) || coalesce(place || char(10), '') || passage
                || coalesce(char(10) || victim, '') || coalesce(char(10) || perpetrator, '') FROM claim
          WHERE rowid > ?1 ORDER BY rowid",
    ),
];

/// Indexes every record added since the last time; returns how many. Costs three indexed
/// lookups when nothing is new.
fn refresh(conn: &mut Connection) -> Result<usize> {
    let mut pending: Vec<(String, i64)> = Vec::new();
    for (table, _) in TABLES {
        let done: i64 = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [format!("search_rowid_{table}")], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let newest: i64 = conn.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM {table}"), [], |r| r.get(0))?;
        if newest > done {
            pending.push((table.to_string(), done));
        }
    }
    if pending.is_empty() {
        return Ok(0);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut count = 0;
    for (table, done) in pending {
        let sql = TABLES.iter().find(|(t, _)| *t == table).map(|(_, q)| *q).unwrap_or_default();
        let rows: Vec<(i64, String, String, String, String)> = tx
            .prepare(sql)?
            .query_map([done], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut last = done;
        for (rowid, record, case, kind, body) in &rows {
            tx.prepare_cached("INSERT INTO search_doc (record_id, case_id, kind) VALUES (?1, ?2, ?3)")?
                .execute(params![record, case, kind])?;
            let doc = tx.last_insert_rowid();
            tx.prepare_cached("INSERT INTO search_text (rowid, body) VALUES (?1, ?2)")?.execute(params![doc, body])?;
            let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO search_key (key, doc_id) VALUES (?1, ?2)")?;
            for k in keys(body) {
                stmt.execute(params![k, doc])?;
            }
            last = *rowid;
        }
        count += rows.len();
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![format!("search_rowid_{table}"), last.to_string()],
        )?;
    }
    tx.commit()?;
    Ok(count)
}

impl Archive {
    /// Finds records whose text contains `query` (any script; three characters or more use the
    /// trigram index, shorter ones a scan), or whose words all have the romanization-insensitive
    /// keys of the query's words. `case` limits the search to one case.
    pub fn search(&mut self, query: &str, case: Option<&str>, limit: usize) -> Result<Vec<SearchHit>> {
        let scope: Option<Vec<String>> = case.map(|c| vec![c.to_string()]);
        self.search_in(query, scope.as_deref(), limit)
    }

    /// Brings the search index up to date with the records (returns how many were indexed). A
    /// server calls this in the background so the first search does not pay for a large intake.
    pub fn refresh_search(&mut self) -> Result<usize> {
        refresh(&mut self.conn)
    }

    /// Like [`Archive::search`], limited to the cases in `scope` (`None`: every case). The
    /// filter is inside each SQL query, before the limit, so a user's hits are never crowded out
    /// by records of cases they may not read, and never include them.
    pub fn search_in(&mut self, query: &str, scope: Option<&[String]>, limit: usize) -> Result<Vec<SearchHit>> {
        refresh(&mut self.conn)?;
        let case: Option<String> = scope.map(|s| serde_json::Value::from(s.to_vec()).to_string());
        let case = case.as_deref();
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        // Every query is bounded in SQL (case filter and limit inside), so a word found in every
        // record costs no more than a rare one.
        const HIT: &str = "SELECT d.record_id, d.case_id, d.kind, substr(t.body, 1, 160) FROM search_doc d
                           JOIN search_text t ON t.rowid = d.doc_id";
        let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<SearchHit> {
            Ok(SearchHit { record_id: r.get(0)?, case_id: r.get(1)?, kind: r.get(2)?, excerpt: r.get(3)? })
        };
        let mut hits: Vec<SearchHit> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut take = |rows: rusqlite::MappedRows<'_, _>, hits: &mut Vec<SearchHit>| -> Result<()> {
            for h in rows {
                let h: SearchHit = h?;
                if hits.len() < limit && seen.insert(h.record_id.clone()) {
                    hits.push(h);
                }
            }
            Ok(())
        };
        // 1. Whole words by romanization key (an index lookup per word).
        let wanted = query_keys(query);
        if !wanted.is_empty() {
            let matching = vec!["SELECT doc_id FROM search_key WHERE key = ?"; wanted.len()].join(" INTERSECT ");
            let sql = format!(
                "{HIT} WHERE d.doc_id IN ({matching}) AND (? IS NULL OR d.case_id IN (SELECT value FROM json_each(?))) LIMIT {limit}"
            );
            let mut values: Vec<Option<String>> = wanted.iter().cloned().map(Some).collect();
            values.push(case.map(str::to_string));
            values.push(case.map(str::to_string));
            let mut stmt = self.conn.prepare(&sql)?;
            take(stmt.query_map(rusqlite::params_from_iter(values), row)?, &mut hits)?;
        }
        // 2. Substrings: the trigram index, read only as far as the limit needs.
        if hits.len() < limit && query.chars().count() >= 3 {
            let phrase = format!("\"{}\"", query.replace('"', "\"\""));
            let sql = "SELECT d.record_id, d.case_id, d.kind, substr(t.body, 1, 160) FROM search_text t
                       JOIN search_doc d ON d.doc_id = t.rowid
                       WHERE search_text MATCH ?1 AND (?2 IS NULL OR d.case_id IN (SELECT value FROM json_each(?2))) LIMIT ?3";
            let mut stmt = self.conn.prepare_cached(sql)?;
            take(stmt.query_map(params![phrase, case, (2 * limit) as i64], row)?, &mut hits)?;
        }
        // 3. Substrings of one or two characters (too short for trigrams): a scan, only if the
        //    words found too little.
        if hits.len() < limit && query.chars().count() < 3 {
            let like = format!("%{}%", query.replace(['%', '_'], ""));
            let sql = format!(
                "{HIT} WHERE t.body LIKE ?1 AND (?2 IS NULL OR d.case_id IN (SELECT value FROM json_each(?2))) LIMIT ?3"
            );
            let mut stmt = self.conn.prepare(&sql)?;
            take(stmt.query_map(params![like, case, (2 * limit) as i64], row)?, &mut hits)?;
        }
        Ok(hits)
    }
}
