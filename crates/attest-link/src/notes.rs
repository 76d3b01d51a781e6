//! Why a column has its role, as structure: a [`ColumnNote`] is the sequence of [`NotePart`]s
//! that `roles::infer_config` finds (what the header said, what the values showed, a merge, a
//! stacked list, ...), each a code with its arguments. The English sentence is its `Display`
//! here, byte for byte the note the configuration has always printed (`attest link`, `link
//! explain`); other faces say the same parts in their own language from the codes (the Korean
//! workspace: `attest-web/src/views/column_notes.rs`), and code that acts on a note asks for a
//! part (`is_concatenation`), never for English words.
//!
//! A configuration's `note` is its words (as `attest link` prints it and `--json` gives it); read
//! back alone they are kept as [`NotePart::Saved`], and the one note the engine acts on, a
//! concatenation that fills the name parts, is recognised by its opening words so that a saved
//! configuration links as the inferred one did. The parts themselves serialize too (a code and
//! its arguments), so that a configuration file can keep them beside the words and be said in
//! its reader's language when read back (`attest_app::link_config`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a column has its role: its parts, in order (empty when the role was set by hand).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnNote(pub Vec<NotePart>);

/// What the header of a column said about its role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderNote {
    /// The whole header is a name for the role: `header 'dob'`.
    Exact(String),
    /// A list's own row number (번호, 연번): `header '번호': a list's row number, not compared`.
    RowNumber(String),
    /// One word of the header: `header word 'father'`.
    Word(String),
    /// Words for an age and a year: the year an age was reported.
    AgeAndYear(String, String),
    /// Words for when the record was made and a year.
    WhenAndYear(String, String),
    /// Words for birth and a date.
    BirthAndDate(String, String),
    /// A word for birth, and a year word if any (`yob`, `birth year`). Saved as one or two words
    /// (TOML has no null for the missing one).
    #[serde(serialize_with = "birth_year_words", deserialize_with = "birth_year_from_words")]
    BirthYear(String, Option<String>),
    /// Words for birth and a place.
    BirthAndPlace(String, String),
    /// A word for birth alone: the values decide year or date.
    BirthOnly(String),
    /// Words for a given name and a surname together.
    GivenAndSurname(String, String),
    /// A word naming an identifier (id, ref, no, number, code, key).
    Identifier,
}

fn birth_year_words<S: Serializer>(birth: &str, year: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    let words: Vec<&str> = std::iter::once(birth).chain(year.as_deref()).collect();
    words.serialize(s)
}

fn birth_year_from_words<'de, D: Deserializer<'de>>(d: D) -> Result<(String, Option<String>), D::Error> {
    let mut words = Vec::<String>::deserialize(d)?.into_iter();
    let birth = words.next().ok_or_else(|| serde::de::Error::custom("birth_year needs one or two words"))?;
    Ok((birth, words.next()))
}

