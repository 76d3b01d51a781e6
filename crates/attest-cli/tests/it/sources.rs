//! Testimonies and documents: legacy Korean transcripts, `attest intake text|web`, provenance.

use super::*;

#[test]
fn legacy_korean_transcripts_are_converted() {
    let env = Env::new();
    let (case, witness, _) = populate(&env, "Invented", "first");
    // "함경북도 회령에서 일했습니다." in EUC-KR, written out so the test does not depend on the
    // code under test to produce its input.
    let euc_kr: &[u8] = &[
        0xC7, 0xD4, 0xB0, 0xE6, 0xBA, 0xCF, 0xB5, 0xB5, 0x20, 0xC8, 0xB8, 0xB7, 0xC9, 0xBF, 0xA1, 0xBC, 0xAD, 0x20,
        0xC0, 0xCF, 0xC7, 0xDF, 0xBD, 0xC0, 0xB4, 0xCF, 0xB4, 0xD9, 0x2E,
    ];
    let f = env.write("legacy.txt", euc_kr);
    let out =
        env.ok(&["source", "add", "testimony", "--case", &case, "--witness", &witness, "--file", f.to_str().unwrap()]);
    assert_eq!(out["encoding"], "euc-kr");
    let shown = env.ok(&["show", "source", &s(&out, "source_id")]);
    assert_eq!(shown["text"], "함경북도 회령에서 일했습니다.");
}

#[test]
fn intake_texts_then_provenance_groups_copies_and_keeps_independent_reports_apart() {
    let env = Env::new();
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "Open sources"]), "case_id");
    // One story and its derivatives, plus an independent report of the same facts. (In a corpus
    // this small, stock phrasing shared across stories cannot be told from quotation: see the
    // provenance notes in BENCHMARKS.md.)
    let corpus = attest_provenance::corpus::generate(1, 5);
    let mut kind_of = std::collections::HashMap::new();
    let mut family_of = std::collections::HashMap::new();
    for (i, l) in corpus.iter().enumerate() {
        let path = env.write(&format!("article{i}.txt"), l.doc.text.as_bytes());
        let mut args = vec!["intake", "text", path.to_str().unwrap(), "--case", &case];
        let published = l.doc.published.clone().unwrap_or_default();
        args.extend(["--published", &published]);
        let out = env.ok(&args);
        let id = s(&out, "source_id");
        assert!(out["text_chars"].as_u64().unwrap() > 100);
        kind_of.insert(id.clone(), l.kind);
        family_of.insert(id, l.family);
    }
    let p = env.ok(&["provenance", "--case", &case]);
    let families = p["families"].as_array().unwrap();
    assert_eq!(families.len(), 1, "{p}");
    for f in families {
        let members = f["members"].as_array().unwrap();
        assert_eq!(members.len(), 7, "original, two copies, three spun copies and a quotation");
        let first = s(&members[0], "source_id");
        assert_eq!(kind_of[&first], "original");
        assert_eq!(members[0]["relation"], "original");
        let fam: std::collections::BTreeSet<usize> = members.iter().map(|m| family_of[&s(m, "source_id")]).collect();
        assert_eq!(fam.len(), 1, "a family mixes two stories");
        for m in &members[1..] {
            let expected = match kind_of[&s(m, "source_id")] {
                "copy" => "copy",
                "partial" => "partial-copy",
                _ => "spun-copy",
            };
            let relation = m["relation"].as_str().unwrap();
            assert!(relation == expected || (expected == "spun-copy" && relation == "copy"), "{m}");
        }
    }
    let independent: Vec<String> =
        p["independent"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(independent.len(), 1);
    assert!(independent.iter().all(|id| kind_of[id] == "independent"));
    // Bad input changes nothing.
    let before = env.snapshot();
    let bin = env.write("binary.dat", &[0xFF, 0x00, 0x12, 0x80]);
    let err = env.fails(&["intake", "text", bin.to_str().unwrap(), "--case", &case]);
    assert!(err.contains("binary.dat"), "{err}");
    let empty = env.write("empty.txt", b"   \n");
    let err = env.fails(&["intake", "text", empty.to_str().unwrap(), "--case", &case]);
    assert!(err.contains("no text"), "{err}");
    assert_eq!(before, env.snapshot());
    assert_eq!(env.ok(&["verify"])["ok"], true);
}

#[test]
fn intake_web_extracts_text_reports_spam_and_keeps_the_original() {
    let env = Env::new();
    env.ok(&["init"]);
    let case = s(&env.ok(&["case", "add", "--title", "Web"]), "case_id");
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../attest-intake/tests/data/article.html");
    let out = env.ok(&[
        "intake",
        "web",
        page.to_str().unwrap(),
        "--case",
        &case,
        "--url",
        "https://exampledaily.example/world/aoji",
        "--fetched-at",
        "2021-03-05T10:00:00Z",
    ]);
    assert_eq!(out["title"], "Miners recall the 1997 collapse at Aoji");
    assert!(out["text_chars"].as_u64().unwrap() > 200);
    assert_eq!(out["links_kept"].as_array().unwrap().len(), 1);
    let flagged: Vec<&str> = out["links_flagged"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(flagged.contains(&"https://casino.example.biz"), "{flagged:?}");
    let id = s(&out, "source_id");
    let shown = env.ok(&["show", "source", &id]);
    assert_eq!(shown["kind"], "web");
    assert_eq!(shown["published"], "2021-03-04");
    assert!(!shown["text"].as_str().unwrap().contains("casino"));
    let bytes = std::fs::read(&page).unwrap();
    let sha = shown["originals"][0]["sha256"].as_str().unwrap().to_string();
    assert_eq!(shown["originals"][0]["bytes"], bytes.len());
    assert_eq!(sha.len(), 64);
    assert_eq!(env.ok(&["verify"])["ok"], true);
    let before = env.snapshot();
    let empty = env.write("empty.html", b"<html><body><nav>Home</nav></body></html>");
    let err = env.fails(&["intake", "web", empty.to_str().unwrap(), "--case", &case]);
    assert!(err.contains("empty.html") && err.contains("no main text"), "{err}");
    assert_eq!(before, env.snapshot());
}
