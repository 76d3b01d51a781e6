//! The HTML pages. Rendered with maud, which escapes every inserted value, so testimony text
//! cannot inject markup; no inline script or style anywhere (the CSP forbids both).

use attest_domain::{ActSlug, CaseId, Reliability, Role, SourceId, Span, UncertainCount, UncertainDate, WitnessId};
use attest_store::{ClaimDraft, NewTestimony, OriginalFile};
use attest_vault::Passphrase;
use axum::extract::{FromRequest, Multipart, Path, Query, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use crate::auth::{self, Authed, PRE_COOKIE, SESSION_COOKIE};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::views::{self, Segment};
use crate::{AppState, db, password_db};

/// A URL-encoded form whose rejection (malformed, too large, wrong type) is a page that says so.
pub struct FormData<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for FormData<T> {
    type Rejection = WebError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(f) => Ok(FormData(f.0)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "the form is too large"))
            }
            Err(e) => Err(WebError::new(
                StatusCode::BAD_REQUEST,
                "malformed_form",
                format!("the form could not be read: {}", e.body_text()),
            )),
        }
    }
}

fn page(lang: Lang, user: Option<&Authed>, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (lang.t("app")) }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                a.skip href="#main" { (lang.t("skip")) }
                header {
                    nav aria-label=(lang.t("app")) {
                        a.brand href="/" { "attest" }
                        @if let Some(u) = user {
                            a href="/" { (lang.t("cases")) }
                            a href="/search" { (lang.t("search")) }
                            @if u.role == Role::Admin { a href="/admin" { (lang.t("admin")) } }
                            span.who { (u.user.name) " (" (u.role.as_str()) ")" }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(u.csrf);
                                button type="submit" { (lang.t("sign_out")) }
                            }
                        }
                        span.langs {
                            a href="/lang/ko" lang="ko" { "한국어" }
                            " · "
                            a href="/lang/en" lang="en" { "English" }
                        }
                    }
                }
                main #main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if self.code == "unauthenticated" {
            return Redirect::to("/login?expired=1").into_response();
        }
        let lang = Lang::En;
        let body = html! {
            p.error role="alert" { (self.message) }
            p.code { "code: " code { (self.code) } }
            p { a href="/" { (lang.t("back")) } }
        };
        (self.status, page(lang, None, lang.t("error"), body)).into_response()
    }
}

fn with_cookies(mut res: Response, cookies: &[String]) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

#[derive(Deserialize)]
pub struct LoginQuery {
    expired: Option<String>,
}

fn login_page(lang: Lang, pre: &str, message: Option<&str>) -> Markup {
    page(
        lang,
        None,
        lang.t("sign_in"),
        html! {
            @if let Some(m) = message { p.error role="alert" { (m) } }
            form.stack method="post" action="/login" {
                input type="hidden" name="csrf" value=(pre);
                label for="name" { (lang.t("name")) }
                input #name name="name" autocomplete="username" required autofocus;
                label for="password" { (lang.t("password")) }
                input #password name="password" type="password" autocomplete="current-password" required;
                button type="submit" { (lang.t("sign_in")) }
            }
        },
    )
}

/// The sign-in form; sets the pre-session cookie its token is checked against.
pub async fn login_form(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<LoginQuery>) -> Response {
    let lang = Lang::of(&headers);
    let pre = auth::token();
    let msg = q.expired.is_some().then(|| lang.t("expired"));
    let cookie = auth::set_cookie(PRE_COOKIE, &pre, Some(3600), state.settings.secure_cookies);
    with_cookies(login_page(lang, &pre, msg).into_response(), &[cookie])
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    code: Option<String>,
}

/// Signs in: one Argon2id run whatever the name; then the TOTP code for users who have the
/// second factor (a code is good once); failures counted per name and address, and answered alike.
pub async fn sign_in(
    state: &AppState,
    ext: &Extensions,
    name: &str,
    password: String,
    code: Option<String>,
) -> Result<(String, String), WebError> {
    // Counted before the hash, one attempt per name at a time (see `throttle`).
    let attempt = state.sessions.throttle.reserve(
        &format!("name:{}", name.trim().to_lowercase()),
        &[format!("ip:{}", auth::client(ext))],
        "sign-ins",
    )?;
    let n = name.trim().to_string();
    let checked = password_db(state, "web", move |a| -> Result<_, WebError> {
        let Some(u) = a.authenticate(&n, &Passphrase::for_unlock(password))? else { return Ok(None) };
        if !u.totp {
            return Ok(Some((u, None)));
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let step = a.check_totp(&u.user_id, code.as_deref().unwrap_or(""), now)?;
        Ok(step.map(|s| (u, Some(s))))
    })
    .await?;
    // A code is good once: a step already used by this user is refused like a wrong code.
    let user = checked.and_then(|(u, step)| match step {
        Some(s) if !state.sessions.use_totp_step(&u.user_id, s) => None,
        _ => Some(u),
    });
    match user {
        Some(u) => {
            attempt.succeeded();
            Ok(state.sessions.start(&u.user_id))
        }
        // The dropped attempt stays counted.
        None => Err(WebError::new(StatusCode::UNAUTHORIZED, "bad_login", "wrong name, password or code")),
    }
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    FormData(f): FormData<LoginForm>,
) -> Response {
    let lang = Lang::of(&headers);
    // Whatever session cookie came in is ended: a new id is made at every sign-in.
    state.sessions.end_all(&headers);
    let secure = state.settings.secure_cookies;
    match sign_in(&state, &ext, &f.name, f.password, f.code).await {
        Ok((id, _)) => with_cookies(
            Redirect::to("/").into_response(),
            &[auth::set_cookie(SESSION_COOKIE, &id, None, secure), auth::set_cookie(PRE_COOKIE, "", Some(0), secure)],
        ),
        Err(e) => {
            let pre = auth::token();
            let msg = if e.code == "bad_login" { lang.t("bad_login").to_string() } else { e.message.clone() };
            with_cookies(
                (e.status, login_page(lang, &pre, Some(&msg))).into_response(),
                &[auth::set_cookie(PRE_COOKIE, &pre, Some(3600), secure)],
            )
        }
    }
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    // Every session cookie sent (another server on this host may have set one of the same name).
    state.sessions.end_all(&headers);
    with_cookies(
        Redirect::to("/login").into_response(),
        &[auth::set_cookie(SESSION_COOKIE, "", Some(0), state.settings.secure_cookies)],
    )
}

/// `GET /lang/{ko|en}`: remembers the interface language.
pub async fn set_lang(Path(lang): Path<String>) -> Result<Response, WebError> {
    if lang != "ko" && lang != "en" {
        return Err(WebError::not_found("language", &lang));
    }
    Ok(with_cookies(
        Redirect::to("/").into_response(),
        &[format!("lang={lang}; Path=/; SameSite=Strict; Max-Age=31536000")],
    ))
}

/// Fallback: an unknown address.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let e = WebError::new(StatusCode::NOT_FOUND, "not_found", format!("no page at {}", uri.path()));
    if uri.path().starts_with("/api/") { crate::ApiError(e).into_response() } else { e.into_response() }
}

