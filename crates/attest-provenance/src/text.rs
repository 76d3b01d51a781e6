//! Tokens and the signals derived from them.
//!
//! Three views of a text, each surviving a different kind of rewriting:
//! - word shingles: exact and near-exact copies, and passages quoted inside other text;
//! - the skeleton (numbers, capitalised names, quoted words, rare words, in order): a spinner swaps
//!   common words for synonyms but keeps the names, figures and rare terms that carry the story;
//! - the function-word pattern (the, of, and, in, ...): spinners leave grammar words alone, so the
//!   sequence of them, with content words blanked, keeps the shape of each sentence.

/// English grammar words, which spinning tools leave in place.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "that", "which",
    "who", "whom", "this", "these", "those", "it", "its", "they", "their", "them", "he", "his", "she", "her", "we",
    "our", "was", "were", "is", "are", "be", "been", "had", "has", "have", "not", "no", "as", "than", "then", "when",
    "where", "after", "before", "until", "while", "if", "there", "all", "some", "any", "each", "more", "most", "only",
    "also", "into", "over", "under", "about", "between", "during",
];

/// A token with the facts the signals need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased word or number.
    pub word: String,
    /// Written with a capital initial (and not at a sentence start).
    pub capitalised: bool,
    /// All digits.
    pub number: bool,
    /// Inside double quotation marks.
    pub quoted: bool,
    /// Ends a sentence.
    pub sentence_end: bool,
}

/// Splits text into tokens: runs of letters or digits (Hangul syllables included).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut in_quote = false;
    let mut at_sentence_start = true;
    let mut capital = false;
    let flush = |current: &mut String, tokens: &mut Vec<Token>, capital: bool, in_quote: bool, at_start: &mut bool| {
        if current.is_empty() {
            return;
        }
        let number = current.chars().all(|c| c.is_ascii_digit());
        tokens.push(Token {
            word: current.to_lowercase(),
            capitalised: capital && !*at_start,
            number,
            quoted: in_quote,
            sentence_end: false,
        });
        *at_start = false;
        current.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || (c == '\'' && !current.is_empty()) {
            if current.is_empty() {
                capital = c.is_uppercase();
            }
            current.push(c);
            continue;
        }
        // Thousands separators inside numbers ("1,200") stay part of the number.
        if c == ',' && !current.is_empty() && current.chars().all(|d| d.is_ascii_digit()) {
            continue;
        }
        flush(&mut current, &mut tokens, capital, in_quote, &mut at_sentence_start);
        match c {
            '"' | '“' | '”' => in_quote = !in_quote,
            '.' | '!' | '?' => {
                if let Some(last) = tokens.last_mut() {
                    last.sentence_end = true;
                }
                at_sentence_start = true;
            }
            _ => {}
        }
    }
    flush(&mut current, &mut tokens, capital, in_quote, &mut at_sentence_start);
    tokens
}

/// True for grammar words.
pub fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.contains(&w)
}

/// 64-bit FNV-1a, for shingle hashes (stable across runs and platforms).
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hashes of the `k`-grams of `items`, in text order (a text shorter than `k` is one gram).
pub fn shingle_sequence(items: &[&str], k: usize) -> Vec<u64> {
    if items.len() < k {
        return if items.is_empty() { Vec::new() } else { vec![fnv(items.join(" ").as_bytes())] };
    }
    let mut buf = String::new();
    items
        .windows(k)
        .map(|w| {
            buf.clear();
            for (i, item) in w.iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(item);
            }
            fnv(buf.as_bytes())
        })
        .collect()
}

/// Hashes of the `k`-grams of `items`, sorted and deduplicated.
pub fn shingles(items: &[&str], k: usize) -> Vec<u64> {
    let mut out = shingle_sequence(items, k);
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_names_numbers_and_quotes() {
        let t = tokenize("In 1997, 23 miners died at Aoji. \"We carried them out,\" said Kim.");
        let words: Vec<&str> = t.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(
            words,
            ["in", "1997", "23", "miners", "died", "at", "aoji", "we", "carried", "them", "out", "said", "kim"]
        );
        assert!(t[1].number && t[6].capitalised && !t[0].capitalised);
        assert!(t[7].quoted && t[10].quoted && !t[11].quoted);
        assert!(t[6].sentence_end);
        assert_eq!(tokenize("about 1,200 prisoners")[1].word, "1200");
    }
}
