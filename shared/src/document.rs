//! The official 申请书 of a program, filled in with an application: the one model that the
//! applicant's check-and-print page and the reviewers' DOCX render, so that paper and screen
//! cannot disagree. It follows the program's sections, which keep the official form's order and
//! wording; what the official form lacks (fields and declarations marked supplementary, the
//! kinds of work a plan row covers) goes to a supplementary part, printed apart from the form.
//! Attachments are not part of it: their files travel beside it.

use serde::Serialize;

use crate::date::{Date, YearMonth};
use crate::fields::{Field, Kind};
use crate::model::{Application, StandardRow};
use crate::program::{Cover, Item, OTHER, PlanSpec, Program};
use crate::rules::standard_number::{STATUSES, Tier};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The form's own title, e.g. 农业农村标准化试点项目申报书.
    pub title: String,
    /// Who issues the form (制表单位).
    pub authority: String,
    pub cover: Vec<Line>,
    /// The official form's parts, in its order.
    pub parts: Vec<Part>,
    /// The opinion and seal blocks, left blank for signatures and seals on paper.
    pub opinions: Vec<String>,
    /// What this system asked beyond the official form; empty where nothing was.
    pub supplementary: Vec<Block>,
}

/// A labelled value; the value may run over several lines (`\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Line(Line),
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// The declarations affirmed, numbered as on the form.
    Declarations {
        items: Vec<String>,
    },
}

/// The title of the supplementary part, wherever it is shown.
pub const SUPPLEMENTARY_TITLE: &str = "补充信息（本系统采集，不属于申请书正式内容）";

/// Builds the document of `app` (normalized, as [`crate::check`] returns it) on `program`'s form.
pub fn build(program: &Program, app: &Application) -> Document {
    let mut supplementary = Vec::new();
    let mut parts = Vec::new();
    for section in program.sections {
        let mut blocks = Vec::new();
        for item in section.items {
            match item {
                Item::Field(spec) if spec.applies(app) => {
                    let line = Block::Line(Line {
                        label: spec.label.to_owned(),
                        value: value(program, app, spec.field),
                    });
                    if spec.supplementary {
                        supplementary.push(line);
                    } else {
                        blocks.push(line);
                    }
                }
                Item::Field(_) | Item::Attachments => {}
                Item::Plan => {
                    blocks.push(plan(program, app));
                    if let Some(covers) = covers(program, app) {
                        supplementary.push(covers);
                    }
                }
                Item::Declarations => {
                    let (official, extra): (Vec<_>, Vec<_>) = program
                        .declarations
                        .iter()
                        .filter(|d| d.applies(app) && app.declarations.get(d.key) == Some(&true))
                        .partition(|d| !d.supplementary);
                    let numbered = |list: Vec<&crate::program::Declaration>| {
                        let items = list
                            .iter()
                            .enumerate()
                            .map(|(n, d)| format!("{}、{}", n + 1, d.text))
                            .collect();
                        Block::Declarations { items }
                    };
                    if !official.is_empty() {
                        blocks.push(numbered(official));
                    }
                    if !extra.is_empty() {
                        supplementary.push(numbered(extra));
                    }
                }
                Item::Standards => blocks.push(standards(app)),
                Item::Participants => blocks.push(Block::Line(Line {
                    label: "参加单位".to_owned(),
                    value: app.units.participants.join("\n"),
                })),
            }
        }
        if !blocks.is_empty() {
            parts.push(Part {
                title: section.title.to_owned(),
                blocks,
            });
        }
    }
    if !app.units.receiving.is_empty() {
        supplementary.push(Block::Line(Line {
            label: "受理单位".to_owned(),
            value: app.units.receiving.clone(),
        }));
    }
    Document {
        title: program.form_title.replace("{domain}", &app.project.domain),
        authority: program.authority.to_owned(),
        cover: program
            .cover
            .iter()
            .map(|c| match *c {
                Cover::Field { label, field } => Line {
                    label: label.to_owned(),
                    value: value(program, app, field),
                },
                Cover::Term { label } => Line {
                    label: label.to_owned(),
                    value: span(&app.project.term.start, &app.project.term.end),
                },
            })
            .collect(),
        parts,
        opinions: program
            .opinion_blocks
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        supplementary,
    }
}

