//! The checkpoint signing key: an Ed25519 key, separate from the archive's keys, with its own key
//! file and passphrase, held by someone other than the archive's passphrase holder.
//!
//! ```text
//! checkpoint passphrase --Argon2id(salt)--> KEK --XChaCha20-Poly1305--> Ed25519 seed (32 bytes)
//! ```
//!
//! The key file holds the public key in the clear and the seed sealed under the KEK, with
//! associated data binding the public key and the KDF parameters (so lowering the cost, or
//! swapping in another public key, makes unlocking fail). The seed and the signing key live in
//! zeroizing memory and print nothing.

use ed25519_dalek::{Signer, Verifier};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{KdfParams, Key32, Passphrase, RandomSource, VaultError, derive_kek, hex, unhex};

const FORMAT: &str = "attest-checkpoint-key/1";

/// What is kept on disk for a checkpoint key. No secret in the clear.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckpointKeyFile {
    /// Format name and version.
    pub format: String,
    /// The Ed25519 public key, hex: give it to whoever verifies checkpoints.
    pub public_key: String,
    /// Argon2id parameters.
    pub kdf: KdfParams,
    /// Argon2id salt, hex.
    pub salt: String,
    /// The seed sealed under the passphrase's key, hex.
    pub sealed_seed: String,
}

/// An Ed25519 public key that checks checkpoint signatures.
#[derive(Clone, PartialEq, Eq)]
pub struct CheckpointPublicKey(ed25519_dalek::VerifyingKey);

impl std::fmt::Debug for CheckpointPublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CheckpointPublicKey({})", self.to_hex())
    }
}

impl CheckpointPublicKey {
    /// Reads a hex public key.
    pub fn from_hex(s: &str) -> Result<CheckpointPublicKey, VaultError> {
        let bad = || VaultError::Kdf("not an Ed25519 public key (64 hex digits)".into());
        let bytes: [u8; 32] = unhex(s.trim()).ok_or_else(bad)?.try_into().map_err(|_| bad())?;
        ed25519_dalek::VerifyingKey::from_bytes(&bytes).map(CheckpointPublicKey).map_err(|_| bad())
    }

    /// Hex.
    pub fn to_hex(&self) -> String {
        hex(self.0.as_bytes())
    }

    /// Whether `signature` (hex) is this key's signature of `message` (strict verification).
    pub fn verify(&self, message: &[u8], signature: &str) -> bool {
        let Some(bytes) = unhex(signature) else { return false };
        let Ok(sig) = ed25519_dalek::Signature::from_slice(&bytes) else { return false };
        self.0.verify_strict(message, &sig).is_ok() && self.0.verify(message, &sig).is_ok()
    }
}

/// An unlocked checkpoint signing key. Zeroized when dropped; no `Debug`.
pub struct CheckpointSigningKey(ed25519_dalek::SigningKey);

impl CheckpointSigningKey {
    /// The public half.
    pub fn public_key(&self) -> CheckpointPublicKey {
        CheckpointPublicKey(self.0.verifying_key())
    }

    /// Signs `message`; the signature in hex.
    pub fn sign(&self, message: &[u8]) -> String {
        hex(&self.0.sign(message).to_bytes())
    }
}

/// Bounds on parameters read from a file, so an altered file cannot make unlocking hang.
fn check_kdf(kdf: KdfParams) -> Result<(), VaultError> {
    if kdf.memory_kib > 4 * 1024 * 1024
        || kdf.iterations == 0
        || kdf.iterations > 64
        || kdf.parallelism == 0
        || kdf.parallelism > 16
    {
        return Err(VaultError::Kdf("checkpoint key file: Argon2id parameters out of range".into()));
    }
    Ok(())
}

/// The associated data parts binding the sealed seed to its public key and KDF parameters.
fn seed_ad(public_key: &str, kdf: KdfParams) -> [String; 3] {
    let params = format!("m={},t={},p={}", kdf.memory_kib, kdf.iterations, kdf.parallelism);
    [FORMAT.to_string(), public_key.to_string(), params]
}

