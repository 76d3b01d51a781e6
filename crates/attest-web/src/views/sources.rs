//! The testimony form and the reader of one source (text with its claims marked, originals,
//! and the claim form fed by the selection script).

use attest_app::Grant;
use attest_app::input::{ClaimForm, TestimonyForm};
use attest_app::sources::{Reader, Segment, segments};
use attest_domain::{CaseId, Role, SourceId};
use attest_store::WitnessRecord;
use maud::{Markup, html};

use super::layout::{form_error, page};
use super::words::{language, source_name, when};
use crate::access::Authed;
use crate::error::WebError;

/// The languages offered for a testimony (ISO 639-1), by their names.
const LANGUAGES: &[&str] = &["ko", "en", "ja", "zh", "ru"];

/// `GET /cases/{case}/testimonies/new`; after a refused testimony, with the error and the form
/// as the user filled it (`draft`; a chosen file and the password are never sent back).
pub fn testimony_form(
    user: &Authed,
    case: &CaseId,
    witnesses: &[WitnessRecord],
    draft: Option<(&TestimonyForm, &WebError)>,
) -> Markup {
    let lang = user.lang;
    let form = draft.map(|(f, _)| f);
    let value = |get: fn(&TestimonyForm) -> Option<&String>| form.and_then(get).map(String::as_str);
    page(
        lang,
        Some(user),
        lang.t("add_testimony"),
        html! {
            @if let Some((_, e)) = draft { (form_error(lang, e)) }
            form.stack method="post" enctype="multipart/form-data" action={"/cases/" (case) "/testimonies?csrf=" (user.csrf)} {
                label for="witness" { (lang.t("witness")) }
                select #witness name="witness" required {
                    @for w in witnesses { option value=(w.witness_id) selected[form.is_some_and(|f| f.witness == w.witness_id.as_str())] { (w.pseudonym) } }
                }
                label for="text" { (lang.t("text")) }
                textarea #text name="text" rows="10" { (value(|f| f.text.as_ref()).unwrap_or("")) }
                label for="file" { (lang.t("file")) }
                input #file name="file" type="file" accept=".txt,text/plain";
                label for="language" { (lang.t("language")) }
                @let chosen = value(|f| f.language.as_ref()).unwrap_or("ko");
                select #language name="language" {
                    @for code in LANGUAGES { option value=(code) selected[*code == chosen] { (language(lang, code)) } }
                    @if !LANGUAGES.contains(&chosen) { option value=(chosen) selected { (chosen) } }
                }
                label for="interviewed" { (lang.t("interviewed")) }
                input #interviewed name="interviewed" aria-describedby="interviewed-hint" value=[value(|f| f.interviewed.as_ref())];
                p.note #interviewed-hint { (lang.t("date_hint")) }
                label for="interviewer" { (lang.t("interviewer")) }
                input #interviewer name="interviewer" value=[value(|f| f.interviewer.as_ref())];
                label for="reliability" { (lang.t("reliability")) }
                input #reliability name="reliability" placeholder="B2" size="3" value=[value(|f| f.reliability.as_ref())];
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

/// `GET /cases/{case}/sources/{source}`; after a refused claim, with the error and the claim
/// form as the user filled it (`draft`).
pub fn reader_page(
    user: &Authed,
    case: &CaseId,
    source: &SourceId,
    r: &Reader,
    draft: Option<(&ClaimForm, &WebError)>,
) -> Markup {
    let lang = user.lang;
    let form = draft.map(|(f, _)| f);
    let text = r.source.text.clone().unwrap_or_default();
    let segs = segments(&text, &r.claims);
    let may_claim = matches!(user.caller.role, Role::Admin | Role::Investigator | Role::Analyst);
    let may_open = user.caller.holds(Grant::Testimonies, case);
    let title = source_name(lang, &r.source);
    page(
        lang,
        Some(user),
        &title,
        html! {
            @if let Some((_, e)) = draft { (form_error(lang, e)) p { a href="#nc" { (lang.t("new_claim")) } } }
            p.meta {
                a href={"/cases/" (case)} { (lang.t("overview")) } " · "
                @if let Some(w) = &r.source.witness_id { a href={"/cases/" (case) "/witnesses/" (w)} { (r.source.witness_pseudonym.as_deref().unwrap_or(w.as_str())) } " · " }
                (lang.t("language")) ": " (r.source.language.as_deref().map_or("-", |l| language(lang, l))) " · "
                span.nowrap { (lang.t("fingerprint")) " " code { (r.source.text_sha256.get(..16).unwrap_or("")) "…" } }
            }
            div #text.transcript lang=(r.source.language.as_deref().unwrap_or("und")) tabindex="0" { (text_view(&segs)) }
        @if !r.source.originals.is_empty() {
            section aria-labelledby="or" {
                h2 #or { (lang.t("originals")) }
                ul.originals {
                    @for (n, o) in r.source.originals.iter().enumerate() {
                        li {
                            (lang.term("role", &o.role)) ": "
                            @if o.file_name == attest_store::SEALED_FILE_NAME {
                                // The server holds no case key: name and size open only through a grant.
                                (lang.t(if may_open { "original_sealed_yours" } else { "original_sealed" }))
                            } @else {
                                (o.file_name) " · " (o.bytes) " " (lang.t("bytes")) " · "
                                span.nowrap { (lang.t("fingerprint")) " " code { (o.sha256.get(..16).unwrap_or("")) "…" } }
                            }
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
                            strong { (lang.term("act", c.act.as_str())) } " · " (c.place.as_deref().unwrap_or("-")) " · "
                            (c.when.as_ref().map_or_else(|| "-".to_string(), |w| when(lang, &w.edtf)))
                            @if let Some(n) = &c.count { " · " (n.text) }
                            @if let Some(v) = &c.victim { " · " (lang.t("victim")) ": " (v) }
                            @if let Some(p) = &c.perpetrator { " · " (lang.t("perpetrator")) ": " (p) }
                            " · " span.meta.nowrap { (lang.t("chars")) " " (c.span.start) "–" (c.span.end) }
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
                        input #start type="hidden" name="start" value=[form.and_then(|f| f.start)];
                        input #end type="hidden" name="end" value=[form.and_then(|f| f.end)];
                        label for="passage" { (lang.t("passage")) }
                        textarea #passage name="passage" rows="3" required { (form.and_then(|f| f.passage.as_deref()).unwrap_or("")) }
                        label for="act" { (lang.t("act")) }
                        select #act name="act" { @for a in &r.acts { option value=(a) selected[form.is_some_and(|f| f.act == *a)] { (lang.term("act", a)) } } }
                        label for="place" { (lang.t("place")) }
                        input #place name="place" value=[form.and_then(|f| f.place.as_deref())];
                        label for="when" { (lang.t("when")) }
                        input #when name="when" aria-describedby="when-hint" value=[form.and_then(|f| f.when.as_deref())];
                        p.note #when-hint { (lang.t("date_hint")) }
                        label for="count" { (lang.t("count")) }
                        input #count name="count" value=[form.and_then(|f| f.count.as_deref())] placeholder=(lang.t("count_example"));
                        label for="victim" { (lang.t("victim")) }
                        input #victim name="victim" value=[form.and_then(|f| f.victim.as_deref())];
                        label for="perpetrator" { (lang.t("perpetrator")) }
                        input #perpetrator name="perpetrator" value=[form.and_then(|f| f.perpetrator.as_deref())];
                        (super::corroboration::assessment_fields(lang, "new", None))
                        button type="submit" { (lang.t("save")) }
                    }
                }
            }
        },
    )
}
