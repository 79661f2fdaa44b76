//! The entry points: normalize an application, then check it against its program
//! ([`check`]); and whether a whole submission may be stored ([`acceptable`]), which the browser
//! and the server both call.

mod checks;

use checks::{
    check_choices, check_declarations, check_home_province, check_identity, check_legal_person,
    check_phones, check_pilot_only, check_plan, check_prior, check_region, check_standards,
    check_term,
};
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::date::{Date, YearMonth};
use crate::fields::{Field, Kind, RowField, StandardField};
use crate::model::{Application, STAFF_MAX, STAFF_MIN};
use crate::program::{Column, Item, PlanSpec, Program, RuleContext};
use crate::report::{Code, Issue, Report};
use crate::rules::contact::Phone;
use crate::rules::{attachments, standard_number};
use crate::rules::{credit_code, formats};
use crate::text;

/// An application after normalization, and what the rules found in it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub application: Application,
    pub report: Report,
}

/// Normalizes `app` and checks it against the program it names. `today` is the date in
/// Asia/Shanghai; rules never read a clock.
pub fn check(app: &Application, today: Date) -> Checked {
    check_against(
        app,
        crate::programs::find(&text::fold_line(&app.program)),
        today,
    )
}

/// [`check`] against the definition `program` (the browser's, read from the server: it has no
/// table of programs of its own), or as naming no known program where that is `None` or
/// another program.
pub fn check_against(app: &Application, program: Option<&Program>, today: Date) -> Checked {
    let mut application = app.clone();
    application.normalize();
    let program = program.filter(|p| p.id == application.program);
    if let Some(program) = program {
        application.fit_to(program);
    }
    let report = validate_normalized(&application, program, today);
    Checked {
        application,
        report,
    }
}

impl Application {
    /// Puts every value in the one form it is stored in: single lines trimmed and folded, long
    /// texts with `\n` line breaks, codes compacted and upper-cased, phones and dates rewritten.
    /// Values that don't parse are left for the rules to report. What depends on the program
    /// is [`Application::fit_to`]'s.
    pub fn normalize(&mut self) {
        self.program = text::fold_line(&self.program);
        self.call = text::fold_line(&self.call);
        self.units.receiving = text::fold_line(&self.units.receiving);
        for &field in Field::ALL {
            if let Some(value) = field.text_mut(self) {
                *value = normalize_value(field.kind(), value);
            }
        }
        for row in &mut self.plan {
            for &field in RowField::ALL {
                let value = field.get_mut(row);
                *value = normalize_value(field.kind(), value);
            }
            for kind in &mut row.covers {
                *kind = text::fold_line(kind);
            }
        }
        for row in &mut self.standards {
            for &field in StandardField::ALL {
                let value = field.get_mut(row);
                *value = normalize_value(field.kind(), value);
            }
        }
        for name in &mut self.units.participants {
            *name = normalize_value(Kind::Line, name);
        }
    }

    /// What depends on the program. Values of fields and declarations that it asks only in
    /// other cases (the text behind 其他 once a listed sub-area is chosen; an enterprise's
    /// declarations once the applicant is a region) are dropped: the form no longer shows them,
    /// so nobody could see or correct them. The browser keeps them in its draft in case the
    /// applicant goes back.
    pub fn fit_to(&mut self, program: &Program) {
        // The kinds a plan row covers, once each and in the form's order, so that the stored
        // JSON does not depend on the order they were ticked in.
        if let PlanSpec::Rows { kinds, .. } = program.plan {
            let rank = |k: &String| kinds.iter().position(|n| n == k).unwrap_or(kinds.len());
            for row in &mut self.plan {
                sort_stable(&mut row.covers, |k| (rank(k), k.as_str()));
                row.covers.dedup();
            }
        }
        let dropped: Vec<Field> = program
            .fields()
            .filter(|spec| !spec.applies(self))
            .map(|spec| spec.field)
            .collect();
        for field in dropped {
            if let Some(value) = field.text_mut(self) {
                value.clear();
            } else if let Some(value) = field.count_mut(self) {
                *value = None;
            } else if let Some(value) = field.flag_mut(self) {
                *value = None;
            }
        }
        let off: Vec<&str> = program
            .declarations
            .iter()
            .filter(|d| !d.applies(self))
            .map(|d| d.key)
            .collect();
        self.declarations.retain(|key, _| !off.contains(&key));
    }
}

