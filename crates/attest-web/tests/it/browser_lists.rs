//! The list pages' refusals and a saved configuration in headless Chromium, as a new
//! investigator meets them: a ragged list, an empty one, a file that is not a configuration and a
//! capture table with a bad cell, each refused on the form in the page's language naming the
//! file, the line and the column; the configuration a run used downloaded, edited and given back
//! with the next lists. On a laptop and a 390-pixel phone, in Korean and in English; nothing
//! wider than the screen, axe-core clean. Screenshots: `target/web-screenshots/31-lists-*`.

use fantoccini::Locator;

use crate::browser::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_refusals_and_a_saved_configuration_in_headless_chromium_in_korean_and_english_on_a_phone() {
    let axe_js = axe_source();
    let (_f, base, _driver, c) = serve_and_drive().await;
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    };
    let (a, b) =
        (file("mines-a.csv", crate::lists::LIST_A.as_bytes()), file("mines-b.csv", crate::lists::LIST_B.as_bytes()));
    let ragged = file("ragged.csv", b"record_id,surname\nA1,Kim\nA2\n");
    let empty = file("empty.csv", b"");
    let notes = file("notes.toml", b"threshold = 0.9\ncolumns = 3\n");
    let cell = file("cell.csv", b"L1,L2,count\n1,0,30\n0,2,20\n");
    // A second list without a header row (its first record, invented, stands as its header)
    // and a configuration past the cap.
    let headerless = file(
        "no-header.csv",
        format!("B7,{},Invented Sealed Eta,1957,F,eta-contact-8812\nB8,Ri,Ok-sun,1962,F,Onsong\n", "김".repeat(120))
            .as_bytes(),
    );
    let big = file("big.toml", format!("# {}\n", "x".repeat(attest_app::link_config::MAX_CONFIG_BYTES)).as_bytes());
    let ko = [
        "ragged.csv 3번째 줄: 값이 1개인데 머리글의 열은 2개입니다.",
        "empty.csv: 파일이 비어 있습니다.",
        "notes.toml 2번째 줄 11번째 글자: 명단 연결 설정으로 읽을 수 없습니다.",
        "cell.csv 3번째 줄, L2 열: '2'는 0이나 1이 아닙니다.",
        "쓴 설정 내려받기",
        "no-header.csv 첫 줄 1번째 열: 열 구성이 mines-a.csv의 열 구성과 다릅니다.",
        "big.toml: 설정 파일이 64 KiB를 넘습니다. 설정 파일은 64 KiB까지 받습니다.",
    ];
    let en = [
        "ragged.csv: line 3: 1 fields where the header has 2",
        "empty.csv: the file is empty",
        "notes.toml: line 2, column 11: not a linkage configuration",
        "cell.csv: line 3, column L2: '2' is not 0 or 1",
        "Download the configuration used",
        "no-header.csv: line 1: its columns differ from mines-a.csv's at column 1",
        "big.toml: more than 64 KiB; a saved configuration is at most 64 KiB",
    ];
    // What a Korean refusal may hold in Latin letters: the files' names, the cells and column it
    // quotes, the command to run, the format and the stable error code, exactly; "KiB" only after
    // a number.
    let quoted = [
        "invalid",
        "CSV",
        "ragged.csv",
        "empty.csv",
        "notes.toml",
        "cell.csv",
        "L2",
        "no-header.csv",
        "mines-a.csv",
        "'record_id'",
        "'B7'",
        "big.toml",
        "attest link --save-config",
    ];
    let mut found = Vec::new();
    for (width, lang, said) in [(390, "ko", ko), (1280, "en", en), (390, "en", en), (1280, "ko", ko)] {
        viewport(&c, width, if width < 600 { 844 } else { 900 }).await;
        c.goto(&format!("{base}/lang/{lang}?to=/login")).await.unwrap();
        let tag = format!("31-lists-{width}-{lang}");
        sign_in(&c, &base, "analyst").await;
        // Each bad file, refused on the form with the file, line and column.
        for (i, (field, files, page)) in [
            ("link", vec![("list_a", &ragged)], "/link"),
            ("link", vec![("list_a", &empty)], "/link"),
            ("link", vec![("list_a", &a), ("list_b", &b), ("config", &notes)], "/link"),
            ("estimate", vec![("table", &cell)], "/estimate"),
            ("link", vec![("list_a", &a), ("list_b", &headerless)], "/link"),
            ("link", vec![("list_a", &a), ("list_b", &b), ("config", &big)], "/link"),
        ]
        .into_iter()
        .enumerate()
        {
            let i = if i >= 4 { i + 1 } else { i };
            c.goto(&format!("{base}{page}")).await.unwrap();
            let form = format!("{field}-form");
            wait_for(&c, Locator::Id(&form)).await;
            for (input, path) in files {
                c.find(Locator::Id(input)).await.unwrap().send_keys(path).await.unwrap();
            }
            c.find(Locator::Css(&format!("#{form} button[type=submit]"))).await.unwrap().click().await.unwrap();
            let error = wait_for(&c, Locator::Css(".form-error")).await.text().await.unwrap();
            assert!(error.contains(said[i]), "{tag}: {:?} not in {error:?}", said[i]);
            assert!(!error.contains("Sealed Eta") && !error.contains("eta-contact"), "{tag}: {error}");
            if lang == "ko" {
                let foreign = latin_words_besides(&error, &quoted);
                assert!(foreign.is_empty(), "{tag}: English in {error:?}: {foreign:?}");
            }
            shot(&c, &format!("{tag}-{i}-refused")).await;
            fits(&c, &format!("{tag} refusal {i}"), &axe_js, &mut found).await;
        }
        // The configuration a run used, downloaded, edited (the home county not to be used) and
        // given back with the next lists.
        c.goto(&format!("{base}/link")).await.unwrap();
        wait_for(&c, Locator::Id("link-form")).await;
        c.find(Locator::Id("list_a")).await.unwrap().send_keys(&a).await.unwrap();
        c.find(Locator::Id("list_b")).await.unwrap().send_keys(&b).await.unwrap();
        c.find(Locator::Css("#link-form button[type=submit]")).await.unwrap().click().await.unwrap();
        let link = wait_for(&c, Locator::Id("download-config")).await;
        assert!(link.text().await.unwrap().contains(said[4]));
        c.execute("document.getElementById('download-config').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-4-config-download")).await;
        let text = c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(document.getElementById('download-config').href).then(r => r.text()).then(done);",
                vec![],
            )
            .await
            .unwrap();
        let text = text.as_str().unwrap().to_string();
        let at = text.find("name = \"home_county\"").unwrap_or_else(|| panic!("{text}"));
        let role = at + text[at..].find("role = \"place\"").unwrap();
        let edited = format!("{}role = \"ignore\"{}", &text[..role], &text[role + "role = \"place\"".len()..]);
        let saved = file(&format!("mine-{width}-{lang}.toml"), edited.as_bytes());
        c.goto(&format!("{base}/link")).await.unwrap();
        wait_for(&c, Locator::Id("link-form")).await;
        c.find(Locator::Id("list_a")).await.unwrap().send_keys(&a).await.unwrap();
        c.find(Locator::Id("list_b")).await.unwrap().send_keys(&b).await.unwrap();
        c.find(Locator::Id("config")).await.unwrap().send_keys(&saved).await.unwrap();
        // The help text's command stays whole on one line, also on a phone (its flag broke
        // after a hyphen at 390 px).
        let lines = c
            .execute(
                "const c = document.querySelector('#config-note code.cmd');
                 return c ? [c.textContent, c.getClientRects().length] : null;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(lines, serde_json::json!(["attest link --save-config", 1]), "{tag}: the command broke");
        shot(&c, &format!("{tag}-5-form-with-config")).await;
        fits(&c, &format!("{tag} form with a configuration"), &axe_js, &mut found).await;
        c.find(Locator::Css("#link-form button[type=submit]")).await.unwrap().click().await.unwrap();
        wait_for(&c, Locator::Id("download-config")).await;
        // Under 600 px the columns and their roles are one card per column (each cell a block
        // under its heading's name, which was squeezed to a word's width as a table at 390 px);
        // on a laptop they stay a table.
        let display = c
            .execute(
                "const td = document.querySelector('table.columns td');
                 const s = getComputedStyle(td), before = getComputedStyle(td, '::before').content;
                 return [s.display, before];",
                vec![],
            )
            .await
            .unwrap();
        let heading = if lang == "ko" { "\"열: \"" } else { "\"Column: \"" };
        let expected = if width < 600 { ["block", heading] } else { ["table-cell", "none"] };
        assert_eq!(display, serde_json::json!(expected), "{tag}: the columns table");
        let rows = c.find_all(Locator::Css("table.columns tbody tr")).await.unwrap();
        let last = rows.last().unwrap().text().await.unwrap();
        let ignored = if lang == "ko" { "무시함" } else { "ignored" };
        assert!(last.contains("home_county") && last.contains(ignored), "{tag}: {last}");
        // Its note says the role was set by hand, not why a place was guessed.
        let by_hand = if lang == "ko" { "손으로 정한 역할" } else { "role set by hand" };
        assert!(last.contains(by_hand), "{tag}: {last}");
        c.execute("document.getElementById('columns').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-6-linked-with-config")).await;
        fits(&c, &format!("{tag} linked with a configuration"), &axe_js, &mut found).await;
        // Each quoted value of a pair («Chol-ho») and each column's use ("읽기만 함") stays on
        // one line: the value broke at its hyphen at 390 px, the use between its words at 1280.
        let broken = c
            .execute(
                "const all = [...document.querySelectorAll('li.pair span.value, table.columns td.use')];
                 return [all.length, all.filter(e => getComputedStyle(e).whiteSpace !== 'nowrap'
                     || (e.tagName === 'SPAN' && e.getClientRects().length !== 1)).map(e => e.textContent)];",
                vec![],
            )
            .await
            .unwrap();
        assert!(broken[0].as_u64().unwrap() > 4, "{tag}: {broken}");
        assert_eq!(broken[1], serde_json::json!([]), "{tag}: values or uses broken across lines");
        c.execute("document.getElementById('near').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-7-pairs")).await;
        sign_out(&c).await;
    }
    c.close().await.unwrap();
    assert_eq!(found, Vec::<String>::new(), "axe-core found accessibility violations");
}

