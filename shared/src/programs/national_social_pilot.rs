//! 社会管理和公共服务综合标准化试点, tenth batch (seed 002), under 《社会管理和公共服务综合标准化
//! 试点细则（试行）》.

use super::national::{
    self, APPLICANT, APPLICANT_SHEET, BODY, CONTACTS, CONTACTS_SHEET, DECLARATIONS_SHEET,
    FOUNDATION, FOUNDATION_TITLE, OUTCOMES, OUTCOMES_SHEET, TIMETABLE, TIMETABLE_SHEET,
};
use crate::fields::Field as F;
use super::build::*;
use crate::program::*;
use crate::report::{Code, Issue};

/// The 报送渠道 through the provincial bureau ("经…管理单位同意后报送省级市场监督管理部门").
const PROVINCIAL_CHANNEL: When = When {
    field: F::Channel,
    equals: "provincial_bureau",
};

/// The id this program is known by (in the API, the calls file, the fixtures).
pub const ID: &str = "national-social-pilot";

pub static PROGRAM: Program = Program {
    id: ID,
    title: "社会管理和公共服务综合标准化试点",
    authority: "社会管理和公共服务标准化联席会议办公室（设在市场监管总局标准技术司）",
    description: "《社会管理和公共服务综合标准化试点申请书》。承担单位应具有明确的社会管理、公共服务职能，能够独立承担法律责任；申请须经试点承担单位、参加单位、保证单位、业务指导单位及管理单位同意。本表按征集通知的要求编排，并非官方申请书模板（官方模板须从标准委网站另行下载，未收入本系统）。",
    form_title: "社会管理和公共服务综合标准化试点申请书",
    cover: &[
        on_cover("试点项目名称", F::ProjectName),
        on_cover("承担单位", F::ApplicantName),
        on_cover("推荐单位", F::Recommender),
        on_cover("填报日期", F::FilledOn),
    ],
    kinds: &[Choice {
        value: "pilot",
        label: "试点项目",
    }],
    // The notice ends at "建议重点围绕以下领域标准化工作开展申报:" and no list follows: these are
    // fields such pilots have covered, offered as suggestions; none is required.
    domains_suggested: true,
    domains: &[
        Domain::listed(
            "社会管理",
            &["公共安全", "基层社会治理", "生态环境保护", "城市管理"],
        ),
        Domain::listed(
            "公共服务",
            &[
                "公共教育",
                "劳动就业创业",
                "社会保险",
                "医疗卫生",
                "社会服务",
                "养老服务",
                "住房保障",
                "公共文化体育",
                "公共交通",
                "政务服务",
            ],
        ),
    ],
    sections: &[
        Section {
            title: "封面",
            items: &[
                field(F::ProjectName, "试点项目名称", true),
                field(F::ProjectKind, "项目类型", true),
                optional(F::Domain, "领域", SUGGESTED),
                optional(F::SubArea, "重点方向", SUGGESTED),
                field(F::TermStart, "试点起始年月", true),
                field(F::TermEnd, "试点结束年月", true),
                field(F::FilledOn, "填报日期", true),
            ],
        },
        APPLICANT,
        CONTACTS,
        Section {
            title: FOUNDATION_TITLE,
            items: &[
                BODY,
                field(F::StaffCount, "专兼职标准化人员数", true),
                FOUNDATION,
            ],
        },
        Section {
            title: "目标与任务",
            items: &[
                field(F::Goals, "试点目标", true),
                field(F::Tasks, "主要任务", true),
            ],
        },
        TIMETABLE,
        OUTCOMES,
        Section {
            title: "相关单位",
            items: &[
                field(F::Channel, "报送渠道", true),
                hinted(
                    F::Recommender,
                    "推荐单位",
                    "省级市场监督管理部门，或社会管理和公共服务标准化联席会议成员单位",
                ),
                // The notice names these units ("经试点承担单位、参加单位、保证单位、业务指导单位及
                // 管理单位同意后报送") but says of none of them who it is: no hint is made up.
                field(F::Guarantor, "保证单位", true),
                hinted(F::Guidance, "业务指导单位", "相关行业主管部门"),
                // "联席会议成员单位可将推荐的项目申请材料直接报送联席办公室": that channel passes
                // no province, so it names no 管理单位 and needs none's consent.
                only_when(F::Manager, "管理单位", "", PROVINCIAL_CHANNEL),
                Item::Participants,
            ],
        },
        Section {
            title: "各单位意见",
            items: &[
                field(F::ConsentApplicant, "试点承担单位同意申报", true),
                field(
                    F::ConsentParticipants,
                    "参加单位同意参加（有参加单位时）",
                    false,
                ),
                field(F::ConsentGuarantor, "保证单位同意", true),
                field(F::ConsentGuidance, "业务指导单位同意", true),
                only_when(F::ConsentManager, "管理单位同意", "", PROVINCIAL_CHANNEL),
            ],
        },
        Section {
            title: "自我声明",
            items: &[Item::Declarations],
        },
    ],
    plan: national::PLAN,
    declarations: &[
        declaration(
            "legal_person",
            "本单位是具有明确的社会管理、公共服务职能，能够独立承担法律责任的机构或者组织。",
        ),
        declaration(
            "no_major_accident",
            "本单位三年内未出现重大服务质量、安全、环境保护等事故，未受到有关部门的通报、行政处分及被媒体曝光导致非常严重社会影响。",
        ),
        declaration(
            "not_abnormal",
            "本单位未列入国家企业信用信息公示系统经营异常名录。",
        ),
        declaration("not_dishonest", "本单位未列入严重违法失信名单。"),
        declaration(
            "local_support",
            "当地党委、政府重视标准化工作，能够为试点创建提供政策、资金及其他支持。",
        ),
    ],
    legal_person: Need::All,
    // "(一)具有明确的社会管理、公共服务职能,能够独立承担法律责任的机构或者组织".
    legal_person_need: "通知要求申报单位是“能够独立承担法律责任的机构或者组织”",
    hand_in: HandIn {
        copies: "申请书经试点承担单位、参加单位、保证单位、业务指导单位及管理单位同意并盖章，报送纸质版",
        paper: "",
        to: "报送省级市场监督管理部门，审核通过后经试点项目管理信息系统提交联席办公室；联席会议成员单位推荐的项目可直接报送联席办公室",
    },
    rules: RULES,
    sheets: &[
        Sheet {
            title: "项目基本情况",
            note: "",
            rows: &[
                &[slot("项目类型", F::ProjectKind)],
                &[slot("领域", F::Domain), slot("重点方向", F::SubArea)],
                &[shows("试点期限", Show::Term)],
            ],
        },
        APPLICANT_SHEET,
        CONTACTS_SHEET,
        Sheet {
            title: FOUNDATION_TITLE,
            note: "",
            rows: &[
                &[
                    slot("标准化管理机构名称", F::BodyName),
                    slot("专兼职标准化人员数", F::StaffCount),
                ],
                &[slot("标准化工作基础", F::StatusQuo)],
            ],
        },
        Sheet {
            title: "目标与任务",
            note: "",
            rows: &[&[slot("试点目标", F::Goals)], &[slot("主要任务", F::Tasks)]],
        },
        TIMETABLE_SHEET,
        OUTCOMES_SHEET,
        Sheet {
            title: "相关单位",
            note: "",
            rows: &[
                &[slot("报送渠道", F::Channel)],
                &[
                    slot("保证单位", F::Guarantor),
                    slot("业务指导单位", F::Guidance),
                ],
                &[slot("管理单位", F::Manager)],
                &[shows("参加单位", Show::Participants)],
            ],
        },
        DECLARATIONS_SHEET,
        Sheet {
            title: "各单位意见",
            note: "",
            rows: &[
                &[
                    slot("试点承担单位", F::ConsentApplicant),
                    slot("参加单位", F::ConsentParticipants),
                ],
                &[
                    slot("保证单位", F::ConsentGuarantor),
                    slot("业务指导单位", F::ConsentGuidance),
                ],
                &[slot("管理单位", F::ConsentManager)],
                &[opinion("试点承担单位意见"), opinion("参加单位意见")],
                &[opinion("保证单位意见"), opinion("业务指导单位意见")],
                &[opinion("管理单位意见")],
            ],
        },
    ],
    opinion_blocks: &[
        "试点承担单位意见：\n（盖章）",
        "参加单位意见：\n（盖章）",
        "保证单位意见：\n（盖章）",
        "业务指导单位意见：\n（盖章）",
        "管理单位意见：\n（盖章）",
    ],
    // "经试点承担单位、参加单位、保证单位、业务指导单位及管理单位同意后报送省级市场监督管理部门": all
    // five agree before the province sees it; the chain's word is its recommendation.
    applicant_blocks: &[
        "试点承担单位意见",
        "参加单位意见",
        "保证单位意见",
        "业务指导单位意见",
        "管理单位意见",
    ],
    ..BLANK
};

