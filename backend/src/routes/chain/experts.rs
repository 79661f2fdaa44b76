//! The unit's experts (专家评审): `PUT /api/v1/submissions/{id}/experts` assigns them to a
//! submission the unit has, each seeing only what was assigned to them; `PUT …/review` is an
//! expert's score and opinion on it.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use shared::{Code, Issue};
use utoipa::ToSchema;

use super::{InScope, act, below, text_at};
use crate::auth::SignedIn;
use crate::clock::now_rfc3339;
use crate::error::ApiError;
use crate::http::extract::Body;
use crate::openapi::shapes::Errors;
use crate::state::AppState;
use crate::store::{Act, Acting, Review};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Assign {
    experts: Vec<String>,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// The experts now assigned.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Assigned {
    id: String,
    experts: Vec<String>,
}

/// The unit assigns its experts (专家评审) to a submission it has: each sees only what was
/// assigned to them. Until the unit's `recommend_by`.
#[utoipa::path(
    put,
    path = "/submissions/{id}/experts",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = Assign,
    responses(
        (status = 200, description = "The unit's experts who may see and score it.", body = Assigned),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit, an expert, or a unit whose chain entry has no experts (`no_experts`).", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 409, description = "After the unit's `recommend_by`, `decided`, `returned` or `version_changed`.", body = Errors),
        (status = 422, description = "A name that is not one of the unit's experts (at `experts.N`).", body = Errors),
    ),
)]
pub(super) async fn assign(
    State(state): State<AppState>,
    scope: InScope,
    Body(mut ask): Body<Assign>,
) -> Result<Json<Assigned>, ApiError> {
    let (s, unit) = (&scope.submission, scope.unit());
    // Only a unit whose chain entry invites experts has a block their reviews print in.
    if unit.experts.is_none() {
        return Err(ApiError::Forbidden(
            Issue::new("", Code::NoExperts).with("unit", &unit.name),
        ));
    }
    scope.still_open()?;
    let known = state.store.experts_of(&unit.name, &s.program).await?;
    let unknown: Vec<Issue> = ask
        .experts
        .iter()
        .enumerate()
        .filter(|(_, e)| !known.contains(e))
        .map(|(i, _)| {
            Issue::new(format!("experts.{i}"), Code::UnknownExpert).with(
                "experts",
                if known.is_empty() {
                    "无".to_owned()
                } else {
                    known.join("、")
                },
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::Unprocessable(unknown));
    }
    ask.experts.sort();
    ask.experts.dedup();
    let below = scope.below();
    state
        .store
        .assign(
            &s.id,
            act(Act::Assign, &unit.name, &below, s, ask.version),
            &ask.experts,
            scope.signed.reviewer.actor(),
            &now_rfc3339(),
        )
        .await?;
    Ok(Json(Assigned {
        id: s.id.clone(),
        experts: ask.experts,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ReviewAsk {
    /// 0–100; read as any JSON value so that a wrong one is a 422 at `score`.
    #[schema(value_type = i64, minimum = 0, maximum = 100)]
    score: serde_json::Value,
    text: String,
    /// The version the expert read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// The expert's review stored.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Reviewed {
    id: String,
    review: Review,
}

/// An expert's score (0–100) and opinion on what was assigned to them; replaceable.
#[utoipa::path(
    put,
    path = "/submissions/{id}/review",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = ReviewAsk,
    responses(
        (status = 200, description = "The expert's score and opinion.", body = Reviewed),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "Not an expert.", body = Errors),
        (status = 404, description = "Not assigned to this expert now (or their unit lost it), or no such submission.", body = Errors),
        (status = 409, description = "`decided` or `version_changed`.", body = Errors),
        (status = 422, description = "A score that is not a whole number from 0 to 100, or no text.", body = Errors),
    ),
)]
pub(super) async fn review(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Body(ask): Body<ReviewAsk>,
) -> Result<Json<Reviewed>, ApiError> {
    if !signed.reviewer.expert {
        return Err(ApiError::Forbidden(Issue::new("", Code::NotAssigned)));
    }
    // An expert's view holds only what was assigned to them.
    let s = signed.submission(&state, &id).await?;
    let score = ask
        .score
        .as_i64()
        .filter(|n| (0..=100).contains(n))
        .ok_or_else(|| ApiError::Unprocessable(vec![Issue::new("score", Code::Score)]))?;
    // An expert acts for the unit that assigned them: theirs, the one that may.
    let unit = signed.reviewer.unit.as_deref().unwrap_or_default();
    let call = state
        .calls
        .find(&s.program, &s.call)
        .ok_or_else(|| ApiError::NotFound(format!("call {}", s.call)))?;
    let review = Review {
        expert: signed.reviewer.name.clone(),
        unit: unit.to_owned(),
        score,
        text: text_at("text", &ask.text, true)?,
        at: now_rfc3339(),
    };
    let below = below(call, unit);
    let acting = Acting {
        expert: Some(&signed.reviewer.name),
        ..act(Act::Review, unit, &below, &s, ask.version)
    };
    state
        .store
        .review(&s.id, acting, &review, signed.reviewer.actor())
        .await?;
    Ok(Json(Reviewed { id: s.id, review }))
}
