//! The official form filled in with an application: built from every program's fixture, laid out
//! as the notice's form, with what the form lacks kept apart.
#![cfg(not(target_arch = "wasm32"))]

use shared::document::{self, Block, Document, Line};
use shared::{Application, Date, PROGRAMS, check, program};

fn fixture(program: &str) -> Application {
    let path = format!(
        "{}/../tests/fixtures/{program}/valid.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The document of a program's fixture, normalized as the server stores it.
fn filled(id: &str, edit: impl FnOnce(&mut Application)) -> Document {
    let mut app = fixture(id);
    edit(&mut app);
    let checked = check(&app, Date::new(2023, 8, 10).unwrap());
    document::build(program::find(id).unwrap(), &checked.application)
}

fn lines(blocks: &[Block]) -> Vec<(&str, &str)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Line(Line { label, value }) => Some((label.as_str(), value.as_str())),
            _ => None,
        })
        .collect()
}

fn official_lines(doc: &Document) -> Vec<(&str, &str)> {
    doc.parts.iter().flat_map(|p| lines(&p.blocks)).collect()
}

fn tables(blocks: &[Block]) -> Vec<(&Vec<String>, &Vec<Vec<String>>)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { columns, rows } => Some((columns, rows)),
            _ => None,
        })
        .collect()
}

/// The first table of the official form: the plan.
fn first_table(doc: &Document) -> (&Vec<String>, &Vec<Vec<String>>) {
    doc.parts
        .iter()
        .flat_map(|p| tables(&p.blocks))
        .next()
        .unwrap()
}

#[test]
fn every_program_fills_its_form_in_the_form_order() {
    for p in PROGRAMS {
        let doc = filled(p.id, |_| {});
        assert!(
            !doc.title.is_empty() && !doc.title.contains('{'),
            "{}",
            p.id
        );
        assert!(
            doc.cover.iter().all(|l| !l.value.is_empty()),
            "{}: {:?}",
            p.id,
            doc.cover
        );
        // Parts keep the program's sections' order (sections with nothing official drop out).
        let titles: Vec<&str> = p.sections.iter().map(|s| s.title).collect();
        let mut at = 0;
        for part in &doc.parts {
            at += titles[at..].iter().position(|t| *t == part.title).unwrap() + 1;
        }
        assert_eq!(doc.opinions.len(), p.opinion_blocks.len(), "{}", p.id);
        assert!(!doc.parts.is_empty(), "{}", p.id);
    }
}

#[test]
fn chongqing_cover_table_declarations_and_what_the_form_lacks() {
    let doc = filled("cq-municipal", |_| {});
    assert_eq!(doc.title, "标准化试点示范项目申请书");
    assert_eq!(doc.authority, "重庆市市场监督管理局");
    let cover: Vec<(&str, &str)> = doc
        .cover
        .iter()
        .map(|l| (l.label.as_str(), l.value.as_str()))
        .collect();
    assert_eq!(
        cover,
        [
            ("项目名称", "智慧物流服务标准化试点"),
            ("承担单位", "重庆市渝北区示例物流有限公司"),
            ("负责人", "李明"),
            ("联系电话", "023-60350927"),
            ("项目年限", "2023年9月 至 2025年8月"),
            ("填报日期", "2023年8月1日"),
        ]
    );
    let official = official_lines(&doc);
    assert!(official.contains(&("项目类型", "试点项目")));
    assert!(official.contains(&("标准化人员数", "3")));
    assert!(!official.iter().any(|(l, _)| *l == "统一社会信用代码"));
    // The plan as the form's three stages.
    let plan = first_table(&doc);
    assert_eq!(*plan.0, ["阶段", "时间", "阶段工作内容"]);
    assert_eq!(plan.1[0][..2], ["启动阶段", "2023年9月 至 2023年12月"]);
    // The form's three self-declarations; the fourth (a condition of the notice) apart.
    let declared = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Declarations { items } => Some(items.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    };
    let official_declarations = declared(
        &doc.parts
            .iter()
            .flat_map(|p| p.blocks.clone())
            .collect::<Vec<_>>(),
    );
    assert_eq!(official_declarations.len(), 3);
    assert!(official_declarations[0].starts_with("1、本单位近三年内无重大产品"));
    let extra = lines(&doc.supplementary);
    assert!(extra.contains(&("统一社会信用代码", "91500112MA5U7K8T4J")));
    assert!(extra.contains(&("申报重点领域", "服务业")));
    assert!(extra.contains(&("重点方向", "现代物流")));
    assert_eq!(declared(&doc.supplementary).len(), 1);
    assert_eq!(
        doc.opinions[0],
        "申报试点示范项目单位意见（法定代表人签字、盖章）"
    );
}

#[test]
fn shanxi_title_table_and_covers_apart() {
    let doc = filled("sx-provincial", |_| {});
    assert_eq!(doc.title, "农业农村标准化试点项目申报书");
    let plan = first_table(&doc);
    assert_eq!(*plan.0, ["时间", "阶段工作内容", "负责单位及参与单位"]);
    assert_eq!(plan.1.len(), 5);
    let covers = tables(&doc.supplementary);
    assert_eq!(covers[0].1[0], ["第 1 行", "宣传培训、标准体系建立"]);
    let official = official_lines(&doc);
    assert!(official.contains(&("所属行业", "A 农、林、牧、渔业")));
    assert!(official.contains(&("近三年是否发生重大服务质量、安全、环境保护事故", "否")));
    assert!(official.contains(&("参加单位", "晋城市示例茶叶专业合作社")));
    // A sub-area of the applicant's own words.
    let other = filled("sx-provincial", |a| {
        a.project.sub_area = "其他".into();
        a.project.sub_area_other = "苹果种植".into();
    });
    assert!(lines(&other.supplementary).contains(&("重点方向", "其他：苹果种植")));
}

#[test]
fn the_social_pilot_shows_consents_and_channel_in_words() {
    let doc = filled("national-social-pilot", |_| {});
    let official = official_lines(&doc);
    assert!(official.contains(&("报送渠道", "经省级市场监督管理部门审核后报送")));
    assert!(official.contains(&("保证单位同意", "同意")));
    assert_eq!(doc.cover[2].value, "广东省市场监督管理局");
}
