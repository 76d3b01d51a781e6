//! Extractors whose rejections are [`WebError`]s, so a malformed form, JSON body or id in the
//! path gets the same clear error (page or JSON) as any other refusal.

use attest_app::Code;
use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// A URL-encoded form.
pub struct FormData<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormData<T> {
    type Rejection = WebError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(f) => Ok(FormData(f.0)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(WebError::new(StatusCode::PAYLOAD_TOO_LARGE, Code::TooLarge, "the form is too large"))
            }
            Err(e) => Err(WebError::new(
                StatusCode::BAD_REQUEST,
                Code::MalformedForm,
                format!("the form could not be read: {}", e.body_text()),
            )),
        }
    }
}

/// A JSON body.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = WebError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(j) => Ok(Body(j.0)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(WebError::new(StatusCode::PAYLOAD_TOO_LARGE, Code::TooLarge, "the request body is too large"))
            }
            Err(e) => Err(WebError::new(
                StatusCode::BAD_REQUEST,
                Code::MalformedJson,
                format!("the JSON body could not be read: {}", e.body_text()),
            )),
        }
    }
}

/// Typed ids from the path (`Ids<(CaseId, SourceId)>`): an id of the wrong shape or kind is a
/// record that does not exist (404 `not_found`).
pub struct Ids<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Ids<T> {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(p) => Ok(Ids(p.0)),
            Err(e) => {
                Err(WebError::new(StatusCode::NOT_FOUND, Code::NotFound, format!("no such record: {}", e.body_text())))
            }
        }
    }
}