/// `GET /`: the user's cases.
pub async fn cases(State(state): State<AppState>, user: Authed) -> Result<Markup, WebError> {
    let lang = user.lang;
    let mine = user.user.cases.clone();
    let cases = db(&state, "web", move |a| {
        a.list_cases().map(|all| all.into_iter().filter(|c| mine.contains(&c.case_id)).collect::<Vec<_>>())
    })
    .await?;
    Ok(page(
        lang,
        Some(&user),
        lang.t("cases"),
        html! {
            @if cases.is_empty() { p { (lang.t("no_cases")) } }
            ul.cards {
                @for c in &cases {
                    li {
                        a href={"/cases/" (c.case_id)} { (c.title) }
                        p.meta { (c.witnesses) " " (lang.t("witnesses")) " · " (c.sources) " " (lang.t("sources")) " · " (c.claims) " " (lang.t("claims")) }
                    }
                }
            }
        },
    ))
}

fn valid_case(case: &str) -> Result<(), WebError> {
    CaseId::parse(case).map(|_| ()).map_err(|_| WebError::not_found("case", case))
}

fn counts_table(lang: Lang, caption: &'static str, rows: &[views::Count]) -> Markup {
    html! {
        table {
            caption { (lang.t(caption)) }
            tbody { @for r in rows { tr { th scope="row" { (r.label) } td.num { (r.claims) } } } }
        }
    }
}

fn status_label(lang: Lang, s: &attest_corroborate::Tally) -> Markup {
    html! {
        ul.tally {
            li.ok { (lang.t("corroborated")) ": " (s.corroborated) }
            li.warn { (lang.t("single")) ": " (s.single_source) }
            li.bad { (lang.t("contested")) ": " (s.contested) }
            li { (lang.t("unconfirmed")) ": " (s.unconfirmed) }
        }
    }
}

