//! Places on other organisations' lists: provinces and counties written in Latin letters only,
//! in every romanization, get the province rules Hangul places get.

use attest_link::compare::{level, prepare};
use attest_link::{ColumnConfig, Role, infer_config};

/// An English-headed list of invented people whose place column is all Latin letters, in the
/// romanization systems of several organisations.
fn english_list() -> (Vec<String>, Vec<Vec<String>>) {
    let places = [
        "North Hwanghae",
        "Hamgyong-pukto",
        "Hoeryong County",
        "South Hamgyong",
        "Hamgyeongbuk-do",
        "N. Hwanghae",
        "Hoeryŏng",
        "Musan, North Hamgyong",
        "Kanggye",
        "Pyongyang",
    ];
    let names = ["Kim Young-ho", "Pak Sun-hui", "Ri Myong-chol", "Choe Ki-son", "Jong Kwang-il"];
    let headers = ["ID", "Full name", "Year of birth", "Province of origin"].map(String::from).to_vec();
    let rows = (0..60)
        .map(|i| {
            vec![format!("r{i}"), names[i % 5].to_string(), (1940 + i % 30).to_string(), places[i % 10].to_string()]
        })
        .collect();
    (headers, rows)
}

fn place_column() -> ColumnConfig {
    let (headers, rows) = english_list();
    let config = infer_config(&headers, &rows, 0);
    config.columns.into_iter().find(|c| c.name == "Province of origin").unwrap()
}

fn level_of(column: &ColumnConfig, a: &str, b: &str) -> u8 {
    level(column, &prepare(column, a, None), &prepare(column, b, None))
}

#[test]
fn a_place_column_in_latin_letters_naming_korean_places_is_read_as_korean_and_says_so() {
    let column = place_column();
    assert_eq!(column.role, Role::Place, "{column:?}");
    assert!(column.korean, "{column:?}");
    let note = column.note.to_string();
    assert!(note.contains("Korean places in Latin letters"), "{note}");
}

#[test]
fn provinces_in_every_romanization_agree_and_the_halves_of_a_province_disagree() {
    let column = place_column();
    for other in ["Hwanghae-pukto", "Hwanghaebuk-do", "N. Hwanghae", "황해북도", "North Hwanghae Province"] {
        assert_eq!(level_of(&column, "North Hwanghae", other), 0, "North Hwanghae vs {other}");
    }
    for other in ["Hamgyŏng-bukto", "Hamgyong-pukto", "Hamgyeongbuk-do", "함경북도", "함북"] {
        assert_eq!(level_of(&column, "North Hamgyong Province", other), 0, "North Hamgyong vs {other}");
    }
    for county in ["Hoeryŏng", "회령", "Hoeryong County", "회령시"] {
        assert_eq!(level_of(&column, "Hoeryong", county), 0, "Hoeryong vs {county}");
    }
    // The two halves of a province are two provinces in any script, never "similar" by spelling.
    let different = level_names_len(&column) - 1;
    assert_eq!(level_of(&column, "North Hamgyong", "South Hamgyong"), different as u8);
    assert_eq!(level_of(&column, "Hamgyong-pukto", "Hamgyŏng-namdo"), different as u8);
    assert_eq!(level_of(&column, "North Hwanghae", "Hwanghaenam-do"), different as u8);
    // The undivided 황해도 agrees with either half, as written in Hangul or in Latin letters.
    for whole in ["Hwanghae", "Hwanghae-do", "황해도"] {
        for half in ["North Hwanghae", "Hwanghaenam-do", "황해북도"] {
            assert!(level_of(&column, whole, half) < different as u8, "{whole} vs {half}");
        }
    }
}

fn level_names_len(column: &ColumnConfig) -> usize {
    attest_link::compare::level_names(column).len()
}

#[test]
fn a_county_that_moved_province_is_in_both_also_in_latin_letters() {
    let column = place_column();
    let different = (level_names_len(&column) - 1) as u8;
    // 혜산 was in 함경남도 until 1954, and is in 양강도 now.
    assert!(level_of(&column, "South Hamgyong", "Hyesan, Ryanggang") < different);
    assert!(level_of(&column, "Hamgyong-namdo", "Hyesan") < different);
    assert!(level_of(&column, "Ryanggang Province", "Hyesan") < different);
    assert_eq!(level_of(&column, "North Hamgyong", "Hyesan"), different);
    assert_eq!(level_of(&column, "혜산", "Hyesan"), 0);
}

