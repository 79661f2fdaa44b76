//! The official 申请书 of a program, filled in with an application: the one model that the
//! applicant's check-and-print page, the reviewers' DOCX and the reviewers' page render, so that
//! paper and screen cannot disagree. It follows the program's [`Sheet`]s, the official form's
//! own tables (label cell beside value cell, rows spanning where the form's do, the opinion
//! blocks as the last rows); whatever the application holds that no sheet or cover line prints
//! goes to a supplementary part, printed apart from the form, so nothing is lost. Attachments are
//! not part of it: their files travel beside it.

mod cells;
mod tables;
mod values;

use serde::Serialize;

pub use cells::{BLANK_DATE, COLUMNS, Cell, Line, Opinion, Part};
pub use values::{STANDARD_COLUMNS, standard_cells};

use crate::fields::Field;
use crate::model::Application;
use crate::program::{Cover, Item, Program, Sheet, Show};
use tables::{Printed, line, opinion, plan, supplementary, table};
use values::{printed_value, shown, span};

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

/// The title of the supplementary part, wherever it is shown.
pub const SUPPLEMENTARY_TITLE: &str = "补充信息（本系统采集，不属于申请书正式内容）";

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