/// `GET /cases/{case}`: the overview.
pub async fn case(State(state): State<AppState>, user: Authed, Path(case): Path<String>) -> Result<Markup, WebError> {
    valid_case(&case)?;
    user.need_member(&case)?;
    let o = crate::overview(&state, &case).await?;
    let lang = user.lang;
    let may_add = matches!(user.role, Role::Admin | Role::Investigator);
    Ok(page(
        lang,
        Some(&user),
        &o.case.title,
        html! {
            p.meta {
                (o.case.witnesses) " " (lang.t("witnesses")) " · " (o.case.sources) " " (lang.t("sources")) " · "
                (o.case.claims) " " (lang.t("claims")) " · " (lang.t("as_of")) " #" (o.log_head)
            }
            p {
                a href={"/cases/" (case) "/names"} { (lang.t("names")) }
                @if may_add { " · " a href={"/cases/" (case) "/testimonies/new"} { (lang.t("add_testimony")) } }
            }
            section aria-labelledby="ev" {
                h2 #ev { (lang.t("events")) }
                (status_label(lang, &o.tally.events))
                h3 { (lang.t("claims")) }
                (status_label(lang, &o.tally.claims))
                @if !o.identities_compared { p.note { (lang.t("identities_note")) } }
            }
            div.grid {
                (counts_table(lang, "by_act", &o.by_act))
                (counts_table(lang, "by_place", &o.by_place))
                (counts_table(lang, "by_period", &o.by_period))
            }
            section aria-labelledby="ss" {
                h2 #ss { (lang.t("single_source")) " (" (o.single_source_total) ")" }
                ul {
                    @for s in &o.single_source {
                        li {
                            a href={"/cases/" (case) "/sources/" (s.source_id) "#" (s.claim_id)} { (s.act) }
                            " · " (s.place.as_deref().unwrap_or("-")) " · " (s.when.as_deref().unwrap_or("-"))
                            blockquote { (s.passage) }
                        }
                    }
                }
            }
            section aria-labelledby="wi" {
                h2 #wi { (lang.t("witnesses")) }
                ul.cols {
                    @for w in &o.witnesses {
                        li { a href={"/cases/" (case) "/witnesses/" (w.witness_id)} { (w.pseudonym) } " (" (w.testimonies) ")" }
                    }
                }
            }
            section aria-labelledby="so" {
                h2 #so { (lang.t("sources")) }
                table {
                    thead { tr { th scope="col" { "id" } th scope="col" { (lang.t("witness")) } th scope="col" { (lang.t("language")) } th scope="col" { (lang.t("claims")) } } }
                    tbody {
                        @for s in &o.sources {
                            tr {
                                td { a href={"/cases/" (case) "/sources/" (s.source_id)} { (s.title.as_deref().unwrap_or(&s.source_id)) } }
                                td { (s.witness_pseudonym.as_deref().unwrap_or("-")) }
                                td { (s.language.as_deref().unwrap_or("-")) }
                                td.num { (s.claims) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// `GET /cases/{case}/names`.
pub async fn names(State(state): State<AppState>, user: Authed, Path(case): Path<String>) -> Result<Markup, WebError> {
    valid_case(&case)?;
    user.need_member(&case)?;
    let c = case.clone();
    let n = db(&state, "web", move |a| views::names(a, &c)).await?;
    let lang = user.lang;
    let list = |groups: &[views::NameGroup]| {
        html! {
            table {
                thead { tr { th scope="col" { "key" } th scope="col" { (lang.t("variants")) } } }
                tbody { @for g in groups { tr { td { code { (g.key) } } td { @for v in &g.variants { span.variant { (v.label) " (" (v.claims) ")" } " " } } } } }
            }
        }
    };
    Ok(page(
        lang,
        Some(&user),
        lang.t("names"),
        html! {
            h2 { (lang.t("witnesses")) " / " (lang.t("victim")) " / " (lang.t("perpetrator")) }
            (list(&n.people))
            h2 { (lang.t("place")) }
            (list(&n.places))
        },
    ))
}

/// `GET /cases/{case}/testimonies/new`.
pub async fn testimony_form(
    State(state): State<AppState>,
    user: Authed,
    Path(case): Path<String>,
) -> Result<Markup, WebError> {
    valid_case(&case)?;
    user.need(&case, &[Role::Admin, Role::Investigator], "add testimonies")?;
    let c = case.clone();
    let witnesses = db(&state, "web", move |a| a.list_witnesses(Some(&c))).await?;
    let lang = user.lang;
    Ok(page(
        lang,
        Some(&user),
        lang.t("add_testimony"),
        html! {
            form.stack method="post" enctype="multipart/form-data" action={"/cases/" (case) "/testimonies?csrf=" (user.csrf)} {
                label for="witness" { (lang.t("witness")) }
                select #witness name="witness" required {
                    @for w in &witnesses { option value=(w.witness_id) { (w.pseudonym) } }
                }
                label for="text" { (lang.t("text")) }
                textarea #text name="text" rows="10" {}
                label for="file" { (lang.t("file")) }
                input #file name="file" type="file" accept=".txt,text/plain";
                label for="language" { (lang.t("language")) }
                input #language name="language" value="ko" size="3";
                label for="interviewed" { (lang.t("interviewed")) }
                input #interviewed name="interviewed" placeholder="2020-11-03";
                label for="interviewer" { (lang.t("interviewer")) }
                input #interviewer name="interviewer";
                label for="reliability" { (lang.t("reliability")) }
                input #reliability name="reliability" placeholder="B2" size="3";
                button type="submit" { (lang.t("save")) }
            }
        },
    ))
}

/// A testimony as sent by the form or the API.
#[derive(Default, Deserialize)]
pub struct TestimonyInput {
    /// Witness id.
    pub witness: String,
    /// Text typed or pasted.
    #[serde(default)]
    pub text: Option<String>,
    /// ISO 639.
    #[serde(default)]
    pub language: Option<String>,
    /// EDTF.
    #[serde(default)]
    pub interviewed: Option<String>,
    /// Interviewer.
    #[serde(default)]
    pub interviewer: Option<String>,
    /// Admiralty grade.
    #[serde(default)]
    pub reliability: Option<String>,
    /// The user's password, needed only with a file (sealed with the case key their grant opens).
    #[serde(default)]
    pub password: Option<String>,
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks a testimony and stores it; returns the new source id. `file`: name and bytes of an
/// uploaded transcript (kept as an encrypted original).
pub async fn store_testimony(
    state: &AppState,
    user: &Authed,
    case: &str,
    t: TestimonyInput,
    file: Option<(String, Vec<u8>)>,
) -> Result<String, WebError> {
    valid_case(case)?;
    user.need(case, &[Role::Admin, Role::Investigator], "add testimonies")?;
    let witness_id = WitnessId::parse(t.witness.trim()).map_err(|e| WebError::invalid("witness", e))?;
    let (text, transcript_file) = match (file, nonempty(&t.text)) {
        (Some((name, bytes)), _) if !bytes.is_empty() => {
            let text =
                attest_domain::decode_transcript(&bytes).map_err(|e| WebError::invalid(&format!("file {name}"), e))?;
            let name = name.rsplit(['/', '\\']).next().unwrap_or("transcript.txt").to_string();
            (text, Some(OriginalFile { file_name: name, bytes }))
        }
        (_, Some(typed)) => {
            (attest_domain::decode_transcript(typed.as_bytes()).map_err(|e| WebError::invalid("text", e))?, None)
        }
        _ => return Err(WebError::invalid("text", "give the testimony's text or a text file")),
    };
    let interviewed = nonempty(&t.interviewed)
        .map(UncertainDate::parse)
        .transpose()
        .map_err(|e| WebError::invalid("interviewed", e))?;
    let reliability = nonempty(&t.reliability)
        .map(Reliability::parse)
        .transpose()
        .map_err(|e| WebError::invalid("reliability", e))?;
    let language = nonempty(&t.language)
        .map(attest_domain::parse_language)
        .transpose()
        .map_err(|e| WebError::invalid("language", e))?;
    let case_id = CaseId::parse(case).map_err(|_| WebError::not_found("case", case))?;
    let c = case.to_string();
    let interviewer = nonempty(&t.interviewer).map(str::to_string);
    let with_file = transcript_file.is_some();
    if with_file && !user.user.testimony_grants.iter().any(|g| g == case) {
        return Err(WebError::forbidden(format!(
            "{} has no testimonies grant for case {case}: a file is sealed with the case key the grant holds; paste the text instead",
            user.user.name
        )));
    }
    let password = match (with_file, t.password) {
        (true, Some(p)) if !p.is_empty() => Some(Passphrase::for_unlock(p)),
        (true, _) => {
            return Err(WebError::invalid("password", "give your password to seal the file with the case key"));
        }
        (false, _) => None,
    };
    let uid = user.user.user_id.clone();
    // Sealing a file checks the user's password: counted like any other password check.
    let (lane, attempt) = match &password {
        Some(_) => (crate::pool::Use::Password, Some(password_attempt(state, user)?)),
        None => (crate::pool::Use::Pages, None),
    };
    let id = crate::pool::run_on(state, lane, &user.user.user_id, move |a| {
        let w = a.get_witness(witness_id.as_str())?;
        if w.case_id != c {
            return Err(attest_store::StoreError::NotFound { kind: "witness", id: witness_id.to_string() });
        }
        let nt = NewTestimony {
            case_id,
            witness_id,
            text,
            transcript_file,
            original: None,
            language,
            interviewed,
            interviewer,
            reliability,
        };
        match &password {
            Some(p) => a.add_testimony_as(&uid, p, nt, Vec::new()).map(|(s, _)| s),
            None => a.add_testimony(nt, Vec::new()).map(|(s, _)| s),
        }
    })
    .await?;
    if let Some(a) = attempt {
        a.succeeded();
    }
    Ok(id.to_string())
}

/// `POST /cases/{case}/testimonies` (multipart, so a file can come with it).
pub async fn add_testimony(
    State(state): State<AppState>,
    user: Authed,
    Path(case): Path<String>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    let mut t = TestimonyInput::default();
    let mut file = None;
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the upload is larger than {} MiB", state.settings.max_upload >> 20),
            )
        } else {
            WebError::new(
                StatusCode::BAD_REQUEST,
                "malformed_form",
                format!("the form could not be read: {}", e.body_text()),
            )
        }
    };
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let fname = field.file_name().unwrap_or("transcript.txt").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            file = Some((fname, bytes.to_vec()));
            continue;
        }
        let bytes = field.bytes().await.map_err(bad)?;
        let value = String::from_utf8(bytes.to_vec()).map_err(|_| WebError::invalid(&name, "is not UTF-8 text"))?;
        match name.as_str() {
            "witness" => t.witness = value,
            "text" => t.text = Some(value),
            "language" => t.language = Some(value),
            "interviewed" => t.interviewed = Some(value),
            "interviewer" => t.interviewer = Some(value),
            "reliability" => t.reliability = Some(value),
            "password" => t.password = Some(value),
            _ => {}
        }
    }
    let id = store_testimony(&state, &user, &case, t, file).await?;
    Ok(Redirect::to(&format!("/cases/{case}/sources/{id}")).into_response())
}

fn text_view(segments: &[Segment<'_>]) -> Markup {
    html! {
        @for s in segments {
            @if s.claims.is_empty() { (s.text) } @else { mark data-claims=(s.claims.join(" ")) title=(s.claims.join(", ")) { (s.text) } }
        }
    }
}

/// `GET /cases/{case}/sources/{source}`: the reader.
pub async fn source(
    State(state): State<AppState>,
    user: Authed,
    Path((case, source)): Path<(String, String)>,
) -> Result<Markup, WebError> {
    valid_case(&case)?;
    user.need_member(&case)?;
    SourceId::parse(&source).map_err(|_| WebError::not_found("source", &source))?;
    let (c, s) = (case.clone(), source.clone());
    let r = db(&state, "web", move |a| views::reader(a, &c, &s)).await?;
    let lang = user.lang;
    let text = r.source.text.clone().unwrap_or_default();
    let segs = views::segments(&text, &r.claims);
    let may_claim = matches!(user.role, Role::Admin | Role::Investigator | Role::Analyst);
    let title = r.source.title.clone().unwrap_or_else(|| {
        format!("{} · {}", r.source.witness_pseudonym.as_deref().unwrap_or("-"), r.source.source_id)
    });
    Ok(page(
        lang,
        Some(&user),
        &title,
        html! {
            p.meta {
                a href={"/cases/" (case)} { (lang.t("cases")) } " · "
                @if let Some(w) = &r.source.witness_id { a href={"/cases/" (case) "/witnesses/" (w)} { (r.source.witness_pseudonym.as_deref().unwrap_or(w)) } " · " }
                (lang.t("language")) ": " (r.source.language.as_deref().unwrap_or("-")) " · sha256 " code { (r.source.text_sha256.get(..16).unwrap_or("")) "…" }
            }
            div #text.transcript lang=(r.source.language.as_deref().unwrap_or("und")) tabindex="0" { (text_view(&segs)) }
        @if !r.source.originals.is_empty() {
            section aria-labelledby="or" {
                h2 #or { (lang.t("originals")) }
                ul.originals {
                    @for (n, o) in r.source.originals.iter().enumerate() {
                        li {
                            (o.role) ": " (o.file_name) " · " (o.bytes) " bytes · sha256 " code { (o.sha256.get(..16).unwrap_or("")) "…" }
                            @if user.user.testimony_grants.contains(&case) {
                                form.inline method="post" action={"/cases/" (case) "/sources/" (source) "/originals/" (n)} {
                                    input type="hidden" name="csrf" value=(user.csrf);
                                    label for={"op" (n)} { (lang.t("password")) }
                                    input id={"op" (n)} name="password" type="password" autocomplete="current-password" required;
                                    button type="submit" { (lang.t("open_original")) }
                                }
                            }
                        }
                    }
                }
                @if !user.user.testimony_grants.contains(&case) { p.note { (lang.t("no_testimonies_grant")) } }
            }
        }
            section aria-labelledby="cl" {
                h2 #cl { (lang.t("claims")) " (" (r.claims.len()) ")" }
                ol.claims {
                    @for c in &r.claims {
                        li #(c.claim_id) {
                            strong { (c.act) } " · " (c.place.as_deref().unwrap_or("-")) " · " (c.when.as_ref().map_or("-", |w| w.edtf.as_str()))
                            @if let Some(n) = &c.count { " · " (n.text) }
                            " · " code { (c.span.start) ".." (c.span.end) }
                            blockquote { (c.passage) }
                        }
                    }
                }
            }
            @if may_claim {
                section aria-labelledby="nc" {
                    h2 #nc { (lang.t("new_claim")) }
                    p.note { (lang.t("select_hint")) }
                    form.stack #claim-form method="post" action={"/cases/" (case) "/sources/" (source) "/claims"} {
                        input type="hidden" name="csrf" value=(user.csrf);
                        input #start type="hidden" name="start";
                        input #end type="hidden" name="end";
                        label for="passage" { (lang.t("passage")) }
                        textarea #passage name="passage" rows="3" required {}
                        label for="act" { (lang.t("act")) }
                        select #act name="act" { @for a in &r.acts { option value=(a) { (a) } } }
                        label for="place" { (lang.t("place")) }
                        input #place name="place";
                        label for="when" { (lang.t("when")) }
                        input #when name="when" placeholder="1997, 199X, 1997-03/1998";
                        label for="count" { (lang.t("count")) }
                        input #count name="count" placeholder="about 670";
                        label for="victim" { (lang.t("victim")) }
                        input #victim name="victim";
                        label for="perpetrator" { (lang.t("perpetrator")) }
                        input #perpetrator name="perpetrator";
                        button type="submit" { (lang.t("save")) }
                    }
                }
            }
        },
    ))
}

/// A claim as sent by the form or the API: a span, or a passage to find, or both (then they
/// must agree).
#[derive(Default, Deserialize)]
pub struct ClaimInput {
    /// First character.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub start: Option<usize>,
    /// One past the last character.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub end: Option<usize>,
    /// The passage.
    #[serde(default)]
    pub passage: Option<String>,
    /// Act slug.
    pub act: String,
    /// Place.
    #[serde(default)]
    pub place: Option<String>,
    /// EDTF.
    #[serde(default)]
    pub when: Option<String>,
    /// Count.
    #[serde(default)]
    pub count: Option<String>,
    /// Victim.
    #[serde(default)]
    pub victim: Option<String>,
    /// Perpetrator.
    #[serde(default)]
    pub perpetrator: Option<String>,
}

fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        Num(usize),
        Text(String),
    }
    match Option::<N>::deserialize(d)? {
        None => Ok(None),
        Some(N::Num(n)) => Ok(Some(n)),
        Some(N::Text(s)) if s.trim().is_empty() => Ok(None),
        Some(N::Text(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("'{s}' is not a character position"))),
    }
}

/// The span a claim covers: the given one (checked against the passage), or the first place the
/// passage occurs.
pub(crate) fn claim_span(text: &str, c: &ClaimInput) -> Result<Span, WebError> {
    let passage = nonempty(&c.passage);
    match (c.start, c.end, passage) {
        (Some(start), Some(end), p) => {
            // Through the domain's one check, as on the command line: 5..5 and 10..0 are refused.
            let span = Span::new(start, end).map_err(|e| WebError::invalid("span", e))?;
            let found = span.passage(text).map_err(|e| WebError::invalid("span", e))?;
            if p.is_some_and(|p| found.trim() != p) {
                return Err(WebError::invalid("passage", "does not match the selected span; select it again"));
            }
            Ok(span)
        }
        (_, _, Some(p)) => {
            let byte = text.find(p).ok_or_else(|| WebError::invalid("passage", "is not in the text"))?;
            let start = text[..byte].chars().count();
            Ok(Span { start, end: start + p.chars().count() })
        }
        _ => Err(WebError::invalid("passage", "select a passage or type it")),
    }
}

/// Checks and stores a claim; returns its id.
pub async fn store_claim(
    state: &AppState,
    user: &Authed,
    case: &str,
    source: &str,
    c: ClaimInput,
) -> Result<String, WebError> {
    valid_case(case)?;
    user.need(case, &[Role::Admin, Role::Investigator, Role::Analyst], "add claims")?;
    let source_id = SourceId::parse(source).map_err(|_| WebError::not_found("source", source))?;
    let act = ActSlug::parse(c.act.trim()).map_err(|e| WebError::invalid("act", e))?;
    let when = nonempty(&c.when).map(UncertainDate::parse).transpose().map_err(|e| WebError::invalid("when", e))?;
    let count = nonempty(&c.count).map(UncertainCount::parse).transpose().map_err(|e| WebError::invalid("count", e))?;
    let case = case.to_string();
    let id = db(state, &user.user.user_id, move |a| -> Result<_, WebError> {
        let s = a.get_source(source_id.as_str())?;
        if s.case_id != case {
            return Err(WebError::not_found("source", source_id.as_str()));
        }
        let span = claim_span(s.text.as_deref().unwrap_or(""), &c)?;
        let draft = ClaimDraft {
            span,
            act,
            place: nonempty(&c.place).map(str::to_string),
            when,
            count,
            victim: nonempty(&c.victim).map(str::to_string),
            perpetrator: nonempty(&c.perpetrator).map(str::to_string),
        };
        Ok(a.add_claim(&source_id, draft)?)
    })
    .await?;
    Ok(id.to_string())
}

/// `POST /cases/{case}/sources/{source}/claims`.
pub async fn add_claim(
    State(state): State<AppState>,
    user: Authed,
    Path((case, source)): Path<(String, String)>,
    FormData(c): FormData<ClaimInput>,
) -> Result<Response, WebError> {
    let id = store_claim(&state, &user, &case, &source, c).await?;
    Ok(Redirect::to(&format!("/cases/{case}/sources/{source}#{id}")).into_response())
}

/// The witness page data, checked against the case and the user.
pub async fn witness_page(
    state: &AppState,
    user: &Authed,
    case: &str,
    witness: &str,
) -> Result<views::WitnessPage, WebError> {
    valid_case(case)?;
    user.need_member(case)?;
    WitnessId::parse(witness).map_err(|_| WebError::not_found("witness", witness))?;
    let (c, w) = (case.to_string(), witness.to_string());
    let (witness, testimonies) = db(state, "web", move |a| -> Result<_, WebError> {
        let wr = a.get_witness(&w)?;
        if wr.case_id != c {
            return Err(WebError::not_found("witness", &w));
        }
        let t = a
            .list_sources(Some(&c))?
            .into_iter()
            .filter(|s| s.witness_id.as_deref() == Some(w.as_str()))
            .collect::<Vec<_>>();
        Ok((wr, t))
    })
    .await?;
    let may_reveal =
        matches!(user.role, Role::Admin | Role::Investigator) && user.user.identity_grants.iter().any(|g| g == case);
    Ok(views::WitnessPage { witness, testimonies, may_reveal })
}

fn witness_markup(lang: Lang, user: &Authed, case: &str, p: &views::WitnessPage, revealed: Option<Markup>) -> Markup {
    html! {
        dl {
            dt { (lang.t("pseudonym")) } dd { (p.witness.pseudonym) }
            dt { (lang.t("consent")) } dd { (p.witness.consent) }
            dt { (lang.t("sealed")) } dd { (p.witness.sealed_fields.join(", ")) }
        }
        h2 { (lang.t("testimonies")) }
        ul { @for s in &p.testimonies { li { a href={"/cases/" (case) "/sources/" (s.source_id)} { (s.source_id) } " · " (s.language.as_deref().unwrap_or("-")) " · " (s.claims) " " (lang.t("claims")) } } }
        @if let Some(r) = revealed { (r) }
        @else if p.may_reveal {
            section aria-labelledby="rv" {
                h2 #rv { (lang.t("reveal")) }
                form.stack method="post" action={"/cases/" (case) "/witnesses/" (p.witness.witness_id) "/reveal"} {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="reason" { (lang.t("reason")) }
                    input #reason name="reason" required;
                    label for="password" { (lang.t("password")) }
                    input #password name="password" type="password" autocomplete="current-password" required;
                    label.check { input #confirm type="checkbox" name="confirm" value="yes" required; " " (lang.t("reveal_confirm")) }
                    button type="submit" { (lang.t("reveal")) }
                }
            }
        } @else {
            p.note { (lang.t("no_grant")) }
        }
    }
}

/// `GET /cases/{case}/witnesses/{witness}`.
pub async fn witness(
    State(state): State<AppState>,
    user: Authed,
    Path((case, witness)): Path<(String, String)>,
) -> Result<Markup, WebError> {
    let p = witness_page(&state, &user, &case, &witness).await?;
    Ok(page(user.lang, Some(&user), &p.witness.pseudonym, witness_markup(user.lang, &user, &case, &p, None)))
}

/// A reveal request.
#[derive(Deserialize)]
pub struct RevealInput {
    /// The user's password again.
    pub password: String,
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
    /// Must be "yes" (or `true` in JSON).
    #[serde(default)]
    pub confirm: Option<serde_json::Value>,
}

/// Revealed fields for one response (dropped, and zeroized, after it).
pub struct Revealed {
    /// Legal name.
    pub name: attest_vault::SecretText,
    /// Contact.
    pub contact: Option<attest_vault::SecretText>,
    /// Notes.
    pub notes: Option<attest_vault::SecretText>,
}

/// Reserves one check of a signed-in user's password (reveal, original file, sealed upload):
/// counted before the hash, one at a time per user, five per window (see `throttle`).
fn password_attempt<'a>(state: &'a AppState, user: &Authed) -> Result<crate::throttle::Attempt<'a>, WebError> {
    state.sessions.throttle.reserve(&format!("password:{}", user.user.user_id), &[], "password checks")
}

/// Checks role, membership, grant and confirmation, then reveals through the user's grant.
/// Returns the witness page it checked against, for the answer.
pub async fn do_reveal(
    state: &AppState,
    user: &Authed,
    case: &str,
    witness: &str,
    r: RevealInput,
) -> Result<(views::WitnessPage, Revealed), WebError> {
    user.need(case, &[Role::Admin, Role::Investigator], "reveal identities")?;
    let p = witness_page(state, user, case, witness).await?;
    let confirmed = matches!(&r.confirm, Some(serde_json::Value::Bool(true)))
        || matches!(&r.confirm, Some(serde_json::Value::String(s)) if s == "yes");
    if !confirmed {
        return Err(WebError::invalid("confirm", "confirm that you need this identity; the reveal is logged"));
    }
    if !p.may_reveal {
        return Err(WebError::forbidden(format!("{} has no identity grant for case {case}", user.user.name)));
    }
    let attempt = password_attempt(state, user)?;
    let (uid, w) = (user.user.user_id.clone(), p.witness.witness_id.clone());
    let reason = nonempty(&r.reason).map(str::to_string);
    let password = r.password;
    let r = password_db(state, &user.user.user_id, move |a| {
        let wid = WitnessId::parse(&w).map_err(|_| WebError::not_found("witness", &w))?;
        Ok::<_, WebError>(a.reveal_witness_as(&uid, &Passphrase::for_unlock(password), &wid, reason.as_deref())?)
    })
    .await?;
    attempt.succeeded();
    Ok((p, Revealed { name: r.name, contact: r.contact, notes: r.notes }))
}

/// `POST /cases/{case}/witnesses/{witness}/reveal`.
pub async fn reveal(
    State(state): State<AppState>,
    user: Authed,
    Path((case, witness)): Path<(String, String)>,
    FormData(r): FormData<RevealInput>,
) -> Result<Markup, WebError> {
    let (p, revealed) = do_reveal(&state, &user, &case, &witness, r).await?;
    let lang = user.lang;
    let shown = html! {
        section.revealed aria-labelledby="rd" {
            h2 #rd { (lang.t("revealed")) }
            dl {
                dt { "legal_name" } dd #revealed-name { (revealed.name.expose()) }
                @if let Some(c) = &revealed.contact { dt { "contact" } dd { (c.expose()) } }
                @if let Some(n) = &revealed.notes { dt { "notes" } dd { (n.expose()) } }
            }
        }
    };
    Ok(page(lang, Some(&user), &p.witness.pseudonym, witness_markup(lang, &user, &case, &p, Some(shown))))
}

/// A password given again for one operation.
#[derive(Deserialize)]
pub struct PasswordInput {
    /// The user's password.
    pub password: String,
}

/// Opens the `n`-th original of a source through the user's testimonies grant (logged).
pub async fn fetch_original(
    state: &AppState,
    user: &Authed,
    case: &str,
    source: &str,
    n: &str,
    password: String,
) -> Result<Response, WebError> {
    valid_case(case)?;
    user.need_member(case)?;
    SourceId::parse(source).map_err(|_| WebError::not_found("source", source))?;
    let n: usize = n.parse().map_err(|_| WebError::not_found("original", n))?;
    if !user.user.testimony_grants.iter().any(|g| g == case) {
        return Err(WebError::forbidden(format!("{} has no testimonies grant for case {case}", user.user.name)));
    }
    let (uid, c, s) = (user.user.user_id.clone(), case.to_string(), source.to_string());
    let attempt = password_attempt(state, user)?;
    let (rec, bytes) = password_db(state, &user.user.user_id, move |a| -> Result<_, WebError> {
        if a.get_source(&s)?.case_id != c {
            return Err(WebError::not_found("source", &s));
        }
        Ok(a.open_original_as(&uid, &Passphrase::for_unlock(password), &s, n)?)
    })
    .await?;
    attempt.succeeded();
    let name: String =
        rec.file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes.to_vec(),
    )
        .into_response())
}

