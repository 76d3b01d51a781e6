//! What a new user meets, over the real router: pages in Korean without the English interface
//! words that used to leak through, names instead of ids, the language switch coming back to the
//! page (and refusing other sites), error pages in the user's language with navigation and a
//! way back, a refused form shown again with its input, and people and places by their written
//! forms.

use crate::fixture::*;

/// English interface words that pages in Korean used to show (the session-4 walk).
pub const ENGLISH: &[&str] = &[
    "forced-labour",
    "Forced labour",
    "publish-pseudonym",
    "legal_name",
    "identity grants",
    "log entries",
    "log entry",
    "EDTF",
    "attest corroboration",
    "(investigator)",
    "(admin)",
    "Something is wrong",
    "Back<",
    ">witness<",
    ">claim<",
    ">source<",
    " bytes",
    "needs a testimonies grant",
    "Grants are given",
    ">at<",
    ">actor<",
    ">action<",
    ">record<",
    "Testimony of",
];

/// Visible text: the page without its tags, and without the application's English detail of an
/// error (`<span lang="en">`, which names the field or record at fault, ids included).
fn visible(html: &str) -> String {
    let mut html = html.to_string();
    while let Some(i) = html.find("<span lang=\"en\">") {
        let end = html[i..].find("</span>").map_or(html.len(), |j| i + j + "</span>".len());
        html.replace_range(i..end, "");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push('<');
            }
            '>' if in_tag => {
                in_tag = false;
                out.push('>');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

pub fn assert_korean(url: &str, html: &str) {
    assert!(html.contains("lang=\"ko\""), "{url}: not in Korean");
    let text = visible(html);
    for w in ENGLISH {
        assert!(!text.contains(w), "{url}: English {w:?} in a Korean page: {text}");
    }
    assert!(!text.contains("src_") && !text.contains("usr_") && !text.contains("case_"), "{url}: an id shown: {text}");
    // A text without a translation shows its key (`identity_grants`): no snake_case word may be
    // left in a Korean page (codes such as `not_found` are inside <code>, kept apart here).
    for piece in text.split(['<', '>']).flat_map(|p| p.split(|c: char| c.is_whitespace() || ",.:()·".contains(c))) {
        let key_like = piece.contains('_')
            && piece.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && !piece.starts_with('_')
            && !piece.ends_with('_');
        assert!(!key_like || is_code(html, piece), "{url}: untranslated key {piece:?}");
    }
}

/// Whether `word` is shown as a stable code (`<code>not_found</code>`), which stays as it is.
fn is_code(html: &str, word: &str) -> bool {
    html.contains(&format!("<code>{word}</code>"))
}

pub async fn korean(f: &Fixture, role: &str) -> Client {
    let mut c = f.login(role).await;
    let res = f.send(&mut c, "GET", "/lang/ko?to=/", None, &[]).await;
    assert_eq!(res.status, 303);
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_main_page_in_korean_shows_no_english_interface_word_and_no_id() {
    let f = Fixture::new(attest_web::Settings::default());
    let case = f.case.as_str();
    // A reveal first, so the audit log holds one with its reason.
    let mut inv = korean(&f, "investigator").await;
    let form = serde_urlencoded::to_string([
        ("csrf", inv.csrf.clone()),
        ("password", password("investigator")),
        ("reason", "follow-up interview 7".into()),
        ("confirm", "yes".into()),
    ])
    .unwrap();
    let url = format!("/cases/{case}/witnesses/{}/reveal", f.witness.as_str());
    let res = f.send(&mut inv, "POST", &url, Some(("application/x-www-form-urlencoded", form.into_bytes())), &[]).await;
    // Post/Redirect/Get: the revealed fields are on the page the answer points to, once.
    assert_eq!(res.status, 303, "{}", res.body);
    let shown = res.headers.get("location").unwrap().to_str().unwrap().to_string();
    let res = f.send(&mut inv, "GET", &shown, None, &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("실명"), "the sealed field's name in Korean: {}", res.body);
    for role in ["admin", "investigator", "analyst", "viewer"] {
        let mut c = korean(&f, role).await;
        let mut urls = vec![
            "/".to_string(),
            format!("/cases/{case}"),
            format!("/cases/{case}/names"),
            format!("/cases/{case}/sources/{}", f.source.as_str()),
            format!("/cases/{case}/witnesses/{}", f.witness.as_str()),
            "/search?q=%EC%95%84%EC%98%A4%EC%A7%80".to_string(),
            "/search?q=Choe".to_string(),
            format!("/cases/{case}/sources/src_0000000000000000"),
        ];
        if role == "admin" {
            urls.push("/admin".into());
        }
        if role == "investigator" || role == "admin" {
            urls.push(format!("/cases/{case}/testimonies/new"));
        }
        for url in urls {
            let res = f.send(&mut c, "GET", &url, None, &[]).await;
            assert!(res.status == 200 || url.contains("src_0000"), "{role} {url}: {}", res.status);
            assert_korean(&format!("{role} {url}"), &res.body);
            if url == "/admin" {
                assert!(res.body.contains("신원 공개") && res.body.contains("follow-up interview 7"), "{}", res.body);
                assert!(res.body.contains("Choi Ki-sun"), "the reveal log names the witness: {}", res.body);
            }
            if url.ends_with(f.source.as_str()) {
                let who = matches!(role, "investigator" | "analyst");
                let note = if who {
                    "내 권한과 비밀번호로 열 수 있습니다"
                } else {
                    "사건 키로만 열립니다"
                };
                assert!(res.body.contains(note), "{role}: {}", res.body);
                assert!(res.body.contains("강제노동") && res.body.contains("1997년"), "{}", res.body);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_returns_to_the_page_and_never_to_another_site() {
    let f = Fixture::new(attest_web::Settings::default());
    let mut c = f.login("viewer").await;
    let page = format!("/cases/{}/names", f.case.as_str());
    let res = f.send(&mut c, "GET", &page, None, &[]).await;
    let link = format!("/lang/ko?to=%2Fcases%2F{}%2Fnames", f.case.as_str());
    assert!(res.body.contains(&link), "the switch carries the page: {}", res.body);
    let res = f.send(&mut c, "GET", &link, None, &[]).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.headers["location"], page.as_str());
    assert!(c.cookies.iter().any(|(k, v)| k == "lang" && v == "ko"));
    for bad in [
        "https%3A%2F%2Fevil.example%2F",
        "%2F%2Fevil.example%2Fx",
        "%2F%5Cevil.example",
        "%2F%09%2Fevil.example",
        "javascript%3Aalert(1)",
    ] {
        let res = f.send(&mut c, "GET", &format!("/lang/en?to={bad}"), None, &[]).await;
        assert_eq!(res.status, 303, "{bad}");
        assert_eq!(res.headers["location"], "/", "{bad} must not be followed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_page_is_in_korean_with_navigation_and_a_way_back() {
    let f = Fixture::new(attest_web::Settings::default());
    let mut c = korean(&f, "analyst").await;
    let case = f.case.as_str();
    let res = f.send(&mut c, "GET", &format!("/cases/{case}/sources/src_0000000000000000"), None, &[]).await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("이 페이지나 기록이 없거나"), "{}", res.body);
    assert!(res.body.contains("action=\"/logout\"") && res.body.contains("href=\"/search\""), "navigation");
    assert!(res.body.contains(&format!("href=\"/cases/{case}\" data-back")), "back to the case: {}", res.body);
    assert!(res.body.contains("code>not_found<"), "the stable code stays");
    // Named as a code to quote, as under the list forms, not as an "error code" to decode.
    assert!(res.body.contains("도움을 청할 때 알려 줄 코드: <code>not_found</code>"), "{}", res.body);
    assert!(!res.body.contains("오류 코드"), "{}", res.body);
    assert!(res.body.contains("찾는 자료가 없습니다") && !res.body.contains("no source with id"), "{}", res.body);
    // A page the viewer may not open: refused in Korean, back to the cases.
    let mut v = korean(&f, "viewer").await;
    let res = f.send(&mut v, "GET", "/admin", None, &[]).await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("권한이 없습니다") && res.body.contains("href=\"/\" data-back"), "{}", res.body);
    let mut en = f.login("viewer").await;
    let res = f.send(&mut en, "GET", "/admin", None, &[]).await;
    assert!(res.body.contains("Code to quote if you ask for help: <code>forbidden</code>"), "{}", res.body);
    assert!(!res.body.contains("Error code"), "{}", res.body);
    // The API still answers in JSON.
    let res = f.send(&mut v, "GET", "/api/admin", None, &[]).await;
    assert_eq!(res.status, 403);
    assert!(res.body.starts_with("{\"error\""), "{}", res.body);
}

fn claim_form(c: &Client, fields: &[(&str, &str)]) -> Option<(&'static str, Vec<u8>)> {
    let mut all = vec![("csrf".to_string(), c.csrf.clone())];
    all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Some(("application/x-www-form-urlencoded", serde_urlencoded::to_string(all).unwrap().into_bytes()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_claim_comes_back_with_its_input_and_the_error_in_korean() {
    let f = Fixture::new(attest_web::Settings::default());
    let mut c = korean(&f, "analyst").await;
    let url = format!("/cases/{}/sources/{}/claims", f.case.as_str(), f.source.as_str());
    let body = claim_form(
        &c,
        &[
            ("passage", "아오지 탄광"),
            ("act", "child-labour"),
            ("place", "아오지 탄광 (Aoji)"),
            ("when", "1997-13-45"),
            ("victim", "an invented boy of twelve"),
        ],
    );
    let before = f.send(&mut c, "GET", &format!("/api/cases/{}", f.case.as_str()), None, &[]).await;
    let res = f.send(&mut c, "POST", &url, body, &[]).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(res.body.contains("양식에서 고칠 부분이 있습니다"), "{}", res.body);
    assert!(res.body.contains("고칠 항목: 시기"), "the field at fault is named in Korean: {}", res.body);
    // The detail is Korean too, in words a non-programmer reads: how to write a date.
    assert!(
        res.body.contains("‘1997-13-45’는 날짜로 읽을 수 없습니다") && res.body.contains("1990~(1990년경)"),
        "the date error explained in Korean: {}",
        res.body
    );
    assert!(!res.body.contains("Write a date such as") && !res.body.contains("EDTF"), "{}", res.body);
    for kept in [
        "value=\"아오지 탄광 (Aoji)\"",
        "value=\"1997-13-45\"",
        "value=\"an invented boy of twelve\"",
        ">아오지 탄광</textarea>",
    ] {
        assert!(res.body.contains(kept), "{kept} kept: {}", res.body);
    }
    assert!(res.body.contains("value=\"child-labour\" selected"), "the act stays chosen");
    assert!(res.body.contains("id=\"text\""), "the reader is shown again with the form");
    let after = f.send(&mut c, "GET", &format!("/api/cases/{}", f.case.as_str()), None, &[]).await;
    let claims = |b: &str| serde_json::from_str::<serde_json::Value>(b).unwrap()["case"]["claims"].clone();
    assert_eq!(claims(&before.body), claims(&after.body), "nothing was added");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_and_places_by_their_written_forms_descriptions_kept_apart_per_source() {
    let f = Fixture::new(attest_web::Settings::default());
    let mut c = f.login("investigator").await;
    let case = f.case.as_str();
    // A second testimony, by the other witness, that also speaks of "the witness" and of Aoji.
    let api = |c: &Client| vec![("x-csrf-token", c.csrf.clone())];
    let other = serde_json::json!({
        "witness": f.witness.as_str(),
        "text": "The witness said the security department guards beat workers at Aoji coal mine in 1998.",
    });
    let h = api(&c);
    let res = f
        .send(
            &mut c,
            "POST",
            &format!("/api/cases/{case}/testimonies"),
            Some(("application/json", other.to_string().into_bytes())),
            &h,
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let second: String =
        serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["source_id"].as_str().unwrap().into();
    for (source, passage, place, who) in [
        (f.source.as_str(), "아오지 탄광", "Aoji", "the witness"),
        (second.as_str(), "beat workers", "Aoji coal mine", "the witness"),
        (second.as_str(), "security department guards", "아오지", "security department"),
    ] {
        let claim = serde_json::json!({ "passage": passage, "act": "torture", "place": place, "victim": who });
        let h = api(&c);
        let res = f
            .send(
                &mut c,
                "POST",
                &format!("/api/cases/{case}/sources/{source}/claims"),
                Some(("application/json", claim.to_string().into_bytes())),
                &h,
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
    }
    let res = f.send(&mut c, "GET", &format!("/cases/{case}/names"), None, &[]).await;
    let page = visible(&res.body);
    assert_eq!(
        page.matches("<>the witness<> · described in").count(),
        2,
        "one row per source for a description: {page}"
    );
    for source in [f.source.as_str(), second.as_str()] {
        assert!(res.body.contains(&format!("/sources/{source}\">")), "each row links its source: {}", res.body);
    }
    assert!(page.contains("security department"), "the written form: {page}");
    assert!(!res.body.contains("<code>"), "no comparison key shown: {page}");
    // The overview counts Aoji once, with its other spellings in the row.
    let res = f.send(&mut c, "GET", &format!("/api/cases/{case}"), None, &[]).await;
    let o: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let rows = o["by_place"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "every Aoji spelling in one row: {rows:?}");
    assert_eq!(rows[0]["claims"], 4);
    assert_eq!(rows[0]["variants"].as_array().unwrap().len(), 3, "{rows:?}");
}
