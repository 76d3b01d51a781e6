//! The user's cases, a case's overview, and its people and places.

use attest_app::cases::{Count, NameGroup, Names, Overview};
use attest_domain::{CaseId, Role};
use attest_store::CaseRecord;
use maud::{Markup, html};

use super::layout::page;
use super::words::{language, source_name, when};
use crate::access::Authed;
use crate::i18n::Lang;

/// `GET /`.
pub fn cases_page(user: &Authed, cases: &[CaseRecord]) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t("cases"),
        html! {
            @if cases.is_empty() { p { (lang.t("no_cases")) } }
            ul.cards {
                @for c in cases {
                    li {
                        a href={"/cases/" (c.case_id)} { (c.title) }
                        p.meta { (c.witnesses) " " (lang.t("witnesses")) " · " (c.sources) " " (lang.t("sources")) " · " (c.claims) " " (lang.t("claims")) }
                    }
                }
            }
        },
    )
}

/// A table of counts; `name` says each label in the user's language.
fn counts_table(lang: Lang, caption: &'static str, rows: &[Count], name: impl Fn(&str) -> String) -> Markup {
    html! {
        div.scroll tabindex="0" role="region" aria-label=(lang.t(caption)) {
            table {
                caption { (lang.t(caption)) }
                tbody {
                    @for r in rows {
                        tr {
                            th scope="row" {
                                (name(&r.label))
                                @if !r.variants.is_empty() {
                                    span.also { @for v in &r.variants { " " span.variant { (v) } } }
                                }
                            }
                            td.num { (r.claims) }
                        }
                    }
                }
            }
        }
    }
}

/// A decade label (`1990s`) in words.
fn period(lang: Lang, label: &str) -> String {
    match label.strip_suffix('s') {
        Some(y) if y.len() == 4 && y.ends_with('0') => when(lang, &format!("{}X", &y[..3])),
        _ => label.to_string(),
    }
}

/// `GET /cases/{case}`.
pub fn overview_page(user: &Authed, case: &CaseId, o: &Overview) -> Markup {
    let lang = user.lang;
    let may_add = matches!(user.caller.role, Role::Admin | Role::Investigator);
    page(
        lang,
        Some(user),
        &o.case.title,
        html! {
            p.meta {
                (o.case.witnesses) " " (lang.t("witnesses")) " · " (o.case.sources) " " (lang.t("sources")) " · "
                (o.case.claims) " " (lang.t("claims"))
            }
            p.note { (lang.t("as_of")) }
            p {
                a href={"/cases/" (case) "/names"} { (lang.t("names")) }
                @if may_add { " · " a href={"/cases/" (case) "/testimonies/new"} { (lang.t("add_testimony")) } }
            }
            (super::corroboration::tally_section(user, case, o))
            div.grid {
                (counts_table(lang, "by_act", &o.by_act, |a| lang.term("act", a).to_string()))
                (counts_table(lang, "by_place", &o.by_place, str::to_string))
                (counts_table(lang, "by_period", &o.by_period, |p| period(lang, p)))
            }
            section aria-labelledby="ss" {
                h2 #ss { (lang.t("single_source")) " (" (o.single_source_total) ")" }
                ul {
                    @for s in &o.single_source {
                        li {
                            a href={"/cases/" (case) "/sources/" (s.source_id) "#" (s.claim_id)} { (lang.term("act", &s.act)) }
                            " · " (s.place.as_deref().unwrap_or("-")) " · " (s.when.as_deref().map_or_else(|| "-".to_string(), |w| when(lang, w)))
                            blockquote { (s.passage) }
                        }
                    }
                }
            }
            section aria-labelledby="wi" {
                h2 #wi { (lang.t("witnesses")) }
                ul.cols {
                    @for w in &o.witnesses {
                        li { a href={"/cases/" (case) "/witnesses/" (w.witness_id)} { (w.pseudonym) } " (" (w.testimonies) ")" }
                    }
                }
            }
            section aria-labelledby="so" {
                h2 #so { (lang.t("sources")) }
                div.scroll tabindex="0" role="region" aria-label=(lang.t("sources")) {
                    table.sources {
                        thead { tr { th scope="col" { (lang.t("source")) } th scope="col" { (lang.t("witness")) } th scope="col" { (lang.t("language")) } th scope="col" { (lang.t("claims")) } } }
                        tbody {
                            @for s in &o.sources {
                                tr {
                                    td { a href={"/cases/" (case) "/sources/" (s.source_id)} { (source_name(lang, s)) } }
                                    td { (s.witness_pseudonym.as_deref().unwrap_or("-")) }
                                    td { (s.language.as_deref().map_or("-", |l| language(lang, l))) }
                                    td.num { (s.claims) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `GET /cases/{case}/names`: each person or place by the name as written, with its other
/// spellings; a description ("the witness") once per source it is used in.
pub fn names_page(user: &Authed, case: &CaseId, n: &Names) -> Markup {
    let lang = user.lang;
    let list = |caption: &'static str, groups: &[NameGroup]| {
        html! {
            div.scroll tabindex="0" role="region" aria-label=(lang.t(caption)) {
                table.names {
                    caption { (lang.t(caption)) }
                    thead { tr { th scope="col" { (lang.t("written_as")) } th scope="col" { (lang.t("variants")) } } }
                    tbody {
                        @for g in groups {
                            tr {
                                th scope="row" {
                                    (g.written)
                                    @if let Some(u) = &g.used_in {
                                        span.meta { " · " (lang.t("described_in")) " " a href={"/cases/" (case) "/sources/" (u.source_id)} { (u.label) @if let Some(d) = &u.interviewed { " · " (when(lang, d)) } } }
                                    }
                                }
                                td { @for v in &g.variants { span.variant { (v.label) " · " (v.claims) } " " } }
                            }
                        }
                    }
                }
            }
        }
    };
    page(
        lang,
        Some(user),
        lang.t("names"),
        html! {
            @if n.people.iter().any(|g| g.used_in.is_some()) { p.note { (lang.t("described_note")) } }
            (list("people", &n.people))
            (list("places", &n.places))
        },
    )
}
