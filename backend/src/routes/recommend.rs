//! Recommendation within quotas: a receiving unit's reviewer marks its submissions recommended
//! or not and orders them (`PUT /api/v1/submissions/{id}/recommendation`), and sees how each of
//! the call's quotas is filled (`GET /api/v1/quotas?call=ID`).

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use shared::{Code, Issue};

use super::review::SignedIn;
use crate::calls::now_rfc3339;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::{Recommendation, StoreError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/submissions/{id}/recommendation", put(recommend))
        .route("/quotas", get(quotas))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ask {
    recommended: bool,
    /// Where among the unit's recommendations (1 first); the end when not given.
    rank: Option<i64>,
}

/// The unit of a reviewer who may recommend: only one of a unit recommends for it.
fn unit_of(signed: &SignedIn) -> Result<&str, ApiError> {
    signed
        .reviewer
        .unit
        .as_deref()
        .ok_or_else(|| ApiError::Forbidden(Issue::new("", Code::RecommendNeedsUnit)))
}

async fn recommend(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    body: Result<Json<Ask>, JsonRejection>,
) -> Response {
    let lang = signed.lang;
    let result = async {
        let Json(ask) = body.map_err(|e| ApiError::MalformedJson(e.body_text()))?;
        let unit = unit_of(&signed)?;
        let s = signed.submission(&state, &id).await?;
        let at = now_rfc3339();
        if !ask.recommended {
            state
                .store
                .unrecommend(&s.id, &signed.reviewer.name, &at)
                .await
                .map_err(ApiError::from)?;
            return Ok(Json(
                json!({ "id": s.id, "recommended": false, "rank": null }),
            ));
        }
        let quotas = state
            .calls
            .find(&s.program, &s.call)
            .map(|c| c.quotas.as_slice())
            .unwrap_or_default();
        let text = |key: &str| s.data["project"][key].as_str().unwrap_or_default();
        let asked = Recommendation {
            submission_id: &s.id,
            call: &s.call,
            unit,
            kind: text("kind"),
            domain: text("domain"),
            rank: ask.rank,
            reviewer: &signed.reviewer.name,
            at: &at,
            quotas,
        };
        match state.store.recommend(&asked).await {
            Ok(rank) => Ok(Json(
                json!({ "id": s.id, "recommended": true, "rank": rank }),
            )),
            Err(StoreError::QuotaFull {
                category,
                max,
                filled,
            }) => Err(ApiError::Conflict(
                Issue::new("", Code::QuotaFull)
                    .with("quota", category)
                    .with("max", max)
                    .with("filled", filled.join("、")),
            )),
            Err(e) => Err(e.into()),
        }
    };
    match result.await {
        Ok(answer) => answer.into_response(),
        Err(e) => e.render(lang),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotaQuery {
    call: String,
}

/// Each quota of the call for the reviewer's unit, per category it has: how many it allows,
/// and which recommendations fill it.
async fn quotas(
    State(state): State<AppState>,
    signed: SignedIn,
    query: Result<Query<QuotaQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let lang = signed.lang;
    let result = async {
        let Query(query) = query.map_err(|e| ApiError::BadQuery(e.body_text()))?;
        let unit = unit_of(&signed)?;
        let call = state
            .calls
            .all()
            .iter()
            .find(|c| c.id == query.call && signed.reviewer.programs.contains(&c.program))
            .ok_or_else(|| ApiError::NotFound(format!("call {}", query.call)))?;
        let held = state
            .store
            .recommended(&call.id, unit)
            .await
            .map_err(ApiError::from)?;
        let mut rows = Vec::new();
        for quota in &call.quotas {
            // A quota per domain shows the domains that have recommendations.
            let mut categories: Vec<String> = Vec::new();
            for category in held
                .iter()
                .filter_map(|h| quota.category(&h.kind, &h.domain))
            {
                if !categories.contains(&category) {
                    categories.push(category);
                }
            }
            if categories.is_empty() {
                categories.push(quota.name.clone());
            }
            for category in categories {
                let filled: Vec<&str> = held
                    .iter()
                    .filter(|h| quota.category(&h.kind, &h.domain).as_ref() == Some(&category))
                    .map(|h| h.receipt.as_str())
                    .collect();
                rows.push(json!({
                    "quota": category,
                    "max": quota.max,
                    "used": filled.len(),
                    "receipts": filled,
                }));
            }
        }
        Ok::<_, ApiError>(
            Json(json!({ "call": call.id, "unit": unit, "quotas": rows })).into_response(),
        )
    };
    result.await.unwrap_or_else(|e| e.render(lang))
}
