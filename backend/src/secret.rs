//! The secret a 201 answer gives with the receipt: with both, the applicant may replace the
//! submission until its call closes. Twenty characters of the receipts' alphabet (no 0/O,
//! 1/I/L), about 99 bits, grouped by five to be copied or read out; only their SHA-256 is
//! stored, and it is compared in constant time, as reviewers' tokens are.

use rand::Rng;

use crate::receipt::ALPHABET;

/// A new secret, `K7Q3M-9XAVB-…`, and the hash to store.
pub fn generate() -> (String, String) {
    let mut rng = rand::rng();
    let mut shown = String::with_capacity(23);
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            shown.push('-');
        }
        shown.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
    }
    let hash = crate::hashing::sha256_hex(normalize(&shown));
    (shown, hash)
}

/// As the applicant may type it: lower case, spaces and hyphens anywhere.
fn normalize(given: &str) -> String {
    given
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether `given` is the secret whose hash is `stored` (never for a submission made before
/// secrets existed, whose stored hash is empty).
pub fn matches(given: &str, stored: &str) -> bool {
    !stored.is_empty() && crate::hashing::matches(&normalize(given), stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_matches_as_typed_and_nothing_else_does() {
        let (shown, hash) = generate();
        assert_eq!(shown.len(), 23);
        assert_eq!(shown.matches('-').count(), 3);
        assert!(matches(&shown, &hash));
        assert!(matches(
            &format!(" {} ", shown.to_lowercase().replace('-', " ")),
            &hash
        ));
        let (other, _) = generate();
        assert!(!matches(&other, &hash));
        assert!(!matches("", &hash));
        assert!(!matches(&shown, ""));
    }
}
