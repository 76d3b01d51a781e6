//! A list as CSV bytes, read into a header and rows of strings: the one reader `attest link`, the
//! web workspace, its API and the timed `link_csv` example use, kept here (pure: bytes in) so that
//! it can be fuzzed and tested without files. A large list is read in two halves on two workers
//! when a record boundary near the middle is certain, and by one reader from start to end
//! otherwise, so every refusal names the line one reader finds.

use std::borrow::Cow;

/// A header and its rows, every row as long as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// Column names, trimmed, in Unicode NFC.
    pub headers: Vec<String>,
    /// Values, trimmed, in Unicode NFC.
    pub rows: Vec<Vec<String>>,
    /// The values NFC changed, as the file wrote them (trimmed): their row, column and text.
    /// Empty for a file in NFC, as nearly every file is; see [`CsvTable::keep_as_written`].
    pub as_written: Vec<(usize, usize, String)>,
}

impl CsvTable {
    /// Puts back the values of `column` as the file wrote them, uncomposed: a record id is a key
    /// the user joins on in their own files and in decisions, matched byte for byte, never text
    /// to compare (an id in NFD stays the id the file gave).
    pub fn keep_as_written(&mut self, column: usize) {
        for (row, c, text) in &self.as_written {
            if *c == column {
                self.rows[*row][column].clone_from(text);
            }
        }
    }
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

/// Reads a CSV list with a header row; fields are trimmed and composed to NFC. A list of 64 KiB
/// or more is read in two halves on two workers of the current rayon pool when
/// [`read_csv_in_halves`] is sure of a record boundary near its middle; otherwise, and on any
/// error, by [`read_csv_serial`], so the rows and every refusal (the line named) are one reader's.
pub fn read_csv(bytes: &[u8]) -> Result<CsvTable, CsvError> {
    check_text(bytes)?;
    match in_halves(bytes) {
        Some(table) => Ok(table),
        None => serial(bytes),
    }
}

/// The size from which [`read_csv`] reads in two halves: below it, a second worker costs more
/// than it saves.
pub const HALVES_FROM_BYTES: usize = 1 << 16;

/// A refusal before any record is read: only whitespace, or bytes that are not UTF-8.
fn check_text(bytes: &[u8]) -> Result<(), CsvError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CsvError::Empty);
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        return Err(CsvError::NotUtf8 { line, offset: e.valid_up_to() });
    }
    Ok(())
}

/// Reads a CSV list with one reader from start to end: what [`read_csv`] gives on every input,
/// and what it falls back to.
pub fn read_csv_serial(bytes: &[u8]) -> Result<CsvTable, CsvError> {
    check_text(bytes)?;
    serial(bytes)
}

/// [`read_csv_serial`] on text already checked.
fn serial(bytes: &[u8]) -> Result<CsvTable, CsvError> {
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
    let headers = header_of(&mut reader).map_err(|e| other(&e))?;
    let mut table = CsvTable { headers, rows: Vec::new(), as_written: Vec::new() };
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(|e| other(&e))? {
        push_row(&mut table, &record);
    }
    if table.rows.is_empty() {
        return Err(CsvError::NoRecords);
    }
    Ok(table)
}

