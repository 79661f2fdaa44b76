//! 山西省省级标准化试点项目: the 申报书 attached to 山西省市场监督管理局's 2021 call, as forwarded by
//! 晋城市 (seed 001). "XXX" in its title is the domain.

mod printed;

use crate::catalog;
use crate::fields::Field as F;
use super::build::*;
use crate::program::*;
use crate::report::Code;

/// The id this program is known by (in the API, the calls file, the fixtures).
pub const ID: &str = "sx-provincial";

pub static PROGRAM: Program = Program {
    id: ID,
    title: "山西省省级标准化试点项目",
    authority: "山西省市场监督管理局",
    description: "《XXX标准化试点项目申报书》（XXX 为农业农村、工业、服务业、社会管理和公共服务四个领域之一）。承担单位可以是企事业单位、社会组织或地方人民政府；参加单位是参与试点创建的有关单位（可以没有）；保证单位是县级（含）以上人民政府或市（示范区）标准化行政主管部门。试点区域的参与企业数不得少于区域内同行业企业总数的50%。申报书由承担单位、参加单位、保证单位、业务指导单位和管理单位签章。",
    form_title: "{domain}标准化试点项目申报书",
    cover: &[
        on_cover("试点名称", F::ProjectName),
        Cover::Term {
            label: "试点时间"
        },
        on_cover("承担单位", F::ApplicantName),
        on_cover("保证单位", F::Guarantor),
        on_cover("业务指导单位", F::Guidance),
        // The form's cover ends with the date alone: "20 年 月 日".
        on_cover("", F::FilledOn),
    ],
    kinds: &[Choice {
        value: "pilot",
        label: "省级标准化试点",
    }],
    subject_kinds: catalog::SUBJECT_KINDS,
    // 一、试点范围: each domain's focus "等方面"; the form's 填写说明 2 gives still others
    // (苹果种植、生猪养殖、美丽乡村、循环经济), so every list is open.
    domains: &[
        Domain::open(
            "农业农村",
            &["山西药茶", "农村人居环境改善", "数字乡村建设"],
        ),
        Domain::open(
            "工业",
            &[
                "能源革命",
                "高端装备制造",
                "轨道交通",
                "半导体",
                "大数据",
                "信息技术",
            ],
        ),
        Domain::open(
            "服务业",
            &[
                "科技服务",
                "智慧旅游",
                "乡村旅游",
                "健康养老",
                "物流快递",
                "商务服务",
                "家政",
                "物业",
            ],
        ),
        Domain::open(
            "社会管理和公共服务",
            &[
                "公共教育",
                "公共交通",
                "公共安全",
                "公共医疗卫生",
                "公共文化体育",
                "政务服务",
                "人力资源和社会保障",
                "生态保护和环境治理",
            ],
        ),
    ],
    cities: &[
        "太原市",
        "大同市",
        "阳泉市",
        "长治市",
        "晋城市",
        "朔州市",
        "晋中市",
        "运城市",
        "忻州市",
        "临汾市",
        "吕梁市",
        "山西转型综合改革示范区",
    ],
    sections: &[
        Section {
            title: "封面",
            items: &[
                hinted(
                    F::ProjectName,
                    "试点名称",
                    "如：苹果种植、高端装备制造、旅游服务、政务服务等标准化试点",
                ),
                field(F::Domain, "领域（XXX）", true),
                extra(
                    F::SubArea,
                    "重点方向",
                    "通知“试点范围”所列方向，不在其中的选“其他”并注明",
                    true,
                ),
                only_when(F::SubAreaOther, "其他重点方向", "请注明", SUB_AREA_OTHER),
                extra(F::ProjectKind, "项目类型", "", true),
                extra(F::SubjectKind, "试点类型", "试点企业或试点区域", true),
                field(F::TermStart, "试点时间（起）", true),
                field(F::TermEnd, "试点时间（止）", true),
                hinted(
                    F::Guarantor,
                    "保证单位",
                    "县级（含）以上人民政府或市（示范区）标准化行政主管部门",
                ),
                hinted(
                    F::Guidance,
                    "业务指导单位",
                    "市级（示范区）有关行业主管部门",
                ),
                field(F::FilledOn, "填报日期", true),
            ],
        },
        Section {
            title: "一、承担单位基本信息",
            items: &[
                field(F::ApplicantName, "单位名称", true),
                extra(
                    F::CreditCode,
                    "统一社会信用代码",
                    "18位，见营业执照或登记证书",
                    true,
                ),
                optional(
                    F::OrganizationCode,
                    "组织机构代码",
                    "9位，如 MA0K2L3P-7；应与统一社会信用代码第9–17位一致",
                ),
                field(F::LegalRepresentative, "法定代表人（负责人）", true),
                field(F::RegisteredCity, "法人注册地址（市）", true),
                field(F::RegisteredCounty, "法人注册地址（县、区）", true),
                field(F::Address, "单位地址", true),
                field(F::Industry, "所属行业", true),
                field(F::EconomicType, "经济类型", true),
                field(F::PostalCode, "邮编", true),
                field(F::ContactPhone, "联系电话", true),
                field(F::Email, "电子邮箱", true),
                field(F::BodyName, "标准化机构（或者协调组织）名称", true),
                field(F::HeadName, "标准化负责人姓名", true),
                field(F::BusinessScope, "业务范围", true),
                field(
                    F::Accident,
                    "近三年是否发生重大服务质量、安全、环境保护事故",
                    true,
                ),
                // Building the standard system is itself a pilot task (三、四): an applicant
                // without one yet leaves these empty.
                optional(
                    F::Established,
                    "标准体系建立时间",
                    "尚未建立标准体系的可不填，建立标准体系是试点任务之一",
                ),
                optional(F::OperatingSince, "标准体系运行时间", "尚未运行的可不填"),
                field(F::SelfEvaluation, "标准化工作自我评价", true),
                extra(
                    F::RegionParticipating,
                    "参与试点的同行业企业数",
                    "试点区域填写",
                    false,
                ),
                extra(
                    F::RegionTotal,
                    "区域内同行业企业总数",
                    "试点区域填写",
                    false,
                ),
            ],
        },
        Section {
            title: "二、承担试点的工作基础",
            items: &[
                field(F::Conformity, "现状及与试点应具备条件符合性", true),
                field(F::StatusQuo, "目前标准化工作情况", true),
            ],
        },
        Section {
            title: "三、试点预期实现工作目标",
            items: &[hinted(
                F::Goals,
                "试点预期实现工作目标",
                "包括标准体系建立、实施及实施效果等",
            )],
        },
        Section {
            title: "四、计划工作步骤、时间进度、阶段工作内容",
            items: &[Item::Plan],
        },
        Section {
            title: "五、经费保障情况",
            items: &[
                field(F::FundingUses, "经费主要投入方向", true),
                hinted(
                    F::FundingSources,
                    "经费来源",
                    "包括当地政府、有关单位经费投入等",
                ),
            ],
        },
        Section {
            title: "参加单位（可以没有）",
            items: &[Item::Participants],
        },
        Section {
            title: "试点企业声明",
            items: &[Item::Declarations],
        },
        Section {
            title: "附件",
            items: &[Item::Attachments],
        },
    ],
    // The form's table is 时间／阶段工作内容／负责单位及参与单位, "包括宣传培训、标准体系建立、组织
    // 实施标准、自查、申请评估等": rows are free and name the kinds of work they cover.
    plan: PlanSpec::Rows {
        stage: false,
        kinds: &[
            "宣传培训",
            "标准体系建立",
            "组织实施标准",
            "自查",
            "申请评估",
        ],
        // The template's table has "负责单位及参与单位".
        responsible: Column::Required,
    },
    // The 申报书 has no declarations; these are the enterprise conditions of the notice that no
    // field of it shows.
    declarations: &[
        extra_declaration(
            "legal_person",
            "本单位具备独立法人资格，能够独立承担民事责任。",
            Some(ENTERPRISE),
        ),
        extra_declaration(
            "law_abiding",
            "本单位诚信守法，三年内未受到县级以上（含县级）相关部门的通报、处分和媒体曝光。",
            Some(ENTERPRISE),
        ),
    ],
    legal_person: Need::Subject("enterprise"),
    // "（二）试点企业基本条件 2." only: a 试点区域 is not refused for an accident.
    accident_binds: Need::Subject("enterprise"),
    attachments: &[Attachment {
        key: "supporting_documents",
        label: "相关证明材料（如标准体系表、获奖证书）",
        required: false,
    }],
    area_code: None,
    region_min_percent: Some(50),
    contacts: &[
        ProgramContact {
            domains: &[],
            cities: &[],
            name: "张青（山西省市场监督管理局）",
            phone: "0351-7680158",
            email: "sxbz963@126.com",
            address: "山西省太原市小店区长风街108号（030006）",
        },
        // The 晋城 forwarding notice: its counties report to the city by 2021-05-08.
        ProgramContact {
            domains: &[],
            cities: &["晋城市"],
            name: "张艳萍（晋城市市场监督管理局标准化协调推进科）",
            phone: "0356-2028091",
            email: "jcbzhk@126.com",
            address: "",
        },
    ],
    hand_in: HandIn {
        copies: "申报书一式4份，承担单位、保证单位、业务指导单位、管理单位各1份；承担单位、参加单位、保证单位签字盖章，并报送电子版",
        paper: "",
        to: "报送所在市（示范区）市场监管局，汇总筛查后统一报送省市场监管局",
    },
    sheets: printed::SHEETS,
    opinion_blocks: &[
        "承担单位（盖章）：\n负责人（签字）：",
        "参加单位（盖章）：\n负责人（签字）：",
        "保证单位（盖章）：\n负责人（签字）：",
        "业务指导单位（盖章）：\n负责人（签字）：",
        "管理单位（盖章）：\n负责人（签字）：",
    ],
    // "在试点承担单位、参加单位（可以没有）、保证单位一栏签字盖章，经各市（示范区）市场监管局汇总筛查后，
    // 统一报送": the 业务指导单位 and the 管理单位 (the province) write after the city.
    applicant_blocks: &["承担单位", "参加单位", "保证单位"],
    instructions: printed::INSTRUCTIONS,
    ..BLANK
};

