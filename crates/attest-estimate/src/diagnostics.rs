//! Warnings: what in a table or a fit limits the estimate, each with a stable code (for tests,
//! scripts and the JSON output) and a sentence a reader of a human-rights report understands.

use serde::Serialize;

use crate::table::CaptureTable;

/// What a warning is about. The codes are stable; the messages may be reworded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A list is empty.
    EmptyList,
    /// A list shares nobody with any other list.
    IsolatedList,
    /// A list has very few people.
    SmallList,
    /// Some observable patterns have nobody in them.
    EmptyCells,
    /// Everyone on one list is also on another.
    SubsetList,
    /// The model search was stepwise, not exhaustive.
    Stepwise,
    /// The chosen model's fit sits on the boundary (empty cells fitted at zero).
    Boundary,
    /// The chosen model's fit runs off: no estimate, only a bound.
    Diverges,
    /// The fitting stopped before reaching a maximum.
    NotConverged,
    /// The chosen model does not fit the table (deviance test).
    PoorFit,
    /// The chosen model has no degrees of freedom left.
    Saturated,
    /// The estimate is a large multiple of the number observed.
    LargeMultiple,
    /// A small cell drives the estimate.
    SmallCell,
    /// The profile likelihood could not be computed.
    NoProfile,
    /// The interval has no upper end.
    Unbounded,
    /// Another model is almost as good and gives a different figure.
    CloseModel,
    /// AIC and BIC choose models whose intervals do not overlap.
    CriteriaDisagree,
    /// dga's answer depends on its prior (delta).
    DeltaSensitive,
    /// A posterior interval has collapsed to a single value.
    DegeneratePosterior,
    /// dga's posterior still has mass at the largest N considered.
    PosteriorAtLimit,
    /// LCMCR's chain mixes slowly.
    LowEffectiveSampleSize,
    /// LCMCR's chain may not have converged.
    ChainNotConverged,
    /// Two lists share nobody.
    NoOverlap,
    /// Two lists share fewer than 7 people.
    FewInCommon,
    /// Chapman's pairs disagree.
    PairsDisagree,
    /// A pair's Chapman estimate is below the number observed on all lists.
    PairBelowObserved,
    /// Two-list estimates on a table with more lists.
    PairwiseOnly,
    /// Log-linear, LCMCR and dga disagree.
    MethodsDisagree,
}

/// One warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// Stable code.
    pub code: WarningCode,
    /// Plain words.
    pub message: String,
}

impl Warning {
    /// A warning.
    pub fn new(code: WarningCode, message: impl Into<String>) -> Warning {
        Warning { code, message: message.into() }
    }
}

/// Formats a count for a sentence: 12,345.
pub fn thousands(v: f64) -> String {
    if !v.is_finite() {
        return "unbounded".into();
    }
    let s = format!("{:.0}", v);
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Warnings every method shares: what in the table limits any estimate.
pub fn table_warnings(table: &CaptureTable) -> Vec<Warning> {
    let mut w = Vec::new();
    let t = table.list_count();
    for i in 0..t {
        let bit = 1usize << i;
        let alone = table.counts[bit];
        let on = table.on_list(i);
        if on == 0 {
            w.push(Warning::new(WarningCode::EmptyList, format!("list '{}' is empty", table.lists[i])));
        } else if on == alone {
            w.push(Warning::new(
                WarningCode::IsolatedList,
                format!(
                    "list '{}' overlaps no other list: the data say nothing about how many it missed, so every estimate involving it rests on assumption alone",
                    table.lists[i]
                ),
            ));
        } else if on < 10 {
            w.push(Warning::new(
                WarningCode::SmallList,
                format!("list '{}' has only {on} individuals: too few to say much about its coverage", table.lists[i]),
            ));
        }
    }
    let subsets = table.subset_pairs();
    for &(a, b) in &subsets {
        let same = subsets.contains(&(b, a));
        if same && a > b {
            continue;
        }
        let message = if same {
            format!(
                "lists '{}' and '{}' hold exactly the same {} people: they are one source, not two, and their overlap says nothing about who both missed. Drop one of them and estimate again",
                table.lists[a],
                table.lists[b],
                thousands(table.on_list(a) as f64)
            )
        } else {
            format!(
                "everyone on list '{}' ({} people) is also on list '{}': it adds nobody new, so its overlap with '{}' says nothing about who both missed, and the models that treat them as separate sources can fail or mislead. Drop '{}', or merge it into '{}', and estimate again",
                table.lists[a],
                thousands(table.on_list(a) as f64),
                table.lists[b],
                table.lists[b],
                table.lists[a],
                table.lists[b]
            )
        };
        w.push(Warning::new(WarningCode::SubsetList, message));
    }
    let zeros = table.counts.iter().skip(1).filter(|&&c| c == 0).count();
    if zeros > 0 {
        w.push(Warning::new(
            WarningCode::EmptyCells,
            format!(
                "{zeros} of the {} observable patterns have no one in them; models with interactions resting on those cells are fitted on the boundary or cannot be estimated",
                table.counts.len() - 1
            ),
        ));
    }
    w
}
