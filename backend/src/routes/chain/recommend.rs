//! `PUT /api/v1/submissions/{id}/recommendation`: the unit recommends what reached it to its
//! parent, at a rank among its recommendations and within its quotas, or withdraws it there and
//! above.

use axum::Json;
use serde::{Deserialize, Serialize};
use shared::{Code, Issue};
use utoipa::ToSchema;

use super::{InScope, act, text_at};
use crate::clock::now_rfc3339;
use crate::error::ApiError;
use crate::http::extract::Body;
use crate::openapi::shapes::Errors;
use crate::state::AppState;
use crate::store::{Act, Recommendation};
use axum::extract::State;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Ask {
    recommended: bool,
    /// Where among the unit's recommendations (1 first); the end when not given.
    rank: Option<i64>,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
    /// Why it goes beyond a quota the notice sets only "原则上" (`firm = false`): kept with the
    /// recommendation, audited, shown on the quota panel and printed in the unit's 汇总表.
    reason: Option<String>,
}

/// Where a submission stands at the reviewer's unit after recommending or withdrawing.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Recommended {
    id: String,
    unit: String,
    recommended: bool,
    rank: Option<i64>,
}

#[utoipa::path(
    put,
    path = "/submissions/{id}/recommendation",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = Ask,
    responses(
        (status = 200, description = "Recommended at the reviewer's unit (sent to its parent) at that rank, or withdrawn there and above.", body = Recommended),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit, or the deciding unit (`decider_decides`).", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope, or no longer: a unit below withdrew it.", body = Errors),
        (status = 409, description = "`quota_full` (naming the quota, its size and the receipts that fill it; past a quota set only in principle, a `reason` lets it through), `recommend_closed`, `decided`, `returned` (waiting for its correction) or `version_changed` (naming the version it is now).", body = Errors),
        (status = 422, description = "A rank out of range, or a reason over 2000 characters or with control characters.", body = Errors),
    ),
)]
pub(super) async fn recommend(
    State(state): State<AppState>,
    scope: InScope,
    Body(ask): Body<Ask>,
) -> Result<Json<Recommended>, ApiError> {
    let (s, unit) = (&scope.submission, scope.unit());
    if unit.decides {
        return Err(ApiError::Forbidden(Issue::new("", Code::DeciderDecides)));
    }
    scope.still_open()?;
    let at = now_rfc3339();
    let actor = scope.signed.reviewer.actor();
    let below = scope.below();
    let answer = |recommended, rank| Recommended {
        id: s.id.clone(),
        unit: unit.name.clone(),
        recommended,
        rank,
    };
    if !ask.recommended {
        let mut units = vec![unit.name.as_str()];
        let chain = &scope.call().chain;
        units.extend(chain.ancestors(&unit.name).map(|u| u.name.as_str()));
        // A correction withdraws by itself: a withdrawal holds on any version unless named.
        state
            .store
            .withdraw(&s.id, (&units, &below, ask.version), actor, &at)
            .await?;
        return Ok(Json(answer(false, None)));
    }
    let text = |key: &str| s.data["project"][key].as_str().unwrap_or_default();
    let reason = text_at("reason", ask.reason.as_deref().unwrap_or_default(), false)?;
    let asked = Recommendation {
        submission_id: &s.id,
        acting: act(Act::Recommend, &unit.name, &below, s, ask.version),
        kind: text("kind"),
        domain: text("domain"),
        rank: ask.rank,
        actor,
        at: &at,
        quotas: &unit.quotas,
        reason: &reason,
    };
    let rank = state.store.recommend(&asked).await?;
    Ok(Json(answer(true, Some(rank))))
}
