//! Black-box tests of the `attest` binary: every command as a user runs it, the marker scan that
//! proves sealed values never reach disk or output, bad input, wrong passphrases, tampering, and
//! two processes writing at once.

#![allow(clippy::unwrap_used, missing_docs)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

mod estimate;
mod hardening;
mod integrity;
mod link;

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

    fn run_with(&self, args: &[&str], pass: &str, stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_attest"));
        cmd.args(args)
            .env("ATTEST_ARCHIVE", &self.archive)
            .env("ATTEST_PASSPHRASE", pass)
            .env("ATTEST_ACTOR", "cli-test")
            .env("TMPDIR", &self.tmp)
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        }
        Output::from(child.wait_with_output().unwrap())
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
    let source = s(
        &env.ok(&[
            "source",
            "add",
            "testimony",
            "--case",
            &case,
            "--witness",
            &witness,
            "--file",
            file.to_str().unwrap(),
            "--original",
            original.to_str().unwrap(),
            "--language",
            "ko",
            "--interviewed",
            "2020-11-03",
            "--interviewer",
            "Interviewer A",
        ]),
        "source_id",
    );
    (case, witness, source)
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

#[test]
fn sealed_and_testimony_markers_never_reach_disk_or_output() {
    let env = Env::new();
    let sealed = random_marker("SEALEDNAME");
    let sealed_hangul = format!("봉인{sealed}");
    let body = random_marker("TESTIMONYBODY");
    let transcript = format!("나는 1997년 아오지 탄광에서 일했다. {body} 함경북도.");
    let (case, witness, source) = populate(&env, &sealed_hangul, &transcript);

    // Every command, with and without --json. Reveal is the one that may print the sealed value.
    let claim = s(
        &env.ok(&[
            "claim",
            "add",
            "--source",
            &source,
            "--span",
            "3..8",
            "--act",
            "forced-labour",
            "--when",
            "1997",
            "--count",
            "about 670",
            "--place",
            "아오지",
        ]),
        "claim_id",
    );
    env.ok(&["act", "add", "forced-marriage", "--label", "Forced marriage"]);
    let mut outputs = Vec::new();
    for args in [
        vec!["act", "list"],
        vec!["show", "case", &case],
        vec!["show", "witness", &witness],
        vec!["show", "source", &source],
        vec!["show", "claim", &claim],
        vec!["list", "case"],
        vec!["list", "witness"],
        vec!["list", "source", "--case", &case],
        vec!["list", "claim"],
        vec!["log"],
        vec!["verify"],
        vec!["show", "witness", "wit_0000000000000000"],
        vec!["witness", "add", "--case", &case, "--pseudonym", "Choi Ki-sun", "--sealed-name", &sealed_hangul],
    ] {
        for json in [false, true] {
            let mut a = args.clone();
            if json {
                a.push("--json");
            }
            outputs.push((a.join(" "), env.run(&a)));
        }
    }
    let reveal = env.ok(&["witness", "reveal", &witness, "--reason", "court request"]);
    assert_eq!(s(&reveal, "legal_name"), sealed_hangul);
    let log = env.ok(&["log"]);
    let last = log["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(s(&last, "action"), "witness.reveal");
    assert_eq!(s(&last, "actor"), "cli-test");

    for (cmd, out) in &outputs {
        assert!(
            !out.stdout.contains(&sealed) && !out.stderr.contains(&sealed),
            "sealed marker printed by `attest {cmd}`"
        );
    }
    // The body is testimony text: `show source` prints it, and nothing prints the sealed name.
    assert!(outputs.iter().any(|(c, o)| c.starts_with("show source") && o.stdout.contains(&body)));

    let mut files = Vec::new();
    files_under(&env.archive, &mut files);
    files_under(&env.tmp, &mut files);
    assert!(files.len() >= 2, "{files:?}");
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        for marker in [&sealed, &body] {
            for (enc, needle) in encodings(marker) {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                    "{} found in {} as {enc}",
                    marker,
                    f.display()
                );
            }
        }
        for hangul in ["아오지", "봉인"] {
            assert!(!bytes.windows(hangul.len()).any(|w| w == hangul.as_bytes()), "{hangul} found in {}", f.display());
        }
    }
}

#[test]
fn json_and_text_faces_of_the_main_flow() {
    let env = Env::new();
    let (case, witness, source) = populate(
        &env,
        "Invented Legal Name",
        "I worked at the Aoji coal mine from 1953 until 1993. About 670 people worked there.",
    );
    let claim = env.ok(&[
        "claim",
        "add",
        "--source",
        &source,
        "--span",
        "0..50",
        "--act",
        "Forced labour",
        "--when",
        "1953/1993",
        "--count",
        "23, of whom 6 survived",
    ]);
    assert_eq!(s(&claim, "passage"), "I worked at the Aoji coal mine from 1953 until 199");
    let shown = env.ok(&["show", "claim", &s(&claim, "claim_id")]);
    assert_eq!(shown["act"], "forced-labour");
    assert_eq!(shown["when"]["earliest"]["year"], 1953);
    assert_eq!(shown["when"]["latest"]["year"], 1993);
    assert_eq!(shown["count"]["note"], "of whom 6 survived");
    assert_eq!(shown["count"]["note_count"], 6);

    let src = env.ok(&["show", "source", &source]);
    assert_eq!(src["originals"].as_array().unwrap().len(), 2);
    assert_eq!(src["originals"][1]["file_name"], "recording.m4a");
    assert_eq!(src["witness_pseudonym"], "Choi Ki-sun");

    let cases = env.ok(&["list", "case"]);
    assert_eq!(cases["cases"][0]["case_id"], case.as_str());
    assert_eq!(cases["cases"][0]["claims"], 1);
    let w = env.ok(&["show", "witness", &witness]);
    assert_eq!(w["consent"], "publish-pseudonym");
    assert!(w.get("legal_name").is_none());

    let text = env.run(&["show", "witness", &witness]);
    assert!(
        text.stdout.contains("Choi Ki-sun") && text.stdout.contains("sealed: legal_name, contact"),
        "{}",
        text.stdout
    );
    let verify = env.run(&["verify"]);
    assert_eq!(verify.code, 0);
    assert!(verify.stdout.starts_with("OK"), "{}", verify.stdout);
}

