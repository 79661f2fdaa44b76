//! 上海市市级标准化试点, 2021 call of 上海市市场监督管理局 (seed 004): filed online, then printed,
//! sealed and handed to the industry authority or district bureau, which becomes the guarantor.

use super::national::CONTACTS_SHEET;
use crate::fields::Field as F;
use super::build::*;
use crate::program::*;
use crate::report::{Code, Issue};

/// 纸质材料寄送地址 of the notice's 联系方式.
const SH_ADDRESS: &str = "上海市市场监督管理局，肇嘉浜路301号，邮政编码200032";
const SOCIAL: &str = "社会管理与公共服务综合标准化试点";
const GROUP: &str = "团体标准培育试点";

/// The id this program is known by (in the API, the calls file, the fixtures).
pub const ID: &str = "sh-municipal";

pub static PROGRAM: Program = Program {
    id: ID,
    title: "上海市市级标准化试点",
    authority: "上海市市场监督管理局",
    description: "申报单位应依法在本市注册登记、信用良好，有标准化管理机构及专兼职标准化人员，一般为业内标杆单位。社会管理与公共服务综合标准化试点由政府主导的机构承担；团体标准培育试点由能够牵头组织实施团体标准的社会团体承担。项目期限为2年，特殊情形经批准可延长半年。网上申报后在线打印申请表，一式三份加盖公章，报行业主管部门或区市场监管局。",
    form_title: "上海市市级标准化试点申请表",
    cover: &[
        on_cover("试点项目名称", F::ProjectName),
        on_cover("申报单位", F::ApplicantName),
        on_cover("推荐单位（保证单位）", F::Guarantor),
        on_cover("填报日期", F::FilledOn),
    ],
    kinds: &[Choice {
        value: "pilot",
        label: "市级标准化试点",
    }],
    pilot_types: &[
        Choice {
            value: "标准化试点",
            label: "标准化试点",
        },
        Choice {
            value: SOCIAL,
            label: SOCIAL,
        },
        Choice {
            value: GROUP,
            label: GROUP,
        },
    ],
    // 四、重点领域: each sub-area's examples end with 等, but the sub-areas themselves are the
    // notice's whole list.
    domains: &[
        Domain::listed("社会管理", &["公共安全", "综合管理"]),
        Domain::listed("公共服务", &["基本公共服务", "政府服务"]),
        Domain::listed(
            "高新技术",
            &[
                "重大装备",
                "智能制造",
                "电子信息技术",
                "生命健康产业及新材料",
            ],
        ),
        Domain::listed("服务业", &["生产性服务", "生活性服务"]),
        Domain::listed("节能环保", &["节能", "环保"]),
        Domain::listed("农业农村", &["农业", "农村"]),
        Domain::listed("国际标准化", &["标准互认", "标准制定及实施"]),
    ],
    sections: &[
        Section {
            title: "试点项目",
            items: &[
                field(F::ProjectName, "试点项目名称", true),
                field(F::ProjectKind, "项目类型", true),
                field(F::PilotType, "试点类型", true),
                field(F::Domain, "重点领域", true),
                field(F::SubArea, "子领域", true),
                hinted(F::TermStart, "项目期限（起）", "项目期限为2年"),
                field(F::TermEnd, "项目期限（止）", true),
                field(F::FilledOn, "填报日期", true),
            ],
        },
        Section {
            title: "申报单位",
            items: &[
                field(F::ApplicantName, "申报单位名称", true),
                hinted(
                    F::CreditCode,
                    "统一社会信用代码",
                    "应为在本市注册登记的单位",
                ),
                field(F::LegalRepresentative, "法定代表人", true),
                field(F::Address, "通讯地址", true),
                field(F::PostalCode, "邮政编码", true),
                field(F::Industry, "所属行业", true),
                field(F::BodyName, "标准化管理机构名称", true),
                field(F::StaffCount, "专兼职标准化人员数", true),
            ],
        },
        Section {
            title: "联系方式",
            items: &[
                field(F::LeadName, "项目负责人", true),
                field(F::LeadTitle, "职务/职称", true),
                field(F::LeadPhone, "电话", true),
                field(F::ContactName, "联系人", true),
                field(F::ContactTitle, "联系人职务/职称", true),
                hinted(F::ContactPhone, "联系人电话", "本市号码可不加区号"),
                field(F::Email, "电子邮箱", true),
                field(F::Mobile, "手机", true),
            ],
        },
        Section {
            title: "试点基础与目标",
            items: &[
                hinted(
                    F::StatusQuo,
                    "标准化工作基础",
                    "标准化管理机构、人员、标准体系及实施情况，在行业内的影响力",
                ),
                field(F::Goals, "试点目标", true),
                hinted(
                    F::Tasks,
                    "试点任务",
                    "构建完善标准体系、收集制定相关标准、开展标准宣传培训、全面组织标准实施、实施评价并持续改进",
                ),
            ],
        },
        Section {
            title: "工作计划",
            items: &[Item::Plan],
        },
        Section {
            title: "标准明细表（选填）",
            items: &[Item::Standards],
        },
        Section {
            title: "保障措施",
            items: &[
                field(F::Safeguards, "保障措施（含试点工作经费）", true),
                hinted(
                    F::Guarantor,
                    "推荐单位（保证单位）",
                    "行业主管部门或区市场监管局；试点立项后作为项目保证单位",
                ),
            ],
        },
        Section {
            title: "自我声明",
            items: &[Item::Declarations],
        },
        Section {
            title: "附件",
            items: &[Item::Attachments],
        },
    ],
    plan: PlanSpec::Rows {
        stage: true,
        kinds: &[],
        // No template names this column: asked, but no row must fill it.
        responsible: Column::Optional,
    },
    declarations: &[declaration(
        "good_credit",
        "本单位依法在本市注册登记，信用良好。",
    )],
    // The term is 2 years; the 6-month extension is granted later, not applied for.
    term: TermBounds {
        max_months: Some(24),
        usual_months: None,
        least_months: 24,
    },
    attachments: &[Attachment {
        key: "supporting_documents",
        label: "证明材料（如行业影响力、标杆单位证明）",
        required: false,
    }],
    area_code: Some("021"),
    home_province: Some("31"),
    contacts: &[
        ProgramContact {
            cities: &[],
            domains: &["社会管理"],
            name: "刘文涛",
            phone: "64220000转2527",
            email: "",
            address: SH_ADDRESS,
        },
        ProgramContact {
            cities: &[],
            domains: &["公共服务"],
            name: "胡伟",
            phone: "64220000转2525",
            email: "",
            address: SH_ADDRESS,
        },
        ProgramContact {
            cities: &[],
            domains: &["高新技术"],
            name: "王宝斌",
            phone: "64220000转2509",
            email: "",
            address: SH_ADDRESS,
        },
        ProgramContact {
            cities: &[],
            domains: &["服务业", "农业农村"],
            name: "倪敏",
            phone: "64220000转2507",
            email: "",
            address: SH_ADDRESS,
        },
        ProgramContact {
            cities: &[],
            domains: &["节能环保"],
            name: "刘宙君",
            phone: "64220000转2526",
            email: "",
            address: SH_ADDRESS,
        },
        ProgramContact {
            cities: &[],
            domains: &["国际标准化"],
            name: "华希",
            phone: "64220000转2506",
            email: "",
            address: SH_ADDRESS,
        },
    ],
    hand_in: HandIn {
        copies: "完成网上申报后在线打印申请表，一式三份，加盖单位公章",
        paper: "",
        to: "报行业主管部门或区市场监管局，初审并填写推荐意见、加盖公章后统一报送市市场监管局（上海市市场监督管理局，肇嘉浜路301号，邮政编码200032）",
    },
    rules: RULES,
    sheets: &[
        Sheet {
            title: "试点项目",
            note: "",
            rows: &[
                &[
                    slot("项目类型", F::ProjectKind),
                    slot("试点类型", F::PilotType),
                ],
                &[slot("重点领域", F::Domain), slot("子领域", F::SubArea)],
                &[shows("项目期限", Show::Term)],
            ],
        },
        Sheet {
            title: "申报单位",
            note: "",
            rows: &[
                &[slot("申报单位名称", F::ApplicantName)],
                &[
                    slot("统一社会信用代码", F::CreditCode),
                    slot("法定代表人", F::LegalRepresentative),
                ],
                &[
                    slot("通讯地址", F::Address),
                    slot("邮政编码", F::PostalCode),
                ],
                &[slot("所属行业", F::Industry)],
                &[
                    slot("标准化管理机构名称", F::BodyName),
                    slot("专兼职标准化人员数", F::StaffCount),
                ],
            ],
        },
        CONTACTS_SHEET,
        Sheet {
            title: "试点基础与目标",
            note: "",
            rows: &[
                &[slot("标准化工作基础", F::StatusQuo)],
                &[slot("试点目标", F::Goals)],
                &[slot("试点任务", F::Tasks)],
            ],
        },
        Sheet {
            title: "工作计划",
            note: "",
            rows: &[&[shows("", Show::Plan)]],
        },
        Sheet {
            title: "标准明细表",
            note: "",
            rows: &[&[shows("", Show::Standards)]],
        },
        Sheet {
            title: "保障措施",
            note: "",
            rows: &[&[slot("保障措施（含试点工作经费）", F::Safeguards)]],
        },
        Sheet {
            title: "自我声明",
            note: "",
            rows: &[&[shows("申报单位自我声明", Show::Declarations)]],
        },
        Sheet {
            title: "意见",
            note: "",
            rows: &[&[opinion("申报单位意见"), opinion("推荐部门意见")]],
        },
    ],
    opinion_blocks: &[
        "申报单位意见：\n（盖章）",
        "推荐部门意见（行业主管部门或区市场监管局）：\n（盖章）",
    ],
    applicant_blocks: &["申报单位意见"],
    ..BLANK
};

