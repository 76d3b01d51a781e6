//! A page as a flat tree of elements and text, built from html5ever's tokenizer in linear time.
//!
//! Why not html5ever's own tree builder: for every tag it scans its stack of open elements (for
//! "an element in scope"), so a page of N nested elements costs N² steps; `<div>` ×64,000 took
//! seconds. This builder keeps, for every element name, the stack positions where it is open, so
//! each tag costs O(1) amortised (every element is pushed and popped once) whatever the nesting,
//! and nothing later walks up or down the tree recursively: no depth bound is needed.
//!
//! It follows the HTML rules that matter for reading text (void elements, raw text in `script`,
//! `style` and `title`, a block closing an open `<p>`, `<li>` closing the previous `<li>`, a link
//! closing an open link, the head closed by body content) and no others: intake reads text, it
//! does not render.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Instant;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// One element: its name, attributes and parent (element 0 is the document).
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    parent: usize,
}

/// The page: elements in document order (a parent before its children) and text pieces, each
/// with the element that holds it.
#[derive(Debug)]
pub struct Tree {
    elements: Vec<Element>,
    texts: Vec<(usize, String)>,
    /// The last descendant of each element (elements of a subtree are contiguous).
    subtree_end: Vec<usize>,
    /// Elementary steps taken.
    pub work: u64,
}

impl Tree {
    /// Number of elements, the document included.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    /// True when there is no element besides the document.
    pub fn is_empty(&self) -> bool {
        self.elements.len() <= 1
    }

    /// The element's lowercase name.
    pub fn name(&self, e: usize) -> &str {
        &self.elements[e].name
    }

    /// The element's parent (the document is its own parent).
    pub fn parent(&self, e: usize) -> usize {
        self.elements[e].parent
    }

    /// An attribute's value.
    pub fn attr(&self, e: usize, name: &str) -> Option<&str> {
        self.elements[e].attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Text pieces in document order, with the element holding each.
    pub fn texts(&self) -> impl Iterator<Item = (usize, &str)> {
        self.texts.iter().map(|(e, t)| (*e, t.as_str()))
    }

    /// All text inside an element, whitespace collapsed (one pass over the text pieces).
    pub fn text_of(&self, e: usize) -> String {
        let end = self.subtree_end[e];
        let mut out = String::new();
        for (owner, text) in &self.texts {
            if (e..=end).contains(owner) {
                for word in text.split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            }
        }
        out
    }
}

const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "dd",
    "dt",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "xmp",
];
/// Elements that may stay open in the head.
const HEAD: &[&str] = &["base", "link", "meta", "noscript", "script", "style", "template", "title"];

struct Builder {
    elements: Vec<Element>,
    texts: Vec<(usize, String)>,
    /// Open elements, the document at the bottom.
    stack: Vec<usize>,
    /// For each name, the stack positions where an element of that name is open.
    open: HashMap<String, Vec<usize>>,
    /// The first `<html>`, `<head>` and `<body>`: a second one adds its attributes.
    singletons: HashMap<String, usize>,
    work: u64,
}

impl Builder {
    fn current(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }

    fn nearest(&self, name: &str) -> Option<usize> {
        self.open.get(name).and_then(|p| p.last().copied())
    }

    fn pop(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        if let Some(e) = self.stack.pop()
            && let Some(positions) = self.open.get_mut(&self.elements[e].name)
        {
            positions.pop();
        }
        self.work += 1;
    }

    /// Closes the element open at stack position `at` and everything opened after it.
    fn close_from(&mut self, at: usize) {
        while self.stack.len() > at.max(1) {
            self.pop();
        }
    }

    /// Closes the nearest open `name` if it is nearer than every one of `unless`.
    fn close_nearest(&mut self, name: &str, unless: &[&str]) {
        if let Some(at) = self.nearest(name)
            && unless.iter().filter_map(|u| self.nearest(u)).all(|b| b < at)
        {
            self.close_from(at);
        }
    }

    fn add(&mut self, name: &str, attrs: Vec<(String, String)>) -> usize {
        let e = self.elements.len();
        self.elements.push(Element { name: name.to_string(), attrs, parent: self.current() });
        e
    }

