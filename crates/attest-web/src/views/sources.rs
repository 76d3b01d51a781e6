//! The testimony form and the reader of one source (text with its claims marked, originals,
//! and the claim form fed by the selection script).

use attest_app::Grant;
use attest_app::sources::{Reader, Segment, segments};
use attest_domain::{CaseId, Role, SourceId};
use attest_store::WitnessRecord;
use maud::{Markup, html};

use super::layout::page;
use crate::access::Authed;

/// `GET /cases/{case}/testimonies/new`.
pub fn testimony_form(user: &Authed, case: &CaseId, witnesses: &[WitnessRecord]) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t("add_testimony"),
        html! {
            form.stack method="post" enctype="multipart/form-data" action={"/cases/" (case) "/testimonies?csrf=" (user.csrf)} {
                label for="witness" { (lang.t("witness")) }
                select #witness name="witness" required {
                    @for w in witnesses { option value=(w.witness_id) { (w.pseudonym) } }
                }
                label for="text" { (lang.t("text")) }
                textarea #text name="text" rows="10" {}
                label for="file" { (lang.t("file")) }
                input #file name="file" type="file" accept=".txt,text/plain";
                label for="language" { (lang.t("language")) }
                input #language name="language" value="ko" size="3";
                label for="interviewed" { (lang.t("interviewed")) }
                input #interviewed name="interviewed" placeholder="2020-11-03";
                label for="interviewer" { (lang.t("interviewer")) }
                input #interviewer name="interviewer";
                label for="reliability" { (lang.t("reliability")) }
                input #reliability name="reliability" placeholder="B2" size="3";
                button type="submit" { (lang.t("save")) }
            }
        },
    )
}

fn text_view(segments: &[Segment<'_>]) -> Markup {
    html! {
        @for s in segments {
            @if s.claims.is_empty() { (s.text) } @else { mark data-claims=(s.claims.join(" ")) title=(s.claims.join(", ")) { (s.text) } }
        }
    }
}

/// `GET /cases/{case}/sources/{source}`.
pub fn reader_page(user: &Authed, case: &CaseId, source: &SourceId, r: &Reader) -> Markup {
    let lang = user.lang;
    let text = r.source.text.clone().unwrap_or_default();
    let segs = segments(&text, &r.claims);
    let may_claim = matches!(user.caller.role, Role::Admin | Role::Investigator | Role::Analyst);
    let may_open = user.caller.holds(Grant::Testimonies, case);
    let title = r.source.title.clone().unwrap_or_else(|| {
        format!("{} · {}", r.source.witness_pseudonym.as_deref().unwrap_or("-"), r.source.source_id)
    });
    page(
        lang,
        Some(user),
        &title,
        html! {
            p.meta {
                a href={"/cases/" (case)} { (lang.t("cases")) } " · "
                @if let Some(w) = &r.source.witness_id { a href={"/cases/" (case) "/witnesses/" (w)} { (r.source.witness_pseudonym.as_deref().unwrap_or(w.as_str())) } " · " }
                (lang.t("language")) ": " (r.source.language.as_deref().unwrap_or("-")) " · sha256 " code { (r.source.text_sha256.get(..16).unwrap_or("")) "…" }
            }
            div #text.transcript lang=(r.source.language.as_deref().unwrap_or("und")) tabindex="0" { (text_view(&segs)) }
        @if !r.source.originals.is_empty() {
            section aria-labelledby="or" {
                h2 #or { (lang.t("originals")) }
                ul.originals {
                    @for (n, o) in r.source.originals.iter().enumerate() {
                        li {
                            (o.role) ": " (o.file_name) " · " (o.bytes) " bytes · sha256 " code { (o.sha256.get(..16).unwrap_or("")) "…" }
                            @if may_open {
                                form.inline method="post" action={"/cases/" (case) "/sources/" (source) "/originals/" (n)} {
                                    input type="hidden" name="csrf" value=(user.csrf);
                                    label for={"op" (n)} { (lang.t("password")) }
                                    input id={"op" (n)} name="password" type="password" autocomplete="current-password" required;
                                    button type="submit" { (lang.t("open_original")) }
                                }
                            }
                        }
                    }
                }
                @if !may_open { p.note { (lang.t("no_testimonies_grant")) } }
            }
        }
            section aria-labelledby="cl" {
                h2 #cl { (lang.t("claims")) " (" (r.claims.len()) ")" }
                ol.claims {
                    @for c in &r.claims {
                        li #(c.claim_id) {
                            strong { (c.act) } " · " (c.place.as_deref().unwrap_or("-")) " · " (c.when.as_ref().map_or("-", |w| w.edtf.as_str()))
                            @if let Some(n) = &c.count { " · " (n.text) }
                            " · " code { (c.span.start) ".." (c.span.end) }
                            blockquote { (c.passage) }
                            (super::corroboration::claim_assessment(user, case, c, may_claim))
                        }
                    }
                }
            }
            @if may_claim {
                section aria-labelledby="nc" {
                    h2 #nc { (lang.t("new_claim")) }
                    p.note { (lang.t("select_hint")) }
                    form.stack #claim-form method="post" action={"/cases/" (case) "/sources/" (source) "/claims"} {
                        input type="hidden" name="csrf" value=(user.csrf);
                        input #start type="hidden" name="start";
                        input #end type="hidden" name="end";
                        label for="passage" { (lang.t("passage")) }
                        textarea #passage name="passage" rows="3" required {}
                        label for="act" { (lang.t("act")) }
                        select #act name="act" { @for a in &r.acts { option value=(a) { (a) } } }
                        label for="place" { (lang.t("place")) }
                        input #place name="place";
                        label for="when" { (lang.t("when")) }
                        input #when name="when" placeholder="1997, 199X, 1997-03/1998";
                        label for="count" { (lang.t("count")) }
                        input #count name="count" placeholder="about 670";
                        label for="victim" { (lang.t("victim")) }
                        input #victim name="victim";
                        label for="perpetrator" { (lang.t("perpetrator")) }
                        input #perpetrator name="perpetrator";
                        (super::corroboration::assessment_fields(lang, "new", None))
                        button type="submit" { (lang.t("save")) }
                    }
                }
            }
        },
    )
}
