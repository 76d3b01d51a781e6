//! The witness page: pseudonym, consent, testimonies, the reveal form for those who may, and
//! the revealed fields (one response only).

use attest_app::witnesses::WitnessPage;
use attest_domain::CaseId;
use attest_store::RevealedWitness;
use maud::{Markup, html};

use super::layout::page;
use super::words::{language, source_name};
use crate::access::Authed;

fn body(user: &Authed, case: &CaseId, p: &WitnessPage, revealed: Option<Markup>) -> Markup {
    let lang = user.lang;
    html! {
        p.meta { a href={"/cases/" (case)} { (lang.t("overview")) } }
        dl.facts {
            dt { (lang.t("pseudonym")) } dd { (p.witness.pseudonym) }
            dt { (lang.t("consent")) } dd { (lang.term("consent", &p.witness.consent)) }
            dt { (lang.t("sealed")) } dd { (p.witness.sealed_fields.iter().map(|f| lang.term("field", f)).collect::<Vec<_>>().join(", ")) }
        }
        h2 { (lang.t("testimonies")) }
        ul {
            @for s in &p.testimonies {
                li {
                    a href={"/cases/" (case) "/sources/" (s.source_id)} { (source_name(lang, s)) }
                    " · " (s.language.as_deref().map_or("-", |l| language(lang, l))) " · " (s.claims) " " (lang.t("claims"))
                }
            }
        }
        @if let Some(r) = revealed { (r) }
        @else if p.may_reveal {
            section aria-labelledby="rv" {
                h2 #rv { (lang.t("reveal")) }
                form.stack method="post" action={"/cases/" (case) "/witnesses/" (p.witness.witness_id) "/reveal"} {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="reason" { (lang.t("reason")) }
                    input #reason name="reason" required;
                    label for="password" { (lang.t("password")) }
                    input #password name="password" type="password" autocomplete="current-password" required;
                    label.check { input #confirm type="checkbox" name="confirm" value="yes" required; " " (lang.t("reveal_confirm")) }
                    button type="submit" { (lang.t("reveal")) }
                }
            }
        } @else {
            p.note { (lang.t("no_grant")) }
        }
    }
}

/// `GET /cases/{case}/witnesses/{witness}`.
pub fn witness_page(user: &Authed, case: &CaseId, p: &WitnessPage) -> Markup {
    page(user.lang, Some(user), &p.witness.pseudonym, body(user, case, p, None))
}

/// `POST /cases/{case}/witnesses/{witness}/reveal`: the page with the revealed fields.
pub fn revealed_page(user: &Authed, case: &CaseId, p: &WitnessPage, revealed: &RevealedWitness) -> Markup {
    let lang = user.lang;
    let shown = html! {
        section.revealed aria-labelledby="rd" {
            h2 #rd { (lang.t("revealed")) }
            dl.facts {
                dt { (lang.term("field", "legal_name")) } dd #revealed-name { (revealed.name.expose()) }
                @if let Some(c) = &revealed.contact { dt { (lang.term("field", "contact")) } dd { (c.expose()) } }
                @if let Some(n) = &revealed.notes { dt { (lang.term("field", "notes")) } dd { (n.expose()) } }
            }
        }
    };
    page(lang, Some(user), &p.witness.pseudonym, body(user, case, p, Some(shown)))
}
