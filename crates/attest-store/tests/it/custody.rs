//! Issue 13's attacks, each run against a real archive: the database-key holder (the workspace
//! server) rewrites rows through SQL, the passphrase holder then does an ordinary grant, revoke or
//! reveal, and the attack must fail with a clear error and leave the archive unchanged.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use attest_domain::{Consent, Pseudonym, Role};
use attest_store::{Archive, NewWitness, OpenOptions, StoreError};
use attest_vault::{KdfParams, Passphrase, SecretText, UserKeys, VaultError};

use super::{Fixture, fixture, insider, pass, snapshot, verify_problems};

fn pw(s: &str) -> Passphrase {
    Passphrase::for_unlock(s.to_string())
}

fn stored_keys(f: &Fixture, user: &str) -> UserKeys {
    let json: String =
        insider(&f.root).query_row("SELECT keys FROM app_user WHERE user_id = ?1", [user], |r| r.get(0)).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// What the server does with the database key: rewrite a user's stored keys.
fn replace_keys(f: &Fixture, user: &str, keys: &UserKeys) {
    insider(&f.root)
        .execute("UPDATE app_user SET keys = ?2 WHERE user_id = ?1", [user, &serde_json::to_string(keys).unwrap()])
        .unwrap();
}

/// A member user with the test KDF.
fn member(f: &mut Fixture, name: &str, password: &str) -> String {
    let id = f.archive.add_user(name, Role::Investigator, &pw(password), KdfParams::for_tests()).unwrap();
    f.archive.add_member(id.as_str(), f.case.as_str()).unwrap();
    id.as_str().to_string()
}

#[test]
fn a_public_key_replaced_by_the_zero_point_gets_nothing_sealed_to_it() {
    let mut f = fixture();
    let case = f.case.as_str().to_string();
    let ivan = member(&mut f, "ivan", "investigator password");
    // The attack of the issue, before any pin exists: the server sets Ivan's public key to the
    // all-zero point, whose shared secret with any key is zero.
    let mut keys = stored_keys(&f, &ivan);
    keys.public_key = [0u8; 32];
    replace_keys(&f, &ivan, &keys);
    let before = snapshot(&f.root);
    for grant in [Archive::grant_identities, Archive::grant_testimonies] {
        let err = grant(&mut f.archive, &ivan, &case).unwrap_err();
        assert!(matches!(err, StoreError::Vault(VaultError::LowOrderKey { .. })), "{err}");
        assert!(err.to_string().contains("low-order"), "{err}");
    }
    assert_eq!(snapshot(&f.root), before, "a refused grant writes nothing, not even a pin");
    let grants: i64 = insider(&f.root).query_row("SELECT count(*) FROM user_grant", [], |r| r.get(0)).unwrap();
    assert_eq!(grants, 0);
    // Once a key is pinned, a zero point in its place is refused by the pin before any sealing,
    // also in the re-seal that revoking another user runs.
    let ada = member(&mut f, "ada", "admin password long");
    let real = stored_keys(&f, &ada);
    f.archive.grant_identities(&ada, &case).unwrap();
    let ana = member(&mut f, "ana", "analyst password long");
    f.archive.grant_identities(&ana, &case).unwrap();
    let mut zero = real.clone();
    zero.public_key = [0u8; 32];
    replace_keys(&f, &ada, &zero);
    let before = snapshot(&f.root);
    let err = f.archive.grant_testimonies(&ada, &case).unwrap_err();
    assert!(matches!(err, StoreError::Custody(_)) && err.to_string().contains("not the key pinned"), "{err}");
    let err = f.archive.revoke_identities(&ana, &case).unwrap_err();
    assert!(matches!(err, StoreError::Custody(_)), "{err}");
    assert_eq!(snapshot(&f.root), before, "refused grant and revoke write nothing");
    // And the user notices: unlocking checks the stored public key against the private key.
    let err = f.archive.reveal_witness_as(&ada, &pw("admin password long"), &f.witness, None).unwrap_err();
    assert!(matches!(err, StoreError::Vault(VaultError::KeyMismatch { .. })), "{err}");
    assert!(verify_problems(&f.root).iter().any(|p| p.contains(&ada) && p.contains("without a logged")));
}

#[test]
fn substituting_the_attackers_own_key_is_refused_with_a_clear_error() {
    let mut f = fixture();
    let case = f.case.as_str().to_string();
    let ivan = member(&mut f, "ivan", "investigator password");
    let first = f.archive.grant_identities(&ivan, &case).unwrap();
    assert!(first.newly_pinned, "the first grant pins the key and shows its fingerprint");
    assert_eq!(first.fingerprint, attest_vault::key_fingerprint(&stored_keys(&f, &ivan).public_key));
    assert!(f.archive.log().unwrap().iter().any(|e| e.action == "user.key_pin" && e.record_id == ivan));
    // The server replaces Ivan's whole stored keys with a pair of its own (it knows the password
    // it chose), then waits for the custodian's next grant.
    let mallory = attest_vault::new_user(
        &ivan,
        &pw("mallory's own password"),
        KdfParams::for_tests(),
        &mut attest_vault::OsRandom,
    )
    .unwrap();
    replace_keys(&f, &ivan, &mallory);
    let before = snapshot(&f.root);
    let err = f.archive.grant_testimonies(&ivan, &case).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Custody(_)), "{msg}");
    assert!(
        msg.contains("not the key pinned") && msg.contains(&attest_vault::key_fingerprint(&mallory.public_key)),
        "{msg}"
    );
    assert!(msg.contains("attest user pin"), "the error says what to do: {msg}");
    assert_eq!(snapshot(&f.root), before);
    // Deleting the pin does not help: the log remembers there was one.
    insider(&f.root).execute("DELETE FROM user_key_pin WHERE user_id = ?1", [&ivan]).unwrap();
    let err = f.archive.grant_testimonies(&ivan, &case).unwrap_err();
    assert!(err.to_string().contains("pin of") && err.to_string().contains("deleted"), "{err}");
    // The swapped key cannot open the grant sealed to Ivan's real key either.
    let err = f.archive.reveal_witness_as(&ivan, &pw("mallory's own password"), &f.witness, None).unwrap_err();
    assert!(!err.to_string().contains("Invented"), "{err}");
    assert!(matches!(err, StoreError::Vault(_)), "{err}");
    // Re-pinning needs the archive key and the fingerprint the user reads out.
    let err = f.archive.pin_user_key(&ivan, "AAAAA-AAAAA-AAAAA-AAAAA").unwrap_err();
    assert!(err.to_string().contains("nothing pinned"), "{err}");
}

