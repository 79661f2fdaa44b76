//! The form's pages and files, built by the widget's pipeline (`backend/pipeline`, which
//! `build.rs` runs) and embedded in the binary, so the server is one file to run.
//!
//! Every file of the widget is served under a name carrying its content's hash
//! (`app.0123456789abcdef.wasm`), cached for a year as immutable, and under its documented name
//! (`embed.js`, `widget.js`, `app.js`, `app_bg.wasm`, `app.css`), revalidated by `ETag`. The
//! loaders and the pages name the hashed files, so a return visit asks only for the page (and
//! `embed.js` on a portal) and gets a 304. Each file goes out with Brotli to a browser that
//! asks for it, else gzip, both made at build time at their best settings.
//!
//! The pages carry what the form needs to start (the program's definition and calls, the
//! program list) and name the glue and the wasm in their `<head>`, so that everything downloads
//! at once instead of one file after another.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::{
    ACCEPT_ENCODING, ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_ENCODING,
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::SizeAbove;

use std::sync::Arc;

use axum::extract::FromRef;

use crate::calls::{Calls, Rendered};
use crate::error::ApiError;
use crate::http::cors::AllowedOrigins;
use crate::store::Store;

const INDEX_HTML: &str = include_str!("../../static/index.html");
const REVIEW_HTML: &str = include_str!("../../static/review.html");
const REVIEW_JS: &str = include_str!("../../static/review.js");
const REVIEW_CSS: &str = include_str!("../../static/review.css");

/// One file of the widget as the pipeline made it.
pub struct WidgetFile {
    /// Its documented name, revalidated.
    pub name: &'static str,
    /// Its name with its content's hash, cached for good.
    pub hashed: &'static str,
    pub raw: &'static [u8],
    pub gzip: &'static [u8],
    pub brotli: &'static [u8],
}

/// The widget's files: `embed.js`, `widget.js`, `app.js` (the glue), `app_bg.wasm`, `app.css`.
pub const FILES: &[WidgetFile] = include!(concat!(env!("OUT_DIR"), "/widget_files.rs"));

fn widget_file(name: &str) -> &'static WidgetFile {
    FILES
        .iter()
        .find(|f| f.name == name)
        .expect("the pipeline makes every file of the widget")
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        _ => "text/javascript; charset=utf-8",
    }
}

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

/// The stylesheet's hashed name.
pub(crate) fn stylesheet() -> &'static str {
    widget_file("app.css").hashed
}

/// The pages and files, for any state that holds the calls, the allowed origins and the store.
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
        .route("/{file}", get(file))
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
         <div data-pilot-form data-pilot-page data-program=\"{id}\"{call} data-parents=\"{parents}\"{day}>\
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

/// Whether `If-None-Match` names `etag` (or is `*`).
fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag.trim_start_matches("W/") || t == "*")
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

/// The form's files are public: any page may load them, whichever origin it is on (a portal's
/// module script and its `fetch` of the wasm need CORS for that), and see how long they took
/// (Resource Timing). Only the API is restricted.
const PUBLIC: [(HeaderName, &str); 3] = [
    (ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "cross-origin",
    ),
    (HeaderName::from_static("timing-allow-origin"), "*"),
];

/// How long the files of a build stay where other servers find them after a server of that
/// build last started: longer than any rolling deploy, and than a page stays open unreloaded
/// is not needed (a loaded form has its files).
pub const KEEP_BUILDS_DAYS: i64 = 7;

/// Stores this build's files for the other servers of the deployment, which may be running
/// another build during a rolling deploy, and forgets builds not started for
/// [`KEEP_BUILDS_DAYS`].
pub async fn keep_build(
    store: &crate::store::Store,
    now: time::OffsetDateTime,
) -> Result<(), crate::store::StoreError> {
    let files: Vec<_> = FILES
        .iter()
        .map(|f| crate::store::WidgetFileRef {
            name: f.hashed,
            raw: f.raw,
            gzip: f.gzip,
            brotli: f.brotli,
        })
        .collect();
    let before = now - time::Duration::days(KEEP_BUILDS_DAYS);
    let (at, before) = (crate::clock::rfc3339(now), crate::clock::rfc3339(before));
    store.keep_widget_files(&files, &at, &before).await
}

