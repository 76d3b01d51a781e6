//! The methodologist's scenarios (issue 14): each small invented case states, before the engine
//! ran, the finding a commission of inquiry would defend. Grouped by the six failure kinds of
//! the issue, then basis of knowledge, dependencies as review items and explanations.
//!
//! Every person and place here is invented.

use attest_corroborate::{
    Basis, CaseInput, ClaimInput, Config, Decision, Dependency, DependencyKind, Details, EventDecision, PlaceInput,
    Report, SourceInput, Status, Unassessed, corroborate,
};
use attest_domain::{Reliability, UncertainCount, UncertainDate};

/// A small case under construction.
#[derive(Default)]
pub struct Case {
    pub sources: Vec<SourceInput>,
    pub claims: Vec<ClaimInput>,
    pub deps: Vec<Dependency>,
    pub decisions: Vec<EventDecision>,
    pub places: Vec<PlaceInput>,
    pub config: Config,
}

impl Case {
    pub fn new() -> Case {
        Case::default()
    }

    /// A testimony of `witness`.
    pub fn witness(mut self, src: &str, witness: &str, grade: &str) -> Case {
        self.sources.push(SourceInput {
            source_id: src.into(),
            witness_id: Some(witness.into()),
            reliability: Reliability::parse(grade).ok(),
            ..SourceInput::default()
        });
        self
    }

    /// A document (report, article), with its publication date.
    pub fn document(mut self, src: &str, grade: &str, published: &str) -> Case {
        self.sources.push(SourceInput {
            source_id: src.into(),
            witness_id: None,
            reliability: Reliability::parse(grade).ok(),
            published: Some(published.into()),
        });
        self
    }

    /// A claim; `when` is EDTF, `count` an uncertain count.
    pub fn claim(mut self, id: &str, src: &str, act: &str, place: &str, when: &str, count: &str) -> Case {
        self.claims.push(ClaimInput {
            claim_id: id.into(),
            source_id: src.into(),
            act: act.into(),
            place: (!place.is_empty()).then(|| place.into()),
            when: (!when.is_empty()).then(|| UncertainDate::parse(when).expect(when)),
            count: (!count.is_empty()).then(|| UncertainCount::parse(count).expect(count)),
            ..ClaimInput::default()
        });
        self
    }

    /// Changes the last claim.
    pub fn with(mut self, f: impl FnOnce(&mut ClaimInput)) -> Case {
        f(self.claims.last_mut().expect("a claim first"));
        self
    }

    pub fn dep(mut self, a: &str, b: &str, kind: DependencyKind, origin: &'static str) -> Case {
        self.deps.push(Dependency::new(a, b, kind, origin));
        self
    }

    pub fn dep_with(mut self, d: Dependency) -> Case {
        self.deps.push(d);
        self
    }

    pub fn place(mut self, name: &str, parent: Option<&str>, aliases: &[&str]) -> Case {
        self.places.push(PlaceInput {
            name: name.into(),
            parent: parent.map(str::to_string),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        });
        self
    }

    pub fn decide(mut self, decision: Decision, a: &str, b: &str) -> Case {
        self.decisions.push(EventDecision { decision, claim_a: a.into(), claim_b: b.into() });
        self
    }

    pub fn config(mut self, f: impl FnOnce(&mut Config)) -> Case {
        f(&mut self.config);
        self
    }

    pub fn run(&self) -> Report {
        corroborate(
            &CaseInput {
                sources: &self.sources,
                claims: &self.claims,
                dependencies: &self.deps,
                decisions: &self.decisions,
                places: &self.places,
                identities_compared: true,
            },
            &self.config,
        )
    }
}

pub fn outcome<'a>(r: &'a Report, claim: &str) -> &'a attest_corroborate::ClaimOutcome {
    r.claims.iter().find(|c| c.claim_id == claim).unwrap_or_else(|| panic!("no outcome for {claim}"))
}

pub fn event<'a>(r: &'a Report, claim: &str) -> &'a attest_corroborate::Event {
    let id = &outcome(r, claim).event_id;
    r.events.iter().find(|e| &e.event_id == id).expect("event")
}

pub fn same_event(r: &Report, a: &str, b: &str) -> bool {
    outcome(r, a).event_id == outcome(r, b).event_id
}

