//! The programs this server accepts applications for, with their full definitions.

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::Language;
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

async fn show(Language(lang): Language, Path(id): Path<String>) -> Response {
    match shared::program::find(&id) {
        Some(program) => Json(program.definition()).into_response(),
        None => ApiError::NotFound(format!("program {id}")).render(lang),
    }
}
