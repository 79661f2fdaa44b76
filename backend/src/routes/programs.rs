//! The programs this server accepts applications for, with their full definitions.

use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::error::ApiError;
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programs", get(list))
        .route("/programs/{id}", get(show))
}

async fn list() -> Json<serde_json::Value> {
    let programs: Vec<_> = shared::PROGRAMS
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "title": p.title,
                "authority": p.authority,
                "description": p.description,
            })
        })
        .collect();
    Json(json!(programs))
}

async fn show(Path(id): Path<String>) -> Result<impl IntoResponse, ApiError> {
    match shared::programs::find(&id) {
        Some(program) => Ok(Json(program.definition())),
        None => Err(ApiError::NotFound(format!("program {id}"))),
    }
}
