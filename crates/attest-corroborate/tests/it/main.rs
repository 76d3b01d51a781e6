//! Corroboration rules on small invented cases, one rule per test.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod held_out;
mod scenarios;

use attest_corroborate::{
    CaseInput, ClaimInput, Config, Decision, Dependency, DependencyKind, Details, EventDecision, Report, SourceInput,
    Status, corroborate,
};
use attest_domain::{Reliability, UncertainCount, UncertainDate};

fn source(id: &str, witness: Option<&str>, grade: Option<&str>) -> SourceInput {
    SourceInput {
        source_id: id.to_string(),
        witness_id: witness.map(str::to_string),
        reliability: grade.map(|g| Reliability::parse(g).unwrap()),
        published: None,
    }
}

fn claim(id: &str, src: &str, act: &str, place: Option<&str>, when: Option<&str>, count: Option<&str>) -> ClaimInput {
    ClaimInput {
        claim_id: id.to_string(),
        source_id: src.to_string(),
        act: act.to_string(),
        place: place.map(str::to_string),
        when: when.map(|w| UncertainDate::parse(w).unwrap()),
        count: count.map(|c| UncertainCount::parse(c).unwrap()),
        ..ClaimInput::default()
    }
}

fn dep(a: &str, b: &str, kind: DependencyKind) -> Dependency {
    Dependency::new(a, b, kind, "declared")
}

fn run(sources: &[SourceInput], claims: &[ClaimInput], deps: &[Dependency], decisions: &[EventDecision]) -> Report {
    run_with(sources, claims, deps, decisions, &Config::default())
}

fn run_with(
    sources: &[SourceInput],
    claims: &[ClaimInput],
    deps: &[Dependency],
    decisions: &[EventDecision],
    config: &Config,
) -> Report {
    corroborate(
        &CaseInput { sources, claims, dependencies: deps, decisions, places: &[], identities_compared: true },
        config,
    )
}

fn status(r: &Report, claim: &str) -> Status {
    r.claims.iter().find(|c| c.claim_id == claim).unwrap().status
}

fn event_of<'a>(r: &'a Report, claim: &str) -> &'a str {
    &r.claims.iter().find(|c| c.claim_id == claim).unwrap().event_id
}

/// Two witnesses, graded B2 and C3, one writing the place in Hangul: one event, two lines.
fn two_witnesses() -> (Vec<SourceInput>, Vec<ClaimInput>) {
    (
        vec![source("src_a", Some("wit_a"), Some("B2")), source("src_b", Some("wit_b"), Some("C3"))],
        vec![
            claim("clm_1", "src_a", "execution", Some("Aoji"), Some("1998-03"), Some("about 20")),
            claim("clm_2", "src_b", "execution", Some("아오지"), Some("1998"), Some("20-25")),
        ],
    )
}

#[test]
fn two_independent_reliable_witnesses_corroborate() {
    let (s, c) = two_witnesses();
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events.len(), 1, "{:#?}", r.events);
    assert_eq!(r.events[0].status, Status::Corroborated);
    assert_eq!(r.events[0].lines.len(), 2);
    assert_eq!(status(&r, "clm_1"), Status::Corroborated);
    assert_eq!(r.claims[0].lines[0].sources, ["src_a"], "a claim's own line comes first");
    assert_eq!(r.claims[0].lines[0].grade.as_deref(), Some("B2"));
    assert_eq!(r.claim_tally.corroborated, 2);
}

#[test]
fn testimonies_of_one_witness_are_one_line() {
    let (mut s, mut c) = two_witnesses();
    s[1].witness_id = Some("wit_a".into());
    c[1].claim_id = "clm_2".into();
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events[0].lines.len(), 1);
    assert_eq!(r.events[0].status, Status::SingleSource);
    assert_eq!(r.events[0].lines[0].sources, ["src_a", "src_b"]);
    assert_eq!(r.events[0].lines[0].joined_by[0].kind, DependencyKind::SameWitness);
}

