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
