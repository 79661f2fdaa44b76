//! A call's recommending chain: its units as a tree (county → city → province → nation), who
//! receives applications, who recommends upward by when and within which quotas, whose opinion
//! fills which block of the 申请书, and the one unit that decides. Configured per call in the
//! calls file (`[[call.unit]]`), checked when the server starts.

use serde::Deserialize;

use crate::quotas::Quota;

/// A unit of a call's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub name: String,
    /// The unit it recommends to; `None` at the top.
    pub parent: Option<String>,
    /// It decides (立项 / 不予立项) what reaches it. At most one per call, without a parent.
    pub decides: bool,
    /// Applicants choose among the receiving units.
    pub receives: bool,
    /// Unix seconds after which it no longer recommends or writes its opinion.
    pub recommend_by: Option<i64>,
    /// The keys of the opinion blocks its opinion fills.
    pub opinion: Vec<String>,
    /// The key of the block where the experts it invites print.
    pub experts: Option<String>,
    /// Its own quotas, counting its recommendations in the call.
    pub quotas: Vec<Quota>,
    /// The 报送渠道 (`units.channel`) it alone receives, where a channel has units of its own.
    pub channel: Option<String>,
    /// What it hands in to the level above, by its `recommend_by`.
    pub hand_in: HandIn,
}

/// A unit's own hand-in to the level above (`[call.unit.hand_in]`), shown to its reviewers with
/// its `recommend_by`: Shanxi's cities "务于2021年5月10日前将本地区推荐的试点备选项目清单和相关
/// 材料报送省市场监管局。纸质材料一式三份，电子材料发送指定邮箱。"
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandIn {
    /// What its notice calls the list it sends (试点备选项目清单, 项目推荐汇总表): the title of
    /// its summary export.
    pub list: Option<String>,
    /// What goes with it, in how many copies.
    pub copies: Option<String>,
    /// To whom, and how.
    pub to: Option<String>,
}

impl HandIn {
    /// The list's name, 推荐汇总表 where the notice gives none.
    pub fn list(&self) -> &str {
        self.list.as_deref().unwrap_or("推荐汇总表")
    }
}

/// One block key or a list of them, as `opinion` may be written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(untagged)]
pub enum Keys {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Keys {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            Keys::None => Vec::new(),
            Keys::One(key) => vec![key],
            Keys::Many(keys) => keys,
        }
    }
}

/// A call's units, checked to form one tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chain(Vec<Unit>);

impl Chain {
    /// The units of a call of `program`, checked: names unique, parents known and no cycle, at
    /// most one decider and that without a parent, opinion and expert blocks the program's,
    /// each child's `recommend_by` no later than its parent's, every quota with a max or a min.
    pub fn new(units: Vec<Unit>, program: &shared::Program) -> Result<Chain, String> {
        let keys: Vec<&str> = program
            .opinion_blocks
            .iter()
            .map(|b| shared::program::opinion_key(b))
            .collect();
        for (i, unit) in units.iter().enumerate() {
            let name = &unit.name;
            // A unit's name prints in the 申请书, the exports and the audit log.
            if name.trim().is_empty()
                || shared::text::has_control(name, false)
                || name.chars().any(shared::text::is_invisible)
            {
                return Err(format!(
                    "unit {name:?}: a name without control or invisible characters"
                ));
            }
            if units[..i].iter().any(|u| u.name == *name) {
                return Err(format!("unit {name} appears twice"));
            }
            if let Some(parent) = &unit.parent {
                let Some(above) = units.iter().find(|u| u.name == *parent) else {
                    return Err(format!("unit {name}: no parent unit {parent}"));
                };
                if unit.decides {
                    return Err(format!("unit {name}: the deciding unit has no parent"));
                }
                if let (Some(own), Some(theirs)) = (unit.recommend_by, above.recommend_by)
                    && own > theirs
                {
                    return Err(format!(
                        "unit {name}: recommend_by is later than its parent {parent}'s"
                    ));
                }
            }
            for key in unit.opinion.iter().chain(&unit.experts) {
                if !keys.contains(&key.as_str()) {
                    return Err(format!(
                        "unit {name}: {} has no opinion block {key} (it has {})",
                        program.id,
                        keys.join("、")
                    ));
                }
            }
            for quota in &unit.quotas {
                quota.check().map_err(|m| format!("unit {name}: {m}"))?;
            }
            if let Some(channel) = &unit.channel {
                let channels = program.options(shared::Field::Channel, &Default::default());
                let known = program.spec(shared::Field::Channel).is_some()
                    && channels.iter().any(|(value, _)| value == channel);
                if !unit.receives || !known {
                    return Err(format!(
                        "unit {name}: channel {channel} is for a receiving unit of a program with that 报送渠道"
                    ));
                }
            }
            // The list's name heads a spreadsheet and names its sheet.
            if unit.hand_in.list.as_deref().is_some_and(|l| {
                l.trim().is_empty()
                    || l.chars().count() > 31
                    || l.contains(['[', ']', ':', '*', '?', '/', '\\'])
            }) {
                return Err(format!(
                    "unit {name}: hand_in.list is a name of at most 31 characters without []:*?/\\"
                ));
            }
        }
        if units.iter().filter(|u| u.decides).count() > 1 {
            return Err("more than one unit decides".into());
        }
        let chain = Chain(units);
        for unit in &chain.0 {
            // A path upward longer than the chain has units goes round a cycle.
            if chain.ancestors(&unit.name).count() >= chain.0.len() {
                return Err(format!("unit {}: its parents form a cycle", unit.name));
            }
        }
        Ok(chain)
    }