#[test]
fn a_place_column_of_english_places_is_not_read_as_korean() {
    let places = ["Ivybridge, Devon", "Leeds", "St Albans", "Kingston upon Hull", "Whitby"];
    let headers = ["id", "name", "place"].map(String::from).to_vec();
    let rows: Vec<Vec<String>> =
        (0..50).map(|i| vec![format!("r{i}"), format!("Person {i}"), places[i % 5].to_string()]).collect();
    let config = infer_config(&headers, &rows, 0);
    assert!(!config.columns[2].korean, "{:?}", config.columns[2]);
}

/// An address in Latin letters written province first, as Korean addresses are ("Hamgyŏng-pukto
/// Musan-gun"), or province last without a comma, is its county in that province: it agrees
/// with "Musan, North Hamgyong" and with 함경북도 무산군, not with another county of the province.
/// (It was one unrecognisable key: "different" from every other way of writing it.)
#[test]
fn a_latin_address_written_province_first_is_its_county_in_that_province() {
    let column = place_column();
    for address in ["Hamgyŏng-pukto Musan-gun", "North Hamgyong Musan County", "Musan-gun North Hamgyong"] {
        for other in ["Musan, North Hamgyong", "함경북도 무산군", "Musan"] {
            assert_eq!(level_of(&column, address, other), 0, "{address} vs {other}");
        }
        assert!(
            level_of(&column, address, "Hamgyŏng-pukto Hoeryong-gun") > level_of(&column, address, "Musan"),
            "{address} vs another county"
        );
    }
    // A province alone, with its kind word, is still one province.
    assert_eq!(level_of(&column, "North Hamgyong Province", "Hamgyŏng-pukto"), 0);
}

/// An address written province first without a comma keeps its county: "North Kangwon Wonsan"
/// and "North Kangwon Kosong" are two counties of the North's 강원도, "South Kyongsang Chinju" and
/// "South Kyongsang Tongyong" two of the South's 경상남도, and neither pair agrees; the same county
/// written both ways does. (They were keyed as the province alone, so every county agreed.)
#[test]
fn a_province_first_address_without_a_comma_keeps_its_county() {
    let column = place_column();
    for (a, b, same) in [
        ("North Kangwon Wonsan", "North Kangwon Kosong", "Wonsan, North Kangwon"),
        ("South Kyongsang Chinju", "South Kyongsang Tongyong", "Chinju, South Kyongsang"),
        ("Kangwon-do Wonsan", "Kangwon-do Kosong", "Wonsan"),
        ("Gyeongsangnam-do Jinju", "Gyeongsangnam-do Tongyeong", "Jinju"),
    ] {
        assert!(level_of(&column, a, b) > 0, "{a} vs {b}");
        assert_eq!(level_of(&column, a, same), 0, "{a} vs {same}");
        assert_eq!(level_of(&column, a, a), 0, "{a}");
    }
}

/// 양강도 and 자강도 written first in Latin letters split off as provinces like the others: the
/// county is keyed ("Ryanggang Hyesan" is Hyesan, not "Ryanggang Kapsan"). (Neither was a
/// province to the split, so the whole value was one unknown key.)
#[test]
fn ryanggang_and_chagang_written_first_keep_their_county() {
    let column = place_column();
    for (a, b, same) in [
        ("Ryanggang Hyesan", "Ryanggang Kapsan", "Hyesan, Ryanggang"),
        ("Chagang-do Kanggye", "Chagang-do Huichon", "Kanggye"),
    ] {
        assert!(level_of(&column, a, b) > 0, "{a} vs {b}");
        assert_eq!(level_of(&column, a, same), 0, "{a} vs {same}");
    }
}

/// The two Koreas' 강원도 are two provinces: "North Kangwon" and "South Gangwon" do not agree,
/// and each agrees with itself however it is written.
#[test]
fn north_and_south_kangwon_do_not_agree() {
    let column = place_column();
    assert!(level_of(&column, "North Kangwon", "South Gangwon") > 0);
    assert_eq!(level_of(&column, "North Kangwon", "Kangwŏn-pukto"), 0);
    assert_eq!(level_of(&column, "South Gangwon", "강원특별자치도"), 0);
}
