//! Lists in the workspace: deduplicate one uploaded list or link two (`/link`), and estimate how
//! many were never documented from a capture-history table (`/estimate`). Each is one call of
//! `attest_app::lists`, the functions `attest link` and `attest estimate` also use.
//!
//! Uploaded lists are never written to disk, logged or stored in the archive: their bytes are
//! read into zeroizing buffers, linked on a blocking thread and dropped. What is kept is the
//! `record_id,cluster_id` table and, for two or more lists, the capture-history table (list names
//! and counts, no ids), in memory ([`ListResults`]), for this session only and for [`KEPT_FOR`]
//! (a setting), so that the downloads and "estimate from this result" work; the clusters are
//! zeroized when they expire; the capture table is a plain string, wiped when freed by the
//! `attest` binary's zeroing allocator. Result pages are sent `no-store` (see
//! `witnesses::forgotten`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use attest_app::Code;
use attest_app::link_config::MAX_CONFIG_BYTES;
use attest_app::lists::{EstimateInput, LinkListsInput, ListLimits, SavedConfig, UploadedList};
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::list_tasks::{read_within, too_slow_for_a_page};
use super::witnesses::forgotten;
use crate::AppState;
use crate::access::Authed;
use crate::error::WebError;
use crate::views;

/// How long a link result can be downloaded after it was made (the default of
/// [`crate::Settings::list_results_for`]).
pub const KEPT_FOR: Duration = Duration::from_secs(15 * 60);

/// Link results waiting for their download, by token; each belongs to the session that made it
/// and is dropped (and so zeroized) when its time is up ([`crate::Settings::list_results_for`]).
#[derive(Default)]
pub struct ListResults(Arc<Mutex<HashMap<String, Kept>>>);

/// One link run's `record_id,cluster_id` table (and, for two lists, its capture-history table
/// with the lists' names), for the session that made it.
struct Kept {
    user: String,
    csrf: String,
    clusters: Zeroizing<String>,
    capture: Option<KeptCapture>,
    /// The configuration the run used, as a saved-configuration file (column names, roles and
    /// notes; zeroized like the clusters).
    config: Zeroizing<String>,
    until: Instant,
}

/// The capture-history table of a two-list link result, as `/estimate` reads it.
#[derive(Clone)]
pub struct KeptCapture {
    /// The linked lists' file names, to say where the table came from.
    pub lists: Vec<String>,
    /// The table (counts per pattern only: no names, no records).
    pub csv: String,
}

impl ListResults {
    /// Keeps a result for `kept_for`; returns its token.
    fn keep(&self, user: &Authed, run: KeptRun, kept_for: Duration) -> String {
        let KeptRun { clusters, capture, config } = run;
        let token = crate::auth::token();
        let (map, expired) = (self.0.clone(), token.clone());
        tokio::spawn(async move {
            tokio::time::sleep(kept_for).await;
            map.lock().unwrap_or_else(PoisonError::into_inner).remove(&expired);
        });
        let kept = Kept {
            user: user.caller.user.user_id.to_string(),
            csrf: user.csrf.clone(),
            clusters,
            capture,
            config,
            until: Instant::now() + kept_for,
        };
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(token.clone(), kept);
        token
    }

    /// What `take` copies out of the result kept under `token`, if it is this session's (same
    /// user, same sign-in) and not expired.
    fn get<T>(&self, token: &str, user: &Authed, take: impl FnOnce(&Kept) -> T) -> Option<T> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        map.retain(|_, k| k.until > now);
        map.get(token).filter(|k| k.user == user.caller.user.user_id.as_str() && k.csrf == user.csrf).map(take)
    }

    /// How many results are held (for tests of expiry and of what is kept).
    pub fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What one link run leaves for its downloads.
struct KeptRun {
    clusters: Zeroizing<String>,
    capture: Option<KeptCapture>,
    config: Zeroizing<String>,
}

/// `?expired=1` after a download link that no longer works.
#[derive(Deserialize)]
pub struct LinkQuery {
    expired: Option<String>,
}

