//! Users' keys and cryptographic grants: the foundation of the web workspace's roles (design in
//! `docs/WORKSPACE_DESIGN.md`, attacks and answers in `docs/THREAT_MODEL.md`).
//!
//! - A user's password goes through Argon2id once, with the user's own salt, into 64 bytes: the
//!   first half is the user's key-encryption key, the second half a login verifier of which only
//!   a SHA-256 is stored.
//! - Each user has an X25519 key pair of a numbered generation; the private key is stored sealed
//!   under the user's KEK, bound to the user and the generation. Unlocking checks that the stored
//!   public key is the private key's ([`VaultError::KeyMismatch`] otherwise).
//! - A grant is a sealed box to the user's public key holding a case key ("may read
//!   testimonies") or an identity key ("may see sealed identities"). The box is X25519 with an
//!   ephemeral key, HKDF-SHA256 over the shared secret and both public keys, and
//!   XChaCha20-Poly1305 whose associated data binds the archive, the user, the case, the kind and
//!   the key's generation ([`GrantContext`]). A low-order recipient or ephemeral key (a shared
//!   secret of all zeros, which anyone can compute) is refused when sealing and when opening
//!   (`was_contributory`).
//! - The custodian pins a user's public key when first granting to them: an HMAC over (archive,
//!   user, public key) under a key derived from the archive key ([`ArchiveKey::pin_user_key`]).
//!   The database-key holder can neither forge nor move a pin.
//! - [`login`] does the same Argon2id work whether or not the user exists.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::{ArchiveKey, CaseKey, IdentityKey, KdfParams, Key32, Passphrase, RandomSource, VaultError, hex};

/// What is stored for a user: nothing here opens anything without the password.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The key pair's generation: 1 at enrolment, one more at each rotation; bound into the
    /// sealing of the private key.
    #[serde(default = "first_generation")]
    pub generation: u64,
}

fn first_generation() -> u64 {
    1
}

impl std::fmt::Debug for UserKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Salt and verifier would let anyone test guessed passwords offline: never printed.
        f.debug_struct("UserKeys")
            .field("public_key", &key_fingerprint(&self.public_key))
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
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
    /// The name stored and bound into grants.
    pub fn as_str(self) -> &'static str {
        match self {
            GrantKind::Testimonies => "testimonies",
            GrantKind::Identities => "identities",
        }
    }
}

/// What a grant is bound to besides its user: the archive, the case and the generation of the
/// key it carries. A grant opens only with the same values, so it cannot be moved to another
/// archive or case, and a grant of an older generation (a rolled-back revoke) does not open as
/// the current one.
#[derive(Debug, Clone, Copy)]
pub struct GrantContext<'a> {
    /// The archive's random id.
    pub archive_id: &'a str,
    /// The case.
    pub case_id: &'a str,
    /// The generation of the case's key of this kind.
    pub generation: u64,
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

fn new_secret(rng: &mut dyn RandomSource) -> Result<StaticSecret, VaultError> {
    let mut private = Zeroizing::new([0u8; 32]);
    rng.fill(&mut private[..])?;
    Ok(StaticSecret::from(*private))
}

fn seal_private(
    kek: &Key32,
    user_id: &str,
    generation: u64,
    secret: &StaticSecret,
    rng: &mut dyn RandomSource,
) -> Result<Vec<u8>, VaultError> {
    let private = Zeroizing::new(secret.to_bytes());
    kek.seal(&["user-private", user_id], Some(generation), &private[..], rng)
}

/// Creates a user's keys from their password: a new key pair of generation 1.
pub fn new_user(
    user_id: &str,
    password: &Passphrase,
    kdf: KdfParams,
    rng: &mut dyn RandomSource,
) -> Result<UserKeys, VaultError> {
    let mut salt = [0u8; 16];
    rng.fill(&mut salt)?;
    let (kek, verifier_sha256) = derive_user(password, &salt, kdf)?;
    let secret = new_secret(rng)?;
    let public_key = PublicKey::from(&secret).to_bytes();
    let sealed_private_key = seal_private(&kek, user_id, 1, &secret, rng)?;
    Ok(UserKeys { salt, kdf, verifier_sha256, public_key, sealed_private_key, generation: 1 })
}

