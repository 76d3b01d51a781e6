//! Western (English) personal names: nicknames, and the parts of a notable's styled name
//! ("thomas ashcombe, 2nd baron ashcombe of wyke", "sir john harleigh", "tom 2nd baron
//! ashcombe of wyke").
//!
//! Nicknames and spelling variants come from the `human_name` crate's table (Bill/William,
//! Peggy/Margaret, Molly/Mary); the styled-name reading is hand-written because `human_name`
//! reads a comma as "surname, given names" and knows no peerage titles ("2nd baron ... of ...").

/// Whether two given names are the same name written differently: a nickname, a spelling
/// variant or a prefix of the other ("tom" / "thomas", "peggy" / "margaret"). Both lower- or
/// any-case; single words or several (only the first is read). The comparator uses [`GivenForm`]
/// directly (each distinct name read once); this is the pairwise form for tests.
#[cfg(test)]
pub fn given_names_compatible(a: &str, b: &str) -> bool {
    match (GivenForm::of(a), GivenForm::of(b)) {
        (Some(x), Some(y)) => x.compatible(&y),
        _ => false,
    }
}

/// A given name read once (its first word, parsed by `human_name`), so that comparing two names
/// does not parse them again: the comparator meets each distinct name in many pairs.
#[derive(Debug)]
pub struct GivenForm(human_name::Name);

impl GivenForm {
    /// The first word of `given`, parsed; `None` when it is shorter than two letters or holds
    /// anything but letters (such a name is compatible with none).
    pub fn of(given: &str) -> Option<GivenForm> {
        let first = given.split_whitespace().next()?;
        if first.chars().count() < 2 || !first.chars().all(char::is_alphabetic) {
            return None;
        }
        // A shared placeholder surname: only the given names decide consistency.
        human_name::Name::parse(&format!("{first} Placeholder")).map(GivenForm)
    }

    /// Whether the two are the same name written differently (the test-only
    /// `given_names_compatible` compares two written names this way).
    pub fn compatible(&self, other: &GivenForm) -> bool {
        self.0.consistent_with(&other.0)
    }
}

/// Honorifics and styles that precede a name and are not part of it.
const PREFIXES: [&str; 14] =
    ["sir", "lord", "lady", "dame", "reverend", "rev", "revd", "dr", "doctor", "hon", "honourable", "the", "mr", "mrs"];

/// Words of a peerage or other title after the name.
const TITLE_WORDS: [&str; 12] = [
    "baron",
    "baroness",
    "viscount",
    "viscountess",
    "earl",
    "countess",
    "count",
    "marquess",
    "marquis",
    "duke",
    "duchess",
    "baronet",
];

fn is_ordinal(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && w.len() > digits.len()
}

/// Whether a name carries a style: an honorific before it, a title after a comma, an ordinal, a
/// rank or "of" ("sir john harleigh", "thomas of wyke").
pub fn is_styled(full: &str) -> bool {
    let lower = full.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    lower.contains(',')
        || words.first().is_some_and(|w| PREFIXES.contains(w))
        || words.iter().any(|w| is_ordinal(w) || TITLE_WORDS.contains(w) || *w == "of")
}

/// A list's plain "Surname, Given" ("Harleigh, John", "Pellow, Mary Anne"): one word before the
/// comma, one to three words after it, none of them a title, rank, ordinal, honorific or "of".
/// Returns (surname, given names), lower-case. A comma followed by a style ("thomas ashcombe, 2nd
/// baron ashcombe of wyke") is not this form.
pub fn surname_comma_given(full: &str) -> Option<(String, String)> {
    let lower = full.trim().to_lowercase();
    let (before, after) = lower.split_once(',')?;
    let surname: Vec<&str> = before.split_whitespace().collect();
    let given: Vec<&str> = after.split_whitespace().collect();
    let plain = |w: &&str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        !(is_ordinal(w) || TITLE_WORDS.contains(&w) || PREFIXES.contains(&w) || w == "of")
    };
    (surname.len() == 1 && (1..=3).contains(&given.len()) && given.iter().all(plain) && plain(&surname[0]))
        .then(|| (surname[0].to_string(), given.join(" ")))
}

/// The given name and the surname in a styled name: honorifics dropped, the title after a comma
/// or after an ordinal or rank dropped ("thomas ashcombe, 2nd baron ashcombe of wyke" and
/// "tom 2nd baron ashcombe of wyke" give `thomas`/`tom`; the first gives the surname `ashcombe`,
/// the second the title's place `ashcombe`). `None` when no given name is left.
pub fn styled_name_parts(full: &str) -> Option<(String, Option<String>)> {
    let lower = full.trim().to_lowercase();
    let (name, title) = match lower.split_once(',') {
        Some((n, t)) => (n.to_string(), t.to_string()),
        None => (lower.clone(), String::new()),
    };
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip_while(|w| PREFIXES.contains(w))
        .collect();
    // Where the title starts: an ordinal, a rank or "of".
    let cut = words.iter().position(|w| is_ordinal(w) || TITLE_WORDS.contains(w) || *w == "of").unwrap_or(words.len());
    let given = words.first().filter(|_| cut > 0)?.to_string();
    let surname = if cut >= 2 {
        Some(words[cut - 1].to_string())
    } else {
        // "tom 2nd baron ashcombe of wyke": the title's place stands for the surname.
        let rest: Vec<&str> = words[cut..]
            .iter()
            .chain(title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().iter())
            .copied()
            .filter(|w| !is_ordinal(w) && !TITLE_WORDS.contains(w))
            .collect();
        rest.first().filter(|w| **w != "of").map(|w| w.to_string())
    };
    Some((given, surname))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_and_variants_are_compatible() {
        assert!(given_names_compatible("tom", "thomas"));
        assert!(given_names_compatible("bill", "william"));
        assert!(given_names_compatible("peggy", "margaret"));
        assert!(given_names_compatible("molly", "mary"));
        assert!(!given_names_compatible("mary", "margaret"));
        assert!(!given_names_compatible("john", "thomas"));
    }

    #[test]
    fn styled_names_give_their_parts() {
        let p = |s: &str| styled_name_parts(s);
        assert_eq!(p("thomas ashcombe, 2nd baron ashcombe of wyke"), Some(("thomas".into(), Some("ashcombe".into()))));
        assert_eq!(p("tom 2nd baron ashcombe of wyke"), Some(("tom".into(), Some("ashcombe".into()))));
        assert_eq!(p("sir john harleigh"), Some(("john".into(), Some("harleigh".into()))));
        assert_eq!(p("thomas of wyke"), Some(("thomas".into(), None)));
        assert_eq!(p("lord thomas wyke"), Some(("thomas".into(), Some("wyke".into()))));
        assert_eq!(p("mary anne norwood"), Some(("mary".into(), Some("norwood".into()))));
        assert_eq!(p("2nd baron"), None);
    }

    #[test]
    fn a_plain_surname_comma_given_is_read_in_that_order_but_a_style_after_a_comma_is_not() {
        let p = |s: &str| surname_comma_given(s);
        assert_eq!(p("Harleigh, John"), Some(("harleigh".into(), "john".into())));
        assert_eq!(p("pellow, mary anne"), Some(("pellow".into(), "mary anne".into())));
        assert_eq!(p("thomas ashcombe, 2nd baron ashcombe of wyke"), None);
        assert_eq!(p("ashcombe, baron"), None);
        assert_eq!(p("john harleigh"), None);
    }
}
