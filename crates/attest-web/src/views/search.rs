//! The search page.

use attest_app::search::SearchPage;
use maud::{Markup, html};

use super::layout::page;
use crate::access::Authed;

/// The first words of a long line, for a link (whole characters, at most 60).
fn short(line: &str) -> String {
    match line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// `GET /search`.
pub fn search_page(user: &Authed, r: &SearchPage) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t("search"),
        html! {
            form.inline role="search" method="get" action="/search" {
                label for="q" { (lang.t("search")) }
                input #q name="q" type="search" value=(r.query) autofocus;
                button type="submit" { (lang.t("search")) }
            }
            @if !r.query.is_empty() {
                h2 { (lang.t("results")) " (" (r.hits.len()) ")" }
                @if r.hits.is_empty() { p { (lang.t("no_results")) } }
                ol.hits {
                    @for h in &r.hits {
                        li {
                            @let href = match h.kind.as_str() {
                                "witness" => format!("/cases/{}/witnesses/{}", h.case_id, h.record_id),
                                "claim" => match r.claim_sources.get(&h.record_id) {
                                    Some(source) => format!("/cases/{}/sources/{source}#{}", h.case_id, h.record_id),
                                    None => format!("/cases/{}", h.case_id),
                                },
                                _ => format!("/cases/{}/sources/{}", h.case_id, h.record_id),
                            };
                            // The excerpt's first line is a witness's pseudonym, a claim's act or
                            // the start of a source: the link's words, rather than the record's id.
                            @let (head, rest) = h.excerpt.split_once('\n').unwrap_or((h.excerpt.as_str(), ""));
                            @let head = if h.kind == "claim" { lang.term("act", head).to_string() } else { short(head) };
                            span.kind { (lang.term("kind", &h.kind)) } " " a href=(href) { (head) }
                            @if !rest.is_empty() { p { (rest) } }
                        }
                    }
                }
            }
        },
    )
}
