//! The page and the widget's files: hashed names cached for good, the documented names
//! revalidated, gzip and Brotli, another build's files from the database.

use super::*;

/// The hashed names a page or a loader names: `/app.0123456789abcdef.wasm` and the like.
fn hashed_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices('.') {
        let hex = &text[at + 1..];
        let digits = hex.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        if digits == 16 && hex[16..].starts_with('.') {
            let start = text[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let ext: String = hex[17..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            names.push(format!("{}.{}.{ext}", &text[start..at], &hex[..16]));
        }
    }
    names
}

#[tokio::test]
async fn the_page_and_the_wasm_are_served() {
    let t = test_app().await;
    let page = t.get("/", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(
        page.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("'wasm-unsafe-eval'")
    );
    // The page names the loader, the glue, the wasm and the stylesheet by their hashed names,
    // and carries the definition the form starts with.
    let named = hashed_names(&html);
    for stem in ["widget.", "app."] {
        assert!(named.iter().any(|n| n.starts_with(stem)), "{named:?}");
    }
    assert!(named.iter().any(|n| n.ends_with(".wasm")), "{named:?}");
    assert!(html.contains("data-pilot-definition"), "{html}");
    assert!(html.contains("\"programs\""), "{html}");

    let raw = t.get("/app_bg.wasm", &[]).await;
    assert_eq!(raw.headers["content-type"], "application/wasm");
    assert_eq!(&raw.body[..4], b"\0asm");
    let gz = t.get("/app_bg.wasm", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.headers["content-encoding"], "gzip");
    assert_eq!(&gz.body[..2], &[0x1f, 0x8b]);
    assert!(gz.body.len() < raw.body.len());
    let br = t
        .get(
            "/app_bg.wasm",
            &[("accept-encoding", "gzip, deflate, br, zstd")],
        )
        .await;
    assert_eq!(br.headers["content-encoding"], "br");
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut &br.body[..], &mut unpacked).unwrap();
    assert_eq!(unpacked, raw.body);
    assert!(br.body.len() < gz.body.len());

    let js = t.get("/app.js", &[]).await;
    assert!(
        js.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    // The loader module imports the glue's mount, by the glue's hashed name, and goes out
    // minified: the source opens with comments.
    let widget = String::from_utf8(t.get("/widget.js", &[]).await.body).unwrap();
    let glue = hashed_names(&widget)
        .into_iter()
        .find(|n| n.starts_with("app.") && n.ends_with(".js"))
        .expect("widget.js imports the glue by its hashed name");
    assert!(
        widget.contains("mount") && widget.contains(&format!("\"./{glue}\"")),
        "{widget}"
    );
    assert!(!widget.starts_with("//"), "{widget}");
}

/// Every file of the widget is cached for good under its hashed name, which the pages and
/// loaders use, and revalidated under its documented name; the pages are revalidated too. A
/// browser that has a file gets a 304.
#[tokio::test]
async fn the_widgets_files_are_cached_for_good_under_their_hashed_names() {
    let t = test_app().await;
    let page = t.get("/embed/sx-provincial", &[]).await;
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(
        html.contains("\"id\":\"sx-provincial\""),
        "the definition is in the page"
    );
    let embed = String::from_utf8(t.get("/embed.js", &[]).await.body).unwrap();
    let mut named = hashed_names(&html);
    named.extend(hashed_names(&embed));
    named.sort();
    named.dedup();
    // embed.js names the loader, the glue, the wasm and the stylesheet.
    assert_eq!(hashed_names(&embed).len(), 4, "{embed}");
    for name in &named {
        let reply = t
            .get(&format!("/{name}"), &[("accept-encoding", "br")])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{name}");
        assert_eq!(
            reply.headers["cache-control"], "public, max-age=31536000, immutable",
            "{name}"
        );
        assert_eq!(reply.headers["access-control-allow-origin"], "*", "{name}");
    }
    for path in [
        "/",
        "/embed/sx-provincial",
        "/embed.js",
        "/widget.js",
        "/app_bg.wasm",
    ] {
        let first = t.get(path, &[("accept-encoding", "gzip")]).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        assert_eq!(first.headers["cache-control"], "no-cache", "{path}");
        let etag = first.headers["etag"].to_str().unwrap().to_owned();
        let again = t
            .get(
                path,
                &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(again.body.is_empty(), "{path}");
        let other = t
            .get(
                path,
                &[("accept-encoding", "gzip"), ("if-none-match", "\"0000\"")],
            )
            .await;
        assert_eq!(other.status, StatusCode::OK, "{path}");
    }
    assert_eq!(
        t.get("/app.0000000000000000.wasm", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

/// During a rolling deploy a page one server sent may ask another server, running another
/// build, for its files: each server keeps its build's files in the database when it starts,
/// serves another recent build's from there, and forgets builds not started for a week.
#[tokio::test]
async fn another_builds_files_are_served_from_the_database_for_a_week() {
    use backend::http::assets::{FILES, KEEP_BUILDS_DAYS, keep_build};
    let t = test_app().await;
    let now = time::OffsetDateTime::now_utc();
    let at = |days: i64| backend::clock::rfc3339(now - time::Duration::days(days));
    // Two earlier builds: one started within the week, one before.
    let file = |name, raw, gzip, brotli| backend::store::WidgetFileRef {
        name,
        raw,
        gzip,
        brotli,
    };
    let recent = file("app.1111111111111111.wasm", b"raw", b"gz", b"br");
    let stale = file("app.2222222222222222.wasm", b"old", b"old", b"old");
    t.store
        .keep_widget_files(&[stale], &at(KEEP_BUILDS_DAYS + 1), &at(30))
        .await
        .unwrap();
    t.store
        .keep_widget_files(&[recent], &at(KEEP_BUILDS_DAYS - 1), &at(30))
        .await
        .unwrap();
    // This build starts.
    keep_build(&t.store, now).await.unwrap();

    let br = t
        .get(
            "/app.1111111111111111.wasm",
            &[("accept-encoding", "gzip, br")],
        )
        .await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.body, b"br");
    assert_eq!(br.headers["content-encoding"], "br");
    assert_eq!(br.headers["content-type"], "application/wasm");
    assert_eq!(
        br.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(t.get("/app.1111111111111111.wasm", &[]).await.body, b"raw");
    assert_eq!(
        t.get("/app.2222222222222222.wasm", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    for f in FILES {
        let kept = t.store.widget_file(f.hashed).await.unwrap().unwrap();
        assert_eq!(kept.brotli, f.brotli, "{}", f.hashed);
    }
}

/// A real server keeps its build's files for the others when it starts.
#[tokio::test]
async fn a_starting_server_keeps_its_builds_files_for_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pilot.db");
    let server = TestServer::on(&path, ServerLimits::DEFAULT).await;
    let store = Store::connect(&server.database).await.unwrap();
    for f in backend::http::assets::FILES {
        assert!(
            store.widget_file(f.hashed).await.unwrap().is_some(),
            "{}",
            f.hashed
        );
    }
    server.end().await;
}

/// Every file an embedding page fetches is sent gzipped to a browser that takes it, and
/// unpacks to the very file; the build's size report counts these bytes.
#[tokio::test]
async fn every_file_of_the_widget_is_sent_gzipped() {
    use std::io::Read;
    let t = test_app().await;
    for path in [
        "/embed.js",
        "/widget.js",
        "/app.js",
        "/app_bg.wasm",
        "/app.css",
    ] {
        let raw = t.get(path, &[]).await;
        assert!(raw.headers.get("content-encoding").is_none(), "{path}");
        let gz = t.get(path, &[("accept-encoding", "gzip")]).await;
        assert_eq!(gz.headers["content-encoding"], "gzip", "{path}");
        assert_eq!(gz.headers["vary"], "Accept-Encoding", "{path}");
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&gz.body[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, raw.body, "{path}");
        assert!(gz.body.len() < raw.body.len(), "{path}");
    }
}
