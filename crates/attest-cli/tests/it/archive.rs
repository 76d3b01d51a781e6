//! Init, the main flow in JSON and text, sealed values kept off disk and output, bad input, wrong
//! passphrases, tampering, two writers at once, and the passphrase prompt.

use super::*;

#[test]
fn sealed_and_testimony_markers_never_reach_disk_or_output() {
    let env = Env::new();
    let sealed = random_marker("SEALEDNAME");
    let sealed_hangul = format!("봉인{sealed}");
    let body = random_marker("TESTIMONYBODY");
    let transcript = format!("나는 1997년 아오지 탄광에서 일했다. {body} 함경북도.");
    let (case, witness, source) = populate(&env, &sealed_hangul, &transcript);

    // Every command, with and without --json. Reveal is the one that may print the sealed value.
    let claim = add_claim(&env, &source, "3..8", &["--when", "1997", "--place", "아오지"]);
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
        (testimony(&case, &witness, b, &[]), "not UTF-8 (invalid byte sequence at byte 2)"),
        (testimony(&case, &witness, m, &[]), "--file"),
        (testimony(&case, &witness, g, &["--interviewed", "yesterday"]), "--interviewed"),
        (testimony(&case, &witness, g, &["--language", "korean"]), "--language"),
        (testimony(&case, "wit_0000000000000000", g, &[]), "no witness with id wit_0000000000000000"),
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
