//! The checks across fields: choices, identity, phones, term, plan, standards, region, prior
//! pilot, home province and declarations. Each adds what it finds.

use crate::date::{Date, YearMonth};
use crate::fields::{Field, Kind, RowField, StandardField};
use crate::model::Application;
use crate::program::{PlanSpec, Program};
use crate::regions;
use crate::report::{Code, Issue};
use crate::rules::contact::{self, Phone};
use crate::rules::credit_code::{self, CodeInfo};
use crate::rules::standard_number::{self, Tier};

/// Every choice is one the program offers (sub-areas: of the chosen domain).
pub(super) fn check_choices(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    for &field in Field::ALL {
        if field.kind() != Kind::Choice || program.spec(field).is_none() {
            continue;
        }
        // Suggested domains bind nothing: the applicant's own words are as good.
        if program.domains_suggested && matches!(field, Field::Domain | Field::SubArea) {
            continue;
        }
        let Some(value) = field.text(app).filter(|v| !v.is_empty()) else {
            continue;
        };
        // Sub-areas hang on the domain: an unknown domain is the one thing to fix, but a
        // sub-area without any domain is one that belongs to none.
        if field == Field::SubArea
            && !app.project.domain.is_empty()
            && program.domain(&app.project.domain).is_none()
        {
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

/// Where the notice demands 独立法人资格, a registration that is never a legal person is refused;
/// the rest (a branch is registered like its company) the applicant declares.
pub(super) fn check_legal_person(
    app: &Application,
    program: &Program,
    code: Option<CodeInfo>,
    issues: &mut Vec<Issue>,
) {
    if let Some(code) = code
        && program.legal_person.applies(app)
        && !code.may_be_legal_person()
    {
        issues.push(
            Issue::new(Field::CreditCode.path(), Code::NotLegalPerson)
                .with("kind", code.kind.unwrap_or(code.authority))
                .with("need", program.legal_person_need),
        );
    }
}

/// A domain whose notice calls for pilots only has no demonstrations (national high-tech's
/// 新型基础设施).
pub(super) fn check_pilot_only(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    if let Some(domain) = program.domain(&app.project.domain)
        && domain.pilot_only
        && app.project.kind == "demonstration"
    {
        issues.push(
            Issue::new(Field::ProjectKind.path(), Code::DomainPilotOnly)
                .with("domain", domain.name),
        );
    }
}

/// What the credit code says, checked against the other identity fields: the organization code
/// must be the one embedded in it, and the postal code should belong to the province of the
/// address (or, without one there, of the registration).
pub(super) fn check_identity(app: &Application, code: Option<CodeInfo>, issues: &mut Vec<Issue>) {
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
pub(super) fn check_phones(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
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
pub(super) fn check_standards(app: &Application, issues: &mut Vec<Issue>) {
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
pub(super) fn check_term(
    app: &Application,
    program: &Program,
    issues: &mut Vec<Issue>,
) -> Option<(YearMonth, YearMonth)> {
    let start = YearMonth::parse(&app.project.term.start)?;
    let end = YearMonth::parse(&app.project.term.end)?;
    let months = start.months_to(end);
    if months < 0 {
        issues.push(Issue::new(Field::TermEnd.path(), Code::TermOrder));
        return None;
    }
    let bounds = &program.term;
    // "2021年7月至2023年6月" and "2021年7月至2023年7月" are both the notice's two years.
    if bounds.least_months > 0 && months < bounds.least_months - 1 {
        issues.push(
            Issue::new(Field::TermEnd.path(), Code::TermShort)
                .with("months", months)
                .with("min", bounds.least_months),
        );
    }
    if let Some(max) = bounds.max_months.filter(|max| months > *max) {
        issues.push(
            Issue::new(Field::TermEnd.path(), Code::TermTooLong)
                .with("months", months)
                .with("max", max),
        );
    } else if let Some(usual) = bounds.usual_months.filter(|usual| months > *usual) {
        issues.push(
            Issue::new(Field::TermEnd.path(), Code::TermLong)
                .with("months", months)
                .with("max", usual),
        );
    }
    Some((start, end))
}

/// The plan: fixed stages in order without overlap (Chongqing), or rows that together should
/// cover the program's kinds of work (Shanxi); every row inside the term and not ending before
/// it starts.
pub(super) fn check_plan(
    app: &Application,
    program: &Program,
    term: Option<(YearMonth, YearMonth)>,
    issues: &mut Vec<Issue>,
) {
    let kinds = match program.plan {
        PlanSpec::Stages { .. } => &[][..],
        PlanSpec::Rows { kinds, .. } => kinds,
    };
    for (i, row) in app.plan.iter().enumerate() {
        let path = || format!("plan.{i}.covers");
        if kinds.is_empty() && !row.covers.is_empty() {
            issues.push(Issue::new(path(), Code::UnknownField));
        } else if row.covers.iter().any(|k| !kinds.contains(&k.as_str())) {
            issues.push(Issue::new(path(), Code::InvalidValue));
        }
    }
    match program.plan {
        PlanSpec::Stages { stages } => {
            let expected: Vec<&str> = stages.iter().map(|s| s.name).collect();
            let given: Vec<&str> = app.plan.iter().map(|r| r.stage.as_str()).collect();
            if given != expected {
                issues
                    .push(Issue::new("plan", Code::PlanStages).with("stages", expected.join("、")));
            }
        }
        PlanSpec::Rows { .. } => {
            if app.plan.is_empty() {
                issues.push(Issue::new("plan", Code::Required));
            }
            // One entry naming every missing kind, rather than one per kind; "等" on the form
            // means other work may stand in, so it only warns.
            let missing: Vec<&str> = kinds
                .iter()
                .copied()
                .filter(|kind| !app.plan.iter().any(|r| r.covers.iter().any(|k| k == kind)))
                .collect();
            if !missing.is_empty() && !app.plan.is_empty() {
                issues.push(
                    Issue::new("plan", Code::PlanKindMissing).with("kinds", missing.join("、")),
                );
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
        // Only fixed stages follow one another; rows of work may run side by side. Even fixed
        // stages may overlap: Chongqing's template gives each stage its 起止时间 and says nothing
        // against overlap, so an overlap only warns (as a gap does).
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
pub(super) fn check_region(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
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
pub(super) fn check_prior(
    app: &Application,
    program: &Program,
    today: Date,
    issues: &mut Vec<Issue>,
) {
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
pub(super) fn check_home_province(
    program: &Program,
    code: Option<CodeInfo>,
    issues: &mut Vec<Issue>,
) {
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

pub(super) fn check_declarations(app: &Application, program: &Program, issues: &mut Vec<Issue>) {
    for declaration in program.declarations.iter().filter(|d| d.applies(app)) {
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
