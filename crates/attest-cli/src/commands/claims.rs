//! `attest claim add` (a claim on a span of a source) and `attest act add|list` (the vocabulary).

use anyhow::{Context, Result, anyhow};
use attest_app::AppError;
use attest_app::input::{ClaimInput, Evidence};
use attest_domain::{ActSlug, SourceId, Span, UncertainCount, UncertainDate};
use attest_store::StoreError;
use serde_json::json;

use super::{open, opt};
use crate::args::{ActCmd, ClaimCmd, Cli};
use crate::output::{self, Out};

/// Runs `claim add`.
pub fn run_claim(cli: &Cli, out: &Out, cmd: &ClaimCmd) -> Result<()> {
    let ClaimCmd::Add { source, span, act, place, when, count, victim, perpetrator } = cmd;
    let source_id = SourceId::parse(source).context("--source")?;
    let input = ClaimInput {
        evidence: Evidence::Span(Span::parse(span).context("--span")?),
        act: ActSlug::parse(act).context("--act")?,
        place: place.clone(),
        when: opt(when, "--when", UncertainDate::parse)?,
        count: opt(count, "--count", UncertainCount::parse)?,
        victim: victim.clone(),
        perpetrator: perpetrator.clone(),
    };
    let claim = attest_app::sources::add_claim(&mut open(cli)?, None, &source_id, input).map_err(|e| match e {
        // The store names the field; here it is the flag of the same name.
        AppError::Store(StoreError::Invalid { field, message }) => anyhow!("--{field}: {message}"),
        AppError::Invalid { field, message } => anyhow!("--{field}: {message}"),
        other => other.into(),
    })?;
    out.print(&json!({ "claim_id": claim.claim_id, "passage": claim.passage }), || {
        format!("Added claim {}: «{}»", claim.claim_id, claim.passage)
    });
    Ok(())
}

/// Runs `act add` or `act list`.
pub fn run_act(cli: &Cli, out: &Out, cmd: &ActCmd) -> Result<()> {
    match cmd {
        ActCmd::Add { act, label } => {
            let slug = ActSlug::parse(act).context("act")?;
            attest_app::records::add_act(&mut open(cli)?, &slug, label)?;
            out.print(&json!({ "act": slug.as_str() }), || format!("Added act {}", slug.as_str()));
        }
        ActCmd::List => {
            let acts = attest_app::records::acts(&open(cli)?)?;
            out.print(&json!({ "acts": acts }), || output::acts_table(&acts));
        }
    }
    Ok(())
}
