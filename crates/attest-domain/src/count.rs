//! Uncertain counts: "about 670", "at least 23", "20-30", "23, of whom 6 survived", "수십 명".
//!
//! Testimony gives numbers the way people remember them. An [`UncertainCount`] keeps the words, a
//! lower and (when known) upper bound, a central figure when one was said, and a note for the rest,
//! so that corroboration can tell "about 670" and "650" apart from "670" and "67". Hand-written:
//! no library reads these phrases in English and Korean.

use serde::Serialize;

/// How far "about N" reaches either side of N, as a fraction of N. Documented in the output of
/// every approximate count so nobody mistakes the bounds for something a witness said.
pub const APPROXIMATION_MARGIN: f64 = 0.10;

/// A count with its uncertainty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UncertainCount {
    /// The words as given, trimmed.
    pub text: String,
    /// The smallest number the words allow.
    pub low: u64,
    /// The largest number the words allow; `None` when unbounded ("at least 23").
    pub high: Option<u64>,
    /// The figure actually said, when one was ("about 670" -> 670).
    pub estimate: Option<u64>,
    /// The figure was given as approximate; the bounds are then +-10 % (see
    /// [`APPROXIMATION_MARGIN`]), an attest convention, not the witness's.
    pub approximate: bool,
    /// What followed the count, such as "of whom 6 survived".
    pub note: Option<String>,
    /// A number inside the note, such as the 6 of "of whom 6 survived".
    pub note_count: Option<u64>,
}

/// Why a count could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "count '{input}': {reason} (expected e.g. 670, about 670, at least 23, 20-30, dozens, '23, of whom 6 survived')"
)]
pub struct CountError {
    /// The text that was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

impl UncertainCount {
    /// True when the two counts can be the same number.
    pub fn overlaps(&self, other: &UncertainCount) -> bool {
        let a_high = self.high.unwrap_or(u64::MAX);
        let b_high = other.high.unwrap_or(u64::MAX);
        self.low <= b_high && other.low <= a_high
    }

    /// Parses a count phrase in English or Korean.
    pub fn parse(input: &str) -> Result<UncertainCount, CountError> {
        let err = |reason: &str| CountError { input: input.to_string(), reason: reason.to_string() };
        let text = input.trim();
        if text.is_empty() {
            return Err(err("empty"));
        }
        let joined = join_thousands(text);
        let (main, note) = split_note(&joined);
        let note_count = note.as_deref().and_then(first_number);
        let lower = main.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let mut count = parse_main(&lower, &words).map_err(|r| err(&r))?;
        count.text = text.to_string();
        count.note = note;
        count.note_count = note_count;
        Ok(count)
    }
}

fn base(low: u64, high: Option<u64>, estimate: Option<u64>, approximate: bool) -> UncertainCount {
    UncertainCount { text: String::new(), low, high, estimate, approximate, note: None, note_count: None }
}

/// "1,200" -> "1200", leaving the comma of "23, of whom" alone.
fn join_thousands(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let thousands = c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.len() >= i + 4
            && chars[i + 1..i + 4].iter().all(|c| c.is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if !thousands {
            out.push(c);
        }
    }
    out
}

fn split_note(text: &str) -> (String, Option<String>) {
    let cut = text.find([',', ';', '(']);
    match cut {
        Some(i) => {
            let note = text[i + 1..].trim().trim_end_matches(')').trim().to_string();
            (text[..i].trim().to_string(), (!note.is_empty()).then_some(note))
        }
        None => (text.to_string(), None),
    }
}

fn first_number(text: &str) -> Option<u64> {
    let digits: String = text.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Every run of ASCII digits in `text`, in order.
fn numbers(text: &str) -> Result<Vec<u64>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(cur.parse().map_err(|_| format!("number '{cur}' is too large"))?);
            cur.clear();
        }
    }
    Ok(out)
}

fn approx(n: u64) -> UncertainCount {
    let margin = (n as f64 * APPROXIMATION_MARGIN).ceil() as u64;
    base(n.saturating_sub(margin), Some(n + margin), Some(n), true)
}

