//! Issue 12, item 1: someone holding the database key (a compromised `attest serve` holds it)
//! edits, deletes or inserts records directly in SQL. Each tampering is done on a copy of one
//! real archive through a real SQLCipher connection, and `verify` must name the record (and the
//! field, for an edit). The untouched copy must verify clean, so the test can fail both ways.

use std::path::{Path, PathBuf};

use attest_domain::Role;
use attest_store::Archive;
use attest_vault::{KdfParams, Passphrase};

use super::{add_witness, claim, fixture, insider, testimony, verify_problems};

/// A closed archive with one of every kind of record, and the ids the tamperings need.
struct Rich {
    _dir: tempfile::TempDir,
    root: PathBuf,
    ids: Vec<(&'static str, String)>,
}

impl Rich {
    fn id(&self, name: &str) -> &str {
        &self.ids.iter().find(|(n, _)| *n == name).unwrap().1
    }
}

fn rich() -> Rich {
    let mut f = fixture();
    let case = f.case.as_str().to_string();
    let second = add_witness(&mut f, "W-Two", "Invented Name Two", None);
    let text = "Ri Chol-ho said 30 men were taken from the Aoji barracks in 1997.";
    let (src2, claims2) =
        f.archive.add_testimony(testimony(&f.case, &second, text), vec![claim("0..10", "forced-labour")]).unwrap();
    let first_claim = f.archive.list_claims(Some(&case)).unwrap()[0].claim_id.clone();
    f.archive.add_dependency(&case, "shared-interviewer", f.source.as_str(), src2.as_str(), None).unwrap();
    f.archive
        .add_event_decision(
            &case,
            attest_store::EventDecision::Merge,
            first_claim.as_str(),
            claims2[0].as_str(),
            Some("same shift"),
        )
        .unwrap();
    let pw = Passphrase::for_unlock("viewer password long".into());
    let viewer = f.archive.add_user("vic", Role::Viewer, &pw, KdfParams::for_tests()).unwrap();
    let inv = f.archive.add_user("ivy", Role::Investigator, &pw, KdfParams::for_tests()).unwrap();
    f.archive.add_member(viewer.as_str(), &case).unwrap();
    f.archive.add_member(inv.as_str(), &case).unwrap();
    f.archive.grant_identities(inv.as_str(), &case).unwrap();
    let dir = f._dir;
    let root = f.root.clone();
    drop(f.archive);
    let ids = vec![
        ("case", case),
        ("witness", f.witness.as_str().to_string()),
        ("witness2", second.as_str().to_string()),
        ("source", f.source.as_str().to_string()),
        ("source2", src2.as_str().to_string()),
        ("claim", first_claim.as_str().to_string()),
        ("claim2", claims2[0].as_str().to_string()),
        ("viewer", viewer.as_str().to_string()),
        ("investigator", inv.as_str().to_string()),
    ];
    Rich { _dir: dir, root, ids }
}

fn copy_archive(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn every_record_tampering_with_the_database_key_is_named_by_verify() {
    let r = rich();
    assert_eq!(verify_problems(&r.root), Vec::<String>::new(), "the untouched archive verifies clean");
    let (claim, source, witness) = (r.id("claim"), r.id("source"), r.id("witness"));
    // (what, SQL with {placeholders}, every substring the problem must hold)
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "claim act",
            format!("UPDATE claim SET act_slug = 'execution' WHERE claim_id = '{claim}'"),
            vec![format!("claim {claim} differs"), "act_slug changed".into()],
        ),
        (
            "claim place",
            format!("UPDATE claim SET place = 'Elsewhere' WHERE claim_id = '{claim}'"),
            vec![format!("claim {claim}"), "place changed".into()],
        ),
        (
            "claim date",
            format!("UPDATE claim SET when_edtf = '1999', when_earliest = '1999-01-01' WHERE claim_id = '{claim}'"),
            vec![format!("claim {claim}"), "when_edtf changed".into(), "when_earliest changed".into()],
        ),
        (
            "claim count",
            format!("UPDATE claim SET count_text = 'about 6700' WHERE claim_id = '{claim}'"),
            vec![format!("claim {claim}"), "count_text changed".into()],
        ),
        (
            "claim passage",
            format!("UPDATE claim SET passage = '1998' WHERE claim_id = '{claim}'"),
            vec![format!("claim {claim}"), "passage changed".into()],
        ),
        (
            "claim span",
            format!("UPDATE claim SET span_start = 4 WHERE claim_id = '{claim}'"),
            vec![format!("claim {claim}"), "span_start changed".into()],
        ),
        (
            "claim victim added",
            format!("UPDATE claim SET victim = 'someone' WHERE claim_id = '{claim}'"),
            vec![format!("claim {claim}"), "victim added".into()],
        ),
        (
            "claim deleted",
            format!("DELETE FROM claim WHERE claim_id = '{claim}'"),
            vec![format!("claim {claim} was deleted without a log entry")],
        ),
        (
            "source deleted",
            format!(
                "DELETE FROM claim WHERE source_id = '{source}'; DELETE FROM original WHERE source_id = '{source}'; DELETE FROM source WHERE source_id = '{source}'"
            ),
            vec![format!("source {source} was deleted without a log entry")],
        ),
        (
            "witness deleted",
            format!("DELETE FROM witness WHERE witness_id = '{witness}'"),
            vec![format!("witness {witness} was deleted without a log entry")],
        ),
        (
            "testimony moved to another witness",
            format!("UPDATE source SET witness_id = '{}' WHERE source_id = '{source}'", r.id("witness2")),
            vec![format!("source {source} differs"), "witness_id changed".into()],
        ),
        (
            "consent changed",
            format!("UPDATE witness SET consent = 'publish-name' WHERE witness_id = '{witness}'"),
            vec![format!("witness {witness}"), "consent changed".into()],
        ),
        (
            "sealed contact removed",
            format!("UPDATE witness SET sealed_contact = NULL WHERE witness_id = '{witness}'"),
            vec![format!("witness {witness}"), "sealed_contact removed".into()],
        ),
        (
            "viewer promoted",
            format!("UPDATE app_user SET role = 'admin' WHERE user_id = '{}'", r.id("viewer")),
            vec![format!("app_user {}", r.id("viewer")), "role changed".into()],
        ),
        (
            "membership inserted",
            format!(
                "INSERT INTO case_file (case_id, title, created_at, wrapped_case_key, wrapped_identity_key) SELECT 'case_zzzzzzzzzzzzzzzz', title, created_at, wrapped_case_key, wrapped_identity_key FROM case_file; INSERT INTO membership VALUES ('{}', 'case_zzzzzzzzzzzzzzzz', 'now')",
                r.id("viewer")
            ),
            vec![
                "case_file case_zzzzzzzzzzzzzzzz is in the archive but was never logged".into(),
                format!("membership {}/case_zzzzzzzzzzzzzzzz is in the archive but was never logged", r.id("viewer")),
            ],
        ),
        (
            "membership deleted",
            format!("DELETE FROM membership WHERE user_id = '{}'", r.id("viewer")),
            vec![format!("membership {}/{} was deleted", r.id("viewer"), r.id("case"))],
        ),
        (
            "grant given",
            format!(
                "INSERT INTO user_grant (user_id, case_id, kind, sealed, created_at) SELECT '{}', case_id, kind, sealed, created_at FROM user_grant",
                r.id("viewer")
            ),
            vec![format!(
                "user_grant {}/{}/identities is in the archive but was never logged",
                r.id("viewer"),
                r.id("case")
            )],
        ),
        (
            "dependency inserted",
            format!(
                "INSERT INTO dependency (case_id, kind, a_id, b_id, created_at) VALUES ('{}', 'same-person', '{witness}', '{}', 'now')",
                r.id("case"),
                r.id("witness2")
            ),
            vec!["dependency 2 is in the archive but was never logged".into()],
        ),
        (
            "dependency kind edited",
            "UPDATE dependency SET kind = 'cites'".into(),
            vec!["dependency 1 differs".into(), "kind changed".into()],
        ),
        (
            "event decisions deleted",
            "DELETE FROM event_decision".into(),
            vec!["event_decision 1 was deleted without a log entry".into()],
        ),
        (
            "event decision flipped",
            "UPDATE event_decision SET decision = 'split'".into(),
            vec!["event_decision 1 differs".into(), "decision changed".into()],
        ),
        (
            "case key replaced",
            "UPDATE case_file SET wrapped_case_key = x'00'".into(),
            vec![format!("case_file {}", r.id("case")), "wrapped_case_key changed".into()],
        ),
        (
            "act relabelled",
            "UPDATE act SET label = 'nothing' WHERE act_slug = 'forced-labour'".into(),
            vec!["act forced-labour differs".into(), "label changed".into()],
        ),
    ];
    for (what, sql, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("archive");
        copy_archive(&r.root, &copy);
        // An attacker switches foreign keys off first, so deletions go through.
        insider(&copy)
            .execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}"))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let problems = verify_problems(&copy);
        for needle in &expected {
            assert!(
                problems.iter().any(|p| p.contains(needle.as_str())),
                "{what}: no problem names {needle:?}: {problems:?}"
            );
        }
    }
}