/// `GET /link`: the upload form.
pub async fn link_page(user: Authed, Query(q): Query<LinkQuery>) -> Response {
    let expired = q.expired.is_some();
    views::lists::link_form(&user, &views::lists::LinkForm::default(), None, expired).into_response()
}

/// The reading of a multipart form: a too-large body or a broken form, said as what it is.
fn multipart_error(state: &AppState) -> impl Fn(axum::extract::multipart::MultipartError) -> WebError + '_ {
    move |e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let max_mib = state.settings.max_upload >> 20;
            let problem = attest_app::ListProblem::UploadTooLarge { max_mib };
            WebError {
                problem: attest_app::Problem::List(Box::new(problem)),
                ..WebError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    Code::TooLarge,
                    format!(
                        "the upload is larger than {max_mib} MiB; use `attest link` or `attest estimate` for larger files"
                    ),
                )
            }
        } else {
            WebError::new(
                StatusCode::BAD_REQUEST,
                Code::MalformedForm,
                format!("the form could not be read: {}", e.body_text()),
            )
        }
    }
}

/// A text field of a multipart form.
fn text_field(name: &str, bytes: &[u8]) -> Result<String, WebError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| WebError::invalid(name, "is not UTF-8 text"))
}

/// The limits of one request: lists no larger than an upload may be, and as many records as
/// link well within the request timeout.
fn limits(state: &AppState) -> ListLimits {
    ListLimits { max_bytes: state.settings.max_upload, ..ListLimits::default() }
}

