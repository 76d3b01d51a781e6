//! The standard-of-proof finding for each event and claim, after the OHCHR working standard of
//! "reasonable grounds to believe": a fact is established when at least two independent,
//! reliable lines support it, one of them first-hand.
//!
//! A finding is kept as facts ([`Finding`]: the counts, which lines, first-hand or not, how the
//! details agree, the years covered, the conditions) and written out as a sentence from them. The
//! English sentence is written here ([`Finding::english`]) because it is the report's own
//! wording: the CLI prints it, `--json` carries it, docs/METHOD.md quotes it. Other languages are
//! written by the faces that speak them (the web workspace writes Korean in
//! `attest-web/src/views/findings.rs`) from the same facts, because a Korean sentence needs the
//! face's vocabulary (act names, dates as people say them, field names) that this pure engine
//! does not hold.

use serde::Serialize;

use crate::Status;
use crate::details::{Details, Difference};
use crate::input::Config;
use crate::lines::LineFacts;

/// The facts a finding's sentence is made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Whether it happened.
    pub status: Status,
    /// For a claim of a continuing situation: the event whose pattern it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within_pattern_of: Option<String>,
    /// What the status rests on.
    pub grounds: Grounds,
    /// Events this one may be the same as (flagged for the queue).
    pub possibly_same_as: Vec<String>,
    /// How the status would change if a flagged dependency were resolved the other way.
    pub conditions: Vec<Condition>,
}

/// What a status rests on: lines of evidence, or period coverage for a continuing situation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Grounds {
    /// Independent lines of evidence.
    Lines(LineCounts),
    /// A continuing situation judged by the years its lines cover.
    Pattern(PatternCoverage),
}

/// The counts behind a finding over lines of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineCounts {
    /// Independent lines.
    pub lines: usize,
    /// Lines that affirm it first-hand.
    pub first_hand: usize,
    /// Lines graded at the level or better that count (affirming).
    pub reliable: usize,
    /// Of those, first-hand.
    pub reliable_first_hand: usize,
    /// Lines that deny it (and do not affirm it).
    pub denying: usize,
    /// Lines that affirm it.
    pub affirming: usize,
    /// Lines not assessed (F or 6) and not counted as reliable under the case policy.
    pub not_assessed: usize,
    /// Reliable lines of hearsay from unknown people (they may support, never be the second line).
    pub hearsay_from_unknown: usize,
    /// The reliability level, e.g. `C3`.
    pub level: String,
    /// Lines needed.
    pub min_lines: usize,
    /// How the details agree.
    pub details: Details,
    /// Fields whose values vary (at most three).
    pub varied: Vec<String>,
    /// Disputed values (at most three).
    pub disputed: Vec<DisputedValue>,
    /// The one line of a single-source finding: its sources and grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub single_line: Option<SingleLine>,
    /// Testimonies without a recorded basis of knowledge, taken as first-hand.
    pub assumed_first_hand: Vec<String>,
}

/// Two values of one field that independent lines dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisputedValue {
    /// `count`, `date`, `place` or `act`.
    pub field: String,
    /// One value.
    pub value_a: String,
    /// The other.
    pub value_b: String,
}

/// The only line of a single-source finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SingleLine {
    /// Its sources.
    pub sources: Vec<String>,
    /// Its grade, e.g. `B2`.
    pub grade: Option<String>,
}

/// The coverage of a continuing situation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternCoverage {
    /// Every act label of the event.
    pub acts: Vec<String>,
    /// The place, as first written.
    pub place: Option<String>,
    /// First year covered.
    pub first_year: u16,
    /// Last year covered.
    pub last_year: u16,
    /// Independent lines.
    pub lines: usize,
    /// Of them, first-hand and affirming.
    pub first_hand: usize,
    /// Lines needed per year.
    pub min_lines: usize,
    /// Years covered by that many reliable independent lines, one first-hand.
    pub years: Vec<u16>,
}

/// How a finding would change if a flagged dependency were resolved the other way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// The status now.
    pub now: Status,
    /// The status then.
    pub alternative: Status,
    /// One end (source or witness id).
    pub a: String,
    /// The other end.
    pub b: String,
    /// The review item's kind (`identity-match`, `possibly-derived`, ...).
    pub kind: String,
    /// Whether the two are joined into one line until decided (else kept apart).
    pub joined: bool,
}

