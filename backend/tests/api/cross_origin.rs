//! Portals on other origins: CORS only for the allowed ones, the form's files for anyone, and the
//! framed form only inside allowed frames.

use backend::configuration::Cli;

use super::*;

const PORTAL: &str = "https://scjgj.example.gov.cn";

fn cors_headers(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method("OPTIONS")
        .uri("/api/v1/submissions")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key",
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn an_allowed_portal_gets_cors_preflight_included() {
    let t = test_app_allowing(
        Calls::load(None).unwrap(),
        &["https://SCJGJ.example.gov.cn/"],
    )
    .await;
    let pre = t.send(preflight(PORTAL)).await;
    assert_eq!(pre.status, StatusCode::NO_CONTENT);
    let header = |name: &str| pre.headers[name].to_str().unwrap().to_owned();
    assert_eq!(header("access-control-allow-origin"), PORTAL);
    assert!(header("access-control-allow-methods").contains("POST"));
    assert!(header("access-control-allow-headers").contains("idempotency-key"));

    let req = Request::post("/api/v1/submissions")
        .header("origin", PORTAL)
        .header("content-type", "application/json")
        .body(Body::from(vectors::fixture("sx-provincial")))
        .unwrap();
    let stored = t.send(req).await;
    assert_eq!(stored.status, StatusCode::CREATED);
    assert_eq!(stored.headers["access-control-allow-origin"], PORTAL);
    assert_eq!(stored.headers["vary"], "origin");
}

#[tokio::test]
async fn an_origin_not_allowed_gets_no_cors_headers() {
    let t = test_app_allowing(Calls::load(None).unwrap(), &[PORTAL]).await;
    let pre = t.send(preflight("https://elsewhere.example.com")).await;
    assert_eq!(cors_headers(&pre), Vec::<String>::new());
    let list = t
        .get(
            "/api/v1/programs",
            &[("origin", "https://elsewhere.example.com")],
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(cors_headers(&list), Vec::<String>::new());
    // Without any allowed origin, the portal itself gets none either.
    let closed = test_app().await;
    assert_eq!(
        cors_headers(&closed.send(preflight(PORTAL)).await),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn the_form_files_may_be_loaded_from_any_origin() {
    let t = test_app().await;
    for path in ["/widget.js", "/app.js", "/app_bg.wasm", "/app.css"] {
        let reply = t
            .get(path, &[("origin", "https://elsewhere.example.com")])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.headers["access-control-allow-origin"], "*", "{path}");
    }
}

#[test]
fn allowed_origins_are_origins() {
    let parsed = AllowedOrigins::parse(&["https://A.example.cn/", "http://127.0.0.1:8081"]);
    assert!(parsed.is_ok());
    for bad in [
        "*",
        "https://a.cn/form",
        "ftp://a.cn",
        "a.cn",
        "https://",
        "https://a.cn?x",
    ] {
        assert!(AllowedOrigins::parse(&[bad]).is_err(), "{bad}");
    }
    use clap::Parser;
    let config = Cli::try_parse_from([
        "backend",
        "--allow-origin",
        "https://a.example.cn",
        "--allow-origin",
        "http://b.example.cn:8080,https://c.example.cn",
    ])
    .unwrap()
    .config;
    assert_eq!(
        config.allow_origins,
        [
            "https://a.example.cn",
            "http://b.example.cn:8080",
            "https://c.example.cn"
        ]
    );
}

#[tokio::test]
async fn the_framed_form_may_be_framed_only_by_allowed_origins() {
    let t = test_app_allowing(Calls::load(None).unwrap(), &[PORTAL]).await;
    let page = t
        .get("/embed/sx-provincial?call=sx-provincial-demo", &[])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains(&format!("frame-ancestors 'self' {PORTAL}")),
        "{csp}"
    );
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("data-program=\"sx-provincial\""), "{html}");
    assert!(html.contains("data-call=\"sx-provincial-demo\""), "{html}");
    assert!(
        html.contains(&format!("data-parents=\"{PORTAL}\"")),
        "{html}"
    );
    // Only a call id is echoed into the page.
    let odd = t
        .get("/embed/sx-provincial?call=%22%3E%3Cscript%3E", &[])
        .await;
    let html = String::from_utf8(odd.body).unwrap();
    assert!(
        !html.contains("data-call") && !html.contains("<script>"),
        "{html}"
    );
    assert_eq!(
        t.get("/embed/nowhere", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    // Without allowed origins only the server's own pages may frame it.
    let closed = test_app().await.get("/embed/sx-provincial", &[]).await;
    let csp = closed.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
}

/// A submission a page of another site makes its visitors' browsers send (a `no-cors` form
/// POST, which CORS does not stop, only hides the answer of) is refused before it is stored;
/// the server's own pages, an allowed portal and clients that are no browser still submit.
#[tokio::test]
async fn a_change_sent_from_another_site_is_refused() {
    let t = test_app_allowing(Calls::load(None).unwrap(), &[PORTAL]).await;
    let post = |headers: &[(&str, &str)]| {
        let mut req = Request::post("/api/v1/submissions")
            .header("host", "pilot.example.gov.cn")
            .header("content-type", "application/json");
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        req.body(Body::from(vectors::fixture("sx-provincial")))
            .unwrap()
    };
    for (headers, why) in [
        (
            vec![("origin", "https://spam.example.com")],
            "another origin",
        ),
        (vec![("origin", "null")], "an opaque origin"),
        (
            vec![("sec-fetch-site", "cross-site")],
            "no Origin, but the browser says cross-site",
        ),
        // X-Forwarded-Proto is believed only from a trusted proxy.
        (
            vec![
                ("origin", "https://pilot.example.gov.cn"),
                ("x-forwarded-proto", "https"),
            ],
            "https claimed by no proxy of ours",
        ),
    ] {
        let refused = t.send(post(&headers)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{why}");
        assert_eq!(refused.json()["errors"][0]["code"], "cross_site", "{why}");
    }
    assert_eq!(t.store.count().await.unwrap(), 0);
    for (headers, why) in [
        (
            vec![("origin", "http://pilot.example.gov.cn")],
            "its own page",
        ),
        (
            vec![
                ("origin", "http://pilot.example.gov.cn"),
                ("sec-fetch-site", "same-origin"),
            ],
            "its own page, said by the browser",
        ),
        (vec![("origin", PORTAL)], "an allowed portal"),
        (vec![], "a script or curl"),
        (vec![("sec-fetch-site", "none")], "typed by the user"),
    ] {
        let stored = t.send(post(&headers)).await;
        assert_eq!(stored.status, StatusCode::CREATED, "{why}");
    }
    // Reading is never refused.
    let read = t
        .get(
            "/api/v1/programs",
            &[("origin", "https://spam.example.com")],
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
}
