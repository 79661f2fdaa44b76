//! A return visit: the widget's files come from the browser's cache without a request, and only
//! the page and the loader are asked for again (and answered 304).

use crate::support::*;

/// What the page loaded from the pilot server (`base`), except the API: `[name, transferSize,
/// encodedBodySize]` for each file, and the same for the page itself.
async fn loaded(c: &fantoccini::Client, base: &str) -> (Vec<(String, u64, u64)>, (u64, u64)) {
    let entries = js(
        c,
        &format!(
            "return performance.getEntriesByType('resource')
               .filter(e => e.name.startsWith('{base}/') && !e.name.includes('/api/'))
               .map(e => [e.name.slice({len}), e.transferSize, e.encodedBodySize]);",
            len = base.len() + 1
        ),
    )
    .await;
    let files = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e[0].as_str().unwrap().to_owned(),
                e[1].as_u64().unwrap(),
                e[2].as_u64().unwrap(),
            )
        })
        .collect();
    let page = js(
        c,
        "const n = performance.getEntriesByType('navigation')[0]; \
         return [n.transferSize, n.encodedBodySize];",
    )
    .await;
    (
        files,
        (page[0].as_u64().unwrap(), page[1].as_u64().unwrap()),
    )
}

fn is_hashed(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 3 && parts[1].len() == 16 && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The server's own form page, loaded twice in one browser: the second time its hashed files
/// come from the cache (nothing on the wire) and the page is revalidated (its body from the
/// cache too).
#[tokio::test(flavor = "multi_thread")]
async fn a_return_visit_takes_the_widgets_files_from_the_cache() {
    let server = tests::TestServer::start().await;
    let browser = tests::Browser::start().await;
    let c = &browser.client;
    let url = format!("{}/embed/sx-provincial", server.base);
    for visit in ["first", "return"] {
        c.goto(&url).await.unwrap();
        until(c, "return !!document.querySelector('#pf-call, .pf-input')").await;
        let (files, (page_sent, page_body)) = loaded(c, &server.base).await;
        let hashed: Vec<_> = files.iter().filter(|(n, _, _)| is_hashed(n)).collect();
        // The loader, the glue, the wasm and the stylesheet, and nothing unhashed.
        assert_eq!(hashed.len(), 4, "{visit}: {files:?}");
        assert_eq!(hashed.len(), files.len(), "{visit}: {files:?}");
        if visit == "first" {
            assert!(hashed.iter().all(|(_, sent, _)| *sent > 0), "{files:?}");
        } else {
            assert!(hashed.iter().all(|(_, sent, _)| *sent == 0), "{files:?}");
            // Revalidated: what came over the wire is less than the page (headers of a 304).
            assert!(
                page_sent > 0 && page_sent < page_body,
                "{page_sent} {page_body}"
            );
        }
    }
}

/// A portal's page with the one script tag, loaded twice: the second time only embed.js is
/// asked for again (a 304), and every file it names comes from the cache.
#[tokio::test(flavor = "multi_thread")]
async fn a_return_visit_to_a_portal_revalidates_only_the_loader() {
    let (portal, _stranger, server, browser) = portals().await;
    let c = &browser.client;
    let mut first_sent = 0;
    for visit in ["first", "return"] {
        c.goto(&format!("{}/", portal.base)).await.unwrap();
        let root = "document.querySelector('[data-pilot-form]').shadowRoot";
        until(
            c,
            &format!("return !!{root} && !!{root}.querySelector('#pf-call')"),
        )
        .await;
        let (files, _) = loaded(c, &server.base).await;
        let embed: Vec<_> = files.iter().filter(|(n, _, _)| n == "embed.js").collect();
        assert_eq!(embed.len(), 1, "{visit}: {files:?}");
        let hashed: Vec<_> = files.iter().filter(|(n, _, _)| is_hashed(n)).collect();
        assert_eq!(hashed.len(), 4, "{visit}: {files:?}");
        assert_eq!(hashed.len() + 1, files.len(), "{visit}: {files:?}");
        let (_, sent, _) = embed[0];
        if visit == "first" {
            first_sent = *sent;
            assert!(hashed.iter().all(|(_, sent, _)| *sent > 0), "{files:?}");
        } else {
            // Asked for again, and less came than the first time: a 304, without the file.
            assert!(
                *sent > 0 && *sent < first_sent,
                "embed.js revalidated: {files:?}"
            );
            assert!(hashed.iter().all(|(_, sent, _)| *sent == 0), "{files:?}");
        }
    }
}
