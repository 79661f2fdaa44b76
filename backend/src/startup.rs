//! Building the application and serving it.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::{Router, middleware};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::calls::Calls;
use crate::configuration::Config;
use crate::cors::{self, AllowedOrigins};
use crate::store::Store;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub calls: Arc<Calls>,
    /// Origins whose pages may call the API.
    pub origins: Arc<AllowedOrigins>,
}

/// The whole application, for `axum::serve` or for tests that drive it with `oneshot`.
pub fn app(state: AppState) -> Router {
    let api =
        crate::routes::router().layer(middleware::from_fn_with_state(state.clone(), cors::layer));
    Router::new()
        .merge(crate::assets::router())
        .nest("/api/v1", api)
        .with_state(state)
        .layer(TraceLayer::new_for_http())
}

pub struct Server {
    listener: TcpListener,
    state: AppState,
}

impl Server {
    /// Opens the database (running migrations) and binds the address; port 0 picks a free port.
    pub async fn build(config: &Config) -> Result<Server, Box<dyn std::error::Error>> {
        let calls = Calls::load(config.calls.as_deref()).map_err(|e| format!("calls: {e}"))?;
        let origins = AllowedOrigins::parse(&config.allow_origins)
            .map_err(|e| format!("--allow-origin: {e}"))?;
        let store = Store::connect(&config.database)
            .await
            .map_err(|e| format!("database {}: {e}", config.database))?;
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|e| format!("listen on {}: {e}", config.addr))?;
        let state = AppState {
            store,
            calls: Arc::new(calls),
            origins: Arc::new(origins),
        };
        Ok(Server { listener, state })
    }

    pub fn addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests and closes the database.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let store = self.state.store.clone();
        let served = axum::serve(self.listener, app(self.state))
            .with_graceful_shutdown(stop)
            .await;
        store.close().await;
        served
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