/// The rules only this program has (see [`crate::programs::rules`]).
pub const RULES: &[Rule] = &[
    group_pilot_is_social_organization,
    social_pilot_is_government_led,
];

/// 三、试点单位条件及有关要求.
pub const CONDITIONS: &[Condition] = &[
    Condition {
        text: "依法在本市注册登记",
        notice: "1．依法在本市注册登记，信用良好；",
        check: &[rule("applicant.credit_code", Code::OutsideHomeProvince)],
    },
    Condition {
        text: "信用良好",
        notice: "1．依法在本市注册登记，信用良好；",
        check: &[Check::Declaration("good_credit")],
    },
    Condition {
        text: "具有一定的标准化工作基础，有标准化管理机构及专兼职标准化人员",
        notice: "2．具有一定的标准化工作基础，有标准化管理机构及专兼职标准化人员，主要负责人具有较强的标准化意识；",
        check: &[rule("standardization.staff_count", Code::StaffCount)],
    },
    Condition {
        text: "主要负责人具有较强的标准化意识",
        notice: "2．具有一定的标准化工作基础，有标准化管理机构及专兼职标准化人员，主要负责人具有较强的标准化意识；",
        check: &[Check::Review],
    },
    Condition {
        text: "具有较强的行业或社会影响力，一般为业内标杆单位",
        notice: "3．具有较强的行业或社会影响力，一般为业内标杆单位；",
        check: &[Check::Review],
    },
    Condition {
        text: "申报社会管理与公共服务综合标准化试点的单位应是由政府主导的机构或者组织",
        notice: "4．申报社会管理与公共服务综合标准化试点的单位应是由政府主导、依法承担对社会事务和社会生活进行管理、规范与协调等职能的机构或者组织；或者是由政府主导、具备与经济社会发展水平和阶段相适应、保障公民生存和发展基本需求等提供公共服务和公共物品的机构或者组织；",
        check: &[rule("applicant.credit_code", Code::NotGovernmentLed)],
    },
    Condition {
        text: "申报团体标准培育试点的单位应是具备在一定行业（产业）范围内牵头组织实施相关团体标准能力的社会团体",
        notice: "5．申报团体标准培育试点的单位应是具备在一定行业（产业）范围内牵头组织实施相关团体标准能力的社会团体。",
        check: &[
            rule("project.pilot_type", Code::GroupPilotNotSociety),
            rule("project.pilot_type", Code::GroupPilotNotSocialOrg),
        ],
    },
];

