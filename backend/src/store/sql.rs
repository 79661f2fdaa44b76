//! SQL built with its arguments, for the statements whose shape depends on a filter.

use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};

/// A statement being built with its arguments, each placeholder numbered (`$1`, `$2` …): the
/// form both SQLite and PostgreSQL read. (sqlx's `QueryBuilder` writes `?` through `Any`.)
#[derive(Default)]
pub(super) struct Sql<'a> {
    pub(super) text: String,
    pub(super) args: AnyArguments<'a>,
}

impl<'a> Sql<'a> {
    pub(super) fn new(text: &str) -> Sql<'a> {
        Sql {
            text: text.to_owned(),
            args: AnyArguments::default(),
        }
    }

    pub(super) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    pub(super) fn push_bind<T: 'a + Encode<'a, Any> + Type<Any>>(&mut self, value: T) -> &mut Self {
        // Adding an argument of these types (text, integers) cannot fail.
        let _ = self.args.add(value);
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }
}
