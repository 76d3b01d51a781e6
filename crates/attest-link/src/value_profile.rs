//! What a column's values look like (years, dates, ages, sexes, Hangul, hanja, surnames,
//! postcodes), measured on a sample: the value evidence `roles::infer_config` weighs against the
//! header.

/// What a column's values look like, measured on a sample.
pub(crate) struct ValueProfile {
    pub(crate) filled: usize,
    pub(crate) years: usize,
    pub(crate) dates: usize,
    pub(crate) ages: usize,
    pub(crate) sexes: usize,
    pub(crate) hangul: usize,
    /// Values written in Chinese characters (a name in hanja).
    pub(crate) hanja: usize,
    pub(crate) korean_surname_first_or_last: usize,
    pub(crate) single_known_surname: usize,
    /// Values shaped like a postcode with an outward and an inward part ("tq13 8df").
    pub(crate) postcodes: usize,
    /// Whole Korean names in Hangul without a space: three or four syllables opening with a known
    /// surname ("김영철"), which a given name alone rarely is.
    pub(crate) hangul_full_names: usize,
    /// Relatives cells naming a father ("부 김철수, 모 이순자", "Father: KIM Chol-su").
    pub(crate) relatives: usize,
    pub(crate) distinct: usize,
}

pub(crate) fn profile(values: &[&str]) -> ValueProfile {
    // Words for "not known" (미상, unknown, "-") are not values.
    let filled: Vec<&str> =
        values.iter().copied().filter(|v| !crate::messy_values::is_missing(crate::Role::Text, v)).collect();
    let mut distinct = std::collections::HashSet::new();
    let mut p = ValueProfile {
        filled: filled.len(),
        years: 0,
        dates: 0,
        ages: 0,
        sexes: 0,
        hangul: 0,
        hanja: 0,
        korean_surname_first_or_last: 0,
        single_known_surname: 0,
        postcodes: 0,
        relatives: 0,
        hangul_full_names: 0,
        distinct: 0,
    };
    for v in &filled {
        let t = v.trim();
        distinct.insert(t.to_lowercase());
        let number: Option<i64> = t.trim_end_matches('년').trim_end_matches('세').parse().ok();
        if number.is_some_and(|y| (1850..=2030).contains(&y)) {
            p.years += 1;
        }
        // "62(2008)", "62세 (2008년)": an age with the year it was given.
        let age_with_year: Option<i64> =
            t.split_once('(').and_then(|(a, _)| a.trim().trim_end_matches('세').trim().parse().ok());
        if number.or(age_with_year).is_some_and(|a| (0..=120).contains(&a)) {
            p.ages += 1;
        }
        if crate::compare::parse_date(t).is_some() {
            p.dates += 1;
        } else if number.is_none() {
            // Other calendars and forms ("1951. 3. 2.", "주체40(1951)", "51년 3월", "1946년생").
            match crate::messy_values::clean_date(t) {
                std::borrow::Cow::Owned(c) if c.len() == 10 => p.dates += 1,
                std::borrow::Cow::Owned(c) if c.len() == 4 => p.years += 1,
                _ => {}
            }
        }
        if crate::messy_values::father_in_relatives(t).is_some() {
            p.relatives += 1;
        }
        if attest_korean::places::normalize_sex(t).is_some() {
            p.sexes += 1;
        }
        if t.chars().any(attest_korean::hangul::is_hangul) {
            p.hangul += 1;
        }
        if t.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_whitespace()) {
            p.hanja += 1;
        }
        let parts: Vec<&str> = t.split([' ', ',']).filter(|p| !p.is_empty()).collect();
        // A Hangul name written without a space ("김영철", "故 김영철", "김영철(金永哲)"): two to
        // four syllables opening with a known surname.
        let unspaced_syllables = {
            let name = crate::messy_values::clean_name(t);
            let name = name.trim();
            let n = name.chars().count();
            let named = (2..=4).contains(&n)
                && name.chars().all(attest_korean::hangul::is_hangul)
                && name.chars().next().is_some_and(|c| attest_korean::names::surname_key(&c.to_string()).is_some());
            if named { n } else { 0 }
        };
        if unspaced_syllables >= 3 {
            p.hangul_full_names += 1;
        }
        if parts.first().is_some_and(|p| attest_korean::names::surname_key(p).is_some())
            || parts.last().is_some_and(|p| attest_korean::names::surname_key(p).is_some())
            || unspaced_syllables > 0
        {
            p.korean_surname_first_or_last += 1;
        }
        if parts.len() == 1 && attest_korean::names::surname_key(t).is_some() {
            p.single_known_surname += 1;
        }
        if postcode_shaped(t) {
            p.postcodes += 1;
        }
    }
    p.distinct = distinct.len();
    p
}

/// A British-style postcode: an outward part (one or two letters, a digit, then a digit or a
/// letter or nothing), a space, an inward part (a digit and two letters), "tq13 8df", "SW1A 1AA".
/// A shape check of a few characters, written out rather than pulling a regular-expression
/// engine into the crate for one pattern.
fn postcode_shaped(t: &str) -> bool {
    let Some((outward, inward)) = t.split_once(' ') else { return false };
    let o = outward.as_bytes();
    let i = inward.as_bytes();
    let letters = o.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let rest = &o[letters..];
    (1..=2).contains(&letters)
        && (1..=2).contains(&rest.len())
        && rest[0].is_ascii_digit()
        && rest.get(1).is_none_or(|c| c.is_ascii_alphanumeric())
        && i.len() == 3
        && i[0].is_ascii_digit()
        && i[1..].iter().all(|c| c.is_ascii_alphabetic())
}

pub(crate) fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { n as f64 / of as f64 }
}
