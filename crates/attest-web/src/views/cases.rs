//! The user's cases, a case's overview, and its people and places.

use attest_app::cases::{Count, NameGroup, Names, Overview};
use attest_domain::{CaseId, Role};
use attest_store::CaseRecord;
use maud::{Markup, html};

use super::layout::page;
use crate::access::Authed;

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

fn counts_table(user: &Authed, caption: &'static str, rows: &[Count]) -> Markup {
    let lang = user.lang;
    html! {
        table {
            caption { (lang.t(caption)) }
            tbody { @for r in rows { tr { th scope="row" { (r.label) } td.num { (r.claims) } } } }
        }
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
                (o.case.claims) " " (lang.t("claims")) " · " (lang.t("as_of")) " #" (o.log_head)
            }
            p {
                a href={"/cases/" (case) "/names"} { (lang.t("names")) }
                @if may_add { " · " a href={"/cases/" (case) "/testimonies/new"} { (lang.t("add_testimony")) } }
            }
            (super::corroboration::tally_section(user, case, o))
            div.grid {
                (counts_table(user, "by_act", &o.by_act))
                (counts_table(user, "by_place", &o.by_place))
                (counts_table(user, "by_period", &o.by_period))
            }
            section aria-labelledby="ss" {
                h2 #ss { (lang.t("single_source")) " (" (o.single_source_total) ")" }
                ul {
                    @for s in &o.single_source {
                        li {
                            a href={"/cases/" (case) "/sources/" (s.source_id) "#" (s.claim_id)} { (s.act) }
                            " · " (s.place.as_deref().unwrap_or("-")) " · " (s.when.as_deref().unwrap_or("-"))
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
                table {
                    thead { tr { th scope="col" { "id" } th scope="col" { (lang.t("witness")) } th scope="col" { (lang.t("language")) } th scope="col" { (lang.t("claims")) } } }
                    tbody {
                        @for s in &o.sources {
                            tr {
                                td { a href={"/cases/" (case) "/sources/" (s.source_id)} { (s.title.as_deref().unwrap_or(s.source_id.as_str())) } }
                                td { (s.witness_pseudonym.as_deref().unwrap_or("-")) }
                                td { (s.language.as_deref().unwrap_or("-")) }
                                td.num { (s.claims) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `GET /cases/{case}/names`.
pub fn names_page(user: &Authed, n: &Names) -> Markup {
    let lang = user.lang;
    let list = |groups: &[NameGroup]| {
        html! {
            table {
                thead { tr { th scope="col" { "key" } th scope="col" { (lang.t("variants")) } } }
                tbody { @for g in groups { tr { td { code { (g.key) } } td { @for v in &g.variants { span.variant { (v.label) " (" (v.claims) ")" } " " } } } } }
            }
        }
    };
    page(
        lang,
        Some(user),
        lang.t("names"),
        html! {
            h2 { (lang.t("witnesses")) " / " (lang.t("victim")) " / " (lang.t("perpetrator")) }
            (list(&n.people))
            h2 { (lang.t("place")) }
            (list(&n.places))
        },
    )
}
