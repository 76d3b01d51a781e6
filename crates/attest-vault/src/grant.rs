//! Users' keys and cryptographic grants: the foundation of the web workspace's roles (issue 5,
//! design in `docs/WORKSPACE_DESIGN.md`). Used by the store's users (`attest-store`'s `users.rs`):
//! sign-in, grants, reveals and originals opened as a user.
//!
//! - A user's password goes through Argon2id once, with the user's own salt, into 64 bytes: the
//!   first half is the user's key-encryption key, the second half a login verifier of which only
//!   a SHA-256 is stored.
//! - Each user has an X25519 key pair; the private key is stored sealed under the user's KEK.
//! - A grant is a sealed box to the user's public key holding a case key ("may read
//!   testimonies") or an identity key ("may see sealed identities"), bound by associated data to
//!   the user, the case and the kind, so granting needs only the grantee's public key and opening
//!   needs the grantee's password.
//! - [`login`] does the same Argon2id work whether or not the user exists.

use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::{CaseKey, IdentityKey, KdfParams, Key32, Passphrase, RandomSource, VaultError, associated};

/// What is stored for a user: nothing here opens anything without the password.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserKeys {
    /// Argon2id salt.
    pub salt: [u8; 16],
    /// Argon2id parameters.
    pub kdf: KdfParams,
    /// SHA-256 of the login verifier.
    pub verifier_sha256: [u8; 32],
    /// X25519 public key.
    pub public_key: [u8; 32],
    /// The X25519 private key, sealed under the user's KEK.
    pub sealed_private_key: Vec<u8>,
}

/// A user's private key, opened for one operation. Zeroized when dropped.
pub struct UnlockedUser {
    user_id: String,
    secret: StaticSecret,
}

/// Which key a grant carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    /// The case key: read testimonies and originals.
    Testimonies,
    /// The identity key: see sealed identities.
    Identities,
}

impl GrantKind {
    fn as_str(self) -> &'static str {
        match self {
            GrantKind::Testimonies => "testimonies",
            GrantKind::Identities => "identities",
        }
    }
}

/// The salt used for user names that do not exist, so a failed login costs the same either way.
const DUMMY_SALT: [u8; 16] = *b"attest/no-user!!";

fn derive_user(password: &Passphrase, salt: &[u8; 16], kdf: KdfParams) -> Result<(Key32, [u8; 32]), VaultError> {
    let params = argon2::Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(64))
        .map_err(|e| VaultError::Kdf(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 64]);
    argon
        .hash_password_into(password.0.expose().as_bytes(), salt, &mut out[..])
        .map_err(|e| VaultError::Kdf(e.to_string()))?;
    let kek = Key32::from_slice(&out[..32]).ok_or(VaultError::Random)?;
    let verifier: [u8; 32] = Sha256::digest(&out[32..]).into();
    Ok((kek, verifier))
}

/// Equality that takes the same time wherever the first difference is.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    use subtle::ConstantTimeEq;
    a[..].ct_eq(&b[..]).into()
}

/// Creates a user's keys from their password.
pub fn new_user(
    user_id: &str,
    password: &Passphrase,
    kdf: KdfParams,
    rng: &mut dyn RandomSource,
) -> Result<UserKeys, VaultError> {
    let mut salt = [0u8; 16];
    rng.fill(&mut salt)?;
    let (kek, verifier_sha256) = derive_user(password, &salt, kdf)?;
    let mut private = Zeroizing::new([0u8; 32]);
    rng.fill(&mut private[..])?;
    let secret = StaticSecret::from(*private);
    let public_key = PublicKey::from(&secret).to_bytes();
    let sealed_private_key = kek.seal(&associated(&["user-private", user_id]), &private[..], rng)?;
    Ok(UserKeys { salt, kdf, verifier_sha256, public_key, sealed_private_key })
}

/// Checks a password. `None` (no such user) costs one Argon2id run like any other attempt.
pub fn login(keys: Option<&UserKeys>, password: &Passphrase, kdf: KdfParams) -> Result<bool, VaultError> {
    match keys {
        Some(k) => Ok(same(&derive_user(password, &k.salt, k.kdf)?.1, &k.verifier_sha256)),
        None => {
            derive_user(password, &DUMMY_SALT, kdf)?;
            Ok(false)
        }
    }
}

/// Opens a user's private key with their password (for one grant operation).
pub fn unlock_user(user_id: &str, keys: &UserKeys, password: &Passphrase) -> Result<UnlockedUser, VaultError> {
    let (kek, verifier) = derive_user(password, &keys.salt, keys.kdf)?;
    if !same(&verifier, &keys.verifier_sha256) {
        return Err(VaultError::WrongPassphrase);
    }
    let private = kek.open(&associated(&["user-private", user_id]), &keys.sealed_private_key, "user private key")?;
    let bytes: [u8; 32] =
        private[..].try_into().map_err(|_| VaultError::Tampered { what: "user private key".into() })?;
    Ok(UnlockedUser { user_id: user_id.to_string(), secret: StaticSecret::from(bytes) })
}

fn box_key(shared: &[u8; 32], ephemeral: &[u8; 32], recipient: &[u8; 32]) -> Option<Key32> {
    let mut h = Sha256::new();
    h.update(b"attest/v1 grant box");
    h.update(shared);
    h.update(ephemeral);
    h.update(recipient);
    Key32::from_slice(&h.finalize())
}

