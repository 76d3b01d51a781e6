//! Evidence that proves itself, at the command line: `verify` (with `--checkpoint`), `backup`,
//! `restore`, `checkpoint`, `checkpoint-key init|sign`, and the tree heads `serve` writes.
//!
//! The checkpoint key has its own key file and passphrase (`$ATTEST_CHECKPOINT_PASSPHRASE` or a
//! prompt), meant for someone other than the archive's passphrase holder. `attest serve` never
//! holds it: with `--checkpoint-dir` it writes unsigned tree heads, which the key holder signs
//! later with `attest checkpoint-key sign`, away from the server.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use attest_store::{Archive, Checkpoint, OpenOptions};
use attest_vault::{CheckpointKeyFile, CheckpointPublicKey, CheckpointSigningKey, KdfParams, Passphrase};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::output::Out;
use crate::{actor, archive_path, args::Cli, open, passphrase};

/// `attest verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// Also prove that the log still contains this checkpoint's log unchanged (a signed tree
    /// head from `attest checkpoint`, as deposited with a third party).
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// The checkpoint key's public key (hex, as `checkpoint-key init` printed it) that must have
    /// signed the checkpoint. Without it the signature is checked against the key the checkpoint
    /// names, which is printed: compare it with the one deposited.
    #[arg(long, value_name = "HEX", requires = "checkpoint")]
    pub trusted_key: Option<String>,
}

/// `attest backup`.
#[derive(Args)]
pub struct BackupArgs {
    /// The backup file to write (must not exist). Encrypted as the archive is.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `attest restore`.
#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `attest backup`.
    pub file: PathBuf,
    /// The new archive directory (must not exist or be empty).
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
}

/// `attest checkpoint`.
#[derive(Args)]
pub struct CheckpointArgs {
    /// Where to write the checkpoint (must not exist).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The checkpoint key file (from `attest checkpoint-key init`); its passphrase is asked for.
    #[arg(long, value_name = "KEYFILE", required_unless_present = "unsigned")]
    pub key: Option<PathBuf>,
    /// Write an unsigned tree head instead, for the key holder to sign with `checkpoint-key sign`.
    #[arg(long, conflicts_with = "key")]
    pub unsigned: bool,
}

