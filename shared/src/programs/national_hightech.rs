//! 国家高新技术产业标准化试点示范 (seed 002): pilots, demonstrations, and pilots in the new
//! infrastructure field.

use super::national::{
    self, APPLICANT, APPLICANT_SHEET, BODY, CONTACTS, CONTACTS_SHEET, DECLARATIONS_SHEET,
    FOUNDATION, FOUNDATION_TITLE, OUTCOMES, OUTCOMES_SHEET, TIMETABLE, TIMETABLE_SHEET,
};
use crate::catalog;
use crate::fields::Field as F;
use super::build::*;
use crate::program::*;
use crate::report::Code;

/// The id this program is known by (in the API, the calls file, the fixtures).
pub const ID: &str = "national-hightech";

pub static PROGRAM: Program = Program {
    id: ID,
    title: "国家高新技术产业标准化试点示范项目",
    authority: "国家标准化管理委员会",
    description: "国家高新技术产业标准化试点、示范及新型基础设施领域试点。申报主体为高新技术企业、产业集群、高新技术产业开发区、经济技术开发区、国家自主创新示范区等；示范项目的申报主体须已开展并通过验收、且验收结论为优秀的国家级标准化试点项目。本表按征集通知的要求编排，并非官方申报书模板（官方模板须从标准委网站另行下载，未收入本系统）。",
    form_title: "国家高新技术产业标准化试点示范项目申报书",
    cover: &[
        on_cover("项目名称", F::ProjectName),
        on_cover("承担单位", F::ApplicantName),
        on_cover("推荐单位", F::Recommender),
        on_cover("填报日期", F::FilledOn),
    ],
    kinds: catalog::PILOT_OR_DEMONSTRATION,
    subject_kinds: &[
        // "(一)试点示范项目申报主体为高新技术企业、产业集群、高新技术产业开发区、经济技术开发区、
        // 国家自主创新示范区等": the list is open, so each choice names a kind, not the list.
        Choice {
            value: "enterprise",
            label: "企业（高新技术企业等）",
        },
        Choice {
            value: "region",
            label: "产业集群、高新技术产业开发区、经济技术开发区、国家自主创新示范区等",
        },
    ],
    domains: &[
        Domain::listed("高新技术产业", &[]),
        // "新型基础设施领域试点项目": the notice calls for pilots only there.
        // The notice names a form of its own for these pilots.
        Domain {
            pilot_only: true,
            form_title: "国家高新技术产业标准化（新型基础设施领域）试点项目申报书",
            ..Domain::open(
                "新型基础设施",
                &[
                    "5G",
                    "物联网",
                    "工业互联网",
                    "人工智能",
                    "卫星互联网",
                    "数据中心",
                    "智能计算中心",
                    "新能源汽车",
                ],
            )
        },
    ],
    sections: &[
        Section {
            title: "封面",
            items: &[
                field(F::ProjectName, "项目名称", true),
                field(F::ProjectKind, "项目类型", true),
                field(F::Domain, "领域", true),
                hinted(F::SubArea, "新型基础设施领域", "新型基础设施领域试点填写"),
                only_when(
                    F::SubAreaOther,
                    "其他新型基础设施领域",
                    "请注明",
                    SUB_AREA_OTHER,
                ),
                field(F::SubjectKind, "申报主体类型", true),
                only_when(
                    F::LegalForm,
                    "法人资格",
                    "申报主体为企业的，应具有独立法人资格；有行业特殊情况的，允许法人的分支机构申报",
                    ENTERPRISE,
                ),
                hinted(F::Recommender, "推荐单位", "省级市场监督管理部门"),
                field(F::TermStart, "项目起始年月", true),
                field(F::TermEnd, "项目结束年月", true),
                field(F::FilledOn, "填报日期", true),
            ],
        },
        APPLICANT,
        CONTACTS,
        Section {
            title: FOUNDATION_TITLE,
            items: &[
                BODY,
                field(F::StaffCount, "专职标准化人员数", true),
                FOUNDATION,
            ],
        },
        Section {
            title: "已通过验收的国家级试点（申报示范项目填写）",
            items: &[
                field(F::PriorName, "试点项目名称", false),
                field(F::PriorVerdict, "验收结论", false),
                field(F::PriorEvaluatedOn, "验收通过日期", false),
            ],
        },
        Section {
            title: "目标与任务",
            items: &[
                field(F::Goals, "试点示范目标", true),
                hinted(
                    F::Tasks,
                    "主要任务",
                    "标准化工作机制创新、标准研制与应用实施、标准化公共服务、宣贯培训和人才培养等",
                ),
            ],
        },
        TIMETABLE,
        OUTCOMES,
        Section {
            title: "自我声明",
            items: &[Item::Declarations],
        },
        Section {
            title: "证明材料",
            items: &[Item::Attachments],
        },
    ],
    plan: national::PLAN,
    declarations: &[
        // Condition 1 binds "申报主体为企业的": clusters and zones are not asked it.
        declaration_when(
            "no_violation",
            "本单位在中华人民共和国境内注册，近三年经济效益较好，未发生过违法、失信、重大（质量、安全、环保等）责任事故。",
            ENTERPRISE,
        ),
        declaration(
            "cooperate",
            "本单位愿意主动配合开展现场评估和宣传总结，积极推广标准试点示范经验。",
        ),
    ],
    legal_person: Need::Subject("enterprise"),
    accident_binds: Need::Subject("enterprise"),
    attachments: &[Attachment {
        key: "supporting_documents",
        label: "证明材料（如试点验收结论、高新技术企业证书）",
        required: false,
    }],
    demonstration_verdict: Some("优秀"),
    // The notice gives the support unit's two mailing addresses, not its name or phone.
    contacts: &[
        ProgramContact {
            domains: &[],
            cities: &[],
            name: "试点示范工作支撑单位（材料邮寄）",
            phone: "",
            email: "",
            address: "北京市海淀区知春路4号（邮寄信封上请注明“国家高新技术产业标准化试点示范项目”）",
        },
        ProgramContact {
            domains: &[],
            cities: &[],
            name: "试点示范工作支撑单位（材料邮寄）",
            phone: "",
            email: "",
            address: "北京市东城区安定门东大街1号（邮寄信封上请注明“国家高新技术产业标准化试点示范项目”）",
        },
    ],
    hand_in: HandIn {
        copies: "由省级市场监督管理部门推荐：加盖公章的公文、项目申报书和项目推荐汇总表，纸质材料一式两份，电子材料刻录光盘；word版及盖章扫描件发送至支撑单位联系人邮箱",
        paper: "",
        to: "邮寄至试点示范工作支撑单位（信封注明“国家高新技术产业标准化试点示范项目”）",
    },
    sheets: &[
        Sheet {
            title: "项目基本情况",
            note: "",
            rows: &[
                &[slot("项目类型", F::ProjectKind), slot("领域", F::Domain)],
                &[slot("新型基础设施领域", F::SubArea)],
                &[
                    slot("申报主体类型", F::SubjectKind),
                    slot("法人资格", F::LegalForm),
                ],
                &[shows("项目起止时间", Show::Term)],
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
                    slot("专职标准化人员数", F::StaffCount),
                ],
                &[slot("标准化工作基础", F::StatusQuo)],
            ],
        },
        Sheet {
            title: "已通过验收的国家级试点（申报示范项目填写）",
            note: "",
            rows: &[
                &[slot("试点项目名称", F::PriorName)],
                &[
                    slot("验收结论", F::PriorVerdict),
                    slot("验收通过日期", F::PriorEvaluatedOn),
                ],
            ],
        },
        Sheet {
            title: "目标与任务",
            note: "",
            rows: &[
                &[slot("试点示范目标", F::Goals)],
                &[slot("主要任务", F::Tasks)],
            ],
        },
        TIMETABLE_SHEET,
        OUTCOMES_SHEET,
        DECLARATIONS_SHEET,
        Sheet {
            title: "意见",
            note: "",
            rows: &[&[
                opinion("申报主体意见"),
                opinion("省级市场监督管理部门推荐意见"),
            ]],
        },
    ],
    opinion_blocks: &[
        "申报主体意见：\n（盖章）",
        "省级市场监督管理部门推荐意见：\n（盖章）",
    ],
    applicant_blocks: &["申报主体意见"],
    ..BLANK
};

