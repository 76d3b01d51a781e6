//! `attest witness add` (identity sealed, values from arguments or stdin) and `attest witness
//! reveal` (as the keyholder, or `--as` a user through their grant).

use anyhow::{Context, Result, anyhow};
use attest_app::input::RevealInput;
use attest_domain::{CaseId, Consent, Pseudonym, UserId, WitnessId};
use attest_store::NewWitness;
use attest_vault::SecretText;
use serde_json::json;

use super::{open, opt};
use crate::args::{Cli, WitnessCmd};
use crate::output::Out;
use crate::passphrase;

/// Runs a `witness` command.
pub fn run(cli: &Cli, out: &Out, cmd: &WitnessCmd) -> Result<()> {
    match cmd {
        WitnessCmd::Add { case, pseudonym, sealed_name, sealed_contact, sealed_notes, consent } => {
            let case_id = CaseId::parse(case).context("--case")?;
            let pseudonym = Pseudonym::parse(pseudonym).context("--pseudonym")?;
            let consent = opt(consent, "--consent", Consent::parse)?.unwrap_or_default();
            let mut stdin_lines = passphrase::StdinLines;
            let mut sealed = |flag: &str, v: &Option<String>| -> Result<Option<SecretText>> {
                match v.as_deref() {
                    None => Ok(None),
                    Some("-") => stdin_lines.next(flag).map(Some),
                    Some(s) => Ok(Some(SecretText::new(s.to_string()))),
                }
            };
            let sealed_name = sealed("--sealed-name", &Some(sealed_name.clone()))?
                .ok_or_else(|| anyhow!("--sealed-name is required"))?;
            let sealed_contact = sealed("--sealed-contact", sealed_contact)?;
            let sealed_notes = sealed("--sealed-notes", sealed_notes)?;
            let id = attest_app::witnesses::add_witness(
                &mut open(cli)?,
                NewWitness { case_id, pseudonym, consent, sealed_name, sealed_contact, sealed_notes },
            )?;
            out.print(&json!({ "witness_id": id }), || format!("Added witness {id} (sealed fields encrypted)"));
        }
        WitnessCmd::Reveal { witness, reason, as_user } => {
            let id = WitnessId::parse(witness).context("witness id")?;
            let w = match as_user {
                Some(user) => {
                    let user = UserId::parse(user).context("--as")?;
                    let mut archive = open(cli)?;
                    let password = passphrase::user_password(user.as_str(), false)?;
                    let request = RevealInput { password, reason: reason.clone(), confirmed: true };
                    attest_app::witnesses::reveal_as(&mut archive, user.as_str(), &id, request)?
                }
                None => attest_app::witnesses::reveal(&mut open(cli)?, &id, reason.as_deref())?,
            };
            out.print(
                &json!({
                    "witness_id": w.witness_id, "pseudonym": w.pseudonym, "legal_name": w.name.expose(),
                    "contact": w.contact.as_ref().map(|c| c.expose()), "notes": w.notes.as_ref().map(|n| n.expose()),
                    "logged": true,
                }),
                || {
                    let mut s = format!("{} ({})\n  legal name: {}", w.pseudonym, w.witness_id, w.name.expose());
                    if let Some(c) = &w.contact {
                        s.push_str(&format!("\n  contact:    {}", c.expose()));
                    }
                    if let Some(n) = &w.notes {
                        s.push_str(&format!("\n  notes:      {}", n.expose()));
                    }
                    s.push_str("\nThis reveal has been recorded in the audit log.");
                    s
                },
            );
        }
    }
    Ok(())
}