/// One piece of a column's note. A piece that continues a note begins with its own separator
/// (`; ` or `: `), as the English has always been written. Serialized as `{ code = "...", with =
/// ... }`: the variant's name in snake case and its arguments, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code", content = "with")]
pub enum NotePart {
    /// Words read back from a saved configuration, or written by hand: shown as they are.
    Saved(String),
    /// `the record id`.
    RecordId,
    /// What the header said.
    Header(HeaderNote),
    /// `; another column is the record id` (a header naming an id that is not the record id).
    OtherColumnIsId,
    /// `: compared exactly or by a few edits, a common value counting for less`.
    ComparedAsText,
    /// `; values are dates`.
    AlsoDates,
    /// `; values are years`.
    AlsoYears,
    /// `; but values are words, not years, dates or ages: taken as a place of birth`.
    WordsSoPlaceOfBirth,
    /// `; but values are calendar years: the year the age was reported`.
    CalendarYearsSoReportedYear,
    /// `; but values are ages`.
    ButAges,
    /// `; values are names in Chinese characters: compared as written, not with Korean keys`.
    ChineseCharacters,
    /// `values are sexes (N distinct)`.
    Sexes {
        /// Distinct values in the sample.
        distinct: usize,
    },
    /// `values are dates`.
    Dates,
    /// `values are years (taken as birth years)`.
    Years,
    /// `values are postcodes (an outward and an inward part)`.
    Postcodes,
    /// `values are surnames`.
    Surnames,
    /// `values are personal names (known surname first or last)`.
    PersonalNames,
    /// `few distinct values (N): a category or a source's own vocabulary`, and unless the values
    /// turned out to describe the person, `, not compared (give it a role to compare it)`.
    FewDistinct {
        /// Distinct values in the sample.
        distinct: usize,
        /// Compared after all (a [`NotePart::PersonVocabulary`] follows).
        compared: bool,
    },
    /// `no header word or value pattern recognised: compared as free text by edit distance`.
    FreeText,
    /// `empty in the sample`.
    Empty,
    /// `values are years, beside an age column and a birth-year column: the year the age was given`.
    YearOfAgeBesideBirthYear,
    /// `values are years, beside an age column: the year the age was given`.
    YearOfAge,
    /// `; values name Korean places in Latin letters (P % of sampled values a known province or
    /// county): compared as Korean places, a province one key in any script and the halves of a
    /// province different`.
    KoreanPlacesInLatin {
        /// Share of sampled values naming a known place, in per cent.
        percent: f64,
    },
    /// `values say when the record was made ("2015년 면담", "interviewed 2015") in P % of sampled
    /// rows: that year is the year the age was given, not compared`.
    YearOfAgeInWords {
        /// Share of sampled filled values giving such a year, in per cent.
        percent: f64,
    },
    /// `part of 'WHOLE' (its concatenation with 'OTHER')`.
    PartOf {
        /// The concatenated column.
        whole: String,
        /// The other part.
        other: String,
    },
    /// `merged: the concatenation of 'A' and 'B' in P % of sampled rows; not compared, fills them
    /// where empty`.
    Concatenation {
        /// The first part's header.
        a: String,
        /// The second part's header.
        b: String,
        /// Share of sampled rows where it is their concatenation, in per cent.
        percent: f64,
    },
    /// `; merged with the surname and given-name columns: not compared, fills them where empty`.
    MergedWithParts,
    /// `; rows fill it or 'FIRST', almost never both (lists stacked with their own headers): its
    /// values fill 'FIRST' where empty, not compared on their own`.
    Stacked {
        /// The column it fills.
        first: String,
    },
    /// `; the same names in the other script ...`: a column of names in Latin letters beside one
    /// in Hangul (or the reverse), filling it where empty.
    OtherScript {
        /// The column it fills.
        first: String,
    },
    /// `; but values are whole names in Hangul (surname and given name): taken as the full name`.
    ButFullNames,
    /// `; but N % of values are relatives cells naming a father ...`: the father's name is compared.
    Relatives {
        /// Share of sampled values naming a father, in percent.
        percent: f64,
    },
    /// `; but rows with the same name and birth agree on it in A % of N pairs against R % of
    /// random pairs: it describes the person, compared exactly or by a few edits, a common value
    /// counting for less`.
    PersonVocabulary {
        /// Agreement among rows with the same name and birth, in per cent.
        agree: f64,
        /// Pairs of such rows compared.
        pairs: usize,
        /// Agreement among random rows, in per cent.
        random: f64,
    },
    /// `; but records sharing a value mostly have different given names (A % of N pairs agree):
    /// a household or group number, not compared`.
    GroupNumber {
        /// Pairs sharing a value whose given names agree, in per cent.
        agree: f64,
        /// Pairs compared.
        pairs: usize,
    },
}

/// The opening words of a concatenation's note, by which a saved configuration's is recognised.
const CONCATENATION_OPENS: &str = "merged: the concatenation";

impl ColumnNote {
    /// A note of one part.
    pub fn of(part: NotePart) -> ColumnNote {
        ColumnNote(vec![part])
    }

    /// A note read back from a saved configuration: its words, kept as they are.
    pub fn saved(text: &str) -> ColumnNote {
        if text.is_empty() { ColumnNote::default() } else { ColumnNote::of(NotePart::Saved(text.to_string())) }
    }

