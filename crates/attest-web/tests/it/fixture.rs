//! A temporary archive with two cases, sealed witnesses, a testimony with claims, and one user
//! per role; a small client over the real router (no network) that keeps cookies and the CSRF
//! token.

use std::path::PathBuf;

use attest_domain::{
    ActSlug, CaseId, Consent, Pseudonym, Role, SourceId, Span, UncertainDate, WitnessId, decode_transcript,
};
use attest_store::{Archive, ClaimDraft, NewTestimony, NewWitness, OpenOptions, OriginalFile};
use attest_vault::{KdfParams, Passphrase, SecretText};
use attest_web::{AppState, Pool, Settings};
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const PASS: &str = "web test passphrase";
/// Every sealed value in the fixture: none may appear in a response without a grant.
pub const SEALED: &[&str] = &[
    "Invented Sealed Alpha",
    "alpha-contact-7731",
    "Invented Sealed Beta",
    "beta-notes-family-inside",
    "Invented Sealed Gamma",
];
pub const TEXT: &str =
    "나는 1997년 아오지 탄광에서 일했다. The guard Choe Myong-il counted about 670 workers at Aoji every morning.";

pub fn password(role: &str) -> String {
    format!("{role}-password-for-tests")
}

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub state: AppState,
    pub router: axum::Router,
    pub case: CaseId,
    pub other_case: CaseId,
    pub witness: WitnessId,
    pub other_witness: WitnessId,
    pub source: SourceId,
    pub other_source: SourceId,
    /// The claim of `source`, and a second witness of the case.
    pub claim: attest_domain::ClaimId,
    pub second_witness: WitnessId,
    pub revealable: &'static [&'static str],
    /// An account created as an invitation (no keys yet), and its one-time code.
    pub invited: attest_domain::UserId,
    pub invited_code: String,
}

pub struct Client {
    pub cookies: Vec<(String, String)>,
    pub csrf: String,
    pub password: String,
}

pub struct Res {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

fn witness(case: &CaseId, pseudonym: &str, name: &str, contact: Option<&str>, notes: Option<&str>) -> NewWitness {
    NewWitness {
        case_id: case.clone(),
        pseudonym: Pseudonym::parse(pseudonym).unwrap(),
        consent: Consent::PublishPseudonym,
        sealed_name: SecretText::new(name.into()),
        sealed_contact: contact.map(|c| SecretText::new(c.into())),
        sealed_notes: notes.map(|n| SecretText::new(n.into())),
    }
}

fn testimony(case: &CaseId, w: &WitnessId, text: &str) -> NewTestimony {
    NewTestimony {
        case_id: case.clone(),
        witness_id: w.clone(),
        text: decode_transcript(text.as_bytes()).unwrap(),
        transcript_file: Some(OriginalFile { file_name: "t.txt".into(), bytes: text.as_bytes().to_vec() }),
        original: None,
        language: Some("ko".into()),
        interviewed: Some(UncertainDate::parse("2021-04").unwrap()),
        interviewer: Some("Interviewer B".into()),
        reliability: Some(attest_domain::Reliability::parse("B2").unwrap()),
    }
}

impl Fixture {
    pub fn new(settings: Settings) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("archive");
        let mut a = Archive::init(
            &root,
            &Passphrase::parse(PASS.into()).unwrap(),
            KdfParams::recommended(),
            OpenOptions::new("setup"),
        )
        .unwrap();
        let case = a.add_case("Mines of North Hamgyong (test)").unwrap();
        let other_case = a.add_case("Another case (test)").unwrap();
        let w = a
            .add_witness(witness(
                &case,
                "최기순 Choi Ki-sun",
                "Invented Sealed Alpha",
                Some("alpha-contact-7731"),
                None,
            ))
            .unwrap();
        let second_witness = a
            .add_witness(witness(&case, "Pak Su-mi", "Invented Sealed Beta", None, Some("beta-notes-family-inside")))
            .unwrap();
        let ow = a.add_witness(witness(&other_case, "Kim Other", "Invented Sealed Gamma", None, None)).unwrap();
        let claim = |span: Span, act: &str| ClaimDraft {
            span,
            act: ActSlug::parse(act).unwrap(),
            place: Some("아오지 (Aoji)".into()),
            when: Some(UncertainDate::parse("1997").unwrap()),
            count: None,
            victim: None,
            perpetrator: Some("Choe Myong-il".into()),
        };
        let (source, claims) = a
            .add_testimony(testimony(&case, &w, TEXT), vec![claim(Span { start: 3, end: 22 }, "forced-labour")])
            .unwrap();
        let (other_source, _) =
            a.add_testimony(testimony(&other_case, &ow, "Another account of Aoji from another case."), vec![]).unwrap();
        for role in Role::ALL {
            let r = Role::parse(role).unwrap();
            let u = a.add_user(role, r, &Passphrase::for_unlock(password(role)), KdfParams::for_tests()).unwrap();
            a.add_member(u.as_str(), case.as_str()).unwrap();
            if r == Role::Investigator {
                a.grant_identities(u.as_str(), case.as_str()).unwrap();
            }
            if matches!(r, Role::Investigator | Role::Analyst) {
                a.grant_testimonies(u.as_str(), case.as_str()).unwrap();
            }
        }
        // Someone with every right in the other case only.
        let outsider = a
            .add_user(
                "outsider",
                Role::Investigator,
                &Passphrase::for_unlock(password("outsider")),
                KdfParams::for_tests(),
            )
            .unwrap();
        a.add_member(outsider.as_str(), other_case.as_str()).unwrap();
        a.grant_identities(outsider.as_str(), other_case.as_str()).unwrap();
        let inv = a.invite_user("invited", Role::Viewer, 72).unwrap();
        let (invited, invited_code) =
            (attest_domain::UserId::parse(&inv.user_id).unwrap(), inv.code.expose().to_string());
        drop(a);
        let pool = Pool::open(&root, &Passphrase::for_unlock(PASS.into()), 2).unwrap();
        let state = AppState::new(pool, settings);
        let router = attest_web::router(state.clone());
        Fixture {
            _dir: dir,
            root,
            state,
            router,
            case,
            other_case,
            witness: w,
            other_witness: ow,
            source,
            other_source,
            claim: claims[0].clone(),
            second_witness,
            revealable: &["Invented Sealed Alpha", "alpha-contact-7731"],
            invited,
            invited_code,
        }
    }

