//! `attest user invite|accept|passwd|rotate|pin|reset` (issue 13): enrolment by invitation, the
//! user's own password and keys, and the custodian's pin of each user's public key. Also how a
//! grant's key fingerprint is shown.

use anyhow::{Context, Result, anyhow, bail};
use attest_domain::{Role, UserId};
use attest_store::{Archive, GrantOutcome, OpenOptions};
use attest_vault::{KdfParams, Passphrase};
use serde_json::{Value, json};

use crate::args::{Cli, UserCmd};
use crate::output::Out;

/// A grant's output, with the key fingerprint to confirm out of band when it was pinned now.
pub fn granted(outcome: &GrantOutcome, mut value: Value, text: String) -> (Value, String) {
    value["fingerprint"] = json!(outcome.fingerprint);
    value["newly_pinned"] = json!(outcome.newly_pinned);
    let note = if outcome.newly_pinned {
        format!(
            "\nKey fingerprint of {}: {}\nFirst grant to this key: it is pinned now. Confirm the fingerprint with the user \
             out of band (in person, by phone); if it differs, revoke at once.",
            outcome.user_id, outcome.fingerprint
        )
    } else {
        format!("\nKey fingerprint of {}: {} (pinned earlier, verified)", outcome.user_id, outcome.fingerprint)
    };
    (value, text + &note)
}

fn secret_from(var: &str, prompt: &str) -> Result<String> {
    if let Ok(v) = std::env::var(var) {
        return Ok(v);
    }
    rpassword::prompt_password(prompt).map_err(|_| anyhow!("no value: set {var} or run attest in a terminal"))
}

fn new_password(name: &str, var: &str) -> Result<Passphrase> {
    if let Ok(p) = std::env::var(var) {
        return Ok(Passphrase::parse(p)?);
    }
    let p = secret_from(var, &format!("New password of {name}: "))?;
    if p != secret_from(var, "Repeat it: ")? {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(Passphrase::parse(p)?)
}

/// The archive without its archive key: what a user's own operations need, nothing more.
fn open_as_user(cli: &Cli) -> Result<Archive> {
    let path = crate::archive_path(cli);
    let pass = crate::passphrase::for_unlock(&path)?;
    Archive::open_for_serve(&path, &pass, OpenOptions::new(crate::actor()))
        .with_context(|| format!("opening archive {}", path.display()))
}

fn user_id_of(archive: &Archive, name: &str) -> Result<String> {
    archive
        .list_users()?
        .into_iter()
        .find(|u| u.name == name)
        .map(|u| u.user_id)
        .ok_or_else(|| anyhow!("--name: no user called '{name}'"))
}

fn invitation_text(verb: &str, inv: &attest_store::Invitation) -> String {
    format!(
        "{verb} {} ({}). One-time invitation code, shown once, valid until {}:\n{}\nGive it to the user by a separate \
         channel; they choose their own password with `attest user accept --name {}` or on the sign-in page.",
        inv.name,
        inv.user_id,
        inv.expires_at,
        inv.code.expose(),
        inv.name
    )
}

/// Runs one of the commands [`handles`] says it runs.
pub fn run(cli: &Cli, cmd: &UserCmd, out: &Out) -> Result<()> {
    match cmd {
        UserCmd::Invite { name, role, valid_hours } => {
            let role = Role::parse(role).context("--role")?;
            let inv = crate::open(cli)?.invite_user(name, role, *valid_hours)?;
            out.print(
                &json!({ "user_id": inv.user_id, "name": inv.name, "role": role, "code": inv.code.expose(), "expires_at": inv.expires_at }),
                || invitation_text("Invited", &inv),
            );
        }
        UserCmd::Reset { user, valid_hours } => {
            let user = UserId::parse(user).context("--user")?;
            let inv = crate::open(cli)?.reset_user(user.as_str(), *valid_hours)?;
            out.print(
                &json!({ "user_id": inv.user_id, "name": inv.name, "code": inv.code.expose(), "expires_at": inv.expires_at, "reset": true }),
                || invitation_text("Reset", &inv) + "\nTheir old keys and every grant sealed to them are deleted; grant again after they accept.",
            );
        }
        UserCmd::Accept { name } => {
            let mut archive = open_as_user(cli)?;
            let code = zeroize::Zeroizing::new(secret_from("ATTEST_INVITATION_CODE", "Invitation code: ")?);
            let password = new_password(name, "ATTEST_USER_PASSWORD")?;
            let id = archive.accept_invitation(name, &code, &password, KdfParams::recommended())?;
            out.print(&json!({ "user_id": id, "name": name, "accepted": true }), || {
                format!("Welcome, {name} ({id}): your password is set and your keys are made. Nobody else knows the password.")
            });
        }
        UserCmd::Passwd { name } => {
            let mut archive = open_as_user(cli)?;
            let id = user_id_of(&archive, name)?;
            let old =
                Passphrase::for_unlock(secret_from("ATTEST_USER_PASSWORD", &format!("Current password of {name}: "))?);
            let new = new_password(name, "ATTEST_NEW_USER_PASSWORD")?;
            archive.change_password(&id, &old, &new, KdfParams::recommended())?;
            out.print(&json!({ "user_id": id, "password_changed": true }), || format!("Password of {name} changed."));
        }
        UserCmd::Rotate { name } => {
            let mut archive = open_as_user(cli)?;
            let id = user_id_of(&archive, name)?;
            let password =
                Passphrase::for_unlock(secret_from("ATTEST_USER_PASSWORD", &format!("Password of {name}: "))?);
            let fingerprint = archive.rotate_user_keys(&id, &password)?;
            out.print(&json!({ "user_id": id, "fingerprint": fingerprint }), || {
                format!(
                    "New key pair for {name}; your grants were moved to it. New fingerprint: {fingerprint}\nRead it to the \
                     custodian, who runs `attest user pin --user {id} --fingerprint {fingerprint}` before the next grant."
                )
            });
        }
        UserCmd::Pin { user, fingerprint } => {
            let user = UserId::parse(user).context("--user")?;
            let pin = crate::open(cli)?.pin_user_key(user.as_str(), fingerprint)?;
            out.print(&json!({ "user_id": pin.user_id, "fingerprint": pin.fingerprint, "pinned": true }), || {
                format!("Pinned the key of {} ({}).", pin.user_id, pin.fingerprint)
            });
        }
        UserCmd::Add { .. } | UserCmd::List | UserCmd::Totp { .. } => bail!("not a command of this file"),
    }
    Ok(())
}