/// `attest checkpoint-key`.
#[derive(Subcommand)]
pub enum CheckpointKeyCmd {
    /// Make a new Ed25519 checkpoint key, sealed under its own passphrase; prints its public key.
    Init {
        /// The key file to write (must not exist).
        #[arg(long, value_name = "KEYFILE")]
        out: PathBuf,
    },
    /// Sign a tree head (from `attest checkpoint --unsigned` or `serve --checkpoint-dir`)
    /// without opening the archive.
    Sign {
        /// The unsigned tree head.
        head: PathBuf,
        /// The checkpoint key file.
        #[arg(long, value_name = "KEYFILE")]
        key: PathBuf,
        /// Where to write the signed checkpoint (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// `attest serve`'s tree heads.
#[derive(Args)]
pub struct ServeCheckpointArgs {
    /// Write an unsigned tree head of the log into this folder at start and then on schedule
    /// (`tree-head-SIZE.json`, only when the log grew). The server never holds the checkpoint key:
    /// the key holder signs these with `attest checkpoint-key sign`.
    #[arg(long, value_name = "DIR")]
    pub checkpoint_dir: Option<PathBuf>,
    /// Minutes between tree heads.
    #[arg(long, value_name = "MINUTES", default_value_t = 60, requires = "checkpoint_dir")]
    pub checkpoint_every: u64,
}

fn checkpoint_passphrase(key: &Path, new: bool) -> Result<Passphrase> {
    if let Ok(p) = std::env::var("ATTEST_CHECKPOINT_PASSPHRASE") {
        return Ok(if new { Passphrase::parse(p)? } else { Passphrase::for_unlock(p) });
    }
    let ask = |t: &str| {
        rpassword::prompt_password(t)
            .map_err(|_| anyhow::anyhow!("no passphrase: set ATTEST_CHECKPOINT_PASSPHRASE or run attest in a terminal"))
    };
    let p = ask(&format!("Checkpoint key passphrase for {}: ", key.display()))?;
    if new {
        if p != ask("Repeat it: ")? {
            bail!("the two passphrases differ; nothing was created");
        }
        return Ok(Passphrase::parse(p)?);
    }
    Ok(Passphrase::for_unlock(p))
}

fn unlock_key(path: &Path) -> Result<CheckpointSigningKey> {
    let bytes = std::fs::read(path).with_context(|| format!("reading checkpoint key {}", path.display()))?;
    let file: CheckpointKeyFile =
        serde_json::from_slice(&bytes).with_context(|| format!("{}: not a checkpoint key file", path.display()))?;
    let pass = checkpoint_passphrase(path, false)?;
    attest_vault::unlock_checkpoint_key(&file, &pass).with_context(|| format!("unlocking {}", path.display()))
}

fn print_checkpoint(out: &Out, cp: &Checkpoint, file: &Path) {
    out.print(&json!({ "checkpoint": cp, "file": file }), || {
        format!(
            "{} tree head of {} log entries, root {}{}\n  written to {}",
            if cp.signature.is_some() { "Signed" } else { "Unsigned" },
            cp.tree_size,
            cp.root_hash,
            cp.public_key.as_ref().map(|k| format!("\n  signed by checkpoint key {k}")).unwrap_or_default(),
            file.display()
        )
    });
}

/// `attest verify [--checkpoint FILE [--trusted-key HEX]]`.
pub fn verify(cli: &Cli, args: &VerifyArgs, out: &Out) -> Result<ExitCode> {
    let path = archive_path(cli);
    let checkpoint = args.checkpoint.as_deref().map(Checkpoint::read).transpose()?;
    let trusted =
        args.trusted_key.as_deref().map(CheckpointPublicKey::from_hex).transpose().context("--trusted-key")?;
    let pass = passphrase::for_unlock(&path)?;
    let mut report = Archive::verify_path(&path, &pass, OpenOptions::new(actor()))
        .with_context(|| format!("verifying archive {}", path.display()))?;
    let mut proof = None;
    if let Some(cp) = &checkpoint {
        let archive = Archive::open(&path, &pass, OpenOptions::new(actor()))
            .with_context(|| format!("opening archive {}", path.display()))?;
        let (r, problems) = archive.check_checkpoint(cp, trusted.as_ref())?;
        report.ok &= problems.is_empty();
        report.problems.extend(problems);
        proof = Some(r);
    }
    out.print(&json!({ "ok": report.ok, "problems": report.problems, "log_entries": report.log_entries, "log_head": report.log_head,
        "originals_checked": report.originals_checked, "original_bytes": report.original_bytes, "originals_skipped": report.originals_skipped,
        "sources_checked": report.sources_checked, "checkpoint": proof }), || {
        let mut s = crate::output::verify_text(&report);
        if let Some(p) = &proof {
            s.push_str(&format!(
                "\n  checkpoint of {} entries (signed by {}) checked against today's {} entries",
                p.tree_size,
                p.public_key.as_deref().unwrap_or("no valid signature"),
                p.log_size
            ));
        }
        s
    });
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `attest backup --out FILE`.
pub fn backup(cli: &Cli, args: &BackupArgs, out: &Out) -> Result<()> {
    let summary = open(cli)?.backup_to(&args.out).with_context(|| format!("backing up to {}", args.out.display()))?;
    out.print(&json!(summary), || {
        format!(
            "Backup written: {} ({} bytes, {} log entries, head {}).\nRestore it with `attest restore {} --to DIR`.",
            summary.file.display(),
            summary.bytes,
            summary.log_entries,
            summary.log_head,
            summary.file.display()
        )
    });
    Ok(())
}

/// `attest restore FILE --to DIR`: nothing is left behind unless the copy verifies.
pub fn restore(args: &RestoreArgs, out: &Out) -> Result<ExitCode> {
    let pass = passphrase::for_unlock(&args.to)?;
    let report = Archive::restore(&args.file, &args.to, &pass, OpenOptions::new(actor()))
        .with_context(|| format!("restoring {} to {}", args.file.display(), args.to.display()))?;
    out.print(&json!({ "restored": report.ok.then_some(&args.to), "report": report }), || {
        if report.ok {
            format!("Restored to {} and verified.\n{}", args.to.display(), crate::output::verify_text(&report))
        } else {
            format!("NOT restored: the copy did not verify; nothing was kept.\n{}", crate::output::verify_text(&report))
        }
    });
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `attest checkpoint --out FILE (--key KEYFILE | --unsigned)`.
pub fn checkpoint(cli: &Cli, args: &CheckpointArgs, out: &Out) -> Result<()> {
    if args.out.exists() {
        bail!("{} already exists; a checkpoint is never overwritten", args.out.display());
    }
    // Unlock the key first: a wrong key passphrase should not cost an archive unlock.
    let key = args.key.as_deref().map(unlock_key).transpose()?;
    let head = open(cli)?.tree_head()?;
    let cp = match &key {
        Some(k) => head.sign(k),
        None => head,
    };
    cp.write_new(&args.out)?;
    print_checkpoint(out, &cp, &args.out);
    Ok(())
}

/// `attest checkpoint-key init|sign`.
pub fn checkpoint_key(cmd: &CheckpointKeyCmd, out: &Out) -> Result<()> {
    match cmd {
        CheckpointKeyCmd::Init { out: file } => {
            if file.exists() {
                bail!("{} already exists; choose a new file for the key", file.display());
            }
            let pass = checkpoint_passphrase(file, true)?;
            let (key_file, public) =
                attest_vault::new_checkpoint_key(&pass, KdfParams::recommended(), &mut attest_vault::OsRandom)?;
            let json = serde_json::to_vec_pretty(&key_file)?;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(file)
                .with_context(|| format!("writing {}", file.display()))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))?;
            }
            std::io::Write::write_all(&mut f, &json)?;
            f.sync_all()?;
            out.print(&json!({ "key_file": file, "public_key": public.to_hex() }), || {
                format!(
                    "Checkpoint key written to {}.\nPublic key (give it to whoever will verify checkpoints): {}",
                    file.display(),
                    public.to_hex()
                )
            });
        }
        CheckpointKeyCmd::Sign { head, key, out: file } => {
            if file.exists() {
                bail!("{} already exists; a checkpoint is never overwritten", file.display());
            }
            let unsigned = Checkpoint::read(head)?;
            let key = unlock_key(key)?;
            let cp = unsigned.sign(&key);
            cp.write_new(file)?;
            print_checkpoint(out, &cp, file);
        }
    }
    Ok(())
}

/// Starts the thread that writes `serve`'s unsigned tree heads; returns at once. Its own
/// connection is opened like the server's (no archive key kept).
pub fn start_tree_heads(path: &Path, pass: &Passphrase, args: &ServeCheckpointArgs) -> Result<()> {
    let Some(dir) = args.checkpoint_dir.clone() else { return Ok(()) };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let archive = Archive::open_for_serve(path, pass, OpenOptions::new("attest-serve"))
        .with_context(|| format!("opening archive {}", path.display()))?;
    let every = Duration::from_secs(args.checkpoint_every.max(1) * 60);
    std::thread::Builder::new().name("tree-heads".into()).spawn(move || {
        let mut last = None;
        loop {
            match archive.tree_head() {
                Ok(head) if last != Some(head.tree_size) => {
                    let file = dir.join(format!("tree-head-{}.json", head.tree_size));
                    match head.write_new(&file) {
                        Ok(()) => last = Some(head.tree_size),
                        Err(e) if file.exists() => {
                            last = Some(head.tree_size);
                            let _ = e;
                        }
                        Err(e) => eprintln!("attest serve: tree head not written: {e}"),
                    }
                }
                Ok(_) => {}
                Err(e) => eprintln!("attest serve: tree head not computed: {e}"),
            }
            std::thread::sleep(every);
        }
    })?;
    Ok(())
}
