//! Issue 12's smaller attacks on the command line, each reproduced and now refused with an error
//! that names the file, field or argument, leaving the archive (or the list) as it was: a key file
//! with absurd key-derivation parameters, `verify` on an emptied database, `link --out` onto its
//! own input, control characters in sealed fields, and counts that used to be misread.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Env, PASS, populate, s};

/// Runs attest with a deadline, so that a hang is a failure rather than a stuck test.
fn run_within(env: &Env, args: &[&str], limit: Duration) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .env("ATTEST_ARCHIVE", &env.archive)
        .env("ATTEST_PASSPHRASE", PASS)
        .env("TMPDIR", &env.tmp)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.code().unwrap_or(-1), stderr);
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("attest {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_key_file_with_absurd_kdf_parameters_is_refused_at_once() {
    let env = Env::new();
    env.ok(&["init"]);
    let keys = env.archive.join("attest-keys.json");
    let original = std::fs::read_to_string(&keys).unwrap();
    for (field, value) in [("iterations", 4_294_967_295u64), ("memory_kib", 4_294_967_295), ("parallelism", 0)] {
        let mut header: serde_json::Value = serde_json::from_str(&original).unwrap();
        header["kdf"][field] = value.into();
        std::fs::write(&keys, serde_json::to_vec_pretty(&header).unwrap()).unwrap();
        let before = env.snapshot();
        let (code, stderr) = run_within(&env, &["verify"], Duration::from_secs(30));
        assert_ne!(code, 0, "{field}");
        assert!(stderr.contains("attest-keys.json") && stderr.contains(&format!("kdf.{field}")), "{field}: {stderr}");
        assert_eq!(before, env.snapshot(), "{field}");
    }
    std::fs::write(&keys, original).unwrap();
    assert_eq!(env.ok(&["verify"])["ok"], true);
}

#[test]
fn verify_on_an_empty_database_writes_nothing() {
    let env = Env::new();
    env.ok(&["init"]);
    let db = env.archive.join("archive.db");
    for extra in ["archive.db-wal", "archive.db-shm"] {
        let _ = std::fs::remove_file(env.archive.join(extra));
    }
    std::fs::write(&db, b"").unwrap();
    for args in [&["verify"][..], &["list", "case"][..], &["case", "add", "--title", "x"][..]] {
        let out = env.run(args);
        assert_ne!(out.code, 0, "{args:?}");
        assert!(out.stderr.contains("archive.db") && out.stderr.contains("empty (0 bytes)"), "{}", out.stderr);
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "{args:?} wrote into the empty database");
        assert!(!env.archive.join("archive.db-wal").exists(), "{args:?} made a WAL");
    }
}

fn list(env: &Env) -> std::path::PathBuf {
    env.write("people.csv", b"id,name,birth_year\n1,Kim Chol,1961\n2,Kim Cheol,1961\n3,Ri Yong,1970\n")
}

