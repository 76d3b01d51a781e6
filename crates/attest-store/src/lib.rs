//! attest's sealed archive.
//!
//! An archive is a directory:
//!
//! ```text
//! PATH/attest-keys.json   salt, Argon2id parameters, archive and database keys wrapped under the
//!                         passphrase-derived key (no secret in the clear)
//! PATH/archive.db         SQLCipher database (every page encrypted and authenticated): cases,
//!                         witnesses with sealed fields, sources, originals, claims, the audit log
//! PATH/archive.db-wal     SQLCipher write-ahead log (encrypted like the database)
//! ```
//!
//! Sealed witness fields are encrypted a second time with the case's identity key, and originals
//! with the case key (see `attest-vault`), so a later grant can open one without the other. Every
//! change runs in one `BEGIN IMMEDIATE` transaction together with its audit-log entry: two `attest`
//! processes writing at once serialise on the database lock, and a failed command leaves nothing.
//! Temporary tables and sorts stay in memory (`temp_store = MEMORY`), so no plaintext reaches a
//! temporary file.

mod assess;
mod backup;
mod checkpoint;
mod clock;
mod custody;
mod depend;
mod enrol;
mod error;
mod log;
pub mod merkle;
mod projection;
mod read;
mod records;
mod schema;
mod search;
mod users;
mod verify;
mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use attest_vault::{
    ArchiveKey, ArchiveKeys, CaseKey, DatabaseKey, GrantKind, IdentityKey, KdfParams, KeyHeader, OsRandom, Passphrase,
    RandomSource,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use assess::{BasisKind, ClaimAssessment, ClaimBasis, UnassessedPolicy, check_information};
pub use backup::BackupSummary;
pub use checkpoint::{Checkpoint, CheckpointReport};
pub use clock::{Clock, SystemClock, rfc3339_utc};
pub use custody::{GrantOutcome, SEALED_FILE_NAME};
pub use depend::{
    DependencyRecord, EventDecision, EventDecisionRecord, SOURCE_DEPENDENCIES, SamePerson, WITNESS_DEPENDENCIES,
};
pub use enrol::Invitation;
pub use error::{Result, StoreError};
pub use log::{LogEntry, sha256_hex};
pub use records::*;
pub use search::SearchHit;
pub use users::UserRecord;
pub use write::ClaimDraft;

/// Name of the key file inside an archive.
pub const KEY_FILE: &str = "attest-keys.json";
/// Name of the database inside an archive.
pub const DB_FILE: &str = "archive.db";

/// An open, unlocked archive.
pub struct Archive {
    conn: Connection,
    state: State,
}

/// Everything but the connection, so a transaction can borrow the connection while writes use
/// keys, caches, the clock and randomness.
struct State {
    root: PathBuf,
    archive_id: String,
    /// `None` in a workspace server ([`Archive::open_for_serve`]): it cannot open identity keys
    /// or make new case keys, only use the case keys it opened at start.
    archive_key: Option<ArchiveKey>,
    /// The SQLCipher key, kept for [`Archive::backup_to`] (which keys the copy with it).
    /// SQLCipher holds a copy for the connection's life anyway.
    database_key: DatabaseKey,
    /// This handle has committed a write: on drop it checkpoints and marks a clean close
    /// (`backup.rs`).
    wrote: bool,
    rng: Box<dyn RandomSource + Send>,
    clock: Box<dyn Clock>,
    actor: String,
    case_keys: HashMap<String, CaseKey>,
    identity_keys: HashMap<String, IdentityKey>,
}

/// How an archive is opened: who acts, and where time and randomness come from.
pub struct OpenOptions {
    /// Recorded as the actor of every log entry.
    pub actor: String,
    /// The clock.
    pub clock: Box<dyn Clock>,
    /// Randomness for ids, keys and nonces.
    pub rng: Box<dyn RandomSource + Send>,
}

impl OpenOptions {
    /// System clock, operating-system randomness, and `actor`.
    pub fn new(actor: impl Into<String>) -> Self {
        OpenOptions { actor: actor.into(), clock: Box::new(SystemClock), rng: Box::new(OsRandom) }
    }
}

fn read_header(root: &Path) -> Result<KeyHeader> {
    let path = root.join(KEY_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotAnArchive(root.to_path_buf(), KEY_FILE));
        }
        Err(e) => return Err(StoreError::io(&path, e)),
    };
    let header: KeyHeader = serde_json::from_slice(&bytes)
        .map_err(|e| StoreError::KeyFile { path: path.clone(), message: e.to_string() })?;
    check_kdf(&header.kdf).map_err(|message| StoreError::KeyFile { path, message })?;
    Ok(header)
}

