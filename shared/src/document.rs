//! The official 申请书 of a program, filled in with an application: the one model that the
//! applicant's check-and-print page, the reviewers' DOCX and the reviewers' page render, so that
//! paper and screen cannot disagree. It follows the program's [`Sheet`]s, the official form's
//! own tables (label cell beside value cell, rows spanning where the form's do, the opinion
//! blocks as the last rows); whatever the application holds that no sheet or cover line prints
//! goes to a supplementary part, printed apart from the form, so nothing is lost. Attachments are
//! not part of it: their files travel beside it.

use serde::Serialize;

use crate::date::{Date, YearMonth};
use crate::fields::{Field, Kind};
use crate::model::{Application, StandardRow};
use crate::program::{Cover, Item, OTHER, PlanSpec, Program, Sheet, Show, opinion_key};
use crate::rules::standard_number::{STATUSES, Tier};

/// How many columns every table of the form has: enough for Chongqing's rows of three
/// label-and-value pairs; a row of fewer pairs spans them.
pub const COLUMNS: u8 = 6;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The form's own title, e.g. 农业农村标准化试点项目申报书; a line above it on the cover
    /// comes first (`\n`).
    pub title: String,
    /// The issuing line at the foot of the cover (…制), or empty.
    pub issuer: String,
    /// The cover's lines; a line without a label is its value alone (Shanxi's date).
    pub cover: Vec<Line>,
    /// The template's 填写说明 page after the cover: its heading as printed, empty where the
    /// template has none, and its numbered items.
    pub instructions_title: String,
    pub instructions: Vec<String>,
    /// The official form's parts, in its order.
    pub parts: Vec<Part>,
    /// What this system asked beyond the official form, titled [`SUPPLEMENTARY_TITLE`], as a
    /// table like the form's; without rows where nothing was.
    pub supplementary: Part,
}

/// A labelled value; the value may run over several lines (`\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub label: String,
    pub value: String,
}

/// A part of the form: its heading as the form words it (empty where the form's table runs
/// on), and its table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub title: String,
    /// The title of the section of the online form where what this part shows is filled in.
    pub section: String,
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell: `span` columns wide and `down` rows high (HTML's colspan and rowspan: the
/// rows below have no cell where one reaches down).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub text: String,
    /// A label or column heading, not a value.
    pub head: bool,
    pub span: u8,
    pub down: u8,
    /// An opinion block: `text` is its heading.
    pub opinion: Option<Opinion>,
    /// The template's guidance printed in the value cell above what was written
    /// ("（包括工作总结、自我评价报告…）"), or empty.
    pub guide: String,
}

/// An opinion block of the form. Who writes it fills `text`, `unit` and `date`; empty, it prints
/// as the blank form does, with room to sign and seal on paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opinion {
    pub key: String,
    /// The lines to sign and seal under (签字, 盖章), as the form words them.
    pub sign: String,
    pub text: String,
    pub unit: String,
    /// `YYYY年M月D日`, or empty for the form's blank 年 月 日.
    pub date: String,
}

/// What an opinion block prints for its date while it has none.
pub const BLANK_DATE: &str = "年　　月　　日";

/// The title of the supplementary part, wherever it is shown.
pub const SUPPLEMENTARY_TITLE: &str = "补充信息（本系统采集，不属于申请书正式内容）";

impl Cell {
    fn new(text: String, head: bool, span: u8) -> Cell {
        Cell {
            text,
            head,
            span,
            down: 1,
            opinion: None,
            guide: String::new(),
        }
    }

    /// A value cell under the template's guidance `guide` (without its parentheses).
    fn guided(text: String, guide: &str, span: u8) -> Cell {
        Cell {
            guide: if guide.is_empty() {
                String::new()
            } else {
                format!("（{guide}）")
            },
            ..Cell::new(text, false, span)
        }
    }
}

