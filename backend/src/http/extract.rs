//! Extractors that refuse with the API's own error (axum's `examples/error-handling`): a body
//! that is not the JSON a route takes is `400 malformed_json`, a query it cannot read
//! `400 bad_query`, each worded like every other error, so no handler maps a rejection by hand;
//! and what the body readers that cannot be extractors (`intake`, `plain`) share.

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body of type `T`.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let Json(body) = Json::<T>::from_request(request, state)
            .await
            .map_err(|e| ApiError::MalformedJson(e.body_text()))?;
        Ok(Body(body))
    }
}

/// A query string read as `T`.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Query(query) =
            axum::extract::Query::<T>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::BadQuery(e.body_text()))?;
        Ok(Query(query))
    }
}

/// A request's `Content-Type`, lower-cased, parameters included ('' without one): what a body
/// reader tells its kinds apart by.
pub fn content_type(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase()
}
