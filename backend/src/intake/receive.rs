//! Receiving a body: the application as JSON, or `multipart/form-data` with the JSON in the
//! part `application` and each attachment in a part named by its key.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use shared::rules::attachments::MAX_BYTES;
use shared::wire::{ParseError, parse_application};
use shared::{Application, Code, Issue};

use crate::error::ApiError;

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

/// One attachment as received. Bytes past the limit are counted, not kept.
pub struct Part {
    pub key: String,
    pub file_name: String,
    pub size: usize,
    pub data: Vec<u8>,
}

fn parse(bytes: &[u8]) -> Result<Application, ApiError> {
    parse_application(bytes).map_err(|e| match e {
        ParseError::Syntax(detail) => ApiError::MalformedJson(detail),
        ParseError::Data(issue) => ApiError::Unprocessable(vec![issue]),
    })
}

pub(super) async fn receive(request: Request) -> Result<(Application, Vec<Part>), ApiError> {
    let content_type = crate::http::extract::content_type(request.headers());
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
    if causes(e).any(|c| {
        c.is::<tower_http::timeout::TimeoutError>() || c.is::<crate::http::serve::TooSlow>()
    }) {
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
pub fn safe_file_name(sent: &str, key: &str) -> String {
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
    let mut left = crate::http::uploads::content_length(request.headers());
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
