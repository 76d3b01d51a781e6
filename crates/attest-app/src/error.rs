//! The one vocabulary of stable error codes, shared by the CLI (`--json` errors) and the JSON API,
//! and the application layer's error type. Messages name the field or record at fault and never
//! carry a sealed value (the store's errors never do, and nothing here adds one).

use attest_store::StoreError;
use attest_vault::VaultError;
use serde::Serialize;

/// A stable, machine-readable error code. Clients may match on these; they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// Input that breaks a rule; the message names the field.
    Invalid,
    /// No such record (or one of another case).
    NotFound,
    /// No membership, role or grant for this.
    Forbidden,
    /// A user's own password (workspace sign-in, reveal, originals) is not right.
    WrongPassword,
    /// The archive's passphrase is not right.
    WrongPassphrase,
    /// Another key or passphrase problem.
    Passphrase,
    /// `init` on a path that holds something.
    AlreadyExists,
    /// A path that holds no archive.
    NotAnArchive,
    /// The key file is damaged, or a key does not open.
    KeyProblem,
    /// A user's key does not match its pin, or key custody is broken (issue 13).
    KeyCustody,
    /// A file could not be read or written.
    Io,
    /// The database refused an operation.
    Database,
    /// Not signed in, or the session ended.
    Unauthenticated,
    /// Wrong name, password or second-factor code.
    BadLogin,
    /// Too many failures: wait.
    RateLimited,
    /// A state-changing request without the right CSRF token.
    Csrf,
    /// A body or upload over its limit.
    TooLarge,
    /// A JSON body that could not be read.
    MalformedJson,
    /// A form that could not be read.
    MalformedForm,
    /// The server is busy (no connection free in time): try again.
    Busy,
    /// The server took too long to answer.
    Timeout,
    /// An upload arrived too slowly and was stopped (list uploads have their own deadline).
    TooSlow,
    /// Something went wrong on the server; details only in its log.
    Internal,
}

impl Code {
    /// The code as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Invalid => "invalid",
            Code::NotFound => "not_found",
            Code::Forbidden => "forbidden",
            Code::WrongPassword => "wrong_password",
            Code::WrongPassphrase => "wrong_passphrase",
            Code::Passphrase => "passphrase",
            Code::AlreadyExists => "already_exists",
            Code::NotAnArchive => "not_an_archive",
            Code::KeyProblem => "key_problem",
            Code::KeyCustody => "key_custody",
            Code::Io => "io",
            Code::Database => "database",
            Code::Unauthenticated => "unauthenticated",
            Code::BadLogin => "bad_login",
            Code::RateLimited => "rate_limited",
            Code::Csrf => "csrf",
            Code::TooLarge => "too_large",
            Code::MalformedJson => "malformed_json",
            Code::MalformedForm => "malformed_form",
            Code::Busy => "busy",
            Code::Timeout => "timeout",
            Code::TooSlow => "too_slow",
            Code::Internal => "internal",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The code of a store error. A wrong passphrase here is the archive's; use cases that take a
/// user's password turn it into [`AppError::WrongPassword`] themselves.
pub fn store_code(e: &StoreError) -> Code {
    match e {
        StoreError::AlreadyExists(_) => Code::AlreadyExists,
        StoreError::NotAnArchive(..) => Code::NotAnArchive,
        StoreError::NotFound { .. } => Code::NotFound,
        StoreError::Invalid { .. } => Code::Invalid,
        StoreError::Forbidden { .. } => Code::Forbidden,
        StoreError::Custody(_) => Code::KeyCustody,
        StoreError::Vault(VaultError::WrongPassphrase) => Code::WrongPassphrase,
        StoreError::Vault(_) | StoreError::KeyFile { .. } => Code::KeyProblem,
        StoreError::Io { .. } => Code::Io,
        StoreError::Db(_) => Code::Database,
    }
}

/// What is wrong with refused input, for the faces that explain it in the user's language (the
/// workspace in Korean); the error's own text stays the English message. Only the most common
/// problems have a kind; the rest are [`Problem::Other`] and are shown in English.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Problem {
    /// A date that could not be read, as it was given.
    Date {
        /// The text given.
        input: String,
    },
    /// A field that must be filled in was left empty.
    Required,
    /// A value longer than its limit.
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// An Admiralty grade out of its range (letter A-F, digit 1-6; a claim's information 2-6).
    Grade {
        /// Information grade 1 ("confirmed by other sources"), refused as circular.
        circular: bool,
    },
    /// No such record (or one of another case).
    NotFound {
        /// Kind of record (`source`, `witness`, `claim`, `case`, `user`).
        kind: String,
    },
    /// One of the commonest refusals of an uploaded list (the field is the list's name).
    List(Box<ListProblem>),
    /// Anything else.
    #[default]
    Other,
}

