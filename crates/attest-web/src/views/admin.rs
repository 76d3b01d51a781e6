//! The administrator's page: verification, users with memberships and grants, the forms to add
//! a user or a membership, and the audit log.

use attest_app::admin::AdminPage;
use attest_domain::{CaseId, Role};
use maud::{Markup, html};

use super::layout::page;
use crate::access::Authed;

/// Case titles, for a list of case ids.
fn titles(p: &AdminPage, cases: &[CaseId]) -> String {
    let title = |c: &CaseId| -> String {
        p.cases.iter().find(|r| r.case_id == *c).map_or(c.as_str(), |r| r.title.as_str()).to_string()
    };
    cases.iter().map(title).collect::<Vec<_>>().join(", ")
}

/// What to call a log entry's actor or record: a user's name, a case's title, a witness's
/// pseudonym or a source's title; else the id as recorded.
fn record_name<'a>(p: &'a AdminPage, id: &'a str) -> &'a str {
    p.users
        .iter()
        .find(|u| u.user_id.as_str() == id)
        .map(|u| u.name.as_str())
        .or_else(|| p.cases.iter().find(|c| c.case_id.as_str() == id).map(|c| c.title.as_str()))
        .or_else(|| p.record_names.get(id).map(String::as_str))
        .unwrap_or(id)
}

/// `GET /admin`.
pub fn admin_page(user: &Authed, p: &AdminPage) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t("admin"),
        html! {
            section aria-labelledby="vf" {
                h2 #vf { (lang.t("verify")) }
                @if p.verify.ok {
                    p.ok #verify-result { (lang.t("verify_ok")) " " (p.verify.log_entries) }
                    p.meta { (lang.t("verify_head")) ": " code { (p.verify.log_head.get(..16).unwrap_or("")) } }
                }
                @else { ul.bad #verify-result { @for pr in &p.verify.problems { li { (pr.kind) ": " (pr.message) } } } }
            }
            section aria-labelledby="us" {
                h2 #us { (lang.t("users")) }
                div.scroll tabindex="0" role="region" aria-label=(lang.t("users")) {
                    table {
                        thead { tr { th scope="col" { (lang.t("name")) } th scope="col" { (lang.t("role")) } th scope="col" { (lang.t("cases")) } th scope="col" { (lang.t("identity_grants")) } } }
                        tbody { @for u in &p.users { tr { td { (u.name) } td { (lang.term("role", u.role.as_str())) } td { (titles(p, &u.cases)) } td { (titles(p, &u.identity_grants)) } } } }
                    }
                }
                p.note { (lang.t("grant_note")) }
                h3 { (lang.t("add_user")) }
                form.stack method="post" action="/admin/users" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="nu-name" { (lang.t("name")) }
                    input #nu-name name="name" required;
                    label for="nu-role" { (lang.t("role")) }
                    select #nu-role name="role" { @for r in Role::ALL { option value=(r) { (r) } } }
                    label for="nu-password" { (lang.t("password")) }
                    input #nu-password name="password" type="password" autocomplete="new-password" minlength="12" required;
                    button type="submit" { (lang.t("add_user")) }
                }
                h3 { (lang.t("add_member")) }
                form.stack method="post" action="/admin/members" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="m-user" { (lang.t("users")) }
                    select #m-user name="user" { @for u in &p.users { option value=(u.user_id) { (u.name) } } }
                    label for="m-case" { (lang.t("case")) }
                    select #m-case name="case" { @for c in &p.cases { option value=(c.case_id) { (c.title) } } }
                    button type="submit" { (lang.t("add_member")) }
                }
            }
            section aria-labelledby="lg" {
                h2 #lg { (lang.t("audit")) " (" (p.log_total) ")" }
                div.scroll tabindex="0" role="region" aria-label=(lang.t("audit")) {
                    table.log {
                        thead { tr { th scope="col" { "#" } th scope="col" { (lang.t("log_at")) } th scope="col" { (lang.t("log_actor")) } th scope="col" { (lang.t("log_action")) } th scope="col" { (lang.t("log_record")) } } }
                        tbody {
                            @for e in &p.log {
                                tr {
                                    td.num data-label="#" { (e.seq) }
                                    td data-label=(lang.t("log_at")) { (e.at.replace('T', " ").trim_end_matches('Z')) }
                                    td data-label=(lang.t("log_actor")) { (record_name(p, &e.actor)) }
                                    td data-label=(lang.t("log_action")) { (lang.term("action", &e.action)) }
                                    td data-label=(lang.t("log_record")) {
                                        (record_name(p, &e.record_id))
                                        @if let Some(r) = e.detail.get("reason").and_then(|r| r.as_str()) { br; span.meta { (lang.t("log_reason")) ": " (r) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