    pub fn units(&self) -> &[Unit] {
        &self.0
    }

    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.0.iter().find(|u| u.name == name)
    }

    /// The units above `name`, its parent first (bounded, so a cycle cannot loop).
    pub fn ancestors<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Unit> {
        let mut at = self.unit(name).and_then(|u| u.parent.clone());
        let mut left = self.0.len();
        std::iter::from_fn(move || {
            if left == 0 {
                return None;
            }
            left -= 1;
            let unit = self.unit(at.as_deref()?)?;
            at = unit.parent.clone();
            Some(unit)
        })
    }

    /// The units directly below `name`.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Unit> {
        self.0
            .iter()
            .filter(move |u| u.parent.as_deref() == Some(name))
    }

    pub fn decider(&self) -> Option<&Unit> {
        self.0.iter().find(|u| u.decides)
    }

    /// What a calls file says that the notices do not, without being wrong enough to refuse
    /// (existing deployments keep starting): a unit given a block of the 申请书 that the
    /// applicant's side seals before any unit of the chain sees the application
    /// (`Program::applicant_blocks`); a unit's own opinion goes with its recommendation.
    pub fn warnings(&self, program: &shared::Program) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|u| {
                u.opinion
                    .iter()
                    .filter(|key| program.applicant_blocks.contains(&key.as_str()))
                    .map(move |key| {
                        format!(
                            "unit {}: {key} is the applicant's side's block, sealed before the chain sees the application; the unit's opinion belongs to its recommendation",
                            u.name
                        )
                    })
            })
            .collect()
    }

    /// The names of the units that receive applications.
    pub fn receiving(&self) -> Vec<String> {
        self.0
            .iter()
            .filter(|u| u.receives)
            .map(|u| u.name.clone())
            .collect()
    }

    /// The receiving units with the channel each alone takes, as the rules check them.
    pub fn receivers(&self) -> Vec<shared::Receiver> {
        self.0
            .iter()
            .filter(|u| u.receives)
            .map(|u| shared::Receiver {
                name: u.name.clone(),
                channel: u.channel.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, parent: Option<&str>) -> Unit {
        Unit {
            name: name.into(),
            parent: parent.map(Into::into),
            decides: false,
            receives: false,
            recommend_by: None,
            opinion: Vec::new(),
            experts: None,
            quotas: Vec::new(),
            channel: None,
            hand_in: HandIn::default(),
        }
    }

    fn sx() -> &'static shared::Program {
        shared::programs::find("sx-provincial").unwrap()
    }

    #[test]
    fn a_chain_is_a_tree_walked_upward() {
        let chain = Chain::new(
            vec![
                Unit {
                    decides: true,
                    ..unit("省", None)
                },
                unit("市", Some("省")),
                Unit {
                    receives: true,
                    ..unit("县", Some("市"))
                },
            ],
            sx(),
        )
        .unwrap();
        let up: Vec<&str> = chain.ancestors("县").map(|u| u.name.as_str()).collect();
        assert_eq!(up, ["市", "省"]);
        assert_eq!(chain.decider().unwrap().name, "省");
        assert_eq!(chain.receiving(), ["县"]);
        let below: Vec<&str> = chain.children("市").map(|u| u.name.as_str()).collect();
        assert_eq!(below, ["县"]);
    }

    #[test]
    fn a_bad_chain_says_where() {
        let refused = |units: Vec<Unit>| Chain::new(units, sx()).unwrap_err();
        assert!(refused(vec![unit("县", Some("市"))]).contains("no parent unit 市"));
        assert!(refused(vec![unit("甲", Some("乙")), unit("乙", Some("甲"))]).contains("cycle"));
        assert!(refused(vec![unit("甲", None), unit("甲", None)]).contains("twice"));
        assert!(refused(vec![unit("甲\n乙", None)]).contains("control"));
        assert!(refused(vec![unit("甲\u{200B}", None)]).contains("invisible"));
        let deciding = |name: &str| Unit {
            decides: true,
            ..unit(name, None)
        };
        assert!(refused(vec![deciding("甲"), deciding("乙")]).contains("more than one"));
        assert!(
            refused(vec![
                unit("省", None),
                Unit {
                    decides: true,
                    ..unit("市", Some("省"))
                }
            ])
            .contains("no parent")
        );
        let block = Unit {
            opinion: vec!["初审意见".into()],
            ..unit("省", None)
        };
        assert!(refused(vec![block]).contains("no opinion block 初审意见"));
        let late = vec![
            Unit {
                recommend_by: Some(100),
                ..unit("市", None)
            },
            Unit {
                recommend_by: Some(200),
                ..unit("县", Some("市"))
            },
        ];
        assert!(refused(late).contains("later than its parent"));
    }

    #[test]
    fn a_unit_in_the_applicants_block_is_warned_about_not_refused() {
        let city = Unit {
            opinion: vec!["保证单位".into()],
            ..unit("市", None)
        };
        let chain = Chain::new(vec![city], sx()).expect("still starts");
        let warned = chain.warnings(sx());
        assert_eq!(warned.len(), 1);
        assert!(warned[0].contains("保证单位"), "{warned:?}");
        let province = Unit {
            opinion: vec!["管理单位".into()],
            ..unit("省", None)
        };
        assert!(
            Chain::new(vec![province], sx())
                .unwrap()
                .warnings(sx())
                .is_empty()
        );
        // The social pilot's five blocks all agree before the province sees the application.
        let social = shared::programs::find("national-social-pilot").unwrap();
        let province = Unit {
            opinion: vec!["管理单位意见".into()],
            ..unit("省", None)
        };
        let chain = Chain::new(vec![province], social).unwrap();
        assert_eq!(chain.warnings(social).len(), 1);
    }
}
