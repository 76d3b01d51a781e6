//! attest's vault: the only crate that sees key material.
//!
//! # What is encrypted, with which key, and why
//!
//! ```text
//! passphrase --Argon2id(salt, >= 64 MiB)--> key-encryption key (KEK, never stored)
//!   KEK wraps  -> archive key   (random; wraps every case and identity key)
//!   KEK wraps  -> database key  (random; the SQLCipher key of the archive database)
//!   archive key wraps -> case key     (random, one per case; encrypts original files)
//!   archive key wraps -> identity key (random, one per case; encrypts sealed witness fields)
//! ```
//!
//! Case and identity keys are separate so that a later grant can hand a user a case's testimonies
//! without its identities. Every ciphertext is XChaCha20-Poly1305 with a random 192-bit nonce, and
//! its associated data names the purpose, the record and the field (for example
//! `attest/v1/sealed/wit_.../legal_name`), so a ciphertext copied onto another record or field
//! fails to decrypt instead of revealing the wrong person's name.
//!
//! Keys live in [`zeroize::Zeroizing`] buffers, have no `Debug` that prints them, and leave this
//! crate only as opaque handles. The one exception is [`DatabaseKey::sqlcipher_pragma_value`],
//! which hands SQLCipher its raw key; the store passes it straight to `PRAGMA key`.
//!
//! ```
//! use attest_vault::{Passphrase, KdfParams, create_archive_keys, OsRandom};
//! let pass = Passphrase::parse("correct horse battery".into()).unwrap();
//! let (header, keys) = create_archive_keys(&pass, KdfParams::for_tests(), &mut OsRandom).unwrap();
//! let again = attest_vault::unlock(&header, &pass).unwrap();
//! let (wrapped, identity) = keys.archive.new_identity_key("case_0000000000000000", &mut OsRandom).unwrap();
//! let sealed = identity.seal("wit_1", "legal_name", "Kim Example", &mut OsRandom).unwrap();
//! let identity2 = again.archive.unwrap_identity_key("case_0000000000000000", &wrapped).unwrap();
//! assert_eq!(identity2.open("wit_1", "legal_name", &sealed).unwrap().expose(), "Kim Example");
//! assert!(identity2.open("wit_2", "legal_name", &sealed).is_err());
//! ```

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

mod checkpoint;
mod grant;
mod totp;
pub use checkpoint::{
    CheckpointKeyFile, CheckpointPublicKey, CheckpointSigningKey, new_checkpoint_key, unlock_checkpoint_key,
};
pub use grant::{
    GrantKind, UnlockedUser, UserKeys, grant_case_key, grant_identity_key, login, new_user, open_case_grant,
    open_identity_grant, unlock_user,
};
pub use totp::{STEP as TOTP_STEP, new_totp_secret, otpauth_uri, totp_at, totp_check};

/// Shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// Smallest Argon2id memory cost accepted for a real archive, in KiB (64 MiB).
pub const MIN_MEMORY_KIB: u32 = 64 * 1024;
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Errors of the vault. None of them carries key material or plaintext.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The passphrase is empty or too short.
    #[error("passphrase too short: use at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    /// The passphrase does not unlock the archive (or the key file was altered).
    #[error("wrong passphrase, or the archive's key file has been altered")]
    WrongPassphrase,
    /// A ciphertext failed authentication: altered, truncated, or moved from another record.
    #[error("{what} failed to decrypt: altered, truncated, or copied from another record")]
    Tampered {
        /// What was being decrypted.
        what: String,
    },
    /// Key-derivation parameters out of range.
    #[error("key-derivation parameters refused: {0}")]
    Kdf(String),
    /// The operating system gave no randomness.
    #[error("no randomness from the operating system")]
    Random,
    /// A key file in an unknown format.
    #[error("unsupported key file version {0}")]
    Version(u8),
    /// Decrypted text is not UTF-8 (only possible with a forged key).
    #[error("sealed field is not text")]
    NotText,
}

/// Where randomness comes from: the operating system in use, a fixed stream in tests.
pub trait RandomSource {
    /// Fills `dest` with random bytes.
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), VaultError>;
}

/// The operating system's cryptographic random number generator.
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), VaultError> {
        getrandom::fill(dest).map_err(|_| VaultError::Random)
    }
}

/// Text that must not be printed, logged or left in memory: a passphrase or a sealed field.
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    /// Wraps text.
    pub fn new(text: String) -> Self {
        SecretText(Zeroizing::new(text))
    }
    /// The text, for the one place that must show it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText([sealed])")
    }
}

