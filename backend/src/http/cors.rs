//! Cross-origin access to the API, for the portals that embed the form. Only the origins the
//! operator allowed (`--allow-origin`) get any CORS header, preflights included; any other
//! origin's browser is left to refuse the answer. The public assets are another matter: any
//! page may load the form's files (see `assets`).
//!
//! A browser sends some cross-site requests without asking first (a `no-cors` form POST), and
//! CORS only hides their answer: they would still be stored. So a request that changes
//! something (POST, PUT, PATCH, DELETE) from another site is refused before it reaches a
//! route ([`cross_site`]).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD, HOST, ORIGIN, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::{Code, Issue};

use crate::error::ApiError;
use crate::http::client::Cidr;

/// The origins allowed to call the API from a browser, e.g. `https://scjgj.example.gov.cn`.
#[derive(Debug, Clone, Default)]
pub struct AllowedOrigins(Vec<HeaderValue>);

impl AllowedOrigins {
    /// Reads origins as the operator writes them: `scheme://host[:port]`, a trailing slash
    /// forgiven, nothing else (no path, no wildcard).
    pub fn parse<S: AsRef<str>>(origins: &[S]) -> Result<AllowedOrigins, String> {
        let mut parsed = Vec::new();
        for origin in origins {
            let origin = origin.as_ref().trim().trim_end_matches('/');
            let host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                // A host name or address and a port: nothing that could end a header value,
                // an HTML attribute or a CSP source.
                .filter(|h| {
                    !h.is_empty()
                        && h.chars()
                            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
                })
                .ok_or_else(|| format!("not an origin (scheme://host[:port]): {origin}"))?;
            let value = format!("{}{host}", &origin[..origin.len() - host.len()]).to_lowercase();
            parsed.push(HeaderValue::from_str(&value).map_err(|e| format!("{origin}: {e}"))?);
        }
        Ok(AllowedOrigins(parsed))
    }

    fn allows(&self, origin: &HeaderValue) -> bool {
        self.0.iter().any(|o| o == origin)
    }
}

/// Space-separated, as `frame-ancestors` and widget.js's `data-parents` take them. The values
/// were checked to be origins, so they need no escaping.
impl std::fmt::Display for AllowedOrigins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origins: Vec<&str> = self.0.iter().filter_map(|o| o.to_str().ok()).collect();
        f.write_str(&origins.join(" "))
    }
}

/// The request headers the form sends across origins.
const ALLOWED_HEADERS: &str = "content-type, accept-language, idempotency-key, submission-secret";

/// Whether a request that changes something comes from another site: its `Origin` is
/// neither an allowed portal nor the server's own (`null` included), or, without an `Origin`,
/// the browser says `Sec-Fetch-Site: cross-site`. A request with neither header (a script,
/// curl) is not a browser's, and passes.
fn cross_site(request: &Request, origins: &AllowedOrigins, trusted: &[Cidr]) -> bool {
    if !matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return false;
    }
    let headers = request.headers();
    match headers.get(ORIGIN) {
        Some(origin) => {
            let behind_proxy = crate::http::client::via_trusted(request.extensions(), trusted);
            !origins.allows(origin) && !own(origin, headers, behind_proxy)
        }
        None => headers
            .get("sec-fetch-site")
            .is_some_and(|site| site.as_bytes().eq_ignore_ascii_case(b"cross-site")),
    }
}

/// What a browser says of where a post comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// The server's own page, or an allowed portal's.
    Allowed,
    /// Another site (see [`cross_site`]).
    CrossSite,
    /// Neither `Origin` nor `Sec-Fetch-Site`: an old browser, or no browser.
    Nothing,
}

/// Where a form post (a navigation) says it comes from, by the rule of [`cross_site`]; but an
/// `Origin` of `null` is read from `Sec-Fetch-Site`: a browser sends `null` for a post from a
/// page whose `Referrer-Policy` is `no-referrer`, as our pages' is, its own origin included.
pub fn said_from(request: &Request, origins: &AllowedOrigins, trusted: &[Cidr]) -> Said {
    let headers = request.headers();
    let site = headers.get("sec-fetch-site");
    let opaque = headers.get(ORIGIN).is_some_and(|o| o == "null");
    if opaque {
        return match site {
            Some(site) if site.as_bytes().eq_ignore_ascii_case(b"cross-site") => Said::CrossSite,
            Some(_) => Said::Allowed,
            None => Said::Nothing,
        };
    }
    if cross_site(request, origins, trusted) {
        Said::CrossSite
    } else if headers.contains_key(ORIGIN) || site.is_some() {
        Said::Allowed
    } else {
        Said::Nothing
    }
}

/// Whether `origin` is the server's own: the host the request was sent to, with the scheme a
/// trusted proxy says it took (`X-Forwarded-Proto`), else http. `null` is nobody's.
fn own(origin: &HeaderValue, headers: &HeaderMap, behind_proxy: bool) -> bool {
    let scheme = headers
        .get("x-forwarded-proto")
        .filter(|_| behind_proxy)
        .and_then(|v| v.to_str().ok())
        .map_or("http", |v| v.split(',').next().unwrap_or("http").trim());
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    // An origin leaves out its scheme's default port; a Host header may not.
    let plain = |text: String| -> String {
        let text = text.to_ascii_lowercase();
        match (text.strip_suffix(":80"), text.strip_suffix(":443")) {
            (Some(bare), _) if text.starts_with("http://") => bare.to_owned(),
            (_, Some(bare)) if text.starts_with("https://") => bare.to_owned(),
            _ => text,
        }
    };
    let origin = origin.to_str().unwrap_or_default();
    origin != "null" && plain(origin.to_owned()) == plain(format!("{scheme}://{host}"))
}

/// The check and the CORS headers, for the API's routes. It takes the allowed origins and the
/// trusted proxies from any state that holds them.
pub async fn layer(
    State(origins): State<Arc<AllowedOrigins>>,
    State(trusted): State<Arc<[Cidr]>>,
    request: Request,
    next: Next,
) -> Response {
    if cross_site(&request, &origins, &trusted) {
        return ApiError::Forbidden(Issue::new("", Code::CrossSite)).into_response();
    }
    let allowed = request
        .headers()
        .get(ORIGIN)
        .filter(|o| origins.allows(o))
        .cloned();
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    // The answer depends on the Origin, so caches must keep one per origin.
    headers.append(VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = allowed {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if preflight {
            headers.insert(
                ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, PUT"),
            );
            headers.insert(
                ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOWED_HEADERS),
            );
            headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        }
    }
    response
}
