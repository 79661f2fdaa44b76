//! The application's routes, assembled in one place: the form's pages and files, `/healthz`, and
//! the JSON API under `/api/v1`, each area exposing its own router; and the OpenAPI document,
//! made from the same routes (utoipa-axum: a route is added with the `#[utoipa::path]` that
//! documents it, so none exists undocumented).

pub mod calls;
pub mod chain;
pub mod exports;
pub mod programs;
pub mod receipts;
pub mod review;
pub mod session;
pub mod submissions;

use std::sync::LazyLock;

use axum::http::Uri;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::{Router, middleware};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::http::cors;
use crate::state::AppState;

/// The whole application, for `axum::serve` or for tests that drive it with `oneshot`.
pub fn app(state: AppState) -> Router {
    let api_cors = middleware::from_fn_with_state(state.clone(), cors::layer);
    let (documented, _) = documented(|api| api.layer(api_cors)).split_for_parts();
    let router = Router::new()
        .merge(crate::http::assets::router())
        .merge(crate::http::pages::router())
        .merge(crate::plain::router())
        .merge(documented)
        .layer(middleware::from_fn(crate::http::language::localize))
        .layer(middleware::from_fn(crate::http::metrics::track))
        .with_state(state);
    crate::http::headers::layer(router)
}

/// The documented routes: `/healthz`, and the API under `/api/v1` with `api_layers` applied to
/// it alone (the server adds its CORS check there).
fn documented(
    api_layers: impl FnOnce(OpenApiRouter<AppState>) -> OpenApiRouter<AppState>,
) -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(crate::openapi::base())
        .routes(routes!(healthz))
        .nest("/api/v1", api_layers(api()))
}

/// Every route under `/api/v1`, each with its documentation.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(openapi_json))
        .merge(calls::router())
        .merge(programs::router())
        .merge(submissions::router())
        .merge(receipts::router())
        .merge(review::router())
        .merge(session::router())
        .merge(exports::router())
        .merge(chain::router())
        .fallback(not_found)
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(uri.path().to_owned())
}

/// The OpenAPI 3.1 document as served, built once from the routes.
pub fn document() -> &'static [u8] {
    static DOCUMENT: LazyLock<Vec<u8>> = LazyLock::new(|| {
        let paths = documented(|api| api).into_openapi();
        serde_json::to_vec(&crate::openapi::complete(paths)).expect("the document serializes")
    });
    &DOCUMENT
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "This document (OpenAPI 3.1).", body = crate::openapi::shapes::Document)),
)]
async fn openapi_json() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], document())
}

/// 200 while the database answers and the writer runs; 503 when either fails, for a load
/// balancer over several servers or a supervisor.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "meta",
    responses(
        (status = 200, description = "The database answers and the writer runs: `ok`.", body = String, content_type = "text/plain"),
        (status = 503, description = "`writer stopped` or `database unavailable`.", body = String, content_type = "text/plain"),
    ),
)]
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    use axum::http::StatusCode;
    if !state.store.writer_runs() {
        tracing::error!("health check: the writer has stopped");
        return (StatusCode::SERVICE_UNAVAILABLE, "writer stopped");
    }
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
