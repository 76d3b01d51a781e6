//! Benchmark: reading hostile pages of deeply nested elements (see BENCHMARKS.md).
//!
//! `cargo run --release -p attest-intake --example nest_probe -- 200000 div`
#![allow(clippy::unwrap_used)]

use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let tag = std::env::args().nth(2).unwrap_or_else(|| "div".into());
    let page = format!(
        "<html><body><article>{}<p>deep text here</p>{}</article></body></html>",
        format!("<{tag}>").repeat(n),
        format!("</{tag}>").repeat(n)
    );
    let t = Instant::now();
    let r = attest_intake::extract(page.as_bytes(), None).unwrap();
    println!(
        "{tag} x{n}: {} bytes, {:?}, work {} ({:.1} per byte), {} characters of text",
        page.len(),
        t.elapsed(),
        r.work,
        r.work as f64 / page.len() as f64,
        r.text.chars().count()
    );
}
