//! `attest source add testimony` and `attest intake web|text`: files read, arguments parsed into
//! domain types, then one application call each.

use anyhow::{Context, Result, bail};
use attest_app::sources::{AddedDocument, DocumentInput};
use attest_domain::{CaseId, Reliability, UncertainDate, WitnessId, decode_transcript, parse_language};
use attest_store::NewTestimony;
use serde_json::json;

use super::{open, opt, read_file};
use crate::args::{Cli, IntakeCmd, SourceCmd};
use crate::output::Out;

/// Runs `source add`.
pub fn run_source(cli: &Cli, out: &Out, cmd: &SourceCmd) -> Result<()> {
    let SourceCmd::Add { kind, case, witness, file, original, language, interviewed, interviewer, reliability } = cmd;
    if kind != "testimony" {
        bail!("source kind '{kind}': only 'testimony' can be added for now");
    }
    let case_id = CaseId::parse(case).context("--case")?;
    let witness_id = WitnessId::parse(witness).context("--witness")?;
    let language = opt(language, "--language", parse_language)?;
    let interviewed = opt(interviewed, "--interviewed", UncertainDate::parse)?;
    let reliability = opt(reliability, "--reliability", Reliability::parse)?;
    let transcript = read_file(file, "--file")?;
    let text = decode_transcript(&transcript.bytes).with_context(|| format!("--file {}", file.display()))?;
    let original = original.as_deref().map(|p| read_file(p, "--original")).transpose()?;
    let added = attest_app::sources::add_testimony(
        &mut open(cli)?,
        NewTestimony {
            case_id,
            witness_id,
            text,
            transcript_file: Some(transcript),
            original,
            language,
            interviewed,
            interviewer: interviewer.clone(),
            reliability,
        },
    )?;
    let (id, chars, encoding, normalized) = (&added.source_id, added.text_chars, added.encoding, added.normalized_nfc);
    out.print(
        &json!({ "source_id": id, "text_chars": chars, "encoding": encoding, "normalized_nfc": normalized }),
        || {
            let mut s = format!("Added testimony {id} ({chars} characters, read as {encoding:?})");
            if normalized {
                s.push_str(
                    "\nNote: the text was normalised to Unicode NFC; count span offsets in `attest show source`.",
                );
            }
            s
        },
    );
    Ok(())
}

/// Runs `intake web` or `intake text`.
pub fn run_intake(cli: &Cli, out: &Out, cmd: &IntakeCmd) -> Result<()> {
    match cmd {
        IntakeCmd::Web { file, case, url, fetched_at, reliability } => {
            let input = DocumentInput {
                case: CaseId::parse(case).context("--case")?,
                reliability: opt(reliability, "--reliability", Reliability::parse)?,
                file: read_file(file, "file")?,
                url: url.clone(),
                author: None,
                title: None,
                published: None,
                fetched_at: fetched_at.clone(),
                language: None,
            };
            let d: AddedDocument = attest_app::sources::intake_web(&mut open(cli)?, input)
                .with_context(|| format!("{}", file.display()))?;
            out.print(
                &json!({
                    "source_id": d.source_id, "title": d.title, "author": d.author, "published": d.published,
                    "text_chars": d.text_chars, "links_kept": d.links_kept, "links_flagged": d.links_flagged,
                    "charset": d.charset, "fetched_at": fetched_at,
                }),
                || {
                    format!(
                        "Added web source {}: {} ({} characters; {} links kept, {} flagged as spam; read as {})",
                        d.source_id,
                        d.title.as_deref().unwrap_or("-"),
                        d.text_chars,
                        d.links_kept.len(),
                        d.links_flagged.len(),
                        d.charset.as_deref().unwrap_or("-")
                    )
                },
            );
        }
        IntakeCmd::Text { file, case, title, url, author, published, language, reliability } => {
            let input = DocumentInput {
                case: CaseId::parse(case).context("--case")?,
                published: opt(published, "--published", UncertainDate::parse)?,
                language: opt(language, "--language", parse_language)?,
                reliability: opt(reliability, "--reliability", Reliability::parse)?,
                file: read_file(file, "file")?,
                title: title.clone(),
                url: url.clone(),
                author: author.clone(),
                fetched_at: None,
            };
            let d = attest_app::sources::intake_text(&mut open(cli)?, input)
                .with_context(|| format!("{}", file.display()))?;
            out.print(
                &json!({ "source_id": d.source_id, "title": d.title, "text_chars": d.text_chars, "links_kept": [], "links_flagged": [] }),
                || format!("Added text source {} ({} characters): {}", d.source_id, d.text_chars, d.title.as_deref().unwrap_or("-")),
            );
        }
    }
    Ok(())
}
