//! Reading a form posted without script: `multipart/form-data` (the form, with its files) or
//! `application/x-www-form-urlencoded` (a form without files), into its `(name, value)` pairs
//! in the order posted and the files chosen.

use axum::extract::{FromRequest, Multipart, Request};
use shared::rules::attachments::MAX_BYTES;

use crate::error::ApiError;
use crate::intake::BODY_LIMIT;

/// What was posted.
pub(super) struct Posted {
    pub(super) pairs: Vec<(String, String)>,
    pub(super) files: Vec<Sent>,
}

impl Posted {
    /// The first value posted under `name`.
    pub(super) fn value(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A file chosen: its bytes up to the limit, its size in full.
pub(super) struct Sent {
    pub(super) key: String,
    pub(super) file_name: String,
    pub(super) size: usize,
    pub(super) data: Vec<u8>,
}

/// More fields than any program's form has, with every list at its limit.
const MAX_FIELDS: usize = 5000;

pub(super) async fn read(request: Request) -> Result<Posted, ApiError> {
    let content_type = crate::http::extract::content_type(request.headers());
    if content_type.starts_with("multipart/form-data") {
        return multipart(request).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = axum::body::to_bytes(request.into_body(), BODY_LIMIT)
        .await
        .map_err(|_| ApiError::TooLarge(BODY_LIMIT))?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes)
        .take(MAX_FIELDS)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Ok(Posted {
        pairs,
        files: Vec::new(),
    })
}

async fn multipart(request: Request) -> Result<Posted, ApiError> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| ApiError::MalformedMultipart(e.body_text()))?;
    let mut out = Posted {
        pairs: Vec::new(),
        files: Vec::new(),
    };
    let mut text = 0;
    let broken = |e: axum::extract::multipart::MultipartError| match e.status() {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::TooLarge(crate::intake::multipart_limit())
        }
        _ => ApiError::MalformedMultipart(e.body_text()),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        if out.pairs.len() + out.files.len() >= MAX_FIELDS {
            return Err(ApiError::TooLarge(BODY_LIMIT));
        }
        let name = field.name().unwrap_or_default().to_owned();
        // A file input posts a part with a file name (empty where none was chosen).
        if let Some(sent) = field.file_name().map(str::to_owned) {
            let mut data = Vec::new();
            let mut size = 0;
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                size += chunk.len();
                if size <= MAX_BYTES {
                    data.extend_from_slice(&chunk);
                }
            }
            let chosen = !sent.is_empty() || size > 0;
            // Each attachment once: a second part for the same key is not taken.
            if chosen && !out.files.iter().any(|f| f.key == name) {
                out.files.push(Sent {
                    file_name: crate::intake::safe_file_name(&sent, &name),
                    key: name,
                    size,
                    data,
                });
            }
            continue;
        }
        let value = field.text().await.map_err(broken)?;
        text += name.len() + value.len();
        if text > BODY_LIMIT {
            return Err(ApiError::TooLarge(BODY_LIMIT));
        }
        out.pairs.push((name, value));
    }
    Ok(out)
}
