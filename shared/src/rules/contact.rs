//! Phone numbers, e-mail addresses and postal codes as applicants type them.

use crate::text::half_width;

/// A phone number after parsing, kept in one written form so stored values compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    /// `1[3-9]` and 9 more digits.
    Mobile(String),
    /// Area code (with its 0), number, optional extension.
    Landline {
        area: String,
        number: String,
        extension: Option<String>,
    },
    /// A number without its area code, as notices print them for their own city (`64220000转2527`).
    Local {
        number: String,
        extension: Option<String>,
    },
}

impl Phone {
    /// The stored form: `13812345678`, `023-60350927`, `023-60350927转2527`, `64220000转2527`.
    pub fn normalized(&self) -> String {
        let with_ext = |base: String, ext: &Option<String>| match ext {
            Some(e) => format!("{base}转{e}"),
            None => base,
        };
        match self {
            Phone::Mobile(n) => n.clone(),
            Phone::Landline {
                area,
                number,
                extension,
            } => with_ext(format!("{area}-{number}"), extension),
            Phone::Local { number, extension } => with_ext(number.clone(), extension),
        }
    }

    /// Parses any of the written forms: `(023)60350927`, `023-6035 0927`, `０２３－６０３５０９２７`,
    /// `+86 138-1234-5678`, and extensions after 转, 分机, ext or `#`.
    pub fn parse(value: &str) -> Option<Phone> {
        let folded: String = value.chars().map(half_width).collect();
        // ASCII only: the extension words are ASCII, and Unicode case tables cost bytes in the wasm.
        let lower = folded.trim().to_ascii_lowercase();
        let lower = lower.strip_suffix("分机").unwrap_or(&lower);
        let (main, extension) = split_extension(lower)?;
        let digits: String = main
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '‐' | '–' | '—'))
            .collect();
        if let Some(mobile) = parse_mobile(&digits) {
            return extension.is_none().then_some(Phone::Mobile(mobile));
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if digits.starts_with('0') {
            // 010 and 02X are three-digit area codes; every other is 0 plus three digits.
            let area_len = if digits.starts_with("01") || digits.starts_with("02") {
                3
            } else {
                4
            };
            let (area, number) = digits.split_at(area_len.min(digits.len()));
            return local_number(number).then(|| Phone::Landline {
                area: area.to_owned(),
                number: number.to_owned(),
                extension,
            });
        }
        local_number(&digits).then(|| Phone::Local {
            number: digits.clone(),
            extension,
        })
    }
}

/// A subscriber number: 7 or 8 digits, not starting with 0 or 1 (those begin trunk and service
/// codes).
fn local_number(n: &str) -> bool {
    (7..=8).contains(&n.len())
        && n.bytes().all(|b| b.is_ascii_digit())
        && !n.starts_with(['0', '1'])
}

fn split_extension(value: &str) -> Option<(&str, Option<String>)> {
    for sep in ["转", "分机", "ext.", "ext", "#", "x"] {
        if let Some((main, ext)) = value.split_once(sep) {
            let ext = ext.trim();
            let ok = (1..=6).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_digit());
            return ok.then(|| (main, Some(ext.to_owned())));
        }
    }
    Some((value, None))
}

/// A mainland mobile number, with or without the country code: `1[3-9]` and 9 more digits.
fn parse_mobile(digits: &str) -> Option<String> {
    let national = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .or_else(|| {
            (digits.len() == 13)
                .then(|| digits.strip_prefix("86"))
                .flatten()
        })
        .unwrap_or(digits);
    let b = national.as_bytes();
    let ok = b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1]);
    ok.then(|| national.to_owned())
}

/// Whether the numbering plan gives this mobile number's first three digits to mobile users:
/// 140–144 are 13-digit IoT ranges, and 154, 160, 161, 163, 164, 168, 169, 179 and 194 are
/// unassigned. A number there is more likely mistyped than real, but the plan changes, so
/// callers only warn.
pub fn mobile_segment_in_use(mobile: &str) -> bool {
    let Some(segment) = mobile.get(..3) else {
        return false;
    };
    !matches!(
        segment,
        "140"
            | "141"
            | "142"
            | "143"
            | "144"
            | "154"
            | "160"
            | "161"
            | "163"
            | "164"
            | "168"
            | "169"
            | "179"
            | "194"
    )
}

/// The HTML living standard's "valid e-mail address", checked by hand so that no regex engine is
/// compiled into the wasm: a local part of atext and dots, `@`, and dot-separated labels of at most
/// 63 letters, digits and inner hyphens.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    local_ok
        && domain.split('.').all(|label| {
            let b = label.as_bytes();
            (1..=63).contains(&b.len())
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// Six digits, after full-width folding and dropping spaces.
pub fn is_postal_code(value: &str) -> bool {
    value.len() == 6 && value.bytes().all(|b| b.is_ascii_digit())
}
