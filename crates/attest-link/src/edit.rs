//! Edit distances of prepared strings (character slices), capped: the comparators ask only
//! "within one / two / three edits?", so each stops as soon as the answer is no, and cheap bounds
//! (length difference, equal-length differences, the characters one holds and the other lacks)
//! settle most pairs before any table is filled.

/// Longest string whose edit distance is computed in stack buffers (longer ones allocate).
const STACK_CHARS: usize = 64;

/// Edit distance of `a` and `b`, stopping early with `cap + 1` once it must exceed `cap`; with
/// `transpositions`, an adjacent swap is one edit (optimal string alignment), else Levenshtein.
/// Hand-written rather than `strsim`'s: `strsim` allocates its rows on every call and cannot stop
/// at a cap, and these run on every candidate pair; here the three rows live on the stack for
/// strings up to 64 characters.
fn edit_distance_capped(a: &[char], b: &[char], cap: usize, transpositions: bool) -> usize {
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    // Equal lengths (dates, postcodes, identifiers) differing in at most two places: the distance
    // is the number of places, or one for two neighbours swapped; no table needed. (One edit
    // between equal lengths is a substitution or, with transpositions, a swap of neighbours.)
    if a.len() == b.len() {
        let mut differ = a.iter().zip(b).enumerate().filter(|(_, (x, y))| x != y).map(|(i, _)| i);
        match (differ.next(), differ.next(), differ.next()) {
            (None, _, _) => return 0,
            (Some(_), None, _) => return 1.min(cap + 1),
            (Some(i), Some(j), None) => {
                let swapped = transpositions && j == i + 1 && a[i] == b[j] && a[j] == b[i];
                return if swapped { 1.min(cap + 1) } else { 2.min(cap + 1) };
            }
            _ => {}
        }
    }
    // Values whose characters differ too much to be within the cap in any order (two dates of
    // birth with other digits) need no table: a cheap lower bound settles them.
    if a.len() < STACK_CHARS && b.len() < STACK_CHARS && letters_apart(a, b) > cap {
        return cap + 1;
    }
    let m = b.len();
    if m >= STACK_CHARS || a.len() >= STACK_CHARS {
        let mut rows = vec![0usize; 3 * (m + 1)];
        return edit_rows(a, b, cap, transpositions, &mut rows);
    }
    let mut rows = [0usize; 3 * STACK_CHARS];
    edit_rows(a, b, cap, transpositions, &mut rows[..3 * (m + 1)])
}

/// A lower bound of the edit distance of `a` and `b` (Levenshtein and optimal string alignment
/// alike): half the characters, counted with multiplicity, that one holds and the other lacks,
/// rounded up. A substitution changes that count by at most two, an insertion or deletion by one,
/// a swap of neighbours not at all. Characters are counted in 128 buckets (`c mod 128`); merging
/// characters into a bucket only lowers the count, so the bound holds for any text.
fn letters_apart(a: &[char], b: &[char]) -> usize {
    let mut count = [0i16; 128];
    for &c in a {
        count[c as usize & 127] += 1;
    }
    for &c in b {
        count[c as usize & 127] -= 1;
    }
    let mut apart = 0usize;
    // Each bucket once: read it where a character falls in it, then clear it.
    for &c in a.iter().chain(b) {
        let slot = &mut count[c as usize & 127];
        apart += slot.unsigned_abs() as usize;
        *slot = 0;
    }
    apart.div_ceil(2)
}

/// Two short strings equal, compared in place: the keys compared per pair are a few bytes long,
/// where calling the library's `memcmp` cost more than the comparison (a tenth of a run's time).
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        false
    } else if a.len() <= 16 {
        a.iter().zip(b).all(|(x, y)| x == y)
    } else {
        a == b
    }
}

/// The dynamic programme of [`edit_distance_capped`] over three rows of `b.len() + 1` cells.
fn edit_rows(a: &[char], b: &[char], cap: usize, transpositions: bool, rows: &mut [usize]) -> usize {
    let m = b.len();
    let (prev2, rest) = rows.split_at_mut(m + 1);
    let (mut prev, mut cur) = rest.split_at_mut(m + 1);
    let mut prev2 = prev2;
    for (j, v) in prev.iter_mut().enumerate() {
        *v = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > cap {
            return cap + 1;
        }
        // Rotate: prev2 <- prev <- cur <- (old prev2, overwritten next row).
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m].min(cap + 1)
}

/// Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions), stopping
/// early once it exceeds `cap` (then `cap + 1`). No allocation up to 64 characters.
pub fn damerau(a: &[char], b: &[char], cap: usize) -> usize {
    edit_distance_capped(a, b, cap, true)
}

/// Levenshtein distance, stopping early once it exceeds `cap` (then `cap + 1`). No allocation up
/// to 64 characters.
pub fn levenshtein_capped(a: &[char], b: &[char], cap: usize) -> usize {
    edit_distance_capped(a, b, cap, false)
}

