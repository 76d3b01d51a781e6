//! The server under stress and abuse: handler panics, bursts of concurrent password guesses,
//! clients behind a trusted proxy, body limits per route, timeouts, and a second session cookie
//! of the same name. Served on a random port over real sockets where the network matters.

use std::time::Duration;

use attest_web::{AppState, Settings, WebError};
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::fixture::*;

fn code(res: &Res) -> String {
    serde_json::from_str::<serde_json::Value>(&res.body)
        .map(|v| v["error"]["code"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

fn json_body(v: serde_json::Value) -> Option<(&'static str, Vec<u8>)> {
    Some(("application/json", v.to_string().into_bytes()))
}

fn behind_proxy() -> Settings {
    Settings { trusted_proxy: Some("127.0.0.1".parse().unwrap()), ..Settings::default() }
}

/// Routes that panic, mounted under the server's own layers and state (tests only).
fn panicking_routes() -> Router<AppState> {
    async fn panic_holding_a_connection(State(state): State<AppState>) -> Result<String, WebError> {
        attest_web::db(&state, "test", |_archive| -> Result<String, WebError> {
            panic!("test: a handler panics while it holds a pooled connection")
        })
        .await
    }
    async fn panic_in_handler() -> String {
        panic!("test: a handler panics")
    }
    Router::new()
        .route("/api/test/panic-db", get(panic_holding_a_connection))
        .route("/api/test/panic", get(panic_in_handler))
        .route("/test/panic", get(panic_in_handler))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_still_answers_after_handler_panics() {
    let f = Fixture::new(Settings::default());
    let addr = f.serve(Some(panicking_routes())).await;
    // Ten panics with a connection held: more than the pool has (two page connections).
    for _ in 0..10 {
        let res = http(addr, "GET", "/api/test/panic-db", &[], None).await;
        assert_eq!((res.status, code(&res)), (500, "internal".to_string()), "{}", res.body);
        assert!(!res.body.contains("test:"), "the panic's message stays out of the answer: {}", res.body);
    }
    // A panic in the handler itself: the stable error, as JSON under /api and as a page elsewhere.
    let res = http(addr, "GET", "/api/test/panic", &[], None).await;
    assert_eq!((res.status, code(&res)), (500, "internal".to_string()), "{}", res.body);
    assert!(res.headers.contains_key("content-security-policy") && res.headers.contains_key("x-request-id"));
    let page = http(addr, "GET", "/test/panic", &[], None).await;
    assert_eq!(page.status, 500);
    assert!(page.body.contains("<code>internal</code>") && !page.body.contains("test:"), "{}", page.body);
    // The server still answers, signs in (the password lane) and reads the archive.
    let answered = tokio::time::timeout(Duration::from_secs(20), async {
        let login = serde_json::json!({ "name": "viewer", "password": password("viewer") });
        let res = http(addr, "POST", "/api/login", &[], json_body(login)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let cookie = res.headers.get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
        for _ in 0..5 {
            let res = http(addr, "GET", "/api/cases", &[("Cookie", cookie.clone())], None).await;
            assert_eq!(res.status, 200, "{}", res.body);
        }
    })
    .await;
    assert!(answered.is_ok(), "after panics the server must still answer, not wait forever");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_100_concurrent_wrong_sign_ins_for_one_name_gets_at_most_5_evaluated() {
    let f = Fixture::new(behind_proxy());
    let addr = f.serve(None).await;
    // From 100 different client addresses, so only the limit per name can hold them.
    let burst = (0..100).map(|i| {
        tokio::spawn(async move {
            let body = serde_json::json!({ "name": "Viewer ", "password": format!("wrong guess {i}") });
            let xff = [("X-Forwarded-For", format!("10.9.{}.{}", i / 250, i % 250 + 1))];
            http(addr, "POST", "/api/login", &xff, json_body(body)).await
        })
    });
    let mut answers = Vec::new();
    for task in burst.collect::<Vec<_>>() {
        answers.push(task.await.unwrap());
    }
    // Then one at a time, until the name is locked.
    for i in 0..10 {
        let body = serde_json::json!({ "name": "viewer", "password": "still wrong" });
        let xff = [("X-Forwarded-For", format!("10.8.0.{}", i + 1))];
        answers.push(http(addr, "POST", "/api/login", &xff, json_body(body)).await);
    }
    let evaluated = answers.iter().filter(|r| r.status == 401 && code(r) == "bad_login").count();
    let refused = answers.iter().filter(|r| r.status == 429 && code(r) == "rate_limited").count();
    assert_eq!(evaluated + refused, answers.len(), "only 401 and 429");
    assert!((1..=5).contains(&evaluated), "{evaluated} of 110 guesses were evaluated");
    // Five failures: now even the right password waits.
    let body = serde_json::json!({ "name": "viewer", "password": password("viewer") });
    let res = http(addr, "POST", "/api/login", &[("X-Forwarded-For", "10.7.0.1".into())], json_body(body)).await;
    assert_eq!((res.status, code(&res)), (429, "rate_limited".to_string()), "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_100_concurrent_wrong_reveal_passwords_gets_at_most_5_evaluated() {
    let f = Fixture::new(Settings::default());
    let addr = f.serve(None).await;
    let inv = f.login("investigator").await;
    let session = inv.cookies.iter().find(|(k, _)| k == "attest_session").unwrap().1.clone();
    let headers = vec![("Cookie", format!("attest_session={session}")), ("X-CSRF-Token", inv.csrf.clone())];
    let url = f.fill("/api/cases/{case}/witnesses/{witness}/reveal", true);
    let ask = |pw: String| json_body(serde_json::json!({ "password": pw, "reason": "burst", "confirm": true }));
    let burst: Vec<_> = (0..100)
        .map(|i| {
            let (h, u, b) = (headers.clone(), url.clone(), ask(format!("wrong {i}")));
            tokio::spawn(async move { http(addr, "POST", &u, &h, b).await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in burst {
        answers.push(task.await.unwrap());
    }
    for _ in 0..10 {
        answers.push(http(addr, "POST", &url, &headers, ask("still wrong".into())).await);
    }
    let evaluated = answers.iter().filter(|r| r.status == 403 && code(r) == "wrong_password").count();
    let refused = answers.iter().filter(|r| r.status == 429 && code(r) == "rate_limited").count();
    assert_eq!(
        evaluated + refused,
        answers.len(),
        "only 403 and 429: {:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!((1..=5).contains(&evaluated), "{evaluated} of 110 wrong passwords were evaluated");
    let res = http(addr, "POST", &url, &headers, ask(password("investigator"))).await;
    assert_eq!((res.status, code(&res)), (429, "rate_limited".to_string()), "{}", res.body);
    assert!(!res.body.contains("Invented Sealed"));
}

/// Five failed sign-ins from client A (each for another name), then one attempt from client B.
async fn five_failures_then_another_client(addr: std::net::SocketAddr) -> (Res, Res) {
    let wrong = |name: String| json_body(serde_json::json!({ "name": name, "password": "wrong password" }));
    let a = [("X-Forwarded-For", "203.0.113.10".to_string())];
    let b = [("X-Forwarded-For", "198.51.100.20".to_string())];
    for i in 0..5 {
        let res = http(addr, "POST", "/api/login", &a, wrong(format!("nobody-{i}"))).await;
        assert_eq!(res.status, 401, "{}", res.body);
    }
    let a_again = http(addr, "POST", "/api/login", &a, wrong("nobody-5".into())).await;
    let ok = json_body(serde_json::json!({ "name": "viewer", "password": password("viewer") }));
    let b_res = http(addr, "POST", "/api/login", &b, ok).await;
    (a_again, b_res)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_the_trusted_proxy_two_clients_are_throttled_apart() {
    let f = Fixture::new(behind_proxy());
    let (a, b) = five_failures_then_another_client(f.serve(None).await).await;
    assert_eq!((a.status, code(&a)), (429, "rate_limited".to_string()), "the limit per address holds");
    assert_eq!(b.status, 200, "another client behind the proxy is not locked out: {}", b.body);
    // Without --trusted-proxy (or from another peer) the header is ignored: one address, one limit.
    for settings in
        [Settings::default(), Settings { trusted_proxy: Some("192.0.2.1".parse().unwrap()), ..Settings::default() }]
    {
        let f = Fixture::new(settings);
        let (a, b) = five_failures_then_another_client(f.serve(None).await).await;
        assert_eq!((a.status, b.status), (429, 429), "{}", b.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_ends_the_session_when_a_second_cookie_of_the_same_name_is_sent() {
    let f = Fixture::new(Settings::default());
    for (api, other_first) in [(true, true), (true, false), (false, true)] {
        let mut c = f.login("viewer").await;
        let real = c.cookies.iter().find(|(k, _)| k == "attest_session").unwrap().1.clone();
        // Another attest server on this host (cookies are not port-scoped) set one too.
        let other = "0".repeat(64);
        let both = if other_first {
            format!("attest_session={other}; attest_session={real}")
        } else {
            format!("attest_session={real}; attest_session={other}")
        };
        let mut bare = f.anonymous();
        let csrf = c.csrf.clone();
        let res = if api {
            f.send(&mut bare, "POST", "/api/logout", None, &[("cookie", both), ("x-csrf-token", csrf)]).await
        } else {
            let body = serde_urlencoded::to_string([("csrf", csrf.as_str())]).unwrap().into_bytes();
            f.send(&mut bare, "POST", "/logout", Some(("application/x-www-form-urlencoded", body)), &[("cookie", both)])
                .await
        };
        assert_eq!(res.status, if api { 200 } else { 303 }, "{}", res.body);
        let after = f.send(&mut c, "GET", "/api/cases", None, &[]).await;
        assert_eq!(after.status, 401, "the session must be over (api={api}, other first={other_first})");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_bodies_stop_at_256_kib_and_only_the_upload_route_takes_more() {
    let f = Fixture::new(Settings::default());
    let addr = f.serve(None).await;
    let mut c = f.login("investigator").await;
    let session = c.cookies.iter().find(|(k, _)| k == "attest_session").unwrap().1.clone();
    let h = vec![("Cookie", format!("attest_session={session}")), ("X-CSRF-Token", c.csrf.clone())];
    let claims = f.fill("/api/cases/{case}/sources/{source}/claims", true);
    let big = "아".repeat(100_000); // 300,000 bytes of UTF-8
    let body = serde_json::json!({ "passage": big, "act": "forced-labour" });
    // Declared length: refused before the body is read.
    let res = http(addr, "POST", &claims, &h, json_body(body.clone())).await;
    assert_eq!((res.status, code(&res)), (413, "too_large".to_string()), "{}", res.body);
    // No declared length (the in-process client sends none): reading stops at the limit.
    let csrf = c.csrf.clone();
    let res = f.send(&mut c, "POST", &claims, json_body(body), &[("x-csrf-token", csrf)]).await;
    assert_eq!((res.status, code(&res)), (413, "too_large".to_string()), "{}", res.body);
    // A JSON testimony is a JSON body too.
    let testimonies = f.fill("/api/cases/{case}/testimonies", true);
    let t = serde_json::json!({ "witness": f.witness.as_str(), "text": "x".repeat(300 << 10) });
    let res = http(addr, "POST", &testimonies, &h, json_body(t)).await;
    assert_eq!((res.status, code(&res)), (413, "too_large".to_string()), "{}", res.body);
    // The upload route takes a 1 MiB file.
    let text = "Aoji. ".repeat((1 << 20) / 6);
    let (ct, bytes) = multipart(
        &[("witness", f.witness.as_str()), ("password", &password("investigator"))],
        Some(("big.txt", text.as_bytes())),
    );
    let url = format!("{}?csrf={}", f.fill("/cases/{case}/testimonies", true), c.csrf);
    let res = http(addr, "POST", &url, &h[..1], Some((&ct, bytes))).await;
    assert_eq!(res.status, 303, "{}", &res.body[..res.body.len().min(500)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_takes_too_long_is_answered_503_timeout() {
    let f = Fixture::new(Settings { request_timeout: Duration::from_millis(300), ..Settings::default() });
    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(5)).await;
        "late"
    }
    let addr = f.serve(Some(Router::new().route("/api/test/slow", get(slow)))).await;
    let started = std::time::Instant::now();
    let res = http(addr, "GET", "/api/test/slow", &[], None).await;
    assert_eq!((res.status, code(&res)), (503, "timeout".to_string()), "{}", res.body);
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(http(addr, "GET", "/login", &[], None).await.status, 200);
}

/// `attest serve --list-upload-seconds` raises the time limit of the list uploads only: every
/// other route keeps its own, and its timeout is said in the page's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_longer_list_upload_deadline_leaves_other_routes_at_their_limit_said_in_the_pages_language() {
    let settings = Settings { request_timeout: Duration::from_millis(300), ..Settings::default() }
        .with_list_upload_within(Duration::from_secs(20));
    assert_eq!(settings.request_limit("POST", Some("/link")), Duration::from_secs(60));
    let f = Fixture::new(settings);
    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(5)).await;
        "late"
    }
    let extra = Router::new().route("/api/test/slow", get(slow)).route("/test/slow", get(slow));
    let addr = f.serve(Some(extra)).await;
    let started = std::time::Instant::now();
    let res = http(addr, "GET", "/api/test/slow", &[], None).await;
    assert_eq!((res.status, code(&res)), (503, "timeout".to_string()), "{}", res.body);
    assert!(started.elapsed() < Duration::from_secs(3), "the list uploads' limit is not every route's");
    // A page: the timeout in Korean, with no English details beneath.
    let res = http(addr, "GET", "/test/slow", &[("Cookie", "lang=ko".to_string())], None).await;
    assert_eq!(res.status, 503, "{}", res.body);
    crate::ux::assert_korean("/test/slow", &res.body);
    assert!(res.body.contains("서버의 응답이 너무 오래 걸렸습니다"), "{}", res.body);
    assert!(!res.body.contains("took too long") && !res.body.contains("<span lang=\"en\">"), "{}", res.body);
    let res = http(addr, "GET", "/test/slow", &[], None).await;
    assert!(res.body.contains("The server took too long to answer. Reload the page"), "{}", res.body);
}

/// Sends one `POST path` over a fresh connection, its body in ten parts 100 ms apart (about a
/// second in all), and returns the answer.
async fn trickled_post(addr: std::net::SocketAddr, path: &str, headers: &[(&str, String)], body: &[u8]) -> Res {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).await.unwrap();
    for part in body.chunks(body.len().div_ceil(10)) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        // The server may answer (503) before the whole body is sent: a broken pipe is fine.
        if s.write_all(part).await.is_err() {
            break;
        }
    }
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    parse_response(&out)
}

/// The list uploads' longer limit reaches them through the server's own timeout layer: with
/// every route's limit at 300 ms and the list uploads' at 60 s, a `POST /api/link` whose body
/// takes a second to arrive is linked (200), while the same trickle to another JSON route is
/// answered 503 `timeout`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_upload_gets_its_longer_limit_through_the_timeout_layer() {
    let settings = Settings { request_timeout: Duration::from_millis(300), ..Settings::default() }
        .with_list_upload_within(Duration::from_secs(20));
    let f = Fixture::new(settings);
    let addr = f.serve(None).await;
    let c = f.login("investigator").await;
    let cookie = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let h = [("Cookie", cookie), ("X-CSRF-Token", c.csrf.clone())];
    let list = "record_id,surname,given_name,birth_year,home_county\n\
        A1,Kim,Invented-one,1955,Onsong\nA2,Ri,Invented-two,1961,Hoeryong\nA3,Kim,Invented-one,1955,Onsong\n";
    let body = serde_json::json!({ "lists": [{ "name": "a.csv", "csv": list }] }).to_string();
    let started = std::time::Instant::now();
    let res = trickled_post(addr, "/api/link", &h, body.as_bytes()).await;
    assert!(started.elapsed() >= Duration::from_millis(900), "the body took about a second to send");
    assert_eq!(res.status, 200, "{}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["mode"], "dedupe", "{v}");
    // Another route, the same trickle: the 300 ms limit.
    let claims = f.fill("/api/cases/{case}/sources/{source}/claims", true);
    let claim = serde_json::json!({ "passage": "Invented passage.", "act": "forced-labour" }).to_string();
    let res = trickled_post(addr, &claims, &h, claim.as_bytes()).await;
    assert_eq!((res.status, code(&res)), (503, "timeout".to_string()), "{}", res.body);
}