impl Condition {
    /// The condition in the report's English.
    pub fn english(&self) -> String {
        let person = self.kind == "identity-match";
        if self.joined {
            format!(
                "{} if {} and {} are shown to be {}; {} while they are treated as one line ({})",
                self.alternative.as_str(),
                self.a,
                self.b,
                if person { "different people" } else { "independent" },
                self.now.as_str(),
                self.kind
            )
        } else {
            format!(
                "{} unless {} and {} are {}; then {} ({})",
                self.now.as_str(),
                self.a,
                self.b,
                if person { "one person" } else { "one line" },
                self.alternative.as_str(),
                self.kind
            )
        }
    }
}

impl Finding {
    /// The finding in the report's English, as `attest corroboration` prints it.
    pub fn english(&self) -> String {
        let mut s = match &self.grounds {
            Grounds::Lines(c) => lines_english(self.status, c),
            Grounds::Pattern(p) => pattern_english(self.status, p),
        };
        if let Some(event) = &self.within_pattern_of {
            s = format!("Within the pattern of {event}: {s}");
        }
        if !self.possibly_same_as.is_empty() {
            s.push_str(&format!(
                " Flagged: possibly the same event as {} (see the queue of possibly the same events).",
                self.possibly_same_as.join(", ")
            ));
        }
        for c in &self.conditions {
            s.push_str(&format!(" Conditional: {}.", c.english()));
        }
        s
    }
}