/// A passphrase that met the length rule.
pub struct Passphrase(SecretText);

impl Passphrase {
    /// Checks the length rule (at least [`MIN_PASSPHRASE_CHARS`] characters, not all blank).
    pub fn parse(text: String) -> Result<Passphrase, VaultError> {
        let secret = SecretText::new(text);
        if secret.expose().trim().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(VaultError::WeakPassphrase);
        }
        Ok(Passphrase(secret))
    }
    /// Reads an existing archive's passphrase: no length rule, since the archive decides.
    pub fn for_unlock(text: String) -> Passphrase {
        Passphrase(SecretText::new(text))
    }
}

/// Argon2id parameters, stored in the clear with the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// What new archives use: 64 MiB, 3 passes, 1 lane (about 0.15 s on the reference machine).
    pub fn recommended() -> Self {
        KdfParams { memory_kib: MIN_MEMORY_KIB, iterations: 3, parallelism: 1 }
    }
    /// Cheap parameters for doc tests and unit tests of this crate only; [`create_archive_keys`]
    /// accepts them, but the store refuses them for real archives.
    pub fn for_tests() -> Self {
        KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 }
    }
}

/// What is stored next to the archive so the passphrase can unlock it. Holds no secret in the
/// clear: the salt and parameters are public, the keys are wrapped under the KEK.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyHeader {
    /// Format version.
    pub version: u8,
    /// Random id of the archive, bound into the wrapping.
    pub archive_id: String,
    /// Argon2id parameters.
    pub kdf: KdfParams,
    /// Argon2id salt, hex.
    pub salt: String,
    /// The archive key, wrapped under the KEK, hex.
    pub wrapped_archive_key: String,
    /// The database key, wrapped under the KEK, hex.
    pub wrapped_database_key: String,
}

struct Key32(Zeroizing<[u8; 32]>);

impl Key32 {
    fn random(rng: &mut dyn RandomSource) -> Result<Key32, VaultError> {
        let mut k = Zeroizing::new([0u8; 32]);
        rng.fill(&mut k[..])?;
        Ok(Key32(k))
    }

    fn from_slice(bytes: &[u8]) -> Option<Key32> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(Key32(Zeroizing::new(arr)))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        // The length is fixed by the type, so this cannot fail.
        XChaCha20Poly1305::new(&(*self.0).into())
    }

    /// `VERSION || nonce || ciphertext || tag`, authenticated with `ad`.
    fn seal(&self, ad: &[u8], plaintext: &[u8], rng: &mut dyn RandomSource) -> Result<Vec<u8>, VaultError> {
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill(&mut nonce)?;
        let mut buf = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
        buf.push(VERSION);
        buf.extend_from_slice(&nonce);
        let mut body = plaintext.to_vec();
        self.cipher()
            .encrypt_in_place(&XNonce::from(nonce), ad, &mut body)
            .map_err(|_| VaultError::Kdf("message too long".into()))?;
        buf.extend_from_slice(&body);
        Ok(buf)
    }

    fn open(&self, ad: &[u8], sealed: &[u8], what: &str) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let tampered = || VaultError::Tampered { what: what.to_string() };
        if sealed.len() < 1 + NONCE_LEN + TAG_LEN {
            return Err(tampered());
        }
        if sealed[0] != VERSION {
            return Err(VaultError::Version(sealed[0]));
        }
        let nonce: [u8; NONCE_LEN] = sealed[1..1 + NONCE_LEN].try_into().map_err(|_| tampered())?;
        let mut body = Zeroizing::new(sealed[1 + NONCE_LEN..].to_vec());
        self.cipher().decrypt_in_place(&XNonce::from(nonce), ad, &mut *body).map_err(|_| tampered())?;
        Ok(body)
    }
}

fn associated(parts: &[&str]) -> Vec<u8> {
    // Lengths are prefixed so that ("ab","c") and ("a","bc") give different data.
    let mut ad = b"attest/v1".to_vec();
    for p in parts {
        ad.extend_from_slice(&(p.len() as u32).to_be_bytes());
        ad.extend_from_slice(p.as_bytes());
    }
    ad
}

