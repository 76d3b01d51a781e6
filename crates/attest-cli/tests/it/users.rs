//! Users, grants and revocation, and `attest serve` with the second factor.

use super::*;

/// Runs attest with a workspace user's password in $ATTEST_USER_PASSWORD.

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

/// One HTTP/1.1 request over a plain socket; returns the whole response as text.
pub(crate) fn http(addr: &str, request: &str) -> String {
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
