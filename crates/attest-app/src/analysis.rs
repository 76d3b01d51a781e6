//! What an analyst declares about a case: dependencies between sources or witnesses, and merge or
//! split decisions about events; corroboration and provenance use them (`corroboration.rs`).

use attest_domain::{CaseId, ClaimId};
pub use attest_store::EventDecision;
use attest_store::{Archive, DependencyRecord};

use crate::error::Result;

/// Records that two sources, or two witnesses, are not independent (or are different people).
pub fn add_dependency(a: &mut Archive, case: &CaseId, kind: &str, x: &str, y: &str, note: Option<&str>) -> Result<i64> {
    Ok(a.add_dependency(case.as_str(), kind, x, y, note)?)
}

/// The dependencies declared in a case.
pub fn dependencies(a: &Archive, case: &CaseId) -> Result<Vec<DependencyRecord>> {
    Ok(a.list_dependencies(case.as_str())?)
}

/// Records a merge or split of two claims' events.
pub fn decide_event(
    a: &mut Archive,
    case: &CaseId,
    decision: EventDecision,
    claim_a: &ClaimId,
    claim_b: &ClaimId,
    note: Option<&str>,
) -> Result<i64> {
    Ok(a.add_event_decision(case.as_str(), decision, claim_a.as_str(), claim_b.as_str(), note)?)
}
