//! What the three national tracks of seed 002 share. Their 申报书 templates were separate
//! downloads that the seeds do not hold, so each track follows the structure common to the seed
//! forms (cover, the unit, its standardization foundation, goals, tasks, timetable, safeguards,
//! expected results, opinions) plus the conditions its notice names.

use crate::fields::Field as F;
use crate::program::*;

/// 申报单位基本情况.
pub(crate) const APPLICANT: Section = Section {
    title: "申报单位基本情况",
    items: &[
        field(F::ApplicantName, "单位名称", true),
        hinted(
            F::CreditCode,
            "统一社会信用代码",
            "18位，见营业执照或登记证书",
        ),
        field(F::LegalRepresentative, "法定代表人", true),
        field(F::Address, "通讯地址", true),
        field(F::PostalCode, "邮政编码", true),
        field(F::Industry, "所属行业", true),
        field(F::EconomicType, "单位性质（经济类型）", true),
        field(
            F::Accident,
            "近三年是否发生重大质量、安全、环境保护等责任事故",
            true,
        ),
    ],
};

pub(crate) const CONTACTS: Section = Section {
    title: "联系方式",
    items: &[
        field(F::LeadName, "项目负责人", true),
        field(F::LeadTitle, "职务/职称", true),
        field(F::LeadPhone, "电话", true),
        field(F::ContactName, "联系人", true),
        field(F::ContactTitle, "联系人职务/职称", true),
        field(F::ContactPhone, "联系人电话", true),
        field(F::Email, "电子邮箱", true),
        field(F::Mobile, "手机", true),
    ],
};

/// 标准化工作基础: the body and what it has done; each track adds its staff count, if any.
pub(crate) const BODY: Item = field(F::BodyName, "标准化管理机构名称", true);
pub(crate) const FOUNDATION: Item = hinted(
    F::StatusQuo,
    "标准化工作基础",
    "标准化组织机构、标准体系建设及实施、参与标准制修订等情况",
);
pub(crate) const FOUNDATION_TITLE: &str = "标准化工作基础";

pub(crate) const OUTCOMES: Section = Section {
    title: "保障措施与预期成果",
    items: &[
        field(F::Safeguards, "保障措施", true),
        field(F::Results, "预期成果", true),
    ],
};

pub(crate) const TIMETABLE: Section = Section {
    title: "进度安排",
    items: &[Item::Plan],
};

pub(crate) const PLAN: PlanSpec = PlanSpec::Rows {
    stage: true,
    kinds: &[],
    responsible: false,
};
