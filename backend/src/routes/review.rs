//! What reviewers read: the submissions of their programs (and unit), one by one or as a list,
//! and the files that came with them. Every request needs `Authorization: Bearer <token>`.
//!
//! Anything outside the reviewer's scope answers 404 exactly as a submission that does not
//! exist, so ids and receipts cannot be probed.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use shared::Date;

use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::openapi::shapes::{Detail, Errors, Me, SubmissionList};
use crate::opinions::Written;
use crate::state::AppState;
use crate::store::Filter;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Rows per page unless asked otherwise, and the most one page holds.
const PER_PAGE: i64 = 50;
const MAX_PER_PAGE: i64 = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(attachment))
        .routes(routes!(document))
}

/// Who is signed in, so the page can offer what they may do: the calls whose chain names
/// their unit (every call of their programs, for a reviewer without one), each with its units.
#[utoipa::path(
    get,
    path = "/me",
    tag = "review",
    security(("reviewer" = [])),
    responses(
        (status = 200, description = "Who is signed in, and the calls whose chain names their unit.", body = Me),
        (status = 401, description = "No valid reviewer token.", body = Errors),
    ),
)]
async fn me(State(state): State<AppState>, signed: SignedIn) -> Response {
    let r = &signed.reviewer;
    let calls: Vec<_> = state
        .calls
        .all()
        .iter()
        .filter(|c| r.programs.contains(&c.program))
        .filter(|c| r.unit.as_deref().is_none_or(|u| c.chain.unit(u).is_some()))
        .map(|c| {
            let units: Vec<_> = c
                .chain
                .units()
                .iter()
                .map(|u| {
                    json!({
                        "name": u.name,
                        "parent": u.parent,
                        "receives": u.receives,
                        "decides": u.decides,
                        "recommend_by": u.recommend_by.map(crate::clock::beijing),
                        "opinion": u.opinion,
                        "experts": u.experts,
                        "quotas": u.quotas.iter().map(|q| json!({
                            "name": q.name, "max": q.max, "min": q.min,
                        })).collect::<Vec<_>>(),
                        "channel": u.channel,
                        // What it hands in to the level above, by its recommend_by.
                        "hand_in": {
                            "list": u.hand_in.list(),
                            "copies": u.hand_in.copies,
                            "to": u.hand_in.to,
                        },
                    })
                })
                .collect();
            json!({ "id": c.id, "program": c.program, "title": c.title, "units": units })
        })
        .collect();
    axum::Json(json!({
        "name": r.name,
        "programs": r.programs,
        "unit": r.unit,
        "expert": r.expert,
        "calls": calls,
    }))
    .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    #[serde(flatten)]
    filter: Filter,
    page: Option<i64>,
    per_page: Option<i64>,
    /// `score`: by the experts' mean score, highest first; newest first otherwise.
    sort: Option<String>,
}

/// Checks the parts of a filter that have a shape, so a typo is a 400 rather than an empty list.
pub fn checked(filter: &Filter) -> Result<(), ApiError> {
    for (name, day) in [("from", &filter.from), ("to", &filter.to)] {
        if day.as_deref().is_some_and(|d| Date::parse(d).is_none()) {
            return Err(ApiError::BadQuery(format!("{name}: YYYY-MM-DD")));
        }
    }
    let two_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    if filter.province.as_deref().is_some_and(|p| !two_digits(p)) {
        return Err(ApiError::BadQuery("province: two digits (e.g. 14)".into()));
    }
    if let Some(status) = &filter.status
        && !crate::store::STATUSES.contains(&status.as_str())
    {
        return Err(ApiError::BadQuery(format!(
            "status: {}",
            crate::store::STATUSES.join(", ")
        )));
    }
    Ok(())
}

