//! `attest serve`'s settings: the list-upload deadline (`--list-upload-seconds`) is refused
//! outside its range naming the flag, and a value given holds a trickled upload past the
//! default's 20 s before stopping it as too slow.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::*;

/// Starts `attest serve` on a free port with `extra` arguments, its log dropped; returns the
/// child and the address it listens on.
pub(crate) fn start(env: &Env, extra: &[&str]) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(["--json", "serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .env("ATTEST_ARCHIVE", &env.archive)
        .env("ATTEST_PASSPHRASE", PASS)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let listening: Value = serde_json::from_str(&line).unwrap();
    (child, listening["listening"].as_str().unwrap().trim_start_matches("http://").to_string())
}

/// Signs in through `POST /api/login`; returns the session cookie (`name=value`) and the CSRF token.
pub(crate) fn api_login(addr: &str, name: &str, password: &str) -> (String, String) {
    let body = serde_json::json!({ "name": name, "password": password }).to_string();
    let login = super::users::http(
        addr,
        &format!(
            "POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    let cookie = login
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no session cookie: {login}"))
        .to_string();
    let csrf = login.split("\"csrf_token\":\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    (cookie, csrf)
}

#[test]
fn the_list_upload_deadline_is_a_flag_with_a_floor_and_a_ceiling_and_takes_effect() {
    let env = Env::new();
    env.ok(&["init"]);
    for bad in ["5", "19", "601", "soon"] {
        let out = env.run(&["serve", "--addr", "127.0.0.1:0", "--list-upload-seconds", bad]);
        assert_ne!(out.code, 0, "{bad}");
        assert!(out.stderr.contains("--list-upload-seconds"), "{bad}: {}", out.stderr);
    }
    let added = run_user(&env, &["--json", "user", "add", "--name", "ana", "--role", "analyst"], "ana's password 123");
    assert_eq!(added.code, 0, "{}", added.stderr);
    let seconds = 24;
    let (mut child, addr) = start(&env, &["--list-upload-seconds", &seconds.to_string()]);
    let (cookie, csrf) = api_login(&addr, "ana", "ana's password 123");
    // A list upload that trickles a byte every 200 ms: held past the default 20 s, stopped at
    // the deadline given.
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    let head = format!(
        "POST /api/link HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    );
    s.write_all(head.as_bytes()).unwrap();
    let started = Instant::now();
    let mut reader = s.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        while s.write_all(b" ").is_ok() && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    reader.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut answer = vec![0u8; 4096];
    let n = reader.read(&mut answer).unwrap();
    let took = started.elapsed();
    let answer = String::from_utf8_lossy(&answer[..n]).into_owned();
    child.kill().unwrap();
    child.wait().unwrap();
    trickle.join().unwrap();
    assert!(answer.starts_with("HTTP/1.1 408") && answer.contains("too_slow"), "{answer}");
    assert!(took >= Duration::from_secs(seconds), "stopped at {took:?}, before the {seconds} s given");
    assert!(took < Duration::from_secs(seconds + 15), "stopped at {took:?}, long after the {seconds} s given");
}