/// Largest Argon2id memory cost accepted, in KiB (4 GiB).
pub const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
/// Most Argon2id passes accepted.
pub const MAX_ITERATIONS: u32 = 32;
/// Most Argon2id lanes accepted.
pub const MAX_PARALLELISM: u32 = 64;
/// Largest memory x passes accepted, in KiB (8 GiB-passes: 64 MiB x 3, the default, is 192 MiB).
pub const MAX_KDF_WORK_KIB: u64 = 8 * 1024 * 1024;

/// Argon2id parameters that attest could have written: anything else (an absurd iteration count
/// would make opening hang, an absurd memory cost exhaust the machine) is refused before any
/// derivation, naming the field.
fn check_kdf(kdf: &KdfParams) -> std::result::Result<(), String> {
    let out = |field: &str, value: u32, low: u32, high: u32| {
        format!(
            "field kdf.{field} is {value}, outside the accepted {low}-{high}; attest never writes this, so the key file may have been altered"
        )
    };
    if !(attest_vault::MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&kdf.memory_kib) {
        return Err(out("memory_kib", kdf.memory_kib, attest_vault::MIN_MEMORY_KIB, MAX_MEMORY_KIB));
    }
    if !(1..=MAX_ITERATIONS).contains(&kdf.iterations) {
        return Err(out("iterations", kdf.iterations, 1, MAX_ITERATIONS));
    }
    if !(1..=MAX_PARALLELISM).contains(&kdf.parallelism) {
        return Err(out("parallelism", kdf.parallelism, 1, MAX_PARALLELISM));
    }
    if u64::from(kdf.memory_kib) * u64::from(kdf.iterations) > MAX_KDF_WORK_KIB {
        return Err(format!(
            "fields kdf.memory_kib x kdf.iterations ({} KiB x {}) exceed {MAX_KDF_WORK_KIB} KiB-passes; attest never writes this, so the key file may have been altered",
            kdf.memory_kib, kdf.iterations
        ));
    }
    Ok(())
}

