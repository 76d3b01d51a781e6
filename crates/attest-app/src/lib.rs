//! attest's application layer: one function per use case, typed input in, typed output out,
//! over the archive (`attest-store`, `attest-vault`) and the pure engines. The command line
//! (`attest-cli`) and the web workspace (`attest-web`) are thin faces of these functions: they
//! turn arguments or requests into the typed input, call one function, and turn its output into
//! text, JSON or HTML. A new use case is one function here and two thin faces.
//!
//! | area | module |
//! |---|---|
//! | who may do what (workspace users, grants, access rules) | [`access`] |
//! | parsing form and API requests into domain types | [`input`] |
//! | cases, overview, people and places | [`cases`] |
//! | testimonies, documents, the reader, originals, claims | [`sources`] |
//! | witnesses and reveals | [`witnesses`] |
//! | search | [`search`] |
//! | corroboration and provenance | [`corroboration`] |
//! | dependencies and event decisions | [`analysis`] |
//! | users, memberships, grants, audit log | [`admin`] |
//! | invitations, accepting one, the user's own password and keys | [`account`] |
//! | signing in | [`signin`] |
//! | reading records, acts | [`records`] |
//! | linking and estimating lists held in memory only | [`lists`] |
//!
//! Errors carry one vocabulary of stable codes ([`Code`]) for both faces.
//!
//! ```
//! use attest_app::input::ClaimForm;
//! // An empty or backwards span never reaches the store, from any face.
//! let form = ClaimForm { start: Some(10), end: Some(0), act: "forced-labour".into(), ..Default::default() };
//! let err = form.parse().unwrap_err();
//! assert_eq!(err.code().as_str(), "invalid");
//! assert!(err.to_string().starts_with("end:"));
//! ```

pub mod access;
pub mod account;
pub mod admin;
pub mod analysis;
pub mod cases;
pub mod corroboration;
pub mod csv_cell;
mod error;
pub mod input;
pub mod link_config;
pub mod lists;
pub mod records;
pub mod search;
pub mod signin;
pub mod sources;
pub mod witnesses;

pub use access::{Access, Caller, Grant};
pub use error::{AppError, Code, ConfigMeasure, ListProblem, Problem, Result, code_of_cause, store_code};
