//! Sources and claims: the testimony form and upload (multipart, so a file can come with it),
//! the reader, adding a claim on a selected passage, and opening an original through the
//! user's grant.

use attest_app::Code;
use attest_app::input::{ClaimForm, PasswordForm, TestimonyForm};
use attest_app::sources::Reader;
use attest_domain::{CaseId, ClaimId, SourceId};
use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Serialize;

use crate::access::Authed;
use crate::error::WebError;
use crate::extract::{Body, FormData, Ids};
use crate::views;
use crate::{AppState, db};

/// `GET /cases/{case}/testimonies/new`.
pub async fn testimony_form(
    State(state): State<AppState>,
    user: Authed,
    Ids(case): Ids<CaseId>,
) -> Result<Markup, WebError> {
    form_page(&state, &user, &case, None).await
}

async fn form_page(
    state: &AppState,
    user: &Authed,
    case: &CaseId,
    draft: Option<(&TestimonyForm, &WebError)>,
) -> Result<Markup, WebError> {
    let c = case.clone();
    let witnesses = db(state, "web", move |a| attest_app::records::witnesses(a, Some(&c))).await?;
    Ok(views::sources::testimony_form(user, case, &witnesses, draft))
}

/// A refusal the user can correct in the form they sent (a field at fault, a wrong password).
fn correctable(e: &WebError) -> bool {
    matches!(e.code, Code::Invalid | Code::WrongPassword)
}

async fn store_testimony(
    state: &AppState,
    user: &Authed,
    case: CaseId,
    t: TestimonyForm,
    file: Option<(String, Vec<u8>)>,
) -> Result<SourceId, WebError> {
    let input = t.parse(file)?;
    let caller = user.caller.clone();
    // Sealing a file checks the user's password: counted like any other password check.
    let (lane, attempt) = match &input.password {
        Some(_) => (crate::pool::Use::Password, Some(super::witnesses::password_attempt(state, user)?)),
        None => (crate::pool::Use::Pages, None),
    };
    let id = crate::pool::run_on(state, lane, user.caller.user.user_id.as_str(), move |a| {
        attest_app::sources::add_testimony_as(a, &caller, &case, input)
    })
    .await?;
    if let Some(a) = attempt {
        a.succeeded();
    }
    Ok(id)
}