#[test]
fn sealed_values_can_come_from_stdin() {
    let env = Env::new();
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "T"]), "case_id");
    let out = env.run_with(
        &[
            "witness",
            "add",
            "--case",
            &case,
            "--pseudonym",
            "P-1",
            "--sealed-name",
            "-",
            "--sealed-notes",
            "-",
            "--json",
        ],
        PASS,
        Some("Name From Stdin\nNotes from stdin\n"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let id = s(&out.json(), "witness_id");
    let r = env.ok(&["witness", "reveal", &id]);
    assert_eq!(r["legal_name"], "Name From Stdin");
    assert_eq!(r["notes"], "Notes from stdin");
    assert_eq!(r["contact"], Value::Null);
}

#[test]
fn init_refuses_short_passphrases_and_used_paths() {
    let env = Env::new();
    let out = env.run_with(&["init"], "short", None);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("passphrase too short"), "{}", out.stderr);
    assert!(!env.archive.exists());
    let out = env.run_with(&["init"], "", None);
    assert_ne!(out.code, 0);
    env.ok(&["init"]);
    let err = env.fails(&["init"]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn wrong_passphrase_is_a_clear_error_and_writes_nothing() {
    let env = Env::new();
    let (case, _, _) = populate(&env, "Invented", "text of a testimony");
    let before = env.snapshot();
    for args in [vec!["case", "add", "--title", "x"], vec!["list", "case"], vec!["verify"], vec!["log"]] {
        let out = env.run_with(&args, "the wrong passphrase", None);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.contains("wrong passphrase"), "{}", out.stderr);
    }
    let out = env.run_with(&["show", "case", &case, "--json"], "the wrong passphrase", None);
    assert_eq!(out.json()["error"]["code"], "wrong_passphrase");
    assert_eq!(before, env.snapshot());
}

#[test]
fn bad_input_names_the_argument_and_changes_nothing() {
    let env = Env::new();
    let transcript = "짧은 증언입니다. A short testimony.";
    let (case, witness, source) = populate(&env, "Invented", transcript);
    let span_error =
        format!("--span: span 5..500 ends past the text, which has {} characters", transcript.chars().count());
    let before = env.snapshot();
    let binary = env.write("binary.bin", &[b'o', b'k', 0xFF, 0x00, 0x81, 0xC3]);
    let missing = env.path("no-such-file.txt");
    let good = env.write("good.txt", b"good text");
    let (b, m, g) = (binary.to_str().unwrap(), missing.to_str().unwrap(), good.to_str().unwrap());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["show", "case", "case_0000000000000000"], "no case with id case_0000000000000000"),
        (vec!["show", "source", &witness], "not a source id"),
        (vec!["claim", "add", "--source", &source, "--span", "5..500", "--act", "torture"], &span_error),
        (vec!["claim", "add", "--source", &source, "--span", "9..2", "--act", "torture"], "--span"),
        (
            vec!["claim", "add", "--source", &source, "--span", "0..2", "--act", "unheard-of"],
            "unknown act 'unheard-of'",
        ),
        (
            vec!["claim", "add", "--source", &source, "--span", "0..2", "--act", "torture", "--when", "1997-02-30"],
            "--when: date '1997-02-30': day 30 does not exist",
        ),
        (
            vec!["claim", "add", "--source", &source, "--span", "0..2", "--act", "torture", "--count", "lots"],
            "--count: count 'lots'",
        ),
        (
            vec!["source", "add", "testimony", "--case", &case, "--witness", &witness, "--file", b],
            "not UTF-8 (invalid byte sequence at byte 2)",
        ),
        (vec!["source", "add", "testimony", "--case", &case, "--witness", &witness, "--file", m], "--file"),
        (
            vec![
                "source",
                "add",
                "testimony",
                "--case",
                &case,
                "--witness",
                &witness,
                "--file",
                g,
                "--interviewed",
                "yesterday",
            ],
            "--interviewed",
        ),
        (
            vec![
                "source",
                "add",
                "testimony",
                "--case",
                &case,
                "--witness",
                &witness,
                "--file",
                g,
                "--language",
                "korean",
            ],
            "--language",
        ),
        (
            vec!["source", "add", "testimony", "--case", &case, "--witness", "wit_0000000000000000", "--file", g],
            "no witness with id wit_0000000000000000",
        ),
        (
            vec!["witness", "add", "--case", &case, "--pseudonym", "X", "--sealed-name", "Y", "--consent", "sure"],
            "--consent",
        ),
        (
            vec!["witness", "add", "--case", "case_0000000000000000", "--pseudonym", "X", "--sealed-name", "Y"],
            "no case with id",
        ),
    ];
    for (args, expect) in cases {
        let err = env.fails(&args);
        assert!(err.contains(expect), "attest {args:?}\nexpected: {expect}\ngot: {err}");
        assert!(err.contains(m) || !args.contains(&m), "missing file not named: {err}");
    }
    assert_eq!(before, env.snapshot(), "a failed command changed the archive");
    assert_eq!(env.ok(&["verify"])["ok"], true);
}

#[test]
fn legacy_korean_transcripts_are_converted() {
    let env = Env::new();
    let (case, witness, _) = populate(&env, "Invented", "first");
    // "함경북도 회령에서 일했습니다." in EUC-KR, written out so the test does not depend on the
    // code under test to produce its input.
    let euc_kr: &[u8] = &[
        0xC7, 0xD4, 0xB0, 0xE6, 0xBA, 0xCF, 0xB5, 0xB5, 0x20, 0xC8, 0xB8, 0xB7, 0xC9, 0xBF, 0xA1, 0xBC, 0xAD, 0x20,
        0xC0, 0xCF, 0xC7, 0xDF, 0xBD, 0xC0, 0xB4, 0xCF, 0xB4, 0xD9, 0x2E,
    ];
    let f = env.write("legacy.txt", euc_kr);
    let out =
        env.ok(&["source", "add", "testimony", "--case", &case, "--witness", &witness, "--file", f.to_str().unwrap()]);
    assert_eq!(out["encoding"], "euc-kr");
    let shown = env.ok(&["show", "source", &s(&out, "source_id")]);
    assert_eq!(shown["text"], "함경북도 회령에서 일했습니다.");
}