#[test]
fn a_revoke_commits_the_resealed_records_and_verifies_clean() {
    let r = rich();
    let mut archive = Archive::open(&r.root, &super::pass(), super::opts()).unwrap();
    archive.revoke_identities(r.id("investigator"), r.id("case")).unwrap();
    let report = archive.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    let last = archive.log().unwrap().pop().unwrap();
    let tables: Vec<&str> =
        last.detail["records"].as_array().unwrap().iter().map(|c| c["table"].as_str().unwrap()).collect();
    assert!(
        tables.contains(&"witness") && tables.contains(&"case_file") && tables.contains(&"user_grant"),
        "{tables:?}"
    );
    // The revoked grant is committed as removed; putting it back is caught.
    let removed = last.detail["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["table"] == "user_grant" && c["sha256"].is_null())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    drop(archive);
    insider(&r.root)
        .execute_batch(&format!(
            "INSERT INTO user_grant (user_id, case_id, kind, sealed, created_at) VALUES ('{}', '{}', 'identities', x'01', 'now')",
            r.id("investigator"),
            r.id("case")
        ))
        .unwrap();
    let problems = verify_problems(&r.root);
    assert!(
        problems.iter().any(|p| p.contains(&format!("user_grant {removed} is in the archive although log entry"))),
        "{problems:?}"
    );
}

#[test]
fn an_archive_from_before_record_commitments_gets_one_baseline_entry() {
    let r = rich();
    // Make it look like an archive from before the migration that asks for a baseline: no
    // commitments in its log, the request pending.
    let conn = insider(&r.root);
    conn.execute_batch(
        "UPDATE log_entry SET detail = json_remove(detail, '$.records');
         INSERT INTO meta (key, value) VALUES ('records_baseline_pending', '1');",
    )
    .unwrap();
    drop(conn);
    // The chain is broken by that rewrite of course; what matters here is the baseline.
    let archive = Archive::open(&r.root, &super::pass(), super::opts()).unwrap();
    let log = archive.log().unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.action, "archive.commit-records");
    assert!(last.detail["records"].as_array().unwrap().len() > 10);
    drop(archive);
    // Opened again: no second baseline.
    let again = Archive::open(&r.root, &super::pass(), super::opts()).unwrap();
    assert_eq!(again.log().unwrap().len(), log.len());
    let problems = verify_problems(&r.root);
    assert!(problems.iter().all(|p| !p.contains("never logged") && !p.contains("differs")), "{problems:?}");
}

