//! What corroboration needs about a claim beyond its facts, and the case's rules: the basis of
//! knowledge (saw it, heard it from a named person, heard it from unknown people, read it), the
//! claim's own information grade, and the case's policy for Admiralty F and 6 ("not assessed").
//! Each is stored in the claim's or the case's row and committed in a log entry, like every
//! other record (see `projection.rs`), so `verify` covers them.

use attest_domain::{ClaimId, SourceId};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use crate::Archive;
use crate::error::{Result, StoreError};
use crate::log::append;
use crate::projection::commit;
use crate::write::{ClaimDraft, clean, exists};

/// How the source of a claim came to know what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BasisKind {
    /// Saw or experienced it.
    Witnessed,
    /// Heard it from a named person (recorded in `from`).
    HeardFromNamed,
    /// Heard it from people not named.
    HeardFromUnknown,
    /// Read it (in the source `from`, when known).
    Read,
}

impl BasisKind {
    /// Every kind, by its stored name.
    pub const ALL: [BasisKind; 4] =
        [BasisKind::Witnessed, BasisKind::HeardFromNamed, BasisKind::HeardFromUnknown, BasisKind::Read];

    /// As stored: `witnessed`, `heard-from-named`, `heard-from-unknown`, `read`.
    pub fn as_str(self) -> &'static str {
        match self {
            BasisKind::Witnessed => "witnessed",
            BasisKind::HeardFromNamed => "heard-from-named",
            BasisKind::HeardFromUnknown => "heard-from-unknown",
            BasisKind::Read => "read",
        }
    }

    /// Reads a stored name (`saw` is accepted for `witnessed`).
    pub fn parse(s: &str) -> Result<BasisKind> {
        match s {
            "saw" => Ok(BasisKind::Witnessed),
            _ => BasisKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
                StoreError::invalid(
                    "basis",
                    format!("'{s}': expected witnessed, heard-from-named, heard-from-unknown or read"),
                )
            }),
        }
    }
}

/// A claim's basis of knowledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimBasis {
    /// How.
    pub kind: BasisKind,
    /// From whom (a witness or source id of the case, or a pseudonym) or what was read.
    pub from: Option<String>,
}

impl ClaimBasis {
    /// Checks the pair: a named informant needs `from`; seeing it or unknown hearsay takes none.
    pub fn new(kind: BasisKind, from: Option<String>) -> Result<ClaimBasis> {
        let from = clean("basis-from", &from, 300)?;
        match (kind, &from) {
            (BasisKind::HeardFromNamed, None) => Err(StoreError::invalid(
                "basis-from",
                "heard-from-named needs the informant (a witness, source or name)",
            )),
            (BasisKind::Witnessed | BasisKind::HeardFromUnknown, Some(_)) => Err(StoreError::invalid(
                "basis-from",
                format!("{} takes no informant; use heard-from-named", kind.as_str()),
            )),
            _ => Ok(ClaimBasis { kind, from }),
        }
    }
}

/// Checks a per-claim information grade: 2-6. Grade 1 ("confirmed by other sources") is the
/// conclusion corroboration draws, so as an input it would be circular.
pub fn check_information(grade: u8) -> Result<u8> {
    match grade {
        1 => Err(StoreError::invalid(
            "information",
            "grade 1 means \"confirmed by other sources\": that is what corroboration concludes, so it is refused as an input; give 2-6",
        )),
        2..=6 => Ok(grade),
        other => Err(StoreError::invalid("information", format!("{other}: expected a grade from 2 to 6"))),
    }
}

/// A claim's assessment: its basis of knowledge and its information grade. `None` leaves a value
/// "not recorded".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimAssessment {
    /// Basis of knowledge.
    pub basis: Option<ClaimBasis>,
    /// Information grade, 2-6.
    pub information: Option<u8>,
}

/// What a case does with Admiralty F and 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UnassessedPolicy {
    /// F or 6 is not counted as reliable (the default when none is recorded).
    NotReliable,
    /// A not-assessed component is taken as meeting the minimum when the other one does.
    AssumeMinimum,
}

