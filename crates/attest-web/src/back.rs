//! Where to send a user back to: the page they were on when they switched language, and the
//! page holding the form when an error page answers it. Only a path on this site is ever used
//! as a redirect target (never an absolute URL, a `//host` or `/\host` one), so the language
//! switch cannot be made into an open redirect. The pages hand the path over themselves (the
//! server sends `Referrer-Policy: no-referrer`, so browsers do not).

use crate::routes::{Method, ROUTES};

/// Longest path kept.
const MAX: usize = 2000;

/// `to` when it is a path on this site, else `/`. Refused: anything not starting with exactly
/// one `/`, a backslash anywhere (browsers read `/\host` as `//host`), control characters and
/// spaces (browsers drop tabs and newlines, so `/\t/host` would become `//host`), and overlong
/// values.
pub fn safe_return(to: Option<&str>) -> String {
    match to {
        Some(t) if is_local_path(t) => t.to_string(),
        _ => "/".to_string(),
    }
}

fn is_local_path(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && t.len() <= MAX
        && !t.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

/// Whether `path` is a page someone can open (a GET route outside `/api` and `/static`).
fn is_page(path: &str) -> bool {
    page_route(path).is_some()
}

/// The template of the page route `path` matches (the one with most literal segments, so
/// `…/testimonies/new` is the form, not a record called `new`).
fn page_route(path: &str) -> Option<&'static str> {
    let segs: Vec<&str> = path.split('/').collect();
    ROUTES
        .iter()
        .filter(|r| {
            r.method == Method::Get
                && !r.path.starts_with("/api/")
                && !r.path.starts_with("/static/")
                && !r.path.starts_with("/lang/")
        })
        .filter_map(|r| {
            let t: Vec<&str> = r.path.split('/').collect();
            let fits = t.len() == segs.len()
                && t.iter().zip(&segs).all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s);
            fits.then(|| (t.iter().filter(|t| !t.starts_with('{')).count(), r.path))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, p)| p)
}

/// The nearest page at or above `path`: a form's own page (`…/testimonies` → `…/testimonies/new`),
/// then each parent in turn, else `/`.
fn nearest_page(path: &str) -> String {
    let with_new = format!("{path}/new");
    if page_route(&with_new).is_some_and(|t| t.ends_with("/new")) {
        return with_new;
    }
    let mut p = path.trim_end_matches('/');
    while !p.is_empty() {
        if is_page(p) {
            return p.to_string();
        }
        p = &p[..p.rfind('/').unwrap_or(0)];
    }
    "/".to_string()
}

/// The page the user was on when they made a request: for a GET, the page itself (with its
/// query); for a POST, the page holding the form (`…/claims` → the reader).
pub fn page_of(method: &axum::http::Method, path_and_query: &str) -> String {
    if method == axum::http::Method::GET {
        return safe_return(Some(path_and_query));
    }
    let path = path_and_query.split('?').next().unwrap_or("/");
    nearest_page(path)
}

/// Where the error page's "back" link leads when the browser cannot go back in its history:
/// for a POST, the form's page; for a GET, the nearest page above the one that failed.
pub fn fallback_of(method: &axum::http::Method, path_and_query: &str) -> String {
    let path = path_and_query.split('?').next().unwrap_or("/");
    if method == axum::http::Method::GET {
        match path.trim_end_matches('/').rfind('/') {
            Some(i) if i > 0 => nearest_page(&path[..i]),
            _ => "/".to_string(),
        }
    } else {
        nearest_page(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method as M;

    #[test]
    fn only_paths_on_this_site_are_kept() {
        for ok in ["/", "/cases/case_1", "/cases/case_1/sources/src_2?x=1#c", "/search?q=%EC%95%84"] {
            assert_eq!(safe_return(Some(ok)), ok);
        }
        for bad in [
            "https://evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            " /cases",
        ] {
            assert_eq!(safe_return(Some(bad)), "/", "{bad:?} must be refused");
        }
        assert_eq!(safe_return(None), "/");
        assert_eq!(safe_return(Some(&format!("/{}", "a".repeat(3000)))), "/");
    }

    #[test]
    fn a_form_error_leads_back_to_the_form_page() {
        let c = "/cases/case_1";
        assert_eq!(page_of(&M::POST, &format!("{c}/sources/src_2/claims")), format!("{c}/sources/src_2"));
        assert_eq!(page_of(&M::POST, &format!("{c}/sources/src_2/originals/0")), format!("{c}/sources/src_2"));
        assert_eq!(page_of(&M::POST, &format!("{c}/testimonies?csrf=x")), format!("{c}/testimonies/new"));
        assert_eq!(page_of(&M::POST, &format!("{c}/witnesses/wit_3/reveal")), format!("{c}/witnesses/wit_3"));
        assert_eq!(page_of(&M::POST, "/admin/users"), "/admin");
        assert_eq!(page_of(&M::POST, "/login"), "/login");
        assert_eq!(page_of(&M::GET, "/search?q=aoji"), "/search?q=aoji");
        assert_eq!(fallback_of(&M::GET, &format!("{c}/sources/src_nope")), c);
        assert_eq!(fallback_of(&M::GET, "/admin"), "/");
        assert_eq!(fallback_of(&M::GET, "/nowhere/at/all"), "/");
    }
}
