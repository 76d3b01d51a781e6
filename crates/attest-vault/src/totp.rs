//! Time-based one-time passwords (RFC 6238, HMAC-SHA-1, 6 digits, 30-second steps): the optional
//! second factor of the web workspace's sign-in. The secret is what an authenticator app holds;
//! it is stored in the (encrypted) archive database, because the server must check codes without
//! the user's password.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::{RandomSource, VaultError};

/// Seconds per step.
pub const STEP: u64 = 30;

/// A new 160-bit secret.
pub fn new_totp_secret(rng: &mut dyn RandomSource) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let mut s = Zeroizing::new(vec![0u8; 20]);
    rng.fill(&mut s[..])?;
    Ok(s)
}

/// The 6-digit code for a step (RFC 4226 dynamic truncation).
pub fn totp_at(secret: &[u8], step: u64) -> u32 {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(secret) else { return 0 };
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let off = (h[h.len() - 1] & 0x0f) as usize;
    let bin = u32::from_be_bytes([h[off] & 0x7f, h[off + 1], h[off + 2], h[off + 3]]);
    bin % 1_000_000
}

/// Checks a code typed at `unix` seconds, allowing one step of clock drift either way. Returns
/// the step it matched, so the caller can refuse the same code twice.
pub fn totp_check(secret: &[u8], code: &str, unix: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let given: u32 = code.parse().ok()?;
    let now = unix / STEP;
    // Compare every candidate, so the time does not say which step matched.
    let mut matched = None;
    for step in [now.saturating_sub(1), now, now + 1] {
        if bool::from(totp_at(secret, step).ct_eq(&given)) && matched.is_none() {
            matched = Some(step);
        }
    }
    matched
}

/// The `otpauth://` address an authenticator app reads (usually as a QR code).
pub fn otpauth_uri(secret: &[u8], account: &str, issuer: &str) -> Zeroizing<String> {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect()
    };
    Zeroizing::new(format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period={STEP}",
        enc(issuer),
        enc(account),
        data_encoding::BASE32_NOPAD.encode(secret),
        enc(issuer)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_vectors_for_sha1_truncated_to_six_digits() {
        // RFC 6238 appendix B gives 8 digits; the last 6 are the 6-digit codes.
        let secret = b"12345678901234567890";
        for (t, eight) in [
            (59u64, 94287082u32),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
        ] {
            assert_eq!(totp_at(secret, t / STEP), eight % 1_000_000, "T={t}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_way_and_not_beyond() {
        let secret = b"12345678901234567890";
        let code = format!("{:06}", totp_at(secret, 1000));
        assert_eq!(totp_check(secret, &code, 1000 * STEP + 5), Some(1000));
        assert_eq!(totp_check(secret, &code, 1001 * STEP), Some(1000));
        assert_eq!(totp_check(secret, &code, 999 * STEP), Some(1000));
        assert_eq!(totp_check(secret, &code, 1002 * STEP), None);
        assert_eq!(totp_check(secret, "12345", 1000 * STEP), None);
        assert_eq!(totp_check(secret, "abcdef", 1000 * STEP), None);
    }

    #[test]
    fn the_uri_carries_the_secret_in_base32() {
        let uri = otpauth_uri(b"12345678901234567890", "ivan", "attest");
        assert!(uri.starts_with("otpauth://totp/attest:ivan?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&"), "{}", *uri);
    }
}
