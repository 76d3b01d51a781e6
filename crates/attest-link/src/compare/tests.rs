//! Unit tests of `compare.rs`.

use super::*;

/// Syllables apart and words within, walked in place, give what collecting both sides into
/// vectors gave, on names and places with whitespace, punctuation, repeats and unequal
/// lengths (invented).
#[test]
fn syllables_apart_and_words_within_equal_the_collecting_versions() {
    fn syllables_collected(a: &str, b: &str) -> usize {
        let (x, y): (Vec<char>, Vec<char>) =
            (a.chars().filter(|c| !c.is_whitespace()).collect(), b.chars().filter(|c| !c.is_whitespace()).collect());
        if x.len() != y.len() {
            return usize::MAX;
        }
        x.iter().zip(&y).filter(|(p, q)| p != q).count()
    }
    fn words_collected(a: &str, b: &str) -> bool {
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
        };
        let (x, y) = (words(a), words(b));
        let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        !short.is_empty() && short.len() < long.len() && short.iter().all(|w| long.contains(w))
    }
    let values = [
        "",
        " ",
        "영희",
        "영 희",
        "영수",
        "영희철",
        "희영",
        "철 수 민",
        "철수민",
        "kim",
        "no. 2 mine",
        "no 2",
        "2 mine no",
        "aoji coal mine",
        "aoji",
        "coal aoji",
        "mine mine",
        "mine",
        "hamgyong, north",
        "north",
        "north north",
        "a-b",
        "b a c",
    ];
    let mut agreeing = [0; 2];
    for a in values {
        for b in values {
            assert_eq!(syllables_apart(a, b), syllables_collected(a, b), "{a:?} / {b:?}");
            assert_eq!(words_within(a, b), words_collected(a, b), "{a:?} / {b:?}");
            agreeing[0] += usize::from(syllables_apart(a, b) == 1);
            agreeing[1] += usize::from(words_within(a, b));
        }
    }
    assert!(agreeing[0] >= 4 && agreeing[1] >= 10, "{agreeing:?}");
}

/// The bound never says "below" of a pair whose Jaro-Winkler reaches the bar, on every pair
/// of generated names over small alphabets (many shared letters, prefixes and
/// transpositions): romanized letters, accented Latin letters, Hangul syllables and a
/// hyphen (the path for other characters), one script or mixed, with repeated letters; and
/// it does spare many pairs of unrelated names.
#[test]
fn the_jaro_winkler_bound_is_never_wrong_and_often_spares_the_work() {
    let mut rng = crate::SplitMix(5);
    // Romanized letters, accented Latin letters (outside the bound's ASCII table, so they
    // count as shared on one side and never match an ASCII letter on the other), Hangul
    // syllables, a hyphen; names of one script and mixed, with runs of a repeated letter
    // (the bound counts letters with repeats).
    let alphabets: [Vec<char>; 4] = [
        "aeiouknsgh".chars().collect(),
        "aeiouéèüñçåøkn".chars().collect(),
        "영희철수민준서김이박".chars().collect(),
        "aeounk-éü영희수".chars().collect(),
    ];
    let names: Vec<Vec<char>> = (0..480)
        .map(|i| {
            let alphabet = &alphabets[i % alphabets.len()];
            let mut name: Vec<char> = Vec::new();
            for _ in 0..1 + rng.below(9) {
                match name.last() {
                    Some(&last) if rng.below(4) == 0 => name.push(last),
                    _ => name.push(alphabet[rng.below(alphabet.len())]),
                }
            }
            name
        })
        .collect();
    assert!(names.iter().any(|n| n.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])), "no runs");
    let (mut spared, mut pairs) = (0, 0);
    let counted: Vec<LetterCounts> = names.iter().map(|n| LetterCounts::of(n)).collect();
    for (a, la) in names.iter().zip(&counted) {
        for (b, lb) in names.iter().zip(&counted) {
            for bar in [0.70, 0.80, 0.9] {
                pairs += 1;
                // The bound read from counted letters is the bound counted from the keys;
                // counts of another key (or none) are not read.
                assert_eq!(jw_below_counted(a, la, b, lb, bar), jw_below(a, b, bar), "{a:?} {b:?} {bar}");
                assert_eq!(jw_below_counted(a, &LetterCounts::NONE, b, lb, bar), jw_below(a, b, bar));
                if jw_below(a, b, bar) {
                    spared += 1;
                    assert!(jw(a, b) < bar, "{a:?} {b:?}: {} >= {bar}", jw(a, b));
                }
            }
        }
    }
    assert!(spared * 5 > pairs, "spared {spared} of {pairs}");
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    assert!(jw_below(&chars("younghee"), &chars("chulsu"), 0.80));
    assert!(!jw_below(&chars("younghee"), &chars("younghi"), 0.80));
    assert!(jw_below(&chars("abc"), &chars("xyz"), 0.70));
    assert!(!jw_below(&[], &[], 0.70));
    // Repeats count once each: "aaaa" shares one letter with "abcd", not four.
    assert!(jw_below(&chars("aaaa"), &chars("abcd"), 0.80));
    assert!(!jw_below(&chars("aaab"), &chars("aaab"), 0.80));
    // An accented letter is not its plain letter; Hangul is never spared wrongly.
    assert!(jw(&chars("jose"), &chars("josé")) < 1.0 && !jw_below(&chars("jose"), &chars("josé"), 0.80));
    assert!(!jw_below(&chars("영희"), &chars("영호"), 0.70));
}

