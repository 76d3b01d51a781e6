//! `attest corroboration`: runs the engine over a case through `attest_web::corroboration` (which
//! gathers its inputs, here with sealed identities compared) and prints the report.

use anyhow::{Context, Result};
use attest_corroborate::Config;
use attest_domain::CaseId;
use attest_store::Archive;
use serde_json::{Value, json};

/// Runs corroboration over one case; returns the JSON report and its text rendering.
pub fn run(archive: &mut Archive, case: &str, config: &Config) -> Result<(Value, String)> {
    let case_id = CaseId::parse(case).context("--case")?;
    let case = case_id.as_str();
    let attest_web::corroboration::Run { report, provenance_families, same_person_pairs, same_person_overridden } =
        attest_web::corroboration::run(archive, case, config, true)?;
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
    Ok((value, text))
}