fn normalize_value(kind: Kind, value: &str) -> String {
    let value = &text::visible(value);
    match kind {
        Kind::Text => text::normalize_multiline(value),
        Kind::Code => text::normalize_code(value),
        Kind::Phone | Kind::Mobile => {
            Phone::parse(value).map_or_else(|| text::fold_line(value), |p| p.normalized())
        }
        Kind::Email => text::fold_line(&value.chars().map(text::half_width).collect::<String>()),
        Kind::Month => {
            YearMonth::parse(value).map_or_else(|| text::fold_line(value), |m| m.to_string())
        }
        Kind::Date => Date::parse(value).map_or_else(|| text::fold_line(value), |d| d.to_string()),
        Kind::Person => text::normalize_name(value),
        Kind::Standard => standard_number::normalize(value),
        Kind::Line | Kind::Choice | Kind::Count | Kind::YesNo | Kind::Consent => {
            text::fold_line(value)
        }
    }
}

/// A receiving unit of a call: its name, and the 报送渠道 (`units.channel`) it alone takes, where
/// the call gives a channel units of its own (the social pilot's "联席会议成员单位可将推荐的项目
/// 申请材料直接报送联席办公室": a member receives that channel, a province the other).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receiver {
    pub name: String,
    pub channel: Option<String>,
}

/// Which of its call's receiving `units` gets the application: one of them, chosen, where the
/// call names several; the sole one or nothing where it names one or none; and a unit that
/// takes one channel only gets applications sent through it. The call is not part of the
/// application, so the form (with the call it fetched) and the server (with its calls file)
/// each pass its units here.
pub fn check_receiving(app: &Application, units: &[Receiver]) -> Option<Issue> {
    let chosen = text::fold_line(&app.units.receiving);
    let path = "units.receiving";
    let unit = match units {
        [_, _, ..] if chosen.is_empty() => return Some(Issue::new(path, Code::Required)),
        [only] if chosen.is_empty() => only,
        _ if chosen.is_empty() => return None,
        _ => match units.iter().find(|u| u.name == chosen) {
            Some(unit) => unit,
            None => return Some(Issue::new(path, Code::UnknownUnit)),
        },
    };
    let channel = &app.units.channel;
    // The form asks for the unit only where there are several: a sole one is fixed by the channel.
    let at = if units.len() > 1 {
        path
    } else {
        "units.channel"
    };
    match &unit.channel {
        Some(only) if !channel.is_empty() && only != channel => {
            Some(Issue::new(at, Code::ChannelUnit).with("unit", &unit.name))
        }
        _ => None,
    }
}

/// A submission as the browser holds it and the server receives it, before it is stored.
pub struct Submission<'a> {
    /// The application as the rules checked it against `program` ([`check_against`]: the
    /// browser keeps that verdict while the application does not change).
    pub checked: &'a Checked,
    /// The definition it answers: the browser's, read from the server, or the server's own.
    pub program: Option<&'a Program>,
    /// The receiving units of its call; `None` where the call is not known.
    pub units: Option<&'a [Receiver]>,
    /// Its files: those sent, and those a correction keeps (see [`attachments::with_kept`]).
    pub files: &'a [attachments::Given<'a>],
}

impl Submission<'_> {
    /// Whether it may be stored: the one entry the browser's live check and the server's
    /// re-check both call. Every finding: its call's and receiving unit's first (chosen at the
    /// top of the form), then the application's, then its files'. Errors block; warnings only
    /// advise.
    pub fn findings(&self) -> Vec<Issue> {
        let app = &self.checked.application;
        let known = self.program.filter(|p| p.id == app.program);
        let mut issues = Vec::new();
        if known.is_some() {
            match self.units {
                Some(units) => issues.extend(check_receiving(app, units)),
                None if app.call.is_empty() => issues.push(Issue::new("call", Code::Required)),
                None => issues.push(Issue::new("call", Code::UnknownCall)),
            }
        }
        issues.extend(self.checked.report.issues.iter().cloned());
        if let Some(program) = known {
            issues.extend(attachments::check(program, self.files));
        }
        issues
    }
}

