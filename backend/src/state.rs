//! What every handler may use: the application's state, and the parts of it that the HTTP
//! plumbing takes on its own (`FromRef`), so that `http/` needs no knowledge of the whole.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::calls::Calls;
use crate::http::client::Cidr;
use crate::http::cors::AllowedOrigins;
use crate::http::rate::{SubmissionRate, WrongSecrets};
use crate::http::uploads::Uploads;
use crate::store::Store;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub calls: Arc<Calls>,
    /// Origins whose pages may call the API.
    pub origins: Arc<AllowedOrigins>,
    /// The memory submissions being received may hold together.
    pub uploads: Uploads,
    /// How many submissions a client may send a minute.
    pub rate: SubmissionRate,
    /// How many wrong secrets a client may try on receipts.
    pub wrong_secrets: WrongSecrets,
    /// The reverse proxies whose `X-Forwarded-For` names the client (`crate::http::client`).
    pub trusted: Arc<[Cidr]>,
}

impl FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Store {
        state.store.clone()
    }
}

impl FromRef<AppState> for Arc<Calls> {
    fn from_ref(state: &AppState) -> Arc<Calls> {
        state.calls.clone()
    }
}

impl FromRef<AppState> for Arc<AllowedOrigins> {
    fn from_ref(state: &AppState) -> Arc<AllowedOrigins> {
        state.origins.clone()
    }
}

impl FromRef<AppState> for Arc<[Cidr]> {
    fn from_ref(state: &AppState) -> Arc<[Cidr]> {
        state.trusted.clone()
    }
}
