//! Lists in the workspace (`/link`, `/estimate`): two invented lists linked across spellings
//! with their roles, groups, borderline pairs and download; refusals naming the file, line and
//! column; access and CSRF for the upload; results kept for their session only; the uploaded
//! names in no file under the archive and not in the server log; estimates side by side with
//! "no estimate" said in words; a two-list result's capture-history table (counts checked
//! against the truth behind the lists) downloaded and taken on to `/estimate` by its session
//! only; the Korean estimate page without an English sentence; the list-task limit is per server;
//! a trickled upload stopped at its deadline.

use attest_web::Settings;

use crate::fixture::*;

/// Invented people: the first list in romanized forms, the second partly in Hangul and other
/// spellings. Kim Young-ho / 김영호 and Pak / Park Mi-ok are one person each.
pub const LIST_A: &str = "record_id,surname,given_name,birth_year,sex,home_county\n\
    A1,Kim,Young-ho,1955,M,Onsong\nA2,Ri,Chol-su,1961,M,Hoeryong\nA3,Pak,Mi-ok,1970,F,Musan\n\
    A4,Choe,Song-il,1948,M,Kyongwon\nA5,Han,Kum-sil,1966,F,Onsong\nA6,Jo,Myong-chol,1959,M,Saebyol\n";
pub const LIST_B: &str = "record_id,surname,given_name,birth_year,sex,home_county\n\
    B1,김,영호,1955,M,온성\nB2,Lee,Cheol-su,1961,M,Hoeryong\nB3,Park,Mi-ok,1971,F,Musan\n\
    B4,Choi,Seong-il,1948,M,Kyongwon\nB5,Yun,Hye-jin,1980,F,Chongjin\nB6,Cho,Myeong-cheol,1959,M,Saebyol\n";

pub(crate) async fn upload(f: &Fixture, c: &mut Client, files: &[(&str, &str, &[u8])], fields: &[(&str, &str)]) -> Res {
    let (ct, bytes) = multipart_files(fields, files);
    let url = format!("/link?csrf={}", c.csrf);
    f.send(c, "POST", &url, Some((&ct, bytes)), &[]).await
}

