//! Reads. Nothing here touches sealed columns: they are never selected.

use attest_domain::{Id, IdKind, Span, UncertainCount, UncertainDate};
use rusqlite::{OptionalExtension, Row, params};

use crate::Archive;
use crate::error::{Result, StoreError};
use crate::log::{LogEntry, read_all};
use crate::records::{ActRecord, CaseRecord, ClaimRecord, OriginalRecord, SourceRecord, WitnessRecord};

const CASE_SQL: &str = "SELECT c.case_id, c.title, c.created_at,
    (SELECT count(*) FROM witness w WHERE w.case_id = c.case_id),
    (SELECT count(*) FROM source s WHERE s.case_id = c.case_id),
    (SELECT count(*) FROM claim k WHERE k.case_id = c.case_id)
  FROM case_file c";

const WITNESS_SQL: &str = "SELECT w.witness_id, w.case_id, w.pseudonym, w.consent, w.created_at,
    w.sealed_contact IS NOT NULL, w.sealed_notes IS NOT NULL,
    (SELECT count(*) FROM source s WHERE s.witness_id = w.witness_id)
  FROM witness w";

const SOURCE_SQL: &str = "SELECT s.source_id, s.case_id, s.kind, s.witness_id, w.pseudonym, s.language, s.interviewed,
    s.interviewer, s.reliability, s.text_chars, s.text_sha256, s.encoding, s.created_at,
    (SELECT count(*) FROM claim k WHERE k.source_id = s.source_id), s.title, s.url, s.published
  FROM source s LEFT JOIN witness w ON w.witness_id = s.witness_id";

const CLAIM_SQL: &str =
    "SELECT claim_id, source_id, case_id, act_slug, span_start, span_end, passage, place, when_edtf,
    count_text, victim, perpetrator, created_at, basis, basis_from, information FROM claim";