#[test]
fn link_refuses_to_write_over_its_own_input() {
    let env = Env::new();
    let input = list(&env);
    let before = std::fs::read(&input).unwrap();
    std::fs::create_dir(env.path("sub")).unwrap();
    std::os::unix::fs::symlink(&input, env.path("alias.csv")).unwrap();
    std::fs::hard_link(&input, env.path("hard.csv")).unwrap();
    let spellings = [
        input.to_str().unwrap().to_string(),
        env.path("sub/../people.csv").to_str().unwrap().to_string(),
        env.path("alias.csv").to_str().unwrap().to_string(),
        env.path("hard.csv").to_str().unwrap().to_string(),
    ];
    for out in &spellings {
        let err = env.fails(&["link", input.to_str().unwrap(), "--out", out]);
        assert!(err.contains(&format!("--out {out}")) && err.contains("same file as the input list"), "{err}");
        assert_eq!(std::fs::read(&input).unwrap(), before, "--out {out} changed the list");
    }
    // Two lists, the output onto the second; and the configuration saved onto the list.
    let other = env.write("other.csv", b"id,name,birth_year\n9,Kim Chol,1961\n");
    let err = env.fails(&["link", input.to_str().unwrap(), other.to_str().unwrap(), "--out", other.to_str().unwrap()]);
    assert!(err.contains("same file as the input list"), "{err}");
    let out = env.path("clusters.csv");
    let err = env.fails(&[
        "link",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--save-config",
        input.to_str().unwrap(),
    ]);
    assert!(err.contains("--save-config") && err.contains("same file as the input list"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert!(!out.exists());
    // A different output is still written.
    env.ok(&["link", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(out.exists());
}

#[test]
fn sealed_fields_with_control_characters_are_refused() {
    let env = Env::new();
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "Control characters"]), "case_id");
    let before = env.snapshot();
    for (flag, value, field) in [
        ("--sealed-name", "Kim\u{1b}[31m Invented", "sealed-name"),
        ("--sealed-name", "Kim\nInvented", "sealed-name"),
        ("--sealed-contact", "Seoul\u{7}", "sealed-contact"),
        ("--sealed-notes", "notes \u{202E}desrever", "sealed-notes"),
        ("--sealed-notes", "nul\u{0}", "sealed-notes"),
    ] {
        let mut args = vec!["witness", "add", "--case", &case, "--pseudonym", "Witness C"];
        if flag != "--sealed-name" {
            args.extend(["--sealed-name", "Invented Name"]);
        }
        // A NUL cannot be an argument: it comes on standard input, as `-` allows.
        let stdin = value.contains('\u{0}').then(|| format!("{value}\n"));
        args.extend([flag, if stdin.is_some() { "-" } else { value }]);
        let out = env.run_with(&args, PASS, stdin.as_deref());
        assert_ne!(out.code, 0, "{flag} {value:?} was accepted");
        let err = out.stderr;
        assert!(err.contains(field) && err.contains("control character U+"), "{flag}: {err}");
        assert!(!err.contains(value), "the error repeats the sealed value: {err}");
        assert_eq!(before, env.snapshot(), "{flag}");
    }
    // Line breaks and tabs stay allowed in notes.
    let witness = env.ok(&[
        "witness",
        "add",
        "--case",
        &case,
        "--pseudonym",
        "Witness D",
        "--sealed-name",
        "Invented Name",
        "--sealed-notes",
        "line one\n\tline two",
    ]);
    assert!(witness["witness_id"].as_str().is_some());
}

#[test]
fn misread_counts_are_refused_by_the_command_line() {
    let env = Env::new();
    let (_, _, source) = populate(&env, "Invented", "About 670 people worked there, they said.");
    let before = env.snapshot();
    for (count, reason) in [
        ("1e9", "cannot run into letters"),
        ("0x10", "cannot run into letters"),
        ("about -5", "cannot be negative"),
        ("20-", "has no upper end"),
        ("23, of whom 60 survived", "more than the count allows"),
        ("670.5", "decimal part"),
    ] {
        let err =
            env.fails(&["claim", "add", "--source", &source, "--span", "0..9", "--act", "torture", "--count", count]);
        assert!(err.contains("--count") && err.contains(reason) && err.contains("expected"), "{count}: {err}");
    }
    assert_eq!(before, env.snapshot());
}

/// Where each secret was found in a process's memory: (secret's label, mapping) pairs.
fn secrets_in_memory(pid: u32, secrets: &[(&str, &[u8])]) -> Vec<(String, String)> {
    use std::io::{Read, Seek, SeekFrom};
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap();
    let mut found = Vec::new();
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let (Some(range), Some(perms)) = (parts.next(), parts.next()) else { continue };
        let name = parts.nth(3).unwrap_or("[anonymous]").to_string();
        if !perms.starts_with('r') || name == "[vvar]" || name == "[vsyscall]" {
            continue;
        }
        let (start, end) = range.split_once('-').unwrap();
        let (start, end) = (u64::from_str_radix(start, 16).unwrap(), u64::from_str_radix(end, 16).unwrap());
        let mut bytes = vec![0u8; (end - start) as usize];
        if mem.seek(SeekFrom::Start(start)).is_err() || mem.read_exact(&mut bytes).is_err() {
            continue;
        }
        for (label, secret) in secrets {
            let hits = bytes.windows(secret.len()).filter(|w| w == secret).count();
            if hits > 0 {
                found.push((label.to_string(), format!("{name} ({hits}x at {range})")));
            }
        }
    }
    found
}

/// One request on a connection that stays open, as a browser's does (keep-alive): the response
/// is read by its length, and the socket is handed back so that it outlives the memory scan.
fn exchange(addr: &str, request: &str) -> (String, std::net::TcpStream) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let text = String::from_utf8_lossy(&raw).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse::<usize>().unwrap());
            let complete = match length {
                Some(n) => raw.len() >= end + 4 + n,
                None if head.contains("transfer-encoding: chunked") => text.ends_with("0\r\n\r\n"),
                None => false,
            };
            if complete {
                return (text, s);
            }
        }
        let n = s.read(&mut buf).unwrap();
        if n == 0 {
            return (String::from_utf8_lossy(&raw).to_string(), s);
        }
        raw.extend_from_slice(&buf[..n]);
    }
}

/// A header's value in a response (names compared without case).
fn header<'a>(response: &'a str, name: &str) -> Vec<&'a str> {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .collect()
}

/// The value of a cookie set by a response.
fn set_cookie(response: &str, name: &str) -> String {
    header(response, "set-cookie")
        .into_iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie: {response}"))
        .to_string()
}

