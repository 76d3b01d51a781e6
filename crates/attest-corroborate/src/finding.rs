//! The standard-of-proof sentence a report can print for each finding, after the OHCHR working
//! standard of "reasonable grounds to believe": a fact is established when at least two
//! independent, reliable lines support it, one of them first-hand. The sentence says which lines,
//! how their details agree, and why a finding falls short when it does.

use crate::Status;
use crate::details::{Details, Difference};
use crate::input::Config;
use crate::lines::LineFacts;

/// Small numbers in words, as a report writes them.
pub(crate) fn number(n: usize) -> String {
    const WORDS: [&str; 11] = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

/// "consistent", "vary (date)" or "disputed (count: 6 against 600)".
pub(crate) fn details_phrase(details: Details, diffs: &[&Difference]) -> String {
    let of = |agreement: &str| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for d in diffs.iter().filter(|d| d.agreement == agreement) {
            let s = if agreement == "disputed" {
                format!("{}: {} against {}", d.field, d.value_a, d.value_b)
            } else {
                d.field.to_string()
            };
            if !v.contains(&s) {
                v.push(s);
            }
            if v.len() >= 3 {
                break;
            }
        }
        v
    };
    match details {
        Details::Consistent => "consistent".into(),
        Details::Varied => format!("vary ({})", of("varied").join(", ")),
        Details::Disputed => format!("disputed ({})", of("disputed").join("; ")),
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

/// The sentence for a finding over `lines`.
pub(crate) fn sentence(
    status: Status,
    lines: &[LineFacts],
    details: Details,
    diffs: &[&Difference],
    config: &Config,
) -> String {
    let t = tallies(lines);
    let level = config.min_reliability;
    let mut s = match status {
        Status::Corroborated => format!(
            "Reasonable grounds to believe: {} independent lines ({} first-hand), {} graded {level} or better; details {}.",
            number(t.lines),
            number(lines.iter().filter(|l| l.first_hand && l.affirms).count()),
            number(t.counting),
            details_phrase(details, diffs)
        ),
        Status::SingleSource => {
            let only = lines.first().map_or_else(String::new, |l| {
                format!(
                    " ({}{})",
                    l.line.sources.join(" + "),
                    l.line.grade.as_deref().map_or(String::new(), |g| format!(", {g}"))
                )
            });
            format!(
                "Not established to the reasonable-grounds standard: a single line of evidence{only}; an independent \
                 reliable line is needed."
            )
        }
        Status::Unconfirmed => {
            let mut why = Vec::new();
            if t.counting < config.min_lines.max(1) {
                why.push(format!("only {} graded {level} or better", number(t.counting)));
            }
            if t.not_assessed > 0 {
                why.push(format!("{} not assessed (F or 6) under the case policy", number(t.not_assessed)));
            }
            if t.unknown_hearsay_reliable > 0 {
                why.push("hearsay from unknown people may support but cannot be the second line".into());
            }
            if t.first_hand_counting == 0 {
                why.push("none of the reliable lines is first-hand".into());
            }
            format!(
                "Not established to the reasonable-grounds standard: {} independent lines, but {}; details {}.",
                number(t.lines),
                why.join("; "),
                details_phrase(details, diffs)
            )
        }
        Status::Contested => format!(
            "Disputed: independent lines disagree about whether it happened ({} deny it, {} affirm it).",
            number(t.denying),
            number(t.affirming)
        ),
    };
    let assumed: Vec<String> = lines
        .iter()
        .filter(|l| l.line.basis == "first-hand-assumed")
        .flat_map(|l| l.line.originating.iter().cloned())
        .collect();
    if status == Status::Corroborated && !assumed.is_empty() {
        s.push_str(&format!(
            " Basis of knowledge not recorded for {}: taken as first-hand for a testimony.",
            assumed.join(", ")
        ));
    }
    s
}

/// Years as ranges: 1993-1998, 2000-2001.
pub(crate) fn year_ranges(years: &[u16]) -> String {
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
