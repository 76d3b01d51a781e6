//! Extractors whose rejections are [`WebError`]s, so a malformed form, JSON body or id in the
//! path gets the same clear error (page or JSON) as any other refusal; and the two for bodies
//! that carry a password ([`SecretForm`], [`SecretBody`]), which wipe the bytes they read.

use attest_app::Code;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use zeroize::Zeroize;

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

/// Reads a body that carries a password, parses it with `parse`, then zeroes the bytes read.
///
/// The parsed form holds its password as a `String` that the handler moves, without copying, into
/// a zeroizing `Passphrase`. The body's bytes are wiped here when this is their only owner; when
/// hyper's connection buffer still shares them (a request read in one piece), they are zeroed
/// when that buffer is freed (by the `attest` binary's zeroing allocator), and the sign-in and
/// reveal responses close the connection so that it is freed at once.
async fn read_secret<T, S: Send + Sync>(
    req: axum::extract::Request,
    state: &S,
    what: &str,
    code: Code,
    content_type: &str,
    parse: impl FnOnce(&[u8]) -> Result<T, String>,
) -> Result<T, WebError> {
    let given = req.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !given.trim_start().to_ascii_lowercase().starts_with(content_type) {
        return Err(WebError::new(
            StatusCode::BAD_REQUEST,
            code,
            format!("{what} could not be read: expected `Content-Type: {content_type}`"),
        ));
    }
    let bytes = match Bytes::from_request(req, state).await {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(WebError::new(StatusCode::PAYLOAD_TOO_LARGE, Code::TooLarge, format!("{what} is too large")));
        }
        Err(e) => return Err(WebError::new(e.status(), code, format!("{what} could not be read: {}", e.body_text()))),
    };
    let parsed = parse(&bytes);
    if let Ok(mut own) = bytes.try_into_mut() {
        own[..].zeroize();
    }
    parsed.map_err(|e| WebError::new(StatusCode::BAD_REQUEST, code, format!("{what} could not be read: {e}")))
}

/// A URL-encoded form that carries a password (sign-in, reveal, password checks).
pub struct SecretForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for SecretForm<T> {
    type Rejection = WebError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let parse = |b: &[u8]| serde_urlencoded::from_bytes::<T>(b).map_err(|e| e.to_string());
        read_secret(req, state, "the form", Code::MalformedForm, "application/x-www-form-urlencoded", parse)
            .await
            .map(SecretForm)
    }
}

/// A JSON body that carries a password (sign-in, reveal, password checks).
pub struct SecretBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for SecretBody<T> {
    type Rejection = WebError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let parse = |b: &[u8]| serde_json::from_slice::<T>(b).map_err(|e| e.to_string());
        read_secret(req, state, "the JSON body", Code::MalformedJson, "application/json", parse).await.map(SecretBody)
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
