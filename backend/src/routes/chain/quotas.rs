//! `GET /api/v1/quotas?call=ID`: how the reviewer's unit's quotas in a call are filled, and
//! what each unit below still owes (`crate::quotas` counts them).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::unit_of;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::http::extract::Query;
use crate::openapi::shapes::Errors;
use crate::quotas::{Counted, Filled, Owed};
use crate::state::AppState;
use crate::store::Held;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct QuotaQuery {
    /// The call's id.
    call: String,
}

/// How the unit's quotas in a call are filled, and what the units below still owe.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Quotas {
    call: String,
    unit: String,
    quotas: Vec<Filled>,
    children: Vec<Owed>,
}

fn counted(held: &[Held]) -> Vec<Counted<'_>> {
    held.iter()
        .map(|h| Counted {
            kind: &h.kind,
            domain: &h.domain,
            receipt: &h.receipt,
            reason: &h.reason,
        })
        .collect()
}

/// Each quota of the reviewer's unit in the call, per category it has: how many it allows
/// (`max`, or `null`), at least (`min`), and which recommendations fill it; and each unit
/// below it with a least number to send, and whether it has.
#[utoipa::path(
    get,
    path = "/quotas",
    tag = "chain",
    security(("reviewer" = [])),
    params(QuotaQuery),
    responses(
        (status = 200, description = "How the unit's quotas in the call are filled, and what each unit below still owes.", body = Quotas),
        (status = 400, description = "No `call`, or another key.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit.", body = Errors),
        (status = 404, description = "No such call for the reviewer.", body = Errors),
    ),
)]
pub(super) async fn quotas(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<QuotaQuery>,
) -> Result<Json<Quotas>, ApiError> {
    let unit = unit_of(&signed)?;
    let call = state
        .calls
        .all()
        .iter()
        .find(|c| c.id == query.call && signed.reviewer.programs.contains(&c.program))
        .ok_or_else(|| ApiError::NotFound(format!("call {}", query.call)))?;
    let held = state.store.recommended(&call.id, unit).await?;
    let own = call.chain.unit(unit).map(|u| u.quotas.as_slice());
    let quotas = own
        .unwrap_or_default()
        .iter()
        .flat_map(|q| q.filled(&counted(&held)))
        .collect();
    // The units below with a least number to send, met or not.
    let mut children = Vec::new();
    for child in call.chain.children(unit) {
        let sent = state.store.recommended(&call.id, &child.name).await?;
        children.extend(
            child
                .quotas
                .iter()
                .filter_map(|q| q.owed(&child.name, &counted(&sent))),
        );
    }
    Ok(Json(Quotas {
        call: call.id.clone(),
        unit: unit.to_owned(),
        quotas,
        children,
    }))
}
