//! 重庆市市级标准化试点示范项目: the 申请书 of 重庆市市场监督管理局, as attached to the 渝北区 2023
//! call (seed 000).

use crate::catalog;
use crate::fields::Field as F;
use super::build::*;
use crate::program::*;
use crate::report::Code;

/// The id this program is known by (in the API, the calls file, the fixtures).
pub const ID: &str = "cq-municipal";

/// The guidance the 申请书 prints in two value cells, asked as the fields' hints too.
const STATUS_QUO_GUIDE: &str = "试点示范项目标准化组织机构情况、组织实施标准情况、存在问题等";
const COVERAGE_GUIDE: &str = "试点示范项目覆盖的领域、行业或区域范围";

pub static PROGRAM: Program = Program {
    id: ID,
    title: "重庆市市级标准化试点示范项目",
    authority: "重庆市市场监督管理局",
    description: "《标准化试点示范项目申请书》（重庆市市场监督管理局制）。申报单位应具有独立法人资格，有标准化管理机构及专兼职标准化人员，三年内未发生重大质量、安全、环境保护等事故；申请书须附标准化试点项目实施方案。",
    form_title: "重庆市市场监督管理局\n标准化试点示范项目申请书",
    issuer: "重庆市市场监督管理局制",
    cover: &[
        on_cover("项目名称", F::ProjectName),
        on_cover("承担单位", F::ApplicantName),
        on_cover("负责人", F::LeadName),
        on_cover("联系电话", F::LeadPhone),
        Cover::Term {
            label: "项目年限"
        },
        on_cover("填报日期", F::FilledOn),
    ],
    kinds: catalog::PILOT_OR_DEMONSTRATION,
    // "一、申报重点" of the 渝北区 notice: focus areas named "等领域", not a field of the 申请书.
    // Kept as an optional classification for the reviewers, with 其他 for the rest.
    domains: &[
        Domain::open(
            "服务业",
            &[
                "文化旅游",
                "商贸服务",
                "现代物流",
                "高技术服务",
                "家政服务",
                "物业管理",
                "金融服务",
                "健康服务",
            ],
        ),
        Domain::open("社会管理和公共服务", &["优化营商环境", "推进社会治理"]),
        Domain::open("农业", &["乡村振兴", "农村人居环境整治", "美丽乡村建设"]),
    ],
    sections: &[
        Section {
            title: "项目概况",
            items: &[
                field(F::ProjectName, "项目名称", true),
                field(F::ProjectKind, "项目类型", true),
                extra(
                    F::Domain,
                    "申报重点领域",
                    "通知“申报重点”所列方面，供审核分类；不属于所列方面的可不选",
                    false,
                ),
                extra(F::SubArea, "重点方向", "", false),
                only_when(F::SubAreaOther, "其他重点方向", "请注明", SUB_AREA_OTHER),
                field(F::TermStart, "项目年限（起）", true),
                field(F::TermEnd, "项目年限（止）", true),
                field(F::FilledOn, "填报日期", true),
            ],
        },
        Section {
            title: "申报单位",
            items: &[
                field(F::ApplicantName, "申报单位", true),
                extra(
                    F::CreditCode,
                    "统一社会信用代码",
                    "18位，见营业执照或登记证书",
                    true,
                ),
                field(F::LegalRepresentative, "法人代表", true),
                field(F::Address, "通讯地址", true),
                field(F::PostalCode, "邮政编码", true),
                field(F::BodyName, "标准化管理机构名称", true),
                field(F::StaffCount, "标准化人员数", true),
            ],
        },
        Section {
            title: "联系方式",
            items: &[
                field(F::LeadName, "项目负责人", true),
                field(F::LeadTitle, "项目负责人职务/职称", true),
                field(F::LeadPhone, "项目负责人电话", true),
                field(F::ContactName, "联系人", true),
                field(F::ContactTitle, "联系人职务/职称", true),
                field(F::ContactPhone, "联系人电话", true),
                field(F::Email, "E-mail", true),
                field(F::Mobile, "手机", true),
                field(F::Fax, "传真", false),
            ],
        },
        Section {
            title: "基本情况",
            items: &[
                field(F::Summary, "试点示范项目基本情况简介", true),
                hinted(F::StatusQuo, "试点示范项目标准化工作现状", STATUS_QUO_GUIDE),
            ],
        },
        Section {
            title: "试点示范单位自我声明",
            items: &[Item::Declarations],
        },
        Section {
            title: "范围、内容与目标",
            items: &[
                hinted(F::Coverage, "试点示范项目覆盖范围", COVERAGE_GUIDE),
                field(F::Goals, "试点示范项目主要内容、目标和任务", true),
            ],
        },
        Section {
            title: "试点示范项目推进计划",
            items: &[Item::Plan],
        },
        Section {
            title: "保障措施",
            items: &[field(F::Safeguards, "保障措施", true)],
        },
        Section {
            title: "申报材料",
            items: &[Item::Attachments],
        },
    ],
    plan: PlanSpec::Stages {
        stages: &[
            Stage {
                name: "启动阶段",
                hint: "包括试点示范机构建立、方案编制、人员培训、标准体系研制发布、宣传发动、政策措施等工作",
            },
            Stage {
                name: "建设阶段",
                hint: "包括标准体系运行、标准推广实施、监督检查、持续改进等工作",
            },
            Stage {
                name: "总结阶段",
                hint: "包括工作总结、自我评价报告、验收材料准备、验收申请等工作",
            },
        ],
    },
    declarations: &[
        declaration(
            "no_major_accident",
            "本单位近三年内无重大产品（含服务）质量、安全健康、环境保护事故发生，未受到区县以上有关部门的通报、处分和媒体曝光。",
        ),
        declaration(
            "follows_standards",
            "本单位承诺并明示执行现行有效的国家标准、行业标准、地方标准或企业标准。",
        ),
        declaration("no_consumer_harm", "本单位无损害消费者权益的行为。"),
        // Condition (一) of the notice; the 申请书's own declarations leave it out.
        extra_declaration(
            "legal_person",
            "本单位具有独立法人资格，能够独立承担法律责任并自愿申报。",
            None,
        ),
    ],
    legal_person: Need::All,
    // The notice names no term: it sets no ceiling, and no usual length to warn past.
    term: TermBounds {
        max_months: None,
        usual_months: None,
        least_months: 0,
    },
    // The 渝北区 notice prints its own numbers without an area code (联系电话：60350927).
    area_code: Some("023"),
    attachments: &[
        Attachment {
            key: "implementation_plan",
            label: "标准化试点项目实施方案",
            required: true,
        },
        // 填写说明 5: "相关技术文献、证明文件等材料应作为附件一同上报".
        Attachment {
            key: "supporting_documents",
            label: "相关技术文献、证明文件等附件",
            required: false,
        },
    ],
    contacts: &[ProgramContact {
        domains: &[],
        cities: &[],
        name: "连洁（渝北区标准化工作联席会议办公室）",
        phone: "023-60350927",
        email: "",
        address: "渝北区龙顺街50号401室",
    }],
    hand_in: HandIn {
        copies: "申请书经申报单位审查签章后一式一份，并报送电子版；同时报送标准化试点项目实施方案",
        paper: "一律用A4纸张打印，否则不予受理",
        to: "报送区县标准化工作联席会议办公室（见本批次受理单位）",
    },
    // The 申请书's one table, split where the online form's sections are, so that each part
    // links back to its own section; printed, the parts join into one table again.
    sheets: &[
        Sheet {
            title: "",
            note: "",
            rows: &[&[
                slot("项目名称", F::ProjectName),
                slot("项目类型", F::ProjectKind),
            ]],
        },
        Sheet {
            title: "",
            note: "",
            rows: &[
                &[
                    slot("申报单位", F::ApplicantName),
                    slot("法人代表", F::LegalRepresentative),
                ],
                &[
                    slot("通讯地址", F::Address),
                    slot("邮政编码", F::PostalCode),
                ],
                &[
                    slot("标准化管理机构名称", F::BodyName),
                    slot("标准化人员数", F::StaffCount),
                ],
            ],
        },
        Sheet {
            title: "",
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
                &[
                    slot("E-mail", F::Email),
                    slot("手机", F::Mobile),
                    slot("传真", F::Fax),
                ],
            ],
        },
        Sheet {
            title: "",
            note: "",
            rows: &[
                &[slot("试点示范项目基本情况简介", F::Summary)],
                &[guided(
                    "试点示范项目标准化工作现状",
                    F::StatusQuo,
                    STATUS_QUO_GUIDE,
                )],
            ],
        },
        Sheet {
            title: "",
            note: "",
            rows: &[&[shows("试点示范单位自我声明", Show::Declarations)]],
        },
        Sheet {
            title: "",
            note: "",
            rows: &[
                &[guided("试点示范项目覆盖范围", F::Coverage, COVERAGE_GUIDE)],
                &[slot("试点示范项目主要内容、目标和任务", F::Goals)],
            ],
        },
        Sheet {
            title: "",
            note: "",
            rows: &[&[shows("试点示范项目推进计划", Show::Plan)]],
        },
        Sheet {
            title: "",
            note: "",
            rows: &[&[slot("保障措施", F::Safeguards)]],
        },
        Sheet {
            title: "",
            note: "",
            rows: &[
                &[
                    opinion("申报试点示范项目单位意见"),
                    opinion("区县市场监管局推荐意见"),
                ],
                &[opinion("初审意见")],
                &[opinion("专家评审意见")],
                &[opinion("市局审批意见")],
            ],
        },
    ],
    opinion_blocks: &[
        "申报试点示范项目单位意见：\n法定代表人签字：　　　　（盖章）",
        "区县市场监管局推荐意见：\n（盖章）",
        "初审意见：\n负责人签字：",
        "专家评审意见：\n签字：",
        "市局审批意见：\n（公章）",
    ],
    applicant_blocks: &["申报试点示范项目单位意见"],
    instructions: Instructions {
        title: "填 写 说 明",
        items: &[
            "1．凡向重庆市市场监督管理局申请立项的标准化试点示范项目，须填写此申请书。",
            "2．申请书由项目的主要承担单位填写，经项目承担单位审查签章后一式一份并发电子版本。",
            "3．申请书所列内容应据实填写，表达应明确、完整、严谨、扼要。",
            "4．申请书一律要求用A4纸张打印，否则不予受理。",
            "5．申请书中未列但需说明的内容可加附页，相关技术文献、证明文件等材料应作为附件一同上报。",
        ],
    },
    ..BLANK
};

