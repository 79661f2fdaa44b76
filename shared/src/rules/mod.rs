//! The rules, each written once and run in the browser and on the server.

pub mod attachments;
pub mod contact;
pub mod credit_code;
pub mod formats;
pub mod standard_number;
