//! `verify`: the database's page authentication, the log's hash chain, every record of every table
//! against the log's latest commitment to it (`projection.rs`), every source text and every
//! original against the hashes recorded at intake.
//!
//! Problems are collected, not thrown: a verifier that stops at the first error hides the rest.
//! Each area is one function in [`CHECKS`]; a new area (such as pinned user keys) adds one.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use attest_vault::Passphrase;

use crate::error::{Result, StoreError};
use crate::log::{check_chain, head, sha256_hex};
use crate::records::{Problem, VerifyReport};
use crate::{Archive, OpenOptions};

fn problem(kind: &'static str, message: impl Into<String>) -> Problem {
    Problem { kind, message: message.into() }
}

/// One area of verification: adds its problems (and counts) to the report.
type Check = fn(&mut Archive, &mut VerifyReport) -> Result<()>;

/// Every area, in order: pages first (nothing else means much if they fail), then the log, then
/// what the log commits to.
const CHECKS: &[(&str, Check)] = &[
    ("database pages", Archive::check_pages),
    ("log chain", Archive::check_log),
    ("records", Archive::check_records),
    ("texts and originals", Archive::check_texts_and_originals),
];

impl Archive {
    /// Opens the archive at `root` and verifies it. Damage that prevents opening is reported as a
    /// problem; only a wrong passphrase or a missing archive is an error.
    pub fn verify_path(root: &Path, pass: &Passphrase, options: OpenOptions) -> Result<VerifyReport> {
        // Opening creates a `-wal`: whether one was there must be seen first.
        let wal_was_there = root.join(format!("{}-wal", crate::DB_FILE)).exists();
        match Archive::open(root, pass, options) {
            Ok(mut archive) => {
                let mut report = archive.verify()?;
                if !wal_was_there {
                    match crate::backup::wal_missing(&archive.conn, &root.join(crate::DB_FILE)) {
                        Ok(None) => {}
                        Ok(Some(p)) => report.problems.push(p),
                        Err(e) => report.problems.push(problem(
                            "database",
                            format!("{}: stopped reading: {e}", root.join(crate::DB_FILE).display()),
                        )),
                    }
                    report.ok = report.problems.is_empty();
                }
                Ok(report)
            }
            Err(StoreError::Db(e)) => Ok(VerifyReport {
                ok: false,
                problems: vec![problem(
                    "database",
                    format!(
                        "{}: cannot be read ({e}); its pages fail authentication or the file is damaged",
                        root.join(crate::DB_FILE).display()
                    ),
                )],
                log_entries: 0,
                log_head: String::new(),
                originals_checked: 0,
                original_bytes: 0,
                originals_skipped: 0,
                sources_checked: 0,
            }),
            Err(e) => Err(e),
        }
    }

    /// Verifies an open archive.
    pub fn verify(&mut self) -> Result<VerifyReport> {
        let mut report = VerifyReport {
            ok: false,
            problems: Vec::new(),
            log_entries: 0,
            log_head: String::new(),
            originals_checked: 0,
            original_bytes: 0,
            originals_skipped: 0,
            sources_checked: 0,
        };
        for (area, check) in CHECKS {
            if let Err(e) = check(self, &mut report) {
                report.problems.push(problem(
                    "database",
                    format!("{}: {area}: stopped reading: {e}", self.state.root.join(crate::DB_FILE).display()),
                ));
            }
        }
        report.ok = report.problems.is_empty();
        Ok(report)
    }

    fn check_pages(&mut self, report: &mut VerifyReport) -> Result<()> {
        let db = self.state.root.join(crate::DB_FILE);
        {
            let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
            let bad: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for b in bad {
                report.problems.push(problem("database", format!("{}: {b}", db.display())));
            }
        }
        let quick: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if quick != "ok" {
            report.problems.push(problem("database", format!("{}: {quick}", db.display())));
        }
        Ok(())
    }

