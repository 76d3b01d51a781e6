//! Open-source intake: the main text of a saved web page, its title, author and publication date,
//! with navigation, headers, footers, asides and cookie banners dropped, and injected link spam
//! removed and reported. Pure: bytes in, a document out; no network access, ever.
//!
//! Link spam, as it appears on copied news pages: bare URLs in paragraphs of their own, lists of
//! unrelated domains, and links to copies of the same article on other sites. A link is flagged
//! when its text is itself a URL or domain, or when it sits in a paragraph that is mostly links to
//! other sites. Links to the page's own site and links woven into sentences (a cited report) are
//! kept.
//!
//! Hostile pages: the page is read by html5ever's tokenizer into a flat tree of our own
//! ([`tree`]), built with O(1) amortised work per tag, and every later step is a single pass over
//! that tree's arrays (no recursion, no walk up to the ancestors of each block), so the work is
//! linear in the size of the page whatever its nesting. A browser-grade tree
//! builder (html5ever's, used through `scraper` before) scans its stack of open elements for
//! every tag, which made 64,000 nested `<div>`s take seconds and 200,000 over a minute. A time
//! budget ([`Limits::time_budget`]) stops a page that is still too slow.

pub mod tree;

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::tree::{Tree, build_tree};

/// Largest page accepted.
pub const MAX_PAGE_BYTES: usize = 20 * 1024 * 1024;

/// What was read from a page.
#[derive(Debug, Clone, Serialize)]
pub struct WebPage {
    /// Title (og:title, then <title>, then the first <h1>).
    pub title: Option<String>,
    /// Author, from the page's metadata or byline.
    pub author: Option<String>,
    /// Publication date as the page gives it (ISO 8601 date part).
    pub published: Option<String>,
    /// Language (<html lang>).
    pub language: Option<String>,
    /// The main text, one paragraph per line.
    pub text: String,
    /// Links kept in the text.
    pub links_kept: Vec<String>,
    /// Links removed as spam.
    pub links_flagged: Vec<String>,
    /// How the bytes were decoded, and any repair.
    pub charset: String,
    /// Elementary steps taken (tokens, tree operations, nodes and text pieces visited): linear in
    /// the page's size, whatever its nesting; reported so tests can hold the reader to that.
    #[serde(skip)]
    pub work: u64,
}

/// Bounds on reading one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time after which reading stops with [`IntakeError::TimeBudget`].
    pub time_budget: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { time_budget: Duration::from_secs(30) }
    }
}

/// Why a page was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    /// Nothing there.
    #[error("the page is empty")]
    Empty,
    /// Too big to be a page.
    #[error("the page is {0} bytes; pages over {MAX_PAGE_BYTES} bytes are refused")]
    TooLarge(usize),
    /// No main text found.
    #[error("no main text found (only navigation, scripts or markup)")]
    NoText,
    /// Bytes that no declared or detected charset decodes.
    #[error("cannot decode the page: {0}")]
    Charset(String),
    /// Reading took longer than the time budget.
    #[error("reading the page took longer than its time budget of {0:?}; refused")]
    TimeBudget(Duration),
}

fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let at = head.find("charset=")?;
    let rest = head[at + 8..].trim_start_matches(['"', '\'']);
    let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect();
    (!name.is_empty()).then_some(name)
}

/// Decodes page bytes: BOM, then the declared charset; a page declared UTF-8 that is not (a common
/// fault of copied Korean pages) is tried as EUC-KR/CP949 and the repair is reported.
pub fn decode(bytes: &[u8]) -> Result<(String, String), IntakeError> {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = enc.decode(bytes);
        return if bad {
            Err(IntakeError::Charset(format!("invalid {} after its byte-order mark", enc.name())))
        } else {
            Ok((text.into_owned(), enc.name().to_string()))
        };
    }
    let declared = declared_charset(bytes);
    let enc =
        declared.as_deref().and_then(|d| encoding_rs::Encoding::for_label(d.as_bytes())).unwrap_or(encoding_rs::UTF_8);
    let (text, _, bad) = enc.decode(bytes);
    if !bad {
        return Ok((text.into_owned(), enc.name().to_string()));
    }
    let (korean, _, korean_bad) = encoding_rs::EUC_KR.decode(bytes);
    if !korean_bad && korean.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        return Ok((
            korean.into_owned(),
            format!("EUC-KR (the page declared {})", declared.unwrap_or_else(|| "nothing".into())),
        ));
    }
    Err(IntakeError::Charset(format!("the bytes are not valid {} and not EUC-KR", enc.name())))
}

