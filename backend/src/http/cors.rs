//! Cross-origin access to the API, for the portals that embed the form. Only the origins the
//! operator allowed (`--allow-origin`) get any CORS header, preflights included; any other
//! origin's browser is left to refuse the answer. The public assets are another matter: any
//! page may load the form's files (see `assets`).

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::startup::AppState;

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

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let allowed = request
        .headers()
        .get(ORIGIN)
        .filter(|o| state.origins.allows(o))
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