impl Document {
    /// The opinion block `key`, for the unit that writes it to fill.
    pub fn opinion_mut(&mut self, key: &str) -> Option<&mut Opinion> {
        self.parts
            .iter_mut()
            .flat_map(|p| &mut p.rows)
            .flatten()
            .filter_map(|c| c.opinion.as_mut())
            .find(|o| o.key == key)
    }

    /// Adds a label and its value to the supplementary part (an opinion the form has no block
    /// for).
    pub fn add_supplementary(&mut self, label: &str, value: String) {
        line(&mut self.supplementary.rows, label, value);
    }
}

/// What a sheet printed, so that the rest goes to the supplementary part.
#[derive(Default)]
struct Printed {
    fields: Vec<Field>,
    shows: Vec<Show>,
}

impl Printed {
    fn has(&self, show: Show) -> bool {
        self.shows.contains(&show)
    }
}

/// Builds the document of `app` (normalized, as [`crate::check`] returns it) on `program`'s form.
pub fn build(program: &Program, app: &Application) -> Document {
    let mut printed = Printed::default();
    let cover = program
        .cover
        .iter()
        .map(|c| match *c {
            Cover::Field { label, field } => {
                printed.fields.push(field);
                Line {
                    label: label.to_owned(),
                    value: printed_value(program, app, field),
                }
            }
            Cover::Term { label } => {
                printed.shows.push(Show::Term);
                Line {
                    label: label.to_owned(),
                    value: span(&app.project.term.start, &app.project.term.end),
                }
            }
        })
        .collect();
    let parts = program
        .sheets
        .iter()
        .map(|sheet| part(program, app, sheet, &mut printed))
        .collect();
    Document {
        title: program
            .domain(&app.project.domain)
            .map(|d| d.form_title)
            .filter(|t| !t.is_empty())
            .unwrap_or(program.form_title)
            .replace("{domain}", &app.project.domain),
        issuer: program.issuer.to_owned(),
        cover,
        instructions_title: program.instructions.title.to_owned(),
        instructions: program
            .instructions
            .items
            .iter()
            .map(|i| (*i).to_owned())
            .collect(),
        parts,
        supplementary: Part {
            title: SUPPLEMENTARY_TITLE.to_owned(),
            section: String::new(),
            rows: supplementary(program, app, &printed),
        },
    }
}

fn part(program: &Program, app: &Application, sheet: &Sheet, printed: &mut Printed) -> Part {
    let mut rows = Vec::new();
    let mut section = "";
    for slots in sheet.rows {
        let width = COLUMNS / slots.len().max(1) as u8;
        let mut row = Vec::new();
        for slot in *slots {
            if section.is_empty() {
                section = section_of(program, slot.show);
            }
            match slot.show {
                Show::Field(field) => printed.fields.push(field),
                show => printed.shows.push(show),
            }
            let value_span = if slot.label.is_empty() {
                width
            } else {
                row.push(Cell::new(slot.label.to_owned(), true, 1));
                width - 1
            };
            match slot.show {
                Show::Plan => {
                    // The label reaches down beside the stages (Chongqing), made there.
                    let label = if slot.label.is_empty() {
                        None
                    } else {
                        row.pop()
                    };
                    plan(program, app, label, &mut rows);
                }
                Show::Standards => table(
                    &STANDARD_COLUMNS,
                    2,
                    app.standards.iter().map(standard_cells).collect(),
                    &mut rows,
                ),
                Show::Opinion(key) => row.push(opinion(program, key, value_span)),
                show => row.push(Cell::guided(
                    shown(program, app, show),
                    slot.guide,
                    value_span,
                )),
            }
        }
        if !row.is_empty() {
            rows.push(row);
        }
    }
    let title = if sheet.note.is_empty() {
        sheet.title.to_owned()
    } else {
        format!("{}（{}）", sheet.title, sheet.note)
    };
    Part {
        title,
        section: section.to_owned(),
        rows,
    }
}

