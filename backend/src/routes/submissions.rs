//! `POST /api/v1/submissions`: re-check an application with the shared rules and store it, with
//! its attachments, only if nothing blocks it and its call is open.
//!
//! The body is the application as JSON, or `multipart/form-data` with the JSON in the part
//! `application` and each attachment in a part named by its key.
//!
//! The 201 answer carries a secret besides the receipt, with which the applicant may correct
//! the submission (`super::receipts`), through the same checks here.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::rules::attachments::{self, Given, MAX_BYTES};
use shared::wire::{ParseError, parse_application};
use shared::{Application, Code, Date, Issue, Lang, SCHEMA_VERSION};
use time::OffsetDateTime;

use super::Language;
use super::receipts::{self, Replacing};
use crate::calls::{Window, beijing, rfc3339};
use crate::error::ApiError;
use crate::receipt;
use crate::secret;
use crate::startup::AppState;
use crate::store::{Idempotency, NewAttachment, NewSubmission, StoreError};

/// The most JSON one application may take. The longest form is well under 100 kB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A multipart body may also carry each program's attachments, up to 20 MB each.
pub fn multipart_limit() -> usize {
    let most = shared::PROGRAMS
        .iter()
        .map(|p| p.attachments.len())
        .max()
        .unwrap_or(0);
    BODY_LIMIT + most.max(1) * MAX_BYTES + 64 * 1024
}

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/submissions",
        post(create).layer(DefaultBodyLimit::max(multipart_limit())),
    )
}

async fn create(
    State(state): State<AppState>,
    Language(lang): Language,
    request: Request,
) -> Result<Response, ApiError> {
    store_submission(&state, request, lang, None).await
}

/// One attachment as received. Bytes past the limit are counted, not kept.
struct Part {
    key: String,
    file_name: String,
    size: usize,
    data: Vec<u8>,
}

fn parse(bytes: &[u8]) -> Result<Application, ApiError> {
    parse_application(bytes).map_err(|e| match e {
        ParseError::Syntax(detail) => ApiError::MalformedJson(detail),
        ParseError::Data(issue) => ApiError::Unprocessable(vec![issue]),
    })
}

async fn receive(request: Request) -> Result<(Application, Vec<Part>), ApiError> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        return receive_multipart(request).await;
    }
    if !content_type.is_empty() && !content_type.starts_with("application/json") {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = axum::body::to_bytes(request.into_body(), BODY_LIMIT)
        .await
        .map_err(|e| body_error(e, BODY_LIMIT))?;
    Ok((parse(&bytes)?, Vec::new()))
}

/// 413 where the body went over `limit`; otherwise it broke off, which is no matter of size.
fn body_error(e: axum::Error, limit: usize) -> ApiError {
    if causes(&e).any(|c| c.is::<http_body_util::LengthLimitError>()) {
        ApiError::TooLarge(limit)
    } else {
        broke_off(&e)
    }
}

/// A body that ended early: 408 where it paused past the server's wait, 400 where the client
/// went away or the read failed.
fn broke_off(e: &(dyn std::error::Error + 'static)) -> ApiError {
    if causes(e)
        .any(|c| c.is::<tower_http::timeout::TimeoutError>() || c.is::<crate::serve::TooSlow>())
    {
        ApiError::BodyTimeout
    } else {
        ApiError::BodyRead
    }
}

/// `e` and its sources, outermost first.
fn causes<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |c| c.source())
}

/// The parts a multipart body may have: `application` and the attachments' keys.
fn known_part(name: &str) -> bool {
    name == "application"
        || shared::PROGRAMS
            .iter()
            .any(|p| p.attachments.iter().any(|a| a.key == name))
}

/// A file name as it may be stored and offered again for download: the last path segment only
/// (a browser never sends more, a script might send `../../x`), without control, direction
/// and zero-width characters, in NFC, trimmed, at most [`FILE_NAME_CHARS`] characters; the key
/// if nothing is left.
fn safe_file_name(sent: &str, key: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last
        .chars()
        .filter(|&c| {
            !c.is_control() && !shared::text::is_bidi_control(c) && !shared::text::is_invisible(c)
        })
        .nfc()
        .collect();
    let name: String = kept.trim().chars().take(FILE_NAME_CHARS).collect();
    let name = name.trim_end();
    if name.is_empty() || name == "." || name == ".." {
        key.to_owned()
    } else {
        name.to_owned()
    }
}

/// Enough for any name a person gives a file, short enough for a download header.
const FILE_NAME_CHARS: usize = 100;

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(multipart_limit()),
        // axum's word for a body that broke off while being read.
        StatusCode::INTERNAL_SERVER_ERROR => broke_off(&e),
        _ => ApiError::MalformedMultipart(e.body_text()),
    }
}

