//! attest's web workspace (`attest serve`): sign-in, case pages, the testimony reader with claim
//! creation by selection, witness pages with logged reveals through a user's own grant, search,
//! people and places, the audit log, and a JSON API mirroring them.
//!
//! The server opens the archive with [`attest_store::Archive::open_for_serve`]: it holds the
//! database key only, so it can open neither a sealed identity nor an original file by itself. A
//! reveal needs a user with an identity grant, an original (or sealing an uploaded file) a user
//! with a testimonies grant, and that user's password, asked again each time. Pages are rendered on the server (maud, escaped by construction);
//! the only script is `static/app.js` (selection to span), so the Content-Security-Policy forbids
//! inline script. See `docs/WORKSPACE_DESIGN.md` and `docs/THREAT_MODEL.md`.

mod api;
pub mod auth;
pub mod corroboration;
mod error;
pub mod i18n;
pub mod middleware;
mod pages;
mod pool;
mod shutdown;
pub mod throttle;
pub mod views;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::ops::Deref;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};

pub use api::openapi;
pub use error::{ApiError, WebError};
pub use pool::{Pool, db, password_db};

/// Every route: method, path, who may use it, what it does. The router, the OpenAPI document and
/// the authorization-matrix test all read this table.
pub const ROUTES: &[(&str, &str, &str, &str)] = &[
    ("GET", "/login", "anyone", "Sign-in form"),
    ("POST", "/login", "anyone", "Sign in"),
    ("POST", "/logout", "signed in", "Sign out"),
    ("GET", "/", "signed in", "The user's cases"),
    ("GET", "/search", "signed in", "Search the user's cases"),
    ("GET", "/cases/{case}", "member", "Case overview"),
    ("GET", "/cases/{case}/names", "member", "People and places with their spellings"),
    ("GET", "/cases/{case}/testimonies/new", "member: admin, investigator", "Testimony form"),
    ("POST", "/cases/{case}/testimonies", "member: admin, investigator", "Add a testimony"),
    ("GET", "/cases/{case}/sources/{source}", "member", "Testimony reader"),
    ("POST", "/cases/{case}/sources/{source}/claims", "member: admin, investigator, analyst", "Add a claim"),
    ("POST", "/cases/{case}/sources/{source}/originals/{n}", "member, with testimonies grant", "Open an original file"),
    ("GET", "/cases/{case}/witnesses/{witness}", "member", "Witness page"),
    ("POST", "/cases/{case}/witnesses/{witness}/reveal", "member: admin, investigator, with identity grant", "Reveal"),
    ("GET", "/admin", "admin", "Users, cases, audit log, verification"),
    ("POST", "/admin/users", "admin", "Add a user"),
    ("POST", "/admin/members", "admin", "Add a user to a case"),
    ("POST", "/api/login", "anyone", "Sign in; returns the CSRF token"),
    ("POST", "/api/logout", "signed in", "Sign out"),
    ("GET", "/api/cases", "signed in", "The user's cases"),
    ("GET", "/api/cases/{case}", "member", "Case overview"),
    ("GET", "/api/cases/{case}/names", "member", "People and places"),
    ("POST", "/api/cases/{case}/testimonies", "member: admin, investigator", "Add a testimony"),
    ("GET", "/api/cases/{case}/sources/{source}", "member", "A source with its text and claims"),
    ("POST", "/api/cases/{case}/sources/{source}/claims", "member: admin, investigator, analyst", "Add a claim"),
    (
        "POST",
        "/api/cases/{case}/sources/{source}/originals/{n}",
        "member, with testimonies grant",
        "Open an original file",
    ),
    ("GET", "/api/cases/{case}/witnesses/{witness}", "member", "A witness (pseudonym and consent)"),
    (
        "POST",
        "/api/cases/{case}/witnesses/{witness}/reveal",
        "member: admin, investigator, with identity grant",
        "Reveal",
    ),
    ("GET", "/api/search", "signed in", "Search the user's cases"),
    ("GET", "/api/admin", "admin", "Users, cases, audit log, verification"),
    ("GET", "/api/openapi.json", "anyone", "This API's OpenAPI document"),
    ("GET", "/lang/ko", "anyone", "Interface in Korean (also /lang/en)"),
    ("GET", "/static/app.css", "anyone", "Style sheet"),
    ("GET", "/static/app.js", "anyone", "The one script: selection to claim span"),
];

