//! Format rules, and `validator`'s [`Validate`] for the application, which runs each field's
//! rule. Each one passes an empty value: whether a field must be filled depends on the program,
//! and the engine reports that as `required`.
//!
//! [`Validate`] is implemented here over the field tables (`crate::fields`) rather than derived
//! on the model, because of bytes: the derive's nested error maps (a hash map per struct, a
//! B-tree per list, merged level by level) cost the applicant's wasm 11.1 kB gzip
//! (measured with the derive in place and with its call removed), while this flat map,
//! keyed by the dotted paths the fields already know, costs a fraction of that. A field's kind
//! says which rule applies (see [`Kind`]), so a new field gets its format check by its kind.

use std::borrow::Cow;

use validator::{Validate, ValidateRange, ValidationError, ValidationErrors, ValidationErrorsKind};

use super::contact::{self, Phone};
use super::credit_code::{self, CreditCodeError};
use super::standard_number::{self, StandardError};
use crate::date::{Date, YearMonth};
use crate::fields::{Field, Kind, RowField, StandardField};
use crate::model::{Application, STAFF_MAX, STAFF_MIN};
use crate::report::Code;

/// A format rule: `Err` names the code (and its parameters) when a non-empty value is malformed.
type Rule = fn(&str) -> Result<(), ValidationError>;

/// The rule for values of `kind`; codes have one rule per field (see [`of_field`]).
fn of_kind(kind: Kind) -> Option<Rule> {
    Some(match kind {
        Kind::Person => person_name,
        Kind::Phone => phone,
        Kind::Mobile => mobile,
        Kind::Email => email,
        Kind::Month => year_month,
        Kind::Date => date,
        Kind::Standard => standard_number,
        _ => return None,
    })
}

fn of_field(field: Field) -> Option<Rule> {
    match field {
        Field::CreditCode => Some(credit_code),
        Field::OrganizationCode => Some(org_code),
        Field::PostalCode => Some(postal_code),
        _ => of_kind(field.kind()),
    }
}

fn add(errors: &mut ValidationErrors, path: Cow<'static, str>, error: ValidationError) {
    let kind = errors
        .errors_mut()
        .entry(path)
        .or_insert_with(|| ValidationErrorsKind::Field(Vec::new()));
    if let ValidationErrorsKind::Field(list) = kind {
        list.push(error);
    }
}

fn run(errors: &mut ValidationErrors, path: Cow<'static, str>, value: &str, rule: Option<Rule>) {
    if let Some(Err(error)) = rule.map(|rule| rule(value)) {
        add(errors, path, error);
    }
}

/// Every format rule and the staff count's range, with the errors keyed by the dotted paths
/// the rest of the report uses (`plan.1.end`), all at one level.
impl Validate for Application {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        for &field in Field::ALL {
            if let Some(value) = field.text(self) {
                run(&mut errors, field.path().into(), value, of_field(field));
            }
        }
        for (i, row) in self.plan.iter().enumerate() {
            for &cell in RowField::ALL {
                let rule = of_kind(cell.kind());
                run(&mut errors, cell.path(i).into(), cell.get(row), rule);
            }
        }
        for (i, row) in self.standards.iter().enumerate() {
            for &cell in StandardField::ALL {
                let rule = of_kind(cell.kind());
                run(&mut errors, cell.path(i).into(), cell.get(row), rule);
            }
        }
        let staff = self.standardization.staff_count;
        if !staff.validate_range(Some(STAFF_MIN), Some(STAFF_MAX), None, None) {
            let path = Field::StaffCount.path().into();
            add(
                &mut errors,
                path,
                ValidationError::new(Code::StaffCount.as_str()),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Every code a rule here raises: the report reads a [`ValidationError`]'s code back with
/// these, not with [`Code::parse`], whose table of every code would then ship to the browser.
pub const CODES: &[Code] = &[
    Code::CreditCodeLength,
    Code::CreditCodeChar,
    Code::CreditCodeCheck,
    Code::CreditCodeOrgCheck,
    Code::CreditCodeAuthority,
    Code::OrgCode,
    Code::StandardNumber,
    Code::StandardPrefix,
    Code::StandardProvince,
    Code::PersonName,
    Code::PostalCode,
    Code::Phone,
    Code::Mobile,
    Code::Email,
    Code::YearMonth,
    Code::Date,
    Code::StaffCount,
];

fn error(code: Code) -> ValidationError {
    ValidationError::new(code.as_str())
}

fn param(mut err: ValidationError, name: &'static str, value: impl ToString) -> ValidationError {
    err.add_param(Cow::Borrowed(name), &value.to_string());
    err
}

pub fn credit_code(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Ok(());
    }
    credit_code::parse(value).map(|_| ()).map_err(|e| {
        let err = error(e.code());
        match e {
            CreditCodeError::Length(n) => param(err, "actual", n),
            CreditCodeError::Char(pos, c) => param(param(err, "position", pos), "char", c),
            CreditCodeError::Authority(c) => param(err, "char", c),
            CreditCodeError::Check | CreditCodeError::OrgCheck => err,
        }
    })
}

/// A rule that holds when the value is empty or `valid`.
fn format_rule(
    value: &str,
    valid: impl Fn(&str) -> bool,
    code: Code,
) -> Result<(), ValidationError> {
    if value.is_empty() || valid(value) {
        Ok(())
    } else {
        Err(error(code))
    }
}

pub fn org_code(value: &str) -> Result<(), ValidationError> {
    format_rule(value, credit_code::check_org_code, Code::OrgCode)
}

pub fn standard_number(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Ok(());
    }
    standard_number::parse(value)
        .map(|_| ())
        .map_err(|e| match e {
            StandardError::Shape => error(Code::StandardNumber),
            StandardError::Prefix(prefix) => param(error(Code::StandardPrefix), "prefix", prefix),
            StandardError::Province(code) => param(error(Code::StandardProvince), "code", code),
        })
}

/// A person's name: letters of any script, spaces, and the middle dot between the parts of a
/// transcribed name (阿依古丽·买买提), after [`crate::text::normalize_name`].
pub fn person_name(value: &str) -> Result<(), ValidationError> {
    format_rule(
        value,
        |v| v.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '·'),
        Code::PersonName,
    )
}

pub fn postal_code(value: &str) -> Result<(), ValidationError> {
    format_rule(value, contact::is_postal_code, Code::PostalCode)
}

pub fn phone(value: &str) -> Result<(), ValidationError> {
    format_rule(value, |v| Phone::parse(v).is_some(), Code::Phone)
}

pub fn mobile(value: &str) -> Result<(), ValidationError> {
    format_rule(
        value,
        |v| matches!(Phone::parse(v), Some(Phone::Mobile(_))),
        Code::Mobile,
    )
}

pub fn email(value: &str) -> Result<(), ValidationError> {
    format_rule(value, contact::is_email, Code::Email)
}

pub fn year_month(value: &str) -> Result<(), ValidationError> {
    format_rule(value, |v| YearMonth::parse(v).is_some(), Code::YearMonth)
}

pub fn date(value: &str) -> Result<(), ValidationError> {
    format_rule(value, |v| Date::parse(v).is_some(), Code::Date)
}

/// Reads a count as typed into the form (full-width digits allowed). An empty box is no value;
/// anything else that is not a whole number is [`Code::WholeNumber`].
pub fn whole_number(raw: &str) -> Result<Option<u32>, Code> {
    let digits: String = raw.trim().chars().map(crate::text::half_width).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits.parse().map(Some).map_err(|_| Code::WholeNumber)
}
