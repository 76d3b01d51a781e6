//! The workspace in headless Chromium over WebDriver (chromedriver from Debian's
//! `chromium-driver`, installed by `cargo xtask test`): sign in, add a testimony, make a claim by
//! selecting a passage, search in Korean, reveal as the granted investigator, check that an
//! analyst sees pseudonyms only, and run axe-core on the main pages; in a second walk, the main
//! pages on a 390-pixel phone in Korean and in English and on a laptop in Korean (nothing wider
//! than the screen, no English interface words in Korean, axe-core clean); and enrolment (invite,
//! accept, sign in, change the password) in English and in Korean at a phone's width, with the
//! server's log checked for codes and passwords. Screenshots of the main pages are written to
//! `target/web-screenshots/`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use attest_web::Settings;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::fixture::*;
use crate::ux::ENGLISH;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts chromedriver and waits until it says it is ready.
fn chromedriver() -> (Driver, u16) {
    let port = free_port();
    let mut child = Command::new("chromedriver")
        .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("chromedriver not found ({e}); `cargo xtask install-deps` installs chromium-driver")
        });
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out).lines();
    loop {
        let line = lines.next().expect("chromedriver exited before it was ready").unwrap();
        if line.contains("started successfully") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    (Driver(child), port)
}

async fn browser(port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--disable-quic", "--window-size=1280,900", "--lang=en-US"]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector).capabilities(caps).connect(&format!("http://127.0.0.1:{port}")).await.unwrap()
}

pub(crate) async fn shot(c: &Client, name: &str) {
    let dir = workspace().join("target/web-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await.unwrap()).unwrap();
}

/// axe-core's script (`ATTEST_AXE_JS`, else where `cargo xtask install-deps` puts it).
pub(crate) fn axe_source() -> String {
    let axe_path = std::env::var("ATTEST_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target/axe/package/axe.min.js"));
    std::fs::read_to_string(&axe_path)
        .unwrap_or_else(|e| panic!("{}: {e}; `cargo xtask install-deps` fetches axe-core", axe_path.display()))
}

