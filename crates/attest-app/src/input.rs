//! The one parser for requests from the web workspace's forms and its JSON API: each request
//! arrives as text fields (a `…Form`), and its `parse` turns it into typed input (ids, spans,
//! dates, counts, vocabularies) through the domain's parsers, or refuses it with an
//! [`AppError::Invalid`] naming the field. The command line parses its arguments through the same
//! domain parsers (`attest-cli`); so spans, counts, dates and ids reach the store only as domain
//! types, whichever face they came from.

use attest_domain::{
    ActSlug, CaseId, DecodedText, Reliability, Role, Span, UncertainCount, UncertainDate, UserId, WitnessId,
    decode_transcript, parse_language,
};
use attest_store::{BasisKind, ClaimAssessment, ClaimBasis, OriginalFile, UnassessedPolicy};
use attest_vault::Passphrase;
use serde::Deserialize;

use crate::error::{AppError, Problem, Result};

/// A trimmed, non-empty value, or nothing.
pub fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Parses an optional field with a domain parser, naming the field when it is refused.
fn field<T, E: std::fmt::Display>(
    name: &str,
    v: &Option<String>,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>> {
    nonempty(v).map(parse).transpose().map_err(|e| AppError::invalid(name, e))
}

/// Parses an optional date field, naming the field (and the date given) when it is refused.
fn date_field(name: &str, v: &Option<String>) -> Result<Option<UncertainDate>> {
    nonempty(v).map(UncertainDate::parse).transpose().map_err(|e| AppError::bad_date(name, &e))
}

/// Decodes a transcript (UTF-8, or legacy Korean EUC-KR/CP949) and normalises it to NFC.
pub fn transcript(name: &str, bytes: &[u8]) -> Result<DecodedText> {
    decode_transcript(bytes).map_err(|e| AppError::invalid(name, e))
}

/// A testimony as sent by the form or the API.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestimonyForm {
    /// Witness id.
    pub witness: String,
    /// Text typed or pasted.
    #[serde(default)]
    pub text: Option<String>,
    /// ISO 639 language.
    #[serde(default)]
    pub language: Option<String>,
    /// When the interview took place (EDTF).
    #[serde(default)]
    pub interviewed: Option<String>,
    /// Interviewer.
    #[serde(default)]
    pub interviewer: Option<String>,
    /// Admiralty grade, e.g. B2.
    #[serde(default)]
    pub reliability: Option<String>,
    /// The user's password, needed only with a file (sealed with the case key their grant opens).
    #[serde(default)]
    pub password: Option<String>,
}

/// A testimony, parsed.
pub struct TestimonyInput {
    /// Who gave it.
    pub witness: WitnessId,
    /// Its text, decoded.
    pub text: DecodedText,
    /// The transcript file as received, kept as an encrypted original.
    pub file: Option<OriginalFile>,
    /// ISO 639 language.
    pub language: Option<String>,
    /// When the interview took place.
    pub interviewed: Option<UncertainDate>,
    /// Interviewer.
    pub interviewer: Option<String>,
    /// Admiralty grade.
    pub reliability: Option<Reliability>,
    /// The user's password (with a file).
    pub password: Option<Passphrase>,
}

impl TestimonyForm {
    /// Parses the form; `file`: name and bytes of an uploaded transcript.
    pub fn parse(self, file: Option<(String, Vec<u8>)>) -> Result<TestimonyInput> {
        let witness = WitnessId::parse(self.witness.trim()).map_err(|e| AppError::invalid("witness", e))?;
        let (text, file) = match (file, nonempty(&self.text)) {
            (Some((name, bytes)), _) if !bytes.is_empty() => {
                let text = transcript(&format!("file {name}"), &bytes)?;
                let name = name.rsplit(['/', '\\']).next().unwrap_or("transcript.txt").to_string();
                (text, Some(OriginalFile { file_name: name, bytes }))
            }
            (_, Some(typed)) => (transcript("text", typed.as_bytes())?, None),
            _ => return Err(AppError::required("text", "give the testimony's text or a text file")),
        };
        let password = match (file.is_some(), self.password) {
            (true, Some(p)) if !p.is_empty() => Some(Passphrase::for_unlock(p)),
            _ => None,
        };
        Ok(TestimonyInput {
            witness,
            text,
            file,
            language: field("language", &self.language, parse_language)?,
            interviewed: date_field("interviewed", &self.interviewed)?,
            interviewer: nonempty(&self.interviewer).map(str::to_string),
            reliability: nonempty(&self.reliability)
                .map(Reliability::parse)
                .transpose()
                .map_err(|e| AppError::refused("reliability", e, Problem::Grade { circular: false }))?,
            password,
        })
    }
}

