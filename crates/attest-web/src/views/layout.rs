//! The page frame (navigation, language switch, skip link) and the error page.

use attest_app::Code;
use attest_domain::Role;
use maud::{DOCTYPE, Markup, html};

use crate::access::Authed;
use crate::error::WebError;
use crate::i18n::Lang;

/// `/lang/{code}` with the page to come back to (a path on this site, checked again there).
fn lang_link(code: &str, here: &str) -> String {
    let query = serde_urlencoded::to_string([("to", here)]).unwrap_or_default();
    format!("/lang/{code}?{query}")
}

/// A whole page around `body`. The language switch comes back to the page the user is on (the
/// sign-in page when nobody is signed in).
pub fn page(lang: Lang, user: Option<&Authed>, title: &str, body: Markup) -> Markup {
    let here = user.map_or("/login", |u| u.here.as_str());
    frame(lang, user, here, title, body)
}

fn frame(lang: Lang, user: Option<&Authed>, here: &str, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (lang.t("app")) }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                a.skip href="#main" { (lang.t("skip")) }
                header {
                    nav aria-label=(lang.t("app")) {
                        a.brand href="/" { "attest" }
                        @if let Some(u) = user {
                            a href="/" { (lang.t("cases")) }
                            a href="/search" { (lang.t("search")) }
                            @if attest_app::access::ANALYSTS.contains(&u.caller.role) {
                                a href="/link" { (lang.t("link_lists")) }
                                a href="/estimate" { (lang.t("estimate")) }
                            }
                            a href="/account" { (lang.t("my_account")) }
                            @if u.caller.role == Role::Admin { a href="/admin" { (lang.t("admin")) } }
                            span.who { (u.caller.user.name) " (" (lang.term("role", u.caller.role.as_str())) ")" }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(u.csrf);
                                button type="submit" { (lang.t("sign_out")) }
                            }
                        }
                        span.langs {
                            a href=(lang_link("ko", here)) lang="ko" { "한국어" }
                            " · "
                            a href=(lang_link("en", here)) lang="en" { "English" }
                        }
                    }
                }
                main #main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

/// What went wrong, in the user's language, by the error's stable code.
fn summary(lang: Lang, code: Code) -> &'static str {
    match code {
        Code::Invalid => lang.t("error_invalid"),
        Code::NotFound => lang.t("error_not_found"),
        Code::Forbidden | Code::Csrf => lang.t("error_forbidden"),
        Code::WrongPassword => lang.t("error_wrong_password"),
        Code::BadLogin => lang.t("bad_login"),
        Code::Busy => lang.t("error_busy"),
        Code::Timeout => lang.t("error_timeout"),
        Code::RateLimited => lang.t("error_too_many"),
        Code::TooLarge => lang.t("error_too_large"),
        Code::TooSlow => lang.t("error_too_slow"),
        Code::MalformedForm | Code::MalformedJson => lang.t("error_form"),
        _ => lang.t("error_server"),
    }
}

/// The page for an error, in the user's language and with their navigation: what went wrong,
/// the details the application gave (naming the field at fault), the stable code, and a link
/// back to the page the user came from (`back`; the script takes the browser back in its
/// history when it can, so a form keeps what the browser kept of it). `here` is the page
/// the language switch returns to.
pub fn error_page(lang: Lang, user: Option<&Authed>, e: &WebError, back: &str, here: &str) -> Markup {
    let body = html! {
        p.error role="alert" { (summary(lang, e.code)) }
        @if e.code != Code::Internal && e.message != summary(Lang::En, e.code) {
            @if let Some(said) = super::errors::explain(lang, e) {
                p.details { (lang.t("error_details")) ": " (said) }
            } @else {
                p.details { (lang.t("error_details")) ": " span lang="en" { (e.message) } }
            }
        }
        p.code { (lang.t("error_code")) ": " code { (e.code.as_str()) } }
        p { a.back href=(back) data-back="1" { (lang.t("back_to_page")) } }
    };
    frame(lang, user, here, lang.t("error"), body)
}

/// Form fields whose label says, in the user's language, which field an error is about (the
/// application's message starts with the field's name).
const FIELDS: &[&str] = &[
    "passage",
    "act",
    "place",
    "when",
    "count",
    "victim",
    "perpetrator",
    "witness",
    "text",
    "language",
    "interviewed",
    "interviewer",
    "reliability",
    "password",
];

/// A form's own error above it, when the page is shown again with the user's input: which
/// field, in the user's language (with how to write a date, for a date).
pub fn form_error(lang: Lang, e: &WebError) -> Markup {
    form_error_then(lang, e, "fix_below")
}

/// [`form_error`] with `then` (a text's key) saying what to do after the summary: a list page,
/// which keeps no file and saves nothing, says to correct the file and send it again.
pub fn form_error_then(lang: Lang, e: &WebError, then: &'static str) -> Markup {
    let field = e.message.split_once(':').and_then(|(f, _)| FIELDS.iter().find(|k| **k == f.trim()));
    html! {
        div.form-error role="alert" {
            p.error { (summary(lang, e.code)) " " (lang.t(then)) }
            @if let Some(f) = field {
                p { strong { (lang.t("error_field")) ": " (lang.t(f)) } }
                // The Korean explanation of a date already says how to write one.
                @if matches!(*f, "when" | "interviewed") && super::errors::explain(lang, e).is_none() { p { (lang.t("date_hint")) } }
            }
            @if let Some(said) = super::errors::explain(lang, e) {
                p.details { (super::lists::commands(&said)) }
            } @else {
                p.details { span lang="en" { (e.message) } }
            }
            // The code is named for what it is to its reader: one to quote.
            p.code { (lang.t("error_code")) ": " code { (e.code.as_str()) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_field_named_in_an_error_has_a_korean_label() {
        for f in FIELDS {
            assert!(Lang::has(f), "{f}");
        }
        let e = WebError::invalid("when", "date '1997-13': month '13' is not 01-12");
        let html = form_error(Lang::Ko, &e).into_string();
        assert!(html.contains("고칠 항목: 시기") && html.contains("대략이면 ~"), "{html}");
    }
}