fn download_link(body: &str) -> String {
    let start = body.find("/link/clusters.csv?result=").expect("a download link");
    body[start..].split('"').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_invented_lists_are_linked_with_roles_groups_borderline_pairs_and_a_download() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("analyst").await;
    let form = f.send(&mut c, "GET", "/link", None, &[]).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("not stored"), "{}", form.body);
    let res =
        upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes()), ("list_b", "b.csv", LIST_B.as_bytes())], &[])
            .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.headers["cache-control"], "no-store");
    let body = &res.body;
    // The roles inferred, and why.
    assert!(
        body.contains("<code class=\"column\">surname</code></td><td data-label=\"Role\">surname · Korean-aware"),
        "{body}"
    );
    assert!(body.contains("header word 'home'"), "{body}");
    assert!(body.contains("read, not compared"), "{body}");
    // The summary: 12 records, 7 people, the largest group of 2.
    assert!(body.contains("<dd id=\"records\">12</dd>") && body.contains("<dd id=\"people\">7</dd>"), "{body}");
    assert!(body.contains("<dd id=\"largest\">2</dd>"), "{body}");
    // Borderline pairs with each field's comparison in words.
    assert!(body.contains("match probability") && body.contains("for the same person"), "{body}");
    // The download is this session's `record_id,cluster_id` table.
    let link = download_link(body);
    let csv = f.send(&mut c, "GET", &link, None, &[]).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.headers["cache-control"], "no-store");
    let rows: std::collections::HashMap<&str, &str> =
        csv.body.lines().skip(1).filter_map(|l| l.split_once(',')).collect();
    assert!(csv.body.starts_with("record_id,cluster_id\n"), "{}", csv.body);
    assert_eq!(rows.len(), 12);
    assert_eq!(rows["A1"], rows["B1"], "Kim Young-ho and 김영호: {}", csv.body);
    assert_eq!(rows["A3"], rows["B3"]);
    assert_ne!(rows["A5"], rows["B5"]);
    // Another user's session cannot take it: back to the form, which says it is not held.
    let mut other = f.login("investigator").await;
    let refused = f.send(&mut other, "GET", &link, None, &[]).await;
    assert_eq!(refused.status, 303);
    assert_eq!(refused.headers["location"], "/link?expired=1");
    let again = f.send(&mut other, "GET", "/link?expired=1", None, &[]).await;
    assert!(again.body.contains("no longer held"), "{}", again.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_lists_are_refused_naming_the_file_the_line_and_the_column_and_nothing_is_kept() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("investigator").await;
    let other = b"id,name\nB1,Kim\n";
    let res = upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes()), ("list_b", "other.csv", other)], &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("other.csv: line 1: its columns differ from a.csv"), "{}", res.body);
    let ragged = b"record_id,surname\nA1,Kim\nA2\n";
    let res = upload(&f, &mut c, &[("list_a", "ragged.csv", ragged)], &[]).await;
    assert!(res.body.contains("ragged.csv: line 3: 1 fields where the header has 2"), "{}", res.body);
    let empty_id = b"record_id,surname\nA1,Kim\n,Ri\n";
    let res = upload(&f, &mut c, &[("list_a", "ids.csv", empty_id)], &[]).await;
    assert!(res.body.contains("ids.csv: line 3, column record_id: empty record id"), "{}", res.body);
    // The form is shown again with what was typed, and the error above it.
    let res =
        upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes())], &[("threshold", "2"), ("id_column", "nr")]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("threshold: '2' is not a number between 0 and 1"), "{}", res.body);
    assert!(res.body.contains("value=\"nr\""), "{}", res.body);
    // What was typed is kept, but not the file: the page says to choose it again.
    assert!(res.body.contains("id=\"choose-again\"") && res.body.contains("Choose the file again"), "{}", res.body);
    let res = upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes())], &[("id_column", "nr")]).await;
    assert!(res.body.contains("a.csv: line 1: no column named 'nr'"), "{}", res.body);
    let res = upload(&f, &mut c, &[], &[]).await;
    assert!(res.body.contains("List (CSV): choose a CSV file"), "{}", res.body);
    assert!(!res.body.contains("list_a:"), "the field's label, not its form name: {}", res.body);
    // More records than link within the request's time: refused before linking, pointing to the CLI.
    let mut many = String::from("record_id,name\n");
    for i in 0..20_001 {
        many.push_str(&format!("R{i},Invented Person {i}\n"));
    }
    let res = upload(&f, &mut c, &[("list_a", "many.csv", many.as_bytes())], &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("20001 records") && res.body.contains("attest link"), "{}", res.body);
    assert!(f.state.lists.is_empty(), "a refused run keeps nothing");
    // An upload over the server's limit is refused as too large.
    let small = Fixture::new(Settings { max_upload: 1 << 10, ..Settings::default() });
    let mut c = small.login("analyst").await;
    let res = upload(&small, &mut c, &[("list_a", "many.csv", many.as_bytes())], &[]).await;
    assert_eq!(res.status, 413, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewers_may_not_link_and_a_cross_site_or_tokenless_upload_is_refused() {
    let f = Fixture::new(Settings::default());
    let mut viewer = f.login("viewer").await;
    assert_eq!(f.send(&mut viewer, "GET", "/link", None, &[]).await.status, 403);
    assert_eq!(f.send(&mut viewer, "GET", "/estimate", None, &[]).await.status, 403);
    let home = f.send(&mut viewer, "GET", "/", None, &[]).await;
    assert!(!home.body.contains("href=\"/link\""), "no nav entry for a viewer");
    let res = upload(&f, &mut viewer, &[("list_a", "a.csv", LIST_A.as_bytes())], &[]).await;
    assert_eq!(res.status, 403);

    let mut c = f.login("analyst").await;
    assert!(f.send(&mut c, "GET", "/", None, &[]).await.body.contains("href=\"/link\""));
    let (ct, bytes) = multipart_files(&[], &[("list_a", "a.csv", LIST_A.as_bytes())]);
    // The right token, from another site: refused before anything is read.
    let url = format!("/link?csrf={}", c.csrf);
    let evil = [("origin", "https://evil.example".to_string())];
    let res = f.send(&mut c, "POST", &url, Some((&ct, bytes.clone())), &evil).await;
    assert_eq!(res.status, 403, "{}", res.body);
    // No token, or a wrong one.
    let res = f.send(&mut c, "POST", "/link", Some((&ct, bytes.clone())), &[]).await;
    assert_eq!(res.status, 403);
    let res = f.send(&mut c, "POST", "/link?csrf=0000", Some((&ct, bytes.clone())), &[]).await;
    assert_eq!(res.status, 403);
    let res = f.send(&mut c, "POST", "/estimate", Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 403);
    assert!(f.state.lists.is_empty());
}

/// Every file under `dir`, recursively, with its bytes.
fn files_under(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploaded_names_reach_no_file_under_the_archive_and_not_the_server_log() {
    let (log, captured) = server_log();
    assert!(captured, "another subscriber was installed first: the log cannot be checked");
    let f = Fixture::new(Settings::default());
    let before = {
        let mut files = Vec::new();
        files_under(&f.root, &mut files);
        files.into_iter().map(|(p, b)| (p, b.len())).collect::<Vec<_>>()
    };
    let names = ["Invented Listname Oriole", "Invented Listname Heron", "가상명단새"];
    let a = format!("record_id,full_name,birth_year\nL1,{},1950\nL2,{},1962\n", names[0], names[1]);
    let b = format!("record_id,full_name,birth_year\nM1,{},1950\nM2,{},1971\n", names[0], names[2]);
    let mut c = f.login("analyst").await;
    let res = upload(&f, &mut c, &[("list_a", "a.csv", a.as_bytes()), ("list_b", "b.csv", b.as_bytes())], &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let link = download_link(&res.body);
    assert_eq!(f.send(&mut c, "GET", &link, None, &[]).await.status, 200);
    // A refused list too: its error names the file and line, not the values.
    let bad = format!("record_id,full_name\nL1,{}\nL1,{}\n", names[0], names[1]);
    let res = upload(&f, &mut c, &[("list_a", "dup.csv", bad.as_bytes())], &[]).await;
    assert_eq!(res.status, 400);
    assert!(!names.iter().any(|n| res.body.contains(n)), "{}", res.body);

    let mut files = Vec::new();
    files_under(&f.root, &mut files);
    assert!(!files.is_empty());
    for (path, bytes) in &files {
        for n in names {
            let hay = String::from_utf8_lossy(bytes);
            assert!(!hay.contains(n), "{n} in {}", path.display());
        }
    }
    // Nothing new in the archive's own files: same files, and the log of record (hash-chained)
    // did not grow for a link run. (Sizes of the database may change with sign-in sessions, so
    // only the set of files is compared.)
    let after: Vec<_> = files.iter().map(|(p, _)| p.clone()).collect();
    for (p, _) in &before {
        assert!(after.contains(p), "{} vanished", p.display());
    }
    let text = log.text();
    assert!(text.contains("route=/link"), "the requests are in the log: {text}");
    for n in names {
        assert!(!text.contains(n), "{n} in the server log");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn estimates_are_shown_side_by_side_with_no_estimate_and_every_warning_in_words() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("analyst").await;
    let form = f.send(&mut c, "GET", "/estimate", None, &[]).await;
    assert_eq!(form.status, 200);
    // Three lists that never overlap: log-linear can give a lower bound only.
    let table = "L1,L2,L3,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,0\n1,0,1,0\n0,1,1,0\n1,1,1,0\n";
    let (ct, bytes) = multipart_files(&[("method", "compare")], &[("table", "mines.csv", table.as_bytes())]);
    let url = format!("/estimate?csrf={}", c.csrf);
    let res = f.send(&mut c, "POST", &url, Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = &res.body;
    assert!(body.contains("Methods side by side"), "{body}");
    for m in ["Log-linear models", "Bayesian model averaging (dga)", "Bayesian latent classes (LCMCR)"] {
        assert!(body.contains(&format!("<td>{m}</td>")), "{m}: {body}");
    }
    assert!(body.contains("<td>No estimate (≥ 1,371)</td>"), "{body}");
    assert!(body.contains("overlaps no other list"), "{body}");
    assert!(body.contains("cannot pin down how many were never documented"), "{body}");
    assert!(body.contains("observed on at least one list: 90"), "{body}");

    // Pasted, one method; and a broken table named with its line and column.
    let (ct, bytes) = multipart_files(&[("text", "L1,L2,count\n1,0,30\n0,1,20\n1,1,10\n"), ("method", "chapman")], &[]);
    let res = f.send(&mut c, "POST", &url, Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Estimated total") && res.body.contains("Two-list Chapman"), "{}", res.body);
    let (ct, bytes) =
        multipart_files(&[("method", "chapman")], &[("table", "bad.csv", b"L1,L2,count\n1,0,30\n0,2,20\n")]);
    let res = f.send(&mut c, "POST", &url, Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("bad.csv: line 3") && res.body.contains("L2"), "{}", res.body);
    let (ct, bytes) = multipart_files(&[("method", "chapman")], &[]);
    let res = f.send(&mut c, "POST", &url, Some((&ct, bytes)), &[]).await;
    assert!(res.body.contains("Capture-history table: choose a file or paste the table"), "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_api_links_and_estimates_with_the_same_refusals_and_nothing_kept() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("analyst").await;
    let token = [("x-csrf-token", c.csrf.clone())];
    let body = json(serde_json::json!({
        "lists": [{ "name": "a.csv", "csv": LIST_A }, { "name": "b.csv", "csv": LIST_B }]
    }));
    let res = f.send(&mut c, "POST", "/api/link", body, &token).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.headers["cache-control"], "no-store");
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["mode"], "link");
    assert_eq!(v["summary"]["clusters"], 7);
    assert_eq!(v["columns"][1]["role"], "surname");
    assert_eq!(v["columns"][0]["used"], "not_compared");
    let csv = v["clusters_csv"].as_str().unwrap();
    let rows: std::collections::HashMap<&str, &str> = csv.lines().skip(1).filter_map(|l| l.split_once(',')).collect();
    assert_eq!(rows["A1"], rows["B1"], "{csv}");
    assert!(v["near_threshold"][0]["fields"].is_array(), "{v}");
    // Each pair's reason in English comes with the same reason as facts (both null when none).
    for e in v["near_threshold"].as_array().unwrap() {
        assert!(e.as_object().unwrap().contains_key("cannot_link_fact"), "{e}");
        assert_eq!(e["cannot_link"].is_null(), e["cannot_link_fact"].is_null(), "{e}");
    }
    assert!(f.state.lists.is_empty(), "the API answers at once and keeps nothing");

    let body = json(
        serde_json::json!({ "lists": [{ "name": "a.csv", "csv": LIST_A }, { "name": "b.csv", "csv": "id,name\nB1,Kim\n" }] }),
    );
    let res = f.send(&mut c, "POST", "/api/link", body, &token).await;
    assert_eq!(res.status, 400);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["error"]["code"], "invalid");
    assert!(v["error"]["message"].as_str().unwrap().starts_with("b.csv: line 1: its columns"), "{v}");

    let table = "L1,L2,L3,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,0\n1,0,1,0\n0,1,1,0\n1,1,1,0\n";
    let body = json(serde_json::json!({ "table": table, "method": "loglinear" }));
    let res = f.send(&mut c, "POST", "/api/estimate", body, &token).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["outcome"], "lower_bound", "{v}");
    assert!(v["estimate"].is_null(), "no estimate is never a number: {v}");
    let body = json(serde_json::json!({ "table": "L1,L2,count\n1,0,x\n" }));
    let res = f.send(&mut c, "POST", "/api/estimate", body, &token).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("table: line 2"), "{}", res.body);

    let mut viewer = f.login("viewer").await;
    let token = [("x-csrf-token", viewer.csrf.clone())];
    let body = json(serde_json::json!({ "table": table }));
    assert_eq!(f.send(&mut viewer, "POST", "/api/estimate", body, &token).await.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_pages_in_korean_show_no_english_interface_words() {
    let f = Fixture::new(Settings::default());
    let mut c = crate::ux::korean(&f, "analyst").await;
    for url in ["/link", "/estimate", "/link?expired=1"] {
        let res = f.send(&mut c, "GET", url, None, &[]).await;
        assert_eq!(res.status, 200);
        crate::ux::assert_korean(url, &res.body);
    }
    let res =
        upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes()), ("list_b", "b.csv", LIST_B.as_bytes())], &[])
            .await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("찾은 사람") && res.body.contains("기준값에 가장 가까운 쌍"), "{}", res.body);
    // The engine's comparison levels in Korean too.
    assert!(res.body.contains("표기만 다른 같은 이름") && res.body.contains("1년 차이"), "{}", res.body);
    crate::ux::assert_korean("POST /link", &res.body);
    let res = upload(&f, &mut c, &[("list_a", "ragged.csv", b"record_id,surname\nA1,Kim\nA2\n")], &[]).await;
    assert_eq!(res.status, 400);
    crate::ux::assert_korean("POST /link refused", &res.body);
    // The commonest refusals are said in Korean, naming the list, line and column.
    let twice = b"record_id,surname\nA1,Kim\nA1,Ri\n";
    let res = upload(&f, &mut c, &[("list_a", "twice.csv", twice)], &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("twice.csv 3번째 줄, record_id 열: 기록 ID"), "{}", res.body);
    assert!(!res.body.contains("already used"), "{}", res.body);
    let other = b"id,name\nB1,Kim\n";
    let res = upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes()), ("list_b", "b.csv", other)], &[]).await;
    assert!(res.body.contains("b.csv 첫 줄 1번째 열: 열 구성이 a.csv의 열 구성과 다릅니다"), "{}", res.body);
    assert!(res.body.contains("다시 고르십시오"), "the files must be chosen again: {}", res.body);
    let res = upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes())], &[("threshold", "2")]).await;
    assert!(res.body.contains("일치 기준값: '2'는 0과 1 사이의 수가 아닙니다"), "{}", res.body);
    let res = upload(&f, &mut c, &[], &[]).await;
    assert!(res.body.contains("명단 (CSV): 파일을 골라 주십시오"), "{}", res.body);
    assert!(!res.body.contains("choose a CSV file"), "{}", res.body);
    let (ct, bytes) = multipart_files(&[("text", "L1,L2,count\n1,0,30\n0,1,20\n1,1,10\n"), ("method", "chapman")], &[]);
    let url = format!("/estimate?csrf={}", c.csrf);
    let res = f.send(&mut c, "POST", &url, Some((&ct, bytes)), &[]).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("추정 총수"), "{}", res.body);
    crate::ux::assert_korean("POST /estimate", &res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_result_is_dropped_from_memory_when_its_time_is_up() {
    let f = Fixture::new(Settings { list_results_for: std::time::Duration::from_millis(600), ..Settings::default() });
    let mut c = f.login("analyst").await;
    let res = upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes())], &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let link = download_link(&res.body);
    assert_eq!(f.state.lists.len(), 1);
    assert_eq!(f.send(&mut c, "GET", &link, None, &[]).await.status, 200, "downloadable while held");
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;
    assert!(f.state.lists.is_empty(), "dropped by its timer, without any request");
    let res = f.send(&mut c, "GET", &link, None, &[]).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.headers["location"], "/link?expired=1");
}