#[test]
fn a_rolled_back_revoke_is_detected_and_refused() {
    let mut f = fixture();
    let case = f.case.as_str().to_string();
    let ivan = member(&mut f, "ivan", "investigator password");
    let ada = member(&mut f, "ada", "admin password long");
    f.archive.grant_identities(&ivan, &case).unwrap();
    f.archive.grant_identities(&ada, &case).unwrap();
    // The server keeps a copy of the key and grant rows, then the custodian revokes Ivan.
    type Rows = (Vec<u8>, i64, Vec<(String, Vec<u8>, i64)>);
    let old: Rows = {
        let c = insider(&f.root);
        let (w, g) = c
            .query_row(
                "SELECT wrapped_identity_key, identity_key_generation FROM case_file WHERE case_id = ?1",
                [&case],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let grants = c
            .prepare("SELECT user_id, sealed, generation FROM user_grant WHERE kind = 'identities'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        (w, g, grants)
    };
    assert_eq!(old.1, 1);
    f.archive.revoke_identities(&ivan, &case).unwrap();
    let gen_now: i64 = insider(&f.root)
        .query_row("SELECT identity_key_generation FROM case_file WHERE case_id = ?1", [&case], |r| r.get(0))
        .unwrap();
    assert_eq!(gen_now, 2);
    // First, only Ivan's old grant row comes back: it is of generation 1, the case is at 2.
    {
        let c = insider(&f.root);
        let (_, sealed, g) = old.2.iter().find(|(u, _, _)| *u == ivan).unwrap();
        c.execute(
            "INSERT INTO user_grant (user_id, case_id, kind, sealed, created_at, generation) VALUES (?1, ?2, 'identities', ?3, 'x', ?4)",
            rusqlite::params![ivan, case, sealed, g],
        )
        .unwrap();
    }
    let err = f.archive.reveal_witness_as(&ivan, &pw("investigator password"), &f.witness, None).unwrap_err();
    assert!(matches!(err, StoreError::Forbidden { .. }) && err.to_string().contains("generation 1"), "{err}");
    // Then the whole rollback: the old wrapped key, its generation and every old grant.
    {
        let c = insider(&f.root);
        c.execute(
            "UPDATE case_file SET wrapped_identity_key = ?2, identity_key_generation = ?3 WHERE case_id = ?1",
            rusqlite::params![case, old.0, old.1],
        )
        .unwrap();
        c.execute("DELETE FROM user_grant WHERE kind = 'identities'", []).unwrap();
        for (u, sealed, g) in &old.2 {
            c.execute(
                "INSERT INTO user_grant (user_id, case_id, kind, sealed, created_at, generation) VALUES (?1, ?2, 'identities', ?3, 'x', ?4)",
                rusqlite::params![u, case, sealed, g],
            )
            .unwrap();
        }
    }
    // Ivan may not use the restored grant, and the custodian may not seal a new witness under
    // the old key (which Ivan could open): both see the log's generation 2.
    drop(f.archive);
    let mut a = Archive::open(&f.root, &pass(), OpenOptions::new("tester")).unwrap();
    let before = snapshot(&f.root);
    let err = a.reveal_witness_as(&ivan, &pw("investigator password"), &f.witness, None).unwrap_err();
    assert!(matches!(err, StoreError::Custody(_)) && err.to_string().contains("rolled back"), "{err}");
    let err = a
        .add_witness(NewWitness {
            case_id: f.case.clone(),
            pseudonym: Pseudonym::parse("New Witness").unwrap(),
            consent: Consent::PublishPseudonym,
            sealed_name: SecretText::new("Invented Name Two".into()),
            sealed_contact: None,
            sealed_notes: None,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Custody(_)), "{err}");
    assert_eq!(snapshot(&f.root), before, "refusals write nothing");
    assert!(a.reveal_witness(&f.witness, None).is_err());
    drop(a);
    let problems = verify_problems(&f.root);
    assert!(problems.iter().any(|p| p.contains("rolled back")), "{problems:?}");
}

#[test]
fn original_files_metadata_is_sealed_and_the_log_holds_a_keyed_digest() {
    let f = fixture();
    let recording = attest_store::sha256_hex(&[7u8; 4096]);
    let transcript = attest_store::sha256_hex(super::TEXT.as_bytes());
    // The passphrase holder still sees name, size and hash.
    let shown = f.archive.get_source(f.source.as_str()).unwrap();
    assert_eq!(
        (shown.originals[1].file_name.as_str(), shown.originals[1].bytes, shown.originals[1].sha256.as_str()),
        ("recording.m4a", 4096, recording.as_str())
    );
    drop(f.archive);
    // The database-key holder does not: no plain hash, name or size in the rows or the log.
    let c = insider(&f.root);
    let rows: Vec<(String, i64, String, i64)> = c
        .prepare("SELECT file_name, bytes, sha256, length(sealed) FROM original")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(rows.len(), 2);
    for (name, bytes, digest, _) in &rows {
        assert!(name.is_empty() && *bytes == 0, "{name} {bytes}");
        assert!(digest != &recording && digest != &transcript);
    }
    let log: Vec<String> = c
        .prepare("SELECT detail FROM log_entry")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let log = log.join("\n");
    assert!(!log.contains(&recording) && !log.contains("recording.m4a") && !log.contains("4096"), "{log}");
    assert!(log.contains(&rows[1].2), "the log commits to the keyed digest");
    // Padding: the sealed length is not the file's length plus a constant.
    assert_ne!(rows[1].3, 4096 + 1 + 24 + 16);
    drop(c);
    // In a workspace server (no case key) the name reads as sealed.
    let served = Archive::open_for_serve(&f.root, &pass(), OpenOptions::new("srv")).unwrap();
    let shown = served.get_source(f.source.as_str()).unwrap();
    assert!(
        shown.originals.iter().all(|o| o.file_name.contains("sealed") && o.sha256 != recording),
        "{:?}",
        shown.originals
    );
    drop(served);
    assert!(verify_problems(&f.root).is_empty());
}

#[test]
fn secret_bearing_types_print_no_secret() {
    let mut f = fixture();
    let inv = f.archive.invite_user("newcomer", Role::Analyst, 24).unwrap();
    let shown = format!("{inv:?}");
    assert!(!shown.contains(inv.code.expose()), "{shown}");
    let ivan = member(&mut f, "ivan", "investigator password");
    let keys = stored_keys(&f, &ivan);
    let shown = format!("{keys:?}");
    assert!(
        !shown.contains("salt") && !shown.contains("verifier") && !shown.contains(&format!("{:?}", keys.salt)),
        "{shown}"
    );
}

/// A clock the test moves.
struct TestClock(Arc<AtomicU64>);

impl attest_store::Clock for TestClock {
    fn now(&self) -> String {
        attest_store::rfc3339_utc(self.0.load(Ordering::SeqCst))
    }
}

#[test]
fn invitations_passwords_rotation_and_reset() {
    let f = fixture();
    let case = f.case.as_str().to_string();
    drop(f.archive);
    let t = Arc::new(AtomicU64::new(1_795_000_000));
    let opts = |t: &Arc<AtomicU64>| OpenOptions {
        actor: "custodian".into(),
        clock: Box::new(TestClock(t.clone())),
        rng: Box::new(attest_vault::OsRandom),
    };
    let mut a = Archive::open(&f.root, &pass(), opts(&t)).unwrap();
    let kdf = KdfParams::for_tests();
    // An invitation: no password exists until the user sets one.
    let inv = a.invite_user("mina", Role::Investigator, 48).unwrap();
    assert!(a.authenticate("mina", &pw("anything at all here")).unwrap().is_none());
    a.add_member(&inv.user_id, &case).unwrap();
    let err = a.grant_identities(&inv.user_id, &case).unwrap_err();
    assert!(err.to_string().contains("not accepted"), "{err}");
    // Wrong code, wrong name, and (later) an expired or used code all fail alike.
    let before = snapshot(&f.root);
    let wrong =
        a.accept_invitation("mina", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", &pw("mina's own password"), kdf).unwrap_err();
    let wrong_name = a.accept_invitation("nobody", inv.code.expose(), &pw("mina's own password"), kdf).unwrap_err();
    assert_eq!(wrong.to_string(), wrong_name.to_string());
    assert_eq!(snapshot(&f.root), before);
    let id = a.accept_invitation("mina", inv.code.expose(), &pw("mina's own password"), kdf).unwrap();
    assert_eq!(id, inv.user_id);
    assert!(a.accept_invitation("mina", inv.code.expose(), &pw("a second password"), kdf).is_err(), "codes work once");
    assert!(a.authenticate("mina", &pw("mina's own password")).unwrap().is_some());
    let pinned = a.grant_identities(&id, &case).unwrap();
    assert!(pinned.newly_pinned);
    // Password change: the same key, so grants keep working, under the new password only.
    assert!(a.change_password(&id, &pw("not her password"), &pw("mina's new password"), kdf).is_err());
    a.change_password(&id, &pw("mina's own password"), &pw("mina's new password"), kdf).unwrap();
    assert!(a.authenticate("mina", &pw("mina's own password")).unwrap().is_none());
    assert_eq!(
        a.reveal_witness_as(&id, &pw("mina's new password"), &f.witness, None).unwrap().name.expose(),
        "Invented Name One"
    );
    // Rotation: a new key pair; her grants are sealed again by her, the holder; the custodian
    // must confirm the new fingerprint before granting or re-keying again.
    let fp = a.rotate_user_keys(&id, &pw("mina's new password")).unwrap();
    assert_ne!(fp, pinned.fingerprint);
    assert_eq!(
        a.reveal_witness_as(&id, &pw("mina's new password"), &f.witness, None).unwrap().name.expose(),
        "Invented Name One"
    );
    let err = a.grant_testimonies(&id, &case).unwrap_err();
    assert!(matches!(err, StoreError::Custody(_)), "{err}");
    a.pin_user_key(&id, &fp.to_lowercase()).unwrap();
    assert!(!a.grant_testimonies(&id, &case).unwrap().newly_pinned);
    assert!(a.verify().unwrap().ok, "{:?}", a.verify().unwrap().problems);
    // Reset by the administrator: a new invitation; old keys and grants are gone at once.
    let reset = a.reset_user(&id, 1).unwrap();
    assert!(a.authenticate("mina", &pw("mina's new password")).unwrap().is_none());
    assert!(a.reveal_witness_as(&id, &pw("mina's new password"), &f.witness, None).is_err());
    let u = a.get_user(&id).unwrap();
    assert!(u.identity_grants.is_empty() && u.testimony_grants.is_empty());
    let entry = a.log().unwrap().into_iter().rev().find(|e| e.action == "user.reset").unwrap();
    assert_eq!(entry.detail["grants_removed"], 2);
    // The reset code expires after an hour.
    t.fetch_add(3601, Ordering::SeqCst);
    assert!(a.accept_invitation("mina", reset.code.expose(), &pw("mina's third password"), kdf).is_err());
    let again = a.reset_user(&id, 24).unwrap();
    assert!(
        a.accept_invitation("mina", reset.code.expose(), &pw("mina's third password"), kdf).is_err(),
        "old codes stop working"
    );
    a.accept_invitation("mina", again.code.expose(), &pw("mina's third password"), kdf).unwrap();
    assert!(a.authenticate("mina", &pw("mina's third password")).unwrap().is_some());
    // After a reset the new key is pinned afresh at the next grant (the old pin was removed
    // with the old key, and logged as such).
    assert!(a.grant_identities(&id, &case).unwrap().newly_pinned);
    assert!(a.verify().unwrap().ok, "{:?}", a.verify().unwrap().problems);
    let log = serde_json::to_string(&a.log().unwrap()).unwrap();
    for secret in [inv.code.expose(), reset.code.expose(), again.code.expose(), "mina's"] {
        assert!(!log.contains(secret), "{secret} in the log");
    }
}

/// Page splicing: SQLCipher authenticates each page on its own, so an older copy of a page of the
/// same database passes. Here the page holding `case_file` is put back as it was before a revoke:
/// SQLCipher opens the file without complaint, and `verify` reports the rolled-back key.
#[test]
fn an_older_page_spliced_into_the_database_passes_sqlcipher_and_is_caught_by_verify() {
    let mut f = fixture();
    let case = f.case.as_str().to_string();
    let ivan = member(&mut f, "ivan", "investigator password");
    f.archive.grant_identities(&ivan, &case).unwrap();
    drop(f.archive);
    let checkpoint = |root: &std::path::Path| {
        let c = insider(root);
        let _: (i64, i64, i64) =
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    };
    checkpoint(&f.root);
    let (page_size, page): (i64, i64) = {
        let c = insider(&f.root);
        // SQLCipher answers this pragma as text.
        let size: String = c.query_row("PRAGMA cipher_page_size", [], |r| r.get(0)).unwrap();
        let size: i64 = size.parse().unwrap();
        let page = c.query_row("SELECT pageno FROM dbstat WHERE name = 'case_file' LIMIT 1", [], |r| r.get(0)).unwrap();
        (size, page)
    };
    let db = f.root.join(attest_store::DB_FILE);
    let older = std::fs::read(&db).unwrap();
    let mut a = Archive::open(&f.root, &pass(), OpenOptions::new("tester")).unwrap();
    a.revoke_identities(&ivan, &case).unwrap();
    drop(a);
    checkpoint(&f.root);
    let mut newer = std::fs::read(&db).unwrap();
    let at = ((page - 1) * page_size) as usize..(page * page_size) as usize;
    assert_ne!(newer[at.clone()], older[at.clone()], "the revoke rewrote the page");
    newer[at.clone()].copy_from_slice(&older[at]);
    std::fs::write(&db, &newer).unwrap();
    // SQLCipher accepts the page: it is a valid page of this database at this position.
    let generation: i64 = insider(&f.root)
        .query_row("SELECT identity_key_generation FROM case_file WHERE case_id = ?1", [&case], |r| r.get(0))
        .unwrap();
    assert_eq!(generation, 1, "the spliced page is read as it was before the revoke");
    let problems = verify_problems(&f.root);
    assert!(problems.iter().any(|p| p.contains("rolled back")), "{problems:?}");
}
