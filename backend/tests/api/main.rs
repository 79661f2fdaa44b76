//! The API, driven in-process with `oneshot` and as a real server on port 0, each with a fresh
//! database: a SQLite file, or a new PostgreSQL database on the server that
//! `PILOT_TEST_POSTGRES` names (`postgres://user@host:port`; tests/run.sh runs these tests
//! both ways). Tests named `sqlite_…` are about the SQLite file itself and run only on it;
//! every other test runs on both.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use backend::calls::Calls;
use backend::configuration::{Config, ServerLimits};
use backend::http::cors::AllowedOrigins;
use backend::startup::{AppState, Server, app};
use backend::store::Store;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;

use support as vectors;
use support::server::TestServer;

mod helpers;
use helpers::*;

mod chain;
mod configuration;
mod corrections;
mod cross_origin;
mod deploy;
mod durability;
mod exports;
mod faults;
mod hardening;
mod hostile;
mod idempotency;
mod integrity;
mod metrics;
mod notify;
mod openapi;
mod plain;
mod programs;
mod recommend;
mod review;
mod servers;
mod sessions;
mod submissions;
mod upgrades;
mod widget;
mod workplace;
