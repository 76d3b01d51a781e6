//! How the details of two claims from independent lines agree, apart from whether the event
//! happened. Witnesses estimate: counts are compared by ratio, approximate and uncertain dates
//! are widened, a winter is read on both sides of the year boundary, and counts of different
//! things (the dead, those present, survivors) are never compared.
//!
//! Each difference is `tolerated` (within what the words allow: no difference in substance),
//! `varied` (the accounts differ as honest accounts do), `disputed` (they cannot both be right)
//! or `not-compared` (different things were counted). An event's details are `consistent`,
//! `varied` or `disputed` by its worst difference.

use attest_domain::{Day, Precision, UncertainCount, UncertainDate};
use serde::Serialize;

use crate::input::{ClaimInput, Config, act_family};

/// How the details of an event or claim agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Details {
    /// No difference beyond what the words allow.
    #[default]
    Consistent,
    /// The accounts differ as independent honest accounts do (a count within the witness
    /// tolerance, dates a few months apart).
    Varied,
    /// Independent lines give details that cannot both be right (6 against 600 dead).
    Disputed,
}

/// One difference between two claims of independent lines.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    /// `count`, `date`, `place` or `act`.
    pub field: &'static str,
    /// One claim.
    pub claim_a: String,
    /// What it says.
    pub value_a: String,
    /// The other claim.
    pub claim_b: String,
    /// What it says.
    pub value_b: String,
    /// `tolerated`, `varied`, `disputed` or `not-compared`.
    pub agreement: &'static str,
    /// Why, in words.
    pub note: String,
}

impl Difference {
    pub(crate) fn details(&self) -> Details {
        match self.agreement {
            "disputed" => Details::Disputed,
            "varied" => Details::Varied,
            _ => Details::Consistent,
        }
    }
}

/// A day number, for gaps between dates (the domain's day arithmetic).
pub(crate) fn day_number(d: Day) -> i64 {
    d.days_since_epoch()
}

const OPEN_START: i64 = i64::MIN / 4;
const OPEN_END: i64 = i64::MAX / 4;

fn is_winter(d: &UncertainDate) -> bool {
    d.precision == Precision::Season && d.earliest.is_some_and(|e| e.month == 12)
}

/// The readings of a date as day spans: one, or two for a winter ("1997년 겨울" is often
/// January-February 1997, EDTF 1997-24 is December 1997 to February 1998). A fixed pair, not a
/// vector: dates are compared pairwise across large events.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Readings {
    spans: [(i64, i64); 2],
    n: usize,
}

impl Readings {
    pub(crate) fn as_slice(&self) -> &[(i64, i64)] {
        &self.spans[..self.n]
    }
}

pub(crate) fn readings(d: &UncertainDate) -> Readings {
    let span = (d.earliest.map_or(OPEN_START, day_number), d.latest.map_or(OPEN_END, day_number));
    let mut out = Readings { spans: [span, span], n: 1 };
    if is_winter(d)
        && let Some(e) = d.earliest
        && e.year > 0
    {
        let prev = Day { year: e.year - 1, month: 12, day: 1 };
        let end = Day { year: e.year, month: 2, day: attest_domain::date::days_in_month(e.year, 2) };
        out.spans[1] = (day_number(prev), day_number(end));
        out.n = 2;
    }
    out
}

/// How far an approximate (`~`) or uncertain (`?`) date reaches either side, by precision; twice
/// that for both (`%`).
fn margin(d: &UncertainDate) -> i64 {
    if !d.approximate && !d.uncertain {
        return 0;
    }
    let base = match d.precision {
        Precision::Day => 30,
        Precision::Month | Precision::Season => 61,
        Precision::Year | Precision::Interval => 366,
        Precision::Decade => 1827,
        Precision::Century => 3653,
    };
    if d.approximate && d.uncertain { 2 * base } else { base }
}

/// The readings widened by their approximation.
pub(crate) fn widened(d: &UncertainDate) -> Readings {
    let m = margin(d);
    let mut r = readings(d);
    for s in r.spans.iter_mut() {
        *s = (s.0.saturating_sub(m), s.1.saturating_add(m));
    }
    r
}

/// The span a date can reach, for grouping: the hull of its widened readings.
pub(crate) fn grouping_span(d: &UncertainDate) -> (i64, i64) {
    let w = widened(d);
    let w = w.as_slice();
    (w.iter().map(|x| x.0).min().unwrap_or(OPEN_START), w.iter().map(|x| x.1).max().unwrap_or(OPEN_END))
}

