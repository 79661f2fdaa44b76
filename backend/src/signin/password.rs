//! Reviewers' passwords, kept only as Argon2id hashes (PHC strings with their salt and
//! parameters: argon2's defaults, 19 MiB, two passes, as OWASP recommends), checked off the
//! async threads since a check takes tens of milliseconds on purpose.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;

/// The fewest characters a password has (NIST SP 800-63B asks at least 8; a reviewer's account
/// reads every applicant's file, so more).
pub const MIN_CHARS: usize = 12;

/// Why a password cannot be set, in words for the operator; none if it can.
pub fn refused(password: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Some(format!(
            "密码至少{MIN_CHARS}个字符（现为{chars}个）/ a password has at least {MIN_CHARS} characters"
        ));
    }
    if chars > 256 {
        return Some("密码至多256个字符 / a password has at most 256 characters".to_owned());
    }
    None
}

/// The PHC string of `password` under a new random salt.
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes are a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2's default parameters hash any password")
        .to_string()
}

/// Whether `password` is the one `stored` was made from. An account without a password
/// (`stored` empty) is checked against a hash of nothing anyone knows, so that it takes as
/// long as a real check and the time tells no one which accounts exist.
pub async fn matches(password: String, stored: String) -> bool {
    static NOBODY: LazyLock<String> = LazyLock::new(|| hash("no account has this password"));
    tokio::task::spawn_blocking(move || {
        let real = !stored.is_empty();
        let stored = if real {
            stored.as_str()
        } else {
            NOBODY.as_str()
        };
        let Ok(parsed) = PasswordHash::new(stored) else {
            return false;
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && real
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_matches_its_hash_only() {
        let stored = hash("correct horse battery");
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("horse"));
        assert!(matches("correct horse battery".into(), stored.clone()).await);
        assert!(!matches("correct horse batterY".into(), stored.clone()).await);
        assert!(!matches(String::new(), String::new()).await);
        assert!(!matches("no account has this password".into(), String::new()).await);
        assert_ne!(
            hash("correct horse battery"),
            stored,
            "a new salt each time"
        );
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(refused("short").unwrap().contains("12"));
        assert!(refused("twelve chars").is_none());
    }
}
