//! `POST /api/v1/submissions`: re-check an application with the shared rules and store it, with
//! its attachments, only if nothing blocks it and its call is open.
//!
//! The body is the application as JSON, or `multipart/form-data` with the JSON in the part
//! `application` and each attachment in a part named by its key.
//!
//! The 201 answer carries a secret besides the receipt, with which the applicant may correct
//! the submission (`super::receipts`), through the same steps (`crate::intake`).

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::http::language::Language;
use crate::intake::StoredAnswer;
use crate::intake::{self, multipart_limit};
use crate::openapi::shapes::Errors;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .layer(DefaultBodyLimit::max(multipart_limit()))
}

/// The request body (one schema per program), the `Idempotency-Key` header and the refusals
/// every intake may answer are added by `crate::openapi`, for both routes that take one.
#[utoipa::path(
    post,
    path = "/submissions",
    tag = "applicants",
    responses(
        (status = 201, description = "Stored, with its attachments. `secret` is shown once.", body = StoredAnswer, headers(("Idempotent-Replayed" = bool, description = "`true` on the answer to a retry with the same `Idempotency-Key`."))),
        (status = 409, description = "The call is not open by the server's clock when the request arrived (`call_closed`, `call_not_open`).", body = Errors),
    ),
)]
async fn create(
    State(state): State<AppState>,
    Language(lang): Language,
    request: Request,
) -> Result<Response, ApiError> {
    intake::take(&state, request, lang, None).await
}