    fn start(&mut self, name: &str, attrs: Vec<(String, String)>, self_closing: bool) -> TokenSinkResult<()> {
        if matches!(name, "html" | "body" | "head")
            && let Some(&existing) = self.singletons.get(name)
        {
            // A second <html> or <body> adds its attributes, as in a browser.
            for (k, v) in attrs {
                if self.elements[existing].attrs.iter().all(|(n, _)| *n != k) {
                    self.elements[existing].attrs.push((k, v));
                }
            }
            return TokenSinkResult::Continue;
        }
        if !HEAD.contains(&name) && name != "html" {
            self.close_nearest("head", &[]);
        }
        if CLOSES_P.contains(&name) {
            self.close_nearest("p", &["button", "table"]);
        }
        match name {
            "li" => self.close_nearest("li", &["ul", "ol", "menu"]),
            "dd" | "dt" => {
                self.close_nearest("dd", &["dl"]);
                self.close_nearest("dt", &["dl"]);
            }
            "tr" => self.close_nearest("tr", &["table"]),
            "td" | "th" => {
                self.close_nearest("td", &["tr", "table"]);
                self.close_nearest("th", &["tr", "table"]);
            }
            "option" => self.close_nearest("option", &["select"]),
            "a" => self.close_nearest("a", &[]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let top = self.current();
                if matches!(self.elements[top].name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    self.pop();
                }
            }
            _ => {}
        }
        let raw = match name {
            "title" | "textarea" => Some(TokenSinkResult::RawData(RawKind::Rcdata)),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(TokenSinkResult::RawData(RawKind::Rawtext))
            }
            "script" => Some(TokenSinkResult::RawData(RawKind::ScriptData)),
            "plaintext" => Some(TokenSinkResult::Plaintext),
            _ => None,
        };
        let foreign = self.nearest("svg").is_some() || self.nearest("math").is_some();
        if VOID.contains(&name) || (self_closing && foreign) {
            self.add(name, attrs);
            return TokenSinkResult::Continue;
        }
        let e = self.add(name, attrs);
        if matches!(name, "html" | "body" | "head") {
            self.singletons.insert(name.to_string(), e);
        }
        self.open.entry(name.to_string()).or_default().push(self.stack.len());
        self.stack.push(e);
        raw.unwrap_or(TokenSinkResult::Continue)
    }

    fn end(&mut self, name: &str) {
        if matches!(name, "html" | "body") {
            return;
        }
        if let Some(at) = self.nearest(name) {
            self.close_from(at);
        }
    }

    fn text(&mut self, text: &str) {
        let owner = self.current();
        match self.texts.last_mut() {
            // Adjacent pieces of the same element with no element between them are one piece.
            Some((last, piece)) if *last == owner && self.elements.len() - 1 <= owner => piece.push_str(text),
            _ => self.texts.push((owner, text.to_string())),
        }
    }
}

struct Sink(RefCell<Builder>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut b = self.0.borrow_mut();
        b.work += 1;
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        let attrs =
                            tag.attrs.into_iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                        b.start(&name, attrs, tag.self_closing)
                    }
                    TagKind::EndTag => {
                        b.end(&name);
                        TokenSinkResult::Continue
                    }
                }
            }
            Token::CharacterTokens(text) => {
                b.text(&text);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Reads `html` into a [`Tree`]; `None` when `deadline` passes first. The text is fed to the
/// tokenizer in chunks so the deadline is checked while reading.
pub fn build_tree(html: &str, deadline: Instant) -> Option<Tree> {
    let builder = Builder {
        elements: vec![Element { name: "#document".into(), attrs: Vec::new(), parent: 0 }],
        texts: Vec::new(),
        stack: vec![0],
        open: HashMap::new(),
        singletons: HashMap::new(),
        work: 0,
    };
    let tokenizer = Tokenizer::new(Sink(RefCell::new(builder)), TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(64 * 1024);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        queue.push_back(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
        let _ = tokenizer.feed(&queue);
        if Instant::now() > deadline {
            return None;
        }
    }
    tokenizer.end();
    let b = tokenizer.sink.0.into_inner();
    let mut subtree_end: Vec<usize> = (0..b.elements.len()).collect();
    for e in (1..b.elements.len()).rev() {
        let parent = b.elements[e].parent;
        subtree_end[parent] = subtree_end[parent].max(subtree_end[e]);
    }
    let work = b.work + b.elements.len() as u64 + b.texts.len() as u64;
    Some(Tree { elements: b.elements, texts: b.texts, subtree_end, work })
}
