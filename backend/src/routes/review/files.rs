//! The files reviewers download: an attachment as it was stored, and the official 申请书 filled
//! in, as Word.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::auth::SignedIn;
use crate::downloads::disposition;
use crate::error::ApiError;
use crate::openapi::shapes::Errors;
use crate::opinions::Written;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/submissions/{id}/attachments/{key}",
    tag = "review",
    security(("reviewer" = [])),
    params(
        ("id" = String, Path, description = "The submission's id or its receipt."),
        ("key" = String, Path, description = "The attachment's key, e.g. `implementation_plan`."),
    ),
    responses(
        (status = 200, description = "The stored file, with its stored media type, as an attachment named by what its content is.", content_type = "application/octet-stream",
            headers(("Content-Disposition" = String, description = "`attachment`, `<receipt>-<key>.<ext>` and the applicant's name in `filename*`."))),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 404, description = "No such submission or file within the reviewer's scope.", body = Errors),
    ),
)]
pub(super) async fn attachment(
    State(state): State<AppState>,
    signed: SignedIn,
    Path((id, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let s = signed.submission(&state, &id).await?;
    let missing = || ApiError::NotFound(format!("attachment {key}"));
    let meta = s
        .attachments
        .iter()
        .find(|a| a.key == key)
        .ok_or_else(missing)?;
    let data = state
        .store
        .attachment_data(&s.id, &key)
        .await?
        .ok_or_else(missing)?;
    signed.audit(&state, "download", Some(&s.id), &key).await?;
    let media_type = HeaderValue::from_str(&meta.media_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, media_type),
            (
                CONTENT_DISPOSITION,
                disposition(&s.receipt, &key, &meta.file_name, &meta.media_type),
            ),
            (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        Body::from(data),
    )
        .into_response())
}

/// The official 申请书, filled in, as Word: the same document the applicant checked and printed.
#[utoipa::path(
    get,
    path = "/submissions/{id}/document.docx",
    tag = "review",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    responses(
        (status = 200, description = "The program's official 申请书 filled in, as Word.", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
    ),
)]
pub(super) async fn document(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let s = signed.submission(&state, &id).await?;
    let written = Written::of(&state.store, &s.id, &signed.reviewer).await?;
    let chain = state.calls.find(&s.program, &s.call).map(|c| &c.chain);
    let file = crate::docx::of_stored(&s.program, &s.receipt, &s.data, |doc| {
        crate::opinions::fill(doc, chain, &written)
    })
    .map_err(ApiError::Internal)?;
    signed
        .audit(&state, "download", Some(&s.id), "document.docx")
        .await?;
    let disposition = format!("attachment; filename=\"{}.docx\"", s.receipt);
    Ok((
        StatusCode::OK,
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_owned(),
            ),
            (CONTENT_DISPOSITION, disposition),
        ],
        Body::from(file),
    )
        .into_response())
}
