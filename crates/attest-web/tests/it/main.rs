//! attest-web's integration tests: the real router over a real (temporary) archive.
#![allow(clippy::unwrap_used, missing_docs)]
