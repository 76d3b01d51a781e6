//! Witnesses: adding one (identity sealed), the witness page, and revealing the sealed identity,
//! by the keyholder at the command line or by a workspace user through their own grant. Every
//! reveal is logged before anything is decrypted (by the store).

use attest_domain::{CaseId, WitnessId};
use attest_store::{Archive, NewWitness, RevealedWitness, SourceRecord, WitnessRecord};
use serde::Serialize;

use crate::access::Caller;
use crate::error::{AppError, Result};
use crate::input::RevealInput;

/// Adds a witness; the sealed fields are encrypted with the case's identity key.
pub fn add_witness(a: &mut Archive, w: NewWitness) -> Result<WitnessId> {
    Ok(a.add_witness(w)?)
}

/// A witness page: pseudonym, consent, testimonies; whether this user could reveal.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WitnessPage {
    /// The witness (pseudonym, consent, names of sealed fields).
    pub witness: WitnessRecord,
    /// Their testimonies.
    pub testimonies: Vec<SourceRecord>,
    /// The user's role allows revealing and they hold an identity grant for the case.
    pub may_reveal: bool,
}

/// The page of a witness of `case` (a witness of another case is not found).
pub fn witness_page(a: &Archive, caller: &Caller, case: &CaseId, witness: &WitnessId) -> Result<WitnessPage> {
    let wr = a.get_witness(witness.as_str())?;
    if wr.case_id != *case {
        return Err(AppError::not_found("witness", witness));
    }
    let testimonies =
        a.list_sources(Some(case.as_str()))?.into_iter().filter(|s| s.witness_id.as_ref() == Some(witness)).collect();
    Ok(WitnessPage { witness: wr, testimonies, may_reveal: caller.may_reveal(case) })
}

/// Checks a reveal request against the page before any password is tried: confirmed, and the
/// user may reveal in this case.
pub fn check_reveal(caller: &Caller, case: &CaseId, page: &WitnessPage, r: &RevealInput) -> Result<()> {
    if !r.confirmed {
        return Err(AppError::invalid("confirm", "confirm that you need this identity; the reveal is logged"));
    }
    if !page.may_reveal {
        return Err(AppError::Forbidden(format!("{} has no identity grant for case {case}", caller.user.name)));
    }
    Ok(())
}

/// Reveals a witness through a user's identity grant, opened with their password (the
/// workspace after [`check_reveal`], or `attest witness reveal --as`).
pub fn reveal_as(a: &mut Archive, user_id: &str, witness: &WitnessId, r: RevealInput) -> Result<RevealedWitness> {
    a.reveal_witness_as(user_id, &r.password, witness, r.reason.as_deref()).map_err(AppError::with_user_password)
}

/// Reveals a witness as the archive's keyholder (the command line).
pub fn reveal(a: &mut Archive, witness: &WitnessId, reason: Option<&str>) -> Result<RevealedWitness> {
    Ok(a.reveal_witness(witness, reason)?)
}
