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
//! its associated data carries the format version, the purpose, the record and the field (for
//! example `attest/v2 | sealed | wit_... | legal_name`) and, for a wrapped key or a grant, the key's
//! generation, so a ciphertext copied onto another record, field or generation fails to decrypt
//! instead of revealing the wrong person's name or passing an old key for the current one.
//! Originals are sealed with their name, size and SHA-256 (see [`CaseKey::seal_original`]); users'
//! keys, grants and pins are in `grant.rs`, invitation codes in `enrol.rs`.
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
//! let (wrapped, identity) = keys.archive.new_identity_key("case_0000000000000000", 1, &mut OsRandom).unwrap();
//! let sealed = identity.seal("wit_1", "legal_name", "Kim Example", &mut OsRandom).unwrap();
//! let identity2 = again.archive.unwrap_identity_key("case_0000000000000000", 1, &wrapped).unwrap();
//! // A key wrapped for generation 1 does not pass for generation 2 (a rolled-back re-key).
//! assert!(again.archive.unwrap_identity_key("case_0000000000000000", 2, &wrapped).is_err());
//! assert_eq!(identity2.open("wit_1", "legal_name", &sealed).unwrap().expose(), "Kim Example");
//! assert!(identity2.open("wit_2", "legal_name", &sealed).is_err());
//! ```

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

mod checkpoint;
mod enrol;
mod grant;
mod totp;
pub use checkpoint::{
    CheckpointKeyFile, CheckpointPublicKey, CheckpointSigningKey, new_checkpoint_key, unlock_checkpoint_key,
};
pub use enrol::{invitation_code_hash, invitation_code_matches, new_invitation_code};
pub use grant::{
    GrantContext, GrantKind, UnlockedUser, UserKeys, change_password, grant_case_key, grant_identity_key,
    key_fingerprint, login, new_user, open_case_grant, open_identity_grant, rotate_user_keys, unlock_user,
};
pub use totp::{STEP as TOTP_STEP, new_totp_secret, otpauth_uri, totp_at, totp_check};

/// Shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// Smallest Argon2id memory cost accepted for a real archive, in KiB (64 MiB).
pub const MIN_MEMORY_KIB: u32 = 64 * 1024;
/// Format version of the key file (`attest-keys.json`).
const HEADER_VERSION: u8 = 1;
/// Version of every ciphertext written now: its first byte, also bound into its associated data
/// (`attest/v2...`), so a ciphertext whose version byte is changed fails to decrypt.
const VERSION: u8 = 2;
/// Ciphertexts written before the version byte and key generations were bound into the
/// associated data; still opened (see [`Key32::open`]), never written.
const LEGACY_VERSION: u8 = 1;
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
    /// A public key that would make the shared secret all zeros (a low-order point): nothing may
    /// be sealed to it, and nothing sealed with it is accepted.
    #[error("{what}: refused a low-order X25519 public key (the shared secret would be known to anyone)")]
    LowOrderKey {
        /// Whose key.
        what: String,
    },
    /// The stored public key is not the one of the user's private key: it was replaced.
    #[error(
        "the stored public key of {user} is not their private key's: the account's key was replaced in the database"
    )]
    KeyMismatch {
        /// The user id.
        user: String,
    },
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

    /// `VERSION || nonce || ciphertext || tag`, authenticated with the associated data made of
    /// the version, `parts` and the key generation `generation` (when the key has one).
    fn seal(
        &self,
        parts: &[&str],
        generation: Option<u64>,
        plaintext: &[u8],
        rng: &mut dyn RandomSource,
    ) -> Result<Vec<u8>, VaultError> {
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill(&mut nonce)?;
        let mut buf = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
        buf.push(VERSION);
        buf.extend_from_slice(&nonce);
        let mut body = plaintext.to_vec();
        self.cipher()
            .encrypt_in_place(&XNonce::from(nonce), &associated_data(VERSION, parts, generation), &mut body)
            .map_err(|_| VaultError::Kdf("message too long".into()))?;
        buf.extend_from_slice(&body);
        Ok(buf)
    }

    /// Opens what [`Key32::seal`] made with the same `parts` and `generation`. A ciphertext of the
    /// legacy version (no version byte or generation in its associated data) opens only where no
    /// generation beyond the first is expected, so an older key cannot pass for a newer one.
    fn open(
        &self,
        parts: &[&str],
        generation: Option<u64>,
        sealed: &[u8],
        what: &str,
    ) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let tampered = || VaultError::Tampered { what: what.to_string() };
        if sealed.len() < 1 + NONCE_LEN + TAG_LEN {
            return Err(tampered());
        }
        let ad = match sealed[0] {
            VERSION => associated_data(VERSION, parts, generation),
            LEGACY_VERSION if generation.unwrap_or(1) == 1 => associated_data(LEGACY_VERSION, parts, None),
            v => return Err(VaultError::Version(v)),
        };
        let nonce: [u8; NONCE_LEN] = sealed[1..1 + NONCE_LEN].try_into().map_err(|_| tampered())?;
        let mut body = Zeroizing::new(sealed[1 + NONCE_LEN..].to_vec());
        self.cipher().decrypt_in_place(&XNonce::from(nonce), &ad, &mut *body).map_err(|_| tampered())?;
        Ok(body)
    }
}

