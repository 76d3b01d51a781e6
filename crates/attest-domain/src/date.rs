//! Uncertain dates, after ISO 8601-2 / EDTF level 1.
//!
//! Witnesses rarely give exact dates: "in 1953", "in the 1990s", "around 1990, I think", "from 1953
//! until 1993". An [`UncertainDate`] keeps what was said (as canonical EDTF text) together with the
//! earliest and latest calendar days it can mean, so that later engines can compare intervals
//! instead of pretending to exact values. Written by hand because the EDTF crates on crates.io either
//! pull a full date-time library or do not cover level 1 qualifiers on both ends of an interval.

use std::fmt;

use serde::Serialize;

/// One calendar day in the proleptic Gregorian calendar (no time of day, no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Day {
    /// Year, 0 to 9999.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl Day {
    /// The first day of `year`.
    pub fn first_of_year(year: u16) -> Day {
        Day { year, month: 1, day: 1 }
    }

    /// The last day of `year`.
    pub fn last_of_year(year: u16) -> Day {
        Day { year, month: 12, day: 31 }
    }

    /// The day as `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01 (negative before it): the one day arithmetic of attest, for gaps
    /// between dates and for turning clock seconds into a date (Howard Hinnant's algorithms).
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01; `None` outside the years 0 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Day> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Day { year: u16::try_from(year).ok().filter(|y| *y <= 9999)?, month: month as u8, day: day as u8 })
    }
}

/// Number of days in a month of a year.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
            if leap { 29 } else { 28 }
        }
    }
}

/// How finely a date (or the finer end of an interval) is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Precision {
    /// A full calendar day.
    Day,
    /// A month of a year.
    Month,
    /// A season of a year (EDTF 21-24).
    Season,
    /// A year.
    Year,
    /// A decade, such as `199X`.
    Decade,
    /// A century, such as `19XX`.
    Century,
    /// An interval between two dates.
    Interval,
}

/// An uncertain or approximate date or interval, parsed from EDTF level 1 text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UncertainDate {
    /// Canonical EDTF text, e.g. `1953/1993`, `199X`, `1990~`.
    pub edtf: String,
    /// The earliest day the date can mean; `None` for an open or unknown start.
    pub earliest: Option<Day>,
    /// The latest day the date can mean; `None` for an open or unknown end.
    pub latest: Option<Day>,
    /// How finely it is known.
    pub precision: Precision,
    /// The speaker gave it as approximate (`~`, `%`).
    pub approximate: bool,
    /// The speaker was unsure of it (`?`, `%`).
    pub uncertain: bool,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "date '{input}': {reason}. Write a date such as 1953, 1953-07 for July 1953, 1953-07-27 for 27 July 1953, \
     1990s for the 1990s, 1953/1993 for 1953 to 1993, 1990~ for around 1990 or 1990? for maybe 1990"
)]
pub struct DateError {
    /// The text that was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

struct Single {
    text: String,
    earliest: Day,
    latest: Day,
    precision: Precision,
    approximate: bool,
    uncertain: bool,
}

impl UncertainDate {
    /// Parses EDTF level 1 text, plus two everyday spellings: `1990s` (read as `199X`) and
    /// `1953-1993` (read as the interval `1953/1993`).
    pub fn parse(input: &str) -> Result<UncertainDate, DateError> {
        let err = |reason: &str| DateError { input: input.to_string(), reason: reason.to_string() };
        let text = input.trim();
        if text.is_empty() {
            return Err(err("it is empty"));
        }
        if let Some((start, end)) = text.split_once('/') {
            return parse_interval(start, end).map_err(|reason| err(&reason));
        }
        // "1953-1993": a year range written with a hyphen. "1953-12" stays a month.
        if let Some((a, b)) = text.split_once('-')
            && a.len() == 4
            && b.len() == 4
            && b.bytes().all(|c| c.is_ascii_digit())
        {
            return parse_interval(a, b).map_err(|reason| err(&reason));
        }
        let single = parse_single(text).map_err(|reason| err(&reason))?;
        Ok(UncertainDate {
            edtf: single.text,
            earliest: Some(single.earliest),
            latest: Some(single.latest),
            precision: single.precision,
            approximate: single.approximate,
            uncertain: single.uncertain,
        })
    }

