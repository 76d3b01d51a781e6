//! Issue 13 at the command line: the all-zero public key the server writes into the database is
//! refused by `attest grant` and noticed by `attest verify`; a substituted key is refused by its
//! pin; accounts come from invitations and their users set their own passwords.

use std::process::{Command, Stdio};

use super::{Env, Output, PASS, files_under, populate, random_marker, run_user, s};

/// A raw SQLCipher connection with the database key: what the workspace server holds.
fn server_sql(env: &Env) -> rusqlite::Connection {
    let header: attest_vault::KeyHeader =
        serde_json::from_slice(&std::fs::read(env.archive.join(attest_store::KEY_FILE)).unwrap()).unwrap();
    let keys = attest_vault::unlock(&header, &attest_vault::Passphrase::for_unlock(PASS.into())).unwrap();
    let conn = rusqlite::Connection::open(env.archive.join(attest_store::DB_FILE)).unwrap();
    conn.pragma_update(None, "key", &*keys.database.sqlcipher_pragma_value()).unwrap();
    conn
}

fn set_public_key(env: &Env, user: &str, key: &[u8; 32]) -> serde_json::Value {
    let conn = server_sql(env);
    let json: String = conn.query_row("SELECT keys FROM app_user WHERE user_id = ?1", [user], |r| r.get(0)).unwrap();
    let mut keys: serde_json::Value = serde_json::from_str(&json).unwrap();
    let before = keys.clone();
    keys["public_key"] = serde_json::json!(key);
    conn.execute("UPDATE app_user SET keys = ?2 WHERE user_id = ?1", [user, &keys.to_string()]).unwrap();
    before
}

fn restore_keys(env: &Env, user: &str, keys: &serde_json::Value) {
    server_sql(env).execute("UPDATE app_user SET keys = ?2 WHERE user_id = ?1", [user, &keys.to_string()]).unwrap();
}

fn run_vars(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attest"));
    cmd.args(args)
        .env("ATTEST_ARCHIVE", &env.archive)
        .env("ATTEST_PASSPHRASE", PASS)
        .env("ATTEST_ACTOR", "cli-test")
        .stdin(Stdio::null());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    Output::from(cmd.output().unwrap())
}

#[test]
fn the_zero_point_attack_of_the_issue_fails_end_to_end() {
    let env = Env::new();
    let secret = random_marker("SEALEDNAME");
    let (case, witness, _) = populate(&env, &secret, "A short invented testimony about the Aoji mine.");
    let add =
        run_user(&env, &["--json", "user", "add", "--name", "ivan", "--role", "investigator"], "ivan's password 123");
    let ivan = s(&add.json(), "user_id");
    env.ok(&["member", "--user", &ivan, "--case", &case]);
    // The server writes the all-zero point over Ivan's public key.
    let real = set_public_key(&env, &ivan, &[0u8; 32]);
    // verify no longer says OK: the key differs from the one logged when the user was added.
    let v = env.run(&["--json", "verify"]);
    assert_ne!(v.code, 0);
    assert!(v.stdout.contains(&ivan) && v.stdout.contains("without a logged"), "{}", v.stdout);
    // The passphrase holder's ordinary grant is refused, for both kinds; nothing is sealed.
    let before = env.snapshot();
    for kind in ["identities", "testimonies"] {
        let out = env.run(&["--json", "grant", "--user", &ivan, "--case", &case, "--kind", kind]);
        assert_ne!(out.code, 0);
        assert!(out.stderr.contains("low-order"), "{}", out.stderr);
        assert_eq!(out.json()["error"]["code"], "key_problem");
    }
    assert_eq!(env.snapshot(), before);
    let grants: i64 = server_sql(&env).query_row("SELECT count(*) FROM user_grant", [], |r| r.get(0)).unwrap();
    assert_eq!(grants, 0, "no grant exists that a zero shared secret would open");
    // With the real key back, the first grant pins it and prints its fingerprint.
    restore_keys(&env, &ivan, &real);
    let granted = env.run(&["grant", "--user", &ivan, "--case", &case]);
    assert_eq!(granted.code, 0, "{}", granted.stderr);
    assert!(
        granted.stdout.contains("Key fingerprint of") && granted.stdout.contains("pinned now"),
        "{}",
        granted.stdout
    );
    // The zero point again, now against the pin: grant and the re-seal of a revoke are refused.
    let ana = s(
        &run_user(&env, &["--json", "user", "add", "--name", "ana", "--role", "analyst"], "ana's password 4567").json(),
        "user_id",
    );
    env.ok(&["member", "--user", &ana, "--case", &case]);
    env.ok(&["grant", "--user", &ana, "--case", &case]);
    set_public_key(&env, &ivan, &[0u8; 32]);
    let before = env.snapshot();
    for args in [
        vec!["--json", "grant", "--user", &ivan, "--case", &case, "--kind", "testimonies"],
        vec!["--json", "revoke", "--user", &ana, "--case", &case],
    ] {
        let out = env.run(&args);
        assert_ne!(out.code, 0, "{args:?}");
        assert_eq!(out.json()["error"]["code"], "key_custody", "{}", out.stderr);
        assert!(out.stderr.contains("not the key pinned") && out.stderr.contains("attest user pin"), "{}", out.stderr);
    }
    assert_eq!(env.snapshot(), before, "refused commands leave every file as it was");
    // Ivan notices too: unlocking checks the stored public key against his private key.
    let r = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &ivan], "ivan's password 123");
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("replaced"), "{}", r.stderr);
    assert!(!r.stdout.contains(&secret) && !r.stderr.contains(&secret));
}

