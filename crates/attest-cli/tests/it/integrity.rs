//! Issue 12 at the command line: checkpoints signed with a separate key catch an insider who
//! removes the newest log entries (a reveal) and rewrites the stored head; `verify` names a
//! record changed in SQL; backups restore verified; `serve` writes unsigned tree heads.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::{Env, Output, PASS, add_claim, populate, s};

const KEY_PASS: &str = "the checkpoint key's own passphrase";

fn run_key(env: &Env, args: &[&str], key_pass: &str) -> Output {
    env.run_env(args, "ATTEST_CHECKPOINT_PASSPHRASE", key_pass)
}

fn ok_key(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run_key(env, &all, KEY_PASS);
    assert_eq!(out.code, 0, "attest {args:?}: {}{}", out.stdout, out.stderr);
    out.json()
}

/// The insider: a raw SQLCipher connection with the archive's real key.
fn insider(archive: &Path) -> rusqlite::Connection {
    let header: attest_vault::KeyHeader =
        serde_json::from_slice(&std::fs::read(archive.join(attest_store::KEY_FILE)).unwrap()).unwrap();
    let keys = attest_vault::unlock(&header, &attest_vault::Passphrase::for_unlock(PASS.into())).unwrap();
    let conn = rusqlite::Connection::open(archive.join(attest_store::DB_FILE)).unwrap();
    conn.pragma_update(None, "key", &*keys.database.sqlcipher_pragma_value()).unwrap();
    conn
}

#[test]
fn a_signed_checkpoint_catches_a_removed_reveal_that_verify_alone_cannot() {
    let env = Env::new();
    let (_case, witness, _source) = populate(&env, "Invented Sealed Name", "An invented testimony about the mine.");
    let key = env.path("checkpoint-key.json");
    let made = ok_key(&env, &["checkpoint-key", "init", "--out", key.to_str().unwrap()]);
    let public = s(&made, "public_key");
    let key_text = std::fs::read_to_string(&key).unwrap();
    assert!(!key_text.contains(KEY_PASS) && key_text.contains(&public));
    // A wrong key passphrase: refused before the archive is opened; nothing written.
    let cp = env.path("after-reveal.json");
    let wrong =
        run_key(&env, &["checkpoint", "--out", cp.to_str().unwrap(), "--key", key.to_str().unwrap()], "wrong one here");
    assert_ne!(wrong.code, 0);
    assert!(!cp.exists() && !wrong.stderr.contains("wrong one here"), "{}", wrong.stderr);

    env.ok(&["witness", "reveal", &witness, "--reason", "court request"]);
    let signed = ok_key(&env, &["checkpoint", "--out", cp.to_str().unwrap(), "--key", key.to_str().unwrap()]);
    let size = signed["checkpoint"]["tree_size"].as_u64().unwrap();
    assert_eq!(signed["checkpoint"]["public_key"], public.as_str());
    assert!(
        run_key(&env, &["checkpoint", "--out", cp.to_str().unwrap(), "--unsigned"], KEY_PASS).code != 0,
        "never overwritten"
    );
    let ok = env.ok(&["verify", "--checkpoint", cp.to_str().unwrap(), "--trusted-key", &public]);
    assert_eq!(ok["ok"], true, "{ok}");
    assert_eq!(ok["checkpoint"]["public_key"], public.as_str());

    // The insider deletes the reveal's entry and rewrites the head stored beside the log.
    let conn = insider(&env.archive);
    conn.execute_batch(&format!(
        "DELETE FROM log_entry WHERE log_entry_id = {size};
         UPDATE meta SET value = '{prev}' WHERE key = 'log_head_seq';
         UPDATE meta SET value = (SELECT entry_hash FROM log_entry WHERE log_entry_id = {prev}) WHERE key = 'log_head_hash';",
        prev = size - 1
    ))
    .unwrap();
    drop(conn);
    assert_eq!(env.ok(&["verify"])["ok"], true, "from inside the archive alone the removal cannot be seen");
    let caught = env.run(&["--json", "verify", "--checkpoint", cp.to_str().unwrap(), "--trusted-key", &public]);
    assert_eq!(caught.code, 1, "{}", caught.stdout);
    let report = caught.json();
    let problems = report["problems"].to_string();
    assert!(problems.contains(&format!("covers {size} log entries")), "{problems}");

    // A forged checkpoint (signed by another key) is not taken for the deposited one.
    let other = env.path("other-key.json");
    ok_key(&env, &["checkpoint-key", "init", "--out", other.to_str().unwrap()]);
    let forged = env.path("forged.json");
    ok_key(&env, &["checkpoint", "--out", forged.to_str().unwrap(), "--key", other.to_str().unwrap()]);
    let refused = env.run(&["--json", "verify", "--checkpoint", forged.to_str().unwrap(), "--trusted-key", &public]);
    assert_eq!(refused.code, 1);
    assert!(refused.json()["problems"].to_string().contains("not by the trusted key"));
}

