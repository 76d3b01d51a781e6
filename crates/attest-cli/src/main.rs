//! The `attest` command: parses arguments, asks for the passphrase, calls the library, prints.
//!
//! Thin glue over `attest-store` and `attest-domain`; the web workspace will call the same library
//! functions. Every command takes `--json` and then prints exactly one JSON object on stdout.

mod args;
mod corroborate;
mod demo;
mod estimate;
mod integrity;
mod link;
mod output;
mod passphrase;
mod users;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use attest_domain::{
    ActSlug, CaseId, ClaimId, Consent, Pseudonym, Reliability, Role, SourceId, Span, UncertainCount, UncertainDate,
    UserId, WitnessId, decode_transcript, parse_language,
};
use attest_store::{Archive, ClaimDraft, NewTestimony, NewWitness, OpenOptions, OriginalFile, StoreError};
use attest_vault::{KdfParams, SecretText};
use clap::Parser;
use serde_json::json;

use args::{
    ActCmd, CaseCmd, ClaimCmd, Cli, Command, CriterionArg, DependCmd, EventCmd, IntakeCmd, Kind, LinkCmd, LinkOptions,
    MethodArg, SourceCmd, UserCmd, WitnessCmd,
};
use output::Out;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out { json: cli.json };
    match run(&cli, &out) {
        Ok(code) => code,
        Err(e) => {
            out.error(&e);
            ExitCode::from(1)
        }
    }
}

fn archive_path(cli: &Cli) -> PathBuf {
    cli.archive.clone().unwrap_or_else(|| PathBuf::from("attest-archive"))
}

fn actor() -> String {
    std::env::var("ATTEST_ACTOR").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "unknown".into())
}

fn open(cli: &Cli) -> Result<Archive> {
    let path = archive_path(cli);
    let pass = passphrase::for_unlock(&path)?;
    Archive::open(&path, &pass, OpenOptions::new(actor()))
        .with_context(|| format!("opening archive {}", path.display()))
}