/// Runs axe-core (WCAG 2 A and AA rules) on the current page; returns the violations.
async fn axe(c: &Client, axe_js: &str) -> Vec<String> {
    c.execute(&format!("{axe_js}\n;return true;"), vec![]).await.unwrap();
    let r = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    r.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

pub(crate) async fn sign_in(c: &Client, base: &str, name: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Id("name")).await.unwrap().send_keys(name).await.unwrap();
    c.find(Locator::Id("password")).await.unwrap().send_keys(&password(name)).await.unwrap();
    c.find(Locator::Css("main form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for(c, Locator::Css("span.who")).await;
}

/// Signs out and waits for the sign-in page, signed out: not merely for a password field (the
/// page signed out from may hold one, a reveal form), which let the next sign-in race the
/// sign-out's redirect and land signed out.
pub(crate) async fn sign_out(c: &Client) {
    c.find(Locator::Css("form[action='/logout'] button")).await.unwrap().click().await.unwrap();
    wait_for(c, Locator::Css("form[action='/login'] #password")).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while c.find(Locator::Css("span.who")).await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "still signed in after signing out");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for an element; on timeout, fails with what the page says instead.
pub(crate) async fn wait_for(c: &Client, l: Locator<'_>) -> fantoccini::elements::Element {
    match c.wait().at_most(Duration::from_secs(15)).for_element(l).await {
        Ok(e) => e,
        Err(e) => panic!("{e}: page {} says: {}", c.current_url().await.unwrap(), body_text(c).await),
    }
}

pub(crate) async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

/// A fixture served on a free port as `attest serve` serves it, and a browser to drive it.
pub(crate) async fn serve_and_drive() -> (Fixture, String, Driver, Client) {
    let f = Fixture::new(Settings::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(attest_web::run(listener, f.state.clone()));
    let (driver, port) = chromedriver();
    let c = browser(port).await;
    (f, base, driver, c)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workspace_in_headless_chromium() {
    let axe_js = axe_source();
    let (f, base, _driver, c) = serve_and_drive().await;
    let mut violations: Vec<String> = Vec::new();
    let mut check = async |c: &Client, page: &str| {
        for v in axe(c, &axe_js).await {
            violations.push(format!("{page}: {v}"));
        }
    };

    // Sign in with the keyboard alone: the name field has focus, Tab moves on, Enter submits.
    c.goto(&format!("{base}/login")).await.unwrap();
    shot(&c, "01-sign-in").await;
    check(&c, "sign-in").await;
    let focused = c.active_element().await.unwrap();
    assert_eq!(focused.attr("id").await.unwrap().as_deref(), Some("name"), "the name field has focus");
    focused.send_keys(&format!("viewer\u{e004}{}\u{e007}", password("viewer"))).await.unwrap();
    wait_for(&c, Locator::Css("span.who")).await;
    assert!(body_text(&c).await.contains("viewer (viewer)"));
    sign_out(&c).await;
    sign_in(&c, &base, "investigator").await;
    let home = body_text(&c).await;
    assert!(home.contains("Mines of North Hamgyong (test)") && !home.contains("Another case"), "{home}");
    shot(&c, "02-cases").await;
    check(&c, "cases").await;

    // The case overview.
    c.find(Locator::LinkText("Mines of North Hamgyong (test)")).await.unwrap().click().await.unwrap();
    wait_for(&c, Locator::Id("ev")).await;
    let overview = body_text(&c).await;
    assert!(overview.contains("Choi Ki-sun") && overview.contains("Forced labour"), "{overview}");
    shot(&c, "03-case-overview").await;
    check(&c, "case overview").await;

    // Add a testimony through the form.
    let testimony =
        "두 번째 증언: 나는 2003년 용양 광산에서 마그네사이트를 캤다. We dug magnesite at Yongyang under guard.";
    c.goto(&format!("{base}/cases/{}/testimonies/new", f.case.as_str())).await.unwrap();
    c.find(Locator::Id("text")).await.unwrap().send_keys(testimony).await.unwrap();
    c.find(Locator::Id("interviewed")).await.unwrap().send_keys("2023-05-02").await.unwrap();
    shot(&c, "04-add-testimony").await;
    check(&c, "add testimony").await;
    c.find(Locator::Css("main form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for(&c, Locator::Id("claim-form")).await;
    let reader_url = c.current_url().await.unwrap().to_string();
    assert!(reader_url.contains("/sources/src_"), "{reader_url}");
    assert_eq!(c.find(Locator::Id("text")).await.unwrap().text().await.unwrap(), testimony);

    // Select a passage with the browser's selection API, as a mouse would, and save a claim.
    let passage = "용양 광산";
    c.execute(
        "const el = document.getElementById('text'); const node = el.firstChild;
         const at = node.textContent.indexOf(arguments[0]);
         const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + arguments[0].length);
         const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
         el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));",
        vec![json!(passage)],
    )
    .await
    .unwrap();
    let value = |id: &'static str| {
        let c = c.clone();
        async move { c.find(Locator::Id(id)).await.unwrap().prop("value").await.unwrap().unwrap_or_default() }
    };
    let start = testimony[..testimony.find(passage).unwrap()].chars().count();
    assert_eq!(value("start").await, start.to_string(), "the selection's start, counted in characters");
    assert_eq!(value("end").await, (start + passage.chars().count()).to_string());
    assert_eq!(value("passage").await, passage);
    c.find(Locator::Id("act")).await.unwrap().select_by_value("forced-labour").await.unwrap();
    c.find(Locator::Id("place")).await.unwrap().send_keys("용양 (Yongyang)").await.unwrap();
    c.find(Locator::Id("when")).await.unwrap().send_keys("2003").await.unwrap();
    c.find(Locator::Css("#claim-form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for(&c, Locator::Css("mark")).await;
    let marked = c.find(Locator::Css("#text mark")).await.unwrap().text().await.unwrap();
    assert_eq!(marked, passage);
    let listed = body_text(&c).await;
    assert!(listed.contains(&format!("characters {start}–{}", start + passage.chars().count())), "{listed}");
    shot(&c, "05-reader-with-claim").await;
    check(&c, "testimony reader").await;

    // Search in Korean, and across romanizations.
    c.goto(&format!("{base}/search")).await.unwrap();
    c.find(Locator::Id("q")).await.unwrap().send_keys("용양").await.unwrap();
    c.find(Locator::Css("form[role=search] button")).await.unwrap().click().await.unwrap();
    wait_for(&c, Locator::Css("ol.hits li")).await;
    shot(&c, "06-search-korean").await;
    check(&c, "search").await;
    c.goto(&format!("{base}/search?q=Choe")).await.unwrap();
    let found = c.source().await.unwrap();
    assert!(
        found.contains(&format!("/witnesses/{}\">최기순 Choi Ki-sun<", f.witness.as_str())),
        "Choe must find the witness Choi Ki-sun / 최기순, by name: {found}"
    );

    // Reveal as the granted investigator: password again, reason, confirmation.
    c.goto(&format!("{base}/cases/{}/witnesses/{}", f.case.as_str(), f.witness.as_str())).await.unwrap();
    assert!(!body_text(&c).await.contains("Invented Sealed"));
    check(&c, "witness").await;
    c.find(Locator::Id("reason")).await.unwrap().send_keys("follow-up interview").await.unwrap();
    c.find(Locator::Id("password")).await.unwrap().send_keys(&password("investigator")).await.unwrap();
    c.find(Locator::Id("confirm")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("section[aria-labelledby=rv] button")).await.unwrap().click().await.unwrap();
    let name = wait_for(&c, Locator::Id("revealed-name")).await.text().await.unwrap();
    assert_eq!(name, "Invented Sealed Alpha");
    shot(&c, "07-witness-revealed").await;
    sign_out(&c).await;

    // The analyst sees pseudonyms only: no reveal form, no sealed value anywhere.
    sign_in(&c, &base, "analyst").await;
    for url in [
        format!("{base}/cases/{}", f.case.as_str()),
        format!("{base}/cases/{}/witnesses/{}", f.case.as_str(), f.witness.as_str()),
        reader_url.clone(),
        format!("{base}/cases/{}/names", f.case.as_str()),
    ] {
        c.goto(&url).await.unwrap();
        let html = c.source().await.unwrap();
        assert!(html.contains("Choi Ki-sun"), "{url}: the pseudonym is shown");
        for s in SEALED {
            assert!(!html.contains(s), "{url}: the analyst saw a sealed value");
        }
        assert!(c.find(Locator::Id("password")).await.is_err(), "{url}: no reveal form for an analyst");
        if url.contains("/witnesses/") {
            shot(&c, "08-witness-as-analyst").await;
        }
    }
    c.goto(&format!("{base}/cases/{}/names", f.case.as_str())).await.unwrap();
    check(&c, "people and places").await;
    shot(&c, "09-names").await;
    sign_out(&c).await;

    // The administrator: users, log, verification; in Korean.
    sign_in(&c, &base, "admin").await;
    c.goto(&format!("{base}/lang/ko")).await.unwrap();
    c.goto(&format!("{base}/admin")).await.unwrap();
    let admin = body_text(&c).await;
    assert!(
        admin.contains("감사 기록") && admin.contains("신원 공개") && admin.contains("follow-up interview"),
        "{admin}"
    );
    assert!(c.find(Locator::Id("verify-result")).await.unwrap().text().await.unwrap().starts_with("검증됨"));
    shot(&c, "10-admin-ko").await;
    check(&c, "admin").await;
    c.goto(&format!("{base}/cases/{}", f.case.as_str())).await.unwrap();
    shot(&c, "11-case-overview-ko").await;
    check(&c, "case overview (ko)").await;
    // The corroboration page, in Korean, on a 390 px wide phone: nothing wider than the screen.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{base}/cases/{}/corroboration", f.case.as_str())).await.unwrap();
    wait_for(&c, Locator::Id("co-events")).await;
    let page = body_text(&c).await;
    assert!(page.contains("교차 확인") && page.contains("신원 비교를 하지 못했습니다"), "{page}");
    let overflow = c
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
        .await
        .unwrap();
    let wide = c
        .execute(
            "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(overflow.as_i64(), Some(0), "the corroboration page scrolls sideways at 390 px: {wide}");
    shot(&c, "12-corroboration-ko-390").await;
    check(&c, "corroboration (ko, 390 px)").await;
    c.set_window_size(1280, 900).await.unwrap();

    // The checker itself can fail: an image without a text alternative is reported.
    c.execute("const i = document.createElement('img'); i.src = '/static/none.png'; document.querySelector('main').appendChild(i);", vec![])
        .await
        .unwrap();
    let found = axe(&c, &axe_js).await;
    assert!(found.iter().any(|v| v.starts_with("image-alt")), "{found:?}");

    c.close().await.unwrap();
    // After all this, the archive's files hold neither the revealed name nor the new testimony
    // in plaintext (the database and its write-ahead log are encrypted page by page).
    for entry in std::fs::read_dir(&f.root).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for needle in ["Invented Sealed Alpha", "용양 광산", "magnesite at Yongyang"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} in {}", path.display());
        }
    }
    let none: Vec<String> = Vec::new();
    assert_eq!(violations, none, "axe-core found accessibility violations");
}

/// The column and list names in the page's tables laid out over more than one line within one
/// of their words (the `<wbr>` between words is where they may break).
const BROKEN_COLUMN_NAMES: &str = "const out = [];
     for (const code of document.querySelectorAll('main table code.column')) {
       for (const n of code.childNodes) {
         if (n.nodeType !== 3) continue;
         const r = document.createRange(); r.selectNodeContents(n);
         const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
         if (lines.size > 1) out.push(code.textContent);
       }
     }
     return out;";

/// Page width, height and the widest thing in it: `scrollWidth` of the document against the
/// viewport (`innerWidth`), and the element sticking out furthest (for the failure message).
async fn overflow(c: &Client) -> (i64, i64, String) {
    let r = c
        .execute(
            "let worst = ''; let right = 0;
             for (const el of document.querySelectorAll('body *')) {
               const r = el.getBoundingClientRect();
               if (r.right > right + 0.5) { right = r.right; worst = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.right); }
             }
             return [document.documentElement.scrollWidth, window.innerWidth, worst];",
            vec![],
        )
        .await
        .unwrap();
    let a = r.as_array().unwrap();
    (a[0].as_i64().unwrap(), a[1].as_i64().unwrap(), a[2].as_str().unwrap_or("").to_string())
}

/// Sets the viewport to `width` CSS pixels (Chromium's device emulation, so a desktop window's
/// minimum width does not get in the way).
pub(crate) async fn viewport(c: &Client, width: u32, height: u32) {
    let cmd = CdpCommand(json!({
        "cmd": "Emulation.setDeviceMetricsOverride",
        "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }
    }));
    c.issue_cmd(cmd).await.unwrap();
}

/// Chromedriver's `goog/cdp/execute`: a DevTools command.
#[derive(Debug)]
struct CdpCommand(serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or("")))
    }
    fn method_and_body(&self, _request_url: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(self.0.to_string()))
    }
}

