//! Standard numbers as the standards list writes them: `GB/T 1.1-2020`, `GB 6675.1-2014`,
//! `JT/T 1234-2019`, `JGJ 125-2016`, `JTG D60-2015`, `DB50/T 123-2021`, `T/CAS 123-2021`,
//! `Q/ABC 001-2020`, `GB 3100-93`; international and foreign ones as their bodies print them,
//! `ISO 9001:2015`, `IEC 61508-1:2010`, `ITU-T X.509`, `JIS B 0001:2019`, `ASTM D638-14`; and an
//! identical adoption with both numbers, `GB/T 19001-2016/ISO 9001:2015`.

use serde::{Deserialize, Serialize};

use crate::regions;
use crate::text::half_width;

/// The tier of a standard (标准层级).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    National,
    Industry,
    Local,
    Group,
    Enterprise,
    /// International standards (ISO, IEC, ITU) and foreign national ones (EN, BS, DIN, JIS, ASTM…):
    /// "积极采用国际标准和国外先进标准" (Shanghai's notice).
    International,
}

impl Tier {
    pub const ALL: &'static [Tier] = &[
        Tier::National,
        Tier::Industry,
        Tier::Local,
        Tier::Group,
        Tier::Enterprise,
        Tier::International,
    ];

    /// The JSON value, `national` …
    pub fn key(self) -> &'static str {
        match self {
            Tier::National => "national",
            Tier::Industry => "industry",
            Tier::Local => "local",
            Tier::Group => "group",
            Tier::Enterprise => "enterprise",
            Tier::International => "international",
        }
    }

    pub fn parse(key: &str) -> Option<Tier> {
        Tier::ALL.iter().copied().find(|t| t.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tier::National => "国家标准",
            Tier::Industry => "行业标准",
            Tier::Local => "地方标准",
            Tier::Group => "团体标准",
            Tier::Enterprise => "企业标准",
            Tier::International => "国际/国外标准",
        }
    }
}

/// The statuses a row of the standards list may have (`standards[].status`), with labels.
pub const STATUSES: &[(&str, &str)] = &[("existing", "现行有效"), ("planned", "拟制定")];

/// The industry standard codes (行业标准代号) as the national standardization administration
/// (国家标准化管理委员会) lists them for 行业标准备案 (行业标准信息服务平台, hbba.sacinfo.org.cn,
/// under 《行业标准管理办法》): each code with its `/T` form for recommended standards. `DB` alone
/// is seismology's; `DB` with two digits is a province's local standard.
const INDUSTRY: &[&str] = &[
    "AQ", "BB", "CB", "CH", "CJ", "CY", "DA", "DB", "DL", "DZ", "EJ", "FZ", "GA", "GH", "GM", "GY",
    "HB", "HG", "HJ", "HS", "HY", "JB", "JC", "JG", "JR", "JT", "JY", "LB", "LD", "LS", "LY", "MH",
    "MT", "MZ", "NB", "NY", "QB", "QC", "QJ", "QX", "RB", "SB", "SC", "SF", "SH", "SJ", "SL", "SN",
    "SW", "SY", "TB", "TD", "TY", "WB", "WH", "WJ", "WM", "WS", "WW", "XB", "XF", "YB", "YC", "YD",
    "YS", "YY", "YZ", "ZY",
];

/// The engineering-construction industry standards (工程建设行业标准), which 《工程建设行业标准管理办法》
/// leaves to the ministries and which carry codes of their own: 住房和城乡建设部's JGJ (建筑工程) and
/// CJJ (城镇建设工程), 交通运输部's JTG (公路工程), JTS (水运工程) and the older JTJ. The other
/// ministries number theirs inside their industry code (`TB 10001-2016`, `DL/T 5210.1-2021`).
const ENGINEERING: &[&str] = &["JGJ", "CJJ", "JTG", "JTS", "JTJ"];

/// The bodies whose numbers the international tier accepts: the international ones (ISO, IEC, ITU)
/// and the foreign national and regional ones applicants adopt (EN and its bodies CEN, CENELEC,
/// ETSI; BS, DIN, VDE, VDI, NF, JIS, KS, GOST, AS, NZS, CSA; America's ANSI, ASTM, ASME, IEEE,
/// SAE, API, UL, NFPA, ASHRAE, IPC).
const BODIES: &[&str] = &[
    "ISO", "IEC", "ITU-T", "ITU-R", "EN", "CEN", "CENELEC", "ETSI", "BS", "DIN", "VDE", "VDI",
    "NF", "JIS", "KS", "GOST", "AS", "NZS", "CSA", "ANSI", "ASTM", "ASME", "IEEE", "SAE", "API",
    "UL", "NFPA", "ASHRAE", "IPC",
];

