//! The list pages' refusals in Korean through the server (each naming the file, the line and the
//! column, with no English beneath), the file pickers' "choose a file", and a saved linkage
//! configuration round trip over a real connection: a result's configuration downloaded,
//! edited by hand and given back with the next lists; an old words-only file loads; a file
//! that is not a configuration, or one for other columns, is refused naming what is wrong; the
//! same through `POST /api/link`.

use attest_web::Settings;

use crate::fixture::*;
use crate::lists::{LIST_A, LIST_B};

async fn post(f: &Fixture, c: &mut Client, path: &str, files: &[(&str, &str, &[u8])], fields: &[(&str, &str)]) -> Res {
    let (ct, bytes) = multipart_files(fields, files);
    let url = format!("{path}?csrf={}", c.csrf);
    f.send(c, "POST", &url, Some((&ct, bytes)), &[]).await
}

/// The refusal's explanation on a Korean page: the `p.details` of the form's error box.
fn details(body: &str) -> String {
    let start = body.find("<p class=\"details\">").unwrap_or_else(|| panic!("no details: {body}"));
    let rest = &body[start + "<p class=\"details\">".len()..];
    rest[..rest.find("</p>").unwrap()].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_refusal_of_the_list_pages_is_said_in_korean_naming_the_file_line_and_column() {
    let f = Fixture::new(Settings::default());
    let mut c = crate::ux::korean(&f, "analyst").await;
    let mut many = String::from("record_id,name\n");
    for i in 0..20_001 {
        many.push_str(&format!("R{i},Invented Person {i}\n"));
    }
    let link: &[(&str, &[u8], &str)] = &[
        ("empty.csv", b"", "empty.csv: 파일이 비어 있습니다."),
        ("header.csv", b"record_id,surname\n", "header.csv: 머리글 다음에 기록이 없습니다."),
        (
            "ragged.csv",
            b"record_id,surname\nA1,Kim\nA2\n",
            "ragged.csv 3번째 줄: 값이 1개인데 머리글의 열은 2개입니다.",
        ),
        ("latin1.csv", b"record_id,surname\nA1,Kim\nA2,\xc7\xd1\n", "latin1.csv 3번째 줄: UTF-8 글자가 아닌 바이트가"),
        ("twice.csv", b"record_id,surname\nA1,Kim\nA1,Ri\n", "twice.csv 3번째 줄, record_id 열: 기록 ID"),
        ("noid.csv", b"record_id,surname\nA1,Kim\n,Ri\n", "noid.csv 3번째 줄, record_id 열: 기록 ID가 비어 있습니다."),
        ("many.csv", many.as_bytes(), "명단의 기록이 모두 20001건입니다."),
    ];
    for (name, bytes, said) in link {
        let res = post(&f, &mut c, "/link", &[("list_a", name, bytes)], &[]).await;
        assert_eq!(res.status, 400, "{name}: {}", res.body);
        // A column's name (record_id) is the list's own word, quoted as written.
        crate::ux::assert_korean(name, &res.body.replace("record_id", "기록"));
        assert!(details(&res.body).starts_with(said), "{name}: {:?}", details(&res.body));
        // A list page keeps no file and saves nothing: it says to correct the file and send it.
        assert!(
            res.body.contains("파일(또는 입력한 내용)을 고친 뒤 다시 보내십시오.")
                && !res.body.contains("저장하십시오"),
            "{name}"
        );
    }
    let res = post(&f, &mut c, "/link", &[("list_a", "a.csv", LIST_A.as_bytes())], &[("id_column", "nr")]).await;
    assert!(details(&res.body).starts_with("a.csv 첫 줄: 머리글의 열 6개 가운데 'nr' 열이 없습니다."), "{}", res.body);
    // A file picker left empty: choose a file (not "a field to fill in").
    let res = post(&f, &mut c, "/link", &[], &[]).await;
    assert_eq!(details(&res.body), "명단 (CSV): 파일을 골라 주십시오. 두 명단을 연결하려면 두 번째 파일도 고르십시오.");
    let res = post(&f, &mut c, "/estimate", &[], &[("method", "chapman")]).await;
    assert_eq!(details(&res.body), "포획 이력 표: 파일을 골라 주시거나 표를 붙여 넣어 주십시오.");
    assert!(!res.body.contains("칸입니다"), "{}", res.body);
    let estimate: &[(&str, &[u8], &str, &str)] = &[
        ("blank.csv", b"", "chapman", "blank.csv 첫 줄: 표가 비어 있습니다."),
        (
            "cell.csv",
            b"L1,L2,count\n1,0,30\n0,2,20\n",
            "chapman",
            "cell.csv 3번째 줄, L2 열: '2'는 0이나 1이 아닙니다.",
        ),
        ("count.csv", b"L1,L2,count\n1,0,many\n", "chapman", "count.csv 2번째 줄, count 열: 'many'"),
        (
            "names.csv",
            b"L1,L1,count\n1,0,3\n",
            "chapman",
            "names.csv 첫 줄 2번째 열: 명단 이름 'L1'이 두 번 쓰였습니다",
        ),
        ("again.csv", b"L1,L2,count\n1,0,3\n1,0,4\n", "chapman", "again.csv 3번째 줄: 같은 유형이 2번째 줄에서"),
        ("short.csv", b"L1,L2,count\n1,0,3\n0,1\n", "chapman", "short.csv 3번째 줄: 값이 2개인데"),
        ("two.csv", b"L1,L2,count\n1,0,30\n0,1,20\n1,1,10\n", "loglinear", "two.csv: 로그선형 모형은 명단이 3~10개인"),
        ("ansi.csv", b"L1,L2,count\n1,0,\xff\n", "chapman", "ansi.csv 2번째 줄: UTF-8 글자가 아닌 바이트가"),
    ];
    for (name, bytes, method, said) in estimate {
        let res = post(&f, &mut c, "/estimate", &[("table", name, bytes)], &[("method", method)]).await;
        assert_eq!(res.status, 400, "{name}: {}", res.body);
        crate::ux::assert_korean(name, &res.body);
        assert!(details(&res.body).starts_with(said), "{name}: {:?}", details(&res.body));
    }
    // An upload over the server's limit, stopped before it is read to the end: said in Korean
    // too, on the error page (the form cannot be shown again with a body not read).
    let small = Fixture::new(Settings { max_upload: 1 << 20, ..Settings::default() });
    let mut k = crate::ux::korean(&small, "analyst").await;
    let big = vec![b'x'; (1 << 20) + 1];
    let res = post(&small, &mut k, "/link", &[("list_a", "big.csv", &big)], &[]).await;
    assert_eq!(res.status, 413, "{}", res.body);
    crate::ux::assert_korean("too large", &res.body);
    assert!(details(&res.body).contains("올린 파일이 모두 1 MiB를 넘습니다."), "{}", res.body);
    // In English, the application's own message, as the command line says it.
    let mut en = f.login("analyst").await;
    let res = post(&f, &mut en, "/link", &[("list_a", "empty.csv", b"")], &[]).await;
    assert!(res.body.contains("empty.csv: the file is empty"), "{}", res.body);
}

/// `files` with a saved configuration added.
fn files_with(
    mut files: Vec<(&'static str, &'static str, Vec<u8>)>,
    name: &'static str,
    text: &str,
) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    files.push(("config", name, text.as_bytes().to_vec()));
    files
}

