//! `attest claim add` (a claim on a span of a source, with its basis of knowledge and information
//! grade), `attest claim assess` (set those on an existing claim) and `attest act add|list` (the
//! vocabulary).

use anyhow::{Context, Result, anyhow};
use attest_app::AppError;
use attest_app::input::{AssessmentForm, ClaimInput, Evidence};
use attest_domain::{ActSlug, ClaimId, SourceId, Span, UncertainCount, UncertainDate};
use attest_store::StoreError;
use serde_json::json;

use super::{open, opt};
use crate::args::{ActCmd, ClaimCmd, Cli};
use crate::output::{self, Out};

/// Parses `--basis`, `--basis-from` and `--information`, naming the flag that is refused.
fn assessment(
    basis: &Option<String>,
    basis_from: &Option<String>,
    information: &Option<String>,
) -> Result<attest_store::ClaimAssessment> {
    let information = match information.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(g) => Some(g.parse::<usize>().map_err(|_| anyhow!("--information: '{g}' is not a grade from 2 to 6"))?),
    };
    AssessmentForm { basis: basis.clone(), basis_from: basis_from.clone(), information }.parse().map_err(flag_error)
}

/// The store and the input parser name the field; here it is the flag of the same name.
fn flag_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::Store(StoreError::Invalid { field, message }) => anyhow!("--{}: {message}", field.replace('_', "-")),
        AppError::Invalid { field, message, .. } => anyhow!("--{}: {message}", field.replace('_', "-")),
        other => other.into(),
    }
}

/// Runs `claim add` or `claim assess`.
pub fn run_claim(cli: &Cli, out: &Out, cmd: &ClaimCmd) -> Result<()> {
    let (source, span, act, place, when, count, victim, perpetrator, basis, basis_from, information) = match cmd {
        ClaimCmd::Add {
            source,
            span,
            act,
            place,
            when,
            count,
            victim,
            perpetrator,
            basis,
            basis_from,
            information,
        } => (source, span, act, place, when, count, victim, perpetrator, basis, basis_from, information),
        ClaimCmd::Assess { claim, basis, basis_from, information } => {
            let claim_id = ClaimId::parse(claim).context("--claim")?;
            let a = assessment(basis, basis_from, information)?;
            let c = attest_app::sources::assess_claim(&mut open(cli)?, None, &claim_id, &a).map_err(flag_error)?;
            out.print(
                &json!({ "claim_id": c.claim_id, "basis": c.basis, "basis_from": c.basis_from, "information": c.information }),
                || {
                    format!(
                        "Claim {}: basis {}, information grade {}.",
                        c.claim_id,
                        c.basis.as_deref().unwrap_or("not recorded"),
                        c.information.map_or("not recorded".to_string(), |g| g.to_string())
                    )
                },
            );
            return Ok(());
        }
    };
    let source_id = SourceId::parse(source).context("--source")?;
    let input = ClaimInput {
        evidence: Evidence::Span(Span::parse(span).context("--span")?),
        act: ActSlug::parse(act).context("--act")?,
        place: place.clone(),
        when: opt(when, "--when", UncertainDate::parse)?,
        count: opt(count, "--count", UncertainCount::parse)?,
        victim: victim.clone(),
        perpetrator: perpetrator.clone(),
        assessment: assessment(basis, basis_from, information)?,
    };
    let claim = attest_app::sources::add_claim(&mut open(cli)?, None, &source_id, input).map_err(flag_error)?;
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