/// Two independent eyewitnesses, B2 and C3: the baseline of a corroborated event.
fn two_eyewitnesses() -> Case {
    Case::new()
        .witness("t_pine", "w_pine", "B2")
        .witness("t_cedar", "w_cedar", "C3")
        .claim("c1", "t_pine", "execution", "Sorim", "1998-03", "3")
        .claim("c2", "t_cedar", "execution", "Sorim", "1998", "3")
}

// ---------------------------------------------------------------------------------------------
// 1. Circular reporting is not independence.

#[test]
fn s01_a_press_article_citing_the_ngo_report_is_the_reports_line() {
    // Expected: the article says "according to a report by ..."; provenance records it as citing
    // the report. One line; single-source, whatever the article's grade.
    let r = Case::new()
        .document("r_ngo", "B2", "2019-03-01")
        .document("a_press", "A1", "2019-04-10")
        .claim("c1", "r_ngo", "execution", "Sorim", "1998", "3")
        .claim("c2", "a_press", "execution", "Sorim", "1998", "3")
        .dep_with(Dependency {
            detail: Some("attribution: \"according to a report by the Sorim Watch Committee\"".into()),
            ..Dependency::new("a_press", "r_ngo", DependencyKind::Cites, "provenance")
        })
        .run();
    assert_eq!(event(&r, "c1").lines.len(), 1);
    assert_eq!(event(&r, "c1").status, Status::SingleSource);
    assert_eq!(event(&r, "c1").lines[0].grade.as_deref(), Some("B2"), "graded by the report it repeats");
}

#[test]
fn s02_a_translation_flagged_possibly_derived_is_not_independent_until_decided() {
    // Expected: an English article sharing a Korean testimony's names, figures and dates is
    // "possibly derived: decide". Until an analyst decides, it is not a second line; the finding
    // says what deciding would change.
    let base = Case::new()
        .witness("t_pine", "w_pine", "B2")
        .document("a_en", "B2", "2021-05-01")
        .claim("c1", "t_pine", "execution", "금대", "1998", "3")
        .claim("c2", "a_en", "execution", "Kumdae", "1998", "3")
        .dep("t_pine", "a_en", DependencyKind::PossiblyDerived, "provenance");
    let r = base.run();
    let e = event(&r, "c1");
    assert_eq!(e.status, Status::SingleSource, "{e:#?}");
    assert!(r.review.iter().any(|i| i.kind == "possibly-derived"), "{:#?}", r.review);
    assert!(
        e.conditions.iter().any(|c| c.contains("corroborated") && c.contains("a_en")),
        "how the finding changes: {:?}",
        e.conditions
    );
    // The analyst decides the article is independent: now two lines.
    let r = base.dep("t_pine", "a_en", DependencyKind::Independent, "declared").run();
    assert_eq!(event(&r, "c1").lines.len(), 2);
    assert_eq!(event(&r, "c1").status, Status::Corroborated);
}

// ---------------------------------------------------------------------------------------------
// 2. Lines are graded by their originating source, never by a reputable repeater.

#[test]
fn s03_a_wire_copy_does_not_launder_a_weak_witness() {
    // Expected: D4 witness copied word for word by an A1 wire service. The line is graded D4 (its
    // originating member); with an independent B2 eyewitness the event is unconfirmed.
    let r = Case::new()
        .witness("t_larch", "w_larch", "D4")
        .document("wire", "A1", "2020-01-02")
        .witness("t_pine", "w_pine", "B2")
        .claim("c1", "t_larch", "killing", "Namgol", "2001", "")
        .claim("c2", "wire", "killing", "Namgol", "2001", "")
        .claim("c3", "t_pine", "killing", "Namgol", "2001", "")
        .dep("t_larch", "wire", DependencyKind::DerivedText, "provenance")
        .run();
    let e = event(&r, "c1");
    assert_eq!(e.lines.len(), 2);
    let copied = e.lines.iter().find(|l| l.sources.contains(&"wire".to_string())).expect("line");
    assert_eq!(copied.grade.as_deref(), Some("D4"));
    assert_eq!(copied.originating, ["t_larch"]);
    assert!(!copied.reliable);
    assert_eq!(e.status, Status::Unconfirmed);
}