/// The capture-history table the truth behind `LIST_A` and `LIST_B` gives, computed from that
/// truth (who is on which list), not from the code under test: Kim Young-ho, Ri / Lee Chol-su,
/// Pak / Park Mi-ok, Choe / Choi Song-il and Jo / Cho Myong-chol are on both lists; Han Kum-sil
/// only on the first; Yun Hye-jin only on the second.
fn capture_table_from_the_truth(a: &str, b: &str) -> String {
    let people: [(&str, &str); 7] =
        [("A1", "B1"), ("A2", "B2"), ("A3", "B3"), ("A4", "B4"), ("A6", "B6"), ("A5", ""), ("", "B5")];
    let on = |x: bool, y: bool| people.iter().filter(|(p, q)| p.is_empty() != x && q.is_empty() != y).count();
    format!("{a},{b},count\n1,0,{}\n0,1,{}\n1,1,{}\n", on(true, false), on(false, true), on(true, true))
}

fn result_token(body: &str) -> String {
    let link = download_link(body);
    link.split("result=").nth(1).unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_list_result_gives_its_capture_table_to_download_and_to_estimate_for_its_session_only() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("analyst").await;
    let files = [("list_a", "mines-a.csv", LIST_A.as_bytes()), ("list_b", "mines-b.csv", LIST_B.as_bytes())];
    let res = upload(&f, &mut c, &files, &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let expected = capture_table_from_the_truth("mines-a", "mines-b");
    // On the page: what the table assumes, the table, its download and the way on.
    let body = &res.body;
    assert!(body.contains("each group found is one person"), "{body}");
    assert!(body.contains("a list's duplicates count once"), "{body}");
    assert!(!body.contains("id=\"capture-oversized\""), "no group is oversized here: {body}");
    assert!(body.contains("<th scope=\"col\"><code class=\"column\">mines-a</code></th>"), "{body}");
    let token = result_token(body);
    assert!(body.contains(&format!("href=\"/link/capture.csv?result={token}\"")), "{body}");
    assert!(body.contains("id=\"to-estimate\"") && body.contains("action=\"/estimate\""), "{body}");
    assert!(body.contains(&format!("<input type=\"hidden\" name=\"result\" value=\"{token}\">")), "{body}");
    let csv = f.send(&mut c, "GET", &format!("/link/capture.csv?result={token}"), None, &[]).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.headers["cache-control"], "no-store");
    assert_eq!(csv.body, expected);
    // "Estimate from this result": the form with the table, taken from the session's result.
    let form = f.send(&mut c, "GET", &format!("/estimate?result={token}"), None, &[]).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(&format!(">{expected}</textarea>")), "{}", form.body);
    assert!(form.body.contains("id=\"from-link\"") && form.body.contains("<code>mines-b.csv</code>"), "{}", form.body);
    let (ct, bytes) = multipart_files(&[("text", expected.as_str()), ("method", "compare")], &[]);
    let url = format!("/estimate?csrf={}", c.csrf);
    let est = f.send(&mut c, "POST", &url, Some((&ct, bytes)), &[]).await;
    assert_eq!(est.status, 200, "{}", est.body);
    assert!(est.body.contains("observed on at least one list: 7"), "{}", est.body);
    assert!(est.body.contains("Two-list Chapman") && est.body.contains("only the two-list (Chapman)"), "{}", est.body);

    // Another user, and the same user signed in again (another session), get neither.
    for role in ["investigator", "analyst"] {
        let mut other = f.login(role).await;
        assert_ne!(other.csrf, c.csrf);
        let refused = f.send(&mut other, "GET", &format!("/link/capture.csv?result={token}"), None, &[]).await;
        assert_eq!(refused.status, 303, "{role}");
        assert_eq!(refused.headers["location"], "/link?expired=1");
        let form = f.send(&mut other, "GET", &format!("/estimate?result={token}"), None, &[]).await;
        assert_eq!(form.status, 200);
        assert!(!form.body.contains("1,1,5") && !form.body.contains("id=\"from-link\""), "{role}: {}", form.body);
        assert!(form.body.contains("no longer held"), "{role}: {}", form.body);
    }
    // One list has no capture history: no table, and the download goes back to the form.
    let res = upload(&f, &mut c, &[("list_a", "a.csv", LIST_A.as_bytes())], &[]).await;
    assert!(!res.body.contains("id=\"capture\"") && res.body.contains("href=\"/estimate\""), "{}", res.body);
    let token = result_token(&res.body);
    let refused = f.send(&mut c, "GET", &format!("/link/capture.csv?result={token}"), None, &[]).await;
    assert_eq!(refused.status, 303);
}

