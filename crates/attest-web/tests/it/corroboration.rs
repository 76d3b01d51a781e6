//! The corroboration page over HTTP: what it shows, the decision buttons and the claim's basis
//! and grade form, each changing what the archive holds and what the page then finds.

use std::collections::BTreeMap;

use attest_web::Settings;

use crate::fixture::*;

fn form(csrf: &str, fields: &[(&str, &str)]) -> Option<(&'static str, Vec<u8>)> {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    Some(("application/x-www-form-urlencoded", serde_urlencoded::to_string(all).unwrap().into_bytes()))
}

fn json(v: serde_json::Value) -> Option<(&'static str, Vec<u8>)> {
    Some(("application/json", v.to_string().into_bytes()))
}

/// The attributes of every tag of the page that starts with `open` (e.g. `<article class="event"`).
pub fn tags(body: &str, open: &str) -> Vec<BTreeMap<String, String>> {
    body.match_indices(open)
        .map(|(i, _)| {
            let tag = &body[i..i + body[i..].find('>').unwrap()];
            let mut attrs = BTreeMap::new();
            for part in tag.split("\" ") {
                if let Some((k, v)) = part.rsplit(' ').next().unwrap_or("").split_once("=\"") {
                    attrs.insert(k.to_string(), v.trim_end_matches('"').to_string());
                }
            }
            attrs
        })
        .collect()
}

/// The event whose claims include `claim`, as the page marks it.
fn event_of(page: &str, claim: &str) -> BTreeMap<String, String> {
    let at = page.find(&format!("data-claim=\"{claim}\"")).unwrap_or_else(|| panic!("{claim} not on the page"));
    let start = page[..at].rfind("<article class=\"event\"").unwrap();
    tags(&page[start..], "<article class=\"event\"").remove(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_derived_decision_removes_the_second_line_and_the_forms_store_basis_grade_and_policy() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("investigator").await;
    let h = [("x-csrf-token", c.csrf.clone())];
    let csrf = c.csrf.clone();
    // A second witness's own account of the same forced labour, first-hand, grade 2.
    let text = "Pak Su-mi: in 1997 I was made to dig coal at Aoji with the other women of our work unit.";
    let res = f
        .send(
            &mut c,
            "POST",
            &f.fill("/api/cases/{case}/testimonies", true),
            json(serde_json::json!({ "witness": f.second_witness.as_str(), "text": text, "reliability": "B2" })),
            &h,
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let src2 = serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["source_id"].as_str().unwrap().to_string();
    let res = f
        .send(
            &mut c,
            "POST",
            &format!("/api/cases/{}/sources/{src2}/claims", f.case),
            json(serde_json::json!({ "passage": "in 1997 I was made to dig coal at Aoji", "act": "forced-labour",
                "place": "Aoji", "when": "1997", "basis": "witnessed", "information": 2 })),
            &h,
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let claim2 =
        serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["claim_id"].as_str().unwrap().to_string();
    let page_url = f.fill("/cases/{case}/corroboration", true);
    let page = f.send(&mut c, "GET", &page_url, None, &[]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let e = event_of(&page.body, &claim2);
    assert_eq!(e["data-lines"], "2", "two witnesses, two lines: {e:?}");
    assert_eq!(event_of(&page.body, f.claim.as_str())["id"], e["id"], "one event");
    assert!(page.body.contains("data-compared=\"false\""), "the page says identities were not compared");
    assert!(page.body.contains("Identity comparison was not available here"), "{}", page.body);

    // "Derived": the second testimony repeats the first. One line is left.
    let decide = f.fill("/cases/{case}/corroboration/decisions", true);
    let fields = [("decision", "derived"), ("a", f.source.as_str()), ("b", src2.as_str())];
    let res = f.send(&mut c, "POST", &decide, form(&csrf, &fields), &[]).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = f.send(&mut c, "GET", &page_url, None, &[]).await;
    let after = event_of(&page.body, &claim2);
    assert_eq!(after["data-lines"], "1", "{after:?}");
    assert_ne!(after["data-status"], "corroborated");
    // An unknown decision is refused naming the field.
    let fields = [("decision", "maybe"), ("a", f.source.as_str()), ("b", src2.as_str())];
    let res = f.send(&mut c, "POST", &decide, form(&csrf, &fields), &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("decision"), "{}", res.body);

    // The claim's basis and grade, from the reader's form; grade 1 is refused and changes nothing.
    let assess = format!("/cases/{}/claims/{}/assessment", f.case, f.claim);
    let res = f
        .send(&mut c, "POST", &assess, form(&csrf, &[("basis", "heard-from-named"), ("basis_from", "Pine")]), &[])
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let reader = f.send(&mut c, "GET", &f.fill("/api/cases/{case}/sources/{source}", true), None, &[]).await;
    let v: serde_json::Value = serde_json::from_str(&reader.body).unwrap();
    let claim = v["claims"].as_array().unwrap().iter().find(|k| k["claim_id"] == f.claim.as_str()).unwrap().clone();
    assert_eq!((claim["basis"].as_str(), claim["basis_from"].as_str()), (Some("heard-from-named"), Some("Pine")));
    let res = f.send(&mut c, "POST", &assess, form(&csrf, &[("information", "1")]), &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("information") && res.body.contains("confirmed by other sources"), "{}", res.body);
    let reader = f.send(&mut c, "GET", &f.fill("/cases/{case}/sources/{source}", true), None, &[]).await;
    assert!(reader.body.contains("data-basis=\"heard-from-named\""), "the reader shows the basis");

    // The case's F/6 policy: the page states it before and after.
    let page = f.send(&mut c, "GET", &page_url, None, &[]).await;
    let policy = |body: &str| body.split("id=\"policy\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    let before = policy(&page.body);
    let res = f
        .send(
            &mut c,
            "POST",
            &f.fill("/cases/{case}/corroboration/policy", true),
            form(&csrf, &[("unassessed", "assume-minimum")]),
            &[],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = f.send(&mut c, "GET", &page_url, None, &[]).await;
    assert_ne!(policy(&page.body), before, "the stated policy follows the case's");

    // In Korean.
    c.cookies.push(("lang".into(), "ko".into()));
    let ko = f.send(&mut c, "GET", &page_url, None, &[]).await;
    assert!(ko.body.contains("교차 확인") && ko.body.contains("신원 비교를 하지 못했습니다"), "{}", ko.body);
    for secret in SEALED {
        assert!(!page.body.contains(secret) && !ko.body.contains(secret), "a sealed value on the page");
    }
}
