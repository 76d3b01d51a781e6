//! What corroboration needs beyond sources and claims: dependencies an analyst declared between
//! sources (shared informant, shared interviewer, citation) or witnesses (same person, different
//! person), merge and split decisions about events, and the comparison of sealed identities.

use attest_domain::{CaseId, ClaimId};
use attest_vault::{IdentityMatch, SealedIdentity};
use rusqlite::params;
use serde::Serialize;
use serde_json::json;

use crate::Archive;
use crate::error::{Result, StoreError};
use crate::log::append;
use crate::projection::commit;
use crate::write::{clean, exists, exists2};

/// Declared kinds between two sources.
/// `independent` and `derived` are an analyst's decisions on a "possibly derived: decide" item.
pub const SOURCE_DEPENDENCIES: &[&str] = &["shared-informant", "shared-interviewer", "cites", "independent", "derived"];
/// Declared kinds between two witnesses: `different-person` overrides the vault's comparison.
pub const WITNESS_DEPENDENCIES: &[&str] = &["same-person", "different-person"];

/// A declared dependency.
#[derive(Debug, Clone, Serialize)]
pub struct DependencyRecord {
    /// Number.
    pub dependency_id: i64,
    /// Case.
    pub case_id: CaseId,
    /// Kind (see [`SOURCE_DEPENDENCIES`], [`WITNESS_DEPENDENCIES`]).
    pub kind: String,
    /// One source or witness.
    pub a: String,
    /// The other (for `cites`: the cited one).
    pub b: String,
    /// Why the analyst says so.
    pub note: Option<String>,
    /// When.
    pub created_at: String,
}

/// Whether two claims describe one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventDecision {
    /// One event.
    Merge,
    /// Different events (never overridden by the engine).
    Split,
}

impl EventDecision {
    /// As stored: `merge` or `split`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventDecision::Merge => "merge",
            EventDecision::Split => "split",
        }
    }
    /// Reads `merge` or `split`.
    pub fn parse(s: &str) -> Result<EventDecision> {
        match s {
            "merge" => Ok(EventDecision::Merge),
            "split" => Ok(EventDecision::Split),
            other => Err(StoreError::invalid("decision", format!("'{other}': expected merge or split"))),
        }
    }
}

/// A merge or split of two claims' events.
#[derive(Debug, Clone, Serialize)]
pub struct EventDecisionRecord {
    /// Number.
    pub decision_id: i64,
    /// Case.
    pub case_id: CaseId,
    /// `merge` or `split`.
    pub decision: EventDecision,
    /// One claim.
    pub claim_a: ClaimId,
    /// The other.
    pub claim_b: ClaimId,
    /// Why.
    pub note: Option<String>,
    /// When.
    pub created_at: String,
}

/// Two witnesses whose sealed identities match, by id only.
#[derive(Debug, Clone, Serialize)]
pub struct SamePerson {
    /// One witness.
    pub a: String,
    /// The other.
    pub b: String,
    /// What matched (never the values).
    pub basis: IdentityMatch,
}