/// `POST /cases/{case}/sources/{source}/originals/{n}`.
pub async fn open_original(
    State(state): State<AppState>,
    user: Authed,
    Path((case, source, n)): Path<(String, String, String)>,
    FormData(p): FormData<PasswordInput>,
) -> Result<Response, WebError> {
    fetch_original(&state, &user, &case, &source, &n, p.password).await
}

/// A search request.
#[derive(Deserialize)]
pub struct SearchQuery {
    /// Words.
    #[serde(default)]
    pub q: Option<String>,
    /// One case (else every case of the user).
    #[serde(default)]
    pub case: Option<String>,
}

/// Searches the cases the user is a member of.
pub async fn run_search(state: &AppState, user: &Authed, q: SearchQuery) -> Result<views::SearchPage, WebError> {
    let query = q.q.unwrap_or_default().trim().to_string();
    if query.chars().count() > 200 {
        return Err(WebError::invalid("q", "at most 200 characters"));
    }
    let scope: Vec<String> = match nonempty(&q.case) {
        Some(c) => {
            user.need_member(c)?;
            vec![c.to_string()]
        }
        None => user.user.cases.clone(),
    };
    let qq = query.clone();
    let hits = if query.is_empty() || scope.is_empty() {
        Vec::new()
    } else {
        db(state, "web", move |a| a.search_in(&qq, Some(&scope), 50)).await?
    };
    Ok(views::SearchPage { query, hits })
}

