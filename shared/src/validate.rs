//! The one entry point: normalize an application, then check it against its program.

use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::date::{Date, YearMonth};
use crate::fields::{Field, Kind, RowField, StandardField};
use crate::model::{Application, STAFF_MAX, STAFF_MIN};
use crate::program::{self, Item, PlanSpec, Program, RuleContext};
use crate::regions;
use crate::report::{Code, Issue, Report};
use crate::rules::contact::{self, Phone};
use crate::rules::credit_code::{self, CodeInfo};
use crate::rules::standard_number::{self, Tier};
use crate::text;

/// An application after normalization, and what the rules found in it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub application: Application,
    pub report: Report,
}

/// Normalizes `app` and checks it. `today` is the date in Asia/Shanghai; rules never read a clock.
pub fn check(app: &Application, today: Date) -> Checked {
    let mut application = app.clone();
    application.normalize();
    let report = validate_normalized(&application, today);
    Checked {
        application,
        report,
    }
}

impl Application {
    /// Puts every value in the one form it is stored in: single lines trimmed and folded, long
    /// texts with `\n` line breaks, codes compacted and upper-cased, phones and dates rewritten.
    /// Values that don't parse are left for the rules to report.
    pub fn normalize(&mut self) {
        self.program = text::fold_line(&self.program);
        self.call = text::fold_line(&self.call);
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
        }
        for row in &mut self.standards {
            for &field in StandardField::ALL {
                let value = field.get_mut(row);
                *value = normalize_value(field.kind(), value);
            }
        }
    }
}

