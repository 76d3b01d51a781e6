//! The link pages' words as a new investigator reads them (the session-15 walk): comparison
//! levels in plain words, never "JW >= 0.90" or "Levenshtein" (the engine's name only in a
//! tooltip), every level the engine can name said in both languages and no pair for a level it
//! cannot name; a field's weight read naturally in Korean; a link made although the places
//! differ said as such; why a pair cannot be one person said in Korean; the threshold's note
//! with an example whose numbers are the engine's; the code under a list page's refusal named
//! for what it is; the columns table's cells labelled for the phone's cards.

use attest_web::Settings;
use attest_web::i18n::Lang;

use crate::fixture::*;
use crate::lists::{LIST_A, LIST_B, upload};

/// The page's text as a reader sees it: without tags (so without a `title` tooltip).
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Words of the engine's comparators that an investigator does not know.
const JARGON: &[&str] = &["JW", "Jaro", "Levenshtein", ">=", "≥", "log2", "승산"];

/// The levels `attest_link::compare::level_names` gives a column of each role (every role the
/// pages name), with and without the Korean-aware comparators, each with its role and flag.
fn engine_levels() -> Vec<(&'static str, bool, &'static [&'static str])> {
    let roles = Lang::terms("link_role");
    assert!(roles.len() >= 20, "{roles:?}");
    let mut out = Vec::new();
    for role in roles {
        for korean in [false, true] {
            let column: attest_link::ColumnConfig =
                serde_json::from_value(serde_json::json!({ "name": "c", "role": role, "korean": korean }))
                    .unwrap_or_else(|e| panic!("{role}: {e}"));
            out.push((role, korean, attest_link::compare::level_names(&column)));
        }
    }
    out
}

#[test]
fn every_level_the_engine_names_is_said_in_plain_words_in_both_languages_and_no_other() {
    let columns = engine_levels();
    let engine: std::collections::BTreeSet<&str> = columns.iter().flat_map(|(_, _, l)| l.iter().copied()).collect();
    assert!(engine.contains("similar or within the other (JW >= 0.90)"), "{engine:?}");
    for name in &engine {
        assert!(Lang::has(&format!("link_level.{name}")), "no pair for the engine's level {name:?}");
        for lang in [Lang::En, Lang::Ko] {
            let shown = lang.term("link_level", name);
            for word in JARGON {
                assert!(!shown.contains(word), "{name:?} is shown as {shown:?}");
            }
        }
        assert!(Lang::Ko.term("link_level", name).chars().any(|c| ('가'..='힣').contains(&c)), "{name:?}");
    }
    // A pair whose key the engine never gives is a level renamed in the engine and left behind
    // here (its page would show the new name untranslated).
    for key in Lang::terms("link_level") {
        assert!(engine.contains(key), "link_level.{key} is not a level the engine names");
    }
    // The levels of one column stay apart in words: a reader can tell level 1 from level 2.
    for (role, korean, levels) in &columns {
        for lang in [Lang::En, Lang::Ko] {
            let shown: std::collections::BTreeSet<&str> = levels.iter().map(|l| lang.term("link_level", l)).collect();
            assert_eq!(shown.len(), levels.len(), "{role} (korean {korean}): {levels:?} shown as {shown:?}");
        }
    }
    // The place level says what it holds, not a spelling bound.
    assert_eq!(
        Lang::Ko.term("link_level", "similar or within the other (JW >= 0.90)"),
        "비슷하거나 한 곳이 다른 곳 안에 있음 (군과 그 군이 속한 도, 두 도에 있는 같은 이름의 군)"
    );
    assert_eq!(Lang::En.term("link_level", "one edit (Levenshtein)"), "one letter added, removed or changed");
}

/// The result page in either language: no engine jargon in the text (the engine's name only in
/// a `title`), each field's weight read naturally ("같은 사람 쪽으로 +7.9", "+7.9 for the same
/// person"), the columns table's cells labelled for the phone's cards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_result_says_levels_and_weights_in_plain_words_in_korean_and_english() {
    let f = Fixture::new(Settings::default());
    // One more invented woman, her given name misspelt on the second list: a level the engine
    // names by its Jaro-Winkler bound.
    let a = format!("{LIST_A}A7,Son,Kyong-hui,1953,F,Onsong\n");
    let b = format!("{LIST_B}B7,Son,Kyong-hun,1953,F,Onsong\n");
    let files: &[(&str, &str, &[u8])] = &[("list_a", "a.csv", a.as_bytes()), ("list_b", "b.csv", b.as_bytes())];
    let mut en = f.login("analyst").await;
    let mut ko = crate::ux::korean(&f, "analyst").await;
    let english = upload(&f, &mut en, files, &[]).await;
    let korean = upload(&f, &mut ko, files, &[]).await;
    assert_eq!((english.status, korean.status), (200, 200), "{}", korean.body);
    for (lang, res) in [("en", &english), ("ko", &korean)] {
        let text = visible(&res.body);
        for word in JARGON {
            assert!(!text.contains(word), "{lang}: {word:?} shown: {text}");
        }
        // The engine's names stay at hand for an analyst, in a tooltip.
        assert!(
            res.body.contains("<span class=\"level\" title=\"key similar (JW &gt;= 0.92)\">"),
            "{lang}: {}",
            res.body
        );
    }
    let en_text = visible(&english.body);
    let ko_text = visible(&korean.body);
    assert!(regex_like_weight(&en_text, "", " for the same person"), "{en_text}");
    assert!(regex_like_weight(&ko_text, "같은 사람 쪽으로 ", ""), "{ko_text}");
    assert!(!ko_text.contains("같은 사람이라는 쪽") && !ko_text.contains("다른 사람이라는 쪽"), "{ko_text}");
    // The weights' unit in plain words, not as log2 odds.
    assert!(en_text.contains("each +1 doubles the odds that the two records are one person"), "{en_text}");
    assert!(ko_text.contains("+1마다 두 기록이 같은 사람일 가능성이 두 배"), "{ko_text}");
    // Every cell of the columns table names its heading (the phone shows it before the value).
    for (res, labels) in [(&english, ["Column", "Role", "Use", "Why"]), (&korean, ["열", "역할", "쓰임", "이유"])]
    {
        let table = res.body.split("<table class=\"columns\">").nth(1).unwrap().split("</table>").next().unwrap();
        let cells = table.matches("<td").count();
        assert_eq!(cells, 24, "{table}");
        for label in labels {
            assert_eq!(table.matches(&format!("data-label=\"{label}\"")).count(), cells / 4, "{label}: {table}");
        }
    }
}

