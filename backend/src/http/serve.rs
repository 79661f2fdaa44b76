//! Serving connections with bounds on what each client may hold: axum's own `serve` runs hyper
//! without a timer, so a client that sends its headers a byte a minute (slow loris) would keep
//! its connection, and a task, forever. Here:
//!
//! - the headers of each request must arrive within `header_timeout`;
//! - a request body may pause at most `body_idle_timeout` between chunks, must arrive at no
//!   less than `min_upload_rate` averaged over `upload_rate_window` (a byte every 25 s would
//!   otherwise hold its place in the upload memory for the whole request timeout), and the
//!   whole request may take `request_timeout` until its answer starts (long enough for the
//!   largest upload on a slow county link);
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
        let pace = Pace {
            min: limits.min_upload_rate,
            window: secs(limits.upload_rate_window.max(1)),
        };
        let service =
            TowerToHyperService::new(app.clone().map_request(move |request: Request<Incoming>| {
                // Who is asking, for the per-client limits (`crate::http::client`).
                let mut request = request.map(|body| Body::new(Paced::new(body, pace)));
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

/// The least rate a body must keep: `min` bytes a second over each `window`.
#[derive(Clone, Copy)]
struct Pace {
    min: u64,
    window: Duration,
}

/// A body that arrived slower than its [`Pace`]: answered 408, like a body that paused too long.
#[derive(Debug)]
pub struct TooSlow;

impl std::fmt::Display for TooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the body arrived slower than the least upload rate")
    }
}

impl std::error::Error for TooSlow {}

/// A request body measured against its [`Pace`] window by window.
struct Paced<B> {
    inner: B,
    pace: Pace,
    since: std::time::Instant,
    bytes: u64,
}

impl<B> Paced<B> {
    fn new(inner: B, pace: Pace) -> Paced<B> {
        Paced {
            inner,
            pace,
            since: std::time::Instant::now(),
            bytes: 0,
        }
    }
}

impl<B> hyper::body::Body for Paced<B>
where
    B: hyper::body::Body<Data = axum::body::Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = axum::body::Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        use std::task::Poll;
        let this = self.get_mut();
        let frame = match std::pin::Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => frame,
            Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => return Poll::Pending,
        };
        if this.pace.min > 0 {
            this.bytes += frame.data_ref().map_or(0, |d| d.len() as u64);
            let elapsed = this.since.elapsed();
            if elapsed >= this.pace.window {
                if (this.bytes as f64) < this.pace.min as f64 * elapsed.as_secs_f64() {
                    return Poll::Ready(Some(Err(Box::new(TooSlow))));
                }
                this.since = std::time::Instant::now();
                this.bytes = 0;
            }
        }
        Poll::Ready(Some(Ok(frame)))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
