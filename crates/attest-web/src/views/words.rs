//! Stored values said in words for people: an uncertain date ("about 1997", "1990s",
//! "1997년경") instead of its EDTF text, and a vocabulary term by its name. Hand-written: the
//! `edtf` crates parse dates but none says them in Korean, and the archive has already parsed
//! and normalised every date (see `attest_domain::UncertainDate`), so only the canonical forms
//! `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYX`, `YYXX`, their `~ ? %` marks and `a/b` intervals
//! (with `..` or nothing for an open end) reach this code. Anything else is shown as written.

use attest_store::SourceRecord;

use crate::i18n::Lang;

/// A language code (`ko`) by its name in the user's language; an unknown code as written.
pub fn language(lang: Lang, code: &str) -> &str {
    lang.term("lang", code)
}

/// What to call a source: its title, else whose testimony it is and when it was given.
pub fn source_name(lang: Lang, s: &SourceRecord) -> String {
    let base = match (&s.title, &s.witness_pseudonym) {
        (Some(t), _) => return t.clone(),
        (None, Some(p)) => lang.t("testimony_of").replace("{}", p),
        (None, None) => lang.term("kind", "source").to_string(),
    };
    match &s.interviewed {
        Some(d) => format!("{base} · {}", when(lang, &d.edtf)),
        None => base,
    }
}

/// One date (no interval) in words, without its marks.
fn plain(lang: Lang, s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] if digits(y, 4) => Some(match lang {
            Lang::En => (*y).to_string(),
            Lang::Ko => format!("{y}년"),
        }),
        [y] if y.len() == 4 && y.ends_with("XX") && digits(&y[..2], 2) => Some(match lang {
            Lang::En => format!("{}00s", &y[..2]),
            Lang::Ko => format!("{}00년대", &y[..2]),
        }),
        [y] if y.len() == 4 && y.ends_with('X') && digits(&y[..3], 3) => Some(match lang {
            Lang::En => format!("{}0s", &y[..3]),
            Lang::Ko => format!("{}0년대", &y[..3]),
        }),
        [y, m] if digits(y, 4) && digits(m, 2) => {
            let month: usize = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            Some(match lang {
                Lang::En => format!("{} {y}", MONTHS[month - 1]),
                Lang::Ko => format!("{y}년 {month}월"),
            })
        }
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            let (month, day): (usize, usize) = (m.parse().ok()?, d.parse().ok()?);
            let name = MONTHS.get(month.checked_sub(1)?)?;
            Some(match lang {
                Lang::En => format!("{day} {name} {y}"),
                Lang::Ko => format!("{y}년 {month}월 {day}일"),
            })
        }
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One date with its marks (`~` approximate, `?` uncertain, `%` both) in words.
fn single(lang: Lang, s: &str) -> Option<String> {
    let body = s.trim_end_matches(['~', '?', '%']);
    let marks = &s[body.len()..];
    let approximate = marks.contains('~') || marks.contains('%');
    let uncertain = marks.contains('?') || marks.contains('%');
    let mut out = plain(lang, body)?;
    if approximate {
        out = match lang {
            Lang::En => format!("about {out}"),
            Lang::Ko => format!("{out}경"),
        };
    }
    if uncertain {
        out = format!("{out} ({})", lang.t("date_uncertain"));
    }
    Some(out)
}

/// An EDTF date or interval as people say it; the text itself when it is not one of the forms
/// the archive stores.
pub fn when(lang: Lang, edtf: &str) -> String {
    let said = match edtf.split_once('/') {
        None => single(lang, edtf),
        Some((a, b)) => {
            let open = |p: &str| p.is_empty() || p == "..";
            match (open(a), open(b)) {
                (true, true) => None,
                (true, false) => single(lang, b).map(|b| match lang {
                    Lang::En => format!("{} {b}", lang.t("date_before")),
                    Lang::Ko => format!("{b} {}", lang.t("date_before")),
                }),
                (false, true) => single(lang, a).map(|a| match lang {
                    Lang::En => format!("{} {a}", lang.t("date_after")),
                    Lang::Ko => format!("{a} {}", lang.t("date_after")),
                }),
                (false, false) => single(lang, a).zip(single(lang, b)).map(|(a, b)| match lang {
                    Lang::En => format!("{a} to {b}"),
                    Lang::Ko => format!("{a} ~ {b}"),
                }),
            }
        }
    };
    said.unwrap_or_else(|| edtf.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_said_in_words_in_both_languages() {
        let cases = [
            ("1997", "1997", "1997년"),
            ("1997~", "about 1997", "1997년경"),
            ("1997?", "1997 (uncertain)", "1997년 (불확실)"),
            ("1997%", "about 1997 (uncertain)", "1997년경 (불확실)"),
            ("199X", "1990s", "1990년대"),
            ("19XX", "1900s", "1900년대"),
            ("2021-04", "April 2021", "2021년 4월"),
            ("2020-11-03", "3 November 2020", "2020년 11월 3일"),
            ("1953/1993", "1953 to 1993", "1953년 ~ 1993년"),
            ("1997-03/1998~", "March 1997 to about 1998", "1997년 3월 ~ 1998년경"),
            ("../1960", "before 1960", "1960년 이전"),
            ("1990/..", "after 1990", "1990년 이후"),
            ("2001-21", "2001-21", "2001-21"),
        ];
        for (edtf, en, ko) in cases {
            assert_eq!(when(Lang::En, edtf), en, "{edtf}");
            assert_eq!(when(Lang::Ko, edtf), ko, "{edtf}");
        }
        // Every form the archive stores is said without EDTF marks.
        for text in ["1997", "1997~", "199X", "1953/1993", "2021-04?", "1990/.."] {
            let d = attest_domain::UncertainDate::parse(text).unwrap();
            let said = when(Lang::En, &d.edtf);
            assert!(!said.contains(['~', '?', '%', 'X', '/']), "{text} -> {} -> {said}", d.edtf);
        }
    }
}