/// Checks a password. `None` (no such user) costs one Argon2id run with `kdf`, which the caller
/// sets to the parameters a real user gets by default.
pub fn login(keys: Option<&UserKeys>, password: &Passphrase, kdf: KdfParams) -> Result<bool, VaultError> {
    match keys {
        Some(k) => Ok(derive_user(password, &k.salt, k.kdf)?.1.ct_eq(&k.verifier_sha256).into()),
        None => {
            derive_user(password, &DUMMY_SALT, kdf)?;
            Ok(false)
        }
    }
}

/// Opens a user's private key with their password (for one grant operation), and checks that the
/// stored public key is this private key's: a public key replaced in the database (to have grants
/// sealed to someone else) is found the next time its user unlocks.
pub fn unlock_user(user_id: &str, keys: &UserKeys, password: &Passphrase) -> Result<UnlockedUser, VaultError> {
    let (kek, verifier) = derive_user(password, &keys.salt, keys.kdf)?;
    if !bool::from(verifier.ct_eq(&keys.verifier_sha256)) {
        return Err(VaultError::WrongPassphrase);
    }
    let private =
        kek.open(&["user-private", user_id], Some(keys.generation), &keys.sealed_private_key, "user private key")?;
    let bytes: Zeroizing<[u8; 32]> =
        Zeroizing::new(private[..].try_into().map_err(|_| VaultError::Tampered { what: "user private key".into() })?);
    let secret = StaticSecret::from(*bytes);
    if !bool::from(PublicKey::from(&secret).as_bytes().ct_eq(&keys.public_key)) {
        return Err(VaultError::KeyMismatch { user: user_id.to_string() });
    }
    Ok(UnlockedUser { user_id: user_id.to_string(), secret })
}

/// A new password for the same key pair: new salt, new verifier, the private key sealed again.
/// Needs the old password (it opens the private key).
pub fn change_password(
    user_id: &str,
    keys: &UserKeys,
    old: &Passphrase,
    new: &Passphrase,
    kdf: KdfParams,
    rng: &mut dyn RandomSource,
) -> Result<UserKeys, VaultError> {
    let unlocked = unlock_user(user_id, keys, old)?;
    let mut salt = [0u8; 16];
    rng.fill(&mut salt)?;
    let (kek, verifier_sha256) = derive_user(new, &salt, kdf)?;
    let sealed_private_key = seal_private(&kek, user_id, keys.generation, &unlocked.secret, rng)?;
    Ok(UserKeys {
        salt,
        kdf,
        verifier_sha256,
        public_key: keys.public_key,
        sealed_private_key,
        generation: keys.generation,
    })
}

/// A new key pair (the next generation) under the same password. The old private key is returned
/// opened, so that the caller can move the user's grants to the new key in the same step.
pub fn rotate_user_keys(
    user_id: &str,
    keys: &UserKeys,
    password: &Passphrase,
    rng: &mut dyn RandomSource,
) -> Result<(UserKeys, UnlockedUser), VaultError> {
    let old = unlock_user(user_id, keys, password)?;
    let (kek, _) = derive_user(password, &keys.salt, keys.kdf)?;
    let secret = new_secret(rng)?;
    let generation = keys.generation + 1;
    let new = UserKeys {
        salt: keys.salt,
        kdf: keys.kdf,
        verifier_sha256: keys.verifier_sha256,
        public_key: PublicKey::from(&secret).to_bytes(),
        sealed_private_key: seal_private(&kek, user_id, generation, &secret, rng)?,
        generation,
    };
    Ok((new, old))
}

