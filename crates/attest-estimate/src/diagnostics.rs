//! Warnings: what in a table or a fit limits the estimate, each with a stable code (for tests,
//! scripts and the JSON output) and a sentence a reader of a human-rights report understands.

use serde::Serialize;

use crate::table::CaptureTable;

/// What a warning is about. The codes are stable; the messages may be reworded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// Stable code.
    pub code: WarningCode,
    /// Plain words.
    pub message: String,
    /// The names the message quotes, in its order, so that a face can say the warning in
    /// another language: list names (`EmptyList`, `IsolatedList`, `SmallList`: the list;
    /// `SubsetList`, `NoOverlap`, `FewInCommon`, `PairBelowObserved`: the two lists;
    /// `SmallCell`: the lists of the cell), models (`Boundary`, `Diverges`: the model, then the
    /// empty cells; `NotConverged`, `Saturated`, `PoorFit`: the model; `CloseModel`: the next
    /// model; `CriteriaDisagree`: AIC's model, BIC's model) or methods (`MethodsDisagree`: each
    /// pair that disagrees, two by two). Not in the JSON output, which has the message.
    #[serde(skip)]
    pub names: Vec<String>,
    /// The figures the message quotes, unrounded, in its order: `SmallList` the list's size;
    /// `SubsetList` the subset's size and 1 when both lists hold the same people; `EmptyCells`
    /// the empty and all observable patterns; `Stepwise`, `Saturated`, `PairwiseOnly` the
    /// number of lists; `PoorFit` deviance, degrees of freedom, p; `LargeMultiple` the ratio;
    /// `SmallCell` the cell's count and the change in per cent; `CloseModel` the next model's
    /// estimate (none: no finite figure); `NoOverlap` the lower bound; `FewInCommon` the people
    /// in common and the threshold; `PairBelowObserved` the pair's figure and the observed;
    /// `PairsDisagree` the lowest and highest pair; `PosteriorAtLimit` the largest total
    /// considered; `DeltaSensitive` the lowest and highest delta, then the lowest and highest
    /// median; `DegeneratePosterior` the value, delta, and 1 when another prior gives an
    /// interval; `LowEffectiveSampleSize` the effective sample size; `ChainNotConverged`
    /// Geweke's z. Not in the JSON output.
    #[serde(skip)]
    pub figures: Vec<f64>,
}

impl Warning {
    /// A warning.
    pub fn new(code: WarningCode, message: impl Into<String>) -> Warning {
        Warning { code, message: message.into(), names: Vec::new(), figures: Vec::new() }
    }

    /// With the names its message quotes.
    pub fn names<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Warning {
        self.names = names.into_iter().map(|n| n.as_ref().to_string()).collect();
        self
    }

    /// With the figures its message quotes.
    pub fn figures(mut self, figures: impl IntoIterator<Item = f64>) -> Warning {
        self.figures = figures.into_iter().collect();
        self
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
            w.push(
                Warning::new(WarningCode::EmptyList, format!("list '{}' is empty", table.lists[i]))
                    .names([&table.lists[i]]),
            );
        } else if on == alone {
            w.push(Warning::new(
                WarningCode::IsolatedList,
                format!(
                    "list '{}' overlaps no other list: the data say nothing about how many it missed, so every estimate involving it rests on assumption alone",
                    table.lists[i]
                ),
            ).names([&table.lists[i]]));
        } else if on < 10 {
            w.push(
                Warning::new(
                    WarningCode::SmallList,
                    format!(
                        "list '{}' has only {on} individuals: too few to say much about its coverage",
                        table.lists[i]
                    ),
                )
                .names([&table.lists[i]])
                .figures([on as f64]),
            );
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
        w.push(
            Warning::new(WarningCode::SubsetList, message)
                .names([&table.lists[a], &table.lists[b]])
                .figures([table.on_list(a) as f64, f64::from(u8::from(same))]),
        );
    }
    let zeros = table.counts.iter().skip(1).filter(|&&c| c == 0).count();
    if zeros > 0 {
        w.push(Warning::new(
            WarningCode::EmptyCells,
            format!(
                "{zeros} of the {} observable patterns have no one in them; models with interactions resting on those cells are fitted on the boundary or cannot be estimated",
                table.counts.len() - 1
            ),
        ).figures([zeros as f64, (table.counts.len() - 1) as f64]));
    }
    w
}