    pub fn anonymous(&self) -> Client {
        Client { cookies: Vec::new(), csrf: String::new(), password: String::new() }
    }

    /// Signs in through the JSON API.
    pub async fn login(&self, name: &str) -> Client {
        let mut c = self.anonymous();
        let body = serde_json::json!({ "name": name, "password": password(name) }).to_string();
        let res = self.send(&mut c, "POST", "/api/login", Some(("application/json", body.into_bytes())), &[]).await;
        assert_eq!(res.status, 200, "{name}: {}", res.body);
        c.csrf =
            serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["csrf_token"].as_str().unwrap().to_string();
        c.password = password(name);
        c
    }

    /// A route's path with real ids: of the member case, or of the other case.
    pub fn fill(&self, path: &str, member: bool) -> String {
        let (case, source, witness) = if member {
            (&self.case, &self.source, &self.witness)
        } else {
            (&self.other_case, &self.other_source, &self.other_witness)
        };
        path.replace("{case}", case.as_str())
            .replace("{source}", source.as_str())
            .replace("{witness}", witness.as_str())
            .replace("{claim}", self.claim.as_str())
            .replace("{n}", "0")
            .replace("{user}", self.invited.as_str())
            .replace("{lang}", "ko")
    }

    /// Sends a request with a body that suits the route (form, multipart or JSON) and the
    /// client's CSRF token.
    pub async fn request(&self, c: &mut Client, method: &str, url: &str, route: &str) -> Res {
        if method == "GET" {
            return self.send(c, "GET", url, None, &[]).await;
        }
        let n = rand_suffix();
        let api = route.starts_with("/api/");
        let csrf = c.csrf.clone();
        let json = |v: serde_json::Value| Some(("application/json", v.to_string().into_bytes()));
        let form = |fields: &[(&str, String)]| {
            let mut all = vec![("csrf".to_string(), csrf.clone())];
            all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.clone())));
            Some(("application/x-www-form-urlencoded", serde_urlencoded::to_string(all).unwrap().into_bytes()))
        };
        let witness = if url.contains(self.other_case.as_str()) { &self.other_witness } else { &self.witness };
        let body = match (route.rsplit('/').next().unwrap(), api) {
            ("testimonies", true) => {
                json(serde_json::json!({ "witness": witness.as_str(), "text": format!("Testimony {n} about Aoji.") }))
            }
            ("testimonies", false) => {
                let (ct, bytes) =
                    multipart(&[("witness", witness.as_str()), ("text", &format!("Testimony {n} about Aoji."))], None);
                let url = format!("{url}?csrf={}", c.csrf);
                return self.send(c, "POST", &url, Some((&ct, bytes)), &[]).await;
            }
            ("claims", true) => json(serde_json::json!({ "passage": "아오지", "act": "forced-labour" })),
            ("claims", false) => form(&[("passage", "아오지".into()), ("act", "forced-labour".into())]),
            ("reveal", true) => {
                json(serde_json::json!({ "password": password("investigator"), "reason": "matrix", "confirm": true }))
            }
            ("reveal", false) => {
                form(&[("password", password("investigator")), ("reason", "matrix".into()), ("confirm", "yes".into())])
            }
            ("{n}", true) => json(serde_json::json!({ "password": c.password })),
            ("{n}", false) => form(&[("password", c.password.clone())]),
            ("users", true) => json(serde_json::json!({ "name": format!("new-{n}") })),
            ("users", false) => form(&[("name", format!("new-{n}")), ("role", "viewer".into())]),
            ("reset", true) => json(serde_json::json!({ "confirm": "yes" })),
            ("reset", false) => form(&[("confirm", "yes".into()), ("valid_hours", "24".into())]),
            // The same password again: the route runs for real, and the role's later requests
            // (a reveal asks for the password) still work.
            ("password", true) => json(serde_json::json!({
                "current": c.password, "new_password": c.password, "new_password_again": c.password
            })),
            ("password", false) => form(&[
                ("current", c.password.clone()),
                ("new_password", c.password.clone()),
                ("new_password_again", c.password.clone()),
            ]),
            ("decisions", _) => form(&[
                ("decision", "different-person".into()),
                ("a", self.witness.as_str().into()),
                ("b", self.second_witness.as_str().into()),
            ]),
            ("policy", _) => form(&[("unassessed", "assume-minimum".into())]),
            ("assessment", _) => form(&[("basis", "witnessed".into()), ("information", "3".into())]),
            ("keys", true) => json(serde_json::json!({ "password": c.password })),
            ("keys", false) => form(&[("password", c.password.clone())]),
            ("members", _) => form(&[("user", "usr_nonexistent00000".into()), ("case", self.case.as_str().into())]),
            // Lists (multipart, token in the query as for the testimony upload).
            ("link", false) => {
                let list = b"record_id,surname,given_name\nA1,Kim,Young-ho\nA2,Ri,Chol-su\n";
                let (ct, bytes) = multipart_files(&[], &[("list_a", "a.csv", list)]);
                let url = format!("{url}?csrf={}", c.csrf);
                return self.send(c, "POST", &url, Some((&ct, bytes)), &[]).await;
            }
            ("estimate", false) => {
                let (ct, bytes) =
                    multipart_files(&[("text", "L1,L2,count\n1,0,30\n0,1,20\n1,1,10\n"), ("method", "chapman")], &[]);
                let url = format!("{url}?csrf={}", c.csrf);
                return self.send(c, "POST", &url, Some((&ct, bytes)), &[]).await;
            }
            ("link", true) => json(serde_json::json!({
                "lists": [{ "name": "a.csv", "csv": "record_id,surname,given_name\nA1,Kim,Young-ho\nA2,Ri,Chol-su\n" }]
            })),
            ("estimate", true) => {
                json(serde_json::json!({ "table": "L1,L2,count\n1,0,30\n0,1,20\n1,1,10\n", "method": "chapman" }))
            }
            other => panic!("no body for {other:?}"),
        };
        let extra: Vec<(&str, String)> = if api { vec![("x-csrf-token", c.csrf.clone())] } else { vec![] };
        let res = self.send(c, method, url, body, &extra).await;
        // Adding a member who does not exist is refused after the role check: count as done.
        if route == "/admin/members" && res.status == 404 { Res { status: 303, ..res } } else { res }
    }

    pub async fn send(
        &self,
        c: &mut Client,
        method: &str,
        url: &str,
        body: Option<(&str, Vec<u8>)>,
        extra: &[(&str, String)],
    ) -> Res {
        let mut req = Request::builder().method(method).uri(url).header(header::HOST, "localhost");
        if !c.cookies.is_empty() {
            let cookie = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            req = req.header(header::COOKIE, cookie);
        }
        for (k, v) in extra {
            req = req.header(*k, v);
        }
        let req = match body {
            Some((ct, bytes)) => req.header(header::CONTENT_TYPE, ct).body(Body::from(bytes)).unwrap(),
            None => req.body(Body::empty()).unwrap(),
        };
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        for v in headers.get_all(header::SET_COOKIE) {
            let s = v.to_str().unwrap();
            let (kv, _) = s.split_once(';').unwrap_or((s, ""));
            let (k, v) = kv.split_once('=').unwrap();
            c.cookies.retain(|(name, _)| name != k);
            if !v.is_empty() && !s.contains("Max-Age=0") {
                c.cookies.push((k.to_string(), v.to_string()));
            }
        }
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }
}

