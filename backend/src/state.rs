//! What every handler may use: the application's state, and the parts of it that the HTTP
//! plumbing takes on its own (`FromRef`), so that `http/` needs no knowledge of the whole.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;

use crate::calls::Calls;
use crate::http::client::Cidr;
use crate::http::cors::AllowedOrigins;
use crate::http::rate::{Failures, SubmissionRate, WrongSecrets};
use crate::http::uploads::Uploads;
use crate::oidc::Oidc;
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
    /// Failed sign-ins, per account and per client.
    pub sign_in: SignInFailures,
    /// The identity provider, where one is configured.
    pub oidc: Option<Arc<Oidc>>,
}

/// Failed sign-ins counted per account and per client (in a window of
/// [`SIGN_IN_WINDOW`]): past either limit, 429 before the password is looked at.
#[derive(Clone, Default)]
pub struct SignInFailures {
    pub by_account: Failures<String>,
    pub by_client: Failures<IpAddr>,
}

/// The window failed sign-ins are counted in.
pub const SIGN_IN_WINDOW: Duration = Duration::from_secs(15 * 60);

impl SignInFailures {
    /// At most `per_account` and `per_client` failures in the window; 0: no limit.
    pub fn new(per_account: u32, per_client: u32) -> SignInFailures {
        SignInFailures {
            by_account: Failures::new(per_account, SIGN_IN_WINDOW),
            by_client: Failures::new(per_client, SIGN_IN_WINDOW),
        }
    }
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
