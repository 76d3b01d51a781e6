//! Sources and claims: adding a testimony (as the keyholder, or as a workspace user whose grant
//! seals its file), taking in documents and saved web pages, the reader of one source, opening
//! an original through a user's grant, and adding a claim on a passage.

use attest_domain::{CaseId, DecodedText, Reliability, SourceEncoding, SourceId, UncertainDate, parse_language};
use attest_store::{
    Archive, ClaimDraft, ClaimRecord, NewDocument, NewTestimony, OriginalFile, OriginalRecord, SourceRecord,
};
use attest_vault::Passphrase;
use serde::Serialize;

use crate::access::{Caller, Grant};
use crate::error::{AppError, Result};
use crate::input::{ClaimInput, Evidence, TestimonyInput};

/// A testimony added.
#[derive(Debug, Clone, Serialize)]
pub struct AddedSource {
    /// Its id.
    pub source_id: SourceId,
    /// Characters of text.
    pub text_chars: usize,
    /// How the text was read.
    pub encoding: SourceEncoding,
    /// Whether the text was normalised to NFC.
    pub normalized_nfc: bool,
}

fn added(source_id: SourceId, (text_chars, encoding, normalized_nfc): (usize, SourceEncoding, bool)) -> AddedSource {
    AddedSource { source_id, text_chars, encoding, normalized_nfc }
}

fn summary(text: &DecodedText) -> (usize, SourceEncoding, bool) {
    (text.text.chars().count(), text.encoding, text.normalized)
}

/// Refuses a witness of another case.
fn witness_in_case(a: &Archive, t: &NewTestimony) -> Result<()> {
    let w = a.get_witness(t.witness_id.as_str())?;
    if w.case_id != t.case_id {
        return Err(AppError::not_found("witness", &t.witness_id));
    }
    Ok(())
}

/// Adds a testimony as the archive's keyholder (files sealed with the case key it holds).
pub fn add_testimony(a: &mut Archive, t: NewTestimony) -> Result<AddedSource> {
    witness_in_case(a, &t)?;
    let summary = summary(&t.text);
    let (id, _) = a.add_testimony(t, Vec::new())?;
    Ok(added(id, summary))
}

/// Adds a testimony from the workspace. A file is sealed with the case key that the caller's
/// testimonies grant opens, so it needs that grant and the caller's password; a pasted text needs
/// neither.
pub fn add_testimony_as(a: &mut Archive, caller: &Caller, case: &CaseId, t: TestimonyInput) -> Result<SourceId> {
    let with_file = t.file.is_some();
    if with_file && !caller.holds(Grant::Testimonies, case) {
        return Err(AppError::Forbidden(format!(
            "{} has no testimonies grant for case {case}: a file is sealed with the case key the grant holds; paste the text instead",
            caller.user.name
        )));
    }
    let password = match (with_file, t.password) {
        (true, Some(p)) => Some(p),
        (true, None) => {
            return Err(AppError::invalid("password", "give your password to seal the file with the case key"));
        }
        (false, _) => None,
    };
    let nt = NewTestimony {
        case_id: case.clone(),
        witness_id: t.witness,
        text: t.text,
        transcript_file: t.file,
        original: None,
        language: t.language,
        interviewed: t.interviewed,
        interviewer: t.interviewer,
        reliability: t.reliability,
    };
    witness_in_case(a, &nt)?;
    let (id, _) = match &password {
        Some(p) => {
            a.add_testimony_as(caller.user.user_id.as_str(), p, nt, Vec::new()).map_err(AppError::with_user_password)?
        }
        None => a.add_testimony(nt, Vec::new())?,
    };
    Ok(id)
}

/// A document or saved web page to take in.
pub struct DocumentInput {
    /// The case.
    pub case: CaseId,
    /// The file as received.
    pub file: OriginalFile,
    /// Where it was found.
    pub url: Option<String>,
    /// Author or outlet.
    pub author: Option<String>,
    /// Title (else the first line of a text, or the page's own).
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<UncertainDate>,
    /// When a web page was saved, as given.
    pub fetched_at: Option<String>,
    /// ISO 639 language.
    pub language: Option<String>,
    /// Admiralty grade.
    pub reliability: Option<Reliability>,
}

/// A document taken in.
#[derive(Debug, Clone, Serialize)]
pub struct AddedDocument {
    /// Its id.
    pub source_id: SourceId,
    /// Title.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Publication date as found.
    pub published: Option<String>,
    /// Characters of text.
    pub text_chars: usize,
    /// Links kept (web pages).
    pub links_kept: Vec<String>,
    /// Links flagged as spam (web pages).
    pub links_flagged: Vec<String>,
    /// The charset a web page was read as.
    pub charset: Option<String>,
}

