//! The form page and its files, built by `build.rs` and embedded in the binary, so the server
//! is one file to run. The widget's files are stored gzipped as well and sent so when accepted.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::{
    ACCEPT_ENCODING, ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE,
    VARY,
};
use axum::http::{HeaderMap, HeaderName};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::ApiError;
use crate::routes::Language;
use crate::startup::AppState;

const INDEX_HTML: &str = include_str!("../static/index.html");
const REVIEW_HTML: &str = include_str!("../static/review.html");
const REVIEW_JS: &str = include_str!("../static/review.js");
const REVIEW_CSS: &str = include_str!("../static/review.css");
// The widget's hand-written files as build.rs minified them (sources in `backend/static`).
const WIDGET_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/widget.js"));
const EMBED_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embed.js"));
const APP_CSS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.css"));
const WIDGET_JS_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/widget.js.gz"));
const EMBED_JS_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embed.js.gz"));
const APP_CSS_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.css.gz"));
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
        // The reviewers' page: its own files, none of which the widget loads.
        .route("/review", get(|| async { page(REVIEW_HTML) }))
        .route("/review.js", get(|| async { private(REVIEW_JS, "text/javascript; charset=utf-8") }))
        .route("/review.css", get(|| async { private(REVIEW_CSS, "text/css; charset=utf-8") }))
        .route("/widget.js", get(|h: HeaderMap| async move { compressed(&h, WIDGET_JS, WIDGET_JS_GZ, "text/javascript; charset=utf-8") }))
        .route("/embed.js", get(|h: HeaderMap| async move { compressed(&h, EMBED_JS, EMBED_JS_GZ, "text/javascript; charset=utf-8") }))
        .route("/embed/{program}", get(framed))
        .route("/app.css", get(|h: HeaderMap| async move { compressed(&h, APP_CSS, APP_CSS_GZ, "text/css; charset=utf-8") }))
        .route("/app.js", get(|h: HeaderMap| async move { compressed(&h, APP_JS, APP_JS_GZ, "text/javascript; charset=utf-8") }))
        .route("/app_bg.wasm", get(|h: HeaderMap| async move { compressed(&h, APP_WASM, APP_WASM_GZ, "application/wasm") }))
}

#[derive(serde::Deserialize)]
struct FramedQuery {
    call: Option<String>,
}

/// The form alone, for portals whose CMS takes an iframe but no third-party script:
/// `/embed/{program}[?call=ID]`. Only the allowed origins may frame it (`frame-ancestors`), and
/// only to them does it post its events and height (widget.js checks the parent's origin
/// against `data-parents`).
async fn framed(
    State(state): State<AppState>,
    Language(lang): Language,
    Path(program): Path<String>,
    Query(query): Query<FramedQuery>,
) -> Response {
    let Some(program) = shared::program::find(&program) else {
        return ApiError::NotFound(format!("program {program}")).render(lang);
    };
    // Call ids are operator-chosen slugs; anything else is not one and is not echoed.
    let call = query
        .call
        .filter(|c| {
            !c.is_empty()
                && c.chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "-_".contains(ch))
        })
        .map(|c| format!(" data-call=\"{c}\""))
        .unwrap_or_default();
    let parents = state.origins.to_string();
    let page = format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"/app.css\">\n\
         <script type=\"module\" src=\"/widget.js\"></script>\n</head>\n<body>\n\
         <div data-pilot-form data-pilot-page data-program=\"{id}\"{call} data-parents=\"{parents}\">\
         <p class=\"pf-loading\">正在加载申报表……</p></div>\n</body>\n</html>\n",
        title = program.title,
        id = program.id,
    );
    let csp = CSP.replace(
        "frame-ancestors 'self'",
        &format!("frame-ancestors 'self' {parents}"),
    );
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (CACHE_CONTROL, "no-cache".to_owned()),
            (axum::http::header::CONTENT_SECURITY_POLICY, csp),
            (
                axum::http::header::X_CONTENT_TYPE_OPTIONS,
                "nosniff".to_owned(),
            ),
        ],
        page,
    )
        .into_response()
}

async fn index() -> Response {
    page(INDEX_HTML)
}

/// One of this server's own pages, under its CSP.
fn page(html: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            (axum::http::header::CONTENT_SECURITY_POLICY, CSP),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        html,
    )
        .into_response()
}

/// A file of this server's own pages, for this origin only (no CORS, unlike the widget's).
fn private(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "no-cache"),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
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