#[test]
fn accounts_come_from_invitations_and_users_own_their_passwords() {
    let env = Env::new();
    let secret = random_marker("SEALEDNAME");
    let (case, witness, _) = populate(&env, &secret, "A short invented testimony about the Aoji mine.");
    let inv = env.ok(&["user", "invite", "--name", "mina", "--role", "investigator", "--valid-hours", "24"]);
    let (mina, code) = (s(&inv, "user_id"), s(&inv, "code"));
    let text = env.run(&["user", "invite", "--name", "jun", "--role", "viewer"]);
    assert!(text.stdout.contains("shown once"), "{}", text.stdout);
    // Only the code and the user's own password make the account.
    let wrong = run_vars(
        &env,
        &["--json", "user", "accept", "--name", "mina"],
        &[("ATTEST_INVITATION_CODE", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"), ("ATTEST_USER_PASSWORD", "mina's own password")],
    );
    assert_eq!(wrong.json()["error"]["code"], "forbidden");
    let ok = run_vars(
        &env,
        &["--json", "user", "accept", "--name", "mina"],
        &[("ATTEST_INVITATION_CODE", &code), ("ATTEST_USER_PASSWORD", "mina's own password")],
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let again = run_vars(
        &env,
        &["--json", "user", "accept", "--name", "mina"],
        &[("ATTEST_INVITATION_CODE", &code), ("ATTEST_USER_PASSWORD", "someone else's password")],
    );
    assert_ne!(again.code, 0, "a code works once");
    env.ok(&["member", "--user", &mina, "--case", &case]);
    let g = env.ok(&["grant", "--user", &mina, "--case", &case]);
    assert_eq!(g["newly_pinned"], true);
    // Her password, changed by her; grants keep working under the new one only.
    let pw = run_vars(
        &env,
        &["--json", "user", "passwd", "--name", "mina"],
        &[("ATTEST_USER_PASSWORD", "mina's own password"), ("ATTEST_NEW_USER_PASSWORD", "mina's second password")],
    );
    assert_eq!(pw.code, 0, "{}", pw.stderr);
    let old = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &mina], "mina's own password");
    assert_ne!(old.code, 0);
    let new = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &mina], "mina's second password");
    assert_eq!(new.json()["legal_name"], secret.as_str());
    // Rotation: her grants move to the new key; the custodian pins it after hearing the fingerprint.
    let rot = run_user(&env, &["--json", "user", "rotate", "--name", "mina"], "mina's second password");
    let fp = s(&rot.json(), "fingerprint");
    let refused = env.run(&["--json", "grant", "--user", &mina, "--case", &case, "--kind", "testimonies"]);
    assert_eq!(refused.json()["error"]["code"], "key_custody");
    assert!(
        env.fails(&["user", "pin", "--user", &mina, "--fingerprint", "AAAAA-AAAAA-AAAAA-AAAAA"])
            .contains("nothing pinned")
    );
    env.ok(&["user", "pin", "--user", &mina, "--fingerprint", &fp]);
    env.ok(&["grant", "--user", &mina, "--case", &case, "--kind", "testimonies"]);
    let after = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &mina], "mina's second password");
    assert_eq!(after.json()["legal_name"], secret.as_str());
    assert_eq!(env.ok(&["verify"])["ok"], true);
    // The administrator's only reset: a new invitation; the old password opens nothing.
    let reset = env.ok(&["user", "reset", "--user", &mina]);
    let gone = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &mina], "mina's second password");
    assert_ne!(gone.code, 0);
    assert!(!gone.stdout.contains(&secret));
    // Codes and passwords never reach the archive's files.
    let mut files = Vec::new();
    files_under(&env.archive, &mut files);
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        for needle in [code.as_str(), s(&reset, "code").as_str(), "mina's own password", "mina's second password"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{} holds a secret", f.display());
        }
    }
}