#[test]
fn dates_in_common_forms() {
    assert_eq!(parse_date("19560409"), Some((1956, 4, 9)));
    assert_eq!(parse_date("1956-04-09"), Some((1956, 4, 9)));
    assert_eq!(parse_date("09/04/1956"), Some((1956, 4, 9)));
    assert_eq!(parse_date("1956"), None);
    assert_eq!(parse_date("19561340"), None);
}

#[test]
fn korean_given_names_meet_across_spellings() {
    let col = ColumnConfig {
        name: "given".into(),
        role: Role::GivenName,
        korean: true,
        term_frequency: true,
        note: Default::default(),
    };
    let a = prepare(&col, "Young-ho", None);
    let b = prepare(&col, "영호", None);
    let c = prepare(&col, "Young-hee", None);
    assert_eq!(level(&col, &a, &b), 1);
    assert!(level(&col, &a, &c) >= 2);
    let plain = ColumnConfig { korean: false, ..col };
    assert_eq!(level(&plain, &prepare(&plain, "Young-ho", None), &prepare(&plain, "영호", None)), 4);
}

#[test]
fn hangul_names_compare_as_written_within_the_script() {
    let given = ColumnConfig {
        name: "given".into(),
        role: Role::GivenName,
        korean: true,
        term_frequency: true,
        note: Default::default(),
    };
    let p = |v: &str| prepare(&given, v, None);
    // 영호 and 용호 share a romanization key (yeong/yong fold together) but are two names.
    assert_eq!(attest_korean::key("영호"), attest_korean::key("용호"));
    assert_eq!(level(&given, &p("영호"), &p("용호")), 3);
    assert_eq!(level(&given, &p("영호"), &p("순희")), 4);
    // Across scripts the key still meets: Yong-ho is how 영호 is often written.
    assert_eq!(level(&given, &p("영호"), &p("Yong-ho")), 1);
    let full = ColumnConfig { role: Role::FullName, ..given };
    let f = |v: &str| prepare(&full, v, None);
    assert_eq!(level(&full, &f("김영호"), &f("김용호")), 2);
    assert_eq!(level(&full, &f("김정수"), &f("김종수")), 2);
    assert_eq!(level(&full, &f("리명철"), &f("이명철")), 1);
    assert_eq!(level(&full, &f("김영호"), &f("Kim Yong-ho")), 1);
    assert_eq!(level(&full, &f("김영호"), &f("김순희")), 4);
}

