//! A browser's session: 256 random bits in an HttpOnly, SameSite=Strict cookie, of which the
//! database keeps only the SHA-256 (as it does of tokens). It ends 30 minutes after its last
//! request and 12 hours after sign-in, whichever comes first, or at sign-out.

use rand::RngCore;

use crate::hashing::{hex, sha256_hex};

/// The cookie's name.
pub const COOKIE: &str = "pilot_session";

/// Seconds a session lives without a request.
pub const IDLE: i64 = 30 * 60;

/// Seconds a session lives at most.
pub const MAX: i64 = 12 * 60 * 60;

/// Seconds between two writes of a session's last request: within them, one is as good as the
/// other for the idle limit, and a page of requests costs no writes.
pub const SEEN_GRAIN: i64 = 60;

/// A new session's cookie value, and what the database keeps of it.
pub struct NewSession {
    pub value: String,
    pub hash: String,
}

impl NewSession {
    pub fn generate() -> NewSession {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let value = hex(&bytes);
        NewSession {
            hash: hash(&value),
            value,
        }
    }
}

/// What the database keeps of a cookie's value.
pub fn hash(value: &str) -> String {
    sha256_hex(value)
}

/// Whether a session begun at `started` and last seen at `seen` still holds at `now`.
pub fn live(started: i64, seen: i64, now: i64) -> bool {
    now - seen < IDLE && now - started < MAX
}

/// The `Set-Cookie` value that gives the browser its session: for the whole site, never to
/// scripts, never on another site's requests, and over TLS only when the request came so.
pub fn set(value: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={value}; Path=/; Max-Age={MAX}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that takes it away.
pub fn clear(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_idle_or_old() {
        let t = 1_800_000_000;
        assert!(live(t, t, t + IDLE - 1));
        assert!(!live(t, t, t + IDLE));
        // Busy all day, it still ends at twelve hours.
        assert!(live(t, t + MAX - 10, t + MAX - 1));
        assert!(!live(t, t + MAX - 10, t + MAX));
    }

    #[test]
    fn the_cookie_is_strict_and_secure_over_tls() {
        let s = NewSession::generate();
        assert_eq!(s.value.len(), 64);
        assert_eq!(hash(&s.value), s.hash);
        let c = set(&s.value, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
        assert!(!set(&s.value, false).contains("Secure"));
        assert!(clear(false).contains("Max-Age=0"));
    }
}
