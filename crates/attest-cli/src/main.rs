//! The `attest` command: parses arguments into domain types, asks for the passphrase, calls one
//! function of the application layer (`attest-app`), prints.
//!
//! Each command group has its module under `commands/` (one `run` per group); the engines'
//! commands live in `estimate.rs` and `link.rs`, enrolment and keys in `users.rs`. The web workspace calls the same application
//! functions; this crate depends on `attest-web` only to start `attest serve`. Every command takes
//! `--json` and then prints exactly one JSON object on stdout.

mod args;
mod commands;
mod demo;
mod estimate;
mod integrity;
mod link;
mod output;
mod passphrase;
mod users;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
// For `users.rs`, which opens the archive like every command module.
use commands::{actor, archive_path, open};
use output::Out;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out { json: cli.json };
    match run(&cli, &out) {
        Ok(code) => code,
        Err(e) => {
            out.error(&e);
            ExitCode::from(1)
        }
    }
}

/// Hands each command to its group's module.
fn run(cli: &Cli, out: &Out) -> anyhow::Result<ExitCode> {
    use commands::*;
    match &cli.command {
        Command::Init | Command::Log | Command::Show { .. } | Command::List { .. } => {
            return archive::run(cli, out);
        }
        Command::Verify(args) => return integrity::verify(cli, args, out),
        Command::Backup(args) => integrity::backup(cli, args, out)?,
        Command::Restore(args) => return integrity::restore(args, out),
        Command::Checkpoint(args) => integrity::checkpoint(cli, args, out)?,
        Command::CheckpointKey(cmd) => integrity::checkpoint_key(cmd, out)?,
        Command::Case(cmd) => cases::run(cli, out, cmd)?,
        Command::Witness(cmd) => witnesses::run(cli, out, cmd)?,
        Command::Source(cmd) => sources::run_source(cli, out, cmd)?,
        Command::Intake(cmd) => sources::run_intake(cli, out, cmd)?,
        Command::Claim(cmd) => claims::run_claim(cli, out, cmd)?,
        Command::Act(cmd) => claims::run_act(cli, out, cmd)?,
        Command::Provenance { .. }
        | Command::Corroboration { .. }
        | Command::Policy { .. }
        | Command::Depend(_)
        | Command::Event(_) => analysis::run(cli, out)?,
        Command::Search { query, case, limit } => search::run(cli, out, query, case.as_deref(), *limit)?,
        Command::User(_) | Command::Member { .. } | Command::Grant { .. } | Command::Revoke { .. } => {
            commands::users::run(cli, out)?
        }
        Command::Estimate { .. } | Command::Link { .. } => return engines::run(cli, out),
        Command::Demo { .. } | Command::Serve { .. } => serve::run(cli, out)?,
    }
    Ok(ExitCode::SUCCESS)
}
