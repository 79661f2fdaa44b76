//! 山西省省级标准化试点项目: the 申报书 attached to 山西省市场监督管理局's 2021 call, as forwarded by
//! 晋城市 (seed 001). "XXX" in its title is the domain.

use crate::catalog;
use crate::fields::Field as F;
use crate::program::*;

pub const PROGRAM: Program = Program {
    id: "sx-provincial",
    title: "山西省省级标准化试点项目",
    authority: "山西省市场监督管理局",
    description: "《XXX标准化试点项目申报书》（XXX 为农业农村、工业、服务业、社会管理和公共服务四个领域之一）。承担单位可以是企事业单位、社会组织或地方人民政府；试点区域的参与企业数不得少于区域内同行业企业总数的50%。申报书由承担单位、保证单位、业务指导单位和管理单位签章。",
    kinds: &[Choice {
        value: "pilot",
        label: "省级标准化试点",
    }],
    subject_kinds: catalog::SUBJECT_KINDS,
    domains: &[
        Domain {
            name: "农业农村",
            sub_areas: &["山西药茶", "农村人居环境改善", "数字乡村建设"],
        },
        Domain {
            name: "工业",
            sub_areas: &[
                "能源革命",
                "高端装备制造",
                "轨道交通",
                "半导体",
                "大数据",
                "信息技术",
            ],
        },
        Domain {
            name: "服务业",
            sub_areas: &[
                "科技服务",
                "智慧旅游",
                "乡村旅游",
                "健康养老",
                "物流快递",
                "商务服务",
                "家政",
                "物业",
            ],
        },
        Domain {
            name: "社会管理和公共服务",
            sub_areas: &[
                "公共教育",
                "公共交通",
                "公共安全",
                "公共医疗卫生",
                "公共文化体育",
                "政务服务",
                "人力资源和社会保障",
                "生态保护和环境治理",
            ],
        },
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
                field(F::SubArea, "重点方向", true),
                field(F::ProjectKind, "项目类型", true),
                field(F::SubjectKind, "试点类型", true),
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
                hinted(
                    F::CreditCode,
                    "统一社会信用代码",
                    "18位，见营业执照或登记证书",
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
                field(F::Established, "标准体系建立时间", true),
                field(F::OperatingSince, "标准体系运行时间", true),
                field(F::SelfEvaluation, "标准化工作自我评价", true),
                optional(
                    F::RegionParticipating,
                    "参与试点的同行业企业数",
                    "试点区域填写",
                ),
                optional(F::RegionTotal, "区域内同行业企业总数", "试点区域填写"),
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
                "预期目标",
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
            title: "附件",
            items: &[Item::Attachments],
        },
    ],
    plan: PlanSpec::Rows {
        kinds: &[
            "宣传培训",
            "标准体系建立",
            "组织实施标准",
            "自查",
            "申请评估",
        ],
        responsible: true,
    },
    conditions: &[
        Condition {
            text: "当地政府重视标准化工作，能够为试点建设提供政策、配套资金支持",
            check: Check::Review,
        },
        Condition {
            text: "试点区域：应为当地支柱性产业聚集地区，有统一的管理机构作为组织实施部门",
            check: Check::Review,
        },
        Condition {
            text: "试点区域：企业参与数不得少于试点区域内相同行业企业总数的50%",
            check: Check::Rule("project.region.participating"),
        },
        Condition {
            text: "试点企业：具备独立法人资格，能够独立承担民事责任",
            check: Check::Rule("applicant.credit_code"),
        },
        Condition {
            text: "试点企业：三年内未发生重大产品和服务质量、安全健康、环境保护等事故",
            check: Check::Rule("applicant.accident_in_last_3_years"),
        },
        Condition {
            text: "试点企业：体现行业和地域特色，市场占有率和经济效益排名位于本地区同行业前列",
            check: Check::Review,
        },
        Condition {
            text: "试点企业：具有良好的标准化工作基础，配备专兼职标准化人员",
            check: Check::Rule("standardization.head_name"),
        },
    ],
    attachments: &[Attachment {
        key: "supporting_documents",
        label: "相关证明材料（如标准体系表、获奖证书）",
        required: false,
    }],
    area_code: None,
    region_min_percent: Some(50),
    contacts: &[ProgramContact {
        domains: &[],
        name: "张青（山西省市场监督管理局）",
        phone: "0351-7680158",
    }],
    opinion_blocks: &[
        "承担单位（盖章）、负责人（签字）",
        "参加单位（盖章）、负责人（签字）",
        "保证单位（盖章）、负责人（签字）",
        "业务指导单位（盖章）、负责人（签字）",
        "管理单位（盖章）、负责人（签字）",
    ],
    ..BLANK
};