/// The value of `name`'s row in a result's columns table (its role and use).
fn column_row<'a>(body: &'a str, name: &str) -> &'a str {
    // Shown with a break opportunity after each underscore.
    let shown = name.replace('_', "_<wbr>");
    let start =
        body.find(&format!("<code class=\"column\">{shown}</code>")).unwrap_or_else(|| panic!("{name}: {body}"));
    &body[start..start + body[start..].find("</tr>").unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_configuration_is_downloaded_edited_and_given_back_through_the_server() {
    let f = Fixture::new(Settings::default());
    let addr = f.serve(None).await;
    let c = f.login("analyst").await;
    let cookie = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let headers = [("Cookie", cookie.clone())];
    let korean = [("Cookie", format!("{cookie}; lang=ko"))];
    let link = |files: Vec<(&'static str, &'static str, Vec<u8>)>, fields: Vec<(&'static str, &'static str)>| {
        let files: Vec<(&str, &str, Vec<u8>)> = files;
        let refs: Vec<(&str, &str, &[u8])> = files.iter().map(|(a, b, c)| (*a, *b, c.as_slice())).collect();
        multipart_files(&fields, &refs)
    };
    let path = format!("/link?csrf={}", c.csrf);
    let lists =
        || vec![("list_a", "a.csv", LIST_A.as_bytes().to_vec()), ("list_b", "b.csv", LIST_B.as_bytes().to_vec())];
    let (ct, body) = link(lists(), vec![]);
    let res = http(addr, "POST", &path, &headers, Some((&ct, body))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(column_row(&res.body, "home_county").contains("place"), "{}", res.body);
    // The configuration the run used, as a file.
    let start = res.body.find("/link/config.toml?result=").expect("a configuration download");
    let url = res.body[start..].split('"').next().unwrap().to_string();
    let saved = http(addr, "GET", &url, &headers, None).await;
    assert_eq!(saved.status, 200);
    assert_eq!(saved.headers["content-type"], "application/toml; charset=utf-8");
    assert_eq!(saved.headers["cache-control"], "no-store");
    assert!(saved.headers["content-disposition"].to_str().unwrap().contains("link-config.toml"));
    let text = saved.body.clone();
    assert!(text.contains("name = \"home_county\"") && text.contains("threshold = "), "{text}");
    // Edited by hand: the home county is not to be used. Given back with the lists, it is.
    let at = text.find("name = \"home_county\"").unwrap();
    let role = at + text[at..].find("role = \"place\"").unwrap();
    let edited = format!("{}role = \"ignore\"{}", &text[..role], &text[role + "role = \"place\"".len()..]);
    let edited: &'static str = Box::leak(edited.into_boxed_str());
    let mut files = lists();
    files.push(("config", "mine.toml", edited.as_bytes().to_vec()));
    let (ct, body) = link(files, vec![]);
    let res = http(addr, "POST", &path, &headers, Some((&ct, body))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(column_row(&res.body, "home_county").contains("ignored"), "{}", column_row(&res.body, "home_county"));
    // The note that explained the guessed role (a place) is gone: the role was set by hand.
    let row = column_row(&res.body, "home_county");
    assert!(row.contains("role set by hand in the configuration file") && !row.contains("place"), "{row}");
    let (ct, body) = link(files_with(lists(), "mine.toml", edited), vec![]);
    let ko = http(addr, "POST", &path, &korean, Some((&ct, body))).await;
    let row = column_row(&ko.body, "home_county");
    assert!(row.contains("설정 파일에서 손으로 정한 역할") && !row.contains("장소"), "{row}");
    assert!(res.body.contains("id=\"config-used\"") && res.body.contains("<code>mine.toml</code>"), "{}", res.body);
    // The downloaded configuration of that run is the edited one.
    let start = res.body.find("/link/config.toml?result=").unwrap();
    let url = res.body[start..].split('"').next().unwrap().to_string();
    let again = http(addr, "GET", &url, &headers, None).await;
    let at = again.body.find("name = \"home_county\"").unwrap();
    assert!(again.body[at..].contains("role = \"ignore\""), "{}", again.body);
    // An old file (notes as words only, no codes) loads.
    let old = "threshold = 0.9\nblocking = [[\"surname\"], [\"birth_year\"]]\n\n\
        [[columns]]\nname = \"record_id\"\nrole = \"id\"\nnote = \"the record id\"\n\n\
        [[columns]]\nname = \"surname\"\nrole = \"surname\"\nkorean = true\n\n\
        [[columns]]\nname = \"given_name\"\nrole = \"given_name\"\nkorean = true\n\n\
        [[columns]]\nname = \"birth_year\"\nrole = \"birth_year\"\n\n\
        [[columns]]\nname = \"sex\"\nrole = \"sex\"\n\n\
        [[columns]]\nname = \"home_county\"\nrole = \"ignore\"\nnote = \"checked by hand\"\n";
    let mut files = lists();
    files.push(("config", "old.toml", old.as_bytes().to_vec()));
    let (ct, body) = link(files, vec![]);
    let res = http(addr, "POST", &path, &headers, Some((&ct, body))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(column_row(&res.body, "home_county").contains("checked by hand"), "{}", res.body);
    // Not a configuration: refused in Korean, naming the file, its line and character.
    let mut files = lists();
    files.push(("config", "notes.toml", b"threshold = 0.9\ncolumns = 3\n".to_vec()));
    let (ct, body) = link(files, vec![]);
    let res = http(addr, "POST", &path, &korean, Some((&ct, body))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(
        details(&res.body).starts_with("notes.toml 2번째 줄 11번째 글자: 명단 연결 설정으로 읽을 수 없습니다."),
        "{}",
        details(&res.body)
    );
    // A configuration of other columns: refused naming both.
    let mut files = lists();
    files.push(("config", "other.toml", old.replace("home_county", "county").into_bytes()));
    let (ct, body) = link(files, vec![]);
    let res = http(addr, "POST", &path, &korean, Some((&ct, body))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let said = details(&res.body);
    // At the first column where they differ: one cell of each, not the whole header.
    assert!(
        said.starts_with("other.toml 6번째 열: 설정의 열('county')이 명단의 머리글('home_county')과 다릅니다"),
        "{said}"
    );
    assert!(!said.contains("given_name"), "{said}");
    assert!(f.state.lists.len() == 4, "only the four runs that linked are kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_api_gives_the_configuration_it_used_and_takes_one_back() {
    let f = Fixture::new(Settings::default());
    let mut c = f.login("analyst").await;
    let token = [("x-csrf-token", c.csrf.clone())];
    let lists = serde_json::json!([{ "name": "a.csv", "csv": LIST_A }, { "name": "b.csv", "csv": LIST_B }]);
    let body = |v: serde_json::Value| Some(("application/json", v.to_string().into_bytes()));
    let res = f.send(&mut c, "POST", "/api/link", body(serde_json::json!({ "lists": lists })), &token).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let answer: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let config = answer["config"].as_str().unwrap().to_string();
    assert!(config.contains("name = \"home_county\"") && config.contains("note_parts"), "{config}");
    let at = config.find("name = \"home_county\"").unwrap();
    let role = at + config[at..].find("role = \"place\"").unwrap();
    let edited = format!("{}role = \"ignore\"{}", &config[..role], &config[role + "role = \"place\"".len()..]);
    let res = f
        .send(&mut c, "POST", "/api/link", body(serde_json::json!({ "lists": lists, "config": edited })), &token)
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let answer: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let county = answer["columns"].as_array().unwrap().iter().find(|c| c["name"] == "home_county").unwrap().clone();
    assert_eq!((county["role"].as_str(), county["used"].as_str()), (Some("ignore"), Some("ignored")), "{county}");
    assert_eq!(county["why"].as_str(), Some(attest_app::lists::SET_BY_HAND), "not the guessed role's note: {county}");
    let res = f
        .send(&mut c, "POST", "/api/link", body(serde_json::json!({ "lists": lists, "config": "columns = 3" })), &token)
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(res.body.contains("\"invalid\"") && res.body.contains("config: "), "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_list_page_says_so_in_korean_with_no_english_beneath() {
    let f = Fixture::new(Settings::default());
    let mut c = crate::ux::korean(&f, "analyst").await;
    // Both list-task slots taken by two other accounts.
    let held = [
        f.state.list_tasks.acquire("usr_other_a").await.unwrap(),
        f.state.list_tasks.acquire("usr_other_b").await.unwrap(),
    ];
    let res = post(&f, &mut c, "/link", &[("list_a", "a.csv", LIST_A.as_bytes())], &[]).await;
    drop(held);
    assert_eq!(res.status, 503, "{}", res.body);
    crate::ux::assert_korean("busy", &res.body);
    assert!(details(&res.body).contains("지금 다른 명단을 연결하거나 추정하고 있습니다"), "{}", res.body);
    assert!(!res.body.contains("other lists are being linked"), "{}", res.body);
}

/// A saved configuration is a few KiB: one past the cap is refused, by kind, naming its size and
/// the cap in the page's language, through the page and the API alike (it was read up to the
/// 8 MiB of an upload, on the server's async thread).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configuration_file_past_its_cap_is_refused_naming_the_cap_in_korean_and_english() {
    let f = Fixture::new(Settings::default());
    let mut ko = crate::ux::korean(&f, "analyst").await;
    // A configuration that reads (the run's own), padded with a comment past the cap.
    let mut en = f.login("analyst").await;
    let token = [("x-csrf-token", en.csrf.clone())];
    let lists = serde_json::json!([{ "name": "a.csv", "csv": LIST_A }]);
    let body = |v: serde_json::Value| Some(("application/json", v.to_string().into_bytes()));
    let res = f.send(&mut en, "POST", "/api/link", body(serde_json::json!({ "lists": lists })), &token).await;
    let config = serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["config"].as_str().unwrap().to_string();
    let max = attest_app::link_config::MAX_CONFIG_BYTES;
    let big = format!("{config}\n# {}\n", "x".repeat(max + 1 - config.len()));
    let max_kib = max / 1024;
    assert!(attest_app::link_config::from_text("big.toml", &big).is_ok(), "it reads: only its size is refused");
    let files = [("list_a", "a.csv", LIST_A.as_bytes()), ("config", "big.toml", big.as_bytes())];
    let res = post(&f, &mut ko, "/link", &files, &[]).await;
    assert_eq!(res.status, 400, "{}", res.body);
    crate::ux::assert_korean("big.toml", &res.body);
    let said = details(&res.body);
    assert!(
        said.starts_with(&format!(
            "big.toml: 설정 파일이 {max_kib} KiB를 넘습니다. 설정 파일은 {max_kib} KiB까지 받습니다."
        )),
        "{said}"
    );
    let res = post(&f, &mut en, "/link", &files, &[]).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(
        res.body
            .contains(&format!("big.toml: more than {max_kib} KiB; a saved configuration is at most {max_kib} KiB")),
        "{}",
        res.body
    );
    // A 1 MiB file: the page reads one byte past the cap and stops, so the refusal cannot and
    // does not give its size (reading it whole said "1024 KiB").
    let huge = format!("# {}\n", "x".repeat(1 << 20));
    let files = [("list_a", "a.csv", LIST_A.as_bytes()), ("config", "huge.toml", huge.as_bytes())];
    let res = post(&f, &mut en, "/link", &files, &[]).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(res.body.contains(&format!("huge.toml: more than {max_kib} KiB;")), "{}", res.body);
    assert!(!res.body.contains(&format!("{} KiB", huge.len().div_ceil(1024))), "{}", res.body);
    let res =
        f.send(&mut en, "POST", "/api/link", body(serde_json::json!({ "lists": lists, "config": big })), &token).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(res.body.contains("\"invalid\"") && res.body.contains(&format!("at most {max_kib} KiB")), "{}", res.body);
    // Under the cap it is read as before.
    let files = [("list_a", "a.csv", LIST_A.as_bytes()), ("config", "mine.toml", config.as_bytes())];
    assert_eq!(post(&f, &mut en, "/link", &files, &[]).await.status, 200);
}

/// A list without a header row has a person's record as its "header": a refusal quotes no more
/// of it than the one cell it is about (shortened), on Korean and English pages and in the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_without_a_header_row_is_refused_quoting_one_cell_of_it_at_most() {
    let f = Fixture::new(Settings::default());
    let mut ko = crate::ux::korean(&f, "analyst").await;
    let mut en = f.login("analyst").await;
    // Invented: cells that look sealed (a name, a contact, a place of detention).
    let sealed = ["Invented Sealed Zeta", "zeta-contact-3310", "Yodok camp 15"];
    let long = "가".repeat(300);
    let headerless = format!("{long},{},{},1958,F,{}\nB9,Ri,Ok-sun,1962,F,Onsong\n", sealed[0], sealed[1], sealed[2]);
    let check = |body: &str| {
        for s in sealed {
            assert!(!body.contains(s), "{s:?} echoed: {body}");
        }
        assert!(!body.contains(&long[..81 * 3]), "more than 80 characters of the cell echoed");
    };
    let files = [("list_a", "a.csv", LIST_A.as_bytes()), ("list_b", "b.csv", headerless.as_bytes())];
    for c in [&mut ko, &mut en] {
        let res = post(&f, c, "/link", &files, &[]).await;
        assert_eq!(res.status, 400, "{}", res.body);
        check(&res.body);
        let cut = format!("'{}…'", "가".repeat(80));
        assert!(details(&res.body).contains(&cut), "{}", details(&res.body));
        let res = post(&f, c, "/link", &[("list_a", "b.csv", headerless.as_bytes())], &[("id_column", "nr")]).await;
        assert_eq!(res.status, 400, "{}", res.body);
        check(&res.body);
        assert!(!res.body.contains("가가가"), "{}", details(&res.body));
    }
    let token = [("x-csrf-token", en.csrf.clone())];
    let lists = serde_json::json!([{ "name": "a.csv", "csv": LIST_A }, { "name": "b.csv", "csv": headerless }]);
    let body = Some(("application/json", serde_json::json!({ "lists": lists }).to_string().into_bytes()));
    let res = f.send(&mut en, "POST", "/api/link", body, &token).await;
    assert_eq!(res.status, 400, "{}", res.body);
    check(&res.body);
}