/// Issue 12, item 2 (second half) and the backup: a copy of `archive.db` taken without its `-wal`
/// while the archive is open loses the newest changes; verify now says so. `attest backup`'s
/// copy holds them and restores verified.
#[test]
fn a_copy_without_its_wal_is_reported_and_a_backup_keeps_everything() {
    let mut f = fixture();
    // Make sure the writes below stay in the WAL: the main file is only updated at a checkpoint.
    let revealed = f.archive.reveal_witness(&f.witness, Some("court request")).unwrap();
    drop(revealed);
    let wal = f.root.join("archive.db-wal");
    assert!(wal.exists() && std::fs::metadata(&wal).unwrap().len() > 0, "the reveal sits in the WAL");
    let entries = f.archive.log().unwrap().len();

    // The careless copy: archive.db and the key file, no -wal.
    let dir = tempfile::tempdir().unwrap();
    let careless = dir.path().join("careless");
    std::fs::create_dir(&careless).unwrap();
    for name in [attest_store::KEY_FILE, attest_store::DB_FILE] {
        std::fs::copy(f.root.join(name), careless.join(name)).unwrap();
    }
    let problems = verify_problems(&careless);
    assert!(problems.iter().any(|p| p.contains("archive.db-wal is missing")), "{problems:?}");

    // The backup, taken while the archive is open, holds the reveal and restores verified.
    let file = dir.path().join("backup.attest");
    let summary = f.archive.backup_to(&file).unwrap();
    assert_eq!(summary.log_entries as usize, entries);
    assert!(f.archive.backup_to(&file).is_err(), "an existing file is never overwritten");
    let restored = dir.path().join("restored");
    let report = Archive::restore(&file, &restored, &super::pass(), super::opts()).unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!(report.log_entries as usize, entries);
    let copy = Archive::open(&restored, &super::pass(), super::opts()).unwrap();
    assert_eq!(copy.log().unwrap().last().unwrap().action, "witness.reveal");
    drop(copy);

    // A damaged backup restores nothing and leaves no directory behind.
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    bytes[n - 5000] ^= 0x40;
    let damaged = dir.path().join("damaged.attest");
    std::fs::write(&damaged, bytes).unwrap();
    let target = dir.path().join("from-damaged");
    let out = Archive::restore(&damaged, &target, &super::pass(), super::opts());
    assert!(out.as_ref().map_or(true, |r| !r.ok), "a damaged backup must not restore clean");
    assert!(!target.exists());
    // A wrong passphrase: refused, nothing left.
    let wrong = Archive::restore(&file, &target, &Passphrase::for_unlock("wrong wrong wrong".into()), super::opts());
    assert!(wrong.is_err() && !target.exists());

    // Closed properly, archive.db alone is whole again: no warning.
    drop(f.archive);
    let closed = dir.path().join("closed");
    std::fs::create_dir(&closed).unwrap();
    for name in [attest_store::KEY_FILE, attest_store::DB_FILE] {
        std::fs::copy(f.root.join(name), closed.join(name)).unwrap();
    }
    assert_eq!(verify_problems(&closed), Vec::<String>::new());
}

