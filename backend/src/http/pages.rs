//! The server's pages: its own form page (`/`, the program picker), the form alone for a
//! portal's frame (`/embed/{program}`), and the reviewers' page. The form pages carry the form
//! rendered by its own components (`frontend::ssr`), what it needs to start (the program's
//! definition and calls, the program list), and name the widget's files (`super::assets`) in
//! their `<head>`, so that everything downloads at once instead of one file after another.
//! Each page is revalidated by an `ETag` of its content and sent under its CSP.

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::SizeAbove;

use super::assets::{matches_etag, widget_file};
use crate::calls::{Calls, Rendered};
use crate::error::ApiError;
use crate::http::cors::AllowedOrigins;
use crate::store::Store;

const INDEX_HTML: &str = include_str!("../../static/index.html");
const REVIEW_HTML: &str = include_str!("../../static/review.html");
const REVIEW_JS: &str = include_str!("../../static/review.js");
const REVIEW_CSS: &str = include_str!("../../static/review.css");

/// Our own page allows nothing it does not need: scripts and styles from this origin only, and
/// wasm compilation, which `'wasm-unsafe-eval'` allows without allowing `eval`; forms post to
/// this origin only (the form without script, `crate::plain`). (The
/// definition a page carries is a JSON data block, which is not a script.)
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                   form-action 'self'; frame-ancestors 'self'";

/// The CSP of a page the allowed origins (`parents`, space-separated) may frame.
pub(crate) fn csp_framed(parents: &str) -> String {
    CSP.replace(
        "frame-ancestors 'self'",
        &format!("frame-ancestors 'self' {parents}"),
    )
}

/// The pages, for any state that holds the calls, the allowed origins and the store.
pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Arc<Calls>: FromRef<S>,
    Arc<AllowedOrigins>: FromRef<S>,
    Store: FromRef<S>,
{
    // The pages are made per request (the definition they carry says whether a call is open),
    // so they are compressed as they go, at a middle level: a page is about 15 kB, 4 kB so.
    let compressed = || {
        CompressionLayer::new()
            .quality(CompressionLevel::Precise(5))
            .compress_when(SizeAbove::new(1024))
    };
    Router::new()
        .route("/", get(index).layer(compressed()))
        // The reviewers' page: its own files, none of which the widget loads.
        .route("/review", get(review).layer(compressed()))
        .route(
            "/review.js",
            get(|| async { private(REVIEW_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/review.css",
            get(|| async { private(REVIEW_CSS, "text/css; charset=utf-8") }),
        )
        .route("/embed/{program}", get(framed).layer(compressed()))
}

/// `csp` allowing the one inline `style` element whose content is `style`, by its SHA-256
/// (CSP's hash source), and no other.
pub(crate) fn allow_style(csp: &str, style: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style));
    csp.replace(
        "style-src 'self'",
        &format!("style-src 'self' 'sha256-{hash}'"),
    )
}

#[derive(serde::Deserialize)]
struct FramedQuery {
    call: Option<String>,
}

/// A form page's parts: its head (see [`form_head`]) and the form as the server renders it.
pub(crate) struct FormPage {
    pub(crate) head: String,
    /// The day the form was rendered for, its token (see `crate::form_token`), and the
    /// rendered form, which the browser takes over.
    pub(crate) rendered: Rendered,
}

impl FormPage {
    /// The host element's attributes that name the day and the token to the browser.
    fn attributes(&self) -> String {
        let Rendered { day, token, .. } = &self.rendered;
        format!(" data-pilot-day=\"{day}\" data-pilot-token=\"{token}\"")
    }
}

/// The form of `definition`'s program rendered by its own components (the browser's first
/// render repeats it, then takes it over), with the head that loads them. `fixed` where the
/// page fixes the program, `call` where it names one; `key` signs the page's token; `start`
/// where the page answers a form posted to it (`crate::plain`).
pub(crate) async fn form_page(
    definition: &crate::calls::FormAnswer,
    (fixed, call): (bool, Option<String>),
    key: &str,
    start: Option<frontend::ssr::Start>,
) -> FormPage {
    // `<` never ends the data block however the texts read (`</script>`): JSON reads `\u003c`
    // as `<`.
    let json = serde_json::to_string(definition)
        .expect("the form's answer serializes")
        .replace('<', "\\u003c");
    let today = shared::Date::in_shanghai(crate::clock::now());
    let token = crate::form_token::token(key, definition.program.id, today);
    let page = frontend::ssr::Page {
        answer: json.clone(),
        fixed,
        call,
        api_base: String::new(),
        today,
        token: token.clone(),
        start,
    };
    let markup = frontend::ssr::render(page)
        .await
        .expect("the form's answer renders");
    FormPage {
        head: form_head(&json),
        rendered: Rendered {
            day: today.to_string(),
            token,
            markup,
        },
    }
}

/// The head every form page has: the stylesheet, the glue and the wasm asked for at once
/// (the wasm as `fetch` with CORS, as the glue fetches it, so the browser uses the one
/// download), then the loader, and the definition the form starts with (`json`, the form's
/// answer).
fn form_head(json: &str) -> String {
    let [widget, glue, wasm, css] =
        ["widget.js", "app.js", "app_bg.wasm", "app.css"].map(|n| widget_file(n).hashed);
    // No icon: the browser would otherwise ask for /favicon.ico, one more round trip.
    format!(
        "<link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"stylesheet\" href=\"/{css}\">\n\
         <link rel=\"modulepreload\" href=\"/{glue}\">\n\
         <link rel=\"preload\" href=\"/{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
         <script type=\"module\" src=\"/{widget}\"></script>\n\
         <script type=\"application/json\" data-pilot-definition>{json}</script>"
    )
}

/// The form alone, for portals whose CMS takes an iframe but no third-party script:
/// `/embed/{program}[?call=ID]`. Only the allowed origins may frame it (`frame-ancestors`), and
/// only to them does it post its events and height (widget.js checks the parent's origin
/// against `data-parents`).
async fn framed(
    State(calls): State<Arc<Calls>>,
    State(store): State<Store>,
    State(origins): State<Arc<AllowedOrigins>>,
    Path(program): Path<String>,
    Query(query): Query<FramedQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(program) = shared::programs::find(&program) else {
        return ApiError::NotFound(format!("program {program}")).into_response();
    };
    let call = crate::calls::slug(query.call);
    let parents = origins.to_string();
    let form = form_page(
        &calls.form_answer(program),
        (true, call.clone()),
        store.form_key(),
        None,
    )
    .await;
    let call = call
        .map(|c| format!(" data-call=\"{c}\""))
        .unwrap_or_default();
    let page = format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n{head}\n</head>\n<body>\n{NOSCRIPT}\n\
         <div class=\"pf-settling\" data-pilot-form data-pilot-page data-program=\"{id}\"{call} data-parents=\"{parents}\"{day}>\
         {markup}</div>\n</body>\n</html>\n",
        head = form.head,
        day = form.attributes(),
        markup = form.rendered.markup,
        title = program.title,
        id = program.id,
    );
    revalidated(&headers, page, &csp_framed(&parents))
}

