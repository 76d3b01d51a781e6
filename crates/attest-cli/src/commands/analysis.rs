//! Analysis of a case: `attest provenance` (which sources derive from which), `attest
//! corroboration` (independent lines per claim and event, sealed identities compared by the
//! keyholder), and the analyst's declarations `attest depend add|list` (including the decisions
//! `independent` and `derived` on a possibly derived pair), `attest event merge|split` and
//! `attest policy` (the case's rule for Admiralty F and 6).

use anyhow::{Context, Result, bail};
use attest_app::analysis::EventDecision;
use attest_app::corroboration::{Identities, Run};
use attest_domain::{CaseId, ClaimId, Reliability};
use serde_json::{Value, json};

use super::open;
use crate::args::{Cli, Command, DependCmd, EventArgs, EventCmd};
use crate::output::Out;

/// Runs `provenance`, `corroboration`, `depend` or `event`.
pub fn run(cli: &Cli, out: &Out) -> Result<()> {
    match &cli.command {
        Command::Provenance { case } => {
            let case_id = CaseId::parse(case).context("--case")?;
            let p = attest_app::corroboration::provenance(&open(cli)?, &case_id)?;
            let result = &p.result;
            out.print(&json!(result), || {
                let mut s = format!(
                    "{} sources: {} families of derived texts, {} independent.",
                    p.sources,
                    result.families.len(),
                    result.independent.len()
                );
                for (i, f) in result.families.iter().enumerate() {
                    s.push_str(&format!("\nFamily {} (counts as one source):", i + 1));
                    for m in &f.members {
                        s.push_str(&format!("\n  {}  {:?}  similarity {:.2}", m.source_id, m.relation, m.similarity));
                    }
                }
                if !result.independent.is_empty() {
                    s.push_str(&format!("\nIndependent: {}", result.independent.join(", ")));
                }
                s
            });
        }
        Command::Corroboration { case, min_reliability, min_lines, gap_days } => {
            let min_reliability = Reliability::parse(min_reliability).context("--min-reliability")?;
            if *min_lines == 0 {
                bail!("--min-lines: must be at least 1");
            }
            let case_id = CaseId::parse(case).context("--case")?;
            let config = attest_corroborate::Config {
                min_reliability,
                min_lines: *min_lines,
                gap_days: *gap_days,
                ..attest_corroborate::Config::default()
            };
            let run =
                attest_app::corroboration::corroboration(&mut open(cli)?, &case_id, &config, Identities::Compare)?;
            let (value, text) = corroboration_report(&case_id, run);
            out.print(&value, || text);
        }
        Command::Policy { case, unassessed } => {
            let case_id = CaseId::parse(case).context("--case")?;
            let policy =
                attest_app::input::PolicyForm { unassessed: unassessed.clone() }.parse().map_err(|e| match e {
                    attest_app::AppError::Invalid { message, .. } => anyhow::anyhow!("--unassessed: {message}"),
                    other => other.into(),
                })?;
            attest_app::corroboration::set_unassessed_policy(&mut open(cli)?, &case_id, policy)?;
            out.print(&json!({ "case_id": case_id, "unassessed": policy.as_str() }), || {
                format!("Case {case_id}: Admiralty F and 6 are now treated as {}.", policy.as_str())
            });
        }
        Command::Depend(DependCmd::Add { case, kind, a, b, note }) => {
            let case_id = CaseId::parse(case).context("--case")?;
            let id = attest_app::analysis::add_dependency(&mut open(cli)?, &case_id, kind, a, b, note.as_deref())?;
            out.print(&json!({ "dependency_id": id, "case_id": case_id, "kind": kind, "a": a, "b": b }), || {
                format!("Recorded {kind} between {a} and {b} (dependency {id}).")
            });
        }
        Command::Depend(DependCmd::List { case }) => {
            let case_id = CaseId::parse(case).context("--case")?;
            let deps = attest_app::analysis::dependencies(&open(cli)?, &case_id)?;
            out.print(&json!(deps), || {
                deps.iter()
                    .map(|d| {
                        format!(
                            "{:>4}  {:<18} {}  {}  {}",
                            d.dependency_id,
                            d.kind,
                            d.a,
                            d.b,
                            d.note.as_deref().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Event(cmd) => {
            let (decision, EventArgs { case, a, b, note }) = match cmd {
                EventCmd::Merge(e) => (EventDecision::Merge, e),
                EventCmd::Split(e) => (EventDecision::Split, e),
            };
            let case_id = CaseId::parse(case).context("--case")?;
            let claim_a = ClaimId::parse(a).context("claim A")?;
            let claim_b = ClaimId::parse(b).context("claim B")?;
            let id = attest_app::analysis::decide_event(
                &mut open(cli)?,
                &case_id,
                decision,
                &claim_a,
                &claim_b,
                note.as_deref(),
            )?;
            out.print(&json!({ "decision_id": id, "decision": decision.as_str(), "claim_a": a, "claim_b": b }), || {
                format!(
                    "Recorded: {a} and {b} {}.",
                    if decision == EventDecision::Merge { "are one event" } else { "are different events" }
                )
            });
        }
        _ => anyhow::bail!("internal: this command belongs to another module"),
    }
    Ok(())
}

/// The JSON report and its text rendering.
fn corroboration_report(case: &CaseId, run: Run) -> (Value, String) {
    let Run { report, provenance_families, same_person_pairs, same_person_overridden } = run;
    let mut value = json!(report);
    value["case_id"] = json!(case);
    value["provenance_families"] = json!(provenance_families);
    value["same_person_pairs"] = json!(same_person_pairs.unwrap_or(0));
    value["same_person_overridden"] = json!(same_person_overridden);
    let mut text = format!(
        "Case {case}: {} claims in {} events (reliable = {} or better, {} independent lines to corroborate).\n\
         Events: {} corroborated, {} single-source, {} contested, {} unconfirmed.\n\
         Claims: {} corroborated, {} single-source, {} contested, {} unconfirmed.",
        report.claims.len(),
        report.events.len(),
        report.min_reliability,
        report.min_lines,
        report.event_tally.corroborated,
        report.event_tally.single_source,
        report.event_tally.contested,
        report.event_tally.unconfirmed,
        report.claim_tally.corroborated,
        report.claim_tally.single_source,
        report.claim_tally.contested,
        report.claim_tally.unconfirmed,
    );
    for e in &report.events {
        text.push_str(&format!(
            "\n{}  {:<15} {:<24} {:<23} {:>2} claims {:>2} lines ({} reliable)  {}",
            e.event_id,
            e.act,
            e.place.as_deref().unwrap_or("-"),
            e.period.as_ref().map_or("-".to_string(), |p| format!(
                "{}..{}",
                p.earliest.as_deref().unwrap_or(""),
                p.latest.as_deref().unwrap_or("")
            )),
            e.claims.len(),
            e.lines.len(),
            e.reliable_lines,
            json!(e.status).as_str().unwrap_or("-"),
        ));
        for d in &e.disagreements {
            text.push_str(&format!(
                "\n    {} disputed: {} says {}, {} says {}",
                d.field, d.claim_a, d.value_a, d.claim_b, d.value_b
            ));
        }
        text.push_str(&format!("\n    {}", e.finding));
    }
    for q in &report.possibly_same_events {
        text.push_str(&format!(
            "\nPossibly the same event: {} and {} ({})",
            q.event_a,
            q.event_b,
            q.reasons.join("; ")
        ));
    }
    for r in &report.review {
        text.push_str(&format!("\nReview ({}): {}", r.kind, r.sentence));
    }
    for w in &report.warnings {
        text.push_str(&format!("\nWarning: {w}"));
    }
    text.push_str(&format!("\nIdentity comparison: {}\n{}", report.identity_comparison, report.policy));
    for n in &report.notes {
        text.push_str(&format!("\nNote: {n}"));
    }
    (value, text)
}