#[test]
fn s04_a_better_lettered_copy_does_not_sink_a_reliable_original() {
    // Expected: a C2 report copied by a B5 outlet; the line is the report's, C2, reliable at C3.
    // With an independent B2 eyewitness: corroborated.
    let r = Case::new()
        .document("r_orig", "C2", "2010-06-01")
        .document("copy", "B5", "2010-06-09")
        .witness("t_pine", "w_pine", "B2")
        .claim("c1", "r_orig", "execution", "Namgol", "2005", "")
        .claim("c2", "copy", "execution", "Namgol", "2005", "")
        .claim("c3", "t_pine", "execution", "Namgol", "2005", "")
        .dep("r_orig", "copy", DependencyKind::DerivedText, "provenance")
        .run();
    let e = event(&r, "c1");
    let line = e.lines.iter().find(|l| l.sources.contains(&"copy".to_string())).expect("line");
    assert_eq!(line.grade.as_deref(), Some("C2"));
    assert!(line.reliable);
    assert_eq!(e.status, Status::Corroborated);
}

#[test]
fn s05_the_earliest_member_originates_a_chain_whatever_order_it_was_given_in() {
    // Expected: provenance gave the pair backwards (the later blog first); publication dates
    // decide which member originates. The E5 blog cannot spoil the B2 report's line.
    let r = Case::new()
        .document("blog", "E5", "2015-02-01")
        .document("report", "B2", "2014-11-20")
        .witness("t_pine", "w_pine", "B2")
        .claim("c1", "blog", "torture", "Namgol", "2003", "")
        .claim("c2", "report", "torture", "Namgol", "2003", "")
        .claim("c3", "t_pine", "torture", "Namgol", "2003", "")
        .dep("blog", "report", DependencyKind::DerivedText, "provenance")
        .run();
    let line = event(&r, "c1").lines.iter().find(|l| l.sources.contains(&"blog".to_string())).cloned().expect("line");
    assert_eq!(line.originating, ["report"]);
    assert_eq!(event(&r, "c1").status, Status::Corroborated);
}

// ---------------------------------------------------------------------------------------------
// 3. Ordinary variation is not a contest; occurrence apart from details.

#[test]
fn s06_seventeen_and_about_twenty_dead_agree() {
    let mut case = two_eyewitnesses();
    case.claims[0].count = UncertainCount::parse("17").ok();
    case.claims[0].counted = Some("dead".into());
    case.claims[1].count = UncertainCount::parse("about 20").ok();
    case.claims[1].counted = Some("dead".into());
    let r2 = case.run();
    let e = event(&r2, "c1");
    assert_eq!(e.status, Status::Corroborated);
    assert_eq!(e.details, Details::Consistent, "17 against about 20 is within a witness's estimate");
    assert!(outcome(&r2, "c1").contradicted_by.is_empty());
}

#[test]
fn s07_six_and_six_hundred_dead_is_a_dispute_about_details_not_about_occurrence() {
    // Expected: both say people were killed at Sorim market; one says 6, the other 600. The
    // killing is corroborated; the count is disputed; nothing is "contested".
    let r = Case::new()
        .witness("t_pine", "w_pine", "B2")
        .witness("t_cedar", "w_cedar", "B3")
        .claim("c1", "t_pine", "killing", "Sorim market", "2002-05", "6")
        .claim("c2", "t_cedar", "killing", "Sorim", "2002", "600")
        .run();
    assert!(same_event(&r, "c1", "c2"), "Sorim market is in Sorim: {:#?}", r.events);
    let e = event(&r, "c1");
    assert_eq!(e.status, Status::Corroborated);
    assert_eq!(e.details, Details::Disputed);
    assert!(e.differences.iter().any(|d| d.field == "count" && d.agreement == "disputed"));
    assert_eq!(outcome(&r, "c1").details, Details::Disputed);
    assert!(e.finding.contains("count"), "{}", e.finding);
}

#[test]
fn s08_a_denial_from_an_independent_line_contests_the_core_fact() {
    let r = two_eyewitnesses().with(|c| c.denies = true).run();
    let e = event(&r, "c1");
    assert_eq!(e.status, Status::Contested);
    assert!(e.finding.to_lowercase().contains("disputed"), "{}", e.finding);
}