fn host(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let h = rest.split(['/', '?', '#']).next()?.to_lowercase();
    Some(h.trim_start_matches("www.").to_string())
}

fn looks_like_url(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.starts_with("http://")
        || t.starts_with("https://")
        || t.starts_with("www.")
        || (!t.contains(' ')
            && t.contains('.')
            && t.rsplit('.')
                .next()
                .is_some_and(|tld| (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic())))
}

const DROP: &[&str] =
    &["nav", "header", "footer", "aside", "script", "style", "noscript", "form", "iframe", "button", "svg"];
const DROP_HINTS: &[&str] = &[
    "cookie",
    "consent",
    "banner",
    "navbar",
    "menu",
    "footer",
    "sidebar",
    "share",
    "social",
    "newsletter",
    "advert",
    "promo",
    "breadcrumb",
];
/// The elements read as paragraphs.
const BLOCKS: &[&str] = &["p", "h2", "h3", "h4", "li", "blockquote", "pre"];

fn dropped(tree: &Tree, e: usize) -> bool {
    if DROP.contains(&tree.name(e)) {
        return true;
    }
    let attrs = format!("{} {}", tree.attr(e, "class").unwrap_or(""), tree.attr(e, "id").unwrap_or("")).to_lowercase();
    DROP_HINTS.iter().any(|h| attrs.contains(h))
}

