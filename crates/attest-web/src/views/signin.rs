//! The sign-in page.

use maud::{Markup, html};

use super::layout::page;
use crate::i18n::Lang;

/// The sign-in form; `pre` is its CSRF token (double-submitted with the pre-session cookie).
pub fn login_page(lang: Lang, pre: &str, message: Option<&str>) -> Markup {
    login_page_with(lang, pre, message, None)
}

/// The sign-in form with a confirmation above it (`done`: an invitation was just accepted).
pub fn login_page_with(lang: Lang, pre: &str, message: Option<&str>, done: Option<&str>) -> Markup {
    page(
        lang,
        None,
        lang.t("sign_in"),
        html! {
            @if let Some(m) = message { p.error role="alert" { (m) } }
            @if let Some(d) = done { p.ok role="status" { (d) } }
            form.stack method="post" action="/login" {
                input type="hidden" name="csrf" value=(pre);
                label for="name" { (lang.t("name")) }
                input #name name="name" autocomplete="username" required autofocus;
                label for="password" { (lang.t("password")) }
                input #password name="password" type="password" autocomplete="current-password" required;
                button type="submit" { (lang.t("sign_in")) }
            }
            p { a #have-invitation href="/login/invitation" { (lang.t("have_invitation")) } }
        },
    )
}