/// Takes in a saved web page: main text, metadata and links; the page kept as the original.
pub fn intake_web(a: &mut Archive, d: DocumentInput) -> Result<AddedDocument> {
    let name = d.file.file_name.clone();
    let page =
        attest_intake::extract(&d.file.bytes, d.url.as_deref()).map_err(|e| AppError::invalid(name.clone(), e))?;
    let published = page.published.as_deref().and_then(|p| UncertainDate::parse(p).ok());
    let language = page.language.as_deref().and_then(|l| parse_language(l.split('-').next().unwrap_or(l)).ok());
    let text = crate::input::transcript(&name, page.text.as_bytes())?;
    let text_chars = text.text.chars().count();
    let source_id = a.add_document(NewDocument {
        case_id: d.case,
        kind: "web",
        text,
        file: d.file,
        title: page.title.clone(),
        url: d.url,
        author: page.author.clone(),
        published,
        fetched_at: d.fetched_at,
        language,
        reliability: d.reliability,
    })?;
    Ok(AddedDocument {
        source_id,
        title: page.title,
        author: page.author,
        published: page.published,
        text_chars,
        links_kept: page.links_kept,
        links_flagged: page.links_flagged,
        charset: Some(page.charset),
    })
}

/// Takes in a text document; its title is the given one or its first line.
pub fn intake_text(a: &mut Archive, d: DocumentInput) -> Result<AddedDocument> {
    let text = crate::input::transcript(&d.file.file_name, &d.file.bytes)?;
    let title = d
        .title
        .clone()
        .or_else(|| text.text.lines().map(str::trim).find(|l| !l.is_empty()).map(|l| l.chars().take(200).collect()));
    let text_chars = text.text.chars().count();
    let source_id = a.add_document(NewDocument {
        case_id: d.case,
        kind: "text",
        text,
        file: d.file,
        title: title.clone(),
        url: d.url,
        author: d.author.clone(),
        published: d.published,
        fetched_at: None,
        language: d.language,
        reliability: d.reliability,
    })?;
    Ok(AddedDocument {
        source_id,
        title,
        author: d.author,
        published: None,
        text_chars,
        links_kept: Vec::new(),
        links_flagged: Vec::new(),
        charset: None,
    })
}

/// A source of `case`, or "not found" (a source of another case is not found either).
pub fn source_in_case(a: &Archive, case: &CaseId, source: &SourceId) -> Result<SourceRecord> {
    let s = a.get_source(source.as_str())?;
    if s.case_id != *case {
        return Err(AppError::not_found("source", source));
    }
    Ok(s)
}

/// A testimony or document with its claims.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reader {
    /// The source, with its text.
    pub source: SourceRecord,
    /// Its claims in text order.
    pub claims: Vec<ClaimRecord>,
    /// The act vocabulary, for the claim form.
    pub acts: Vec<String>,
}

/// The reader of one source of `case`.
pub fn reader(a: &Archive, case: &CaseId, source: &SourceId) -> Result<Reader> {
    let s = source_in_case(a, case, source)?;
    let claims = a.list_source_claims(source.as_str())?;
    let acts = a.list_acts()?.into_iter().map(|x| x.act).collect();
    Ok(Reader { source: s, claims, acts })
}

/// A piece of a text and the claims whose passage covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The text.
    pub text: &'a str,
    /// Claims covering it (empty: plain text).
    pub claims: Vec<&'a str>,
}

/// Cuts `text` at every claim boundary (spans count characters), so each piece is covered by
/// the same claims throughout: overlapping claims stay visible.
pub fn segments<'a>(text: &'a str, claims: &'a [ClaimRecord]) -> Vec<Segment<'a>> {
    let mut cuts: Vec<usize> = vec![0];
    for c in claims {
        cuts.push(c.span.start);
        cuts.push(c.span.end);
    }
    let chars = text.chars().count();
    cuts.push(chars);
    cuts.retain(|&x| x <= chars);
    cuts.sort_unstable();
    cuts.dedup();
    // Character index to byte offset, once.
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    cuts.windows(2)
        .map(|w| Segment {
            text: &text[byte_at[w[0]]..byte_at[w[1]]],
            claims: claims
                .iter()
                .filter(|c| c.span.start <= w[0] && w[1] <= c.span.end)
                .map(|c| c.claim_id.as_str())
                .collect(),
        })
        .collect()
}

/// An original file, opened.
pub struct OpenedOriginal {
    /// The file's record.
    pub record: OriginalRecord,
    /// Its bytes (zeroized when dropped).
    pub bytes: zeroize::Zeroizing<Vec<u8>>,
}