    /// True when the two dates can refer to a common day.
    pub fn overlaps(&self, other: &UncertainDate) -> bool {
        let starts_before_other_ends = match (self.earliest, other.latest) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.earliest, self.latest) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }
}

impl fmt::Display for UncertainDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.edtf)
    }
}

fn parse_interval(start: &str, end: &str) -> Result<UncertainDate, String> {
    let open = |s: &str| s.trim().is_empty() || s.trim() == "..";
    if open(start) && open(end) {
        return Err("a period needs at least one known end".into());
    }
    let start = if open(start) { None } else { Some(parse_single(start.trim())?) };
    let end = if open(end) { None } else { Some(parse_single(end.trim())?) };
    if let (Some(s), Some(e)) = (&start, &end)
        && s.earliest > e.latest
    {
        return Err(format!("the period starts ({}) after it ends ({})", s.text, e.text));
    }
    let side = |s: &Option<Single>| s.as_ref().map_or_else(|| "..".to_string(), |s| s.text.clone());
    Ok(UncertainDate {
        edtf: format!("{}/{}", side(&start), side(&end)),
        earliest: start.as_ref().map(|s| s.earliest),
        latest: end.as_ref().map(|e| e.latest),
        precision: Precision::Interval,
        approximate: start.as_ref().is_some_and(|s| s.approximate) || end.as_ref().is_some_and(|e| e.approximate),
        uncertain: start.as_ref().is_some_and(|s| s.uncertain) || end.as_ref().is_some_and(|e| e.uncertain),
    })
}