async fn receive_multipart(request: Request<Body>) -> Result<(Application, Vec<Part>), ApiError> {
    // With the body's length known, each part is read into one buffer of the size it can at
    // most have: no doubling as it grows, no second copy.
    let mut left = crate::uploads::content_length(request.headers());
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| ApiError::MalformedMultipart(e.body_text()))?;
    let mut application = None;
    let mut parts: Vec<Part> = Vec::new();
    // Only known parts, each once: so a body has a handful of parts however it is cut up.
    let mut seen: Vec<String> = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let key = field.name().unwrap_or_default().to_owned();
        if !known_part(&key) {
            return Err(ApiError::BadPart {
                name: key,
                twice: false,
            });
        }
        if seen.contains(&key) {
            return Err(ApiError::BadPart {
                name: key,
                twice: true,
            });
        }
        seen.push(key.clone());
        let limit = if key == "application" {
            BODY_LIMIT
        } else {
            MAX_BYTES
        };
        let file_name = safe_file_name(field.file_name().unwrap_or_default(), &key);
        let mut data = Vec::with_capacity(left.map_or(0, |n| n.min(limit)));
        let mut size = 0;
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            size += chunk.len();
            if size <= limit {
                data.extend_from_slice(&chunk);
            }
        }
        data.shrink_to_fit();
        left = left.map(|n| n.saturating_sub(size));
        if key == "application" {
            if size > limit {
                return Err(ApiError::TooLarge(BODY_LIMIT));
            }
            application = Some(parse(&data)?);
        } else {
            parts.push(Part {
                key,
                file_name,
                size,
                data,
            });
        }
    }
    let application = application
        .ok_or_else(|| ApiError::Unprocessable(vec![Issue::new("application", Code::Required)]))?;
    Ok((application, parts))
}

/// The `Idempotency-Key` header, if sent: 1–100 letters, digits and `-_.:`.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().map_err(|_| ApiError::BadIdempotencyKey)?;
    let fits = (1..=100).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c));
    if fits {
        Ok(Some(key.to_owned()))
    } else {
        Err(ApiError::BadIdempotencyKey)
    }
}

