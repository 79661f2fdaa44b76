//! What the three national tracks of seed 002 share. Their 申报书 templates were separate
//! downloads that the seeds do not hold, so each track follows the structure common to the seed
//! forms (cover, the unit, its standardization foundation, goals, tasks, timetable, safeguards,
//! expected results, opinions) plus the conditions its notice names.

use super::build::*;
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
    responsible: Column::Absent,
};

/// The printed 申报单位基本情况, for the tracks whose layout is this system's.
pub(crate) const APPLICANT_SHEET: Sheet = Sheet {
    title: "申报单位基本情况",
    note: "",
    rows: &[
        &[slot("单位名称", F::ApplicantName)],
        &[
            slot("统一社会信用代码", F::CreditCode),
            slot("法定代表人", F::LegalRepresentative),
        ],
        &[
            slot("通讯地址", F::Address),
            slot("邮政编码", F::PostalCode),
        ],
        &[
            slot("所属行业", F::Industry),
            slot("单位性质（经济类型）", F::EconomicType),
        ],
        &[slot(
            "近三年是否发生重大质量、安全、环境保护等责任事故",
            F::Accident,
        )],
    ],
};

/// The printed contacts, in the rows Chongqing's form puts them.
pub(crate) const CONTACTS_SHEET: Sheet = Sheet {
    title: "联系方式",
    note: "",
    rows: &[
        &[
            slot("项目负责人", F::LeadName),
            slot("职务/职称", F::LeadTitle),
            slot("电话", F::LeadPhone),
        ],
        &[
            slot("联系人", F::ContactName),
            slot("职务/职称", F::ContactTitle),
            slot("电话", F::ContactPhone),
        ],
        &[slot("电子邮箱", F::Email), slot("手机", F::Mobile)],
    ],
};

pub(crate) const TIMETABLE_SHEET: Sheet = Sheet {
    title: "进度安排",
    note: "",
    rows: &[&[shows("", Show::Plan)]],
};

pub(crate) const OUTCOMES_SHEET: Sheet = Sheet {
    title: "保障措施与预期成果",
    note: "",
    rows: &[
        &[slot("保障措施", F::Safeguards)],
        &[slot("预期成果", F::Results)],
    ],
};

pub(crate) const DECLARATIONS_SHEET: Sheet = Sheet {
    title: "自我声明",
    note: "",
    rows: &[&[shows("申报单位自我声明", Show::Declarations)]],
};