#[test]
fn s09_around_1995_and_1996_are_not_a_contradiction() {
    let mut case = two_eyewitnesses();
    case.claims[0].when = UncertainDate::parse("1995~").ok();
    case.claims[1].when = UncertainDate::parse("1996").ok();
    let r = case.run();
    assert!(same_event(&r, "c1", "c2"), "an approximate date is widened before grouping");
    let e = event(&r, "c1");
    assert_eq!(e.status, Status::Corroborated);
    assert_ne!(e.details, Details::Disputed, "{:#?}", e.differences);
    // Without the qualifier, 1995 and 1996 are still one event (within the gap) and vary.
    case.claims[0].when = UncertainDate::parse("1995-12").ok();
    case.claims[1].when = UncertainDate::parse("1996-02").ok();
    let r = case.run();
    assert_eq!(event(&r, "c1").status, Status::Corroborated);
    assert_ne!(event(&r, "c1").details, Details::Disputed);
}

#[test]
fn s10_winter_is_read_on_both_sides_of_the_year_boundary() {
    // "1997년 겨울" often means January-February 1997; EDTF 1997-24 is Dec 1997 - Feb 1998.
    let mut case = two_eyewitnesses();
    case.claims[0].when = UncertainDate::parse("1997-24").ok();
    case.claims[1].when = UncertainDate::parse("1997-01").ok();
    let r = case.run();
    assert!(same_event(&r, "c1", "c2"));
    assert_eq!(event(&r, "c1").details, Details::Consistent, "{:#?}", event(&r, "c1").differences);
}

#[test]
fn s11_forced_labour_over_sixteen_years_is_a_pattern_not_96_contradictions() {
    // Four witnesses each describe forced labour at Kumdae camp, one claim per year they were
    // held: 1990-1995, 1993-1998, 1996-2001, 2000-2005 (16 years between them).
    let mut case = Case::new();
    let spans = [("w_a", 1990, 1995), ("w_b", 1993, 1998), ("w_c", 1996, 2001), ("w_d", 2000, 2005)];
    for (w, from, to) in spans {
        case = case.witness(&format!("t_{w}"), w, "B2");
        for y in from..=to {
            case = case.claim(
                &format!("c_{w}_{y}"),
                &format!("t_{w}"),
                "forced-labour",
                "Kumdae camp",
                &y.to_string(),
                "",
            );
        }
    }
    let r = case.run();
    assert_eq!(r.events.len(), 1, "{:#?}", r.events.iter().map(|e| &e.period).collect::<Vec<_>>());
    let e = &r.events[0];
    assert!(e.disagreements.is_empty() && e.details != Details::Disputed);
    assert_eq!(e.lines.len(), 4);
    assert_eq!(e.status, Status::Corroborated);
    let p = e.pattern.as_ref().expect("a continuing situation gets a pattern finding");
    assert_eq!((p.first_year, p.last_year), (1990, 2005));
    // Years with two or more independent lines: 1993-1995, 1996-1998, 2000-2001.
    assert_eq!(p.years_with_two_lines, [1993, 1994, 1995, 1996, 1997, 1998, 2000, 2001]);
    assert!(e.finding.contains("1990-2005") && e.finding.contains("four independent lines"), "{}", e.finding);
    // 1999 has one line: a claim about 1999 alone is single-source within the pattern.
    assert_eq!(outcome(&r, "c_w_c_1999").status, Status::SingleSource);
    assert_eq!(outcome(&r, "c_w_a_1994").status, Status::Corroborated);
}

// ---------------------------------------------------------------------------------------------
// 4. Events never split silently.

#[test]
fn s12_site_suffixes_and_scripts_meet() {
    for (a, b) in [
        ("Kumdae camp", "Kumdae"),
        ("Tongmae-ri", "Tongmae"),
        ("금대 교화소", "Kumdae camp"),
        ("Pyoldong market", "별동 시장"),
        ("금대 구류장", "Kumdae"),
    ] {
        let mut case = two_eyewitnesses();
        case.claims[0].place = Some(a.into());
        case.claims[1].place = Some(b.into());
        let r = case.run();
        assert!(same_event(&r, "c1", "c2"), "{a} and {b} were split");
    }
    // Different places stay apart and the output says why.
    let mut case = two_eyewitnesses();
    case.claims[1].place = Some("Namgol".into());
    let r = case.run();
    assert!(!same_event(&r, "c1", "c2"));
    let kept = &event(&r, "c1").kept_apart;
    assert!(kept.iter().any(|k| k.reason.contains("Sorim") && k.reason.contains("Namgol")), "{kept:#?}");
}

