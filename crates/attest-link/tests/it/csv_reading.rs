//! The CSV reader every face uses (`csv_input::read_csv`) reads a large list in two halves: it
//! must give exactly the rows, and every refusal the line, of one reader reading the file from
//! start to end (`read_csv_serial`). Lists made here of invented people, each over the size
//! from which the halves are used.

use attest_link::csv_input::{CsvError, HALVES_FROM_BYTES, read_csv, read_csv_in_halves, read_csv_serial};

/// A list of `HALVES_FROM_BYTES * 2` bytes or more: a header, then records from `record(i)`.
fn list(header: &str, record: impl Fn(usize) -> String) -> String {
    let mut text = format!("{header}\n");
    let mut i = 0;
    while text.len() < HALVES_FROM_BYTES * 2 {
        text.push_str(&record(i));
        i += 1;
    }
    text
}

/// Quoted fields with commas, doubled quotes and spaces to trim.
fn quoted(i: usize) -> String {
    format!("r{i},\" Kim, Yong-su {i} \", {} ,\"said \"\"Musan\"\" twice\"\n", 1930 + i % 60)
}

/// `read_csv` and the serial reader agree on `text`, and when `halves` the two halves were
/// really used (not the fall-back), with the same rows and values as written.
fn same_as_serial(name: &str, text: &str, halves: bool) {
    let serial = read_csv_serial(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(serial.rows.len() > 100, "{name}");
    assert_eq!(read_csv(text.as_bytes()).as_ref(), Ok(&serial), "{name}");
    match read_csv_in_halves(text.as_bytes()) {
        Some(t) => assert_eq!(t, serial, "{name}"),
        None => assert!(!halves, "{name}: read by one reader, not in halves"),
    }
}

#[test]
fn the_halves_give_the_serial_readers_rows_with_quotes_crlf_and_a_byte_order_mark() {
    let plain = list("id,name,born,note", quoted);
    same_as_serial("quotes", &plain, true);
    let crlf = plain.replace('\n', "\r\n");
    same_as_serial("CRLF", &crlf, true);
    same_as_serial("byte-order mark", &format!("\u{feff}{plain}"), true);
    same_as_serial("byte-order mark and CRLF", &format!("\u{feff}{crlf}"), true);
    // Blank lines between the records, around the middle too.
    same_as_serial("blank lines", &list("id,name,born,note", |i| format!("\n{}\n", quoted(i))), true);
    // The header's fields are composed and trimmed in both.
    let t = read_csv(format!("\u{feff}{crlf}").as_bytes()).unwrap();
    assert_eq!(t.headers, ["id", "name", "born", "note"]);
    assert_eq!(t.rows[7], ["r7", "Kim, Yong-su 7", "1937", "said \"Musan\" twice"]);
}

/// A quoted field of several lines across the middle of the file: the second half starts after
/// it closes, never inside it; and a literal quote in an unquoted field (a height, 5'11")
/// that makes the quote count a wrong guess is caught (the rows are still the serial ones).
#[test]
fn a_multi_line_quoted_field_across_the_middle_is_never_split() {
    let before = list("id,name,notes", |i| format!("r{i},Pak Sun-hui,short\n"));
    let long_note: String = (0..400).map(|k| format!("line {k} of a long note, \"\"quoted\"\"\r\n")).collect();
    let text = format!("{before}x1,Ri Chol-min,\"{long_note}\"\n{}", &before["id,name,notes\n".len()..]);
    let middle = text.len() / 2;
    let (open, close) = (before.len(), before.len() + "x1,Ri Chol-min,\"".len() + long_note.len());
    assert!(open < middle && middle < close, "the field spans the middle");
    same_as_serial("multi-line field", &text, true);
    let t = read_csv(text.as_bytes()).unwrap();
    let x1 = t.rows.iter().find(|r| r[0] == "x1").unwrap();
    assert_eq!(x1[2], long_note.replace("\"\"", "\"").trim());

    // Heights with a literal quote in unquoted fields, an odd number before the middle.
    let heights = list("id,name,height", |i| {
        if i % 7 == 0 { format!("r{i},Choe Myong-ok,5'{}\"\n", i % 12) } else { format!("r{i},Jo Un-hui,160\n") }
    });
    same_as_serial("literal quotes", &heights, false);

    // A byte-order mark beginning every record (files pasted together): one reader skips only
    // the file's first, so the halves must not skip the one where the second half starts.
    let pasted = list("id,name", |i| format!("\u{feff}r{i},Yun Hye-song\n"));
    same_as_serial("marks inside", &pasted, false);
    assert!(read_csv(pasted.as_bytes()).unwrap().rows.iter().all(|r| r[0].starts_with('\u{feff}')));
}

/// A list exported in decomposed Hangul (NFD) reads composed in both, with the same values as
/// written kept; and a small list, a header-only list and an empty one read as before.
#[test]
fn decomposed_text_small_lists_and_header_only_lists_read_as_by_one_reader() {
    use unicode_normalization::UnicodeNormalization;
    let composed = list("번호,성명,출생지", |i| format!("{i},김영희{i},Hamgyŏng-pukto\n"));
    let decomposed: String = composed.nfd().collect();
    assert_ne!(decomposed, composed);
    same_as_serial("NFD", &decomposed, true);
    let (d, c) = (read_csv(decomposed.as_bytes()).unwrap(), read_csv(composed.as_bytes()).unwrap());
    assert_eq!((&d.headers, &d.rows), (&c.headers, &c.rows));
    assert!(c.as_written.is_empty());
    assert_eq!(d.as_written.len(), 2 * d.rows.len(), "a name and a place per record");

    let small = "id,name\n1,\"Kim\nYong\"\n2,Pak\n";
    assert_eq!(read_csv(small.as_bytes()), read_csv_serial(small.as_bytes()));
    assert_eq!(read_csv_in_halves(small.as_bytes()), None);
    let header_only = format!("id,name{}", "\n".repeat(HALVES_FROM_BYTES * 2));
    assert_eq!(read_csv(header_only.as_bytes()), Err(CsvError::NoRecords));
    assert_eq!(read_csv(b"id,name\n"), Err(CsvError::NoRecords));
    assert_eq!(read_csv(" \n\n".repeat(HALVES_FROM_BYTES).as_bytes()), Err(CsvError::Empty));
}

/// A record refused in the second half names its line counted from the top of the file, as
/// one reader counts it: too few fields, an invalid byte, a quote never closed.
#[test]
fn an_error_in_the_second_half_names_the_right_line() {
    let lines: Vec<String> =
        list("id,name,born", |i| format!("r{i},Han Ok-sun,{}\n", 1940 + i % 50)).lines().map(str::to_string).collect();
    let at = lines.len() * 3 / 4; // 0-based: line `at + 1` of the file
    let with = |bad: &str| {
        let mut l = lines.clone();
        l[at] = bad.to_string();
        l.join("\n") + "\n"
    };
    let ragged = with("r-bad,Han Ok-sun");
    assert_eq!(
        read_csv(ragged.as_bytes()).unwrap_err().to_string(),
        format!("line {}: 2 fields where the header has 3", at + 1)
    );
    assert_eq!(read_csv(ragged.as_bytes()), read_csv_serial(ragged.as_bytes()));
    let too_many = with("r-bad,Han Ok-sun,1950,extra");
    assert_eq!(
        read_csv(too_many.as_bytes()).unwrap_err(),
        CsvError::Ragged { line: at as u64 + 1, len: 4, expected: 3 }
    );
    let mut bytes = with("r-bad,Han Ok-sun,1950").into_bytes();
    let offset = lines[..at].iter().map(|l| l.len() + 1).sum::<usize>() + 2;
    bytes[offset] = 0xff;
    assert_eq!(read_csv(&bytes), Err(CsvError::NotUtf8 { line: at as u64 + 1, offset }));
    // A quote opened in the last record and never closed: the rest of the file is its field.
    let unclosed = with("r-bad,\"Han Ok-sun,1950");
    assert_eq!(read_csv(unclosed.as_bytes()), read_csv_serial(unclosed.as_bytes()));
}

/// Ids are kept as the list wrote them, but matched in NFC: a review decision or an explain
/// asked with the composed form of a decomposed (macOS) id finds it, and an id and its
/// decomposed twin are one id, refused as a duplicate.
#[test]
fn a_decomposed_id_is_matched_by_its_composed_form_and_its_twin_is_a_duplicate() {
    use attest_link::{Decision, Input, LinkError, Linker, NoProgress, Options, infer_config};
    let nfd = |s: &str| {
        use unicode_normalization::UnicodeNormalization;
        s.nfd().collect::<String>()
    };
    let headers: Vec<String> = ["번호", "성명", "생년", "본적"].map(String::from).to_vec();
    let names = ["김영철", "리순옥", "박광일", "최명희", "정수남", "강철민"];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in 0..240usize {
        let id = nfd(&format!("김-{i}"));
        let born = (1940 + (i * 7) % 40).to_string();
        rows.push(vec![id, names[i % 6].to_string(), born, ["회령", "무산", "함흥"][i % 3].to_string()]);
    }
    let n = rows.len();
    let input = Input { headers: headers.clone(), rows: rows.clone(), file: vec![0; n], id_column: 0 };
    let config = infer_config(&input.headers, &input.rows, 0);
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).unwrap();
    assert_ne!(linker.ids()[0], "김-0", "the id is kept as written (decomposed)");
    assert_eq!(linker.record_index("김-0"), Some(0));
    let review = [Decision { a: "김-0".into(), b: "김-6".into(), same: false }];
    let result = linker.run(&review, &NoProgress).unwrap();
    assert_eq!(result.summary.review_decisions, 1);
    assert!(linker.explain_run(&result, "김-0", "김-6").is_some());

    rows.push(vec!["김-0".into(), "김영철".into(), "1940".into(), "회령".into()]);
    let input = Input { headers, rows, file: vec![0; n + 1], id_column: 0 };
    match Linker::from_input(input, &config, Options::default(), &NoProgress) {
        Err(LinkError::DuplicateId { first, second, .. }) => assert_eq!((first, second), (1, n + 1)),
        other => panic!("{:?}", other.err()),
    }
}