#[utoipa::path(
    get,
    path = "/submissions",
    operation_id = "list_submissions",
    tag = "review",
    security(("reviewer" = [])),
    params(
        Filter,
        ("page" = Option<i64>, Query, description = "The page, from 1."),
        ("per_page" = Option<i64>, Query, description = "Rows per page: 50 unless asked, at most 200."),
        ("sort" = Option<String>, Query, description = "`score`: by the experts' mean score, highest first."),
    ),
    responses(
        (status = 200, description = "One page of what the reviewer may see, newest first (or by the experts' mean with `sort=score`).", body = SubmissionList),
        (status = 400, description = "A filter that cannot be read (an unknown key, a day not `YYYY-MM-DD`, an unknown status).", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
    ),
)]
async fn list(
    State(state): State<AppState>,
    signed: SignedIn,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let result = async {
        let Query(query) = query.map_err(|e| ApiError::BadQuery(e.body_text()))?;
        checked(&query.filter)?;
        let per_page = query.per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE);
        // Bounded, so that no page number can overflow the offset.
        let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
        let by_score = match query.sort.as_deref() {
            None | Some("submitted") => false,
            Some("score") => true,
            Some(other) => {
                return Err(ApiError::BadQuery(format!(
                    "sort: score or submitted, not {other}"
                )));
            }
        };
        let (items, total) = state
            .store
            .list(
                &signed.reviewer,
                &query.filter,
                by_score,
                (per_page, (page - 1) * per_page),
            )
            .await
            .map_err(ApiError::from)?;
        // What units below withdrew from the reviewer's unit: its receipt and project only.
        // Not to its experts, who see what is assigned to them and nothing else.
        let mut withdrawn = Vec::new();
        if let (Some(unit), false) = (&signed.reviewer.unit, signed.reviewer.expert) {
            for call in state.calls.all() {
                let below: Vec<&str> = signed.reviewer.below_in(&call.id).collect();
                if below.is_empty() || !signed.reviewer.programs.contains(&call.program) {
                    continue;
                }
                for w in state
                    .store
                    .withdrawn(&call.id, unit, &below)
                    .await
                    .map_err(ApiError::from)?
                {
                    withdrawn.push(json!({
                        "call": call.id,
                        "receipt": w.receipt,
                        "project_name": w.project_name,
                        "by": w.by_unit,
                        "at": w.at,
                    }));
                }
            }
        }
        signed
            .audit(
                &state,
                "list",
                None,
                &format!("page {page}, {} rows", items.len()),
            )
            .await?;
        Ok::<_, ApiError>(
            axum::Json(json!({
                "total": total,
                "page": page,
                "per_page": per_page,
                "items": items,
                "withdrawn": withdrawn,
            }))
            .into_response(),
        )
    };
    result.await
}

#[utoipa::path(
    get,
    path = "/submissions/{id}",
    tag = "review",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    responses(
        (status = 200, description = "The submission with the chain's work on it.", body = Detail),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope (or withdrawn from their unit).", body = Errors),
    ),
)]
async fn detail(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let lang = signed.lang;
    let result = async {
        let s = signed.submission(&state, &id).await?;
        signed.audit(&state, "view", Some(&s.id), "").await?;
        // The warnings the applicant saw: the same rules, on the day it was submitted.
        let day = s.submitted_at.get(..10).and_then(Date::parse);
        let warnings: Vec<_> = match (
            shared::wire::parse_application(s.data.to_string().as_bytes()),
            day,
        ) {
            (Ok(app), Some(day)) => shared::check(&app, day)
                .report
                .warnings()
                .map(|w| w.render(lang))
                .collect(),
            _ => Vec::new(),
        };
        // Where it stands in the chain: each unit's recommendation, the opinions, the experts'
        // reviews (an expert reads their own alone) and the decision.
        let recommendations = state
            .store
            .recommended_by(&s.id)
            .await
            .map_err(ApiError::from)?;
        let written = Written::of(&state.store, &s.id, &signed.reviewer)
            .await
            .map_err(ApiError::from)?;
        let returned = state
            .store
            .returned(&s.id)
            .await
            .map_err(ApiError::from)?
            .map(|r| {
                json!({
                    "unit": r.unit,
                    "reason": r.reason,
                    "correct_by": crate::clock::beijing(r.correct_by()),
                    "at": r.at,
                    "corrected_at": r.corrected_at,
                    "changed": serde_json::from_str::<serde_json::Value>(&r.changed).unwrap_or(json!([])),
                })
            });
        let assigned = if signed.reviewer.expert {
            Vec::new()
        } else {
            state.store.assigned(&s.id).await.map_err(ApiError::from)?
        };
        // The reviewer's own unit's place for it.
        let rank = signed.reviewer.unit.as_ref().and_then(|unit| {
            recommendations
                .iter()
                .find(|(u, _)| u == unit)
                .map(|(_, rank)| *rank)
        });
        // The official form's layout of it, as the applicant checked it and the DOCX prints
        // it, with the units' opinions and the decision in their blocks.
        let document = shared::wire::parse_application(s.data.to_string().as_bytes())
            .ok()
            .zip(shared::programs::find(&s.program))
            .map(|(app, program)| {
                let mut doc = shared::document::build(program, &app);
                let chain = state.calls.find(&s.program, &s.call).map(|c| &c.chain);
                crate::opinions::fill(&mut doc, chain, &written);
                doc
            });
        // The versions the applicant replaced by correcting it, kept for the audit.
        let superseded: Vec<_> = state
            .store
            .superseded(&s.id)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|(version, files)| json!({ "version": version, "attachments": files }))
            .collect();
        let attachments: Vec<_> = s
            .attachments
            .iter()
            .map(|a| {
                json!({
                    "key": a.key,
                    "file_name": a.file_name,
                    "download_name": download_name(&a.file_name, &a.media_type),
                    "media_type": a.media_type,
                    "size": a.size,
                    "href": format!("/api/v1/submissions/{}/attachments/{}", s.id, a.key),
                })
            })
            .collect();
        Ok::<_, ApiError>(
            axum::Json(json!({
                "id": s.id,
                "receipt": s.receipt,
                "program": s.program,
                "call": s.call,
                "unit": s.unit,
                "rank": rank,
                "recommendations": recommendations
                    .iter()
                    .map(|(unit, rank)| json!({ "unit": unit, "rank": rank }))
                    .collect::<Vec<_>>(),
                "returned": returned,
                "decision": written.decision,
                "opinions": written.opinions,
                "experts": {
                    "assigned": assigned,
                    "reviews": written.reviews,
                    "mean": crate::store::mean(&written.reviews),
                },
                "schema_version": s.schema_version,
                "submitted_at": s.submitted_at,
                "version": s.version,
                "superseded": superseded,
                "application": s.data,
                "warnings": warnings,
                "document": document,
                "attachments": attachments,
            }))
            .into_response(),
        )
    };
    result.await
}

