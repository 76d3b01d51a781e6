//! Gathers what the corroboration engine needs from the archive (sources with their grades,
//! claims, provenance families, declared dependencies, merge and split decisions and, when the
//! caller holds the identity keys, witnesses whose sealed identities match) and runs it. Shared by
//! `attest corroboration` and the workspace's case overview.

use std::collections::BTreeSet;

use attest_corroborate::{
    CaseInput, ClaimInput, Config, Decision, Dependency, DependencyKind, EventDecision, Report, SourceInput,
    corroborate,
};
use attest_domain::Reliability;
use attest_store::{Archive, Result};
use serde_json::json;

/// A report and what went into it.
pub struct Run {
    /// The engine's report.
    pub report: Report,
    /// Provenance families found among the case's texts.
    pub provenance_families: usize,
    /// Pairs of witnesses whose sealed identities match (joined into one line), or `None` when
    /// the caller cannot open identities (the web workspace): independence may then be
    /// overstated where one person gave testimony under two pseudonyms.
    pub same_person_pairs: Option<usize>,
    /// Matches an analyst declared to be different people.
    pub same_person_overridden: usize,
}

/// Runs corroboration over one case. `identities`: compare sealed identities (needs the archive
/// key; logged as `witness.compare`).
pub fn run(archive: &mut Archive, case: &str, config: &Config, identities: bool) -> Result<Run> {
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
    let same_person = if identities { Some(archive.same_person_candidates(case)?) } else { None };
    let mut overridden = 0;
    for p in same_person.iter().flatten() {
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
    Ok(Run {
        report,
        provenance_families: provenance.families.len(),
        same_person_pairs: same_person.as_ref().map(|p| p.len() - overridden),
        same_person_overridden: overridden,
    })
}