/// Whether `text` holds `before` + a signed weight (+7.9, -3.2) + `after`.
fn regex_like_weight(text: &str, before: &str, after: &str) -> bool {
    text.match_indices(before).any(|(at, _)| {
        let rest = &text[at + before.len()..];
        let number: String = rest.chars().take_while(|c| "+-.0123456789".contains(*c)).collect();
        (number.starts_with('+') || number.starts_with('-'))
            && number[1..].parse::<f64>().is_ok()
            && number.contains('.')
            && rest[number.len()..].starts_with(after)
    })
}

/// Invented people in one list: two records of one man with everything alike but the county he
/// was listed in, two records alike but for their sex, two alike but born 25 years apart.
const PLACES: &str = "record_id,surname,given_name,birth_year,sex,home_county\n\
    P1,Kang,Chol-ho,1950,M,Onsong\nP2,Kang,Chol-ho,1950,M,Musan\n\
    P3,Ryu,Yong-su,1962,F,Hoeryong\nP4,Ryu,Yong-su,1962,M,Hoeryong\n\
    P5,Pang,Sun-hui,1946,F,Chongjin\nP6,Pang,Sun-hui,1971,F,Chongjin\n\
    P7,Om,Kwang-il,1958,M,Kyongwon\nP8,Tak,Mi-ran,1967,F,Saebyol\n";

/// The pair's item on the result page, from its two record ids.
fn pair_item<'a>(body: &'a str, a: &str, b: &str) -> &'a str {
    let head = format!("<code class=\"record-id\">{a}</code> · <code class=\"record-id\">{b}</code>");
    let at = body.find(&head).unwrap_or_else(|| panic!("no pair {a} · {b}: {body}"));
    let end = body[at..].find("<li class=\"pair\">").map_or(body.len(), |e| at + e);
    &body[at..end]
}

