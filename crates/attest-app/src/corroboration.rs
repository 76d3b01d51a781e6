//! Gathers what the corroboration engine needs from the archive (sources with their grades,
//! claims, provenance families, declared dependencies, merge and split decisions and, when the
//! caller holds the identity keys, witnesses whose sealed identities match) and runs it. Used by
//! `attest corroboration`, the workspace's case overview and its corroboration page. Each claim
//! brings its basis of knowledge, information grade, victims and perpetrators (`;` separates
//! several); the case brings its policy for Admiralty F and 6, which replaces the caller's. A
//! value never recorded (an archive from before issue 14) reaches the engine as "not recorded"
//! (`Basis::Unstated`, no per-claim grade), which the method (docs/METHOD.md) says how to read.
//! Also here: the analysts' decisions on review items and the case's policy.

use std::collections::BTreeSet;

/// The case's policy for Admiralty F and 6, as the engine reads it.
pub use attest_corroborate::Unassessed;
use attest_corroborate::{
    Basis, CaseInput, ClaimInput, Config, Decision, Dependency, DependencyKind, EventDecision, SourceInput, corroborate,
};
use attest_domain::{CaseId, Reliability};
use attest_provenance::derive::{DerivationKind, SourceText, derivations};
use attest_store::Archive;
use attest_store::{BasisKind, UnassessedPolicy};
use attest_vault::IdentityMatch;
use serde_json::json;

use crate::error::Result;

/// The engine's report types, for the edges that show them.
pub use attest_corroborate::{
    Condition, Details, DisputedValue, EventReason, Finding, GradeWarning, Grounds, IndependentPair, LineCounts, Note,
    PatternCoverage, Report, ReviewItem, Status, Tally, year_ranges,
};

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

/// Whether sealed identities are compared (needs the archive key; logged as `witness.compare`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identities {
    /// Compare them (the keyholder at the command line).
    Compare,
    /// Leave them closed (the web workspace, which cannot open them).
    Closed,
}

