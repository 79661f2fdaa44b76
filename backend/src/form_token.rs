//! The form pages' token: an HMAC over the program and the day the page was made for, with the
//! deployment's key (`Store::form_key`). A form posted without script (`crate::plain`) from a
//! browser that says neither where the post comes from (`Origin`) nor whether it is cross-site
//! (`Sec-Fetch-Site`) must carry it, so that another site cannot post an applicant's browser
//! to the server from a page of its own. No cookie: the page stays the same for everyone all
//! day (cacheable), and works in a portal's frame, where third-party cookies are refused.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use shared::Date;

/// The token of `program`'s form page made on `day`: 32 hex digits (128 bits).
pub fn token(key: &str, program: &str, day: Date) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("{program}\n{day}").as_bytes());
    crate::hashing::hex(&mac.finalize().into_bytes()[..16])
}

/// Whether `given` is the token of `program`'s page made today or yesterday (in Asia/Shanghai,
/// at `now`, Unix seconds): a page kept open over midnight still posts.
pub fn valid(key: &str, program: &str, given: &str, now: i64) -> bool {
    [now, now - 24 * 60 * 60]
        .into_iter()
        .any(|t| crate::hashing::same(&token(key, program, Date::in_shanghai(t)), given))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_holds_for_its_program_today_and_yesterday_only() {
        let now = 1_796_000_000; // 2026-11-29 in Shanghai
        let day = |t: i64| Date::in_shanghai(t);
        let today = token("k", "sx-provincial", day(now));
        assert_eq!(today.len(), 32);
        assert!(valid("k", "sx-provincial", &today, now));
        assert!(valid("k", "sx-provincial", &today, now + 24 * 60 * 60));
        assert!(!valid("k", "sx-provincial", &today, now + 2 * 24 * 60 * 60));
        assert!(!valid("k", "cq-municipal", &today, now));
        assert!(!valid("other key", "sx-provincial", &today, now));
        assert!(!valid("k", "sx-provincial", "", now));
    }
}