/// Sizes, lifetimes and the network position.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Largest body of the upload route (a testimony with its file), in bytes.
    pub max_upload: usize,
    /// Largest body of every other route (URL-encoded forms and JSON), in bytes.
    pub max_form: usize,
    /// Add `Secure` to cookies (when served behind HTTPS).
    pub secure_cookies: bool,
    /// Sessions and sign-in limits.
    pub limits: auth::Limits,
    /// A request not answered within this time gets 503 (`timeout`).
    pub request_timeout: Duration,
    /// The reverse proxy whose `X-Forwarded-For` names the client (`--trusted-proxy`); from any
    /// other peer the header is ignored.
    pub trusted_proxy: Option<IpAddr>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_upload: 8 << 20,
            max_form: 256 << 10,
            secure_cookies: false,
            limits: auth::Limits::default(),
            request_timeout: Duration::from_secs(60),
            trusted_proxy: None,
        }
    }
}

struct CachedOverview {
    head: i64,
    overview: Arc<views::Overview>,
    refreshing: bool,
}

/// What every handler shares.
pub struct Inner {
    pool: Pool,
    /// Sessions and sign-in counters.
    pub sessions: auth::Sessions,
    /// Sizes and lifetimes the server was started with.
    pub settings: Settings,
    overviews: Mutex<HashMap<String, CachedOverview>>,
}

/// The server's state (cheap to clone).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// State over an open pool.
    pub fn new(pool: Pool, settings: Settings) -> AppState {
        AppState(Arc::new(Inner {
            pool,
            sessions: auth::Sessions::new(settings.limits),
            settings,
            overviews: Mutex::new(HashMap::new()),
        }))
    }
}

