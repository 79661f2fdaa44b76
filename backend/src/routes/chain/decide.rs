//! `PUT /api/v1/submissions/{id}/decision`: the deciding unit's 立项 or 不予立项, on what reached
//! it or what it received itself.

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
use crate::standing::Verdict;
use crate::state::AppState;
use crate::store::{Act, Decision};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct DecisionAsk {
    /// `approved` (立项) or `rejected` (不予立项).
    decision: String,
    /// Needed to refuse, and to change a decision made before.
    #[serde(default)]
    reason: String,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// The decision taken.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Decided {
    id: String,
    decision: Decision,
}

/// The deciding unit's 立项 or 不予立项, on what reached it or what it received itself.
#[utoipa::path(
    put,
    path = "/submissions/{id}/decision",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = DecisionAsk,
    responses(
        (status = 200, description = "The decision (立项 / 不予立项), printed in the deciding unit's block.", body = Decided),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "Not the deciding unit (`not_decider`), or a reviewer without a unit.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 409, description = "`returned` (waiting for its correction) or `version_changed` (naming the version it is now).", body = Errors),
        (status = 422, description = "A decision other than `approved` or `rejected`, a refusal without its reason, or a changed decision without its reason (`decision_change_reason`).", body = Errors),
    ),
)]
pub(super) async fn decide(
    State(state): State<AppState>,
    scope: InScope,
    Body(ask): Body<DecisionAsk>,
) -> Result<Json<Decided>, ApiError> {
    let (s, unit) = (&scope.submission, scope.unit());
    if !unit.decides {
        return Err(ApiError::Forbidden(Issue::new("", Code::NotDecider)));
    }
    let verdict = Verdict::parse(&ask.decision).ok_or_else(|| {
        ApiError::Unprocessable(vec![Issue::new("decision", Code::DecisionValue)])
    })?;
    // Refusing needs a reason; it prints in the unit's block and the applicant reads it.
    let reason = text_at("reason", &ask.reason, verdict == Verdict::Rejected)?;
    let mut decision = Decision {
        unit: unit.name.clone(),
        decision: verdict.key().to_owned(),
        reason,
        reviewer: scope.signed.reviewer.name.clone(),
        at: now_rfc3339(),
        version: s.version,
    };
    let below = scope.below();
    let acting = act(Act::Decide, &unit.name, &below, s, ask.version);
    decision.version = state
        .store
        .decide(&s.id, acting, &decision, scope.signed.reviewer.actor())
        .await?;
    Ok(Json(Decided {
        id: s.id.clone(),
        decision,
    }))
}