/// `GET /search`.
pub async fn search(
    State(state): State<AppState>,
    user: Authed,
    Query(q): Query<SearchQuery>,
) -> Result<Markup, WebError> {
    let r = run_search(&state, &user, q).await?;
    let lang = user.lang;
    Ok(page(
        lang,
        Some(&user),
        lang.t("search"),
        html! {
            form.inline role="search" method="get" action="/search" {
                label for="q" { (lang.t("search")) }
                input #q name="q" type="search" value=(r.query) autofocus;
                button type="submit" { (lang.t("search")) }
            }
            @if !r.query.is_empty() {
                h2 { (lang.t("results")) " (" (r.hits.len()) ")" }
                @if r.hits.is_empty() { p { (lang.t("no_results")) } }
                ol.hits {
                    @for h in &r.hits {
                        li {
                            @let href = match h.kind.as_str() {
                                "witness" => format!("/cases/{}/witnesses/{}", h.case_id, h.record_id),
                                "claim" => format!("/cases/{}#{}", h.case_id, h.record_id),
                                _ => format!("/cases/{}/sources/{}", h.case_id, h.record_id),
                            };
                            span.kind { (h.kind) } " " a href=(href) { (h.record_id) }
                            p { (h.excerpt) }
                        }
                    }
                }
            }
        },
    ))
}

