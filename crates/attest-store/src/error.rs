//! The store's error type. Messages name the record, field or file at fault and never carry a
//! sealed value: sealed plaintext never reaches this module.

use std::path::PathBuf;

/// What can go wrong in the archive.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `init` on a path that already holds something.
    #[error("{0} already exists and is not empty; choose a new path for the archive")]
    AlreadyExists(PathBuf),
    /// `open` on a path that holds no archive.
    #[error("{0} is not an attest archive (no {1}); create one with `attest init`")]
    NotAnArchive(PathBuf, &'static str),
    /// A record that does not exist.
    #[error("no {kind} with id {id}")]
    NotFound {
        /// Kind of record.
        kind: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// Input that breaks a rule of the archive; `field` names the argument.
    #[error("{field}: {message}")]
    Invalid {
        /// The field or argument at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The user may not do this: no membership or no grant. Says which, never more.
    #[error("{user} may not {action}: {reason}")]
    Forbidden {
        /// The user.
        user: String,
        /// What was refused.
        action: String,
        /// Why (no membership, no grant).
        reason: String,
    },
    /// A key whose custody does not check out: a user's public key that is not the one pinned by
    /// the custodian, or a case key older than the generation the log records (a rolled-back
    /// revoke). Nothing is sealed to, or opened with, such a key.
    #[error("refused: {0}")]
    Custody(String),
    /// A key or passphrase problem.
    #[error(transparent)]
    Vault(#[from] attest_vault::VaultError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The key file is unreadable.
    #[error("{path}: key file is damaged: {message}")]
    KeyFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The database refused an operation. rusqlite errors carry SQL text but never bound values,
    /// and sealed fields are only ever bound as ciphertext.
    #[error("archive database: {0}")]
    Db(#[from] rusqlite::Error),
}

impl StoreError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        StoreError::Invalid { field, message: message.into() }
    }
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StoreError::Io { path: path.into(), source }
    }
}

/// Shorthand.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
