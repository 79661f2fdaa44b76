//! The applicant's own submission, by receipt and secret (the `Submission-Secret` header):
//! `GET /api/v1/receipts/{receipt}` gives it back and `PUT` replaces it, with the same body and
//! through the same checks as `POST /api/v1/submissions`, until its call closes.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::Response;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::calls::Window;
use crate::clock::beijing;
use crate::error::ApiError;
use crate::http::language::Language;
use crate::intake::{self, ReplacedAnswer, Replacing, multipart_limit, not_yours};
use crate::openapi::shapes::Errors;
use crate::standing::Status;
use crate::state::AppState;
use crate::store::{Event, Stored, StoredAttachment};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(own, replace))
        .layer(DefaultBodyLimit::max(multipart_limit()))
}

/// The submission an applicant may see again and replace: the receipt's, if the
/// `Submission-Secret` header is its secret. Any other case is one 404, so that guessing
/// tells nothing about which receipts exist, and counts toward the client's wrong secrets
/// (`--wrong-secrets`): past them, 429 whatever the secret.
async fn owned(
    state: &AppState,
    receipt: &str,
    (extensions, headers): (&Extensions, &HeaderMap),
) -> Result<Stored, ApiError> {
    let client = crate::http::client::of(extensions, headers, &state.trusted);
    state.wrong_secrets.check(client.as_ref())?;
    let found = state.store.own(receipt, secret_sent(headers)).await?;
    found.ok_or_else(|| {
        state.wrong_secrets.failed(client);
        not_yours(receipt)
    })
}

fn secret_sent(headers: &HeaderMap) -> &str {
    headers
        .get("submission-secret")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// A submission as its applicant opens it again, with where it stands.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Own {
    status: Status,
    /// Where it stands, in the sentence the applicant reads.
    status_words: String,
    receipt: String,
    version: i64,
    #[schema(format = DateTime)]
    submitted_at: String,
    call_state: Option<Window>,
    /// Beijing time; `null` for a call without a deadline.
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
    closes_at: Option<String>,
    #[schema(value_type = Object)]
    application: serde_json::Value,
    attachments: Vec<StoredAttachment>,
    /// What happened to it, oldest first (办理进度).
    events: Vec<Event>,
}

/// The application as stored, for the applicant to correct it: with its version, the call's
/// closing time and which files it has (a replacement keeps those it does not send again).
#[utoipa::path(
    get,
    path = "/receipts/{receipt}",
    tag = "applicants",
    params(("receipt" = String, Path, description = "The receipt, e.g. `7KQ3-M9XA`."), ("Submission-Secret" = String, Header, description = "The secret the 201 answer gave (spaces, hyphens and case do not matter).")),
    responses(
        (status = 200, description = "The application as stored, where it stands, and its files.", body = Own),
        (status = 404, description = "No such receipt, or not its secret: the same answer, so guessing tells nothing.", body = Errors),
        (status = 429, description = "This client tried too many wrong secrets (`--wrong-secrets` in 10 minutes).", body = Errors, headers(("Retry-After" = u64, description = "Seconds until it may try again."))),
    ),
)]
async fn own(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    extensions: Extensions,
    headers: HeaderMap,
) -> Result<Json<Own>, ApiError> {
    let stored = owned(&state, &receipt, (&extensions, &headers)).await?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let call = state.calls.find(&stored.program, &stored.call);
    let status =
        crate::progress::status(&state.store, &stored, call.map(|c| &c.chain), now).await?;
    let events = state.store.events(&stored.id).await?;
    Ok(Json(Own {
        status_words: status.words(),
        status,
        receipt: stored.receipt,
        version: stored.version,
        submitted_at: stored.submitted_at,
        call_state: call.map(|c| c.window(now)),
        closes_at: call.and_then(|c| c.closes).map(beijing),
        application: stored.data,
        attachments: stored.attachments,
        events,
    }))
}

/// The request body (as `POST /submissions` takes it), the `Idempotency-Key` header and the
/// refusals every intake may answer are added by `crate::openapi`.
#[utoipa::path(
    put,
    path = "/receipts/{receipt}",
    tag = "applicants",
    params(("receipt" = String, Path, description = "The receipt, e.g. `7KQ3-M9XA`."), ("Submission-Secret" = String, Header, description = "The secret the 201 answer gave (spaces, hyphens and case do not matter).")),
    responses(
        (status = 200, description = "The correction stored as a new version; files not sent again stay.", body = ReplacedAnswer, headers(("Idempotent-Replayed" = bool, description = "`true` on the answer to a retry with the same `Idempotency-Key`."))),
        (status = 404, description = "No such receipt, or not its secret.", body = Errors),
        (status = 409, description = "The call is not open by the server's clock when the request arrived (`call_closed`, `call_not_open`); `correction_conflict`, `correct_by_passed`, `decided`, `too_many_versions`, `versions_too_large`.", body = Errors),
    ),
)]
async fn replace(
    State(state): State<AppState>,
    Language(lang): Language,
    Path(receipt): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let stored = owned(&state, &receipt, (request.extensions(), request.headers())).await?;
    let secret = secret_sent(request.headers()).to_owned();
    // Returned to the applicant: corrections are taken until its date, the call closed or not.
    let returned = state
        .store
        .returned(&stored.id)
        .await?
        .filter(|r| r.corrected_at.is_empty());
    let replacing = Replacing {
        secret,
        stored,
        correct_by: returned.map(|r| r.correct_by()),
    };
    intake::take(&state, request, lang, Some(replacing)).await
}