/// The conditions of the high-tech part of the notice.
pub const CONDITIONS: &[Condition] = &[
    Condition {
        text: "试点示范项目申报主体为高新技术企业、产业集群、高新技术产业开发区、经济技术开发区、国家自主创新示范区等",
        notice: "(一)试点示范项目申报主体为高新技术企业、产业集群、高新技术产业开发区、经济技术开发区、国家自主创新示范区等。",
        check: &[Check::Stated("project.subject_kind"), Check::Review],
    },
    Condition {
        text: "申报主体为企业的，应在中华人民共和国境内注册，具有独立法人资格（有行业特殊情况的，允许法人的分支机构申报）",
        notice: "1.申报主体为企业的,应在中华人民共和国境内注册,具有独立法人资格(有行业特殊情况的,允许法人的分支机构申报),近三年经济效益较好且未发生过违法、失信、重大(质量、安全、环保等)责任事故。",
        check: &[
            rule("applicant.credit_code", Code::NotLegalPerson),
            Check::Stated("applicant.legal_form"),
            Check::Declaration("no_violation"),
        ],
    },
    Condition {
        text: "申报主体为企业的，近三年未发生过重大（质量、安全、环保等）责任事故",
        notice: "1.申报主体为企业的,应在中华人民共和国境内注册,具有独立法人资格(有行业特殊情况的,允许法人的分支机构申报),近三年经济效益较好且未发生过违法、失信、重大(质量、安全、环保等)责任事故。",
        check: &[rule(
            "applicant.accident_in_last_3_years",
            Code::IneligibleAccident,
        )],
    },
    Condition {
        text: "申报主体为企业的，近三年经济效益较好，未发生违法、失信行为",
        notice: "1.申报主体为企业的,应在中华人民共和国境内注册,具有独立法人资格(有行业特殊情况的,允许法人的分支机构申报),近三年经济效益较好且未发生过违法、失信、重大(质量、安全、环保等)责任事故。",
        check: &[Check::Declaration("no_violation")],
    },
    Condition {
        text: "具有一定的标准化工作基础，具备推进标准试点示范建设的专职标准化团队或人员",
        notice: "2.申报主体应当具有一定的标准化工作基础,拥有自主知识产权和核心技术,具备推进标准试点示范建设的专职标准化团队或人员,以及基础设施。",
        check: &[rule("standardization.staff_count", Code::StaffCount)],
    },
    Condition {
        text: "拥有自主知识产权和核心技术，以及基础设施",
        notice: "2.申报主体应当具有一定的标准化工作基础,拥有自主知识产权和核心技术,具备推进标准试点示范建设的专职标准化团队或人员,以及基础设施。",
        check: &[Check::Review],
    },
    Condition {
        text: "愿意主动配合开展现场评估和宣传总结，积极推广标准试点示范经验",
        notice: "3.申报主体愿意主动配合开展现场评估和宣传总结,积极推广标准试点示范经验。",
        check: &[Check::Declaration("cooperate")],
    },
    Condition {
        text: "示范项目：申报主体为已开展并通过验收，且验收结论为优秀的国家级标准化试点项目",
        notice: "(二)其中,示范项目申报主体为已开展并通过验收,且验收结论为优秀的国家高新技术标准化等相关国家级标准化试点项目。",
        check: &[rule("prior_pilot.verdict", Code::PriorVerdict)],
    },
    Condition {
        text: "新型基础设施领域：只征集试点项目",
        notice: "(三)新型基础设施领域试点项目任务:……聚焦5G、物联网、工业互联网、人工智能、卫星互联网、数据中心、智能计算中心、新能源汽车等新型基础设施领域,开展标准试点工作。",
        check: &[rule("project.kind", Code::DomainPilotOnly)],
    },
];

/// This program has no rule of its own beyond its definition.
pub const RULES: &[Rule] = &[];