#[test]
fn s13_execution_and_killing_of_the_same_three_named_men_are_one_event() {
    let victims = ["Mun Tol-se", "Yom Chang-gu", "Ko Ung-bi"];
    let r = two_eyewitnesses()
        .with(|c| c.act = "killing".into())
        .with(|c| c.victims = victims.iter().map(|v| v.to_string()).collect())
        .run();
    let mut case = two_eyewitnesses();
    case.claims[0].victims = victims.iter().map(|v| v.to_string()).collect();
    case.claims[1].act = "killing".into();
    case.claims[1].victims = vec!["Mun Tol Se".into(), "염창구".into(), "Ko Ung-bi".into()];
    let r2 = case.run();
    for r in [&r, &r2] {
        assert!(same_event(r, "c1", "c2"), "{:#?}", r.events);
        let e = event(r, "c1");
        assert_eq!(e.status, Status::Corroborated);
        assert!(e.acts.contains(&"execution".to_string()) && e.acts.contains(&"killing".to_string()));
    }
}

#[test]
fn s14_one_man_executed_twice_is_never_two_clean_findings() {
    // Expected: the same named man executed in 1995 (one witness) and 2005 (another): a person is
    // executed once, so the two claims are queued as possibly the same event, with the date
    // difference surfaced.
    let r = Case::new()
        .witness("t_pine", "w_pine", "B2")
        .witness("t_cedar", "w_cedar", "B2")
        .claim("c1", "t_pine", "execution", "Sorim", "1995", "1")
        .with(|c| c.victims = vec!["Mun Tol-se".into()])
        .claim("c2", "t_cedar", "execution", "Namgol", "2005", "1")
        .with(|c| c.victims = vec!["문돌세".into()])
        .run();
    assert!(!same_event(&r, "c1", "c2"));
    let q = r
        .possibly_same_events
        .iter()
        .find(|q| q.claims.contains(&"c1".to_string()) && q.claims.contains(&"c2".to_string()))
        .expect("queued");
    assert!(q.reasons.iter().any(|x| x.contains("Mun Tol-se")), "{:?}", q.reasons);
    assert!(q.differences.iter().any(|d| d.field == "date"), "{:?}", q.differences);
    for c in ["c1", "c2"] {
        assert!(!event(&r, c).possibly_same_as.is_empty(), "{c}'s event must point at the other");
        assert!(event(&r, c).finding.contains("possibly the same event"), "{}", event(&r, c).finding);
    }
}

#[test]
fn s15_a_coarse_place_joins_the_one_event_inside_it_and_queues_when_there_are_two() {
    let base = Case::new()
        .place("Kumdae camp", Some("Tongmae-ri"), &["Camp 9"])
        .place("Tongmae-ri", Some("Soktam county"), &[])
        .place("Namgol", Some("Soktam county"), &[])
        .witness("t_pine", "w_pine", "B2")
        .witness("t_cedar", "w_cedar", "B2")
        .claim("c1", "t_pine", "execution", "Camp 9", "2001-04", "")
        .claim("c2", "t_cedar", "execution", "Soktam county", "2001", "");
    let r = base.run();
    assert!(same_event(&r, "c1", "c2"), "Camp 9 is Kumdae camp, in Tongmae-ri, in Soktam county");
    assert_eq!(event(&r, "c1").status, Status::Corroborated);
    let r = base.claim("c3", "t_pine", "execution", "Namgol", "2001-06", "").run();
    assert!(!same_event(&r, "c2", "c1") && !same_event(&r, "c2", "c3"), "ambiguous: not joined");
    let queued: Vec<_> = r.possibly_same_events.iter().filter(|q| q.claims.contains(&"c2".to_string())).collect();
    assert_eq!(queued.len(), 2, "{:#?}", r.possibly_same_events);
    assert!(queued.iter().all(|q| q.reasons.iter().any(|x| x.contains("Soktam"))));
}