    /// Adds a part at the end.
    pub fn push(&mut self, part: NotePart) {
        self.0.push(part);
    }

    /// Its parts, in order.
    pub fn parts(&self) -> &[NotePart] {
        &self.0
    }

    /// Whether there is nothing to say (a role set by hand).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Its first part.
    pub fn opening(&self) -> Option<&NotePart> {
        self.0.first()
    }

    /// Whether the column is the concatenation of two others, which fills them where empty
    /// (also for a saved configuration's note, by its words).
    pub fn is_concatenation(&self) -> bool {
        match self.opening() {
            Some(NotePart::Concatenation { .. }) => true,
            Some(NotePart::Saved(text)) => text.starts_with(CONCATENATION_OPENS),
            _ => false,
        }
    }

    /// Whether the column was merged into others (a concatenation, or a full name beside
    /// surname and given-name columns): not compared, it fills them.
    pub fn is_merged(&self) -> bool {
        self.0.iter().any(|p| match p {
            NotePart::Concatenation { .. } | NotePart::MergedWithParts => true,
            NotePart::Saved(text) => text.contains("merged"),
            _ => false,
        })
    }

    /// Whether it opens with what a header word said (not a whole-header name).
    pub fn opens_with_header_word(&self) -> bool {
        matches!(self.opening(), Some(NotePart::Header(h)) if !matches!(h, HeaderNote::Exact(_) | HeaderNote::RowNumber(_)))
    }
}

impl fmt::Display for HeaderNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderNote::Exact(h) => write!(f, "header '{h}'"),
            HeaderNote::RowNumber(h) => write!(f, "header '{h}': a list's row number, not compared"),
            HeaderNote::Word(w) => write!(f, "header word '{w}'"),
            HeaderNote::AgeAndYear(a, y) => write!(f, "header words '{a}' + '{y}': the year an age was reported"),
            HeaderNote::WhenAndYear(w, y) => write!(f, "header words '{w}' + '{y}': when the record was made"),
            HeaderNote::BirthAndDate(b, d) | HeaderNote::BirthAndPlace(b, d) => write!(f, "header words '{b}' + '{d}'"),
            HeaderNote::BirthYear(b, None) => write!(f, "header words '{b}'"),
            HeaderNote::BirthYear(b, Some(y)) => write!(f, "header words '{b}' + '{y}'"),
            HeaderNote::BirthOnly(b) => write!(f, "header word '{b}' (values decide year or date)"),
            HeaderNote::GivenAndSurname(g, s) => {
                write!(f, "header words '{g}' + '{s}': a given name and a surname together")
            }
            HeaderNote::Identifier => f.write_str("header names an identifier"),
        }
    }
}