/// Levenshtein distance.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    levenshtein_capped(a, b, a.len().max(b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(damerau(&c("19560409"), &c("19564009"), 3), 1);
        assert_eq!(levenshtein(&c("19560409"), &c("19564009")), 2);
        assert_eq!(damerau(&c("kitten"), &c("sitting"), 5), 3);
        assert_eq!(damerau(&c("abc"), &c("abcdef"), 1), 2);
        // Capped: the same answers up to the cap, cap + 1 beyond, long strings too.
        assert_eq!(damerau(&c("kitten"), &c("sitting"), 2), 3);
        assert_eq!(levenshtein_capped(&c("ab"), &c("ba"), 3), 2);
        assert_eq!(damerau(&c("ab"), &c("ba"), 3), 1);
        let long_a: Vec<char> = "x".repeat(80).chars().chain("ab".chars()).collect();
        let long_b: Vec<char> = "x".repeat(80).chars().chain("ba".chars()).collect();
        assert_eq!(damerau(&long_a, &long_b, 3), 1);
        assert_eq!(levenshtein_capped(&long_a, &long_b, 1), 2);
        assert_eq!(levenshtein(&c(""), &c("abc")), 3);
    }

    #[test]
    fn the_equal_length_shortcut_agrees_with_the_full_table() {
        // Every pair of strings of up to four letters over a small alphabet, every cap: the
        // shortcut for equal lengths differing in at most two places gives the table's answer.
        let alphabet = ['a', 'b', 'c'];
        let mut words: Vec<Vec<char>> = vec![Vec::new()];
        for len in 1..=4 {
            let mut next = Vec::new();
            for w in words.iter().filter(|w| w.len() == len - 1) {
                for &ch in &alphabet {
                    let mut v = w.clone();
                    v.push(ch);
                    next.push(v);
                }
            }
            words.extend(next);
        }
        for a in &words {
            for b in &words {
                for cap in 0..4 {
                    for transpositions in [false, true] {
                        let mut rows = vec![0usize; 3 * (b.len() + 1)];
                        let table = if a.len().abs_diff(b.len()) > cap {
                            cap + 1
                        } else {
                            edit_rows(a, b, cap, transpositions, &mut rows)
                        };
                        assert_eq!(
                            edit_distance_capped(a, b, cap, transpositions),
                            table,
                            "{a:?} {b:?} cap {cap} transpositions {transpositions}"
                        );
                    }
                }
            }
        }
    }

    /// The whole table, no shortcut and no cap: the reference the fast paths must agree with.
    fn full_matrix(a: &[char], b: &[char], transpositions: bool) -> usize {
        let (n, m) = (a.len(), b.len());
        let mut d = vec![vec![0usize; m + 1]; n + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, v) in d[0].iter_mut().enumerate() {
            *v = j;
        }
        for i in 1..=n {
            for j in 1..=m {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[n][m]
    }

    #[test]
    fn the_character_bound_never_exceeds_the_distance_and_the_capped_answer_is_exact() {
        // Random dates of birth (the comparator's commonest input: equal lengths, few symbols),
        // random words with non-Latin letters, and strings a few edits apart; every cap from 0 to
        // 4, so each cap boundary (distance = cap, cap + 1) is crossed many times.
        let mut rng = crate::SplitMix(0x5eed);
        let alphabets: [&[char]; 3] = [
            &['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
            &['a', 'b', 'c', 'd'],
            // Hangul and letters whose code points share a bucket (mod 128) with Latin ones.
            &['김', '이', 'k', '\u{3eb}', 'o', '\u{10ef}'],
        ];
        let mut at_cap = 0;
        for round in 0..60_000 {
            let alphabet = alphabets[round % 3];
            let word = |rng: &mut crate::SplitMix, len: usize| -> Vec<char> {
                (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect()
            };
            let len = 1 + rng.below(10);
            let a = word(&mut rng, len);
            let b = if rng.below(4) == 0 {
                let len = 1 + rng.below(10);
                word(&mut rng, len)
            } else {
                // A few random edits of `a`: substitutions, deletions, swaps, insertions.
                let mut b = a.clone();
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(b.len().max(1));
                    match rng.below(4) {
                        0 if !b.is_empty() => b[at] = alphabet[rng.below(alphabet.len())],
                        1 if !b.is_empty() => {
                            b.remove(at);
                        }
                        2 if at + 1 < b.len() => b.swap(at, at + 1),
                        _ => b.insert(at, alphabet[rng.below(alphabet.len())]),
                    }
                }
                b
            };
            for transpositions in [false, true] {
                let exact = full_matrix(&a, &b, transpositions);
                assert!(letters_apart(&a, &b) <= exact, "{a:?} {b:?}: the bound passes the distance {exact}");
                for cap in 0..=4 {
                    at_cap += usize::from(exact == cap || exact == cap + 1);
                    assert_eq!(
                        edit_distance_capped(&a, &b, cap, transpositions),
                        exact.min(cap + 1),
                        "{a:?} {b:?} cap {cap} transpositions {transpositions}"
                    );
                }
            }
        }
        assert!(at_cap > 50_000, "{at_cap}");
    }

    #[test]
    fn short_texts_compare_equal_exactly_when_they_are() {
        for (a, b) in [("19560409", "19560409"), ("19560409", "19560408"), ("", ""), ("a", ""), ("김영호", "김영호")]
        {
            assert_eq!(same_text(a, b), a == b, "{a} {b}");
        }
        let long = "x".repeat(40);
        assert!(same_text(&long, &long.clone()));
        assert!(!same_text(&long, &format!("{}y", &long[1..])));
    }
}
