//! The widget's files, built by its pipeline (`backend/pipeline`, which
//! `build.rs` runs) and embedded in the binary, so the server is one file to run.
//!
//! Every file of the widget is served under a name carrying its content's hash
//! (`app.0123456789abcdef.wasm`), cached for a year as immutable, and under its documented name
//! (`embed.js`, `widget.js`, `app.js`, `app_bg.wasm`, `app.css`), revalidated by `ETag`. The
//! loaders and the pages name the hashed files, so a return visit asks only for the page (and
//! `embed.js` on a portal) and gets a 304. Each file goes out with Brotli to a browser that
//! asks for it, else gzip, both made at build time at their best settings. The pages that load
//! them are `super::pages`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRef, Path, State};
use axum::http::header::{
    ACCEPT_ENCODING, ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE,
    ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::ApiError;
use crate::store::Store;

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

pub(super) fn widget_file(name: &str) -> &'static WidgetFile {
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

/// The stylesheet's hashed name.
pub(crate) fn stylesheet() -> &'static str {
    widget_file("app.css").hashed
}

/// The widget's files, under both their names.
pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Store: FromRef<S>,
{
    Router::new().route("/{file}", get(file))
}

/// Whether `If-None-Match` names `etag` (or is `*`).
pub(super) fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag.trim_start_matches("W/") || t == "*")
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
