//! The route table: every route's method, path, access rule, summary and handler, and for the
//! JSON API its request and response types. The router is built from it (each route mounted
//! behind the guard of its own access rule), the OpenAPI document is generated from it (schemas
//! from the types), and the authorization-matrix test walks it, so the three cannot drift apart.

use attest_app::access::{ANALYSTS, REVEALERS, WRITERS};
use attest_app::{Access, Grant};
use attest_domain::Role;
use axum::Router;
use axum::middleware;
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use crate::auth::SESSION_COOKIE;
use crate::handlers::{account, admin, assets, cases, corroboration, lists, search, signin, sources, witnesses};
use crate::{AppState, access};

/// Named schemas collected for the OpenAPI document.
pub type Schemas = Vec<(String, RefOr<Schema>)>;
/// Adds a type's schema (and those it refers to) and returns its name.
pub type SchemaFn = fn(&mut Schemas) -> String;

fn schema<T: utoipa::ToSchema>(out: &mut Schemas) -> String {
    T::schemas(out);
    out.push((T::name().into_owned(), T::schema()));
    T::name().into_owned()
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET: reads only.
    Get,
    /// POST: changes something (CSRF token required).
    Post,
}

impl Method {
    /// As written in HTTP.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One row of the table.
pub struct Route {
    /// Method.
    pub method: Method,
    /// Path template (`{case}`, `{source}`, `{witness}`, `{user}`, `{n}` are typed ids or numbers).
    pub path: &'static str,
    /// Who may use it (enforced by the guard the route is mounted behind).
    pub access: Access,
    /// What it does.
    pub summary: &'static str,
    /// The handler, as a method router.
    pub handler: fn() -> MethodRouter<AppState>,
    /// JSON request body (API routes).
    pub request: Option<SchemaFn>,
    /// JSON response body (API routes); `None` with [`Route::binary`] for a file.
    pub response: Option<SchemaFn>,
    /// Query parameters: name and whether required.
    pub query: &'static [(&'static str, bool)],
    /// Answers 201 Created (else 200).
    pub created: bool,
    /// Answers with a file's bytes.
    pub binary: bool,
}

impl Route {
    const fn page(
        method: Method,
        path: &'static str,
        access: Access,
        summary: &'static str,
        handler: fn() -> MethodRouter<AppState>,
    ) -> Route {
        Route {
            method,
            path,
            access,
            summary,
            handler,
            request: None,
            response: None,
            query: &[],
            created: false,
            binary: false,
        }
    }
    const fn api(
        method: Method,
        path: &'static str,
        access: Access,
        summary: &'static str,
        handler: fn() -> MethodRouter<AppState>,
        request: Option<SchemaFn>,
        response: Option<SchemaFn>,
    ) -> Route {
        Route { method, path, access, summary, handler, request, response, query: &[], created: false, binary: false }
    }
    const fn created(mut self) -> Route {
        self.created = true;
        self
    }
    const fn binary(mut self) -> Route {
        self.binary = true;
        self
    }
    const fn query(mut self, q: &'static [(&'static str, bool)]) -> Route {
        self.query = q;
        self
    }
    /// Whether it is a JSON API route.
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

use Access::{Admin, Anyone, Member, MemberWithGrant, MemberWithRole, SignedIn};
use Method::{Get, Post};

const ADD_TESTIMONIES: Access = MemberWithRole(WRITERS, "add testimonies");
const ADD_CLAIMS: Access = MemberWithRole(ANALYSTS, "add claims");
const OPEN_ORIGINALS: Access = MemberWithGrant(&Role::EVERY, Grant::Testimonies);
const DECIDE: Access = MemberWithRole(ANALYSTS, "decide corroboration review items");
const REVEAL: Access = MemberWithGrant(REVEALERS, Grant::Identities);
const LINK_LISTS: Access = Access::SignedInWithRole(ANALYSTS, "link or estimate lists");

