//! One middleware per concern.

pub mod json_errors;
pub mod security_headers;