/// `POST /link` (multipart: `list_a`, optional `list_b`, `id_column`, `threshold`, `links_only`).
pub async fn link(State(state): State<AppState>, user: Authed, mut form: Multipart) -> Result<Response, WebError> {
    // The slot first: an upload waiting for one is not read into memory.
    let slot = state.list_tasks.acquire(user.caller.user.user_id.as_str()).await?;
    let read = read_link_form(&state, &mut form);
    let (lists, config, kept) =
        read_within(state.settings.list_upload_within, read).await.map_err(too_slow_for_a_page)?;
    let config_name = config.as_ref().map(|(name, _)| name.clone());
    let parsed = parse_link_form(&kept, lists, limits(&state));
    let outcome = match parsed {
        // The configuration is read on the blocking thread with the lists.
        Ok(input) => slot.run(move || attest_app::lists::link_lists(with_config(input, config)?)).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(linked) => {
            let capture = linked.capture.as_ref().map(|t| KeptCapture {
                lists: linked.lists.iter().map(|(name, _)| name.clone()).collect(),
                csv: t.csv.clone(),
            });
            let config = Zeroizing::new(attest_app::link_config::to_text(&linked.config)?);
            let run = KeptRun { clusters: linked.clusters_csv.clone(), capture, config };
            let token = state.lists.keep(&user, run, state.settings.list_results_for);
            let page = views::lists::link_result(&user, &linked, &token, config_name.as_deref());
            drop(linked);
            Ok(forgotten(page.into_response()))
        }
        Err(e) if e.code == Code::Invalid => {
            Ok((e.status, views::lists::link_form(&user, &kept, Some(&e), false)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// A saved configuration file's name and bytes, if one was chosen.
type ConfigFile = Option<(String, Zeroizing<Vec<u8>>)>;

/// Reads `/link`'s form: its lists (by field name order), the saved configuration if one was
/// chosen, and its other fields.
async fn read_link_form(
    state: &AppState,
    form: &mut Multipart,
) -> Result<(Vec<UploadedList>, ConfigFile, views::lists::LinkForm), WebError> {
    let bad = multipart_error(state);
    let mut lists: Vec<(String, UploadedList)> = Vec::new();
    let mut config: ConfigFile = None;
    let mut kept = views::lists::LinkForm::default();
    while let Some(mut field) = form.next_field().await.map_err(&bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "list_a" || name == "list_b" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = Zeroizing::new(field.bytes().await.map_err(&bad)?.to_vec());
            // A file input left empty still sends a part, without a name or bytes.
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            let shown = if file_name.is_empty() { name.clone() } else { file_name };
            lists.push((name, UploadedList { name: shown, bytes }));
            continue;
        }
        if name == "config" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = read_capped(&mut field, MAX_CONFIG_BYTES + 1).await.map_err(&bad)?;
            if !(file_name.is_empty() && bytes.is_empty()) {
                config = Some((if file_name.is_empty() { name } else { file_name }, bytes));
            }
            continue;
        }
        let value = text_field(&name, &field.bytes().await.map_err(&bad)?)?;
        match name.as_str() {
            "id_column" => kept.id_column = value,
            "threshold" => kept.threshold = value,
            // A checkbox: sent only when ticked.
            "links_only" => kept.links_only = true,
            _ => {}
        }
    }
    lists.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((lists.into_iter().map(|(_, l)| l).collect(), config, kept))
}

/// At most `cap` bytes of a form's part, read a chunk at a time: what comes past them is never
/// held (the form reader skips the rest of the part at the next one). A saved configuration is
/// read this way, to [`MAX_CONFIG_BYTES`] + 1, so that one past its cap is refused
/// ([`attest_app::link_config::from_upload`]) with no more than that in memory.
async fn read_capped(
    field: &mut axum::extract::multipart::Field<'_>,
    cap: usize,
) -> Result<Zeroizing<Vec<u8>>, axum::extract::multipart::MultipartError> {
    let mut bytes = Zeroizing::new(Vec::new());
    while bytes.len() < cap {
        let Some(chunk) = field.chunk().await? else { break };
        let room = cap - bytes.len();
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok(bytes)
}

/// A file's text, or its refusal naming the file and the line and byte where it stops being
/// UTF-8 (said in the user's language as the CSV reader's own refusal is).
fn utf8_text(name: &str, bytes: &[u8]) -> Result<String, WebError> {
    attest_app::lists::utf8_text(name, bytes).map_err(WebError::from)
}

/// `input` with the saved configuration file read into it, if one was chosen: refused past
/// [`MAX_CONFIG_BYTES`] before it is parsed. The page's file holds at most one byte past the cap
/// ([`read_capped`]); the API's `config` is a JSON string, whole in memory before this check
/// (the 8 MiB body limit bounds it). Called on the list task's blocking thread, as the lists are
/// read there.
fn with_config(mut input: LinkListsInput, config: ConfigFile) -> Result<LinkListsInput, attest_app::AppError> {
    if let Some((name, bytes)) = config {
        let config = attest_app::link_config::from_upload(&name, &bytes)?;
        input.config = Some(SavedConfig { name, config });
    }
    Ok(input)
}

fn parse_link_form(
    form: &views::lists::LinkForm,
    lists: Vec<UploadedList>,
    limits: ListLimits,
) -> Result<LinkListsInput, WebError> {
    if lists.is_empty() {
        // Said with the field's label, as the page shows it, not its form name.
        let e = WebError::invalid("list_a", "");
        let message = "List (CSV): choose a CSV file to deduplicate (and a second one to link)".to_string();
        return Err(WebError { problem: attest_app::Problem::Required, message, ..e });
    }
    let threshold = match form.threshold.trim() {
        "" => None,
        t => Some(t.parse::<f64>().ok().filter(|v| (0.0..=1.0).contains(v)).ok_or_else(|| {
            let t = attest_app::lists::shown(t);
            WebError {
                problem: attest_app::Problem::List(Box::new(attest_app::ListProblem::Threshold { input: t.clone() })),
                ..WebError::invalid("threshold", format!("'{t}' is not a number between 0 and 1"))
            }
        })?),
    };
    let id_column = Some(form.id_column.trim().to_string()).filter(|c| !c.is_empty());
    Ok(LinkListsInput { lists, id_column, threshold, links_only: form.links_only, limits, config: None })
}

/// `?result=TOKEN` of a download.
#[derive(Deserialize)]
pub struct DownloadQuery {
    result: Option<String>,
}

/// `GET /link/clusters.csv?result=TOKEN`: the `record_id,cluster_id` table of this session's
/// link run; once expired, back to the form, which says so.
pub async fn download_clusters(
    State(state): State<AppState>,
    user: Authed,
    Query(q): Query<DownloadQuery>,
) -> Response {
    match q.result.as_deref().and_then(|t| state.lists.get(t, &user, |k| k.clusters.clone())) {
        Some(csv) => csv_download(csv.as_bytes(), "attachment; filename=\"clusters.csv\""),
        None => Redirect::to("/link?expired=1").into_response(),
    }
}

/// `GET /link/config.toml?result=TOKEN`: the configuration this session's link run used, as a
/// saved-configuration file (the format `attest link --config` and this page's configuration
/// field read); once expired, back to the form.
pub async fn download_config(State(state): State<AppState>, user: Authed, Query(q): Query<DownloadQuery>) -> Response {
    match q.result.as_deref().and_then(|t| state.lists.get(t, &user, |k| k.config.clone())) {
        Some(text) => {
            let mut res = download(text.as_bytes(), "attachment; filename=\"link-config.toml\"");
            let toml = HeaderValue::from_static("application/toml; charset=utf-8");
            res.headers_mut().insert(header::CONTENT_TYPE, toml);
            res
        }
        None => Redirect::to("/link?expired=1").into_response(),
    }
}

/// A CSV file to download, not stored by the browser's cache.
fn csv_download(bytes: &[u8], disposition: &'static str) -> Response {
    download(bytes, disposition)
}

/// A file to download (CSV unless the caller says otherwise), not stored by the browser's cache.
fn download(bytes: &[u8], disposition: &'static str) -> Response {
    let mut res = bytes.to_vec().into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(disposition));
    forgotten(res)
}

/// `GET /link/capture.csv?result=TOKEN`: the capture-history table of this session's two-list
/// link run (the format `/estimate` and `attest estimate` read); once expired, or for a
/// one-list run, back to the form.
pub async fn download_capture(State(state): State<AppState>, user: Authed, Query(q): Query<DownloadQuery>) -> Response {
    match q.result.as_deref().and_then(|t| state.lists.get(t, &user, |k| k.capture.clone())).flatten() {
        Some(table) => csv_download(table.csv.as_bytes(), "attachment; filename=\"capture-history.csv\""),
        None => Redirect::to("/link?expired=1").into_response(),
    }
}

/// `GET /estimate`, or `GET /estimate?result=TOKEN` from a link result: the form, with that
/// result's capture-history table filled in (taken from the session's result on the server;
/// the table itself never travels in a URL).
pub async fn estimate_page(State(state): State<AppState>, user: Authed, Query(q): Query<DownloadQuery>) -> Response {
    let mut form = views::lists::EstimateForm::default();
    let mut expired = false;
    if let Some(token) = q.result.as_deref() {
        match state.lists.get(token, &user, |k| k.capture.clone()).flatten() {
            Some(table) => {
                form.text = table.csv;
                form.from_link = Some(table.lists);
            }
            None => expired = true,
        }
    }
    views::lists::estimate_form(&user, &form, None, expired).into_response()
}

/// `POST /estimate` (multipart: a `table` file or pasted `text`, and `method`).
pub async fn estimate(State(state): State<AppState>, user: Authed, mut form: Multipart) -> Result<Response, WebError> {
    let slot = state.list_tasks.acquire(user.caller.user.user_id.as_str()).await?;
    let read = read_estimate_form(&state, &mut form);
    let (file, kept) = read_within(state.settings.list_upload_within, read).await.map_err(too_slow_for_a_page)?;
    let input = match (file, kept.text.trim().is_empty()) {
        // A file that is not UTF-8 is refused on the form, like a table that does not read.
        (Some((name, bytes)), _) => utf8_text(&name, &bytes).map(|text| (name, Zeroizing::new(text))),
        (None, false) => Ok(("text".to_string(), Zeroizing::new(kept.text.clone()))),
        (None, true) => Err(WebError {
            problem: attest_app::Problem::Required,
            message: "Capture-history table: choose a file or paste the table".to_string(),
            ..WebError::invalid("table", "")
        }),
    };
    let outcome = match (input, attest_app::lists::parse_method(&kept.method).map_err(WebError::from)) {
        (Ok((name, table)), Ok(method)) => {
            slot.run(move || attest_app::lists::estimate_table(&EstimateInput { name, table, method })).await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match outcome {
        Ok(estimate) => Ok(views::lists::estimate_result(&user, &kept, &estimate).into_response()),
        Err(e) if e.code == Code::Invalid => {
            Ok((e.status, views::lists::estimate_form(&user, &kept, Some(&e), false)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// A capture-history file's name and bytes, if one was chosen.
type TableFile = Option<(String, Zeroizing<Vec<u8>>)>;

/// Reads `/estimate`'s form: the table file, if any, and the other fields.
async fn read_estimate_form(
    state: &AppState,
    form: &mut Multipart,
) -> Result<(TableFile, views::lists::EstimateForm), WebError> {
    let bad = multipart_error(state);
    let mut file: TableFile = None;
    let mut kept = views::lists::EstimateForm::default();
    while let Some(field) = form.next_field().await.map_err(&bad)? {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().unwrap_or("").to_string();
        let bytes = Zeroizing::new(field.bytes().await.map_err(&bad)?.to_vec());
        match name.as_str() {
            "table" if !(file_name.is_empty() && bytes.is_empty()) => {
                let shown = if file_name.is_empty() { "table".to_string() } else { file_name };
                file = Some((shown, bytes));
            }
            "text" => kept.text = text_field("text", &bytes)?,
            "method" => kept.method = text_field("method", &bytes)?,
            _ => {}
        }
    }
    Ok((file, kept))
}

/// One list in a JSON request: its name (for messages) and its CSV text.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ListText {
    /// A name for messages, such as the file name.
    pub name: String,
    /// The CSV text, header first.
    pub csv: String,
}

/// `POST /api/link`: one list to deduplicate or two to link.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct LinkRequest {
    /// One or two lists with the same header.
    pub lists: Vec<ListText>,
    /// The record-id column (default: the first).
    #[serde(default)]
    pub id_column: Option<String>,
    /// Match probability at or above which pairs are linked (default 0.9). A pair below it
    /// (from 0.4 under it) may still join two clusters on average evidence, when no pair
    /// compared across them is weak (under 0.3 with a field against it) or a decisive
    /// disagreement and their mean is at least 0.2 under the threshold: the answer's
    /// `summary.below_threshold` counts those merges, `below_threshold_pairs` explains the
    /// weakest, and a pair's `cluster` says when one joined it. `links_only` turns that off.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Only links (pairs at or above the threshold) join records: no merges on average evidence
    /// below it (default false).
    #[serde(default)]
    pub links_only: bool,
    /// A saved linkage configuration (the TOML text of `attest link --save-config`, or of a
    /// previous answer's `config`) to link with instead of the inferred one; at most 64 KiB
    /// (checked once the JSON body, bounded by the upload limit, has been read whole).
    #[serde(default)]
    pub config: Option<String>,
}

/// A column with its role, as the API gives it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ColumnAnswer {
    /// The header.
    name: String,
    /// Its role (given_name, surname, full_name, birth_year, ..., id, ignore).
    #[schema(value_type = String)]
    role: attest_app::lists::Role,
    /// Whether its values are Korean.
    korean: bool,
    /// compared, merged, ignored or not_compared.
    used: &'static str,
    /// Why it has this role (the engine's note, in English).
    why: String,
}

/// One list of a link run: its name and number of records.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ListAnswer {
    /// The name given with it.
    name: String,
    /// Records read.
    records: usize,
}

/// `POST /api/link`'s answer: the same run as the page's.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LinkAnswer<'a> {
    /// `dedupe` (one list) or `link` (two).
    mode: &'static str,
    /// The lists, in the order given.
    lists: Vec<ListAnswer>,
    /// Every column with its role and why.
    columns: Vec<ColumnAnswer>,
    /// The engine's summary: records, candidate pairs, links, clusters, `largest_clusters`,
    /// `oversized_clusters` and `oversized_at`, warnings, blocking recall, and
    /// `below_threshold`: the clusters merged on pairs below the threshold (`phase`, `from`,
    /// `mean_at_least`, `merges`, `records` of the clusters they made, `lowest_probability`).
    #[schema(value_type = Object)]
    summary: &'a attest_app::lists::Summary,
    /// Estimated share of true matches among the candidate pairs.
    match_share: f64,
    /// The pairs closest to the threshold, each explained field by field; a pair that cannot be
    /// one person has `cannot_link`, the reason in English, and beside it `cannot_link_fact`,
    /// the same reason as facts (`code`: `sex`, `birth_years_apart` with `years`, or `siblings`
    /// with `family` and `years`).
    #[schema(value_type = Vec<Object>)]
    near_threshold: &'a [attest_app::lists::Explanation],
    /// The merges of groups on pairs below the threshold with the weakest pairs, weakest first,
    /// each explained by its pair: the fields, and in `cluster` the two groups it joined, the
    /// pairs compared across them and their mean.
    #[schema(value_type = Vec<Object>)]
    below_threshold_pairs: &'a [attest_app::lists::Explanation],
    /// `record_id,cluster_id` for every record (a record id beginning like a spreadsheet formula
    /// has a leading apostrophe).
    clusters_csv: &'a str,
    /// The configuration the run used, as a saved-configuration file (TOML), to give back as
    /// `config` or to `attest link --config`.
    config: String,
}

/// `POST /api/link`: the same run as the page, answered at once (nothing is kept on the server).
pub async fn api_link(State(state): State<AppState>, user: Authed, req: Request) -> Result<Response, WebError> {
    // The slot first: a request waiting for one is not read into memory.
    let slot = state.list_tasks.acquire(user.caller.user.user_id.as_str()).await?;
    let read = crate::extract::Body::<LinkRequest>::from_request(req, &state);
    let crate::extract::Body(r) = read_within(state.settings.list_upload_within, read).await?;
    let lists = r
        .lists
        .into_iter()
        .map(|l| UploadedList { name: l.name, bytes: Zeroizing::new(l.csv.into_bytes()) })
        .collect::<Vec<_>>();
    if lists.is_empty() {
        return Err(WebError::invalid("lists", "give one list to deduplicate or two to link"));
    }
    let config: ConfigFile = r.config.map(|text| ("config".to_string(), Zeroizing::new(text.into_bytes())));
    let input = LinkListsInput {
        lists,
        id_column: r.id_column,
        threshold: r.threshold,
        links_only: r.links_only,
        limits: limits(&state),
        config: None,
    };
    // The configuration is read on the blocking thread with the lists, as the page's is.
    let linked = slot.run(move || attest_app::lists::link_lists(with_config(input, config)?)).await?;
    let columns: Vec<ColumnAnswer> = linked
        .columns
        .iter()
        .map(|c| ColumnAnswer {
            name: c.name.clone(),
            role: c.role,
            korean: c.korean,
            used: match c.used {
                attest_app::lists::ColumnUse::Compared => "compared",
                attest_app::lists::ColumnUse::Merged => "merged",
                attest_app::lists::ColumnUse::Ignored => "ignored",
                attest_app::lists::ColumnUse::NotCompared => "not_compared",
            },
            why: c.why.clone(),
        })
        .collect();
    let lists = linked.lists.iter().map(|(name, n)| ListAnswer { name: name.clone(), records: *n }).collect();
    let answer = LinkAnswer {
        mode: linked.mode,
        lists,
        columns,
        summary: &linked.summary,
        match_share: linked.match_share,
        near_threshold: &linked.near_threshold,
        below_threshold_pairs: &linked.below_threshold_pairs,
        clusters_csv: linked.clusters_csv.as_str(),
        config: attest_app::link_config::to_text(&linked.config)?,
    };
    Ok(forgotten(axum::Json(answer).into_response()))
}

/// `POST /api/estimate`: a capture-history table and a method.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct EstimateRequest {
    /// The table as CSV text (one column per list with 0 or 1, and a `count` column).
    pub table: String,
    /// compare (default), chapman, loglinear, dga or lcmcr.
    #[serde(default)]
    pub method: Option<String>,
}

/// `POST /api/estimate`: the estimate as `attest --json estimate` prints it.
pub async fn api_estimate(State(state): State<AppState>, user: Authed, req: Request) -> Result<Response, WebError> {
    let slot = state.list_tasks.acquire(user.caller.user.user_id.as_str()).await?;
    let read = crate::extract::Body::<EstimateRequest>::from_request(req, &state);
    let crate::extract::Body(r) = read_within(state.settings.list_upload_within, read).await?;
    let method = attest_app::lists::parse_method(r.method.as_deref().unwrap_or(""))?;
    let input = EstimateInput { name: "table".into(), table: Zeroizing::new(r.table), method };
    let estimate = slot.run(move || attest_app::lists::estimate_table(&input)).await?;
    Ok(axum::Json(estimate).into_response())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A configuration part of 1 MiB, sent in 16 KiB chunks: `read_capped` keeps the cap's bytes
    /// and stops pulling the body soon after them, not at the end of the part.
    #[tokio::test]
    async fn a_config_part_is_read_to_its_cap_and_no_further() {
        let cap = MAX_CONFIG_BYTES + 1;
        let mut body =
            b"--XcfgX\r\nContent-Disposition: form-data; name=\"config\"; filename=\"big.toml\"\r\n\r\n".to_vec();
        body.extend(std::iter::repeat_n(b'#', 1 << 20));
        body.extend_from_slice(b"\r\n--XcfgX--\r\n");
        let pulled = Arc::new(AtomicUsize::new(0));
        let counter = pulled.clone();
        // Each chunk after the reader has waited once, as from a network: the form reader
        // takes what has arrived, never the rest of the body ahead of it.
        let chunks: std::collections::VecDeque<Vec<u8>> = body.chunks(16 << 10).map(<[u8]>::to_vec).collect();
        let stream = futures_util::stream::unfold(chunks, move |mut chunks| {
            let counter = counter.clone();
            async move {
                tokio::task::yield_now().await;
                let chunk = chunks.pop_front()?;
                counter.fetch_add(chunk.len(), Ordering::SeqCst);
                Some((Ok::<_, std::io::Error>(chunk), chunks))
            }
        });
        let request = Request::builder()
            .method("POST")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XcfgX")
            .body(axum::body::Body::from_stream(stream))
            .unwrap();
        let mut form = Multipart::from_request(request, &()).await.unwrap();
        let mut field = form.next_field().await.unwrap().unwrap();
        let bytes = read_capped(&mut field, cap).await.unwrap();
        assert_eq!(bytes.len(), cap);
        let read = pulled.load(Ordering::SeqCst);
        assert!(read < cap + (64 << 10), "{read} bytes pulled for a cap of {cap}: the part was read on");
        // Under the cap, the whole part.
        let small =
            b"--XcfgX\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\nthreshold = 0.9\r\n--XcfgX--\r\n";
        let request = Request::builder()
            .method("POST")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XcfgX")
            .body(axum::body::Body::from(small.to_vec()))
            .unwrap();
        let mut form = Multipart::from_request(request, &()).await.unwrap();
        let mut field = form.next_field().await.unwrap().unwrap();
        assert_eq!(&read_capped(&mut field, cap).await.unwrap()[..], b"threshold = 0.9");
    }
}
