//! Black-box tests of the `attest` binary: every command as a user runs it, the marker scan that
//! proves sealed values never reach disk or output, bad input, wrong passphrases, tampering, and
//! two processes writing at once.

#![allow(clippy::unwrap_used, missing_docs)]

// One module per command group, like `src/commands/`.
mod analysis;
mod archive;
mod custody;
mod demo;
mod engines;
mod estimate;
mod hardening;
mod integrity;
mod link;
mod search;
mod serve;
mod sources;
mod users;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const PASS: &str = "a test passphrase of some length";

struct Env {
    dir: tempfile::TempDir,
    archive: PathBuf,
    tmp: PathBuf,
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl From<std::process::Output> for Output {
    fn from(out: std::process::Output) -> Self {
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Output {
    fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("not one JSON object ({e}): {}\n{}", self.stdout, self.stderr))
    }
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        let tmp = dir.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        Env { dir, archive, tmp }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary, pointed at this archive with the test passphrase, as `cli-test`, no stdin.
    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_attest"));
        cmd.env("ATTEST_ARCHIVE", &self.archive)
            .env("ATTEST_PASSPHRASE", PASS)
            .env("ATTEST_ACTOR", "cli-test")
            .env("TMPDIR", &self.tmp)
            .stdin(Stdio::null());
        cmd
    }

    fn run_with(&self, args: &[&str], pass: &str, stdin: Option<&str>) -> Output {
        let mut cmd = self.command();
        cmd.args(args)
            .env("ATTEST_PASSPHRASE", pass)
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        }
        Output::from(child.wait_with_output().unwrap())
    }

    /// Runs a command with one more environment variable (a user's or a key's passphrase).
    fn run_env(&self, args: &[&str], var: &str, value: &str) -> Output {
        Output::from(self.command().args(args).env(var, value).output().unwrap())
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, PASS, None)
    }

    /// Runs a command that must succeed with `--json`; returns its object.
    fn ok(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.run(&all);
        assert_eq!(out.code, 0, "attest {args:?} failed: {}{}", out.stdout, out.stderr);
        out.json()
    }

    /// Runs a command that must fail; returns stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_ne!(out.code, 0, "attest {args:?} should have failed: {}", out.stdout);
        assert!(out.stderr.contains("error"), "{}", out.stderr);
        out.stderr
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Every file of the archive with its content (the WAL index is shared memory and skipped).
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        for e in std::fs::read_dir(&self.archive).unwrap() {
            let p = e.unwrap().path();
            if !p.to_string_lossy().ends_with("-shm") {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
        out
    }
}

fn s(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_else(|| panic!("no {key} in {v}")).to_string()
}

/// A case with one witness and one testimony; returns (case, witness, source).
fn populate(env: &Env, sealed_name: &str, transcript: &str) -> (String, String, String) {
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "Mines of North Hamgyong"]), "case_id");
    let witness = s(
        &env.ok(&[
            "witness",
            "add",
            "--case",
            &case,
            "--pseudonym",
            "Choi Ki-sun",
            "--sealed-name",
            sealed_name,
            "--sealed-contact",
            "invented contact",
            "--consent",
            "publish-pseudonym",
        ]),
        "witness_id",
    );
    let file = env.write("transcript.txt", transcript.as_bytes());
    let original = env.write("recording.m4a", &[1u8, 2, 3, 4, 5, 6, 7, 8]);
    let (file, original) = (file.to_str().unwrap(), original.to_str().unwrap());
    let more =
        ["--original", original, "--language", "ko", "--interviewed", "2020-11-03", "--interviewer", "Interviewer A"];
    let source = s(&env.ok(&testimony(&case, &witness, file, &more)), "source_id");
    (case, witness, source)
}

/// `source add testimony` of `file` by `witness` in `case`, then `more`.
fn testimony<'a>(case: &'a str, witness: &'a str, file: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["source", "add", "testimony", "--case", case, "--witness", witness, "--file", file];
    args.extend_from_slice(more);
    args
}

/// A forced-labour claim of "about 670" on `span` of `source`, then `more`; returns its id.
fn add_claim(env: &Env, source: &str, span: &str, more: &[&str]) -> String {
    let mut args =
        vec!["claim", "add", "--source", source, "--span", span, "--act", "forced-labour", "--count", "about 670"];
    args.extend_from_slice(more);
    s(&env.ok(&args), "claim_id")
}

/// A marker nobody could guess: the kernel's random UUID without its dashes.
fn random_marker(prefix: &str) -> String {
    let uuid = std::fs::read_to_string("/proc/sys/kernel/random/uuid").unwrap();
    format!("{prefix}{}", uuid.trim().replace('-', ""))
}

fn encodings(marker: &str) -> Vec<(String, Vec<u8>)> {
    let utf16le: Vec<u8> = marker.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = marker.encode_utf16().flat_map(u16::to_be_bytes).collect();
    vec![("utf-8".into(), marker.as_bytes().to_vec()), ("utf-16le".into(), utf16le), ("utf-16be".into(), utf16be)]
}

fn files_under(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn run_user(env: &Env, args: &[&str], password: &str) -> Output {
    env.run_env(args, "ATTEST_USER_PASSWORD", password)
}

fn mse_table(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../attest-estimate/tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}
