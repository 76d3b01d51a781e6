//! `attest corroboration`: gathers what the engine needs from the archive (sources with their
//! grades, claims, provenance families, witnesses whose sealed identities match, declared
//! dependencies, merge and split decisions) and prints the report.

use std::collections::BTreeSet;

use anyhow::{Context, Result};
use attest_corroborate::{
    CaseInput, ClaimInput, Config, Decision, Dependency, DependencyKind, EventDecision, SourceInput, corroborate,
};
use attest_domain::{CaseId, Reliability};
use attest_store::Archive;
use serde_json::{Value, json};

/// Runs corroboration over one case; returns the JSON report and its text rendering.
pub fn run(archive: &mut Archive, case: &str, config: &Config) -> Result<(Value, String)> {
    let case_id = CaseId::parse(case).context("--case")?;
    let case = case_id.as_str();
    archive.get_case(case)?;
    let sources: Vec<SourceInput> = archive
        .list_sources(Some(case))?
        .into_iter()
        .map(|s| SourceInput {
            reliability: s.reliability.as_deref().and_then(|r| Reliability::parse(r).ok()),
            source_id: s.source_id,
            witness_id: s.witness_id,
        })
        .collect();
    let claims: Vec<ClaimInput> = archive
        .list_claims(Some(case))?
        .into_iter()
        .map(|c| ClaimInput {
            claim_id: c.claim_id,
            source_id: c.source_id,
            act: c.act,
            place: c.place,
            when: c.when,
            count: c.count,
        })
        .collect();
    let mut dependencies = Vec::new();
    // Derived texts: every member of a provenance family is joined to the family's original.
    let docs: Vec<attest_provenance::Document> = archive
        .source_texts(case)?
        .into_iter()
        .map(|s| attest_provenance::Document { id: s.source_id, text: s.text, published: s.published })
        .collect();
    let provenance = attest_provenance::analyse(&docs, &attest_provenance::Thresholds::default());
    for family in &provenance.families {
        let original = &family.members[0].source_id;
        for m in &family.members[1..] {
            dependencies.push(Dependency {
                a: original.clone(),
                b: m.source_id.clone(),
                kind: DependencyKind::DerivedText,
                origin: "provenance",
                detail: Some(format!("{} (similarity {:.2})", json!(m.relation).as_str().unwrap_or("-"), m.similarity)),
            });
        }
    }
    let declared = archive.list_dependencies(case)?;
    let different: BTreeSet<(String, String)> = declared
        .iter()
        .filter(|d| d.kind == "different-person")
        .flat_map(|d| [(d.a.clone(), d.b.clone()), (d.b.clone(), d.a.clone())])
        .collect();
    let same_person = archive.same_person_candidates(case)?;
    let mut overridden = 0;
    for p in &same_person {
        if different.contains(&(p.a.clone(), p.b.clone())) {
            overridden += 1;
            continue;
        }
        dependencies.push(Dependency {
            a: p.a.clone(),
            b: p.b.clone(),
            kind: DependencyKind::SamePerson,
            origin: "vault",
            detail: Some(format!("sealed identities match on {}", json!(p.basis).as_str().unwrap_or("-"))),
        });
    }
    for d in &declared {
        if let Some(kind) = DependencyKind::parse_declared(&d.kind) {
            dependencies.push(Dependency {
                a: d.a.clone(),
                b: d.b.clone(),
                kind,
                origin: "declared",
                detail: d.note.clone(),
            });
        }
    }
    let decisions: Vec<EventDecision> = archive
        .list_event_decisions(case)?
        .into_iter()
        .map(|d| EventDecision {
            decision: if d.decision == "merge" { Decision::Merge } else { Decision::Split },
            claim_a: d.claim_a,
            claim_b: d.claim_b,
        })
        .collect();
    let report = corroborate(
        &CaseInput { sources: &sources, claims: &claims, dependencies: &dependencies, decisions: &decisions },
        config,
    );
    let mut value = json!(report);
    value["case_id"] = json!(case);
    value["provenance_families"] = json!(provenance.families.len());
    value["same_person_pairs"] = json!(same_person.len() - overridden);
    value["same_person_overridden"] = json!(overridden);
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
    }
    for n in &report.notes {
        text.push_str(&format!("\nNote: {n}"));
    }
    Ok((value, text))
}