/// What a retry must repeat to count as the same request: the receipt it replaces (if any),
/// the application as sent and each file. Not the raw body, since a browser draws a new
/// multipart boundary for each send.
fn fingerprint(
    replaces: Option<&str>,
    application: &Application,
    parts: &[Part],
) -> Result<String, ApiError> {
    let json = serde_json::to_vec(application).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut hash = Sha256::new();
    if let Some(receipt) = replaces {
        hash.update(receipt.as_bytes());
        hash.update([0]);
    }
    hash.update(&json);
    let mut files: Vec<&Part> = parts.iter().collect();
    files.sort_by(|a, b| a.key.cmp(&b.key));
    for part in files {
        hash.update([0]);
        hash.update(part.key.as_bytes());
        hash.update([0]);
        hash.update(part.file_name.as_bytes());
        hash.update([0]);
        hash.update(Sha256::digest(&part.data));
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The answer a request with this key already got, if it was the same request; a 422 if the
/// key was used for another.
pub(super) async fn replay(
    state: &AppState,
    key: &str,
    fingerprint: &str,
    status: StatusCode,
) -> Result<Option<Response>, ApiError> {
    let earlier = state.store.idempotency(key).await.map_err(ApiError::from)?;
    match earlier {
        None => Ok(None),
        Some(k) if k.fingerprint == fingerprint => Ok(Some(
            (
                status,
                [
                    (CONTENT_TYPE, "application/json"),
                    (HeaderName::from_static("idempotent-replayed"), "true"),
                ],
                k.response,
            )
                .into_response(),
        )),
        Some(_) => Err(ApiError::Unprocessable(vec![Issue::new(
            "",
            Code::IdempotencyKeyReused,
        )])),
    }
}

pub(super) async fn store_submission(
    state: &AppState,
    request: Request,
    lang: Lang,
    replacing: Option<Replacing>,
) -> Result<Response, ApiError> {
    // A submission counts from when its request arrived, not when its last byte did: an
    // upload begun before the deadline is judged by that time, and so is "today".
    let now = OffsetDateTime::now_utc();
    let client = crate::client::of(request.extensions(), request.headers(), &state.trusted);
    state.rate.check(client)?;
    let key = idempotency_key(request.headers())?;
    let _memory = state
        .uploads
        .hold(request.headers(), multipart_limit(), client)
        .await?;
    let (application, parts) = receive(request).await?;
    let replaces = replacing.as_ref().map(|r| r.stored.receipt.as_str());
    let status = if replaces.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    // A retry of a stored submission gets its answer, even once the call has closed since.
    let key = match key {
        Some(key) => {
            let fingerprint = fingerprint(replaces, &application, &parts)?;
            if let Some(answer) = replay(state, &key, &fingerprint, status).await? {
                return Ok(answer);
            }
            Some((key, fingerprint))
        }
        None => None,
    };
    // A correction stays what it corrects: the same program and call.
    if let Some(r) = &replacing
        && (shared::text::fold_line(&application.program) != r.stored.program
            || shared::text::fold_line(&application.call) != r.stored.call)
    {
        let issue = Issue::new("call", Code::CorrectionCall).with("call", &r.stored.call);
        return Err(ApiError::Unprocessable(vec![issue]));
    }

    // The server's clock decides: what "today" is in Asia/Shanghai, and whether the call is open.
    let call = state.calls.find(&application.program, &application.call);
    let returned = replacing.as_ref().and_then(|r| r.correct_by);
    match call.map(|c| (c, c.window(now.unix_timestamp()))) {
        // Returned to the applicant: open until the date its unit set, though the call closed.
        Some((_, Window::Closed)) if returned.is_some() => {
            let by = returned.unwrap_or_default();
            if now.unix_timestamp() >= by {
                return Err(ApiError::CallNotOpen(
                    Issue::new("call", Code::CorrectByPassed).with("by", beijing(by)),
                ));
            }
        }
        Some((c, Window::Closed)) => {
            let closes = beijing(c.closes.unwrap_or_default());
            return Err(ApiError::CallNotOpen(
                Issue::new("call", Code::CallClosed).with("closes", closes),
            ));
        }
        Some((c, Window::Upcoming)) => {
            let opens = beijing(c.opens);
            return Err(ApiError::CallNotOpen(
                Issue::new("call", Code::CallNotOpen).with("opens", opens),
            ));
        }
        _ => {}
    }

    let checked = shared::check(&application, Date::in_shanghai(now.unix_timestamp()));
    let mut errors: Vec<Issue> = checked.report.errors().cloned().collect();
    if let Some(program) = shared::program::find(&checked.application.program) {
        match call {
            Some(c) => errors.extend(shared::check_receiving(&checked.application, &c.units)),
            None => {
                let code = if application.call.is_empty() {
                    Code::Required
                } else {
                    Code::UnknownCall
                };
                errors.push(Issue::new("call", code));
            }
        }
        let mut given: Vec<Given> = parts
            .iter()
            .map(|p| Given {
                key: &p.key,
                size: p.size,
                format: attachments::detect(&p.data),
            })
            .collect();
        // A correction keeps the files it does not send again.
        if let Some(r) = &replacing {
            for kept in &r.stored.attachments {
                if !parts.iter().any(|p| p.key == kept.key) {
                    given.push(Given {
                        key: &kept.key,
                        size: kept.size as usize,
                        format: attachments::Format::of_media_type(&kept.media_type),
                    });
                }
            }
        }
        errors.extend(attachments::check(program, &given));
    }
    if !errors.is_empty() {
        return Err(ApiError::Unprocessable(errors));
    }

    let app = &checked.application;
    let files: std::sync::Arc<[NewAttachment]> = parts
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
        .collect();
    let submitted_at = rfc3339(now);
    // Only a new submission gets a secret; a correction keeps the one it has.
    let (shown_secret, secret_hash) = match replacing {
        None => secret::generate(),
        Some(_) => Default::default(),
    };
    let mut submission = NewSubmission {
        id: uuid::Uuid::new_v4().to_string(),
        receipt: receipt::generate(),
        program: app.program.clone(),
        call: app.call.clone(),
        applicant_name: app.applicant.name.clone(),
        credit_code: app.applicant.credit_code.clone(),
        project_name: app.project.name.clone(),
        // The unit a call names alone receives it; among several, the one the applicant chose.
        unit: match call.map(|c| c.units.as_slice()) {
            Some([only]) => only.clone(),
            _ => app.units.receiving.clone(),
        },
        domain: app.project.domain.clone(),
        schema_version: SCHEMA_VERSION,
        data: serde_json::to_string(app).map_err(|e| ApiError::Internal(e.to_string()))?,
        submitted_at,
        secret_hash,
    };
    let warnings: Vec<_> = checked.report.warnings().map(|w| w.render(lang)).collect();
    if let Some(r) = replacing {
        return receipts::store_correction(state, r, &submission, &files, key.as_ref(), warnings)
            .await;
    }
    // The secret is shown once; the idempotency table keeps this answer, secret included, so
    // that a retry after a lost answer still gets it.
    let answer = |s: &NewSubmission| {
        json!({
            "id": s.id,
            "receipt": s.receipt,
            "secret": shown_secret,
            "submitted_at": s.submitted_at,
            "warnings": warnings,
        })
    };
    // A receipt collision is rare (31^8 values) but possible: draw again.
    let mut attempts = 0;
    let body = loop {
        let body = answer(&submission);
        let idempotency = key.as_ref().map(|(key, fingerprint)| Idempotency {
            key: key.clone(),
            fingerprint: fingerprint.clone(),
            response: body.to_string(),
        });
        match state
            .store
            .insert(&submission, &files, idempotency.as_ref())
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
                return replay(state, key, fingerprint, status)
                    .await?
                    .ok_or_else(|| ApiError::Internal("idempotency key vanished".into()));
            }
            Err(e) => return Err(e.into()),
        }
    };
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
