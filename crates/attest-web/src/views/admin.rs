//! The administrator's page: verification, users with memberships and grants, the forms to add
//! a user or a membership, and the audit log.

use attest_app::admin::AdminPage;
use attest_domain::{CaseId, Role};
use maud::{Markup, html};

use super::layout::page;
use crate::access::Authed;

fn ids(cases: &[CaseId]) -> String {
    cases.iter().map(CaseId::as_str).collect::<Vec<_>>().join(", ")
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
                @if p.verify.ok { p.ok #verify-result { "OK · " (p.verify.log_entries) " log entries · head " code { (p.verify.log_head.get(..16).unwrap_or("")) } } }
                @else { ul.bad #verify-result { @for pr in &p.verify.problems { li { (pr.kind) ": " (pr.message) } } } }
            }
            section aria-labelledby="us" {
                h2 #us { (lang.t("users")) }
                table {
                    thead { tr { th scope="col" { (lang.t("name")) } th scope="col" { (lang.t("role")) } th scope="col" { (lang.t("cases")) } th scope="col" { "identity grants" } } }
                    tbody { @for u in &p.users { tr { td { (u.name) } td { (u.role.as_str()) } td { (ids(&u.cases)) } td { (ids(&u.identity_grants)) } } } }
                }
                p.note { "Grants are given at the command line by the archive's keyholder (attest grant [--kind testimonies]): the server does not hold the keys they carry." }
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
                table.log {
                    thead { tr { th scope="col" { "#" } th scope="col" { "at" } th scope="col" { "actor" } th scope="col" { "action" } th scope="col" { "record" } } }
                    tbody { @for e in &p.log { tr { td.num { (e.seq) } td { (e.at) } td { (e.actor) } td { (e.action) } td { code { (e.record_id) } } } } }
                }
            }
        },
    )
}
