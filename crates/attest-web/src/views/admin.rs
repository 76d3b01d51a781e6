//! The administrator's page: verification, users with memberships and grants, the forms to invite
//! a user or add a membership, and the audit log; the page that shows a new invitation's code
//! once, and the confirmation a reset needs.

use attest_app::account::{DEFAULT_INVITATION_HOURS, INVITATION_HOURS, Invited};
use attest_app::admin::AdminPage;
use attest_domain::{CaseId, Role};
use attest_store::UserRecord;
use maud::{Markup, html};

use super::layout::page;
use crate::access::Authed;
use crate::i18n::Lang;

/// A role as people say it.
pub fn role_label(lang: Lang, r: Role) -> &'static str {
    lang.t(match r {
        Role::Admin => "role_admin",
        Role::Investigator => "role_investigator",
        Role::Analyst => "role_analyst",
        Role::Viewer => "role_viewer",
    })
}

fn hours_label(lang: Lang, h: u32) -> &'static str {
    lang.t(match h {
        24 => "hours_24",
        168 => "hours_168",
        _ => "hours_72",
    })
}

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
                div.scroll tabindex="0" role="region" aria-labelledby="us" { table {
                    thead { tr { th scope="col" { (lang.t("name")) } th scope="col" { (lang.t("role")) } th scope="col" { (lang.t("cases")) } th scope="col" { (lang.t("identity_grants")) } th scope="col" { (lang.t("reset")) } } }
                    tbody { @for u in &p.users { tr {
                        td { (u.name) @if u.invited { " " span.note { "(" (lang.t("invitation_pending")) ")" } } } td { (role_label(lang, u.role)) } td { (titles(p, &u.cases)) } td { (titles(p, &u.identity_grants)) }
                        td { a href={ "/admin/users/" (u.user_id) "/reset" } aria-label={ (lang.t("reset")) ": " (u.name) } { (lang.t("reset")) } }
                    } } }
                } }
                p.note { (lang.t("grant_note")) }
                h3 #invite { (lang.t("invite_user")) }
                p.note #invite-note { (lang.t("invite_note")) }
                form.stack #invite-form method="post" action="/admin/users" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="nu-name" { (lang.t("name")) }
                    input #nu-name name="name" autocomplete="off" required;
                    label for="nu-role" { (lang.t("role")) }
                    select #nu-role name="role" {
                        @for r in Role::EVERY {
                            option value=(r.as_str()) selected[r == Role::Viewer] { (role_label(lang, r)) }
                        }
                    }
                    label for="nu-hours" { (lang.t("valid_for")) }
                    select #nu-hours name="valid_hours" {
                        @for h in INVITATION_HOURS {
                            option value=(h) selected[h == DEFAULT_INVITATION_HOURS] { (hours_label(lang, h)) }
                        }
                    }
                    button type="submit" { (lang.t("invite_user")) }
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
                div.scroll tabindex="0" role="region" aria-labelledby="lg" {
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

/// The one time an invitation's code is shown: after inviting (`reset` false) or resetting.
pub fn invited_page(user: &Authed, inv: &Invited, reset: bool) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t(if reset { "reset_done_title" } else { "invited_title" }),
        html! {
            dl.invitation {
                dt { (lang.t("invite_for")) }
                dd #invited-name { (inv.name) }
                dt { (lang.t("invite_code")) }
                dd { code #invitation-code { (inv.code.expose()) } }
                dt { (lang.t("valid_until")) }
                dd #invitation-expiry { (inv.expires_at.replace('T', " ").trim_end_matches('Z')) }
            }
            p.warn { (lang.t("handover")) }
            p { (lang.t("handover_steps")) }
            p { a href="/admin" { (lang.t("back_admin")) } }
        },
    )
}

/// `GET /admin/users/{user}/reset`: what a reset does, and a confirmation to tick.
pub fn reset_page(user: &Authed, target: &UserRecord) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t("reset_title"),
        html! {
            p { strong #reset-name { (target.name) } " · " (role_label(lang, target.role)) }
            p.warn #reset-warning { (lang.t("reset_warning")) }
            form.stack #reset-form method="post" action={ "/admin/users/" (target.user_id) "/reset" } {
                input type="hidden" name="csrf" value=(user.csrf);
                label for="rs-hours" { (lang.t("valid_for")) }
                select #rs-hours name="valid_hours" {
                    @for h in INVITATION_HOURS {
                        option value=(h) selected[h == DEFAULT_INVITATION_HOURS] { (hours_label(lang, h)) }
                    }
                }
                label.check for="rs-confirm" {
                    input #rs-confirm type="checkbox" name="confirm" value="yes" required;
                    span { (lang.t("reset_confirm")) }
                }
                button type="submit" { (lang.t("reset_button")) }
            }
            p { a href="/admin" { (lang.t("cancel")) } }
        },
    )
}
