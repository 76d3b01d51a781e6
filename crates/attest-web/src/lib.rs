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

pub mod access;
pub mod auth;
pub mod back;
mod error;
pub mod extract;
pub mod handlers;
pub mod i18n;
pub mod middleware;
mod pool;
pub mod routes;
mod shutdown;
pub mod throttle;
pub mod views;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::ops::Deref;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use attest_app::cases::Overview;
use attest_domain::CaseId;
use axum::Router;

pub use error::WebError;
pub use pool::{Pool, db, password_db};
pub use routes::{ROUTES, Route, openapi};

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
    /// A request not answered within this time gets 503 (`timeout`); the list uploads have
    /// their own limit ([`Settings::list_request_timeout`]).
    pub request_timeout: Duration,
    /// The request time limit of the list uploads only ([`LIST_UPLOAD_ROUTES`]): their upload's
    /// deadline and the linking after it; 60 s by default, raised with the upload's deadline
    /// ([`Settings::with_list_upload_within`]). Every other route keeps [`Settings::request_timeout`].
    pub list_request_timeout: Duration,
    /// The reverse proxy whose `X-Forwarded-For` names the client (`--trusted-proxy`); from any
    /// other peer the header is ignored.
    pub trusted_proxy: Option<IpAddr>,
    /// How long a link result waits in memory for its download (`/link`); 15 minutes, as the
    /// page says.
    pub list_results_for: Duration,
    /// How long a list upload (`/link`, `/estimate` and their JSON routes) may take to arrive
    /// once it holds a list-task slot; past it, 408 `too_slow` and the slot is freed (20 s by default;
    /// `attest serve --list-upload-seconds`, set with [`Settings::with_list_upload_within`]).
    pub list_upload_within: Duration,
}

/// The seconds `attest serve --list-upload-seconds` accepts: the default (20) is the floor, so no
/// setting makes uploads that work now fail, and ten minutes the ceiling, so that one slow
/// client holds one of the two list-task slots for at most that long.
pub const LIST_UPLOAD_SECONDS: std::ops::RangeInclusive<u64> = 20..=600;

/// Time a list task has for its work once its upload has arrived, on top of the upload's
/// deadline, when the request limit is raised with it ([`Settings::with_list_upload_within`]).
pub const LIST_WORK_TIME: Duration = Duration::from_secs(40);

/// The routes that take a list upload (method and route template): only these have the list
/// request limit ([`Settings::list_request_timeout`]).
pub const LIST_UPLOAD_ROUTES: &[(&str, &str)] =
    &[("POST", "/link"), ("POST", "/estimate"), ("POST", "/api/link"), ("POST", "/api/estimate")];

impl Settings {
    /// These settings with list uploads allowed `within` to arrive, and the list uploads' request
    /// time limit raised, if need be, to leave [`LIST_WORK_TIME`] for the linking after it (a
    /// request limit below the upload's deadline would cut a slow upload off with 503 first).
    /// Every other route keeps its limit. `within` is taken as given: `attest serve` keeps it
    /// within [`LIST_UPLOAD_SECONDS`].
    pub fn with_list_upload_within(self, within: Duration) -> Settings {
        let list_request_timeout = self.list_request_timeout.max(within + LIST_WORK_TIME);
        Settings { list_upload_within: within, list_request_timeout, ..self }
    }

    /// The request time limit of a route (`route` is its template, as `MatchedPath` gives it):
    /// the list uploads' for [`LIST_UPLOAD_ROUTES`], the request limit for every other.
    pub fn request_limit(&self, method: &str, route: Option<&str>) -> Duration {
        let list = route.is_some_and(|r| LIST_UPLOAD_ROUTES.contains(&(method, r)));
        if list { self.list_request_timeout.max(self.request_timeout) } else { self.request_timeout }
    }

    /// The longest any request may take (the grace a stopping server gives requests in flight).
    pub fn longest_request(&self) -> Duration {
        self.request_timeout.max(self.list_request_timeout)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_upload: 8 << 20,
            max_form: 256 << 10,
            secure_cookies: false,
            limits: auth::Limits::default(),
            request_timeout: Duration::from_secs(60),
            list_request_timeout: Duration::from_secs(60),
            trusted_proxy: None,
            list_results_for: handlers::lists::KEPT_FOR,
            list_upload_within: handlers::list_tasks::LIST_UPLOAD_WITHIN,
        }
    }
}

struct CachedOverview {
    head: i64,
    overview: Arc<Overview>,
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
    /// Revealed fields between a reveal's redirect and its page (once, for a minute).
    shown: handlers::witnesses::ShownOnce,
    /// Link results awaiting download (this session's, for 15 minutes; never on disk).
    pub lists: handlers::lists::ListResults,
    /// This server's list-task slots (linking and estimating run at most two at once).
    pub list_tasks: handlers::list_tasks::ListTasks,
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
            shown: handlers::witnesses::ShownOnce::default(),
            lists: handlers::lists::ListResults::default(),
            list_tasks: handlers::list_tasks::ListTasks::default(),
        }))
    }
}

