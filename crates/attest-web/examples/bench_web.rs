//! Load benchmark of the web workspace (issue 5): an archive of 10,000 testimonies and 50,000
//! claims (generated: invented words, Korean and English), served in this process, loaded by
//! `wrk` (Debian package `wrk`) with 20 connections on three kinds of page: the case overview,
//! random testimony pages, and random searches (Korean, romanized, English).
//!
//! `cargo run --release -p attest-web --example bench_web -- [SECONDS] [TESTIMONIES]`
//! (defaults 300 and 10,000). Prints wrk's latency percentiles, request counts and errors per
//! page. Every generated name and text is invented.

use std::process::Command;
use std::time::Instant;

use attest_domain::{ActSlug, Consent, Pseudonym, Role, SeededRng, Span, UncertainDate, decode_transcript};
use attest_store::{Archive, ClaimDraft, NewTestimony, NewWitness, OpenOptions, OriginalFile};
use attest_vault::{KdfParams, Passphrase, SecretText};
use attest_web::{AppState, Pool, Settings};

const SYLLABLES: &[&str] =
    &["광", "산", "탄", "갱", "배", "급", "노", "동", "경", "비", "대", "작", "업", "밤", "낮", "식"];
const ENGLISH: &[&str] =
    &["shift", "quota", "guard", "ration", "tunnel", "lamp", "cart", "roll-call", "barracks", "ore"];
const PLACES: &[&str] =
    &["아오지 (Aoji)", "Tanchon", "회령 (Hoeryong)", "Komdok", "용양 (Yongyang)", "Musan", "Kaechon", "Chongjin"];
const SURNAMES: &[&str] = &["최 Choi", "김 Kim", "박 Park", "리 Ri", "정 Jong", "한 Han", "조 Jo", "윤 Yun"];

fn sentence(g: &mut SeededRng, out: &mut String) {
    for _ in 0..8 + g.below(8) {
        if g.below(3) == 0 {
            out.push_str(g.pick(ENGLISH));
        } else {
            for _ in 0..2 + g.below(2) {
                out.push_str(g.pick(SYLLABLES));
            }
        }
        out.push(' ');
    }
    out.push_str(g.pick(PLACES));
    out.push_str(". ");
}