/// Issue 12, item 2: with the database key, deleting the newest log entries (a reveal) and
/// rewriting the stored head leaves a log that is internally consistent; a signed checkpoint
/// taken after the reveal catches it, and an altered or foreign checkpoint is refused.
#[test]
fn a_checkpoint_catches_removed_newest_entries_and_a_rewritten_head() {
    let mut f = fixture();
    let pass = Passphrase::parse("checkpoint key passphrase".into()).unwrap();
    let (key_file, public) =
        attest_vault::new_checkpoint_key(&pass, KdfParams::for_tests(), &mut attest_vault::OsRandom).unwrap();
    let key = attest_vault::unlock_checkpoint_key(&key_file, &pass).unwrap();
    f.archive.reveal_witness(&f.witness, Some("court request")).unwrap();
    let cp = f.archive.tree_head().unwrap().sign(&key);
    let size = cp.tree_size;
    assert_eq!(size as usize, f.archive.log().unwrap().len());
    let (report, problems) = f.archive.check_checkpoint(&cp, Some(&public)).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.public_key.as_deref(), Some(public.to_hex().as_str()));
    // More entries later: still consistent.
    f.archive.add_claim(&f.source, claim("0..2", "forced-labour")).unwrap();
    let (report, problems) = f.archive.check_checkpoint(&cp, Some(&public)).unwrap();
    assert!(problems.is_empty() && report.log_size == size + 1, "{problems:?}");
    drop(f.archive);

    // The insider removes the reveal and everything after it, and rewrites the stored head.
    let conn = insider(&f.root);
    conn.execute_batch(&format!(
        "DELETE FROM claim WHERE claim_id IN (SELECT record_id FROM log_entry WHERE log_entry_id > {prev});
         DELETE FROM log_entry WHERE log_entry_id > {prev};
         UPDATE meta SET value = '{prev}' WHERE key = 'log_head_seq';
         UPDATE meta SET value = (SELECT entry_hash FROM log_entry WHERE log_entry_id = {prev}) WHERE key = 'log_head_hash';",
        prev = size - 1
    ))
    .unwrap();
    drop(conn);
    // Without the checkpoint, nothing inside the archive tells.
    assert_eq!(verify_problems(&f.root), Vec::<String>::new());
    let archive = Archive::open(&f.root, &super::pass(), super::opts()).unwrap();
    let (_, problems) = archive.check_checkpoint(&cp, Some(&public)).unwrap();
    assert!(problems.iter().any(|p| p.message.contains(&format!("covers {size} log entries"))), "{problems:?}");

    // Removing the reveal and appending a forged entry in its place (same size): the prefix differs.
    drop(archive);
    let mut again = Archive::open(&f.root, &super::pass(), super::opts()).unwrap();
    again.add_claim(&f.source, claim("0..2", "forced-labour")).unwrap();
    let (_, problems) = again.check_checkpoint(&cp, Some(&public)).unwrap();
    assert!(problems.iter().any(|p| p.message.contains("rewritten or removed")), "{problems:?}");

    // An altered checkpoint, or one signed by another key, is refused.
    let mut altered = cp.clone();
    altered.tree_size -= 1;
    let (_, problems) = again.check_checkpoint(&altered, Some(&public)).unwrap();
    assert!(problems.iter().any(|p| p.message.contains("altered checkpoint")), "{problems:?}");
    let (_, other) =
        attest_vault::new_checkpoint_key(&pass, KdfParams::for_tests(), &mut attest_vault::OsRandom).unwrap();
    let (_, problems) = again.check_checkpoint(&cp, Some(&other)).unwrap();
    assert!(problems.iter().any(|p| p.message.contains("not by the trusted key")), "{problems:?}");
}

