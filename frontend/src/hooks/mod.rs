//! The form's behaviour that is not drawing: its state (with the call it answers) and live
//! check, drafts, what it tells the host page, and submitting.

pub mod cell;
pub mod draft;
pub mod form;
pub mod host;
pub mod submit;