/// The estimate pages in Korean, for tables that raise many warnings (lists that never overlap,
/// a list inside another, two lists with nobody in common, Chapman over three lists), have no
/// run of three English words anywhere, English-marked or not: every warning, assumption, "why",
/// the default method's reason and the models are Korean. The same check finds the English
/// page's sentences.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_korean_estimate_page_has_no_english_sentence_for_any_warning_assumption_or_why() {
    use crate::corroboration::{english_runs, visible_text};
    let f = Fixture::new(Settings::default());
    let mut c = crate::ux::korean(&f, "analyst").await;
    let apart = "L1,L2,L3,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,0\n1,0,1,0\n0,1,1,0\n1,1,1,0\n";
    let inside = "L1,L2,L3,count\n1,0,0,0\n0,1,0,25\n0,0,1,30\n1,1,0,4\n1,0,1,0\n0,1,1,12\n1,1,1,5\n";
    let two_apart = "L1,L2,count\n1,0,30\n0,1,20\n1,1,0\n";
    let two_few = "L1,L2,count\n1,0,30\n0,1,20\n1,1,3\n";
    let mut said = String::new();
    // One comparison of every method (the slowest run: LCMCR), the rest one method each.
    for (table, method) in
        [(apart, "compare"), (apart, "chapman"), (inside, "loglinear"), (two_apart, "compare"), (two_few, "chapman")]
    {
        let (ct, bytes) = multipart_files(&[("text", table), ("method", method)], &[]);
        let url = format!("/estimate?csrf={}", c.csrf);
        let ko = f.send(&mut c, "POST", &url, Some((&ct, bytes.clone())), &[]).await;
        assert_eq!(ko.status, 200, "{method}: {}", ko.body);
        crate::ux::assert_korean("POST /estimate", &ko.body);
        let text = visible_text(&ko.body);
        let runs = english_runs(&text);
        assert!(runs.is_empty(), "{method} {table}: English on the Korean page: {runs:?}\n{text}");
        // Nothing marked as English but the header's link to the English interface.
        let marked = ko.body.replace("lang=\"en\">English</a>", "");
        assert!(!marked.contains("lang=\"en\""), "{method}: English-marked text: {}", ko.body);
        said.push_str(&text);
        if said.len() == text.len() {
            // The English page says the same in English, and the check above finds it.
            c.cookies.retain(|(k, _)| k != "lang");
            c.cookies.push(("lang".into(), "en".into()));
            let en = f.send(&mut c, "POST", &url, Some((&ct, bytes)), &[]).await;
            assert!(!english_runs(&visible_text(&en.body)).is_empty());
            c.cookies.retain(|(k, _)| k != "lang");
            c.cookies.push(("lang".into(), "ko".into()));
        }
    }
    // The warnings these tables raise, said in Korean with their names and figures: a list that
    // overlaps none, empty patterns, a list inside another, two lists with nobody or few in
    // common, Chapman over three lists; and the reasons for no figure.
    for korean in [
        "'L1' 명단은 다른 어느 명단과도 겹치지 않습니다",
        "관측할 수 있는 유형 7개 가운데 4개에 아무도 없습니다",
        "'L1' 명단의 모든 사람(9명)이 'L2' 명단에도 있습니다",
        "'L1' 명단과 'L2' 명단에 함께 있는 사람이 없습니다",
        "'L1' 명단과 'L2' 명단에 함께 있는 사람이 3명뿐입니다",
        "명단 3개: 쌍마다 다른 명단을 무시하고 따로 추정합니다",
        "[1,2,3] 모형은 기록되지 않은 사람이 몇 명인지 정하지 못합니다",
        "명단이 둘이면 두 명단 (Chapman) 추정만 할 수 있습니다",
        "방법들의 답이 구간을 넘어 서로 다릅니다",
    ] {
        assert!(said.contains(korean), "{korean:?} not said: {said}");
    }
}

