//! 统一社会信用代码 (GB 32100-2015) and the 组织机构代码 embedded in it (GB 11714-1997).

use crate::report::Code;

/// The 31 characters a credit code may use: digits and capitals without I, O, S, V and Z.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17 (3^(i-1) mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the 8 body characters of an organization code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Normalizes what applicants paste: spaces and hyphens dropped, full-width folded, upper-cased.
pub fn normalize(value: &str) -> String {
    crate::text::compact_code(value).to_ascii_uppercase()
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters of a credit code. A remainder of 0 gives the
/// check value 0, written "0" (not the 31st character, which does not exist).
pub fn check_char(body: &[u8]) -> Option<u8> {
    let sum = body
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| value_of(c).map(|v| v * w))
        .sum::<Option<u32>>()?;
    Some(ALPHABET[((31 - sum % 31) % 31) as usize])
}

/// The check character of an organization code's 8-character body: digits and capitals count
/// 0–35; 10 is written `X` and 11 as `0`.
pub fn org_check_char(body: &[u8]) -> Option<u8> {
    let sum = body
        .iter()
        .zip(ORG_WEIGHTS)
        .map(|(&c, w)| match c {
            b'0'..=b'9' => Some(u32::from(c - b'0') * w),
            b'A'..=b'Z' => Some(u32::from(c - b'A' + 10) * w),
            _ => None,
        })
        .sum::<Option<u32>>()?;
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    })
}

/// Why a credit code is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditCodeError {
    Length(usize),
    /// 1-based position and the character found there.
    Char(usize, char),
    Check,
    /// The embedded organization code (positions 9–17) fails its own check.
    OrgCheck,
}

impl CreditCodeError {
    pub fn code(&self) -> Code {
        match self {
            CreditCodeError::Length(_) => Code::CreditCodeLength,
            CreditCodeError::Char(..) => Code::CreditCodeChar,
            CreditCodeError::Check => Code::CreditCodeCheck,
            CreditCodeError::OrgCheck => Code::CreditCodeOrgCheck,
        }
    }
}

/// Checks an already normalized credit code: 18 characters of the alphabet, positions 3–8 (the
/// division code) digits, the check character, and the embedded organization code's own check.
pub fn check(code: &str) -> Result<(), CreditCodeError> {
    let count = code.chars().count();
    if count != 18 {
        return Err(CreditCodeError::Length(count));
    }
    for (i, c) in code.chars().enumerate() {
        let allowed = if (2..8).contains(&i) {
            c.is_ascii_digit()
        } else {
            c.is_ascii() && value_of(c as u8).is_some()
        };
        if !allowed {
            return Err(CreditCodeError::Char(i + 1, c));
        }
    }
    let bytes = code.as_bytes();
    if check_char(&bytes[..17]) != Some(bytes[17]) {
        return Err(CreditCodeError::Check);
    }
    if org_check_char(&bytes[8..16]) != Some(bytes[16]) {
        return Err(CreditCodeError::OrgCheck);
    }
    Ok(())
}
