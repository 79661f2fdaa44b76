//! `PUT /api/v1/submissions/{id}/opinion`: a unit's opinion, printed in its block of the 申请书
//! with its name and the date; replaceable until its `recommend_by`.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::{Code, Issue};
use utoipa::ToSchema;

use super::{InScope, act, text_at};
use crate::clock::now_rfc3339;
use crate::error::ApiError;
use crate::http::extract::Body;
use crate::openapi::shapes::Errors;
use crate::state::AppState;
use crate::store::{Act, Opinion};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct OpinionAsk {
    /// The block's key, needed only where the unit has several.
    block: Option<String>,
    text: String,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// The opinion written.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Opined {
    id: String,
    opinion: Opinion,
}

/// A unit's opinion, printed in its block of the 申请书 with its name and the date; replaceable
/// until its `recommend_by`.
#[utoipa::path(
    put,
    path = "/submissions/{id}/opinion",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = OpinionAsk,
    responses(
        (status = 200, description = "The unit's opinion, printed in its block of the 申请书.", body = Opined),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 409, description = "After the unit's `recommend_by` (`recommend_closed`), `decided` or `version_changed`.", body = Errors),
        (status = 422, description = "No text, a text over 2000 characters or with control characters, or a block the unit does not have.", body = Errors),
    ),
)]
pub(super) async fn opinion(
    State(state): State<AppState>,
    scope: InScope,
    Body(ask): Body<OpinionAsk>,
) -> Result<Json<Opined>, ApiError> {
    let (s, unit) = (&scope.submission, scope.unit());
    scope.still_open()?;
    let block = match (ask.block, unit.opinion.as_slice()) {
        (Some(block), blocks) if blocks.contains(&block) => block,
        (None, []) => String::new(),
        (None, [only]) => only.clone(),
        (_, blocks) => {
            let named = if blocks.is_empty() {
                "补充信息".to_owned()
            } else {
                blocks.join("、")
            };
            return Err(ApiError::Unprocessable(vec![
                Issue::new("block", Code::UnknownBlock).with("blocks", named),
            ]));
        }
    };
    let opinion = Opinion {
        unit: unit.name.clone(),
        block,
        text: text_at("text", &ask.text, true)?,
        reviewer: scope.signed.reviewer.name.clone(),
        at: now_rfc3339(),
    };
    let below = scope.below();
    let acting = act(Act::Opinion, &unit.name, &below, s, ask.version);
    state
        .store
        .write_opinion(&s.id, acting, &opinion, scope.signed.reviewer.actor())
        .await?;
    Ok(Json(Opined {
        id: s.id.clone(),
        opinion,
    }))
}
