//! The corroboration of a case as the workspace shows it: the status tallies on the case
//! overview, and the case's corroboration page (findings per event and claim, patterns, the
//! queues an analyst decides, and the conditions under which findings would change).

use attest_app::cases::Overview;
use attest_domain::CaseId;
use maud::{Markup, html};

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
pub fn tally_section(user: &Authed, _case: &CaseId, o: &Overview) -> Markup {
    let lang = user.lang;
    html! {
        section aria-labelledby="ev" {
            h2 #ev { (lang.t("events")) }
            (status_label(user, &o.tally.events))
            h3 { (lang.t("claims")) }
            (status_label(user, &o.tally.claims))
            @if !o.identities_compared { p.note { (lang.t("identities_note")) } }
        }
    }
}
