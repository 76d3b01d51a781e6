//! Admiralty grades as the system means them: a source letter A-F and an information digit 1-6,
//! where F and 6 mean "cannot be judged" (not assessed) rather than "worse than E and 5", and
//! information 1 means "confirmed by other sources", which is the conclusion corroboration draws
//! and so is circular as an input.

use attest_domain::Reliability;
use serde::Serialize;

use crate::input::{Config, Unassessed};

/// An input grade the engine changed: the facts of a report's warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeWarning {
    /// `claim` (its own grade) or `source` (the source's grade).
    pub of: &'static str,
    /// The claim or source id.
    pub id: String,
    /// The information grade given.
    pub information: u8,
}

impl GradeWarning {
    /// The warning in the report's English.
    pub fn english(&self) -> String {
        let what = format!("{} {}", self.of, self.id);
        if self.information == 1 {
            format!(
                "{what}: information grade 1 (\"confirmed by other sources\") is circular as an input to corroboration; \
                 stripped and treated as not assessed (6). Grade the information on its own."
            )
        } else {
            format!("{what}: information grade {} is not 1-6; the source's grade is used", self.information)
        }
    }
}

/// The grade of one claim: its source's letter and the claim's own information digit when
/// given, else the source's. Information 1 is stripped to 6 (not assessed); `warn` receives the
/// reason. `of` and `id` name what carries the grade (`claim`/`source` and its id).
pub(crate) fn claim_grade(
    source: Option<Reliability>,
    claim_information: Option<u8>,
    (of, id): (&'static str, &str),
    warn: &mut dyn FnMut(GradeWarning),
) -> Option<Reliability> {
    let mut g = source?;
    let warning = |information| GradeWarning { of, id: id.to_string(), information };
    if let Some(i) = claim_information {
        if (1..=6).contains(&i) {
            g.information = i;
        } else {
            warn(warning(i));
        }
    }
    if g.information == 1 {
        warn(warning(1));
        g.information = 6;
    }
    Some(g)
}

/// F or 6: at least one component not assessed.
pub(crate) fn not_assessed(g: Reliability) -> bool {
    g.source == 'F' || g.information == 6
}

/// The grade meets the configured level, under the case's policy for F and 6.
pub(crate) fn meets(g: Reliability, config: &Config) -> bool {
    let min = config.min_reliability;
    let assume = config.unassessed == Unassessed::AssumeMinimum;
    if g.source == 'F' && g.information == 6 {
        return false;
    }
    let letter = if g.source == 'F' { assume } else { g.source <= min.source };
    let digit = if g.information == 6 { assume } else { g.information <= min.information };
    letter && digit
}

/// Orders grades for display: those that meet the level first, then by letter and digit.
pub(crate) fn rank(g: Reliability, config: &Config) -> (bool, char, u8) {
    (!meets(g, config), g.source, g.information)
}

/// The sentence a report prints about the case's policy for F and 6.
pub(crate) fn policy_sentence(config: &Config) -> String {
    let level = config.min_reliability;
    let head = "Admiralty grades: F (source reliability cannot be judged) and 6 (truth cannot be judged) are read as \
                not assessed, not as worse than E and 5. Information grade 1 (confirmed by other sources) is not \
                accepted as input: it is stripped to 6 with a warning.";
    match config.unassessed {
        Unassessed::NotReliable => format!(
            "{head} Case policy: a line whose originating grade is not assessed (F or 6) is not counted as reliable \
             ({level} or better is required on both components)."
        ),
        Unassessed::AssumeMinimum => format!(
            "{head} Case policy: a not-assessed component (F or 6) is taken as meeting the minimum level {level} \
             when the other component is assessed and meets it; F6 never counts."
        ),
    }
}
