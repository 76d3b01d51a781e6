//! Printing: one JSON object on stdout with `--json`, readable text otherwise. Errors go to stderr
//! as text, and with `--json` also as `{"error": {...}}` on stdout with a stable code.

use attest_store::{
    ActRecord, CaseRecord, ClaimRecord, LogEntry, SourceRecord, StoreError, VerifyReport, WitnessRecord,
};
use serde_json::{Value, json};

pub struct Out {
    pub json: bool,
}

impl Out {
    pub fn print(&self, value: &Value, text: impl FnOnce() -> String) {
        use std::io::Write;
        // A closed pipe (`attest ... | head`) is not an error worth a panic.
        let mut stdout = std::io::stdout().lock();
        let _ = if self.json { writeln!(stdout, "{value}") } else { writeln!(stdout, "{}", text()) };
    }

    pub fn error(&self, e: &anyhow::Error) {
        let message = format!("{e:#}");
        eprintln!("attest: error: {message}");
        if self.json {
            println!("{}", json!({ "error": { "code": code(e), "message": message } }));
        }
    }
}

fn code(e: &anyhow::Error) -> &'static str {
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<StoreError>() {
            return match s {
                StoreError::AlreadyExists(_) => "already_exists",
                StoreError::NotAnArchive(..) => "not_an_archive",
                StoreError::NotFound { .. } => "not_found",
                StoreError::Invalid { .. } => "invalid",
                StoreError::Forbidden { .. } => "forbidden",
                StoreError::Custody(_) => "key_custody",
                StoreError::Vault(attest_vault::VaultError::WrongPassphrase) => "wrong_passphrase",
                StoreError::Vault(_) | StoreError::KeyFile { .. } => "key_problem",
                StoreError::Io { .. } => "io",
                StoreError::Db(_) => "database",
            };
        }
        if cause.downcast_ref::<attest_vault::VaultError>().is_some() {
            return "passphrase";
        }
    }
    "invalid"
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("-")
}

pub fn case_text(c: &CaseRecord) -> String {
    format!(
        "{}  {}\n  created {}\n  {} witnesses, {} sources, {} claims",
        c.case_id, c.title, c.created_at, c.witnesses, c.sources, c.claims
    )
}

pub fn cases_table(v: &[CaseRecord]) -> String {
    let mut s = format!("{:<22} {:>9} {:>8} {:>7}  TITLE", "CASE", "WITNESSES", "SOURCES", "CLAIMS");
    for c in v {
        s.push_str(&format!("\n{:<22} {:>9} {:>8} {:>7}  {}", c.case_id, c.witnesses, c.sources, c.claims, c.title));
    }
    s
}

pub fn witness_text(w: &WitnessRecord) -> String {
    format!(
        "{}  {}\n  case {}\n  consent: {}\n  sealed: {} (reveal with `attest witness reveal`)\n  testimonies: {}",
        w.witness_id,
        w.pseudonym,
        w.case_id,
        w.consent,
        w.sealed_fields.join(", "),
        w.testimonies
    )
}

pub fn witnesses_table(v: &[WitnessRecord]) -> String {
    let mut s = format!("{:<21} {:<24} {:<18} {:>11}", "WITNESS", "PSEUDONYM", "CONSENT", "TESTIMONIES");
    for w in v {
        s.push_str(&format!("\n{:<21} {:<24} {:<18} {:>11}", w.witness_id, w.pseudonym, w.consent, w.testimonies));
    }
    s
}

pub fn source_text(x: &SourceRecord) -> String {
    let mut s = format!(
        "{}  {} by {} ({})\n  case {}\n  language {}, interviewed {}, interviewer {}, reliability {}\n  {} characters, read as {}, sha256 {}",
        x.source_id,
        x.kind,
        opt(&x.witness_pseudonym),
        opt(&x.witness_id),
        x.case_id,
        opt(&x.language),
        x.interviewed.as_ref().map(|d| d.edtf.as_str()).unwrap_or("-"),
        opt(&x.interviewer),
        opt(&x.reliability),
        x.text_chars,
        x.encoding,
        x.text_sha256
    );
    for o in &x.originals {
        s.push_str(&format!("\n  original ({}): {} ({} bytes, sha256 {})", o.role, o.file_name, o.bytes, o.sha256));
    }
    if let Some(t) = &x.text {
        s.push_str("\n\n");
        s.push_str(t);
    }
    s
}