    fn check_log(&mut self, report: &mut VerifyReport) -> Result<()> {
        if let Some(broken) = check_chain(&self.conn, &self.state.archive_id)? {
            report.problems.push(problem("log", broken));
        }
        let (seq, hash) = head(&self.conn)?;
        report.log_entries = seq;
        report.log_head = hash;
        Ok(())
    }

    fn check_records(&mut self, report: &mut VerifyReport) -> Result<()> {
        for message in crate::projection::check(&self.conn)? {
            report.problems.push(problem("record", message));
        }
        Ok(())
    }

    fn check_texts_and_originals(&mut self, report: &mut VerifyReport) -> Result<()> {
        // What the log says each record was at intake.
        let mut logged: HashMap<String, serde_json::Value> = HashMap::new();
        {
            let mut stmt = self.conn.prepare("SELECT record_id, detail FROM log_entry WHERE action LIKE '%.add'")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let detail: String = r.get(1)?;
                logged.insert(r.get(0)?, serde_json::from_str(&detail).unwrap_or_default());
            }
        }
        {
            let mut stmt = self.conn.prepare("SELECT source_id, text, text_sha256 FROM source ORDER BY source_id")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (id, text, sha): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                report.sources_checked += 1;
                let actual = sha256_hex(text.as_bytes());
                let at_intake = logged.get(&id).and_then(|d| d["text_sha256"].as_str()).map(str::to_string);
                if actual != sha || at_intake.as_deref().is_some_and(|h| h != actual) {
                    report
                        .problems
                        .push(problem("source", format!("text of {id} differs from the text hashed at intake")));
                }
            }
        }

        let mut seen_cases: HashSet<String> = HashSet::new();
        let mut stmt = self.conn.prepare(
            "SELECT o.original_id, o.source_id, s.case_id, o.role, o.sha256, o.sealed_meta, o.sealed FROM original o JOIN source s ON s.source_id = o.source_id ORDER BY o.original_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (source_id, case_id, role, digest, meta, sealed): (
                String,
                String,
                String,
                String,
                Option<Vec<u8>>,
                Vec<u8>,
            ) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
            seen_cases.insert(case_id.clone());
            let name = format!("{role} file of {source_id}");
            let logged_digest = logged.get(&source_id).and_then(|d| {
                d["originals"]
                    .as_array()?
                    .iter()
                    .find(|o| o["role"] == role.as_str())
                    .and_then(|o| o["digest"].as_str().map(str::to_string))
            });
            if logged_digest.as_deref() != Some(digest.as_str()) {
                report
                    .problems
                    .push(problem("original", format!("{name}: intake digest differs from the one in the log")));
            }
            if self.state.archive_key.is_none() && !self.state.case_keys.contains_key(&case_id) {
                // A workspace server holds no case key: the content of originals is checked by
                // `attest verify` at the command line.
                report.originals_skipped += 1;
                continue;
            }
            let key = match self.state.case_key(&self.conn, &case_id) {
                Ok(k) => k,
                Err(e) => {
                    report.problems.push(problem("original", format!("{name}: {e}")));
                    continue;
                }
            };
            // The name is sealed with the file: shown to the case key's holder only.
            let name = meta
                .as_deref()
                .and_then(|m| key.open_original_meta(&source_id, &digest, m).ok())
                .map_or(name, |m| format!("{role} file '{}' of {source_id}", m.file_name));
            // Opening checks the size, the SHA-256 sealed at intake and the keyed digest.
            match crate::write::open_original_row(key, &source_id, &digest, meta.as_deref(), &sealed) {
                Ok((_, bytes)) => {
                    report.originals_checked += 1;
                    report.original_bytes += bytes.len() as i64;
                }
                Err(e) => report.problems.push(problem("original", format!("{name}: {e}"))),
            }
        }
        report.problems.extend(crate::custody::custody_problems(&self.conn)?.into_iter().map(|(k, m)| problem(k, m)));
        Ok(())
    }
}