/// `GET /admin`.
pub async fn admin(State(state): State<AppState>, user: Authed) -> Result<Markup, WebError> {
    user.need_admin()?;
    let p = db(&state, "web", views::admin).await?;
    let lang = user.lang;
    Ok(page(
        lang,
        Some(&user),
        lang.t("admin"),
        html! {
            section aria-labelledby="vf" {
                h2 #vf { (lang.t("verify")) }
                @if p.verify.ok { p.ok #verify-result { "OK · " (p.verify.log_entries) " log entries · head " code { (p.verify.log_head.get(..16).unwrap_or("")) } } }
                @else { ul.bad #verify-result { @for pr in &p.verify.problems { li { (pr.kind) ": " (pr.message) } } } }
            }
            section aria-labelledby="us" {
                h2 #us { (lang.t("users")) }
                table {
                    thead { tr { th scope="col" { (lang.t("name")) } th scope="col" { (lang.t("role")) } th scope="col" { (lang.t("cases")) } th scope="col" { "identity grants" } } }
                    tbody { @for u in &p.users { tr { td { (u.name) } td { (u.role) } td { (u.cases.join(", ")) } td { (u.identity_grants.join(", ")) } } } }
                }
                p.note { "Grants are given at the command line by the archive's keyholder (attest grant [--kind testimonies]): the server does not hold the keys they carry." }
                h3 { (lang.t("add_user")) }
                form.stack method="post" action="/admin/users" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="nu-name" { (lang.t("name")) }
                    input #nu-name name="name" required;
                    label for="nu-role" { (lang.t("role")) }
                    select #nu-role name="role" { @for r in Role::ALL { option value=(r) { (r) } } }
                    label for="nu-password" { (lang.t("password")) }
                    input #nu-password name="password" type="password" autocomplete="new-password" minlength="12" required;
                    button type="submit" { (lang.t("add_user")) }
                }
                h3 { (lang.t("add_member")) }
                form.stack method="post" action="/admin/members" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="m-user" { (lang.t("users")) }
                    select #m-user name="user" { @for u in &p.users { option value=(u.user_id) { (u.name) } } }
                    label for="m-case" { (lang.t("case")) }
                    select #m-case name="case" { @for c in &p.cases { option value=(c.case_id) { (c.title) } } }
                    button type="submit" { (lang.t("add_member")) }
                }
            }
            section aria-labelledby="lg" {
                h2 #lg { (lang.t("audit")) " (" (p.log_total) ")" }
                table.log {
                    thead { tr { th scope="col" { "#" } th scope="col" { "at" } th scope="col" { "actor" } th scope="col" { "action" } th scope="col" { "record" } } }
                    tbody { @for e in &p.log { tr { td.num { (e.seq) } td { (e.at) } td { (e.actor) } td { (e.action) } td { code { (e.record_id) } } } } }
                }
            }
        },
    ))
}