/// Every route.
pub static ROUTES: &[Route] = &[
    // Sign-in and the interface.
    Route::page(Get, "/login", Anyone, "Sign-in form", || get(signin::login_form)),
    Route::page(Post, "/login", Anyone, "Sign in", || post(signin::login)),
    Route::page(Get, "/login/invitation", Anyone, "Accept an invitation: the form", || get(account::accept_form)),
    Route::page(Post, "/login/invitation", Anyone, "Accept an invitation: one's own password and keys", || {
        post(account::accept)
    }),
    Route::page(Post, "/logout", SignedIn, "Sign out", || post(signin::logout)),
    // The user's own account.
    Route::page(Get, "/account", SignedIn, "My account: password and keys", || get(account::account)),
    Route::page(Post, "/account/password", SignedIn, "Change my password", || post(account::change_password)),
    Route::page(Post, "/account/keys", SignedIn, "Make me new keys (grants moved to them)", || {
        post(account::rotate_keys)
    }),
    Route::page(Get, "/lang/{lang}", Anyone, "Interface in Korean (ko) or English (en)", || get(signin::set_lang)),
    Route::page(Get, "/static/app.css", Anyone, "Style sheet", || get(assets::css)),
    Route::page(Get, "/static/app.js", Anyone, "The one script: selection to claim span", || get(assets::js)),
    // Cases.
    Route::page(Get, "/", SignedIn, "The user's cases", || get(cases::cases_page)),
    Route::page(Get, "/cases/{case}", Member, "Case overview", || get(cases::overview_page)),
    Route::page(Get, "/cases/{case}/names", Member, "People and places with their spellings", || {
        get(cases::names_page)
    }),
    // Corroboration.
    Route::page(
        Get,
        "/cases/{case}/corroboration",
        Member,
        "Corroboration findings, review items and conditions",
        || get(corroboration::corroboration_page),
    ),
    Route::page(
        Post,
        "/cases/{case}/corroboration/decisions",
        DECIDE,
        "Decide a review item or a possibly same event",
        || post(corroboration::decide),
    ),
    Route::page(
        Post,
        "/cases/{case}/corroboration/policy",
        DECIDE,
        "Set the case's policy for Admiralty F and 6",
        || post(corroboration::set_policy),
    ),
    Route::page(
        Post,
        "/cases/{case}/claims/{claim}/assessment",
        ADD_CLAIMS,
        "Record a claim's basis of knowledge and grade",
        || post(corroboration::assess_claim),
    ),
    // Sources and claims.
    Route::page(Get, "/cases/{case}/testimonies/new", ADD_TESTIMONIES, "Testimony form", || {
        get(sources::testimony_form)
    }),
    Route::page(Post, "/cases/{case}/testimonies", ADD_TESTIMONIES, "Add a testimony", || post(sources::add_testimony)),
    Route::page(Get, "/cases/{case}/sources/{source}", Member, "Testimony reader", || get(sources::reader_page)),
    Route::page(Post, "/cases/{case}/sources/{source}/claims", ADD_CLAIMS, "Add a claim", || post(sources::add_claim)),
    Route::page(Post, "/cases/{case}/sources/{source}/originals/{n}", OPEN_ORIGINALS, "Open an original file", || {
        post(sources::open_original)
    }),
    // Witnesses and reveal.
    Route::page(Get, "/cases/{case}/witnesses/{witness}", Member, "Witness page", || get(witnesses::witness_page)),
    Route::page(Post, "/cases/{case}/witnesses/{witness}/reveal", REVEAL, "Reveal", || post(witnesses::reveal_page)),
    // Search.
    Route::page(Get, "/search", SignedIn, "Search the user's cases", || get(search::search_page)),
    // Administration.
    Route::page(Get, "/admin", Admin, "Users, cases, audit log, verification", || get(admin::admin_page)),
    Route::page(Post, "/admin/users", Admin, "Invite a user (shows a one-time code)", || post(admin::add_user)),
    Route::page(Get, "/admin/users/{user}/reset", Admin, "Reset a user: the confirmation", || get(admin::reset_form)),
    Route::page(
        Post,
        "/admin/users/{user}/reset",
        Admin,
        "Reset a user: a new invitation, old keys and grants deleted",
        || post(admin::reset),
    ),
    Route::page(Post, "/admin/members", Admin, "Add a user to a case", || post(admin::add_member)),
    // Lists: linking and estimation, outside any case; the lists are never stored.
    Route::page(Get, "/link", LINK_LISTS, "Link lists: the upload form", || get(lists::link_page)),
    Route::page(Post, "/link", LINK_LISTS, "Deduplicate one uploaded list or link two (held in memory only)", || {
        post(lists::link)
    }),
    Route::page(
        Get,
        "/link/clusters.csv",
        LINK_LISTS,
        "Download this session's link result (record_id,cluster_id)",
        || get(lists::download_clusters),
    )
    .query(&[("result", true)]),
    Route::page(
        Get,
        "/link/capture.csv",
        LINK_LISTS,
        "Download this session's two-list link result as a capture-history table (one column per list, count)",
        || get(lists::download_capture),
    )
    .query(&[("result", true)]),
    Route::page(
        Get,
        "/link/config.toml",
        LINK_LISTS,
        "Download the configuration this session's link run used (the file the form's configuration field and attest link --config read)",
        || get(lists::download_config),
    )
    .query(&[("result", true)]),
    Route::page(
        Get,
        "/estimate",
        LINK_LISTS,
        "Estimate: the capture-history form (with ?result=, filled in from this session's link result)",
        || get(lists::estimate_page),
    )
    .query(&[("result", false)]),
    Route::page(Post, "/estimate", LINK_LISTS, "Estimate how many were never documented", || post(lists::estimate)),
    // The JSON API.
    Route::api(
        Post,
        "/api/login",
        Anyone,
        "Sign in; returns the CSRF token",
        || post(signin::api_login),
        Some(schema::<attest_app::input::LoginForm>),
        Some(schema::<signin::LoginAnswer>),
    ),
    Route::api(
        Post,
        "/api/login/invitation",
        Anyone,
        "Accept an invitation: name, one-time code, one's own password (twice); then sign in",
        || post(account::api_accept),
        Some(schema::<attest_app::account::AcceptForm>),
        Some(schema::<account::Accepted>),
    ),
    Route::api(
        Post,
        "/api/account/password",
        SignedIn,
        "Change my password (current, new twice)",
        || post(account::api_change_password),
        Some(schema::<attest_app::account::PasswordChangeForm>),
        Some(schema::<account::PasswordChanged>),
    ),
    Route::api(
        Post,
        "/api/account/keys",
        SignedIn,
        "Make me new keys; returns the fingerprint for the keyholder",
        || post(account::api_rotate_keys),
        Some(schema::<attest_app::input::PasswordForm>),
        Some(schema::<account::KeysMade>),
    ),
    Route::api(
        Post,
        "/api/logout",
        SignedIn,
        "Sign out",
        || post(signin::api_logout),
        None,
        Some(schema::<signin::SignedOut>),
    ),
    Route::api(
        Get,
        "/api/cases",
        SignedIn,
        "The user's cases",
        || get(cases::api_cases),
        None,
        Some(schema::<cases::MyCases>),
    ),
    Route::api(
        Get,
        "/api/cases/{case}",
        Member,
        "Case overview",
        || get(cases::api_overview),
        None,
        Some(schema::<attest_app::cases::Overview>),
    ),
    Route::api(
        Get,
        "/api/cases/{case}/names",
        Member,
        "People and places",
        || get(cases::api_names),
        None,
        Some(schema::<attest_app::cases::Names>),
    ),
    Route::api(
        Get,
        "/api/cases/{case}/corroboration",
        Member,
        "Corroboration findings per event and claim (English and Korean), review items and conditions",
        || get(corroboration::api_corroboration),
        None,
        Some(schema::<corroboration::CorroborationReport>),
    ),
    Route::api(
        Post,
        "/api/cases/{case}/testimonies",
        ADD_TESTIMONIES,
        "Add a testimony",
        || post(sources::api_add_testimony),
        Some(schema::<attest_app::input::TestimonyForm>),
        Some(schema::<sources::SourceAdded>),
    )
    .created(),
    Route::api(
        Get,
        "/api/cases/{case}/sources/{source}",
        Member,
        "A source with its text and claims",
        || get(sources::api_reader),
        None,
        Some(schema::<attest_app::sources::Reader>),
    ),
    Route::api(
        Post,
        "/api/cases/{case}/sources/{source}/claims",
        ADD_CLAIMS,
        "Add a claim",
        || post(sources::api_add_claim),
        Some(schema::<attest_app::input::ClaimForm>),
        Some(schema::<sources::ClaimAdded>),
    )
    .created(),
    Route::api(
        Post,
        "/api/cases/{case}/sources/{source}/originals/{n}",
        OPEN_ORIGINALS,
        "Open an original file",
        || post(sources::api_open_original),
        Some(schema::<attest_app::input::PasswordForm>),
        None,
    )
    .binary(),
    Route::api(
        Get,
        "/api/cases/{case}/witnesses/{witness}",
        Member,
        "A witness (pseudonym and consent)",
        || get(witnesses::api_witness),
        None,
        Some(schema::<attest_app::witnesses::WitnessPage>),
    ),
    Route::api(
        Post,
        "/api/cases/{case}/witnesses/{witness}/reveal",
        REVEAL,
        "Reveal",
        || post(witnesses::api_reveal),
        Some(schema::<attest_app::input::RevealForm>),
        Some(schema::<witnesses::Revealed<'static>>),
    ),
    Route::api(
        Get,
        "/api/search",
        SignedIn,
        "Search the user's cases",
        || get(search::api_search),
        None,
        Some(schema::<attest_app::search::SearchPage>),
    )
    .query(&[("q", true), ("case", false)]),
    Route::api(
        Get,
        "/api/admin",
        Admin,
        "Users, cases, audit log, verification",
        || get(admin::api_admin),
        None,
        Some(schema::<attest_app::admin::AdminPage>),
    ),
    Route::api(
        Post,
        "/api/admin/users",
        Admin,
        "Invite a user; the one-time code is in this answer only",
        || post(admin::api_invite),
        Some(schema::<attest_app::account::InviteForm>),
        Some(schema::<admin::InvitationIssued<'static>>),
    )
    .created(),
    Route::api(
        Post,
        "/api/admin/users/{user}/reset",
        Admin,
        "Reset a user: a new invitation; old keys, grants and sessions end",
        || post(admin::api_reset),
        Some(schema::<attest_app::account::ResetForm>),
        Some(schema::<admin::InvitationIssued<'static>>),
    ),
    Route::api(
        Post,
        "/api/link",
        LINK_LISTS,
        "Deduplicate one list or link two; answers with the groups (nothing is kept on the server)",
        || post(lists::api_link),
        Some(schema::<lists::LinkRequest>),
        Some(schema::<lists::LinkAnswer<'static>>),
    ),
    Route::api(
        Post,
        "/api/estimate",
        LINK_LISTS,
        "Estimate how many were never documented, from a capture-history table",
        || post(lists::api_estimate),
        Some(schema::<lists::EstimateRequest>),
        Some(schema::<attest_estimate::Estimate>),
    ),
    Route::api(
        Get,
        "/api/openapi.json",
        Anyone,
        "This API's OpenAPI document",
        || get(assets::openapi_json),
        None,
        None,
    ),
];

/// The routes of the table, each mounted behind the guard of its access rule.
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    for r in ROUTES {
        let guarded =
            (r.handler)().route_layer(middleware::from_fn_with_state((state.clone(), r.access), access::guard));
        router = router.route(r.path, guarded);
    }
    router.fallback(assets::not_found)
}

/// The OpenAPI 3.1 document for the `/api` routes of [`ROUTES`], with request and response
/// schemas generated from their types.
pub fn openapi() -> Value {
    let mut schemas: Schemas = Vec::new();
    let mut paths = serde_json::Map::new();
    for r in ROUTES.iter().filter(|r| r.is_api()) {
        let mut params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| {
                let ty =
                    if name == "n" { json!({ "type": "integer", "minimum": 0 }) } else { json!({ "type": "string" }) };
                json!({ "name": name, "in": "path", "required": true, "schema": ty })
            })
            .collect();
        for (name, required) in r.query {
            params.push(json!({ "name": name, "in": "query", "required": required, "schema": { "type": "string" } }));
        }
        if r.method == Method::Post && !r.path.starts_with("/api/login") {
            params.push(
                json!({ "name": "X-CSRF-Token", "in": "header", "required": true, "schema": { "type": "string" } }),
            );
        }
        let ok = if r.binary {
            json!({ "description": "The file", "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } })
        } else {
            match r.response.map(|f| f(&mut schemas)) {
                Some(name) => json!({ "description": "OK", "content": { "application/json": {
                    "schema": { "$ref": format!("#/components/schemas/{name}") } } } }),
                None => {
                    json!({ "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } })
                }
            }
        };
        let mut responses = serde_json::Map::new();
        responses.insert((if r.created { "201" } else { "200" }).to_string(), ok);
        responses.insert(
            "4XX".to_string(),
            json!({ "description": "Error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }),
        );
        let mut op = json!({
            "summary": r.summary,
            "description": format!("Who: {}.", r.access.describe()),
            "operationId": operation_id(r),
            "parameters": params,
            "responses": responses,
        });
        if r.access == Access::Anyone {
            op["security"] = json!([]);
        }
        if let Some(name) = r.request.map(|f| f(&mut schemas)) {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": {
                "schema": { "$ref": format!("#/components/schemas/{name}") } } } });
        }
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        entry[r.method.as_str().to_lowercase()] = op;
    }
    let mut components = serde_json::Map::new();
    for (name, s) in schemas {
        components.insert(name, serde_json::to_value(s).unwrap_or(Value::Null));
    }
    components.insert(
        "Error".into(),
        json!({ "type": "object", "required": ["error"], "properties": { "error": { "type": "object",
            "required": ["code", "message"], "properties": {
            "code": { "type": "string", "description": "Stable code: invalid, not_found, forbidden, wrong_password, unauthenticated, bad_login, rate_limited, csrf, too_large, too_slow, malformed_json, busy, timeout, internal" },
            "message": { "type": "string" } } } } }),
    );
    json!({
        "openapi": "3.1.0",
        "info": { "title": "attest workspace API", "version": env!("CARGO_PKG_VERSION") },
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": SESSION_COOKIE } },
            "schemas": components,
        },
        "security": [{ "session": [] }],
        "paths": paths,
    })
}

/// `getApiCasesCaseSources…`: a stable id from method and path.
fn operation_id(r: &Route) -> String {
    let mut id = r.method.as_str().to_lowercase();
    for seg in r.path.split('/').skip(2) {
        let seg = seg.trim_matches(|c| c == '{' || c == '}');
        for part in seg.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
            let mut cs = part.chars();
            if let Some(first) = cs.next() {
                id.push(first.to_ascii_uppercase());
                id.extend(cs);
            }
        }
    }
    id
}