/// What of a saved configuration's setting is out of bounds ([`ListProblem::ConfigBound`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigMeasure {
    /// The number of rules.
    Rules,
    /// The number of parts of one rule.
    Parts,
    /// The number of `#year1` parts of one rule.
    Year1Parts,
    /// The value itself.
    Value,
}

/// The commonest refusals of a list to link (`attest link`, the workspace's `/link`), with what
/// their messages name, so a face can say them in its own language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListProblem {
    /// The second list's header differs from the first's.
    /// Only the first column where they differ is named, one cell of each header at most
    /// ([`crate::lists::shown`]): a list without a header row has a person's record as its
    /// "header", and a refusal quotes no more of it than the cell it is about.
    HeadersDiffer {
        /// The first list's name.
        first: String,
        /// The first column (1-based) where the headers differ.
        column: usize,
        /// The first list's header there (shortened), or `None` where it has fewer columns.
        expected: Option<String>,
        /// This list's header there (shortened), or `None` where it has fewer columns.
        got: Option<String>,
    },
    /// A header cell that is a number or a date (`1951`, `1960-03-01`) where a column name
    /// should be: the list seems to have no header row, its first record standing as one. The
    /// cell is not quoted (it would be a person's value).
    HeaderLooksLikeData {
        /// The first such column (1-based).
        column: usize,
    },
    /// No column of the name given for the record id (the header's cells are not quoted:
    /// without a header row they are a person's record).
    NoColumn {
        /// The name given (shortened).
        name: String,
        /// How many columns the list has.
        columns: usize,
    },
    /// A record without an id.
    EmptyId {
        /// Its line in the list (the header is line 1).
        line: usize,
        /// The id column's header.
        column: String,
    },
    /// A match threshold that is not a number between 0 and 1, as given.
    Threshold {
        /// The text given.
        input: String,
    },
    /// A record id used twice.
    DuplicateId {
        /// The line of its second use.
        line: usize,
        /// The id column's header.
        column: String,
        /// The id.
        id: String,
        /// The list of its first use.
        first_list: String,
        /// The line of its first use.
        first_line: usize,
    },
    /// The CSV reader's refusal: an empty file, bytes that are not UTF-8, a ragged row, a
    /// header without records, or another CSV error (with its line).
    Csv(attest_link::csv_input::CsvError),
    /// A list larger than the workspace links.
    TooLarge {
        /// Its size, in KiB.
        kib: usize,
        /// The largest the workspace links, in KiB.
        max_kib: usize,
    },
    /// An upload (all its files together) larger than the server takes, stopped before it was
    /// read to the end, so its files' own sizes are not known.
    UploadTooLarge {
        /// The largest upload the server takes, in MiB.
        max_mib: usize,
    },
    /// The list tasks are all taken (other users', or this account's own): try again soon.
    Busy,
    /// More records over all lists than the workspace links.
    TooManyRecords {
        /// Records given.
        records: usize,
        /// The most it links.
        max: usize,
    },
    /// No column left to compare (only ids, list names or ignored columns).
    NothingToCompare,
    /// A capture-history table with nothing in it.
    TableEmpty,
    /// A capture-history table that cannot be read, with its line, column and kind.
    Table(attest_estimate::TableError),
    /// An estimation method that does not take a table of this many lists.
    MethodLists {
        /// The method as the form names it (`loglinear`, `dga`).
        method: String,
        /// Lists in the table.
        lists: usize,
        /// Fewest lists the method takes.
        min: usize,
        /// Most lists the method takes.
        max: usize,
    },
    /// An estimation method that does not exist, as given.
    Method {
        /// The text given.
        input: String,
    },
    /// A saved linkage configuration that is not one (not TOML, or not the configuration's
    /// fields), with the place where reading stopped.
    ConfigUnreadable {
        /// 1-based line.
        line: usize,
        /// 1-based column (character).
        column: usize,
    },
    /// A saved configuration whose columns are not the list's header, at the first column
    /// where they differ (one cell of each, shortened, as [`ListProblem::HeadersDiffer`]).
    ConfigColumns {
        /// The first column (1-based) where they differ.
        column: usize,
        /// The configuration's column there, or `None` where it has fewer.
        config: Option<String>,
        /// The list's header there, or `None` where it has fewer.
        header: Option<String>,
    },
    /// A saved configuration file larger than one is read ([`crate::link_config::MAX_CONFIG_BYTES`]).
    ConfigTooLarge {
        /// The KiB of it that were read (rounded up): its size, or, where the reading stopped
        /// one byte past the cap, a lower bound (the messages say "more than" the cap).
        kib: usize,
        /// The largest read, in KiB.
        max_kib: usize,
    },
    /// A saved configuration whose blocking rule reads a column the list lacks.
    ConfigBlocking {
        /// The column.
        column: String,
    },
    /// A saved configuration with a setting outside what a run may take (the number of blocking
    /// rules or their parts, the threshold, the largest block): a hand-edited file must not make
    /// the server do unbounded work.
    ConfigBound {
        /// The setting, as named in the file ("blocking", "threshold", ...).
        setting: String,
        /// What of it is out of bounds.
        measure: ConfigMeasure,
        /// Its value in the file.
        value: String,
        /// The bounds allowed, written with numbers and symbols only ("<= 32", "0-1").
        allowed: String,
    },
}

