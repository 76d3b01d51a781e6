//! The access guard: every route is mounted with the access rule of its row in the route table
//! (`routes.rs`), and this middleware enforces it before the handler runs: sign-in, then
//! membership of the case in the path, then role, then grant ([`attest_app::Access::check`]).
//! The signed-in user it loaded is handed to the handler as [`Authed`].

use attest_app::{Access, AppError, Caller};
use attest_domain::CaseId;
use axum::extract::{FromRequestParts, RawPathParams, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::i18n::Lang;
use crate::{AppState, db};

/// The signed-in user of a request, loaded fresh (memberships and grants may have changed).
#[derive(Clone)]
pub struct Authed {
    /// The user and their role.
    pub caller: Caller,
    /// The session's CSRF token, for forms.
    pub csrf: String,
    /// Interface language.
    pub lang: Lang,
    /// The page the user is on (for a form, the page holding it): where switching language
    /// returns to.
    pub here: String,
}

/// Loads the user of the request's session, if any.
async fn load(parts: &Parts, state: &AppState) -> Result<Authed, WebError> {
    // Every session cookie of the request is tried: another attest server on this host (cookies
    // are not port-scoped) may have set one of the same name.
    let (user_id, csrf) = state.sessions.live(&parts.headers).ok_or_else(WebError::unauthenticated)?;
    let caller = db(state, "web", move |a| Caller::load(a, &user_id)).await?;
    let here = crate::back::page_of(&parts.method, parts.uri.path_and_query().map_or("/", |p| p.as_str()));
    Ok(Authed { caller, csrf, lang: Lang::of(&parts.headers), here })
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // Set by the guard; loaded here only for a route whose rule needs no sign-in.
        match parts.extensions.get::<Authed>() {
            Some(a) => Ok(a.clone()),
            None => load(parts, state).await,
        }
    }
}

/// Enforces `access` for one route.
pub async fn guard(State((state, access)): State<(AppState, Access)>, req: Request, next: Next) -> Response {
    if access == Access::Anyone {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let checked = async {
        let user = load(&parts, &state).await?;
        let case = match RawPathParams::from_request_parts(&mut parts, &state).await {
            Ok(params) => match params.iter().find(|(k, _)| *k == "case") {
                Some((_, v)) => Some(CaseId::parse(v).map_err(|_| WebError::not_found("case", v))?),
                None => None,
            },
            Err(_) => None,
        };
        access.check(Some(&user.caller), case.as_ref()).map_err(WebError::from)?;
        Ok::<_, WebError>(user)
    }
    .await;
    match checked {
        Ok(user) => {
            parts.extensions.insert(user);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(e) => e.into_response(),
    }
}

/// Whether `e` means "not signed in" (for the sign-in pages).
pub fn is_unauthenticated(e: &AppError) -> bool {
    matches!(e, AppError::Unauthenticated)
}
