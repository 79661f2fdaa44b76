//! `POST /api/v1/submissions`: re-check an application with the shared rules and store it, with
//! its attachments, only if nothing blocks it and its call is open.
//!
//! The body is the application as JSON, or `multipart/form-data` with the JSON in the part
//! `application` and each attachment in a part named by its key.
//!
//! The 201 answer carries a secret besides the receipt, with which the applicant may correct
//! the submission (`super::receipts`), through the same steps (`crate::intake`).

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::response::Response;
use axum::routing::post;

use super::Language;
use crate::error::ApiError;
use crate::intake::{self, multipart_limit};
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/submissions",
        post(create).layer(DefaultBodyLimit::max(multipart_limit())),
    )
}

async fn create(
    State(state): State<AppState>,
    Language(lang): Language,
    request: Request,
) -> Result<Response, ApiError> {
    intake::take(&state, request, lang, None).await
}