/// A list on which groups merge below the threshold (the generated Korean registry, invented
/// people): the summary counts the merges and the warning says what they are, in Korean on a
/// Korean page and in English on an English one; a borderline pair says how the run grouped its
/// two records; "links only" ticked on the form makes none. On a 390-pixel phone and a laptop,
/// nothing wider than the screen, axe-core clean. Screenshots: `target/web-screenshots/32-merges-*`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merges_below_the_threshold_in_headless_chromium_in_korean_and_english_on_a_phone() {
    let axe_js = axe_source();
    let list = crate::lists::registry_csv();
    // The counts the page must show, from the application's own run of the same list.
    let linked = attest_app::lists::link_lists(attest_app::lists::LinkListsInput {
        lists: vec![attest_app::lists::UploadedList {
            name: "registry.csv".into(),
            bytes: zeroize::Zeroizing::new(list.clone().into_bytes()),
        }],
        id_column: None,
        threshold: None,
        links_only: false,
        limits: attest_app::lists::ListLimits::default(),
        config: None,
    })
    .unwrap();
    let below = &linked.summary.below_threshold;
    let (merges, records) = (below.merges, below.records);
    assert!(merges > 0, "{below:?}");
    let (_f, base, _driver, c) = serve_and_drive().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.csv");
    std::fs::write(&path, &list).unwrap();
    let path = path.to_string_lossy().into_owned();
    let mut found = Vec::new();
    for (width, lang) in [(390, "ko"), (1280, "ko"), (390, "en"), (1280, "en")] {
        viewport(&c, width, if width < 600 { 844 } else { 900 }).await;
        c.goto(&format!("{base}/lang/{lang}?to=/login")).await.unwrap();
        let tag = format!("32-merges-{width}-{lang}");
        sign_in(&c, &base, "analyst").await;
        c.goto(&format!("{base}/link")).await.unwrap();
        wait_for(&c, Locator::Id("link-form")).await;
        c.execute("document.getElementById('threshold').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-1-form")).await;
        fits(&c, &format!("{tag} form"), &axe_js, &mut found).await;
        c.find(Locator::Id("list_a")).await.unwrap().send_keys(&path).await.unwrap();
        c.find(Locator::Css("#link-form button[type=submit]")).await.unwrap().click().await.unwrap();
        let count = wait_for(&c, Locator::Id("below-threshold-merges")).await.text().await.unwrap();
        let warning = c.find(Locator::Id("below-threshold-warning")).await.unwrap();
        let (warning_text, warning_lang) = (warning.text().await.unwrap(), warning.attr("lang").await.unwrap());
        if lang == "ko" {
            assert_eq!(
                count,
                format!(
                    "기준값 미만 쌍으로 {merges}번 합침. 이렇게 만들어진 묶음의 기록 {records}건 (쓰인 쌍의 가장 낮은 확률: {:.2})",
                    below.lowest_probability.unwrap()
                ),
                "{tag}"
            );
            assert!(warning_text.contains(&format!("묶음을 {merges}번 합쳤습니다")), "{tag}: {warning_text}");
            assert_eq!(warning_lang, None, "{tag}: the Korean warning is marked as another language");
            for said in [&count, &warning_text] {
                let foreign = latin_words_besides(said, &[]);
                assert!(foreign.is_empty(), "{tag}: English in {said:?}: {foreign:?}");
            }
        } else {
            assert!(
                count.starts_with(&format!(
                    "{merges} merges on pairs below the threshold; the groups they made hold {records} records"
                )),
                "{tag}: {count}"
            );
            assert!(warning_text.starts_with(&format!("{merges} merges joined groups")), "{tag}: {warning_text}");
        }
        c.execute("document.getElementById('summary').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-2-summary")).await;
        c.execute("document.getElementById('below-threshold-warning').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-3-warning")).await;
        c.execute("document.getElementById('near').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-4-near")).await;
        // Each borderline pair says whether the run put its two records in one group, and how.
        let together = c.find_all(Locator::Css("ol.pairs .together")).await.unwrap();
        assert!(!together.is_empty(), "{tag}: no borderline pair says how it was grouped");
        // The weakest merges below the threshold, each with the pairs whose mean joined it.
        let merge = wait_for(&c, Locator::Css("#merge-pairs .together")).await.text().await.unwrap();
        let says = if lang == "ko" {
            "이번 실행: 기준값 미만 병합으로 한 묶음이 됨"
        } else {
            "In this run: in one group through a merge below the threshold"
        };
        assert!(merge.starts_with(says), "{tag}: {merge}");
        let crossed = c.find_all(Locator::Css("#merge-pairs li.pair:first-child ul.cross li")).await.unwrap();
        assert!(!crossed.is_empty(), "{tag}: the merge lists no pair across");
        c.execute("document.getElementById('merges').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-4-merges")).await;
        fits(&c, &format!("{tag} result"), &axe_js, &mut found).await;
        // Links only: none merged.
        c.goto(&format!("{base}/link")).await.unwrap();
        wait_for(&c, Locator::Id("link-form")).await;
        c.find(Locator::Id("list_a")).await.unwrap().send_keys(&path).await.unwrap();
        c.find(Locator::Id("links_only")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("#link-form button[type=submit]")).await.unwrap().click().await.unwrap();
        let count = wait_for(&c, Locator::Id("below-threshold-merges")).await.text().await.unwrap();
        let none = if lang == "ko" { "없음: 요청대로 연결만 사용" } else { "none: links only, as asked" };
        assert_eq!(count, none, "{tag}");
        assert!(c.find(Locator::Id("below-threshold-warning")).await.is_err(), "{tag}");
        c.execute("document.getElementById('summary').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, &format!("{tag}-5-links-only")).await;
        sign_out(&c).await;
    }
    c.close().await.unwrap();
    assert_eq!(found, Vec::<String>::new(), "axe-core found accessibility violations");
}

