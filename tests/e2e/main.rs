//! End to end: a person uses the form in headless Chromium, the real server checks and stores
//! what they send, and the rows are in the SQLite file.

mod accessibility;
mod caching;
mod drafts;
mod embedding;
mod forms;
mod hydration;
mod informed;
mod plain;
mod review;
mod support;
mod workplace;
