//! Storing what passed: a new submission, with a receipt and a secret, or the next version of
//! the one a correction replaces. Either answer is kept under its Idempotency-Key.

use std::sync::Arc;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use shared::rules::attachments;
use shared::{Code, Issue, Lang, SCHEMA_VERSION};
use time::OffsetDateTime;

use super::check::Accepted;
use super::idempotency::replay;
use super::receive::Part;
use super::{Replacing, not_yours};
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::openapi::shapes::Finding;
use crate::state::AppState;
use crate::store::{Idempotency, NewAttachment, NewSubmission, StoreError};
use crate::{receipt, secret};

/// An Idempotency-Key and the fingerprint of the request that came with it.
pub(super) type Key = Option<(String, String)>;

/// The files as they are stored: each under the media type its content was found to be.
pub(super) fn files(parts: Vec<Part>) -> Arc<[NewAttachment]> {
    parts
        .into_iter()
        .map(|p| {
            let format = attachments::detect(&p.data);
            NewAttachment::new(
                p.key,
                p.file_name,
                format
                    .map_or("application/octet-stream", |f| f.media_type())
                    .to_owned(),
                p.data,
            )
        })
        .collect()
}

/// The row to write for `accepted`, received `now`, with this secret's hash ('' to keep the
/// one a correction's submission has).
pub(super) fn row(
    accepted: &Accepted,
    now: OffsetDateTime,
    secret_hash: String,
) -> Result<NewSubmission, ApiError> {
    let app = &accepted.checked.application;
    Ok(NewSubmission {
        id: uuid::Uuid::new_v4().to_string(),
        receipt: receipt::generate(),
        program: app.program.clone(),
        call: app.call.clone(),
        applicant_name: app.applicant.name.clone(),
        credit_code: app.applicant.credit_code.clone(),
        project_name: app.project.name.clone(),
        // The unit a call names alone receives it; among several, the one the applicant chose.
        unit: match accepted.call.map(|c| c.units.as_slice()) {
            Some([only]) => only.name.clone(),
            _ => app.units.receiving.clone(),
        },
        domain: app.project.domain.clone(),
        schema_version: SCHEMA_VERSION,
        data: serde_json::to_string(app).map_err(|e| ApiError::Internal(e.to_string()))?,
        submitted_at: rfc3339(now),
        secret_hash,
    })
}

/// A submission stored: the receipt and, once only, the secret that lets its holder correct it.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Stored)]
pub struct StoredAnswer {
    id: String,
    receipt: String,
    secret: String,
    #[schema(format = DateTime)]
    submitted_at: String,
    #[schema(value_type = Vec<Finding>)]
    warnings: Vec<shared::Entry>,
}

/// A correction stored: the receipt and the secret stay.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Replaced)]
pub struct ReplacedAnswer {
    id: String,
    receipt: String,
    version: i64,
    #[schema(format = DateTime)]
    submitted_at: String,
    #[schema(value_type = Vec<Finding>)]
    warnings: Vec<shared::Entry>,
}

/// What the rules advise about an accepted application, worded in `lang`: every answer of a
/// stored submission carries them.
fn warnings(accepted: &Accepted, lang: Lang) -> Vec<shared::Entry> {
    accepted
        .checked
        .report
        .warnings()
        .map(|w| w.render(lang))
        .collect()
}

