//! attest-web's integration tests: the real router over a real (temporary, encrypted) archive,
//! and (in `browser`) a real server driven by headless Chromium.
#![allow(clippy::unwrap_used, missing_docs)]

mod browser;
mod browser_lists;
mod corroboration;
mod enrol;
mod fixture;
mod list_refusals;
mod list_words;
mod lists;
mod openapi;
mod robustness;
mod security;
mod ux;

use attest_app::{Access, Grant};
use attest_domain::Role;
use fixture::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_every_route_every_role_and_a_case_without_membership() {
    let f = Fixture::new(attest_web::Settings::default());
    let mut checked = 0;
    for role in ["admin", "investigator", "analyst", "viewer", "anonymous"] {
        let mut c = if role == "anonymous" { f.anonymous() } else { f.login(role).await };
        for route in attest_web::ROUTES {
            let (method, path, who) = (route.method.as_str(), route.path, route.access);
            // Signing in and out are exercised in `security`; static files need no rights.
            if path.contains("login") || path.contains("logout") {
                continue;
            }
            for member in [true, false] {
                if !path.contains("{case}") && !member {
                    continue;
                }
                let url = f.fill(path, member);
                let mut res = f.request(&mut c, method, &url, path).await;
                checked += 1;
                let expect = expected(role, who, member, path);
                let who = who.describe();
                assert!(
                    expect.contains(&res.status),
                    "{role} {method} {url} ({who}, member={member}): got {} expected {expect:?}: {}",
                    res.status,
                    res.body.split("role=\"alert\">").nth(1).unwrap_or(&res.body[..res.body.len().min(300)])
                );
                // No sealed value in any response, except a granted reveal's own answer (the
                // page's after its redirect: Post/Redirect/Get).
                let granted_reveal = path.ends_with("/reveal") && role == "investigator" && member;
                if granted_reveal && !path.starts_with("/api/") {
                    let location = res.headers["location"].to_str().unwrap().to_string();
                    assert!(location.contains("?shown="), "{location}");
                    res = f.send(&mut c, "GET", &location, None, &[]).await;
                }
                for secret in SEALED {
                    if granted_reveal && f.revealable.contains(secret) {
                        assert!(res.body.contains(secret), "the granted reveal must show the name: {}", res.body);
                        continue;
                    }
                    assert!(!res.body.contains(secret), "{role} {method} {url} leaked a sealed value");
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// The statuses a role may get on a route, from the route table's access rule.
fn expected(role: &str, who: Access, member: bool, path: &str) -> Vec<u16> {
    let api = path.starts_with("/api/");
    let ok: Vec<u16> = vec![200, 201, 303];
    let refused = vec![403];
    if who == Access::Anyone {
        return ok;
    }
    if role == "anonymous" {
        return if api { vec![401] } else { vec![303] };
    }
    let role = Role::parse(role).unwrap();
    match who {
        Access::Anyone | Access::SignedIn => ok,
        Access::Admin => {
            if role == Role::Admin {
                ok
            } else {
                refused
            }
        }
        Access::SignedInWithRole(roles, _) => {
            if roles.contains(&role) {
                ok
            } else {
                refused
            }
        }
        _ if !member => refused,
        Access::Member => ok,
        Access::MemberWithRole(roles, _) => {
            if roles.contains(&role) {
                ok
            } else {
                refused
            }
        }
        // The fixture gives the case key to the investigator and the analyst only.
        Access::MemberWithGrant(roles, Grant::Testimonies) => {
            if roles.contains(&role) && matches!(role, Role::Investigator | Role::Analyst) { ok } else { refused }
        }
        // Only the investigator holds the demo grant; the administrator's role alone opens nothing.
        Access::MemberWithGrant(roles, Grant::Identities) => {
            if roles.contains(&role) && role == Role::Investigator {
                ok
            } else {
                refused
            }
        }
    }
}