fn derive_kek(pass: &Passphrase, salt: &[u8], kdf: KdfParams) -> Result<Key32, VaultError> {
    let params = argon2::Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
        .map_err(|e| VaultError::Kdf(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(pass.0.expose().as_bytes(), salt, &mut out[..])
        .map_err(|e| VaultError::Kdf(e.to_string()))?;
    Ok(Key32(out))
}

fn header_ad(archive_id: &str, kdf: KdfParams, which: &str) -> Vec<u8> {
    let params = format!("m={},t={},p={}", kdf.memory_kib, kdf.iterations, kdf.parallelism);
    associated(&["header", archive_id, &params, which])
}

/// The keys of an unlocked archive.
pub struct ArchiveKeys {
    /// Wraps case and identity keys.
    pub archive: ArchiveKey,
    /// Opens the database.
    pub database: DatabaseKey,
}

/// Creates the keys of a new archive and the header that lets `pass` unlock them.
pub fn create_archive_keys(
    pass: &Passphrase,
    kdf: KdfParams,
    rng: &mut dyn RandomSource,
) -> Result<(KeyHeader, ArchiveKeys), VaultError> {
    let mut id = [0u8; 16];
    rng.fill(&mut id)?;
    let archive_id = hex(&id);
    let mut salt = [0u8; 16];
    rng.fill(&mut salt)?;
    let kek = derive_kek(pass, &salt, kdf)?;
    let archive = Key32::random(rng)?;
    let database = Key32::random(rng)?;
    let header = KeyHeader {
        version: VERSION,
        wrapped_archive_key: hex(&kek.seal(&header_ad(&archive_id, kdf, "archive-key"), &archive.0[..], rng)?),
        wrapped_database_key: hex(&kek.seal(&header_ad(&archive_id, kdf, "database-key"), &database.0[..], rng)?),
        archive_id,
        kdf,
        salt: hex(&salt),
    };
    Ok((header, ArchiveKeys { archive: ArchiveKey(archive), database: DatabaseKey(database) }))
}

/// Unlocks an archive's keys with its passphrase.
pub fn unlock(header: &KeyHeader, pass: &Passphrase) -> Result<ArchiveKeys, VaultError> {
    if header.version != VERSION {
        return Err(VaultError::Version(header.version));
    }
    let salt = unhex(&header.salt).ok_or(VaultError::WrongPassphrase)?;
    let kek = derive_kek(pass, &salt, header.kdf)?;
    let open = |wrapped: &str, which: &str| -> Result<Key32, VaultError> {
        let bytes = unhex(wrapped).ok_or(VaultError::WrongPassphrase)?;
        let plain = kek
            .open(&header_ad(&header.archive_id, header.kdf, which), &bytes, which)
            .map_err(|_| VaultError::WrongPassphrase)?;
        Key32::from_slice(&plain).ok_or(VaultError::WrongPassphrase)
    };
    Ok(ArchiveKeys {
        archive: ArchiveKey(open(&header.wrapped_archive_key, "archive-key")?),
        database: DatabaseKey(open(&header.wrapped_database_key, "database-key")?),
    })
}

/// The SQLCipher key of the archive database.
pub struct DatabaseKey(Key32);

impl DatabaseKey {
    /// The value for `PRAGMA key`: SQLCipher's raw-key form `"x'…'"`, so SQLCipher skips its own
    /// PBKDF2 (our Argon2id already stretched the passphrase). Zeroized when dropped.
    pub fn sqlcipher_pragma_value(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(68));
        s.push_str("x'");
        for b in self.0.0.iter() {
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        s.push('\'');
        s
    }
}

/// Wraps the per-case keys.
pub struct ArchiveKey(Key32);

/// A case key or identity key wrapped under the archive key (or, later, a user's key).
pub type WrappedKey = Vec<u8>;

impl ArchiveKey {
    /// A new random case key for `case_id`, and its wrapped form to store.
    pub fn new_case_key(&self, case_id: &str, rng: &mut dyn RandomSource) -> Result<(WrappedKey, CaseKey), VaultError> {
        let key = Key32::random(rng)?;
        let wrapped = self.0.seal(&associated(&["case-key", case_id]), &key.0[..], rng)?;
        Ok((wrapped, CaseKey(key)))
    }

    /// Unwraps the case key of `case_id`.
    pub fn unwrap_case_key(&self, case_id: &str, wrapped: &[u8]) -> Result<CaseKey, VaultError> {
        let plain = self.0.open(&associated(&["case-key", case_id]), wrapped, &format!("case key of {case_id}"))?;
        Key32::from_slice(&plain).map(CaseKey).ok_or(VaultError::Tampered { what: format!("case key of {case_id}") })
    }

    /// A new random identity key for `case_id`, and its wrapped form to store.
    pub fn new_identity_key(
        &self,
        case_id: &str,
        rng: &mut dyn RandomSource,
    ) -> Result<(WrappedKey, IdentityKey), VaultError> {
        let key = Key32::random(rng)?;
        let wrapped = self.0.seal(&associated(&["identity-key", case_id]), &key.0[..], rng)?;
        Ok((wrapped, IdentityKey(key)))
    }

    /// Unwraps the identity key of `case_id`.
    pub fn unwrap_identity_key(&self, case_id: &str, wrapped: &[u8]) -> Result<IdentityKey, VaultError> {
        let what = format!("identity key of {case_id}");
        let plain = self.0.open(&associated(&["identity-key", case_id]), wrapped, &what)?;
        Key32::from_slice(&plain).map(IdentityKey).ok_or(VaultError::Tampered { what })
    }
}

/// Encrypts a case's original files.
pub struct CaseKey(Key32);

impl CaseKey {
    /// Encrypts an original file of `source_id` whose intake hash is `sha256_hex`.
    pub fn seal_original(
        &self,
        source_id: &str,
        sha256_hex: &str,
        bytes: &[u8],
        rng: &mut dyn RandomSource,
    ) -> Result<Vec<u8>, VaultError> {
        self.0.seal(&associated(&["original", source_id, sha256_hex]), bytes, rng)
    }

    /// Decrypts an original file.
    pub fn open_original(
        &self,
        source_id: &str,
        sha256_hex: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        self.0.open(&associated(&["original", source_id, sha256_hex]), sealed, &format!("original of {source_id}"))
    }
}

/// Encrypts a case's sealed identity fields.
pub struct IdentityKey(Key32);

impl IdentityKey {
    /// Seals one field of one record.
    pub fn seal(
        &self,
        record_id: &str,
        field: &str,
        plaintext: &str,
        rng: &mut dyn RandomSource,
    ) -> Result<Vec<u8>, VaultError> {
        self.0.seal(&associated(&["sealed", record_id, field]), plaintext.as_bytes(), rng)
    }

    /// Opens one field of one record.
    pub fn open(&self, record_id: &str, field: &str, sealed: &[u8]) -> Result<SecretText, VaultError> {
        let plain = self.0.open(
            &associated(&["sealed", record_id, field]),
            sealed,
            &format!("sealed {field} of {record_id}"),
        )?;
        let text = String::from_utf8(plain.to_vec()).map_err(|_| VaultError::NotText)?;
        Ok(SecretText::new(text))
    }
}

/// One witness's sealed identity fields, as stored, for [`IdentityKey::same_person_pairs`].
pub struct SealedIdentity<'a> {
    /// The witness id (bound into the ciphertexts' associated data).
    pub record_id: &'a str,
    /// The sealed legal name.
    pub name: &'a [u8],
    /// The sealed contact details, if any.
    pub contact: Option<&'a [u8]>,
}

/// Why two sealed identities look like one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentityMatch {
    /// The names match (romanization-insensitive, as judged by the caller's comparator).
    Name,
    /// The contact details match (letters and digits compared, case-folded).
    Contact,
    /// Both.
    NameAndContact,
}