/// Small numbers in words, as a report writes them.
pub(crate) fn number(n: usize) -> String {
    const WORDS: [&str; 11] = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

/// The varied fields and disputed values behind a details agreement (at most three of each).
fn detail_values(diffs: &[&Difference]) -> (Vec<String>, Vec<DisputedValue>) {
    let mut varied: Vec<String> = Vec::new();
    let mut disputed: Vec<DisputedValue> = Vec::new();
    for d in diffs {
        if d.agreement == "varied" && varied.len() < 3 && !varied.iter().any(|f| f == d.field) {
            varied.push(d.field.to_string());
        }
        if d.agreement == "disputed" && disputed.len() < 3 {
            let v =
                DisputedValue { field: d.field.to_string(), value_a: d.value_a.clone(), value_b: d.value_b.clone() };
            if !disputed.contains(&v) {
                disputed.push(v);
            }
        }
    }
    (varied, disputed)
}

/// "consistent", "vary (date)" or "disputed (count: 6 against 600)".
fn details_phrase(c: &LineCounts) -> String {
    match c.details {
        Details::Consistent => "consistent".into(),
        Details::Varied => format!("vary ({})", c.varied.join(", ")),
        Details::Disputed => format!(
            "disputed ({})",
            c.disputed
                .iter()
                .map(|d| format!("{}: {} against {}", d.field, d.value_a, d.value_b))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// Counts behind a status.
pub(crate) struct Tallies {
    pub lines: usize,
    pub affirming: usize,
    pub denying: usize,
    pub counting: usize,
    pub first_hand_counting: usize,
    pub not_assessed: usize,
    pub unknown_hearsay_reliable: usize,
}

pub(crate) fn tallies(lines: &[LineFacts]) -> Tallies {
    Tallies {
        lines: lines.len(),
        affirming: lines.iter().filter(|l| l.affirms).count(),
        denying: lines.iter().filter(|l| l.denies && !l.affirms).count(),
        counting: lines.iter().filter(|l| l.counting()).count(),
        first_hand_counting: lines.iter().filter(|l| l.counting() && l.first_hand).count(),
        not_assessed: lines.iter().filter(|l| l.line.not_assessed && !l.line.reliable).count(),
        unknown_hearsay_reliable: lines.iter().filter(|l| l.line.reliable && !l.line.counts_as_second).count(),
    }
}

/// The occurrence status of a set of lines.
pub(crate) fn status_of(lines: &[LineFacts], config: &Config) -> Status {
    let t = tallies(lines);
    if t.denying > 0 && t.affirming > 0 {
        Status::Contested
    } else if t.counting >= config.min_lines.max(1) && t.first_hand_counting >= 1 {
        Status::Corroborated
    } else if t.lines <= 1 {
        Status::SingleSource
    } else {
        Status::Unconfirmed
    }
}

/// The facts of a finding over `lines`.
pub(crate) fn line_counts(lines: &[LineFacts], details: Details, diffs: &[&Difference], config: &Config) -> LineCounts {
    let t = tallies(lines);
    let (varied, disputed) = detail_values(diffs);
    LineCounts {
        lines: t.lines,
        first_hand: lines.iter().filter(|l| l.first_hand && l.affirms).count(),
        reliable: t.counting,
        reliable_first_hand: t.first_hand_counting,
        denying: t.denying,
        affirming: t.affirming,
        not_assessed: t.not_assessed,
        hearsay_from_unknown: t.unknown_hearsay_reliable,
        level: config.min_reliability.to_string(),
        min_lines: config.min_lines,
        details,
        varied,
        disputed,
        single_line: lines.first().map(|l| SingleLine { sources: l.line.sources.clone(), grade: l.line.grade.clone() }),
        assumed_first_hand: lines
            .iter()
            .filter(|l| l.line.basis == "first-hand-assumed")
            .flat_map(|l| l.line.originating.iter().cloned())
            .collect(),
    }
}

/// The English sentence of a finding over lines.
fn lines_english(status: Status, t: &LineCounts) -> String {
    let level = &t.level;
    let mut s = match status {
        Status::Corroborated => format!(
            "Reasonable grounds to believe: {} independent lines ({} first-hand), {} graded {level} or better; details {}.",
            number(t.lines),
            number(t.first_hand),
            number(t.reliable),
            details_phrase(t)
        ),
        Status::SingleSource => {
            let only = t.single_line.as_ref().map_or_else(String::new, |l| {
                format!(
                    " ({}{})",
                    l.sources.join(" + "),
                    l.grade.as_deref().map_or(String::new(), |g| format!(", {g}"))
                )
            });
            format!(
                "Not established to the reasonable-grounds standard: a single line of evidence{only}; an independent \
                 reliable line is needed."
            )
        }
        Status::Unconfirmed => {
            let mut why = Vec::new();
            if t.reliable < t.min_lines.max(1) {
                why.push(format!("only {} graded {level} or better", number(t.reliable)));
            }
            if t.not_assessed > 0 {
                why.push(format!("{} not assessed (F or 6) under the case policy", number(t.not_assessed)));
            }
            if t.hearsay_from_unknown > 0 {
                why.push("hearsay from unknown people may support but cannot be the second line".into());
            }
            if t.reliable_first_hand == 0 {
                why.push("none of the reliable lines is first-hand".into());
            }
            format!(
                "Not established to the reasonable-grounds standard: {} independent lines, but {}; details {}.",
                number(t.lines),
                why.join("; "),
                details_phrase(t)
            )
        }
        Status::Contested => format!(
            "Disputed: independent lines disagree about whether it happened ({} deny it, {} affirm it).",
            number(t.denying),
            number(t.affirming)
        ),
    };
    if status == Status::Corroborated && !t.assumed_first_hand.is_empty() {
        s.push_str(&format!(
            " Basis of knowledge not recorded for {}: taken as first-hand for a testimony.",
            t.assumed_first_hand.join(", ")
        ));
    }
    s
}

/// The English sentence of a continuing situation.
fn pattern_english(status: Status, p: &PatternCoverage) -> String {
    let head = match status {
        Status::Corroborated => "Reasonable grounds to believe",
        Status::Contested => "Disputed",
        _ => "Not established to the reasonable-grounds standard",
    };
    let place = p.place.as_deref().unwrap_or("an unstated place");
    let years = if p.years.is_empty() {
        format!("no year is covered by {} reliable independent lines", number(p.min_lines))
    } else {
        format!(
            "years covered by {} or more reliable independent lines: {}",
            number(p.min_lines),
            year_ranges(&p.years)
        )
    };
    format!(
        "{head}: {} at {place} {}-{}, a continuing situation judged by period coverage: {} independent lines ({} first-hand); {years}.",
        p.acts.join("/"),
        p.first_year,
        p.last_year,
        number(p.lines),
        number(p.first_hand),
    )
}

/// Years as ranges: 1993-1998, 2000-2001.
pub fn year_ranges(years: &[u16]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        out.push(if i == j { years[i].to_string() } else { format!("{}-{}", years[i], years[j]) });
        i = j + 1;
    }
    out.join(", ")
}
