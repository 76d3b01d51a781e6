//! The pages of enrolment and of the user's own account: accepting an invitation (public, before
//! sign-in), changing one's password and making new keys (signed in).

use maud::{Markup, html};

use super::layout::page;
use crate::access::Authed;
use crate::i18n::Lang;

/// What to say above a form: an error (role="alert") or a confirmation (role="status").
pub enum Notice<'a> {
    /// Something was refused.
    Error(&'a str),
    /// Something was done.
    Done(&'a str),
}

fn notice(n: Option<&Notice<'_>>) -> Markup {
    html! {
        @match n {
            Some(Notice::Error(m)) => p.error role="alert" { (m) },
            Some(Notice::Done(m)) => p.ok role="status" { (m) },
            None => {},
        }
    }
}

/// The new password twice, with the length rule said up front.
fn new_password_fields(lang: Lang, name: &str) -> Markup {
    html! {
        label for=(name) { (lang.t("new_password")) }
        p.note #pw-rule { (lang.t("password_rule")) }
        input #(name) name=(name) type="password" autocomplete="new-password" minlength="10" required aria-describedby="pw-rule";
        label for={ (name) "_again" } { (lang.t("new_password_again")) }
        input #{ (name) "_again" } name={ (name) "_again" } type="password" autocomplete="new-password" minlength="10" required;
    }
}

/// `GET /login/invitation`: name, one-time code and the new password twice; `pre` is the form's
/// CSRF token (double-submitted with the pre-session cookie). `name` refills the name field.
pub fn accept_page(lang: Lang, pre: &str, name: &str, message: Option<&Notice<'_>>) -> Markup {
    page(
        lang,
        None,
        lang.t("accept_title"),
        html! {
            (notice(message))
            p { (lang.t("accept_intro")) }
            form.stack #accept-form method="post" action="/login/invitation" {
                input type="hidden" name="csrf" value=(pre);
                label for="name" { (lang.t("name")) }
                input #name name="name" value=(name) autocomplete="username" required autofocus;
                label for="code" { (lang.t("invitation_code")) }
                input #code name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required;
                (new_password_fields(lang, "password"))
                button type="submit" { (lang.t("accept_button")) }
            }
            p { a href="/login" { (lang.t("sign_in")) } }
        },
    )
}

/// `GET /account`: change the password; make new keys.
pub fn account_page(user: &Authed, message: Option<&Notice<'_>>, fingerprint: Option<&str>) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t("my_account"),
        html! {
            (notice(message))
            @if let Some(fp) = fingerprint { p { code #fingerprint { (fp) } } }
            section aria-labelledby="pw" {
                h2 #pw { (lang.t("change_password")) }
                form.stack #password-form method="post" action="/account/password" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    input type="hidden" name="username" value=(user.caller.user.name) autocomplete="username";
                    label for="current" { (lang.t("current_password")) }
                    input #current name="current" type="password" autocomplete="current-password" required;
                    (new_password_fields(lang, "new_password"))
                    button type="submit" { (lang.t("change_password")) }
                }
            }
            section aria-labelledby="keys" {
                h2 #keys { (lang.t("rotate_keys")) }
                p.note { (lang.t("rotate_note")) }
                form.stack #keys-form method="post" action="/account/keys" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="rotate-password" { (lang.t("password")) }
                    input #rotate-password name="password" type="password" autocomplete="current-password" required;
                    button type="submit" { (lang.t("rotate_keys")) }
                }
            }
        },
    )
}
