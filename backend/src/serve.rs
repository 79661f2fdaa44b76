//! Serving connections with bounds on what each client may hold: axum's own `serve` runs hyper
//! without a timer, so a client that sends its headers a byte a minute (slow loris) would keep
//! its connection, and a task, forever. Here:
//!
//! - the headers of each request must arrive within `header_timeout`;
//! - a request body may pause at most `body_idle_timeout` between chunks, and the whole request
//!   may take `request_timeout` until its answer starts (long enough for the largest upload
//!   on a slow county link);
//! - at most `max_connections` are open at once; the next waits in the listen queue;
//! - on shutdown, in-flight requests get `shutdown_grace` to finish (a submission being stored
//!   commits or is rolled back, never half-written) before the rest are dropped.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

use crate::configuration::ServerLimits;

/// Serves `app` on `listener` until `stop` completes, then drains within the grace period.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &ServerLimits,
    stop: impl Future<Output = ()>,
) {
    let app = app
        .layer(RequestBodyTimeoutLayer::new(secs(limits.body_idle_timeout)))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            secs(limits.request_timeout),
        ));
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    // Held here so that whatever still runs at the deadline is dropped with them.
    let mut connections = tokio::task::JoinSet::new();
    let mut stop = pin!(stop);
    loop {
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => permit.expect("never closed"),
            () = &mut stop => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: wait a moment instead of spinning.
            Err(e) => {
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service =
            TowerToHyperService::new(app.clone().map_request(move |request: Request<Incoming>| {
                // Who is asking, for the per-client limits (`crate::rate`).
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            }));
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(secs(limits.header_timeout))
            .serve_connection(TokioIo::new(stream), service);
        let watched = graceful.watch(connection);
        connections.spawn(async move {
            let _ = watched.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(secs(limits.shutdown_grace)) => {
            tracing::warn!(grace_secs = limits.shutdown_grace, "requests still running at the shutdown deadline were dropped");
        }
    }
    connections.shutdown().await;
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