fn header_of(reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>, csv::Error> {
    Ok(reader.headers()?.iter().map(|h| nfc(h.trim()).into_owned()).collect())
}

/// One record's fields as a row of `table`: trimmed, composed, and the text as written kept
/// where composing changed it.
fn push_row(table: &mut CsvTable, record: &csv::ByteRecord) {
    let row_index = table.rows.len();
    let mut row = Vec::with_capacity(record.len());
    for (column, field) in record.iter().enumerate() {
        // The whole input is UTF-8 (checked first) and fields split at ASCII bytes, so each is.
        let written = String::from_utf8_lossy(field);
        let written = written.trim();
        match nfc(written) {
            Cow::Borrowed(same) => row.push(same.to_string()),
            Cow::Owned(composed) => {
                table.as_written.push((row_index, column, written.to_string()));
                row.push(composed);
            }
        }
    }
    table.rows.push(row);
}

/// A large list read in two halves on two workers (`rayon::join`, on the pool it is called in),
/// or `None` when in any doubt, for [`read_csv_serial`] to read alone: a list under
/// [`HALVES_FROM_BYTES`], no line break near the middle outside quotes, a first half whose
/// reader does not stop exactly at the second half's start, or any record either half refuses
/// (a refusal in the second half would name a line counted from the middle).
///
/// The second half starts at the first line break after the middle with an even number of
/// quote characters before it (after its \n). A quote counted so may be a literal one inside an unquoted field
/// (`5'11"`), so the count alone is a guess: the first half's reader, the serial reader itself
/// reading the records in order, must end a record exactly there. Then the break is a record
/// boundary of the one reading, and the records after it read from it alone are that reading's
/// (a CSV record is read from its start with nothing carried over but the field count, checked
/// against the header here). Found by hand because the csv crate reads records only in order.
pub fn read_csv_in_halves(bytes: &[u8]) -> Option<CsvTable> {
    check_text(bytes).ok()?;
    in_halves(bytes)
}

/// [`read_csv_in_halves`] on text already checked.
fn in_halves(bytes: &[u8]) -> Option<CsvTable> {
    if bytes.len() < HALVES_FROM_BYTES {
        return None;
    }
    let middle = bytes.len() / 2;
    let quotes = bytes[..middle].iter().filter(|&&b| b == b'"').count();
    let mut odd = quotes % 2 == 1;
    let at = bytes[middle..].iter().position(|&b| {
        odd ^= b == b'"';
        b == b'\n' && !odd
    })?;
    let split = middle + at + 1;
    // A byte-order mark is skipped by a reader at its input's start only: one beginning the
    // second half is text to the one reader.
    if split >= bytes.len() || bytes[split..].starts_with("\u{feff}".as_bytes()) {
        return None;
    }
    let mut first = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = header_of(&mut first).ok()?;
    let width = headers.len();
    // Where the first reader, between records, stands at the second half's start: at the line
    // break's end, or before its \n when a record ended at the \r of a \r\n (the reader reads
    // the \n with the next record; a line break alone between records is no record).
    let at_split = |position: u64| {
        position == split as u64 || (position + 1 == split as u64 && split >= 2 && bytes[split - 2] == b'\r')
    };
    let (first_half, second_half) = rayon::join(
        || {
            let mut table = CsvTable { headers, rows: Vec::new(), as_written: Vec::new() };
            let mut record = csv::ByteRecord::new();
            while first.position().byte() < split as u64 && !at_split(first.position().byte()) {
                if !first.read_byte_record(&mut record).ok()? {
                    return None;
                }
                push_row(&mut table, &record);
            }
            at_split(first.position().byte()).then_some(table)
        },
        || {
            let mut second = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&bytes[split..]);
            let mut table = CsvTable { headers: Vec::new(), rows: Vec::new(), as_written: Vec::new() };
            let mut record = csv::ByteRecord::new();
            while second.read_byte_record(&mut record).ok()? {
                if record.len() != width {
                    return None;
                }
                push_row(&mut table, &record);
            }
            Some(table)
        },
    );
    let (mut table, second) = (first_half?, second_half?);
    let offset = table.rows.len();
    table.rows.extend(second.rows);
    table.as_written.extend(second.as_written.into_iter().map(|(row, column, text)| (row + offset, column, text)));
    (!table.rows.is_empty()).then_some(table)
}

/// A field in Unicode NFC: decomposed Hangul (a list exported from macOS writes 김 as ᄀ, ᅵ, ᆷ)
/// composed, so it meets the precomposed syllables every other list writes; also a Latin letter
/// with a combining breve (o + U+0306 is ŏ). A field is borrowed as it is when it is in NFC: when
/// every character is below U+0300 or a precomposed Hangul syllable (each is its own NFC and
/// combines with nothing before it: the common case, checked without the crate's tables, which
/// cost a fifth of the reading on a Korean list), else when the crate's quick check says so.
pub(crate) fn nfc(field: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let plain = |c: char| c < '\u{300}' || ('\u{AC00}'..='\u{D7A3}').contains(&c);
    if field.is_ascii() || field.chars().all(plain) || is_nfc_quick(field.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(field);
    }
    let composed: String = field.nfc().collect();
    if composed == field { Cow::Borrowed(field) } else { Cow::Owned(composed) }
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
        let plain = read_csv(composed.as_bytes()).unwrap();
        assert_eq!((&t.headers, &t.rows), (&plain.headers, &plain.rows));
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
