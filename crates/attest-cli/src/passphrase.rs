//! Where the passphrase and stdin-given sealed values come from.

use std::io::BufRead;
use std::path::Path;

use anyhow::{Result, bail};
use attest_vault::{Passphrase, SecretText};

fn from_env() -> Option<String> {
    std::env::var("ATTEST_PASSPHRASE").ok()
}

/// The passphrase of an existing archive.
pub fn for_unlock(path: &Path) -> Result<Passphrase> {
    if let Some(p) = from_env() {
        return Ok(Passphrase::for_unlock(p));
    }
    let p = prompt(&format!("Passphrase for {}: ", path.display()))?;
    Ok(Passphrase::for_unlock(p))
}

/// Longest passphrase read from a file or descriptor (a longer file is not a passphrase).
const MAX_PASSPHRASE_BYTES: usize = 4096;

/// The passphrase for `attest serve`: from `--passphrase-file`, `--passphrase-fd` (0 is standard
/// input), else as for any command. Read into one fixed zeroizing buffer (no growing copies), up
/// to the first line break or the end; the buffer is wiped before this returns.
pub fn for_serve(path: &Path, file: Option<&Path>, fd: Option<u32>) -> Result<Passphrase> {
    let (what, source) = match (file, fd) {
        (Some(f), _) => (format!("--passphrase-file {}", f.display()), f.to_path_buf()),
        // The descriptor is opened through /dev/fd, which needs no unsafe code.
        (None, Some(n)) => (format!("--passphrase-fd {n}"), std::path::PathBuf::from(format!("/dev/fd/{n}"))),
        (None, None) => return for_unlock(path),
    };
    let mut handle = std::fs::File::open(&source).map_err(|e| anyhow::anyhow!("{what}: cannot open: {e}"))?;
    #[cfg(unix)]
    if file.is_some() {
        use std::os::unix::fs::MetadataExt;
        let mode = handle.metadata().map_err(|e| anyhow::anyhow!("{what}: {e}"))?.mode();
        if mode & 0o077 != 0 {
            bail!("{what}: readable or writable by others (mode {:o}); make it private with chmod 600", mode & 0o777);
        }
    }
    let mut buffer = zeroize::Zeroizing::new([0u8; MAX_PASSPHRASE_BYTES + 1]);
    let mut filled = 0;
    while filled < buffer.len() {
        match std::io::Read::read(&mut handle, &mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => bail!("{what}: cannot read: {e}"),
        }
        if buffer[..filled].contains(&b'\n') {
            break;
        }
    }
    if filled > MAX_PASSPHRASE_BYTES {
        bail!("{what}: longer than {MAX_PASSPHRASE_BYTES} bytes; not a passphrase file");
    }
    let line = buffer[..filled].split(|&b| b == b'\n').next().unwrap_or(&[]);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        bail!("{what}: empty; the passphrase is its first line");
    }
    let text = std::str::from_utf8(line).map_err(|_| anyhow::anyhow!("{what}: not UTF-8 text"))?;
    // One copy, straight into the zeroizing passphrase; the buffer is wiped when dropped.
    Ok(Passphrase::for_unlock(text.to_owned()))
}

/// The passphrase of a new archive, asked twice when typed.
pub fn for_new(path: &Path) -> Result<Passphrase> {
    if let Some(p) = from_env() {
        return Ok(Passphrase::parse(p)?);
    }
    let p = prompt(&format!("New passphrase for {}: ", path.display()))?;
    let again = prompt("Repeat it: ")?;
    if p != again {
        bail!("the two passphrases differ; nothing was created");
    }
    Ok(Passphrase::parse(p)?)
}

/// A workspace user's password ($ATTEST_USER_PASSWORD or a prompt; asked twice when `new`).
pub fn user_password(name: &str, new: bool) -> Result<Passphrase> {
    if let Ok(p) = std::env::var("ATTEST_USER_PASSWORD") {
        return Ok(if new { Passphrase::parse(p)? } else { Passphrase::for_unlock(p) });
    }
    let p = prompt(&format!("Password of {name}: "))?;
    if new {
        if p != prompt("Repeat it: ")? {
            bail!("the two passwords differ; nothing was changed");
        }
        return Ok(Passphrase::parse(p)?);
    }
    Ok(Passphrase::for_unlock(p))
}

fn prompt(text: &str) -> Result<String> {
    match rpassword::prompt_password(text) {
        Ok(p) => Ok(p),
        Err(_) => bail!("no passphrase: set ATTEST_PASSPHRASE or run attest in a terminal"),
    }
}

/// Sealed values read from standard input, one per line, in the order they are asked for.
#[derive(Default)]
pub struct StdinLines;

impl StdinLines {
    /// The next line, for `flag`.
    pub fn next(&mut self, flag: &str) -> Result<SecretText> {
        let mut line = String::new();
        let n = std::io::stdin().lock().read_line(&mut line)?;
        let value = SecretText::new(line.trim_end_matches(['\r', '\n']).to_string());
        zeroize_string(&mut line);
        if n == 0 {
            bail!("{flag} -: standard input ended before a value was read");
        }
        Ok(value)
    }
}

fn zeroize_string(s: &mut String) {
    use zeroize::Zeroize;
    s.zeroize();
}
