//! `POST /api/v1/submissions`: re-check an application with the shared rules and store it only
//! if nothing blocks it.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use shared::wire::{ParseError, parse_application};
use shared::{Date, Lang, SCHEMA_VERSION};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::offset;

use super::Language;
use crate::error::ApiError;
use crate::receipt;
use crate::startup::AppState;
use crate::store::{NewSubmission, StoreError};

/// The most JSON one application may take. The longest form is well under 100 kB.
pub const BODY_LIMIT: usize = 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new().route("/submissions", post(create))
}

async fn create(
    State(state): State<AppState>,
    Language(lang): Language,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match store_submission(&state, &headers, body, lang).await {
        Ok(response) => response,
        Err(e) => e.render(lang),
    }
}

async fn store_submission(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
    lang: Lang,
) -> Result<Response, ApiError> {
    if let Some(ct) = headers.get(CONTENT_TYPE) {
        let ct = ct.to_str().unwrap_or_default().to_ascii_lowercase();
        if !ct.starts_with("application/json") {
            return Err(ApiError::UnsupportedMediaType);
        }
    }
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| ApiError::TooLarge(BODY_LIMIT))?;
    let application = parse_application(&bytes).map_err(|e| match e {
        ParseError::Syntax(detail) => ApiError::MalformedJson(detail),
        ParseError::Data(issue) => ApiError::Unprocessable(vec![issue]),
    })?;

    // The server's clock decides what "today" is, in Asia/Shanghai.
    let now = OffsetDateTime::now_utc();
    let checked = shared::check(&application, Date::in_shanghai(now.unix_timestamp()));
    if !checked.report.is_valid() {
        return Err(ApiError::Unprocessable(
            checked.report.errors().cloned().collect(),
        ));
    }

    let app = &checked.application;
    let submitted_at = now
        .to_offset(offset!(+8))
        .replace_nanosecond(0)
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .format(&Rfc3339)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut submission = NewSubmission {
        id: uuid::Uuid::new_v4().to_string(),
        receipt: receipt::generate(),
        program: app.program.clone(),
        call: app.call.clone(),
        applicant_name: app.applicant.name.clone(),
        credit_code: app.applicant.credit_code.clone(),
        project_name: app.project.name.clone(),
        schema_version: SCHEMA_VERSION,
        data: serde_json::to_string(app).map_err(|e| ApiError::Internal(e.to_string()))?,
        submitted_at,
    };
    // A receipt collision is rare (31^8 values) but possible: draw again.
    let mut attempts = 0;
    loop {
        match state.store.insert(&submission).await {
            Ok(()) => break,
            Err(StoreError::DuplicateReceipt) if attempts < 5 => {
                attempts += 1;
                submission.receipt = receipt::generate();
            }
            Err(e) => return Err(ApiError::Internal(e.to_string())),
        }
    }
    tracing::info!(
        id = %submission.id,
        receipt = %submission.receipt,
        program = %submission.program,
        "submission stored"
    );
    let warnings: Vec<_> = checked.report.warnings().map(|w| w.render(lang)).collect();
    let body = json!({
        "id": submission.id,
        "receipt": submission.receipt,
        "submitted_at": submission.submitted_at,
        "warnings": warnings,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
