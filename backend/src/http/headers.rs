//! What every response carries, whichever route made it, and how each request is logged.
//!
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, and a
//!   `Content-Security-Policy`: the pages set their own (see `assets`); everything else (API
//!   answers, downloads of applicants' files, errors) gets one that allows nothing, so that no
//!   answer can run as a page, nor be framed.
//! - `Cache-Control: no-store` on every API answer but the public definitions and calls
//!   (`/api/v1/form`, `/programs`, `/calls`): receipts, submission answers (they hold the
//!   secret), everything reviewers read and download hold personal data that no browser or
//!   proxy cache may keep.
//! - An `X-Request-Id` (the client's if it sent one of at most 64 letters, digits and `._-`, a
//!   new UUID otherwise), sent back and in every log line of the request: echoed and logged, a
//!   client's own may be neither long nor carry what a log line or a header must not.
//! - One log line per request: method, path and status, never the query (reviewers search by
//!   applicant names) nor any body.

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

const X_REQUEST_ID: &str = "x-request-id";

/// For whatever is not one of our pages.
const NOTHING: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

pub fn layer(router: Router) -> Router {
    router
        .layer(middleware::from_fn(secure))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %request.uri().path(),
                        request_id = %id,
                    )
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn(sane_request_id))
}

/// Whether a client's `X-Request-Id` may be kept: 1 to 64 of `[A-Za-z0-9._-]`.
fn sane(id: &HeaderValue) -> bool {
    let id = id.as_bytes();
    (1..=64).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(b))
}

/// Drops a client's `X-Request-Id` that is not [`sane`] (or is sent twice), so that
/// `SetRequestIdLayer` gives the request a fresh one.
async fn sane_request_id(mut request: Request, next: Next) -> Response {
    let ids: Vec<&HeaderValue> = request.headers().get_all(X_REQUEST_ID).iter().collect();
    if !matches!(ids.as_slice(), [one] if sane(one)) {
        request.headers_mut().remove(X_REQUEST_ID);
    }
    next.run(request).await
}

/// Whether an answer at `path` may hold personal data or a secret: every API answer but the
/// public ones the form and portals read.
fn private(path: &str) -> bool {
    let Some(api) = path.strip_prefix("/api/v1/") else {
        return false;
    };
    let public = ["form", "programs", "calls"];
    !public
        .iter()
        .any(|p| api == *p || api.starts_with(&format!("{p}/")))
}

async fn secure(request: Request, next: Next) -> Response {
    let private = private(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if private {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers
        .entry(X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("no-referrer"));
    headers
        .entry(CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(NOTHING));
    response
}

/// A download's `Content-Disposition`: an ASCII `plain` name any client takes, and the name in
/// its own words (Chinese, as a notice calls the file) in `filename*` (RFC 5987).
pub fn attachment(plain: &str, own: &str) -> HeaderValue {
    let encoded: String = own
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}