/// Runs corroboration over one case.
pub fn corroboration(archive: &mut Archive, case: &CaseId, config: &Config, identities: Identities) -> Result<Run> {
    let case = case.as_str();
    archive.get_case(case)?;
    let mut config = *config;
    if let Some(policy) = archive.unassessed_policy(case)? {
        config.unassessed = match policy {
            UnassessedPolicy::NotReliable => Unassessed::NotReliable,
            UnassessedPolicy::AssumeMinimum => Unassessed::AssumeMinimum,
        };
    }
    let config = &config;
    let records = archive.list_sources(Some(case))?;
    let sources: Vec<SourceInput> = records
        .iter()
        .map(|s| SourceInput {
            reliability: s.reliability.as_deref().and_then(|r| Reliability::parse(r).ok()),
            source_id: s.source_id.to_string(),
            witness_id: s.witness_id.as_ref().map(|w| w.to_string()),
            published: s.published.clone().or_else(|| s.interviewed.as_ref().and_then(|d| d.earliest).map(|d| d.iso())),
        })
        .collect();
    let claims: Vec<ClaimInput> = archive
        .list_claims(Some(case))?
        .into_iter()
        .map(|c| ClaimInput {
            claim_id: c.claim_id.to_string(),
            source_id: c.source_id.to_string(),
            act: c.act,
            place: c.place,
            when: c.when,
            count: c.count,
            basis: basis_of(c.basis.as_deref(), c.basis_from),
            information: c.information,
            victims: several(c.victim.as_deref()),
            perpetrators: several(c.perpetrator.as_deref()),
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
    let same_person =
        if identities == Identities::Compare { Some(archive.same_person_candidates(case)?) } else { None };
    let mut overridden = 0;
    for p in same_person.iter().flatten() {
        if different.contains(&(p.a.clone(), p.b.clone())) {
            overridden += 1;
            continue;
        }
        // A match joins as a review item; one with counter-evidence (the names match but both
        // contacts are recorded and differ) stays apart until an analyst decides. The vault
        // says only that they differ, never what they are.
        let (detail, counter_evidence) = match p.basis {
            IdentityMatch::NameButContactsDiffer => (
                "sealed legal names match".to_string(),
                vec!["both witnesses have sealed contact details and they differ".to_string()],
            ),
            basis => (format!("sealed identities match on {}", json!(basis).as_str().unwrap_or("-")), Vec::new()),
        };
        dependencies.push(Dependency {
            detail: Some(detail),
            counter_evidence,
            ..Dependency::new(&p.a, &p.b, DependencyKind::SamePerson, "vault")
        });
    }
    for d in &declared {
        // An analyst's "derived" on a possibly derived pair: `b` derives from `a`.
        let kind = if d.kind == "derived" {
            Some(DependencyKind::DerivedText)
        } else {
            DependencyKind::parse_declared(&d.kind)
        };
        if let Some(kind) = kind {
            dependencies.push(Dependency { detail: d.note.clone(), ..Dependency::new(&d.a, &d.b, kind, "declared") });
        }
    }
    let decisions: Vec<EventDecision> = archive
        .list_event_decisions(case)?
        .into_iter()
        .map(|d| EventDecision {
            decision: match d.decision {
                attest_store::EventDecision::Merge => Decision::Merge,
                attest_store::EventDecision::Split => Decision::Split,
            },
            claim_a: d.claim_a.to_string(),
            claim_b: d.claim_b.to_string(),
        })
        .collect();
    let report = corroborate(
        &CaseInput {
            sources: &sources,
            claims: &claims,
            dependencies: &dependencies,
            decisions: &decisions,
            places: &[],
            identities_compared: identities == Identities::Compare,
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

/// The report the web workspace shows: the engine's defaults (the same as `attest
/// corroboration` without flags), the case's F/6 policy, sealed identities left closed (the
/// report says so in `identity_comparison`).
pub fn workspace_report(archive: &mut Archive, case: &CaseId) -> Result<Run> {
    corroboration(archive, case, &Config::default(), Identities::Closed)
}

/// The engine's basis of knowledge for a stored one; `None` (not recorded) is `Unstated`.
fn basis_of(kind: Option<&str>, from: Option<String>) -> Basis {
    match kind.map(BasisKind::parse) {
        Some(Ok(BasisKind::Witnessed)) => Basis::Witnessed,
        Some(Ok(BasisKind::HeardFromNamed)) => Basis::HeardFromNamed(from.unwrap_or_default()),
        Some(Ok(BasisKind::HeardFromUnknown)) => Basis::HeardFromUnknown,
        Some(Ok(BasisKind::Read)) => Basis::Read(from),
        // A value this version does not know (or none): not recorded.
        Some(Err(_)) | None => Basis::Unstated,
    }
}

/// Named victims or perpetrators as written in one field: several are separated by `;`. The
/// engine matches them as names, so a description ("three miners", "a woman", "2 guards": it
/// starts with a lower-case Latin letter or a digit) is left out rather than matched against
/// every other description of the same words. Names in Hangul are kept.
fn several(v: Option<&str>) -> Vec<String> {
    v.map(|v| {
        v.split(';')
            .map(str::trim)
            .filter(|s| s.chars().next().is_some_and(|c| !c.is_ascii_lowercase() && !c.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Sets the case's policy for Admiralty F and 6 ("not assessed").
pub fn set_unassessed_policy(archive: &mut Archive, case: &CaseId, policy: UnassessedPolicy) -> Result<()> {
    Ok(archive.set_unassessed_policy(case.as_str(), policy)?)
}

/// The case's policy for Admiralty F and 6, or `None` when not recorded (then F and 6 are not
/// counted as reliable).
pub fn unassessed_policy(archive: &Archive, case: &CaseId) -> Result<Option<UnassessedPolicy>> {
    Ok(archive.unassessed_policy(case.as_str())?)
}

/// Records an analyst's decision on a review item (a dependency between two sources or
/// witnesses) or on a "possibly the same event" pair (a merge or split of two claims' events).
/// Returns the new record's number.
pub fn decide(
    archive: &mut Archive,
    case: &CaseId,
    decision: &crate::input::ReviewDecision,
    note: Option<&str>,
) -> Result<i64> {
    use crate::input::ReviewDecision;
    match decision {
        ReviewDecision::Dependency { kind, a, b } => {
            // `independent` between two witnesses is recorded as `different-person`.
            let witnesses = a.starts_with("wit_") && b.starts_with("wit_");
            let kind = if *kind == "independent" && witnesses { "different-person" } else { kind };
            Ok(archive.add_dependency(case.as_str(), kind, a, b, note)?)
        }
        ReviewDecision::Event { decision, a, b } => {
            Ok(archive.add_event_decision(case.as_str(), *decision, a.as_str(), b.as_str(), note)?)
        }
    }
}

/// Which of a case's sources derive from which.
pub struct ProvenanceRun {
    /// Sources compared.
    pub sources: usize,
    /// Families and independent sources.
    pub result: attest_provenance::Provenance,
}

/// Runs provenance over a case's texts.
pub fn provenance(archive: &Archive, case: &CaseId) -> Result<ProvenanceRun> {
    let docs: Vec<attest_provenance::Document> = archive
        .source_texts(case.as_str())?
        .into_iter()
        .map(|s| attest_provenance::Document { id: s.source_id, text: s.text, published: s.published })
        .collect();
    let result = attest_provenance::analyse(&docs, &attest_provenance::Thresholds::default());
    Ok(ProvenanceRun { sources: docs.len(), result })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_matching_evidence_and_descriptions_are_not() {
        assert_eq!(several(Some("Ri Chol-ho; 김영철 ;three miners; 2 guards; ")), vec!["Ri Chol-ho", "김영철"]);
        assert!(several(None).is_empty());
    }

    #[test]
    fn a_stored_basis_reaches_the_engine_and_a_missing_one_is_not_recorded() {
        assert_eq!(basis_of(Some("heard-from-named"), Some("wit_x".into())), Basis::HeardFromNamed("wit_x".into()));
        assert_eq!(basis_of(Some("read"), None), Basis::Read(None));
        assert_eq!(basis_of(Some("witnessed"), None), Basis::Witnessed);
        assert_eq!(basis_of(None, None), Basis::Unstated);
        assert_eq!(basis_of(Some("from-a-later-version"), None), Basis::Unstated);
    }
}
