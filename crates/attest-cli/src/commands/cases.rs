//! `attest case add`.

use anyhow::Result;
use serde_json::json;

use super::open;
use crate::args::{CaseCmd, Cli};
use crate::output::Out;

/// Runs a `case` command.
pub fn run(cli: &Cli, out: &Out, cmd: &CaseCmd) -> Result<()> {
    match cmd {
        CaseCmd::Add { title } => {
            let id = attest_app::cases::add_case(&mut open(cli)?, title)?;
            out.print(&json!({ "case_id": id }), || format!("Added case {id}"));
        }
    }
    Ok(())
}
