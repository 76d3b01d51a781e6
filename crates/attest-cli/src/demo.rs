//! `attest demo`: a fictional case to explore attest with.
//!
//! Every person here is invented; the places are real mining districts of North and South
//! Hamgyong, written in Hangul and romanized. The demo passphrase is printed, because the demo
//! holds nothing secret; the directory gets a `DEMO` marker so `--replace` can never remove a real
//! archive.

use std::path::Path;

use anyhow::{Context, Result, bail};
use attest_domain::{
    ActSlug, CaseId, Consent, DecodedText, Pseudonym, Reliability, Role, Span, UncertainCount, UncertainDate,
    decode_transcript,
};
use attest_store::{Archive, ClaimDraft, NewTestimony, NewWitness, OpenOptions, OriginalFile};
use attest_vault::{KdfParams, Passphrase, SecretText};
use serde_json::{Value, json};

/// The demo archive's passphrase, unless `ATTEST_PASSPHRASE` is set.
pub const DEMO_PASSPHRASE: &str = "demo-passphrase-not-secret";

/// The demo's workspace users: name, role, password (invented, printed, not secret). All are
/// members of the demo case; only the investigator holds the identity grant, so the
/// administrator shows that a role alone reveals nothing.
pub const DEMO_USERS: &[(&str, Role, &str)] = &[
    ("ada", Role::Admin, "ada-demo-password"),
    ("ivan", Role::Investigator, "ivan-demo-password"),
    ("ana", Role::Analyst, "ana-demo-password"),
    ("vic", Role::Viewer, "vic-demo-password"),
];

/// The passphrase `build` used.
pub fn passphrase() -> String {
    std::env::var("ATTEST_PASSPHRASE").unwrap_or_else(|_| DEMO_PASSPHRASE.to_string())
}
const MARKER: &str = "DEMO";

pub struct Summary {
    pub json: Value,
    pub text: String,
}

struct DemoWitness {
    pseudonym: &'static str,
    sealed_name: &'static str,
    sealed_contact: &'static str,
    sealed_notes: &'static str,
    consent: Consent,
    language: &'static str,
    interviewed: &'static str,
    interviewer: &'static str,
    reliability: &'static str,
    text: &'static str,
    /// (passage, act, place, when, count, victim, perpetrator)
    claims:
        &'static [(&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str)],
}

