//! Open-source intake: the main text of a saved web page, its title, author and publication date,
//! with navigation, headers, footers, asides and cookie banners dropped, and injected link spam
//! removed and reported. Pure: bytes in, a document out; no network access, ever.
//!
//! Link spam, as it appears on copied news pages: bare URLs in paragraphs of their own, lists of
//! unrelated domains, and links to copies of the same article on other sites. A link is flagged
//! when its text is itself a URL or domain, or when it sits in a paragraph that is mostly links to
//! other sites. Links to the page's own site and links woven into sentences (a cited report) are
//! kept.

use scraper::{ElementRef, Html, Selector};
use serde::Serialize;

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
    if let Some(korean) = attest_domain::legacy_korean(bytes) {
        return Ok((korean, format!("EUC-KR (the page declared {})", declared.unwrap_or_else(|| "nothing".into()))));
    }
    Err(IntakeError::Charset(format!("the bytes are not valid {} and not EUC-KR", enc.name())))
}

fn sel(s: &str) -> Selector {
    // The selectors are constants of this file; a typo is a bug caught by the tests.
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("*").unwrap_or_else(|_| unreachable!()))
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

fn dropped(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    if DROP.contains(&v.name()) {
        return true;
    }
    let attrs = format!("{} {}", v.attr("class").unwrap_or(""), v.attr("id").unwrap_or("")).to_lowercase();
    DROP_HINTS.iter().any(|h| attrs.contains(h))
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text().collect::<Vec<_>>().join("").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Extracts a page.
pub fn extract(bytes: &[u8], page_url: Option<&str>) -> Result<WebPage, IntakeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IntakeError::Empty);
    }
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(IntakeError::TooLarge(bytes.len()));
    }
    let (html, charset) = decode(bytes)?;
    let doc = Html::parse_document(&html);
    let meta = |name: &str| -> Option<String> {
        doc.select(&sel(&format!("meta[property=\"{name}\"], meta[name=\"{name}\"]")))
            .find_map(|m| m.value().attr("content").map(|c| c.trim().to_string()))
            .filter(|c| !c.is_empty())
    };
    let title = meta("og:title")
        .or_else(|| doc.select(&sel("title")).next().map(text_of).filter(|t| !t.is_empty()))
        .or_else(|| doc.select(&sel("h1")).next().map(text_of));
    let author = meta("author")
        .or_else(|| meta("article:author"))
        .or_else(|| doc.select(&sel(".byline, [rel=author]")).next().map(text_of));
    let published = meta("article:published_time")
        .or_else(|| {
            doc.select(&sel("time[datetime]")).next().and_then(|t| t.value().attr("datetime").map(str::to_string))
        })
        .map(|d| d.chars().take(10).collect());
    let language = doc.select(&sel("html")).next().and_then(|h| h.value().attr("lang").map(str::to_string));
    let page_host = page_url.and_then(host);

    let container = doc
        .select(&sel("article"))
        .next()
        .or_else(|| doc.select(&sel("main, [role=main]")).next())
        .or_else(|| doc.select(&sel("body")).next())
        .ok_or(IntakeError::NoText)?;
    let mut paragraphs = Vec::new();
    let (mut kept, mut flagged) = (Vec::new(), Vec::new());
    for block in container.select(&sel("p, h2, h3, h4, li, blockquote, pre")) {
        if block.ancestors().filter_map(ElementRef::wrap).any(|a| dropped(&a)) || dropped(&block) {
            continue;
        }
        // Nested blocks (a <p> inside a <blockquote>) are read once, at the innermost level.
        if block.select(&sel("p, li")).next().is_some() && block.value().name() != "p" {
            continue;
        }
        let text = text_of(block);
        if text.is_empty() {
            continue;
        }
        let links: Vec<(String, String)> = block
            .select(&sel("a[href]"))
            .map(|a| (a.value().attr("href").unwrap_or("").to_string(), text_of(a)))
            .collect();
        let link_chars: usize = links.iter().map(|(_, t)| t.chars().count()).sum();
        let foreign: Vec<&(String, String)> =
            links.iter().filter(|(h, _)| host(h).is_some_and(|d| Some(&d) != page_host.as_ref())).collect();
        let mostly_links = link_chars * 2 >= text.chars().count() && !foreign.is_empty();
        let bare = looks_like_url(&text);
        if mostly_links || bare {
            flagged.extend(links.iter().map(|(h, _)| h.clone()));
            if links.is_empty() && bare {
                flagged.push(text.clone());
            }
            continue;
        }
        let mut clean = text.clone();
        for (href, anchor) in &links {
            if looks_like_url(anchor) {
                flagged.push(href.clone());
                clean = clean.replace(anchor.as_str(), "").split_whitespace().collect::<Vec<_>>().join(" ");
            } else {
                kept.push(href.clone());
            }
        }
        paragraphs.push(clean);
    }
    let text = paragraphs.join("\n");
    if text.trim().is_empty() {
        return Err(IntakeError::NoText);
    }
    flagged.dedup();
    kept.dedup();
    Ok(WebPage { title, author, published, language, text, links_kept: kept, links_flagged: flagged, charset })
}
