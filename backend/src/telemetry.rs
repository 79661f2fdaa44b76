//! Structured logs: one JSON object a line, filtered by `RUST_LOG` (default `info`).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        // Each line carries its request's span (method, path, request id), not the whole stack.
        .with_current_span(true)
        .with_span_list(false)
        .try_init();
}
