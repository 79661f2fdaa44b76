//! Metrics in Prometheus' text format at `/metrics`, on a listen address of their own
//! (`--metrics-addr`, off by default), so that the applicants' port does not show them. No label
//! holds personal data: requests are counted by their route's template (never the path with its
//! ids or receipts), errors by their code, nothing by client.
//!
//! What is measured: requests by route, method and status, and their latency; submissions
//! stored; error answers by code; rate-limit refusals; the writer's batch sizes and commit
//! times; the upload memory held and the submissions waiting for it; the database pool's
//! connections in use and idle.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::http::uploads::Uploads;
use crate::store::Store;

/// Latency buckets, in seconds: a page's milliseconds to an upload's minutes.
const SECONDS: [f64; 13] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 60.0, 300.0,
];
/// Batch-size buckets: the writer commits at most 64 at once.
const BATCH: [f64; 7] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed the first time a server asks for metrics (several servers
/// in one test process share it; the counters are the process's).
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&SECONDS)
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Full("writer_batch_size".into()), &BATCH)
            })
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Only fails where another recorder was installed first, which nothing here does.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts each request by its route's template, method and status, and times it; without
/// `--metrics-addr` (no recorder) it only passes the request on.
pub async fn track(request: Request, next: Next) -> Response {
    if HANDLE.get().is_none() {
        return next.run(request).await;
    }
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!("http_request_duration_seconds", "route" => route.clone(), "method" => method.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("http_requests_total", "route" => route, "method" => method, "status" => status)
        .increment(1);
    response
}

/// The `/metrics` listener's application; the gauges read at each scrape.
pub fn router(store: Store, uploads: Uploads) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let (store, uploads) = (store.clone(), uploads.clone());
            async move {
                metrics::gauge!("upload_memory_held_mib").set(f64::from(uploads.held_mib()));
                metrics::gauge!("upload_waiting").set(uploads.waiting() as f64);
                let (size, idle) = store.pool_use();
                metrics::gauge!("db_pool_connections", "state" => "idle").set(idle as f64);
                metrics::gauge!("db_pool_connections", "state" => "in_use")
                    .set((size as usize).saturating_sub(idle) as f64);
                (
                    [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
                    handle().render(),
                )
                    .into_response()
            }
        }),
    )
}