fn normalize_value(kind: Kind, value: &str) -> String {
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

/// Checks an application that [`Application::normalize`] has already been applied to.
fn validate_normalized(app: &Application, today: Date) -> Report {
    let mut issues = Vec::new();
    let Some(program) = program::find(&app.program) else {
        let code = if app.program.is_empty() {
            Code::Required
        } else {
            Code::UnknownProgram
        };
        return Report {
            issues: vec![Issue::new("program", code)],
        };
    };

    check_fields(app, program, &mut issues);
    if let Err(errors) = app.validate() {
        flatten("", &errors, &mut issues);
    }
    let code = credit_code::parse(&app.applicant.credit_code).ok();
    check_choices(app, program, &mut issues);
    check_identity(app, code, &mut issues);
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
    issues.sort_by_key(|issue| position(&order, &issue.path));
    Report { issues }
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
        // A choice with nothing to choose from (a domain without sub-areas) is not asked.
        let asked = field.kind() != Kind::Choice || !program.options(field, app).is_empty();
        if field.kind() == Kind::Consent {
            if spec.required && field.flag(app) != Some(Some(true)) {
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
        && app.applicant.accident_in_last_3_years == Some(true)
    {
        issues.push(Issue::new(Field::Accident.path(), Code::IneligibleAccident));
    }
    check_rows(app, program, issues);
}

/// The cells of the plan, the standards list and the participating units.
fn check_rows(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    let responsible = matches!(
        program.plan,
        PlanSpec::Rows {
            responsible: true,
            ..
        }
    );
    for (i, row) in app.plan.iter().enumerate() {
        for &field in RowField::ALL {
            let value = field.get(row);
            let path = field.path(i);
            check_text(&path, value, field.kind(), field.max_chars(), issues);
            if value.is_empty() && (field != RowField::Responsible || responsible) {
                issues.push(Issue::new(path, Code::Required));
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

/// Turns `validator`'s nested error map into entries at dotted paths. Its maps are hash maps, so
/// keys are sorted to report in the same order on every run and every target.
fn flatten(prefix: &str, errors: &ValidationErrors, issues: &mut Vec<Issue>) {
    let mut entries: Vec<_> = errors.errors().iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (key, kind) in entries {
        let path = if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for err in list {
                    // Our rules only raise codes from the catalog; range's code is set to match.
                    let Some(code) = Code::parse(&err.code) else {
                        continue;
                    };
                    let mut issue = Issue::new(path.clone(), code);
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
            ValidationErrorsKind::Struct(inner) => flatten(&path, inner, issues),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten(&format!("{path}.{index}"), inner, issues);
                }
            }
        }
    }
}

/// Every choice is one the program offers (sub-areas: of the chosen domain).
fn check_choices(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    for &field in Field::ALL {
        if field.kind() != Kind::Choice || program.spec(field).is_none() {
            continue;
        }
        let Some(value) = field.text(app).filter(|v| !v.is_empty()) else {
            continue;
        };
        // Sub-areas hang on the domain: an unknown domain is the one thing to fix.
        if field == Field::SubArea && program.domain(&app.project.domain).is_none() {
            continue;
        }
        if !program.options(field, app).iter().any(|(v, _)| v == value) {
            let code = match field {
                Field::Domain => Code::UnknownDomain,
                Field::SubArea => Code::UnknownSubArea,
                _ => Code::InvalidValue,
            };
            issues.push(Issue::new(field.path(), code));
        }
    }
}

/// What the credit code says, checked against the other identity fields: the organization code
/// must be the one embedded in it, and the postal code should belong to the province of the
/// address (or, without one there, of the registration).
fn check_identity(app: &Application, code: Option<CodeInfo>, issues: &mut Vec<Issue>) {
    let applicant = &app.applicant;
    if code.is_some() && credit_code::check_org_code(&applicant.organization_code) {
        let embedded = credit_code::embedded_org_code(&applicant.credit_code);
        if applicant.organization_code != embedded {
            let expected = format!("{}-{}", &embedded[..8], &embedded[8..]);
            issues.push(
                Issue::new(Field::OrganizationCode.path(), Code::OrgCodeMismatch)
                    .with("expected", expected),
            );
        }
    }
    if !contact::is_postal_code(&applicant.postal_code) {
        return;
    }
    let province = regions::in_address(&applicant.address).or(code.and_then(|c| c.province));
    if let Some(province) = province
        && !province.postal.is_empty()
        && !province
            .postal
            .iter()
            .any(|prefix| applicant.postal_code.starts_with(prefix))
    {
        issues.push(
            Issue::new(Field::PostalCode.path(), Code::PostalRegion)
                .with("province", province.name),
        );
    }
}

/// Local numbers need the program's city; mobile numbers should be in an assigned range.
fn check_phones(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    for &field in Field::ALL {
        if !matches!(field.kind(), Kind::Phone | Kind::Mobile) {
            continue;
        }
        let Some(phone) = field.text(app).and_then(|v| Phone::parse(v)) else {
            continue;
        };
        match phone {
            Phone::Local { .. } if program.area_code.is_none() => {
                issues.push(Issue::new(field.path(), Code::PhoneAreaCode));
            }
            Phone::Mobile(number) if !contact::mobile_segment_in_use(&number) => {
                issues.push(
                    Issue::new(field.path(), Code::MobileSegment).with("segment", &number[..3]),
                );
            }
            _ => {}
        }
    }
}

/// Each row's tier and status are among the allowed values, and the number's prefix agrees with
/// the tier.
fn check_standards(app: &Application, issues: &mut Vec<Issue>) {
    for (i, row) in app.standards.iter().enumerate() {
        let tier = Tier::parse(&row.tier);
        if tier.is_none() && !row.tier.is_empty() {
            issues.push(Issue::new(StandardField::Tier.path(i), Code::InvalidValue));
        }
        if !row.status.is_empty()
            && !standard_number::STATUSES
                .iter()
                .any(|(v, _)| *v == row.status)
        {
            issues.push(Issue::new(
                StandardField::Status.path(i),
                Code::InvalidValue,
            ));
        }
        if let (Some(tier), Ok(number)) = (tier, standard_number::parse(&row.number))
            && number.tier != tier
        {
            issues.push(
                Issue::new(StandardField::Tier.path(i), Code::StandardTier)
                    .with("expected", number.tier.label())
                    .with("tier", number.tier.key()),
            );
        }
    }
}

/// The term's order and length; returns the term when both ends parse, for the plan's checks.
fn check_term(
    app: &Application,
    program: &Program,
    issues: &mut Vec<Issue>,
) -> Option<(YearMonth, YearMonth)> {
    let start = YearMonth::parse(&app.project.term.start)?;
    let end = YearMonth::parse(&app.project.term.end)?;
    let months = start.months_through(end);
    if months < 1 {
        issues.push(Issue::new(Field::TermEnd.path(), Code::TermOrder));
        return None;
    }
    let bounds = &program.term;
    if months > bounds.max_months {
        issues.push(
            Issue::new(Field::TermEnd.path(), Code::TermTooLong)
                .with("months", months)
                .with("max", bounds.max_months),
        );
    } else if months > bounds.usual_months {
        issues.push(
            Issue::new(Field::TermEnd.path(), Code::TermLong)
                .with("months", months)
                .with("max", bounds.usual_months),
        );
    }
    Some((start, end))
}

/// The plan: fixed stages in order without overlap (Chongqing), or rows whose kinds all appear
/// (Shanxi); every row inside the term and not ending before it starts.
fn check_plan(
    app: &Application,
    program: &Program,
    term: Option<(YearMonth, YearMonth)>,
    issues: &mut Vec<Issue>,
) {
    match program.plan {
        PlanSpec::Stages { stages } => {
            let expected: Vec<&str> = stages.iter().map(|s| s.name).collect();
            let given: Vec<&str> = app.plan.iter().map(|r| r.stage.as_str()).collect();
            if given != expected {
                issues
                    .push(Issue::new("plan", Code::PlanStages).with("stages", expected.join("、")));
            }
        }
        PlanSpec::Rows { kinds, .. } => {
            if app.plan.is_empty() {
                issues.push(Issue::new("plan", Code::Required));
            }
            for (i, row) in app.plan.iter().enumerate() {
                if !kinds.is_empty()
                    && !row.stage.is_empty()
                    && !kinds.contains(&row.stage.as_str())
                {
                    issues.push(Issue::new(RowField::Stage.path(i), Code::InvalidValue));
                }
            }
            for kind in kinds {
                if !app.plan.iter().any(|r| r.stage == *kind) {
                    issues.push(Issue::new("plan", Code::PlanKindMissing).with("kind", kind));
                }
            }
        }
    }
    let sequential = matches!(program.plan, PlanSpec::Stages { .. });
    let mut previous_end: Option<YearMonth> = None;
    for (i, row) in app.plan.iter().enumerate() {
        let (Some(start), Some(end)) = (YearMonth::parse(&row.start), YearMonth::parse(&row.end))
        else {
            previous_end = None;
            continue;
        };
        if end < start {
            issues.push(Issue::new(RowField::End.path(i), Code::StageOrder));
        }
        if let Some((term_start, term_end)) = term {
            for (field, month) in [(RowField::Start, start), (RowField::End, end)] {
                if month < term_start || month > term_end {
                    issues.push(
                        Issue::new(field.path(i), Code::StageOutsideTerm)
                            .with("start", term_start)
                            .with("end", term_end),
                    );
                }
            }
        }
        // Only fixed stages follow one another; rows of work may run side by side.
        if let Some(prev) = previous_end.filter(|_| sequential) {
            if start < prev {
                issues.push(
                    Issue::new(RowField::Start.path(i), Code::StageOverlap)
                        .with("previous_end", prev),
                );
            } else if start > prev.next() {
                issues.push(
                    Issue::new(RowField::Start.path(i), Code::StageGap).with("previous_end", prev),
                );
            }
        }
        previous_end = Some(end);
    }
}

/// A region brings in enough of its same-industry units.
fn check_region(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    let Some(min) = program.region_min_percent else {
        return;
    };
    if app.project.subject_kind != "region" {
        return;
    }
    let region = &app.project.region;
    let (participating, total) = (Field::RegionParticipating, Field::RegionTotal);
    for (field, value) in [(participating, region.participating), (total, region.total)] {
        if value.is_none() {
            issues.push(Issue::new(field.path(), Code::Required));
        }
    }
    let (Some(p), Some(t)) = (region.participating, region.total) else {
        return;
    };
    if p > t {
        issues.push(Issue::new(participating.path(), Code::RegionTotal));
    } else if u64::from(p) * 100 < u64::from(t) * u64::from(min) {
        // One decimal, in integers: 49.5 % must not read as 50 %.
        let tenths = u64::from(p) * 1000 / u64::from(t.max(1));
        issues.push(
            Issue::new(participating.path(), Code::RegionParticipation)
                .with("percent", format!("{}.{}", tenths / 10, tenths % 10))
                .with("min", min),
        );
    }
}

/// A demonstration builds on an earlier pilot: with the verdict the notice names, and evaluated
/// long enough ago.
fn check_prior(app: &Application, program: &Program, today: Date, issues: &mut Vec<Issue>) {
    let prior = &app.prior_pilot;
    if let Some(required) = program.demonstration_verdict
        && app.project.kind == "demonstration"
    {
        for field in [
            Field::PriorName,
            Field::PriorVerdict,
            Field::PriorEvaluatedOn,
        ] {
            if !field.is_present(app) {
                issues.push(Issue::new(field.path(), Code::Required));
            }
        }
        if !prior.verdict.is_empty() && prior.verdict != required {
            issues.push(
                Issue::new(Field::PriorVerdict.path(), Code::PriorVerdict)
                    .with("required", required),
            );
        }
    }
    if let Some(months) = program.prior_min_months
        && let Some(evaluated) = Date::parse(&prior.evaluated_on)
    {
        let latest = today.minus_months(months);
        if evaluated > latest {
            issues.push(
                Issue::new(Field::PriorEvaluatedOn.path(), Code::PriorTooRecent)
                    .with("latest", latest)
                    .with("months", months),
            );
        }
    }
}

/// Where the notice requires registration in its province, a credit code from elsewhere is
/// worth a second look. The division code may have been retired, so this only warns.
fn check_home_province(program: &Program, code: Option<CodeInfo>, issues: &mut Vec<Issue>) {
    let (Some(home), Some(province)) = (program.home_province, code.and_then(|c| c.province))
    else {
        return;
    };
    if province.code != home {
        let home = regions::by_code(home).map_or(home, |p| p.name);
        issues.push(
            Issue::new(Field::CreditCode.path(), Code::OutsideHomeProvince)
                .with("province", province.name)
                .with("home", home),
        );
    }
}

fn check_declarations(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    for declaration in program.declarations {
        if app.declarations.get(declaration.key) != Some(&true) {
            issues.push(Issue::new(
                format!("declarations.{}", declaration.key),
                Code::DeclarationRequired,
            ));
        }
    }
    for key in app.declarations.keys() {
        if !program.declarations.iter().any(|d| d.key == key) {
            issues.push(Issue::new(
                format!("declarations.{key}"),
                Code::UnknownField,
            ));
        }
    }
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