#[test]
fn s16_near_duplicate_events_surface_their_contradiction() {
    // Places written with a spelling slip ("Sorimm") are not joined but queued, and the queue
    // shows the 6 against 600.
    let r = Case::new()
        .witness("t_pine", "w_pine", "B2")
        .witness("t_cedar", "w_cedar", "B2")
        .claim("c1", "t_pine", "killing", "Sorim", "2002", "6")
        .claim("c2", "t_cedar", "killing", "Sorimm", "2002", "600")
        .run();
    let q = r.possibly_same_events.first().expect("queued");
    assert!(q.differences.iter().any(|d| d.field == "count" && d.agreement == "disputed"), "{q:#?}");
}

// ---------------------------------------------------------------------------------------------
// 5. Admiralty grades read as the system means them.

#[test]
fn s17_f_and_6_are_not_assessed_and_the_case_policy_decides() {
    let case = Case::new()
        .witness("t_pine", "w_pine", "F2")
        .witness("t_cedar", "w_cedar", "F3")
        .claim("c1", "t_pine", "execution", "Sorim", "1998", "")
        .claim("c2", "t_cedar", "execution", "Sorim", "1998", "");
    let r = case.run();
    let e = event(&r, "c1");
    assert_eq!(e.status, Status::Unconfirmed);
    assert!(e.lines.iter().all(|l| l.not_assessed));
    assert!(r.policy.contains("not assessed"), "{}", r.policy);
    let r = case.config(|c| c.unassessed = Unassessed::AssumeMinimum).run();
    assert_eq!(event(&r, "c1").status, Status::Corroborated);
    assert!(r.policy.contains("F") && r.policy.contains("6"), "{}", r.policy);
    // F6, nothing assessed at all, never counts.
    let r = Case::new()
        .witness("t_pine", "w_pine", "F6")
        .witness("t_cedar", "w_cedar", "B2")
        .claim("c1", "t_pine", "execution", "Sorim", "1998", "")
        .claim("c2", "t_cedar", "execution", "Sorim", "1998", "")
        .config(|c| c.unassessed = Unassessed::AssumeMinimum)
        .run();
    assert_eq!(event(&r, "c1").status, Status::Unconfirmed);
}

#[test]
fn s18_information_grade_1_is_stripped_with_a_warning() {
    let mut case = two_eyewitnesses();
    case.sources[0].reliability = Reliability::parse("B1").ok();
    case.sources[1].reliability = Reliability::parse("B1").ok();
    let r = case.run();
    assert!(r.warnings.iter().any(|w| w.contains("t_pine") && w.contains("circular")), "{:?}", r.warnings);
    assert_ne!(event(&r, "c1").status, Status::Corroborated, "B1 + B1 do not corroborate by assertion");
    // A per-claim grade fixes it.
    let r = case.with(|c| c.information = Some(2)).run();
    assert_eq!(event(&r, "c2").lines.iter().filter(|l| l.reliable).count(), 1);
}

#[test]
fn s19_information_is_graded_per_claim() {
    // The witness is B2 in general, but this claim is hearsay-grade 5: its line is not reliable.
    let r = two_eyewitnesses().with(|c| c.information = Some(5)).run();
    assert_eq!(event(&r, "c1").status, Status::Unconfirmed);
    let cedar = event(&r, "c1").lines.iter().find(|l| l.sources == ["t_cedar"]).cloned().expect("line");
    assert_eq!(cedar.grade.as_deref(), Some("C5"));
}

// ---------------------------------------------------------------------------------------------
// Basis of knowledge.

#[test]
fn s20_hearsay_from_a_named_witness_joins_that_witness_line() {
    // Cedar heard it from Pine, who is also a witness here: one line.
    let r = two_eyewitnesses().with(|c| c.basis = Basis::HeardFromNamed("w_pine".into())).run();
    let e = event(&r, "c1");
    assert_eq!(e.lines.len(), 1, "{:#?}", e.lines);
    assert_eq!(e.status, Status::SingleSource);
    // Two witnesses who heard it from the same named (non-witness) informant: one line, and it is
    // not first-hand.
    let r = two_eyewitnesses().with(|c| c.basis = Basis::HeardFromNamed("Ko Ung-bi".into())).run();
    let mut case = two_eyewitnesses();
    case.claims[0].basis = Basis::HeardFromNamed("Ko Ung-bi".into());
    case.claims[1].basis = Basis::HeardFromNamed("고응비".into());
    let r2 = case.run();
    assert_eq!(event(&r2, "c1").lines.len(), 1, "{:#?}", event(&r2, "c1").lines);
    assert_eq!(event(&r, "c1").lines.len(), 2);
    assert_eq!(event(&r, "c1").status, Status::Corroborated, "Pine saw it; Ko's account through Cedar is a line");
}