impl IdentityKey {
    /// Compares the sealed identities of a case's witnesses without letting any plaintext out:
    /// the fields are opened into zeroizing buffers here, compared, and dropped; only index pairs
    /// and the basis of each match are returned. `same_name` judges two legal names (the store
    /// passes the Korean-aware comparator from `attest-korean`); it sees plaintext, so it must
    /// be a pure function that keeps nothing.
    pub fn same_person_pairs(
        &self,
        items: &[SealedIdentity<'_>],
        same_name: &dyn Fn(&str, &str) -> bool,
    ) -> Result<Vec<(usize, usize, IdentityMatch)>, VaultError> {
        let mut names = Vec::with_capacity(items.len());
        let mut contacts: Vec<Option<Zeroizing<String>>> = Vec::with_capacity(items.len());
        for it in items {
            names.push(self.open(it.record_id, "legal_name", it.name)?);
            let contact = it.contact.map(|c| self.open(it.record_id, "contact", c)).transpose()?;
            contacts.push(contact.map(|c| {
                let folded: String =
                    c.expose().chars().filter(|ch| ch.is_alphanumeric()).flat_map(char::to_lowercase).collect();
                Zeroizing::new(folded)
            }));
        }
        let mut out = Vec::new();
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                let name = same_name(names[i].expose(), names[j].expose());
                // Six letters or digits at least: "n/a" or "none" must not match everyone.
                let contact = matches!((&contacts[i], &contacts[j]), (Some(a), Some(b)) if a.len() >= 6 && a.as_str() == b.as_str());
                match (name, contact) {
                    (true, true) => out.push((i, j, IdentityMatch::NameAndContact)),
                    (true, false) => out.push((i, j, IdentityMatch::Name)),
                    (false, true) => out.push((i, j, IdentityMatch::Contact)),
                    (false, false) => {}
                }
            }
        }
        Ok(out)
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex of bytes (for public values: salts, ids, ciphertexts).
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Bytes of lower- or upper-case hex; `None` if malformed.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (KeyHeader, ArchiveKeys, Passphrase) {
        let pass = Passphrase::parse("a long enough passphrase".into()).unwrap();
        let (h, k) = create_archive_keys(&pass, KdfParams::for_tests(), &mut OsRandom).unwrap();
        (h, k, pass)
    }