/// The list-task limit belongs to one server: with every slot of one server taken, a second
/// server in the same process estimates at once, and the first refuses as busy after its wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_in_one_process_do_not_share_the_list_task_limit() {
    let (busy, idle) = (Fixture::new(Settings::default()), Fixture::new(Settings::default()));
    let held: Vec<_> = std::iter::from_fn(|| busy.state.list_tasks.try_hold()).collect();
    assert_eq!(held.len(), attest_web::handlers::list_tasks::LIST_TASKS_AT_ONCE);
    assert_eq!(idle.state.list_tasks.free(), held.len(), "the other server's slots are all free");
    let (res, took) = estimate(&idle).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(took < attest_web::handlers::list_tasks::LIST_TASK_WAIT, "it did not wait: {took:?}");
    let (res, took) = estimate(&busy).await;
    assert_eq!(res.status, 503, "{}", res.body);
    assert!(res.body.contains("\"busy\""), "{}", res.body);
    assert!(took >= attest_web::handlers::list_tasks::LIST_TASK_WAIT, "it waited for a slot: {took:?}");
    drop(held);
    assert_eq!(estimate(&busy).await.0.status, 200);
}

/// One two-list estimate through the JSON API, and how long it took.
async fn estimate(f: &Fixture) -> (Res, std::time::Duration) {
    estimate_as(f, "analyst").await
}