fn seal_grant(
    recipient: &[u8; 32],
    user_id: &str,
    case_id: &str,
    kind: GrantKind,
    key: &Key32,
    rng: &mut dyn RandomSource,
) -> Result<Vec<u8>, VaultError> {
    let mut eph = Zeroizing::new([0u8; 32]);
    rng.fill(&mut eph[..])?;
    let eph = StaticSecret::from(*eph);
    let eph_public = PublicKey::from(&eph).to_bytes();
    let shared = Zeroizing::new(eph.diffie_hellman(&PublicKey::from(*recipient)).to_bytes());
    let k = box_key(&shared, &eph_public, recipient).ok_or(VaultError::Random)?;
    let mut out = eph_public.to_vec();
    out.extend(k.seal(&associated(&["grant", user_id, case_id, kind.as_str()]), &key.0[..], rng)?);
    Ok(out)
}

fn open_grant(user: &UnlockedUser, case_id: &str, kind: GrantKind, sealed: &[u8]) -> Result<Key32, VaultError> {
    let tampered =
        || VaultError::Tampered { what: format!("{} grant of {} for {case_id}", kind.as_str(), user.user_id) };
    let eph: [u8; 32] = sealed.get(..32).and_then(|b| b.try_into().ok()).ok_or_else(tampered)?;
    let own_public = PublicKey::from(&user.secret).to_bytes();
    let shared = Zeroizing::new(user.secret.diffie_hellman(&PublicKey::from(eph)).to_bytes());
    let k = box_key(&shared, &eph, &own_public).ok_or_else(tampered)?;
    let plain = k.open(&associated(&["grant", &user.user_id, case_id, kind.as_str()]), &sealed[32..], "grant")?;
    Key32::from_slice(&plain).ok_or_else(tampered)
}

/// Grants "may read testimonies" of a case: the case key sealed to the user's public key.
pub fn grant_case_key(
    public_key: &[u8; 32],
    user_id: &str,
    case_id: &str,
    key: &CaseKey,
    rng: &mut dyn RandomSource,
) -> Result<Vec<u8>, VaultError> {
    seal_grant(public_key, user_id, case_id, GrantKind::Testimonies, &key.0, rng)
}

/// Grants "may see sealed identities" of a case: the identity key sealed to the user's public key.
pub fn grant_identity_key(
    public_key: &[u8; 32],
    user_id: &str,
    case_id: &str,
    key: &IdentityKey,
    rng: &mut dyn RandomSource,
) -> Result<Vec<u8>, VaultError> {
    seal_grant(public_key, user_id, case_id, GrantKind::Identities, &key.0, rng)
}

/// Opens a user's identity grant for a case.
pub fn open_identity_grant(user: &UnlockedUser, case_id: &str, sealed: &[u8]) -> Result<IdentityKey, VaultError> {
    open_grant(user, case_id, GrantKind::Identities, sealed).map(IdentityKey)
}

/// Opens a user's case-key grant for a case.
pub fn open_case_grant(user: &UnlockedUser, case_id: &str, sealed: &[u8]) -> Result<CaseKey, VaultError> {
    open_grant(user, case_id, GrantKind::Testimonies, sealed).map(CaseKey)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsRandom;

    fn pass(s: &str) -> Passphrase {
        Passphrase::for_unlock(s.to_string())
    }

    #[test]
    fn grants_open_only_for_their_user_case_and_kind() {
        let kdf = KdfParams::for_tests();
        let mut rng = OsRandom;
        let alice = new_user("usr_alice", &pass("alice's long password"), kdf, &mut rng).unwrap();
        let bob = new_user("usr_bob", &pass("bob's long password"), kdf, &mut rng).unwrap();
        let identity = IdentityKey(Key32::random(&mut rng).unwrap());
        let sealed = identity.seal("wit_1", "legal_name", "Invented Name", &mut rng).unwrap();
        let grant = grant_identity_key(&alice.public_key, "usr_alice", "case_1", &identity, &mut rng).unwrap();
        // Alice, with her password, opens the grant and the sealed field.
        let a = unlock_user("usr_alice", &alice, &pass("alice's long password")).unwrap();
        let key = open_identity_grant(&a, "case_1", &grant).unwrap();
        assert_eq!(key.open("wit_1", "legal_name", &sealed).unwrap().expose(), "Invented Name");
        // Not with a wrong password, not for another case or kind, not as Bob, not altered.
        assert!(unlock_user("usr_alice", &alice, &pass("wrong password here")).is_err());
        assert!(open_identity_grant(&a, "case_2", &grant).is_err());
        assert!(open_case_grant(&a, "case_1", &grant).is_err());
        let b = unlock_user("usr_bob", &bob, &pass("bob's long password")).unwrap();
        assert!(open_identity_grant(&b, "case_1", &grant).is_err());
        let mut bent = grant.clone();
        let last = bent.len() - 1;
        bent[last] ^= 1;
        assert!(open_identity_grant(&a, "case_1", &bent).is_err());
        // The private key is bound to its user id.
        assert!(unlock_user("usr_bob", &alice, &pass("alice's long password")).is_err());
    }

    #[test]
    fn login_checks_the_password() {
        // Unknown users run the same Argon2id derivation with a dummy salt (see `login`); that
        // equal cost is a property of the code path, not something a timed test should assert.
        let kdf = KdfParams::for_tests();
        let keys = new_user("usr_a", &pass("a long enough password"), kdf, &mut OsRandom).unwrap();
        assert!(login(Some(&keys), &pass("a long enough password"), kdf).unwrap());
        assert!(!login(Some(&keys), &pass("a long enough passwore"), kdf).unwrap());
        assert!(!login(None, &pass("a long enough password"), kdf).unwrap());
    }
}