/// Participating units must agree too, when there are any.
fn participants_consent(cx: &RuleContext, issues: &mut Vec<Issue>) {
    if !cx.app.units.participants.is_empty() && cx.app.consents.participants != Some(true) {
        issues.push(Issue::new(
            F::ConsentParticipants.path(),
            Code::ConsentMissing,
        ));
    }
}

/// The rules only this program has (see [`crate::programs::rules`]).
pub const RULES: &[Rule] = &[participants_consent];

/// The conditions of 《社会管理和公共服务综合标准化试点细则（试行）》, as the notice gives them.
pub const CONDITIONS: &[Condition] = &[
    Condition {
        text: "（一）具有明确的社会管理、公共服务职能，能够独立承担法律责任的机构或者组织",
        notice: "(一)具有明确的社会管理、公共服务职能,能够独立承担法律责任的机构或者组织;",
        check: &[
            rule("applicant.credit_code", Code::NotLegalPerson),
            Check::Declaration("legal_person"),
            Check::Review,
        ],
    },
    Condition {
        text: "（二）具有一定的标准化工作基础，设置标准化管理内设机构并配备专兼职标准化人员",
        notice: "(二)具有一定的标准化工作基础,主要负责人具有较强的标准化意识,设置标准化管理内设机构并配备专兼职标准化人员;",
        check: &[rule("standardization.staff_count", Code::StaffCount)],
    },
    Condition {
        text: "（二）主要负责人具有较强的标准化意识",
        notice: "(二)具有一定的标准化工作基础,主要负责人具有较强的标准化意识,设置标准化管理内设机构并配备专兼职标准化人员;",
        check: &[Check::Review],
    },
    Condition {
        text: "（三）当地党委、政府重视标准化工作，能够为试点创建提供政策、资金及其他支持",
        notice: "(三)当地党委、政府重视标准化工作,能够为试点创建提供政策、资金及其他支持;",
        check: &[Check::Declaration("local_support")],
    },
    Condition {
        text: "（四）三年内未出现重大服务质量、安全、环境保护等事故",
        notice: "(四)三年内未出现重大服务质量、安全、环境保护等事故,未受到有关部门的通报、行政处分及被媒体曝光导致非常严重社会影响,未列入国家企业信用信息公示系统经营异常名录及严重违法失信名单。",
        check: &[rule(
            "applicant.accident_in_last_3_years",
            Code::IneligibleAccident,
        )],
    },
    Condition {
        text: "（四）未受到有关部门的通报、行政处分及被媒体曝光导致非常严重社会影响",
        notice: "(四)三年内未出现重大服务质量、安全、环境保护等事故,未受到有关部门的通报、行政处分及被媒体曝光导致非常严重社会影响,未列入国家企业信用信息公示系统经营异常名录及严重违法失信名单。",
        check: &[Check::Declaration("no_major_accident")],
    },
    Condition {
        text: "（四）未列入国家企业信用信息公示系统经营异常名录",
        notice: "(四)三年内未出现重大服务质量、安全、环境保护等事故,未受到有关部门的通报、行政处分及被媒体曝光导致非常严重社会影响,未列入国家企业信用信息公示系统经营异常名录及严重违法失信名单。",
        check: &[Check::Declaration("not_abnormal")],
    },
    Condition {
        text: "（四）未列入严重违法失信名单",
        notice: "(四)三年内未出现重大服务质量、安全、环境保护等事故,未受到有关部门的通报、行政处分及被媒体曝光导致非常严重社会影响,未列入国家企业信用信息公示系统经营异常名录及严重违法失信名单。",
        check: &[Check::Declaration("not_dishonest")],
    },
    Condition {
        text: "经试点承担单位、参加单位、保证单位、业务指导单位及管理单位同意",
        notice: "经试点承担单位、参加单位、保证单位、业务指导单位及管理单位同意后报送省级市场监督管理部门。",
        check: &[rule("consents", Code::ConsentMissing)],
    },
];