fn run(cli: &Cli, out: &Out) -> Result<ExitCode> {
    match &cli.command {
        Command::Init => {
            let path = archive_path(cli);
            let pass = passphrase::for_new(&path)?;
            let archive = Archive::init(&path, &pass, KdfParams::recommended(), OpenOptions::new(actor()))
                .with_context(|| format!("creating archive {}", path.display()))?;
            out.print(&json!({ "archive": path, "archive_id": archive.archive_id() }), || {
                format!("Created archive {} (id {}).", path.display(), archive.archive_id())
            });
        }
        Command::Case(CaseCmd::Add { title }) => {
            let id = open(cli)?.add_case(title)?;
            out.print(&json!({ "case_id": id }), || format!("Added case {id}"));
        }
        Command::Witness(WitnessCmd::Add { case, pseudonym, sealed_name, sealed_contact, sealed_notes, consent }) => {
            let case_id = CaseId::parse(case).context("--case")?;
            let pseudonym = Pseudonym::parse(pseudonym).context("--pseudonym")?;
            let consent = match consent {
                Some(c) => Consent::parse(c).context("--consent")?,
                None => Consent::default(),
            };
            let mut stdin_lines = passphrase::StdinLines;
            let mut sealed = |flag: &str, v: &Option<String>| -> Result<Option<SecretText>> {
                match v.as_deref() {
                    None => Ok(None),
                    Some("-") => stdin_lines.next(flag).map(Some),
                    Some(s) => Ok(Some(SecretText::new(s.to_string()))),
                }
            };
            let sealed_name = sealed("--sealed-name", &Some(sealed_name.clone()))?
                .ok_or_else(|| anyhow!("--sealed-name is required"))?;
            let sealed_contact = sealed("--sealed-contact", sealed_contact)?;
            let sealed_notes = sealed("--sealed-notes", sealed_notes)?;
            let mut archive = open(cli)?;
            let id = archive.add_witness(NewWitness {
                case_id,
                pseudonym,
                consent,
                sealed_name,
                sealed_contact,
                sealed_notes,
            })?;
            out.print(&json!({ "witness_id": id }), || format!("Added witness {id} (sealed fields encrypted)"));
        }
        Command::Witness(WitnessCmd::Reveal { witness, reason, as_user }) => {
            let id = WitnessId::parse(witness).context("witness id")?;
            let w = match as_user {
                Some(user) => {
                    let user = UserId::parse(user).context("--as")?;
                    let mut archive = open(cli)?;
                    let password = passphrase::user_password(user.as_str(), false)?;
                    archive.reveal_witness_as(user.as_str(), &password, &id, reason.as_deref())?
                }
                None => open(cli)?.reveal_witness(&id, reason.as_deref())?,
            };
            out.print(
                &json!({
                    "witness_id": w.witness_id, "pseudonym": w.pseudonym, "legal_name": w.name.expose(),
                    "contact": w.contact.as_ref().map(|c| c.expose()), "notes": w.notes.as_ref().map(|n| n.expose()),
                    "logged": true,
                }),
                || {
                    let mut s = format!("{} ({})\n  legal name: {}", w.pseudonym, w.witness_id, w.name.expose());
                    if let Some(c) = &w.contact {
                        s.push_str(&format!("\n  contact:    {}", c.expose()));
                    }
                    if let Some(n) = &w.notes {
                        s.push_str(&format!("\n  notes:      {}", n.expose()));
                    }
                    s.push_str("\nThis reveal has been recorded in the audit log.");
                    s
                },
            );
        }
        Command::Source(SourceCmd::Add {
            kind,
            case,
            witness,
            file,
            original,
            language,
            interviewed,
            interviewer,
            reliability,
        }) => {
            if kind != "testimony" {
                bail!("source kind '{kind}': only 'testimony' can be added for now");
            }
            let case_id = CaseId::parse(case).context("--case")?;
            let witness_id = WitnessId::parse(witness).context("--witness")?;
            let language = language.as_deref().map(parse_language).transpose().context("--language")?;
            let interviewed = interviewed.as_deref().map(UncertainDate::parse).transpose().context("--interviewed")?;
            let reliability = reliability.as_deref().map(Reliability::parse).transpose().context("--reliability")?;
            let transcript = read_file(file, "--file")?;
            let text = decode_transcript(&transcript.bytes).with_context(|| format!("--file {}", file.display()))?;
            let original = original.as_deref().map(|p| read_file(p, "--original")).transpose()?;
            let (encoding, normalized) = (text.encoding, text.normalized);
            let chars = text.text.chars().count();
            let mut archive = open(cli)?;
            let (id, _) = archive.add_testimony(
                NewTestimony {
                    case_id,
                    witness_id,
                    text,
                    transcript_file: Some(transcript),
                    original,
                    language,
                    interviewed,
                    interviewer: interviewer.clone(),
                    reliability,
                },
                Vec::new(),
            )?;
            out.print(
                &json!({ "source_id": id, "text_chars": chars, "encoding": encoding, "normalized_nfc": normalized }),
                || {
                    let mut s = format!("Added testimony {id} ({chars} characters, read as {encoding:?})");
                    if normalized {
                        s.push_str("\nNote: the text was normalised to Unicode NFC; count span offsets in `attest show source`.");
                    }
                    s
                },
            );
        }
        Command::Claim(ClaimCmd::Add { source, span, act, place, when, count, victim, perpetrator }) => {
            let source_id = SourceId::parse(source).context("--source")?;
            let draft = ClaimDraft {
                span: Span::parse(span).context("--span")?,
                act: ActSlug::parse(act).context("--act")?,
                place: place.clone(),
                when: when.as_deref().map(UncertainDate::parse).transpose().context("--when")?,
                count: count.as_deref().map(UncertainCount::parse).transpose().context("--count")?,
                victim: victim.clone(),
                perpetrator: perpetrator.clone(),
            };
            let mut archive = open(cli)?;
            let id = archive.add_claim(&source_id, draft).map_err(|e| match e {
                StoreError::Invalid { field, message } => anyhow!("--{field}: {message}"),
                other => other.into(),
            })?;
            let claim = archive.get_claim(id.as_str())?;
            out.print(&json!({ "claim_id": id, "passage": claim.passage }), || {
                format!("Added claim {id}: «{}»", claim.passage)
            });
        }
        Command::Act(ActCmd::Add { act, label }) => {
            let slug = ActSlug::parse(act).context("act")?;
            open(cli)?.add_act(&slug, label)?;
            out.print(&json!({ "act": slug.as_str() }), || format!("Added act {}", slug.as_str()));
        }
        Command::Act(ActCmd::List) => {
            let acts = open(cli)?.list_acts()?;
            out.print(&json!({ "acts": acts }), || output::acts_table(&acts));
        }
        Command::Show { kind, id } => {
            let id = &match kind {
                Kind::Case => CaseId::parse(id).map(|i| i.to_string()),
                Kind::Witness => WitnessId::parse(id).map(|i| i.to_string()),
                Kind::Source => SourceId::parse(id).map(|i| i.to_string()),
                Kind::Claim => attest_domain::ClaimId::parse(id).map(|i| i.to_string()),
            }
            .context("id")?;
            let archive = open(cli)?;
            match kind {
                Kind::Case => {
                    let c = archive.get_case(id)?;
                    out.print(&json!(c), || output::case_text(&c));
                }
                Kind::Witness => {
                    let w = archive.get_witness(id)?;
                    out.print(&json!(w), || output::witness_text(&w));
                }
                Kind::Source => {
                    let s = archive.get_source(id)?;
                    out.print(&json!(s), || output::source_text(&s));
                }
                Kind::Claim => {
                    let c = archive.get_claim(id)?;
                    out.print(&json!(c), || output::claim_text(&c));
                }
            }
        }
        Command::List { kind, case } => {
            let case = case.as_deref().map(CaseId::parse).transpose().context("--case")?;
            let case = case.as_ref().map(CaseId::as_str);
            let archive = open(cli)?;
            match kind {
                Kind::Case => {
                    let v = archive.list_cases()?;
                    out.print(&json!({ "cases": v }), || output::cases_table(&v));
                }
                Kind::Witness => {
                    let v = archive.list_witnesses(case)?;
                    out.print(&json!({ "witnesses": v }), || output::witnesses_table(&v));
                }
                Kind::Source => {
                    let v = archive.list_sources(case)?;
                    out.print(&json!({ "sources": v }), || output::sources_table(&v));
                }
                Kind::Claim => {
                    let v = archive.list_claims(case)?;
                    out.print(&json!({ "claims": v }), || output::claims_table(&v));
                }
            }
        }
        Command::Log => {
            let entries = open(cli)?.log()?;
            out.print(&json!({ "entries": entries }), || output::log_table(&entries));
        }
        Command::Verify(args) => return integrity::verify(cli, args, out),
        Command::Backup(args) => integrity::backup(cli, args, out)?,
        Command::Restore(args) => return integrity::restore(args, out),
        Command::Checkpoint(args) => integrity::checkpoint(cli, args, out)?,
        Command::CheckpointKey(cmd) => integrity::checkpoint_key(cmd, out)?,
        Command::Estimate {
            table,
            method,
            criterion,
            model,
            delta,
            max_missing,
            seed,
            iterations,
            burn_in,
            thin,
            classes,
            plot,
        } => {
            let args = estimate::EstimateArgs {
                table,
                method: match method {
                    MethodArg::Compare => attest_estimate::Method::Compare,
                    MethodArg::Chapman => attest_estimate::Method::Chapman,
                    MethodArg::Loglinear => attest_estimate::Method::Loglinear,
                    MethodArg::Dga => attest_estimate::Method::Dga,
                    MethodArg::Lcmcr => attest_estimate::Method::Lcmcr,
                },
                criterion: match criterion {
                    CriterionArg::Bic => attest_estimate::Criterion::Bic,
                    CriterionArg::Aic => attest_estimate::Criterion::Aic,
                },
                model: model.clone(),
                delta: *delta,
                max_missing: *max_missing,
                seed: *seed,
                iterations: *iterations,
                burn_in: *burn_in,
                thin: *thin,
                classes: *classes,
                plot: plot.as_deref(),
            };
            let result = estimate::run(&args)?;
            out.print(&json!(result), || estimate::text(&result));
            // No figure where one was asked for (a bound, or nothing): scripts must not take it for
            // an estimate. Chapman over several lists answers with its pairs and exits normally.
            let pairwise = result.pairs.as_ref().is_some_and(|p| p.len() > 1);
            if result.outcome != attest_estimate::Outcome::Estimate && !pairwise {
                return Ok(ExitCode::from(2));
            }
        }
        Command::Intake(IntakeCmd::Web { file, case, url, fetched_at, reliability }) => {
            let case_id = CaseId::parse(case).context("--case")?;
            let reliability = reliability.as_deref().map(Reliability::parse).transpose().context("--reliability")?;
            let original = read_file(file, "file")?;
            let page = attest_intake::extract(&original.bytes, url.as_deref())
                .with_context(|| format!("{}", file.display()))?;
            let published = page.published.as_deref().and_then(|d| UncertainDate::parse(d).ok());
            let language = page.language.as_deref().and_then(|l| parse_language(l.split('-').next().unwrap_or(l)).ok());
            let text = decode_transcript(page.text.as_bytes()).with_context(|| format!("{}", file.display()))?;
            let chars = text.text.chars().count();
            let mut archive = open(cli)?;
            let id = archive.add_document(attest_store::NewDocument {
                case_id,
                kind: "web",
                text,
                file: original,
                title: page.title.clone(),
                url: url.clone(),
                author: page.author.clone(),
                published,
                fetched_at: fetched_at.clone(),
                language,
                reliability,
            })?;
            out.print(
                &json!({
                    "source_id": id, "title": page.title, "author": page.author, "published": page.published,
                    "text_chars": chars, "links_kept": page.links_kept, "links_flagged": page.links_flagged,
                    "charset": page.charset, "fetched_at": fetched_at,
                }),
                || {
                    format!(
                        "Added web source {id}: {} ({chars} characters; {} links kept, {} flagged as spam; read as {})",
                        page.title.as_deref().unwrap_or("-"),
                        page.links_kept.len(),
                        page.links_flagged.len(),
                        page.charset
                    )
                },
            );
        }
        Command::Intake(IntakeCmd::Text { file, case, title, url, author, published, language, reliability }) => {
            let case_id = CaseId::parse(case).context("--case")?;
            let published = published.as_deref().map(UncertainDate::parse).transpose().context("--published")?;
            let language = language.as_deref().map(parse_language).transpose().context("--language")?;
            let reliability = reliability.as_deref().map(Reliability::parse).transpose().context("--reliability")?;
            let original = read_file(file, "file")?;
            let text = decode_transcript(&original.bytes).with_context(|| format!("{}", file.display()))?;
            let title = title.clone().or_else(|| {
                text.text.lines().map(str::trim).find(|l| !l.is_empty()).map(|l| l.chars().take(200).collect())
            });
            let chars = text.text.chars().count();
            let mut archive = open(cli)?;
            let id = archive.add_document(attest_store::NewDocument {
                case_id,
                kind: "text",
                text,
                file: original,
                title: title.clone(),
                url: url.clone(),
                author: author.clone(),
                published,
                fetched_at: None,
                language,
                reliability,
            })?;
            out.print(
                &json!({ "source_id": id, "title": title, "text_chars": chars, "links_kept": [], "links_flagged": [] }),
                || format!("Added text source {id} ({chars} characters): {}", title.as_deref().unwrap_or("-")),
            );
        }
        Command::Provenance { case } => {
            let case_id = CaseId::parse(case).context("--case")?;
            let archive = open(cli)?;
            let docs: Vec<attest_provenance::Document> = archive
                .source_texts(case_id.as_str())?
                .into_iter()
                .map(|s| attest_provenance::Document { id: s.source_id, text: s.text, published: s.published })
                .collect();
            let result = attest_provenance::analyse(&docs, &attest_provenance::Thresholds::default());
            out.print(&json!(result), || {
                let mut s = format!(
                    "{} sources: {} families of derived texts, {} independent.",
                    docs.len(),
                    result.families.len(),
                    result.independent.len()
                );
                for (i, f) in result.families.iter().enumerate() {
                    s.push_str(&format!("\nFamily {} (counts as one source):", i + 1));
                    for m in &f.members {
                        s.push_str(&format!("\n  {}  {:?}  similarity {:.2}", m.source_id, m.relation, m.similarity));
                    }
                }
                if !result.independent.is_empty() {
                    s.push_str(&format!("\nIndependent: {}", result.independent.join(", ")));
                }
                s
            });
        }
        Command::Corroboration { case, min_reliability, min_lines, gap_days } => {
            let min_reliability = Reliability::parse(min_reliability).context("--min-reliability")?;
            if *min_lines == 0 {
                bail!("--min-lines: must be at least 1");
            }
            let config = attest_corroborate::Config {
                min_reliability,
                min_lines: *min_lines,
                gap_days: *gap_days,
                ..attest_corroborate::Config::default()
            };
            let mut archive = open(cli)?;
            let (value, text) = corroborate::run(&mut archive, case, &config)?;
            out.print(&value, || text);
        }
        Command::Depend(DependCmd::Add { case, kind, a, b, note }) => {
            let case_id = CaseId::parse(case).context("--case")?;
            let mut archive = open(cli)?;
            let id = archive.add_dependency(case_id.as_str(), kind, a, b, note.as_deref())?;
            out.print(&json!({ "dependency_id": id, "case_id": case_id, "kind": kind, "a": a, "b": b }), || {
                format!("Recorded {kind} between {a} and {b} (dependency {id}).")
            });
        }
        Command::Depend(DependCmd::List { case }) => {
            let case_id = CaseId::parse(case).context("--case")?;
            let archive = open(cli)?;
            let deps = archive.list_dependencies(case_id.as_str())?;
            out.print(&json!(deps), || {
                deps.iter()
                    .map(|d| {
                        format!(
                            "{:>4}  {:<18} {}  {}  {}",
                            d.dependency_id,
                            d.kind,
                            d.a,
                            d.b,
                            d.note.as_deref().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Event(cmd) => {
            let (decision, args::EventArgs { case, a, b, note }) = match cmd {
                EventCmd::Merge(e) => ("merge", e),
                EventCmd::Split(e) => ("split", e),
            };
            let case_id = CaseId::parse(case).context("--case")?;
            for (arg, id) in [("A", a), ("B", b)] {
                ClaimId::parse(id).with_context(|| format!("claim {arg}"))?;
            }
            let mut archive = open(cli)?;
            let id = archive.add_event_decision(case_id.as_str(), decision, a, b, note.as_deref())?;
            out.print(&json!({ "decision_id": id, "decision": decision, "claim_a": a, "claim_b": b }), || {
                format!(
                    "Recorded: {a} and {b} {}.",
                    if decision == "merge" { "are one event" } else { "are different events" }
                )
            });
        }
        Command::Search { query, case, limit } => {
            let case = case.as_deref().map(CaseId::parse).transpose().context("--case")?;
            let hits = open(cli)?.search(query, case.as_ref().map(|c| c.as_str()), *limit)?;
            out.print(&json!(hits), || {
                if hits.is_empty() {
                    return format!("Nothing found for '{query}'.");
                }
                hits.iter()
                    .map(|h| format!("{:<8} {}  {}", h.kind, h.record_id, h.excerpt.replace('\n', " ")))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::User(
            cmd @ (UserCmd::Invite { .. }
            | UserCmd::Accept { .. }
            | UserCmd::Passwd { .. }
            | UserCmd::Rotate { .. }
            | UserCmd::Pin { .. }
            | UserCmd::Reset { .. }),
        ) => users::run(cli, cmd, out)?,
        Command::User(UserCmd::Add { name, role }) => {
            let role = Role::parse(role).context("--role")?;
            let mut archive = open(cli)?;
            let password = passphrase::user_password(name, true)?;
            let id = archive.add_user(name, role, &password, KdfParams::recommended())?;
            out.print(&json!({ "user_id": id, "name": name, "role": role }), || {
                format!("Added user {name} ({id}), role {}.", role.as_str())
            });
        }
        Command::User(UserCmd::Totp { name }) => {
            let mut archive = open(cli)?;
            let user = archive
                .list_users()?
                .into_iter()
                .find(|u| &u.name == name)
                .ok_or_else(|| anyhow!("--name: no user called '{name}'"))?;
            let secret = archive.enable_totp(&user.user_id)?;
            let uri = attest_vault::otpauth_uri(&secret, name, "attest");
            out.print(&json!({ "user_id": user.user_id, "otpauth_uri": uri.as_str() }), || {
                format!(
                    "TOTP turned on for {name}. Add this to their authenticator app (shown once; anyone who sees it can make codes):\n{}",
                    uri.as_str()
                )
            });
        }
        Command::User(UserCmd::List) => {
            let users = open(cli)?.list_users()?;
            out.print(&json!(users), || {
                users
                    .iter()
                    .map(|u| {
                        format!(
                            "{}  {:<16} {:<12} cases: {}  identities: {}",
                            u.user_id,
                            u.name,
                            u.role,
                            u.cases.join(", "),
                            u.identity_grants.join(", ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Member { user, case } | Command::Grant { user, case, .. } | Command::Revoke { user, case, .. } => {
            let kind = match &cli.command {
                Command::Grant { kind, .. } | Command::Revoke { kind, .. } => kind.as_str(),
                _ => "identities",
            };
            if kind != "identities" && kind != "testimonies" {
                bail!("--kind: expected identities or testimonies, not '{kind}'");
            }
            let user = UserId::parse(user).context("--user")?;
            let case = CaseId::parse(case).context("--case")?;
            let mut archive = open(cli)?;
            let (u, c) = (user.as_str(), case.as_str());
            let (value, text) = match &cli.command {
                Command::Member { .. } => {
                    archive.add_member(u, c)?;
                    (json!({ "user_id": u, "case_id": c, "member": true }), format!("{u} is a member of {c}."))
                }
                Command::Grant { .. } if kind == "testimonies" => {
                    let pin = archive.grant_testimonies(u, c)?;
                    users::granted(
                        &pin,
                        json!({ "user_id": u, "case_id": c, "grant": "testimonies" }),
                        format!("{u} may open the original files of {c}."),
                    )
                }
                Command::Grant { .. } => {
                    let pin = archive.grant_identities(u, c)?;
                    users::granted(
                        &pin,
                        json!({ "user_id": u, "case_id": c, "grant": "identities" }),
                        format!("{u} may see sealed identities of {c}."),
                    )
                }
                _ if kind == "testimonies" => {
                    let n = archive.revoke_testimonies(u, c)?;
                    (
                        json!({ "user_id": u, "case_id": c, "revoked": "testimonies", "resealed_originals": n }),
                        format!("Revoked; {c}'s case key replaced ({n} original files re-encrypted)."),
                    )
                }
                _ => {
                    let n = archive.revoke_identities(u, c)?;
                    (
                        json!({ "user_id": u, "case_id": c, "revoked": "identities", "resealed_fields": n }),
                        format!("Revoked; {c} re-keyed ({n} sealed fields re-encrypted)."),
                    )
                }
            };
            out.print(&value, || text);
        }
        Command::Link { explain: Some(LinkCmd::Explain { inputs, a, b, options }), .. } => {
            let (value, text) = link::explain(&link_args(inputs, options, cli.json), a, b)?;
            out.print(&value, || text);
        }
        Command::Link { explain: None, inputs, out: target, options } => {
            let target = target.as_deref().ok_or_else(|| anyhow!("--out is required"))?;
            let (value, text) = link::run(&link_args(inputs, options, cli.json), target)?;
            out.print(&value, || text);
        }
        Command::Demo { replace, serve: then_serve, addr } => {
            let path = cli.archive.clone().unwrap_or_else(|| PathBuf::from("attest-demo"));
            let summary = demo::build(&path, *replace)?;
            out.print(&summary.json, || summary.text.clone());
            if *then_serve {
                let pass = attest_vault::Passphrase::for_unlock(demo::passphrase());
                serve(&path, pass, addr, attest_web::Settings::default(), out)?;
            }
        }
        Command::Serve { addr, secure_cookies, trusted_proxy, passphrase_file, passphrase_fd, checkpoints } => {
            let path = archive_path(cli);
            let pass = passphrase::for_serve(&path, passphrase_file.as_deref(), *passphrase_fd)?;
            integrity::start_tree_heads(&path, &pass, checkpoints)?;
            let settings = attest_web::Settings {
                secure_cookies: *secure_cookies,
                trusted_proxy: *trusted_proxy,
                ..Default::default()
            };
            serve(&path, pass, addr, settings, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Serves the workspace until the process is stopped; prints the address once listening.
fn serve(
    path: &Path,
    pass: attest_vault::Passphrase,
    addr: &str,
    settings: attest_web::Settings,
    out: &Out,
) -> Result<()> {
    attest_web::serve_blocking(path, pass, addr, settings, |bound| {
        out.print(&json!({ "listening": format!("http://{bound}"), "archive": path }), || {
            format!("attest workspace: http://{bound}  (archive {}; Ctrl-C to stop)", path.display())
        });
    })
    .map_err(|e| anyhow!(e))
}

fn link_args<'a>(inputs: &'a [PathBuf], o: &'a LinkOptions, json: bool) -> link::LinkArgs<'a> {
    link::LinkArgs {
        inputs,
        id_column: o.id_column.as_deref(),
        config: o.config.as_deref(),
        save_config: o.save_config.as_deref(),
        review: o.review.as_deref(),
        threshold: o.threshold,
        quiet: json,
    }
}

fn read_file(path: &Path, flag: &str) -> Result<OriginalFile> {
    let bytes = std::fs::read(path).with_context(|| format!("{flag} {}: cannot read", path.display()))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
    Ok(OriginalFile { file_name, bytes })
}
