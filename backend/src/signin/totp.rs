//! The second factor: time-based one-time passwords (TOTP, RFC 6238) as authenticator apps
//! make them: HMAC-SHA-1 over 30-second steps, six digits, a 160-bit secret. The secret is
//! given to the app once, as an `otpauth://` URI (a QR code of it, or typed in).

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

/// Seconds a code lasts.
pub const PERIOD: u64 = 30;

/// What the issuer is called in the reviewer's authenticator app.
const ISSUER: &str = "标准化试点示范申报";

/// A new secret, as base32 (RFC 4648, unpadded): what is stored and what the URI carries.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    base32(&bytes)
}

/// The `otpauth://` URI an authenticator app enrols `account` with.
pub fn uri(account: &str, secret: &str) -> String {
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period={PERIOD}",
        issuer = percent(ISSUER),
        account = percent(account),
    )
}

/// The code for `secret` (base32) in the step holding `unix` seconds.
pub fn code(secret: &str, unix: u64) -> Option<String> {
    Some(format!("{:06}", at_step(&unbase32(secret)?, unix / PERIOD)))
}

/// The step `given` is the code of, if it is one for a step from one before `unix`'s to one
/// after (a phone's clock may be a little off) and later than `used`, the last step a code was
/// accepted for, so that a code overheard is not good twice.
pub fn verify(secret: &str, given: &str, unix: u64, used: u64) -> Option<u64> {
    let key = unbase32(secret)?;
    let given: String = given.chars().filter(|c| !c.is_whitespace()).collect();
    if given.len() != 6 || !given.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = unix / PERIOD;
    let mut found = None;
    // Every candidate is computed and compared in full, whichever matches.
    for step in now.saturating_sub(1)..=now + 1 {
        let expected = format!("{:06}", at_step(&key, step));
        if crate::hashing::matches(&given, &crate::hashing::sha256_hex(&expected)) && step > used {
            found = Some(step);
        }
    }
    found
}

/// RFC 4226's HOTP value of `key` at `step`, to six digits.
fn at_step(key: &[u8], step: u64) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[19] & 0x0f);
    let bits = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    bits % 1_000_000
}

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let value = ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `text` as one component of a URI: everything but RFC 3986's unreserved characters escaped.
fn percent(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B's SHA-1 vectors, cut to six digits as the apps show them.
    #[test]
    fn the_rfc_vectors_hold() {
        let secret = base32(b"12345678901234567890");
        for (unix, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(code(&secret, unix).unwrap(), eight[2..]);
        }
    }

    #[test]
    fn a_code_is_good_once_and_only_near_its_time() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let given = code(&secret, now).unwrap();
        let step = verify(&secret, &given, now, 0).expect("the current code");
        assert_eq!(step, now / PERIOD);
        // A phone 30 s behind or ahead still signs in.
        assert!(verify(&secret, &given, now + PERIOD, 0).is_some());
        assert!(verify(&secret, &given, now - PERIOD, 0).is_some());
        // Not twice, and not two minutes later.
        assert!(verify(&secret, &given, now, step).is_none());
        assert!(verify(&secret, &given, now + 4 * PERIOD, 0).is_none());
        // Spaces as an app groups it are fine; anything else is not a code.
        let spaced = format!("{} {}", &given[..3], &given[3..]);
        assert!(verify(&secret, &spaced, now, 0).is_some());
        assert!(verify(&secret, "12345", now, 0).is_none());
        assert!(verify(&secret, "abcdef", now, 0).is_none());
    }

    #[test]
    fn base32_round_trips_and_the_uri_names_the_account() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert_eq!(base32(&unbase32(&secret).unwrap()), secret);
        let uri = uri("taiyuan-1", &secret);
        assert!(uri.starts_with("otpauth://totp/%E6%A0%87"), "{uri}");
        assert!(uri.contains(":taiyuan-1?secret="), "{uri}");
        assert!(uri.contains(&secret));
    }
}