/// A typed id from a column (a malformed one is a damaged row, reported as such).
pub(crate) fn id<K: IdKind>(r: &Row<'_>, i: usize) -> rusqlite::Result<Id<K>> {
    let text: String = r.get(i)?;
    Id::parse(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

/// A typed id from a nullable column.
pub(crate) fn opt_id<K: IdKind>(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Id<K>>> {
    let text: Option<String> = r.get(i)?;
    text.map(|t| {
        Id::parse(&t)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
    })
    .transpose()
}

fn case_row(r: &Row<'_>) -> rusqlite::Result<CaseRecord> {
    Ok(CaseRecord {
        case_id: id(r, 0)?,
        title: r.get(1)?,
        created_at: r.get(2)?,
        witnesses: r.get(3)?,
        sources: r.get(4)?,
        claims: r.get(5)?,
    })
}

fn witness_row(r: &Row<'_>) -> rusqlite::Result<WitnessRecord> {
    let mut sealed_fields = vec!["legal_name"];
    if r.get::<_, bool>(5)? {
        sealed_fields.push("contact");
    }
    if r.get::<_, bool>(6)? {
        sealed_fields.push("notes");
    }
    Ok(WitnessRecord {
        witness_id: id(r, 0)?,
        case_id: id(r, 1)?,
        pseudonym: r.get(2)?,
        consent: r.get(3)?,
        created_at: r.get(4)?,
        sealed_fields,
        testimonies: r.get(7)?,
    })
}

fn source_row(r: &Row<'_>) -> rusqlite::Result<SourceRecord> {
    let interviewed: Option<String> = r.get(6)?;
    Ok(SourceRecord {
        source_id: id(r, 0)?,
        case_id: id(r, 1)?,
        kind: r.get(2)?,
        witness_id: opt_id(r, 3)?,
        witness_pseudonym: r.get(4)?,
        language: r.get(5)?,
        interviewed: interviewed.and_then(|d| UncertainDate::parse(&d).ok()),
        interviewer: r.get(7)?,
        reliability: r.get(8)?,
        text_chars: r.get(9)?,
        text_sha256: r.get(10)?,
        encoding: r.get(11)?,
        created_at: r.get(12)?,
        claims: r.get(13)?,
        title: r.get(14)?,
        url: r.get(15)?,
        published: r.get(16)?,
        originals: Vec::new(),
        text: None,
    })
}

fn claim_row(r: &Row<'_>) -> rusqlite::Result<ClaimRecord> {
    let when: Option<String> = r.get(8)?;
    let count: Option<String> = r.get(9)?;
    Ok(ClaimRecord {
        claim_id: id(r, 0)?,
        source_id: id(r, 1)?,
        case_id: id(r, 2)?,
        act: r.get(3)?,
        span: Span { start: r.get::<_, i64>(4)? as usize, end: r.get::<_, i64>(5)? as usize },
        passage: r.get(6)?,
        place: r.get(7)?,
        when: when.and_then(|d| UncertainDate::parse(&d).ok()),
        count: count.and_then(|c| UncertainCount::parse(&c).ok()),
        victim: r.get(10)?,
        perpetrator: r.get(11)?,
        created_at: r.get(12)?,
        basis: r.get(13)?,
        basis_from: r.get(14)?,
        information: r.get(15)?,
    })
}

fn one<T>(found: Option<T>, kind: &'static str, id: &str) -> Result<T> {
    found.ok_or_else(|| StoreError::NotFound { kind, id: id.to_string() })
}

impl Archive {
    fn list<T>(
        &self,
        base: &str,
        filter_column: &str,
        case: Option<&str>,
        order: &str,
        f: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        if let Some(c) = case {
            self.get_case(c)?;
        }
        let sql = match case {
            Some(_) => format!("{base} WHERE {filter_column} = ?1 ORDER BY {order}"),
            None => format!("{base} ORDER BY {order}"),
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = match case {
            Some(c) => stmt.query_map(params![c], f)?.collect::<rusqlite::Result<Vec<_>>>()?,
            None => stmt.query_map([], f)?.collect::<rusqlite::Result<Vec<_>>>()?,
        };
        Ok(rows)
    }

    /// One case.
    pub fn get_case(&self, id: &str) -> Result<CaseRecord> {
        let r = self.conn.query_row(&format!("{CASE_SQL} WHERE c.case_id = ?1"), [id], case_row).optional()?;
        one(r, "case", id)
    }

    /// Whether a case exists (one index lookup; [`Archive::get_case`] also counts its records).
    pub fn case_exists(&self, id: &str) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM case_file WHERE case_id = ?1")?;
        Ok(stmt.query_row([id], |_| Ok(())).optional()?.is_some())
    }

    /// All cases.
    pub fn list_cases(&self) -> Result<Vec<CaseRecord>> {
        self.list(CASE_SQL, "c.case_id", None, "c.rowid", case_row)
    }

    /// One witness (pseudonym and consent only).
    pub fn get_witness(&self, id: &str) -> Result<WitnessRecord> {
        let r = self.conn.query_row(&format!("{WITNESS_SQL} WHERE w.witness_id = ?1"), [id], witness_row).optional()?;
        one(r, "witness", id)
    }

    /// Witnesses, of one case or all.
    pub fn list_witnesses(&self, case: Option<&str>) -> Result<Vec<WitnessRecord>> {
        self.list(WITNESS_SQL, "w.case_id", case, "w.rowid", witness_row)
    }

    /// One source, with its text and originals.
    pub fn get_source(&self, id: &str) -> Result<SourceRecord> {
        let r = self.conn.query_row(&format!("{SOURCE_SQL} WHERE s.source_id = ?1"), [id], source_row).optional()?;
        let mut s = one(r, "source", id)?;
        s.text = Some(self.conn.query_row("SELECT text FROM source WHERE source_id = ?1", [id], |r| r.get(0))?);
        let mut stmt = self.conn.prepare(
            "SELECT role, file_name, bytes, sha256, sealed_meta FROM original WHERE source_id = ?1 ORDER BY original_id",
        )?;
        let rows: Vec<(OriginalRecord, Option<Vec<u8>>)> = stmt
            .query_map([id], |r| {
                Ok((
                    OriginalRecord { role: r.get(0)?, file_name: r.get(1)?, bytes: r.get(2)?, sha256: r.get(3)? },
                    r.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        s.originals = self.original_metadata(s.case_id.as_str(), id, rows);
        Ok(s)
    }

    /// Sources, of one case or all (without their text).
    pub fn list_sources(&self, case: Option<&str>) -> Result<Vec<SourceRecord>> {
        self.list(SOURCE_SQL, "s.case_id", case, "s.rowid", source_row)
    }

    /// The sources a witness gave, oldest first (without their text).
    pub fn list_witness_sources(&self, witness_id: &str) -> Result<Vec<SourceRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!("{SOURCE_SQL} WHERE s.witness_id = ?1 ORDER BY s.rowid"))?;
        Ok(stmt.query_map([witness_id], source_row)?.collect::<rusqlite::Result<_>>()?)
    }

    /// One claim.
    pub fn get_claim(&self, id: &str) -> Result<ClaimRecord> {
        let r = self.conn.query_row(&format!("{CLAIM_SQL} WHERE claim_id = ?1"), [id], claim_row).optional()?;
        one(r, "claim", id)
    }

    /// Claims, of one case or all.
    pub fn list_claims(&self, case: Option<&str>) -> Result<Vec<ClaimRecord>> {
        self.list(CLAIM_SQL, "case_id", case, "rowid", claim_row)
    }

    /// The claims made on one source, in text order.
    pub fn list_source_claims(&self, source_id: &str) -> Result<Vec<ClaimRecord>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("{CLAIM_SQL} WHERE source_id = ?1 ORDER BY span_start, rowid"))?;
        Ok(stmt.query_map([source_id], claim_row)?.collect::<rusqlite::Result<_>>()?)
    }

    /// The id of the newest log entry: every change appends one, so a view computed at one head
    /// stays true until the head moves.
    pub fn log_head_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(log_entry_id), 0) FROM log_entry", [], |r| r.get(0))?)
    }

    /// The texts of a case's sources, for provenance.
    pub fn source_texts(&self, case: &str) -> Result<Vec<crate::records::SourceText>> {
        self.get_case(case)?;
        let mut stmt =
            self.conn.prepare("SELECT source_id, text, published FROM source WHERE case_id = ?1 ORDER BY rowid")?;
        let rows = stmt.query_map([case], |r| {
            Ok(crate::records::SourceText { source_id: r.get(0)?, text: r.get(1)?, published: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The act vocabulary.
    pub fn list_acts(&self) -> Result<Vec<ActRecord>> {
        let mut stmt =
            self.conn.prepare("SELECT act_slug, label, built_in FROM act ORDER BY built_in DESC, act_slug")?;
        let rows = stmt.query_map([], |r| Ok(ActRecord { act: r.get(0)?, label: r.get(1)?, built_in: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The whole audit log, oldest first.
    pub fn log(&self) -> Result<Vec<LogEntry>> {
        read_all(&self.conn)
    }
}
