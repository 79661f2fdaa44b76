//! Reference lists that several programs' forms share: the national classifications the forms
//! ask applicants to choose from.

use serde::Serialize;

/// One choice of a list: the value stored and the words shown.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// 所属行业: the sections of GB/T 4754-2017. The value stored is the name.
pub const INDUSTRIES: &[Choice] = &[
    Choice {
        value: "农、林、牧、渔业",
        label: "A 农、林、牧、渔业",
    },
    Choice {
        value: "采矿业",
        label: "B 采矿业",
    },
    Choice {
        value: "制造业",
        label: "C 制造业",
    },
    Choice {
        value: "电力、热力、燃气及水生产和供应业",
        label: "D 电力、热力、燃气及水生产和供应业",
    },
    Choice {
        value: "建筑业",
        label: "E 建筑业",
    },
    Choice {
        value: "批发和零售业",
        label: "F 批发和零售业",
    },
    Choice {
        value: "交通运输、仓储和邮政业",
        label: "G 交通运输、仓储和邮政业",
    },
    Choice {
        value: "住宿和餐饮业",
        label: "H 住宿和餐饮业",
    },
    Choice {
        value: "信息传输、软件和信息技术服务业",
        label: "I 信息传输、软件和信息技术服务业",
    },
    Choice {
        value: "金融业",
        label: "J 金融业",
    },
    Choice {
        value: "房地产业",
        label: "K 房地产业",
    },
    Choice {
        value: "租赁和商务服务业",
        label: "L 租赁和商务服务业",
    },
    Choice {
        value: "科学研究和技术服务业",
        label: "M 科学研究和技术服务业",
    },
    Choice {
        value: "水利、环境和公共设施管理业",
        label: "N 水利、环境和公共设施管理业",
    },
    Choice {
        value: "居民服务、修理和其他服务业",
        label: "O 居民服务、修理和其他服务业",
    },
    Choice {
        value: "教育",
        label: "P 教育",
    },
    Choice {
        value: "卫生和社会工作",
        label: "Q 卫生和社会工作",
    },
    Choice {
        value: "文化、体育和娱乐业",
        label: "R 文化、体育和娱乐业",
    },
    Choice {
        value: "公共管理、社会保障和社会组织",
        label: "S 公共管理、社会保障和社会组织",
    },
    Choice {
        value: "国际组织",
        label: "T 国际组织",
    },
];

/// 经济类型, for enterprises and then for other units.
pub const ECONOMIC_TYPES: &[&str] = &[
    "国有",
    "集体",
    "股份合作",
    "联营",
    "有限责任公司",
    "股份有限公司",
    "私营",
    "其他内资",
    "港澳台商投资",
    "外商投资",
    "机关",
    "事业单位",
    "社会团体",
    "民办非企业单位",
    "基金会",
    "其他",
];

/// 验收/评估结论 of a pilot.
pub const VERDICTS: &[&str] = &["优秀", "良好", "合格", "不合格"];

/// `project.subject_kind`.
pub const SUBJECT_KINDS: &[Choice] = &[
    Choice {
        value: "enterprise",
        label: "试点企业（单位）",
    },
    Choice {
        value: "region",
        label: "试点区域",
    },
];

/// `project.subject_kind` of a demonstration program.
pub const DEMONSTRATION_SUBJECT_KINDS: &[Choice] = &[
    Choice {
        value: "enterprise",
        label: "示范企业（单位）",
    },
    Choice {
        value: "region",
        label: "示范区域",
    },
];

/// `applicant.legal_form` (national high-tech: "有行业特殊情况的，允许法人的分支机构申报").
pub const LEGAL_FORMS: &[Choice] = &[
    Choice {
        value: "legal_person",
        label: "具有独立法人资格",
    },
    Choice {
        value: "branch",
        label: "法人的分支机构（有行业特殊情况）",
    },
];

/// `units.channel` of the national social pilot.
pub const CHANNELS: &[Choice] = &[
    Choice {
        value: "provincial_bureau",
        label: "经省级市场监督管理部门审核后报送",
    },
    Choice {
        value: "joint_meeting_member",
        label: "由社会管理和公共服务标准化联席会议成员单位直接报送",
    },
];

/// `project.kind`.
pub const PILOT_OR_DEMONSTRATION: &[Choice] = &[
    Choice {
        value: "pilot",
        label: "试点项目",
    },
    Choice {
        value: "demonstration",
        label: "示范项目",
    },
];