/// The file name extension of a stored attachment's media type.
pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        // DOC and WPS share this type: their content cannot tell them apart.
        "application/msword" => "doc",
        "application/ofd" => "ofd",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    }
}

/// The name a stored file downloads under: the stem of the applicant's own name, with separators
/// and control characters replaced, and the extension of what its content was found to be. The
/// applicant's extension never survives: a "PDF" named 说明.hta downloads as 说明.pdf.
pub fn download_name(file_name: &str, media_type: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    let stem = if stem.trim().is_empty() {
        "附件"
    } else {
        &stem
    };
    format!("{stem}.{}", extension(media_type))
}

/// A file name that is safe in a `Content-Disposition` header and on any file system: the
/// receipt and key, then the extension of the stored media type; the applicant's own name, as
/// [`download_name`] makes it, goes in `filename*` (RFC 5987).
fn disposition(receipt: &str, key: &str, file_name: &str, media_type: &str) -> HeaderValue {
    let plain = format!("{receipt}-{key}.{}", extension(media_type));
    crate::http::headers::attachment(&plain, &download_name(file_name, media_type))
}

#[utoipa::path(
    get,
    path = "/submissions/{id}/attachments/{key}",
    tag = "review",
    security(("reviewer" = [])),
    params(
        ("id" = String, Path, description = "The submission's id or its receipt."),
        ("key" = String, Path, description = "The attachment's key, e.g. `implementation_plan`."),
    ),
    responses(
        (status = 200, description = "The stored file, with its stored media type, as an attachment named by what its content is.", content_type = "application/octet-stream",
            headers(("Content-Disposition" = String, description = "`attachment`, `<receipt>-<key>.<ext>` and the applicant's name in `filename*`."))),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 404, description = "No such submission or file within the reviewer's scope.", body = Errors),
    ),
)]
async fn attachment(
    State(state): State<AppState>,
    signed: SignedIn,
    Path((id, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let result = async {
        let s = signed.submission(&state, &id).await?;
        let missing = || ApiError::NotFound(format!("attachment {key}"));
        let meta = s
            .attachments
            .iter()
            .find(|a| a.key == key)
            .ok_or_else(missing)?;
        let data = state
            .store
            .attachment_data(&s.id, &key)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(missing)?;
        signed.audit(&state, "download", Some(&s.id), &key).await?;
        let media_type = HeaderValue::from_str(&meta.media_type)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
        Ok::<_, ApiError>(
            (
                StatusCode::OK,
                [
                    (CONTENT_TYPE, media_type),
                    (
                        CONTENT_DISPOSITION,
                        disposition(&s.receipt, &key, &meta.file_name, &meta.media_type),
                    ),
                    (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
                ],
                Body::from(data),
            )
                .into_response(),
        )
    };
    result.await
}

/// The official 申请书, filled in, as Word: the same document the applicant checked and printed.
#[utoipa::path(
    get,
    path = "/submissions/{id}/document.docx",
    tag = "review",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    responses(
        (status = 200, description = "The program's official 申请书 filled in, as Word.", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
    ),
)]
async fn document(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let result = async {
        let s = signed.submission(&state, &id).await?;
        let written = Written::of(&state.store, &s.id, &signed.reviewer)
            .await
            .map_err(ApiError::from)?;
        let chain = state.calls.find(&s.program, &s.call).map(|c| &c.chain);
        let file = crate::docx::of_stored(&s.program, &s.data, |doc| {
            crate::opinions::fill(doc, chain, &written)
        })
        .map_err(ApiError::Internal)?;
        signed
            .audit(&state, "download", Some(&s.id), "document.docx")
            .await?;
        let disposition = format!("attachment; filename=\"{}.docx\"", s.receipt);
        Ok::<_, ApiError>(
            (
                StatusCode::OK,
                [
                    (
                        CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            .to_owned(),
                    ),
                    (CONTENT_DISPOSITION, disposition),
                ],
                Body::from(file),
            )
                .into_response(),
        )
    };
    result.await
}
