//! An Idempotency-Key's answer, sealed. A 201 answer holds the applicant's secret, and a retry
//! after a lost answer must get it again, so it is kept for a day (`store::writer` sweeps it),
//! but never readable at rest: the database keeps the SHA-256 of the Idempotency-Key to find
//! it, and the answer encrypted (ChaCha20-Poly1305) under a key derived from the
//! Idempotency-Key itself (HKDF-SHA-256), which only the retrying client has. Neither the
//! stored hash nor the request's fingerprint (which can be recomputed from what is stored)
//! opens it, so a copy of the database, its WAL or a backup yields no secret.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;

use crate::hashing::{hex, sha256_hex};

/// What a sealed answer starts with: the format, so that another one can follow it (and an
/// answer kept in clear, JSON, is told apart).
pub const V1: &str = "v1:";

/// The name an answer is found by: the SHA-256 of its Idempotency-Key.
pub fn lookup(idempotency_key: &str) -> String {
    sha256_hex(idempotency_key)
}

fn cipher(idempotency_key: &str) -> ChaCha20Poly1305 {
    let hkdf = Hkdf::<Sha256>::new(Some(b"pilot idempotent answer"), idempotency_key.as_bytes());
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA-256's limit of 8160: expanding cannot fail.
    let _ = hkdf.expand(b"v1", &mut key);
    ChaCha20Poly1305::new(Key::from_slice(&key))
}

/// `answer` sealed under `idempotency_key`, as text.
pub fn seal(idempotency_key: &str, answer: &str) -> String {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    // Encrypting a slice in memory fails only past ChaCha20's 256 GiB per nonce.
    let sealed = cipher(idempotency_key)
        .encrypt(Nonce::from_slice(&nonce), answer.as_bytes())
        .unwrap_or_default();
    format!("{V1}{}{}", hex(&nonce), hex(&sealed))
}

/// The answer `sealed` holds, if `idempotency_key` is the key it was sealed under.
pub fn open(idempotency_key: &str, sealed: &str) -> Option<String> {
    let bytes = unhex(sealed.strip_prefix(V1)?)?;
    if bytes.len() < 12 {
        return None;
    }
    let (nonce, body) = bytes.split_at(12);
    let plain = cipher(idempotency_key)
        .decrypt(Nonce::from_slice(nonce), body)
        .ok()?;
    String::from_utf8(plain).ok()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_its_key_opens_an_answer() {
        let answer = r#"{"receipt":"K7Q3-M9XA","secret":"ABCDE-FGHJK-MNPQR-STUVW"}"#;
        let sealed = seal("key-1", answer);
        assert!(sealed.starts_with(V1));
        assert!(!sealed.contains("ABCDE"), "{sealed}");
        assert_eq!(open("key-1", &sealed).as_deref(), Some(answer));
        assert_eq!(open("key-2", &sealed), None);
        assert_eq!(open(&lookup("key-1"), &sealed), None);
        // Sealed twice, it differs (a new nonce each time); a changed byte does not open.
        assert_ne!(seal("key-1", answer), sealed);
        let mut broken = sealed.clone().into_bytes();
        let last = broken.len() - 1;
        broken[last] = if broken[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(open("key-1", &String::from_utf8(broken).unwrap()), None);
    }
}
