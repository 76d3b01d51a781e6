//! Benchmark of the sealed archive: intake of synthetic testimonies (~5 KB, 5 claims each, the
//! transcript kept as an encrypted original), sealed-field throughput, `verify`, opening, and
//! search (the index catching up, then latency per query).
//!
//! `cargo run --release -p attest-store --example bench_archive -- [TESTIMONIES] [RUNS]`
//! Prints medians over RUNS (default 5) for the quick figures. Wrap it in `/usr/bin/time -v` for
//! peak memory. All text is generated from a fixed word list; no real testimony is involved.

use std::time::{Duration, Instant};

use attest_domain::{ActSlug, Consent, Pseudonym, SeededRng, Span, UncertainDate, decode_transcript};
use attest_store::{Archive, ClaimDraft, NewTestimony, NewWitness, OpenOptions, OriginalFile};
use attest_vault::{KdfParams, OsRandom, Passphrase, SecretText};

const WORDS: &[&str] = &[
    "the",
    "mine",
    "shaft",
    "guards",
    "worked",
    "coal",
    "night",
    "shift",
    "we",
    "were",
    "not",
    "paid",
    "food",
    "ration",
    "corn",
    "village",
    "security",
    "department",
    "prisoners",
    "family",
    "children",
    "winter",
    "tunnel",
    "collapsed",
    "탄광",
    "아오지",
    "함경북도",
    "배급",
    "보위부",
    "광부",
    "갱",
    "일했습니다",
    "1997",
    "670",
    "magnesite",
    "Tanchon",
    "Hoeryong",
    "Aoji",
];

