//! Site learning on lists the engine has not seen: the same mapping whatever the row order, a
//! transfer never learned in place of an alias, which lists hold a workplace measured against
//! the list's size, and lists told apart by file and label. Every person here is invented.

use attest_korean::places::place_key;
use attest_link::{Input, LinkResult, Linker, NoProgress, Options, SiteMapping, infer_config};

/// One invented worker's record: list label, workplace as written.
struct Row {
    person: usize,
    list: &'static str,
    work: String,
    file: u8,
}

/// Town names of mines, distinct for `m` below 35.
fn town(m: usize) -> String {
    let (first, second) = (["가", "모", "두", "리", "세"], ["봉", "룡", "산", "동", "천", "원", "남"]);
    format!("{}{}탄광", first[m % 5], second[m / 5])
}

fn numbered(m: usize) -> String {
    format!("No. {m} Mine")
}

/// Header and rows of the records (person `p` gets a name and birth year of its own).
fn table(records: &[Row]) -> (Vec<String>, Vec<Vec<String>>, Vec<u8>) {
    let (surnames, g1, g2) = (
        ["김", "이", "박", "최", "정"],
        ["영", "명", "성", "광", "정", "진", "상", "동", "철", "경"],
        ["철", "호", "수", "남", "일", "식", "민", "길", "삼", "복"],
    );
    let headers = ["record_id", "성", "이름", "생년", "직장", "출처"].iter().map(|h| h.to_string()).collect();
    let rows = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let p = r.person;
            let (s, a, b) = (p % 5, (p / 5) % 10, (p / 50) % 10);
            let year = (1930 + (p / 500) * 7 + p % 7).to_string();
            let given = format!("{}{}", g1[a], g2[b]);
            vec![format!("r{i}"), surnames[s].into(), given, year, r.work.clone(), r.list.to_string()]
        })
        .collect();
    (headers, rows, records.iter().map(|r| r.file).collect())
}

fn link(records: &[Row]) -> LinkResult {
    let (headers, rows, file) = table(records);
    let config = infer_config(&headers, &rows, 0);
    let input = Input { headers, rows, file, id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).unwrap();
    linker.run(&[], &NoProgress).unwrap()
}

/// Whether a mapping joins the two workplaces as written.
fn joins(maps: &[SiteMapping], x: &str, y: &str) -> bool {
    let (x, y) = (site_key(x), site_key(y));
    maps.iter().any(|m| (m.a == x && m.b == y) || (m.a == y && m.b == x))
}

/// A workplace's key as the engine compares it: a numbered mine by its number, else the place key.
fn site_key(written: &str) -> String {
    match written.strip_prefix("No. ").and_then(|r| r.strip_suffix(" Mine")) {
        Some(n) => format!("no.{n}"),
        None => place_key(written),
    }
}

/// `workers` people at each of `mines` mines, in a list writing mines by number and one writing
/// them by town (file 0).
fn two_lists(mines: std::ops::RangeInclusive<usize>, workers: usize, first_person: usize) -> Vec<Row> {
    let mut out = Vec::new();
    let mut person = first_person;
    for m in mines {
        for _ in 0..workers {
            out.push(Row { person, list: "명부 1", work: numbered(m), file: 0 });
            out.push(Row { person, list: "명부 2", work: town(m), file: 0 });
            person += 1;
        }
    }
    out
}

#[test]
fn the_same_list_with_its_rows_shuffled_learns_the_same_mapping() {
    // Mine 1's 20 workers are at one of two towns in the second list, ten at each: the number
    // goes with one town or the other, equally supported. Which one is learned must not depend on
    // which town's rows come first (it did: ties broke on the order values were first seen in).
    let mut records = two_lists(2..=12, 10, 100);
    for w in 0..20 {
        records.push(Row { person: w, list: "명부 1", work: numbered(1), file: 0 });
        let work = if w % 2 == 0 { town(20) } else { town(21) };
        records.push(Row { person: w, list: "명부 2", work, file: 0 });
    }
    let forward = link(&records).model.site_mappings;
    records.reverse();
    let backward = link(&records).model.site_mappings;
    let pairs = |maps: &[SiteMapping]| {
        let mut v: Vec<(String, String)> = maps.iter().map(|m| (m.a.clone(), m.b.clone())).collect();
        v.sort();
        v
    };
    assert_eq!(pairs(&forward), pairs(&backward));
    assert!(forward.len() >= 10, "{forward:?}");
    let to_20 = joins(&forward, &numbered(1), &town(20));
    let to_21 = joins(&forward, &numbered(1), &town(21));
    assert!(to_20 != to_21, "one of the two towns, not both nor none: {forward:?}");
}

