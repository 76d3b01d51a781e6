//! Request handlers by area: each turns a request (typed ids from the path, a form or JSON body)
//! into one call of the application layer (`attest-app`) and its result into a page (`views/`)
//! or JSON. Access has already been checked by the guard of the route's table row.

pub mod account;
pub mod admin;
pub mod assets;
pub mod cases;
pub mod corroboration;
pub mod list_tasks;
pub mod lists;
pub mod search;
pub mod signin;
pub mod sources;
pub mod witnesses;

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// Adds `Set-Cookie` headers.
pub fn with_cookies(mut res: Response, cookies: &[String]) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
