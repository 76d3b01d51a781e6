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
use attest_provenance::derive::{DerivationKind, SourceText, derivations};
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
    let records = archive.list_sources(Some(case))?;
    let sources: Vec<SourceInput> = records
        .iter()
        .map(|s| SourceInput {
            reliability: s.reliability.as_deref().and_then(|r| Reliability::parse(r).ok()),
            source_id: s.source_id.clone(),
            witness_id: s.witness_id.clone(),
            published: s.published.clone().or_else(|| s.interviewed.as_ref().and_then(|d| d.earliest).map(|d| d.iso())),
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
            ..ClaimInput::default()
        })
        .collect();
    let mut dependencies = Vec::new();
    // Derived texts: copies and attributions join their original; translations and shared
    // testimony details are "possibly derived: decide".
    let record_of: std::collections::HashMap<&str, &attest_store::SourceRecord> =
        records.iter().map(|r| (r.source_id.as_str(), r)).collect();
    let texts: Vec<SourceText> = archive
        .source_texts(case)?
        .into_iter()
        .map(|s| {
            let r = record_of.get(s.source_id.as_str());
            SourceText {
                testimony: r.is_some_and(|r| r.witness_id.is_some()),
                names: r.and_then(|r| r.title.clone()).into_iter().collect(),
                published: s.published.or_else(|| r.and_then(|r| r.interviewed.as_ref()?.earliest).map(|d| d.iso())),
                id: s.source_id,
                text: s.text,
            }
        })
        .collect();
    let derived = derivations(&texts, &attest_provenance::Thresholds::default());
    let provenance_families =
        derived.iter().filter(|d| d.certain).map(|d| d.original.as_str()).collect::<BTreeSet<_>>().len();
    for d in &derived {
        let detail = Some(format!("{}: {}", json!(d.kind).as_str().unwrap_or("-"), d.detail));
        dependencies.push(match (d.certain, d.kind) {
            (true, DerivationKind::Attribution) => {
                Dependency { detail, ..Dependency::new(&d.derived, &d.original, DependencyKind::Cites, "provenance") }
            }
            (true, _) => Dependency {
                detail,
                ..Dependency::new(&d.original, &d.derived, DependencyKind::DerivedText, "provenance")
            },
            (false, _) => Dependency {
                detail,
                ..Dependency::new(&d.original, &d.derived, DependencyKind::PossiblyDerived, "provenance")
            },
        });
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
        // The vault reports the basis of a match but not yet its counter-evidence (birth years,
        // contacts): matches join, as review items.
        dependencies.push(Dependency {
            detail: Some(format!("sealed identities match on {}", json!(p.basis).as_str().unwrap_or("-"))),
            ..Dependency::new(&p.a, &p.b, DependencyKind::SamePerson, "vault")
        });
    }
    for d in &declared {
        if let Some(kind) = DependencyKind::parse_declared(&d.kind) {
            dependencies.push(Dependency { detail: d.note.clone(), ..Dependency::new(&d.a, &d.b, kind, "declared") });
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
        &CaseInput {
            sources: &sources,
            claims: &claims,
            dependencies: &dependencies,
            decisions: &decisions,
            places: &[],
            identities_compared: identities,
        },
        config,
    );
    Ok(Run {
        report,
        provenance_families,
        same_person_pairs: same_person.as_ref().map(|p| p.len() - overridden),
        same_person_overridden: overridden,
    })
}
