//! Signing in and out (form and API), and the interface language.

use attest_app::Code;
use attest_app::input::LoginForm;
use attest_vault::Passphrase;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::with_cookies;
use crate::AppState;
use crate::auth::{self, PRE_COOKIE, SESSION_COOKIE};
use crate::error::WebError;
use crate::extract::{Body, FormData};
use crate::i18n::Lang;
use crate::views::signin::login_page;

/// `?expired=1` after a session ended.
#[derive(Deserialize)]
pub struct LoginQuery {
    expired: Option<String>,
}

/// `GET /login`: the sign-in form; sets the pre-session cookie its token is checked against.
pub async fn login_form(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<LoginQuery>) -> Response {
    let lang = Lang::of(&headers);
    let pre = auth::token();
    let msg = q.expired.is_some().then(|| lang.t("expired"));
    let cookie = auth::set_cookie(PRE_COOKIE, &pre, Some(3600), state.settings.secure_cookies);
    with_cookies(login_page(lang, &pre, msg).into_response(), &[cookie])
}

/// Signs in: one Argon2id run whatever the name; then the TOTP code for users who have the
/// second factor (a code is good once); failures counted per name and address, and answered
/// alike. Returns the new session id and its CSRF token.
async fn sign_in(state: &AppState, ext: &Extensions, form: LoginForm) -> Result<(String, String), WebError> {
    // Counted before the hash, one attempt per name at a time (see `throttle`).
    let attempt = state.sessions.throttle.reserve(
        &format!("name:{}", form.name.trim().to_lowercase()),
        &[format!("ip:{}", auth::client(ext))],
        "sign-ins",
    )?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let LoginForm { name, password, code } = form;
    let checked = crate::password_db(state, "web", move |a| {
        attest_app::signin::sign_in(a, &name, &Passphrase::for_unlock(password), code.as_deref(), now)
    })
    .await?;
    // A code is good once: a step already used by this user is refused like a wrong code.
    let user = checked.and_then(|s| match s.totp_step {
        Some(step) if !state.sessions.use_totp_step(s.user.user_id.as_str(), step) => None,
        _ => Some(s.user),
    });
    match user {
        Some(u) => {
            attempt.succeeded();
            Ok(state.sessions.start(u.user_id.as_str()))
        }
        // The dropped attempt stays counted.
        None => Err(WebError::new(StatusCode::UNAUTHORIZED, Code::BadLogin, "wrong name, password or code")),
    }
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    FormData(f): FormData<LoginForm>,
) -> Response {
    let lang = Lang::of(&headers);
    // Whatever session cookie came in is ended: a new id is made at every sign-in.
    state.sessions.end_all(&headers);
    let secure = state.settings.secure_cookies;
    match sign_in(&state, &ext, f).await {
        Ok((id, _)) => with_cookies(
            Redirect::to("/").into_response(),
            &[auth::set_cookie(SESSION_COOKIE, &id, None, secure), auth::set_cookie(PRE_COOKIE, "", Some(0), secure)],
        ),
        Err(e) => {
            let pre = auth::token();
            let msg = if e.code == Code::BadLogin { lang.t("bad_login").to_string() } else { e.message.clone() };
            with_cookies(
                (e.status, login_page(lang, &pre, Some(&msg))).into_response(),
                &[auth::set_cookie(PRE_COOKIE, &pre, Some(3600), secure)],
            )
        }
    }
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    // Every session cookie sent (another server on this host may have set one of the same name).
    state.sessions.end_all(&headers);
    with_cookies(
        Redirect::to("/login").into_response(),
        &[auth::set_cookie(SESSION_COOKIE, "", Some(0), state.settings.secure_cookies)],
    )
}

/// The answer to a JSON sign-in.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LoginAnswer {
    /// Send this in `X-CSRF-Token` on every POST.
    pub csrf_token: String,
}

/// `POST /api/login`.
pub async fn api_login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    Body(l): Body<LoginForm>,
) -> Result<Response, WebError> {
    state.sessions.end_all(&headers);
    let (id, csrf_token) = sign_in(&state, &ext, l).await?;
    Ok(with_cookies(
        Json(LoginAnswer { csrf_token }).into_response(),
        &[auth::set_cookie(SESSION_COOKIE, &id, None, state.settings.secure_cookies)],
    ))
}

/// The answer to a JSON sign-out.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SignedOut {
    /// Always true.
    pub signed_out: bool,
}

/// `POST /api/logout`.
pub async fn api_logout(State(state): State<AppState>, headers: HeaderMap) -> Json<SignedOut> {
    // Every session cookie sent (another server on this host may have set one of the same name).
    state.sessions.end_all(&headers);
    Json(SignedOut { signed_out: true })
}

/// `?to=`: the page to come back to.
#[derive(Deserialize)]
pub struct LangQuery {
    to: Option<String>,
}

/// `GET /lang/{ko|en}[?to=/path]`: remembers the interface language and returns to the page
/// the user was on (a path on this site only: see [`crate::back::safe_return`]).
pub async fn set_lang(Path(lang): Path<String>, Query(q): Query<LangQuery>) -> Result<Response, WebError> {
    if lang != "ko" && lang != "en" {
        return Err(WebError::not_found("language", &lang));
    }
    Ok(with_cookies(
        Redirect::to(&crate::back::safe_return(q.to.as_deref())).into_response(),
        &[format!("lang={lang}; Path=/; SameSite=Strict; Max-Age=31536000")],
    ))
}
