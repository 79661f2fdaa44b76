//! The programs this server accepts applications for, with their full definitions.

use axum::Json;
use axum::extract::Path;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::openapi::shapes::{Definition, Errors};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
}

#[utoipa::path(
    get,
    path = "/programs",
    operation_id = "list_programs",
    tag = "programs",
    responses((status = 200, description = "The six programs.", body = [Listed])),
)]
async fn list() -> Json<Vec<Listed>> {
    let programs = shared::PROGRAMS
        .iter()
        .map(|p| Listed {
            id: p.id,
            title: p.title,
            authority: p.authority,
            description: p.description,
        })
        .collect();
    Json(programs)
}

/// A program as the list names it.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProgramListed)]
struct Listed {
    id: &'static str,
    title: &'static str,
    authority: &'static str,
    description: &'static str,
}

#[utoipa::path(
    get,
    path = "/programs/{id}",
    tag = "programs",
    params(("id" = String, Path, description = "The program's id, e.g. `sx-provincial`.")),
    responses(
        (status = 200, description = "The program's definition, with the notice's conditions.", body = Definition),
        (status = 404, description = "No such program.", body = Errors),
    ),
)]
async fn show(Path(id): Path<String>) -> Result<impl IntoResponse, ApiError> {
    match shared::programs::find(&id) {
        Some(program) => Ok(Json(program.definition())),
        None => Err(ApiError::NotFound(format!("program {id}"))),
    }
}
