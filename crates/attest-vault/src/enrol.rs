//! Invitations: how an account is created without anyone but its user ever knowing its password.
//! An administrator issues a one-time code (shown once, stored only as a SHA-256, expiring); the
//! user presents it with a password of their own choosing, and their key pair is made then, from
//! that password. The code has 120 random bits, so a plain hash is enough to store it.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{RandomSource, SecretText, VaultError};

/// A new invitation code (24 base32 characters in groups of four, 120 bits) and the hash to store.
pub fn new_invitation_code(rng: &mut dyn RandomSource) -> Result<(SecretText, [u8; 32]), VaultError> {
    let mut raw = zeroize::Zeroizing::new([0u8; 15]);
    rng.fill(&mut raw[..])?;
    let b32 = zeroize::Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&raw[..]));
    let mut code = String::with_capacity(29);
    for (i, c) in b32.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(c);
    }
    let hash = invitation_code_hash(&code);
    Ok((SecretText::new(code), hash))
}

/// The stored form of a code: SHA-256 of the code without dashes, spaces or case.
pub fn invitation_code_hash(code: &str) -> [u8; 32] {
    let normal: zeroize::Zeroizing<String> = zeroize::Zeroizing::new(
        code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect(),
    );
    let mut h = Sha256::new();
    h.update(b"attest/v2 invitation");
    h.update(normal.as_bytes());
    h.finalize().into()
}

/// Whether `code` is the one whose hash was stored (constant-time).
pub fn invitation_code_matches(code: &str, stored: &[u8]) -> bool {
    invitation_code_hash(code).ct_eq(stored).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsRandom;

    #[test]
    fn codes_are_random_and_checked_by_hash() {
        let (code, hash) = new_invitation_code(&mut OsRandom).unwrap();
        let (other, _) = new_invitation_code(&mut OsRandom).unwrap();
        assert_ne!(code.expose(), other.expose());
        assert_eq!(code.expose().len(), 29);
        assert!(invitation_code_matches(code.expose(), &hash));
        assert!(invitation_code_matches(&code.expose().to_lowercase().replace('-', " "), &hash));
        assert!(!invitation_code_matches(other.expose(), &hash));
        assert!(!invitation_code_matches("", &hash));
        assert!(!format!("{code:?}").contains(code.expose()));
    }
}
