//! Corroboration: independent lines, declared dependencies, event merges and splits.

use super::*;

/// Adds a witness with a testimony graded B2 and one claim; returns (witness, source, claim).
fn witness_with_claim(env: &Env, case: &str, pseudonym: &str, name: &str, text: &str, claim: [&str; 4]) -> [String; 3] {
    let witness = s(
        &env.ok(&[
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
        ]),
        "witness_id",
    );
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
