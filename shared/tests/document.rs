//! The official form filled in with an application: built from every program's fixture, laid out
//! as the notice's form, with what the form lacks kept apart.
#![cfg(not(target_arch = "wasm32"))]

use shared::document::{self, COLUMNS, Cell, Document, Part};
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
    document::build(shared::programs::find(id).unwrap(), &checked.application)
}

/// The supplementary part's label and value rows.
fn lines(doc: &Document) -> Vec<(&str, &str)> {
    doc.supplementary
        .rows
        .iter()
        .filter(|r| r.len() == 2 && r[0].head && !r[1].head)
        .map(|r| (r[0].text.as_str(), r[1].text.as_str()))
        .collect()
}

/// Every label cell of the form's tables with the value cell beside it.
fn pairs(doc: &Document) -> Vec<(&str, &str)> {
    doc.parts
        .iter()
        .flat_map(|p| &p.rows)
        .flat_map(|row| {
            row.windows(2)
                .filter(|w| w[0].head && !w[1].head && w[1].opinion.is_none())
                .map(|w| (w[0].text.as_str(), w[1].text.as_str()))
        })
        .collect()
}

fn cells(doc: &Document) -> impl Iterator<Item = &Cell> {
    doc.parts.iter().flat_map(|p| &p.rows).flatten()
}

fn opinion_keys(doc: &Document) -> Vec<&str> {
    cells(doc)
        .filter_map(|c| c.opinion.as_ref().map(|o| o.key.as_str()))
        .collect()
}

/// Every row fills the table's columns, counting the cells that reach down into it.
fn assert_grid(id: &str, part: &Part) {
    let mut below = vec![0u8; usize::from(COLUMNS)];
    for (r, row) in part.rows.iter().enumerate() {
        let mut column = 0;
        let mut cells = row.iter();
        while column < usize::from(COLUMNS) {
            if below[column] > 0 {
                below[column] -= 1;
                column += 1;
                continue;
            }
            let cell = cells
                .next()
                .unwrap_or_else(|| panic!("{id}: {} row {r} is short", part.title));
            below[column..column + usize::from(cell.span)].fill(cell.down - 1);
            column += usize::from(cell.span);
        }
        assert_eq!(column, usize::from(COLUMNS), "{id}: {} row {r}", part.title);
        assert!(
            cells.next().is_none(),
            "{id}: {} row {r} is long",
            part.title
        );
    }
}

#[test]
fn every_program_prints_its_form_as_tables_with_every_opinion_block_once() {
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
        for part in doc.parts.iter().chain([&doc.supplementary]) {
            assert_grid(p.id, part);
            // Nothing of the cover is reprinted as a part of its own.
            assert_ne!(part.title, "封面", "{}", p.id);
        }
        let keys: Vec<&str> = p
            .opinion_blocks
            .iter()
            .map(|b| program::opinion_key(b))
            .collect();
        assert_eq!(opinion_keys(&doc), keys, "{}", p.id);
        // The opinion rows are the form's last.
        let last = doc.parts.last().unwrap().rows.last().unwrap();
        assert!(last.iter().all(|c| c.opinion.is_some()), "{}", p.id);
        // Empty, they print as the blank form: heading, lines to sign, 年 月 日.
        for c in cells(&doc).filter(|c| c.opinion.is_some()) {
            let o = c.opinion.as_ref().unwrap();
            assert!(c.text.starts_with(&o.key), "{}: {}", p.id, c.text);
            assert!(o.text.is_empty() && o.unit.is_empty() && o.date.is_empty());
        }
    }
}

/// Whatever the applicant gave is printed somewhere: on the cover, in the form's tables or on the
/// supplementary page.
#[test]
fn every_value_of_every_fixture_is_printed_somewhere() {
    for p in PROGRAMS {
        let doc = filled(p.id, |_| {});
        let mut printed: Vec<String> = doc.cover.iter().map(|l| l.value.clone()).collect();
        printed.extend(cells(&doc).map(|c| c.text.clone()));
        printed.extend(
            doc.supplementary
                .rows
                .iter()
                .flatten()
                .map(|c| c.text.clone()),
        );
        let all = printed.join("\n");
        let app = fixture(p.id);
        for spec in p.fields().filter(|s| s.applies(&app)) {
            if let Some(text) = spec.field.text(&app).filter(|t| !t.is_empty()) {
                // Choices print as their labels, months and dates in Chinese: the words only.
                if matches!(spec.field.kind(), shared::Kind::Text | shared::Kind::Line) {
                    assert!(all.contains(text.as_str()), "{}: {} lost", p.id, spec.label);
                }
            }
        }
        for row in &app.plan {
            assert!(all.contains(&row.content), "{}: a plan row lost", p.id);
        }
        for unit in &app.units.participants {
            assert!(all.contains(unit), "{}: {unit} lost", p.id);
        }
    }
}

