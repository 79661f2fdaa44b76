//! The form's tables beyond a label and its value: the opinion blocks, tables with a heading
//! row (the standards, the plan's rows), Chongqing's stages, and the supplementary part.

use super::cells::{COLUMNS, Cell, Opinion};
use super::values::{STANDARD_COLUMNS, numbered, span, standard_cells, value};
use crate::fields::Field;
use crate::model::Application;
use crate::program::{Item, PlanSpec, Program, Show, opinion_key};

/// What a sheet printed, so that the rest goes to the supplementary part.
#[derive(Default)]
pub(super) struct Printed {
    pub fields: Vec<Field>,
    pub shows: Vec<Show>,
}

impl Printed {
    fn has(&self, show: Show) -> bool {
        self.shows.contains(&show)
    }
}

/// The opinion block `key`, empty: the next level's opinion fills it.
pub(super) fn opinion(program: &Program, key: &str, span: u8) -> Cell {
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

/// A table with a heading row: `columns`, the `wide` one taking what the others leave.
pub(super) fn table(
    columns: &[&str],
    wide: usize,
    cells: Vec<Vec<String>>,
    rows: &mut Vec<Vec<Cell>>,
) {
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
pub(super) fn plan(
    program: &Program,
    app: &Application,
    label: Option<Cell>,
    rows: &mut Vec<Vec<Cell>>,
) {
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
pub(super) fn line(rows: &mut Vec<Vec<Cell>>, label: &str, value: String) {
    rows.push(vec![
        Cell::new(label.to_owned(), true, 2),
        Cell::new(value, false, COLUMNS - 2),
    ]);
}

/// Whatever the application holds that the form does not print, in the online form's order, as
/// rows of a table like the form's.
pub(super) fn supplementary(
    program: &Program,
    app: &Application,
    printed: &Printed,
) -> Vec<Vec<Cell>> {
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