impl Archive {
    /// Records that two sources, or two witnesses, are not independent (or, for
    /// `different-person`, that two witnesses with matching identities are different people).
    pub fn add_dependency(&mut self, case: &str, kind: &str, a: &str, b: &str, note: Option<&str>) -> Result<i64> {
        let (table, column) = if SOURCE_DEPENDENCIES.contains(&kind) {
            ("source", "source_id")
        } else if WITNESS_DEPENDENCIES.contains(&kind) {
            ("witness", "witness_id")
        } else {
            return Err(StoreError::invalid(
                "kind",
                format!(
                    "'{kind}' is not a dependency kind; expected one of {}, {}",
                    SOURCE_DEPENDENCIES.join(", "),
                    WITNESS_DEPENDENCIES.join(", ")
                ),
            ));
        };
        if a == b {
            return Err(StoreError::invalid("b", "a dependency joins two different records"));
        }
        let note = clean("note", &note.map(str::to_string), 500)?;
        self.write(|tx, st| {
            if !exists(tx, "SELECT 1 FROM case_file WHERE case_id = ?1", case)? {
                return Err(StoreError::NotFound { kind: "case", id: case.to_string() });
            }
            // `table` and `column` come from the two constants above, never from input.
            let sql = format!("SELECT 1 FROM {table} WHERE {column} = ?1 AND case_id = ?2");
            for (field, id) in [("a", a), ("b", b)] {
                if !exists2(tx, &sql, id, case)? {
                    return Err(StoreError::invalid(field, format!("{id} is not a {table} of case {case}")));
                }
            }
            let now = st.clock.now();
            tx.execute(
                "INSERT INTO dependency (case_id, kind, a_id, b_id, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![case, kind, a, b, note, now],
            )?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                &now,
                &st.actor,
                "dependency.add",
                case,
                &json!({ "dependency_id": id, "kind": kind, "a": a, "b": b, "note": note,
                    "records": [commit(tx, "dependency", &[&id.to_string()])?] }),
            )?;
            Ok(id)
        })
    }

    /// Records that two claims are about one event (`merge`) or different events (`split`).
    pub fn add_event_decision(
        &mut self,
        case: &str,
        decision: EventDecision,
        claim_a: &str,
        claim_b: &str,
        note: Option<&str>,
    ) -> Result<i64> {
        let decision = decision.as_str();
        if claim_a == claim_b {
            return Err(StoreError::invalid("claims", "two different claims are needed"));
        }
        let note = clean("note", &note.map(str::to_string), 500)?;
        self.write(|tx, st| {
            if !exists(tx, "SELECT 1 FROM case_file WHERE case_id = ?1", case)? {
                return Err(StoreError::NotFound { kind: "case", id: case.to_string() });
            }
            for id in [claim_a, claim_b] {
                let found: Option<String> = tx
                    .query_row("SELECT case_id FROM claim WHERE claim_id = ?1", [id], |r| r.get(0))
                    .map(Some)
                    .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
                match found {
                    None => return Err(StoreError::NotFound { kind: "claim", id: id.to_string() }),
                    Some(c) if c != case => {
                        return Err(StoreError::invalid("claims", format!("{id} belongs to case {c}, not {case}")));
                    }
                    Some(_) => {}
                }
            }
            let now = st.clock.now();
            tx.execute(
                "INSERT INTO event_decision (case_id, decision, claim_a, claim_b, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![case, decision, claim_a, claim_b, note, now],
            )?;
            let id = tx.last_insert_rowid();
            append(tx, &now, &st.actor, &format!("event.{decision}"), case, &json!({ "decision_id": id, "claim_a": claim_a, "claim_b": claim_b, "note": note, "records": [commit(tx, "event_decision", &[&id.to_string()])?] }))?;
            Ok(id)
        })
    }

    /// The declared dependencies of a case, oldest first.
    pub fn list_dependencies(&self, case: &str) -> Result<Vec<DependencyRecord>> {
        self.get_case(case)?;
        let mut stmt = self.conn.prepare(
            "SELECT dependency_id, case_id, kind, a_id, b_id, note, created_at FROM dependency WHERE case_id = ?1 ORDER BY dependency_id",
        )?;
        let rows = stmt.query_map([case], |r| {
            Ok(DependencyRecord {
                dependency_id: r.get(0)?,
                case_id: crate::read::id(r, 1)?,
                kind: r.get(2)?,
                a: r.get(3)?,
                b: r.get(4)?,
                note: r.get(5)?,
                created_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The merge and split decisions of a case, oldest first.
    pub fn list_event_decisions(&self, case: &str) -> Result<Vec<EventDecisionRecord>> {
        self.get_case(case)?;
        let mut stmt = self.conn.prepare(
            "SELECT decision_id, case_id, decision, claim_a, claim_b, note, created_at FROM event_decision WHERE case_id = ?1 ORDER BY decision_id",
        )?;
        let rows = stmt.query_map([case], |r| {
            let decision: String = r.get(2)?;
            Ok((
                decision,
                EventDecisionRecord {
                    decision_id: r.get(0)?,
                    case_id: crate::read::id(r, 1)?,
                    decision: EventDecision::Merge,
                    claim_a: crate::read::id(r, 3)?,
                    claim_b: crate::read::id(r, 4)?,
                    note: r.get(5)?,
                    created_at: r.get(6)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (decision, record) = row?;
            out.push(EventDecisionRecord { decision: EventDecision::parse(&decision)?, ..record });
        }
        Ok(out)
    }

    /// Witnesses of a case who appear to be the same person: their sealed names (and contacts)
    /// are compared inside the vault and only witness ids and the basis come out. Names match
    /// when surname and given name agree across romanizations and scripts (similarity of at
    /// least 0.97: "Kim Yong-su", "Kim Yongsu" and "김용수" match; namesakes match too, which
    /// errs towards counting fewer independent lines). The comparison is logged.
    pub fn same_person_candidates(&mut self, case: &str) -> Result<Vec<SamePerson>> {
        type Row = (String, Vec<u8>, Option<Vec<u8>>);
        let rows: Vec<Row> = self.write(|tx, st| {
            if !exists(tx, "SELECT 1 FROM case_file WHERE case_id = ?1", case)? {
                return Err(StoreError::NotFound { kind: "case", id: case.to_string() });
            }
            let mut stmt = tx.prepare(
                "SELECT witness_id, sealed_name, sealed_contact FROM witness WHERE case_id = ?1 ORDER BY witness_id",
            )?;
            let rows = stmt
                .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<Row>>>()?;
            let now = st.clock.now();
            append(tx, &now, &st.actor, "witness.compare", case, &json!({ "witnesses": rows.len() }))?;
            Ok(rows)
        })?;
        let key = self.state.identity_key(&self.conn, case)?;
        let items: Vec<SealedIdentity<'_>> = rows
            .iter()
            .map(|(id, name, contact)| SealedIdentity { record_id: id, name, contact: contact.as_deref() })
            .collect();
        let same_name = |a: &str, b: &str| attest_korean::names::name_similarity(a, b) >= 0.97;
        let pairs = key.same_person_pairs(&items, &same_name)?;
        Ok(pairs
            .into_iter()
            .map(|(i, j, basis)| SamePerson { a: rows[i].0.clone(), b: rows[j].0.clone(), basis })
            .collect())
    }
}