/// A claim as sent by the form or the API: a span, or a passage to find, or both (then they
/// must agree).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimForm {
    /// First character of the passage, counted from 0.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub start: Option<usize>,
    /// One past the last character.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub end: Option<usize>,
    /// The passage.
    #[serde(default)]
    pub passage: Option<String>,
    /// Act slug, e.g. forced-labour.
    pub act: String,
    /// Place as written.
    #[serde(default)]
    pub place: Option<String>,
    /// When (EDTF).
    #[serde(default)]
    pub when: Option<String>,
    /// How many, e.g. "about 670".
    #[serde(default)]
    pub count: Option<String>,
    /// Victim.
    #[serde(default)]
    pub victim: Option<String>,
    /// Perpetrator.
    #[serde(default)]
    pub perpetrator: Option<String>,
    /// Basis of knowledge: witnessed, heard-from-named, heard-from-unknown or read (empty: not
    /// recorded).
    #[serde(default)]
    pub basis: Option<String>,
    /// The named informant, or what was read.
    #[serde(default)]
    pub basis_from: Option<String>,
    /// The claim's information grade, 2-6 (1 is refused: it is what corroboration concludes).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub information: Option<usize>,
}

/// A claim's basis of knowledge and information grade, set on an existing claim.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentForm {
    /// Basis of knowledge: witnessed, heard-from-named, heard-from-unknown or read (empty: not
    /// recorded).
    #[serde(default)]
    pub basis: Option<String>,
    /// The named informant (a witness or source id, or a pseudonym), or what was read.
    #[serde(default)]
    pub basis_from: Option<String>,
    /// Information grade, 2-6.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub information: Option<usize>,
}

impl AssessmentForm {
    /// Parses the fields; grade 1 is refused naming `information`, a named informant without a
    /// name naming `basis_from`.
    pub fn parse(&self) -> Result<ClaimAssessment> {
        let from = nonempty(&self.basis_from).map(str::to_string);
        let basis = match nonempty(&self.basis) {
            None if from.is_some() => {
                return Err(AppError::invalid("basis", "choose how the source knows it before naming an informant"));
            }
            None => None,
            Some(b) => {
                let kind = BasisKind::parse(b).map_err(|e| AppError::invalid("basis", store_message(e)))?;
                Some(ClaimBasis::new(kind, from).map_err(|e| AppError::invalid("basis_from", store_message(e)))?)
            }
        };
        let information = match self.information {
            None => None,
            Some(g) => {
                let g = u8::try_from(g).unwrap_or(u8::MAX);
                Some(attest_store::check_information(g).map_err(|e| {
                    AppError::refused("information", store_message(e), Problem::Grade { circular: g == 1 })
                })?)
            }
        };
        Ok(ClaimAssessment { basis, information })
    }
}

fn store_message(e: attest_store::StoreError) -> String {
    match e {
        attest_store::StoreError::Invalid { message, .. } => message,
        other => other.to_string(),
    }
}

/// The case's policy for Admiralty F and 6.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyForm {
    /// `not-reliable` (F and 6 are not counted as reliable) or `assume-minimum`.
    #[serde(default)]
    pub unassessed: String,
}

impl PolicyForm {
    /// Parses the policy, naming `unassessed` when refused.
    pub fn parse(&self) -> Result<UnassessedPolicy> {
        UnassessedPolicy::parse(self.unassessed.trim()).map_err(|e| AppError::invalid("unassessed", store_message(e)))
    }
}

/// An analyst's decision on a review item or a "possibly the same event" pair.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewDecisionForm {
    /// `independent` or `derived` (a possibly derived pair of sources), `different-person` or
    /// `same-person` (an identity match of witnesses), `shared-informant` (a shared interviewer
    /// judged to have contaminated both), `merge` or `split` (two claims' events).
    #[serde(default)]
    pub decision: String,
    /// One source, witness or claim id.
    #[serde(default)]
    pub a: String,
    /// The other.
    #[serde(default)]
    pub b: String,
    /// Why.
    #[serde(default)]
    pub note: Option<String>,
}

/// A decision, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewDecision {
    /// A dependency between two sources or witnesses (`independent`, `derived`,
    /// `different-person`, `same-person`, `shared-informant`).
    Dependency {
        /// The store's kind.
        kind: &'static str,
        /// One end.
        a: String,
        /// The other.
        b: String,
    },
    /// A merge or split of two claims' events.
    Event {
        /// Merge or split.
        decision: attest_store::EventDecision,
        /// One claim.
        a: attest_domain::ClaimId,
        /// The other.
        b: attest_domain::ClaimId,
    },
}

