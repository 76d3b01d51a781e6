//! The report that [`crate::corroborate`] returns: per event and claim, whether it happened and
//! how its details agree, the lines behind it, patterns for continuing situations, review items,
//! the "possibly the same event" queue and the tallies. Types only; the reasoning is in the crate
//! root and its modules.

use serde::Serialize;

use crate::details::{Details, Difference};
use crate::events::EventReason;
use crate::finding::Finding;
use crate::grade::GradeWarning;
use crate::input::Unassessed;
use crate::lines::Line;

/// Whether an event or claim happened, as far as independent lines show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Independent lines disagree about whether it happened (one denies it).
    Contested,
    /// At least `min_lines` independent lines graded reliable enough, one of them first-hand.
    Corroborated,
    /// Several independent lines, but too few reliable, or none first-hand.
    Unconfirmed,
    /// One line of evidence.
    SingleSource,
}

impl Status {
    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Contested => "contested",
            Status::Corroborated => "corroborated",
            Status::Unconfirmed => "unconfirmed",
            Status::SingleSource => "single-source",
        }
    }
}

/// A period as a pair of ISO days (either end may be open).
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// Earliest day any claim allows.
    pub earliest: Option<String>,
    /// Latest day any claim allows.
    pub latest: Option<String>,
}

/// Independent lines in one year of a continuing situation.
#[derive(Debug, Clone, Serialize)]
pub struct YearLines {
    /// The year.
    pub year: u16,
    /// Independent lines that cover it.
    pub lines: usize,
}

/// A continuing situation judged by period coverage.
#[derive(Debug, Clone, Serialize)]
pub struct Pattern {
    /// First year any claim covers.
    pub first_year: u16,
    /// Last year any claim covers.
    pub last_year: u16,
    /// Lines per covered year.
    pub lines_per_year: Vec<YearLines>,
    /// Years covered by `min_lines` (two by default) reliable independent lines, one first-hand.
    pub years_with_two_lines: Vec<u16>,
}

/// Something the analyst should know about the run, as facts; [`Note::english`] is the report's
/// sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Note {
    /// A merge or split decision that does not name two different claims of the case.
    DecisionIgnored {
        /// `Merge` or `Split`.
        decision: String,
        /// One claim id as given.
        a: String,
        /// The other.
        b: String,
    },
    /// A merge refused because it would join claims an analyst split apart.
    MergeRefused {
        /// One claim.
        a: String,
        /// The other.
        b: String,
    },
    /// A claim that fits several events and was left on its own.
    AmbiguousClaim {
        /// The claim.
        claim: String,
        /// What it lacks: `place`, `date` or `precise place`.
        missing: &'static str,
        /// How many events it fits.
        fits: usize,
        /// Its act.
        act: String,
    },
    /// An event too large for all its claims' details to be compared pairwise.
    DetailsComparedInPart {
        /// The event.
        event: String,
        /// Claims compared.
        compared: usize,
        /// Its claims.
        of: usize,
    },
    /// An act family with too many events for near-duplicate checks.
    NearDuplicatesSkipped {
        /// Its events.
        events: usize,
    },
}

impl Note {
    /// The note in the report's English.
    pub fn english(&self) -> String {
        match self {
            Note::DecisionIgnored { decision, a, b } => {
                format!("{decision} of {a} and {b} ignored: not two different claims of this case")
            }
            Note::MergeRefused { a, b } => {
                format!("merge of {a} and {b} refused: it would join claims an analyst split apart")
            }
            Note::AmbiguousClaim { claim, missing, fits, act } => format!(
                "{claim} has no {missing} and fits {fits} events of act {act}; left on its own (merge it with the right one)"
            ),
            Note::DetailsComparedInPart { event, compared, of } => {
                format!("{event}: details compared among its first {compared} of {of} claims only")
            }
            Note::NearDuplicatesSkipped { events } => {
                format!("{events} events of one act family: near-duplicate checks skipped")
            }
        }
    }
}

/// Two lines of an event and why they count as independent.
#[derive(Debug, Clone, Serialize)]
pub struct IndependentPair {
    /// The sources of one line.
    pub a: Vec<String>,
    /// The sources of the other.
    pub b: Vec<String>,
    /// Both lines hold a testimony (different witnesses), else a text is involved.
    pub testimonies: bool,
    /// Dependencies between them that do not join them: `independent` (an analyst decided),
    /// `same-person` (an identity match with counter-evidence), or another kind flagged for review.
    pub flagged: Vec<String>,
}

impl IndependentPair {
    /// Why, in the report's English.
    pub fn english(&self) -> String {
        let why = if self.testimonies {
            "different witnesses; no shared informant, citation, derivation or identity match recorded"
        } else {
            "no derivation found by provenance and none declared; no citation or shared informant recorded"
        };
        let mut s = format!("{} and {} count as independent lines: {why}", self.a.join("+"), self.b.join("+"));
        let notes: Vec<String> = self
            .flagged
            .iter()
            .map(|k| match k.as_str() {
                "independent" => "an analyst decided they are independent".to_string(),
                "same-person" => "an identity match with counter-evidence is under review".to_string(),
                other => format!("{other} flagged for review"),
            })
            .collect();
        if !notes.is_empty() {
            s.push_str(&format!(" ({})", notes.join("; ")));
        }
        s
    }
}

/// Why an event was kept apart from another of the same act family.
#[derive(Debug, Clone, Serialize)]
pub struct KeptApart {
    /// The other event.
    pub event_id: String,
    /// Why, in English.
    pub reason: String,
    /// The facts of why.
    pub why: EventReason,
}

