//! The checks every field and row gets from its kind and the program's spec: required, lengths,
//! formats, counts, the lists' limits; and the validator crate's findings as the report's.

use validator::{ValidationErrors, ValidationErrorsKind};

use super::order::sort_stable;
use crate::date::Date;
use crate::fields::{Field, Kind, RowField, StandardField};
use crate::model::{Application, STAFF_MAX, STAFF_MIN};
use crate::program::{Column, Item, PlanSpec, Program};
use crate::report::{Code, Issue};
use crate::rules::formats;
use crate::text;

/// The application with its lists cut to the program's [`Limits`](crate::program::Limits), if
/// one is longer, after saying so at the list's path. (Declarations need no limit of their own:
/// every key that is not one of the program's is refused, and reading takes at most
/// [`ROW_CEILING`](crate::model::ROW_CEILING) of them.)
pub(super) fn capped_to(
    app: &Application,
    program: &Program,
    issues: &mut Vec<Issue>,
) -> Option<Application> {
    let limits = program.limits;
    let over = [
        ("plan", app.plan.len(), limits.plan_rows),
        ("standards", app.standards.len(), limits.standards),
        (
            "units.participants",
            app.units.participants.len(),
            limits.participants,
        ),
    ];
    let mut any = false;
    for (path, len, max) in over {
        if len > max {
            issues.push(Issue::new(path, Code::TooManyItems).with("max", max));
            any = true;
        }
    }
    if !any {
        return None;
    }
    let mut within = app.clone();
    within.plan.truncate(limits.plan_rows);
    within.standards.truncate(limits.standards);
    within.units.participants.truncate(limits.participants);
    Some(within)
}

/// Length, control characters, presence and minimums for every scalar field; a value for a
/// field the program's form does not have is refused, since nobody would ever see it.
pub(super) fn check_fields(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    for &field in Field::ALL {
        let path = field.path();
        if let Some(value) = field.text(app) {
            check_text(path, value, field.kind(), field.max_chars(), issues);
        }
        let present = field.is_present(app);
        let Some(spec) = program.spec(field) else {
            if present {
                issues.push(Issue::new(path, Code::UnknownField));
            }
            continue;
        };
        // A choice with nothing to choose from (a domain without sub-areas) is not asked, nor
        // is a field whose case does not hold (normalization has emptied it).
        let asked = spec.applies(app)
            && (field.kind() != Kind::Choice || !program.options(field, app).is_empty());
        if field.kind() == Kind::Consent {
            if spec.required && spec.applies(app) && field.flag(app) != Some(Some(true)) {
                issues.push(Issue::new(path, Code::ConsentMissing));
            }
        } else if spec.required && asked && !present {
            issues.push(Issue::new(path, Code::Required));
        }
        if let (Some(min), Some(Some(value))) = (spec.min, field.count(app))
            && value < min
        {
            issues.push(Issue::new(path, Code::BelowMinimum).with("min", min));
        }
    }
    if program.spec(Field::Accident).is_some()
        && program.accident_binds.applies(app)
        && app.applicant.accident_in_last_3_years == Some(true)
    {
        issues.push(Issue::new(Field::Accident.path(), Code::IneligibleAccident));
    }
    check_rows(app, program, issues);
}

/// The cells of the plan, the standards list and the participating units.
pub(super) fn check_rows(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    // Which of a plan row's cells the program's table has, and must be filled.
    let asked = |field: RowField| match (program.plan, field) {
        (PlanSpec::Rows { stage, .. }, RowField::Stage) => {
            if stage {
                Column::Required
            } else {
                Column::Absent
            }
        }
        (PlanSpec::Rows { responsible, .. }, RowField::Responsible) => responsible,
        (PlanSpec::Stages { .. }, RowField::Responsible) => Column::Absent,
        _ => Column::Required,
    };
    for (i, row) in app.plan.iter().enumerate() {
        for &field in RowField::ALL {
            let value = field.get(row);
            let path = field.path(i);
            check_text(&path, value, field.kind(), field.max_chars(), issues);
            match (asked(field), value.is_empty()) {
                (Column::Required, true) => issues.push(Issue::new(path, Code::Required)),
                (Column::Absent, false) => issues.push(Issue::new(path, Code::UnknownField)),
                _ => {}
            }
        }
    }
    if !program.has(|i| matches!(i, Item::Standards)) && !app.standards.is_empty() {
        issues.push(Issue::new("standards", Code::UnknownField));
    }
    for (i, row) in app.standards.iter().enumerate() {
        for &field in StandardField::ALL {
            let value = field.get(row);
            let path = field.path(i);
            check_text(&path, value, field.kind(), field.max_chars(), issues);
            // A standard still to be drafted has no number yet.
            let optional = field == StandardField::Number && row.status == "planned";
            if value.is_empty() && !optional {
                issues.push(Issue::new(path, Code::Required));
            }
        }
    }
    let participants = &app.units.participants;
    if !program.has(|i| matches!(i, Item::Participants)) && !participants.is_empty() {
        issues.push(Issue::new("units.participants", Code::UnknownField));
    }
    for (i, name) in participants.iter().enumerate() {
        let path = format!("units.participants.{i}");
        check_text(&path, name, Kind::Line, crate::fields::limits::LINE, issues);
        if name.is_empty() {
            issues.push(Issue::new(path, Code::Required));
        }
    }
}

pub(super) fn check_text(path: &str, value: &str, kind: Kind, max: usize, issues: &mut Vec<Issue>) {
    if text::has_control(value, kind == Kind::Text) {
        issues.push(Issue::new(path, Code::ControlChar));
    }
    let count = text::char_count(value);
    if count > max {
        issues.push(
            Issue::new(path, Code::TooLong)
                .with("max", max)
                .with("actual", count),
        );
    }
}

/// Turns `validator`'s error map, keyed by dotted paths (see [`crate::rules::formats`]), into
/// entries. It is a hash map, so entries are sorted to report in the same order on every run
/// and every target: by row (`plan.2.end` before `plan.10.end`), then by path. A malformed
/// month or date is answered with an example from `today`, so that it reads as this year's
/// (and is never a day in the future that another rule would then refuse).
pub(super) fn flatten(errors: &ValidationErrors, today: Date, issues: &mut Vec<Issue>) {
    let mut entries: Vec<_> = errors.errors().iter().collect();
    sort_stable(&mut entries, |(path, _)| (row_of(path), path.as_ref()));
    for (path, kind) in entries {
        // The map is flat: only fields' lists of errors are in it.
        let ValidationErrorsKind::Field(list) = kind else {
            continue;
        };
        for err in list {
            let Some(&code) = formats::CODES.iter().find(|c| c.as_str() == err.code) else {
                continue;
            };
            let mut issue = Issue::new(path.to_string(), code);
            if code == Code::StaffCount {
                issue = issue.with("min", STAFF_MIN).with("max", STAFF_MAX);
            } else if code == Code::YearMonth {
                issue = issue.with("example", today.year_month());
            } else if code == Code::Date {
                issue = issue.with("example", today);
            } else {
                for name in code.params() {
                    if let Some(value) = err.params.get(*name).and_then(|v| v.as_str()) {
                        issue = issue.with(name, value);
                    }
                }
            }
            issues.push(issue);
        }
    }
}

/// The row a path is in (`plan.2.end` is in 2); 0 outside lists.
pub(super) fn row_of(path: &str) -> usize {
    path.split('.')
        .nth(1)
        .and_then(|i| i.parse().ok())
        .unwrap_or(0)
}