/// The associated data of a ciphertext: `attest/v<version>`, then each part and the key
/// generation, length-prefixed so that ("ab","c") and ("a","bc") give different data. Version 1
/// had neither the generation nor a version byte of its own beyond this prefix.
fn associated_data(version: u8, parts: &[&str], generation: Option<u64>) -> Vec<u8> {
    let mut ad = format!("attest/v{version}").into_bytes();
    let generation = generation.map(|g| format!("generation={g}"));
    for p in parts.iter().copied().chain(generation.as_deref()) {
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

fn header_parts(kdf: KdfParams) -> String {
    format!("m={},t={},p={}", kdf.memory_kib, kdf.iterations, kdf.parallelism)
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
    let params = header_parts(kdf);
    let wrap = |which: &str, key: &Key32, rng: &mut dyn RandomSource| -> Result<String, VaultError> {
        Ok(hex(&kek.seal(&["header", &archive_id, &params, which], None, &key.0[..], rng)?))
    };
    let header = KeyHeader {
        version: HEADER_VERSION,
        wrapped_archive_key: wrap("archive-key", &archive, rng)?,
        wrapped_database_key: wrap("database-key", &database, rng)?,
        archive_id: archive_id.clone(),
        kdf,
        salt: hex(&salt),
    };
    Ok((header, ArchiveKeys { archive: ArchiveKey(archive), database: DatabaseKey(database) }))
}

/// Unlocks an archive's keys with its passphrase.
pub fn unlock(header: &KeyHeader, pass: &Passphrase) -> Result<ArchiveKeys, VaultError> {
    if header.version != HEADER_VERSION {
        return Err(VaultError::Version(header.version));
    }
    let salt = unhex(&header.salt).ok_or(VaultError::WrongPassphrase)?;
    let kek = derive_kek(pass, &salt, header.kdf)?;
    let params = header_parts(header.kdf);
    let open = |wrapped: &str, which: &str| -> Result<Key32, VaultError> {
        let bytes = unhex(wrapped).ok_or(VaultError::WrongPassphrase)?;
        let plain = kek
            .open(&["header", &header.archive_id, &params, which], None, &bytes, which)
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
    /// A new random case key of `generation` for `case_id`, and its wrapped form to store. The
    /// generation (1 at creation, one more at each re-key) is bound into the wrapping.
    pub fn new_case_key(
        &self,
        case_id: &str,
        generation: u64,
        rng: &mut dyn RandomSource,
    ) -> Result<(WrappedKey, CaseKey), VaultError> {
        let key = Key32::random(rng)?;
        let wrapped = self.0.seal(&["case-key", case_id], Some(generation), &key.0[..], rng)?;
        Ok((wrapped, CaseKey(key)))
    }

    /// Unwraps the case key of `case_id`; a key wrapped for another generation does not open.
    pub fn unwrap_case_key(&self, case_id: &str, generation: u64, wrapped: &[u8]) -> Result<CaseKey, VaultError> {
        let what = format!("case key of {case_id} (generation {generation})");
        let plain = self.0.open(&["case-key", case_id], Some(generation), wrapped, &what)?;
        Key32::from_slice(&plain).map(CaseKey).ok_or(VaultError::Tampered { what })
    }

    /// A new random identity key of `generation` for `case_id`, and its wrapped form to store.
    pub fn new_identity_key(
        &self,
        case_id: &str,
        generation: u64,
        rng: &mut dyn RandomSource,
    ) -> Result<(WrappedKey, IdentityKey), VaultError> {
        let key = Key32::random(rng)?;
        let wrapped = self.0.seal(&["identity-key", case_id], Some(generation), &key.0[..], rng)?;
        Ok((wrapped, IdentityKey(key)))
    }

    /// Unwraps the identity key of `case_id`; a key wrapped for another generation does not open.
    pub fn unwrap_identity_key(
        &self,
        case_id: &str,
        generation: u64,
        wrapped: &[u8],
    ) -> Result<IdentityKey, VaultError> {
        let what = format!("identity key of {case_id} (generation {generation})");
        let plain = self.0.open(&["identity-key", case_id], Some(generation), wrapped, &what)?;
        Key32::from_slice(&plain).map(IdentityKey).ok_or(VaultError::Tampered { what })
    }
}

/// Encrypts a case's original files.
pub struct CaseKey(Key32);

/// What is known of an original file (its name, size and SHA-256): sealed under the case key
/// beside the file, so the database-key holder learns none of it.
pub struct OriginalMeta {
    /// The file's name as received.
    pub file_name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, lower-case hex.
    pub sha256_hex: String,
    /// The random key of the keyed digest (see [`SealedOriginal::digest`]).
    digest_key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for OriginalMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OriginalMeta([sealed])")
    }
}

/// An original file sealed under its case key.
pub struct SealedOriginal {
    /// The keyed digest, hex: HMAC-SHA256 of the file's SHA-256 under a random key kept only in
    /// the sealed metadata. The log commits to it; whoever holds the database key but not the
    /// case key cannot test a guessed file against it.
    pub digest: String,
    /// Name, size, SHA-256 and the digest key, sealed.
    pub sealed_meta: Vec<u8>,
    /// The file's bytes, padded (Padmé) so the ciphertext's length says little about the size.
    pub sealed: Vec<u8>,
}

fn original_digest(key: &[u8; 32], sha256: &[u8; 32]) -> String {
    use hmac::{KeyInit, Mac};
    // HMAC takes keys of any length, so this cannot fail.
    let Ok(mut mac) = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key) else { return String::new() };
    mac.update(b"attest/v2 original digest");
    mac.update(sha256);
    hex(&mac.finalize().into_bytes())
}

/// Padmé (Nikitin et al., 2019): the padded length leaks O(log log L) bits of L, at most 12 %
/// overhead.
fn padme(len: usize) -> usize {
    if len < 2 {
        return len;
    }
    let e = usize::BITS - 1 - len.leading_zeros();
    let s = u32::BITS - e.leading_zeros();
    let last_bits = e - s;
    let mask = (1usize << last_bits) - 1;
    (len + mask) & !mask
}

impl CaseKey {
    /// Seals an original file of `source_id`: its bytes (padded) and its metadata, both bound to
    /// the source and to the keyed digest returned with them.
    pub fn seal_original(
        &self,
        source_id: &str,
        file_name: &str,
        bytes: &[u8],
        rng: &mut dyn RandomSource,
    ) -> Result<SealedOriginal, VaultError> {
        use sha2::Digest;
        let mut digest_key = Zeroizing::new([0u8; 32]);
        rng.fill(&mut digest_key[..])?;
        let sha: [u8; 32] = sha2::Sha256::digest(bytes).into();
        let digest = original_digest(&digest_key, &sha);
        let meta = OriginalMeta {
            file_name: file_name.to_string(),
            bytes: bytes.len() as u64,
            sha256_hex: hex(&sha),
            digest_key,
        };
        let (sealed_meta, sealed) = self.seal_original_parts(source_id, &digest, &meta, bytes, rng)?;
        Ok(SealedOriginal { digest, sealed_meta, sealed })
    }

    fn seal_original_parts(
        &self,
        source_id: &str,
        digest: &str,
        meta: &OriginalMeta,
        bytes: &[u8],
        rng: &mut dyn RandomSource,
    ) -> Result<(Vec<u8>, Vec<u8>), VaultError> {
        let mut m = Zeroizing::new(Vec::with_capacity(72 + meta.file_name.len()));
        m.extend_from_slice(&meta.bytes.to_be_bytes());
        m.extend_from_slice(&meta.digest_key[..]);
        m.extend_from_slice(&unhex(&meta.sha256_hex).unwrap_or_default());
        m.extend_from_slice(meta.file_name.as_bytes());
        let sealed_meta = self.0.seal(&["original-meta", source_id, digest], None, &m, rng)?;
        let mut padded = Zeroizing::new(Vec::with_capacity(padme(bytes.len() + 8)));
        padded.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        padded.extend_from_slice(bytes);
        padded.resize(padme(bytes.len() + 8), 0);
        let sealed = self.0.seal(&["original", source_id, digest], None, &padded, rng)?;
        Ok((sealed_meta, sealed))
    }

    /// Opens an original's metadata and checks it against the keyed digest.
    pub fn open_original_meta(
        &self,
        source_id: &str,
        digest: &str,
        sealed_meta: &[u8],
    ) -> Result<OriginalMeta, VaultError> {
        let what = format!("metadata of an original of {source_id}");
        let tampered = || VaultError::Tampered { what: what.clone() };
        let m = self.0.open(&["original-meta", source_id, digest], None, sealed_meta, &what)?;
        if m.len() < 72 {
            return Err(tampered());
        }
        let bytes = u64::from_be_bytes(m[..8].try_into().map_err(|_| tampered())?);
        let mut digest_key = Zeroizing::new([0u8; 32]);
        digest_key.copy_from_slice(&m[8..40]);
        let sha: [u8; 32] = m[40..72].try_into().map_err(|_| tampered())?;
        let file_name = String::from_utf8(m[72..].to_vec()).map_err(|_| tampered())?;
        if !bool::from(original_digest(&digest_key, &sha).as_bytes().ct_eq(digest.as_bytes())) {
            return Err(tampered());
        }
        Ok(OriginalMeta { file_name, bytes, sha256_hex: hex(&sha), digest_key })
    }

    /// Opens an original file: its metadata, its bytes, and checks that the bytes have the
    /// SHA-256 and size sealed at intake and that the keyed digest matches.
    pub fn open_original(
        &self,
        source_id: &str,
        digest: &str,
        sealed_meta: &[u8],
        sealed: &[u8],
    ) -> Result<(OriginalMeta, Zeroizing<Vec<u8>>), VaultError> {
        use sha2::Digest;
        let meta = self.open_original_meta(source_id, digest, sealed_meta)?;
        let what = format!("original of {source_id}");
        let tampered = || VaultError::Tampered { what: what.clone() };
        let padded = self.0.open(&["original", source_id, digest], None, sealed, &what)?;
        let len = padded.get(..8).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes).ok_or_else(tampered)?;
        if len != meta.bytes || padded.len() < 8 + len as usize {
            return Err(tampered());
        }
        let bytes = Zeroizing::new(padded[8..8 + len as usize].to_vec());
        if hex(&sha2::Sha256::digest(&bytes[..])) != meta.sha256_hex {
            return Err(tampered());
        }
        Ok((meta, bytes))
    }

    /// Seals an original again under `new` (a re-key): same digest, fresh nonces.
    pub fn reseal_original(
        &self,
        new: &CaseKey,
        source_id: &str,
        digest: &str,
        sealed_meta: &[u8],
        sealed: &[u8],
        rng: &mut dyn RandomSource,
    ) -> Result<(Vec<u8>, Vec<u8>), VaultError> {
        let (meta, bytes) = self.open_original(source_id, digest, sealed_meta, sealed)?;
        new.seal_original_parts(source_id, digest, &meta, &bytes, rng)
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
        self.0.seal(&["sealed", record_id, field], None, plaintext.as_bytes(), rng)
    }

    /// Opens one field of one record.
    pub fn open(&self, record_id: &str, field: &str, sealed: &[u8]) -> Result<SecretText, VaultError> {
        let plain =
            self.0.open(&["sealed", record_id, field], None, sealed, &format!("sealed {field} of {record_id}"))?;
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
    /// The names match, but both witnesses have contact details and they differ: namesakes are
    /// common, so this is counter-evidence and the pair is for an analyst to decide.
    NameButContactsDiffer,
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
                let contacts_differ = matches!((&contacts[i], &contacts[j]), (Some(a), Some(b)) if a.len() >= 6 && b.len() >= 6 && a.as_str() != b.as_str());
                match (name, contact) {
                    (true, true) => out.push((i, j, IdentityMatch::NameAndContact)),
                    (true, false) if contacts_differ => out.push((i, j, IdentityMatch::NameButContactsDiffer)),
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
        let (_, idk) = k.archive.new_identity_key("case_a", 1, &mut OsRandom).unwrap();
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
        let (wrapped, _) = k.archive.new_case_key("case_a", 3, &mut OsRandom).unwrap();
        assert!(k.archive.unwrap_case_key("case_a", 3, &wrapped).is_ok());
        assert!(k.archive.unwrap_case_key("case_b", 3, &wrapped).is_err());
        assert!(k.archive.unwrap_case_key("case_a", 2, &wrapped).is_err());
        assert!(k.archive.unwrap_identity_key("case_a", 3, &wrapped).is_err());
        // The version byte is inside the associated data: set to the legacy version, the
        // ciphertext fails instead of being read the old way.
        let mut legacy = wrapped.clone();
        legacy[0] = LEGACY_VERSION;
        assert!(k.archive.unwrap_case_key("case_a", 1, &legacy).is_err());
        assert!(matches!(k.archive.unwrap_case_key("case_a", 3, &legacy), Err(VaultError::Version(1))));
    }

    #[test]
    fn originals_hide_name_size_and_hash_behind_a_keyed_digest() {
        use sha2::Digest;
        let (_, k, _) = keys();
        let (_, case) = k.archive.new_case_key("case_a", 1, &mut OsRandom).unwrap();
        let (_, new) = k.archive.new_case_key("case_a", 2, &mut OsRandom).unwrap();
        let file = vec![42u8; 5000];
        let sealed = case.seal_original("src_a", "interview-kim.m4a", &file, &mut OsRandom).unwrap();
        let plain_sha = hex(&sha2::Sha256::digest(&file));
        assert_ne!(sealed.digest, plain_sha);
        // The same file sealed twice gives unrelated digests: no guess can be tested.
        assert_ne!(sealed.digest, case.seal_original("src_a", "x", &file, &mut OsRandom).unwrap().digest);
        assert!(sealed.sealed.len() > 5000 + 8 && sealed.sealed.len() <= 5000 * 112 / 100 + 64);
        let (meta, bytes) = case.open_original("src_a", &sealed.digest, &sealed.sealed_meta, &sealed.sealed).unwrap();
        assert_eq!(
            (meta.file_name.as_str(), meta.bytes, meta.sha256_hex.as_str()),
            ("interview-kim.m4a", 5000, plain_sha.as_str())
        );
        assert_eq!(&bytes[..], &file[..]);
        assert!(!format!("{meta:?}").contains("interview"));
        // Bound to source and digest; re-sealing under a new key keeps the digest.
        assert!(case.open_original("src_b", &sealed.digest, &sealed.sealed_meta, &sealed.sealed).is_err());
        assert!(case.open_original("src_a", &plain_sha, &sealed.sealed_meta, &sealed.sealed).is_err());
        let (m2, s2) = case
            .reseal_original(&new, "src_a", &sealed.digest, &sealed.sealed_meta, &sealed.sealed, &mut OsRandom)
            .unwrap();
        assert!(case.open_original("src_a", &sealed.digest, &m2, &s2).is_err());
        assert_eq!(&new.open_original("src_a", &sealed.digest, &m2, &s2).unwrap().1[..], &file[..]);
        for len in [0usize, 1, 2, 9, 100, 1000, 65_537, 1 << 20] {
            let p = padme(len);
            assert!(p >= len && p <= len + len / 8 + 1, "{len} -> {p}");
        }
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