impl UnassessedPolicy {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            UnassessedPolicy::NotReliable => "not-reliable",
            UnassessedPolicy::AssumeMinimum => "assume-minimum",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Result<UnassessedPolicy> {
        match s {
            "not-reliable" => Ok(UnassessedPolicy::NotReliable),
            "assume-minimum" => Ok(UnassessedPolicy::AssumeMinimum),
            other => {
                Err(StoreError::invalid("unassessed", format!("'{other}': expected not-reliable or assume-minimum")))
            }
        }
    }
}

impl Archive {
    /// Adds a claim and its assessment in one transaction (two log entries: the claim, then its
    /// assessment).
    pub fn add_assessed_claim(
        &mut self,
        source_id: &SourceId,
        draft: ClaimDraft,
        assessment: &ClaimAssessment,
    ) -> Result<ClaimId> {
        if let Some(g) = assessment.information {
            check_information(g)?;
        }
        self.write(|tx, st| {
            let row: Option<(String, String)> = tx
                .query_row("SELECT case_id, text FROM source WHERE source_id = ?1", [source_id.as_str()], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let (case_id, text) =
                row.ok_or_else(|| StoreError::NotFound { kind: "source", id: source_id.to_string() })?;
            let id = crate::write::insert_claim(tx, st, source_id, &case_id, &text, draft)?;
            if *assessment != ClaimAssessment::default() {
                assess(tx, st, id.as_str(), assessment)?;
            }
            Ok(id)
        })
    }

    /// Records (or replaces) a claim's basis of knowledge and information grade.
    pub fn set_claim_assessment(&mut self, claim_id: &ClaimId, assessment: &ClaimAssessment) -> Result<()> {
        if let Some(g) = assessment.information {
            check_information(g)?;
        }
        self.write(|tx, st| {
            if !exists(tx, "SELECT 1 FROM claim WHERE claim_id = ?1", claim_id.as_str())? {
                return Err(StoreError::NotFound { kind: "claim", id: claim_id.to_string() });
            }
            assess(tx, st, claim_id.as_str(), assessment)
        })
    }

    /// Sets the case's policy for Admiralty F and 6.
    pub fn set_unassessed_policy(&mut self, case: &str, policy: UnassessedPolicy) -> Result<()> {
        self.write(|tx, st| {
            let n =
                tx.execute("UPDATE case_file SET unassessed = ?1 WHERE case_id = ?2", params![policy.as_str(), case])?;
            if n == 0 {
                return Err(StoreError::NotFound { kind: "case", id: case.to_string() });
            }
            let now = st.clock.now();
            append(
                tx,
                &now,
                &st.actor,
                "case.policy",
                case,
                &json!({ "unassessed": policy.as_str(), "records": [commit(tx, "case_file", &[case])?] }),
            )
        })
    }

    /// The case's policy for Admiralty F and 6, or `None` when none was recorded.
    pub fn unassessed_policy(&self, case: &str) -> Result<Option<UnassessedPolicy>> {
        let v: Option<Option<String>> = self
            .conn
            .query_row("SELECT unassessed FROM case_file WHERE case_id = ?1", [case], |r| r.get(0))
            .optional()?;
        match v {
            None => Err(StoreError::NotFound { kind: "case", id: case.to_string() }),
            Some(None) => Ok(None),
            Some(Some(s)) => UnassessedPolicy::parse(&s).map(Some),
        }
    }
}

fn assess(tx: &rusqlite::Transaction<'_>, st: &mut crate::State, claim_id: &str, a: &ClaimAssessment) -> Result<()> {
    let (kind, from) = match &a.basis {
        Some(b) => (Some(b.kind.as_str()), b.from.clone()),
        None => (None, None),
    };
    tx.execute(
        "UPDATE claim SET basis = ?1, basis_from = ?2, information = ?3 WHERE claim_id = ?4",
        params![kind, from, a.information, claim_id],
    )?;
    let now = st.clock.now();
    append(
        tx,
        &now,
        &st.actor,
        "claim.assess",
        claim_id,
        &json!({ "basis": kind, "basis_from": from, "information": a.information,
            "records": [commit(tx, "claim", &[claim_id])?] }),
    )
}