/// A URL-encoded form body with its CSRF token.
pub fn form(csrf: &str, fields: &[(&str, &str)]) -> Option<(&'static str, Vec<u8>)> {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    Some(("application/x-www-form-urlencoded", serde_urlencoded::to_string(all).unwrap().into_bytes()))
}

/// A JSON body.
pub fn json(v: serde_json::Value) -> Option<(&'static str, Vec<u8>)> {
    Some(("application/json", v.to_string().into_bytes()))
}

pub fn rand_suffix() -> String {
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).unwrap();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A multipart body: text fields and an optional file (name, bytes).
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "attestboundary7d1a";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    if let Some((name, bytes)) = file {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n")
                .as_bytes(),
        );
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Fixture {
    /// Serves the router (and `extra` routes under the same layers and state) on a random port
    /// of 127.0.0.1, as `attest serve` does; returns the address.
    pub async fn serve(&self, extra: Option<axum::Router<AppState>>) -> std::net::SocketAddr {
        let mut app = attest_web::router(self.state.clone());
        if let Some(extra) = extra {
            app = app.merge(attest_web::middleware::stack(extra, &self.state));
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
        });
        addr
    }
}

/// One HTTP/1.1 request over a fresh connection to a served fixture; `headers` are added as
/// given (cookies, CSRF token, X-Forwarded-For).
pub async fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<(&str, Vec<u8>)>,
) -> Res {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    let bytes = match body {
        Some((ct, b)) => {
            req.push_str(&format!("Content-Type: {ct}\r\nContent-Length: {}\r\n", b.len()));
            b
        }
        None => {
            req.push_str("Content-Length: 0\r\n");
            Vec::new()
        }
    };
    req.push_str("\r\n");
    let mut all = req.into_bytes();
    all.extend(bytes);
    // The server may answer (413) and close before reading a large body: a broken pipe is fine.
    let _ = s.write_all(&all).await;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    parse_response(&out)
}

