//! Values as the paper form writes them: choices by their label, yes and no in words, months and
//! dates in Chinese, the declarations numbered, a standard's row in words.

use crate::date::{Date, YearMonth};
use crate::fields::{Field, Kind};
use crate::model::{Application, StandardRow};
use crate::program::{OTHER, Program, Show};
use crate::rules::standard_number::{STATUSES, Tier};

/// The value cell's text of what a slot shows.
pub(super) fn shown(program: &Program, app: &Application, show: Show) -> String {
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
pub(super) fn numbered(program: &Program, app: &Application, supplementary: bool) -> Vec<String> {
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

/// A value as printed: a field's, or, for Shanxi's 组织机构代码 left empty, the one the credit
/// code holds (its characters 9–17), so that the printed form never shows it blank.
pub(super) fn printed_value(program: &Program, app: &Application, field: Field) -> String {
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

/// A field's value as the paper form writes it: choices by their label, yes/no in words,
/// months and dates in Chinese.
pub(super) fn value(program: &Program, app: &Application, field: Field) -> String {
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

pub(super) fn month(value: &str) -> String {
    YearMonth::parse(value).map_or_else(
        || value.to_owned(),
        |m| format!("{}年{}月", m.year, m.month),
    )
}

/// `2023年9月 至 2025年8月`.
pub(super) fn span(start: &str, end: &str) -> String {
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