fn any_overlap(a: &[(i64, i64)], b: &[(i64, i64)]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.0 <= y.1 && y.0 <= x.1))
}

fn distance(a: &[(i64, i64)], b: &[(i64, i64)]) -> i64 {
    let mut best = i64::MAX;
    for x in a {
        for y in b {
            let d = if x.1 < y.0 {
                y.0 - x.1
            } else if y.1 < x.0 {
                x.0 - y.1
            } else {
                0
            };
            best = best.min(d);
        }
    }
    best
}

/// Canonical name of what was counted, so "killed" and "dead" agree.
fn counted_kind(s: &str) -> String {
    let s = s.trim().to_lowercase();
    match s.as_str() {
        "dead" | "killed" | "deaths" | "died" | "executed" | "사망" | "사망자" | "죽은" => "dead".into(),
        "present" | "held" | "prisoners" | "detained" | "trapped" | "workers" => "present".into(),
        "survivors" | "survived" | "생존자" => "survivors".into(),
        _ => s,
    }
}

/// Compares two counts: `None` when they can be the same number.
fn count_agreement(x: &UncertainCount, y: &UncertainCount, config: &Config) -> Option<(&'static str, String)> {
    if x.overlaps(y) {
        return None;
    }
    let (lo_high, hi_low) = match (x.high, y.high) {
        (Some(xh), _) if xh < y.low => (xh, y.low),
        (_, Some(yh)) => (yh, x.low),
        _ => return None,
    };
    let ratio = hi_low as f64 / lo_high.max(1) as f64;
    let approx = x.approximate || y.approximate;
    if approx && ratio <= 1.25 {
        Some(("tolerated", format!("within the tolerance of an estimate (ratio {ratio:.2})")))
    } else if ratio <= config.count_ratio || hi_low - lo_high <= 2 {
        Some(("varied", format!("witness estimates differ (ratio {ratio:.2}, within {:.2})", config.count_ratio)))
    } else {
        Some(("disputed", format!("the figures cannot both be right (ratio {ratio:.1})")))
    }
}

/// Compares two dates: `None` when they can be the same time.
fn date_agreement(x: &UncertainDate, y: &UncertainDate) -> Option<(&'static str, String)> {
    let (rx, ry) = (readings(x), readings(y));
    let (rx, ry) = (rx.as_slice(), ry.as_slice());
    if any_overlap(rx, ry) {
        return None;
    }
    if any_overlap(widened(x).as_slice(), widened(y).as_slice()) {
        return Some(("tolerated", "within the stated approximation or uncertainty".into()));
    }
    let d = distance(rx, ry);
    if d <= 366 {
        Some(("varied", format!("{d} days apart: witnesses' dates differ")))
    } else {
        Some(("disputed", format!("{d} days apart: the dates cannot both be right")))
    }
}

/// A place as the engine compares it.
#[derive(Debug, Clone)]
pub(crate) struct PlaceFacts {
    pub written: String,
    pub resolved: attest_korean::gazetteer::ResolvedPlace,
}

/// How two places relate: `Same`, one `Within` the other, or `Different`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceRelation {
    Same,
    Within,
    Different,
}

pub(crate) fn place_relation(a: &PlaceFacts, b: &PlaceFacts) -> PlaceRelation {
    if a.resolved.key == b.resolved.key {
        PlaceRelation::Same
    } else if a.resolved.within(&b.resolved) || b.resolved.within(&a.resolved) {
        PlaceRelation::Within
    } else {
        PlaceRelation::Different
    }
}