/// The title of the online form's section where `show` is filled in ("" for an opinion block:
/// nobody fills it in the form).
fn section_of(program: &Program, show: Show) -> &'static str {
    let holds = |item: &Item| match (show, item) {
        (Show::Field(f), Item::Field(spec)) => spec.field == f,
        (Show::Term, Item::Field(spec)) => spec.field == Field::TermStart,
        (Show::Registered, Item::Field(spec)) => spec.field == Field::RegisteredCity,
        (Show::Plan, Item::Plan)
        | (Show::Declarations, Item::Declarations)
        | (Show::Standards, Item::Standards)
        | (Show::Participants, Item::Participants) => true,
        _ => false,
    };
    program
        .sections
        .iter()
        .find(|s| s.items.iter().any(holds))
        .map_or("", |s| s.title)
}

/// The value cell's text of what a slot shows.
fn shown(program: &Program, app: &Application, show: Show) -> String {
    match show {
        Show::Field(field) => printed_value(program, app, field),
        Show::Term => span(&app.project.term.start, &app.project.term.end),
        Show::Registered => format!(
            "{}{}",
            app.applicant.registered_city, app.applicant.registered_county
        ),
        Show::Declarations => numbered(program, app, false).join("\n"),
        Show::Participants => app.units.participants.join("\n"),
        Show::Plan | Show::Standards | Show::Opinion(_) => String::new(),
    }
}

/// The official (or the supplementary) declarations affirmed, numbered as the form numbers them.
fn numbered(program: &Program, app: &Application, supplementary: bool) -> Vec<String> {
    program
        .declarations
        .iter()
        .filter(|d| {
            d.supplementary == supplementary
                && d.applies(app)
                && app.declarations.get(d.key) == Some(&true)
        })
        .enumerate()
        .map(|(n, d)| format!("{}、{}", n + 1, d.text))
        .collect()
}

/// The opinion block `key`, empty: the next level's opinion fills it.
fn opinion(program: &Program, key: &str, span: u8) -> Cell {
    let block = program
        .opinion_blocks
        .iter()
        .find(|b| opinion_key(b) == key)
        .copied()
        .unwrap_or(key);
    let (heading, sign) = block.split_once('\n').unwrap_or((block, ""));
    Cell {
        opinion: Some(Opinion {
            key: key.to_owned(),
            sign: sign.to_owned(),
            text: String::new(),
            unit: String::new(),
            date: String::new(),
        }),
        ..Cell::new(heading.to_owned(), false, span)
    }
}

/// A value as printed: a field's, or, for Shanxi's 组织机构代码 left empty, the one the credit
/// code holds (its characters 9–17), so that the printed form never shows it blank.
fn printed_value(program: &Program, app: &Application, field: Field) -> String {
    let code = &app.applicant.credit_code;
    if field == Field::OrganizationCode
        && app.applicant.organization_code.is_empty()
        && code.len() == 18
        && code.is_ascii()
    {
        return format!("{}-{}", &code[8..16], &code[16..17]);
    }
    value(program, app, field)
}

/// A table with a heading row: `columns`, the `wide` one taking what the others leave.
fn table(columns: &[&str], wide: usize, cells: Vec<Vec<String>>, rows: &mut Vec<Vec<Cell>>) {
    let widths = |i: usize| {
        if i == wide {
            COLUMNS + 1 - columns.len() as u8
        } else {
            1
        }
    };
    rows.push(
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| Cell::new((*c).to_owned(), true, widths(i)))
            .collect(),
    );
    rows.extend(cells.into_iter().map(|row| {
        row.into_iter()
            .enumerate()
            .map(|(i, c)| Cell::new(c, false, widths(i)))
            .collect()
    }));
}