fn parse_single(text: &str) -> Result<Single, String> {
    let (body, approximate, uncertain) = match text.as_bytes().last() {
        Some(b'~') => (&text[..text.len() - 1], true, false),
        Some(b'?') => (&text[..text.len() - 1], false, true),
        Some(b'%') => (&text[..text.len() - 1], true, true),
        _ => (text, false, false),
    };
    // "1990s" is how people write 199X.
    let decade_word;
    let body = match body.strip_suffix('s') {
        Some(b) if b.len() == 4 && b.ends_with('0') && b.bytes().all(|c| c.is_ascii_digit()) => {
            decade_word = format!("{}X", &b[..3]);
            decade_word.as_str()
        }
        _ => body,
    };
    let parts: Vec<&str> = body.split('-').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return Err("write the year first, then the month and the day, joined by hyphens".into());
    }
    let year_text = parts[0];
    if year_text.len() != 4 || !year_text.bytes().all(|c| c.is_ascii_digit() || c == b'X') {
        return Err(format!("the year '{year_text}' needs four digits (for a decade: 1990s)"));
    }
    let unknown = year_text.bytes().rev().take_while(|&c| c == b'X').count();
    if year_text[..4 - unknown].contains('X') {
        return Err(format!("in the year '{year_text}' only the last digits may be unknown (199X)"));
    }
    if unknown > 2 {
        return Err(format!("in the year '{year_text}' at most the last two digits may be unknown (19XX, a century)"));
    }
    let known: u16 = if unknown == 4 { 0 } else { year_text[..4 - unknown].parse().map_err(|_| "bad year")? };
    let scale = 10u16.pow(unknown as u32);
    let (first_year, last_year) = (known * scale, known * scale + scale - 1);
    let mut precision = match unknown {
        0 => Precision::Year,
        1 => Precision::Decade,
        _ => Precision::Century,
    };
    let mut earliest = Day::first_of_year(first_year);
    let mut latest = Day::last_of_year(last_year);
    let qual = |s: &str| match (approximate, uncertain) {
        (true, true) => format!("{s}%"),
        (true, false) => format!("{s}~"),
        (false, true) => format!("{s}?"),
        _ => s.to_string(),
    };
    if parts.len() == 1 {
        return Ok(Single { text: qual(body), earliest, latest, precision, approximate, uncertain });
    }
    if unknown > 0 {
        return Err(format!("the year '{year_text}' is not known exactly, so it cannot have a month"));
    }
    let year = first_year;
    let month_text = parts[1];
    if month_text == "XX" {
        if parts.len() == 3 && parts[2] != "XX" {
            return Err("a day needs a known month".into());
        }
        // 1985-XX or 1985-XX-XX: a year whose month was not given.
        return Ok(Single { text: qual(body), earliest, latest, precision, approximate, uncertain });
    }
    if month_text.len() != 2 || !month_text.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!("the month '{month_text}' needs two digits, 01 to 12 (or 21 to 24 for spring to winter)"));
    }
    let month: u8 = month_text.parse().map_err(|_| "bad month")?;
    if (21..=24).contains(&month) {
        if parts.len() == 3 {
            return Err("a season cannot have a day".into());
        }
        (earliest, latest) = match month {
            21 => (Day { year, month: 3, day: 1 }, Day { year, month: 5, day: 31 }),
            22 => (Day { year, month: 6, day: 1 }, Day { year, month: 8, day: 31 }),
            23 => (Day { year, month: 9, day: 1 }, Day { year, month: 11, day: 30 }),
            _ => {
                let next = year.checked_add(1).filter(|y| *y <= 9999).ok_or("year out of range")?;
                (Day { year, month: 12, day: 1 }, Day { year: next, month: 2, day: days_in_month(next, 2) })
            }
        };
        return Ok(Single { text: qual(body), earliest, latest, precision: Precision::Season, approximate, uncertain });
    }
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month_text}: write 01 to 12 (or 21 to 24 for spring to winter)"));
    }
    earliest = Day { year, month, day: 1 };
    latest = Day { year, month, day: days_in_month(year, month) };
    precision = Precision::Month;
    if parts.len() == 3 {
        let day_text = parts[2];
        if day_text != "XX" {
            if day_text.len() != 2 || !day_text.bytes().all(|c| c.is_ascii_digit()) {
                return Err(format!("the day '{day_text}' needs two digits, 01 to 31"));
            }
            let day: u8 = day_text.parse().map_err(|_| "bad day")?;
            if day == 0 || day > days_in_month(year, month) {
                return Err(format!("day {day} does not exist in {year:04}-{month:02}"));
            }
            earliest = Day { year, month, day };
            latest = earliest;
            precision = Precision::Day;
        }
    }
    Ok(Single { text: qual(body), earliest, latest, precision, approximate, uncertain })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic_round_trips_and_counts_leap_days() {
        let d = |year, month, day| Day { year, month, day };
        assert_eq!(d(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(d(2000, 3, 1).days_since_epoch() - d(2000, 2, 28).days_since_epoch(), 2);
        assert_eq!(d(1900, 3, 1).days_since_epoch() - d(1900, 2, 28).days_since_epoch(), 1);
        for day in [d(0, 1, 1), d(1953, 7, 27), d(2000, 2, 29), d(9999, 12, 31)] {
            assert_eq!(Day::from_days_since_epoch(day.days_since_epoch()), Some(day));
        }
        assert_eq!(Day::from_days_since_epoch(d(9999, 12, 31).days_since_epoch() + 1), None);
    }

    fn check(input: &str, edtf: &str, earliest: Option<&str>, latest: Option<&str>) {
        let d = UncertainDate::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(d.edtf, edtf, "{input}");
        assert_eq!(d.earliest.map(|d| d.iso()).as_deref(), earliest, "{input} earliest");
        assert_eq!(d.latest.map(|d| d.iso()).as_deref(), latest, "{input} latest");
    }

    #[test]
    fn level_zero_and_one() {
        check("1953", "1953", Some("1953-01-01"), Some("1953-12-31"));
        check("1953-07", "1953-07", Some("1953-07-01"), Some("1953-07-31"));
        check("1953-07-27", "1953-07-27", Some("1953-07-27"), Some("1953-07-27"));
        check("2000-02", "2000-02", Some("2000-02-01"), Some("2000-02-29"));
        check("1900-02", "1900-02", Some("1900-02-01"), Some("1900-02-28"));
        check("199X", "199X", Some("1990-01-01"), Some("1999-12-31"));
        check("1990s", "199X", Some("1990-01-01"), Some("1999-12-31"));
        check("19XX", "19XX", Some("1900-01-01"), Some("1999-12-31"));
        check("1953/1993", "1953/1993", Some("1953-01-01"), Some("1993-12-31"));
        check("1953-1993", "1953/1993", Some("1953-01-01"), Some("1993-12-31"));
        check("1990~", "1990~", Some("1990-01-01"), Some("1990-12-31"));
        check("1990?", "1990?", Some("1990-01-01"), Some("1990-12-31"));
        check("1990%", "1990%", Some("1990-01-01"), Some("1990-12-31"));
        check("1985/..", "1985/..", Some("1985-01-01"), None);
        check("/1985", "../1985", None, Some("1985-12-31"));
        check("2001-21", "2001-21", Some("2001-03-01"), Some("2001-05-31"));
        check("2001-24", "2001-24", Some("2001-12-01"), Some("2002-02-28"));
        check("1985-XX", "1985-XX", Some("1985-01-01"), Some("1985-12-31"));
        check("1990~/1995?", "1990~/1995?", Some("1990-01-01"), Some("1995-12-31"));
    }

    #[test]
    fn qualifiers_are_flagged() {
        let d = UncertainDate::parse("1990~").unwrap();
        assert!(d.approximate && !d.uncertain);
        let d = UncertainDate::parse("1990?").unwrap();
        assert!(!d.approximate && d.uncertain);
        let d = UncertainDate::parse("199X").unwrap();
        assert_eq!(d.precision, Precision::Decade);
    }

    #[test]
    fn malformed_dates_are_refused_with_a_reason() {
        for bad in [
            "",
            "53",
            "1953-13",
            "1953-02-30",
            "1953-7",
            "19X3",
            "1993/1953",
            "../..",
            "X999",
            "1953-07-27-01",
            "abcd",
            "1XXX",
            "1990~?",
            "+1990",
            "-0100",
            "1990 s",
            "199x",
            "１９９０",
            "1990/1995/2000",
            "9999-24",
            "1953-XX-05",
            "1953-00",
            "1953-07-00",
            "1990\u{7}",
        ] {
            let e = UncertainDate::parse(bad).expect_err(bad);
            assert_eq!(e.input, bad);
            assert!(!e.reason.is_empty());
        }
    }

    #[test]
    fn overlap_is_interval_intersection() {
        let p = |s| UncertainDate::parse(s).unwrap();
        assert!(p("199X").overlaps(&p("1995")));
        assert!(!p("199X").overlaps(&p("2001")));
        assert!(p("1985/..").overlaps(&p("2020")));
        assert!(!p("../1985").overlaps(&p("1990")));
    }
}

/// Property tests: every accepted date round-trips through its canonical EDTF text, and the
/// bounds of every accepted date are real calendar days in order.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn round_trips(input: &str) -> Result<(), TestCaseError> {
        if let Ok(first) = UncertainDate::parse(input) {
            let again = UncertainDate::parse(&first.to_string())
                .map_err(|e| TestCaseError::fail(format!("{input:?} -> {first}: {e}")))?;
            prop_assert_eq!(&again, &first, "{:?}", input);
            for day in [first.earliest, first.latest].into_iter().flatten() {
                prop_assert!(
                    (1..=12).contains(&day.month) && day.day >= 1 && day.day <= days_in_month(day.year, day.month)
                );
            }
            if let (Some(a), Some(b)) = (first.earliest, first.latest) {
                prop_assert!(a <= b, "{:?}: {:?} after {:?}", input, a, b);
            }
        }
        Ok(())
    }

    fn single() -> impl Strategy<Value = String> {
        let qualifier = prop::sample::select(vec!["", "~", "?", "%"]);
        prop_oneof![
            (0u16..10000).prop_map(|y| format!("{y:04}")),
            (0u16..1000).prop_map(|y| format!("{y:03}X")),
            (0u16..100).prop_map(|y| format!("{y:02}XX")),
            (0u16..10000, 0u8..26).prop_map(|(y, m)| format!("{y:04}-{m:02}")),
            (0u16..10000, 0u8..14, 0u8..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            (0u16..1000).prop_map(|y| format!("{y:03}0s")),
        ]
        .prop_flat_map(move |s| qualifier.clone().prop_map(move |q| format!("{s}{q}")))
    }

    proptest! {
        #[test]
        fn singles_round_trip(s in single()) {
            round_trips(&s)?;
        }

        #[test]
        fn intervals_round_trip(a in single(), b in single(), open in 0u8..3) {
            let text = match open {
                0 => format!("{a}/{b}"),
                1 => format!("../{b}"),
                _ => format!("{a}/.."),
            };
            round_trips(&text)?;
        }

        #[test]
        fn any_text_that_is_accepted_round_trips(text in "[0-9X/.~?%s -]{0,16}") {
            round_trips(&text)?;
        }

        #[test]
        fn any_unicode_that_is_accepted_round_trips(text in "\\PC{0,16}") {
            round_trips(&text)?;
        }
    }
}
