//! 统一社会信用代码 (GB 32100-2015) and the 组织机构代码 embedded in it (GB 11714-1997).

use crate::regions::{self, Province};
use crate::report::Code;

/// The 31 characters a credit code may use: digits and capitals without I, O, S, V and Z.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17 (3^(i-1) mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the 8 body characters of an organization code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

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

/// What a valid credit code says about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// Position 1, e.g. `'9'`.
    pub authority_code: char,
    /// The registration authority, e.g. 工商 (market regulation).
    pub authority: &'static str,
    /// Position 2: the organization type under that authority.
    pub kind_code: char,
    /// The organization type, where the standard names one for this authority.
    pub kind: Option<&'static str>,
    /// The province of the registering division (positions 3–4). A division code may have been
    /// retired since, so rules may only warn on it.
    pub province: Option<&'static Province>,
}

/// Registrations that are never legal persons: 个体工商户 (Civil Code art. 54) and the resident
/// representative offices of foreign bodies. What else is not a legal person (a branch, a
/// partnership) is registered as 91 like any company, so the code cannot tell.
const NOT_LEGAL_PERSONS: &[&str] = &["92", "21", "61", "62"];

impl CodeInfo {
    /// Whether positions 1–2 are `prefix`: `"51"` is a 社会团体 registered with 民政, `"11"` a 机关.
    pub fn is(&self, prefix: &str) -> bool {
        let mut chars = prefix.chars();
        chars.next() == Some(self.authority_code) && chars.next() == Some(self.kind_code)
    }

    /// False where the registration itself rules out 独立法人资格; true where it may be one.
    pub fn may_be_legal_person(&self) -> bool {
        !NOT_LEGAL_PERSONS.iter().any(|p| self.is(p))
    }
}

/// A registration authority's code, name, and its organization types' codes and names.
type Authority = (u8, &'static str, &'static [(u8, &'static str)]);

/// Registration authorities (position 1) and the organization types (position 2) that GB 32100
/// lists under them.
const AUTHORITIES: &[Authority] = &[
    (
        b'1',
        "机构编制",
        &[
            (b'1', "机关"),
            (b'2', "事业单位"),
            (b'3', "群众团体"),
            (b'9', "其他"),
        ],
    ),
    (b'2', "外交", &[(b'1', "外国常驻新闻机构"), (b'9', "其他")]),
    (
        b'3',
        "司法行政",
        &[
            (b'1', "律师执业机构"),
            (b'2', "公证处"),
            (b'3', "基层法律服务所"),
            (b'4', "司法鉴定机构"),
            (b'5', "仲裁委员会"),
            (b'9', "其他"),
        ],
    ),
    (b'4', "文化", &[(b'1', "外国在华文化中心"), (b'9', "其他")]),
    (
        b'5',
        "民政",
        &[
            (b'1', "社会团体"),
            (b'2', "民办非企业单位"),
            (b'3', "基金会"),
            (b'9', "其他"),
        ],
    ),
    (
        b'6',
        "旅游",
        &[
            (b'1', "外国旅游部门常驻代表机构"),
            (b'2', "港澳台地区旅游部门常驻内地（大陆）代表机构"),
            (b'9', "其他"),
        ],
    ),
    (
        b'7',
        "宗教",
        &[(b'1', "宗教活动场所"), (b'2', "宗教院校"), (b'9', "其他")],
    ),
    (b'8', "工会", &[(b'1', "基层工会"), (b'9', "其他")]),
    (
        b'9',
        "工商",
        &[
            (b'1', "企业"),
            (b'2', "个体工商户"),
            (b'3', "农民专业合作社"),
        ],
    ),
    (
        b'A',
        "中央军委改革和编制办公室",
        &[(b'1', "军队事业单位"), (b'9', "其他")],
    ),
    (
        b'N',
        "农业",
        &[
            (b'1', "组级集体经济组织"),
            (b'2', "村级集体经济组织"),
            (b'3', "乡镇级集体经济组织"),
            (b'9', "其他"),
        ],
    ),
    (b'Y', "其他", &[(b'1', "其他")]),
];

/// Why a credit code is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditCodeError {
    Length(usize),
    /// 1-based position and the character found there.
    Char(usize, char),
    Check,
    /// Position 1 is no registration authority.
    Authority(char),
    /// The embedded organization code (positions 9–17) fails its own check.
    OrgCheck,
}

impl CreditCodeError {
    pub fn code(&self) -> Code {
        match self {
            CreditCodeError::Length(_) => Code::CreditCodeLength,
            CreditCodeError::Char(..) => Code::CreditCodeChar,
            CreditCodeError::Check => Code::CreditCodeCheck,
            CreditCodeError::Authority(_) => Code::CreditCodeAuthority,
            CreditCodeError::OrgCheck => Code::CreditCodeOrgCheck,
        }
    }
}

/// Checks an already normalized credit code: 18 characters of the alphabet, positions 3–8 (the
/// division code) digits, the check character, a known registration authority, and the embedded
/// organization code's own check. What the code says about its holder comes back.
pub fn parse(code: &str) -> Result<CodeInfo, CreditCodeError> {
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
    let Some((_, authority, kinds)) = AUTHORITIES.iter().find(|(c, ..)| *c == bytes[0]) else {
        return Err(CreditCodeError::Authority(bytes[0] as char));
    };
    if org_check_char(&bytes[8..16]) != Some(bytes[16]) {
        return Err(CreditCodeError::OrgCheck);
    }
    Ok(CodeInfo {
        authority_code: bytes[0] as char,
        authority,
        kind_code: bytes[1] as char,
        kind: kinds
            .iter()
            .find(|(k, _)| *k == bytes[1])
            .map(|(_, name)| *name),
        province: regions::by_code(&code[2..4]),
    })
}

/// The organization code embedded in a valid credit code (positions 9–17), as it is written
/// on its own: `MA5U7K8T-4`.
pub fn embedded_org_code(code: &str) -> &str {
    &code[8..17]
}

/// Checks a 组织机构代码 after normalization (hyphen dropped): 8 digits or capitals and the check
/// character.
pub fn check_org_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 9
        && b[..8]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && org_check_char(&b[..8]) == Some(b[8])
}
