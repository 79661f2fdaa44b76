//! `POST /api/v1/submissions/{id}/notes`: a unit's private note on an application (内部备注),
//! for its own reviewers: never printed in the 申请书, never in an export, never shown to the
//! applicant or to the unit's experts. Notes are added, not edited; each is audited.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InScope, text_at};
use crate::clock::now_rfc3339;
use crate::error::ApiError;
use crate::http::extract::Body;
use crate::openapi::shapes::Errors;
use crate::state::AppState;
use crate::store::Note;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NoteAsk {
    text: String,
}

/// The unit's notes on it now, the new one last.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Notes {
    id: String,
    notes: Vec<Note>,
}

/// Adds a private note of the reviewer's unit; whenever, decided or not, as it changes nothing
/// of the application.
#[utoipa::path(
    post,
    path = "/submissions/{id}/notes",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = NoteAsk,
    responses(
        (status = 201, description = "The unit's notes on it, the new one last.", body = Notes),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit, an expert, or a unit not in the call's chain.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 422, description = "No text, a text over 2000 characters or with control characters.", body = Errors),
    ),
)]
pub(super) async fn add(
    State(state): State<AppState>,
    scope: InScope,
    Body(ask): Body<NoteAsk>,
) -> Result<(StatusCode, Json<Notes>), ApiError> {
    let text = text_at("text", &ask.text, true)?;
    let (s, unit) = (&scope.submission, scope.unit());
    let actor = scope.signed.reviewer.actor();
    state
        .store
        .add_note(&s.id, actor, &now_rfc3339(), &text)
        .await?;
    let notes = state.store.notes(&s.id, &unit.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(Notes {
            id: s.id.clone(),
            notes,
        }),
    ))
}
