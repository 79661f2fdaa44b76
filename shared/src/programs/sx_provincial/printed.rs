//! Shanxi's 申报书 as printed: its six parts, each a table, and its 填写说明 page.

use super::super::build::*;
use crate::fields::Field as F;
use crate::program::*;

/// The form's parts in its order and wording.
pub(super) const SHEETS: &[Sheet] = &[
    Sheet {
        title: "一、承担单位基本信息",
        note: "",
        rows: &[
            &[
                slot("单位名称", F::ApplicantName),
                slot("组织机构代码", F::OrganizationCode),
            ],
            &[
                slot("法定代表人（负责人）", F::LegalRepresentative),
                shows("法人注册地址", Show::Registered),
            ],
            &[slot("单位地址", F::Address)],
            &[
                slot("所属行业", F::Industry),
                slot("经济类型", F::EconomicType),
                slot("邮编", F::PostalCode),
            ],
            &[
                slot("联系电话", F::ContactPhone),
                slot("电子邮箱", F::Email),
            ],
            &[
                slot("标准化机构（或者协调组织）名称", F::BodyName),
                slot("标准化负责人姓名", F::HeadName),
            ],
            &[slot("业务范围", F::BusinessScope)],
            &[slot(
                "近三年是否发生重大服务质量、安全、环境保护事故",
                F::Accident,
            )],
            &[
                slot("标准体系建立时间", F::Established),
                slot("标准体系运行时间", F::OperatingSince),
            ],
            &[slot("标准化工作自我评价", F::SelfEvaluation)],
        ],
    },
    Sheet {
        title: "二、承担试点的工作基础",
        note: "",
        rows: &[
            &[slot("现状及与试点应具备条件符合性", F::Conformity)],
            &[slot("目前标准化工作情况", F::StatusQuo)],
        ],
    },
    Sheet {
        title: "三、试点预期实现工作目标",
        note: "包括标准体系建立、实施及实施效果等",
        rows: &[&[slot("", F::Goals)]],
    },
    Sheet {
        title: "四、计划工作步骤、时间进度、阶段工作内容",
        note: "包括宣传培训、标准体系建立、组织实施标准、自查、申请评估等",
        rows: &[&[shows("", Show::Plan)]],
    },
    Sheet {
        title: "五、经费保障情况",
        note: "",
        rows: &[
            &[slot("1. 经费主要投入方向", F::FundingUses)],
            &[slot(
                "2. 经费来源（包括当地政府、有关单位经费投入等）",
                F::FundingSources,
            )],
        ],
    },
    Sheet {
        title: "六、试点承担单位、参加单位、保证单位、业务指导单位及管理单位意见",
        note: "",
        rows: &[
            &[opinion("承担单位")],
            &[opinion("参加单位")],
            &[opinion("保证单位")],
            &[opinion("业务指导单位")],
            &[opinion("管理单位")],
        ],
    },
];

/// The template's 填写说明 page, verbatim.
pub(super) const INSTRUCTIONS: Instructions = Instructions {
    title: "填写说明",
    items: &[
        "1. XXX: 指农业农村、工业、服务业、社会管理和公共服务四个领域。",
        "2. 试点名称: 农业农村领域指苹果种植、生猪养殖、美丽乡村等标准化试点; 工业领域指高端装备制造、轨道交通、循环经济等标准化试点; 服务业领域指旅游服务、物流服务、养老服务等标准化试点; 社会管理和公共服务领域指政务服务、公共教育、医疗卫生等标准化试点。",
        "3. 承担单位可以为企事业单位、社会组织或者地方人民政府等; 参加单位是参与试点创建的有关单位; 保证单位是县级(含)以上人民政府或市(示范区)标准化行政主管部门。",
        "4. 业务指导单位为市级(示范区)有关行业主管部门。",
        "5. 管理单位为省级标准化行政主管部门。",
        "6. 申报书一式 4 份, 承担单位、保证单位、业务指导单位、管理单位各 1 份。",
    ],
};
