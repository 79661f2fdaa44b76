//! A form as a browser posts it: each control named by its canonical JSON path
//! (`applicant.credit_code`, `plan.0.start`, `declarations.no_violation`), its value as typed. The
//! server reads the form posted without JavaScript with this, and the browser reads the
//! server-rendered form with it before the wasm takes over, so that what was typed is kept.
//!
//! A yes/no posts `true` or `false` (nothing while unanswered); a checkbox posts `true`; a list
//! of strings posts as `path.N` or as `path` repeated (`plan.0.covers`, ticked boxes). Counts
//! are read as the form reads them and also kept as typed, for the message a non-number gets.
//! Names that are not the program's (buttons, a lookup's receipt) are left alone, as are rows
//! past the program's limits.

use crate::fields::{Field, Kind, RowField, StandardField};
use crate::model::{Application, PlanRow};
use crate::program::{PlanSpec, Program};
use crate::rules::formats::whole_number;

/// An empty application of `program`: its fixed stages named, or one row to fill.
pub fn blank(program: &Program) -> Application {
    let mut app = Application {
        program: program.id.to_owned(),
        ..Application::default()
    };
    if let PlanSpec::Stages { stages } = program.plan {
        app.plan = stages
            .iter()
            .map(|s| PlanRow {
                stage: s.name.to_owned(),
                ..PlanRow::default()
            })
            .collect();
    } else {
        app.plan.push(PlanRow::default());
    }
    app
}

/// What a posted form holds: the application, and the counts as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Posted {
    pub application: Application,
    pub typed: Vec<(Field, String)>,
}

/// Reads `pairs` (name, value), in the order posted, into an application of `program`.
pub fn read<'a>(program: &Program, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Posted {
    let mut out = Posted {
        application: blank(program),
        typed: Vec::new(),
    };
    // Rows named by the program's fixed stages are there already; rows the applicant added
    // come as they are named.
    let fixed_rows = matches!(program.plan, PlanSpec::Stages { .. });
    for (name, value) in pairs {
        take(program, fixed_rows, &mut out, name, value);
    }
    out
}

fn take(program: &Program, fixed_rows: bool, out: &mut Posted, name: &str, value: &str) {
    let app = &mut out.application;
    let limits = program.limits;
    match name {
        "call" => app.call = value.to_owned(),
        "privacy_consent" => app.privacy_consent = value == "true",
        "units.receiving" => app.units.receiving = value.to_owned(),
        "units.participants" if app.units.participants.len() < limits.participants => {
            app.units.participants.push(value.to_owned());
        }
        _ => {}
    }
    if let Some(&field) = Field::ALL.iter().find(|f| f.path() == name) {
        match field.kind() {
            Kind::Count => {
                if let Some(slot) = field.count_mut(app) {
                    *slot = whole_number(value).ok().flatten();
                }
                out.typed.retain(|(f, _)| *f != field);
                out.typed.push((field, value.to_owned()));
            }
            Kind::YesNo | Kind::Consent => {
                if let Some(slot) = field.flag_mut(app) {
                    *slot = match value {
                        "true" => Some(true),
                        "false" => Some(false),
                        _ => None,
                    };
                }
            }
            _ => {
                if let Some(slot) = field.text_mut(app) {
                    *slot = value.to_owned();
                }
            }
        }
    } else if let Some(key) = name.strip_prefix("declarations.") {
        if value == "true" && program.declarations.iter().any(|d| d.key == key) {
            app.declarations.insert(key.to_owned(), true);
        }
    } else if let Some((i, rest)) = name.strip_prefix("plan.").and_then(indexed) {
        let grow = !fixed_rows;
        if rest == "covers" {
            let kinds = match program.plan {
                PlanSpec::Rows { kinds, .. } => kinds,
                PlanSpec::Stages { .. } => &[],
            };
            if let Some(kind) = kinds.iter().find(|k| **k == value)
                && let Some(row) = row(&mut app.plan, i, limits.plan_rows, grow)
                && !row.covers.iter().any(|k| k == kind)
            {
                row.covers.push((*kind).to_owned());
            }
        // A fixed stage's name is the program's, whatever is posted.
        } else if let Some(cell) = RowField::ALL
            .iter()
            .find(|f| f.key() == rest && !(fixed_rows && **f == RowField::Stage))
            && let Some(row) = row(&mut app.plan, i, limits.plan_rows, grow)
        {
            *cell.get_mut(row) = value.to_owned();
        }
    } else if let Some((i, rest)) = name.strip_prefix("standards.").and_then(indexed) {
        if let Some(cell) = StandardField::ALL.iter().find(|f| f.key() == rest)
            && let Some(row) = row(&mut app.standards, i, limits.standards, true)
        {
            *cell.get_mut(row) = value.to_owned();
        }
    } else if let Some(i) = name.strip_prefix("units.participants.") {
        let rows = &mut app.units.participants;
        if let Some(slot) = i
            .parse()
            .ok()
            .and_then(|i| row(rows, i, limits.participants, true))
        {
            *slot = value.to_owned();
        }
    }
}

