//! The one defence for every CSV cell the workspace and the CLI write from uploaded content
//! (record ids in the clusters table, list names in the capture table): a spreadsheet that opens
//! the file runs a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return as a
//! formula (CSV injection), so such a cell is written with a leading apostrophe, as OWASP advises
//! ("CSV Injection"). Spreadsheets show the apostrophe-led cell as the text after it; a program
//! reading the file sees the apostrophe and must strip it to join the ids back (README, "Lists").
//! A cell that already begins with an apostrophe gets one too, so that stripping exactly one
//! leading apostrophe always gives back the value as uploaded (`'00123` is written `''00123`).
//! Hand-written because it is one comparison: the `csv` crate quotes but does not neutralise.

use std::borrow::Cow;

/// The first characters a spreadsheet reads as the start of a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would read `cell` as a formula.
pub fn starts_like_formula(cell: &str) -> bool {
    cell.starts_with(FORMULA_STARTS)
}

/// `cell` as it is safe to write into a CSV file from uploaded content: unchanged, or with a
/// leading apostrophe when it begins like a formula or with an apostrophe (so that one stripped
/// apostrophe always restores it).
pub fn neutralized(cell: &str) -> Cow<'_, str> {
    if starts_like_formula(cell) || cell.starts_with('\'') {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_beginning_like_a_formula_get_an_apostrophe_and_others_are_unchanged() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'00123"] {
            assert_eq!(neutralized(bad), format!("'{bad}"));
        }
        for fine in ["A1", "김영호", "", " =x", "x=1", "quoted'"] {
            assert!(matches!(neutralized(fine), Cow::Borrowed(s) if s == fine), "{fine:?}");
        }
    }

    #[test]
    fn stripping_one_leading_apostrophe_gives_back_every_value_as_uploaded() {
        for id in ["=1+1", "-7", "'00123", "''x", "00123", "김영호", "", "'"] {
            let written = neutralized(id);
            // The reader's rule (README, "Lists"): strip one leading apostrophe where there is one.
            let read_back = written.strip_prefix('\'').unwrap_or(&written);
            assert_eq!(read_back, id, "{id:?} written as {written:?}");
        }
    }
}