/// One two-list estimate through the JSON API by the account `name`, and how long it took.
async fn estimate_as(f: &Fixture, name: &str) -> (Res, std::time::Duration) {
    let table = "L1,L2,count\n1,0,30\n0,1,20\n1,1,6\n";
    let body = json(serde_json::json!({ "table": table, "method": "chapman" }));
    let mut c = f.login(name).await;
    let token = [("x-csrf-token", c.csrf.clone())];
    let started = std::time::Instant::now();
    let res = f.send(&mut c, "POST", "/api/estimate", body, &token).await;
    (res, started.elapsed())
}

/// A `/link` upload whose body is `chunks` (multipart with a `list_a` file), sent by `c` to the
/// fixture's router; the chunks the server pulled are counted in `pulled`.
fn streamed_upload<S: futures_util::Stream<Item = Vec<u8>> + Send + 'static>(
    f: &Fixture,
    c: &Client,
    chunks: S,
    pulled: std::sync::Arc<std::sync::atomic::AtomicUsize>,
) -> impl std::future::Future<Output = axum::http::Response<axum::body::Body>> + use<S> {
    use futures_util::StreamExt;
    use tower::ServiceExt;
    let boundary = "XlistsX";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"list_a\"; filename=\"a.csv\"\r\n\
         Content-Type: text/csv\r\n\r\nrecord_id,surname,given_name\n"
    );
    let body = futures_util::stream::once(async move { head.into_bytes() }).chain(chunks).map(move |chunk| {
        pulled.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok::<_, std::io::Error>(chunk)
    });
    let cookie = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(format!("/link?csrf={}", c.csrf))
        .header("host", "localhost")
        .header("cookie", cookie)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(axum::body::Body::from_stream(body))
        .unwrap();
    let router = f.router.clone();
    async move { router.oneshot(req).await.unwrap() }
}

/// Rows of an invented list, 64 KiB a chunk, `n` chunks.
fn rows(n: usize) -> impl futures_util::Stream<Item = Vec<u8>> + Send + 'static {
    let chunk = "R1,Kim,Young-ho\n".repeat(4096).into_bytes();
    futures_util::stream::iter(std::iter::repeat_n(chunk, n))
}

/// With every slot held, a large upload is refused as busy after the wait without its body being
/// read: the server pulled none of its chunks (before, it read the whole upload, up to the 8 MiB
/// limit, and then waited).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_waiting_for_a_list_task_slot_is_refused_as_busy_before_its_body_is_read() {
    let f = Fixture::new(Settings::default());
    let c = f.login("analyst").await;
    let held: Vec<_> = std::iter::from_fn(|| f.state.list_tasks.try_hold()).collect();
    let pulled = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // 200 chunks of 64 KiB: 12.5 MiB, more than the upload limit.
    let res = streamed_upload(&f, &c, rows(200), pulled.clone()).await;
    assert_eq!(res.status(), 503);
    assert_eq!(pulled.load(std::sync::atomic::Ordering::SeqCst), 0, "the refused upload was not read");
    drop(held);
    // With a slot free the same upload is read, and stopped at the body limit.
    let res = streamed_upload(&f, &c, rows(200), pulled.clone()).await;
    assert_eq!(res.status(), 413);
    let read = pulled.load(std::sync::atomic::Ordering::SeqCst);
    assert!((100..200).contains(&read), "read up to the 8 MiB limit, not beyond: {read} chunks");
}