/// 二、试点承担单位具备条件.
pub const CONDITIONS: &[Condition] = &[
    Condition {
        text: "当地政府重视标准化工作，能够为试点建设提供政策、配套资金支持",
        notice: "应具备的首要条件是当地政府重视标准化工作，能够为试点建设提供政策、配套资金支持。",
        check: &[Check::Review],
    },
    Condition {
        text: "试点区域：应为当地支柱性产业聚集地区，有统一的管理机构作为组织实施部门",
        notice: "1. 应为当地支柱性产业聚集地区。2. 应有统一的管理机构作为组织实施部门。",
        check: &[Check::Review],
    },
    Condition {
        text: "试点区域：企业参与数不得少于试点区域内相同行业企业总数的50%",
        notice: "3. 企业参与数不得少于试点区域内相同行业企业总数的50%。",
        check: &[rule(
            "project.region.participating",
            Code::RegionParticipation,
        )],
    },
    Condition {
        text: "试点企业：应具备独立法人资格，能够独立承担民事责任",
        notice: "1. 应具备独立法人资格，能够独立承担民事责任。",
        check: &[
            rule("applicant.credit_code", Code::NotLegalPerson),
            Check::Declaration("legal_person"),
        ],
    },
    Condition {
        text: "试点企业：应诚信守法，三年内未发生重大产品和服务质量、安全健康、环境保护等事故",
        notice: "2. 应诚信守法，企业三年内未发生重大产品和服务质量、安全健康、环境保护等事故，未受到县级以上（含县级）相关部门的通报、处分和媒体曝光。",
        check: &[
            rule(
                "applicant.accident_in_last_3_years",
                Code::IneligibleAccident,
            ),
            Check::Declaration("law_abiding"),
        ],
    },
    Condition {
        text: "试点企业：未受到县级以上（含县级）相关部门的通报、处分和媒体曝光",
        notice: "2. 应诚信守法，企业三年内未发生重大产品和服务质量、安全健康、环境保护等事故，未受到县级以上（含县级）相关部门的通报、处分和媒体曝光。",
        check: &[Check::Declaration("law_abiding")],
    },
    Condition {
        text: "试点企业：应能够体现行业和地域特色，对行业内其他企业具有明显的示范带动作用",
        notice: "3. 应能够体现行业和地域特色，对行业内其他企业具有明显的示范带动作用。",
        check: &[Check::Review],
    },
    Condition {
        text: "试点企业：市场占有率和经济效益排名应位于本地区同行业前列",
        notice: "4. 试点企业的市场占有率和经济效益排名应位于本地区同行业前列。",
        check: &[Check::Review],
    },
    Condition {
        text: "试点企业：应具有良好的标准化工作基础，配备专兼职标准化人员，最高管理者具有较强的标准化意识",
        notice: "5. 应具有良好的标准化工作基础，配备专兼职标准化人员，最高管理者具有较强的标准化意识。",
        check: &[Check::Review],
    },
];

/// This program has no rule of its own beyond its definition.
pub const RULES: &[Rule] = &[];
