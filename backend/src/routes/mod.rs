//! The JSON API under `/api/v1`. Each area exposes its own router.

pub mod calls;
pub mod exports;
pub mod programs;
pub mod receipts;
pub mod recommend;
pub mod review;
pub mod submissions;

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::Uri;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use shared::Lang;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::startup::AppState;

/// Every route under `/api/v1`, each with its documentation (`crate::openapi`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(crate::openapi::openapi_json))
        .merge(calls::router())
        .merge(programs::router())
        .merge(submissions::router())
        .merge(receipts::router())
        .merge(review::router())
        .merge(exports::router())
        .merge(recommend::router())
        .fallback(not_found)
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(uri.path().to_owned())
}

/// The language of messages, from `Accept-Language` (zh-CN unless English is preferred).
pub struct Language(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for Language {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let lang = parts
            .headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default();
        Ok(Language(lang))
    }
}
