//! The fictional demo archive.

use super::*;

#[test]
fn demo_builds_a_verified_fictional_case_and_protects_other_directories() {
    let env = Env::new();
    let demo = env.path("demo");
    let d = demo.to_str().unwrap();
    let out = env.ok(&["demo", "--archive", d]);
    assert_eq!(out["verify_ok"], true);
    assert!(out["witnesses"].as_u64().unwrap() >= 3);
    assert!(out["claims"].as_u64().unwrap() >= 10);
    // One workspace login per role; only the investigator may reveal, and the printed passwords work.
    let logins = out["logins"].as_array().unwrap();
    let roles: Vec<&str> = logins.iter().map(|l| l["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["admin", "investigator", "analyst", "viewer"]);
    let users = env.ok(&["user", "list", "--archive", d]);
    let id_of = |name: &str| {
        users.as_array().unwrap().iter().find(|u| u["name"] == name).unwrap()["user_id"].as_str().unwrap().to_string()
    };
    let witness =
        env.ok(&["list", "witness", "--archive", d])["witnesses"][0]["witness_id"].as_str().unwrap().to_string();
    for l in logins {
        let (name, pw) = (l["name"].as_str().unwrap(), l["password"].as_str().unwrap());
        let r = run_user(&env, &["--json", "--archive", d, "witness", "reveal", &witness, "--as", &id_of(name)], pw);
        assert_eq!(r.code == 0, name == "ivan", "{name}: {}{}", r.stdout, r.stderr);
    }
    // Testimonies in both languages, places in Hangul and romanized.
    let claims = env.ok(&["list", "claim", "--archive", d]);
    let places: Vec<String> =
        claims["claims"].as_array().unwrap().iter().filter_map(|c| c["place"].as_str().map(str::to_string)).collect();
    assert!(places.iter().any(|p| p.contains("함경북도") && p.contains("North Hamgyong")));
    assert!(places.iter().any(|p| p.contains("함경남도") && p.contains("South Hamgyong")));
    let sources = env.ok(&["list", "source", "--archive", d]);
    let langs: std::collections::BTreeSet<&str> =
        sources["sources"].as_array().unwrap().iter().filter_map(|x| x["language"].as_str()).collect();
    assert!(langs.contains("ko") && langs.contains("en"));
    // Every claim's passage is exactly the text its span covers.
    for c in claims["claims"].as_array().unwrap() {
        let src = env.ok(&["show", "source", c["source_id"].as_str().unwrap(), "--archive", d]);
        let text: Vec<char> = src["text"].as_str().unwrap().chars().collect();
        let (a, b) = (c["span"]["start"].as_u64().unwrap() as usize, c["span"]["end"].as_u64().unwrap() as usize);
        assert_eq!(text[a..b].iter().collect::<String>(), c["passage"].as_str().unwrap());
    }
    assert_ne!(env.run(&["demo", "--archive", d]).code, 0);
    assert_eq!(env.ok(&["demo", "--archive", d, "--replace"])["verify_ok"], true);
    std::fs::create_dir(env.path("precious")).unwrap();
    std::fs::write(env.path("precious/notes.txt"), "keep me").unwrap();
    let err = env.fails(&["demo", "--archive", env.path("precious").to_str().unwrap(), "--replace"]);
    assert!(err.contains("not a demo archive"), "{err}");
    assert!(env.path("precious/notes.txt").exists());
}