#[test]
fn declared_dependencies_and_same_person_join_lines() {
    let (s, c) = two_witnesses();
    for d in [
        dep("src_a", "src_b", DependencyKind::SharedInformant),
        dep("src_a", "src_b", DependencyKind::Cites),
        dep("wit_a", "wit_b", DependencyKind::SamePerson),
    ] {
        let r = run(&s, &c, std::slice::from_ref(&d), &[]);
        assert_eq!(r.events[0].status, Status::SingleSource, "{:?}", d.kind);
        assert_eq!(r.events[0].lines[0].joined_by.iter().filter(|j| j.kind == d.kind).count(), 1);
    }
    // A shared interviewer is a contamination risk to review, not a common origin: no join.
    let r = run(&s, &c, &[dep("src_b", "src_a", DependencyKind::SharedInterviewer)], &[]);
    assert_eq!(r.events[0].lines.len(), 2);
    assert_eq!(r.review[0].kind, "shared-interviewer");
}

#[test]
fn joins_are_transitive_through_sources_that_say_nothing_here() {
    // A cites X, X is a copy of B: A and B are one line though X makes no claim in this event.
    let mut s = two_witnesses().0;
    s.push(source("src_x", None, Some("A1")));
    let c = two_witnesses().1;
    let deps = [
        dep("src_a", "src_x", DependencyKind::Cites),
        Dependency { origin: "provenance", ..dep("src_x", "src_b", DependencyKind::DerivedText) },
    ];
    let r = run(&s, &c, &deps, &[]);
    assert_eq!(r.events[0].lines.len(), 1);
    // A cites X and X copies B's testimony: B originates the line and alone grades it (C3),
    // however well graded A and X are.
    assert_eq!(r.events[0].lines[0].grade.as_deref(), Some("C3"), "graded by the originating member");
    assert_eq!(r.events[0].lines[0].originating, ["src_b"]);
}

#[test]
fn copies_of_one_article_are_one_line_and_a_third_witness_corroborates() {
    let s = vec![
        source("src_w1", None, Some("B2")),
        source("src_w2", None, Some("B2")),
        source("src_w3", None, Some("B2")),
        source("src_t", Some("wit_t"), Some("B3")),
    ];
    let c: Vec<ClaimInput> = ["src_w1", "src_w2", "src_w3", "src_t"]
        .iter()
        .enumerate()
        .map(|(i, src)| claim(&format!("clm_{i}"), src, "collapse", Some("Tanchon"), Some("2003-11"), None))
        .collect();
    let copies = [
        Dependency { origin: "provenance", ..dep("src_w1", "src_w2", DependencyKind::DerivedText) },
        Dependency { origin: "provenance", ..dep("src_w1", "src_w3", DependencyKind::DerivedText) },
    ];
    let only_web = run(&s[..3], &c[..3], &copies, &[]);
    assert_eq!(only_web.events[0].status, Status::SingleSource, "three copies are one source");
    let with_witness = run(&s, &c, &copies, &[]);
    assert_eq!(with_witness.events[0].lines.len(), 2);
    assert_eq!(with_witness.events[0].status, Status::Corroborated);
}

#[test]
fn reliability_level_is_configurable_and_ungraded_lines_never_count() {
    let (mut s, c) = two_witnesses();
    s[1].reliability = Some(Reliability::parse("D4").unwrap());
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events[0].status, Status::Unconfirmed);
    assert_eq!(r.events[0].reliable_lines, 1);
    let lenient = Config { min_reliability: Reliability::parse("D4").unwrap(), ..Config::default() };
    assert_eq!(run_with(&s, &c, &[], &[], &lenient).events[0].status, Status::Corroborated);
    // B4 fails a C3 level on information even though B beats C on source.
    s[1].reliability = Some(Reliability::parse("B4").unwrap());
    assert_eq!(run(&s, &c, &[], &[]).events[0].status, Status::Unconfirmed);
    s[1].reliability = None;
    assert_eq!(run_with(&s, &c, &[], &[], &lenient).events[0].status, Status::Unconfirmed);
    let three = Config { min_lines: 3, ..Config::default() };
    let (s, c) = two_witnesses();
    assert_eq!(run_with(&s, &c, &[], &[], &three).events[0].status, Status::Unconfirmed);
}

