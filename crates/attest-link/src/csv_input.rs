//! A list as CSV bytes, read into a header and rows of strings: the one reader `attest link` uses,
//! kept here (pure: bytes in) so that it can be fuzzed and tested without files.

/// A header and its rows, every row as long as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// Column names, trimmed.
    pub headers: Vec<String>,
    /// Values, trimmed.
    pub rows: Vec<Vec<String>>,
}

/// Why a CSV list was refused; the line is counted from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// Only whitespace.
    #[error("the file is empty")]
    Empty,
    /// Bytes that are not UTF-8.
    #[error("line {line}: not UTF-8 text (invalid byte at offset {offset}); convert the file to UTF-8")]
    NotUtf8 {
        /// Line of the first invalid byte.
        line: u64,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A record with more or fewer fields than the header.
    #[error("line {line}: {len} fields where the header has {expected}")]
    Ragged {
        /// Line of the record.
        line: u64,
        /// Its number of fields.
        len: u64,
        /// The header's.
        expected: u64,
    },
    /// A header and nothing else.
    #[error("no records after the header")]
    NoRecords,
    /// Anything else the CSV reader refused.
    #[error("line {line}: {message}")]
    Other {
        /// Line where it was found.
        line: u64,
        /// What the reader said.
        message: String,
    },
}

/// Reads a CSV list with a header row; fields are trimmed.
pub fn read_csv(bytes: &[u8]) -> Result<CsvTable, CsvError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CsvError::Empty);
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        return Err(CsvError::NotUtf8 { line, offset: e.valid_up_to() });
    }
    // Fields trimmed here as `csv::Trim::All` trims them (its ASCII trim, then `str::trim`,
    // which covers it) while each is copied out once: with `Trim::All` the reader rebuilt every
    // record twice to trim it.
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let other = |e: &csv::Error| match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => {
            CsvError::Ragged { line: pos.as_ref().map_or(0, csv::Position::line), len: *len, expected: *expected_len }
        }
        _ => CsvError::Other { line: e.position().map_or(1, csv::Position::line), message: e.to_string() },
    };
    let headers: Vec<String> = reader.headers().map_err(|e| other(&e))?.iter().map(|h| nfc(h.trim())).collect();
    let mut rows = Vec::new();
    for record in reader.byte_records() {
        // The whole input is UTF-8 (checked above) and fields split at ASCII bytes, so each is.
        rows.push(record.map_err(|e| other(&e))?.iter().map(|f| nfc(String::from_utf8_lossy(f).trim())).collect());
    }
    if rows.is_empty() {
        return Err(CsvError::NoRecords);
    }
    Ok(CsvTable { headers, rows })
}

/// A field in Unicode NFC: decomposed Hangul (a list exported from macOS writes 김 as ᄀ, ᅵ, ᆷ)
/// composed, so it meets the precomposed syllables every other list writes; also a Latin letter
/// with a combining breve (o + U+0306 is ŏ). A field is copied as it is when it is in NFC: when
/// every character is below U+0300 or a precomposed Hangul syllable (each is its own NFC and
/// combines with nothing before it: the common case, checked without the crate's tables, which
/// cost a fifth of the reading on a Korean list), else when the crate's quick check says so.
fn nfc(field: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let plain = |c: char| c < '\u{300}' || ('\u{AC00}'..='\u{D7A3}').contains(&c);
    if field.is_ascii() || field.chars().all(plain) || is_nfc_quick(field.chars()) == IsNormalized::Yes {
        field.to_string()
    } else {
        field.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_refuses() {
        let t = read_csv(b"id, name\n1, Kim\n2,Lee\n").unwrap();
        assert_eq!(t.headers, ["id", "name"]);
        assert_eq!(t.rows, [["1", "Kim"], ["2", "Lee"]]);
        // Unicode whitespace too (an ideographic space around Hangul), inside quotes as well.
        let t = read_csv(" id ,\u{3000}성명\n\t1 ,\" 김영희\u{3000}\"\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["id", "성명"]);
        assert_eq!(t.rows, [["1", "김영희"]]);
        assert_eq!(read_csv(b" \n").unwrap_err(), CsvError::Empty);
        assert_eq!(read_csv(b"id\n").unwrap_err(), CsvError::NoRecords);
        assert_eq!(read_csv(b"a,b\n1,2\n3\n").unwrap_err().to_string(), "line 3: 1 fields where the header has 2");
        assert_eq!(read_csv(b"a\n\xff\n").unwrap_err(), CsvError::NotUtf8 { line: 2, offset: 2 });
    }

    /// A list exported with decomposed Hangul (NFD, as macOS writes file contents it exports) reads
    /// as the precomposed syllables other lists write, headers too; a combining breve joins its
    /// letter. (Read as it was, 김영희 in NFD was nine jamo and linked to nothing.)
    #[test]
    fn decomposed_hangul_is_read_composed() {
        use unicode_normalization::UnicodeNormalization;
        let composed = "번호,성명,출생지\n1,김영희,Hamgyŏng-pukto\n";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(decomposed, composed);
        let t = read_csv(decomposed.as_bytes()).unwrap();
        assert_eq!(t, read_csv(composed.as_bytes()).unwrap());
        assert_eq!(t.headers[1], "성명");
        assert_eq!(t.rows[0][1], "김영희");
        assert_eq!(t.rows[0][1].chars().count(), 3);
        assert_eq!(t.rows[0][2], "Hamgyŏng-pukto");
        // A precomposed syllable followed by a trailing consonant jamo composes too (가 + ᆨ is
        // 각), and a compatibility ideograph becomes its unified one, as NFC says.
        assert_eq!(nfc("\u{AC00}\u{11A8}"), "각");
        assert_eq!(nfc("\u{F900}"), "\u{8C48}");
        assert_eq!(nfc("Kim 김 Ŏ"), "Kim 김 Ŏ");
    }

    /// The fields `read_csv` trims while copying equal what the csv reader's own `Trim::All`
    /// gives on inputs where the two could part: a vertical tab and a form feed, a no-break and
    /// an ideographic space, a byte-order mark, CRLF line ends, blank lines, spaces outside and
    /// inside quotes, a quoted field that is only spaces, and quoted line breaks. Invented names.
    #[test]
    fn trimming_while_copying_equals_the_readers_own_trim() {
        let inputs: [&str; 6] = [
            "\u{feff}id,name\r\n1,\u{b}Kim\u{c}\r\n\r\n2,\u{a0}Lee\u{a0}\r\n",
            "id , name \n 1 , \" Pak \" \n2,\"   \"\n",
            " id,\u{3000}성명\u{3000}\n1,\"김\n영희 \"\n\n\n3,\t최\t\n",
            "a,b,c\n\"x\",  \"y\"  ,z\n",
            "a\n\u{2003}\u{2003}\n",
            "\u{feff} a ,b\n1,\u{85}2\u{85}\n",
        ];
        for input in inputs {
            let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(input.as_bytes());
            let headers: Vec<String> = reader.headers().expect("headers").iter().map(str::to_string).collect();
            let rows: Vec<Vec<String>> =
                reader.records().map(|r| r.expect("record").iter().map(str::to_string).collect()).collect();
            let t = read_csv(input.as_bytes()).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!((t.headers, t.rows), (headers, rows), "{input:?}");
        }
    }
}
