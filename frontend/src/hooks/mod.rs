//! The form's behaviour that is not drawing: its state and live check, the call it answers,
//! drafts, what it tells the host page, and submitting.

pub mod call;
pub mod cell;
pub mod draft;
pub mod form;
pub mod host;
pub mod submit;