/// The `(name, value)` pairs a form holding `app` posts, as [`read`] reads them back: the
/// server's pages carry an application from one page to the next in them (hidden fields),
/// without anything kept between requests. Counts in `typed` are posted as typed.
pub fn pairs(
    program: &Program,
    app: &Application,
    typed: &[(Field, String)],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![
        ("program".into(), app.program.clone()),
        ("call".into(), app.call.clone()),
    ];
    for &field in Field::ALL {
        let value = if let Some((_, raw)) = typed.iter().find(|(f, _)| *f == field) {
            raw.clone()
        } else if let Some(Some(n)) = field.count(app) {
            n.to_string()
        } else if let Some(Some(flag)) = field.flag(app) {
            flag.to_string()
        } else {
            field.text(app).cloned().unwrap_or_default()
        };
        if !value.is_empty() {
            out.push((field.path().to_owned(), value));
        }
    }
    let fixed_rows = matches!(program.plan, PlanSpec::Stages { .. });
    for (i, row) in app.plan.iter().enumerate() {
        for &cell in RowField::ALL {
            // Every cell, empty too: a row added and not yet filled stays a row.
            if !(fixed_rows && cell == RowField::Stage) {
                out.push((cell.path(i), cell.get(row).clone()));
            }
        }
        for kind in &row.covers {
            out.push((format!("plan.{i}.covers"), kind.clone()));
        }
    }
    for (i, row) in app.standards.iter().enumerate() {
        for &cell in StandardField::ALL {
            out.push((cell.path(i), cell.get(row).clone()));
        }
    }
    if !app.units.receiving.is_empty() {
        out.push(("units.receiving".into(), app.units.receiving.clone()));
    }
    for (i, unit) in app.units.participants.iter().enumerate() {
        // Posted even when empty: the row is there to be filled.
        out.push((format!("units.participants.{i}"), unit.clone()));
    }
    for (key, on) in app.declarations.iter() {
        if *on {
            out.push((format!("declarations.{key}"), "true".into()));
        }
    }
    if app.privacy_consent {
        out.push(("privacy_consent".into(), "true".into()));
    }
    out
}

/// `3.end` as row 3 and `end`.
fn indexed(rest: &str) -> Option<(usize, &str)> {
    let (index, key) = rest.split_once('.')?;
    Some((index.parse().ok()?, key))
}

/// Row `index` of `rows`, added (with the rows before it) where `grow` allows and the limit
/// has room.
fn row<T: Default>(rows: &mut Vec<T>, index: usize, limit: usize, grow: bool) -> Option<&mut T> {
    if grow && index < limit.max(1) {
        while rows.len() <= index {
            rows.push(T::default());
        }
    }
    rows.get_mut(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_past_the_limit_and_foreign_names_are_left_alone() {
        let program = crate::programs::find("sx-provincial").unwrap();
        let posted = read(
            program,
            [
                ("plan.9999999.start", "2026-01"),
                ("standards.0.title", "物流服务规范"),
                ("receipt", "7KQ3-M9XA"),
                ("declarations.not_a_declaration", "true"),
                ("units.participants", "甲公司"),
                ("units.participants", "乙公司"),
            ],
        );
        let app = &posted.application;
        assert_eq!(app.plan.len(), 1);
        assert_eq!(app.standards.len(), 1);
        assert_eq!(app.standards[0].title, "物流服务规范");
        assert_eq!(app.units.participants, ["甲公司", "乙公司"]);
        assert_eq!(app.declarations, blank(program).declarations);
    }

    #[test]
    fn a_count_that_is_not_a_number_is_kept_as_typed() {
        let program = crate::programs::find("cq-municipal").unwrap();
        let posted = read(program, [("standardization.staff_count", "三")]);
        assert_eq!(posted.application.standardization.staff_count, None);
        assert_eq!(posted.typed, [(Field::StaffCount, "三".to_owned())]);
    }
}