/// What a use case can refuse or fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that breaks a rule, naming the field.
    #[error("{field}: {message}")]
    Invalid {
        /// The field or argument at fault.
        field: String,
        /// What is wrong.
        message: String,
        /// Its kind, where it is a common one.
        problem: Problem,
    },
    /// No such record, or a record of another case.
    #[error("no {kind} with id {id}")]
    NotFound {
        /// Kind of record.
        kind: &'static str,
        /// The id asked for.
        id: String,
    },
    /// No membership, role or grant.
    #[error("{0}")]
    Forbidden(String),
    /// Not signed in.
    #[error("not signed in, or the session has expired; sign in again")]
    Unauthenticated,
    /// The user's own password did not open their keys.
    #[error("the password is not right; nothing was revealed")]
    WrongPassword,
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    /// Input refused, naming the field.
    pub fn invalid(field: impl Into<String>, message: impl std::fmt::Display) -> Self {
        AppError::Invalid { field: field.into(), message: message.to_string(), problem: Problem::Other }
    }
    /// Input refused for a common reason, naming the field.
    pub fn refused(field: impl Into<String>, message: impl std::fmt::Display, problem: Problem) -> Self {
        AppError::Invalid { field: field.into(), message: message.to_string(), problem }
    }
    /// A date that could not be read, naming the field.
    pub fn bad_date(field: impl Into<String>, e: &attest_domain::DateError) -> Self {
        AppError::refused(field, e, Problem::Date { input: e.input.clone() })
    }
    /// A field left empty.
    pub fn required(field: impl Into<String>, message: impl std::fmt::Display) -> Self {
        AppError::refused(field, message, Problem::Required)
    }
    /// The field at fault, when the error is about one (the application's or the store's).
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            AppError::Store(StoreError::Invalid { field, .. }) => Some(field),
            _ => None,
        }
    }
    /// The kind of problem, for an explanation in the user's language. The store's refusals are
    /// recognised by the two fixed messages it writes for an empty and a too long value
    /// (`attest-store/src/write.rs`); a change there shows the English message again, which
    /// `the_commonest_problems_have_a_kind` catches.
    pub fn problem(&self) -> Problem {
        match self {
            AppError::Invalid { problem, .. } => problem.clone(),
            AppError::NotFound { kind, .. } | AppError::Store(StoreError::NotFound { kind, .. }) => {
                Problem::NotFound { kind: kind.to_string() }
            }
            AppError::Store(StoreError::Invalid { message, .. }) => {
                if message == "must not be empty" {
                    Problem::Required
                } else if let Some(max) = message
                    .strip_prefix("must be at most ")
                    .and_then(|m| m.strip_suffix(" printable characters"))
                    .and_then(|n| n.parse().ok())
                {
                    Problem::TooLong { max }
                } else {
                    Problem::Other
                }
            }
            _ => Problem::Other,
        }
    }
    /// A record that does not exist (or is in another case).
    pub fn not_found(kind: &'static str, id: impl std::fmt::Display) -> Self {
        AppError::NotFound { kind, id: id.to_string() }
    }
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            AppError::Invalid { .. } => Code::Invalid,
            AppError::NotFound { .. } => Code::NotFound,
            AppError::Forbidden(_) => Code::Forbidden,
            AppError::Unauthenticated => Code::Unauthenticated,
            AppError::WrongPassword => Code::WrongPassword,
            AppError::Store(e) => store_code(e),
        }
    }
    /// A store error met while using a user's password: a wrong passphrase is theirs.
    pub fn with_user_password(e: StoreError) -> Self {
        match e {
            StoreError::Vault(VaultError::WrongPassphrase) => AppError::WrongPassword,
            other => AppError::Store(other),
        }
    }
}

/// The code of one error of a chain, if it is an application, store or vault error. The CLI
/// walks its `anyhow` chain with this; the first match decides, and an error the edge raised
/// itself (a bad argument) is `invalid`.
pub fn code_of_cause(cause: &(dyn std::error::Error + 'static)) -> Option<Code> {
    if let Some(a) = cause.downcast_ref::<AppError>() {
        return Some(a.code());
    }
    if let Some(s) = cause.downcast_ref::<StoreError>() {
        return Some(store_code(s));
    }
    cause.downcast_ref::<VaultError>().map(|_| Code::Passphrase)
}

/// Shorthand.
pub type Result<T, E = AppError> = std::result::Result<T, E>;
