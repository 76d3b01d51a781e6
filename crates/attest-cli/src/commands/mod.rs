//! One module per command group. Each turns its arguments into domain types (naming the flag
//! when one is refused), opens the archive, calls the application layer and prints.

pub mod analysis;
pub mod archive;
pub mod cases;
pub mod claims;
pub mod engines;
pub mod search;
pub mod serve;
pub mod sources;
pub mod users;
pub mod witnesses;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use attest_store::{Archive, OpenOptions, OriginalFile};

use crate::args::Cli;
use crate::passphrase;

/// The archive directory: `--archive`, `$ATTEST_ARCHIVE`, else `./attest-archive`.
pub fn archive_path(cli: &Cli) -> PathBuf {
    cli.archive.clone().unwrap_or_else(|| PathBuf::from("attest-archive"))
}

/// Who the log records as acting: `$ATTEST_ACTOR`, else `$USER`.
pub fn actor() -> String {
    std::env::var("ATTEST_ACTOR").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "unknown".into())
}

/// Opens the archive, asking for its passphrase.
pub fn open(cli: &Cli) -> Result<Archive> {
    let path = archive_path(cli);
    let pass = passphrase::for_unlock(&path)?;
    Archive::open(&path, &pass, OpenOptions::new(actor()))
        .with_context(|| format!("opening archive {}", path.display()))
}

/// Reads a file to keep as an original, naming the flag if it cannot be read.
pub fn read_file(path: &Path, flag: &str) -> Result<OriginalFile> {
    let bytes = std::fs::read(path).with_context(|| format!("{flag} {}: cannot read", path.display()))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
    Ok(OriginalFile { file_name, bytes })
}

/// Parses an optional argument with a domain parser, naming the flag when it is refused.
pub fn opt<T, E>(v: &Option<String>, flag: &'static str, parse: impl FnOnce(&str) -> Result<T, E>) -> Result<Option<T>>
where
    E: std::error::Error + Send + Sync + 'static,
{
    v.as_deref().map(parse).transpose().context(flag)
}
