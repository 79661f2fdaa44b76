//! The application model and every validation rule of the standardization pilot application
//! system. It builds natively (server) and for wasm32 (browser) and does no I/O: whatever needs
//! a clock or a file is passed in.

pub mod catalog;
pub mod date;
pub mod document;
pub mod draft;
pub mod fields;
pub mod model;
pub mod posted;
pub mod program;
pub mod programs;
pub mod progress;
pub mod regions;
pub mod report;
pub mod rules;
pub mod text;
pub mod validate;
pub mod wire;

pub use date::{Date, YearMonth};
pub use fields::{Field, Kind, RowField};
pub use model::{Application, SCHEMA_VERSION};
pub use program::Program;
pub use programs::PROGRAMS;
pub use report::{Code, Entry, Issue, Lang, Report, Severity};
pub use validate::{Checked, Receiver, Submission, check, check_against, check_receiving};
