//! The entry points: normalize an application, then check it against its program
//! ([`check`]); and whether a whole submission may be stored ([`Submission::findings`]), which the browser
//! and the server both call.

mod checks;
mod fields;
mod normalize;
mod order;

use checks::{
    check_choices, check_declarations, check_home_province, check_identity, check_legal_person,
    check_phones, check_pilot_only, check_plan, check_prior, check_region, check_standards,
    check_term,
};
use fields::{capped_to, check_fields, flatten};
use order::{form_order, position, sort_stable};
use validator::Validate;

use crate::date::{Date, YearMonth};
use crate::fields::Field;
use crate::model::Application;
use crate::program::{Program, RuleContext};
use crate::report::{Code, Issue, Report};
use crate::rules::attachments;
use crate::rules::credit_code;
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
        flatten(&errors, today, &mut issues);
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