/// Document types that follow a body in a prefix: `ISO/TS 16949`, `ISO/IEC Guide 98-3`.
const DOCUMENT_TYPES: &[&str] = &["TS", "TR", "PAS", "GUIDE", "IWA"];

/// Why a standard number is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StandardError {
    /// Not `prefix number-year` at all.
    Shape,
    /// A prefix that is no known code.
    Prefix(String),
    /// `DBnn` whose `nn` is no province.
    Province(String),
}

/// A parsed standard number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardNumber {
    /// For an identical adoption, the tier of the Chinese number.
    pub tier: Tier,
    printed: String,
}

impl StandardNumber {
    /// The one written form: `GB/T 1.1-2020`, `ISO/IEC 27001:2013`,
    /// `GB/T 19001-2016/ISO 9001:2015`.
    pub fn normalized(&self) -> String {
        self.printed.clone()
    }
}

/// Folds full-width characters and the dashes people type (—, －, –) into ASCII, upper-cases
/// the prefix letters, and puts one space between prefix and number.
pub fn normalize(value: &str) -> String {
    match parse(value) {
        Ok(n) => n.printed,
        Err(_) => fold(value),
    }
}

fn fold(value: &str) -> String {
    let folded: String = value
        .chars()
        .map(half_width)
        .map(|c| match c {
            '—' | '–' | '‐' | '‑' | '―' | '─' => '-',
            _ => c,
        })
        .collect();
    crate::text::fold_line(&folded)
}

pub fn parse(value: &str) -> Result<StandardNumber, StandardError> {
    let folded = fold(value);
    // An identical adoption: a Chinese number, a slash, the number it adopts.
    for (i, _) in folded.match_indices('/') {
        let (chinese, adopted) = (folded[..i].trim_end(), folded[i + 1..].trim_start());
        // `ISO/IEC 27001` is one international number, not an adoption of `IEC 27001`.
        if body_prefix(chinese).is_some() {
            continue;
        }
        if let Some(adopted) = international(adopted) {
            let chinese = domestic(chinese)?;
            return Ok(StandardNumber {
                tier: chinese.tier,
                printed: format!("{}/{}", chinese.printed, adopted.printed),
            });
        }
    }
    if let Some(number) = international(&folded) {
        return Ok(number);
    }
    if body_prefix(&folded).is_some() {
        return Err(StandardError::Shape);
    }
    domestic(&folded)
}

/// `prefix number-year`, the prefix a Chinese code.
fn domestic(value: &str) -> Result<StandardNumber, StandardError> {
    let (head, year) = value.rsplit_once('-').ok_or(StandardError::Shape)?;
    let year = year.trim();
    if !(year.len() == 4 || year.len() == 2) || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StandardError::Shape);
    }
    let head = head.trim_end();
    // The number follows the prefix after a space (`JTG D60`, `DB11/ 501`), or is the trailing run
    // of digits and dots when none is typed (`GB/T1.1`).
    let (prefix, number) = match head.split_once(' ') {
        Some(parts) => parts,
        None => {
            let split = head
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
                .last()
                .map(|(i, _)| i)
                .ok_or(StandardError::Shape)?;
            head.split_at(split)
        }
    };
    let prefix = prefix.to_ascii_uppercase();
    let number = number.to_ascii_uppercase();
    let well_formed = !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/')
        && part_number(&number);
    if !well_formed {
        return Err(StandardError::Shape);
    }
    Ok(StandardNumber {
        tier: classify(&prefix)?,
        printed: format!("{prefix} {number}-{year}"),
    })
}

/// `1.1`, `6675.1`, `125`, engineering construction's `D60`, `F80/1`, `144-1`: an optional
/// letter, then digit groups joined by `.`, `-` or `/`.
fn part_number(number: &str) -> bool {
    let digits = number
        .strip_prefix(|c: char| c.is_ascii_uppercase())
        .unwrap_or(number);
    !digits.is_empty()
        && digits
            .split(['.', '-', '/'])
            .all(|group| !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit()))
}

fn classify(prefix: &str) -> Result<Tier, StandardError> {
    let (code, rest) = match prefix.split_once('/') {
        Some((code, rest)) => (code, Some(rest)),
        None => (prefix, None),
    };
    let unknown = || StandardError::Prefix(prefix.to_owned());
    match (code, rest) {
        ("GB", None | Some("T" | "Z")) => Ok(Tier::National),
        ("T", Some(org)) | ("Q", Some(org)) if !org.is_empty() && !org.contains('/') => {
            Ok(if code == "T" {
                Tier::Group
            } else {
                Tier::Enterprise
            })
        }
        // A mandatory local standard is written `DB11/ 501-2017`, a recommended one `DB50/T 123-2021`.
        (c, None | Some("" | "T")) if c.len() == 4 && c.starts_with("DB") => {
            let province = &c[2..];
            if regions::by_code(province).is_some() {
                Ok(Tier::Local)
            } else {
                Err(StandardError::Province(province.to_owned()))
            }
        }
        (c, None | Some("T")) if INDUSTRY.contains(&c) || ENGINEERING.contains(&c) => {
            Ok(Tier::Industry)
        }
        _ => Err(unknown()),
    }
}