/// What a browser without JavaScript is told above the server's form, which works without it
/// (`crate::plain`) but checks only when a button is pressed, and keeps no draft.
const NOSCRIPT: &str = "<noscript><p class=\"pf-hint pf-noscript\">本浏览器未启用 JavaScript：仍可填写并提交申请，\
填写内容在点击“核对申请书”后由服务器检查；填写中途不会自动保存草稿。</p></noscript>";

#[derive(serde::Deserialize)]
struct IndexQuery {
    program: Option<String>,
}

/// The server's own form page: the program picker, with the program `?program=` names (the
/// picker's choice where no script runs), else the first.
async fn index(
    State(calls): State<Arc<Calls>>,
    State(store): State<Store>,
    Query(query): Query<IndexQuery>,
    headers: HeaderMap,
) -> Response {
    let program = query
        .program
        .as_deref()
        .and_then(shared::programs::find)
        .unwrap_or(shared::PROGRAMS[0]);
    let answer = calls.form_answer(program);
    let form = form_page(&answer, (false, None), store.form_key(), None).await;
    let page = INDEX_HTML
        .replace("<!-- form -->", &form.head)
        .replace("<!-- noscript -->", NOSCRIPT)
        .replace(" data-pilot-day", &form.attributes())
        .replace("<!-- markup -->", &form.rendered.markup);
    revalidated(&headers, page, CSP)
}

async fn review(headers: HeaderMap) -> Response {
    revalidated(&headers, REVIEW_HTML.to_owned(), CSP)
}

/// A page, under its CSP, revalidated on every visit by an `ETag` of its content (a 304 when
/// the browser has it: the definition in it changes only with the calls' state).
fn revalidated(headers: &HeaderMap, page: String, csp: &str) -> Response {
    // Weak: the same page goes out in several encodings.
    let etag = format!("W/\"{}\"", &crate::hashing::sha256_hex(&page)[..16]);
    let unchanged = matches_etag(headers, &etag);
    let head = [
        (CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
        (CACHE_CONTROL, "no-cache".to_owned()),
        (ETAG, etag),
        (CONTENT_SECURITY_POLICY, csp.to_owned()),
        (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ];
    if unchanged {
        (StatusCode::NOT_MODIFIED, head).into_response()
    } else {
        (head, page).into_response()
    }
}

/// A file of this server's own pages, for this origin only (no CORS, unlike the widget's).
fn private(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "no-cache"),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}