/// The plan as the form's table. Fixed stages (Chongqing): the label cell reaching down beside
/// them, each stage named with its time, then its content. Free rows: a table with a heading row.
fn plan(program: &Program, app: &Application, label: Option<Cell>, rows: &mut Vec<Vec<Cell>>) {
    match program.plan {
        PlanSpec::Stages { stages } => {
            for (i, row) in app.plan.iter().enumerate() {
                let mut cells = Vec::new();
                if i == 0
                    && let Some(label) = &label
                {
                    cells.push(Cell {
                        down: app.plan.len() as u8,
                        ..label.clone()
                    });
                }
                let offset = if label.is_some() { 1 } else { 0 };
                cells.push(Cell::new(
                    format!("{}\n（{}）", row.stage, span(&row.start, &row.end)),
                    true,
                    1,
                ));
                // The template's guidance for the stage, as its cell prints it.
                let guide = stages
                    .iter()
                    .find(|s| s.name == row.stage)
                    .map_or("", |s| s.hint);
                cells.push(Cell::guided(
                    row.content.clone(),
                    guide,
                    COLUMNS - 1 - offset,
                ));
                rows.push(cells);
            }
        }
        PlanSpec::Rows {
            stage, responsible, ..
        } => {
            let mut columns = Vec::new();
            if stage {
                columns.push("阶段");
            }
            columns.extend(["时间", "阶段工作内容"]);
            if responsible.shown() {
                columns.push("负责单位及参与单位");
            }
            let wide = columns.len() - 1 - usize::from(responsible.shown());
            let cells = app
                .plan
                .iter()
                .map(|row| {
                    let mut cells = Vec::new();
                    if stage {
                        cells.push(row.stage.clone());
                    }
                    cells.push(span(&row.start, &row.end));
                    cells.push(row.content.clone());
                    if responsible.shown() {
                        cells.push(row.responsible.clone());
                    }
                    cells
                })
                .collect();
            table(&columns, wide, cells, rows);
        }
    }
}

/// A label and its value as a row of the supplementary table.
fn line(rows: &mut Vec<Vec<Cell>>, label: &str, value: String) {
    rows.push(vec![
        Cell::new(label.to_owned(), true, 2),
        Cell::new(value, false, COLUMNS - 2),
    ]);
}

/// Whatever the application holds that the form does not print, in the online form's order, as
/// rows of a table like the form's.
fn supplementary(program: &Program, app: &Application, printed: &Printed) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let shown_with = |field: Field| match field {
        Field::TermStart | Field::TermEnd => printed.has(Show::Term),
        Field::RegisteredCity | Field::RegisteredCounty => printed.has(Show::Registered),
        // Printed with the sub-area, as 其他：….
        Field::SubAreaOther => printed.fields.contains(&Field::SubArea),
        _ => printed.fields.contains(&field),
    };
    for item in program.items() {
        match item {
            Item::Field(spec) if spec.applies(app) && !shown_with(spec.field) => {
                line(&mut rows, spec.label, value(program, app, spec.field));
            }
            // Which kinds of work each plan row covers (Shanxi): asked by this system, not by
            // the form.
            Item::Plan => {
                if let PlanSpec::Rows { kinds, .. } = program.plan
                    && !kinds.is_empty()
                {
                    let cells = app
                        .plan
                        .iter()
                        .enumerate()
                        .map(|(i, row)| vec![format!("第 {} 行", i + 1), row.covers.join("、")])
                        .collect();
                    table(&["工作计划", "涵盖的工作"], 1, cells, &mut rows);
                }
            }
            Item::Declarations => {
                let mut items = numbered(program, app, true);
                if !printed.has(Show::Declarations) {
                    items.splice(0..0, numbered(program, app, false));
                }
                if !items.is_empty() {
                    rows.push(vec![Cell::new(items.join("\n"), false, COLUMNS)]);
                }
            }
            Item::Participants
                if !printed.has(Show::Participants) && !app.units.participants.is_empty() =>
            {
                line(&mut rows, "参加单位", app.units.participants.join("\n"));
            }
            Item::Standards if !printed.has(Show::Standards) && !app.standards.is_empty() => {
                let cells = app.standards.iter().map(standard_cells).collect();
                table(&STANDARD_COLUMNS, 2, cells, &mut rows);
            }
            _ => {}
        }
    }
    if !app.units.receiving.is_empty() {
        line(&mut rows, "受理单位", app.units.receiving.clone());
    }
    rows
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
