//! The corroboration of a case as the workspace shows it: the status tallies on the case
//! overview, and the case's corroboration page (findings per event and claim, patterns, the
//! queues an analyst decides, and the conditions under which findings would change).

use attest_app::cases::Overview;
use attest_app::corroboration::{Details, Run, Status};
use attest_domain::CaseId;
use attest_store::ClaimRecord;
use maud::{Markup, html};

use super::findings;
use super::layout::page as page_frame;
use crate::access::Authed;

fn status_label(user: &Authed, s: &attest_app::cases::Tally) -> Markup {
    let lang = user.lang;
    html! {
        ul.tally {
            li.ok { (lang.t("corroborated")) ": " (s.corroborated) }
            li.warn { (lang.t("single")) ": " (s.single_source) }
            li.bad { (lang.t("contested")) ": " (s.contested) }
            li { (lang.t("unconfirmed")) ": " (s.unconfirmed) }
        }
    }
}

/// The overview's section of event and claim tallies.
pub fn tally_section(user: &Authed, case: &CaseId, o: &Overview) -> Markup {
    let lang = user.lang;
    html! {
        section aria-labelledby="ev" {
            h2 #ev { (lang.t("events")) }
            (status_label(user, &o.tally.events))
            h3 { (lang.t("claims")) }
            (status_label(user, &o.tally.claims))
            @if !o.identities_compared { p.note { (lang.t("identities_note")) } }
            p { a href={"/cases/" (case) "/corroboration"} { (lang.t("co_open")) } }
        }
    }
}

fn status_text(lang: crate::i18n::Lang, s: Status) -> &'static str {
    match s {
        Status::Corroborated => lang.t("corroborated"),
        Status::SingleSource => lang.t("single"),
        Status::Contested => lang.t("contested"),
        Status::Unconfirmed => lang.t("unconfirmed"),
    }
}

fn details_key(d: Details) -> &'static str {
    match d {
        Details::Consistent => "consistent",
        Details::Varied => "varied",
        Details::Disputed => "disputed",
    }
}

fn details_label(d: Details) -> &'static str {
    match d {
        Details::Consistent => "co_consistent",
        Details::Varied => "co_varied",
        Details::Disputed => "co_disputed",
    }
}

/// One decision form: hidden pair, one button per choice.
fn decide_form(user: &Authed, case: &CaseId, a: &str, b: &str, choices: &[&'static str]) -> Markup {
    let lang = user.lang;
    html! {
        form.decide method="post" action={"/cases/" (case) "/corroboration/decisions"} {
            input type="hidden" name="csrf" value=(user.csrf);
            input type="hidden" name="a" value=(a);
            input type="hidden" name="b" value=(b);
            @for c in choices {
                button type="submit" name="decision" value=(c) { (lang.t(decision_key(c))) }
            }
        }
    }
}

fn decision_key(c: &str) -> &'static str {
    match c {
        "independent" => "co_decide_independent",
        "derived" => "co_decide_derived",
        "different-person" => "co_decide_different",
        "same-person" => "co_decide_same",
        "shared-informant" => "co_decide_contaminated",
        "merge" => "co_decide_merge",
        _ => "co_decide_split",
    }
}