#[test]
fn independent_lines_disagreeing_on_a_count_dispute_the_details_not_the_occurrence() {
    let (s, mut c) = two_witnesses();
    c[1].count = Some(UncertainCount::parse("200").unwrap());
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events[0].status, Status::Corroborated);
    assert_eq!(r.events[0].details, Details::Disputed);
    let d = &r.events[0].disagreements[0];
    assert_eq!((d.field, d.value_a.as_str(), d.value_b.as_str()), ("count", "about 20", "200"));
    assert_eq!(r.claims[0].details, Details::Disputed);
    assert_eq!(r.claims[0].contradicted_by.len(), 1);
    // "about 20" reaches 18-22; "at least 22" overlaps it, so nothing differs.
    c[1].count = Some(UncertainCount::parse("at least 22").unwrap());
    assert_eq!(run(&s, &c, &[], &[]).events[0].details, Details::Consistent);
}

#[test]
fn a_line_contradicting_itself_is_not_a_contest() {
    let (mut s, mut c) = two_witnesses();
    s[1].witness_id = Some("wit_a".into());
    c[1].count = Some(UncertainCount::parse("200").unwrap());
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events[0].status, Status::SingleSource);
    assert!(r.events[0].disagreements.is_empty());
}

#[test]
fn dates_within_the_gap_group_and_disjoint_dates_vary() {
    let (s, mut c) = two_witnesses();
    c[1].when = Some(UncertainDate::parse("1998-09").unwrap());
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].status, Status::Corroborated);
    assert_eq!(r.events[0].details, Details::Varied);
    assert_eq!(r.events[0].differences[0].field, "date");
    // Beyond the gap they are two events, each single-source.
    c[1].when = Some(UncertainDate::parse("2001").unwrap());
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events.len(), 2);
    assert!(r.events.iter().all(|e| e.status == Status::SingleSource));
    let wide = Config { gap_days: 1200, ..Config::default() };
    assert_eq!(run_with(&s, &c, &[], &[], &wide).events.len(), 1);
}

#[test]
fn different_places_or_acts_are_different_events_until_merged() {
    let (s, mut c) = two_witnesses();
    c[1].place = Some("Musan".into());
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events.len(), 2);
    let merge = [EventDecision { decision: Decision::Merge, claim_a: "clm_1".into(), claim_b: "clm_2".into() }];
    let r = run(&s, &c, &[], &merge);
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].details, Details::Disputed);
    assert_eq!(r.events[0].disagreements[0].field, "place");
    let (s, mut c) = two_witnesses();
    c[1].act = "torture".into();
    assert_eq!(run(&s, &c, &[], &[]).events.len(), 2);
}

#[test]
fn split_keeps_claims_apart_and_later_decisions_win() {
    let (s, c) = two_witnesses();
    let split = EventDecision { decision: Decision::Split, claim_a: "clm_2".into(), claim_b: "clm_1".into() };
    let r = run(&s, &c, &[], std::slice::from_ref(&split));
    assert_ne!(event_of(&r, "clm_1"), event_of(&r, "clm_2"));
    let merge_after = EventDecision { decision: Decision::Merge, ..split.clone() };
    let r = run(&s, &c, &[], &[split.clone(), merge_after]);
    assert_eq!(event_of(&r, "clm_1"), event_of(&r, "clm_2"));
    // A merge that would chain split claims together through a third is refused, with a note.
    let mut c3 = c.clone();
    c3.push(claim("clm_3", "src_b", "execution", Some("Musan"), Some("1990"), None));
    let decisions = [
        split,
        EventDecision { decision: Decision::Merge, claim_a: "clm_3".into(), claim_b: "clm_1".into() },
        EventDecision { decision: Decision::Merge, claim_a: "clm_3".into(), claim_b: "clm_2".into() },
    ];
    let r = run(&s, &c3, &[], &decisions);
    assert_ne!(event_of(&r, "clm_1"), event_of(&r, "clm_2"));
    assert!(r.notes.iter().any(|n| n.contains("refused")), "{:?}", r.notes);
}