#[test]
fn unsigned_heads_are_signed_away_from_the_archive_and_serve_writes_them() {
    let env = Env::new();
    populate(&env, "Invented Sealed Name", "An invented testimony about the mine.");
    let key = env.path("key.json");
    let public = s(&ok_key(&env, &["checkpoint-key", "init", "--out", key.to_str().unwrap()]), "public_key");
    let head = env.path("head.json");
    let unsigned = env.ok(&["checkpoint", "--out", head.to_str().unwrap(), "--unsigned"]);
    assert!(unsigned["checkpoint"]["signature"].is_null());
    // Unsigned, it is not accepted as a checkpoint.
    let out = env.run(&["--json", "verify", "--checkpoint", head.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert!(out.json()["problems"].to_string().contains("not signed"));
    // The key holder signs it without the archive passphrase.
    let signed = env.path("signed.json");
    let o = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(["--json", "checkpoint-key", "sign", head.to_str().unwrap(), "--key", key.to_str().unwrap(), "--out"])
        .arg(&signed)
        .env("ATTEST_CHECKPOINT_PASSPHRASE", KEY_PASS)
        .env_remove("ATTEST_PASSPHRASE")
        .env("ATTEST_ARCHIVE", "/nonexistent")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(env.ok(&["verify", "--checkpoint", signed.to_str().unwrap(), "--trusted-key", &public])["ok"], true);
    // An edited head no longer matches its signature.
    let mut cp: Value = serde_json::from_slice(&std::fs::read(&signed).unwrap()).unwrap();
    cp["root_hash"] = Value::String("00".repeat(32));
    let edited = env.path("edited.json");
    std::fs::write(&edited, cp.to_string()).unwrap();
    let out = env.run(&["--json", "verify", "--checkpoint", edited.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert!(out.json()["problems"].to_string().contains("altered checkpoint"));

    // `serve --checkpoint-dir`: a tree head at start, and no key anywhere near the server.
    let dir = env.path("heads");
    let mut child = env
        .command()
        .args(["--json", "serve", "--addr", "127.0.0.1:0", "--checkpoint-every", "60", "--checkpoint-dir"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut found = None;
    for _ in 0..200 {
        if let Some(e) = std::fs::read_dir(&dir).ok().and_then(|mut d| d.next()) {
            found = Some(e.unwrap().path());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written = found.expect("serve wrote a tree head");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let served: Value = serde_json::from_slice(&std::fs::read(&written).unwrap()).unwrap();
    assert!(served["signature"].is_null() && served["tree_size"].as_u64().unwrap() > 3, "{served}");
}

#[test]
fn backup_restores_verified_and_verify_names_a_claim_changed_in_sql() {
    let env = Env::new();
    let (_case, _witness, source) = populate(&env, "Invented Sealed Name", "나는 1997년 아오지 탄광에서 일했다.");
    let claim = add_claim(&env, &source, "3..7", &[]);
    let file = env.path("archive.backup");
    let b = env.ok(&["backup", "--out", file.to_str().unwrap()]);
    assert!(b["bytes"].as_u64().unwrap() > 4096, "{b}");
    assert!(env.fails(&["backup", "--out", file.to_str().unwrap()]).contains("already exists"));
    let to = env.path("restored");
    let r = env.ok(&["restore", file.to_str().unwrap(), "--to", to.to_str().unwrap()]);
    assert_eq!(r["report"]["ok"], true, "{r}");
    assert!(env.fails(&["restore", file.to_str().unwrap(), "--to", to.to_str().unwrap()]).contains("not empty"));
    let garbage = env.write("garbage.backup", b"not a backup at all");
    let bad_to = env.path("bad");
    assert!(
        env.fails(&["restore", garbage.to_str().unwrap(), "--to", bad_to.to_str().unwrap()])
            .contains("not an attest backup")
    );
    assert!(!bad_to.exists());

    // An insider changes the claim's count in SQL: verify names the claim and the field.
    insider(&env.archive).execute("UPDATE claim SET count_text = 'about 6700' WHERE claim_id = ?1", [&claim]).unwrap();
    let out = env.run(&["--json", "verify"]);
    assert_eq!(out.code, 1);
    let problems = out.json()["problems"].to_string();
    assert!(
        problems.contains(&format!("claim {claim} differs")) && problems.contains("count_text changed"),
        "{problems}"
    );
}
