//! Receipt numbers: short, unique (the database enforces it) and easy to read aloud over the
//! phone, so the alphabet leaves out 0/O, 1/I/L.

use rand::Rng;

pub(crate) const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Eight characters in two groups, `7KQ3-M9XA`: 31^8 ≈ 8.5 × 10^11 possibilities.
pub fn generate() -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            out.push('-');
        }
        out.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_avoid_confusable_characters() {
        for _ in 0..1000 {
            let r = generate();
            assert_eq!(r.len(), 9);
            assert_eq!(&r[4..5], "-");
            assert!(!r.contains(['0', 'O', '1', 'I', 'L']), "{r}");
        }
    }

    #[test]
    fn receipts_differ() {
        let set: std::collections::HashSet<_> = (0..1000).map(|_| generate()).collect();
        assert_eq!(set.len(), 1000);
    }
}
