//! SHA-256 in hex, as the server keeps what it must recognise but not hold: reviewers' tokens
//! and applicants' secrets (compared in constant time, [`matches()`]), Idempotency-Keys, files by
//! their content, the audit log's chain.

use sha2::{Digest, Sha256};

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `data`, in hex.
pub fn sha256_hex(data: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(data))
}

/// Whether `secret` is the one whose hash is `stored`, taking the same time wherever the two
/// first differ, so timing tells an attacker nothing about the stored hash.
pub fn matches(secret: &str, stored: &str) -> bool {
    same(&sha256_hex(secret), stored)
}

/// Whether `a` and `b` are equal, taking the same time wherever they first differ (their
/// lengths are no secret: both are hashes' or MACs' hex).
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
