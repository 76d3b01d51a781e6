//! Enrolment and the user's own account: accepting an invitation (before sign-in, throttled like
//! sign-in and answered alike whatever was wrong), changing one's password and making new keys
//! (signed in; the current password is checked through the same per-user throttle as a reveal).
//! Each turns the form into one call of `attest_app::account`.

use attest_app::Code;
use attest_app::account::{AcceptForm, PasswordChangeForm};
use attest_app::input::PasswordForm;
use attest_vault::Passphrase;
use axum::Json;
use axum::extract::State;
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Serialize;

use super::with_cookies;
use super::witnesses::password_attempt;
use crate::access::Authed;
use crate::auth::{self, PRE_COOKIE};
use crate::error::WebError;
use crate::extract::{Body, FormData};
use crate::i18n::Lang;
use crate::views::account::{Notice, accept_page, account_page};
use crate::views::signin::login_page_with;
use crate::{AppState, password_db};

/// The message to show for a refused form, in the page's language where we have one: a field
/// named by the application layer, a refused invitation or a wrong current password.
fn say(lang: Lang, e: &WebError) -> String {
    let m = e.message.as_str();
    let key = match e.code {
        Code::Invalid if m.starts_with("password_again:") || m.starts_with("new_password_again:") => "passwords_differ",
        Code::Invalid if m.starts_with("password:") || m.starts_with("new_password:") => "password_short",
        Code::Invalid if m.starts_with("name:") || m.starts_with("code:") => "fill_all",
        Code::Forbidden => "bad_invitation",
        Code::WrongPassword => "wrong_current",
        // The English message says how many minutes; the Korean one says to wait.
        Code::RateLimited if lang == Lang::Ko => "too_many_tries",
        _ => return e.message.clone(),
    };
    lang.t(key).to_string()
}

fn pre_cookie(state: &AppState, pre: &str) -> String {
    auth::set_cookie(PRE_COOKIE, pre, Some(3600), state.settings.secure_cookies)
}

/// `GET /login/invitation`: the form; sets the pre-session cookie its token is checked against.
pub async fn accept_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let pre = auth::token();
    with_cookies(accept_page(Lang::of(&headers), &pre, "", None).into_response(), &[pre_cookie(&state, &pre)])
}

/// Accepts: counted before the key pair is made, one attempt per name at a time and five per
/// window per name and per address (the sign-in counters' address key), then one answer for
/// every refusal.
async fn accept_invitation(state: &AppState, ext: &Extensions, form: AcceptForm) -> Result<(), WebError> {
    let input = form.parse()?;
    let attempt = state.sessions.throttle.reserve(
        &format!("invitation:{}", input.name.to_lowercase()),
        &[format!("ip:{}", auth::client(ext))],
        "invitation attempts",
    )?;
    let accepted = password_db(state, "web", move |a| attest_app::account::accept(a, &input)).await?;
    match accepted {
        Some(_) => {
            attempt.succeeded();
            Ok(())
        }
        // The dropped attempt stays counted.
        None => {
            Err(WebError::new(StatusCode::FORBIDDEN, Code::Forbidden, "no valid invitation for this name and code"))
        }
    }
}

/// `POST /login/invitation`: on success the sign-in page says the password is set.
pub async fn accept(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    FormData(f): FormData<AcceptForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let name = f.name.trim().to_string();
    let pre = auth::token();
    let res = match accept_invitation(&state, &ext, f).await {
        Ok(()) => login_page_with(lang, &pre, None, Some(lang.t("accepted"))).into_response(),
        Err(e) => {
            let msg = say(lang, &e);
            (e.status, accept_page(lang, &pre, &name, Some(&Notice::Error(&msg)))).into_response()
        }
    };
    with_cookies(res, &[pre_cookie(&state, &pre)])
}

/// `GET /account`.
pub async fn account(user: Authed) -> Markup {
    account_page(&user, None, None)
}

fn refused(user: &Authed, e: &WebError) -> Response {
    let msg = say(user.lang, e);
    (e.status, account_page(user, Some(&Notice::Error(&msg)), None)).into_response()
}