/// The words of `text` with a Latin letter that are not among `allowed` (each matched whole:
/// Hangul particles and the punctuation around a word are taken off first; an allowed phrase of
/// several words is taken out of the text before it is split), nor "KiB" after a number.
fn latin_words_besides(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut text = text.to_string();
    for phrase in allowed.iter().filter(|a| a.contains(' ')) {
        text = text.replace(phrase, " ");
    }
    let hangul = |c: char| matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}');
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars().filter(|&c| !hangul(c)).collect::<String>().trim_matches(|c| ",.:;()".contains(c)).to_string()
        })
        .collect();
    let mut foreign = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if !word.chars().any(|c| c.is_ascii_alphabetic()) || allowed.contains(&word.as_str()) {
            continue;
        }
        if word == "KiB" && i > 0 && words[i - 1].parse::<u64>().is_ok() {
            continue;
        }
        foreign.push(word.clone());
    }
    foreign
}

#[test]
fn only_the_quoted_tokens_pass_as_latin_words_on_a_korean_page() {
    let allowed = ["big.toml", "'B7'", "attest link --save-config"];
    let ok = "big.toml: 설정 파일이 64 KiB를 넘습니다. attest link --save-config로 저장한 ('B7')";
    assert!(latin_words_besides(ok, &allowed).is_empty(), "{:?}", latin_words_besides(ok, &allowed));
    // A word that merely contains an allowed one, "KiB" without a number, a stray English word.
    for (bad, word) in [("big.toml.bak 파일", "big.toml.bak"), ("KiB까지", "KiB"), ("열 header 다릅니다", "header")]
    {
        assert_eq!(latin_words_besides(bad, &allowed), [word], "{bad}");
    }
}
