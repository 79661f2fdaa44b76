//! The application as the applicant fills it in and as the server stores it. Keys are the
//! canonical snake_case keys of DOMAIN.md; one struct serves every program, and a program's
//! definition says which of its fields the form asks for.
//!
//! Every field defaults when absent, so a missing field reaches the rules and is reported at its
//! path like an empty one, instead of failing deserialization as a whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::rules::formats;

/// The version of this shape, stored beside each submission.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Application {
    /// Program id, e.g. `cq-municipal`.
    pub program: String,
    /// The call (one year's opening of the program) this application answers.
    pub call: String,
    /// 填报日期, `YYYY-MM-DD`.
    #[validate(custom(function = "formats::date"))]
    pub filled_on: String,
    #[validate(nested)]
    pub applicant: Applicant,
    #[validate(nested)]
    pub contacts: Contacts,
    #[validate(nested)]
    pub project: Project,
    #[validate(nested)]
    pub standardization: Standardization,
    /// 推进计划: one row per stage.
    #[validate(nested)]
    pub plan: Vec<PlanRow>,
    /// The standards list (标准体系表 / 标准明细表).
    #[validate(nested)]
    pub standards: Vec<StandardRow>,
    /// The self-declarations (自我声明) by key, `true` when affirmed.
    pub declarations: BTreeMap<String, bool>,
    /// The applicant agreed to the notice on how personal information in the form is used
    /// (个人信息保护法 art. 14: consent must be informed and given before processing).
    pub privacy_consent: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Applicant {
    /// 单位名称 / 申报单位 / 承担单位.
    pub name: String,
    /// 统一社会信用代码.
    #[validate(custom(function = "formats::credit_code"))]
    pub credit_code: String,
    /// 法定代表人.
    #[validate(custom(function = "formats::person_name"))]
    pub legal_representative: String,
    /// 通讯地址 / 单位地址.
    pub address: String,
    /// 邮政编码.
    #[validate(custom(function = "formats::postal_code"))]
    pub postal_code: String,
    /// 组织机构代码 (GB 11714), where the program's form asks for it; must match the credit code.
    #[validate(custom(function = "formats::org_code"))]
    pub organization_code: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Contacts {
    /// 项目负责人.
    #[validate(nested)]
    pub project_lead: Person,
    /// 联系人.
    #[validate(nested)]
    pub contact_person: Person,
    #[validate(custom(function = "formats::email"))]
    pub email: String,
    /// 手机.
    #[validate(custom(function = "formats::mobile"))]
    pub mobile: String,
    /// 传真.
    #[validate(custom(function = "formats::phone"))]
    pub fax: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Person {
    #[validate(custom(function = "formats::person_name"))]
    pub name: String,
    /// 职务/职称.
    pub title: String,
    #[validate(custom(function = "formats::phone"))]
    pub phone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Project {
    /// 项目名称 / 试点名称.
    pub name: String,
    /// `pilot` or `demonstration` (项目类型).
    pub kind: String,
    /// 领域, as the notice writes it.
    pub domain: String,
    /// 重点 / 子领域 within the domain.
    pub sub_area: String,
    /// 项目年限.
    #[validate(nested)]
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
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Term {
    /// `YYYY-MM`, included.
    #[validate(custom(function = "formats::year_month"))]
    pub start: String,
    /// `YYYY-MM`, included.
    #[validate(custom(function = "formats::year_month"))]
    pub end: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Standardization {
    /// 标准化管理机构名称.
    pub body_name: String,
    /// 标准化人员数.
    #[validate(range(min = STAFF_MIN, max = STAFF_MAX, code = "staff_count"))]
    pub staff_count: Option<u32>,
    /// 标准体系建立时间, `YYYY-MM`; not in the future.
    #[validate(custom(function = "formats::year_month"))]
    pub established: String,
}

/// Bounds of 标准化人员数: at least one person, and a number a unit could have.
pub const STAFF_MIN: u32 = 1;
pub const STAFF_MAX: u32 = 100_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct PlanRow {
    /// The stage's name, e.g. 启动阶段.
    pub stage: String,
    #[validate(custom(function = "formats::year_month"))]
    pub start: String,
    #[validate(custom(function = "formats::year_month"))]
    pub end: String,
    /// 阶段工作内容.
    pub content: String,
    /// 负责单位及参与单位 (where the program's plan asks for it).
    pub responsible: String,
}

/// One row of the standards list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct StandardRow {
    /// `national`, `industry`, `local`, `group` or `enterprise`.
    pub tier: String,
    /// `GB/T 1.1-2020`; may be empty for a standard still to be drafted.
    #[validate(custom(function = "formats::standard_number"))]
    pub number: String,
    pub title: String,
    /// `existing` or `planned` (to be drafted).
    pub status: String,
}
