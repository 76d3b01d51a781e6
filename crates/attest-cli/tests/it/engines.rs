//! The pure engines' commands: `attest estimate` and `attest link`.

use super::*;

#[test]
fn estimate_prints_one_json_object_and_a_plot() {
    let env = Env::new();
    let plot = env.path("models.svg");
    let out = env.ok(&[
        "estimate",
        &mse_table("kosovo_lcmcr_4lists.csv"),
        "--method",
        "loglinear",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert_eq!(out["method"], "loglinear");
    assert_eq!(out["model"], "[123,14,34]");
    assert_eq!(out["observed"], 4400);
    for key in ["estimate", "ci_low", "ci_high"] {
        assert!(out[key].as_f64().unwrap() > 4400.0, "{key}");
    }
    let models = out["models"].as_array().unwrap();
    assert_eq!(models.len(), 113);
    assert_eq!(models[1]["model"], "[123,134]");
    assert!(!out["assumptions"].as_array().unwrap().is_empty());
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Estimates by model"), "{}", &svg[..100.min(svg.len())]);

    let text = env.run(&["estimate", &mse_table("kosovo_lcmcr_4lists.csv"), "--method", "chapman"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("EXH x ABA") && text.stdout.contains("This estimate assumes"), "{}", text.stdout);
}

#[test]
fn estimate_bayesian_methods_are_reproducible_by_seed() {
    let env = Env::new();
    let table = mse_table("dga_my1997_3lists.csv");
    let run = |seed: &str| {
        env.ok(&[
            "estimate",
            &table,
            "--method",
            "lcmcr",
            "--seed",
            seed,
            "--iterations",
            "6000",
            "--burn-in",
            "1000",
            "--thin",
            "5",
        ])
    };
    let (a, b, c) = (run("7"), run("7"), run("8"));
    assert_eq!(a["estimate"], b["estimate"]);
    assert_eq!(a["lcmcr"]["ess"], b["lcmcr"]["ess"]);
    assert_eq!(a["lcmcr"]["options"]["samples"], 1000);
    assert_ne!(a["lcmcr"]["ess"], c["lcmcr"]["ess"]);
    let plot = env.path("posterior.svg");
    let d = env.ok(&["estimate", &table, "--method", "dga", "--delta", "0.5", "--plot", plot.to_str().unwrap()]);
    assert_eq!(d["estimate"], 732.0);
    assert!(std::fs::read_to_string(&plot).unwrap().contains("Posterior of N"));
}

#[test]
fn estimate_refuses_bad_tables_by_line_and_column() {
    let env = Env::new();
    let cases: Vec<(&str, &[u8], &str)> = vec![
        ("not01.csv", b"A,B,C,count\n1,0,0,5\n0,2,0,4\n", "line 3, column B: '2' is not 0 or 1"),
        ("negative.csv", b"A,B,C,count\n1,0,0,5\n0,1,0,-4\n", "line 3, column count: '-4' is not a count"),
        ("fraction.csv", b"A,B,C,count\n1,0,0,5.5\n", "line 2, column count: '5.5' is not a count"),
        (
            "nocount.csv",
            b"A,B,C,total\n1,0,0,5\n",
            "column total: '5' is not 0 or 1; if this is the count column, name it 'count'",
        ),
        ("onelist.csv", b"A,count\n1,5\n", "at least two lists"),
        (
            "duplicate.csv",
            b"A,B,C,count\n1,0,0,5\n0,1,0,4\n1,0,0,2\n",
            "line 4: duplicate pattern: the same lists were already counted on line 2",
        ),
        ("ragged.csv", b"A,B,C,count\n1,0,0,5\n0,1,4\n", "line 3: 3 fields where the header has 4"),
        ("binary.csv", b"A,B,count\n1,0,\xff\n", "not UTF-8"),
    ];
    for (name, bytes, expect) in cases {
        let path = env.write(name, bytes);
        let err = env.fails(&["estimate", path.to_str().unwrap()]);
        assert!(err.contains(expect), "{name}: expected {expect}\ngot {err}");
        assert!(err.contains(name), "{name} not named: {err}");
    }
    let per_person = env.write("people.csv", b"A,B,C\n1,0,0\n1,1,0\n0,1,1\n1,1,1\n0,0,1\n1,0,1\n0,1,0\n1,1,0\n");
    let out = env.ok(&["estimate", per_person.to_str().unwrap(), "--method", "chapman"]);
    assert_eq!(out["observed"], 8);
    let err = env.fails(&["estimate", &mse_table("kosovo_lcmcr_4lists.csv"), "--model", "[15]"]);
    assert!(err.contains("model '[15]'"), "{err}");
}

pub(crate) fn febrl1() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../attest-link/tests/data/febrl_dataset1.csv")
        .to_string_lossy()
        .into_owned()
}

/// Reads `record_id,cluster_id`, checks every id appears once, returns (ids, clusters).
fn read_clusters(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("record_id,cluster_id"));
    let rows: Vec<(String, String)> = lines
        .map(|l| {
            let (a, b) = l.split_once(',').unwrap();
            (a.to_string(), b.to_string())
        })
        .collect();
    let unique: std::collections::BTreeSet<&String> = rows.iter().map(|r| &r.0).collect();
    assert_eq!(unique.len(), rows.len(), "an id appears twice");
    rows
}

/// Pairwise F1 of clusters against FEBRL truth (rec-N-org / rec-N-dup-k are person N), computed
/// here independently of the engine.
fn febrl_f1(rows: &[(String, String)]) -> f64 {
    let person = |id: &str| id.split('-').nth(1).unwrap().to_string();
    let mut tp = 0u64;
    let mut predicted = 0u64;
    let mut truth = 0u64;
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let same_cluster = rows[i].1 == rows[j].1;
            let same_person = person(&rows[i].0) == person(&rows[j].0);
            predicted += u64::from(same_cluster);
            truth += u64::from(same_person);
            tp += u64::from(same_cluster && same_person);
        }
    }
    let (p, r) = (tp as f64 / predicted as f64, tp as f64 / truth as f64);
    2.0 * p * r / (p + r)
}

