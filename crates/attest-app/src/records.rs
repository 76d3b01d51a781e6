//! Reading records as they may be shown (never sealed fields), and the vocabulary of acts.

use attest_domain::{ActSlug, CaseId, ClaimId, SourceId, WitnessId};
use attest_store::{ActRecord, Archive, CaseRecord, ClaimRecord, SourceRecord, WitnessRecord};

use crate::error::Result;

/// One case with its counts.
pub fn case(a: &Archive, id: &CaseId) -> Result<CaseRecord> {
    Ok(a.get_case(id.as_str())?)
}
/// One witness (pseudonym, consent, names of sealed fields).
pub fn witness(a: &Archive, id: &WitnessId) -> Result<WitnessRecord> {
    Ok(a.get_witness(id.as_str())?)
}
/// One source with its text.
pub fn source(a: &Archive, id: &SourceId) -> Result<SourceRecord> {
    Ok(a.get_source(id.as_str())?)
}
/// One claim.
pub fn claim(a: &Archive, id: &ClaimId) -> Result<ClaimRecord> {
    Ok(a.get_claim(id.as_str())?)
}
/// Every case.
pub fn cases(a: &Archive) -> Result<Vec<CaseRecord>> {
    Ok(a.list_cases()?)
}
/// Witnesses, of one case or all.
pub fn witnesses(a: &Archive, case: Option<&CaseId>) -> Result<Vec<WitnessRecord>> {
    Ok(a.list_witnesses(case.map(CaseId::as_str))?)
}
/// Sources (without their texts), of one case or all.
pub fn sources(a: &Archive, case: Option<&CaseId>) -> Result<Vec<SourceRecord>> {
    Ok(a.list_sources(case.map(CaseId::as_str))?)
}
/// Claims, of one case or all.
pub fn claims(a: &Archive, case: Option<&CaseId>) -> Result<Vec<ClaimRecord>> {
    Ok(a.list_claims(case.map(CaseId::as_str))?)
}
/// The vocabulary of acts.
pub fn acts(a: &Archive) -> Result<Vec<ActRecord>> {
    Ok(a.list_acts()?)
}
/// Adds an act to the vocabulary.
pub fn add_act(a: &mut Archive, act: &ActSlug, label: &str) -> Result<()> {
    Ok(a.add_act(act, label)?)
}