impl OpenedOriginal {
    /// The file name, reduced to characters safe in a `Content-Disposition` header.
    pub fn safe_file_name(&self) -> String {
        self.record
            .file_name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' })
            .collect()
    }
}

/// Opens the `n`-th original of a source through the caller's testimonies grant (logged).
pub fn open_original_as(
    a: &mut Archive,
    caller: &Caller,
    password: &Passphrase,
    case: &CaseId,
    source: &SourceId,
    n: usize,
) -> Result<OpenedOriginal> {
    caller.need_grant(Grant::Testimonies, case)?;
    source_in_case(a, case, source)?;
    let (record, bytes) = a
        .open_original_as(caller.user.user_id.as_str(), password, source.as_str(), n)
        .map_err(AppError::with_user_password)?;
    Ok(OpenedOriginal { record, bytes })
}

/// The span a claim covers: the given one (checked against the passage), or the first place the
/// passage occurs.
fn claim_span(text: &str, evidence: &Evidence) -> Result<attest_domain::Span> {
    match evidence {
        Evidence::Span(span) => Ok(*span),
        Evidence::SpanWithPassage(span, p) => {
            let found = span.passage(text).map_err(|e| AppError::invalid("span", e))?;
            if found.trim() != p {
                return Err(AppError::invalid("passage", "does not match the selected span; select it again"));
            }
            Ok(*span)
        }
        Evidence::Passage(p) => {
            let byte = text.find(p.as_str()).ok_or_else(|| AppError::invalid("passage", "is not in the text"))?;
            let start = text[..byte].chars().count();
            attest_domain::Span::new(start, start + p.chars().count()).map_err(|e| AppError::invalid("passage", e))
        }
    }
}

/// Adds a claim on a passage of a source; with `case`, the source must belong to it. Returns the
/// stored claim (with the passage its span covers).
pub fn add_claim(a: &mut Archive, case: Option<&CaseId>, source: &SourceId, c: ClaimInput) -> Result<ClaimRecord> {
    let s = match case {
        Some(case) => source_in_case(a, case, source)?,
        None => a.get_source(source.as_str())?,
    };
    let span = claim_span(s.text.as_deref().unwrap_or(""), &c.evidence)?;
    let draft = ClaimDraft {
        span,
        act: c.act,
        place: c.place,
        when: c.when,
        count: c.count,
        victim: c.victim,
        perpetrator: c.perpetrator,
    };
    let id = a.add_assessed_claim(source, draft, &c.assessment)?;
    Ok(a.get_claim(id.as_str())?)
}

/// Records (or replaces) a claim's basis of knowledge and information grade; with `case`, the
/// claim must belong to it. Returns the claim as stored.
pub fn assess_claim(
    a: &mut Archive,
    case: Option<&CaseId>,
    claim: &attest_domain::ClaimId,
    assessment: &attest_store::ClaimAssessment,
) -> Result<ClaimRecord> {
    let record = a.get_claim(claim.as_str())?;
    if let Some(case) = case
        && record.case_id != *case
    {
        return Err(attest_store::StoreError::NotFound { kind: "claim", id: claim.to_string() }.into());
    }
    a.set_claim_assessment(claim, assessment)?;
    Ok(a.get_claim(claim.as_str())?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use attest_domain::Span;

    fn claim(id: u8, start: usize, end: usize) -> ClaimRecord {
        ClaimRecord {
            claim_id: attest_domain::ClaimId::from_random([id; 10]),
            source_id: SourceId::from_random([0; 10]),
            case_id: CaseId::from_random([0; 10]),
            act: "forced-labour".into(),
            span: Span { start, end },
            passage: String::new(),
            place: None,
            when: None,
            count: None,
            victim: None,
            perpetrator: None,
            created_at: String::new(),
            basis: None,
            basis_from: None,
            information: None,
        }
    }

    #[test]
    fn segments_cut_at_every_boundary_and_keep_overlaps() {
        let text = "아오지 탄광에서 일했다";
        let claims = [claim(1, 0, 3), claim(2, 2, 6)];
        let (a, b) = (claims[0].claim_id.as_str(), claims[1].claim_id.as_str());
        let segs = segments(text, &claims);
        let joined: String = segs.iter().map(|s| s.text).collect();
        assert_eq!(joined, text);
        let shown: Vec<(&str, Vec<&str>)> = segs.iter().map(|s| (s.text, s.claims.clone())).collect();
        assert_eq!(shown, vec![("아오", vec![a]), ("지", vec![a, b]), (" 탄광", vec![b]), ("에서 일했다", vec![])]);
    }
}