/// "申报团体标准培育试点的单位应是…社会团体": a 社会团体 registered with civil affairs (51…) or a
/// 群众团体 (13…) may apply. A code that says the applicant is something the notice rules out —
/// an enterprise (9…), a 民办非企业单位 (52…) or a 基金会 (53…) — is refused; one registered with
/// another authority only warns, since which unit can lead group standards is the reviewers' call.
fn group_pilot_is_social_organization(cx: &RuleContext, issues: &mut Vec<Issue>) {
    let Some(code) = cx.code.as_ref().filter(|_| cx.app.project.pilot_type == GROUP) else {
        return;
    };
    let ruled_out = match (code.authority_code, code.kind_code) {
        ('9', _) => Some("企业"),
        ('5', '2') => Some("民办非企业单位"),
        ('5', '3') => Some("基金会"),
        _ => None,
    };
    if let Some(kind) = ruled_out {
        issues.push(Issue::new(F::PilotType.path(), Code::GroupPilotNotSociety).with("kind", kind));
    } else if !code.is("51") && !code.is("13") {
        issues.push(Issue::new(
            F::PilotType.path(),
            Code::GroupPilotNotSocialOrg,
        ));
    }
}

/// 社会管理与公共服务综合标准化试点 are led by government bodies (机关 11, 事业单位 12). The notice
/// says so of that pilot type only, not of every pilot in the 社会管理 or 公共服务 domains.
fn social_pilot_is_government_led(cx: &RuleContext, issues: &mut Vec<Issue>) {
    if cx.app.project.pilot_type == SOCIAL && cx.code.is_some_and(|c| !c.is("11") && !c.is("12")) {
        issues.push(Issue::new(F::CreditCode.path(), Code::NotGovernmentLed));
    }
}
