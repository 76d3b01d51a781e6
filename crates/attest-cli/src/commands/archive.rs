//! The archive itself: `init`, `log`, `verify`, and reading records with `show` and `list`.

use std::process::ExitCode;

use anyhow::{Context, Result};
use attest_domain::{CaseId, ClaimId, SourceId, WitnessId};
use attest_store::{Archive, OpenOptions};
use attest_vault::KdfParams;
use serde_json::json;

use super::{actor, archive_path, open, opt};
use crate::args::{Cli, Command, Kind};
use crate::output::{self, Out};
use crate::passphrase;

/// Runs `init`, `log`, `verify`, `show` or `list`.
pub fn run(cli: &Cli, out: &Out) -> Result<ExitCode> {
    match &cli.command {
        Command::Init => {
            let path = archive_path(cli);
            let pass = passphrase::for_new(&path)?;
            let archive = Archive::init(&path, &pass, KdfParams::recommended(), OpenOptions::new(actor()))
                .with_context(|| format!("creating archive {}", path.display()))?;
            out.print(&json!({ "archive": path, "archive_id": archive.archive_id() }), || {
                format!("Created archive {} (id {}).", path.display(), archive.archive_id())
            });
        }
        Command::Log => {
            let entries = attest_app::admin::log(&open(cli)?)?;
            out.print(&json!({ "entries": entries }), || output::log_table(&entries));
        }
        Command::Show { kind, id } => show(cli, out, *kind, id)?,
        Command::List { kind, case } => {
            let case = opt(case, "--case", CaseId::parse)?;
            let case = case.as_ref();
            let a = open(cli)?;
            use attest_app::records;
            match kind {
                Kind::Case => {
                    let v = records::cases(&a)?;
                    out.print(&json!({ "cases": v }), || output::cases_table(&v));
                }
                Kind::Witness => {
                    let v = records::witnesses(&a, case)?;
                    out.print(&json!({ "witnesses": v }), || output::witnesses_table(&v));
                }
                Kind::Source => {
                    let v = records::sources(&a, case)?;
                    out.print(&json!({ "sources": v }), || output::sources_table(&v));
                }
                Kind::Claim => {
                    let v = records::claims(&a, case)?;
                    out.print(&json!({ "claims": v }), || output::claims_table(&v));
                }
            }
        }
        _ => anyhow::bail!("internal: this command belongs to another module"),
    }
    Ok(ExitCode::SUCCESS)
}

fn show(cli: &Cli, out: &Out, kind: Kind, id: &str) -> Result<()> {
    use attest_app::records;
    // The id is checked before the passphrase is asked for.
    match kind {
        Kind::Case => {
            let id = CaseId::parse(id).context("id")?;
            let c = records::case(&open(cli)?, &id)?;
            out.print(&json!(c), || output::case_text(&c));
        }
        Kind::Witness => {
            let id = WitnessId::parse(id).context("id")?;
            let w = records::witness(&open(cli)?, &id)?;
            out.print(&json!(w), || output::witness_text(&w));
        }
        Kind::Source => {
            let id = SourceId::parse(id).context("id")?;
            let s = records::source(&open(cli)?, &id)?;
            out.print(&json!(s), || output::source_text(&s));
        }
        Kind::Claim => {
            let id = ClaimId::parse(id).context("id")?;
            let c = records::claim(&open(cli)?, &id)?;
            out.print(&json!(c), || output::claim_text(&c));
        }
    }
    Ok(())
}