/// The body prefix a value starts with (`ISO`, `ISO/IEC`, `BS EN ISO`, `ISO/IEC Guide`), printed,
/// and the rest after it; `None` when the value starts with no body.
fn body_prefix(value: &str) -> Option<(String, &str)> {
    let mut printed = String::new();
    let mut rest = value;
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
            .unwrap_or(rest.len());
        let word = rest[..end].to_ascii_uppercase();
        let known = BODIES.contains(&word.as_str())
            || (!printed.is_empty() && DOCUMENT_TYPES.contains(&word.as_str()));
        if !known {
            break;
        }
        printed.push_str(if word == "GUIDE" { "Guide" } else { &word });
        rest = &rest[end..];
        // Another body or type may follow after a slash or a space.
        let Some(separator) = rest.chars().next().filter(|c| *c == '/' || *c == ' ') else {
            break;
        };
        let after = &rest[1..];
        let next_end = after
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
            .unwrap_or(after.len());
        let next = after[..next_end].to_ascii_uppercase();
        if !(BODIES.contains(&next.as_str()) || DOCUMENT_TYPES.contains(&next.as_str())) {
            break;
        }
        printed.push(separator);
        rest = after;
    }
    (!printed.is_empty()).then_some((printed, rest))
}

/// An international or foreign number: a body prefix, a space, a designation (`9001`, `61508-1`,
/// JIS's `B 0001`, ITU's `X.509`, ASTM's `A36/A36M`), and optionally its edition (`:2015`,
/// ASTM's `-14`, ITU's ` (10/2019)`) and amendments (`+A1:2011`, `/Amd 1:2016`). Undated
/// references are how these bodies cite their current edition, so the edition is optional.
fn international(value: &str) -> Option<StandardNumber> {
    let (prefix, rest) = body_prefix(value)?;
    let designation = rest
        .strip_prefix(' ')
        .or_else(|| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                .then_some(rest)
        })?
        .to_ascii_uppercase();
    let mut cursor = Cursor(designation.as_str());
    // JIS's division letter and ITU's series letter: `B 0001`, `X.509`; ASTM's `D638`.
    if cursor.letters(1, 2) && !cursor.eat(" ") {
        cursor.eat(".");
    }
    if !cursor.digit_groups(".-") {
        return None;
    }
    // ASTM's metric companion: `A36/A36M`.
    if cursor.eat("/") && !(cursor.letters(1, 2) && cursor.digit_groups(".-")) {
        return None;
    }
    cursor.eat("M");
    // ASTM's year after the metric companion: `A36/A36M-19`.
    if cursor.eat("-") && !cursor.digits(2) {
        return None;
    }
    if cursor.eat(":") && !cursor.digits(4) {
        return None;
    }
    if cursor.eat(" (")
        && !(cursor.digits(2) && cursor.eat("/") && cursor.digits(4) && cursor.eat(")"))
    {
        return None;
    }
    while cursor.eat("+A") || cursor.eat("/AMD ") || cursor.eat("/AMD") {
        if !cursor.digits(1) {
            return None;
        }
        if cursor.eat(":") && !cursor.digits(4) {
            return None;
        }
    }
    cursor.0.is_empty().then(|| StandardNumber {
        tier: Tier::International,
        printed: format!("{prefix} {}", designation.replace("/AMD", "/Amd")),
    })
}

/// A small reader over the designation of an international number.
struct Cursor<'a>(&'a str);

impl Cursor<'_> {
    fn eat(&mut self, token: &str) -> bool {
        match self.0.strip_prefix(token) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }

    /// Between `min` and `max` upper-case letters.
    fn letters(&mut self, min: usize, max: usize) -> bool {
        let n = self.0.bytes().take_while(u8::is_ascii_uppercase).count();
        if n < min || n > max {
            return false;
        }
        self.0 = &self.0[n..];
        true
    }

    /// At least `min` digits.
    fn digits(&mut self, min: usize) -> bool {
        let n = self.0.bytes().take_while(u8::is_ascii_digit).count();
        self.0 = &self.0[n..];
        n >= min
    }

    /// Digit groups joined by one of `separators`: `61508-1`, `2060.1`.
    fn digit_groups(&mut self, separators: &str) -> bool {
        if !self.digits(1) {
            return false;
        }
        loop {
            let mut rest = self.0.chars();
            match rest.next() {
                Some(c)
                    if separators.contains(c)
                        && rest.next().is_some_and(|d| d.is_ascii_digit()) =>
                {
                    self.0 = &self.0[1..];
                    self.digits(1);
                }
                _ => return true,
            }
        }
    }
}