#[test]
fn s21_unknown_source_hearsay_supports_but_is_never_the_second_line() {
    let r = two_eyewitnesses().with(|c| c.basis = Basis::HeardFromUnknown).run();
    let e = event(&r, "c1");
    assert_eq!(e.lines.len(), 2);
    assert_eq!(e.status, Status::Unconfirmed);
    assert!(e.finding.contains("unknown"), "{}", e.finding);
}

#[test]
fn s22_corroboration_needs_a_first_hand_line() {
    // Two independent reliable reports, neither first-hand: not corroborated.
    let r = Case::new()
        .document("r_one", "B2", "2010-01-01")
        .document("r_two", "B2", "2011-01-01")
        .claim("c1", "r_one", "execution", "Sorim", "1998", "")
        .claim("c2", "r_two", "execution", "Sorim", "1998", "")
        .run();
    assert_eq!(event(&r, "c1").status, Status::Unconfirmed);
    assert!(event(&r, "c1").finding.contains("first-hand"), "{}", event(&r, "c1").finding);
    // One of them was written by someone who saw it.
    let mut case = Case::new()
        .document("r_one", "B2", "2010-01-01")
        .document("r_two", "B2", "2011-01-01")
        .claim("c1", "r_one", "execution", "Sorim", "1998", "")
        .claim("c2", "r_two", "execution", "Sorim", "1998", "");
    case.claims[0].basis = Basis::Witnessed;
    assert_eq!(event(&case.run(), "c1").status, Status::Corroborated);
}

// ---------------------------------------------------------------------------------------------
// 6. Dependencies are evidence for review, not verdicts.

#[test]
fn s23_a_shared_interviewer_is_a_contamination_risk_not_a_common_origin() {
    let r = two_eyewitnesses()
        .dep_with(Dependency {
            detail: Some("interviewer K".into()),
            ..Dependency::new("t_pine", "t_cedar", DependencyKind::SharedInterviewer, "declared")
        })
        .run();
    let e = event(&r, "c1");
    assert_eq!(e.lines.len(), 2);
    assert_eq!(e.status, Status::Corroborated);
    assert!(r.review.iter().any(|i| i.kind == "shared-interviewer"));
    assert!(e.conditions.iter().any(|c| c.contains("single-source")), "{:?}", e.conditions);
}

#[test]
fn s24_an_identity_match_with_counter_evidence_is_a_review_item() {
    // Same common legal name in the vault, different sealed contacts and birth years: kept apart,
    // reviewed, and the finding says what happens if they are one person.
    let r = two_eyewitnesses()
        .dep_with(Dependency {
            detail: Some("sealed identities match on legal name".into()),
            counter_evidence: vec!["birth years 1961 and 1974".into(), "different contacts".into()],
            ..Dependency::new("w_pine", "w_cedar", DependencyKind::SamePerson, "vault")
        })
        .run();
    let e = event(&r, "c1");
    assert_eq!(e.status, Status::Corroborated);
    let item = r.review.iter().find(|i| i.kind == "identity-match").expect("review item");
    assert_eq!(item.counter_evidence.len(), 2);
    assert!(
        e.conditions.iter().any(|c| c.contains("unless") && c.contains("w_pine") && c.contains("one person")),
        "{:?}",
        e.conditions
    );
    // Without counter-evidence the match joins, still reviewed, and the finding says so.
    let r = two_eyewitnesses().dep("w_pine", "w_cedar", DependencyKind::SamePerson, "vault").run();
    let e = event(&r, "c1");
    assert_eq!(e.status, Status::SingleSource);
    assert!(
        e.conditions.iter().any(|c| c.contains("corroborated") && c.contains("different people")),
        "{:?}",
        e.conditions
    );
}

