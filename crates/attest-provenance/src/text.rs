//! Tokens and the signals derived from them.
//!
//! Three views of a text, each surviving a different kind of rewriting:
//! - word shingles: exact and near-exact copies, and passages quoted inside other text;
//! - the skeleton (numbers and capitalised names, in order): a spinner swaps common words for
//!   synonyms but keeps the names and figures that carry the story;
//! - the function-word pattern (the, of, and, in, ...): spinners leave grammar words alone, so the
//!   sequence of them, with content words blanked, keeps the shape of each sentence.

/// English grammar words, which spinning tools leave in place.
pub(crate) const FUNCTION_WORDS: &[&str] = &[
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

/// Splits text into tokens: runs of letters or digits (Hangul syllables included). The readable
/// form of [`token_hashes`], which the profile uses and which is tested against this.
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

/// A token reduced to what the profile needs: the hash of its lower-cased form and its flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenHash {
    /// FNV-1a of the lower-cased word.
    pub hash: u64,
    /// Written with a capital initial (and not at a sentence start).
    pub capitalised: bool,
    /// All digits.
    pub number: bool,
    /// Ends a sentence.
    pub sentence_end: bool,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The token being read by [`token_hashes`].
struct Reading {
    hash: u64,
    /// Bytes not yet folded into `hash`, eight at a time.
    chunk: u64,
    filled: u32,
    len: usize,
    number: bool,
    capital: bool,
    at_sentence_start: bool,
}

impl Reading {
    fn new() -> Self {
        Reading { hash: FNV_OFFSET, chunk: 0, filled: 0, len: 0, number: true, capital: false, at_sentence_start: true }
    }

    fn finish(&mut self, out: &mut Vec<TokenHash>) {
        if self.len > 0 {
            out.push(TokenHash {
                hash: self.digest(),
                capitalised: self.capital && !self.at_sentence_start,
                number: self.number,
                sentence_end: false,
            });
            self.at_sentence_start = false;
        }
        self.hash = FNV_OFFSET;
        self.chunk = 0;
        self.filled = 0;
        self.len = 0;
        self.number = true;
    }

    /// Bytes are gathered eight at a time and each full word folded in with one multiply: a
    /// byte-at-a-time hash is bound by one multiply's latency per byte of text.
    fn feed(&mut self, byte: u8) {
        self.chunk = (self.chunk << 8) | u64::from(byte);
        self.filled += 1;
        if self.filled == 8 {
            self.hash = (self.hash ^ self.chunk).wrapping_mul(FNV_PRIME).rotate_left(31);
            self.chunk = 0;
            self.filled = 0;
        }
    }

    fn digest(&self) -> u64 {
        mix((self.hash ^ self.chunk).wrapping_mul(FNV_PRIME) ^ u64::from(self.filled))
    }
}

/// The hash [`token_hashes`] gives a word (lower-cased UTF-8 bytes).
pub fn word_hash(word: &str) -> u64 {
    let mut r = Reading::new();
    for b in word.bytes() {
        r.feed(b);
    }
    r.digest()
}

/// The same tokens as [`tokenize`], hashed as they are read: no string is built per token, which
/// makes profiling several times faster on large corpora.
pub fn token_hashes(text: &str, out: &mut Vec<TokenHash>) {
    out.clear();
    let mut r = Reading::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // A run of ASCII letters and digits in one tight loop.
        if b.is_ascii_alphanumeric() {
            if r.len == 0 {
                r.capital = b.is_ascii_uppercase();
            }
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                let x = bytes[i];
                r.number &= x.is_ascii_digit();
                r.feed(x.to_ascii_lowercase());
                r.len += 1;
                i += 1;
            }
            continue;
        }
        // ASCII, most of most texts, byte by byte; anything else decoded as a char.
        let (c, width) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            (c, c.len_utf8())
        };
        i += width;
        if c.is_alphanumeric() || (c == '\'' && r.len > 0) {
            if r.len == 0 {
                r.capital = c.is_uppercase();
            }
            r.number &= c.is_ascii_digit();
            if width == 1 {
                r.feed(b.to_ascii_lowercase());
            } else {
                let mut buf = [0u8; 4];
                for l in c.to_lowercase() {
                    for &x in l.encode_utf8(&mut buf).as_bytes() {
                        r.feed(x);
                    }
                }
            }
            r.len += 1;
            continue;
        }
        if c == ',' && r.len > 0 && r.number {
            continue;
        }
        r.finish(out);
        if matches!(c, '.' | '!' | '?') {
            if let Some(last) = out.last_mut() {
                last.sentence_end = true;
            }
            r.at_sentence_start = true;
        }
    }
    r.finish(out);
}

/// Mixes the bits of a k-gram's combined hash (SplitMix64's finaliser), so the top bits that
/// partition the index are as random as the low ones.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hashes of the `k`-grams of token hashes, in text order (fewer than `k` items make one gram).
pub fn gram_sequence(items: &[u64], k: usize) -> Vec<u64> {
    let combine = |w: &[u64]| mix(w.iter().fold(0u64, |h, &x| h.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(x)));
    if items.len() < k {
        return if items.is_empty() { Vec::new() } else { vec![combine(items)] };
    }
    items.windows(k).map(combine).collect()
}

/// Hashes of the `k`-grams of token hashes, sorted and deduplicated.
pub fn grams(items: &[u64], k: usize) -> Vec<u64> {
    let mut out = gram_sequence(items, k);
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

    #[test]
    fn hashed_tokens_match_the_tokens() {
        let text = "In 1997, 23 miners died at Aoji. \"We carried them out,\" said Kim. 아오지 탄광에서 ÉTÉ 1,200!";
        let mut hashed = Vec::new();
        token_hashes(text, &mut hashed);
        let tokens = tokenize(text);
        assert_eq!(hashed.len(), tokens.len());
        for (h, t) in hashed.iter().zip(&tokens) {
            assert_eq!(h.hash, word_hash(&t.word), "{}", t.word);
            assert_eq!(
                (h.capitalised, h.number, h.sentence_end),
                (t.capitalised, t.number, t.sentence_end),
                "{}",
                t.word
            );
        }
    }
}