/// The overview of a case: computed at most once per log head; while a newer one is computed
/// in the background, the previous one is served with the log entry it was computed at.
pub async fn overview(state: &AppState, case: &CaseId) -> Result<Arc<Overview>, WebError> {
    let c = case.clone();
    // Cheap checks only: this runs on every overview request, before the cache is consulted.
    let head = db(state, "web", move |a| attest_app::cases::overview_head(a, &c)).await?;
    let stale = {
        let mut cache = state.overviews.lock().unwrap_or_else(PoisonError::into_inner);
        match cache.get_mut(case.as_str()) {
            Some(e) if e.head == head => return Ok(e.overview.clone()),
            Some(e) => {
                let start = !e.refreshing;
                e.refreshing = true;
                Some((e.overview.clone(), start))
            }
            None => None,
        }
    };
    let compute = |state: AppState, case: CaseId| async move {
        let c = case.clone();
        let result = db(&state, "web", move |a| attest_app::cases::overview(a, &c)).await;
        let mut cache = state.overviews.lock().unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(o) => {
                let o = Arc::new(o);
                cache.insert(
                    case.to_string(),
                    CachedOverview { head: o.log_head, overview: o.clone(), refreshing: false },
                );
                Ok(o)
            }
            Err(e) => {
                if let Some(entry) = cache.get_mut(case.as_str()) {
                    entry.refreshing = false;
                }
                Err(e)
            }
        }
    };
    match stale {
        Some((old, start)) => {
            if start {
                tokio::spawn(compute(state.clone(), case.clone()));
            }
            Ok(old)
        }
        None => compute(state.clone(), case.clone()).await,
    }
}

/// The whole application, built from the route table [`ROUTES`] (each route behind the guard of
/// its access rule), inside the middleware stack (`middleware::stack`: CSRF guard, errors as JSON
/// under `/api`, security headers, per-route body limits, tracing, timeouts).
pub fn router(state: AppState) -> Router {
    middleware::stack(routes::routes(&state), &state)
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
            tracing::warn!(code = e.code.as_str(), "search index not brought up to date: {}", e.message);
        }
    });
    let grace = state.settings.longest_request();
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    shutdown::serve_gracefully(listener, app, stop, grace).await
}

/// Hooks for the fuzz targets in `fuzz/` (not an API).
#[doc(hidden)]
pub mod fuzzing {
    use attest_app::account::{AcceptForm, InviteForm, PasswordChangeForm, ResetForm};
    use attest_app::input::{
        AssessmentForm, ClaimForm, Evidence, LoginForm, PasswordForm, PolicyForm, RevealForm, ReviewDecisionForm,
        TestimonyForm,
    };

    /// Reads `bytes` as the JSON body of one of the API's POST routes (`route` picks which), as
    /// its extractor does, and through the application layer's parser where the handler calls
    /// one before it opens the archive. Never panics.
    pub fn json_body(route: u8, bytes: &[u8]) {
        match route % 12 {
            0 => drop(serde_json::from_slice::<LoginForm>(bytes)),
            1 => drop(serde_json::from_slice::<TestimonyForm>(bytes)),
            2 => drop(serde_json::from_slice::<PasswordForm>(bytes)),
            3 => drop(serde_json::from_slice::<RevealForm>(bytes).map(RevealForm::parse)),
            4 => drop(serde_json::from_slice::<AssessmentForm>(bytes).map(|f| f.parse())),
            5 => drop(serde_json::from_slice::<PolicyForm>(bytes).map(|f| f.parse())),
            6 => drop(serde_json::from_slice::<ReviewDecisionForm>(bytes).map(|f| f.parse())),
            7 => drop(serde_json::from_slice::<AcceptForm>(bytes).map(AcceptForm::parse)),
            8 => drop(serde_json::from_slice::<PasswordChangeForm>(bytes).map(PasswordChangeForm::parse)),
            9 => drop(serde_json::from_slice::<InviteForm>(bytes).map(InviteForm::parse)),
            10 => drop(serde_json::from_slice::<ResetForm>(bytes).map(ResetForm::parse)),
            _ => {
                if let Ok(form) = serde_json::from_slice::<ClaimForm>(bytes)
                    && let Ok(claim) = form.parse()
                    && let Evidence::Span(span) | Evidence::SpanWithPassage(span, _) = claim.evidence
                {
                    assert!(span.start < span.end, "an empty or backwards span passed: {span}");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_longer_list_upload_deadline_raises_the_list_uploads_request_limit_only() {
        let default = Settings::default();
        assert_eq!(default.list_upload_within.as_secs(), *LIST_UPLOAD_SECONDS.start(), "the default is the floor");
        let same = default.with_list_upload_within(default.list_upload_within);
        assert_eq!(same.list_request_timeout, Duration::from_secs(60), "20 s + 40 s: unchanged");
        let slow = default.with_list_upload_within(Duration::from_secs(300));
        assert_eq!((slow.list_upload_within.as_secs(), slow.list_request_timeout.as_secs()), (300, 340));
        assert_eq!(slow.request_timeout, default.request_timeout, "every other route keeps the default");
        assert_eq!(slow.max_upload, default.max_upload, "nothing else changes");
        for (method, route) in LIST_UPLOAD_ROUTES {
            assert_eq!(slow.request_limit(method, Some(route)).as_secs(), 340, "{method} {route}");
        }
        // The list pages' forms, their downloads and every other route: the default.
        for (method, route) in [
            ("GET", Some("/link")),
            ("GET", Some("/estimate")),
            ("GET", Some("/link/clusters.csv")),
            ("POST", Some("/cases/{case}/testimonies")),
            ("POST", Some("/login")),
            ("GET", None),
        ] {
            assert_eq!(slow.request_limit(method, route), default.request_timeout, "{method} {route:?}");
        }
        assert_eq!(slow.longest_request().as_secs(), 340, "a stopping server waits for a list upload");
    }
}
