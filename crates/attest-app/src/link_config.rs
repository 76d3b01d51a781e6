//! A linkage configuration as a file: written by `attest link --save-config`, edited, read back
//! with `--config`. One place for the format, so every face reads a saved configuration the same
//! way. Each column keeps its note twice: `note`, the English words for the person editing the
//! file (as `attest link` prints it and `--json` gives it), and `note_parts`, the note's codes
//! (`attest_link::notes`), so that a configuration read back is said in the reader's language (the
//! Korean workspace says it in Korean) as an inferred one is. A file saved before the codes were
//! (words only), or whose words were edited so that they no longer say its codes, still reads: its
//! notes are shown as written.

use attest_link::notes::{ColumnNote, NotePart};
pub use attest_link::{ColumnConfig, LinkConfig};
use serde::Deserialize;

use crate::{AppError, ListProblem, Problem, Result};

/// The key of a column's note codes in the file.
const NOTE_PARTS: &str = "note_parts";
/// The key of the role a column's note explains (the role it had when the file was written):
/// a role edited by hand no longer has that note ([`from_text`]).
const NOTE_ROLE: &str = "note_role";

/// The largest saved configuration read from an upload ([`from_upload`]), in bytes. A real one
/// is a few KiB (a column is five short lines); 64 KiB holds several hundred columns, and a
/// file past it is not a configuration, so it is refused before it is parsed. (The web page
/// reads an uploaded file's part to one byte past this and no further; the API's JSON string is
/// whole in memory first, within the request's body limit.)
pub const MAX_CONFIG_BYTES: usize = 64 << 10;

fn unwritable(e: impl std::fmt::Display) -> AppError {
    AppError::invalid("configuration", format!("cannot be written: {e}"))
}

/// The configuration as the file's text (TOML), each column's note as words and codes.
pub fn to_text(config: &LinkConfig) -> Result<String> {
    let mut file = toml::Table::try_from(config).map_err(unwritable)?;
    if let Some(toml::Value::Array(columns)) = file.get_mut("columns") {
        for (column, c) in columns.iter_mut().zip(&config.columns) {
            // Words read back without codes have no codes to keep.
            let coded = !c.note.is_empty() && !c.note.parts().iter().any(|p| matches!(p, NotePart::Saved(_)));
            if let (true, toml::Value::Table(column)) = (coded, column) {
                column.insert(NOTE_PARTS.into(), toml::Value::try_from(c.note.parts()).map_err(unwritable)?);
                column.insert(NOTE_ROLE.into(), toml::Value::try_from(c.role).map_err(unwritable)?);
            }
        }
    }
    let text = toml::to_string(&file).map_err(unwritable)?;
    // A file that would not read back as this configuration (a code TOML cannot hold) is never
    // written: the notes' words alone read back everywhere.
    match from_text("configuration", &text) {
        Ok(read) if read == *config => Ok(text),
        _ => to_words(config),
    }
}

/// The configuration as `attest link` prints it for reading: notes as words only, one line each.
pub fn to_words(config: &LinkConfig) -> Result<String> {
    toml::to_string(config).map_err(unwritable)
}

/// What the file says of each column's note codes.
#[derive(Deserialize)]
struct FileCodes {
    #[serde(default)]
    columns: Vec<ColumnCodes>,
}

#[derive(Deserialize)]
struct ColumnCodes {
    /// Read as plain TOML first: a column whose codes this version does not know (misspelled by
    /// hand, or written by a newer version) keeps its words instead of refusing the whole file.
    #[serde(default)]
    note_parts: Option<toml::Value>,
    /// The role the note was written for (files written before it have none).
    #[serde(default)]
    note_role: Option<toml::Value>,
}

/// Reads an uploaded configuration file (the workspace's `/link` and `POST /api/link`): refused
/// past [`MAX_CONFIG_BYTES`] before it is parsed, then as UTF-8 text, then as [`from_text`].
/// `bytes` may be only the first [`MAX_CONFIG_BYTES`] + 1 of a larger file (the page stops
/// reading there), so the refusal says "more than" the cap, never a size it may not know. Call
/// it where the lists are linked (a blocking thread): the TOML reader's work grows with the file.
pub fn from_upload(name: &str, bytes: &[u8]) -> Result<LinkConfig> {
    if bytes.len() > MAX_CONFIG_BYTES {
        let (kib, max_kib) = (bytes.len().div_ceil(1 << 10), MAX_CONFIG_BYTES >> 10);
        return Err(AppError::refused(
            name,
            format!(
                "more than {max_kib} KiB; a saved configuration is at most {max_kib} KiB (the one a run writes is a few KiB)"
            ),
            Problem::List(Box::new(ListProblem::ConfigTooLarge { kib, max_kib })),
        ));
    }
    let text = zeroize::Zeroizing::new(crate::lists::utf8_text(name, bytes)?);
    from_text(name, &text)
}