/// A short, human-comparable fingerprint of a user's public key (SHA-256, first 100 bits, in
/// base32 groups), for confirming it out of band: `ABCDE-FGHIJ-KLMNO-PQRST`.
pub fn key_fingerprint(public_key: &[u8; 32]) -> String {
    let mut h = Sha256::new();
    h.update(b"attest/v2 user key fingerprint");
    h.update(public_key);
    let digest = h.finalize();
    let b32 = data_encoding::BASE32_NOPAD.encode(&digest[..13]);
    let chars: Vec<char> = b32.chars().take(20).collect();
    chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

fn pin_message(archive_id: &str, user_id: &str, public_key: &[u8; 32]) -> Vec<u8> {
    crate::associated_data(crate::VERSION, &["user-key-pin", archive_id, user_id, &hex(public_key)], None)
}

impl ArchiveKey {
    fn pin_mac(&self) -> Hmac<Sha256> {
        // A key of its own, derived from the archive key, so a pin is never a valid ciphertext
        // key nor the other way round. HMAC takes keys of any length: these cannot fail.
        let mut derive =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0.0[..]).unwrap_or_else(|_| unreachable_hmac());
        derive.update(b"attest/v2 user-key-pin key");
        let key: Zeroizing<[u8; 32]> = Zeroizing::new(derive.finalize().into_bytes().into());
        <Hmac<Sha256> as KeyInit>::new_from_slice(&key[..]).unwrap_or_else(|_| unreachable_hmac())
    }

    /// The pin of a user's public key: HMAC-SHA256 over (archive, user, public key) under a key
    /// derived from the archive key. Stored beside the user; only the archive key holder can make
    /// one, so a key replaced in the database has no valid pin.
    pub fn pin_user_key(&self, archive_id: &str, user_id: &str, public_key: &[u8; 32]) -> [u8; 32] {
        let mut mac = self.pin_mac();
        mac.update(&pin_message(archive_id, user_id, public_key));
        mac.finalize().into_bytes().into()
    }

    /// Whether `pin` is the pin of this user's public key (constant-time).
    pub fn check_user_key_pin(&self, archive_id: &str, user_id: &str, public_key: &[u8; 32], pin: &[u8]) -> bool {
        let mut mac = self.pin_mac();
        mac.update(&pin_message(archive_id, user_id, public_key));
        mac.verify_slice(pin).is_ok()
    }
}

fn unreachable_hmac() -> Hmac<Sha256> {
    // HMAC-SHA256 accepts every key length; this exists only to avoid a panic path.
    <Hmac<Sha256> as KeyInit>::new(&Default::default())
}

/// HKDF-SHA256 (RFC 5869) with one output block: extract over the shared secret, expand with
/// both public keys as info, as DHKEM does.
fn box_key(shared: &[u8; 32], ephemeral: &[u8; 32], recipient: &[u8; 32]) -> Option<Key32> {
    let mut extract = <Hmac<Sha256> as KeyInit>::new_from_slice(b"attest/v2 grant box").ok()?;
    extract.update(shared);
    let prk: Zeroizing<[u8; 32]> = Zeroizing::new(extract.finalize().into_bytes().into());
    let mut expand = <Hmac<Sha256> as KeyInit>::new_from_slice(&prk[..]).ok()?;
    expand.update(ephemeral);
    expand.update(recipient);
    expand.update(&[1]);
    let okm: Zeroizing<[u8; 32]> = Zeroizing::new(expand.finalize().into_bytes().into());
    Key32::from_slice(&okm[..])
}

fn grant_parts<'a>(ctx: &GrantContext<'a>, user_id: &'a str, kind: GrantKind) -> [&'a str; 5] {
    ["grant", ctx.archive_id, user_id, ctx.case_id, kind.as_str()]
}

