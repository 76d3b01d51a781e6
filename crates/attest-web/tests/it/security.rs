//! Headers, sessions, CSRF, sign-in throttling, reveal rules, search scope and bad input.

use std::time::Duration;

use attest_web::Settings;

use crate::fixture::*;

fn code(res: &Res) -> String {
    serde_json::from_str::<serde_json::Value>(&res.body)
        .map(|v| v["error"]["code"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// The number of audit-log entries, read as the administrator.
async fn log_total(f: &Fixture) -> u64 {
    let mut admin = f.login("admin").await;
    let res = f.send(&mut admin, "GET", "/api/admin", None, &[]).await;
    serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["log_total"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_has_the_security_headers_and_no_inline_script_or_style() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("investigator").await;
    let pages = [
        "/".to_string(),
        "/login".into(),
        "/search?q=Aoji".into(),
        f.fill("/cases/{case}", true),
        f.fill("/cases/{case}/sources/{source}", true),
        f.fill("/cases/{case}/witnesses/{witness}", true),
        f.fill("/cases/{case}/names", true),
        f.fill("/cases/{case}/testimonies/new", true),
        "/no/such/page".into(),
        "/api/cases".into(),
    ];
    for p in pages {
        let res = f.send(&mut c, "GET", &p, None, &[]).await;
        let h = |n: &str| res.headers.get(n).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let csp = h("content-security-policy");
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{p}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{p}: {csp}");
        assert_eq!(h("referrer-policy"), "no-referrer", "{p}");
        assert_eq!(h("x-frame-options"), "DENY", "{p}");
        assert_eq!(h("cache-control"), "no-store", "{p}");
        if h("content-type").starts_with("text/html") {
            // Every script has a src; no style attribute or element (the CSP would block them).
            let inline_scripts = res.body.matches("<script").count() - res.body.matches("<script src=").count();
            assert_eq!(inline_scripts, 0, "{p}");
            assert!(!res.body.contains(" style=") && !res.body.contains("<style"), "{p}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_makes_a_new_session_id_and_a_planted_one_is_never_promoted() {
    let f = Fixture::new(Settings::default());
    let mut c = f.anonymous();
    let planted = "a".repeat(64);
    c.cookies.push(("attest_session".into(), planted.clone()));
    let form_page = f.send(&mut c, "GET", "/login", None, &[]).await;
    assert_eq!(form_page.status, 200);
    let pre = c.cookies.iter().find(|(k, _)| k == "attest_pre").unwrap().1.clone();
    let res = f
        .send(&mut c, "POST", "/login", form(&pre, &[("name", "viewer"), ("password", &password("viewer"))]), &[])
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let set = res.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
    let session = set.iter().find(|s| s.starts_with("attest_session=")).unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"), "{session}");
    let new_id = c.cookies.iter().find(|(k, _)| k == "attest_session").unwrap().1.clone();
    assert_ne!(new_id, planted);
    assert_eq!(new_id.len(), 64);
    // The new session works; the planted id does not.
    assert_eq!(f.send(&mut c, "GET", "/", None, &[]).await.status, 200);
    let mut attacker = f.anonymous();
    attacker.cookies.push(("attest_session".into(), planted));
    let res = f.send(&mut attacker, "GET", "/", None, &[]).await;
    assert_eq!((res.status, res.headers.get("location").unwrap().to_str().unwrap()), (303, "/login?expired=1"));
    // Signing in again ends the previous session.
    let old = new_id.clone();
    let again = f.login("viewer").await;
    assert_ne!(again.cookies.iter().find(|(k, _)| k == "attest_session").unwrap().1, old);
    // Signing out ends the session on the server, not only in the browser.
    let mut d = f.login("analyst").await;
    let id = d.cookies.iter().find(|(k, _)| k == "attest_session").unwrap().1.clone();
    let csrf = d.csrf.clone();
    assert_eq!(f.send(&mut d, "POST", "/logout", form(&csrf, &[]), &[]).await.status, 303);
    let mut replay = f.anonymous();
    replay.cookies.push(("attest_session".into(), id));
    assert_eq!(f.send(&mut replay, "GET", "/api/cases", None, &[]).await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changing_requests_without_the_csrf_token_are_refused_and_write_nothing() {
    let f = Fixture::new(Settings::default());
    let before = log_total(&f).await;
    let mut c = f.login("investigator").await;
    let url = f.fill("/cases/{case}/sources/{source}/claims", true);
    let claim = [("passage", "아오지"), ("act", "forced-labour")];
    // No token, a wrong token, a right token from another site.
    for (token, origin) in
        [("", None), ("0".repeat(64).as_str(), None), (c.csrf.clone().as_str(), Some("http://evil.example"))]
    {
        let extra: Vec<(&str, String)> = origin.map(|o| vec![("origin", o.to_string())]).unwrap_or_default();
        let res = f.send(&mut c, "POST", &url, form(token, &claim), &extra).await;
        assert_eq!(res.status, 403, "{}", res.body);
        assert!(res.body.contains("ask for help: <code>csrf</code>"), "{}", res.body);
    }
    // The API needs the header.
    let api = f.fill("/api/cases/{case}/sources/{source}/claims", true);
    let body = json(serde_json::json!({ "passage": "아오지", "act": "forced-labour" }));
    let res = f.send(&mut c, "POST", &api, body.clone(), &[]).await;
    assert_eq!((res.status, code(&res)), (403, "csrf".to_string()));
    // Multipart uploads carry it in the query.
    let (ct, bytes) = multipart(&[("witness", f.witness.as_str()), ("text", "x y z")], None);
    let up = f.fill("/cases/{case}/testimonies", true);
    assert_eq!(f.send(&mut c, "POST", &up, Some((&ct, bytes)), &[]).await.status, 403);
    assert_eq!(log_total(&f).await, before, "refused requests write nothing");
    // With the token it works.
    let csrf = c.csrf.clone();
    let res = f.send(&mut c, "POST", &api, body, &[("x-csrf-token", csrf)]).await;
    assert_eq!(res.status, 201, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_look_alike_and_are_throttled() {
    let f = Fixture::new(Settings::default());
    let mut c = f.anonymous();
    let try_login = |name: &str, pw: &str| json(serde_json::json!({ "name": name, "password": pw }));
    let unknown = f.send(&mut c, "POST", "/api/login", try_login("nobody", "whatever password"), &[]).await;
    let wrong = f.send(&mut c, "POST", "/api/login", try_login("viewer", "whatever password"), &[]).await;
    assert_eq!((unknown.status, unknown.body.clone()), (wrong.status, wrong.body.clone()));
    assert_eq!(code(&wrong), "bad_login");
    for _ in 0..4 {
        f.send(&mut c, "POST", "/api/login", try_login("viewer", "still wrong"), &[]).await;
    }
    // Five failures for the name: now even the right password waits.
    let res = f.send(&mut c, "POST", "/api/login", try_login("viewer", &password("viewer")), &[]).await;
    assert_eq!((res.status, code(&res)), (429, "rate_limited".to_string()), "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_says_so() {
    let mut settings = Settings::default();
    settings.limits.idle = Duration::from_millis(300);
    let f = Fixture::new(settings);
    let mut c = f.login("viewer").await;
    assert_eq!(f.send(&mut c, "GET", "/api/cases", None, &[]).await.status, 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let res = f.send(&mut c, "GET", "/api/cases", None, &[]).await;
    assert_eq!((res.status, code(&res)), (401, "unauthenticated".to_string()));
    let page = f.send(&mut c, "GET", "/", None, &[]).await;
    assert_eq!(page.headers.get("location").unwrap(), "/login?expired=1");
    let login = f.send(&mut c, "GET", "/login?expired=1", None, &[]).await;
    assert!(login.body.contains("Your session has ended"), "{}", login.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let f = Fixture::new(Settings { max_upload: 64 * 1024, ..Settings::default() });
    let before = log_total(&f).await;
    let mut c = f.login("investigator").await;
    let csrf = c.csrf.clone();
    let h = [("x-csrf-token", csrf.clone())];
    let up = format!("{}?csrf={csrf}", f.fill("/cases/{case}/testimonies", true));
    // Oversized upload.
    let big = vec![b'a'; 200 * 1024];
    let (ct, bytes) = multipart(&[("witness", f.witness.as_str())], Some(("big.txt", &big)));
    let res = f.send(&mut c, "POST", &up, Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 413, "{}", res.body);
    assert!(res.body.contains("too_large"), "{}", res.body);
    // A binary file.
    let (ct, bytes) =
        multipart(&[("witness", f.witness.as_str())], Some(("photo.jpg", &[0xFF, 0xD8, 0xFF, 0x00, 0x81, 0x00])));
    let res = f.send(&mut c, "POST", &up, Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("file photo.jpg"), "{}", res.body);
    // Malformed form and JSON.
    let claims = f.fill("/cases/{case}/sources/{source}/claims", true);
    let res = f
        .send(&mut c, "POST", &claims, form(&csrf, &[("start", "abc"), ("end", "3"), ("act", "forced-labour")]), &[])
        .await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("malformed_form"), "{}", res.body);
    let api_claims = f.fill("/api/cases/{case}/sources/{source}/claims", true);
    let res = f.send(&mut c, "POST", &api_claims, Some(("application/json", b"{\"act\": ".to_vec())), &h).await;
    assert_eq!((res.status, code(&res)), (400, "malformed_json".to_string()));
    // A span past the end of the text; a passage that is not in it; an unknown act.
    for body in [
        serde_json::json!({ "start": 5, "end": 100000, "act": "forced-labour" }),
        serde_json::json!({ "passage": "not in the text at all", "act": "forced-labour" }),
        serde_json::json!({ "passage": "아오지", "act": "no-such-act" }),
    ] {
        let res = f.send(&mut c, "POST", &api_claims, json(body), &h).await;
        assert_eq!((res.status, code(&res)), (400, "invalid".to_string()), "{}", res.body);
    }
    // Unknown ids, well-formed or not.
    for url in [
        "/api/cases/case_0000000000000000".to_string(),
        "/api/cases/not-an-id".into(),
        f.fill("/api/cases/{case}/sources/src_0000000000000000", true),
        f.fill("/api/cases/{case}/witnesses/wit_0000000000000000", true),
        // A real source of another case, asked for under this case.
        format!("/api/cases/{}/sources/{}", f.case.as_str(), f.other_source.as_str()),
    ] {
        let res = f.send(&mut c, "GET", &url, None, &[]).await;
        assert!(
            matches!((res.status, code(&res).as_str()), (404, "not_found") | (403, "forbidden")),
            "{url}: {} {}",
            res.status,
            res.body
        );
    }
    assert_eq!(log_total(&f).await, before, "refused input must write nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reveal_needs_role_grant_password_and_confirmation_and_is_logged() {
    let f = Fixture::new(Settings::default());
    let url = f.fill("/api/cases/{case}/witnesses/{witness}/reveal", true);
    let ask = |pw: &str, confirm: bool| {
        json(serde_json::json!({ "password": pw, "reason": "follow-up", "confirm": confirm }))
    };
    let mut inv = f.login("investigator").await;
    let h = [("x-csrf-token", inv.csrf.clone())];
    let res = f.send(&mut inv, "POST", &url, ask(&password("investigator"), false), &h).await;
    assert_eq!((res.status, code(&res)), (400, "invalid".to_string()));
    let res = f.send(&mut inv, "POST", &url, ask("not my password", true), &h).await;
    assert_eq!((res.status, code(&res)), (403, "wrong_password".to_string()));
    // The administrator is a member with the role, but holds no grant: nothing opens.
    let mut admin = f.login("admin").await;
    let ha = [("x-csrf-token", admin.csrf.clone())];
    let res = f.send(&mut admin, "POST", &url, ask(&password("admin"), true), &ha).await;
    assert_eq!((res.status, code(&res)), (403, "forbidden".to_string()));
    // The analyst sees the pseudonym and no reveal form.
    let mut ana = f.login("analyst").await;
    let page = f.send(&mut ana, "GET", &f.fill("/cases/{case}/witnesses/{witness}", true), None, &[]).await;
    assert!(page.body.contains("Choi Ki-sun") && !page.body.contains("name=\"password\""), "{}", page.body);
    let before = log_total(&f).await;
    let res = f.send(&mut inv, "POST", &url, ask(&password("investigator"), true), &h).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["legal_name"], "Invented Sealed Alpha");
    assert_eq!(log_total(&f).await, before + 1);
    let log = f.send(&mut admin, "GET", "/api/admin", None, &[]).await;
    let entries: serde_json::Value = serde_json::from_str(&log.body).unwrap();
    let last = &entries["log"][0];
    assert_eq!(last["action"], "witness.reveal");
    assert!(last["actor"].as_str().unwrap().starts_with("usr_"));
    assert!(!log.body.contains("Invented Sealed"));
}

/// The reveal form follows Post/Redirect/Get: the POST reveals (logged once) and redirects to the
/// witness page with a one-time token; the name is in neither the URL nor a cookie; its page is
/// not stored by the browser, closes its connection, shows the name once (a reload shows the
/// sealed page and reveals nothing again), and only to the session that revealed it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reveal_form_redirects_and_its_page_shows_the_name_once() {
    let f = Fixture::new(Settings::default());
    let page_url = f.fill("/cases/{case}/witnesses/{witness}", true);
    let mut inv = f.login("investigator").await;
    let mut other = f.login("investigator").await;
    let before = log_total(&f).await;
    let csrf = inv.csrf.clone();
    let fields = [("reason", "follow-up"), ("confirm", "yes")];
    let wrong = [fields.as_slice(), &[("password", "not my password")]].concat();
    let res = f.send(&mut inv, "POST", &format!("{page_url}/reveal"), form(&csrf, &wrong), &[]).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.headers["connection"], "close");
    let pw = password("investigator");
    let right = [fields.as_slice(), &[("password", pw.as_str())]].concat();
    let res = f.send(&mut inv, "POST", &format!("{page_url}/reveal"), form(&csrf, &right), &[]).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.headers["connection"], "close");
    assert_eq!(log_total(&f).await, before + 1);
    let location = res.headers["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("{page_url}?shown=")), "{location}");
    let set_cookies: Vec<_> = res.headers.get_all("set-cookie").iter().collect();
    assert!(!location.contains("Invented Sealed") && set_cookies.is_empty() && !res.body.contains("Invented Sealed"));
    // Another session of the same user cannot use the token (and does not spend it).
    let stolen = f.send(&mut other, "GET", &location, None, &[]).await;
    assert!(stolen.status == 200 && !stolen.body.contains("Invented Sealed"), "{}", stolen.body);
    let shown = f.send(&mut inv, "GET", &location, None, &[]).await;
    assert!(shown.status == 200 && shown.body.contains("Invented Sealed Alpha"), "{}", shown.body);
    assert_eq!(shown.headers["cache-control"], "no-store");
    assert_eq!(shown.headers["connection"], "close");
    let reloaded = f.send(&mut inv, "GET", &location, None, &[]).await;
    assert!(reloaded.status == 200 && !reloaded.body.contains("Invented Sealed"), "{}", reloaded.body);
    assert!(reloaded.body.contains("name=\"password\""), "the sealed page again, with its form");
    assert_eq!(log_total(&f).await, before + 1, "showing the page is not another reveal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_is_limited_to_the_users_cases_and_insensitive_to_romanization() {
    let f = Fixture::new(Settings::default());
    let mut inv = f.login("investigator").await;
    for q in ["Choe", "Choi", "최", "아오지", "Aoji"] {
        let res = f.send(&mut inv, "GET", &format!("/api/search?q={}", urlenc(q)), None, &[]).await;
        let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        let hits = v["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{q}: {}", res.body);
        assert!(hits.iter().all(|h| h["case_id"] == f.case.as_str()), "{q}: {}", res.body);
    }
    // The outsider's search never shows the other case's records, even for words in them.
    let mut out = f.login("outsider").await;
    let res = f.send(&mut out, "GET", "/api/search?q=Choi", None, &[]).await;
    assert!(!res.body.contains(f.case.as_str()), "{}", res.body);
    let res = f.send(&mut out, "GET", &format!("/api/search?q=Aoji&case={}", f.case.as_str()), None, &[]).await;
    assert_eq!(res.status, 403);
    // People and places with their spellings: the romanized and Hangul forms share a key.
    let names = f.send(&mut inv, "GET", &f.fill("/api/cases/{case}/names", true), None, &[]).await;
    let v: serde_json::Value = serde_json::from_str(&names.body).unwrap();
    let place = v["places"].as_array().unwrap().iter().find(|g| g["variants"][0]["label"] == "아오지 (Aoji)").unwrap();
    assert_eq!(place["variants"][0]["claims"], 1, "{place}");
    assert!(
        v["people"].as_array().unwrap().iter().any(|g| g["variants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["label"] == "Choe Myong-il"))
    );
    assert!(!names.body.contains("Invented Sealed"));
    // Sealed names are not searchable.
    let res = f.send(&mut inv, "GET", "/api/search?q=Sealed%20Alpha", None, &[]).await;
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert!(v["hits"].as_array().unwrap().is_empty(), "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_by_span_or_passage_land_on_their_evidence_and_the_openapi_lists_every_api_route() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("analyst").await;
    let h = [("x-csrf-token", c.csrf.clone())];
    let url = f.fill("/api/cases/{case}/sources/{source}/claims", true);
    let chars: Vec<char> = TEXT.chars().collect();
    let start = TEXT[..TEXT.find("about 670").unwrap()].chars().count();
    let end = start + "about 670 workers".chars().count();
    let res = f.send(&mut c, "POST", &url, json(serde_json::json!({ "start": start, "end": end, "passage": "about 670 workers", "act": "forced-labour", "count": "about 670" })), &h).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let res = f
        .send(
            &mut c,
            "POST",
            &url,
            json(
                serde_json::json!({ "start": start, "end": end, "passage": "something else", "act": "forced-labour" }),
            ),
            &h,
        )
        .await;
    assert_eq!(res.status, 400, "a span and a passage that disagree are refused");
    let reader = f.send(&mut c, "GET", &f.fill("/api/cases/{case}/sources/{source}", true), None, &[]).await;
    let v: serde_json::Value = serde_json::from_str(&reader.body).unwrap();
    let claim = v["claims"].as_array().unwrap().iter().find(|k| k["count"]["text"] == "about 670").unwrap();
    let passage: String = chars[start..end].iter().collect();
    assert_eq!(claim["passage"], passage);
    // The reader page marks it.
    let page = f.send(&mut c, "GET", &f.fill("/cases/{case}/sources/{source}", true), None, &[]).await;
    assert!(page.body.contains(&format!(">{passage}</mark>")), "{}", page.body);
    // OpenAPI: every /api route of the table, with its method.
    let doc = attest_web::openapi();
    for r in attest_web::ROUTES.iter().filter(|r| r.is_api()) {
        let (method, path) = (r.method.as_str(), r.path);
        assert!(doc["paths"][path][method.to_lowercase()].is_object(), "{method} {path}");
    }
    let served = f.send(&mut f.anonymous(), "GET", "/api/openapi.json", None, &[]).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&served.body).unwrap(), doc);
}

fn urlenc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_with_the_second_factor_needs_a_fresh_code() {
    let f = Fixture::new(Settings::default());
    // Turned on at the command line (here: the store, beside the running pool).
    let mut a = attest_store::Archive::open(
        &f.root,
        &attest_vault::Passphrase::for_unlock(PASS.into()),
        attest_store::OpenOptions::new("setup"),
    )
    .unwrap();
    let viewer = a.list_users().unwrap().into_iter().find(|u| u.name == "viewer").unwrap();
    let secret = a.enable_totp(viewer.user_id.as_str()).unwrap();
    drop(a);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let code = format!("{:06}", attest_vault::totp_at(&secret, now / attest_vault::TOTP_STEP));
    let wrong = format!("{:06}", (attest_vault::totp_at(&secret, now / attest_vault::TOTP_STEP) + 1) % 1_000_000);
    let mut c = f.anonymous();
    let ask = |code: Option<&str>| {
        json(serde_json::json!({ "name": "viewer", "password": password("viewer"), "code": code }))
    };
    for attempt in [None, Some(wrong.as_str())] {
        let res = f.send(&mut c, "POST", "/api/login", ask(attempt), &[]).await;
        assert_eq!((res.status, code_of(&res)), (401, "bad_login".to_string()), "{attempt:?}");
    }
    let res = f.send(&mut c, "POST", "/api/login", ask(Some(&code)), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // The same code cannot be used twice.
    let mut other = f.anonymous();
    let res = f.send(&mut other, "POST", "/api/login", ask(Some(&code)), &[]).await;
    assert_eq!(res.status, 401, "a replayed code must be refused");
    // Users without the second factor are unaffected.
    f.login("analyst").await;
}

fn code_of(res: &Res) -> String {
    code(res)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn original_files_open_and_seal_only_through_a_testimonies_grant_and_its_password() {
    let f = Fixture::new(Settings::default());
    let url = f.fill("/api/cases/{case}/sources/{source}/originals/0", true);
    let ask = |pw: &str| json(serde_json::json!({ "password": pw }));
    // The analyst holds the grant: the file comes back as it was received, as an attachment.
    let mut ana = f.login("analyst").await;
    let h = [("x-csrf-token", ana.csrf.clone())];
    let before = log_total(&f).await;
    let res = f.send(&mut ana, "POST", &url, ask(&password("analyst")), &h).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body, TEXT);
    assert!(res.headers.get("content-disposition").unwrap().to_str().unwrap().starts_with("attachment"));
    assert_eq!(log_total(&f).await, before + 1, "every opening is logged");
    let res = f.send(&mut ana, "POST", &url, ask("not the analyst's password"), &h).await;
    assert_eq!((res.status, code(&res)), (403, "wrong_password".to_string()));
    // The administrator is a member but holds no case key: refused, and the reader offers no form.
    let mut admin = f.login("admin").await;
    let ha = [("x-csrf-token", admin.csrf.clone())];
    let res = f.send(&mut admin, "POST", &url, ask(&password("admin")), &ha).await;
    assert_eq!((res.status, code(&res)), (403, "forbidden".to_string()));
    let page = f.send(&mut admin, "GET", &f.fill("/cases/{case}/sources/{source}", true), None, &[]).await;
    // Without the case key, the file's name (and size and hash) stay sealed (issue 13).
    assert!(
        page.body.contains("sealed") && !page.body.contains("t.txt") && !page.body.contains("/originals/0\""),
        "{}",
        page.body
    );
    // Uploading a file seals it with the case key the uploader's grant opens: it needs the password.
    let mut inv = f.login("investigator").await;
    let up = format!("{}?csrf={}", f.fill("/cases/{case}/testimonies", true), inv.csrf);
    let file = "업로드된 증언 파일. An uploaded statement about Musan.".as_bytes();
    let (ct, bytes) = multipart(&[("witness", f.witness.as_str())], Some(("statement.txt", file)));
    let res = f.send(&mut inv, "POST", &up, Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 400, "no password: {}", res.body);
    let pw = password("investigator");
    let (ct, bytes) = multipart(&[("witness", f.witness.as_str()), ("password", &pw)], Some(("statement.txt", file)));
    let res = f.send(&mut inv, "POST", &up, Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let reader = res.headers.get("location").unwrap().to_str().unwrap().to_string();
    let hi = [("x-csrf-token", inv.csrf.clone())];
    let back = f.send(&mut inv, "POST", &format!("/api{reader}/originals/0"), ask(&pw), &hi).await;
    assert_eq!(back.body.as_bytes(), file);
    // An administrator without the grant can add a pasted text, not a file.
    let up = format!("{}?csrf={}", f.fill("/cases/{case}/testimonies", true), admin.csrf);
    let apw = password("admin");
    let (ct, bytes) = multipart(&[("witness", f.witness.as_str()), ("password", &apw)], Some(("statement.txt", file)));
    assert_eq!(f.send(&mut admin, "POST", &up, Some((&ct, bytes)), &[]).await.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_and_backwards_spans_are_refused_naming_the_field_from_the_form_and_the_api() {
    let f = Fixture::new(Settings::default());
    let before = log_total(&f).await;
    let mut c = f.login("analyst").await;
    let csrf = c.csrf.clone();
    let h = [("x-csrf-token", csrf.clone())];
    let api = f.fill("/api/cases/{case}/sources/{source}/claims", true);
    let page = f.fill("/cases/{case}/sources/{source}/claims", true);
    for (start, end) in [(10, 0), (5, 5)] {
        for passage in [None, Some("아오지")] {
            let mut body = serde_json::json!({ "start": start, "end": end, "act": "forced-labour" });
            if let Some(p) = passage {
                body["passage"] = p.into();
            }
            let res = f.send(&mut c, "POST", &api, json(body), &h).await;
            assert_eq!((res.status, code(&res)), (400, "invalid".to_string()), "{start}..{end}: {}", res.body);
            let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
            let message = v["error"]["message"].as_str().unwrap();
            assert!(message.starts_with("end: span") && message.contains("empty or runs backwards"), "{message}");
            let (s, e) = (start.to_string(), end.to_string());
            let mut fields = vec![("start", s.as_str()), ("end", e.as_str()), ("act", "forced-labour")];
            if let Some(p) = passage {
                fields.push(("passage", p));
            }
            let res = f.send(&mut c, "POST", &page, form(&csrf, &fields), &[]).await;
            assert_eq!(res.status, 400, "{}", res.body);
            assert!(
                res.body.contains("ask for help: <code>invalid</code>") && res.body.contains("end: span"),
                "{}",
                res.body
            );
        }
    }
    assert_eq!(log_total(&f).await, before, "no empty passage may be stored");
}