/// One account runs one list task at a time: while its upload is being read (it holds its slot),
/// its second request waits and is refused as busy, while another account estimates at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_holds_one_list_task_slot_and_another_account_gets_the_other() {
    use attest_web::handlers::list_tasks::LIST_TASK_WAIT;
    let f = Fixture::new(Settings::default());
    let c = f.login("analyst").await;
    let pulled = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // An upload that never finishes: its request holds the analyst's slot while it reads.
    let slow = tokio::spawn(streamed_upload(&f, &c, futures_util::stream::pending(), pulled.clone()));
    while pulled.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(f.state.list_tasks.free(), attest_web::handlers::list_tasks::LIST_TASKS_AT_ONCE - 1);
    let (res, took) = estimate_as(&f, "investigator").await;
    assert_eq!(res.status, 200, "another account is not held up: {}", res.body);
    assert!(took < LIST_TASK_WAIT, "it did not wait: {took:?}");
    let (res, took) = estimate_as(&f, "analyst").await;
    assert_eq!(res.status, 503, "the same account's second task: {}", res.body);
    assert!(res.body.contains("\"busy\""), "{}", res.body);
    assert!(took >= LIST_TASK_WAIT, "it waited for its own first task: {took:?}");
    slow.abort();
    let _ = slow.await;
    assert_eq!(estimate_as(&f, "analyst").await.0.status, 200, "the slot frees with the first request");
}

/// Sends the head of a `path` request declaring `length` body bytes over a real connection to
/// `addr`, then trickles its body a byte every 100 ms (a client holding its list-task slot as
/// long as it can); returns the server's answer (status line to body) and how long it took.
async fn trickle(
    addr: std::net::SocketAddr,
    path: &str,
    headers: &[(&str, String)],
    length: usize,
) -> (String, std::time::Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let mut head = format!("POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {length}\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let started = std::time::Instant::now();
    write.write_all(head.as_bytes()).await.unwrap();
    let trickler = tokio::spawn(async move {
        for _ in 0..length {
            if write.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // The answer ends when the server closes the connection, or with its whole (small) body.
    while let Ok(Ok(n)) = tokio::time::timeout(std::time::Duration::from_secs(30), read.read(&mut buf)).await {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&answer);
        if text.contains("</html>") || (text.contains("\r\n\r\n{") && text.trim_end().ends_with('}')) {
            break;
        }
    }
    let took = started.elapsed();
    trickler.abort();
    (String::from_utf8_lossy(&answer).into_owned(), took)
}

/// A list upload trickled a byte every 100 ms is stopped at the upload deadline (here 1.5 s;
/// 20 s by default, against the 60 s request timeout), answered `too_slow` in the user's
/// language (408 from the API, 400 from a page), and its slot is free at once: the same account estimates right after. Through a
/// real TCP connection, for the JSON route and the Korean page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickled_list_upload_is_stopped_at_its_deadline_as_too_slow_and_frees_its_slot() {
    use attest_web::handlers::list_tasks::LIST_TASKS_AT_ONCE;
    let deadline = std::time::Duration::from_millis(1500);
    let f = Fixture::new(Settings { list_upload_within: deadline, ..Settings::default() });
    let addr = f.serve(None).await;
    let c = f.login("analyst").await;
    let cookie = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let api = [
        ("Cookie", cookie.clone()),
        ("X-CSRF-Token", c.csrf.clone()),
        ("Content-Type", "application/json".to_string()),
    ];
    let (answer, took) = trickle(addr, "/api/link", &api, 100_000).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"too_slow\""), "{answer}");
    // Stopped at the deadline, not at the 60 s request timeout (the margin is for a loaded machine).
    let bound = std::time::Duration::from_secs(10);
    assert!(took >= deadline && took < bound, "stopped at the deadline, not the request timeout: {took:?}");
    assert_eq!(f.state.list_tasks.free(), LIST_TASKS_AT_ONCE, "the slot was freed with the answer");
    assert_eq!(f.state.list_tasks.accounts_tracked(), 0);
    let (res, waited) = estimate_as(&f, "analyst").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let wait = attest_web::handlers::list_tasks::LIST_TASK_WAIT;
    assert!(waited < wait, "the account's slot was free, it did not wait for one: {waited:?}");
    // The page route, in Korean: the summary says it, with no English detail beneath.
    let page = [
        ("Cookie", format!("{cookie}; lang=ko")),
        ("Content-Type", "multipart/form-data; boundary=XlistsX".to_string()),
    ];
    let (answer, took) = trickle(addr, &format!("/link?csrf={}", c.csrf), &page, 100_000).await;
    // 400, not 408: a browser may resend a whole upload answered 408 on a kept-alive connection.
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("너무 느리게 올라와서"), "{answer}");
    assert!(!answer.contains("arrived too slowly"), "no English on the Korean page: {answer}");
    assert!(answer.contains("<header") && answer.contains("로그아웃"), "with the navigation, to go on: {answer}");
    assert!(took >= deadline && took < bound, "{took:?}");
    assert_eq!(f.state.list_tasks.free(), LIST_TASKS_AT_ONCE);
}