const WITNESSES: &[DemoWitness] = &[
    DemoWitness {
        pseudonym: "Choi Ki-sun",
        sealed_name: "최명선 (invented)",
        sealed_contact: "Seoul, via the Incheon resettlement office (invented)",
        sealed_notes: "Younger brother and his children still in Undok county (invented)",
        consent: Consent::PublishPseudonym,
        language: "ko",
        interviewed: "2020-11-03",
        interviewer: "Interviewer A",
        reliability: "B2",
        text: "저는 1968년에 함경북도 은덕군 아오지 탄광 마을에서 태어났습니다. 아버지는 1953년 휴전 뒤에도 돌려보내지 못한 국군포로였습니다. \
우리 가족은 성분 때문에 탄광을 떠날 수 없었습니다. 저는 열네 살 때부터 갱 안에서 석탄을 날랐습니다. \
1990년대 고난의 행군 때는 배급이 끊겨서 하루에 옥수수 한 줌으로 일했습니다. \
1997년 겨울 갱이 무너져서 23명이 갇혔는데, 그 가운데 6명만 살아 나왔습니다. 보위부원들이 사고 이야기를 하지 말라고 했습니다.",
        claims: &[
            (
                "아버지는 1953년 휴전 뒤에도 돌려보내지 못한 국군포로였습니다",
                "arbitrary-detention",
                "함경북도 은덕군 아오지 (Aoji, Undok county, North Hamgyong)",
                "1953/..",
                "",
                "the witness's father, a South Korean prisoner of war",
                "",
            ),
            (
                "저는 열네 살 때부터 갱 안에서 석탄을 날랐습니다",
                "child-labour",
                "아오지 탄광 (Aoji coal mine)",
                "1982~",
                "",
                "the witness",
                "mine management",
            ),
            (
                "1990년대 고난의 행군 때는 배급이 끊겨서 하루에 옥수수 한 줌으로 일했습니다",
                "denial-of-food",
                "아오지 탄광 (Aoji coal mine)",
                "199X",
                "",
                "miners and families",
                "",
            ),
            (
                "1997년 겨울 갱이 무너져서 23명이 갇혔는데, 그 가운데 6명만 살아 나왔습니다",
                "death-in-custody",
                "아오지 탄광 (Aoji coal mine)",
                "1997-24",
                "23, of whom 6 survived",
                "miners",
                "",
            ),
        ],
    },
    DemoWitness {
        pseudonym: "Witness K-7",
        sealed_name: "Kang Ok-hui (invented)",
        sealed_contact: "+82 10 0000 0000 (invented)",
        sealed_notes: "Mother lives in Hoeryong (invented)",
        consent: Consent::PublishAnonymous,
        language: "en",
        interviewed: "2021-03",
        interviewer: "Interviewer B",
        reliability: "B3",
        text: "I was sent to the magnesite mine at Tanchon in South Hamgyong in 1989 because my grandfather had been a prisoner of war. \
We worked twelve hours a day, seven days a week, and guards from the security department stood at the pit head. \
In the 1990s about 670 people worked on our shaft; nobody was paid. \
In 1995 I saw two men who had tried to leave the mine village publicly executed in front of the workers. \
Children from the families of prisoners of war were sent to the mine straight after middle school.",
        claims: &[
            (
                "I was sent to the magnesite mine at Tanchon in South Hamgyong in 1989 because my grandfather had been a prisoner of war",
                "discrimination",
                "단천 (Tanchon), 함경남도 (South Hamgyong)",
                "1989",
                "",
                "the witness",
                "state labour administration",
            ),
            (
                "We worked twelve hours a day, seven days a week, and guards from the security department stood at the pit head",
                "forced-labour",
                "단천 (Tanchon) magnesite mine",
                "1989/1998",
                "",
                "mine workers",
                "security department guards",
            ),
            (
                "In the 1990s about 670 people worked on our shaft; nobody was paid",
                "forced-labour",
                "단천 (Tanchon) magnesite mine",
                "199X",
                "about 670",
                "mine workers",
                "",
            ),
            (
                "In 1995 I saw two men who had tried to leave the mine village publicly executed in front of the workers",
                "execution",
                "단천 (Tanchon)",
                "1995",
                "2",
                "two workers",
                "security department",
            ),
            (
                "Children from the families of prisoners of war were sent to the mine straight after middle school",
                "child-labour",
                "단천 (Tanchon) magnesite mine",
                "",
                "",
                "children of POW families",
                "",
            ),
        ],
    },
    DemoWitness {
        pseudonym: "Pak Tong-gu",
        sealed_name: "박동철 (invented)",
        sealed_contact: "Busan (invented)",
        sealed_notes: "Sister in Hoeryong; uses a different surname now (invented)",
        consent: Consent::NoPublication,
        language: "ko",
        interviewed: "2021-06-14",
        interviewer: "Interviewer A",
        reliability: "C3",
        text: "회령 근처 탄광에서 2001년부터 2009년까지 일했습니다. 임금은 한 번도 받지 못했습니다. \
약 40명이 한 조였는데 하루 할당량을 못 채우면 밥을 주지 않았습니다. \
2004년쯤 폭발 사고로 적어도 11명이 죽었다고 들었습니다. 저는 직접 보지는 못했습니다.",
        claims: &[
            (
                "회령 근처 탄광에서 2001년부터 2009년까지 일했습니다. 임금은 한 번도 받지 못했습니다",
                "forced-labour",
                "회령 (Hoeryong), 함경북도 (North Hamgyong)",
                "2001/2009",
                "",
                "the witness",
                "",
            ),
            (
                "하루 할당량을 못 채우면 밥을 주지 않았습니다",
                "denial-of-food",
                "회령 (Hoeryong)",
                "2001/2009",
                "약 40명",
                "work team",
                "mine management",
            ),
            (
                "2004년쯤 폭발 사고로 적어도 11명이 죽었다고 들었습니다",
                "death-in-custody",
                "회령 (Hoeryong)",
                "2004~",
                "at least 11",
                "miners",
                "",
            ),
        ],
    },
    DemoWitness {
        pseudonym: "Ri Yong-nam",
        sealed_name: "Ri Yong-chol (invented)",
        sealed_contact: "Contact through the interviewing NGO only (invented)",
        sealed_notes: "Father was a POW held at Aoji; brother still inside (invented)",
        consent: Consent::LegalUseOnly,
        language: "en",
        interviewed: "2022?",
        interviewer: "Interviewer C",
        reliability: "B2",
        text: "My father was captured in 1953 and never sent home. He worked in the Aoji coal mine in North Hamgyong until his death in 1993. \
Our family was watched by the security department. When I was fifteen I was assigned to the same mine. \
In the winter of 1997 a tunnel collapsed; I helped carry out the survivors. Around twenty men were trapped and only a few came out alive.",
        claims: &[
            (
                "My father was captured in 1953 and never sent home. He worked in the Aoji coal mine in North Hamgyong until his death in 1993",
                "forced-labour",
                "아오지 (Aoji), 함경북도 (North Hamgyong)",
                "1953/1993",
                "",
                "the witness's father, a prisoner of war",
                "",
            ),
            (
                "When I was fifteen I was assigned to the same mine",
                "child-labour",
                "아오지 탄광 (Aoji coal mine)",
                "",
                "",
                "the witness",
                "",
            ),
            (
                "In the winter of 1997 a tunnel collapsed; I helped carry out the survivors. Around twenty men were trapped and only a few came out alive",
                "death-in-custody",
                "아오지 탄광 (Aoji coal mine)",
                "1997-24",
                "around 20",
                "miners",
                "",
            ),
        ],
    },
];

