//! Reading transcript bytes into text: UTF-8, UTF-16 with a byte-order mark, or legacy Korean
//! (EUC-KR / CP949), then Unicode NFC so that Hangul typed on different systems compares equal.
//!
//! Korean interview notes written on older Windows machines are often CP949. Refusing them would
//! push investigators to convert by hand and lose the original; guessing silently would corrupt
//! text. We convert only when the bytes decode cleanly as CP949 and the result is mostly Hangul,
//! and we say so; anything else is refused with the byte offset of the first invalid sequence.

use unicode_normalization::UnicodeNormalization;

/// The encoding a transcript was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceEncoding {
    /// UTF-8, with or without a byte-order mark.
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-16 little-endian with a byte-order mark.
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark.
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// EUC-KR or its Windows superset CP949, detected and converted.
    #[serde(rename = "euc-kr")]
    EucKr,
}

impl SourceEncoding {
    /// The encoding's name as stored and printed (`utf-8`, `utf-16le`, `utf-16be`, `euc-kr`).
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "utf-8",
            SourceEncoding::Utf16Le => "utf-16le",
            SourceEncoding::Utf16Be => "utf-16be",
            SourceEncoding::EucKr => "euc-kr",
        }
    }
}

/// Text read from a file, in NFC.
#[derive(Debug, Clone)]
pub struct DecodedText {
    /// The text, NFC-normalised.
    pub text: String,
    /// What it was read from.
    pub encoding: SourceEncoding,
    /// NFC changed the text, so character offsets differ from the file's.
    pub normalized: bool,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Not UTF-8, and not recognisably Korean legacy text either.
    #[error(
        "not UTF-8 (invalid byte sequence at byte {offset}) and not EUC-KR/CP949 Korean text; convert it to UTF-8 first"
    )]
    NotText {
        /// Byte offset of the first invalid UTF-8 sequence.
        offset: usize,
    },
    /// Malformed UTF-16.
    #[error("starts with a UTF-16 byte-order mark but is not valid UTF-16")]
    BadUtf16,
    /// The text has a NUL or other control character that no transcript has.
    #[error("contains a control character (U+{code:04X}) at character {position}: is this a binary file?")]
    ControlCharacter {
        /// The code point.
        code: u32,
        /// Its character offset.
        position: usize,
    },
}

/// Decodes transcript bytes.
pub fn decode_transcript(bytes: &[u8]) -> Result<DecodedText, TextError> {
    let (raw, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (
            std::str::from_utf8(rest).map_err(|e| TextError::NotText { offset: e.valid_up_to() + 3 })?.to_string(),
            SourceEncoding::Utf8,
        )
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, had_errors) = encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(TextError::BadUtf16);
        }
        (text.into_owned(), SourceEncoding::Utf16Le)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, had_errors) = encoding_rs::UTF_16BE.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(TextError::BadUtf16);
        }
        (text.into_owned(), SourceEncoding::Utf16Be)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), SourceEncoding::Utf8),
            Err(e) => match legacy_korean(bytes) {
                Some(text) => (text, SourceEncoding::EucKr),
                None => return Err(TextError::NotText { offset: e.valid_up_to() }),
            },
        }
    };
    if let Some((position, c)) =
        raw.chars().enumerate().find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(TextError::ControlCharacter { code: c as u32, position });
    }
    let text: String = raw.nfc().collect();
    let normalized = text != raw;
    Ok(DecodedText { text, encoding, normalized })
}

/// Legacy Korean text: bytes that decode cleanly as EUC-KR (or its Windows superset CP949) into
/// text whose non-ASCII characters are mostly (70 %) Hangul. The one detection of attest, used for
/// transcripts here and for saved web pages by `attest-intake`.
pub fn legacy_korean(bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = encoding_rs::EUC_KR.decode_without_bom_handling(bytes);
    let non_ascii: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    let hangul = non_ascii.iter().filter(|c| is_hangul(**c)).count();
    if had_errors || non_ascii.is_empty() || hangul * 10 < non_ascii.len() * 7 {
        return None;
    }
    Some(text.into_owned())
}

/// Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_names() {
        let names: Vec<&str> =
            [SourceEncoding::Utf8, SourceEncoding::Utf16Le, SourceEncoding::Utf16Be, SourceEncoding::EucKr]
                .iter()
                .map(|e| e.as_str())
                .collect();
        assert_eq!(names, ["utf-8", "utf-16le", "utf-16be", "euc-kr"]);
    }

    #[test]
    fn utf8_and_bom() {
        let d = decode_transcript("아오지 탄광".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("아오지 탄광", SourceEncoding::Utf8));
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("mine".as_bytes());
        assert_eq!(decode_transcript(&with_bom).unwrap().text, "mine");
    }

    #[test]
    fn euc_kr_is_detected_and_converted() {
        let (bytes, _, _) = encoding_rs::EUC_KR.encode("함경북도 아오지 탄광에서 일했습니다.");
        let d = decode_transcript(&bytes).unwrap();
        assert_eq!(d.encoding, SourceEncoding::EucKr);
        assert_eq!(d.text, "함경북도 아오지 탄광에서 일했습니다.");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "회령".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_transcript(&bytes).unwrap().text, "회령");
    }

    #[test]
    fn binary_is_refused_with_offset() {
        let e = decode_transcript(&[b'a', b'b', 0xFF, 0xFE, 0x00, 0x80]).unwrap_err();
        assert_eq!(e, TextError::NotText { offset: 2 });
        let e = decode_transcript(b"ab\0cd").unwrap_err();
        assert_eq!(e, TextError::ControlCharacter { code: 0, position: 2 });
    }

    #[test]
    fn decomposed_hangul_is_composed() {
        let nfd: String = "최".nfd().collect();
        let d = decode_transcript(nfd.as_bytes()).unwrap();
        assert_eq!(d.text, "최");
        assert!(d.normalized);
    }
}