/// A generated Korean registry (invented people, a tuning seed of `attest_link::synth_registry`)
/// as CSV: a list on which the clustering merges groups on pairs below the threshold.
pub fn registry_csv() -> String {
    let set = attest_link::synth_registry::generate(800, 5, attest_link::synth_registry::Layout::MergedKorean);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&set.headers).unwrap();
    for row in &set.rows {
        w.write_record(row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The merges below the threshold: counted in the API's summary (and none with `links_only`),
/// and said on the result page in the page's language, the Korean warning not marked English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merges_below_the_threshold_are_counted_and_said_in_korean_and_english() {
    let f = Fixture::new(Settings::default());
    let list = registry_csv();
    let mut c = f.login("analyst").await;
    let token = [("x-csrf-token", c.csrf.clone())];
    let body = json(serde_json::json!({ "lists": [{ "name": "registry.csv", "csv": list }] }));
    let res = f.send(&mut c, "POST", "/api/link", body, &token).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let below = &v["summary"]["below_threshold"];
    assert_eq!(below["phase"], "on", "{below}");
    let (merges, records) = (below["merges"].as_u64().unwrap(), below["records"].as_u64().unwrap());
    assert!(merges > 0 && records > merges, "{below}");
    let body = json(serde_json::json!({ "lists": [{ "name": "registry.csv", "csv": list }], "links_only": true }));
    let res = f.send(&mut c, "POST", "/api/link", body, &token).await;
    let only: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(only["summary"]["below_threshold"]["phase"], "links_only", "{}", only["summary"]);
    assert_eq!(only["summary"]["below_threshold"]["merges"], 0);
    assert!(only["summary"]["clusters"].as_u64() > v["summary"]["clusters"].as_u64());
    assert!(only["config"].as_str().unwrap().contains("links_only = true"), "{}", only["config"]);

    let res = upload(&f, &mut c, &[("list_a", "registry.csv", list.as_bytes())], &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(
        res.body.contains(&format!(
            "{merges} merges on pairs below the threshold; the groups they made hold {records} records"
        )),
        "{}",
        res.body
    );
    assert!(
        res.body.contains(&format!("{merges} merges joined groups on pairs below the threshold 0.9")),
        "{}",
        res.body
    );
    let res = upload(&f, &mut c, &[("list_a", "registry.csv", list.as_bytes())], &[("links_only", "1")]).await;
    assert!(res.body.contains("none: links only, as asked"), "{}", res.body);
    assert!(!res.body.contains("id=\"below-threshold-warning\""), "{}", res.body);

    let mut ko = crate::ux::korean(&f, "analyst").await;
    let res = upload(&f, &mut ko, &[("list_a", "registry.csv", list.as_bytes())], &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(
        res.body.contains(&format!("기준값 미만 쌍으로 {merges}번 합침. 이렇게 만들어진 묶음의 기록 {records}건")),
        "{}",
        res.body
    );
    let warning = res
        .body
        .split("<li class=\"warn\" id=\"below-threshold-warning\">")
        .nth(1)
        .unwrap_or_else(|| panic!("{}", res.body));
    let warning = warning.split("</li>").next().unwrap();
    assert!(warning.contains(&format!("묶음을 {merges}번 합쳤습니다")) && warning.contains("연결만 사용"), "{warning}");
    assert!(!warning.contains("merges") && !warning.contains("threshold"), "{warning}");
    let form = f.send(&mut ko, "GET", "/link", None, &[]).await;
    assert!(form.body.contains("연결만 사용: 기준값 미만 쌍으로 묶음을 합치지 않음"), "{}", form.body);
    assert!(form.body.contains("기준값 미만 쌍") && form.body.contains("id=\"threshold-note\""), "{}", form.body);
}

/// The engine's other run warnings (here: records with many links each, so clusters may merge
/// across a few weak pairs) are said in Korean on a Korean page, from the facts the API also
/// gives, and in plain English on an English page (the API keeps the engine's own sentences).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_warnings_are_said_in_korean_on_a_korean_page_and_in_english_on_an_english_one() {
    let f = Fixture::new(Settings::default());
    // 600 invented people with 1 to 20 records each: many links a record.
    let set = attest_link::synth_notables::generate(600, 77);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&set.headers).unwrap();
    for row in &set.rows {
        w.write_record(row).unwrap();
    }
    let list = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let mut c = f.login("analyst").await;
    let token = [("x-csrf-token", c.csrf.clone())];
    let body = json(serde_json::json!({ "lists": [{ "name": "notables.csv", "csv": list }] }));
    let res = f.send(&mut c, "POST", "/api/link", body, &token).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let english: Vec<&str> = v["summary"]["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    let facts = v["summary"]["warning_facts"].as_array().unwrap();
    assert_eq!(english.len(), facts.len(), "{}", v["summary"]);
    let weak =
        facts.iter().position(|f| f["code"] == "weak_pairs_allowed").unwrap_or_else(|| panic!("{}", v["summary"]));
    assert!(english[weak].contains("links each"), "{english:?}");

    let res = upload(&f, &mut c, &[("list_a", "notables.csv", list.as_bytes())], &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let items: Vec<&str> =
        res.body.split("<li class=\"warn run-warning\">").skip(1).map(|s| s.split("</li>").next().unwrap()).collect();
    assert_eq!(items.len(), facts.len(), "{}", res.body);
    // Said for a reader who is not a statistician: no "EM", a sentence that starts with a capital.
    let per_record = facts[weak]["links_per_record"].as_f64().unwrap();
    assert!(items[weak].starts_with(&format!("Records have {per_record:.1} links each")), "{}", items[weak]);
    assert!(items.iter().all(|i| !i.contains("EM ")), "{items:?}");

    let mut ko = crate::ux::korean(&f, "analyst").await;
    let res = upload(&f, &mut ko, &[("list_a", "notables.csv", list.as_bytes())], &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let items: Vec<&str> =
        res.body.split("<li class=\"warn run-warning\">").skip(1).map(|s| s.split("</li>").next().unwrap()).collect();
    assert_eq!(items.len(), facts.len(), "{}", res.body);
    assert!(items[weak].contains(&format!("기록마다 연결이 평균 {per_record:.1}개입니다")), "{}", items[weak]);
    for (item, sentence) in items.iter().zip(&english) {
        assert!(!item.contains("links each") && !item.contains("estimated") && !res.body.contains(sentence), "{item}");
        assert!(item.chars().any(|c| ('가'..='힣').contains(&c)), "not Korean: {item}");
    }
}