/// Makes a new checkpoint key sealed under `pass`.
pub fn new_checkpoint_key(
    pass: &Passphrase,
    kdf: KdfParams,
    rng: &mut dyn RandomSource,
) -> Result<(CheckpointKeyFile, CheckpointPublicKey), VaultError> {
    check_kdf(kdf)?;
    let seed = Key32::random(rng)?;
    let signing = ed25519_dalek::SigningKey::from_bytes(&seed.0);
    let public = CheckpointPublicKey(signing.verifying_key());
    let mut salt = [0u8; 16];
    rng.fill(&mut salt)?;
    let kek = derive_kek(pass, &salt, kdf)?;
    let public_hex = public.to_hex();
    let ad = seed_ad(&public_hex, kdf);
    let sealed = kek.seal(&[&ad[0], &ad[1], &ad[2]], None, &seed.0[..], rng)?;
    let file = CheckpointKeyFile {
        format: FORMAT.into(),
        public_key: public_hex,
        kdf,
        salt: hex(&salt),
        sealed_seed: hex(&sealed),
    };
    Ok((file, public))
}

/// Opens a checkpoint key file with its passphrase.
pub fn unlock_checkpoint_key(file: &CheckpointKeyFile, pass: &Passphrase) -> Result<CheckpointSigningKey, VaultError> {
    if file.format != FORMAT {
        return Err(VaultError::Version(0));
    }
    check_kdf(file.kdf)?;
    let salt = unhex(&file.salt).ok_or(VaultError::WrongPassphrase)?;
    let sealed = unhex(&file.sealed_seed).ok_or(VaultError::WrongPassphrase)?;
    let kek = derive_kek(pass, &salt, file.kdf)?;
    let ad = seed_ad(&file.public_key, file.kdf);
    let seed = kek
        .open(&[&ad[0], &ad[1], &ad[2]], None, &sealed, "checkpoint key")
        .map_err(|_| VaultError::WrongPassphrase)?;
    let seed: Zeroizing<[u8; 32]> =
        Zeroizing::new(seed.as_slice().try_into().map_err(|_| VaultError::WrongPassphrase)?);
    let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
    if hex(signing.verifying_key().as_bytes()) != file.public_key {
        return Err(VaultError::WrongPassphrase);
    }
    Ok(CheckpointSigningKey(signing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsRandom;

    #[test]
    fn a_checkpoint_key_signs_and_only_its_passphrase_opens_it() {
        let pass = Passphrase::parse("checkpoint key passphrase".into()).unwrap();
        let (file, public) = new_checkpoint_key(&pass, KdfParams::for_tests(), &mut OsRandom).unwrap();
        let key = unlock_checkpoint_key(&file, &pass).unwrap();
        assert_eq!(key.public_key(), public);
        let sig = key.sign(b"tree head");
        assert!(public.verify(b"tree head", &sig));
        assert!(!public.verify(b"tree head!", &sig));
        assert!(!public.verify(b"tree head", "00"));
        assert!(matches!(
            unlock_checkpoint_key(&file, &Passphrase::for_unlock("another passphrase".into())),
            Err(VaultError::WrongPassphrase)
        ));
        // Another public key in the file: refused, not a key that signs as someone else.
        let (other, _) = new_checkpoint_key(&pass, KdfParams::for_tests(), &mut OsRandom).unwrap();
        let swapped = CheckpointKeyFile { public_key: other.public_key, ..file.clone() };
        assert!(unlock_checkpoint_key(&swapped, &pass).is_err());
        assert!(format!("{file:?}").contains(&public.to_hex()));
        let absurd = CheckpointKeyFile {
            kdf: KdfParams { memory_kib: 64, iterations: 1 << 30, parallelism: 1 },
            ..file.clone()
        };
        assert!(matches!(unlock_checkpoint_key(&absurd, &pass), Err(VaultError::Kdf(_))));
        assert_eq!(CheckpointPublicKey::from_hex(&public.to_hex()).unwrap(), public);
        assert!(CheckpointPublicKey::from_hex("abc").is_err());
    }
}