/// Stores a new submission and answers 201 with its receipt and secret.
pub(super) async fn new(
    state: &AppState,
    accepted: &Accepted<'_>,
    files: &Arc<[NewAttachment]>,
    key: &Key,
    (now, lang): (OffsetDateTime, Lang),
) -> Result<Response, ApiError> {
    let (shown_secret, secret_hash) = secret::generate();
    let mut submission = row(accepted, now, secret_hash)?;
    let warnings = warnings(accepted, lang);
    // The secret is shown once; the idempotency table keeps this answer, secret included, so
    // that a retry after a lost answer still gets it.
    let answer = |s: &NewSubmission| StoredAnswer {
        id: s.id.clone(),
        receipt: s.receipt.clone(),
        secret: shown_secret.clone(),
        submitted_at: s.submitted_at.clone(),
        warnings: warnings.clone(),
    };
    // A receipt collision is rare (31^8 values) but possible: draw again.
    let mut attempts = 0;
    let body = loop {
        let body = answer(&submission);
        let idempotency = key.as_ref().map(|(key, fingerprint)| Idempotency {
            key: key.clone(),
            fingerprint: fingerprint.clone(),
            response: serde_json::to_string(&body).expect("the answer serializes"),
        });
        match state
            .store
            .insert(&submission, files, idempotency.as_ref())
            .await
        {
            Ok(()) => break body,
            Err(StoreError::DuplicateReceipt) if attempts < 5 => {
                attempts += 1;
                submission.receipt = receipt::generate();
            }
            // The same request, sent twice at once: the other one was stored.
            Err(StoreError::DuplicateKey) => {
                let (key, fingerprint) = key.as_ref().expect("only with a key");
                return replay(state, key, fingerprint, StatusCode::CREATED)
                    .await?
                    .ok_or_else(|| ApiError::Internal("idempotency key vanished".into()));
            }
            Err(e) => return Err(e.into()),
        }
    };
    metrics::counter!("submissions_stored_total", "kind" => "new").increment(1);
    tracing::info!(
        id = %submission.id,
        receipt = %submission.receipt,
        program = %submission.program,
        call = %submission.call,
        attachments = files.len(),
        "submission stored"
    );
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Stores the correction `accepted` as the next version of the one `r` names, and answers 200
/// with it.
pub(super) async fn correction(
    state: &AppState,
    r: Replacing,
    accepted: &Accepted<'_>,
    files: &Arc<[NewAttachment]>,
    key: &Key,
    (now, lang): (OffsetDateTime, Lang),
) -> Result<Response, ApiError> {
    // A correction keeps its secret: the row's hash is not used.
    let submission = row(accepted, now, String::new())?;
    let warnings = warnings(accepted, lang);
    let body = ReplacedAnswer {
        id: r.stored.id.clone(),
        receipt: r.stored.receipt.clone(),
        version: r.stored.version + 1,
        submitted_at: submission.submitted_at.clone(),
        warnings,
    };
    let idempotency = key.as_ref().map(|(key, fingerprint)| Idempotency {
        key: key.clone(),
        fingerprint: fingerprint.clone(),
        response: serde_json::to_string(&body).expect("the answer serializes"),
    });
    // What it changed, for the unit that returned it (kept if it was returned).
    let after: serde_json::Value = serde_json::from_str(&submission.data).unwrap_or_default();
    let mut changed = crate::store::changed_paths(&r.stored.data, &after);
    changed.retain(|p| p != "submitted_at");
    changed.extend(files.iter().map(|f| format!("attachments.{}", f.key)));
    let call_open = accepted
        .call
        .is_none_or(|c| c.window(now.unix_timestamp()) == crate::calls::Window::Open);
    let replaced = state
        .store
        .replace(
            (&r.stored, &r.secret),
            &submission,
            files,
            (idempotency.as_ref(), call_open, &changed),
            &submission.submitted_at,
        )
        .await;
    match replaced {
        Ok(done) => {
            metrics::counter!("submissions_stored_total", "kind" => "correction").increment(1);
            tracing::info!(
                id = %done.id,
                version = done.version,
                withdrew_recommendation = done.withdrew_recommendation,
                "submission replaced"
            );
            Ok((StatusCode::OK, Json(body)).into_response())
        }
        Err(StoreError::NotYours) => Err(not_yours(&r.stored.receipt)),
        Err(StoreError::Stale) => Err(ApiError::Conflict(Issue::new("", Code::CorrectionConflict))),
        Err(StoreError::TooManyVersions) => Err(ApiError::Conflict(
            Issue::new("", Code::TooManyVersions).with("max", crate::store::MAX_VERSIONS - 1),
        )),
        Err(StoreError::VersionsTooLarge) => Err(ApiError::Conflict(
            Issue::new("", Code::VersionsTooLarge).with("max", "256 MB"),
        )),
        // The same correction, sent twice at once: the other one was stored.
        Err(StoreError::DuplicateKey) => {
            let (key, fingerprint) = key.as_ref().expect("only with a key");
            replay(state, key, fingerprint, StatusCode::OK)
                .await?
                .ok_or_else(|| ApiError::Internal("idempotency key vanished".into()))
        }
        Err(e) => Err(e.into()),
    }
}
