//! The language an answer's messages are written in, from the request, and the layer that
//! words every error answer in it.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use shared::Lang;

use crate::error::{Findings, body};

/// The language of messages, from `Accept-Language` (zh-CN unless English is preferred).
pub struct Language(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for Language {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let lang = parts
            .headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default();
        Ok(Language(lang))
    }
}

/// Words an error answer in the request's language (`Accept-Language`), for every route.
pub async fn localize(
    Language(lang): Language,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut response = next.run(request).await;
    if lang == Lang::default() {
        return response;
    }
    let Some(Findings(issues)) = response.extensions_mut().remove::<Findings>() else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    // The body is new: whatever a layer inside made of the old one (its length, a compression)
    // no longer holds.
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.remove(axum::http::header::CONTENT_ENCODING);
    let worded = body(&issues, lang).into_response();
    Response::from_parts(parts, worded.into_body())
}