fn seal_grant(
    recipient: &[u8; 32],
    user_id: &str,
    ctx: &GrantContext<'_>,
    kind: GrantKind,
    key: &Key32,
    rng: &mut dyn RandomSource,
) -> Result<Vec<u8>, VaultError> {
    let eph = new_secret(rng)?;
    let eph_public = PublicKey::from(&eph).to_bytes();
    let shared = eph.diffie_hellman(&PublicKey::from(*recipient));
    // A low-order recipient key makes the shared secret all zeros whatever the ephemeral key:
    // anyone could then open the grant. Refuse to seal to it.
    if !shared.was_contributory() {
        return Err(VaultError::LowOrderKey { what: format!("public key of {user_id}") });
    }
    let shared = Zeroizing::new(shared.to_bytes());
    let k = box_key(&shared, &eph_public, recipient).ok_or(VaultError::Random)?;
    let mut out = eph_public.to_vec();
    out.extend(k.seal(&grant_parts(ctx, user_id, kind), Some(ctx.generation), &key.0[..], rng)?);
    Ok(out)
}

fn open_grant(
    user: &UnlockedUser,
    ctx: &GrantContext<'_>,
    kind: GrantKind,
    sealed: &[u8],
) -> Result<Key32, VaultError> {
    let what =
        format!("{} grant of {} for {} (generation {})", kind.as_str(), user.user_id, ctx.case_id, ctx.generation);
    let tampered = || VaultError::Tampered { what: what.clone() };
    let eph: [u8; 32] = sealed.get(..32).and_then(|b| b.try_into().ok()).ok_or_else(tampered)?;
    let own_public = PublicKey::from(&user.secret).to_bytes();
    let shared = user.secret.diffie_hellman(&PublicKey::from(eph));
    if !shared.was_contributory() {
        return Err(VaultError::LowOrderKey { what });
    }
    let shared = Zeroizing::new(shared.to_bytes());
    let k = box_key(&shared, &eph, &own_public).ok_or_else(tampered)?;
    let plain = k.open(&grant_parts(ctx, &user.user_id, kind), Some(ctx.generation), &sealed[32..], &what)?;
    Key32::from_slice(&plain).ok_or_else(tampered)
}

/// Grants "may read testimonies" of a case: the case key sealed to the user's public key.
pub fn grant_case_key(
    public_key: &[u8; 32],
    user_id: &str,
    ctx: &GrantContext<'_>,
    key: &CaseKey,
    rng: &mut dyn RandomSource,
) -> Result<Vec<u8>, VaultError> {
    seal_grant(public_key, user_id, ctx, GrantKind::Testimonies, &key.0, rng)
}

/// Grants "may see sealed identities" of a case: the identity key sealed to the user's public key.
pub fn grant_identity_key(
    public_key: &[u8; 32],
    user_id: &str,
    ctx: &GrantContext<'_>,
    key: &IdentityKey,
    rng: &mut dyn RandomSource,
) -> Result<Vec<u8>, VaultError> {
    seal_grant(public_key, user_id, ctx, GrantKind::Identities, &key.0, rng)
}

/// Opens a user's identity grant for a case.
pub fn open_identity_grant(
    user: &UnlockedUser,
    ctx: &GrantContext<'_>,
    sealed: &[u8],
) -> Result<IdentityKey, VaultError> {
    open_grant(user, ctx, GrantKind::Identities, sealed).map(IdentityKey)
}

