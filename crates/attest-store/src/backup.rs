//! Consistent copies of a live archive, and the check that a copy did not lose its `-wal`.
//!
//! `archive.db` alone is not the archive while it is open: committed changes sit in
//! `archive.db-wal` until a checkpoint copies them into the main file, so copying the main file
//! alone silently drops them (reveals included). [`Archive::backup_to`] uses SQLite's online
//! backup API through the open connection, which sees the WAL, into a new database keyed with the
//! same database key, and packs it with the key file into one file:
//!
//! ```text
//! attest-backup/1\n  <key-file length, 8 bytes big-endian>  <attest-keys.json>  <archive.db>
//! ```
//!
//! Both parts are exactly as protected as the archive's own files (wrapped keys; encrypted
//! pages). [`Archive::restore`] unpacks into a new directory and verifies before it answers; a
//! copy that fails verification is removed.
//!
//! The WAL check: every write marks `meta.closed_clean = '0'` (in the same statement that moves the
//! log head, so it costs nothing) and, when the mark was not already there, checkpoints at once so
//! the main file carries it; an archive dropped after writing checkpoints everything and marks
//! `'1'`. A main file that says `'0'` next to no `-wal` was copied or left without its WAL.

use std::io::Write;
use std::path::{Path, PathBuf};

use attest_vault::Passphrase;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{Result, StoreError};
use crate::records::{Problem, VerifyReport};
use crate::{Archive, DB_FILE, KEY_FILE, OpenOptions};

const MAGIC: &[u8] = b"attest-backup/1\n";

/// What a backup wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BackupSummary {
    /// The file written.
    pub file: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Log entries in the copy.
    pub log_entries: i64,
    /// The copy's log head hash.
    pub log_head: String,
}

/// Whether the main file of the archive at `db` says it was left open with changes in a WAL that
/// is not there. `conn` must be a connection to that file.
/// Call it only when no `-wal` was beside the file before it was opened.
pub(crate) fn wal_missing(conn: &Connection, db: &Path) -> Result<Option<Problem>> {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let mark: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = 'closed_clean'", [], |r| r.get(0)).optional()?;
    if mark.as_deref() == Some("0") {
        return Ok(Some(Problem {
            kind: "wal",
            message: format!(
                "{}: was left open with changes in its write-ahead log, but {} is missing: changes after the last checkpoint are lost (copy an archive with `attest backup`, never archive.db alone)",
                db.display(),
                wal.display()
            ),
        }));
    }
    Ok(None)
}

impl Archive {
    /// Writes a consistent, encrypted copy of the archive (key file and database, the WAL's
    /// committed changes included) to `out`, which must not exist. Written beside `out` and
    /// renamed into place, so a failure leaves no partial file.
    pub fn backup_to(&mut self, out: &Path) -> Result<BackupSummary> {
        if out.exists() {
            return Err(StoreError::AlreadyExists(out.to_path_buf()));
        }
        let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp_db = dir.join(format!(".{name}.db.tmp"));
        let tmp_out = dir.join(format!(".{name}.tmp"));
        let result = self.backup_inner(out, &tmp_db, &tmp_out);
        for p in [&tmp_db, &tmp_out] {
            let _ = std::fs::remove_file(p);
            let _ = std::fs::remove_file(format!("{}-wal", p.display()));
            let _ = std::fs::remove_file(format!("{}-shm", p.display()));
        }
        result
    }

    fn backup_inner(&mut self, out: &Path, tmp_db: &Path, tmp_out: &Path) -> Result<BackupSummary> {
        let header =
            std::fs::read(self.state.root.join(KEY_FILE)).map_err(|e| StoreError::io(self.root().join(KEY_FILE), e))?;
        {
            let mut dst = Connection::open(tmp_db)?;
            crate::restrict(tmp_db, 0o600)?;
            let _: Option<String> = dst.query_row("PRAGMA cipher_log_level = NONE", [], |r| r.get(0)).optional()?;
            {
                let key = self.state.database_key.sqlcipher_pragma_value();
                dst.pragma_update(None, "key", &*key)?;
            }
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
                backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
            }
            // The copy is complete in itself: it has no WAL to miss.
            dst.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('closed_clean', '1')", [])?;
            let _: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        }
        let db = std::fs::read(tmp_db).map_err(|e| StoreError::io(tmp_db, e))?;
        {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(tmp_out)
                .map_err(|e| StoreError::io(tmp_out, e))?;
            crate::restrict(tmp_out, 0o600)?;
            let io = |e| StoreError::io(tmp_out, e);
            f.write_all(MAGIC).map_err(io)?;
            f.write_all(&(header.len() as u64).to_be_bytes()).map_err(io)?;
            f.write_all(&header).map_err(io)?;
            f.write_all(&db).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(tmp_out, out).map_err(|e| StoreError::io(out, e))?;
        let (log_entries, log_head) = crate::log::head(&self.conn)?;
        let bytes = std::fs::metadata(out).map_err(|e| StoreError::io(out, e))?.len();
        Ok(BackupSummary { file: out.to_path_buf(), bytes, log_entries, log_head })
    }

    /// Restores a backup made by [`Archive::backup_to`] into `to` (a directory that must not exist
    /// or be empty) and verifies it with `pass`. When verification finds a problem, or the file is
    /// not a backup, the restored files are removed again and the report (or error) says why.
    pub fn restore(file: &Path, to: &Path, pass: &Passphrase, options: OpenOptions) -> Result<VerifyReport> {
        let bytes = std::fs::read(file).map_err(|e| StoreError::io(file, e))?;
        let not_a_backup =
            |why: &str| StoreError::invalid("backup", format!("{}: not an attest backup ({why})", file.display()));
        let rest = bytes.strip_prefix(MAGIC).ok_or_else(|| not_a_backup("wrong header"))?;
        let (len, rest) = rest.split_at_checked(8).ok_or_else(|| not_a_backup("truncated"))?;
        let len = u64::from_be_bytes(len.try_into().map_err(|_| not_a_backup("truncated"))?) as usize;
        let (header, db) = rest.split_at_checked(len).ok_or_else(|| not_a_backup("truncated"))?;
        serde_json::from_slice::<attest_vault::KeyHeader>(header).map_err(|_| not_a_backup("damaged key file"))?;
        let existed = to.exists();
        if existed && (!to.is_dir() || std::fs::read_dir(to).map_err(|e| StoreError::io(to, e))?.next().is_some()) {
            return Err(StoreError::AlreadyExists(to.to_path_buf()));
        }
        let cleanup = || {
            if existed {
                for name in [KEY_FILE, DB_FILE, "archive.db-wal", "archive.db-shm"] {
                    let _ = std::fs::remove_file(to.join(name));
                }
            } else {
                let _ = std::fs::remove_dir_all(to);
            }
        };
        let written = (|| -> Result<()> {
            std::fs::create_dir_all(to).map_err(|e| StoreError::io(to, e))?;
            crate::restrict(to, 0o700)?;
            for (name, content) in [(KEY_FILE, header), (DB_FILE, db)] {
                let path = to.join(name);
                std::fs::write(&path, content).map_err(|e| StoreError::io(&path, e))?;
                crate::restrict(&path, 0o600)?;
            }
            Ok(())
        })();
        if let Err(e) = written {
            cleanup();
            return Err(e);
        }
        match Archive::verify_path(to, pass, options) {
            Ok(report) if report.ok => Ok(report),
            other => {
                cleanup();
                other
            }
        }
    }
}