impl ReviewDecisionForm {
    /// Parses the decision; ids are checked by kind (a claim for merge/split, else any record id
    /// of the case, checked by the store).
    pub fn parse(&self) -> Result<(ReviewDecision, Option<String>)> {
        let (a, b) = (self.a.trim(), self.b.trim());
        let note = nonempty(&self.note).map(str::to_string);
        let d = match self.decision.trim() {
            "merge" | "split" => {
                let decision = attest_store::EventDecision::parse(self.decision.trim())
                    .map_err(|e| AppError::invalid("decision", store_message(e)))?;
                ReviewDecision::Event {
                    decision,
                    a: attest_domain::ClaimId::parse(a).map_err(|e| AppError::invalid("a", e))?,
                    b: attest_domain::ClaimId::parse(b).map_err(|e| AppError::invalid("b", e))?,
                }
            }
            k => {
                let kind = ["independent", "derived", "different-person", "same-person", "shared-informant"]
                    .into_iter()
                    .find(|x| *x == k)
                    .ok_or_else(|| {
                        AppError::invalid(
                            "decision",
                            format!(
                                "'{k}': expected independent, derived, different-person, same-person, shared-informant, merge or split"
                            ),
                        )
                    })?;
                for (name, v) in [("a", a), ("b", b)] {
                    if v.is_empty() || v.len() > 40 || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        return Err(AppError::invalid(name, "expected a source or witness id"));
                    }
                }
                ReviewDecision::Dependency { kind, a: a.to_string(), b: b.to_string() }
            }
        };
        Ok((d, note))
    }
}

fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        Num(usize),
        Text(String),
    }
    match Option::<N>::deserialize(d)? {
        None => Ok(None),
        Some(N::Num(n)) => Ok(Some(n)),
        Some(N::Text(s)) if s.trim().is_empty() => Ok(None),
        Some(N::Text(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("'{s}' is not a character position"))),
    }
}

/// Where a claim's evidence is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// This span.
    Span(Span),
    /// This span, which must cover this passage.
    SpanWithPassage(Span, String),
    /// The first place this passage occurs.
    Passage(String),
}

/// A claim, parsed.
#[derive(Debug, Clone)]
pub struct ClaimInput {
    /// Its evidence.
    pub evidence: Evidence,
    /// Act.
    pub act: ActSlug,
    /// Place as written.
    pub place: Option<String>,
    /// When.
    pub when: Option<UncertainDate>,
    /// How many.
    pub count: Option<UncertainCount>,
    /// Victim.
    pub victim: Option<String>,
    /// Perpetrator.
    pub perpetrator: Option<String>,
    /// Basis of knowledge and information grade (not recorded when absent).
    pub assessment: ClaimAssessment,
}

impl ClaimForm {
    /// Parses the form. An empty or backwards span (`5..5`, `10..0`) is refused, naming `end`.
    pub fn parse(self) -> Result<ClaimInput> {
        let passage = nonempty(&self.passage).map(str::to_string);
        let evidence = match (self.start, self.end, passage) {
            (Some(start), Some(end), p) => {
                let span = Span::new(start, end).map_err(|e| AppError::invalid("end", e))?;
                match p {
                    Some(p) => Evidence::SpanWithPassage(span, p),
                    None => Evidence::Span(span),
                }
            }
            (_, _, Some(p)) => Evidence::Passage(p),
            _ => return Err(AppError::required("passage", "select a passage or type it")),
        };
        Ok(ClaimInput {
            evidence,
            act: ActSlug::parse(self.act.trim()).map_err(|e| AppError::invalid("act", e))?,
            place: nonempty(&self.place).map(str::to_string),
            when: date_field("when", &self.when)?,
            count: field("count", &self.count, UncertainCount::parse)?,
            victim: nonempty(&self.victim).map(str::to_string),
            perpetrator: nonempty(&self.perpetrator).map(str::to_string),
            assessment: AssessmentForm {
                basis: self.basis.clone(),
                basis_from: self.basis_from.clone(),
                information: self.information,
            }
            .parse()?,
        })
    }
}

/// A reveal request.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealForm {
    /// The user's password again.
    pub password: String,
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
    /// Must be "yes" (or `true` in JSON).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub confirm: Option<serde_json::Value>,
}

/// A reveal request, parsed.
pub struct RevealInput {
    /// The user's password.
    pub password: Passphrase,
    /// Why.
    pub reason: Option<String>,
    /// The user confirmed they need the identity.
    pub confirmed: bool,
}

impl RevealForm {
    /// Parses the request.
    pub fn parse(self) -> RevealInput {
        let confirmed = matches!(&self.confirm, Some(serde_json::Value::Bool(true)))
            || matches!(&self.confirm, Some(serde_json::Value::String(s)) if s == "yes");
        RevealInput {
            reason: nonempty(&self.reason).map(str::to_string),
            password: Passphrase::for_unlock(self.password),
            confirmed,
        }
    }
}

