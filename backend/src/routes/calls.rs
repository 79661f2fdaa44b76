//! The calls this deployment accepts, and whether each is open now by the server's clock.

use axum::Json;
use axum::extract::{Path, Query, State};
use tower_http::compression::CompressionLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::calls::{CallView, FormAnswer};
use crate::error::ApiError;
use crate::openapi::shapes::Errors;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(for_program))
        // The definition is JSON of about 12 kB that gzip makes 3.5 kB, on the form's path to
        // being usable.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(form))
                .layer(CompressionLayer::new()),
        )
}

#[utoipa::path(
    get,
    path = "/calls",
    operation_id = "list_calls",
    tag = "programs",
    responses((status = 200, description = "Every call this server takes, with its state by the server's clock.", body = [CallView])),
)]
async fn list(State(state): State<AppState>) -> Json<Vec<CallView>> {
    let now = crate::clock::now();
    Json(state.calls.all().iter().map(|c| c.view(now)).collect())
}

/// The program's calls, the open one first.
#[utoipa::path(
    get,
    path = "/programs/{id}/calls",
    tag = "programs",
    params(("id" = String, Path, description = "The program's id.")),
    responses(
        (status = 200, description = "The program's calls, the open one first.", body = [CallView]),
        (status = 404, description = "No such program.", body = Errors),
    ),
)]
async fn for_program(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<CallView>>, ApiError> {
    if shared::programs::find(&id).is_none() {
        return Err(ApiError::NotFound(format!("program {id}")));
    }
    let now = crate::clock::now();
    let calls: Vec<_> = state
        .calls
        .for_program(&id, now)
        .into_iter()
        .map(|c| c.view(now))
        .collect();
    Ok(Json(calls))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct FormQuery {
    /// The program's id; the first program without it.
    program: Option<String>,
    /// `true`: with the form rendered (`rendered`), for a portal's page to show at once
    /// while the wasm comes (`embed.js`).
    rendered: Option<bool>,
    /// The call the portal's page names (`data-call`), which the rendered form answers.
    call: Option<String>,
}

/// Everything the applicant's form needs before it can be used, in one answer that the page
/// fetches while the wasm downloads: the programs to pick from, the definition of the one
/// asked for (the first without `program`), without its conditions, which the form never
/// shows, and its calls, the open one first. The definition travels as data rather than
/// compiled into the wasm, so a browser receives one program's texts instead of six.
/// Asked with `rendered=true`, it also carries the form as the server renders it, which a
/// portal's page shows at once and the wasm then takes over.
#[utoipa::path(
    get,
    path = "/form",
    tag = "programs",
    params(FormQuery),
    responses(
        (status = 200, description = "The programs to pick from, the program's definition without its conditions, and its calls.", body = FormAnswer),
        (status = 404, description = "No such program.", body = Errors),
    ),
)]
async fn form(
    State(state): State<AppState>,
    Query(query): Query<FormQuery>,
) -> Result<Json<FormAnswer>, ApiError> {
    let program = match query.program.as_deref() {
        None => Some(shared::PROGRAMS[0]),
        Some(id) => shared::programs::find(id),
    };
    let Some(program) = program else {
        let id = query.program.unwrap_or_default();
        return Err(ApiError::NotFound(format!("program {id}")));
    };
    let mut answer = state.calls.form_answer(program);
    if query.rendered == Some(true) {
        let call = crate::calls::slug(query.call);
        let form =
            crate::http::pages::form_page(&answer, (true, call), state.store.form_key(), None)
                .await;
        answer.rendered = Some(form.rendered);
    }
    Ok(Json(answer))
}
