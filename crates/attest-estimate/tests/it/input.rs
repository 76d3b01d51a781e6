//! Tables that must be refused, with the line and column a person can find in their file: counts
//! too large to add up exactly, and list names that are empty or repeated.

use attest_estimate::CaptureTable;
use attest_estimate::table::MAX_TOTAL;

/// A single count of 2^64 - 1 is beyond the 2^53 the estimators can carry exactly; a total that
/// would wrap a u64 is refused, never wrapped.
#[test]
fn huge_counts_are_refused_not_wrapped() {
    let e = CaptureTable::from_csv("A,B,count\n1,0,5\n0,1,18446744073709551615\n1,1,3\n").unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("count")), "{e}");
    assert!(e.to_string().contains("more than 9007199254740992 individuals"), "{e}");
    // Two counts that each fit but together pass 2^64.
    let e = CaptureTable::from_csv("A,B,count\n1,0,9223372036854775808\n0,1,9223372036854775808\n").unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    // Exactly 2^53 in all is accepted; one more is refused on the line that adds it.
    let ok = format!("A,B,count\n1,0,{}\n0,1,1\n1,1,1\n", MAX_TOTAL - 2);
    assert_eq!(CaptureTable::from_csv(&ok).unwrap().observed(), MAX_TOTAL);
    let over = format!("A,B,count\n1,0,{}\n0,1,1\n1,1,2\n", MAX_TOTAL - 2);
    assert_eq!(CaptureTable::from_csv(&over).unwrap_err().line, Some(4));
    // One row per person: the same check applies (not reachable in practice, but the path exists).
    assert!(CaptureTable::from_patterns(vec!["A".into(), "B".into()], &[(1, u64::MAX), (2, 1)]).is_err());
}

#[test]
fn duplicate_and_empty_list_names_are_refused_with_line_and_column() {
    let e = CaptureTable::from_csv("A,A,B,count\n1,0,0,5\n").unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(1), Some("2")), "{e}");
    assert!(e.to_string().contains("'A' is used twice (first in column 1)"), "{e}");
    // Names are compared after trimming: "B" and " B " are one name.
    let e = CaptureTable::from_csv("count,B,C, B \n5,1,0,0\n").unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(1), Some("4")), "{e}");
    let e = CaptureTable::from_csv("A,,count\n1,0,5\n").unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(1), Some("2")), "{e}");
    assert!(e.to_string().contains("no name"), "{e}");
    let e = CaptureTable::from_patterns(vec!["A".into(), "A".into()], &[(1, 3)]).unwrap_err();
    assert!(e.to_string().contains("used twice"), "{e}");
}