/// Reads a configuration file's text; `name` (the file, or the option that named it) opens the
/// message of a file that is not a configuration.
pub fn from_text(name: &str, text: &str) -> Result<LinkConfig> {
    let bad = |e: toml::de::Error| {
        // Where reading stopped, as a 1-based line and character, for faces that say it in
        // their own words (the message is the TOML reader's English, which names it too).
        let at = e.span().map_or(0, |span| span.start.min(text.len()));
        let before = text.get(..at).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
        let problem = Problem::List(Box::new(ListProblem::ConfigUnreadable { line, column }));
        // The reader's own words without the line of the file it would quote (a list chosen
        // by mistake would have a person's record there), and those shortened.
        let said = crate::lists::shown(e.message().trim_end());
        AppError::refused(name, format!("line {line}, column {column}: not a linkage configuration: {said}"), problem)
    };
    let mut config = toml::from_str::<LinkConfig>(text).map_err(bad)?;
    let codes = toml::from_str::<FileCodes>(text).map_err(bad)?;
    for (c, codes) in config.columns.iter_mut().zip(codes.columns) {
        let note_role = codes.note_role.and_then(|v| v.try_into::<attest_link::Role>().ok());
        if let Some(parts) = codes.note_parts.and_then(|v| v.try_into::<Vec<NotePart>>().ok()) {
            let coded = ColumnNote(parts);
            // Words edited by hand are the reader's own: shown as written, not the codes.
            if coded.to_string() == c.note.to_string() {
                c.note = coded;
                // The role was edited by hand and the note not: the note explained the role
                // inferred, not this one. An empty note is a role set by hand.
                if note_role.is_some_and(|r| r != c.role) {
                    c.note = ColumnNote::default();
                }
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use attest_link::notes::NotePart;

    fn inferred() -> LinkConfig {
        let headers: Vec<String> =
            ["record_id", "full_name", "surname", "given_name", "birth_year", "sex"].map(String::from).to_vec();
        let rows: Vec<Vec<String>> = (0..40)
            .map(|i| {
                let (s, g) = (["Kim", "Ri", "Pak", "Choe"][i % 4], ["Young-ho", "Chol-su", "Mi-ok", "Song-il"][i % 4]);
                let full = if i % 5 == 0 { String::new() } else { format!("{s} {g}") };
                vec![format!("R{i}"), full, s.into(), g.into(), (1950 + i).to_string(), ["M", "F"][i % 2].into()]
            })
            .collect();
        attest_link::infer_config(&headers, &rows, 0)
    }

    #[test]
    fn a_saved_configuration_reads_back_with_its_notes_codes_not_just_their_words() {
        let config = inferred();
        let coded = config.columns.iter().filter(|c| !c.note.is_empty()).count();
        assert!(coded >= 4, "{config:?}");
        let text = to_text(&config).unwrap();
        // The words stay in the file for its reader, beside the codes.
        let birth = config.columns.iter().find(|c| c.name == "birth_year").unwrap();
        assert!(text.contains(&birth.note.to_string()), "{text}");
        assert!(text.contains("note_parts") && text.contains("code = "), "{text}");
        assert!(!to_words(&config).unwrap().contains("note_parts"), "the printed configuration reads as words");
        let read = from_text("--config c.toml", &text).unwrap();
        assert_eq!(read, config, "the same configuration, notes and all");
        for c in &read.columns {
            assert!(!c.note.parts().iter().any(|p| matches!(p, NotePart::Saved(_))), "{}: {:?}", c.name, c.note);
        }
    }

    #[test]
    fn a_configuration_saved_with_words_only_or_edited_by_hand_still_reads_its_words() {
        let old = "threshold = 0.9\nblocking = [[\"surname\"]]\n\n[[columns]]\nname = \"record_id\"\n\
                   role = \"id\"\nnote = \"the record id\"\n\n[[columns]]\nname = \"name\"\nrole = \"full_name\"\n\
                   note = \"merged: the concatenation of 'surname' and 'given' in 97 % of sampled rows; not \
                   compared, fills them where empty\"\n";
        let read = from_text("--config old.toml", old).unwrap();
        assert_eq!(read.columns[0].note.parts(), [NotePart::Saved("the record id".into())]);
        assert!(read.columns[1].note.is_concatenation(), "the concatenation still acts by its words");
        assert!(to_text(&read).unwrap().contains("note = \"the record id\""), "written back as it was");
        // Words that no longer say the codes were edited: they are the reader's own.
        let mut text = to_text(&inferred()).unwrap();
        let birth = inferred().columns.into_iter().find(|c| c.name == "birth_year").unwrap();
        text = text.replacen(&birth.note.to_string(), "checked by hand against the register", 1);
        let read = from_text("--config edited.toml", &text).unwrap();
        let note = &read.columns.iter().find(|c| c.name == "birth_year").unwrap().note;
        assert_eq!(note.to_string(), "checked by hand against the register");
        // A code this version does not know (misspelled, or from a newer version): its words.
        let text = to_text(&inferred()).unwrap();
        let at = text.find("code = \"").unwrap() + "code = \"".len();
        let unknown = format!("{}not_a_code_{}", &text[..at], &text[at..]);
        let read = from_text("--config newer.toml", &unknown).expect("one unknown code does not refuse the file");
        let words: Vec<String> = inferred().columns.iter().map(|c| c.note.to_string()).collect();
        assert_eq!(read.columns.iter().map(|c| c.note.to_string()).collect::<Vec<_>>(), words);
        let refused = from_text("--config bad.toml", "columns = 3").unwrap_err();
        assert!(refused.to_string().starts_with("--config bad.toml"), "{refused}");
        // A file that is not a configuration is refused with where reading stopped.
        let refused = from_text("bad.toml", "threshold = 0.9\ncolumns = 3\n").unwrap_err();
        assert_eq!(refused.problem(), Problem::List(Box::new(ListProblem::ConfigUnreadable { line: 2, column: 11 })));
    }

    #[test]
    fn a_role_edited_by_hand_loses_the_note_that_explained_the_inferred_role() {
        let config = inferred();
        let birth = config.columns.iter().find(|c| c.name == "birth_year").unwrap();
        assert!(!birth.note.is_empty(), "the inferred role has its note");
        let text = to_text(&config).unwrap();
        let at = text.find("name = \"birth_year\"").unwrap();
        let role = at + text[at..].find("role = \"birth_year\"").unwrap();
        let edited = format!("{}role = \"ignore\"{}", &text[..role], &text[role + "role = \"birth_year\"".len()..]);
        let read = from_text("--config edited.toml", &edited).unwrap();
        let birth = read.columns.iter().find(|c| c.name == "birth_year").unwrap();
        assert_eq!(birth.role, attest_link::Role::Ignore);
        assert!(birth.note.is_empty(), "a role set by hand, not the inferred one's note: {:?}", birth.note);
        // The other columns keep their notes, and a file read back unedited is the same.
        for (c, before) in read.columns.iter().zip(&config.columns).filter(|(c, _)| c.name != "birth_year") {
            assert_eq!(c.note, before.note, "{}", c.name);
        }
        assert_eq!(from_text("c.toml", &text).unwrap(), config);
    }

    #[test]
    fn an_uploaded_configuration_past_its_cap_is_refused_by_kind_before_it_is_read() {
        let text = to_text(&inferred()).unwrap();
        assert!(text.len() < 8 << 10, "a real configuration is a few KiB: {}", text.len());
        assert_eq!(from_upload("c.toml", text.as_bytes()).unwrap(), inferred());
        // Past the cap by one byte: refused with its size and the cap, whatever it holds.
        let big = format!("{text}{}", "#".repeat(MAX_CONFIG_BYTES + 1 - text.len()));
        let refused = from_upload("big.toml", big.as_bytes()).unwrap_err();
        let (kib, max_kib) = (MAX_CONFIG_BYTES / 1024 + 1, MAX_CONFIG_BYTES / 1024);
        assert_eq!(refused.problem(), Problem::List(Box::new(ListProblem::ConfigTooLarge { kib, max_kib })));
        assert!(refused.to_string().starts_with(&format!(
            "big.toml: more than {max_kib} KiB; a saved configuration is at most {max_kib} KiB"
        )));
        // A list chosen by mistake: the reader's refusal quotes no line of it.
        let list = "record_id,name,contact\nR1,Invented Sealed Epsilon,epsilon-contact-0042\n";
        let refused = from_upload("list.csv", list.as_bytes()).unwrap_err();
        assert!(matches!(refused.problem(), Problem::List(p) if matches!(*p, ListProblem::ConfigUnreadable { .. })));
        assert!(!refused.to_string().contains("Epsilon") && !refused.to_string().contains("contact"), "{refused}");
        assert!(from_upload("c.toml", b"threshold = \xff").is_err(), "not UTF-8");
    }
}