#[test]
fn verify_reports_a_flipped_byte_and_exits_non_zero() {
    let env = Env::new();
    populate(&env, "Invented", "some testimony text that fills a page or two of the archive");
    assert_eq!(env.ok(&["verify"])["ok"], true);
    let db = env.archive.join("archive.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2 + 17;
    bytes[mid] ^= 0x01;
    std::fs::write(&db, bytes).unwrap();
    let out = env.run(&["verify", "--json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(report["ok"], false);
    assert!(report["problems"][0]["message"].as_str().unwrap().contains("archive.db"), "{report}");
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let env = Env::new();
    env.ok(&["init"]);
    let per_writer = 8;
    let spawn = |writer: usize| {
        let archive = env.archive.clone();
        let tmp = env.tmp.clone();
        std::thread::spawn(move || {
            for i in 0..per_writer {
                let out = Command::new(env!("CARGO_BIN_EXE_attest"))
                    .args(["case", "add", "--title", &format!("writer {writer} case {i}"), "--json"])
                    .env("ATTEST_ARCHIVE", &archive)
                    .env("ATTEST_PASSPHRASE", PASS)
                    .env("TMPDIR", &tmp)
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            }
        })
    };
    let handles: Vec<_> = (0..2).map(spawn).collect();
    for h in handles {
        h.join().unwrap();
    }
    let cases = env.ok(&["list", "case"]);
    let titles: std::collections::BTreeSet<String> =
        cases["cases"].as_array().unwrap().iter().map(|c| s(c, "title")).collect();
    assert_eq!(titles.len(), 2 * per_writer);
    let verify = env.ok(&["verify"]);
    assert_eq!(verify["ok"], true, "{verify}");
    assert_eq!(verify["log_entries"], 1 + 2 * per_writer as u64);
}

#[test]
fn demo_builds_a_verified_fictional_case_and_protects_other_directories() {
    let env = Env::new();
    let demo = env.path("demo");
    let d = demo.to_str().unwrap();
    let out = env.ok(&["demo", "--archive", d]);
    assert_eq!(out["verify_ok"], true);
    assert!(out["witnesses"].as_u64().unwrap() >= 3);
    assert!(out["claims"].as_u64().unwrap() >= 10);
    // One workspace login per role; only the investigator may reveal, and the printed passwords work.
    let logins = out["logins"].as_array().unwrap();
    let roles: Vec<&str> = logins.iter().map(|l| l["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["admin", "investigator", "analyst", "viewer"]);
    let users = env.ok(&["user", "list", "--archive", d]);
    let id_of = |name: &str| {
        users.as_array().unwrap().iter().find(|u| u["name"] == name).unwrap()["user_id"].as_str().unwrap().to_string()
    };
    let witness =
        env.ok(&["list", "witness", "--archive", d])["witnesses"][0]["witness_id"].as_str().unwrap().to_string();
    for l in logins {
        let (name, pw) = (l["name"].as_str().unwrap(), l["password"].as_str().unwrap());
        let r = run_user(&env, &["--json", "--archive", d, "witness", "reveal", &witness, "--as", &id_of(name)], pw);
        assert_eq!(r.code == 0, name == "ivan", "{name}: {}{}", r.stdout, r.stderr);
    }
    // Testimonies in both languages, places in Hangul and romanized.
    let claims = env.ok(&["list", "claim", "--archive", d]);
    let places: Vec<String> =
        claims["claims"].as_array().unwrap().iter().filter_map(|c| c["place"].as_str().map(str::to_string)).collect();
    assert!(places.iter().any(|p| p.contains("함경북도") && p.contains("North Hamgyong")));
    assert!(places.iter().any(|p| p.contains("함경남도") && p.contains("South Hamgyong")));
    let sources = env.ok(&["list", "source", "--archive", d]);
    let langs: std::collections::BTreeSet<&str> =
        sources["sources"].as_array().unwrap().iter().filter_map(|x| x["language"].as_str()).collect();
    assert!(langs.contains("ko") && langs.contains("en"));
    // Every claim's passage is exactly the text its span covers.
    for c in claims["claims"].as_array().unwrap() {
        let src = env.ok(&["show", "source", c["source_id"].as_str().unwrap(), "--archive", d]);
        let text: Vec<char> = src["text"].as_str().unwrap().chars().collect();
        let (a, b) = (c["span"]["start"].as_u64().unwrap() as usize, c["span"]["end"].as_u64().unwrap() as usize);
        assert_eq!(text[a..b].iter().collect::<String>(), c["passage"].as_str().unwrap());
    }
    assert_ne!(env.run(&["demo", "--archive", d]).code, 0);
    assert_eq!(env.ok(&["demo", "--archive", d, "--replace"])["verify_ok"], true);
    std::fs::create_dir(env.path("precious")).unwrap();
    std::fs::write(env.path("precious/notes.txt"), "keep me").unwrap();
    let err = env.fails(&["demo", "--archive", env.path("precious").to_str().unwrap(), "--replace"]);
    assert!(err.contains("not a demo archive"), "{err}");
    assert!(env.path("precious/notes.txt").exists());
}

fn mse_table(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../attest-estimate/tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn estimate_prints_one_json_object_and_a_plot() {
    let env = Env::new();
    let plot = env.path("models.svg");
    let out = env.ok(&[
        "estimate",
        &mse_table("kosovo_lcmcr_4lists.csv"),
        "--method",
        "loglinear",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert_eq!(out["method"], "loglinear");
    assert_eq!(out["model"], "[123,14,34]");
    assert_eq!(out["observed"], 4400);
    for key in ["estimate", "ci_low", "ci_high"] {
        assert!(out[key].as_f64().unwrap() > 4400.0, "{key}");
    }
    let models = out["models"].as_array().unwrap();
    assert_eq!(models.len(), 113);
    assert_eq!(models[1]["model"], "[123,134]");
    assert!(!out["assumptions"].as_array().unwrap().is_empty());
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Estimates by model"), "{}", &svg[..100.min(svg.len())]);

    let text = env.run(&["estimate", &mse_table("kosovo_lcmcr_4lists.csv"), "--method", "chapman"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("EXH x ABA") && text.stdout.contains("This estimate assumes"), "{}", text.stdout);
}

#[test]
fn estimate_bayesian_methods_are_reproducible_by_seed() {
    let env = Env::new();
    let table = mse_table("dga_my1997_3lists.csv");
    let run = |seed: &str| {
        env.ok(&[
            "estimate",
            &table,
            "--method",
            "lcmcr",
            "--seed",
            seed,
            "--iterations",
            "6000",
            "--burn-in",
            "1000",
            "--thin",
            "5",
        ])
    };
    let (a, b, c) = (run("7"), run("7"), run("8"));
    assert_eq!(a["estimate"], b["estimate"]);
    assert_eq!(a["lcmcr"]["ess"], b["lcmcr"]["ess"]);
    assert_eq!(a["lcmcr"]["options"]["samples"], 1000);
    assert_ne!(a["lcmcr"]["ess"], c["lcmcr"]["ess"]);
    let plot = env.path("posterior.svg");
    let d = env.ok(&["estimate", &table, "--method", "dga", "--delta", "0.5", "--plot", plot.to_str().unwrap()]);
    assert_eq!(d["estimate"], 732.0);
    assert!(std::fs::read_to_string(&plot).unwrap().contains("Posterior of N"));
}

#[test]
fn estimate_refuses_bad_tables_by_line_and_column() {
    let env = Env::new();
    let cases: Vec<(&str, &[u8], &str)> = vec![
        ("not01.csv", b"A,B,C,count\n1,0,0,5\n0,2,0,4\n", "line 3, column B: '2' is not 0 or 1"),
        ("negative.csv", b"A,B,C,count\n1,0,0,5\n0,1,0,-4\n", "line 3, column count: '-4' is not a count"),
        ("fraction.csv", b"A,B,C,count\n1,0,0,5.5\n", "line 2, column count: '5.5' is not a count"),
        (
            "nocount.csv",
            b"A,B,C,total\n1,0,0,5\n",
            "column total: '5' is not 0 or 1; if this is the count column, name it 'count'",
        ),
        ("onelist.csv", b"A,count\n1,5\n", "at least two lists"),
        (
            "duplicate.csv",
            b"A,B,C,count\n1,0,0,5\n0,1,0,4\n1,0,0,2\n",
            "line 4: duplicate pattern: the same lists were already counted on line 2",
        ),
        ("ragged.csv", b"A,B,C,count\n1,0,0,5\n0,1,4\n", "line 3: 3 fields where the header has 4"),
        ("binary.csv", b"A,B,count\n1,0,\xff\n", "not UTF-8"),
    ];
    for (name, bytes, expect) in cases {
        let path = env.write(name, bytes);
        let err = env.fails(&["estimate", path.to_str().unwrap()]);
        assert!(err.contains(expect), "{name}: expected {expect}\ngot {err}");
        assert!(err.contains(name), "{name} not named: {err}");
    }
    let per_person = env.write("people.csv", b"A,B,C\n1,0,0\n1,1,0\n0,1,1\n1,1,1\n0,0,1\n1,0,1\n0,1,0\n1,1,0\n");
    let out = env.ok(&["estimate", per_person.to_str().unwrap(), "--method", "chapman"]);
    assert_eq!(out["observed"], 8);
    let err = env.fails(&["estimate", &mse_table("kosovo_lcmcr_4lists.csv"), "--model", "[15]"]);
    assert!(err.contains("model '[15]'"), "{err}");
}

fn febrl1() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../attest-link/tests/data/febrl_dataset1.csv")
        .to_string_lossy()
        .into_owned()
}

/// Reads `record_id,cluster_id`, checks every id appears once, returns (ids, clusters).
fn read_clusters(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("record_id,cluster_id"));
    let rows: Vec<(String, String)> = lines
        .map(|l| {
            let (a, b) = l.split_once(',').unwrap();
            (a.to_string(), b.to_string())
        })
        .collect();
    let unique: std::collections::BTreeSet<&String> = rows.iter().map(|r| &r.0).collect();
    assert_eq!(unique.len(), rows.len(), "an id appears twice");
    rows
}

/// Pairwise F1 of clusters against FEBRL truth (rec-N-org / rec-N-dup-k are person N), computed
/// here independently of the engine.
fn febrl_f1(rows: &[(String, String)]) -> f64 {
    let person = |id: &str| id.split('-').nth(1).unwrap().to_string();
    let mut tp = 0u64;
    let mut predicted = 0u64;
    let mut truth = 0u64;
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let same_cluster = rows[i].1 == rows[j].1;
            let same_person = person(&rows[i].0) == person(&rows[j].0);
            predicted += u64::from(same_cluster);
            truth += u64::from(same_person);
            tp += u64::from(same_cluster && same_person);
        }
    }
    let (p, r) = (tp as f64 / predicted as f64, tp as f64 / truth as f64);
    2.0 * p * r / (p + r)
}

#[test]
fn link_deduplicates_with_zero_configuration() {
    let env = Env::new();
    let out = env.path("clusters.csv");
    let summary = env.ok(&["link", &febrl1(), "--out", out.to_str().unwrap()]);
    assert_eq!(summary["records"], 1000);
    assert_eq!(summary["mode"], "dedupe");
    assert!(summary["candidate_pairs"].as_u64().unwrap() > 500);
    assert!(summary["parameters"]["fields"].as_array().unwrap().len() >= 8);
    let rows = read_clusters(&out);
    assert_eq!(rows.len(), 1000);
    let f1 = febrl_f1(&rows);
    assert!(f1 > 0.98, "F1 {f1}");
    // The text face prints the inferred configuration and a summary.
    let text = env.run(&["link", &febrl1(), "--out", out.to_str().unwrap()]);
    assert!(
        text.stderr.contains("Inferred configuration") && text.stderr.contains("role = \"surname\""),
        "{}",
        text.stderr
    );
    assert!(text.stdout.contains("Deduplicated 1000 records"), "{}", text.stdout);
}

#[test]
fn link_config_round_trip_review_and_explain() {
    let env = Env::new();
    let (out, cfg) = (env.path("c.csv"), env.path("link.toml"));
    env.ok(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--save-config", cfg.to_str().unwrap()]);
    let first = read_clusters(&out);
    // The saved configuration, passed back, gives the same clusters.
    env.ok(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--config", cfg.to_str().unwrap()]);
    assert_eq!(read_clusters(&out), first);
    // An edited configuration naming a column the file lacks is refused.
    let broken = std::fs::read_to_string(&cfg).unwrap().replacen("\"surname\"\nrole", "\"family\"\nrole", 1);
    let broken_path = env.write("broken.toml", broken.as_bytes());
    let err =
        env.fails(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--config", broken_path.to_str().unwrap()]);
    assert!(err.contains("configuration"), "{err}");

    // Pick a pair the model linked and overrule it.
    let (a, b) = {
        let mut by_cluster: std::collections::HashMap<&str, Vec<&str>> = Default::default();
        for (id, c) in &first {
            by_cluster.entry(c.as_str()).or_default().push(id.as_str());
        }
        let pair = by_cluster.values().find(|v| v.len() == 2).unwrap();
        (pair[0].to_string(), pair[1].to_string())
    };
    let review = env.write("review.csv", format!("record_id_a,record_id_b,decision\n{a},{b},non-match\n").as_bytes());
    let summary = env.ok(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--review", review.to_str().unwrap()]);
    assert_eq!(summary["review_decisions"], 1);
    let reviewed = read_clusters(&out);
    let cluster_of = |rows: &[(String, String)], id: &str| rows.iter().find(|r| r.0 == id).unwrap().1.clone();
    assert_ne!(cluster_of(&reviewed, &a), cluster_of(&reviewed, &b));
    let bad_review = env.write("bad-review.csv", b"record_id_a,record_id_b,decision\nx,y,perhaps\n");
    let err = env.fails(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--review", bad_review.to_str().unwrap()]);
    assert!(err.contains("line 2, column decision"), "{err}");

    let ex = env.ok(&["link", "explain", &febrl1(), "--a", &a, "--b", &b]);
    let fields = ex["fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["column"] == "surname"));
    let total: f64 = ex["prior"].as_f64().unwrap()
        + fields.iter().map(|f| f["weight"].as_f64().unwrap() + f["tf_adjustment"].as_f64().unwrap()).sum::<f64>();
    assert!((total - ex["total"].as_f64().unwrap()).abs() < 1e-6);
    let err = env.fails(&["link", "explain", &febrl1(), "--a", &a, "--b", "rec-nope"]);
    assert!(err.contains("no record with id 'rec-nope'"), "{err}");
}

#[test]
fn link_two_files_one_to_one() {
    let env = Env::new();
    let text = std::fs::read_to_string(febrl1()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let (mut a, mut b) = (format!("{header}\n"), format!("{header}\n"));
    let mut seen = std::collections::HashSet::new();
    for l in lines {
        let person = l.split('-').nth(1).unwrap().to_string();
        // The first record of each person goes to A, one other to B.
        if seen.insert(person.clone()) {
            a.push_str(l);
            a.push('\n');
        } else if seen.insert(format!("{person}b")) {
            b.push_str(l);
            b.push('\n');
        }
    }
    let (fa, fb) = (env.write("a.csv", a.as_bytes()), env.write("b.csv", b.as_bytes()));
    let out = env.path("links.csv");
    let summary = env.ok(&["link", fa.to_str().unwrap(), fb.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(summary["mode"], "link");
    let rows = read_clusters(&out);
    let mut sizes: std::collections::HashMap<&str, usize> = Default::default();
    for (_, c) in &rows {
        *sizes.entry(c.as_str()).or_default() += 1;
    }
    assert!(sizes.values().all(|&s| s <= 2), "one-to-one means clusters of at most two");
    assert!(febrl_f1(&rows) > 0.97);
}

#[test]
fn link_refuses_bad_files_by_file_line_and_column() {
    let env = Env::new();
    let out = env.path("o.csv");
    let o = out.to_str().unwrap();
    let cases: Vec<(&str, &[u8], Vec<&str>, &str)> = vec![
        ("dup.csv", b"id,name\n1,Kim\n2,Lee\n1,Park\n", vec![], "line 4, column id: record id '1' already used at"),
        ("ragged.csv", b"id,name,year\n1,Kim,1950\n2,Lee\n", vec![], "line 3: 2 fields where the header has 3"),
        ("latin1.csv", b"id,name\n1,Kim\n2,Jos\xe9\n", vec![], "line 3: not UTF-8"),
        ("empty.csv", b"", vec![], "the file is empty"),
        ("header-only.csv", b"id,name\n", vec![], "no records after the header"),
        ("noid.csv", b"id,name\n1,Kim\n", vec!["--id-column", "person"], "no column named 'person' (--id-column)"),
        ("blankid.csv", b"id,name\n1,Kim\n,Lee\n", vec![], "line 3, column id: empty record id"),
    ];
    for (name, bytes, extra, expect) in cases {
        let path = env.write(name, bytes);
        let mut args = vec!["link", path.to_str().unwrap(), "--out", o];
        args.extend(extra);
        let err = env.fails(&args);
        assert!(err.contains(expect), "{name}: expected {expect}\ngot {err}");
        assert!(err.contains(name), "{name} not named: {err}");
        assert!(!out.exists(), "{name}: output written despite the error");
    }
    let a = env.write("a.csv", b"id,name\n1,Kim\n");
    let b = env.write("b.csv", b"id,surname\n2,Kim\n");
    let err = env.fails(&["link", a.to_str().unwrap(), b.to_str().unwrap(), "--out", o]);
    assert!(err.contains("b.csv: line 1: its columns differ"), "{err}");
}

/// Runs attest under a pseudo-terminal (util-linux `script`), typing `lines` at its prompts.
fn run_in_terminal(args: &str, lines: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_attest");
    let mut child = Command::new("script")
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .env_remove("ATTEST_PASSPHRASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` (Debian bsdutils) runs attest under a terminal");
    let mut stdin = child.stdin.take().unwrap();
    for line in lines {
        std::thread::sleep(std::time::Duration::from_millis(600));
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    Output::from(out)
}

#[test]
fn passphrase_typed_at_the_prompt_is_asked_twice_and_never_echoed() {
    let env = Env::new();
    let archive = env.archive.to_str().unwrap().to_string();
    let typed = "TypedSecretPassphrase42";
    let out = run_in_terminal(&format!("--archive {archive} init"), &[typed, typed]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("New passphrase for") && out.stdout.contains("Repeat it"), "{}", out.stdout);
    assert!(!out.stdout.contains(typed), "the passphrase was echoed");
    let out = run_in_terminal(&format!("--archive {archive} --json case add --title Typed"), &[typed]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("case_id"), "{}", out.stdout);
    // Two different entries create nothing.
    let other = env.path("other");
    let out = run_in_terminal(&format!("--archive {} init", other.display()), &[typed, "something else entirely"]);
    assert_ne!(out.code, 0);
    assert!(out.stdout.contains("differ") || out.stderr.contains("differ"), "{}{}", out.stdout, out.stderr);
    assert!(!other.exists());
}

#[test]
fn intake_texts_then_provenance_groups_copies_and_keeps_independent_reports_apart() {
    let env = Env::new();
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "Open sources"]), "case_id");
    // One story and its derivatives, plus an independent report of the same facts. (In a corpus
    // this small, stock phrasing shared across stories cannot be told from quotation: see the
    // provenance notes in BENCHMARKS.md.)
    let corpus = attest_provenance::corpus::generate(1, 5);
    let mut kind_of = std::collections::HashMap::new();
    let mut family_of = std::collections::HashMap::new();
    for (i, l) in corpus.iter().enumerate() {
        let path = env.write(&format!("article{i}.txt"), l.doc.text.as_bytes());
        let mut args = vec!["intake", "text", path.to_str().unwrap(), "--case", &case];
        let published = l.doc.published.clone().unwrap_or_default();
        args.extend(["--published", &published]);
        let out = env.ok(&args);
        let id = s(&out, "source_id");
        assert!(out["text_chars"].as_u64().unwrap() > 100);
        kind_of.insert(id.clone(), l.kind);
        family_of.insert(id, l.family);
    }
    let p = env.ok(&["provenance", "--case", &case]);
    let families = p["families"].as_array().unwrap();
    assert_eq!(families.len(), 1, "{p}");
    for f in families {
        let members = f["members"].as_array().unwrap();
        assert_eq!(members.len(), 7, "original, two copies, three spun copies and a quotation");
        let first = s(&members[0], "source_id");
        assert_eq!(kind_of[&first], "original");
        assert_eq!(members[0]["relation"], "original");
        let fam: std::collections::BTreeSet<usize> = members.iter().map(|m| family_of[&s(m, "source_id")]).collect();
        assert_eq!(fam.len(), 1, "a family mixes two stories");
        for m in &members[1..] {
            let expected = match kind_of[&s(m, "source_id")] {
                "copy" => "copy",
                "partial" => "partial-copy",
                _ => "spun-copy",
            };
            let relation = m["relation"].as_str().unwrap();
            assert!(relation == expected || (expected == "spun-copy" && relation == "copy"), "{m}");
        }
    }
    let independent: Vec<String> =
        p["independent"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(independent.len(), 1);
    assert!(independent.iter().all(|id| kind_of[id] == "independent"));
    // Bad input changes nothing.
    let before = env.snapshot();
    let bin = env.write("binary.dat", &[0xFF, 0x00, 0x12, 0x80]);
    let err = env.fails(&["intake", "text", bin.to_str().unwrap(), "--case", &case]);
    assert!(err.contains("binary.dat"), "{err}");
    let empty = env.write("empty.txt", b"   \n");
    let err = env.fails(&["intake", "text", empty.to_str().unwrap(), "--case", &case]);
    assert!(err.contains("no text"), "{err}");
    assert_eq!(before, env.snapshot());
    assert_eq!(env.ok(&["verify"])["ok"], true);
}

#[test]
fn intake_web_extracts_text_reports_spam_and_keeps_the_original() {
    let env = Env::new();
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "Web"]), "case_id");
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../attest-intake/tests/data/article.html");
    let out = env.ok(&[
        "intake",
        "web",
        page.to_str().unwrap(),
        "--case",
        &case,
        "--url",
        "https://exampledaily.example/world/aoji",
        "--fetched-at",
        "2021-03-05T10:00:00Z",
    ]);
    assert_eq!(out["title"], "Miners recall the 1997 collapse at Aoji");
    assert!(out["text_chars"].as_u64().unwrap() > 200);
    assert_eq!(out["links_kept"].as_array().unwrap().len(), 1);
    let flagged: Vec<&str> = out["links_flagged"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(flagged.contains(&"https://casino.example.biz"), "{flagged:?}");
    let id = s(&out, "source_id");
    let shown = env.ok(&["show", "source", &id]);
    assert_eq!(shown["kind"], "web");
    assert_eq!(shown["published"], "2021-03-04");
    assert!(!shown["text"].as_str().unwrap().contains("casino"));
    let bytes = std::fs::read(&page).unwrap();
    let sha = shown["originals"][0]["sha256"].as_str().unwrap().to_string();
    assert_eq!(shown["originals"][0]["bytes"], bytes.len());
    assert_eq!(sha.len(), 64);
    assert_eq!(env.ok(&["verify"])["ok"], true);
    let before = env.snapshot();
    let empty = env.write("empty.html", b"<html><body><nav>Home</nav></body></html>");
    let err = env.fails(&["intake", "web", empty.to_str().unwrap(), "--case", &case]);
    assert!(err.contains("empty.html") && err.contains("no main text"), "{err}");
    assert_eq!(before, env.snapshot());
}

/// Adds a witness with a testimony graded B2 and one claim; returns (witness, source, claim).
fn witness_with_claim(env: &Env, case: &str, pseudonym: &str, name: &str, text: &str, claim: [&str; 4]) -> [String; 3] {
    let witness = s(
        &env.ok(&[
            "witness",
            "add",
            "--case",
            case,
            "--pseudonym",
            pseudonym,
            "--sealed-name",
            name,
            "--consent",
            "no-publication",
        ]),
        "witness_id",
    );
    let file = env.write(&format!("{pseudonym}.txt"), text.as_bytes());
    let source = s(
        &env.ok(&[
            "source",
            "add",
            "testimony",
            "--case",
            case,
            "--witness",
            &witness,
            "--file",
            file.to_str().unwrap(),
            "--reliability",
            "B2",
        ]),
        "source_id",
    );
    let [act, place, when, count] = claim;
    let span = format!("0..{}", text.chars().count());
    let claim = s(
        &env.ok(&[
            "claim", "add", "--source", &source, "--span", &span, "--act", act, "--place", place, "--when", when,
            "--count", count,
        ]),
        "claim_id",
    );
    [witness, source, claim]
}

fn event_of(report: &Value, claim: &str) -> Value {
    let id = report["claims"].as_array().unwrap().iter().find(|c| c["claim_id"] == claim).unwrap()["event_id"].clone();
    report["events"].as_array().unwrap().iter().find(|e| e["event_id"] == id).unwrap().clone()
}

#[test]
fn corroboration_counts_independent_lines_only() {
    let env = Env::new();
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "Collapse at Aoji"]), "case_id");
    let collapse = ["death-in-custody", "Aoji coal mine", "1997-12", "23"];
    let [wa, sa, ca] = witness_with_claim(
        &env,
        &case,
        "W-One",
        "Kim Yong-su",
        "The roof of the lower shaft fell in during December and twenty-three men stayed under it.",
        collapse,
    );
    let [wb, _sb, _cb] = witness_with_claim(
        &env,
        &case,
        "W-Two",
        "김용수",
        "우리 갱도가 무너졌을 때 스물세 명이 갇혔습니다.",
        ["death-in-custody", "아오지 탄광", "1997", "about 23"],
    );
    let [_wc, sc, _cc] = witness_with_claim(
        &env,
        &case,
        "W-Three",
        "Ri Myong-hui",
        "My brother was among the men buried when the gallery gave way that winter; they counted twenty-three.",
        collapse,
    );
    let run = || env.ok(&["corroboration", "--case", &case]);
    // W-One and W-Two are one person (their sealed names match across scripts): two lines, not three.
    let r = run();
    let e = event_of(&r, &ca);
    assert_eq!(e["claims"].as_array().unwrap().len(), 3, "{e}");
    assert_eq!(e["lines"].as_array().unwrap().len(), 2, "{e}");
    assert_eq!(e["status"], "corroborated");
    let joined = &e["lines"][0]["joined_by"][0];
    assert_eq!((joined["kind"].as_str(), joined["origin"].as_str()), (Some("same-person"), Some("vault")), "{e}");
    assert_eq!(r["same_person_pairs"], 1);
    let text = env.run(&["corroboration", "--case", &case]).stdout;
    for secret in ["Kim Yong-su", "김용수", "Ri Myong-hui"] {
        assert!(!r.to_string().contains(secret) && !text.contains(secret), "{secret} leaked");
    }
    assert!(text.contains("corroborated") && text.contains("event-1"), "{text}");
    // A shared informant joins W-Three's line to W-One's: one line, single-source.
    env.ok(&["depend", "add", "--case", &case, "--kind", "shared-informant", &sa, &sc, "--note", "same cousin"]);
    let e = event_of(&run(), &ca);
    assert_eq!((e["lines"].as_array().unwrap().len(), e["status"].as_str()), (1, Some("single-source")), "{e}");
    // The analyst establishes that W-One and W-Two are different people: W-Two is a second line.
    env.ok(&["depend", "add", "--case", &case, "--kind", "different-person", &wa, &wb]);
    let r = run();
    assert_eq!(r["same_person_overridden"], 1);
    let e = event_of(&r, &ca);
    assert_eq!((e["lines"].as_array().unwrap().len(), e["status"].as_str()), (2, Some("corroborated")), "{e}");
    // A stricter level makes B2 lines too weak.
    let strict = env.ok(&["corroboration", "--case", &case, "--min-reliability", "A1"]);
    assert_eq!(event_of(&strict, &ca)["status"], "unconfirmed");

    // Copies of one article are one line, whatever their number; split and merge move claims.
    let article = "Guards at the Hoeryong camp shot two prisoners in front of the assembled work units on a spring \
                   morning in 2004, according to a former guard who later crossed the border near Musan and spoke \
                   to reporters in Seoul about the killings and the order to watch them.";
    let mut claims = Vec::new();
    for (i, body) in
        [article.to_string(), format!("{article} Share this story. Subscribe for updates.")].iter().enumerate()
    {
        let f = env.write(&format!("article{i}.txt"), body.as_bytes());
        let src =
            s(&env.ok(&["intake", "text", f.to_str().unwrap(), "--case", &case, "--reliability", "B2"]), "source_id");
        let span = format!("0..{}", article.chars().count());
        claims.push(s(
            &env.ok(&[
                "claim",
                "add",
                "--source",
                &src,
                "--span",
                &span,
                "--act",
                "execution",
                "--place",
                "회령",
                "--when",
                "2004",
                "--count",
                "2",
            ]),
            "claim_id",
        ));
    }
    let e = event_of(&run(), &claims[0]);
    assert_eq!((e["lines"].as_array().unwrap().len(), e["status"].as_str()), (1, Some("single-source")), "{e}");
    assert_eq!(e["lines"][0]["joined_by"][0]["kind"], "derived-text", "{e}");
    env.ok(&["event", "split", "--case", &case, &claims[0], &claims[1]]);
    let r = run();
    assert_ne!(event_of(&r, &claims[0])["event_id"], event_of(&r, &claims[1])["event_id"]);
    env.ok(&["event", "merge", "--case", &case, &claims[0], &claims[1], "--note", "same morning"]);
    let r = run();
    assert_eq!(event_of(&r, &claims[0])["event_id"], event_of(&r, &claims[1])["event_id"]);

    // Bad input names what is wrong and writes nothing.
    let before = env.snapshot();
    assert!(env.fails(&["depend", "add", "--case", &case, "--kind", "friends", &sa, &sc]).contains("friends"));
    assert!(
        env.fails(&["depend", "add", "--case", &case, "--kind", "same-person", &sa, &sc]).contains("is not a witness")
    );
    assert!(env.fails(&["event", "merge", "--case", &case, &claims[0], "clm_zzzz"]).contains("claim B"));
    assert!(env.fails(&["corroboration", "--case", &case, "--min-reliability", "Z9"]).contains("--min-reliability"));
    assert_eq!(before, env.snapshot());
    assert_eq!(env.ok(&["verify"])["ok"], true);
    let listed = env.ok(&["depend", "list", "--case", &case]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
}

/// Runs attest with a workspace user's password in $ATTEST_USER_PASSWORD.
fn run_user(env: &Env, args: &[&str], password: &str) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .env("ATTEST_ARCHIVE", &env.archive)
        .env("ATTEST_PASSPHRASE", PASS)
        .env("ATTEST_USER_PASSWORD", password)
        .env("ATTEST_ACTOR", "cli-test")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Output::from(out)
}

#[test]
fn users_grants_and_revocation_from_the_command_line() {
    let env = Env::new();
    let secret = random_marker("SEALEDNAME");
    let (case, witness, _) = populate(&env, &secret, "A short invented testimony about the Aoji mine.");
    let add = |name: &str, role: &str, pw: &str| {
        let out = run_user(&env, &["--json", "user", "add", "--name", name, "--role", role], pw);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        s(&out.json(), "user_id")
    };
    let inv = add("ivan", "investigator", "ivan's password 123");
    let ana = add("ana", "analyst", "ana's password 4567");
    let bad = run_user(&env, &["--json", "user", "add", "--name", "x", "--role", "owner"], "some password 1234");
    assert!(bad.code != 0 && bad.stderr.contains("--role"), "{}", bad.stderr);
    for u in [&inv, &ana] {
        env.ok(&["member", "--user", u, "--case", &case]);
    }
    env.ok(&["grant", "--user", &inv, "--case", &case]);
    // The investigator reveals with their own password; the analyst is refused with a stable code.
    let r = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &inv], "ivan's password 123");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["legal_name"], secret.as_str());
    let refused = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &ana], "ana's password 4567");
    assert_ne!(refused.code, 0);
    assert_eq!(refused.json()["error"]["code"], "forbidden", "{}", refused.stdout);
    assert!(!refused.stdout.contains(&secret) && !refused.stderr.contains(&secret));
    let wrong = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &inv], "not ivan's password");
    assert_ne!(wrong.code, 0);
    // Revoke: the case is re-keyed, the investigator is refused, the passphrase holder still reveals.
    let rv = env.ok(&["revoke", "--user", &inv, "--case", &case]);
    assert_eq!(rv["resealed_fields"], 2);
    let after = run_user(&env, &["--json", "witness", "reveal", &witness, "--as", &inv], "ivan's password 123");
    assert_eq!(after.json()["error"]["code"], "forbidden");
    assert_eq!(env.ok(&["witness", "reveal", &witness])["legal_name"], secret.as_str());
    let users = env.ok(&["user", "list"]);
    assert_eq!(users.as_array().unwrap().len(), 2);
    assert!(!users.to_string().contains("password"));
    assert_eq!(env.ok(&["verify"])["ok"], true);
    // Passwords and the sealed name never reach the archive's files in plaintext.
    let mut files = Vec::new();
    files_under(&env.archive, &mut files);
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        for needle in [secret.as_bytes(), b"ivan's password 123".as_slice()] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{} holds a secret", f.display());
        }
    }
}

