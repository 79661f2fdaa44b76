//! HTTP plumbing, apart from the domain: the form's files ([`assets`]) and the pages that load
//! them ([`pages`]), CORS, the headers every answer carries, the language of answers, who the
//! client is behind a proxy, the submission rate, the upload memory budget, and the
//! connection-level limits of the server itself.

pub mod assets;
pub mod client;
pub mod cookies;
pub mod cors;
pub mod extract;
pub mod headers;
pub mod language;
pub mod metrics;
pub mod pages;
pub mod rate;
pub mod serve;
pub mod uploads;
