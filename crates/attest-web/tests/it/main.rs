//! attest-web's integration tests: the real router over a real (temporary, encrypted) archive,
//! and (in `browser`) a real server driven by headless Chromium.
#![allow(clippy::unwrap_used, missing_docs)]

mod browser;
mod fixture;
mod robustness;
mod security;

use fixture::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_every_route_every_role_and_a_case_without_membership() {
    let f = Fixture::new(attest_web::Settings::default());
    let mut checked = 0;
    for role in ["admin", "investigator", "analyst", "viewer", "anonymous"] {
        let mut c = if role == "anonymous" { f.anonymous() } else { f.login(role).await };
        for &(method, path, who, _) in attest_web::ROUTES {
            // Signing in and out are exercised in `security`; static files need no rights.
            if path.contains("login") || path.contains("logout") {
                continue;
            }
            for member in [true, false] {
                if !path.contains("{case}") && !member {
                    continue;
                }
                let url = f.fill(path, member);
                let res = f.request(&mut c, method, &url, path).await;
                checked += 1;
                let expect = expected(role, who, member, path);
                assert!(
                    expect.contains(&res.status),
                    "{role} {method} {url} ({who}, member={member}): got {} expected {expect:?}: {}",
                    res.status,
                    res.body.split("role=\"alert\">").nth(1).unwrap_or(&res.body[..res.body.len().min(300)])
                );
                // No sealed value in any response, except a granted reveal's own answer.
                let granted_reveal = path.ends_with("/reveal") && role == "investigator" && member;
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

/// The statuses a role may get on a route, from the route table's "who" column.
fn expected(role: &str, who: &str, member: bool, path: &str) -> Vec<u16> {
    let api = path.starts_with("/api/");
    let ok: Vec<u16> = vec![200, 201, 303];
    let refused = vec![403];
    if who == "anyone" {
        return ok;
    }
    if role == "anonymous" {
        return if api { vec![401] } else { vec![303] };
    }
    if who == "signed in" {
        return ok;
    }
    if who == "admin" {
        return if role == "admin" { ok } else { refused };
    }
    if !member {
        return refused;
    }
    if who == "member" {
        return ok;
    }
    if who == "member, with testimonies grant" {
        // The fixture gives the case key to the investigator and the analyst only.
        return if matches!(role, "investigator" | "analyst") { ok } else { refused };
    }
    let roles = who.trim_start_matches("member: ");
    let allowed = roles.split([',', ' ']).any(|r| r == role);
    if !allowed {
        return refused;
    }
    if who.contains("identity grant") {
        // Only the investigator holds the demo grant; the administrator's role alone opens nothing.
        return if role == "investigator" { ok } else { refused };
    }
    ok
}