fn text(g: &mut SeededRng, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 32);
    while s.len() < bytes {
        s.push_str(g.pick(WORDS));
        s.push(if g.below(12) == 0 { '.' } else { ' ' });
    }
    s
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    let pass_text = "benchmark passphrase, not secret";
    let new_pass = Passphrase::parse(pass_text.into()).expect("passphrase");
    let forced = ActSlug::parse("forced-labour").expect("act");
    // Intake into fresh archives; the last one is kept for the other measurements.
    let mut intake_times = Vec::new();
    let mut kept = None;
    for run in 0..runs.min(3) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("bench-archive");
        let mut archive =
            Archive::init(&root, &new_pass, KdfParams::recommended(), OpenOptions::new("bench")).expect("init");
        let case = archive.add_case("Synthetic benchmark case").expect("case");
        let witnesses: Vec<_> = (0..100)
            .map(|i| {
                archive
                    .add_witness(NewWitness {
                        case_id: case.clone(),
                        pseudonym: Pseudonym::parse(&format!("Witness {i}")).expect("pseudonym"),
                        consent: Consent::default(),
                        sealed_name: SecretText::new(format!("Synthetic Name {i}")),
                        sealed_contact: None,
                        sealed_notes: None,
                    })
                    .expect("witness")
            })
            .collect();
        // Generate first (not timed), then store in transactions of 500 testimonies.
        let mut g = SeededRng::new(0x5eed);
        let mut batch_items = Vec::with_capacity(n);
        let mut text_bytes = 0usize;
        for i in 0..n {
            let t = text(&mut g, 5 * 1024);
            text_bytes += t.len();
            let chars = t.chars().count();
            let claims = (0..5)
                .map(|_| {
                    let start = g.below(chars - 200);
                    ClaimDraft {
                        span: Span { start, end: start + 20 + g.below(150) },
                        act: forced.clone(),
                        place: Some("아오지 (Aoji)".into()),
                        when: Some(UncertainDate::parse("199X").expect("date")),
                        count: None,
                        victim: None,
                        perpetrator: None,
                    }
                })
                .collect::<Vec<_>>();
            let item = NewTestimony {
                case_id: case.clone(),
                witness_id: witnesses[i % witnesses.len()].clone(),
                transcript_file: Some(OriginalFile { file_name: format!("t{i}.txt"), bytes: t.as_bytes().to_vec() }),
                text: decode_transcript(t.as_bytes()).expect("utf-8"),
                original: None,
                language: Some("ko".into()),
                interviewed: None,
                interviewer: None,
                reliability: None,
            };
            batch_items.push((item, claims));
        }
        let started = Instant::now();
        let mut items = batch_items.into_iter().peekable();
        while items.peek().is_some() {
            let chunk: Vec<_> = items.by_ref().take(500).collect();
            archive.add_testimonies(chunk).expect("intake");
        }
        let took = started.elapsed();
        println!(
            "intake run {}: {n} testimonies ({:.1} MB text, {} claims) in {:.2} s = {:.0} testimonies/s",
            run + 1,
            text_bytes as f64 / 1e6,
            n * 5,
            took.as_secs_f64(),
            n as f64 / took.as_secs_f64()
        );
        intake_times.push(took);
        kept = Some((dir, root, archive, case, witnesses));
    }
    let intake = median(intake_times);
    println!("intake median: {:.0} testimonies/s", n as f64 / intake.as_secs_f64());
    let (_dir, root, mut archive, case, witnesses) = kept.expect("at least one run");

    // One testimony per transaction, as the CLI does (without its process start and key derivation).
    let mut g2 = SeededRng::new(0xabc);
    let single_n = 200.min(n);
    let started = Instant::now();
    for i in 0..single_n {
        let t = text(&mut g2, 5 * 1024);
        let item = NewTestimony {
            case_id: case.clone(),
            witness_id: witnesses[i % witnesses.len()].clone(),
            transcript_file: Some(OriginalFile { file_name: "s.txt".into(), bytes: t.as_bytes().to_vec() }),
            text: decode_transcript(t.as_bytes()).expect("utf-8"),
            original: None,
            language: None,
            interviewed: None,
            interviewer: None,
            reliability: None,
        };
        archive.add_testimony(item, Vec::new()).expect("single intake");
    }
    let single = started.elapsed();
    println!(
        "intake, one transaction each: {single_n} testimonies at {:.0} testimonies/s",
        single_n as f64 / single.as_secs_f64()
    );

    // Sealed fields: seal and open a 40-byte name, and 1 MiB of notes.
    let (_, identity) = {
        let pass = Passphrase::parse("throughput passphrase".into()).expect("pass");
        let (_, keys) = attest_vault::create_archive_keys(&pass, KdfParams::for_tests(), &mut OsRandom).expect("keys");
        keys.archive.new_identity_key("case_bench", 1, &mut OsRandom).expect("identity key")
    };
    let name = "Synthetic Name With Forty Bytes In It..";
    let fields = 100_000;
    let mut seal_times = Vec::new();
    let mut open_times = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let sealed: Vec<Vec<u8>> = (0..fields)
            .map(|i| identity.seal(&format!("wit_{i}"), "legal_name", name, &mut OsRandom).expect("seal"))
            .collect();
        seal_times.push(t0.elapsed());
        let t0 = Instant::now();
        for (i, s) in sealed.iter().enumerate() {
            identity.open(&format!("wit_{i}"), "legal_name", s).expect("open");
        }
        open_times.push(t0.elapsed());
    }
    let big = "x".repeat(1 << 20);
    let big_time = median(
        (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                let sealed_big = identity.seal("wit_big", "notes", &big, &mut OsRandom).expect("seal");
                let _ = identity.open("wit_big", "notes", &sealed_big).expect("open");
                t0.elapsed()
            })
            .collect(),
    );
    println!(
        "sealed fields (40 B): seal {:.0}/s, open {:.0}/s (medians of {runs}); 1 MiB field seal+open: {:.0} MB/s",
        fields as f64 / median(seal_times).as_secs_f64(),
        fields as f64 / median(open_times).as_secs_f64(),
        2.0 * (1 << 20) as f64 / 1e6 / big_time.as_secs_f64()
    );

    // Verify.
    drop(archive);
    let db_bytes: u64 =
        std::fs::read_dir(&root).expect("dir").filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
    let pass = Passphrase::for_unlock(pass_text.into());
    let mut verify_times = Vec::new();
    let mut hashed = 0i64;
    for _ in 0..runs.min(3) {
        let mut a = Archive::open(&root, &pass, OpenOptions::new("bench")).expect("open");
        let t0 = Instant::now();
        let report = a.verify().expect("verify");
        verify_times.push(t0.elapsed());
        assert!(report.ok, "{:?}", report.problems);
        hashed = report.original_bytes;
    }
    let v = median(verify_times);
    println!(
        "verify: {:.1} MB archive ({:.1} MB of originals re-hashed, plus every text and the log) in {:.2} s = {:.0} MB/s of archive",
        db_bytes as f64 / 1e6,
        hashed as f64 / 1e6,
        v.as_secs_f64(),
        db_bytes as f64 / 1e6 / v.as_secs_f64()
    );

    // Opening: total, and the key derivation alone, over `runs` runs.
    let header: attest_vault::KeyHeader =
        serde_json::from_slice(&std::fs::read(root.join(attest_store::KEY_FILE)).expect("header")).expect("json");
    let mut open_total = Vec::new();
    let mut kdf_only = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let a = Archive::open(&root, &pass, OpenOptions::new("bench")).expect("open");
        let cases = a.list_cases().expect("list");
        open_total.push(t0.elapsed());
        assert_eq!(cases[0].sources as usize, n + single_n);
        drop(a);
        let t0 = Instant::now();
        let _keys = attest_vault::unlock(&header, &pass).expect("unlock");
        kdf_only.push(t0.elapsed());
    }
    let (total, kdf) = (median(open_total), median(kdf_only));
    println!(
        "open {}-testimony archive and list cases: {:.0} ms total, of which Argon2id {:.0} ms; after key derivation {:.1} ms (medians of {runs})",
        n + single_n,
        total.as_secs_f64() * 1e3,
        kdf.as_secs_f64() * 1e3,
        total.saturating_sub(kdf).as_secs_f64() * 1e3
    );

    // Search: the first search indexes everything taken in so far; then latency per query.
    let mut a = Archive::open(&root, &pass, OpenOptions::new("bench")).expect("open");
    let t0 = Instant::now();
    let first = a.search("아오지", None, 20).expect("search");
    let catch_up = t0.elapsed();
    assert!(!first.is_empty());
    let queries =
        ["아오지", "Aoji", "tunnel collapsed", "탄광", "corn ration", "security department", "nothing-like-this"];
    let mut each = Vec::new();
    let mut per_query = Vec::new();
    for q in queries {
        let mut mine = Vec::new();
        for _ in 0..20 {
            let t0 = Instant::now();
            let _ = a.search(q, None, 20).expect("search");
            mine.push(t0.elapsed());
        }
        each.extend(mine.iter().copied());
        per_query.push(format!("{q} {:.1}", median(mine).as_secs_f64() * 1e3));
    }
    each.sort();
    let p99 = each[(each.len() * 99 / 100).min(each.len() - 1)];
    println!(
        "search: first search indexes {} records in {:.1} s; then {} searches of {} queries: median {:.1} ms, p99 {:.1} ms; per query (ms): {}",
        n + single_n + 100 + 5 * n,
        catch_up.as_secs_f64(),
        each.len(),
        queries.len(),
        each[each.len() / 2].as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        per_query.join(", ")
    );
}
