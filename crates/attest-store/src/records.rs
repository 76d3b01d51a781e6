//! What goes into the archive (`New…`) and what comes out (`…Record`). Output records hold
//! pseudonyms and the names of sealed fields, never sealed values; only [`RevealedWitness`]
//! carries those, in zeroizing [`SecretText`].

use attest_domain::{
    CaseId, ClaimId, Consent, DecodedText, Pseudonym, Reliability, SourceId, Span, UncertainCount, UncertainDate,
    WitnessId,
};
use attest_vault::SecretText;
use serde::Serialize;

use crate::error::{Result, StoreError};

/// A witness to add.
pub struct NewWitness {
    /// The case.
    pub case_id: CaseId,
    /// The public name.
    pub pseudonym: Pseudonym,
    /// Consent terms.
    pub consent: Consent,
    /// Legal name: sealed.
    pub sealed_name: SecretText,
    /// Contact details: sealed.
    pub sealed_contact: Option<SecretText>,
    /// Family details and anything else identifying: sealed.
    pub sealed_notes: Option<SecretText>,
}

impl NewWitness {
    /// Refuses sealed text carrying control characters (terminal escapes, NUL, bidirectional
    /// overrides): they would be stored and later printed raw to whoever reveals the witness.
    /// Notes may hold line breaks and tabs. The error names the field and the character, never the
    /// value.
    pub fn check_sealed_text(&self) -> Result<()> {
        let fields = [
            ("sealed-name", Some(&self.sealed_name), false),
            ("sealed-contact", self.sealed_contact.as_ref(), false),
            ("sealed-notes", self.sealed_notes.as_ref(), true),
        ];
        for (field, text, multi_line) in fields {
            let Some(text) = text else { continue };
            let bad = text.expose().chars().enumerate().find(|&(_, c)| {
                let layout = multi_line && matches!(c, '\n' | '\t' | '\r');
                (c.is_control() && !layout) || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            });
            if let Some((at, c)) = bad {
                return Err(StoreError::invalid(
                    field,
                    format!(
                        "contains the control character U+{:04X} at character {}; sealed fields are plain text{}",
                        c as u32,
                        at + 1,
                        if multi_line { " (line breaks and tabs are allowed)" } else { " on one line" }
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A file kept as an original (hashed at intake, stored encrypted).
pub struct OriginalFile {
    /// The file's name as given (no directories).
    pub file_name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A testimony to add.
pub struct NewTestimony {
    /// The case.
    pub case_id: CaseId,
    /// Who gave it.
    pub witness_id: WitnessId,
    /// The transcript, decoded.
    pub text: DecodedText,
    /// The transcript file as received.
    pub transcript_file: Option<OriginalFile>,
    /// A recording or notes file.
    pub original: Option<OriginalFile>,
    /// ISO 639 language.
    pub language: Option<String>,
    /// When the interview took place.
    pub interviewed: Option<UncertainDate>,
    /// Who conducted it.
    pub interviewer: Option<String>,
    /// Admiralty grade.
    pub reliability: Option<Reliability>,
}

/// A document (article, report, saved web page's text) to add.
pub struct NewDocument {
    /// The case.
    pub case_id: CaseId,
    /// `text` or `web`.
    pub kind: &'static str,
    /// The text, decoded.
    pub text: DecodedText,
    /// The file as received.
    pub file: OriginalFile,
    /// Title.
    pub title: Option<String>,
    /// Where it was found.
    pub url: Option<String>,
    /// Author or outlet.
    pub author: Option<String>,
    /// Publication date (EDTF).
    pub published: Option<UncertainDate>,
    /// When a web page was saved, as given.
    pub fetched_at: Option<String>,
    /// ISO 639 language.
    pub language: Option<String>,
    /// Admiralty grade.
    pub reliability: Option<Reliability>,
}

/// A source's text with what provenance needs.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Id.
    pub source_id: String,
    /// Text.
    pub text: String,
    /// Publication date (EDTF), if known.
    pub published: Option<String>,
}

/// A case as shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRecord {
    /// Id.
    pub case_id: CaseId,
    /// Title.
    pub title: String,
    /// When created.
    pub created_at: String,
    /// Number of witnesses.
    pub witnesses: i64,
    /// Number of sources.
    pub sources: i64,
    /// Number of claims.
    pub claims: i64,
}

/// A witness as shown: pseudonym and consent; sealed fields by name only.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WitnessRecord {
    /// Id.
    pub witness_id: WitnessId,
    /// Case.
    pub case_id: CaseId,
    /// Public name.
    pub pseudonym: String,
    /// Consent terms.
    pub consent: String,
    /// When added.
    pub created_at: String,
    /// Which sealed fields are present (names only).
    pub sealed_fields: Vec<&'static str>,
    /// Number of testimonies.
    pub testimonies: i64,
}

/// An original file as shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OriginalRecord {
    /// `transcript` or `original`.
    pub role: String,
    /// File name as received.
    pub file_name: String,
    /// Size.
    pub bytes: i64,
    /// SHA-256 at intake.
    pub sha256: String,
}

/// A source as shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceRecord {
    /// Id.
    pub source_id: SourceId,
    /// Case.
    pub case_id: CaseId,
    /// `testimony`.
    pub kind: String,
    /// The witness, for testimonies.
    pub witness_id: Option<WitnessId>,
    /// The witness's pseudonym.
    pub witness_pseudonym: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Interview date.
    pub interviewed: Option<UncertainDate>,
    /// Interviewer.
    pub interviewer: Option<String>,
    /// Admiralty grade.
    pub reliability: Option<String>,
    /// Title (documents).
    pub title: Option<String>,
    /// Where it was found (documents).
    pub url: Option<String>,
    /// Publication date (documents).
    pub published: Option<String>,
    /// Characters of text.
    pub text_chars: i64,
    /// SHA-256 of the stored text.
    pub text_sha256: String,
    /// Encoding it was read from.
    pub encoding: String,
    /// When added.
    pub created_at: String,
    /// Originals kept.
    pub originals: Vec<OriginalRecord>,
    /// Number of claims.
    pub claims: i64,
    /// The text (only in `show`, not in `list`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A claim as shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimRecord {
    /// Id.
    pub claim_id: ClaimId,
    /// Source.
    pub source_id: SourceId,
    /// Case.
    pub case_id: CaseId,
    /// Act.
    pub act: String,
    /// Evidence span.
    pub span: Span,
    /// The passage the span covers.
    pub passage: String,
    /// Place.
    pub place: Option<String>,
    /// When.
    pub when: Option<UncertainDate>,
    /// How many.
    pub count: Option<UncertainCount>,
    /// Victim.
    pub victim: Option<String>,
    /// Perpetrator.
    pub perpetrator: Option<String>,
    /// When added.
    pub created_at: String,
    /// Basis of knowledge (`witnessed`, `heard-from-named`, `heard-from-unknown`, `read`), or
    /// `None`: not recorded.
    pub basis: Option<String>,
    /// The informant, or what was read.
    pub basis_from: Option<String>,
    /// The claim's own information grade (2-6), or `None`: not recorded.
    pub information: Option<u8>,
}

/// A witness's sealed fields, opened for the passphrase holder. Zeroized when dropped.
#[derive(Debug)]
pub struct RevealedWitness {
    /// Id.
    pub witness_id: WitnessId,
    /// Public name.
    pub pseudonym: String,
    /// Legal name.
    pub name: SecretText,
    /// Contact.
    pub contact: Option<SecretText>,
    /// Notes.
    pub notes: Option<SecretText>,
}

/// An act of the vocabulary.
#[derive(Debug, Clone, Serialize)]
pub struct ActRecord {
    /// Slug.
    pub act: String,
    /// Label.
    pub label: String,
    /// Shipped with attest (true) or added to this archive.
    pub built_in: bool,
}

/// One problem found by `verify`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// What kind: `database`, `log`, `original`, `source`, `record`.
    pub kind: &'static str,
    /// What is wrong, naming the entry, record or file.
    pub message: String,
}

/// The result of `verify`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyReport {
    /// No problems.
    pub ok: bool,
    /// Problems, first break first.
    pub problems: Vec<Problem>,
    /// Log entries checked.
    pub log_entries: i64,
    /// The head hash of the log: write it down elsewhere to anchor the chain.
    pub log_head: String,
    /// Originals re-hashed.
    pub originals_checked: i64,
    /// Bytes of originals re-hashed.
    pub original_bytes: i64,
    /// Originals whose content was not checked (opened without the archive key: a workspace
    /// server).
    pub originals_skipped: i64,
    /// Sources whose text hash was checked.
    pub sources_checked: i64,
}