/// A field's value as the paper form writes it: choices by their label, yes/no in words,
/// months and dates in Chinese.
fn value(program: &Program, app: &Application, field: Field) -> String {
    if let Some(flag) = field.flag(app) {
        return match (field.kind(), flag) {
            (Kind::Consent, Some(true)) => "同意",
            (Kind::Consent, _) => "",
            (_, Some(true)) => "是",
            (_, Some(false)) => "否",
            (_, None) => "",
        }
        .to_owned();
    }
    if let Some(count) = field.count(app) {
        return count.map_or_else(String::new, |n| n.to_string());
    }
    let text = field.text(app).map_or("", String::as_str);
    match field.kind() {
        Kind::Choice if field == Field::SubArea && text == OTHER => {
            format!("其他：{}", app.project.sub_area_other)
        }
        Kind::Choice => program
            .options(field, app)
            .into_iter()
            .find(|(v, _)| *v == text)
            .map_or(text, |(_, label)| label)
            .to_owned(),
        Kind::Month => month(text),
        Kind::Date => Date::parse(text).map_or_else(
            || text.to_owned(),
            |d| format!("{}年{}月{}日", d.year, d.month, d.day),
        ),
        _ => text.to_owned(),
    }
}

fn month(value: &str) -> String {
    YearMonth::parse(value).map_or_else(
        || value.to_owned(),
        |m| format!("{}年{}月", m.year, m.month),
    )
}

/// `2023年9月 至 2025年8月`.
fn span(start: &str, end: &str) -> String {
    format!("{} 至 {}", month(start), month(end))
}

/// The plan as the form's table: fixed stages with their time, or free rows.
fn plan(program: &Program, app: &Application) -> Block {
    let (stage, responsible) = match program.plan {
        PlanSpec::Stages { .. } => (true, false),
        PlanSpec::Rows {
            stage, responsible, ..
        } => (stage, responsible),
    };
    let mut columns = Vec::new();
    if stage {
        columns.push("阶段");
    }
    columns.extend(["时间", "阶段工作内容"]);
    if responsible {
        columns.push("负责单位及参与单位");
    }
    let rows = app
        .plan
        .iter()
        .map(|row| {
            let mut cells = Vec::new();
            if stage {
                cells.push(row.stage.clone());
            }
            cells.push(span(&row.start, &row.end));
            cells.push(row.content.clone());
            if responsible {
                cells.push(row.responsible.clone());
            }
            cells
        })
        .collect();
    Block::Table {
        columns: columns.into_iter().map(str::to_owned).collect(),
        rows,
    }
}

/// Which kinds of work each plan row covers (Shanxi): asked by this system, not by the form.
fn covers(program: &Program, app: &Application) -> Option<Block> {
    let PlanSpec::Rows { kinds, .. } = program.plan else {
        return None;
    };
    if kinds.is_empty() {
        return None;
    }
    let rows = app
        .plan
        .iter()
        .enumerate()
        .map(|(i, row)| vec![format!("第 {} 行", i + 1), row.covers.join("、")])
        .collect();
    Some(Block::Table {
        columns: vec!["工作计划".to_owned(), "涵盖的工作".to_owned()],
        rows,
    })
}

/// The columns of the standards list, and a row's cells under them, as the paper writes them.
pub const STANDARD_COLUMNS: [&str; 4] = ["层级", "标准编号", "标准名称", "状态"];

pub fn standard_cells(row: &StandardRow) -> Vec<String> {
    let tier = Tier::parse(&row.tier).map_or_else(|| row.tier.clone(), |t| t.label().to_owned());
    let status = STATUSES
        .iter()
        .find(|(v, _)| *v == row.status)
        .map_or_else(|| row.status.clone(), |(_, label)| (*label).to_owned());
    vec![tier, row.number.clone(), row.title.clone(), status]
}

fn standards(app: &Application) -> Block {
    Block::Table {
        columns: STANDARD_COLUMNS.map(str::to_owned).to_vec(),
        rows: app.standards.iter().map(standard_cells).collect(),
    }
}
