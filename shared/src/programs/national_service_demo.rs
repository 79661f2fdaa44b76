//! 国家级服务业标准化示范项目 (seed 002), under 《国家级服务业标准化示范项目管理办法（试行）》.

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
pub const ID: &str = "national-service-demo";

pub static PROGRAM: Program = Program {
    id: ID,
    title: "国家级服务业标准化示范项目",
    // "寄送市场监管总局标准技术司": the notice's own name for it.
    authority: "市场监管总局标准技术司",
    description: "申报单位须通过国家级服务业标准化试点项目评估合格满1年（以试点评估合格通知印发时间为准）；区域类示范项目的参与单位应达到本区域同类型服务单位总数的80%以上。建设周期一般为2年，打造标准化精品展示、实践验证、创新研究、宣传培训“四个基地”。本表按征集通知的要求编排，并非官方申报书模板（官方模板须从标准委网站另行下载，未收入本系统）。",
    form_title: "国家级服务业标准化示范项目申报书",
    cover: &[
        on_cover("项目名称", F::ProjectName),
        on_cover("承担单位", F::ApplicantName),
        on_cover("推荐单位", F::Recommender),
        on_cover("填报日期", F::FilledOn),
    ],
    kinds: &[Choice {
        value: "demonstration",
        label: "示范项目",
    }],
    subject_kinds: catalog::DEMONSTRATION_SUBJECT_KINDS,
    // The notice names no list, only "国家政策或产业高质量发展规划鼓励或重点支持范围": these are the
    // fields such demonstrations have covered, offered as suggestions; none is required.
    domains_suggested: true,
    domains: &[
        Domain::listed(
            "生产性服务",
            &[
                "现代物流",
                "科技服务",
                "信息服务",
                "金融服务",
                "商务服务",
                "人力资源服务",
                "检验检测认证",
                "现代供应链",
            ],
        ),
        Domain::listed(
            "生活性服务",
            &[
                "旅游",
                "养老",
                "家政",
                "健康",
                "餐饮住宿",
                "文化体育",
                "教育培训",
                "物业",
                "商贸",
            ],
        ),
    ],
    sections: &[
        Section {
            title: "封面",
            items: &[
                field(F::ProjectName, "项目名称", true),
                field(F::ProjectKind, "项目类型", true),
                optional(F::Domain, "领域", SUGGESTED),
                optional(F::SubArea, "子领域", SUGGESTED),
                field(F::SubjectKind, "示范类型", true),
                hinted(F::Recommender, "推荐单位", "省级市场监督管理部门"),
                field(F::TermStart, "建设起始年月", true),
                field(F::TermEnd, "建设结束年月", true),
                field(F::FilledOn, "填报日期", true),
            ],
        },
        APPLICANT,
        CONTACTS,
        Section {
            title: "区域示范（区域类项目填写）",
            items: &[
                field(F::RegionParticipating, "参与示范的同类型服务单位数", false),
                field(F::RegionTotal, "本区域同类型服务单位总数", false),
            ],
        },
        Section {
            title: "试点基础",
            items: &[
                field(F::PriorName, "国家级服务业标准化试点项目名称", true),
                hinted(
                    F::PriorEvaluatedOn,
                    "试点评估合格通知印发日期",
                    "以试点评估合格通知印发时间为准",
                ),
            ],
        },
        // No staff condition in this track: the body and its work only.
        Section {
            title: FOUNDATION_TITLE,
            items: &[BODY, FOUNDATION],
        },
        Section {
            title: "“四个基地”建设任务",
            items: &[
                hinted(
                    F::Showcase,
                    "标准化精品展示",
                    "形成可复制、可推广的示范经验，公开执行的服务标准，建立展示平台和服务流程",
                ),
                hinted(
                    F::Validation,
                    "标准化实践验证",
                    "有效实施服务业标准，评估标准化效益，参加国内、国际标准化活动",
                ),
                hinted(
                    F::Research,
                    "标准化创新研究",
                    "创新标准化机制，承担标准制修订和标准化科研任务",
                ),
                hinted(
                    F::Training,
                    "标准化宣传培训",
                    "宣传标准化方针政策和成效，开展标准化人才教育培训",
                ),
            ],
        },
        Section {
            title: "年度工作承诺（不少于通知要求）",
            items: &[
                at_least(
                    F::ExchangeEvents,
                    "每年承担标准化经验交流、观摩等活动（次）",
                    3,
                ),
                at_least(
                    F::StandardProposals,
                    "每年提出标准制修订项目需求或国家标准实施情况报告（项）",
                    5,
                ),
                at_least(F::Papers, "每年在国家级刊物发表标准化论文（篇）", 1),
                at_least(F::TrainedProfessionals, "培养标准化专业人才（名）", 2),
                at_least(F::ProgressReports, "每年提交示范项目工作动态（篇）", 4),
                at_least(
                    F::MediaItems,
                    "每年在省级以上新闻媒体宣传标准化工作（次）",
                    2,
                ),
            ],
        },
        Section {
            title: "示范目标",
            items: &[field(F::Goals, "示范目标", true)],
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
        declaration(
            "no_major_accident",
            "本单位规范、诚信、守法，3年内未出现重大产品（服务）质量、安全健康、环境保护等责任事故，未受到市级及以上有关部门的通报、处分和媒体曝光。",
        ),
        declaration(
            "policy_support",
            "示范项目所属领域为国家政策或产业高质量发展规划鼓励或重点支持范围，标准化工作要求已纳入项目承担单位或当地发展规划。",
        ),
    ],
    attachments: &[Attachment {
        key: "pilot_evaluation_notice",
        label: "国家级服务业标准化试点评估合格通知（通知未要求，可附）",
        // The notice asks for no such file: without it, the reviewers check the date stated.
        required: false,
    }],
    region_min_percent: Some(80),
    // "建设周期一般为2年": longer only warns (the default bounds).
    hand_in: HandIn {
        copies: "由省级市场监督管理部门推荐：推荐公函和推荐示范项目纸质材料1份，电子版以光盘形式寄送或通过公文交换系统提交",
        paper: "",
        to: "寄送市场监管总局标准技术司",
    },
    prior_min_months: Some(12),
    sheets: &[
        Sheet {
            title: "项目基本情况",
            note: "",
            rows: &[
                &[
                    slot("项目类型", F::ProjectKind),
                    slot("示范类型", F::SubjectKind),
                ],
                &[slot("领域", F::Domain), slot("子领域", F::SubArea)],
                &[shows("建设期限", Show::Term)],
            ],
        },
        APPLICANT_SHEET,
        CONTACTS_SHEET,
        Sheet {
            title: "区域示范（区域类项目填写）",
            note: "",
            rows: &[&[
                slot("参与示范的同类型服务单位数", F::RegionParticipating),
                slot("本区域同类型服务单位总数", F::RegionTotal),
            ]],
        },
        Sheet {
            title: "试点基础",
            note: "",
            rows: &[
                &[slot("国家级服务业标准化试点项目名称", F::PriorName)],
                &[slot("试点评估合格通知印发日期", F::PriorEvaluatedOn)],
            ],
        },
        Sheet {
            title: FOUNDATION_TITLE,
            note: "",
            rows: &[
                &[slot("标准化管理机构名称", F::BodyName)],
                &[slot("标准化工作基础", F::StatusQuo)],
            ],
        },
        Sheet {
            title: "“四个基地”建设任务",
            note: "",
            rows: &[
                &[slot("标准化精品展示", F::Showcase)],
                &[slot("标准化实践验证", F::Validation)],
                &[slot("标准化创新研究", F::Research)],
                &[slot("标准化宣传培训", F::Training)],
            ],
        },
        Sheet {
            title: "年度工作承诺（不少于通知要求）",
            note: "",
            rows: &[
                &[
                    slot(
                        "每年承担标准化经验交流、观摩等活动（次）",
                        F::ExchangeEvents,
                    ),
                    slot(
                        "每年提出标准制修订项目需求或国家标准实施情况报告（项）",
                        F::StandardProposals,
                    ),
                ],
                &[
                    slot("每年在国家级刊物发表标准化论文（篇）", F::Papers),
                    slot("培养标准化专业人才（名）", F::TrainedProfessionals),
                ],
                &[
                    slot("每年提交示范项目工作动态（篇）", F::ProgressReports),
                    slot("每年在省级以上新闻媒体宣传标准化工作（次）", F::MediaItems),
                ],
            ],
        },
        Sheet {
            title: "示范目标",
            note: "",
            rows: &[&[slot("示范目标", F::Goals)]],
        },
        TIMETABLE_SHEET,
        OUTCOMES_SHEET,
        DECLARATIONS_SHEET,
        Sheet {
            title: "意见",
            note: "",
            rows: &[&[
                opinion("申报单位意见"),
                opinion("省级市场监督管理部门推荐意见"),
            ]],
        },
    ],
    opinion_blocks: &[
        "申报单位意见：\n（盖章）",
        "省级市场监督管理部门推荐意见：\n（盖章）",
    ],
    applicant_blocks: &["申报单位意见"],
    // "示范项目建设周期一般为2年": usually two years, so a longer one warns; no ceiling.
    term: TermBounds {
        max_months: None,
        usual_months: Some(24),
        least_months: 0,
    },
    ..BLANK
};

/// 《国家级服务业标准化示范项目管理办法（试行）》's conditions, as the notice gives them.
pub const CONDITIONS: &[Condition] = &[
    Condition {
        text: "（一）通过国家级服务业标准化试点项目评估合格时间达到1年以上（以试点评估合格通知印发时间为准）",
        notice: "(一)通过试点评估。通过国家级服务业标准化试点项目评估合格时间达到1年以上(以试点评估合格通知印发时间为准)",
        // The evaluation notice itself is not asked for: without its file the reviewers check
        // the date stated against their records.
        check: &[
            rule("prior_pilot.evaluated_on", Code::PriorTooRecent),
            Check::Review,
        ],
    },
    Condition {
        text: "（一）试点评估合格后持续改进，逐渐完备服务标准体系，形成可复制、可推广的经验，各类标准有效实施，取得良好的社会经济效益，服务满意度持续提升",
        notice: "且试点评估合格后,项目承担单位持续改进,逐渐完备服务标准体系,形成了可复制、可推广的经验,各类标准有效实施,取得良好的社会经济效益,服务满意度持续提升。",
        check: &[Check::Review],
    },
    Condition {
        text: "（二）示范项目应为本地主导产业或特色产业，符合服务业数字化、融合化、品质化、绿色化、国际化发展趋势，具有较强的示范带动作用",
        notice: "(二)具有典型特色。示范项目应为本地主导产业或特色产业,符合服务业数字化、融合化、品质化、绿色化、国际化发展趋势。在全国、区域或行业具有较强的示范带动作用,能够广泛宣传服务业标准化成效。",
        check: &[Check::Review],
    },
    Condition {
        text: "（二）区域类示范项目参与单位数量应达到本区域同类型服务单位总数80%以上",
        notice: "对于区域类的示范项目,其参与单位数量应达到本区域同类型服务单位总数80%以上。",
        check: &[rule(
            "project.region.participating",
            Code::RegionParticipation,
        )],
    },
    Condition {
        text: "（三）3年内未出现重大产品（服务）质量、安全健康、环境保护等责任事故",
        notice: "(三)规范诚信守法。项目承担单位应规范、诚信、守法,3年内未出现重大产品(服务)质量、安全健康、环境保护等责任事故,未受到市级及以上有关部门的通报、处分和媒体曝光等。",
        check: &[rule(
            "applicant.accident_in_last_3_years",
            Code::IneligibleAccident,
        )],
    },
    Condition {
        text: "（三）规范、诚信、守法，未受到市级及以上有关部门的通报、处分和媒体曝光",
        notice: "(三)规范诚信守法。项目承担单位应规范、诚信、守法,3年内未出现重大产品(服务)质量、安全健康、环境保护等责任事故,未受到市级及以上有关部门的通报、处分和媒体曝光等。",
        check: &[Check::Declaration("no_major_accident")],
    },
    Condition {
        text: "（四）所属领域为国家政策或产业高质量发展规划鼓励或重点支持范围，标准化工作要求已纳入发展规划",
        notice: "(四)持续政策保障。示范项目所属领域应为国家政策或产业高质量发展规划鼓励或重点支持范围;标准化工作要求已纳入项目承担单位或当地发展规划",
        check: &[Check::Declaration("policy_support")],
    },
    Condition {
        text: "（四）出台了明确的标准化工作保障政策、工作机制、督促考核和激发鼓励措施等",
        notice: "出台了明确的标准化工作保障政策、工作机制、督促考核和激发鼓励措施等。",
        check: &[Check::Review],
    },
    Condition {
        text: "“四个基地”年度任务不少于通知规定的数量",
        notice: "每年承担服务业标准化经验交流、观摩等活动3次以上……每年提出……等5项以上……每年在国家级刊物上发表标准化实践或研究论文1篇以上……培养标准化专业人才2名以上……每年提交示范项目工作动态4篇以上,在省级以上新闻媒体宣传标准化工作2次以上。",
        check: &[rule("commitments", Code::BelowMinimum)],
    },
];

/// This program has no rule of its own beyond its definition.
pub const RULES: &[Rule] = &[];