/// The main pages on a phone (390 px) in Korean, and in English, and on a laptop in Korean: no
/// page is wider than the screen, Korean pages show none of the English interface words that used
/// to leak through, and axe-core finds nothing. Screenshots: `target/web-screenshots/phone-*`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workspace_on_a_phone_in_korean() {
    let axe_js = axe_source();
    let (f, base, _driver, c) = serve_and_drive().await;
    let case = f.case.as_str();
    let mut problems: Vec<String> = Vec::new();
    for (width, lang) in [(390, "ko"), (390, "en"), (1280, "ko"), (1280, "en")] {
        viewport(&c, width, if width < 600 { 844 } else { 900 }).await;
        c.goto(&format!("{base}/lang/{lang}?to=/login")).await.unwrap();
        let tag = format!("{width}-{lang}");
        for who in ["investigator", "admin"] {
            sign_in(&c, &base, who).await;
            let mut pages = vec![
                ("cases", format!("{base}/")),
                ("overview", format!("{base}/cases/{case}")),
                ("names", format!("{base}/cases/{case}/names")),
                ("reader", format!("{base}/cases/{case}/sources/{}", f.source.as_str())),
                ("witness", format!("{base}/cases/{case}/witnesses/{}", f.witness.as_str())),
                ("search", format!("{base}/search?q=%EC%95%84%EC%98%A4%EC%A7%80")),
                ("testimony-form", format!("{base}/cases/{case}/testimonies/new")),
                ("error", format!("{base}/cases/{case}/sources/src_0000000000000000")),
                ("corroboration", format!("{base}/cases/{case}/corroboration")),
            ];
            if who == "admin" {
                pages = vec![("admin", format!("{base}/admin"))];
            }
            for (name, url) in pages {
                c.goto(&url).await.unwrap();
                wait_for(&c, Locator::Css("main h1")).await;
                // On a phone the browser widens the layout viewport to fit wide content, so
                // `innerWidth` grows too: both are held to the screen's width.
                let (scroll, inner, worst) = overflow(&c).await;
                if scroll > inner || inner > i64::from(width) {
                    problems.push(format!("{tag} {name}: {scroll} px wide in a {inner} px screen (widest: {worst})"));
                }
                if lang == "ko" {
                    let html = c.source().await.unwrap();
                    assert!(html.contains("lang=\"ko\""), "{tag} {name}");
                    let text = body_text(&c).await;
                    for w in ENGLISH.iter().filter(|w| !w.contains(['<', '>'])) {
                        if text.contains(w) {
                            problems.push(format!("{tag} {name}: English {w:?}"));
                        }
                    }
                }
                for v in axe(&c, &axe_js).await {
                    problems.push(format!("{tag} {name}: axe {v}"));
                }
                shot(&c, &format!("phone-{tag}-{name}")).await;
                if name == "admin" {
                    c.execute("document.getElementById('lg').scrollIntoView();", vec![]).await.unwrap();
                    shot(&c, &format!("phone-{tag}-admin-log")).await;
                }
            }
            if who == "investigator" {
                // A refused claim: the reader again, the error on top, the form as filled in.
                c.goto(&format!("{base}/cases/{case}/sources/{}", f.source.as_str())).await.unwrap();
                c.find(Locator::Id("passage")).await.unwrap().send_keys("아오지 탄광").await.unwrap();
                c.find(Locator::Id("when")).await.unwrap().send_keys("1997-13-45").await.unwrap();
                c.find(Locator::Css("#claim-form button[type=submit]")).await.unwrap().click().await.unwrap();
                wait_for(&c, Locator::Css(".form-error")).await;
                let kept = c.find(Locator::Id("when")).await.unwrap().prop("value").await.unwrap();
                assert_eq!(kept.as_deref(), Some("1997-13-45"), "{tag}: the input is kept");
                let (scroll, inner, worst) = overflow(&c).await;
                if scroll > inner || inner > i64::from(width) {
                    problems.push(format!("{tag} claim-refused: {scroll} px in {inner} (widest: {worst})"));
                }
                for v in axe(&c, &axe_js).await {
                    problems.push(format!("{tag} claim-refused: axe {v}"));
                }
                shot(&c, &format!("phone-{tag}-claim-refused")).await;
            }
            sign_out(&c).await;
        }
        // The language switch on a page comes back to it.
        sign_in(&c, &base, "analyst").await;
        let names = format!("{base}/cases/{case}/names");
        c.goto(&names).await.unwrap();
        let other = if lang == "ko" { "en" } else { "ko" };
        c.find(Locator::Css(&format!("span.langs a[lang={other}]"))).await.unwrap().click().await.unwrap();
        wait_for(&c, Locator::Css(&format!("html[lang={other}]"))).await;
        assert_eq!(c.current_url().await.unwrap().as_str(), names, "{tag}: the switch returns to the page");
        c.goto(&format!("{base}/lang/{lang}?to=/")).await.unwrap();
        sign_out(&c).await;
    }
    // The measure itself can fail: an element wider than the phone's screen is reported.
    viewport(&c, 390, 844).await;
    c.goto(&format!("{base}/login")).await.unwrap();
    c.execute("const d = document.createElement('div'); d.style.width = '600px'; d.textContent = 'x'; document.querySelector('main').appendChild(d);", vec![])
        .await
        .unwrap();
    let (scroll, inner, _) = overflow(&c).await;
    assert!(scroll > 390 || inner > 390, "the overflow check must see a 600 px element: {scroll}, {inner}");
    c.close().await.unwrap();
    let none: Vec<String> = Vec::new();
    assert_eq!(problems, none);
}