/// `POST /cases/{case}/testimonies` (multipart, so a file can come with it).
pub async fn add_testimony(
    State(state): State<AppState>,
    user: Authed,
    Ids(case): Ids<CaseId>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    let mut t = TestimonyForm::default();
    let mut file = None;
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                Code::TooLarge,
                format!("the upload is larger than {} MiB", state.settings.max_upload >> 20),
            )
        } else {
            WebError::new(
                StatusCode::BAD_REQUEST,
                Code::MalformedForm,
                format!("the form could not be read: {}", e.body_text()),
            )
        }
    };
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let fname = field.file_name().unwrap_or("transcript.txt").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            file = Some((fname, bytes.to_vec()));
            continue;
        }
        let bytes = field.bytes().await.map_err(bad)?;
        let value = String::from_utf8(bytes.to_vec()).map_err(|_| WebError::invalid(&name, "is not UTF-8 text"))?;
        match name.as_str() {
            "witness" => t.witness = value,
            "text" => t.text = Some(value),
            "language" => t.language = Some(value),
            "interviewed" => t.interviewed = Some(value),
            "interviewer" => t.interviewer = Some(value),
            "reliability" => t.reliability = Some(value),
            "password" => t.password = Some(value),
            _ => {}
        }
    }
    // Kept to show the form again as filled in if it is refused (the password is not kept).
    let kept = TestimonyForm { password: None, ..t.clone() };
    match store_testimony(&state, &user, case.clone(), t, file).await {
        Ok(id) => Ok(Redirect::to(&format!("/cases/{case}/sources/{id}")).into_response()),
        Err(e) if correctable(&e) => {
            Ok((e.status, form_page(&state, &user, &case, Some((&kept, &e))).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// A source added through the API.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SourceAdded {
    /// The new source.
    #[schema(value_type = String)]
    pub source_id: SourceId,
}

/// `POST /api/cases/{case}/testimonies`.
pub async fn api_add_testimony(
    State(state): State<AppState>,
    user: Authed,
    Ids(case): Ids<CaseId>,
    Body(t): Body<TestimonyForm>,
) -> Result<Response, WebError> {
    let source_id = store_testimony(&state, &user, case, t, None).await?;
    Ok((StatusCode::CREATED, Json(SourceAdded { source_id })).into_response())
}

async fn reader(state: &AppState, case: CaseId, source: SourceId) -> Result<Reader, WebError> {
    db(state, "web", move |a| attest_app::sources::reader(a, &case, &source)).await
}

/// `GET /cases/{case}/sources/{source}`: the reader.
pub async fn reader_page(
    State(state): State<AppState>,
    user: Authed,
    Ids((case, source)): Ids<(CaseId, SourceId)>,
) -> Result<Markup, WebError> {
    let r = reader(&state, case.clone(), source.clone()).await?;
    Ok(views::sources::reader_page(&user, &case, &source, &r, None))
}

/// `GET /api/cases/{case}/sources/{source}`.
pub async fn api_reader(
    State(state): State<AppState>,
    Ids((case, source)): Ids<(CaseId, SourceId)>,
) -> Result<Json<Reader>, WebError> {
    Ok(Json(reader(&state, case, source).await?))
}

async fn store_claim(
    state: &AppState,
    user: &Authed,
    case: CaseId,
    source: SourceId,
    c: ClaimForm,
) -> Result<ClaimId, WebError> {
    let input = c.parse()?;
    let claim = db(state, user.caller.user.user_id.as_str(), move |a| {
        attest_app::sources::add_claim(a, Some(&case), &source, input)
    })
    .await?;
    Ok(claim.claim_id)
}

/// `POST /cases/{case}/sources/{source}/claims`.
pub async fn add_claim(
    State(state): State<AppState>,
    user: Authed,
    Ids((case, source)): Ids<(CaseId, SourceId)>,
    FormData(c): FormData<ClaimForm>,
) -> Result<Response, WebError> {
    let kept = c.clone();
    match store_claim(&state, &user, case.clone(), source.clone(), c).await {
        Ok(id) => Ok(Redirect::to(&format!("/cases/{case}/sources/{source}#{id}")).into_response()),
        // The reader again, with the error and the claim form as the user filled it.
        Err(e) if correctable(&e) => {
            let r = reader(&state, case.clone(), source.clone()).await?;
            Ok((e.status, views::sources::reader_page(&user, &case, &source, &r, Some((&kept, &e)))).into_response())
        }
        Err(e) => Err(e),
    }
}

/// A claim added through the API.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ClaimAdded {
    /// The new claim.
    #[schema(value_type = String)]
    pub claim_id: ClaimId,
}

/// `POST /api/cases/{case}/sources/{source}/claims`.
pub async fn api_add_claim(
    State(state): State<AppState>,
    user: Authed,
    Ids((case, source)): Ids<(CaseId, SourceId)>,
    Body(c): Body<ClaimForm>,
) -> Result<Response, WebError> {
    let claim_id = store_claim(&state, &user, case, source, c).await?;
    Ok((StatusCode::CREATED, Json(ClaimAdded { claim_id })).into_response())
}

async fn original(
    state: &AppState,
    user: &Authed,
    (case, source, n): (CaseId, SourceId, usize),
    password: String,
) -> Result<Response, WebError> {
    let caller = user.caller.clone();
    let attempt = super::witnesses::password_attempt(state, user)?;
    let opened = crate::password_db(state, user.caller.user.user_id.as_str(), move |a| {
        let password = attest_vault::Passphrase::for_unlock(password);
        attest_app::sources::open_original_as(a, &caller, &password, &case, &source, n)
    })
    .await?;
    attempt.succeeded();
    let name = opened.safe_file_name();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        opened.bytes.to_vec(),
    )
        .into_response())
}

/// `POST /cases/{case}/sources/{source}/originals/{n}`.
pub async fn open_original(
    State(state): State<AppState>,
    user: Authed,
    Ids(ids): Ids<(CaseId, SourceId, usize)>,
    FormData(p): FormData<PasswordForm>,
) -> Result<Response, WebError> {
    original(&state, &user, ids, p.password).await
}

/// `POST /api/cases/{case}/sources/{source}/originals/{n}`: the file's bytes.
pub async fn api_open_original(
    State(state): State<AppState>,
    user: Authed,
    Ids(ids): Ids<(CaseId, SourceId, usize)>,
    Body(p): Body<PasswordForm>,
) -> Result<Response, WebError> {
    original(&state, &user, ids, p.password).await
}