pub fn sources_table(v: &[SourceRecord]) -> String {
    let mut s =
        format!("{:<21} {:<10} {:<20} {:<4} {:>7} {:>6}", "SOURCE", "KIND", "WITNESS", "LANG", "CHARS", "CLAIMS");
    for x in v {
        s.push_str(&format!(
            "\n{:<21} {:<10} {:<20} {:<4} {:>7} {:>6}",
            x.source_id,
            x.kind,
            opt(&x.witness_pseudonym),
            opt(&x.language),
            x.text_chars,
            x.claims
        ));
    }
    s
}

pub fn claim_text(c: &ClaimRecord) -> String {
    let mut s = format!("{}  {} (source {}, span {})\n  «{}»", c.claim_id, c.act, c.source_id, c.span, c.passage);
    if let Some(p) = &c.place {
        s.push_str(&format!("\n  place: {p}"));
    }
    if let Some(w) = &c.when {
        let range = match (w.earliest, w.latest) {
            (Some(a), Some(b)) => format!("{} to {}", a.iso(), b.iso()),
            (Some(a), None) => format!("from {}", a.iso()),
            (None, Some(b)) => format!("until {}", b.iso()),
            _ => String::new(),
        };
        s.push_str(&format!("\n  when: {} ({range})", w.edtf));
    }
    if let Some(n) = &c.count {
        let high = n.high.map(|h| h.to_string()).unwrap_or_else(|| "no upper bound".into());
        s.push_str(&format!("\n  count: {} (between {} and {high})", n.text, n.low));
    }
    if let Some(v) = &c.victim {
        s.push_str(&format!("\n  victim: {v}"));
    }
    if let Some(p) = &c.perpetrator {
        s.push_str(&format!("\n  perpetrator: {p}"));
    }
    s
}

pub fn claims_table(v: &[ClaimRecord]) -> String {
    let mut s = format!("{:<21} {:<24} {:<12} {:<20}  PASSAGE", "CLAIM", "ACT", "WHEN", "PLACE");
    for c in v {
        let passage: String = c.passage.chars().take(50).collect();
        s.push_str(&format!(
            "\n{:<21} {:<24} {:<12} {:<20}  {}",
            c.claim_id,
            c.act,
            c.when.as_ref().map(|w| w.edtf.as_str()).unwrap_or("-"),
            opt(&c.place),
            passage
        ));
    }
    s
}

pub fn acts_table(v: &[ActRecord]) -> String {
    let mut s = String::from("ACT                       LABEL");
    for a in v {
        s.push_str(&format!("\n{:<25} {}{}", a.act, a.label, if a.built_in { "" } else { " (added)" }));
    }
    s
}

pub fn log_table(v: &[LogEntry]) -> String {
    let mut s = format!("{:>5} {:<20} {:<12} {:<16} {:<22} HASH", "SEQ", "AT", "ACTOR", "ACTION", "RECORD");
    for e in v {
        s.push_str(&format!(
            "\n{:>5} {:<20} {:<12} {:<16} {:<22} {}",
            e.seq,
            e.at,
            e.actor,
            e.action,
            e.record_id,
            &e.entry_hash[..16]
        ));
    }
    s
}

pub fn verify_text(r: &VerifyReport) -> String {
    let mut s = if r.ok {
        "OK: archive verified.".to_string()
    } else {
        format!("NOT OK: {} problem(s) found.", r.problems.len())
    };
    for p in &r.problems {
        s.push_str(&format!("\n  [{}] {}", p.kind, p.message));
    }
    s.push_str(&format!(
        "\n  {} log entries chained; head {}\n  {} sources and {} originals ({} bytes) checked against their intake hashes",
        r.log_entries, r.log_head, r.sources_checked, r.originals_checked, r.original_bytes
    ));
    s
}

/// Used by `demo` for its summary of claims by act.
pub fn count_by<'a>(items: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut m: std::collections::BTreeMap<String, usize> = Default::default();
    for i in items {
        *m.entry(i.to_string()).or_default() += 1;
    }
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}
