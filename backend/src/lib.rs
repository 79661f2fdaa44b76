//! The thin server: it serves the wasm form, re-checks every submission with the rules in
//! `shared`, and stores only finished, valid applications.

pub mod admin;
pub mod auth;
pub mod calls;
pub mod chain;
pub mod clock;
pub mod configuration;
pub mod docx;
pub mod downloads;
pub mod error;
pub mod form_token;
pub mod hashing;
pub mod http;
pub mod intake;
pub mod notify;
pub mod oidc;
pub mod openapi;
pub mod opinions;
pub mod plain;
pub mod progress;
pub mod quotas;
pub mod receipt;
pub mod reviewers;
pub mod routes;
pub mod seal;
pub mod secret;
pub mod signin;
pub mod standing;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