    #[test]
    fn short_passphrases_are_refused() {
        assert!(matches!(Passphrase::parse("".into()), Err(VaultError::WeakPassphrase)));
        assert!(matches!(Passphrase::parse("         short   ".into()), Err(VaultError::WeakPassphrase)));
        assert!(Passphrase::parse("ten chars!".into()).is_ok());
    }

    #[test]
    fn wrong_passphrase_and_altered_header_fail() {
        let (h, _, _) = keys();
        assert!(matches!(
            unlock(&h, &Passphrase::for_unlock("another passphrase".into())),
            Err(VaultError::WrongPassphrase)
        ));
        let pass = Passphrase::for_unlock("a long enough passphrase".into());
        let mut altered = h.clone();
        altered.kdf.iterations += 1;
        assert!(matches!(unlock(&altered, &pass), Err(VaultError::WrongPassphrase)));
        let mut swapped = h.clone();
        std::mem::swap(&mut swapped.wrapped_archive_key, &mut swapped.wrapped_database_key);
        assert!(matches!(unlock(&swapped, &pass), Err(VaultError::WrongPassphrase)));
        assert!(unlock(&h, &pass).is_ok());
    }

    #[test]
    fn sealed_fields_are_bound_to_record_and_field() {
        let (_, k, _) = keys();
        let (_, idk) = k.archive.new_identity_key("case_a", &mut OsRandom).unwrap();
        let sealed = idk.seal("wit_a", "legal_name", "Ri Myong-chol", &mut OsRandom).unwrap();
        assert_eq!(idk.open("wit_a", "legal_name", &sealed).unwrap().expose(), "Ri Myong-chol");
        assert!(idk.open("wit_b", "legal_name", &sealed).is_err());
        assert!(idk.open("wit_a", "contact", &sealed).is_err());
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(matches!(idk.open("wit_a", "legal_name", &flipped), Err(VaultError::Tampered { .. })));
        // Two seals of one value differ (random nonces), so equal names are not visible as equal.
        assert_ne!(sealed, idk.seal("wit_a", "legal_name", "Ri Myong-chol", &mut OsRandom).unwrap());
    }

    #[test]
    fn keys_wrapped_for_one_case_do_not_open_another() {
        let (_, k, _) = keys();
        let (wrapped, _) = k.archive.new_case_key("case_a", &mut OsRandom).unwrap();
        assert!(k.archive.unwrap_case_key("case_a", &wrapped).is_ok());
        assert!(k.archive.unwrap_case_key("case_b", &wrapped).is_err());
        assert!(k.archive.unwrap_identity_key("case_a", &wrapped).is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let s = SecretText::new("Pak Song-hui".into());
        assert!(!format!("{s:?}").contains("Pak"));
        let e = VaultError::Tampered { what: "sealed legal_name of wit_a".into() };
        assert!(!e.to_string().contains("Pak"));
    }

    #[test]
    fn database_key_pragma_shape() {
        let (_, k, _) = keys();
        let v = k.database.sqlcipher_pragma_value();
        assert!(v.starts_with("x'") && v.ends_with('\'') && v.len() == 67);
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(unhex(&hex(&[0, 1, 254, 255])).unwrap(), vec![0, 1, 254, 255]);
        assert!(unhex("abc").is_none());
        assert!(unhex("zz").is_none());
    }
}