#[test]
fn claims_missing_date_or_place_join_only_an_unambiguous_event() {
    let (mut s, mut c) = two_witnesses();
    s.push(source("src_c", Some("wit_c"), Some("B2")));
    c.push(claim("clm_3", "src_c", "execution", Some("Aoji"), None, None));
    let r = run(&s, &c, &[], &[]);
    assert_eq!(r.events.len(), 1, "{:?}", r.notes);
    assert_eq!(r.events[0].lines.len(), 3);
    // A second Aoji execution years later makes the undated claim ambiguous.
    c.push(claim("clm_4", "src_c", "execution", Some("Aoji"), Some("2005"), None));
    let r = run(&s, &c, &[], &[]);
    assert_ne!(event_of(&r, "clm_3"), event_of(&r, "clm_1"));
    assert_eq!(status(&r, "clm_3"), Status::SingleSource);
    assert!(r.notes.iter().any(|n| n.contains("clm_3") && n.contains("2 events")), "{:?}", r.notes);
}

#[test]
fn report_serialises_statuses_in_kebab_case() {
    let (s, c) = two_witnesses();
    let json = serde_json::to_value(run(&s, &c, &[], &[])).unwrap();
    assert_eq!(json["events"][0]["status"], "corroborated");
    assert_eq!(json["min_reliability"], "C3");
    let (mut s, c) = two_witnesses();
    s[1].witness_id = Some("wit_a".into());
    let json = serde_json::to_value(run(&s, &c, &[], &[])).unwrap();
    assert_eq!(json["claims"][0]["status"], "single-source");
    assert_eq!(json["events"][0]["lines"][0]["joined_by"][0]["kind"], "same-witness");
}

#[test]
fn statuses_are_the_same_without_per_claim_lines() {
    // A mixed case: a denial, a same-witness join, a disputed count and a lone claim.
    let (mut s, mut c) = two_witnesses();
    s.push(source("src_c", Some("wit_c"), Some("B1")));
    s.push(source("src_d", Some("wit_a"), Some("A1")));
    c.push(claim("clm_3", "src_c", "execution", Some("Aoji"), Some("1998"), Some("200")));
    c.push(claim("clm_4", "src_d", "execution", Some("Aoji"), Some("1998-04"), None));
    c[2].denies = true;
    c.push(claim("clm_5", "src_c", "forced-labour", Some("Tanchon"), Some("2004"), None));
    let full = run(&s, &c, &[], &[]);
    let lean = run_with(&s, &c, &[], &[], &Config { claim_lines: false, ..Config::default() });
    let outcome = |r: &Report| {
        r.claims
            .iter()
            .map(|o| (o.claim_id.clone(), o.status, o.reliable_lines, o.contradicted_by.len()))
            .collect::<Vec<_>>()
    };
    assert_eq!(outcome(&full), outcome(&lean));
    assert_eq!(full.claim_tally.contested, lean.claim_tally.contested);
    assert!(full.claim_tally.contested > 0 && full.claim_tally.single_source > 0, "{:?}", full.claim_tally);
    assert!(lean.claims.iter().all(|o| o.lines.is_empty()));
    assert!(full.claims.iter().all(|o| !o.lines.is_empty()));
}

#[test]
fn a_finding_is_kept_as_facts_and_its_english_sentence_is_written_from_them() {
    let (s, mut c) = two_witnesses();
    c[1].basis = attest_corroborate::Basis::Witnessed;
    let r = run(&s, &c, &[], &[]);
    let e = &r.events[0];
    let facts = e.finding_facts.as_ref().expect("every event has its facts");
    assert_eq!(facts.english(), e.finding);
    assert_eq!(facts.status, Status::Corroborated);
    let attest_corroborate::Grounds::Lines(counts) = &facts.grounds else { panic!("not a pattern: {facts:?}") };
    assert_eq!((counts.lines, counts.reliable, counts.level.as_str(), counts.min_lines), (2, 2, "C3", 2));
    assert!(counts.first_hand >= 1 && counts.details == e.details, "{counts:?}");
    for claim in &r.claims {
        assert_eq!(claim.finding_facts.english(), claim.finding);
    }
    for (pair, english) in e.independent_pairs.iter().zip(&e.independence) {
        assert_eq!(&pair.english(), english);
        assert!(pair.testimonies, "two witnesses' testimonies");
    }
    assert!(!r.identities_compared || r.identity_comparison.starts_with("compared"));
}