impl fmt::Display for NotePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotePart::Saved(text) => f.write_str(text),
            NotePart::RecordId => f.write_str("the record id"),
            NotePart::Header(h) => h.fmt(f),
            NotePart::OtherColumnIsId => f.write_str("; another column is the record id"),
            NotePart::ComparedAsText => {
                f.write_str(": compared exactly or by a few edits, a common value counting for less")
            }
            NotePart::AlsoDates => f.write_str("; values are dates"),
            NotePart::AlsoYears => f.write_str("; values are years"),
            NotePart::WordsSoPlaceOfBirth => {
                f.write_str("; but values are words, not years, dates or ages: taken as a place of birth")
            }
            NotePart::CalendarYearsSoReportedYear => {
                f.write_str("; but values are calendar years: the year the age was reported")
            }
            NotePart::ButAges => f.write_str("; but values are ages"),
            NotePart::ChineseCharacters => {
                f.write_str("; values are names in Chinese characters: compared as written, not with Korean keys")
            }
            NotePart::Sexes { distinct } => write!(f, "values are sexes ({distinct} distinct)"),
            NotePart::Dates => f.write_str("values are dates"),
            NotePart::Years => f.write_str("values are years (taken as birth years)"),
            NotePart::Postcodes => f.write_str("values are postcodes (an outward and an inward part)"),
            NotePart::Surnames => f.write_str("values are surnames"),
            NotePart::PersonalNames => f.write_str("values are personal names (known surname first or last)"),
            NotePart::FewDistinct { distinct, compared } => {
                write!(f, "few distinct values ({distinct}): a category or a source's own vocabulary")?;
                if !compared {
                    f.write_str(", not compared (give it a role to compare it)")?;
                }
                Ok(())
            }
            NotePart::FreeText => {
                f.write_str("no header word or value pattern recognised: compared as free text by edit distance")
            }
            NotePart::Empty => f.write_str("empty in the sample"),
            NotePart::YearOfAgeBesideBirthYear => f.write_str(
                "values are years, beside an age column and a birth-year column: the year the age was given",
            ),
            NotePart::YearOfAge => f.write_str("values are years, beside an age column: the year the age was given"),
            NotePart::KoreanPlacesInLatin { percent } => write!(
                f,
                "; values name Korean places in Latin letters ({percent:.0} % of sampled values a known province or county): compared as Korean places, a province one key in any script and the halves of a province different"
            ),
            NotePart::YearOfAgeInWords { percent } => write!(
                f,
                "values say when the record was made (\"2015년 면담\", \"interviewed 2015\") in {percent:.0} % of sampled rows: that year is the year the age was given, not compared"
            ),
            NotePart::PartOf { whole, other } => write!(f, "part of '{whole}' (its concatenation with '{other}')"),
            NotePart::Concatenation { a, b, percent } => write!(
                f,
                "{CONCATENATION_OPENS} of '{a}' and '{b}' in {percent:.0} % of sampled rows; not compared, fills them where empty"
            ),
            NotePart::MergedWithParts => {
                f.write_str("; merged with the surname and given-name columns: not compared, fills them where empty")
            }
            NotePart::Stacked { first } => write!(
                f,
                "; rows fill it or '{first}', almost never both (lists stacked with their own headers): its values fill '{first}' where empty, not compared on their own"
            ),
            NotePart::OtherScript { first } => write!(
                f,
                "; the same names as '{first}' in the other script (Latin letters against Hangul): its values fill '{first}' where empty, not compared on their own"
            ),
            NotePart::ButFullNames => {
                f.write_str("; but values are whole names in Hangul (surname and given name): taken as the full name")
            }
            NotePart::Relatives { percent } => write!(
                f,
                "; but {percent:.0} % of values are relatives cells naming a father (\"부 김철수, 모 이순자\", \"Father: KIM Chol-su\"): the father's name is compared"
            ),
            NotePart::PersonVocabulary { agree, pairs, random } => write!(
                f,
                "; but rows with the same name and birth agree on it in {agree:.0} % of {pairs} pairs against {random:.0} % of random pairs: it describes the person, compared exactly or by a few edits, a common value counting for less"
            ),
            NotePart::GroupNumber { agree, pairs } => write!(
                f,
                "; but records sharing a value mostly have different given names ({agree:.0} % of {pairs} pairs agree): a household or group number, not compared"
            ),
        }
    }
}

impl fmt::Display for ColumnNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|p| p.fmt(f))
    }
}

impl Serialize for ColumnNote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ColumnNote {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|text| ColumnNote::saved(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_says_its_parts_in_order_and_reads_back_as_its_words() {
        let mut note = ColumnNote::of(NotePart::Header(HeaderNote::Word("given".into())));
        note.push(NotePart::ComparedAsText);
        assert_eq!(
            note.to_string(),
            "header word 'given': compared exactly or by a few edits, a common value counting for less"
        );
        assert!(note.opens_with_header_word() && !note.is_concatenation());
        let merged = ColumnNote::of(NotePart::Concatenation { a: "first".into(), b: "last".into(), percent: 97.4 });
        let text = merged.to_string();
        assert_eq!(
            text,
            "merged: the concatenation of 'first' and 'last' in 97 % of sampled rows; not compared, fills them where empty"
        );
        let read = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&text);
        let saved = ColumnNote::deserialize(read).unwrap();
        assert!(saved.is_concatenation() && saved.is_merged(), "a saved concatenation still fills the parts");
        assert_eq!(saved.to_string(), text, "its words unchanged");
        assert!(!ColumnNote::saved("header 'name'").is_concatenation());
    }
}
