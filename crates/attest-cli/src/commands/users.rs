//! The workspace's users at the command line: `attest user add|list|totp`, `attest member`, and
//! `attest grant|revoke` (which need the archive key, so only the keyholder can run them).

use anyhow::{Context, Result};
use attest_app::Grant;
use attest_app::input::NewUserInput;
use attest_domain::{CaseId, Role, UserId};
use serde_json::json;

use super::open;
use crate::args::{Cli, Command, UserCmd};
use crate::output::Out;
use crate::passphrase;

/// Runs `user`, `member`, `grant` or `revoke`.
pub fn run(cli: &Cli, out: &Out) -> Result<()> {
    match &cli.command {
        // Enrolment by invitation, the user's own password and keys, pins (`src/users.rs`).
        Command::User(
            cmd @ (UserCmd::Invite { .. }
            | UserCmd::Accept { .. }
            | UserCmd::Passwd { .. }
            | UserCmd::Rotate { .. }
            | UserCmd::Pin { .. }
            | UserCmd::Reset { .. }),
        ) => crate::users::run(cli, cmd, out)?,
        Command::User(UserCmd::Add { name, role }) => {
            let role = Role::parse(role).context("--role")?;
            let mut archive = open(cli)?;
            let password = passphrase::user_password(name, true)?;
            let id = attest_app::admin::add_user(&mut archive, &NewUserInput { name: name.clone(), role, password })?;
            out.print(&json!({ "user_id": id, "name": name, "role": role }), || {
                format!("Added user {name} ({id}), role {}.", role.as_str())
            });
        }
        Command::User(UserCmd::Totp { name }) => {
            let t = attest_app::admin::enable_totp(&mut open(cli)?, name).map_err(|e| match e {
                attest_app::AppError::Invalid { message, .. } => anyhow::anyhow!("--name: {message}"),
                other => other.into(),
            })?;
            out.print(&json!({ "user_id": t.user_id, "otpauth_uri": t.uri.as_str() }), || {
                format!(
                    "TOTP turned on for {name}. Add this to their authenticator app (shown once; anyone who sees it can make codes):\n{}",
                    t.uri.as_str()
                )
            });
        }
        Command::User(UserCmd::List) => {
            let users = attest_app::admin::users(&open(cli)?)?;
            out.print(&json!(users), || {
                users
                    .iter()
                    .map(|u| {
                        format!(
                            "{}  {:<16} {:<12} cases: {}  identities: {}",
                            u.user_id,
                            u.name,
                            u.role.as_str(),
                            join(&u.cases),
                            join(&u.identity_grants)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Member { user, case } => {
            let (user, case) = ids(user, case)?;
            attest_app::admin::add_member(&mut open(cli)?, &user, &case)?;
            out.print(&json!({ "user_id": user, "case_id": case, "member": true }), || {
                format!("{user} is a member of {case}.")
            });
        }
        Command::Grant { user, case, kind } => {
            let kind = Grant::parse(kind)
                .map_err(|_| anyhow::anyhow!("--kind: expected identities or testimonies, not '{kind}'"))?;
            let (user, case) = ids(user, case)?;
            let pin = attest_app::admin::grant(&mut open(cli)?, &user, &case, kind)?;
            let what = match kind {
                Grant::Testimonies => format!("{user} may open the original files of {case}."),
                Grant::Identities => format!("{user} may see sealed identities of {case}."),
            };
            let (value, text) =
                crate::users::granted(&pin, json!({ "user_id": user, "case_id": case, "grant": kind.as_str() }), what);
            out.print(&value, || text);
        }
        Command::Revoke { user, case, kind } => {
            let kind = Grant::parse(kind)
                .map_err(|_| anyhow::anyhow!("--kind: expected identities or testimonies, not '{kind}'"))?;
            let (user, case) = ids(user, case)?;
            let n = attest_app::admin::revoke(&mut open(cli)?, &user, &case, kind)?;
            let (value, text) = match kind {
                Grant::Testimonies => (
                    json!({ "user_id": user, "case_id": case, "revoked": "testimonies", "resealed_originals": n }),
                    format!("Revoked; {case}'s case key replaced ({n} original files re-encrypted)."),
                ),
                Grant::Identities => (
                    json!({ "user_id": user, "case_id": case, "revoked": "identities", "resealed_fields": n }),
                    format!("Revoked; {case} re-keyed ({n} sealed fields re-encrypted)."),
                ),
            };
            out.print(&value, || text);
        }
        _ => anyhow::bail!("internal: this command belongs to another module"),
    }
    Ok(())
}

fn join(cases: &[CaseId]) -> String {
    cases.iter().map(CaseId::as_str).collect::<Vec<_>>().join(", ")
}

fn ids(user: &str, case: &str) -> Result<(UserId, CaseId)> {
    Ok((UserId::parse(user).context("--user")?, CaseId::parse(case).context("--case")?))
}