/// `GET /cases/{case}/corroboration`: what `attest corroboration --json` reports, for people.
/// Every finding carries its status and counts as `data-` attributes, so the parity test reads
/// the page as the CLI's JSON is read.
pub fn page(user: &Authed, case: &CaseId, title: &str, run: &Run, may_decide: bool) -> Markup {
    let lang = user.lang;
    let r = &run.report;
    let first_claim = |event: &str| r.events.iter().find(|e| e.event_id == event).and_then(|e| e.claims.first());
    page_frame(
        lang,
        Some(user),
        &format!("{} · {}", lang.t("co_title"), title),
        html! {
            p.meta { a href={"/cases/" (case)} { (title) } " · " (lang.t("co_rules")) ": " (r.min_reliability) ", " (r.min_lines) " · " (lang.t("co_english")) }
            @if run.same_person_pairs.is_none() {
                p.note #identity-comparison data-compared="false" { strong { (lang.t("co_identity_closed")) } " " span { (findings::identity(lang, &r.identity_comparison, r.identities_compared)) } }
            } @else {
                p.note #identity-comparison data-compared="true" { (findings::identity(lang, &r.identity_comparison, r.identities_compared)) }
            }
            section aria-labelledby="co-tally" {
                h2 #co-tally { (lang.t("events")) }
                ul.tally #event-tally data-corroborated=(r.event_tally.corroborated) data-single-source=(r.event_tally.single_source) data-contested=(r.event_tally.contested) data-unconfirmed=(r.event_tally.unconfirmed) {
                    li.ok { (lang.t("corroborated")) ": " (r.event_tally.corroborated) }
                    li.warn { (lang.t("single")) ": " (r.event_tally.single_source) }
                    li.bad { (lang.t("contested")) ": " (r.event_tally.contested) }
                    li { (lang.t("unconfirmed")) ": " (r.event_tally.unconfirmed) }
                }
            }
            section.findings aria-labelledby="co-events" {
                h2 #co-events { (lang.t("co_findings")) " (" (r.events.len()) ")" }
                @for e in &r.events {
                    article.event id=(e.event_id) data-status=(e.status.as_str()) data-details=(details_key(e.details)) data-lines=(e.lines.len()) data-reliable=(e.reliable_lines) {
                        h3 { (e.event_id) " · " (lang.term("act", &e.act)) " · " (e.place.as_deref().unwrap_or("-")) }
                        p {
                            strong.status { (lang.t("co_occurrence")) ": " (status_text(lang, e.status)) }
                            " · " (lang.t("co_details")) ": " (lang.t(details_label(e.details)))
                            " · " (lang.t("co_lines")) ": " (e.lines.len()) " (" (e.reliable_lines) " " (lang.t("co_reliable")) ")"
                        }
                        p.finding { (findings::finding(lang, &e.finding, e.finding_facts.as_ref())) }
                        @if let Some(p) = &e.pattern {
                            p.pattern data-first=(p.first_year) data-last=(p.last_year) {
                                (lang.t("co_pattern")) " " (p.first_year) "–" (p.last_year) ": "
                                @for y in &p.lines_per_year { span.year { (y.year) " (" (y.lines) ") " } }
                            }
                        }
                        @if !e.disagreements.is_empty() {
                            ul.disputed { @for d in &e.disagreements { li { (findings::field_label(lang, d.field)) ": " (d.claim_a) " " (findings::value_label(lang, d.field, &d.value_a)) " / " (d.claim_b) " " (findings::value_label(lang, d.field, &d.value_b)) } } }
                        }
                        @if !e.conditions.is_empty() {
                            h4 { (lang.t("co_conditions")) }
                            ul.conditions {
                                @for (i, c) in e.conditions.iter().enumerate() {
                                    li.condition { (match e.finding_facts.as_ref().and_then(|f| f.conditions.get(i)) {
                                        Some(facts) => findings::condition(lang, c, facts),
                                        None => c.clone(),
                                    }) }
                                }
                            }
                        }
                        details {
                            summary { (lang.t("co_why")) }
                            ul {
                                @for l in &e.lines { li.line { (l.sources.join(" + ")) " · " (findings::basis_word(lang, l.basis)) " · " (l.grade.as_deref().unwrap_or("-")) } }
                                @for (i, p) in e.independence.iter().zip(&e.independent_pairs) { li { (findings::independence(lang, i, p)) } }
                                @for k in &e.kept_apart { li { (lang.t("co_kept_apart")) " " (k.event_id) ": " (findings::event_reason(lang, &k.reason, &k.why)) } }
                            }
                        }
                        h4 { (lang.t("claims")) }
                        ul.claims {
                            @for c in r.claims.iter().filter(|c| c.event_id == e.event_id) {
                                li.claim data-claim=(c.claim_id) data-status=(c.status.as_str()) data-details=(details_key(c.details)) data-lines=(c.lines.len()) {
                                    code { (c.claim_id) } " · " (status_text(lang, c.status)) " · " (lang.t(details_label(c.details)))
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="co-same" {
                h2 #co-same { (lang.t("co_same_queue")) " (" (r.possibly_same_events.len()) ")" }
                ul.queue {
                    @for q in &r.possibly_same_events {
                        li.same-event data-a=(q.event_a) data-b=(q.event_b) {
                            (q.event_a) " · " (q.event_b) ": "
                            (q.reasons.iter().zip(&q.reason_facts).map(|(r, why)| findings::event_reason(lang, r, why)).collect::<Vec<_>>().join("; "))
                            @for d in &q.differences { br; small { (findings::field_label(lang, d.field)) ": " (findings::value_label(lang, d.field, &d.value_a)) " / " (findings::value_label(lang, d.field, &d.value_b)) " (" (findings::agreement_label(lang, d.agreement)) ")" } }
                            @if let (true, Some(a), Some(b)) = (may_decide, first_claim(&q.event_a), first_claim(&q.event_b)) {
                                (decide_form(user, case, a, b, &["merge", "split"]))
                            }
                        }
                    }
                }
            }
            section aria-labelledby="co-review" {
                h2 #co-review { (lang.t("co_review")) " (" (r.review.len()) ")" }
                ul.queue {
                    @for item in &r.review {
                        li.review data-kind=(item.kind) data-effect=(item.effect) data-a=(item.a) data-b=(item.b) {
                            (findings::review(lang, item))
                            @if let Some(d) = &item.detail { br; small lang="en" { (d) } }
                            @if !item.counter_evidence.is_empty() {
                                br; (lang.t("co_counter")) ": " span lang="en" { (item.counter_evidence.join("; ")) }
                            }
                            @if may_decide && item.effect != "decided" {
                                (decide_form(user, case, &item.a, &item.b, match item.kind {
                                    "identity-match" => &["different-person", "same-person"][..],
                                    // Kept apart is the default; the one decision that changes it is
                                    // that the interviewer contaminated both accounts.
                                    "shared-interviewer" => &["shared-informant"][..],
                                    _ => &["independent", "derived"][..],
                                }))
                            }
                        }
                    }
                }
            }
            section aria-labelledby="co-policy" {
                h2 #co-policy { (lang.t("co_policy")) }
                p #policy { (findings::policy(lang, &r.policy, r.unassessed, &r.min_reliability)) }
                @if may_decide {
                    form.stack.policy method="post" action={"/cases/" (case) "/corroboration/policy"} {
                        input type="hidden" name="csrf" value=(user.csrf);
                        label for="unassessed" { (lang.t("co_policy_label")) }
                        select #unassessed name="unassessed" {
                            option value="not-reliable" { (lang.t("co_policy_not_reliable")) }
                            option value="assume-minimum" { (lang.t("co_policy_assume")) }
                        }
                        button type="submit" { (lang.t("save")) }
                    }
                }
                @for (w, facts) in r.warnings.iter().zip(&r.warning_facts) { p.warning { (findings::warning(lang, w, facts)) } }
                @for (n, facts) in r.notes.iter().zip(&r.note_facts) { p.note { (findings::note(lang, n, facts)) } }
            }
        },
    )
}

/// The basis-of-knowledge and information-grade fields of a claim form (`prefix` keeps ids unique
/// when several forms are on one page).
pub fn assessment_fields(lang: crate::i18n::Lang, prefix: &str, current: Option<&ClaimRecord>) -> Markup {
    let basis = current.and_then(|c| c.basis.as_deref()).unwrap_or("");
    let grade = current.and_then(|c| c.information);
    let choices = [
        ("", "co_basis_unrecorded"),
        ("witnessed", "co_basis_witnessed"),
        ("heard-from-named", "co_basis_named"),
        ("heard-from-unknown", "co_basis_unknown"),
        ("read", "co_basis_read"),
    ];
    html! {
        label for={(prefix) "-basis"} { (lang.t("co_basis")) }
        select id={(prefix) "-basis"} name="basis" {
            @for (v, k) in choices { option value=(v) selected[v == basis] { (lang.t(k)) } }
        }
        label for={(prefix) "-basis-from"} { (lang.t("co_basis_from")) }
        input id={(prefix) "-basis-from"} name="basis_from" value=(current.and_then(|c| c.basis_from.as_deref()).unwrap_or(""));
        label for={(prefix) "-information"} { (lang.t("co_information")) }
        select id={(prefix) "-information"} name="information" {
            option value="" selected[grade.is_none()] { (lang.t("co_basis_unrecorded")) }
            @for g in 2u8..=6 { option value=(g) selected[grade == Some(g)] { (g) } }
        }
    }
}

/// A claim's recorded basis and grade in the reader, with the form to change them.
pub fn claim_assessment(user: &Authed, case: &CaseId, c: &ClaimRecord, may_assess: bool) -> Markup {
    let lang = user.lang;
    html! {
        p.meta.assessment data-basis=(c.basis.as_deref().unwrap_or("")) {
            (lang.t("co_basis")) ": " (c.basis.as_deref().unwrap_or(lang.t("co_basis_unrecorded")))
            @if let Some(f) = &c.basis_from { " (" (f) ")" }
            " · " (lang.t("co_information")) ": " (c.information.map_or(lang.t("co_basis_unrecorded").to_string(), |g| g.to_string()))
        }
        @if may_assess {
            details {
                summary { (lang.t("co_assess")) }
                form.stack method="post" action={"/cases/" (case) "/claims/" (c.claim_id) "/assessment"} {
                    input type="hidden" name="csrf" value=(user.csrf);
                    (assessment_fields(lang, c.claim_id.as_str(), Some(c)))
                    button type="submit" { (lang.t("save")) }
                }
            }
        }
    }
}