#[test]
fn a_large_transfer_does_not_take_the_place_of_a_smaller_alias() {
    // Two lists. 30 workers of mine 3 were moved to mine 1 between them: the first list writes
    // them at No. 3 Mine, the second at mine 1's town. That pair of names has more support (30)
    // than mine 1's own alias (its 10 workers) or mine 3's (its 10 who stayed), and was taken
    // first and learned; both real aliases were then refused.
    let mut records = two_lists(1..=12, 10, 0);
    for p in 1_000..1_030 {
        records.push(Row { person: p, list: "명부 1", work: numbered(3), file: 0 });
        records.push(Row { person: p, list: "명부 2", work: town(1), file: 0 });
    }
    let maps = link(&records).model.site_mappings;
    assert!(joins(&maps, &numbered(1), &town(1)), "mine 1's alias: {maps:?}");
    assert!(joins(&maps, &numbered(3), &town(3)), "mine 3's alias: {maps:?}");
    assert!(!joins(&maps, &numbered(3), &town(1)), "the transfer learned as one site: {maps:?}");
}

#[test]
fn in_small_lists_a_few_records_are_enough_to_show_a_list_holds_a_mine() {
    // About 150 records. The first list (numbers) holds mine 2 on four records: all the evidence
    // a list this small has, and enough to show that No. 1 and No. 2 are two mines. Six of mine
    // 1's eight workers are at No. 2 in the third list. With a fixed five records to hold a mine,
    // no list held No. 2 beside No. 1 and the transfer was learned as one site.
    let mut records = Vec::new();
    let mut person = 0;
    for m in 1..=12 {
        let workers = if m == 1 { 8 } else { 4 };
        for w in 0..workers {
            let later = if m == 1 && w < 6 { 2 } else { m };
            records.push(Row { person, list: "명부 1", work: numbered(m), file: 0 });
            records.push(Row { person, list: "명부 2", work: town(m), file: 0 });
            records.push(Row { person, list: "명부 3", work: numbered(later), file: 0 });
            person += 1;
        }
    }
    let maps = link(&records).model.site_mappings;
    assert!(joins(&maps, &numbered(1), &town(1)), "{maps:?}");
    assert!(!joins(&maps, &numbered(1), &numbered(2)), "the transfer learned as one site: {maps:?}");
    assert!(!joins(&maps, &town(1), &numbered(2)), "the transfer learned as one site: {maps:?}");
}

#[test]
fn in_large_lists_a_few_stray_records_do_not_veto_an_alias() {
    // 6,000 records. The town list writes five of mine 1's 300 workers as "No. 1 Mine" (copied
    // from the other list). Five records held a mine, so that list "held" both of mine 1's names
    // and the alias was refused; against 300 workers five are strays.
    let mut records = two_lists(1..=10, 300, 0);
    for r in records.iter_mut().filter(|r| r.list == "명부 2" && r.person < 5) {
        r.work = numbered(1);
    }
    let maps = link(&records).model.site_mappings;
    assert!(joins(&maps, &numbered(1), &town(1)), "{maps:?}");
    assert!(maps.len() >= 9, "{maps:?}");
}

#[test]
fn one_label_in_two_files_is_two_lists() {
    // Two organisations' files both label their lists "명부 A" and "명부 B", but the first file's
    // A writes mines by number and the second's by town (the same invented workers in both).
    // Read as one list, "명부 A" held both names of every mine and no alias was learned.
    let mut records = Vec::new();
    for file in [0u8, 1] {
        for (i, r) in two_lists(1..=12, 8, 0).into_iter().enumerate() {
            let by_number = i % 2 == 0;
            let list = if by_number == (file == 0) { "명부 A" } else { "명부 B" };
            records.push(Row { list, file, ..r });
        }
    }
    let maps = link(&records).model.site_mappings;
    assert!(maps.len() >= 10, "only {} of 12 aliases: {maps:?}", maps.len());
    assert!(joins(&maps, &numbered(1), &town(1)), "{maps:?}");
}

fn site_level(a: &str, b: &str) -> u8 {
    use attest_link::compare::{level, prepare};
    let c = attest_link::ColumnConfig {
        name: "직장".into(),
        role: attest_link::Role::Site,
        korean: true,
        term_frequency: false,
        note: Default::default(),
    };
    level(&c, &prepare(&c, a, None), &prepare(&c, b, None))
}

#[test]
fn a_numbered_site_is_keyed_by_its_first_number_and_a_dotted_name_by_none() {
    // All digits were joined: "2.8 직동" (named after 8 February) became mine 28, and "제2탄광 3갱"
    // (pit 3 of mine 2) mine 23.
    assert_ne!(site_level("2.8 직동 탄광", "28 직동"), 0);
    assert_ne!(site_level("제2탄광 3갱", "제23탄광"), 0);
    assert_eq!(site_level("제2탄광 3갱", "No. 2 Mine"), 0);
    assert_eq!(site_level("2.8 직동 탄광", "2.8 직동 탄광"), 0);
    assert_eq!(site_level("제02탄광", "2호 갱"), 0);
    // A middle dot is a date's dot too, and not mine 2; spacing does not change a dated name,
    // and two enterprises named after one date stay two.
    assert_ne!(site_level("2·8 직동청년탄광", "제2탄광"), 0);
    assert_ne!(site_level("2·8 직동청년탄광", "No. 2 Mine"), 0);
    assert_eq!(site_level("2.8 직동 탄광", "2.8직동탄광"), 0);
    assert_eq!(site_level("2·8 직동 탄광", "2.8 직동탄광"), 0);
    assert_ne!(site_level("2.8 직동 탄광", "2.8 비날론 공장"), 0);
}