#[test]
fn chongqing_prints_its_one_table_as_the_form_lays_it_out() {
    let doc = filled("cq-municipal", |_| {});
    assert_eq!(doc.title, "重庆市市场监督管理局\n标准化试点示范项目申请书");
    assert_eq!(doc.issuer, "重庆市市场监督管理局制");
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
    // The form has no headings: its table runs on.
    assert!(doc.parts.iter().all(|p| p.title.is_empty()));
    let rows: Vec<&Vec<Cell>> = doc.parts.iter().flat_map(|p| &p.rows).collect();
    let texts = |row: &Vec<Cell>| -> Vec<String> { row.iter().map(|c| c.text.clone()).collect() };
    assert_eq!(texts(rows[0])[0], "项目名称");
    assert_eq!(texts(rows[0])[2], "项目类型");
    let lead = texts(rows[4]);
    assert_eq!(
        [lead[0].as_str(), lead[2].as_str(), lead[4].as_str()],
        ["项目负责人", "职务/职称", "电话"]
    );
    assert!(rows[4].iter().all(|c| c.span == 1));
    assert!(rows[0].iter().map(|c| c.span).eq([1, 2, 1, 2]));
    let official = pairs(&doc);
    assert!(official.contains(&("项目类型", "试点项目")));
    assert!(official.contains(&("标准化人员数", "3")));
    assert!(!official.iter().any(|(l, _)| *l == "统一社会信用代码"));
    // The plan: its label reaching down beside the three stages, each with its time.
    let plan = rows
        .iter()
        .position(|r| r[0].text == "试点示范项目推进计划")
        .unwrap();
    assert_eq!(rows[plan][0].down, 3);
    assert_eq!(rows[plan][1].text, "启动阶段\n（2023年9月 至 2023年12月）");
    assert_eq!(
        rows[plan + 1][0].text,
        "建设阶段\n（2024年1月 至 2025年4月）"
    );
    // The form's three self-declarations in their cell; the fourth (a condition of the
    // notice) apart.
    let declarations = official
        .iter()
        .find(|(l, _)| *l == "试点示范单位自我声明")
        .unwrap()
        .1;
    assert_eq!(declarations.lines().count(), 3);
    assert!(declarations.starts_with("1、本单位近三年内无重大产品"));
    let extra = lines(&doc);
    assert!(extra.contains(&("统一社会信用代码", "91500112MA5U7K8T4J")));
    assert!(extra.contains(&("申报重点领域", "服务业")));
    assert!(extra.contains(&("重点方向", "现代物流")));
    assert!(doc.supplementary.rows.iter().any(|r| r.len() == 1
        && r[0].span == COLUMNS
        && r[0].text.starts_with("1、")
        && r[0].text.contains("独立法人资格")));
    // The opinion rows: the applicant's and the district's side by side, then one a row.
    let first = rows.iter().position(|r| r[0].opinion.is_some()).unwrap();
    assert_eq!(rows[first].len(), 2);
    assert_eq!(rows[first][1].text, "区县市场监管局推荐意见：");
    assert_eq!(rows[first][1].opinion.as_ref().unwrap().sign, "（盖章）");
    assert_eq!(
        opinion_keys(&doc),
        [
            "申报试点示范项目单位意见",
            "区县市场监管局推荐意见",
            "初审意见",
            "专家评审意见",
            "市局审批意见"
        ]
    );
}

#[test]
fn shanxi_prints_its_headings_with_their_guidance_and_no_cover_part() {
    let doc = filled("sx-provincial", |_| {});
    assert_eq!(doc.title, "农业农村标准化试点项目申报书");
    assert_eq!(doc.issuer, "");
    let titles: Vec<&str> = doc.parts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "一、承担单位基本信息",
            "二、承担试点的工作基础",
            "三、试点预期实现工作目标（包括标准体系建立、实施及实施效果等）",
            "四、计划工作步骤、时间进度、阶段工作内容（包括宣传培训、标准体系建立、组织实施标准、自查、申请评估等）",
            "五、经费保障情况",
            "六、试点承担单位、参加单位、保证单位、业务指导单位及管理单位意见",
        ]
    );
    // The cover ends with the date alone.
    assert_eq!(doc.cover.last().unwrap().label, "");
    let plan = &doc.parts[3].rows;
    let heads: Vec<&str> = plan[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(heads, ["时间", "阶段工作内容", "负责单位及参与单位"]);
    assert_eq!(plan.len(), 6);
    let texts = |row: &Vec<Cell>| -> Vec<String> { row.iter().map(|c| c.text.clone()).collect() };
    let covers = doc
        .supplementary
        .rows
        .iter()
        .position(|r| r[0].text == "工作计划")
        .unwrap();
    assert_eq!(
        texts(&doc.supplementary.rows[covers]),
        ["工作计划", "涵盖的工作"]
    );
    assert_eq!(
        texts(&doc.supplementary.rows[covers + 1]),
        ["第 1 行", "宣传培训、标准体系建立"]
    );
    let official = pairs(&doc);
    assert!(official.contains(&("所属行业", "A 农、林、牧、渔业")));
    assert!(official.contains(&("近三年是否发生重大服务质量、安全、环境保护事故", "否")));
    assert!(official.contains(&("法人注册地址", "晋城市城区")));
    // The form has no list of participating units: they are printed apart.
    assert!(lines(&doc).contains(&("参加单位", "晋城市示例茶叶专业合作社")));
    // A sub-area of the applicant's own words.
    let other = filled("sx-provincial", |a| {
        a.project.sub_area = "其他".into();
        a.project.sub_area_other = "苹果种植".into();
    });
    assert!(lines(&other).contains(&("重点方向", "其他：苹果种植")));
}

