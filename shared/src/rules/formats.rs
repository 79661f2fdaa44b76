//! Format rules, attached to the model's fields through `validator`'s `custom` derive. Each one
//! passes an empty value: whether a field must be filled depends on the program, and the engine
//! reports that as `required`.

use std::borrow::Cow;

use validator::ValidationError;

use super::contact::{self, Phone};
use super::credit_code::{self, CreditCodeError};
use super::standard_number::{self, StandardError};
use crate::date::{Date, YearMonth};
use crate::report::Code;

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
