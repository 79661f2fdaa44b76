//! The form's building blocks. Each takes its value and callbacks as props; state lives in
//! [`crate::state`].

pub mod field;
pub mod summary;

/// The element id of the input for a path, so the error summary can link to it.
pub fn input_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}
