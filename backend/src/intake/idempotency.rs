//! The `Idempotency-Key`: a retry of a request already answered gets that answer again.

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use shared::{Application, Code, Issue};

use super::receive::Part;
use crate::error::ApiError;
use crate::state::AppState;

/// The `Idempotency-Key` header, if sent: 1–100 letters, digits and `-_.:`.
pub(super) fn key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().map_err(|_| ApiError::BadIdempotencyKey)?;
    parse(key).map(Some)
}

/// `key` where it is one: 1–100 letters, digits and `-_.:`.
pub fn parse(key: &str) -> Result<String, ApiError> {
    let fits = (1..=100).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c));
    if fits {
        Ok(key.to_owned())
    } else {
        Err(ApiError::BadIdempotencyKey)
    }
}

/// What a retry must repeat to count as the same request: the receipt it replaces (if any),
/// the application as sent and each file. Not the raw body, since a browser draws a new
/// multipart boundary for each send.
pub(super) fn fingerprint(
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
    let earlier = state.store.idempotency(key).await?;
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