/// A new user from the admin page.
#[derive(Deserialize)]
pub struct NewUser {
    name: String,
    role: String,
    password: String,
}

/// `POST /admin/users`.
pub async fn add_user(
    State(state): State<AppState>,
    user: Authed,
    FormData(f): FormData<NewUser>,
) -> Result<Response, WebError> {
    user.need_admin()?;
    let role = Role::parse(&f.role).map_err(|e| WebError::invalid("role", e))?;
    let password = Passphrase::parse(f.password).map_err(|e| WebError::invalid("password", e))?;
    db(&state, &user.user.user_id, move |a| {
        a.add_user(&f.name, role, &password, attest_vault::KdfParams::recommended())
    })
    .await?;
    Ok(Redirect::to("/admin").into_response())
}

/// A membership from the admin page.
#[derive(Deserialize)]
pub struct NewMember {
    user: String,
    case: String,
}

/// `POST /admin/members`.
pub async fn add_member(
    State(state): State<AppState>,
    user: Authed,
    FormData(f): FormData<NewMember>,
) -> Result<Response, WebError> {
    user.need_admin()?;
    db(&state, &user.user.user_id, move |a| a.add_member(f.user.trim(), f.case.trim())).await?;
    Ok(Redirect::to("/admin").into_response())
}

/// `GET /static/app.css`.
pub async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
        include_str!("../static/app.css"),
    )
        .into_response()
}

/// `GET /static/app.js`.
pub async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
        include_str!("../static/app.js"),
    )
        .into_response()
}