/// Checks an application that [`Application::normalize`] has already been applied to.
fn validate_normalized(app: &Application, program: Option<&Program>, today: Date) -> Report {
    let mut issues = Vec::new();
    let Some(program) = program else {
        let code = if app.program.is_empty() {
            Code::Required
        } else {
            Code::UnknownProgram
        };
        return Report {
            issues: vec![Issue::new("program", code)],
        };
    };

    // Rows past a list's limit are not checked: the one message says to remove them.
    let capped;
    let app = match capped_to(app, program, &mut issues) {
        Some(within) => {
            capped = within;
            &capped
        }
        None => app,
    };
    check_fields(app, program, &mut issues);
    if let Err(errors) = app.validate() {
        flatten(&errors, &mut issues);
    }
    let code = credit_code::parse(&app.applicant.credit_code).ok();
    check_choices(app, program, &mut issues);
    check_identity(app, code, &mut issues);
    check_legal_person(app, program, code, &mut issues);
    check_pilot_only(app, program, &mut issues);
    check_home_province(program, code, &mut issues);
    check_phones(app, program, &mut issues);
    let term = check_term(app, program, &mut issues);
    check_plan(app, program, term, &mut issues);
    check_standards(app, &mut issues);
    check_region(app, program, &mut issues);
    check_prior(app, program, today, &mut issues);
    check_declarations(app, program, &mut issues);
    let context = RuleContext { app, program, code };
    for rule in program.rules {
        rule(&context, &mut issues);
    }
    if Date::parse(&app.filled_on).is_some_and(|d| d > today) {
        issues.push(Issue::new(Field::FilledOn.path(), Code::DateInFuture).with("today", today));
    }
    let this_month = today.year_month();
    for field in [Field::Established, Field::OperatingSince] {
        if field
            .text(app)
            .and_then(|v| YearMonth::parse(v))
            .is_some_and(|m| m > this_month)
        {
            issues.push(Issue::new(field.path(), Code::MonthInFuture).with("month", this_month));
        }
    }
    if !app.privacy_consent {
        issues.push(Issue::new("privacy_consent", Code::ConsentRequired));
    }

    // Report in the order of the form, so the error summary reads top to bottom.
    let order = form_order(program);
    sort_stable(&mut issues, |issue| (position(&order, &issue.path), ""));
    Report { issues }
}

/// The application with its lists cut to the program's [`Limits`](crate::program::Limits), if
/// one is longer, after saying so at the list's path. (Declarations need no limit of their own:
/// every key that is not one of the program's is refused, and reading takes at most
/// [`ROW_CEILING`](crate::model::ROW_CEILING) of them.)
fn capped_to(app: &Application, program: &Program, issues: &mut Vec<Issue>) -> Option<Application> {
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
fn check_fields(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
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
fn check_rows(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
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

fn check_text(path: &str, value: &str, kind: Kind, max: usize, issues: &mut Vec<Issue>) {
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
/// and every target: by row (`plan.2.end` before `plan.10.end`), then by path.
fn flatten(errors: &ValidationErrors, issues: &mut Vec<Issue>) {
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
fn row_of(path: &str) -> usize {
    path.split('.')
        .nth(1)
        .and_then(|i| i.parse().ok())
        .unwrap_or(0)
}

/// Path prefixes in the order the form shows them.
fn form_order(program: &Program) -> Vec<&'static str> {
    let mut order = vec!["program", "call"];
    for section in program.sections {
        for item in section.items {
            order.push(match item {
                Item::Field(spec) => spec.field.path(),
                Item::Plan => "plan",
                Item::Declarations => "declarations",
                Item::Standards => "standards",
                Item::Participants => "units.participants",
                Item::Attachments => "attachments",
            });
        }
    }
    order.push("privacy_consent");
    order
}

/// Sorts `items` by `key`, equal keys staying in their order. Every sort of the rules sorts
/// the one type `(usize, &str, usize)` here: each `sort_by` on a type of its own would add its
/// own copy of the sorting code (about 5 kB) to the applicant's wasm.
fn sort_stable<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (usize, &str)) {
    let mut keyed: Vec<(usize, &str, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (rank, text) = key(item);
            (rank, text, i)
        })
        .collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

fn position(order: &[&str], path: &str) -> usize {
    order
        .iter()
        .position(|prefix| {
            path == *prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .unwrap_or(order.len())
}