/// The hidden CSRF field of a page's form.
fn csrf_field(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no csrf field: {page}"))
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// Percent-encodes a form value (the markers are letters and digits; a space or symbol is not).
fn form_value(v: &str) -> String {
    v.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Issue 12, item 4: after a browser-like sign-in and reveal (form posts with their CSRF tokens,
/// keep-alive connections left open, the reveal's page reached by its redirect) and the same
/// through the JSON API, the server's memory (read from /proc/PID/mem) holds no copy of the
/// archive passphrase (read from a file descriptor and dropped once the database key is
/// derived), of the user's password, or of the revealed legal name. Freed heap blocks are zeroed
/// by the allocator (`wipe-freed-memory`; without it the password and the name are found); the
/// responses that carried a secret close their connection, so hyper's per-connection buffers go
/// too. Run with `--no-default-features` to see it fail.
#[test]
fn a_running_server_forgets_its_secrets() {
    use std::io::Write;
    let env = Env::new();
    let secret = super::random_marker("SEALEDNAME");
    let password = super::random_marker("USERPASSWORD");
    let (case, witness, _) = populate(&env, &secret, "A short invented testimony about the Aoji mine.");
    let out = super::run_user(&env, &["--json", "user", "add", "--name", "ivan", "--role", "investigator"], &password);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ivan = s(&out.json(), "user_id");
    env.ok(&["member", "--user", &ivan, "--case", &case]);
    env.ok(&["grant", "--user", &ivan, "--case", &case]);

    let mut child = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(["--json", "serve", "--addr", "127.0.0.1:0", "--passphrase-fd", "0"])
        .env("ATTEST_ARCHIVE", &env.archive)
        .env_remove("ATTEST_PASSPHRASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{PASS}\n").as_bytes()).unwrap();
    }
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let listening: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    let addr = listening["listening"].as_str().unwrap().trim_start_matches("http://").to_string();
    let mut open = Vec::new();
    let mut send = |request: String| {
        let (response, socket) = exchange(&addr, &request);
        open.push(socket);
        response
    };
    let get = |path: &str, cookie: &str| format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\n\r\n");
    let post = |path: &str, cookie: &str, kind: &str, extra: &str, body: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{extra}\r\n{body}",
            body.len()
        )
    };
    let closes = |response: &str, what: &str| {
        assert!(header(response, "connection").contains(&"close"), "{what} must close its connection: {response}");
    };

    // The browser's way: the sign-in form and its pre-session token, then the reveal form.
    let form = send(get("/login", ""));
    let pre = set_cookie(&form, "attest_pre");
    let signin = send(post(
        "/login",
        &format!("attest_pre={pre}"),
        "application/x-www-form-urlencoded",
        "",
        &format!("csrf={}&name=ivan&password={}", csrf_field(&form), form_value(&password)),
    ));
    assert!(signin.starts_with("HTTP/1.1 303"), "{signin}");
    closes(&signin, "the sign-in");
    let session = format!("attest_session={}", set_cookie(&signin, "attest_session"));
    let witness_url = format!("/cases/{case}/witnesses/{witness}");
    let page = send(get(&witness_url, &session));
    assert!(page.starts_with("HTTP/1.1 200") && !page.contains(&secret), "{page}");
    let revealed = send(post(
        &format!("{witness_url}/reveal"),
        &session,
        "application/x-www-form-urlencoded",
        "",
        &format!("csrf={}&reason=memory+test&password={}&confirm=yes", csrf_field(&page), form_value(&password)),
    ));
    // Post/Redirect/Get: the reveal's page is reached by a GET whose URL holds no value.
    assert!(revealed.starts_with("HTTP/1.1 303") && !revealed.contains(&secret), "{revealed}");
    closes(&revealed, "the reveal");
    let location = header(&revealed, "location")[0].to_string();
    assert!(location.starts_with(&witness_url) && !location.contains(&secret), "{location}");
    let shown = send(get(&location, &session));
    assert!(shown.starts_with("HTTP/1.1 200") && shown.contains(&secret), "{shown}");
    closes(&shown, "the revealed page");
    assert!(header(&shown, "cache-control").iter().any(|v| v.contains("no-store")), "{shown}");
    // Reloading it shows the name no more (and reveals nothing again).
    let reloaded = send(get(&location, &session));
    assert!(reloaded.starts_with("HTTP/1.1 200") && !reloaded.contains(&secret), "{reloaded}");

    // The JSON API's way.
    let login =
        send(post("/api/login", "", "application/json", "", &format!(r#"{{"name":"ivan","password":"{password}"}}"#)));
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    closes(&login, "the API sign-in");
    let cookie = format!("attest_session={}", set_cookie(&login, "attest_session"));
    let csrf = login.split("\"csrf_token\":\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let reveal = send(post(
        &format!("/api/cases/{case}/witnesses/{witness}/reveal"),
        &cookie,
        "application/json",
        &format!("X-CSRF-Token: {csrf}\r\n"),
        &format!(r#"{{"password":"{password}","reason":"memory test","confirm":true}}"#),
    ));
    assert!(reveal.starts_with("HTTP/1.1 200") && reveal.contains(&secret), "{reveal}");
    closes(&reveal, "the API reveal");

    let found = secrets_in_memory(
        child.id(),
        &[("passphrase", PASS.as_bytes()), ("password", password.as_bytes()), ("revealed name", secret.as_bytes())],
    );
    drop(open);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(found.is_empty(), "secrets found in the server's memory: {found:#?}");
    // Each reveal logged once: two reveals (form, API), not three (the reload revealed nothing).
    let log = env.ok(&["log"]);
    let reveals = log["entries"].as_array().unwrap().iter().filter(|e| e["action"] == "witness.reveal").count();
    assert_eq!(reveals, 2, "{log}");
}