fn build(root: &std::path::Path, n: usize, pass: &Passphrase) -> (String, String, Vec<String>) {
    let mut a = Archive::init(root, pass, KdfParams::recommended(), OpenOptions::new("bench")).expect("init");
    let case = a.add_case("Synthetic web benchmark case").expect("case");
    let mut g = SeededRng::new(0x7e57);
    let witnesses: Vec<_> = (0..500)
        .map(|i| {
            let surname = SURNAMES[i % SURNAMES.len()];
            a.add_witness(NewWitness {
                case_id: case.clone(),
                pseudonym: Pseudonym::parse(&format!("{surname} {i}")).expect("pseudonym"),
                consent: Consent::default(),
                sealed_name: SecretText::new(format!("Synthetic Sealed {i}")),
                sealed_contact: None,
                sealed_notes: None,
            })
            .expect("witness")
        })
        .collect();
    let act = ActSlug::parse("forced-labour").expect("act");
    let mut sources = Vec::new();
    let mut batch = Vec::new();
    for i in 0..n {
        let mut text = String::new();
        while text.len() < 3000 {
            sentence(&mut g, &mut text);
        }
        let chars = text.chars().count();
        let claims = (0..5)
            .map(|_| {
                let start = g.below(chars - 120);
                ClaimDraft {
                    span: Span { start, end: start + 10 + g.below(100) },
                    act: act.clone(),
                    place: Some(g.pick(PLACES).to_string()),
                    // Even years only: periods a year apart would chain into one event (see the issue notes).
                    when: Some(UncertainDate::parse(&format!("{}", 1990 + 2 * g.below(13))).expect("date")),
                    count: None,
                    victim: None,
                    perpetrator: None,
                }
            })
            .collect::<Vec<_>>();
        batch.push((
            NewTestimony {
                case_id: case.clone(),
                witness_id: witnesses[i % witnesses.len()].clone(),
                transcript_file: Some(OriginalFile { file_name: format!("t{i}.txt"), bytes: text.as_bytes().to_vec() }),
                text: decode_transcript(text.as_bytes()).expect("utf-8"),
                original: None,
                language: Some("ko".into()),
                interviewed: None,
                interviewer: None,
                reliability: None,
            },
            claims,
        ));
        if batch.len() == 500 || i + 1 == n {
            for (s, _) in a.add_testimonies(std::mem::take(&mut batch)).expect("intake") {
                sources.push(s.to_string());
            }
        }
    }
    let user = a
        .add_user(
            "investigator",
            Role::Investigator,
            &Passphrase::for_unlock("bench password long".into()),
            KdfParams::recommended(),
        )
        .expect("user");
    a.add_member(user.as_str(), case.as_str()).expect("member");
    (case.to_string(), user.to_string(), sources)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("archive");
    let pass = Passphrase::parse("web benchmark passphrase".into()).expect("pass");
    let t0 = Instant::now();
    let (case, user, sources) = build(&root, n, &pass);
    println!("archive: {n} testimonies, {} claims, built in {:.1} s", n * 5, t0.elapsed().as_secs_f64());
    let pool = Pool::open(&root, &Passphrase::for_unlock("web benchmark passphrase".into()), 4).expect("pool");
    let state = AppState::new(pool, Settings::default());
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    // Warm-up outside the measurement: the search index catch-up and the overview (both are
    // background or cached work in a running server).
    let t1 = Instant::now();
    let (session, _) = state.sessions.start(&user);
    runtime.block_on(attest_web::db(&state, "bench", |a| a.refresh_search())).expect("index");
    println!("warm-up: search index caught up in {:.1} s", t1.elapsed().as_secs_f64());
    let t1 = Instant::now();
    let case_id = attest_domain::CaseId::parse(&case).expect("case id");
    runtime.block_on(attest_web::overview(&state, &case_id)).expect("overview");
    println!("warm-up: first overview (corroboration and provenance) in {:.1} s", t1.elapsed().as_secs_f64());
    // Sign-in: a wrong password for an existing name against an unknown name (the Argon2id work
    // must be the same, so the time must not tell who exists).
    let mut times: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for i in 0..40 {
        let name = if i % 2 == 0 { "investigator" } else { "nobody-here" };
        let t = Instant::now();
        let found = runtime
            .block_on(attest_web::db(&state, "bench", move |a| {
                a.authenticate(name, &Passphrase::for_unlock("wrong password x".into()))
            }))
            .expect("authenticate");
        assert!(found.is_none());
        times[i % 2].push(t.elapsed().as_secs_f64() * 1e3);
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (known, unknown) = (med(&mut times[0]), med(&mut times[1]));
    println!(
        "sign-in, wrong password: known name {known:.1} ms, unknown name {unknown:.1} ms (medians of 20; ratio {:.3})",
        known / unknown
    );
    runtime.spawn(attest_web::run(listener, state));

    let script = dir.path().join("paths.lua");
    let lua_list = |items: Vec<String>| items.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>().join(",\n");
    let pages = [
        ("case overview", vec![format!("/cases/{case}")]),
        ("testimony page", sources.iter().step_by(7).map(|s| format!("/cases/{case}/sources/{s}")).collect()),
        (
            "search",
            ["아오지", "Aoji", "Choe", "최", "탄광", "quota", "회령", "Hoeryong", "roll-call", "Kim 7"]
                .iter()
                .map(|q| {
                    format!(
                        "/search?q={}",
                        q.bytes()
                            .map(|b| if b.is_ascii_alphanumeric() {
                                (b as char).to_string()
                            } else {
                                format!("%{b:02X}")
                            })
                            .collect::<String>()
                    )
                })
                .collect(),
        ),
    ];
    for (name, paths) in pages {
        std::fs::write(
            &script,
            format!(
                "local paths = {{\n{}\n}}\nrequest = function()\n  return wrk.format(nil, paths[math.random(#paths)])\nend\n",
                lua_list(paths)
            ),
        )
        .expect("script");
        let out = Command::new("wrk")
            .args(["-t2", "-c20", &format!("-d{seconds}s"), "--latency", "--timeout", "10s"])
            .args(["-H", &format!("Cookie: attest_session={session}")])
            .arg("-s")
            .arg(&script)
            .arg(&base)
            .output()
            .expect("wrk (apt-get install wrk)");
        let text = String::from_utf8_lossy(&out.stdout);
        let pick = |label: &str| {
            text.lines().find(|l| l.trim_start().starts_with(label)).map(|l| l.trim().to_string()).unwrap_or_default()
        };
        let errors = text.lines().filter(|l| l.contains("Non-2xx") || l.contains("Socket errors")).collect::<Vec<_>>();
        println!(
            "{name}: {} | {} | {} | {} | requests: {} | errors: {}",
            pick("50%"),
            pick("90%"),
            pick("99%"),
            pick("Latency"),
            pick("Requests/sec"),
            if errors.is_empty() { "none".to_string() } else { errors.join("; ") }
        );
        println!("{}", text.lines().filter(|l| l.contains("requests in")).collect::<Vec<_>>().join(""));
    }
}