/// A dependency that needs an analyst's decision, with what argues against it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewItem {
    /// `possibly-derived`, `shared-interviewer`, `identity-match` or `identical-wording`.
    pub kind: &'static str,
    /// One end (source or witness id).
    pub a: String,
    /// The other end.
    pub b: String,
    /// Who found it.
    pub origin: &'static str,
    /// Its detail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Facts against it.
    pub counter_evidence: Vec<String>,
    /// `joined` (one line until decided) or `apart` (separate lines until decided) or `decided`.
    pub effect: &'static str,
    /// What it is and what it does, in words.
    pub sentence: String,
}

/// Two events that may be one, for an analyst to merge or split.
#[derive(Debug, Clone, Serialize)]
pub struct SameEventCandidate {
    /// One event.
    pub event_a: String,
    /// The other.
    pub event_b: String,
    /// The claims of both.
    pub claims: Vec<String>,
    /// Why they may be one, in English.
    pub reasons: Vec<String>,
    /// The facts of each reason.
    pub reason_facts: Vec<EventReason>,
    /// How their claims' details differ (contradictions between near-duplicates surface here).
    pub differences: Vec<Difference>,
}

/// A group of claims about one event.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// `event-N`, numbered in order of the first claim (stable while the claims are).
    pub event_id: String,
    /// Act slug of its first claim.
    pub act: String,
    /// Every act label its claims use (one act family).
    pub acts: Vec<String>,
    /// The place as its first placed claim writes it.
    pub place: Option<String>,
    /// The span of the claims' periods.
    pub period: Option<Period>,
    /// Its claims.
    pub claims: Vec<String>,
    /// Independent lines of evidence among the claims.
    pub lines: Vec<Line>,
    /// Lines graded reliable enough.
    pub reliable_lines: usize,
    /// Whether it happened.
    pub status: Status,
    /// How its details agree.
    pub details: Details,
    /// Differences between claims of independent lines (tolerated ones included, to explain).
    pub differences: Vec<Difference>,
    /// The disputed differences.
    pub disagreements: Vec<Difference>,
    /// For a continuing situation: coverage by year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Pattern>,
    /// The standard-of-proof sentence (in English, from [`Event::finding_facts`]).
    pub finding: String,
    /// The facts the sentence is made from, for faces that write it in another language.
    pub finding_facts: Option<Finding>,
    /// How the finding would change if a flagged dependency were resolved the other way.
    pub conditions: Vec<String>,
    /// Why its lines count as independent (in English, from [`Event::independent_pairs`]).
    pub independence: Vec<String>,
    /// The pairs of lines behind [`Event::independence`] (at most six).
    pub independent_pairs: Vec<IndependentPair>,
    /// Events of the same act family kept apart from it, and why.
    pub kept_apart: Vec<KeptApart>,
    /// Events it may be the same as (see the report's queue).
    pub possibly_same_as: Vec<String>,
}

/// The outcome for one claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimOutcome {
    /// Claim id.
    pub claim_id: String,
    /// Its event.
    pub event_id: String,
    /// Whether what it says happened.
    pub status: Status,
    /// How its details agree with independent lines.
    pub details: Details,
    /// The event's lines, its own first.
    pub lines: Vec<Line>,
    /// Lines graded reliable enough.
    pub reliable_lines: usize,
    /// Disputed differences with claims of independent lines.
    pub contradicted_by: Vec<Difference>,
    /// The standard-of-proof sentence (in English, from [`ClaimOutcome::finding_facts`]).
    pub finding: String,
    /// The facts the sentence is made from.
    pub finding_facts: Finding,
}

/// Counts per status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// Corroborated.
    pub corroborated: usize,
    /// Single-source.
    pub single_source: usize,
    /// Contested.
    pub contested: usize,
    /// Unconfirmed.
    pub unconfirmed: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, s: Status) {
        match s {
            Status::Corroborated => self.corroborated += 1,
            Status::SingleSource => self.single_source += 1,
            Status::Contested => self.contested += 1,
            Status::Unconfirmed => self.unconfirmed += 1,
        }
    }
}

/// The whole outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The reliability level used, e.g. `C3`.
    pub min_reliability: String,
    /// Lines needed.
    pub min_lines: usize,
    /// Largest gap between one event's claims, in days.
    pub gap_days: u32,
    /// The case's policy for Admiralty F and 6, as a report states it.
    pub policy: String,
    /// That policy.
    pub unassessed: Unassessed,
    /// Whether witnesses' sealed identities were compared.
    pub identities_compared: bool,
    /// Events.
    pub events: Vec<Event>,
    /// Claims.
    pub claims: Vec<ClaimOutcome>,
    /// Events per status.
    pub event_tally: Tally,
    /// Claims per status.
    pub claim_tally: Tally,
    /// Events that may be one, for an analyst to merge or split.
    pub possibly_same_events: Vec<SameEventCandidate>,
    /// Dependencies to review.
    pub review: Vec<ReviewItem>,
    /// Whether witnesses' sealed identities were compared: `compared`, or a plain statement that
    /// they were not and what that means.
    pub identity_comparison: String,
    /// Inputs changed or refused (information grade 1 stripped, bad grades), in English.
    pub warnings: Vec<String>,
    /// The facts of each warning, in the same order.
    pub warning_facts: Vec<GradeWarning>,
    /// Things the analyst should know (ambiguous claims, refused merges), in English.
    pub notes: Vec<String>,
    /// The facts of each note, in the same order.
    pub note_facts: Vec<Note>,
}
