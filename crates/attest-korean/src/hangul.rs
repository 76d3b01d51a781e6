//! Hangul syllables and jamo: decomposition and Revised Romanization.
//!
//! A precomposed syllable is U+AC00 + (initial * 21 + medial) * 28 + final. Romanization here is
//! syllable by syllable, as Korean personal names are romanized (no sound changes across syllable
//! boundaries), which is also what lets a key built from Hangul meet one built from Latin letters.

/// The three parts of a syllable: initial consonant (0-18), vowel (0-20), final (0 = none, 1-27).
pub fn decompose(c: char) -> Option<(usize, usize, usize)> {
    let code = c as u32;
    if !(0xAC00..=0xD7A3).contains(&code) {
        return None;
    }
    let s = (code - 0xAC00) as usize;
    Some((s / (21 * 28), (s % (21 * 28)) / 28, s % 28))
}

/// Builds a syllable from its parts.
pub fn compose(initial: usize, vowel: usize, final_: usize) -> Option<char> {
    if initial >= 19 || vowel >= 21 || final_ >= 28 {
        return None;
    }
    char::from_u32(0xAC00 + ((initial * 21 + vowel) * 28 + final_) as u32)
}

/// Compatibility jamo of the initials, vowels and finals, for display.
pub const INITIAL_JAMO: [char; 19] =
    ['ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];
/// Vowel jamo.
pub const VOWEL_JAMO: [char; 21] = [
    'ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅘ', 'ㅙ', 'ㅚ', 'ㅛ', 'ㅜ', 'ㅝ', 'ㅞ', 'ㅟ', 'ㅠ', 'ㅡ',
    'ㅢ', 'ㅣ',
];

const RR_INITIAL: [&str; 19] =
    ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];
const RR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu",
    "ui", "i",
];
const RR_FINAL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t",
    "t", "k", "t", "p", "t",
];
const MR_INITIAL: [&str; 19] =
    ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'", "p'", "h"];
const MR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi",
    "i",
];

/// Revised Romanization of one syllable, as in names (initial ㄹ written r; South Korean usage
/// drops it and initial ㄴ before i/y in surnames, which the surname table covers).
pub fn rr_syllable(c: char) -> Option<String> {
    let (i, v, f) = decompose(c)?;
    Some(format!("{}{}{}", RR_INITIAL[i], RR_VOWEL[v], RR_FINAL[f]))
}

/// McCune-Reischauer of one syllable at the start of a word (no voicing), with breves.
pub fn mr_syllable(c: char) -> Option<String> {
    let (i, v, f) = decompose(c)?;
    let mut s = format!("{}{}", MR_INITIAL[i], MR_VOWEL[v]);
    if i == 9 && (v == 20 || v == 16) {
        s = s.replacen('s', "sh", 1);
    }
    s.push_str(RR_FINAL[f]);
    Some(s)
}

/// Appends the Revised Romanization of `c` to `out`; false (and nothing appended) if `c` is not
/// a Hangul syllable.
pub fn push_rr(c: char, out: &mut String) -> bool {
    match decompose(c) {
        Some((i, v, f)) => {
            out.push_str(RR_INITIAL[i]);
            out.push_str(RR_VOWEL[v]);
            out.push_str(RR_FINAL[f]);
            true
        }
        None => false,
    }
}

/// Revised Romanization of a run of Hangul, syllable by syllable; other characters pass through.
pub fn romanize_rr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match decompose(c) {
            Some((i, v, f)) => {
                out.push_str(RR_INITIAL[i]);
                out.push_str(RR_VOWEL[v]);
                out.push_str(RR_FINAL[f]);
            }
            None => out.push(c),
        }
    }
    out
}

/// True for Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposition_round_trips() {
        assert_eq!(decompose('한'), Some((18, 0, 4)));
        for c in ['가', '힣', '최', '리', '량'] {
            let (i, v, f) = decompose(c).unwrap();
            assert_eq!(compose(i, v, f), Some(c));
        }
        assert_eq!(decompose('a'), None);
    }

    #[test]
    fn revised_and_mccune_reischauer() {
        for (h, rr) in [
            ("최", "choe"),
            ("기선", "giseon"),
            ("함경", "hamgyeong"),
            ("회령", "hoeryeong"),
            ("아오지", "aoji"),
            ("단천", "dancheon"),
            ("박", "bak"),
            ("영호", "yeongho"),
        ] {
            assert_eq!(romanize_rr(h), rr, "{h}");
        }
        assert_eq!(mr_syllable('천').as_deref(), Some("ch'ŏn"));
        assert_eq!(mr_syllable('시').as_deref(), Some("shi"));
        assert_eq!(mr_syllable('경').as_deref(), Some("kyŏng"));
    }
}
