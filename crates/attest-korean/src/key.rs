//! Romanization-insensitive keys and similarity for Korean names written in Hangul or in any Latin
//! spelling (Revised Romanization, McCune-Reischauer with or without breves and apostrophes,
//! passport and personal spellings).
//!
//! The key folds together what the systems disagree on: voiced and voiceless consonants (g/k,
//! d/t, b/p, j/ch), r/l, doubled consonants, and the vowel spellings eo/ŏ/o, eu/ŭ/u, oo/u, ee/i,
//! ou/o, ae/e. It keeps what tells names apart (the vowel a against o, the final n against ng).
//! Keys are compared with Jaro-Winkler, so Hyun and Hyeon come out close but not equal.

use crate::hangul::is_hangul;

/// Lower case, breves and accents removed, apostrophes and separators dropped. A caron is read as
/// a breve (ǒ and ǔ for ŏ and ŭ: the letters a keyboard without breves offers).
pub fn fold_latin(s: &str) -> String {
    if s.is_ascii() {
        return s.bytes().filter(u8::is_ascii_alphanumeric).map(|b| char::from(b.to_ascii_lowercase())).collect();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'ŏ' | 'ǒ' | 'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ŭ' | 'ǔ' | 'ù' | 'ú' | 'û' | 'ü' => 'u',
            'é' | 'è' | 'ê' | 'ë' | 'ĕ' | 'ě' => 'e',
            'á' | 'à' | 'â' | 'ä' | 'ă' | 'ǎ' => 'a',
            'í' | 'ì' | 'î' | 'ï' | 'ĭ' | 'ǐ' => 'i',
            c if c.is_alphanumeric() => c,
            _ => continue,
        };
        out.push(base);
    }
    out
}

/// Lower-cased, accent-free letters and digits of `s`, appended to `out`. `MARKED`: ŏ and ŭ (or
/// ǒ and ǔ) are kept as ŏ and ŭ ([`marked_key`]).
fn fold_chars<const MARKED: bool>(s: &str, out: &mut Vec<char>) {
    if s.is_ascii() {
        out.extend(s.bytes().filter(u8::is_ascii_alphanumeric).map(|b| char::from(b.to_ascii_lowercase())));
    } else if MARKED {
        let breves = s.chars().flat_map(char::to_lowercase).map(|c| match c {
            'ǒ' => 'ŏ',
            'ǔ' => 'ŭ',
            c => c,
        });
        out.extend(breves.flat_map(|c| match c {
            'ŏ' | 'ŭ' => Some(c),
            c => fold_latin(c.encode_utf8(&mut [0; 4])).chars().next(),
        }));
    } else {
        out.extend(fold_latin(s).chars());
    }
}

/// Appends the key of already-folded characters `f` to `out` (see [`latin_key`]). `MARKED`: the
/// vowels ㅓ and ㅡ as Revised Romanization and McCune-Reischauer mark them (eo, ŏ; eu, ŭ) stay ŏ
/// and ŭ instead of o and u ([`marked_key`]).
fn push_folded<const MARKED: bool>(f: &[char], out: &mut String) {
    let at = |i: usize| f.get(i).copied().unwrap_or('\0');
    let mut last: Option<char> = None;
    let mut i = 0;
    while i < f.len() {
        let (c, next) = (f[i], at(i + 1));
        let (emit, skip): (&[char], usize) = match (c, next) {
            ('t', 'c') if at(i + 2) == 'h' => (&['c'], 3),
            // "woo" is how 우 (u) is written in personal names (Hyun-woo, Woo-jin).
            ('w', 'o') if at(i + 2) == 'o' => (&['u'], 3),
            ('c', 'h') => (&['c'], 2),
            ('s', 'h') => (&['s'], 2),
            ('n', 'g') => (&['n', 'g'], 2),
            ('e', 'o') if MARKED => (&['ŏ'], 2),
            // ㅢ keeps its vowel in the marked key, however it is written (ŭi, eui, ui): folded to i,
            // 희 (hŭi) would be spelled by 히 (hi) and "Heui" (eu read as ŭ first) by neither.
            // "eui" before "eu": the longer spelling first.
            ('e', 'u') if MARKED && at(i + 2) == 'i' => (&['ŭ', 'i'], 3),
            ('e', 'u') if MARKED => (&['ŭ'], 2),
            ('ŭ' | 'u', 'i') if MARKED => (&['ŭ', 'i'], 2),
            ('e', 'o') => (&['o'], 2),
            ('e', 'u') => (&['u'], 2),
            ('e', 'e') => (&['i'], 2),
            ('o', 'o') => (&['u'], 2),
            ('o', 'u') => (&['o'], 2),
            ('a', 'e') => (&['e'], 2),
            ('u', 'i') => (&['i'], 2),
            ('j', _) => (&['c'], 1),
            ('g', _) => (&['k'], 1),
            ('d', _) => (&['t'], 1),
            ('b', _) => (&['p'], 1),
            ('r', _) => (&['l'], 1),
            _ => (std::slice::from_ref(&f[i]), 1),
        };
        for &e in emit {
            let doubled = matches!(e, 'k' | 't' | 'p' | 's' | 'c' | 'l') && last == Some(e);
            if !doubled {
                out.push(e);
                last = Some(e);
            }
        }
        i += skip;
    }
}