/// A raw HTTP/1.1 response as status, headers and body text.
pub fn parse_response(raw: &[u8]) -> Res {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let mut headers = axum::http::HeaderMap::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':')
            && let (Ok(k), Ok(v)) = (axum::http::HeaderName::try_from(k.trim()), v.trim().parse())
        {
            headers.append(k, v);
        }
    }
    Res { status, headers, body: body.to_string() }
}

/// A multipart body: text fields and files (field name, file name, bytes).
pub fn multipart_files(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "attestboundary7d1a";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    for (field, name, bytes) in files {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n")
                .as_bytes(),
        );
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The server's request log, captured in memory: the process's one `tracing` subscriber, shared
/// by every test that checks what reaches the log (a subscriber set for one thread only misses
/// lines while other tests run: `tracing` caches each call site's interest process-wide).
#[derive(Clone, Default)]
pub struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogBuffer {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// The shared log (installed on first use, at INFO as `attest serve` logs by default), and
/// whether installing it succeeded (false if something else installed a subscriber first).
pub fn server_log() -> (LogBuffer, bool) {
    static LOG: std::sync::OnceLock<(LogBuffer, bool)> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let log = LogBuffer::default();
        let writer = log.clone();
        let installed = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .try_init()
            .is_ok();
        (log, installed)
    })
    .clone()
}