/// 二、申报条件 of the 渝北区 notice.
pub const CONDITIONS: &[Condition] = &[
    Condition {
        text: "（一）申报单位具有独立法人资格，能够独立承担法律责任并自愿申报",
        notice: "（一）申报单位具有独立法人资格，能够独立承担法律责任并自愿申报；",
        check: &[
            rule("applicant.credit_code", Code::NotLegalPerson),
            Check::Declaration("legal_person"),
        ],
    },
    Condition {
        text: "（二）具有一定的标准化工作基础，有标准化管理机构及专兼职标准化人员",
        notice: "（二）具有一定的标准化工作基础，有标准化管理机构及专兼职标准化人员，主要负责人具有较强的标准化意识；",
        check: &[rule("standardization.staff_count", Code::StaffCount)],
    },
    Condition {
        text: "（二）主要负责人具有较强的标准化意识",
        notice: "（二）具有一定的标准化工作基础，有标准化管理机构及专兼职标准化人员，主要负责人具有较强的标准化意识；",
        check: &[Check::Review],
    },
    Condition {
        text: "（三）三年内未发生重大质量、安全、环境保护等事故，未受到相关通报批评以及媒体曝光",
        notice: "（三）三年内未发生重大质量、安全、环境保护等事故，未受到相关通报批评以及媒体曝光；",
        check: &[Check::Declaration("no_major_accident")],
    },
    Condition {
        text: "（四）所在地政府（或承担单位）重视标准化工作，将标准化纳入相关规划或重大项目，能够为试点项目建设提供政策、资金及其他支持",
        notice: "（四）所在地政府（或承担单位）重视标准化工作，将标准化纳入相关规划或重大项目，能够为试点项目建设提供政策、资金及其他支持；",
        check: &[Check::Review],
    },
    Condition {
        text: "（五）承诺并明示执行现行有效的国家标准、行业标准、地方标准或企业标准",
        notice: "（五）体现行业特色，承诺并明示执行现行有效的国家标准、行业标准、地方标准或企业标准，对行业具有明显的示范带动作用，能够形成可推广、可复制的典型经验。",
        check: &[Check::Declaration("follows_standards")],
    },
    Condition {
        text: "（五）体现行业特色，对行业具有明显的示范带动作用，能够形成可推广、可复制的典型经验",
        notice: "（五）体现行业特色，承诺并明示执行现行有效的国家标准、行业标准、地方标准或企业标准，对行业具有明显的示范带动作用，能够形成可推广、可复制的典型经验。",
        check: &[Check::Review],
    },
];

/// This program has no rule of its own beyond its definition.
pub const RULES: &[Rule] = &[];
