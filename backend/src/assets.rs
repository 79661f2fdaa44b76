//! The form page and its files, built by `build.rs` and embedded in the binary, so the server
//! is one file to run. The wasm and JS are stored gzipped as well and sent so when accepted.

use axum::Router;
use axum::http::header::{
    ACCEPT_ENCODING, ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE,
    VARY,
};
use axum::http::{HeaderMap, HeaderName};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::startup::AppState;

const INDEX_HTML: &str = include_str!("../static/index.html");
const WIDGET_JS: &str = include_str!("../static/widget.js");
const EMBED_JS: &str = include_str!("../static/embed.js");
const APP_CSS: &str = include_str!("../static/app.css");
const APP_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.js"));
const APP_JS_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.js.gz"));
const APP_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app_bg.wasm"));
const APP_WASM_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app_bg.wasm.gz"));

/// Our own page allows nothing it does not need: scripts and styles from this origin only, and
/// wasm compilation, which `'wasm-unsafe-eval'` allows without allowing `eval`.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'self'";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/widget.js", get(|| async { text(WIDGET_JS, "text/javascript; charset=utf-8") }))
        .route("/embed.js", get(|| async { text(EMBED_JS, "text/javascript; charset=utf-8") }))
        .route("/app.css", get(|| async { text(APP_CSS, "text/css; charset=utf-8") }))
        .route("/app.js", get(|h: HeaderMap| async move { compressed(&h, APP_JS, APP_JS_GZ, "text/javascript; charset=utf-8") }))
        .route("/app_bg.wasm", get(|h: HeaderMap| async move { compressed(&h, APP_WASM, APP_WASM_GZ, "application/wasm") }))
}

async fn index() -> Response {
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            (axum::http::header::CONTENT_SECURITY_POLICY, CSP),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        INDEX_HTML,
    )
        .into_response()
}

/// The form's files are public: any page may load them, whichever origin it is on (a portal's
/// module script and its `fetch` of the wasm need CORS for that). Only the API is restricted.
const PUBLIC: [(HeaderName, &str); 2] = [
    (ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "cross-origin",
    ),
];

fn text(body: &'static str, content_type: &'static str) -> Response {
    (
        PUBLIC,
        [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-cache")],
        body,
    )
        .into_response()
}

fn compressed(
    headers: &HeaderMap,
    raw: &'static [u8],
    gz: &'static [u8],
    content_type: &'static str,
) -> Response {
    let accepts_gzip = headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|enc| {
            let mut parts = enc.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| p.trim().replace(' ', "") == "q=0");
            (name == "gzip" || name == "*") && !refused
        });
    let base = [
        (CONTENT_TYPE, content_type),
        (CACHE_CONTROL, "no-cache"),
        (VARY, "Accept-Encoding"),
    ];
    if accepts_gzip {
        (PUBLIC, base, [(CONTENT_ENCODING, "gzip")], gz).into_response()
    } else {
        (PUBLIC, base, raw).into_response()
    }
}
