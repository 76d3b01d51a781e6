//! The HTML of each area, apart from the handlers that fetch its data. Rendered with maud, which
//! escapes every inserted value, so testimony text cannot inject markup; no inline script or
//! style anywhere (the CSP forbids both). Views take the application layer's types.

pub mod account;
pub mod admin;
pub mod cases;
pub mod column_notes;
pub mod corroboration;
pub mod errors;
pub mod estimate_text;
pub mod findings;
pub mod layout;
pub mod list_errors;
pub mod lists;
pub mod search;
pub mod signin;
pub mod sources;
pub mod witnesses;
pub mod words;