/// A password given again for one operation.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordForm {
    /// The user's password.
    pub password: String,
}

/// Sign-in credentials.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginForm {
    /// User name.
    pub name: String,
    /// Password.
    pub password: String,
    /// TOTP code, for users with the second factor.
    #[serde(default)]
    pub code: Option<String>,
}

/// A search request.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchForm {
    /// Words (at most 200 characters).
    #[serde(default)]
    pub q: Option<String>,
    /// One case (else every case of the user).
    #[serde(default)]
    pub case: Option<String>,
}

/// A search request, parsed.
pub struct SearchInput {
    /// What to look for (trimmed; may be empty).
    pub query: String,
    /// Only this case.
    pub case: Option<CaseId>,
}

impl SearchForm {
    /// Parses the request.
    pub fn parse(self) -> Result<SearchInput> {
        let query = self.q.unwrap_or_default().trim().to_string();
        if query.chars().count() > 200 {
            return Err(AppError::refused("q", "at most 200 characters", Problem::TooLong { max: 200 }));
        }
        let case =
            nonempty(&self.case).map(|c| CaseId::parse(c).map_err(|_| AppError::not_found("case", c))).transpose()?;
        Ok(SearchInput { query, case })
    }
}

/// A new user from the admin page.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserForm {
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Password (at least 12 characters).
    pub password: String,
}

/// A new user, parsed.
pub struct NewUserInput {
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Password.
    pub password: Passphrase,
}

impl NewUserForm {
    /// Parses the form.
    pub fn parse(self) -> Result<NewUserInput> {
        Ok(NewUserInput {
            role: Role::parse(&self.role).map_err(|e| AppError::invalid("role", e))?,
            password: Passphrase::parse(self.password).map_err(|e| AppError::invalid("password", e))?,
            name: self.name,
        })
    }
}

/// A membership from the admin page.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMemberForm {
    /// User id.
    pub user: String,
    /// Case id.
    pub case: String,
}

impl NewMemberForm {
    /// Parses the form. An id of the wrong shape names no record: "not found", as in a path.
    pub fn parse(self) -> Result<(UserId, CaseId)> {
        let (user, case) = (self.user.trim(), self.case.trim());
        Ok((
            UserId::parse(user).map_err(|_| AppError::not_found("user", user))?,
            CaseId::parse(case).map_err(|_| AppError::not_found("case", case))?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_input_carries_its_kind_of_problem_and_names_the_field() {
        let form = ClaimForm {
            passage: Some("coal".into()),
            act: "forced-labour".into(),
            when: Some("1997-13".into()),
            ..Default::default()
        };
        let e = form.parse().unwrap_err();
        assert_eq!(e.problem(), Problem::Date { input: "1997-13".into() });
        assert_eq!(e.field(), Some("when"));
        let text = e.to_string();
        assert!(text.starts_with("when: date '1997-13': there is no month 13"), "{text}");
        assert!(text.contains("1990~ for around 1990") && !text.contains("EDTF"), "{text}");
        let e = AssessmentForm { information: Some(1), ..Default::default() }.parse().unwrap_err();
        assert_eq!((e.problem(), e.field()), (Problem::Grade { circular: true }, Some("information")));
        let e = AssessmentForm { information: Some(9), ..Default::default() }.parse().unwrap_err();
        assert_eq!(e.problem(), Problem::Grade { circular: false });
        let form = TestimonyForm {
            witness: "wit_0000000000000000".into(),
            text: Some("x".into()),
            reliability: Some("Z9".into()),
            ..Default::default()
        };
        let Err(e) = form.parse(None) else { panic!("a grade Z9 must be refused") };
        assert_eq!((e.problem(), e.field()), (Problem::Grade { circular: false }, Some("reliability")));
        let e = claim(None, None, None).unwrap_err();
        assert_eq!((e.problem(), e.field()), (Problem::Required, Some("passage")));
    }

    fn claim(start: Option<usize>, end: Option<usize>, passage: Option<&str>) -> Result<ClaimInput> {
        ClaimForm {
            start,
            end,
            passage: passage.map(str::to_string),
            act: "forced-labour".into(),
            ..Default::default()
        }
        .parse()
    }

    #[test]
    fn empty_and_backwards_spans_are_refused_naming_the_field() {
        for (s, e) in [(10, 0), (5, 5)] {
            let err = claim(Some(s), Some(e), None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.starts_with("end: span"), "{err}");
        }
        assert!(matches!(claim(Some(0), Some(3), None).map(|c| c.evidence), Ok(Evidence::Span(_))));
        assert!(matches!(claim(None, None, Some(" x ")).map(|c| c.evidence), Ok(Evidence::Passage(p)) if p == "x"));
        assert!(claim(None, None, None).is_err());
    }
}