/// 组织机构代码 left empty prints as the credit code's characters 9–17, never blank.
#[test]
fn shanxi_prints_the_organization_code_from_the_credit_code() {
    let doc = filled("sx-provincial", |a| a.applicant.organization_code.clear());
    let code = pairs(&doc)
        .into_iter()
        .find(|(l, _)| *l == "组织机构代码")
        .unwrap()
        .1
        .to_owned();
    let credit = fixture("sx-provincial").applicant.credit_code;
    assert_eq!(code, format!("{}-{}", &credit[8..16], &credit[16..17]));
}

/// The notice names a form of its own for the new-infrastructure pilots.
#[test]
fn new_infrastructure_pilots_have_their_own_title() {
    let doc = filled("national-hightech", |a| {
        a.project.domain = "新型基础设施".into();
    });
    assert_eq!(
        doc.title,
        "国家高新技术产业标准化（新型基础设施领域）试点项目申报书"
    );
    let other = filled("national-hightech", |a| {
        a.project.domain = "高新技术产业".into();
        a.project.sub_area.clear();
    });
    assert_eq!(other.title, "国家高新技术产业标准化试点示范项目申报书");
}

#[test]
fn the_national_tracks_name_no_authority_as_their_forms_issuer() {
    for id in [
        "national-hightech",
        "national-service-demo",
        "national-social-pilot",
    ] {
        let doc = filled(id, |_| {});
        assert_eq!(doc.issuer, "", "{id}");
        assert!(!doc.title.contains("制"), "{id}");
    }
}

#[test]
fn the_social_pilot_shows_consents_and_channel_in_words() {
    let doc = filled("national-social-pilot", |_| {});
    let official = pairs(&doc);
    assert!(official.contains(&("报送渠道", "经省级市场监督管理部门审核后报送")));
    assert!(official.contains(&("保证单位", "同意")));
    assert_eq!(doc.cover[2].value, "广东省市场监督管理局");
}

/// Both templates open with their 填写说明 page ("填 写 说 明 1．…5．", Chongqing; "填写说明
/// 1.…6.", Shanxi), printed after the cover in their words; the other forms have none.
#[test]
fn the_templates_instructions_are_printed_after_the_cover() {
    let cq = filled("cq-municipal", |_| {});
    assert_eq!(cq.instructions_title, "填 写 说 明");
    assert_eq!(cq.instructions.len(), 5);
    assert_eq!(
        cq.instructions[0],
        "1．凡向重庆市市场监督管理局申请立项的标准化试点示范项目，须填写此申请书。"
    );
    assert!(cq.instructions[3].contains("申请书一律要求用A4纸张打印，否则不予受理"));
    let sx = filled("sx-provincial", |_| {});
    assert_eq!(sx.instructions_title, "填写说明");
    assert_eq!(sx.instructions.len(), 6);
    assert_eq!(sx.instructions[4], "5. 管理单位为省级标准化行政主管部门。");
    for id in ["sh-municipal", "national-hightech", "national-social-pilot"] {
        let doc = filled(id, |_| {});
        assert!(
            doc.instructions.is_empty() && doc.instructions_title.is_empty(),
            "{id}"
        );
    }
}

/// Chongqing's value cells carry the template's guidance, "（试点示范项目标准化组织机构情况、组织实施
/// 标准情况、存在问题等）" and each stage's "（包括…等工作）", above what was written.
#[test]
fn chongqing_prints_the_templates_guidance_in_its_cells() {
    let doc = filled("cq-municipal", |_| {});
    let guided: Vec<(&str, &str)> = cells(&doc)
        .filter(|c| !c.guide.is_empty())
        .map(|c| (c.guide.as_str(), c.text.as_str()))
        .collect();
    let guides: Vec<&str> = guided.iter().map(|(g, _)| *g).collect();
    assert_eq!(
        guides,
        [
            "（试点示范项目标准化组织机构情况、组织实施标准情况、存在问题等）",
            "（试点示范项目覆盖的领域、行业或区域范围）",
            "（包括试点示范机构建立、方案编制、人员培训、标准体系研制发布、宣传发动、政策措施等工作）",
            "（包括标准体系运行、标准推广实施、监督检查、持续改进等工作）",
            "（包括工作总结、自我评价报告、验收材料准备、验收申请等工作）",
        ]
    );
    // What the applicant wrote is the cell's text, apart from the guidance.
    let app = fixture("cq-municipal");
    assert_eq!(guided[0].1, app.project.status_quo.trim());
    assert!(guided.iter().all(|(_, text)| !text.is_empty()));
    // Shanxi's cells have no such guidance.
    assert!(cells(&filled("sx-provincial", |_| {})).all(|c| c.guide.is_empty()));
}
