//! A claim's basis of knowledge and information grade, and the case's policy for Admiralty F and
//! 6: stored, logged, refused when malformed (grade 1 names `information` and changes nothing),
//! and covered by `verify` like every other column.

use attest_store::{BasisKind, ClaimAssessment, ClaimBasis, StoreError, UnassessedPolicy};

use super::{claim, fixture, insider, verify_problems};

fn heard_from(name: &str) -> ClaimAssessment {
    ClaimAssessment {
        basis: Some(ClaimBasis::new(BasisKind::HeardFromNamed, Some(name.into())).unwrap()),
        information: Some(3),
    }
}

#[test]
fn assessments_and_the_case_policy_are_stored_and_logged() {
    let mut f = fixture();
    let case = f.case.as_str().to_string();
    let id = f.archive.add_assessed_claim(&f.source, claim("8..14", "forced-labour"), &heard_from("Pine")).unwrap();
    let c = f.archive.get_claim(id.as_str()).unwrap();
    assert_eq!(
        (c.basis.as_deref(), c.basis_from.as_deref(), c.information),
        (Some("heard-from-named"), Some("Pine"), Some(3))
    );
    // A claim added before any assessment reads "not recorded".
    let old = &f.archive.list_claims(Some(&case)).unwrap()[0];
    assert_eq!((old.basis.as_deref(), old.information), (None, None));
    assert_eq!(f.archive.unassessed_policy(&case).unwrap(), None);
    f.archive.set_unassessed_policy(&case, UnassessedPolicy::AssumeMinimum).unwrap();
    assert_eq!(f.archive.unassessed_policy(&case).unwrap(), Some(UnassessedPolicy::AssumeMinimum));
    let witnessed =
        ClaimAssessment { basis: Some(ClaimBasis::new(BasisKind::Witnessed, None).unwrap()), information: None };
    f.archive.set_claim_assessment(&old.claim_id, &witnessed).unwrap();
    assert_eq!(f.archive.get_claim(old.claim_id.as_str()).unwrap().basis.as_deref(), Some("witnessed"));
    let actions: Vec<String> = f.archive.log().unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(actions.iter().filter(|a| *a == "claim.assess").count(), 2, "{actions:?}");
    assert!(actions.iter().any(|a| a == "case.policy"), "{actions:?}");
    drop(f.archive);
    assert_eq!(verify_problems(&f.root), Vec::<String>::new());
}

#[test]
fn grade_one_and_a_nameless_informant_are_refused_naming_the_field_and_change_nothing() {
    let mut f = fixture();
    let claim_id = f.archive.list_claims(Some(f.case.as_str())).unwrap()[0].claim_id.clone();
    let before = f.archive.log().unwrap().len();
    let one = ClaimAssessment { basis: None, information: Some(1) };
    match f.archive.set_claim_assessment(&claim_id, &one) {
        Err(StoreError::Invalid { field, message }) => {
            assert_eq!(field, "information");
            assert!(message.contains("confirmed by other sources"), "{message}");
        }
        other => panic!("grade 1 accepted: {other:?}"),
    }
    match f.archive.add_assessed_claim(&f.source, claim("8..14", "forced-labour"), &one) {
        Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "information"),
        other => panic!("grade 1 accepted: {other:?}"),
    }
    match ClaimBasis::new(BasisKind::HeardFromNamed, None) {
        Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "basis-from"),
        other => panic!("a nameless informant accepted: {other:?}"),
    }
    let claims = f.archive.list_claims(Some(f.case.as_str())).unwrap();
    assert_eq!((claims.len(), claims[0].information), (1, None));
    assert_eq!(f.archive.log().unwrap().len(), before, "a refused assessment leaves the archive unchanged");
}

#[test]
fn a_basis_or_policy_changed_outside_the_log_is_named_by_verify() {
    let mut f = fixture();
    let case = f.case.as_str().to_string();
    let id = f
        .archive
        .add_assessed_claim(
            &f.source,
            claim("8..14", "forced-labour"),
            &ClaimAssessment {
                basis: Some(ClaimBasis::new(BasisKind::HeardFromUnknown, None).unwrap()),
                information: Some(4),
            },
        )
        .unwrap();
    drop(f.archive);
    assert_eq!(verify_problems(&f.root), Vec::<String>::new());
    // Hearsay from unknown people promoted to first-hand, and a grade raised, by hand.
    insider(&f.root)
        .execute_batch(&format!(
            "UPDATE claim SET basis = 'witnessed', information = 2 WHERE claim_id = '{id}';
             UPDATE case_file SET unassessed = 'assume-minimum' WHERE case_id = '{case}';"
        ))
        .unwrap();
    let problems = verify_problems(&f.root);
    for needle in
        [format!("claim {id}"), "basis changed".into(), "information changed".into(), format!("case_file {case}")]
    {
        assert!(problems.iter().any(|p| p.contains(needle.as_str())), "no problem names {needle:?}: {problems:?}");
    }
}