#[test]
fn s25_identical_wording_across_witnesses_is_an_integrity_warning() {
    let r = two_eyewitnesses().dep("t_pine", "t_cedar", DependencyKind::DerivedText, "provenance").run();
    assert!(r.review.iter().any(|i| i.kind == "identical-wording"), "{:#?}", r.review);
    assert_eq!(event(&r, "c1").status, Status::SingleSource);
}

// ---------------------------------------------------------------------------------------------
// Explanations both ways and the standard of proof.

#[test]
fn s26_every_finding_carries_a_standard_of_proof_sentence() {
    let r = two_eyewitnesses().run();
    let e = event(&r, "c1");
    assert!(e.finding.starts_with("Reasonable grounds to believe"), "{}", e.finding);
    assert!(e.finding.contains("two") && e.finding.contains("first-hand"), "{}", e.finding);
    assert!(outcome(&r, "c1").finding.starts_with("Reasonable grounds"));
    let mut one = two_eyewitnesses();
    one.sources[1].witness_id = Some("w_pine".into());
    let r1 = one.run();
    assert!(event(&r1, "c1").finding.starts_with("Not established"), "{}", event(&r1, "c1").finding);
    assert!(r.events.iter().all(|e| !e.finding.is_empty()));
}

#[test]
fn s27_independence_is_explained_as_well_as_joins() {
    let r = two_eyewitnesses().run();
    let e = event(&r, "c1");
    assert!(
        e.independence.iter().any(|x| x.contains("t_pine") && x.contains("t_cedar")),
        "why the two lines count separately: {:?}",
        e.independence
    );
}

#[test]
fn s28_analyst_split_is_respected_and_explained() {
    let r = two_eyewitnesses().decide(Decision::Split, "c1", "c2").run();
    assert!(!same_event(&r, "c1", "c2"));
    assert!(event(&r, "c1").kept_apart.iter().any(|k| k.reason.contains("split")), "{:#?}", event(&r, "c1").kept_apart);
    assert!(r.possibly_same_events.is_empty(), "a decided split is not queued again");
}

#[test]
fn s29_a_shared_perpetrator_queues_events_at_different_places() {
    let r = Case::new()
        .witness("t_pine", "w_pine", "B2")
        .witness("t_cedar", "w_cedar", "B2")
        .claim("c1", "t_pine", "torture", "Sorim", "2003-02", "")
        .with(|c| c.perpetrators = vec!["Unit 415".into()])
        .claim("c2", "t_cedar", "beating", "Namgol", "2003-03", "")
        .with(|c| c.perpetrators = vec!["unit 415".into()])
        .run();
    assert!(!same_event(&r, "c1", "c2"));
    let q = r.possibly_same_events.first().expect("queued");
    assert!(q.reasons.iter().any(|x| x.contains("perpetrator")), "{:?}", q.reasons);
    assert!(r.identity_comparison.starts_with("compared"));
}

#[test]
fn s30_the_report_says_plainly_when_identities_were_not_compared() {
    let case = two_eyewitnesses();
    let r = corroborate(
        &CaseInput { sources: &case.sources, claims: &case.claims, ..CaseInput::default() },
        &Config::default(),
    );
    assert!(r.identity_comparison.starts_with("not available"), "{}", r.identity_comparison);
    assert_eq!(r.events[0].status, Status::Corroborated);
}

#[test]
fn s31_yearly_executions_at_one_place_do_not_chain_into_one_event() {
    // Six witnesses, each describing an execution at Sorim in a different year, 1990-1995.
    // Expected: several events (neighbouring years may be one event remembered differently),
    // never one event spanning six years.
    let mut case = Case::new();
    for y in 1990..=1995 {
        case = case.witness(&format!("t{y}"), &format!("w{y}"), "B2").claim(
            &format!("c{y}"),
            &format!("t{y}"),
            "execution",
            "Sorim",
            &y.to_string(),
            "",
        );
    }
    let r = case.run();
    assert!(r.events.len() >= 3, "{:#?}", r.events.iter().map(|e| &e.claims).collect::<Vec<_>>());
    assert!(!same_event(&r, "c1990", "c1992") && !same_event(&r, "c1993", "c1995"));
    // The output says why they were kept apart.
    assert!(event(&r, "c1990").kept_apart.iter().any(|k| k.reason.contains("days apart")));
}