#[test]
fn link_deduplicates_with_zero_configuration() {
    let env = Env::new();
    let out = env.path("clusters.csv");
    let summary = env.ok(&["link", &febrl1(), "--out", out.to_str().unwrap()]);
    assert_eq!(summary["records"], 1000);
    assert_eq!(summary["mode"], "dedupe");
    assert!(summary["candidate_pairs"].as_u64().unwrap() > 500);
    assert!(summary["parameters"]["fields"].as_array().unwrap().len() >= 8);
    let rows = read_clusters(&out);
    assert_eq!(rows.len(), 1000);
    let f1 = febrl_f1(&rows);
    assert!(f1 > 0.98, "F1 {f1}");
    // The text face prints the inferred configuration and a summary.
    let text = env.run(&["link", &febrl1(), "--out", out.to_str().unwrap()]);
    assert!(
        text.stderr.contains("Inferred configuration") && text.stderr.contains("role = \"surname\""),
        "{}",
        text.stderr
    );
    assert!(text.stdout.contains("Deduplicated 1000 records"), "{}", text.stdout);
}

#[test]
fn link_config_round_trip_review_and_explain() {
    let env = Env::new();
    let (out, cfg) = (env.path("c.csv"), env.path("link.toml"));
    env.ok(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--save-config", cfg.to_str().unwrap()]);
    let first = read_clusters(&out);
    // The file keeps each note's codes beside its words (so it reads back in any language).
    let saved = std::fs::read_to_string(&cfg).unwrap();
    assert!(saved.contains("note = \"header") && saved.contains("[[columns.note_parts]]"), "{saved}");
    // The saved configuration, passed back, gives the same clusters; `--json` still gives each
    // note as its words.
    let again = env.ok(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--config", cfg.to_str().unwrap()]);
    assert_eq!(read_clusters(&out), first);
    assert!(again["config"]["columns"][1]["note"].as_str().is_some_and(|n| n.starts_with("header")), "{again}");
    // An edited configuration naming a column the file lacks is refused.
    let broken = std::fs::read_to_string(&cfg).unwrap().replacen("\"surname\"\nrole", "\"family\"\nrole", 1);
    let broken_path = env.write("broken.toml", broken.as_bytes());
    let err =
        env.fails(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--config", broken_path.to_str().unwrap()]);
    assert!(err.contains("configuration"), "{err}");

    // Pick a pair the model linked and overrule it.
    let (a, b) = linked_pair(&first);
    let review = env.write("review.csv", format!("record_id_a,record_id_b,decision\n{a},{b},non-match\n").as_bytes());
    let summary = env.ok(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--review", review.to_str().unwrap()]);
    assert_eq!(summary["review_decisions"], 1);
    let reviewed = read_clusters(&out);
    let cluster_of = |rows: &[(String, String)], id: &str| rows.iter().find(|r| r.0 == id).unwrap().1.clone();
    assert_ne!(cluster_of(&reviewed, &a), cluster_of(&reviewed, &b));
    let bad_review = env.write("bad-review.csv", b"record_id_a,record_id_b,decision\nx,y,perhaps\n");
    let err = env.fails(&["link", &febrl1(), "--out", out.to_str().unwrap(), "--review", bad_review.to_str().unwrap()]);
    assert!(err.contains("line 2, column decision"), "{err}");

    let ex = env.ok(&["link", "explain", &febrl1(), "--a", &a, "--b", &b]);
    let fields = ex["fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["column"] == "surname"));
    let total: f64 = ex["prior"].as_f64().unwrap()
        + fields.iter().map(|f| f["weight"].as_f64().unwrap() + f["tf_adjustment"].as_f64().unwrap()).sum::<f64>();
    assert!((total - ex["total"].as_f64().unwrap()).abs() < 1e-6);
    let err = env.fails(&["link", "explain", &febrl1(), "--a", &a, "--b", "rec-nope"]);
    assert!(err.contains("no record with id 'rec-nope'"), "{err}");
}

#[test]
fn link_two_files_one_to_one() {
    let env = Env::new();
    let text = std::fs::read_to_string(febrl1()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let (mut a, mut b) = (format!("{header}\n"), format!("{header}\n"));
    let mut seen = std::collections::HashSet::new();
    for l in lines {
        let person = l.split('-').nth(1).unwrap().to_string();
        // The first record of each person goes to A, one other to B.
        if seen.insert(person.clone()) {
            a.push_str(l);
            a.push('\n');
        } else if seen.insert(format!("{person}b")) {
            b.push_str(l);
            b.push('\n');
        }
    }
    let (fa, fb) = (env.write("a.csv", a.as_bytes()), env.write("b.csv", b.as_bytes()));
    let out = env.path("links.csv");
    let summary = env.ok(&["link", fa.to_str().unwrap(), fb.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(summary["mode"], "link");
    let rows = read_clusters(&out);
    let mut sizes: std::collections::HashMap<&str, usize> = Default::default();
    for (_, c) in &rows {
        *sizes.entry(c.as_str()).or_default() += 1;
    }
    assert!(sizes.values().all(|&s| s <= 2), "one-to-one means clusters of at most two");
    assert!(febrl_f1(&rows) > 0.97);
}

#[test]
fn link_refuses_bad_files_by_file_line_and_column() {
    let env = Env::new();
    let out = env.path("o.csv");
    let o = out.to_str().unwrap();
    let cases: Vec<(&str, &[u8], Vec<&str>, &str)> = vec![
        ("dup.csv", b"id,name\n1,Kim\n2,Lee\n1,Park\n", vec![], "line 4, column id: record id '1' already used at"),
        ("ragged.csv", b"id,name,year\n1,Kim,1950\n2,Lee\n", vec![], "line 3: 2 fields where the header has 3"),
        ("latin1.csv", b"id,name\n1,Kim\n2,Jos\xe9\n", vec![], "line 3: not UTF-8"),
        ("empty.csv", b"", vec![], "the file is empty"),
        ("header-only.csv", b"id,name\n", vec![], "no records after the header"),
        ("noid.csv", b"id,name\n1,Kim\n", vec!["--id-column", "person"], "no column named 'person' (--id-column)"),
        ("blankid.csv", b"id,name\n1,Kim\n,Lee\n", vec![], "line 3, column id: empty record id"),
    ];
    for (name, bytes, extra, expect) in cases {
        let path = env.write(name, bytes);
        let mut args = vec!["link", path.to_str().unwrap(), "--out", o];
        args.extend(extra);
        let err = env.fails(&args);
        assert!(err.contains(expect), "{name}: expected {expect}\ngot {err}");
        assert!(err.contains(name), "{name} not named: {err}");
        assert!(!out.exists(), "{name}: output written despite the error");
    }
    let a = env.write("a.csv", b"id,name\n1,Kim\n");
    let b = env.write("b.csv", b"id,surname\n2,Kim\n");
    let err = env.fails(&["link", a.to_str().unwrap(), b.to_str().unwrap(), "--out", o]);
    assert!(err.contains("b.csv: line 1: its columns differ"), "{err}");
}

/// The two records of some cluster of exactly two in a clusters file's rows.
fn linked_pair(rows: &[(String, String)]) -> (String, String) {
    let mut by_cluster: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    for (id, c) in rows {
        by_cluster.entry(c.as_str()).or_default().push(id.as_str());
    }
    let pair = by_cluster.values().find(|v| v.len() == 2).expect("a cluster of two");
    (pair[0].to_string(), pair[1].to_string())
}

/// Hangul syllables decomposed into their jamo (NFD), by the syllable arithmetic of Unicode.
fn decomposed(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let code = c as u32;
        if (0xAC00..=0xD7A3).contains(&code) {
            let i = code - 0xAC00;
            let (l, v, t) = (i / (21 * 28), (i % (21 * 28)) / 28, i % 28);
            out.extend(char::from_u32(0x1100 + l));
            out.extend(char::from_u32(0x1161 + v));
            if t > 0 {
                out.extend(char::from_u32(0x11A7 + t));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A decision file saved on another system may write a list's Hangul record ids decomposed
/// (NFD): `attest link --review` matches them to the list's composed ids, and the clusters file
/// keeps the ids as the list wrote them.
#[test]
fn review_decisions_with_decomposed_ids_apply_to_the_composed_ids_of_the_list() {
    let env = Env::new();
    let original = std::fs::read_to_string(febrl1()).unwrap();
    let mut lines = original.lines();
    let mut text = format!("{}\n", lines.next().unwrap());
    for line in lines {
        text.push_str(&format!("기록-{line}\n"));
    }
    let list = env.write("목록.csv", text.as_bytes());
    let out = env.path("c.csv");
    env.ok(&["link", list.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let first = read_clusters(&out);
    assert!(first.iter().all(|(id, _)| id.starts_with("기록-")), "ids kept as written");
    let (a, b) = linked_pair(&first);
    let (da, db) = (decomposed(&a), decomposed(&b));
    assert_ne!(da, a, "the test writes the ids decomposed");
    let review = env.write("review.csv", format!("record_id_a,record_id_b,decision\n{da},{db},non-match\n").as_bytes());
    let summary =
        env.ok(&["link", list.to_str().unwrap(), "--out", out.to_str().unwrap(), "--review", review.to_str().unwrap()]);
    assert_eq!(summary["review_decisions"], 1, "{summary}");
    let reviewed = read_clusters(&out);
    let cluster_of = |rows: &[(String, String)], id: &str| rows.iter().find(|r| r.0 == id).unwrap().1.clone();
    assert_ne!(cluster_of(&reviewed, &a), cluster_of(&reviewed, &b));
}
