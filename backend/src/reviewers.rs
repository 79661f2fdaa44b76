//! Reviewer accounts and their tokens. A reviewer reads the submissions of the programs they
//! were given, and only their unit's where they have one.
//!
//! A token is `pr_<id>_<secret>`: `id` finds the account (it is not secret), `secret` is 256
//! random bits of which only the SHA-256 is stored, compared in constant time. A stolen
//! database therefore yields no usable token, and a guessed `id` is worth nothing.

use rand::RngCore;

use crate::hashing::{hex, sha256_hex as digest};

/// Someone signed in, and what they may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub name: String,
    pub programs: Vec<String>,
    /// The unit they act for, if any: they see what it received and what the units directly
    /// below it recommend to it.
    pub unit: Option<String>,
    /// Those units below, as `(call, unit)`, from the calls file at sign-in.
    pub below: Vec<(String, String)>,
    /// An expert their unit invites (专家评审): they see only what the unit assigned to them,
    /// score it, and do nothing else.
    pub expert: bool,
}

impl Reviewer {
    /// The units directly below theirs in `call`.
    pub fn below_in<'a>(&'a self, call: &'a str) -> impl Iterator<Item = &'a str> {
        self.below
            .iter()
            .filter(move |(c, _)| c == call)
            .map(|(_, u)| u.as_str())
    }
}

/// A new token as handed to its reviewer, and what the database keeps of it.
pub struct NewToken {
    /// Shown once, never stored.
    pub token: String,
    pub id: String,
    pub hash: String,
}

impl NewToken {
    pub fn generate() -> NewToken {
        let mut id = [0u8; 8];
        let mut secret = [0u8; 32];
        let mut rng = rand::rng();
        rng.fill_bytes(&mut id);
        rng.fill_bytes(&mut secret);
        let (id, secret) = (hex(&id), hex(&secret));
        NewToken {
            token: format!("pr_{id}_{secret}"),
            hash: digest(&secret),
            id,
        }
    }
}

/// The account id and secret of a token as sent, if it has the shape of one.
pub fn split(token: &str) -> Option<(&str, &str)> {
    let rest = token.strip_prefix("pr_")?;
    let (id, secret) = rest.split_once('_')?;
    let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
    (hex(id, 16) && hex(secret, 64)).then_some((id, secret))
}

/// A reviewer's name as the command line takes it: what the audit log and `revoke` name.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.@".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_matches_only_its_own_hash() {
        let t = NewToken::generate();
        let (id, secret) = split(&t.token).expect("the token has its shape");
        assert_eq!(id, t.id);
        assert!(crate::hashing::matches(secret, &t.hash));
        let other = NewToken::generate();
        assert!(!crate::hashing::matches(secret, &other.hash));
        assert_ne!(t.token, other.token);
        // The stored hash is not the secret.
        assert!(!t.hash.contains(secret));
    }

    #[test]
    fn malformed_tokens_are_refused() {
        let t = NewToken::generate();
        for bad in [
            "",
            "pr_",
            &t.token[..t.token.len() - 1],
            &t.token.replace("pr_", "px_"),
            &format!("{}0", t.token),
            &t.token
                .to_uppercase()
                .replace("PR_", "pr_")
                .replace('A', "Z"),
        ] {
            if let Some((_, secret)) = split(bad) {
                assert!(!crate::hashing::matches(secret, &t.hash), "{bad}");
            }
        }
    }
}
