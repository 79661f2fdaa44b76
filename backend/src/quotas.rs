//! Quotas: how many submissions a receiving unit may recommend upward in a call, per category,
//! as the notices set them (Shanxi 2021: at most 2 per domain per city; the national 2023
//! high-tech track: per province at most 10 pilots, 10 new-infrastructure pilots and 2
//! demonstrations). A quota belongs to each unit of its call and counts that unit's
//! recommendations of the submissions it matches.

use serde::{Deserialize, Serialize};

/// A quota as a calls file writes it (`[[call.quota]]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// What the notice calls it, e.g. `试点项目` or `每个领域`.
    pub name: String,
    /// At most this many: one more is refused.
    pub max: Option<u32>,
    /// At least this many (Shanxi: 每个县至少申报一个): shown as met or not, never blocking.
    pub min: Option<u32>,
    /// Counts only submissions whose `project.kind` is this (`pilot`, `demonstration`).
    pub kind: Option<String>,
    /// Counts only submissions of this domain.
    pub domain: Option<String>,
    /// Counts only submissions of any other domain.
    pub not_domain: Option<String>,
    /// `"domain"`: one such quota for each domain, each counting its own.
    pub per: Option<Per>,
    /// `false` where the notice sets the number only "原则上" (in principle): past `max` the
    /// unit may still recommend, with a reason that is kept, audited and printed. Firm (a
    /// refusal past `max`) unless the calls file says otherwise.
    #[serde(default = "firm")]
    pub firm: bool,
}

fn firm() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    Domain,
}

impl Quota {
    pub fn check(&self) -> Result<(), String> {
        match (self.max, self.min) {
            (None, None) => Err(format!("quota {}: give max or min", self.name)),
            (Some(0), _) => Err(format!("quota {}: max must be at least 1", self.name)),
            _ => Ok(()),
        }
    }

    /// The category of a submission of this `kind` and `domain` under this quota, as the
    /// refusal and the reviewer page name it; `None` if the quota does not count it.
    pub fn category(&self, kind: &str, domain: &str) -> Option<String> {
        let counts = self.kind.as_deref().is_none_or(|k| k == kind)
            && self.domain.as_deref().is_none_or(|d| d == domain)
            && self.not_domain.as_deref().is_none_or(|d| d != domain);
        counts.then(|| match self.per {
            Some(Per::Domain) => format!("{}（{domain}）", self.name),
            None => self.name.clone(),
        })
    }
}

/// One recommendation as a quota counts it.
pub struct Counted<'a> {
    pub kind: &'a str,
    pub domain: &'a str,
    pub receipt: &'a str,
    /// Why it went beyond a quota set "原则上" ('' within every quota).
    pub reason: &'a str,
}

/// How one category of a unit's quota is filled: how many it allows, at least, and which
/// recommendations fill it, those beyond it with their reasons.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Filled {
    pub quota: String,
    pub max: Option<u32>,
    pub min: Option<u32>,
    pub firm: bool,
    pub used: usize,
    pub receipts: Vec<String>,
    pub beyond: Vec<Beyond>,
}

/// A recommendation past a quota set "原则上", with the reason the unit gave.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Beyond {
    pub receipt: String,
    pub reason: String,
}

/// What a unit below owes of a least number (Shanxi: 每个县至少申报一个), met or not.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Owed {
    pub unit: String,
    pub quota: String,
    pub min: Option<u32>,
    pub used: usize,
    pub met: bool,
}

impl Quota {
    /// How `held` fills this quota, a row per category: a quota per domain shows the domains
    /// that have recommendations, or its name alone while none has.
    pub fn filled(&self, held: &[Counted]) -> Vec<Filled> {
        let mut categories: Vec<String> = Vec::new();
        for category in held.iter().filter_map(|h| self.category(h.kind, h.domain)) {
            if !categories.contains(&category) {
                categories.push(category);
            }
        }
        if categories.is_empty() {
            categories.push(self.name.clone());
        }
        categories
            .into_iter()
            .map(|category| {
                let counted: Vec<&Counted> = held
                    .iter()
                    .filter(|h| self.category(h.kind, h.domain).as_ref() == Some(&category))
                    .collect();
                Filled {
                    max: self.max,
                    min: self.min,
                    firm: self.firm,
                    used: counted.len(),
                    receipts: counted.iter().map(|h| h.receipt.to_owned()).collect(),
                    beyond: counted
                        .iter()
                        .filter(|h| !h.reason.is_empty())
                        .map(|h| Beyond {
                            receipt: h.receipt.to_owned(),
                            reason: h.reason.to_owned(),
                        })
                        .collect(),
                    quota: category,
                }
            })
            .collect()
    }

    /// What `unit`, below, has sent of this quota's least number; `None` for a quota without one.
    pub fn owed(&self, unit: &str, sent: &[Counted]) -> Option<Owed> {
        let min = self.min?;
        let used = sent
            .iter()
            .filter(|h| self.category(h.kind, h.domain).is_some())
            .count();
        Some(Owed {
            unit: unit.to_owned(),
            quota: self.name.clone(),
            min: Some(min),
            used,
            met: used as u32 >= min,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quota(toml: &str) -> Quota {
        toml::from_str(toml).unwrap()
    }

    #[test]
    fn a_quota_counts_what_it_names() {
        let pilots = quota("name='试点项目'\nmax=10\nkind='pilot'\nnot_domain='新型基础设施'");
        assert_eq!(
            pilots.category("pilot", "工业").as_deref(),
            Some("试点项目")
        );
        assert_eq!(pilots.category("pilot", "新型基础设施"), None);
        assert_eq!(pilots.category("demonstration", "工业"), None);
        let per_domain = quota("name='每个领域'\nmax=2\nper='domain'");
        assert_eq!(
            per_domain.category("", "工业").as_deref(),
            Some("每个领域（工业）")
        );
        assert_ne!(
            per_domain.category("", "服务业"),
            per_domain.category("", "工业")
        );
        assert!(quota("name='x'\nmax=0").check().is_err());
        assert!(
            quota("name='x'")
                .check()
                .unwrap_err()
                .contains("max or min")
        );
        assert!(quota("name='至少申报一个'\nmin=1").check().is_ok());
        assert!(quota("name='x'\nmax=1").firm, "firm unless said");
        assert!(!quota("name='x'\nmax=1\nfirm=false").firm);
    }
}