#[test]
fn search_from_the_command_line_is_romanization_insensitive() {
    let env = Env::new();
    let secret = random_marker("SEALEDNAME");
    let (case, witness, _) = populate(&env, &secret, "그때 최 반장이 아오지 탄광의 명단을 가지고 있었다.");
    let hits = env.ok(&["search", "Choe", "--case", &case]);
    let found: Vec<(String, String)> =
        hits.as_array().unwrap().iter().map(|h| (s(h, "kind"), s(h, "record_id"))).collect();
    assert!(found.iter().any(|(k, id)| k == "witness" && *id == witness), "{found:?}");
    assert!(found.iter().any(|(k, _)| k == "source"), "{found:?}");
    assert!(env.ok(&["search", "Aoji"]).as_array().unwrap().iter().any(|h| h["kind"] == "source"));
    assert!(env.ok(&["search", &secret]).as_array().unwrap().is_empty());
    assert!(env.fails(&["search", "x", "--case", "nonsense"]).contains("--case"));
}

/// One HTTP/1.1 request over a plain socket; returns the whole response as text.
fn http(addr: &str, request: &str) -> String {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_opens_the_workspace_and_user_totp_turns_on_the_second_factor() {
    let env = Env::new();
    let secret = random_marker("SEALEDNAME");
    let (case, _witness, _) = populate(&env, &secret, "A short invented testimony about the Aoji mine.");
    let out =
        run_user(&env, &["--json", "user", "add", "--name", "ivan", "--role", "investigator"], "ivan's password 123");
    let ivan = s(&out.json(), "user_id");
    env.ok(&["member", "--user", &ivan, "--case", &case]);
    // "May read testimonies": the case key sealed to the user; revoking replaces it.
    let g = env.ok(&["grant", "--user", &ivan, "--case", &case, "--kind", "testimonies"]);
    assert_eq!(g["grant"], "testimonies");
    assert!(env.fails(&["grant", "--user", &ivan, "--case", &case, "--kind", "everything"]).contains("--kind"));
    let r = env.ok(&["revoke", "--user", &ivan, "--case", &case, "--kind", "testimonies"]);
    assert!(r["resealed_originals"].as_u64().unwrap() >= 1, "{r}");
    assert_eq!(env.ok(&["verify"])["ok"], true);
    // A wrong passphrase: a clear error, no server.
    let wrong = env.run_with(&["serve", "--addr", "127.0.0.1:0"], "not the passphrase", None);
    assert_ne!(wrong.code, 0);
    assert!(wrong.stderr.contains("passphrase"), "{}", wrong.stderr);
    let mut child = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(["--json", "serve", "--addr", "127.0.0.1:0"])
        .env("ATTEST_ARCHIVE", &env.archive)
        .env("ATTEST_PASSPHRASE", PASS)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let listening: Value = serde_json::from_str(&line).unwrap();
    let addr = listening["listening"].as_str().unwrap().trim_start_matches("http://").to_string();
    let page = http(&addr, "GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("frame-ancestors 'none'") && page.contains("name=\"password\""), "{page}");
    let login = |body: &str| {
        http(
            &addr,
            &format!(
                "POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        )
    };
    let ok = login(r#"{"name":"ivan","password":"ivan's password 123"}"#);
    assert!(ok.starts_with("HTTP/1.1 200") && ok.contains("attest_session="), "{ok}");
    // The second factor: once on, the password alone no longer signs in.
    let totp = env.ok(&["user", "totp", "--name", "ivan"]);
    let uri = s(&totp, "otpauth_uri");
    assert!(uri.starts_with("otpauth://totp/attest:ivan?secret="), "{uri}");
    let users = env.ok(&["user", "list"]);
    assert_eq!(users.as_array().unwrap().iter().find(|u| u["name"] == "ivan").unwrap()["totp"], true);
    let refused = login(r#"{"name":"ivan","password":"ivan's password 123"}"#);
    assert!(refused.starts_with("HTTP/1.1 401") && refused.contains("bad_login"), "{refused}");
    assert!(!env.run(&["log"]).stdout.contains(uri.split("secret=").nth(1).unwrap().split('&').next().unwrap()));
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Starts `attest serve` on a random port with its log on a pipe; returns the child, the address
/// and a thread that collects the log until the process ends.
fn start_serve(env: &Env) -> (std::process::Child, String, std::thread::JoinHandle<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(["--json", "serve", "--addr", "127.0.0.1:0"])
        .env("ATTEST_ARCHIVE", &env.archive)
        .env("ATTEST_PASSPHRASE", PASS)
        .env_remove("ATTEST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).unwrap();
        s
    });
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let listening: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    let addr = listening["listening"].as_str().unwrap().trim_start_matches("http://").to_string();
    (child, addr, log)
}

fn post_json(path: &str, body: &str, extra: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
        body.len()
    )
}

fn header<'a>(response: &'a str, name: &str) -> &'a str {
    response
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
        .unwrap_or_else(|| panic!("no {name} in {response}"))
}

#[test]
fn serve_logs_requests_without_queries_or_passwords_and_stops_cleanly_on_sigterm() {
    let env = Env::new();
    let secret = random_marker("SEALEDNAME");
    let (case, _, _) = populate(&env, &secret, "A short invented testimony about the Aoji mine.");
    let pw = random_marker("PASSWORDMARK");
    let out = run_user(&env, &["--json", "user", "add", "--name", "ivan", "--role", "investigator"], &pw);
    env.ok(&["member", "--user", &s(&out.json(), "user_id"), "--case", &case]);
    let (mut child, addr, log) = start_serve(&env);
    let login_body = format!(r#"{{"name":"ivan","password":"{pw}"}}"#);
    let ok = http(&addr, &post_json("/api/login", &login_body, ""));
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let cookie = header(&ok, "set-cookie").split(';').next().unwrap().to_string();
    let query = random_marker("QUERYMARK");
    let search = http(
        &addr,
        &format!(
            "GET /api/search?q={query}&case={case} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(search.starts_with("HTTP/1.1 200"), "{search}");
    let request_id = header(&search, "x-request-id").to_string();
    let wrong_pw = random_marker("WRONGPASSWORD");
    let wrong = http(&addr, &post_json("/api/login", &format!(r#"{{"name":"ivan","password":"{wrong_pw}"}}"#), ""));
    assert!(wrong.starts_with("HTTP/1.1 401"), "{wrong}");
    // A request in flight when SIGTERM arrives: its headers and half its body are sent first.
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    let request = post_json("/api/login", &login_body, "");
    let cut = request.len() - login_body.len() / 2;
    conn.write_all(&request.as_bytes()[..cut]).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    std::thread::sleep(std::time::Duration::from_millis(500));
    conn.write_all(&request.as_bytes()[cut..]).unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut conn, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "the request in flight is finished: {answer}");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed().as_secs() < 30, "attest serve did not stop after SIGTERM");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "SIGTERM is a clean stop");
    let log = log.join().unwrap();
    // One line per answer: request id, route template, status, latency.
    let line = log.lines().find(|l| l.contains(&request_id)).unwrap_or_else(|| panic!("{request_id} not in {log}"));
    assert!(
        line.contains("route=/api/search") && line.contains("status=200") && line.contains("latency_ms="),
        "{line}"
    );
    assert!(log.contains("route=/api/login") && log.contains("status=401"), "{log}");
    assert!(log.contains("stopping"), "{log}");
    let session = cookie.split('=').nth(1).unwrap();
    for never in [query.as_str(), pw.as_str(), wrong_pw.as_str(), session, secret.as_str()] {
        assert!(!log.contains(never), "{never} reached the log:\n{log}");
    }
}

#[test]
fn serve_help_names_the_only_key_the_server_holds_and_the_trusted_proxy() {
    let env = Env::new();
    let help = env.run(&["serve", "--help"]);
    assert_eq!(help.code, 0, "{}", help.stderr);
    assert!(
        help.stdout.contains("only the database key") && help.stdout.contains("no archive, case or identity key"),
        "{}",
        help.stdout
    );
    assert!(!help.stdout.contains("database and case keys"), "{}", help.stdout);
    assert!(help.stdout.contains("--trusted-proxy <ADDR>"), "{}", help.stdout);
}

mod custody;
