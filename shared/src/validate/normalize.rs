//! Putting an application's values in the one form they are stored in, and dropping what its
//! program does not ask in its case.

use super::order::sort_stable;
use crate::date::{Date, YearMonth};
use crate::fields::{Field, Kind, RowField, StandardField};
use crate::model::Application;
use crate::program::{PlanSpec, Program};
use crate::rules::contact::Phone;
use crate::rules::standard_number;
use crate::text;

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