/// A link made although the places differ is said (and not of a pair whose places agree); why a
/// pair cannot be one person is said in Korean on a Korean page, not in an English span.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_despite_different_places_and_a_pair_that_cannot_be_one_person_are_said_in_both_languages() {
    let f = Fixture::new(Settings::default());
    let files: &[(&str, &str, &[u8])] = &[("list_a", "places.csv", PLACES.as_bytes())];
    let mut en = f.login("analyst").await;
    let mut ko = crate::ux::korean(&f, "analyst").await;
    let english = upload(&f, &mut en, files, &[]).await;
    let korean = upload(&f, &mut ko, files, &[]).await;
    assert_eq!((english.status, korean.status), (200, 200), "{}", english.body);

    let moved = pair_item(&english.body, "P1", "P2");
    assert!(moved.contains("(linked)"), "{moved}");
    assert!(
        moved.contains("Linked although the places differ (<code class=\"column\">home_<wbr>county</code>): the other fields outweigh"),
        "{moved}"
    );
    let moved = pair_item(&korean.body, "P1", "P2");
    assert!(
        moved.contains("장소가 다른데도 연결됨 (<code class=\"column\">home_<wbr>county</code>): 다른 항목들의 근거가"),
        "{moved}"
    );
    for (a, b) in [("P3", "P4"), ("P5", "P6")] {
        assert!(!pair_item(&english.body, a, b).contains("places differ"), "{a} · {b}");
    }

    let sex = pair_item(&korean.body, "P3", "P4");
    assert!(sex.contains("같은 사람일 수 없음: 성별이 다름"), "{sex}");
    let years = pair_item(&korean.body, "P5", "P6");
    assert!(years.contains("같은 사람일 수 없음: 출생 연도가 25년 차이 남"), "{years}");
    for item in [sex, years] {
        assert!(!item.contains("<span lang=\"en\">"), "{item}");
    }
    assert!(pair_item(&english.body, "P3", "P4").contains("Cannot be one person: different sex"));
    assert!(pair_item(&english.body, "P5", "P6").contains("Cannot be one person: birth years 25 apart"));
    // The run's warnings about one column name it as a column (this list's birth years are far
    // apart for one pair in four), not as a word of the sentence.
    assert!(
        korean.body.contains("<li class=\"warn run-warning\"><code class=\"column\">birth_<wbr>year</code>: "),
        "{}",
        korean.body
    );
    crate::ux::assert_korean("POST /link places", &korean.body);
}

/// The link form's note under the threshold field.
fn threshold_note(page: &str) -> &str {
    page.split("id=\"threshold-note\">").nth(1).expect("a threshold note").split("</div>").next().unwrap()
}

/// The threshold's note gives an example in numbers, and its numbers are the engine's: at the
/// default 0.9 a merge below the threshold uses pairs from 0.5 and needs a mean of 0.7.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_threshold_note_has_an_example_whose_numbers_are_the_engines() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("analyst").await;
    let token = [("x-csrf-token", c.csrf.clone())];
    let body = json(serde_json::json!({ "lists": [{ "name": "a.csv", "csv": LIST_A }] }));
    let res = f.send(&mut c, "POST", "/api/link", body, &token).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let below = &v["summary"]["below_threshold"];
    assert_eq!(v["summary"]["threshold"].as_f64(), Some(0.9), "{}", v["summary"]);
    assert!((below["from"].as_f64().unwrap() - 0.5).abs() < 1e-6, "{below}");
    assert!((below["mean_at_least"].as_f64().unwrap() - 0.7).abs() < 1e-6, "{below}");

    let form = f.send(&mut c, "GET", "/link", None, &[]).await;
    let note = threshold_note(&form.body);
    for said in [
        "For example, at 0.9:</p><ul><li>a pair at 0.95 is a link",
        "a pair at 0.60 is not a link",
        "average at least 0.70",
    ] {
        assert!(note.contains(said), "{said}: {note}");
    }
    assert!(note.contains("a pair at 0.40 is too weak to join two groups"), "{note}");
    let mut ko = crate::ux::korean(&f, "analyst").await;
    let form = f.send(&mut ko, "GET", "/link", None, &[]).await;
    let note = threshold_note(&form.body);
    for said in [
        "예를 들어 기준값이 0.9이면:</p><ul><li>0.95인 쌍은 연결되어",
        "0.60인 쌍은 연결은 아니지만",
        "평균이 0.70 이상",
        "0.40인 쌍은",
    ] {
        assert!(note.contains(said), "{said}: {note}");
    }
}

/// The stable code under a list page's refusal is named as a code to quote, in both languages,
/// not as an "error code" a reader is left to decode.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_refusal_names_its_code_as_one_to_quote() {
    let f = Fixture::new(Settings::default());
    let ragged: &[(&str, &str, &[u8])] = &[("list_a", "ragged.csv", b"record_id,surname\nA1,Kim\nA2\n")];
    let mut ko = crate::ux::korean(&f, "analyst").await;
    let res = upload(&f, &mut ko, ragged, &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("도움을 청할 때 알려 줄 코드: <code>invalid</code>"), "{}", res.body);
    assert!(!res.body.contains("오류 코드"), "{}", res.body);
    let mut en = f.login("analyst").await;
    let res = upload(&f, &mut en, ragged, &[]).await;
    assert!(res.body.contains("Code to quote if you ask for help: <code>invalid</code>"), "{}", res.body);
}
