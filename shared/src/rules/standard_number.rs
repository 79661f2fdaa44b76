//! Standard numbers as the standards list writes them: `GB/T 1.1-2020`, `GB 6675.1-2014`,
//! `JT/T 1234-2019`, `DB50/T 123-2021`, `T/CAS 123-2021`, `Q/ABC 001-2020`, `GB 3100-93`.

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
}

impl Tier {
    pub const ALL: &'static [Tier] = &[
        Tier::National,
        Tier::Industry,
        Tier::Local,
        Tier::Group,
        Tier::Enterprise,
    ];

    /// The JSON value, `national` …
    pub fn key(self) -> &'static str {
        match self {
            Tier::National => "national",
            Tier::Industry => "industry",
            Tier::Local => "local",
            Tier::Group => "group",
            Tier::Enterprise => "enterprise",
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
        }
    }
}

/// The statuses a row of the standards list may have (`standards[].status`), with labels.
pub const STATUSES: &[(&str, &str)] = &[("existing", "现行有效"), ("planned", "拟制定")];

/// The industry standard codes (行业标准代号) of the national list. `DB` alone is seismology's;
/// `DB` with two digits is a province's local standard.
const INDUSTRY: &[&str] = &[
    "AQ", "BB", "CB", "CH", "CJ", "CY", "DA", "DB", "DL", "DZ", "EJ", "FZ", "GA", "GH", "GM", "GY",
    "HB", "HG", "HJ", "HS", "HY", "JB", "JC", "JG", "JR", "JT", "JY", "LB", "LD", "LS", "LY", "MH",
    "MT", "MZ", "NB", "NY", "QB", "QC", "QJ", "QX", "RB", "SB", "SC", "SF", "SH", "SJ", "SL", "SN",
    "SW", "SY", "TB", "TD", "TY", "WB", "WH", "WJ", "WM", "WS", "WW", "XB", "XF", "YB", "YC", "YD",
    "YS", "YY", "YZ", "ZY",
];

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
    pub tier: Tier,
    pub prefix: String,
    pub number: String,
    pub year: String,
}

impl StandardNumber {
    /// The one written form: `GB/T 1.1-2020`.
    pub fn normalized(&self) -> String {
        format!("{} {}-{}", self.prefix, self.number, self.year)
    }
}

/// Folds full-width characters and the dashes people type (—, －, –) into ASCII, upper-cases
/// the prefix letters, and puts one space between prefix and number.
pub fn normalize(value: &str) -> String {
    match parse(value) {
        Ok(n) => n.normalized(),
        Err(_) => crate::text::fold_line(&fold(value)),
    }
}

fn fold(value: &str) -> String {
    value
        .chars()
        .map(half_width)
        .map(|c| match c {
            '—' | '–' | '‐' | '‑' | '―' | '─' => '-',
            _ => c,
        })
        .collect()
}

pub fn parse(value: &str) -> Result<StandardNumber, StandardError> {
    let folded = fold(value);
    let folded = folded.trim();
    let (head, year) = folded.rsplit_once('-').ok_or(StandardError::Shape)?;
    let year = year.trim();
    if !(year.len() == 4 || year.len() == 2) || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StandardError::Shape);
    }
    let head = head.trim_end();
    // The part number is the trailing run of digits and dots: `1.1`, `6675.1`.
    let split = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(i, _)| i)
        .ok_or(StandardError::Shape)?;
    let (prefix, number) = head.split_at(split);
    let prefix = prefix.trim().to_ascii_uppercase();
    let well_formed = !number.starts_with('.')
        && !number.ends_with('.')
        && !number.contains("..")
        && !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/');
    if !well_formed {
        return Err(StandardError::Shape);
    }
    let tier = classify(&prefix)?;
    Ok(StandardNumber {
        tier,
        prefix,
        number: number.to_owned(),
        year: year.to_owned(),
    })
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
        (c, None | Some("T")) if INDUSTRY.contains(&c) => Ok(Tier::Industry),
        _ => Err(unknown()),
    }
}