/// A file of the widget by either of its names; under a hashed name not of this build, that
/// of another build of this deployment (from the database), so that a page another server
/// sent still loads during a rolling deploy.
async fn file(
    State(store): State<Store>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(f) = FILES.iter().find(|f| f.hashed == name) {
        return send(&headers, f.hashed, Encoded::of(f), true);
    }
    if let Some(f) = FILES.iter().find(|f| f.name == name) {
        return send(&headers, f.hashed, Encoded::of(f), false);
    }
    if !is_hashed(&name) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match store.widget_file(&name).await {
        Ok(Some(stored)) => {
            let encoded = Encoded {
                raw: stored.raw.into(),
                gzip: stored.gzip.into(),
                brotli: stored.brotli.into(),
            };
            send(&headers, &name, encoded, true)
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// A file's bytes in each encoding.
struct Encoded {
    raw: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

impl Encoded {
    fn of(f: &'static WidgetFile) -> Encoded {
        Encoded {
            raw: Bytes::from_static(f.raw),
            gzip: Bytes::from_static(f.gzip),
            brotli: Bytes::from_static(f.brotli),
        }
    }
}

/// Whether `name` is a hashed name: `stem.<16 hex digits>.extension`.
fn is_hashed(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 3
        && parts[1].len() == 16
        && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
        && matches!(parts[2], "js" | "wasm" | "css")
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// What the browser takes, Brotli first: any coding it names without `q=0` (or `*`).
fn encoding(headers: &HeaderMap) -> Encoding {
    let accepted = |wanted: &str| {
        headers
            .get_all(ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|enc| {
                let mut parts = enc.split(';');
                let name = parts.next().unwrap_or("").trim();
                let refused = parts.any(|p| {
                    let p = p.trim().replace(' ', "");
                    p.strip_prefix("q=")
                        .is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q == 0.0))
                });
                (name.eq_ignore_ascii_case(wanted) || name == "*") && !refused
            })
    };
    if accepted("br") {
        Encoding::Brotli
    } else if accepted("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The file whose hashed name is `hashed`, in the encoding the browser takes: under that name
/// for a year, unchanged; under its own name (`hashed` false) revalidated by an `ETag` of its
/// content and encoding.
fn send(headers: &HeaderMap, hashed_name: &str, body: Encoded, hashed: bool) -> Response {
    let (body, coding, suffix) = match encoding(headers) {
        Encoding::Brotli => (body.brotli, Some("br"), "-br"),
        Encoding::Gzip => (body.gzip, Some("gzip"), "-gz"),
        Encoding::Identity => (body.raw, None, ""),
    };
    let hash = hashed_name.split('.').nth(1).unwrap_or_default();
    let etag = format!("\"{hash}{suffix}\"");
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut head = HeaderMap::new();
    for (name, value) in PUBLIC {
        head.insert(name, HeaderValue::from_static(value));
    }
    head.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(content_type(hashed_name)),
    );
    head.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    head.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    head.insert(ETAG, HeaderValue::from_str(&etag).expect("hex"));
    if matches_etag(headers, &etag) {
        return (StatusCode::NOT_MODIFIED, head).into_response();
    }
    if let Some(coding) = coding {
        head.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    (head, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn brotli_goes_to_whoever_takes_it_and_gzip_to_the_others() {
        assert_eq!(
            encoding(&accepting("gzip, deflate, br, zstd")),
            Encoding::Brotli
        );
        assert_eq!(encoding(&accepting("gzip, deflate")), Encoding::Gzip);
        assert_eq!(encoding(&accepting("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(
            encoding(&accepting("br;q=0.0, gzip;q=0")),
            Encoding::Identity
        );
        assert_eq!(encoding(&accepting("*")), Encoding::Brotli);
        assert_eq!(encoding(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn every_file_has_a_hashed_name_of_its_own() {
        for f in FILES {
            assert_ne!(f.hashed, f.name);
            assert!(is_hashed(f.hashed), "{}", f.hashed);
            assert_eq!(
                f.hashed.rsplit('.').next(),
                f.name.rsplit('.').next(),
                "{}",
                f.hashed
            );
        }
    }
}