/// Only the owner may read what attest stores: the files are encrypted, but their sizes and times
/// are nobody else's business either.
fn restrict(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| StoreError::io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

fn open_connection(root: &Path, keys: &ArchiveKeys, create: bool) -> Result<Connection> {
    let path = root.join(DB_FILE);
    if !create && !path.exists() {
        return Err(StoreError::NotAnArchive(root.to_path_buf(), DB_FILE));
    }
    // SQLCipher takes an empty file for a new database, and the migrations would then write a
    // fresh schema into it: an emptied archive must be reported, not silently re-created.
    if !create && std::fs::metadata(&path).map_err(|e| StoreError::io(&path, e))?.len() == 0 {
        let message = "the archive database is empty (0 bytes); it was not opened and nothing was written to it; restore it from a backup";
        return Err(StoreError::io(&path, std::io::Error::new(std::io::ErrorKind::InvalidData, message)));
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(&path, flags)?;
    // SQLCipher's own log goes to stderr; attest reports problems itself, in words that name the
    // file, so silence it (and with it any chance of debug-level key logging).
    let _: Option<String> = conn.query_row("PRAGMA cipher_log_level = NONE", [], |r| r.get(0)).optional()?;
    {
        let key = keys.database.sqlcipher_pragma_value();
        conn.pragma_update(None, "key", &*key)?;
    }
    conn.busy_timeout(std::time::Duration::from_secs(60))?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Reading the schema is the first access that decrypts a page: a wrong key or a damaged first
    // page fails here.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

impl Archive {
    /// Creates a new archive at `root` (a directory that must not exist or be empty).
    pub fn init(root: &Path, pass: &Passphrase, kdf: KdfParams, options: OpenOptions) -> Result<Archive> {
        if kdf.memory_kib < attest_vault::MIN_MEMORY_KIB {
            return Err(StoreError::invalid(
                "kdf",
                format!("Argon2id memory below {} KiB is refused", attest_vault::MIN_MEMORY_KIB),
            ));
        }
        // Never create an archive that `open` would refuse.
        check_kdf(&kdf).map_err(|message| StoreError::invalid("kdf", message))?;
        let existed = root.exists();
        if existed {
            let non_empty =
                !root.is_dir() || std::fs::read_dir(root).map_err(|e| StoreError::io(root, e))?.next().is_some();
            if non_empty {
                return Err(StoreError::AlreadyExists(root.to_path_buf()));
            }
        }
        let result = Self::init_inner(root, pass, kdf, options);
        if result.is_err() {
            // Leave nothing half-made: remove what init created.
            if existed {
                for name in [KEY_FILE, DB_FILE, "archive.db-wal", "archive.db-shm", "attest-keys.json.tmp"] {
                    let _ = std::fs::remove_file(root.join(name));
                }
            } else {
                let _ = std::fs::remove_dir_all(root);
            }
        }
        result
    }

    fn init_inner(root: &Path, pass: &Passphrase, kdf: KdfParams, mut options: OpenOptions) -> Result<Archive> {
        std::fs::create_dir_all(root).map_err(|e| StoreError::io(root, e))?;
        restrict(root, 0o700)?;
        let (header, keys) = attest_vault::create_archive_keys(pass, kdf, &mut *options.rng)?;
        let json = serde_json::to_vec_pretty(&header).map_err(|e| StoreError::invalid("header", e.to_string()))?;
        let tmp = root.join("attest-keys.json.tmp");
        std::fs::write(&tmp, json).map_err(|e| StoreError::io(&tmp, e))?;
        restrict(&tmp, 0o600)?;
        std::fs::rename(&tmp, root.join(KEY_FILE)).map_err(|e| StoreError::io(root.join(KEY_FILE), e))?;
        let mut conn = open_connection(root, &keys, true)?;
        restrict(&root.join(DB_FILE), 0o600)?;
        schema::migrate(&mut conn)?;
        // A new archive commits its records from its first entry on: no baseline.
        conn.execute("DELETE FROM meta WHERE key = 'records_baseline_pending'", [])?;
        let mut archive = Archive { conn, state: State::new(root, header.archive_id.clone(), keys, options) };
        archive.write_init(&header)?;
        Ok(archive)
    }

    /// Opens and unlocks an existing archive.
    pub fn open(root: &Path, pass: &Passphrase, options: OpenOptions) -> Result<Archive> {
        let header = read_header(root)?;
        let keys = attest_vault::unlock(&header, pass)?;
        let mut conn = open_connection(root, &keys, false)?;
        schema::migrate(&mut conn)?;
        let stored_id: Option<String> =
            conn.query_row("SELECT value FROM meta WHERE key = 'archive_id'", [], |r| r.get(0)).optional()?;
        if stored_id.as_deref() != Some(header.archive_id.as_str()) {
            return Err(StoreError::KeyFile {
                path: root.join(KEY_FILE),
                message: "the key file belongs to another archive than the database".into(),
            });
        }
        let mut archive = Archive { conn, state: State::new(root, header.archive_id, keys, options) };
        archive.commit_baseline_if_pending()?;
        Ok(archive)
    }

    /// Opens an archive for the web workspace: only the database key is kept; the archive key is
    /// dropped before this returns. The process can then read records (texts, claims, pseudonyms,
    /// the log) but can open neither an original file nor a sealed identity by itself: those open
    /// only through a user's grant (case key or identity key) and that user's password, for one
    /// operation. New cases and grants need the archive key and are made at the command line.
    pub fn open_for_serve(root: &Path, pass: &Passphrase, options: OpenOptions) -> Result<Archive> {
        let mut archive = Archive::open(root, pass, options)?;
        archive.state.case_keys.clear();
        archive.state.identity_keys.clear();
        archive.state.archive_key = None;
        Ok(archive)
    }

    /// Who the following changes are logged as (the web workspace sets the signed-in user).
    pub fn set_actor(&mut self, actor: &str) {
        actor.clone_into(&mut self.state.actor);
    }

    /// Whether this archive was opened without the archive key ([`Archive::open_for_serve`]).
    pub fn is_serve_mode(&self) -> bool {
        self.state.archive_key.is_none()
    }

    /// The archive's directory.
    pub fn root(&self) -> &Path {
        &self.state.root
    }

    /// The archive's random id.
    pub fn archive_id(&self) -> &str {
        &self.state.archive_id
    }
}

/// The archive key, or a clear refusal in a workspace server (split from `State` so the caller can
/// borrow the random source at the same time).
pub(crate) fn custody(key: &Option<ArchiveKey>) -> Result<&ArchiveKey> {
    key.as_ref().ok_or_else(|| {
        StoreError::invalid(
            "archive",
            "this needs the archive key, which the workspace server does not hold; do it with `attest` at the command line",
        )
    })
}

impl State {
    fn new(root: &Path, archive_id: String, keys: ArchiveKeys, options: OpenOptions) -> State {
        let ArchiveKeys { archive, database } = keys;
        State {
            root: root.to_path_buf(),
            archive_id,
            archive_key: Some(archive),
            database_key: database,
            wrote: false,
            rng: options.rng,
            clock: options.clock,
            actor: options.actor,
            case_keys: HashMap::new(),
            identity_keys: HashMap::new(),
        }
    }

    /// The archive key, or a clear refusal in a workspace server.
    pub(crate) fn archive_key(&self) -> Result<&ArchiveKey> {
        custody(&self.archive_key)
    }

    fn random10(&mut self) -> Result<[u8; 10]> {
        let mut b = [0u8; 10];
        self.rng.fill(&mut b)?;
        Ok(b)
    }

    fn case_key(&mut self, conn: &Connection, case_id: &str) -> Result<&CaseKey> {
        if !self.case_keys.contains_key(case_id) {
            let generation = custody::key_generation(conn, case_id, GrantKind::Testimonies)?;
            let wrapped: Vec<u8> = conn
                .query_row("SELECT wrapped_case_key FROM case_file WHERE case_id = ?1", [case_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::NotFound { kind: "case", id: case_id.to_string() })?;
            let key = self.archive_key()?.unwrap_case_key(case_id, generation, &wrapped)?;
            self.case_keys.insert(case_id.to_string(), key);
        }
        self.case_keys.get(case_id).ok_or_else(|| StoreError::NotFound { kind: "case", id: case_id.to_string() })
    }

    pub(crate) fn identity_key(&mut self, conn: &Connection, case_id: &str) -> Result<&IdentityKey> {
        if !self.identity_keys.contains_key(case_id) {
            let generation = custody::key_generation(conn, case_id, GrantKind::Identities)?;
            let wrapped: Vec<u8> = conn
                .query_row("SELECT wrapped_identity_key FROM case_file WHERE case_id = ?1", [case_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::NotFound { kind: "case", id: case_id.to_string() })?;
            let key = self.archive_key()?.unwrap_identity_key(case_id, generation, &wrapped)?;
            self.identity_keys.insert(case_id.to_string(), key);
        }
        self.identity_keys.get(case_id).ok_or_else(|| StoreError::NotFound { kind: "case", id: case_id.to_string() })
    }
}

impl Drop for Archive {
    /// After writing, copy the WAL into the main file and mark a clean close, so a later copy of
    /// `archive.db` alone is whole (and a copy taken while open is recognised, see `backup.rs`).
    /// Nothing to report to: a failure leaves the mark at "open", which is the safe side.
    fn drop(&mut self) {
        if !self.state.wrote {
            return;
        }
        let checkpoint = |conn: &Connection| -> rusqlite::Result<bool> {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok(r.get::<_, i64>(0)? == 0 && r.get::<_, i64>(1)? == r.get::<_, i64>(2)?)
            })
        };
        if checkpoint(&self.conn).unwrap_or(false)
            && self.conn.execute("UPDATE meta SET value = '1' WHERE key = 'closed_clean'", []).is_ok()
        {
            let _ = checkpoint(&self.conn);
        }
    }
}
