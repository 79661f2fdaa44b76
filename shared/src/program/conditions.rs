//! A notice's eligibility conditions, each with the sentence it stands for and how it is
//! checked.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::report::Code;

/// An eligibility condition of the notice.
#[derive(Debug, Serialize)]
pub struct Condition {
    pub text: &'static str,
    /// The sentence of the notice it stands for, quoted as the seed writes it (an elision
    /// "……" where the sentence runs on about other things).
    pub notice: &'static str,
    /// Every way it is checked; empty never (a condition nobody checks is still [`Check::Review`]).
    pub check: &'static [Check],
}

/// How a condition is checked.
#[derive(Debug)]
pub enum Check {
    /// A rule that reports `code` at `at` (or below it) when the condition is not met; whether
    /// it blocks is the code's severity.
    Rule { at: &'static str, code: Code },
    /// The applicant affirms this declaration.
    Declaration(&'static str),
    /// The applicant states it in the field at this path; reviewers verify it.
    Stated(&'static str),
    /// Only the reviewers can (market share, local support, …); the form records what the
    /// applicant writes about it.
    Review,
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Check", 4)?;
        match self {
            Check::Rule { at, code } => {
                st.serialize_field("by", "rule")?;
                st.serialize_field("at", at)?;
                st.serialize_field("code", code.as_str())?;
                st.serialize_field("severity", &code.severity())?;
            }
            Check::Declaration(key) => {
                st.serialize_field("by", "declaration")?;
                st.serialize_field("at", key)?;
            }
            Check::Stated(path) => {
                st.serialize_field("by", "stated")?;
                st.serialize_field("at", path)?;
            }
            Check::Review => st.serialize_field("by", "review")?,
        }
        st.end()
    }
}