/// The overview of a case: computed at most once per log head; while a newer one is computed
/// in the background, the previous one is served with the log entry it was computed at.
pub async fn overview(state: &AppState, case: &str) -> Result<Arc<views::Overview>, WebError> {
    let c = case.to_string();
    // Cheap checks only: this runs on every overview request, before the cache is consulted.
    let head = db(state, "web", move |a| -> Result<i64, WebError> {
        if !a.case_exists(&c)? {
            return Err(WebError::not_found("case", &c));
        }
        Ok(a.log_head_id()?)
    })
    .await?;
    let stale = {
        let mut cache = state.overviews.lock().unwrap_or_else(PoisonError::into_inner);
        match cache.get_mut(case) {
            Some(e) if e.head == head => return Ok(e.overview.clone()),
            Some(e) => {
                let start = !e.refreshing;
                e.refreshing = true;
                Some((e.overview.clone(), start))
            }
            None => None,
        }
    };
    let compute = |state: AppState, case: String| async move {
        let c = case.clone();
        let result = db(&state, "web", move |a| views::overview(a, &c)).await;
        let mut cache = state.overviews.lock().unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(o) => {
                let o = Arc::new(o);
                cache.insert(case, CachedOverview { head: o.log_head, overview: o.clone(), refreshing: false });
                Ok(o)
            }
            Err(e) => {
                if let Some(entry) = cache.get_mut(&case) {
                    entry.refreshing = false;
                }
                Err(e)
            }
        }
    };
    match stale {
        Some((old, start)) => {
            if start {
                tokio::spawn(compute(state.clone(), case.to_string()));
            }
            Ok(old)
        }
        None => compute(state.clone(), case.to_string()).await,
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/", get(pages::cases))
        .route("/search", get(pages::search))
        .route("/lang/{lang}", get(pages::set_lang))
        .route("/cases/{case}", get(pages::case))
        .route("/cases/{case}/names", get(pages::names))
        .route("/cases/{case}/testimonies/new", get(pages::testimony_form))
        .route("/cases/{case}/testimonies", post(pages::add_testimony))
        .route("/cases/{case}/sources/{source}", get(pages::source))
        .route("/cases/{case}/sources/{source}/claims", post(pages::add_claim))
        .route("/cases/{case}/sources/{source}/originals/{n}", post(pages::open_original))
        .route("/cases/{case}/witnesses/{witness}", get(pages::witness))
        .route("/cases/{case}/witnesses/{witness}/reveal", post(pages::reveal))
        .route("/admin", get(pages::admin))
        .route("/admin/users", post(pages::add_user))
        .route("/admin/members", post(pages::add_member))
        .route("/static/app.css", get(pages::css))
        .route("/static/app.js", get(pages::js))
        .route("/api/login", post(api::login))
        .route("/api/logout", post(api::logout))
        .route("/api/cases", get(api::cases))
        .route("/api/cases/{case}", get(api::case))
        .route("/api/cases/{case}/names", get(api::names))
        .route("/api/cases/{case}/testimonies", post(api::add_testimony))
        .route("/api/cases/{case}/sources/{source}", get(api::source))
        .route("/api/cases/{case}/sources/{source}/claims", post(api::add_claim))
        .route("/api/cases/{case}/sources/{source}/originals/{n}", post(api::open_original))
        .route("/api/cases/{case}/witnesses/{witness}", get(api::witness))
        .route("/api/cases/{case}/witnesses/{witness}/reveal", post(api::reveal))
        .route("/api/search", get(api::search))
        .route("/api/admin", get(api::admin))
        .route("/api/openapi.json", get(api::openapi_json))
        .fallback(pages::not_found);
    middleware::stack(routes, &state)
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight (for at most the request
/// timeout) and returns. Brings the search index up to date in the background first, so the first
/// search after a large intake does not pay for it.
pub async fn run(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    run_until(listener, state, shutdown::signal()).await
}

/// [`run`] until `stop` completes instead of a signal.
pub async fn run_until(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let st = state.clone();
    tokio::spawn(async move {
        if let Err(e) = db(&st, "web", |a| a.refresh_search()).await {
            tracing::warn!(code = e.code, "search index not brought up to date: {}", e.message);
        }
    });
    let grace = state.settings.request_timeout;
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    shutdown::serve_gracefully(listener, app, stop, grace).await
}

/// Hooks for the fuzz targets in `fuzz/` (not an API).
#[doc(hidden)]
pub mod fuzzing {
    use attest_domain::{ActSlug, UncertainCount, UncertainDate};

    /// Reads `bytes` as the JSON body of one of the API's POST routes (`route` picks which), as
    /// its extractor does, and a claim's fields through the domain's parsers against a fixed text,
    /// as `store_claim` does before it opens the archive. Never panics.
    pub fn json_body(route: u8, bytes: &[u8]) {
        const TEXT: &str = "나는 아오지 탄광에서 일했다. About 670 people worked there in 1997.";
        match route % 5 {
            0 => drop(serde_json::from_slice::<crate::api::Login>(bytes)),
            1 => drop(serde_json::from_slice::<crate::pages::TestimonyInput>(bytes)),
            2 => drop(serde_json::from_slice::<crate::pages::PasswordInput>(bytes)),
            3 => drop(serde_json::from_slice::<crate::pages::RevealInput>(bytes)),
            _ => {
                if let Ok(c) = serde_json::from_slice::<crate::pages::ClaimInput>(bytes) {
                    let _ = ActSlug::parse(c.act.trim());
                    let _ = c.when.as_deref().map(UncertainDate::parse);
                    let _ = c.count.as_deref().map(UncertainCount::parse);
                    if let Ok(span) = crate::pages::claim_span(TEXT, &c) {
                        assert!(span.start < span.end, "an empty or backwards span passed: {span}");
                    }
                }
            }
        }
    }
}

/// Opens the archive at `root` for serving (archive key dropped), binds `addr`, calls `ready`
/// with the bound address, and serves until Ctrl-C or SIGTERM. For `attest serve`: requests are
/// logged to standard error through `tracing` (request id, route template, status, latency;
/// never a query string, a form value or a body), and a panic's message is withheld from the log
/// because it may quote data.
pub fn serve_blocking(
    root: &std::path::Path,
    pass: attest_vault::Passphrase,
    addr: &str,
    settings: Settings,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    middleware::trace::init_logging();
    // Two cores serve best with a few connections: one per worker plus one for background work.
    let pool = Pool::open(root, &pass, 4).map_err(|e| format!("opening archive {}: {e}", root.display()))?;
    // The connections hold the database key; the passphrase (a zeroizing buffer) is wiped here,
    // before the server listens (`a_running_server_forgets_the_passphrase`).
    drop(pass);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let served = runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("--addr {addr}: cannot listen: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        ready(bound);
        run(listener, AppState::new(pool, settings)).await.map_err(|e| e.to_string())
    });
    // Blocking work still running (a search index catching up) is not waited for: every write is
    // one transaction, so stopping between two loses nothing.
    runtime.shutdown_timeout(Duration::from_secs(1));
    tracing::info!("stopped");
    served
}