fn normalise(pieces: &[&str]) -> String {
    let joined: String = pieces.concat();
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Extracts a page with the default [`Limits`].
pub fn extract(bytes: &[u8], page_url: Option<&str>) -> Result<WebPage, IntakeError> {
    extract_with(bytes, page_url, Limits::default())
}

/// Extracts a page within `limits`.
pub fn extract_with(bytes: &[u8], page_url: Option<&str>, limits: Limits) -> Result<WebPage, IntakeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IntakeError::Empty);
    }
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(IntakeError::TooLarge(bytes.len()));
    }
    let deadline = Instant::now() + limits.time_budget;
    let (html, charset) = decode(bytes)?;
    let tree = build_tree(&html, deadline).ok_or(IntakeError::TimeBudget(limits.time_budget))?;
    let mut work = tree.work;
    let n = tree.len();

    // One pass in document order (a parent always precedes its children) gives every element its
    // innermost block, its innermost link, and whether it sits inside dropped markup.
    let mut block_of = vec![usize::MAX; n];
    let mut anchor_of = vec![usize::MAX; n];
    let mut is_dropped = vec![false; n];
    for e in 1..n {
        let parent = tree.parent(e);
        let name = tree.name(e);
        block_of[e] = if BLOCKS.contains(&name) { e } else { block_of[parent] };
        anchor_of[e] = if name == "a" && tree.attr(e, "href").is_some() { e } else { anchor_of[parent] };
        is_dropped[e] = is_dropped[parent] || dropped(&tree, e);
    }
    // One pass backwards: which elements hold a <p> or <li> (read at the innermost level instead).
    let mut holds_paragraph = vec![false; n];
    for e in (1..n).rev() {
        if holds_paragraph[e] || matches!(tree.name(e), "p" | "li") {
            holds_paragraph[tree.parent(e)] = true;
        }
    }
    work += 2 * n as u64;

    let first = |wanted: &dyn Fn(usize) -> bool| (1..n).find(|&e| wanted(e));
    let meta = |name: &str| -> Option<String> {
        (1..n)
            .filter(|&e| tree.name(e) == "meta")
            .filter(|&e| tree.attr(e, "property") == Some(name) || tree.attr(e, "name") == Some(name))
            .find_map(|e| tree.attr(e, "content").map(|c| c.trim().to_string()))
            .filter(|c| !c.is_empty())
    };
    let title = meta("og:title")
        .or_else(|| first(&|e| tree.name(e) == "title").map(|e| tree.text_of(e)).filter(|t| !t.is_empty()))
        .or_else(|| first(&|e| tree.name(e) == "h1").map(|e| tree.text_of(e)));
    let author = meta("author").or_else(|| meta("article:author")).or_else(|| {
        first(&|e| {
            tree.attr(e, "class").is_some_and(|c| c.split_ascii_whitespace().any(|c| c == "byline"))
                || tree.attr(e, "rel") == Some("author")
        })
        .map(|e| tree.text_of(e))
    });
    let published = meta("article:published_time")
        .or_else(|| {
            first(&|e| tree.name(e) == "time" && tree.attr(e, "datetime").is_some())
                .and_then(|e| tree.attr(e, "datetime").map(str::to_string))
        })
        .map(|d| d.chars().take(10).collect());
    let language = first(&|e| tree.name(e) == "html").and_then(|e| tree.attr(e, "lang").map(str::to_string));
    let page_host = page_url.and_then(host);
    work += 8 * n as u64;

    let container = first(&|e| tree.name(e) == "article")
        .or_else(|| first(&|e| tree.name(e) == "main" || tree.attr(e, "role") == Some("main")))
        .or_else(|| first(&|e| tree.name(e) == "body"))
        .unwrap_or(0);
    let mut inside = vec![false; n];
    inside[container] = true;
    for e in container + 1..n {
        inside[e] = inside[tree.parent(e)];
    }
    let read =
        |b: usize| b != usize::MAX && inside[b] && !is_dropped[b] && (tree.name(b) == "p" || !holds_paragraph[b]);

    // Each text piece belongs to its innermost block and innermost link, so it is visited once.
    let mut pieces: Vec<Vec<(usize, &str)>> = vec![Vec::new(); n];
    let mut anchor_text: Vec<Vec<&str>> = vec![Vec::new(); n];
    for (owner, text) in tree.texts() {
        work += 1;
        if is_dropped[owner] {
            continue;
        }
        let block = block_of[owner];
        if read(block) {
            pieces[block].push((anchor_of[owner], text));
        }
        if anchor_of[owner] != usize::MAX {
            anchor_text[anchor_of[owner]].push(text);
        }
    }
    let mut links_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in 1..n {
        if anchor_of[e] == e && !is_dropped[e] && read(block_of[e]) {
            links_of[block_of[e]].push(e);
        }
    }
    if Instant::now() > deadline {
        return Err(IntakeError::TimeBudget(limits.time_budget));
    }

    let mut paragraphs = Vec::new();
    let (mut kept, mut flagged) = (Vec::new(), Vec::new());
    let mut is_spam = vec![false; n];
    for block in (1..n).filter(|&b| read(b)) {
        work += 1 + pieces[block].len() as u64 + links_of[block].len() as u64;
        let text = normalise(&pieces[block].iter().map(|(_, t)| *t).collect::<Vec<_>>());
        if text.is_empty() {
            continue;
        }
        let links: Vec<(usize, String, String)> = links_of[block]
            .iter()
            .map(|&a| (a, tree.attr(a, "href").unwrap_or("").to_string(), normalise(&anchor_text[a])))
            .collect();
        let link_chars: usize = links.iter().map(|(_, _, t)| t.chars().count()).sum();
        let foreign = links.iter().any(|(_, h, _)| host(h).is_some_and(|d| Some(&d) != page_host.as_ref()));
        let mostly_links = link_chars * 2 >= text.chars().count() && foreign;
        let bare = looks_like_url(&text);
        if mostly_links || bare {
            flagged.extend(links.iter().map(|(_, h, _)| h.clone()));
            if links.is_empty() && bare {
                flagged.push(text.clone());
            }
            continue;
        }
        let mut any_spam = false;
        for (a, href, anchor) in &links {
            if looks_like_url(anchor) {
                flagged.push(href.clone());
                is_spam[*a] = true;
                any_spam = true;
            } else {
                kept.push(href.clone());
            }
        }
        let clean = if any_spam {
            let clean_pieces = pieces[block].iter().filter(|(a, _)| *a == usize::MAX || !is_spam[*a]);
            normalise(&clean_pieces.map(|(_, t)| *t).collect::<Vec<_>>())
        } else {
            text
        };
        if !clean.is_empty() {
            paragraphs.push(clean);
        }
    }
    let text = paragraphs.join("\n");
    if text.trim().is_empty() {
        return Err(IntakeError::NoText);
    }
    flagged.dedup();
    kept.dedup();
    Ok(WebPage { title, author, published, language, text, links_kept: kept, links_flagged: flagged, charset, work })
}