/// The link form's button text, whether it is disabled, whether the working line is hidden and
/// its text: once the button is disabled when `disabled` is wanted (or after half a second, if it
/// never is), else after 300 ms (time for a script to have disabled it).
async fn working_state(c: &Client, disabled: bool) -> serde_json::Value {
    c.execute_async(
        "const [want, done] = arguments;
         const b = document.querySelector('#link-form button[type=submit]');
         const s = document.getElementById('link-form-working');
         const t0 = Date.now();
         (function poll() {
           if ((want && b.disabled) || Date.now() - t0 > (want ? 500 : 300)) {
             done([b.textContent, b.disabled, s.hidden, s.textContent]);
           } else { setTimeout(poll, 20); }
         })();",
        vec![serde_json::json!(disabled)],
    )
    .await
    .unwrap()
}

async fn sign_in_with(c: &Client, base: &str, name: &str, pw: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    fill_sign_in(c, name, pw).await;
}

async fn fill_sign_in(c: &Client, name: &str, pw: &str) {
    c.find(Locator::Id("name")).await.unwrap().clear().await.unwrap();
    c.find(Locator::Id("name")).await.unwrap().send_keys(name).await.unwrap();
    c.find(Locator::Id("password")).await.unwrap().send_keys(pw).await.unwrap();
    c.find(Locator::Css("main form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for(c, Locator::Css("span.who")).await;
}

async fn fill(c: &Client, fields: &[(&str, &str)]) {
    for (id, v) in fields {
        c.find(Locator::Id(id)).await.unwrap().send_keys(v).await.unwrap();
    }
}

/// Fails if the page is wider than the window (something overflows sideways); runs axe-core on
/// it and adds what it finds to `found`.
pub(crate) async fn fits(c: &Client, page: &str, axe_js: &str, found: &mut Vec<String>) {
    no_sideways_scroll(c, page).await;
    for v in axe(c, axe_js).await {
        found.push(format!("{page}: {v}"));
    }
}

/// Fails if the page is wider than the window (something overflows sideways).
async fn no_sideways_scroll(c: &Client, page: &str) {
    let w = c.execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await.unwrap();
    let (scroll, inner) = (w[0].as_u64().unwrap(), w[1].as_u64().unwrap());
    assert!(scroll <= inner, "{page}: {scroll} px wide in a {inner} px window");
}

/// One enrolment walked in the browser: the administrator invites, the user accepts the code
/// with a password of their own, signs in, changes the password and signs in with the new one.
/// `tag` prefixes the screenshots; axe-core's findings are added to `found`.
async fn enrol(c: &Client, base: &str, name: &str, tag: &str, axe_js: &str, found: &mut Vec<String>) -> [String; 3] {
    sign_in(c, base, "admin").await;
    c.goto(&format!("{base}/admin")).await.unwrap();
    fits(c, &format!("{tag} admin"), axe_js, found).await;
    c.execute("document.getElementById('invite').scrollIntoView();", vec![]).await.unwrap();
    shot(c, &format!("{tag}-1-admin")).await;
    fill(c, &[("nu-name", name)]).await;
    c.find(Locator::Css("#invite-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let code = wait_for(c, Locator::Id("invitation-code")).await.text().await.unwrap();
    shot(c, &format!("{tag}-2-invited")).await;
    fits(c, &format!("{tag} invited"), axe_js, found).await;
    sign_out(c).await;

    c.find(Locator::Id("have-invitation")).await.unwrap().click().await.unwrap();
    wait_for(c, Locator::Id("accept-form")).await;
    let (first, second) = (format!("{name} chose this"), format!("{name} changed this"));
    fill(c, &[("name", name), ("code", &code), ("password", &first), ("password_again", &first)]).await;
    shot(c, &format!("{tag}-3-accept")).await;
    fits(c, &format!("{tag} accept"), axe_js, found).await;
    c.find(Locator::Css("#accept-form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for(c, Locator::Css("p.ok[role=status]")).await;
    shot(c, &format!("{tag}-4-accepted")).await;
    fits(c, &format!("{tag} accepted"), axe_js, found).await;
    fill_sign_in(c, name, &first).await;

    c.find(Locator::Css("header a[href='/account']")).await.unwrap().click().await.unwrap();
    wait_for(c, Locator::Id("password-form")).await;
    fill(c, &[("current", &first), ("new_password", &second), ("new_password_again", &second)]).await;
    c.find(Locator::Css("#password-form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for(c, Locator::Css("p.ok[role=status]")).await;
    shot(c, &format!("{tag}-5-password-changed")).await;
    fits(c, &format!("{tag} account"), axe_js, found).await;
    sign_out(c).await;
    sign_in_with(c, base, name, &second).await;
    assert!(body_text(c).await.contains(name));
    sign_out(c).await;
    [code, first, second]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_in_headless_chromium_in_english_and_in_korean_on_a_phone() {
    let (log, captured) = server_log();
    let axe_js = axe_source();
    let (_f, base, _driver, c) = serve_and_drive().await;
    let mut found = Vec::new();
    let mut secrets = Vec::new();

    secrets.extend(enrol(&c, &base, "Han Ok-sun", "20-enrol-en", &axe_js, &mut found).await);

    // Korean, at a phone's width.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{base}/lang/ko")).await.unwrap();
    c.goto(&format!("{base}/login")).await.unwrap();
    assert!(body_text(&c).await.contains("초대 코드가 있습니다"));
    shot(&c, "21-enrol-ko-390-0-sign-in").await;
    fits(&c, "sign-in (ko)", &axe_js, &mut found).await;
    secrets.extend(enrol(&c, &base, "강미래", "21-enrol-ko-390", &axe_js, &mut found).await);
    // The reset confirmation, in Korean at this width.
    sign_in(&c, &base, "admin").await;
    c.goto(&format!("{base}/admin")).await.unwrap();
    c.find(Locator::Css("a[aria-label='초기화: 강미래']")).await.unwrap().click().await.unwrap();
    wait_for(&c, Locator::Id("reset-form")).await;
    assert!(body_text(&c).await.contains("모든 권한"));
    shot(&c, "21-enrol-ko-390-6-reset").await;
    fits(&c, "reset (ko)", &axe_js, &mut found).await;
    c.close().await.unwrap();
    assert_eq!(found, Vec::<String>::new(), "axe-core found accessibility violations");

    // The server's log has the requests, and no code or password.
    let text = log.text();
    assert!(captured, "another subscriber was installed first: the log cannot be checked");
    assert!(text.contains("/login/invitation") && text.contains("/account/password"), "{text}");
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "{s} in the server log");
    }
}

/// Lists in the browser: an analyst uploads two small invented lists, sees the column roles and
/// the groups, downloads the `record_id,cluster_id` table, reads the capture-history table and
/// what it assumes, estimates from this result (the table filled in from the server, not the
/// URL; in Korean no English sentence), sees the working line when a run is really submitted (not
/// when another handler cancels the submit), and
/// estimates from a pasted capture-history table ("no estimate" in words); on a laptop in
/// English, on a 390-pixel phone in Korean and in English, and on a laptop in Korean. Nothing
/// wider than the screen, no column name broken inside a word, axe-core clean. Screenshots:
/// `target/web-screenshots/30-lists-*`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_linked_and_estimated_in_headless_chromium_in_english_and_in_korean_on_a_phone() {
    let axe_js = axe_source();
    let (_f, base, _driver, c) = serve_and_drive().await;
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("mines-a.csv"), dir.path().join("mines-b.csv"));
    std::fs::write(&a, crate::lists::LIST_A).unwrap();
    std::fs::write(&b, crate::lists::LIST_B).unwrap();
    let table = "L1,L2,L3,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,0\n1,0,1,0\n0,1,1,0\n1,1,1,0\n";
    let mut found = Vec::new();
    let english = ("People found", "No estimate", "observed on at least one list: 7", ("Working…", "up to a minute"));
    let korean = ("찾은 사람", "추정 불가", "한 명단 이상에 기록됨: 7", ("처리 중…", "1분까지"));
    for (width, lang, (people, no_estimate, observed_7, working)) in
        [(1280, "en", english), (390, "ko", korean), (390, "en", english), (1280, "ko", korean)]
    {
        viewport(&c, width, if width < 600 { 844 } else { 900 }).await;
        c.goto(&format!("{base}/lang/{lang}?to=/login")).await.unwrap();
        let tag = format!("30-lists-{width}-{lang}");
        sign_in(&c, &base, "analyst").await;
        c.find(Locator::Css("header a[href='/link']")).await.unwrap().click().await.unwrap();
        wait_for(&c, Locator::Id("link-form")).await;
        shot(&c, &format!("{tag}-1-form")).await;
        fits(&c, &format!("{tag} form"), &axe_js, &mut found).await;
        c.find(Locator::Id("list_a")).await.unwrap().send_keys(&a.to_string_lossy()).await.unwrap();
        c.find(Locator::Id("list_b")).await.unwrap().send_keys(&b.to_string_lossy()).await.unwrap();
        c.find(Locator::Css("#link-form button[type=submit]")).await.unwrap().click().await.unwrap();
        wait_for(&c, Locator::Id("download-clusters")).await;
        let text = body_text(&c).await;
        assert!(text.contains(people) && text.contains("home_county"), "{text}");
        assert_eq!(c.find(Locator::Id("people")).await.unwrap().text().await.unwrap(), "7");
        // Each column's note, in the page's language: in Korean, no English note is left (the
        // notes are said from their codes), only the list's own headers quoted.
        let notes = c.find_all(Locator::Css("table.columns td.why")).await.unwrap();
        assert_eq!(notes.len(), 6, "a note for each column");
        for cell in notes {
            let (said, html) = (cell.text().await.unwrap(), cell.html(true).await.unwrap());
            if lang == "ko" {
                let runs = crate::corroboration::english_runs(&said);
                assert!(runs.is_empty() && !html.contains("lang="), "English in a Korean note: {runs:?} {html}");
                assert!(said.chars().any(|ch| ('가'..='힣').contains(&ch)), "{said}");
            } else {
                assert!(said.starts_with("the record id") || said.starts_with("header"), "{said}");
            }
        }
        shot(&c, &format!("{tag}-2-result")).await;
        let broken = c.execute(BROKEN_COLUMN_NAMES, vec![]).await.unwrap();
        assert_eq!(broken, json!([]), "{tag}: column names broken inside a word");
        c.execute("document.getElementById('columns').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-2-columns")).await;
        c.execute("document.getElementById('near').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-2-pairs")).await;
        fits(&c, &format!("{tag} result"), &axe_js, &mut found).await;
        // The download, fetched by the page as the link would be (same session).
        let csv = c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(document.getElementById('download-clusters').href).then(r => r.text()).then(done);",
                vec![],
            )
            .await
            .unwrap();
        let csv = csv.as_str().unwrap().to_string();
        let rows: std::collections::HashMap<&str, &str> =
            csv.lines().skip(1).filter_map(|l| l.split_once(',')).collect();
        assert!(csv.starts_with("record_id,cluster_id"), "{csv}");
        assert_eq!(rows["A1"], rows["B1"], "{csv}");

        // The capture-history table, what it assumes, and on to the estimate from this result.
        c.execute("document.getElementById('capture').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-2-capture")).await;
        c.find(Locator::Css("#to-estimate button")).await.unwrap().click().await.unwrap();
        wait_for(&c, Locator::Id("from-link")).await;
        let pasted = c.find(Locator::Id("text")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
        assert_eq!(pasted, "mines-a,mines-b,count\n1,0,1\n0,1,1\n1,1,5\n");
        assert!(!c.current_url().await.unwrap().as_str().contains("count"), "the table is not in the URL");
        shot(&c, &format!("{tag}-2-from-link")).await;
        fits(&c, &format!("{tag} estimate from the link result"), &axe_js, &mut found).await;
        c.find(Locator::Css("#estimate-form button[type=submit]")).await.unwrap().click().await.unwrap();
        wait_for(&c, Locator::Id("side")).await;
        let text = body_text(&c).await;
        assert!(text.contains(observed_7), "{text}");
        if lang == "ko" {
            let runs = crate::corroboration::english_runs(&text);
            assert!(runs.is_empty(), "English on the Korean estimate: {runs:?}\n{text}");
        }
        shot(&c, &format!("{tag}-2-estimate-from-link")).await;
        fits(&c, &format!("{tag} estimate from the link result"), &axe_js, &mut found).await;

        // The progress line. A submit cancelled by another handler leaves the button as it was.
        c.goto(&format!("{base}/link")).await.unwrap();
        wait_for(&c, Locator::Id("link-form")).await;
        c.find(Locator::Id("list_a")).await.unwrap().send_keys(&a.to_string_lossy()).await.unwrap();
        c.execute(
            "document.getElementById('link-form').addEventListener('submit', function (e) { e.preventDefault(); });",
            vec![],
        )
        .await
        .unwrap();
        c.find(Locator::Css("#link-form button[type=submit]")).await.unwrap().click().await.unwrap();
        let state = working_state(&c, false).await;
        assert_eq!(state[1], false, "a cancelled submit does not disable the button: {state}");
        assert_eq!(state[2], true, "nor show the working line: {state}");
        assert_ne!(state[0], working.0, "{state}");
        // A submit that goes ahead (into a frame, so that the page stays to be read): the button
        // says it is working and the status appears.
        c.goto(&format!("{base}/link")).await.unwrap();
        wait_for(&c, Locator::Id("link-form")).await;
        c.find(Locator::Id("list_a")).await.unwrap().send_keys(&a.to_string_lossy()).await.unwrap();
        c.execute(
            "const f = document.createElement('iframe'); f.name = 'held'; f.hidden = true;
             document.body.appendChild(f); document.getElementById('link-form').target = 'held';",
            vec![],
        )
        .await
        .unwrap();
        c.find(Locator::Css("#link-form button[type=submit]")).await.unwrap().click().await.unwrap();
        let state = working_state(&c, true).await;
        assert_eq!(state[0], working.0, "{state}");
        assert_eq!(state[1], true, "{state}");
        assert_eq!(state[2], false, "{state}");
        assert!(state[3].as_str().unwrap().contains(working.1), "{state}");
        shot(&c, &format!("{tag}-2-working")).await;

        c.find(Locator::Css("header a[href='/estimate']")).await.unwrap().click().await.unwrap();
        wait_for(&c, Locator::Id("estimate-form")).await;
        c.find(Locator::Id("text")).await.unwrap().send_keys(table).await.unwrap();
        c.find(Locator::Id("method")).await.unwrap().select_by_value("loglinear").await.unwrap();
        shot(&c, &format!("{tag}-3-estimate-form")).await;
        fits(&c, &format!("{tag} estimate form"), &axe_js, &mut found).await;
        c.find(Locator::Css("#estimate-form button[type=submit]")).await.unwrap().click().await.unwrap();
        wait_for(&c, Locator::Id("side")).await;
        let text = body_text(&c).await;
        assert!(text.contains(no_estimate) && text.contains("1,371"), "{text}");
        shot(&c, &format!("{tag}-4-estimate")).await;
        fits(&c, &format!("{tag} estimate"), &axe_js, &mut found).await;
        sign_out(&c).await;
    }
    c.close().await.unwrap();
    assert_eq!(found, Vec::<String>::new(), "axe-core found accessibility violations");
}
