//! `attest search`.

use super::*;

#[test]
fn search_from_the_command_line_is_romanization_insensitive() {
    let env = Env::new();
    let secret = random_marker("SEALEDNAME");
    let (case, witness, _) = populate(&env, &secret, "그때 최 반장이 아오지 탄광의 명단을 가지고 있었다.");
    let hits = env.ok(&["search", "Choe", "--case", &case]);
    let found: Vec<(String, String)> =
        hits.as_array().unwrap().iter().map(|h| (s(h, "kind"), s(h, "record_id"))).collect();
    assert!(found.iter().any(|(k, id)| k == "witness" && *id == witness), "{found:?}");
    assert!(found.iter().any(|(k, _)| k == "source"), "{found:?}");
    assert!(env.ok(&["search", "Aoji"]).as_array().unwrap().iter().any(|h| h["kind"] == "source"));
    assert!(env.ok(&["search", &secret]).as_array().unwrap().is_empty());
    assert!(env.fails(&["search", "x", "--case", "nonsense"]).contains("--case"));
}
