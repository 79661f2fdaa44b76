//! `POST /api/v1/submissions/{id}/return`: 退回补正, the receiving unit sends a submission back
//! to its applicant with a reason, to be corrected by a date.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::{Code, Issue};
use utoipa::ToSchema;

use super::{InScope, act, text_at};
use crate::clock::{beijing, now_rfc3339};
use crate::error::ApiError;
use crate::http::extract::Body;
use crate::openapi::shapes::Errors;
use crate::state::AppState;
use crate::store::{Act, Return};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ReturnAsk {
    reason: String,
    /// `2026-12-20` (the end of that day, Beijing time), `2026-12-20T17:30`, or with an offset.
    correct_by: String,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// The submission returned to its applicant.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Returned {
    id: String,
    returned: ReturnedTo,
}

/// Why, and by when it is to be corrected.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ReturnedTo {
    reason: String,
    /// Beijing time.
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
    correct_by: String,
}

/// 退回补正: the receiving unit sends the submission back to its applicant with a reason, to be
/// corrected by `correct_by` (in the future, and no later than the unit's `recommend_by`), even
/// after the call closed. Its recommendations are withdrawn: what comes back is a new version.
#[utoipa::path(
    post,
    path = "/submissions/{id}/return",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = ReturnAsk,
    responses(
        (status = 200, description = "Returned to its applicant (退回补正) until `correct_by`; its recommendations are withdrawn.", body = Returned),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "Not the receiving unit, or a reviewer without a unit.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 409, description = "After the unit's `recommend_by`, `decided` or `version_changed`.", body = Errors),
        (status = 422, description = "No reason, a reason with control characters, or a `correct_by` not in the future or after the unit's `recommend_by`.", body = Errors),
    ),
)]
pub(super) async fn give_back(
    State(state): State<AppState>,
    scope: InScope,
    Body(ask): Body<ReturnAsk>,
) -> Result<Json<Returned>, ApiError> {
    let (s, unit) = (&scope.submission, scope.unit());
    if s.unit != unit.name {
        return Err(ApiError::Forbidden(Issue::new("", Code::ReturnNotReceiver)));
    }
    scope.still_open()?;
    let reason = text_at("reason", &ask.reason, true)?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let latest = unit.recommend_by.unwrap_or(i64::MAX);
    let by = crate::calls::deadline(&ask.correct_by)
        .filter(|by| *by > now && *by <= latest)
        .ok_or_else(|| {
            let limit = unit
                .recommend_by
                .map_or_else(|| "（未设）".to_owned(), beijing);
            ApiError::Unprocessable(vec![
                Issue::new("correct_by", Code::CorrectBy).with("by", limit),
            ])
        })?;
    let r = Return {
        unit: unit.name.clone(),
        reason,
        correct_by: by.to_string(),
        reviewer: scope.signed.reviewer.name.clone(),
        at: now_rfc3339(),
        corrected_at: String::new(),
        changed: String::new(),
    };
    let below = scope.below();
    let acting = act(Act::Return, &unit.name, &below, s, ask.version);
    state
        .store
        .return_to_applicant(&s.id, acting, &r, scope.signed.reviewer.actor())
        .await?;
    Ok(Json(Returned {
        id: s.id.clone(),
        returned: ReturnedTo {
            reason: r.reason,
            correct_by: beijing(by),
        },
    }))
}
