//! The application as the applicant fills it in and as the server stores it. Keys are the
//! canonical snake_case keys the API documents (docs/api.md); one struct serves every program, and a program's
//! definition says which of its fields the form asks for.
//!
//! Every field defaults when absent, so a missing field reaches the rules and is reported at its
//! path like an empty one, instead of failing deserialization as a whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The version of this shape, stored beside each submission. 2 added `project.sub_area_other`,
/// `applicant.legal_form`, `units.channel` and `plan[].covers` (Shanxi's rows name the kinds of
/// work they cover instead of being one kind each); 3 added `units.receiving`.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Application {
    /// Program id, e.g. `cq-municipal`.
    pub program: String,
    /// The call (one year's opening of the program) this application answers.
    pub call: String,
    /// 填报日期, `YYYY-MM-DD`.
    pub filled_on: String,
    pub applicant: Applicant,
    pub contacts: Contacts,
    pub project: Project,
    pub standardization: Standardization,
    /// 推进计划: one row per stage.
    #[serde(deserialize_with = "bounded")]
    pub plan: Vec<PlanRow>,
    /// The standards list (标准体系表 / 标准明细表).
    #[serde(deserialize_with = "bounded")]
    pub standards: Vec<StandardRow>,
    /// 经费保障情况.
    pub funding: Funding,
    /// The earlier pilot a demonstration builds on.
    pub prior_pilot: PriorPilot,
    /// The other units of the signing chain.
    pub units: Units,
    /// Each unit's consent to the application (national social pilot).
    pub consents: Consents,
    /// Yearly amounts a service demonstration commits to (its "四个基地" tasks).
    pub commitments: Commitments,
    /// The self-declarations (自我声明) by key, `true` when affirmed.
    pub declarations: Declarations,
    /// The applicant agreed to the notice on how personal information in the form is used
    /// (个人信息保护法 art. 14: consent must be informed and given before processing).
    pub privacy_consent: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Applicant {
    /// 单位名称 / 申报单位 / 承担单位.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// 法定代表人.
    pub legal_representative: String,
    /// 通讯地址 / 单位地址.
    pub address: String,
    /// 邮政编码.
    pub postal_code: String,
    /// 组织机构代码 (GB 11714), where the program's form asks for it; must match the credit code.
    pub organization_code: String,
    /// 法人注册地址: city and county (区).
    pub registered_city: String,
    pub registered_county: String,
    /// 所属行业: a section of GB/T 4754-2017.
    pub industry: String,
    /// 经济类型.
    pub economic_type: String,
    /// 业务范围.
    pub business_scope: String,
    /// `legal_person` (具有独立法人资格) or `branch` (法人的分支机构, which national high-tech
    /// admits where the industry requires it).
    pub legal_form: String,
    /// 近三年是否发生重大事故; `true` makes the applicant ineligible.
    pub accident_in_last_3_years: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Contacts {
    /// 项目负责人.
    pub project_lead: Person,
    /// 联系人.
    pub contact_person: Person,
    pub email: String,
    /// 手机.
    pub mobile: String,
    /// 传真.
    pub fax: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Person {
    pub name: String,
    /// 职务/职称.
    pub title: String,
    pub phone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Project {
    /// 项目名称 / 试点名称.
    pub name: String,
    /// `pilot` or `demonstration` (项目类型).
    pub kind: String,
    /// 领域, as the notice writes it.
    pub domain: String,
    /// 重点 / 子领域 within the domain, or 其他 where the notice's list is open.
    pub sub_area: String,
    /// The applicant's own words for a sub-area the list does not name.
    pub sub_area_other: String,
    /// `enterprise` or `region` (试点企业 / 试点区域).
    pub subject_kind: String,
    /// For a region: participating and total same-industry units.
    pub region: Region,
    /// Shanghai: 标准化试点, 社会管理和公共服务综合标准化试点 or 团体标准培育试点.
    pub pilot_type: String,
    /// 项目年限.
    pub term: Term,
    /// 基本情况简介.
    pub summary: String,
    /// 标准化工作现状.
    pub status_quo: String,
    /// 覆盖范围.
    pub coverage: String,
    /// 主要内容、目标和任务.
    pub goals: String,
    /// 保障措施.
    pub safeguards: String,
    /// 现状及与试点应具备条件符合性.
    pub conformity: String,
    /// 主要任务.
    pub tasks: String,
    /// 预期成果.
    pub results: String,
    /// The four bases of a service demonstration: 标准化精品展示, 实践验证, 创新研究, 宣传培训.
    pub showcase: String,
    pub validation: String,
    pub research: String,
    pub training: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Region {
    pub participating: Option<u32>,
    pub total: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Funding {
    /// 经费主要投入方向.
    pub uses: String,
    /// 经费来源.
    pub sources: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriorPilot {
    /// The earlier pilot's name.
    pub name: String,
    /// 优秀, 良好, 合格 or 不合格.
    pub verdict: String,
    /// The date of the notice that passed it, `YYYY-MM-DD`.
    pub evaluated_on: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Units {
    /// 受理单位: which of its call's receiving units gets the application, where the call
    /// names several (see [`crate::validate::check_receiving`]). Not on the official form;
    /// left out of the JSON where empty, so the other calls' applications keep their shape.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub receiving: String,
    /// 推荐单位.
    pub recommender: String,
    /// How the application reaches the national social pilot's joint office:
    /// `provincial_bureau` or `joint_meeting_member` (a member unit sends it directly).
    pub channel: String,
    /// 保证单位.
    pub guarantor: String,
    /// 业务指导单位.
    pub guidance: String,
    /// 管理单位.
    pub manager: String,
    /// 参加单位.
    #[serde(deserialize_with = "bounded")]
    pub participants: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Consents {
    pub applicant: Option<bool>,
    pub participants: Option<bool>,
    pub guarantor: Option<bool>,
    pub guidance: Option<bool>,
    pub manager: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Commitments {
    /// 标准化经验交流、观摩等活动 (次/年).
    pub exchange_events: Option<u32>,
    /// 标准制修订项目需求或国家标准实施情况报告 (项/年).
    pub standard_proposals: Option<u32>,
    /// 国家级刊物论文 (篇/年).
    pub papers: Option<u32>,
    /// 培养标准化专业人才 (名).
    pub trained_professionals: Option<u32>,
    /// 示范项目工作动态 (篇/年).
    pub progress_reports: Option<u32>,
    /// 省级以上新闻媒体宣传 (次/年).
    pub media_items: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Term {
    /// `YYYY-MM`, included.
    pub start: String,
    /// `YYYY-MM`, included.
    pub end: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Standardization {
    /// 标准化管理机构名称.
    pub body_name: String,
    /// 标准化人员数.
    pub staff_count: Option<u32>,
    /// 标准体系建立时间, `YYYY-MM`; not in the future.
    pub established: String,
    /// 标准体系运行时间, `YYYY-MM`.
    pub operating_since: String,
    /// 标准化负责人姓名.
    pub head_name: String,
    /// 标准化工作自我评价.
    pub self_evaluation: String,
}

/// Bounds of 标准化人员数: at least one person, and a number a unit could have.
pub const STAFF_MIN: u32 = 1;
pub const STAFF_MAX: u32 = 100_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanRow {
    /// The stage's name, e.g. 启动阶段.
    pub stage: String,
    /// The kinds of work this row covers, where the program names kinds (Shanxi); left out
    /// of the JSON where empty, so other programs' rows keep their shape.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    pub start: String,
    pub end: String,
    /// 阶段工作内容.
    pub content: String,
    /// 负责单位及参与单位 (where the program's plan asks for it).
    pub responsible: String,
}

/// One row of the standards list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StandardRow {
    /// `national`, `industry`, `local`, `group` or `enterprise`.
    pub tier: String,
    /// `GB/T 1.1-2020`; may be empty for a standard still to be drafted.
    pub number: String,
    pub title: String,
    /// `existing` or `planned` (to be drafted).
    pub status: String,
}

/// The most rows any list may have when read: above every program's
/// [`Limits`](crate::program::Limits), whose rule says how many the program takes. Reading stops
/// here, so that a body of a million empty rows takes no more than this to hold.
pub const ROW_CEILING: usize = 500;

/// Reads a list of at most [`ROW_CEILING`] items; past that, an error that
/// [`crate::wire::parse_application`] reports as `too_many_items` at the list's path.
fn bounded<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct Bounded<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Bounded<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                if items.len() == ROW_CEILING {
                    return Err(serde::de::Error::custom(TOO_MANY));
                }
                items.push(item);
            }
            Ok(items)
        }
    }
    d.deserialize_seq(Bounded(std::marker::PhantomData))
}

/// The words by which [`bounded`]'s error is known again.
pub(crate) const TOO_MANY: &str = "more items than any form has";

/// The applicant's answers to the program's declarations, by key: a JSON object, stored with
/// its keys in order. A vector kept sorted by key rather than a `BTreeMap`, because of bytes:
/// the map's code (insertion, removal, rebalancing for this one key and value type) cost the
/// applicant's wasm about 4 kB gzip, for the handful of entries a form has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declarations(Vec<(String, bool)>);

impl Declarations {
    pub fn get(&self, key: &str) -> Option<&bool> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets the answer to `key`, in its place among the others.
    pub fn insert(&mut self, key: String, value: bool) {
        let at = self.0.partition_point(|(k, _)| *k < key);
        match self.0.get_mut(at) {
            Some((k, v)) if *k == key => *v = value,
            _ => self.0.insert(at, (key, value)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &bool)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&str, bool) -> bool) {
        self.0.retain(|(k, v)| keep(k, *v));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Declarations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// As a map: a key given twice keeps its last answer, as any JSON object reader would. Like
/// the lists, at most [`ROW_CEILING`] keys are read.
impl<'de> Deserialize<'de> for Declarations {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Answers;
        impl<'de> serde::de::Visitor<'de> for Answers {
            type Value = BTreeMap<String, bool>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut answers = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, bool>()? {
                    answers.insert(key, value);
                    if answers.len() > ROW_CEILING {
                        return Err(serde::de::Error::custom(TOO_MANY));
                    }
                }
                Ok(answers)
            }
        }
        let map = d.deserialize_map(Answers)?;
        Ok(Declarations(map.into_iter().collect()))
    }
}