/// Every page of `new` that differs from `old`, spliced back to its `old` version one at a time
/// into a copy: the problem kinds `verify` reports for each.
fn splice_each_page(root: &Path, old: &[u8], new: &[u8]) -> Vec<(usize, Vec<&'static str>)> {
    let page = 4096;
    let mut out = Vec::new();
    for i in 0..old.len().min(new.len()) / page {
        let range = i * page..(i + 1) * page;
        if old[range.clone()] == new[range.clone()] {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("archive");
        std::fs::create_dir(&copy).unwrap();
        std::fs::copy(root.join(attest_store::KEY_FILE), copy.join(attest_store::KEY_FILE)).unwrap();
        let mut bytes = new.to_vec();
        bytes[range.clone()].copy_from_slice(&old[range]);
        std::fs::write(copy.join(attest_store::DB_FILE), &bytes).unwrap();
        let report = Archive::verify_path(&copy, &super::pass(), super::opts()).unwrap();
        out.push((i, report.problems.iter().map(|p| p.kind).collect()));
    }
    out
}

/// Issue 13, item 5: SQLCipher authenticates each page by itself (its HMAC covers the page and
/// its number, not the rest of the file), so whoever can write the file can put back an older
/// version of a page of the same database and SQLCipher accepts it. Every such single-page
/// splice of a real archive must make `verify` fail. When records grow, SQLite's own structure
/// checks already object; when a write rewrites rows in place (a revoke re-seals every sealed
/// field of the case), the spliced page is well-formed and only the record commitments and the
/// log catch it.
#[test]
fn an_older_page_spliced_into_a_newer_copy_fails_verify() {
    use attest_domain::Role;
    let mut f = fixture();
    let root = f.root.clone();
    let case = f.case.as_str().to_string();
    let pw = Passphrase::for_unlock("investigator password".into());
    let inv = f.archive.add_user("ivy", Role::Investigator, &pw, KdfParams::for_tests()).unwrap();
    f.archive.add_member(inv.as_str(), &case).unwrap();
    f.archive.grant_identities(inv.as_str(), &case).unwrap();
    // Closing puts everything into archive.db (no WAL): keep that older file.
    drop(f.archive);
    let old = std::fs::read(root.join(attest_store::DB_FILE)).unwrap();

    // Growth: a reveal and a claim appended.
    f.archive = Archive::open(&root, &super::pass(), super::opts()).unwrap();
    f.archive.reveal_witness(&f.witness, Some("court request")).unwrap();
    f.archive.add_claim(&f.source, claim("0..2", "forced-labour")).unwrap();
    drop(f.archive);
    let grown = std::fs::read(root.join(attest_store::DB_FILE)).unwrap();
    assert!(!root.join("archive.db-wal").exists());
    assert_eq!(verify_problems(&root), Vec::<String>::new());
    let splices = splice_each_page(&root, &old, &grown);
    assert!(splices.len() >= 2, "{splices:?}");
    for (page, kinds) in &splices {
        assert!(!kinds.is_empty(), "page {page}: an older version of it spliced in went unnoticed");
    }

    // Rows rewritten in place: the revoke re-seals the witness's fields under a new key.
    let before_revoke = grown;
    let mut archive = Archive::open(&root, &super::pass(), super::opts()).unwrap();
    archive.revoke_identities(inv.as_str(), &case).unwrap();
    drop(archive);
    let revoked = std::fs::read(root.join(attest_store::DB_FILE)).unwrap();
    assert_eq!(verify_problems(&root), Vec::<String>::new());
    let splices = splice_each_page(&root, &before_revoke, &revoked);
    for (page, kinds) in &splices {
        assert!(!kinds.is_empty(), "page {page}: an older version of it spliced in went unnoticed");
    }
    assert!(
        splices.iter().any(|(_, kinds)| !kinds.contains(&"database") && kinds.contains(&"record")),
        "a well-formed older page is caught by the record commitments: {splices:?}"
    );
}
