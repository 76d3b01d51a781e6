//! The page frame (navigation, language switch, skip link) and the error page.

use attest_domain::Role;
use maud::{DOCTYPE, Markup, html};

use crate::access::Authed;
use crate::error::WebError;
use crate::i18n::Lang;

/// A whole page around `body`.
pub fn page(lang: Lang, user: Option<&Authed>, title: &str, body: Markup) -> Markup {
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
                            a href="/account" { (lang.t("my_account")) }
                            @if u.caller.role == Role::Admin { a href="/admin" { (lang.t("admin")) } }
                            span.who { (u.caller.user.name) " (" (u.caller.role.as_str()) ")" }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(u.csrf);
                                button type="submit" { (lang.t("sign_out")) }
                            }
                        }
                        span.langs {
                            a href="/lang/ko" lang="ko" { "한국어" }
                            " · "
                            a href="/lang/en" lang="en" { "English" }
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

/// The page for an error: its message and stable code.
pub fn error_page(e: &WebError) -> Markup {
    let lang = Lang::En;
    let body = html! {
        p.error role="alert" { (e.message) }
        p.code { "code: " code { (e.code.as_str()) } }
        p { a href="/" { (lang.t("back")) } }
    };
    page(lang, None, lang.t("error"), body)
}