fn span_of(text: &str, passage: &str) -> Result<Span> {
    let byte = text.find(passage).with_context(|| format!("demo passage not found: {passage}"))?;
    let start = text[..byte].chars().count();
    Ok(Span { start, end: start + passage.chars().count() })
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Builds the demo archive at `path`.
pub fn build(path: &Path, replace: bool) -> Result<Summary> {
    if path.exists() {
        if replace && path.join(MARKER).is_file() {
            std::fs::remove_dir_all(path)
                .with_context(|| format!("removing the old demo archive {}", path.display()))?;
        } else if replace {
            bail!("{} exists and is not a demo archive (no {MARKER} marker); refusing to replace it", path.display());
        } else {
            bail!(
                "{} already exists; use --replace to rebuild a demo archive there, or choose another --archive",
                path.display()
            );
        }
    }
    let pass_text = passphrase();
    let pass = Passphrase::parse(pass_text.clone())?;
    let mut archive = Archive::init(path, &pass, KdfParams::recommended(), OpenOptions::new("demo"))?;
    std::fs::write(path.join(MARKER), "This directory is an attest demo archive with invented people.\n")
        .with_context(|| format!("{}: writing the demo marker", path.display()))?;
    let case_id: CaseId = archive.add_case("Mines of North Hamgyong (demo, invented witnesses)")?;
    let mut claims_total = 0;
    for w in WITNESSES {
        let witness_id = archive.add_witness(NewWitness {
            case_id: case_id.clone(),
            pseudonym: Pseudonym::parse(w.pseudonym)?,
            consent: w.consent,
            sealed_name: SecretText::new(w.sealed_name.into()),
            sealed_contact: Some(SecretText::new(w.sealed_contact.into())),
            sealed_notes: Some(SecretText::new(w.sealed_notes.into())),
        })?;
        let text: DecodedText = decode_transcript(w.text.as_bytes())?;
        let mut drafts = Vec::new();
        for (passage, act, place, when, count, victim, perpetrator) in w.claims {
            drafts.push(ClaimDraft {
                span: span_of(&text.text, passage)?,
                act: ActSlug::parse(act)?,
                place: opt(place),
                when: opt(when).map(|s| UncertainDate::parse(&s)).transpose()?,
                count: opt(count).map(|s| UncertainCount::parse(&s)).transpose()?,
                victim: opt(victim),
                perpetrator: opt(perpetrator),
            });
        }
        claims_total += drafts.len();
        let file_name = format!("{}-transcript.txt", w.pseudonym.to_lowercase().replace(' ', "-"));
        archive.add_testimony(
            NewTestimony {
                case_id: case_id.clone(),
                witness_id,
                transcript_file: Some(OriginalFile { file_name, bytes: w.text.as_bytes().to_vec() }),
                text,
                original: None,
                language: Some(w.language.into()),
                interviewed: Some(UncertainDate::parse(w.interviewed)?),
                interviewer: Some(w.interviewer.into()),
                reliability: Some(Reliability::parse(w.reliability)?),
            },
            drafts,
        )?;
    }
    let other = archive.add_case("Separate case (demo; only ada is a member)")?;
    let mut logins = Vec::new();
    for (name, role, password) in DEMO_USERS {
        let user =
            archive.add_user(name, *role, &Passphrase::for_unlock((*password).into()), KdfParams::recommended())?;
        archive.add_member(user.as_str(), case_id.as_str())?;
        if *role == Role::Investigator {
            archive.grant_identities(user.as_str(), case_id.as_str())?;
        }
        if matches!(role, Role::Investigator | Role::Analyst) {
            archive.grant_testimonies(user.as_str(), case_id.as_str())?;
        }
        if *role == Role::Admin {
            archive.add_member(user.as_str(), other.as_str())?;
        }
        logins.push(json!({
            "name": name, "role": role.as_str(), "password": password,
            "identity_grant": *role == Role::Investigator,
            "testimonies_grant": matches!(role, Role::Investigator | Role::Analyst),
        }));
    }
    let report = archive.verify()?;
    let case = archive.get_case(case_id.as_str())?;
    let witnesses = archive.list_witnesses(Some(case_id.as_str()))?;
    let claims = archive.list_claims(Some(case_id.as_str()))?;
    let by_act = crate::output::count_by(claims.iter().map(|c| c.act.as_str()));
    let passphrase_note = if pass_text == DEMO_PASSPHRASE {
        format!("the demo passphrase is '{DEMO_PASSPHRASE}'")
    } else {
        "passphrase from ATTEST_PASSPHRASE".into()
    };

    let mut text = format!(
        "Demo archive created at {} ({passphrase_note}).\n\nCase {}: {}\n  {} witnesses, {} testimonies, {} claims; verify: {}\n\nWitnesses (pseudonyms; legal names are sealed):",
        path.display(),
        case.case_id,
        case.title,
        case.witnesses,
        case.sources,
        claims_total,
        if report.ok { "ok" } else { "NOT OK" }
    );
    for w in &witnesses {
        text.push_str(&format!("\n  {:<14} {}  consent: {}", w.pseudonym, w.witness_id, w.consent));
    }
    text.push_str("\n\nClaims by act:");
    for (act, n) in &by_act {
        text.push_str(&format!("\n  {act:<22} {n}"));
    }
    text.push_str("\n\nSome claims with their evidence:");
    for c in claims.iter().take(4) {
        text.push_str(&format!(
            "\n  [{}] {} {}: «{}»",
            c.act,
            c.place.as_deref().unwrap_or("-"),
            c.when.as_ref().map(|w| w.edtf.as_str()).unwrap_or("-"),
            c.passage
        ));
    }
    text.push_str(&format!(
        "\n\nTry:\n  export ATTEST_ARCHIVE={} ATTEST_PASSPHRASE={}\n  attest list claim\n  attest show witness {}\n  attest witness reveal {}   # logged\n  attest log\n  attest verify",
        path.display(), if pass_text == DEMO_PASSPHRASE { DEMO_PASSPHRASE } else { "..." }, witnesses[0].witness_id, witnesses[0].witness_id
    ));
    text.push_str(
        "\n\nWorkspace logins (invented; only ivan may reveal identities; ivan and ana may open original files):",
    );
    for (name, role, password) in DEMO_USERS {
        text.push_str(&format!("\n  {name:<5} {:<13} password: {password}", role.as_str()));
    }
    let json = json!({
        "logins": logins,
        "archive": path, "case_id": case.case_id, "title": case.title, "witnesses": witnesses.len(),
        "sources": case.sources, "claims": claims_total, "claims_by_act": by_act.iter().map(|(a, n)| json!({ "act": a, "claims": n })).collect::<Vec<_>>(),
        "verify_ok": report.ok,
    });
    Ok(Summary { json, text })
}
