//! Corroboration: independent lines, declared dependencies, event merges and splits.

use super::*;

/// Adds a witness with a testimony graded B2 and one claim; returns (witness, source, claim).
fn witness_with_claim(env: &Env, case: &str, pseudonym: &str, name: &str, text: &str, claim: [&str; 4]) -> [String; 3] {
    witness_claim(env, case, pseudonym, name, None, text, claim)
}

/// As [`witness_with_claim`], with the witness's sealed contact details when given.
fn witness_claim(
    env: &Env,
    case: &str,
    pseudonym: &str,
    name: &str,
    contact: Option<&str>,
    text: &str,
    claim: [&str; 4],
) -> [String; 3] {
    let mut args = vec![
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
    ];
    if let Some(contact) = contact {
        args.extend(["--sealed-contact", contact]);
    }
    let witness = s(&env.ok(&args), "witness_id");
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

/// Undoes the HTML escaping of a page's text.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The value of `attr` in the first tag of `page` that carries `marker` (e.g. `id="event-1"`).
fn attr(page: &str, marker: &str, attr: &str) -> Option<String> {
    let at = page.find(marker)?;
    let start = page[..at].rfind('<')?;
    let tag = &page[start..at + page[at..].find('>')?];
    let key = format!(" {attr}=\"");
    let v = tag.split(&key).nth(1)?;
    Some(v[..v.find('"')?].to_string())
}

#[test]
fn the_workspace_page_shows_what_the_json_reports() {
    let env = Env::new();
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "Parity"]), "case_id");
    let collapse = ["death-in-custody", "Aoji coal mine", "1997-12", "23"];
    let [_, sa, ca] = witness_with_claim(
        &env,
        &case,
        "Pine",
        "Invented Name Pine",
        "The roof of the lower shaft fell in during December and twenty-three men stayed under it.",
        collapse,
    );
    let [_, sb, _] = witness_with_claim(
        &env,
        &case,
        "Cedar",
        "Invented Name Cedar",
        "우리 갱도가 무너졌을 때 스물세 명이 갇혔습니다.",
        ["death-in-custody", "아오지 탄광", "1997", "about 23"],
    );
    let [_, _, cc] = witness_with_claim(
        &env,
        &case,
        "Birch",
        "Invented Name Birch",
        "Every winter from 1995 to 1999 we were sent to cut timber at Hoeryong without pay.",
        ["forced-labour", "Hoeryong", "1995/1999", "40"],
    );
    // Basis and grade at the command line: grade 1 is refused naming the flag, and nothing changes.
    let before = env.snapshot();
    assert!(env.fails(&["claim", "assess", "--claim", &cc, "--information", "1"]).contains("--information"));
    assert!(env.fails(&["claim", "assess", "--claim", &cc, "--basis", "heard-from-named"]).contains("--basis-from"));
    assert!(env.fails(&["policy", "--case", &case, "--unassessed", "lenient"]).contains("--unassessed"));
    assert_eq!(before, env.snapshot());
    let a = env.ok(&["claim", "assess", "--claim", &ca, "--basis", "witnessed", "--information", "2"]);
    assert_eq!((a["basis"].as_str(), a["information"].as_u64()), (Some("witnessed"), Some(2)));
    env.ok(&["policy", "--case", &case, "--unassessed", "assume-minimum"]);
    // A shared interviewer: a review item, and a condition on the collapse's finding.
    env.ok(&["depend", "add", "--case", &case, "--kind", "shared-interviewer", &sa, &sb]);
    let report = env.ok(&["corroboration", "--case", &case]);
    let e = event_of(&report, &ca);
    assert_eq!((e["status"].as_str(), e["lines"].as_array().unwrap().len()), (Some("corroborated"), 2), "{e}");
    assert!(!e["conditions"].as_array().unwrap().is_empty(), "a condition from the shared interviewer: {e}");
    assert!(report["policy"].as_str().unwrap().contains("minimum"), "{}", report["policy"]);

    // The same case in the workspace, as an investigator of the case sees it.
    let ivan = s(
        &run_user(&env, &["--json", "user", "add", "--name", "ivan", "--role", "investigator"], "ivan's password 123")
            .json(),
        "user_id",
    );
    env.ok(&["member", "--user", &ivan, "--case", &case]);
    let (mut child, addr) = super::serve::start(&env, &[]);
    let (cookie, _) = super::serve::api_login(&addr, "ivan", "ivan's password 123");
    let page = super::users::http(
        &addr,
        &format!(
            "GET /cases/{case}/corroboration HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        ),
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{}", &page[..page.len().min(600)]);
    let text = unescape(&page);

    // Every event and claim: the same occurrence status, details agreement and number of lines.
    let events = report["events"].as_array().unwrap();
    assert_eq!(page.matches("<article class=\"event\"").count(), events.len());
    for e in events {
        let marker = format!("id=\"{}\"", e["event_id"].as_str().unwrap());
        assert_eq!(attr(&page, &marker, "data-status").as_deref(), e["status"].as_str(), "{marker}");
        assert_eq!(attr(&page, &marker, "data-details").as_deref(), e["details"].as_str(), "{marker}");
        assert_eq!(attr(&page, &marker, "data-lines"), Some(e["lines"].as_array().unwrap().len().to_string()));
        assert!(text.contains(e["finding"].as_str().unwrap()), "the finding sentence: {}", e["finding"]);
        for c in e["conditions"].as_array().unwrap() {
            assert!(text.contains(c.as_str().unwrap()), "the condition {c} is on the page");
        }
        if let Some(p) = e["pattern"].as_object() {
            assert_eq!(attr(&page, &marker, "data-status").as_deref(), e["status"].as_str());
            let first = format!("data-first=\"{}\"", p["first_year"]);
            assert!(page.contains(&first), "pattern {first}");
        }
    }
    for c in report["claims"].as_array().unwrap() {
        let marker = format!("data-claim=\"{}\"", c["claim_id"].as_str().unwrap());
        assert_eq!(attr(&page, &marker, "data-status").as_deref(), c["status"].as_str(), "{marker}");
        assert_eq!(attr(&page, &marker, "data-lines"), Some(c["lines"].as_array().unwrap().len().to_string()));
    }
    for (key, attr_name) in [("corroborated", "data-corroborated"), ("single_source", "data-single-source")] {
        assert_eq!(attr(&page, "id=\"event-tally\"", attr_name), Some(report["event_tally"][key].to_string()), "{key}");
    }
    // Review items and the queue of possibly same events, with their sentences.
    let review = report["review"].as_array().unwrap();
    assert_eq!(page.matches("<li class=\"review\"").count(), review.len());
    assert!(review.iter().any(|r| r["kind"] == "shared-interviewer"), "{report}");
    for r in review {
        assert!(text.contains(r["sentence"].as_str().unwrap()), "review: {}", r["sentence"]);
    }
    let queue = report["possibly_same_events"].as_array().unwrap().len();
    assert_eq!(page.matches("<li class=\"same-event\"").count(), queue);
    assert!(text.contains(report["policy"].as_str().unwrap()), "the policy sentence");
    // The workspace cannot open sealed identities, and says so; the CLI compared them.
    assert!(report["identity_comparison"].as_str().unwrap().starts_with("compared"));
    assert!(page.contains("data-compared=\"false\"") && text.contains("Identity comparison was not available here"));
    for secret in ["Invented Name Pine", "Invented Name Cedar", "Invented Name Birch"] {
        assert!(!page.contains(secret) && !report.to_string().contains(secret), "{secret} leaked");
    }
}

/// Issue 14, item 6: two witnesses with a common legal name but different sealed contacts are
/// not merged on the name alone. The identity match becomes a review item carrying its
/// counter-evidence, their lines stay apart until an analyst decides, and no sealed value leaks.
#[test]
fn namesakes_with_different_sealed_contacts_stay_apart_as_a_review_item() {
    let env = Env::new();
    env.ok(&["init"]);
    let claim = ["torture", "Jongori camp", "2003-05", "4"];
    let texts = [
        "In May the guards beat four men in the yard of the Jongori camp for missing the quota.",
        "Four prisoners were beaten by the guards at Jongori that May because the quota was short.",
    ];
    let run_case = |contacts: [Option<&str>; 2]| {
        let case = s(&env.ok(&["case", "add", "--title", "Beatings at Jongori"]), "case_id");
        let mut claims = Vec::new();
        for ((pseudonym, contact), text) in ["Pine", "Cedar"].into_iter().zip(contacts).zip(texts) {
            claims.push(witness_claim(&env, &case, pseudonym, "Pak Chol-nam", contact, text, claim)[2].clone());
        }
        let r = env.ok(&["corroboration", "--case", &case]);
        let text = env.run(&["corroboration", "--case", &case]).stdout;
        for secret in ["Pak Chol-nam", "5550", "pakcholnam77"] {
            assert!(!r.to_string().contains(secret) && !text.contains(secret), "{secret} leaked");
        }
        (event_of(&r, &claims[0]), r)
    };
    // Names alone (no contacts recorded): joined as one person, one line.
    let (e, _) = run_case([None, None]);
    assert_eq!((e["lines"].as_array().unwrap().len(), e["status"].as_str()), (1, Some("single-source")), "{e}");
    // The same contact: still one person.
    let (e, _) = run_case([Some("+82 10 5550 1961"), Some("+82-10-5550-1961")]);
    assert_eq!(e["lines"].as_array().unwrap().len(), 1, "{e}");
    // Different contacts: two lines, and a review item that says why they were kept apart.
    let (e, r) = run_case([Some("+82 10 5550 1961"), Some("kakao pakcholnam77")]);
    assert_eq!((e["lines"].as_array().unwrap().len(), e["status"].as_str()), (2, Some("corroborated")), "{e}");
    let item = r["review"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "identity-match")
        .unwrap_or_else(|| panic!("no identity review item: {r}"));
    assert_eq!(item["effect"], "apart", "{item}");
    assert!(item["counter_evidence"][0].as_str().unwrap().contains("contact"), "{item}");
}
