//! `attest search`: romanization-insensitive search over pseudonyms, texts and claims.

use anyhow::{Context, Result};
use attest_domain::CaseId;
use serde_json::json;

use super::open;
use crate::args::Cli;
use crate::output::Out;

/// Runs `search`.
pub fn run(cli: &Cli, out: &Out, query: &str, case: Option<&str>, limit: usize) -> Result<()> {
    let case = case.map(CaseId::parse).transpose().context("--case")?;
    let hits = attest_app::search::search(&mut open(cli)?, query, case.as_ref(), limit)?;
    out.print(&json!(hits), || {
        if hits.is_empty() {
            return format!("Nothing found for '{query}'.");
        }
        hits.iter()
            .map(|h| format!("{:<8} {}  {}", h.kind, h.record_id, h.excerpt.replace('\n', " ")))
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}