/// Opens a user's case-key grant for a case.
pub fn open_case_grant(user: &UnlockedUser, ctx: &GrantContext<'_>, sealed: &[u8]) -> Result<CaseKey, VaultError> {
    open_grant(user, ctx, GrantKind::Testimonies, sealed).map(CaseKey)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsRandom;

    fn pass(s: &str) -> Passphrase {
        Passphrase::for_unlock(s.to_string())
    }

    const CTX: GrantContext<'static> = GrantContext { archive_id: "arch_1", case_id: "case_1", generation: 1 };

    #[test]
    fn grants_open_only_for_their_user_case_kind_archive_and_generation() {
        let kdf = KdfParams::for_tests();
        let mut rng = OsRandom;
        let alice = new_user("usr_alice", &pass("alice's long password"), kdf, &mut rng).unwrap();
        let bob = new_user("usr_bob", &pass("bob's long password"), kdf, &mut rng).unwrap();
        let identity = IdentityKey(Key32::random(&mut rng).unwrap());
        let sealed = identity.seal("wit_1", "legal_name", "Invented Name", &mut rng).unwrap();
        let grant = grant_identity_key(&alice.public_key, "usr_alice", &CTX, &identity, &mut rng).unwrap();
        // Alice, with her password, opens the grant and the sealed field.
        let a = unlock_user("usr_alice", &alice, &pass("alice's long password")).unwrap();
        let key = open_identity_grant(&a, &CTX, &grant).unwrap();
        assert_eq!(key.open("wit_1", "legal_name", &sealed).unwrap().expose(), "Invented Name");
        // Not with a wrong password, not for another case, archive, generation or kind, not as
        // Bob, not altered.
        assert!(unlock_user("usr_alice", &alice, &pass("wrong password here")).is_err());
        assert!(open_identity_grant(&a, &GrantContext { case_id: "case_2", ..CTX }, &grant).is_err());
        assert!(open_identity_grant(&a, &GrantContext { archive_id: "arch_2", ..CTX }, &grant).is_err());
        assert!(open_identity_grant(&a, &GrantContext { generation: 2, ..CTX }, &grant).is_err());
        assert!(open_case_grant(&a, &CTX, &grant).is_err());
        let b = unlock_user("usr_bob", &bob, &pass("bob's long password")).unwrap();
        assert!(open_identity_grant(&b, &CTX, &grant).is_err());
        let mut bent = grant.clone();
        let last = bent.len() - 1;
        bent[last] ^= 1;
        assert!(open_identity_grant(&a, &CTX, &bent).is_err());
        // The version byte is bound too: changing it fails instead of parsing differently.
        let mut version = grant.clone();
        version[32] = crate::LEGACY_VERSION;
        assert!(open_identity_grant(&a, &CTX, &version).is_err());
        // The private key is bound to its user id.
        assert!(unlock_user("usr_bob", &alice, &pass("alice's long password")).is_err());
    }

    /// The attack of issue 13: a public key replaced by the all-zero point (or another point of
    /// small order) gives a shared secret of zeros, known to anyone. Sealing refuses it; a grant
    /// whose ephemeral key is such a point does not open.
    #[test]
    fn low_order_public_keys_are_refused_both_ways() {
        let mut rng = OsRandom;
        let identity = IdentityKey(Key32::random(&mut rng).unwrap());
        // The zero point, the point of order 2 (u = 1) and one of order 8.
        let mut order8 = [0u8; 32];
        order8.copy_from_slice(
            &crate::unhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800").unwrap(),
        );
        let mut one = [0u8; 32];
        one[0] = 1;
        for bad in [[0u8; 32], one, order8] {
            let err = grant_identity_key(&bad, "usr_x", &CTX, &identity, &mut rng).unwrap_err();
            assert!(matches!(err, VaultError::LowOrderKey { .. }), "{err}");
        }
        let kdf = KdfParams::for_tests();
        let alice = new_user("usr_alice", &pass("alice's long password"), kdf, &mut rng).unwrap();
        let a = unlock_user("usr_alice", &alice, &pass("alice's long password")).unwrap();
        // An attacker's grant with a zero ephemeral key: its box key is computable by anyone.
        let forged_key = box_key(&[0u8; 32], &[0u8; 32], &alice.public_key).unwrap();
        let mut forged = vec![0u8; 32];
        let attacker_key = Key32::random(&mut rng).unwrap();
        forged.extend(
            forged_key
                .seal(&grant_parts(&CTX, "usr_alice", GrantKind::Identities), Some(1), &attacker_key.0[..], &mut rng)
                .unwrap(),
        );
        assert!(matches!(open_identity_grant(&a, &CTX, &forged), Err(VaultError::LowOrderKey { .. })));
    }

    #[test]
    fn unlocking_checks_the_stored_public_key_is_the_private_keys() {
        let kdf = KdfParams::for_tests();
        let mut rng = OsRandom;
        let mut alice = new_user("usr_alice", &pass("alice's long password"), kdf, &mut rng).unwrap();
        let mallory = new_user("usr_mallory", &pass("mallory's password"), kdf, &mut rng).unwrap();
        alice.public_key = mallory.public_key;
        let err = unlock_user("usr_alice", &alice, &pass("alice's long password")).err().unwrap();
        assert!(matches!(err, VaultError::KeyMismatch { .. }), "{err}");
    }

    #[test]
    fn pins_bind_archive_user_and_key() {
        let pass_a = Passphrase::parse("a long enough passphrase".into()).unwrap();
        let (_, keys) = crate::create_archive_keys(&pass_a, KdfParams::for_tests(), &mut OsRandom).unwrap();
        let (_, other) = crate::create_archive_keys(&pass_a, KdfParams::for_tests(), &mut OsRandom).unwrap();
        let pk = [9u8; 32];
        let pin = keys.archive.pin_user_key("arch_1", "usr_a", &pk);
        assert!(keys.archive.check_user_key_pin("arch_1", "usr_a", &pk, &pin));
        assert!(!keys.archive.check_user_key_pin("arch_1", "usr_b", &pk, &pin));
        assert!(!keys.archive.check_user_key_pin("arch_2", "usr_a", &pk, &pin));
        assert!(!keys.archive.check_user_key_pin("arch_1", "usr_a", &[8u8; 32], &pin));
        assert!(!other.archive.check_user_key_pin("arch_1", "usr_a", &pk, &pin));
        let fp = key_fingerprint(&pk);
        assert_eq!((fp.len(), fp.matches('-').count()), (23, 3), "{fp}");
        assert_ne!(fp, key_fingerprint(&[8u8; 32]));
    }

    #[test]
    fn password_change_keeps_the_key_and_rotation_makes_a_new_generation() {
        let kdf = KdfParams::for_tests();
        let mut rng = OsRandom;
        let keys = new_user("usr_a", &pass("first password long"), kdf, &mut rng).unwrap();
        let changed =
            change_password("usr_a", &keys, &pass("first password long"), &pass("second password long"), kdf, &mut rng)
                .unwrap();
        assert_eq!((changed.public_key, changed.generation), (keys.public_key, 1));
        assert!(unlock_user("usr_a", &changed, &pass("first password long")).is_err());
        assert!(unlock_user("usr_a", &changed, &pass("second password long")).is_ok());
        assert!(
            change_password("usr_a", &keys, &pass("not the password"), &pass("x long password"), kdf, &mut rng)
                .is_err()
        );
        let (rotated, old) = rotate_user_keys("usr_a", &changed, &pass("second password long"), &mut rng).unwrap();
        assert_eq!(rotated.generation, 2);
        assert_ne!(rotated.public_key, keys.public_key);
        assert_eq!(PublicKey::from(&old.secret).to_bytes(), keys.public_key);
        assert!(unlock_user("usr_a", &rotated, &pass("second password long")).is_ok());
        // The private key of generation 2 does not pass for generation 1.
        let mut rolled = rotated.clone();
        rolled.generation = 1;
        assert!(unlock_user("usr_a", &rolled, &pass("second password long")).is_err());
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

    #[test]
    fn secret_bearing_types_do_not_print_their_contents() {
        let keys = new_user("usr_a", &pass("a long enough password"), KdfParams::for_tests(), &mut OsRandom).unwrap();
        let shown = format!("{keys:?}");
        for secret in [hex(&keys.salt), hex(&keys.verifier_sha256), hex(&keys.sealed_private_key)] {
            assert!(!shown.contains(&secret), "{shown}");
        }
        assert!(!shown.contains("salt") && !shown.contains("verifier"), "{shown}");
    }
}