fn parse_main(lower: &str, words: &[&str]) -> Result<UncertainCount, String> {
    // Vague quantities said without a figure.
    const VAGUE: &[(&str, u64, u64)] = &[
        ("a few", 2, 5),
        ("several", 3, 9),
        ("a dozen", 10, 14),
        ("dozens", 24, 99),
        ("scores", 40, 199),
        ("hundreds", 200, 999),
        ("thousands", 2000, 9999),
        ("몇", 2, 9),
        ("수십", 20, 99),
        ("수백", 200, 999),
        ("수천", 2000, 9999),
    ];
    let nums = numbers(lower)?;
    if nums.is_empty() {
        for (word, low, high) in VAGUE {
            if lower.starts_with(word) {
                return Ok(base(*low, Some(*high), None, true));
            }
        }
        return Err("no number in it".into());
    }
    let has = |w: &str| words.contains(&w);
    let starts = |p: &str| lower.starts_with(p);
    let n = nums[0];
    if nums.len() >= 2 {
        // Ranges: 20-30, 20 to 30, between 20 and 30, 20~30.
        let (a, b) = (nums[0], nums[1]);
        if nums.len() > 2 {
            return Err("more than two numbers before the note; put details after a comma".into());
        }
        if a > b {
            return Err(format!("range {a}-{b} runs backwards"));
        }
        return Ok(base(a, Some(b), None, false));
    }
    let tail_korean = |s: &str| lower.contains(s);
    if starts("about")
        || starts("around")
        || starts("approximately")
        || starts("approx")
        || starts("roughly")
        || starts("some ")
        || starts("c.")
        || starts("ca.")
        || starts("circa")
        || starts("~")
        || starts("약")
        || starts("대략")
        || lower.ends_with("or so")
        || tail_korean("여 명")
        || tail_korean("여명")
        || lower.trim_end_matches('명').ends_with('여')
    {
        return Ok(approx(n));
    }
    if starts("at least")
        || starts("no fewer than")
        || starts("no less than")
        || lower.ends_with('+')
        || tail_korean("이상")
    {
        return Ok(base(n, None, None, false));
    }
    if starts("more than") || starts("over ") || starts("above") || tail_korean("넘") || tail_korean("초과") {
        return Ok(base(n + 1, None, None, false));
    }
    if starts("at most") || starts("up to") || starts("no more than") || tail_korean("이하") {
        return Ok(base(0, Some(n), None, false));
    }
    if starts("fewer than") || starts("less than") || starts("under ") || starts("below") || tail_korean("미만") {
        return Ok(base(0, Some(n.saturating_sub(1)), None, false));
    }
    // A bare figure, possibly followed by a unit: "670", "670 prisoners", "670명".
    let first_word = words.first().copied().unwrap_or("");
    let leading_ok = first_word.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !leading_ok || has("or") {
        return Err(format!("cannot read the words around {n}"));
    }
    Ok(base(n, Some(n), Some(n), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, low: u64, high: Option<u64>, estimate: Option<u64>, approximate: bool) {
        let c = UncertainCount::parse(input).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.low, c.high, c.estimate, c.approximate), (low, high, estimate, approximate), "{input}");
    }

    #[test]
    fn english_phrases() {
        check("670", 670, Some(670), Some(670), false);
        check("670 prisoners", 670, Some(670), Some(670), false);
        check("about 670", 603, Some(737), Some(670), true);
        check("around 40", 36, Some(44), Some(40), true);
        check("~100", 90, Some(110), Some(100), true);
        check("at least 23", 23, None, None, false);
        check("23+", 23, None, None, false);
        check("more than 23", 24, None, None, false);
        check("fewer than 30", 0, Some(29), None, false);
        check("up to 30", 0, Some(30), None, false);
        check("20-30", 20, Some(30), None, false);
        check("between 20 and 30", 20, Some(30), None, false);
        check("1,200", 1200, Some(1200), Some(1200), false);
        check("dozens", 24, Some(99), None, true);
        check("hundreds of people", 200, Some(999), None, true);
    }

    #[test]
    fn korean_phrases() {
        check("약 670명", 603, Some(737), Some(670), true);
        check("670여 명", 603, Some(737), Some(670), true);
        check("30명 이상", 30, None, None, false);
        check("수십 명", 20, Some(99), None, true);
        check("23명", 23, Some(23), Some(23), false);
    }

    #[test]
    fn a_note_keeps_the_rest() {
        let c = UncertainCount::parse("23, of whom 6 survived").unwrap();
        assert_eq!((c.low, c.high), (23, Some(23)));
        assert_eq!(c.note.as_deref(), Some("of whom 6 survived"));
        assert_eq!(c.note_count, Some(6));
        let c = UncertainCount::parse("about 1,200 (mostly children)").unwrap();
        assert_eq!(c.estimate, Some(1200));
        assert_eq!(c.note.as_deref(), Some("mostly children"));
    }

    #[test]
    fn unreadable_counts_are_refused() {
        for bad in ["", "many", "30-20", "five or six", "1 2 3", "99999999999999999999999"] {
            let e = UncertainCount::parse(bad).expect_err(bad);
            assert!(e.to_string().contains(bad), "{e}");
        }
    }

    #[test]
    fn overlap() {
        let p = |s| UncertainCount::parse(s).unwrap();
        assert!(p("about 670").overlaps(&p("650")));
        assert!(!p("about 670").overlaps(&p("67")));
        assert!(p("at least 23").overlaps(&p("1000")));
    }
}