/// The key of Latin text: folded, then the spelling variants collapsed in one pass:
/// tch/ch/j -> c, sh -> s, g -> k (but "ng" stays), d -> t, b -> p, r -> l; eo -> o, eu -> u,
/// oo -> u, woo -> u, ee -> i, ou -> o, ae -> e, ui -> i (희 hui / hee / hŭi); then doubled k, t,
/// p, s, c, l written once.
pub fn latin_key(s: &str) -> String {
    let mut f = Vec::with_capacity(s.len());
    fold_chars::<false>(s, &mut f);
    let mut out = String::with_capacity(f.len());
    push_folded::<false>(&f, &mut out);
    out
}

/// A looser key that also folds u into o, for the vowel ㅓ that personal spellings write as u
/// (Sun for 선, Hyun for 현, Chul for 철). It merges some different syllables too (수/소), so it
/// only ever supports a "close" judgement, never "the same".
pub fn loose_key(s: &str) -> String {
    key(s).replace('u', "o")
}

/// The key of Hangul text as passports and personal spellings write it, with u for the vowels
/// ㅓ and ㅕ (Sung for 성, Myung for 명, Chul for 철, Hyun for 현): the text with ㅓ read as ㅜ and
/// ㅕ as ㅠ, then keyed like [`key`]. Position by position it differs from [`key`] only where a
/// ㅓ or ㅕ was (o against u, the same length), so a Latin key that agrees with one or the other
/// at every position is a spelling of exactly this Hangul name. `None` when the text has no such
/// vowel.
pub fn key_with_u_for_eo(s: &str) -> Option<String> {
    let mut changed = false;
    let text: String = s
        .chars()
        .map(|c| match crate::hangul::decompose(c) {
            Some((i, v @ (4 | 6), f)) => {
                changed = true;
                crate::hangul::compose(i, if v == 4 { 13 } else { 17 }, f).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    changed.then(|| key(&text))
}

/// Whether the Latin key `latin` spells the Hangul name whose [`key`] is `hangul` and whose
/// [`key_with_u_for_eo`] is `hangul_u`: at every position it agrees with one of them.
pub fn spells_with_u_for_eo(latin: &str, hangul: &str, hangul_u: &str) -> bool {
    latin.len() == hangul.len()
        && hangul.len() == hangul_u.len()
        && latin.bytes().zip(hangul.bytes()).zip(hangul_u.bytes()).all(|((l, h), u)| l == h || l == u)
}

/// The key of any text: Hangul is romanized first, syllable by syllable. The word-initial sound
/// rule of South Korean spelling is then applied, so North Korean forms that keep an initial ㄹ or
/// ㄴ meet their southern counterparts: 리/이 (Ri/I), 류/유 (Ryu/Yu), 룡/용 (Ryong/Yong), 로/노
/// (Ro/No), 녀/여 (Nyo/Yo).
///
/// Spelling folds never reach across a syllable or word boundary (a hyphen, a space, or the edge
/// of a Hangul syllable), so 여옥 and Nyo-ok agree while "o-o" is not read as "oo".
pub fn key(s: &str) -> String {
    key_with::<false>(s)
}

/// [`key`] that keeps the vowels ㅓ and ㅡ apart from ㅗ and ㅜ where the spelling marks them:
/// "eo", "ŏ" and "ǒ" are ŏ, "eu", "ŭ" and "ǔ" are ŭ (Hangul is spelled in Revised Romanization,
/// so 선 is "sŏn" and 손 "son"). A plain o or u stays o or u: McCune-Reischauer without its
/// breves writes both vowels so. Used by [`spells_syllable`].
pub fn marked_key(s: &str) -> String {
    key_with::<true>(s)
}

/// Whether Latin text spells one Hangul syllable in some system: its [`marked_key`] is the
/// marked key of the syllable in Revised Romanization or McCune-Reischauer, or its plain
/// [`key`] is (McCune-Reischauer without breves, where o is ㅓ or ㅗ), or its passport spelling
/// with u for ㅓ and ㅕ. So "Sŏn", "Seon", "Son" and "Sun" spell 선, but only "Son" 손: a breve
/// or an "eo" says ㅓ, which a key that folds o and ŏ together no longer tells. The word-initial
/// sound rule applies as in [`key`] (룡 is spelled "Yong" too).
pub fn spells_syllable(latin: &str, hangul: char) -> bool {
    let Some(mr) = crate::hangul::mr_syllable(hangul) else { return false };
    let written = marked_key(latin);
    if written.is_empty() {
        return false;
    }
    let syllable = hangul.to_string();
    written == marked_key(&syllable)
        || written == marked_key(&mr)
        || written == key(&syllable)
        || key_with_u_for_eo(&syllable).is_some_and(|u| written == u)
}

fn key_with<const MARKED: bool>(s: &str) -> String {
    let romanized;
    let text: &str = if s.chars().any(is_hangul) {
        romanized = romanize_with_breaks(s);
        &romanized
    } else {
        s
    };
    let mut out = String::with_capacity(text.len());
    let mut buf: Vec<char> = Vec::with_capacity(16);
    let mut first = true;
    for token in text.split(|c: char| c.is_whitespace() || matches!(c, '-' | ',' | '.' | '·')) {
        if token.is_empty() {
            continue;
        }
        buf.clear();
        fold_chars::<MARKED>(token, &mut buf);
        let start = out.len();
        push_folded::<MARKED>(&buf, &mut out);
        if first && out.len() > start {
            initial_sound_rule(&mut out, start);
            first = false;
        }
    }
    out
}

/// Applies the word-initial rule to the key text starting at byte `start` of `out`.
fn initial_sound_rule(out: &mut String, start: usize) {
    let mut chars = out[start..].chars();
    match (chars.next(), chars.next()) {
        // ㄹ or ㄴ before i / y: dropped (리 -> 이, 녀 -> 여).
        (Some('l' | 'n'), Some('i' | 'y')) => {
            out.remove(start);
        }
        // ㄹ before another vowel: ㄴ (로 -> 노, 락 -> 낙).
        (Some('l'), Some('a' | 'e' | 'o' | 'u' | 'w' | 'ŏ' | 'ŭ')) => out.replace_range(start..start + 1, "n"),
        _ => {}
    }
}

/// The sound changes between syllables folded out of a key ([`key`]'s output), so that a name
/// spelled as it is written (Deok-ryong, Seok-nam, Sin-ra, Gap-min; and every Hangul name, which
/// [`key`] romanizes syllable by syllable) meets the same name spelled as it is pronounced, as
/// McCune-Reischauer and DPRK documents write it (Tŏng-nyong, Sŏng-nam, Silla, Kam-min).
///
/// A key has a consonant cluster only where a syllable's final meets the next syllable's initial,
/// so the standard nasal and liquid assimilation rules (표준 발음법 18-20항) can be applied to
/// the cluster without knowing where the syllables were: after a vowel, a final k, t or p before
/// an initial n or m becomes ng, n or m; an initial l after a final other than l or n is n (and
/// the final k, t, p then nasalises too); n and l together are ll. Both spellings land on the
/// pronounced form; doubled k, t, p, s, c, l are then written once (tensing: Hak-kyo, 학교).
///
/// Hand-written: no crate here romanizes names with these rules, and none folds a Latin spelling
/// back (the one Rust crate that applies them, `hangeul`, romanizes Hangul words only and is not
/// in the offline registry). The fold merges only names that sound alike (석남 and 성남 are both
/// Sŏng-nam), which a list written from speech cannot tell apart either.
pub fn sound_fold(key: &str) -> String {
    let b: Vec<char> = key.chars().collect();
    let vowel = |c: Option<&char>| matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u'));
    let mut out = String::with_capacity(key.len() + 2);
    let mut i = 0;
    while i < b.len() {
        if i > 0 && vowel(b.get(i - 1)) {
            let (fin, len) = match (b[i], b.get(i + 1)) {
                ('n', Some('g')) => ("ng", 2),
                ('k', _) => ("k", 1),
                ('t', _) => ("t", 1),
                ('p', _) => ("p", 1),
                ('l', _) => ("l", 1),
                ('m', _) => ("m", 1),
                ('n', _) => ("n", 1),
                _ => ("", 0),
            };
            let next = b.get(i + len).copied();
            let onset = vowel(b.get(i + len + 1)) || matches!(b.get(i + len + 1), Some('y' | 'w'));
            if len > 0 && onset && matches!(next, Some('n' | 'l' | 'm')) {
                // (final, initial) as pronounced: the assimilation table.
                let pronounced = match (fin, next) {
                    ("k", Some('n' | 'l')) => "ngn",
                    ("k", Some('m')) => "ngm",
                    ("p", Some('n' | 'l')) => "mn",
                    ("p", Some('m')) => "mm",
                    ("t", Some('n' | 'l')) => "nn",
                    ("t", Some('m')) => "nm",
                    ("n", Some('l')) | ("l", Some('n' | 'l')) => "ll",
                    ("m", Some('l')) => "mn",
                    ("ng", Some('l')) => "ngn",
                    _ => "",
                };
                if !pronounced.is_empty() {
                    out.push_str(pronounced);
                    i += len + 1;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    let mut chars: Vec<char> = out.chars().collect();
    chars.dedup_by(|x, y| x == y && matches!(*y, 'k' | 't' | 'p' | 's' | 'c' | 'l'));
    chars.into_iter().collect()
}

/// The key of a name as it is pronounced: [`key`] with [`sound_fold`]. A Hangul name and any
/// Latin spelling of it, with or without the sound changes between its syllables, share it.
pub fn pronounced_key(s: &str) -> String {
    sound_fold(&key(s))
}

/// Whether Latin text is one whole romanized syllable: its [`latin_key`] is the key of some
/// Hangul syllable as Revised Romanization, McCune-Reischauer or a passport (u for ㅓ and ㅕ)
/// spells it. "nam", "Ch'ŏl", "Chul", "gil" and "nyong" are; "gmin", "ksu" and "kungnam" are
/// not. Tells where a romanized name written without a hyphen or space may have a syllable
/// boundary ("Kungnam" is "kung" + "nam").
pub fn is_syllable(latin: &str) -> bool {
    static KEYS: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let mut keys = std::collections::HashSet::new();
        for c in (0xAC00u32..=0xD7A3).filter_map(char::from_u32) {
            let Some((i, v, f)) = crate::hangul::decompose(c) else { continue };
            let passport = match v {
                4 => crate::hangul::compose(i, 13, f),
                6 => crate::hangul::compose(i, 17, f),
                _ => None,
            };
            for spelled in [crate::hangul::rr_syllable(c), crate::hangul::mr_syllable(c)]
                .into_iter()
                .chain([passport.and_then(crate::hangul::rr_syllable)])
                .flatten()
            {
                keys.insert(latin_key(&spelled));
            }
        }
        keys
    });
    let k = latin_key(latin);
    !k.is_empty() && keys.contains(&k)
}

/// Revised Romanization with a hyphen after every syllable, to keep syllable boundaries.
fn romanize_with_breaks(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for c in s.chars() {
        if crate::hangul::push_rr(c, &mut out) {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4), on characters.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    jaro_winkler_chars(&a, &b)
}

/// Match flags of Jaro's algorithm: a machine word for strings up to 64 characters (every name,
/// so the hot path allocates nothing), a vector beyond.
trait Flags {
    fn get(&self, i: usize) -> bool;
    fn set(&mut self, i: usize);
}

impl Flags for u64 {
    fn get(&self, i: usize) -> bool {
        *self & (1 << i) != 0
    }
    fn set(&mut self, i: usize) {
        *self |= 1 << i;
    }
}

impl Flags for Vec<bool> {
    fn get(&self, i: usize) -> bool {
        self[i]
    }
    fn set(&mut self, i: usize) {
        self[i] = true;
    }
}

/// Jaro-Winkler on character slices.
pub fn jaro_winkler_chars(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.len() <= 64 && b.len() <= 64 {
        jaro_winkler_with(a, b, 0u64, 0u64)
    } else {
        jaro_winkler_with(a, b, vec![false; a.len()], vec![false; b.len()])
    }
}

// The window indexes `b` and its flags together; an iterator would only hide the arithmetic.
#[allow(clippy::needless_range_loop)]
fn jaro_winkler_with<F: Flags>(a: &[char], b: &[char], mut a_match: F, mut b_match: F) -> f64 {
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_match.get(j) && *ca == b[j] {
                a_match.set(i);
                b_match.set(j);
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0;
    for (i, ca) in a.iter().enumerate() {
        if a_match.get(i) {
            while !b_match.get(j) {
                j += 1;
            }
            if *ca != b[j] {
                transpositions += 1;
            }
            j += 1;
        }
    }
    let m = matches as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

/// Similarity of two renderings of a name part (Hangul or Latin, any system): Jaro-Winkler of
/// their keys.
pub fn similarity(a: &str, b: &str) -> f64 {
    jaro_winkler(&key(a), &key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passport_u_spells_only_the_hangul_eo() {
        let spells = |latin: &str, hangul: &str| {
            key_with_u_for_eo(hangul).is_some_and(|u| spells_with_u_for_eo(&key(latin), &key(hangul), &u))
        };
        assert!(spells("Sung-chul", "성철"));
        assert!(spells("Myung-sun", "명선"));
        assert!(spells("Myoung-sung", "명성"));
        // Not where the Hangul has ㅗ (송), and not a name without ㅓ or ㅕ.
        assert!(!spells("Sung-chul", "송철"));
        assert_eq!(key_with_u_for_eo("순희"), None);
    }

    #[test]
    fn whole_romanized_syllables() {
        for one in ["nam", "Nam", "Ch'ŏl", "chul", "cheol", "gil", "nyong", "ae", "Sŏk", "kung", "woo", "young"] {
            assert!(is_syllable(one), "{one}");
        }
        // A consonant cluster no syllable begins with, two syllables, or no letters.
        for not in ["gmin", "ksu", "kungnam", "songmin", "haksu", "", "-"] {
            assert!(!is_syllable(not), "{not}");
        }
    }

    /// A Latin syllable spells a Hangul one in any system, but a breve or an "eo" / "eu" says ㅓ or
    /// ㅡ: "Sŏn" and "Seon" are 선, never 손, though all three share the key "son".
    #[test]
    fn a_marked_vowel_spells_only_its_own_hangul_vowel() {
        for (latin, hangul) in [
            ("Sŏn", '선'),
            ("Seon", '선'),
            ("Son", '선'),
            ("Sun", '선'),
            ("Son", '손'),
            ("Ch'ŏl", '철'),
            ("Chul", '철'),
            ("Cheol", '철'),
            ("Ŭn", '은'),
            ("Eun", '은'),
            ("Un", '은'),
            ("Hŭi", '희'),
            ("hui", '희'),
            ("Nyong", '룡'),
            ("Yong", '룡'),
            ("Ryong", '룡'),
            ("Wŏn", '원'),
            ("Won", '원'),
            ("Sǒn", '선'),
        ] {
            assert!(spells_syllable(latin, hangul), "{latin} / {hangul}");
        }
        // The plain keys of these meet; the marked vowel tells them apart.
        for (latin, hangul) in
            [("Sŏn", '손'), ("Seon", '손'), ("Sǒn", '손'), ("Ch'ŏl", '촐'), ("Ŭn", '운'), ("Eun", '운')]
        {
            assert_eq!(key(latin), key(&hangul.to_string()), "{latin} / {hangul}");
            assert!(!spells_syllable(latin, hangul), "{latin} / {hangul}");
        }
        assert!(!spells_syllable("Son", '순'));
    }

    /// The vowel ㅢ in a marked key stays ㅢ in every spelling: "Hŭi", "Heui" and "Hui" spell 희
    /// and none of them 히, as "Ŭi" and "Eui" spell 의 but not 이. (The marked key folded ŭi to i:
    /// "Hŭi" spelled 히, and "Heui" did not spell 희.)
    #[test]
    fn the_vowel_ui_keeps_its_mark() {
        for (latin, hangul) in [("Hŭi", '희'), ("Heui", '희'), ("Hui", '희'), ("Ŭi", '의'), ("Eui", '의')] {
            assert!(spells_syllable(latin, hangul), "{latin} / {hangul}");
        }
        for (latin, hangul) in [("Hŭi", '히'), ("Heui", '히'), ("Ŭi", '이'), ("Eui", '이')] {
            assert!(!spells_syllable(latin, hangul), "{latin} / {hangul}");
        }
        assert_eq!(marked_key("Hŭi"), marked_key("Heui"));
        assert_ne!(marked_key("Hŭi"), marked_key("Hi"));
    }

    /// A caron typed for a breve (ǒ, ǔ: what a keyboard without breves offers) is the breve:
    /// "Chǒl-su" is "Ch'ŏl-su", "Hamhǔng" is "Hamhŭng" (the caron was once kept as a letter).
    #[test]
    fn a_caron_is_read_as_a_breve() {
        assert_eq!(fold_latin("Chǒl-sǔ"), "cholsu");
        assert_eq!(fold_latin("CHǑL"), "chol");
        for (caron, breve) in [("Chǒl-su", "Ch'ŏl-su"), ("Hamhǔng", "Hamhŭng"), ("Sǒn-min", "Sŏn-min"), ("Yǒng", "영")]
        {
            assert_eq!(key(caron), key(breve), "{caron} vs {breve}");
        }
    }

    #[test]
    fn romanizations_share_a_key() {
        for group in [
            &["Hamgyong", "Hamgyeong", "Hamgyŏng", "HAMGYONG", "함경"][..],
            &["Hoeryong", "Hoeryeong", "Hoeryŏng", "회령"],
            &["Aoji", "아오지"],
            &["Tanchon", "Dancheon", "Tanch'ŏn", "단천"],
            &["Young-ho", "Yeongho", "Yŏng-ho", "Youngho", "Yong Ho", "영호"],
            &["Ki-sŏn", "Gi-seon", "Kisŏn", "기선"],
            &["Chol-su", "Cheol-su", "Ch'ŏl-su", "철수"],
            &["Kwang-il", "Gwang-il", "광일"],
            &["Tong-gu", "Dong-gu", "Tong Gu", "동구"],
            &["Myong-chol", "Myeong-cheol", "Myŏng-ch'ŏl", "명철"],
        ] {
            let k = key(group[0]);
            for other in &group[1..] {
                assert_eq!(key(other), k, "{} vs {}", group[0], other);
            }
        }
    }

    #[test]
    fn north_korean_initial_consonants() {
        for (north, south) in [
            ("Ryong-su", "용수"),
            ("룡수", "Yong-su"),
            ("Ri", "이"),
            ("Ryu", "Yu"),
            ("Rodong", "노동"),
            ("Nyo-ok", "여옥"),
            ("림", "Im"),
        ] {
            assert_eq!(key(north), key(south), "{north} vs {south}");
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        for (a, b) in [
            ("Young-ho", "Young-hee"),
            ("Kwang-il", "Kwang-ho"),
            ("Ki-sun", "Ki-nam"),
            ("Hoeryong", "Hamhung"),
            ("Tong-gu", "Tong-il"),
        ] {
            assert_ne!(key(a), key(b), "{a} vs {b}");
            assert!(similarity(a, b) < 1.0);
        }
    }

    #[test]
    fn spellings_with_and_without_sound_changes_share_the_pronounced_key() {
        // Invented given names: Hangul, McCune-Reischauer as pronounced (DPRK documents), Revised
        // Romanization as written (how South Korean names are spelled), and other habits.
        for group in [
            &["덕룡", "Tŏng-nyong", "Tong Nyong", "Deok-ryong", "Deokryong", "Dŏk-ryong"][..],
            &["석남", "Sŏng-nam", "Song Nam", "Seok-nam", "Seoknam"],
            &["신라", "Silla", "Sil-la", "Sin-ra", "Shin-ra"],
            &["갑민", "Kam-min", "Gap-min", "Kapmin"],
            &["국민", "Kungmin", "Kung-min", "Guk-min"],
            &["십리", "Simni", "Sim-ni", "Sip-ri"],
            &["진룡", "Chil-lyong", "Chillyong", "Jin-ryong"],
            &["철남", "Ch'ŏl-lam", "Chol Lam", "Cheol-nam"],
            &["남룡", "Nam-nyong", "Nam-ryong"],
            &["학교", "Hak-kyo", "Hakkyo", "Hak-gyo"],
            &["영철", "Yŏng-ch'ŏl", "Yeong-cheol", "Young-chol"],
        ] {
            let k = pronounced_key(group[0]);
            assert_eq!(k, pronounced_key(&crate::hangul::pronounced(group[0])), "{}", group[0]);
            for other in &group[1..] {
                assert_eq!(pronounced_key(other), k, "{} vs {other}", group[0]);
            }
        }
        // Names that do not sound alike stay apart.
        for (a, b) in
            [("덕룡", "덕영"), ("석남", "석만"), ("Tong-nyong", "Tok-yong"), ("신라", "신아"), ("갑민", "갑인")]
        {
            assert_ne!(pronounced_key(a), pronounced_key(b), "{a} vs {b}");
        }
        // Keys without a cluster are unchanged.
        for name in ["Young-ho", "Kwang-il", "Hamgyong", "Aoji", "Ri Myong-chol"] {
            assert_eq!(sound_fold(&key(name)), key(name), "{name}");
        }
    }

    #[test]
    fn jaro_winkler_reference_values() {
        // Classic values from Winkler's papers.
        assert!((jaro_winkler("martha", "marhta") - 0.9611).abs() < 1e-3);
        assert!((jaro_winkler("dwayne", "duane") - 0.84).abs() < 1e-3);
        assert!((jaro_winkler("dixon", "dicksonx") - 0.8133).abs() < 1e-3);
        assert_eq!(jaro_winkler("", ""), 1.0);
        assert_eq!(jaro_winkler("abc", ""), 0.0);
        // Past 64 characters the match flags move to the heap. 72 matches, one transposition,
        // a four-character common prefix: Jaro (1 + 1 + 71/72) / 3, then Winkler's boost.
        let long_a = "a".repeat(70) + "bc";
        let long_b = "a".repeat(70) + "cb";
        let jaro = (2.0 + 71.0 / 72.0) / 3.0;
        assert!((jaro_winkler(&long_a, &long_b) - (jaro + 0.4 * (1.0 - jaro))).abs() < 1e-12);
        assert!(jaro_winkler(&long_a, &long_b) > 0.95);
    }
}