#[test]
fn a_place_within_a_longer_one_is_similar() {
    let col = ColumnConfig {
        name: "born".into(),
        role: Role::Place,
        korean: false,
        term_frequency: false,
        note: Default::default(),
    };
    let p = |s: &str| prepare(&col, s, None);
    assert_eq!(level(&col, &p("Ivybridge"), &p("Devon, Ivybridge")), 1);
    assert_eq!(level(&col, &p("Ivybridge"), &p("Devon, Upton")), 2);
    assert_eq!(level(&col, &p("Ivybridge"), &p("ivybridge")), 0);
}

#[test]
fn text_by_edits_and_numbers_by_relative_difference() {
    let text = ColumnConfig {
        name: "note".into(),
        role: Role::Text,
        korean: false,
        term_frequency: false,
        note: Default::default(),
    };
    let p = |c: &ColumnConfig, v: &str| prepare(c, v, None);
    assert_eq!(level(&text, &p(&text, "block 7"), &p(&text, "block 7")), 0);
    assert_eq!(level(&text, &p(&text, "block 7"), &p(&text, "block 9")), 1);
    assert_eq!(level(&text, &p(&text, "block 7"), &p(&text, "barrack 12")), 3);
    let num = ColumnConfig {
        name: "height".into(),
        role: Role::Number,
        korean: false,
        term_frequency: false,
        note: Default::default(),
    };
    assert_eq!(level(&num, &p(&num, "160"), &p(&num, "160")), 0);
    assert_eq!(level(&num, &p(&num, "160"), &p(&num, "165")), 1);
    assert_eq!(level(&num, &p(&num, "160"), &p(&num, "180")), 2);
    assert_eq!(level(&num, &p(&num, "160"), &p(&num, "90")), 3);
    assert_eq!(level(&num, &p(&num, "160"), &p(&num, "")), NULL);
}

#[test]
fn age_becomes_birth_year() {
    let col = ColumnConfig {
        name: "age".into(),
        role: Role::Age,
        korean: false,
        term_frequency: false,
        note: Default::default(),
    };
    let a = prepare(&col, "45", Some(2001));
    let b = prepare(&col, "47", Some(2004));
    assert_eq!((a.year, b.year), (Some(1956), Some(1957)));
    let year = ColumnConfig {
        name: "born".into(),
        role: Role::BirthYear,
        korean: false,
        term_frequency: false,
        note: Default::default(),
    };
    assert_eq!(prepare(&year, "1960", None).year, Some(1960));
    assert_eq!(prepare(&year, "1960s", None).year, Some(1965));
    assert_eq!(level(&year, &prepare(&year, "1960", None), &prepare(&year, "1959", None)), 1);
    assert_eq!(level(&col, &a, &b), 1);
}

/// One county name written with two provinces may be two counties (고성 of 강원도 and of
/// 경상남도; the North's Kangwon and the South's Gangwon): "similar", not "same place"; unless
/// the county moved between them (혜산 of 양강도 was in 함경남도 until 1954). A value naming no
/// province keeps the county's agreement.
#[test]
fn one_county_name_in_two_provinces_is_not_one_place() {
    let col = ColumnConfig {
        name: "본적".into(),
        role: Role::Place,
        korean: true,
        term_frequency: false,
        note: Default::default(),
    };
    let p = |s: &str| prepare(&col, s, None);
    let l = |a: &str, b: &str| level(&col, &p(a), &p(b));
    assert_eq!(p("강원도 고성군").key, p("경상남도 고성군").key, "one county key: the case this test is about");
    assert_eq!(l("강원도 고성군", "경상남도 고성군"), 1);
    assert_eq!(l("강원도 고성", "강원도 고성군"), 0);
    assert_eq!(l("고성", "경상남도 고성군"), 0, "no province on one side: the county agrees");
    assert_eq!(l("양강도 혜산시", "함경남도 혜산"), 0, "혜산 moved from 함경남도 to 양강도");
    assert_eq!(l("함경북도 회령", "함경북도 회령시"), 0);
    assert_ne!(l("함경북도 회령", "평안남도 회령"), 0);
    assert_eq!(l("Kosong, North Kangwon", "Goseong, South Gangwon"), 1, "the North's Kangwon and the South's Gangwon");
}