/// A wrong current password, said as what it is here (nothing was revealed, nothing changed).
fn wrong_current(e: WebError) -> WebError {
    if e.code == Code::WrongPassword {
        WebError::new(e.status, e.code, "the current password is not right; nothing was changed")
    } else {
        e
    }
}

/// Changes the signed-in user's password (counted like a reveal's password check); their other
/// sessions end.
async fn change(state: &AppState, user: &Authed, f: PasswordChangeForm) -> Result<(), WebError> {
    let change = f.parse()?;
    let attempt = password_attempt(state, user)?;
    let id = user.caller.user.user_id.clone();
    password_db(state, user.caller.user.user_id.as_str(), move |a| {
        attest_app::account::change_password(a, &id, &change)
    })
    .await
    .map_err(wrong_current)?;
    attempt.succeeded();
    // Whoever knew the old password and signed in with it is signed out; this session stays.
    state.sessions.end_user(user.caller.user.user_id.as_str(), Some(&user.csrf));
    Ok(())
}

/// Makes the signed-in user new keys; returns the new fingerprint.
async fn rotate(state: &AppState, user: &Authed, f: PasswordForm) -> Result<String, WebError> {
    let attempt = password_attempt(state, user)?;
    let id = user.caller.user.user_id.clone();
    let password = Passphrase::for_unlock(f.password);
    let fp = password_db(state, user.caller.user.user_id.as_str(), move |a| {
        attest_app::account::rotate_keys(a, &id, &password)
    })
    .await?;
    attempt.succeeded();
    Ok(fp)
}

/// `POST /account/password`: the private key wrapped again under the new password (logged); the
/// user's other sessions end.
pub async fn change_password(
    State(state): State<AppState>,
    user: Authed,
    FormData(f): FormData<PasswordChangeForm>,
) -> Response {
    match change(&state, &user, f).await {
        Ok(()) => account_page(&user, Some(&Notice::Done(user.lang.t("password_changed"))), None).into_response(),
        Err(e) => refused(&user, &e),
    }
}

/// `POST /account/keys`: a new key pair, the user's grants moved to it (logged); shows the new
/// fingerprint for the keyholder to confirm.
pub async fn rotate_keys(State(state): State<AppState>, user: Authed, FormData(f): FormData<PasswordForm>) -> Response {
    match rotate(&state, &user, f).await {
        Ok(fp) => account_page(&user, Some(&Notice::Done(user.lang.t("rotated"))), Some(&fp)).into_response(),
        Err(e) => refused(&user, &e),
    }
}

/// The answer to a JSON acceptance.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Accepted {
    /// Always true: the password is set and the keys are made; sign in next.
    pub accepted: bool,
}

/// `POST /api/login/invitation`.
pub async fn api_accept(
    State(state): State<AppState>,
    ext: Extensions,
    Body(f): Body<AcceptForm>,
) -> Result<Json<Accepted>, WebError> {
    accept_invitation(&state, &ext, f).await?;
    Ok(Json(Accepted { accepted: true }))
}

/// The answer to a JSON password change.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PasswordChanged {
    /// Always true.
    pub password_changed: bool,
}

/// `POST /api/account/password`.
pub async fn api_change_password(
    State(state): State<AppState>,
    user: Authed,
    Body(f): Body<PasswordChangeForm>,
) -> Result<Json<PasswordChanged>, WebError> {
    change(&state, &user, f).await?;
    Ok(Json(PasswordChanged { password_changed: true }))
}

/// The answer to a JSON key rotation.
#[derive(Serialize, utoipa::ToSchema)]
pub struct KeysMade {
    /// The new public key's fingerprint, for the keyholder to confirm with the user.
    pub fingerprint: String,
}

/// `POST /api/account/keys`.
pub async fn api_rotate_keys(
    State(state): State<AppState>,
    user: Authed,
    Body(f): Body<PasswordForm>,
) -> Result<Json<KeysMade>, WebError> {
    Ok(Json(KeysMade { fingerprint: rotate(&state, &user, f).await? }))
}
