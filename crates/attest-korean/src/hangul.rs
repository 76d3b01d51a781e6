//! Hangul syllables and jamo: decomposition and Revised Romanization.
//!
//! A precomposed syllable is U+AC00 + (initial * 21 + medial) * 28 + final. Romanization here is
//! syllable by syllable, as Korean personal names are romanized (no sound changes across syllable
//! boundaries), which is also what lets a key built from Hangul meet one built from Latin letters.
//! [`pronounced`] gives the form McCune-Reischauer and DPRK documents spell instead, with the
//! sound changes between syllables (덕룡 said 덩뇽, Tŏng-nyong), and [`mr_given`] its spelling.

/// The three parts of a syllable: initial consonant (0-18), vowel (0-20), final (0 = none, 1-27).
pub fn decompose(c: char) -> Option<(usize, usize, usize)> {
    let code = c as u32;
    if !(0xAC00..=0xD7A3).contains(&code) {
        return None;
    }
    let s = (code - 0xAC00) as usize;
    Some((s / (21 * 28), (s % (21 * 28)) / 28, s % 28))
}

/// A syllable with the word-initial sound rule of South Korean spelling (두음 법칙) applied, as
/// it begins a name on its own: an initial ㄹ before ㅣ or a y-vowel is dropped (리 -> 이, 룡 -> 용),
/// before another vowel it is ㄴ (로 -> 노); an initial ㄴ before ㅣ or a y-vowel is dropped (녀 ->
/// 여). North Korean spelling keeps the ㄹ and ㄴ, so 룡 and 용 are one syllable of a name written
/// in the two spellings. Other characters are returned unchanged.
pub fn initial_sound_rule(c: char) -> char {
    // Vowels ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ; initials ㄴ 2, ㄹ 5, ㅇ 11.
    const I_OR_Y: [usize; 7] = [2, 3, 6, 7, 12, 17, 20];
    match decompose(c) {
        Some((2 | 5, v, f)) if I_OR_Y.contains(&v) => compose(11, v, f).unwrap_or(c),
        Some((5, v, f)) => compose(2, v, f).unwrap_or(c),
        _ => c,
    }
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

/// A run of Hangul syllables as it is pronounced: the standard sound changes between syllables
/// (표준 발음법 17-20항) applied to the jamo, so the result is Hangul again. 덕룡 -> 덩뇽, 석남 ->
/// 성남, 신라 -> 실라, 십리 -> 심니, 갑민 -> 감민, 같이 -> 가치. Other characters pass through and
/// end a run. McCune-Reischauer and DPRK documents spell this form; [`crate::key::sound_fold`]
/// brings both spellings to one key.
///
/// Written by hand as a small table (see [`crate::key::sound_fold`] for why no crate).
pub fn pronounced(text: &str) -> String {
    // Finals (0 none): ㄱ 1, ㄲ 2, ㄳ 3, ㄴ 4, ㄵ 5, ㄶ 6, ㄷ 7, ㄹ 8, ㄺ 9, ㄻ 10, ㄼ 11, ㄽ 12,
    // ㄾ 13, ㄿ 14, ㅀ 15, ㅁ 16, ㅂ 17, ㅄ 18, ㅅ 19, ㅆ 20, ㅇ 21, ㅈ 22, ㅊ 23, ㅋ 24, ㅌ 25,
    // ㅍ 26, ㅎ 27. Initials: ㄴ 2, ㄹ 5, ㅁ 6, ㅇ 11, ㅈ 12, ㅊ 14. Vowel ㅣ 20.
    #[derive(Clone, Copy, PartialEq)]
    enum Sound {
        None,
        K,
        T,
        P,
        N,
        L,
        M,
        Ng,
    }
    // The sound a final stands for before a consonant (its representative, 9-11항).
    let sound = |f: usize| match f {
        0 => Sound::None,
        1 | 2 | 3 | 9 | 24 => Sound::K,
        4..=6 => Sound::N,
        7 | 19 | 20 | 22 | 23 | 25 | 27 => Sound::T,
        8 | 11..=13 | 15 => Sound::L,
        10 | 16 => Sound::M,
        21 => Sound::Ng,
        _ => Sound::P,
    };
    let mut parts: Vec<Option<(usize, usize, usize)>> = text.chars().map(decompose).collect();
    for i in 1..parts.len() {
        let (Some(prev), Some(mut cur)) = (parts[i - 1], parts[i]) else { continue };
        let mut prev = prev;
        let s = sound(prev.2);
        // Palatalisation (17항): ㄷ, ㅌ before 이 are 지, 치.
        if matches!(prev.2, 7 | 25) && cur.0 == 11 && cur.1 == 20 {
            cur.0 = if prev.2 == 7 { 12 } else { 14 };
            prev.2 = 0;
        } else if cur.0 == 5 {
            // ㄹ after ㄴ: both ㄹ (20항); after a final other than ㄹ: ㄴ (19항).
            match s {
                Sound::None | Sound::L => {}
                Sound::N => prev.2 = 8,
                _ => cur.0 = 2,
            }
        } else if cur.0 == 2 && s == Sound::L {
            // ㄴ after ㄹ: ㄹ (20항).
            cur.0 = 5;
        }
        if matches!(cur.0, 2 | 6) {
            // Nasalisation before ㄴ, ㅁ (18항).
            prev.2 = match sound(prev.2) {
                Sound::K => 21,
                Sound::T => 4,
                Sound::P => 16,
                _ => prev.2,
            };
        }
        parts[i - 1] = Some(prev);
        parts[i] = Some(cur);
    }
    text.chars().zip(parts).map(|(c, p)| p.and_then(|(i, v, f)| compose(i, v, f)).unwrap_or(c)).collect()
}

/// A given name in McCune-Reischauer as pronounced: [`pronounced`], then syllable by syllable
/// with breves and aspiration marks, a hyphen after the first syllable, and ㄱ, ㄷ, ㅂ, ㅈ voiced
/// (g, d, b, j) after a vowel or ㄴ, ㄹ, ㅁ, ㅇ (Tŏng-nyong, Sŏng-nam, Tong-gu, Ch'il-lyong).
pub fn mr_given(given: &str) -> String {
    const VOICED: [&str; 19] =
        ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "tch", "ch'", "k'", "t'", "p'", "h"];
    let said = pronounced(given);
    let mut out = String::new();
    let mut prev: Option<usize> = None;
    for (n, c) in said.chars().enumerate() {
        let Some((i, v, f)) = decompose(c) else {
            out.push(c);
            prev = None;
            continue;
        };
        if n == 1 {
            out.push('-');
        }
        let voiced = matches!(prev, Some(0 | 4 | 8 | 16 | 21));
        let initial = match (i, prev) {
            // ㄹ after ㄹ is l; elsewhere r.
            (5, Some(8)) => "l",
            _ if voiced => VOICED[i],
            _ => MR_INITIAL[i],
        };
        let mut syllable = format!("{initial}{}", MR_VOWEL[v]);
        if i == 9 && (v == 20 || v == 16) {
            syllable = syllable.replacen('s', "sh", 1);
        }
        syllable.push_str(RR_FINAL[f]);
        out.push_str(&syllable);
        prev = Some(f);
    }
    let mut chars = out.chars();
    chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// True for Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-initial rule on one syllable: the North's 룡, 리, 로, 녀 are the South's 용, 이,
    /// 노, 여; syllables without an initial ㄹ or ㄴ before ㅣ or a y-vowel are unchanged.
    #[test]
    fn the_initial_sound_rule_on_a_syllable() {
        for (north, south) in
            [('룡', '용'), ('리', '이'), ('로', '노'), ('녀', '여'), ('류', '유'), ('락', '낙'), ('림', '임')]
        {
            assert_eq!(initial_sound_rule(north), south, "{north}");
            assert_eq!(initial_sound_rule(south), south, "{south}");
        }
        for same in ['나', '노', '철', '영', 'a', '-'] {
            assert_eq!(initial_sound_rule(same), same);
        }
    }

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

    #[test]
    fn names_as_pronounced_and_as_mccune_reischauer_spells_them() {
        // Invented given names; the expected forms are written from the pronunciation rules
        // (표준 발음법 17-20항) and MR's voicing rule, not from this code.
        for (written, said, mr) in [
            ("덕룡", "덩뇽", "Tŏng-nyong"),
            ("석남", "성남", "Sŏng-nam"),
            ("신라", "실라", "Shil-la"), // ㅅ before ㅣ written sh, as in `mr_syllable`
            ("십리", "심니", "Shim-ni"),
            ("갑민", "감민", "Kam-min"),
            ("국민", "궁민", "Kung-min"),
            ("같이", "가치", "Ka-ch'i"),
            ("진룡", "질룡", "Chil-lyong"),
            ("철남", "철람", "Ch'ŏl-lam"),
            ("남룡", "남뇽", "Nam-nyong"),
            ("종로", "종노", "Chong-no"),
            ("백마", "뱅마", "Paeng-ma"),
            ("학교", "학교", "Hak-kyo"),
            ("영철", "영철", "Yŏng-ch'ŏl"),
            ("동구", "동구", "Tong-gu"),
            ("대중", "대중", "Tae-jung"),
            ("순희", "순희", "Sun-hŭi"),
        ] {
            assert_eq!(pronounced(written), said, "{written}");
            assert_eq!(mr_given(written), mr, "{written}");
        }
        // Not across a space or a Latin letter.
        assert_eq!(pronounced("덕 룡"), "덕 룡");
    }
}