/// The differences between two claims, with `pattern` set for continuing situations (whose
/// dates are periods of coverage, not moments to agree on).
pub(crate) fn differences(
    a: &ClaimInput,
    b: &ClaimInput,
    pa: Option<&PlaceFacts>,
    pb: Option<&PlaceFacts>,
    pattern: bool,
    config: &Config,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |field, va: String, vb: String, (agreement, note): (&'static str, String)| {
        out.push(Difference {
            field,
            claim_a: a.claim_id.clone(),
            value_a: va,
            claim_b: b.claim_id.clone(),
            value_b: vb,
            agreement,
            note,
        })
    };
    // In a continuing situation, counts of different years are not the same count.
    let same_time = !pattern
        || match (&a.when, &b.when) {
            (Some(x), Some(y)) => any_overlap(readings(x).as_slice(), readings(y).as_slice()),
            _ => true,
        };
    if same_time && let (Some(x), Some(y)) = (&a.count, &b.count) {
        let (ka, kb) = (a.counted.as_deref().map(counted_kind), b.counted.as_deref().map(counted_kind));
        let show = |c: &UncertainCount, k: &Option<String>| match k {
            Some(k) => format!("{} {k}", c.text),
            None => c.text.clone(),
        };
        match (&ka, &kb) {
            (Some(p), Some(q)) if p != q => push(
                "count",
                show(x, &ka),
                show(y, &kb),
                ("not-compared", format!("different things counted ({p}, {q})")),
            ),
            _ => {
                if let Some(r) = count_agreement(x, y, config) {
                    push("count", show(x, &ka), show(y, &kb), r);
                }
            }
        }
    }
    if !pattern
        && let (Some(x), Some(y)) = (&a.when, &b.when)
        && let Some(r) = date_agreement(x, y)
    {
        push("date", x.edtf.clone(), y.edtf.clone(), r);
    }
    if let (Some(x), Some(y)) = (pa, pb) {
        match place_relation(x, y) {
            PlaceRelation::Same => {}
            PlaceRelation::Within => push(
                "place",
                x.written.clone(),
                y.written.clone(),
                ("tolerated", "one place lies within the other: given at different precision".into()),
            ),
            PlaceRelation::Different => push(
                "place",
                x.written.clone(),
                y.written.clone(),
                ("disputed", "different places (joined by an analyst's merge)".into()),
            ),
        }
    }
    if a.act != b.act {
        let note = if act_family(&a.act) == act_family(&b.act) {
            (
                "tolerated",
                format!(
                    "labels of one act family ({}): the legal label is applied after the facts",
                    act_family(&a.act)
                ),
            )
        } else {
            ("varied", "different acts (joined by an analyst's merge)".into())
        };
        push("act", a.act.clone(), b.act.clone(), note);
    }
    out
}

/// The worst agreement among differences.
pub(crate) fn worst<'d>(diffs: impl IntoIterator<Item = &'d Difference>) -> Details {
    diffs.into_iter().map(Difference::details).max().unwrap_or(Details::Consistent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_days() {
        let d = |year, month, day| day_number(Day { year, month, day });
        assert_eq!(d(2000, 3, 1) - d(2000, 2, 28), 2);
        assert_eq!(d(1999, 3, 1) - d(1999, 2, 28), 1);
        assert_eq!(d(1998, 1, 1) - d(1997, 1, 1), 365);
        assert_eq!(d(2001, 1, 1) - d(2000, 1, 1), 366);
    }

    #[test]
    fn counts_by_ratio() {
        let c = |s| UncertainCount::parse(s).unwrap_or_else(|e| panic!("{e}"));
        let cfg = Config::default();
        assert_eq!(count_agreement(&c("17"), &c("about 20"), &cfg).map(|r| r.0), Some("tolerated"));
        assert_eq!(count_agreement(&c("20"), &c("26"), &cfg).map(|r| r.0), Some("varied"));
        assert_eq!(count_agreement(&c("6"), &c("8"), &cfg).map(|r| r.0), Some("varied"));
        assert_eq!(count_agreement(&c("6"), &c("600"), &cfg).map(|r| r.0), Some("disputed"));
        assert_eq!(count_agreement(&c("at least 22"), &c("about 20"), &cfg), None);
        assert_eq!(count_agreement(&c("600"), &c("6"), &cfg).map(|r| r.0), Some("disputed"));
    }

    #[test]
    fn dates_widen_and_winters_read_both_ways() {
        let d = |s| UncertainDate::parse(s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(date_agreement(&d("1995~"), &d("1996")).map(|r| r.0), Some("tolerated"));
        assert_eq!(date_agreement(&d("1995"), &d("1996")).map(|r| r.0), Some("varied"));
        assert_eq!(date_agreement(&d("1995"), &d("1999")).map(|r| r.0), Some("disputed"));
        assert_eq!(date_agreement(&d("1997-24"), &d("1997-02")), None);
        assert_eq!(date_agreement(&d("1997-24"), &d("1998-01")), None);
        assert!(date_agreement(&d("1997-24"), &d("1997-07")).is_some());
    }
}
