//! Format rules, attached to the model's fields through `validator`'s `custom` derive. Each one
//! passes an empty value: whether a field must be filled depends on the program, and the engine
//! reports that as `required`.

use std::borrow::Cow;

use validator::ValidationError;

use super::contact::{self, Phone};
use super::credit_code::{self, CreditCodeError};
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
    credit_code::check(value).map_err(|e| {
        let err = error(e.code());
        match e {
            CreditCodeError::Length(n) => param(err, "actual", n),
            CreditCodeError::Char(pos, c) => param(param(err, "position", pos), "char", c),
            CreditCodeError::Check | CreditCodeError::OrgCheck => err,
        }
    })
}

pub fn postal_code(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() || contact::is_postal_code(value) {
        Ok(())
    } else {
        Err(error(Code::PostalCode))
    }
}

pub fn phone(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() || Phone::parse(value).is_some() {
        Ok(())
    } else {
        Err(error(Code::Phone))
    }
}

pub fn mobile(value: &str) -> Result<(), ValidationError> {
    match Phone::parse(value) {
        _ if value.is_empty() => Ok(()),
        Some(Phone::Mobile(_)) => Ok(()),
        _ => Err(error(Code::Mobile)),
    }
}

pub fn email(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() || contact::is_email(value) {
        Ok(())
    } else {
        Err(error(Code::Email))
    }
}

pub fn year_month(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() || YearMonth::parse(value).is_some() {
        Ok(())
    } else {
        Err(error(Code::YearMonth))
    }
}

pub fn date(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() || Date::parse(value).is_some() {
        Ok(())
    } else {
        Err(error(Code::Date))
    }
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
