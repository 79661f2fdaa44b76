//! The calls this deployment accepts, and whether each is open now by the server's clock.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::Language;
use crate::error::ApiError;
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calls", get(list))
        .route("/programs/{id}/calls", get(for_program))
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

async fn list(State(state): State<AppState>) -> Json<Vec<serde_json::Value>> {
    let now = now();
    Json(state.calls.all().iter().map(|c| c.view(now)).collect())
}

/// The program's calls, the open one first.
async fn for_program(
    State(state): State<AppState>,
    Language(lang): Language,
    Path(id): Path<String>,
) -> Response {
    if shared::program::find(&id).is_none() {
        return ApiError::NotFound(format!("program {id}")).render(lang);
    }
    let now = now();
    let calls: Vec<_> = state
        .calls
        .for_program(&id, now)
        .into_iter()
        .map(|c| c.view(now))
        .collect();
    Json(calls).into_response()
}
