//! The API, driven in-process with `oneshot` and as a real server on port 0, each with a fresh
//! database: a SQLite file, or a new PostgreSQL database on the server that
//! `PILOT_TEST_POSTGRES` names (`postgres://user@host:port`; tests/run.sh runs these tests
//! both ways). Tests named `sqlite_…` are about the SQLite file itself and run only on it;
//! every other test runs on both.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use backend::calls::Calls;
use backend::configuration::{Config, ServerLimits};
use backend::http::cors::AllowedOrigins;
use backend::startup::{AppState, Server, app};
use backend::store::Store;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;

#[path = "../../../shared/tests/support/mod.rs"]
mod vectors;

mod chain;
mod corrections;
mod cross_origin;
mod durability;
mod exports;
mod faults;
mod hardening;
mod hostile;
mod idempotency;
mod recommend;
mod review;
mod servers;
mod upgrades;

const VALID: &str = vectors::FIXTURE;

struct TestApp {
    router: axum::Router,
    store: Store,
    /// The calls it serves, for the operator's commands.
    calls: Calls,
    /// The database's URL, for a second server or a second connection.
    url: String,
    _dir: TempDir,
}

/// A fresh, empty database for one test: a SQLite file in `dir`, or a new database on the
/// PostgreSQL server named by `PILOT_TEST_POSTGRES`.
async fn fresh_database(dir: &std::path::Path) -> String {
    use sqlx::Connection;
    match std::env::var("PILOT_TEST_POSTGRES") {
        Ok(server) => {
            let name = format!("test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
                .await
                .expect("the PostgreSQL server of PILOT_TEST_POSTGRES");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .unwrap();
            format!("{server}/{name}")
        }
        Err(_) => format!("sqlite://{}", dir.join("test.db").display()),
    }
}

/// The application on a store of `url`, as `test_app` builds it.
fn app_on(store: Store, calls: Calls, origins: &[&str]) -> axum::Router {
    app(AppState {
        store,
        calls: Arc::new(calls),
        origins: Arc::new(AllowedOrigins::parse(origins).unwrap()),
        uploads: backend::http::uploads::Uploads::new(
            ServerLimits::DEFAULT.upload_memory,
            backend::intake::multipart_limit(),
            std::time::Duration::from_secs(ServerLimits::DEFAULT.upload_wait),
        ),
        rate: backend::http::rate::SubmissionRate::per_minute(0),
        trusted: Vec::new().into(),
    })
}

async fn test_app() -> TestApp {
    test_app_with(Calls::load(None).unwrap()).await
}

async fn test_app_with(calls: Calls) -> TestApp {
    test_app_allowing(calls, &[]).await
}

async fn test_app_allowing(calls: Calls, origins: &[&str]) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let store = Store::connect(&url).await.unwrap();
    TestApp {
        router: app_on(store.clone(), calls.clone(), origins),
        calls,
        store,
        url,
        _dir: dir,
    }
}

/// A submission as the store takes it, for tests that write through the store directly.
fn stored_row(
    id: &str,
    receipt: &str,
    program: &str,
    submitted_at: &str,
) -> backend::store::NewSubmission {
    backend::store::NewSubmission {
        id: id.into(),
        receipt: receipt.into(),
        program: program.into(),
        call: format!("{program}-demo"),
        applicant_name: "a".into(),
        credit_code: "c".into(),
        project_name: "p".into(),
        unit: String::new(),
        domain: String::new(),
        schema_version: shared::SCHEMA_VERSION,
        data: vectors::fixture(program).into(),
        submitted_at: submitted_at.into(),
        secret_hash: String::new(),
    }
}

/// A real server on port 0 over the SQLite file at `path`, and what a test needs to stop it and
/// watch it end.
struct Running {
    addr: String,
    database: String,
    stop: tokio::sync::oneshot::Sender<()>,
    ended: tokio::task::JoinHandle<()>,
}

impl Running {
    async fn on(path: &std::path::Path, limits: ServerLimits) -> Running {
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database: format!("sqlite://{}", path.display()),
            calls: None,
            allow_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            sqlite_max_pages: None,
            limits,
        };
        let server = Server::build(&config).await.unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        Running {
            addr: server.addr().to_string(),
            database: config.database,
            stop,
            ended: tokio::spawn(server.run_until(async {
                let _ = stopped.await;
            })),
        }
    }

    /// Stops the server and waits until it has ended.
    async fn end(self) {
        self.stop.send(()).unwrap();
        self.ended.await.unwrap();
    }
}

const BOUNDARY: &str = "pilot-test-boundary";

/// A multipart body: the JSON in `application`, then each file in the part named by its key.
fn multipart(json: &str, files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut part = |headers: String, bytes: &[u8]| {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n{headers}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"application\"\r\nContent-Type: application/json"
            .into(),
        json.as_bytes(),
    );
    for (key, name, bytes) in files {
        part(
            format!(
                "Content-Disposition: form-data; name=\"{key}\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream"
            ),
            bytes,
        );
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&self.body));
        })
    }
}

impl TestApp {
    /// Another connection that holds the write lock (SQLite's, or PostgreSQL's on the tables
    /// submissions and recommendations write) until it rolls back: longer than the server
    /// waits for it.
    async fn hold_write_lock(&self) -> sqlx::AnyConnection {
        use sqlx::Connection;
        let mut other = sqlx::AnyConnection::connect(&self.url).await.unwrap();
        let lock = match self.store.backend() {
            backend::store::Backend::Sqlite => "BEGIN IMMEDIATE",
            backend::store::Backend::Postgres => {
                "BEGIN; LOCK TABLE submissions, recommendations IN EXCLUSIVE MODE"
            }
        };
        sqlx::raw_sql(lock).execute(&mut other).await.unwrap();
        other
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn post(&self, body: impl Into<Body>, lang: Option<&str>) -> Reply {
        let mut req =
            Request::post("/api/v1/submissions").header("content-type", "application/json");
        if let Some(lang) = lang {
            req = req.header("accept-language", lang);
        }
        self.send(req.body(body.into()).unwrap()).await
    }

    /// Posts `json` with the fixture files of `program` as multipart.
    async fn post_with_files(&self, json: &str, files: &[(&str, &str, &[u8])]) -> Reply {
        let req = Request::post("/api/v1/submissions")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(multipart(json, files)))
            .unwrap();
        self.send(req).await
    }

    /// Posts a program's application the way the form does: with its fixture files.
    async fn post_program(&self, program: &str, json: &str) -> Reply {
        let files = vectors::attachments(program);
        if files.is_empty() {
            self.post(json.to_owned(), None).await
        } else {
            self.post_with_files(json, &files).await
        }
    }

    async fn get(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }
}

fn fixture() -> Value {
    serde_json::from_str(VALID).unwrap()
}

/// Every error body has this shape.
fn assert_error_shape(body: &Value) {
    let errors = body["errors"].as_array().expect("errors array");
    assert!(!errors.is_empty());
    for e in errors {
        for key in ["path", "code", "severity", "message"] {
            assert!(e[key].is_string(), "{key} in {e}");
        }
    }
}

#[tokio::test]
async fn valid_fixture_is_stored_with_a_receipt() {
    let t = test_app().await;
    let reply = t.post_program("cq-municipal", VALID).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let body = reply.json();
    let receipt = body["receipt"].as_str().unwrap();
    assert_eq!(receipt.len(), 9);
    assert!(body["id"].as_str().unwrap().len() >= 32);
    assert!(body["submitted_at"].as_str().unwrap().ends_with("+08:00"));
    assert_eq!(body["warnings"], json!([]));

    let stored = t
        .store
        .find_by_receipt(receipt)
        .await
        .unwrap()
        .expect("row");
    assert_eq!(stored.program, "cq-municipal");
    assert_eq!(stored.schema_version, i64::from(shared::SCHEMA_VERSION));
    assert_eq!(
        stored.data["applicant"]["credit_code"],
        "91500112MA5U7K8T4J"
    );
}

#[tokio::test]
async fn stored_json_is_the_normalized_application() {
    let t = test_app().await;
    let mut app = fixture();
    app["applicant"]["credit_code"] = json!("91500112 ma5u7k8t4j");
    app["applicant"]["name"] = json!("  重庆市渝北区示例物流有限公司 ");
    app["contacts"]["mobile"] = json!("+86 138 1234 5678");
    let reply = t.post_program("cq-municipal", &app.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let receipt = reply.json()["receipt"].as_str().unwrap().to_owned();
    let stored = t.store.find_by_receipt(&receipt).await.unwrap().unwrap();
    assert_eq!(stored.credit_code, "91500112MA5U7K8T4J");
    assert_eq!(
        stored.data["applicant"]["name"],
        "重庆市渝北区示例物流有限公司"
    );
    assert_eq!(stored.data["contacts"]["mobile"], "13812345678");
}

#[tokio::test]
async fn one_wrong_character_in_the_credit_code_is_a_422_at_its_path() {
    let t = test_app().await;
    let bad = VALID.replace("91500112MA5U7K8T4J", "91500112MA5U7K8T4K");
    let reply = t.post_program("cq-municipal", &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["path"], "applicant.credit_code");
    assert_eq!(body["errors"][0]["code"], "credit_code_check");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("校验位")
    );
    // Nothing invalid is ever written.
    assert_eq!(t.store.count().await.unwrap(), 0);

    let req = Request::post("/api/v1/submissions")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("accept-language", "en-US,en;q=0.9")
        .body(Body::from(multipart(
            &bad,
            &vectors::attachments("cq-municipal"),
        )))
        .unwrap();
    let english = t.send(req).await.json();
    assert!(
        english["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("check character")
    );
}

#[tokio::test]
async fn warnings_do_not_block() {
    let t = test_app().await;
    let mut app = fixture();
    app["plan"][1]["start"] = json!("2024-03");
    let reply = t.post_program("cq-municipal", &app.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let warnings = reply.json()["warnings"].clone();
    assert_eq!(warnings[0]["path"], "plan.1.start");
    assert_eq!(warnings[0]["code"], "stage_gap");
    assert_eq!(warnings[0]["severity"], "warning");
}

#[tokio::test]
async fn a_missing_or_mistyped_field_is_a_422_at_its_path() {
    let t = test_app().await;
    let mut app = fixture();
    app["standardization"]["staff_count"] = json!("three");
    let body = t.post(app.to_string(), None).await;
    assert_eq!(body.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = body.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["path"], "standardization.staff_count");
    assert_eq!(body["errors"][0]["code"], "invalid_type");

    let mut app = fixture();
    app["project"].as_object_mut().unwrap().remove("name");
    let body = t
        .post_program("cq-municipal", &app.to_string())
        .await
        .json();
    assert_eq!(body["errors"][0]["path"], "project.name");
    assert_eq!(body["errors"][0]["code"], "required");

    let body = t.post("[]", None).await;
    assert_eq!(body.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error_shape(&body.json());
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let t = test_app().await;
    let reply = t.post("{\"program\": \"cq-municipal\",", None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let body = reply.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["code"], "malformed_json");
}

#[tokio::test]
async fn bodies_over_one_megabyte_are_a_413() {
    let t = test_app().await;
    let mut app = fixture();
    app["project"]["summary"] = json!("长".repeat(400_000));
    let reply = t.post(app.to_string(), None).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let body = reply.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["code"], "body_too_large");
}

#[tokio::test]
async fn non_json_content_is_a_415() {
    let t = test_app().await;
    let req = Request::post("/api/v1/submissions")
        .header("content-type", "text/plain")
        .body(Body::from(VALID))
        .unwrap();
    let reply = t.send(req).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error_shape(&reply.json());
}

#[tokio::test]
async fn programs_are_listed_and_defined() {
    let t = test_app().await;
    let list = t.get("/api/v1/programs", &[]).await.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "cq-municipal",
            "sx-provincial",
            "national-hightech",
            "national-service-demo",
            "national-social-pilot",
            "sh-municipal"
        ]
    );
    assert!(list[0]["title"].as_str().unwrap().contains("重庆"));

    let program = t.get("/api/v1/programs/cq-municipal", &[]).await.json();
    let keys: Vec<&str> = program["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .filter_map(|i| i["key"].as_str())
        .collect();
    assert!(keys.contains(&"applicant.credit_code"));
    assert_eq!(program["plan"]["layout"], "stages");
    assert_eq!(program["plan"]["stages"][0]["name"], "启动阶段");
    assert_eq!(program["attachments"][0]["key"], "implementation_plan");
    // Each condition says every way it is checked: the legal-person condition by the credit
    // code's registration (a blocking rule) and by a declaration.
    let legal = &program["conditions"][0]["check"];
    assert_eq!(legal[0]["by"], "rule");
    assert_eq!(legal[0]["code"], "not_legal_person");
    assert_eq!(legal[0]["severity"], "error");
    assert_eq!(legal[1], json!({"by": "declaration", "at": "legal_person"}));
    assert!(program["hand_in"]["paper"].as_str().unwrap().contains("A4"));
    // Every opinion block with its stable key, for the reviewers' opinions to name.
    assert_eq!(
        program["opinion_blocks"][1],
        json!({
            "key": "区县市场监管局推荐意见",
            "label": "区县市场监管局推荐意见",
            "text": "区县市场监管局推荐意见：\n（盖章）",
        })
    );
    let keys: Vec<&str> = program["opinion_blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "申报试点示范项目单位意见",
            "区县市场监管局推荐意见",
            "初审意见",
            "专家评审意见",
            "市局审批意见"
        ]
    );
    let sx = t.get("/api/v1/programs/sx-provincial", &[]).await.json();
    assert_eq!(sx["plan"]["kinds"][4], "申请评估");
    assert_eq!(sx["opinion_blocks"][2]["key"], "保证单位");
    assert_eq!(sx["opinion_blocks"][4]["label"], "管理单位（盖章）");
    assert_eq!(sx["region_min_percent"], 50);
    let sh = t.get("/api/v1/programs/sh-municipal", &[]).await.json();
    assert_eq!(sh["contacts"].as_array().unwrap().len(), 6);

    let missing = t.get("/api/v1/programs/nowhere", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_error_shape(&missing.json());
    let unknown = t.get("/api/v1/nothing-here", &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_error_shape(&unknown.json());
}

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

/// Every error answer is worded in the request's language in one place, whichever route made
/// it: a reviewer route's 401, an unknown program's 404 on a compressed route, a path no route
/// has, the framed form of no program.
#[tokio::test]
async fn every_error_is_worded_in_the_language_asked_for() {
    let t = test_app().await;
    let english = [("accept-language", "en"), ("accept-encoding", "gzip, br")];
    for (uri, status, code) in [
        (
            "/api/v1/submissions",
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
        (
            "/api/v1/form?program=nope",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/api/v1/no/such/route", StatusCode::NOT_FOUND, "not_found"),
        ("/embed/nope", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let zh = t.get(uri, &[]).await;
        assert_eq!(zh.status, status, "{uri}");
        let zh = zh.json();
        assert_error_shape(&zh);
        assert_eq!(zh["errors"][0]["code"], code, "{uri}");
        let en = t.get(uri, &english).await;
        assert_eq!(en.status, status, "{uri}");
        assert!(en.headers.get("content-encoding").is_none(), "{uri}");
        let en = en.json();
        assert_eq!(en["errors"][0]["code"], code, "{uri}");
        let message = en["errors"][0]["message"].as_str().unwrap();
        assert!(message.is_ascii(), "{uri}: {message}");
        assert_ne!(
            en["errors"][0]["message"], zh["errors"][0]["message"],
            "{uri}"
        );
    }
    // A 401 says how to sign in, whatever the language.
    let unauthorized = t.get("/api/v1/submissions", &english).await;
    assert_eq!(unauthorized.headers["www-authenticate"], "Bearer");
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
    let server = Running::on(&path, ServerLimits::DEFAULT).await;
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

/// The real server on port 0, stopped and started again on the same SQLite file.
#[tokio::test]
async fn submissions_survive_a_restart_of_the_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/pilot.db");
    let client = reqwest::Client::new();

    let server = Running::on(&path, ServerLimits::DEFAULT).await;
    let base = format!("http://{}", server.addr);
    let (key, name, bytes) = vectors::attachments("cq-municipal")[0];
    let form = reqwest::multipart::Form::new()
        .part(
            "application",
            reqwest::multipart::Part::text(VALID)
                .mime_str("application/json")
                .unwrap(),
        )
        .part(key, reqwest::multipart::Part::bytes(bytes).file_name(name));
    let res = client
        .post(format!("{base}/api/v1/submissions"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let receipt = res.json::<Value>().await.unwrap()["receipt"]
        .as_str()
        .unwrap()
        .to_owned();
    server.end().await;

    // A new server process would see the same file.
    let server = Running::on(&path, ServerLimits::DEFAULT).await;
    let page = client
        .get(format!("http://{}/", server.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let database = server.database.clone();
    server.end().await;

    let store = Store::connect(&database).await.unwrap();
    let stored = store
        .find_by_receipt(&receipt)
        .await
        .unwrap()
        .expect("still there");
    assert_eq!(stored.data["project"]["name"], "智慧物流服务标准化试点");
    assert_eq!(stored.attachments[0].key, "implementation_plan");
    assert_eq!(store.count().await.unwrap(), 1);
}

/// Every rule holds on the server at its canonical path: each test vector posted to the API gives
/// 422 with exactly its expected errors, or 201 with exactly its expected warnings. Vectors marked
/// `dated` are left out: they assume the vectors' day, and the server's "today" is its own clock.
#[tokio::test]
async fn every_test_vector_holds_on_the_server() {
    let t = test_app().await;
    let all: Vec<Value> = serde_json::from_str(vectors::VECTORS).unwrap();
    let mut checked = 0;
    for vector in all.iter().filter(|v| v["dated"] != true) {
        let name = vector["name"].as_str().unwrap();
        let reply = t
            .post_program(
                vectors::program_of(vector),
                &vectors::apply(vector).to_string(),
            )
            .await;
        let body = reply.json();
        let entries = |key: &str| {
            let mut got: Vec<(String, String)> = body[key]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: {body}"))
                .iter()
                .map(|e| {
                    (
                        e["path"].as_str().unwrap().to_owned(),
                        e["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            got.sort();
            got
        };
        let errors = vectors::expected(vector, Some(shared::Severity::Error));
        if errors.is_empty() {
            assert_eq!(reply.status, StatusCode::CREATED, "{name}: {body}");
            let warnings = vectors::expected(vector, Some(shared::Severity::Warning));
            assert_eq!(entries("warnings"), warnings, "{name}");
        } else {
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
            assert_eq!(entries("errors"), errors, "{name}");
        }
        checked += 1;
    }
    assert!(checked > 100, "only {checked} vectors");
}

/// Every program's fixture, with the attachment files beside it, is accepted; its files are
/// stored with it, byte for byte.
#[tokio::test]
async fn every_programs_fixture_is_accepted() {
    let t = test_app().await;
    for program in shared::PROGRAMS {
        let reply = t
            .post_program(program.id, vectors::fixture(program.id))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{}: {}",
            program.id,
            reply.json()
        );
        let receipt = reply.json()["receipt"].as_str().unwrap().to_owned();
        let stored = t.store.find_by_receipt(&receipt).await.unwrap().unwrap();
        assert_eq!(stored.program, program.id);
        let files = vectors::attachments(program.id);
        assert_eq!(stored.attachments.len(), files.len(), "{}", program.id);
        for (key, name, bytes) in files {
            let data = t
                .store
                .attachment_data(&stored.id, key)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(data, bytes, "{}: {key}", program.id);
            let meta = stored.attachments.iter().find(|a| a.key == key).unwrap();
            assert_eq!(meta.file_name, name);
        }
    }
    assert_eq!(t.store.count().await.unwrap(), 6);
}

#[tokio::test]
async fn a_json_only_post_is_enough_where_no_attachment_is_required() {
    let t = test_app().await;
    let reply = t
        .post(vectors::fixture("sx-provincial").to_owned(), None)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
}

#[tokio::test]
async fn a_missing_required_attachment_is_a_422_at_its_key() {
    let t = test_app().await;
    let reply = t.post(VALID.to_owned(), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    assert_eq!(body["errors"][0]["path"], "attachments.implementation_plan");
    assert_eq!(body["errors"][0]["code"], "attachment_missing");
    assert_eq!(
        t.store.count().await.unwrap(),
        0,
        "nothing is stored before a valid submit"
    );
}

/// The service demonstration's notice asks for no evaluation notice file: an application
/// without one is stored, the date it states left to the reviewers.
#[tokio::test]
async fn a_service_demonstration_goes_in_without_the_evaluation_notice_file() {
    let t = test_app().await;
    let reply = t
        .post(vectors::fixture("national-service-demo").to_owned(), None)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_size() {
    let t = test_app().await;
    let fake: &[u8] = b"this is text, whatever the name says";
    let reply = t
        .post_with_files(VALID, &[("implementation_plan", "plan.pdf", fake)])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    assert_eq!(body["errors"][0]["path"], "attachments.implementation_plan");
    assert_eq!(body["errors"][0]["code"], "attachment_format");

    // Over 20 MB, though a real PDF, and though the multipart body limit lets it through.
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(shared::rules::attachments::MAX_BYTES + 1 - 6, b' ');
    big.extend_from_slice(b"%%EOF\n");
    let reply = t
        .post_with_files(VALID, &[("implementation_plan", "plan.pdf", &big)])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["code"], "attachment_too_large");

    let pdf = vectors::attachments("cq-municipal")[0].2;
    let reply = t
        .post_with_files(
            VALID,
            &[
                ("implementation_plan", "p.pdf", pdf),
                // Another program's attachment (a key no program has is a 400: see hostile.rs).
                ("pilot_evaluation_notice", "x.pdf", pdf),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["errors"][0]["path"],
        "attachments.pilot_evaluation_notice"
    );
    assert_eq!(reply.json()["errors"][0]["code"], "unknown_field");

    // A DOCX recognized by its content, under any name.
    let docx = vectors::attachments("national-hightech")[0].2;
    let reply = t
        .post_with_files(VALID, &[("implementation_plan", "方案", docx)])
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    assert_eq!(t.store.count().await.unwrap(), 1);
}

#[tokio::test]
async fn a_multipart_body_without_the_application_is_a_422() {
    let t = test_app().await;
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"implementation_plan\"\r\n\r\n1\r\n--{BOUNDARY}--\r\n"
    );
    let req = Request::post("/api/v1/submissions")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap();
    let reply = t.send(req).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["path"], "application");
}

#[tokio::test]
async fn a_call_whose_closing_instant_has_passed_refuses_with_409() {
    let calls = Calls::parse(
        "[[call]]\nid = 'cq-2023'\nprogram = 'cq-municipal'\nyear = 2023\ntitle = '2023年度'\n\
         opens = 2023-07-24T00:00:00\ncloses = 2023-08-11T17:30:00\nunits = ['渝北区']\n\
         [[call]]\nid = 'cq-2099'\nprogram = 'cq-municipal'\nyear = 2099\ntitle = '2099年度'\n\
         opens = 2099-01-01T09:00:00",
    )
    .unwrap();
    let t = test_app_with(calls).await;
    let app = VALID.replace("cq-municipal-demo", "cq-2023");
    let reply = t.post_program("cq-municipal", &app).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let body = reply.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["code"], "call_closed");
    assert_eq!(body["errors"][0]["path"], "call");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2023-08-11 17:30")
    );

    let early = t
        .post_program(
            "cq-municipal",
            &VALID.replace("cq-municipal-demo", "cq-2099"),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.json()["errors"][0]["code"], "call_not_open");

    let unknown = t.post_program("cq-municipal", VALID).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["errors"][0]["path"], "call");
    assert_eq!(unknown.json()["errors"][0]["code"], "unknown_call");
    assert_eq!(t.store.count().await.unwrap(), 0);

    let listed = t
        .get("/api/v1/programs/cq-municipal/calls", &[])
        .await
        .json();
    assert_eq!(listed[0]["id"], "cq-2099");
    assert_eq!(listed[0]["state"], "upcoming");
    assert_eq!(listed[1]["state"], "closed");
    assert_eq!(listed[1]["closes_at"], "2023-08-11 17:30");
}

#[tokio::test]
async fn a_call_of_another_program_is_unknown() {
    let t = test_app().await;
    let app = VALID.replace("cq-municipal-demo", "sh-municipal-demo");
    let reply = t.post_program("cq-municipal", &app).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["code"], "unknown_call");
}

/// The service demonstration's one-year rule against the server's own clock.
#[tokio::test]
async fn a_service_pilot_evaluated_less_than_a_year_ago_is_refused() {
    let t = test_app().await;
    let today = shared::Date::in_shanghai(time::OffsetDateTime::now_utc().unix_timestamp());
    let mut app: Value = serde_json::from_str(vectors::fixture("national-service-demo")).unwrap();
    app["prior_pilot"]["evaluated_on"] = json!(today.minus_months(11).to_string());
    let reply = t
        .post_program("national-service-demo", &app.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["errors"][0]["path"],
        "prior_pilot.evaluated_on"
    );
    assert_eq!(reply.json()["errors"][0]["code"], "prior_too_recent");

    app["prior_pilot"]["evaluated_on"] = json!(today.minus_months(12).to_string());
    let reply = t
        .post_program("national-service-demo", &app.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
}

#[tokio::test]
async fn calls_are_listed_with_their_state() {
    let t = test_app().await;
    let calls = t.get("/api/v1/calls", &[]).await.json();
    assert_eq!(calls.as_array().unwrap().len(), 6);
    assert!(
        calls
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["state"] == "open" && c["closes_at"].is_null())
    );
    let missing = t.get("/api/v1/programs/nowhere/calls", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// A call's own hand-in words ([call.hand_in]) reach the form and the calls list, the
/// program's standing in for what the call does not say.
#[tokio::test]
async fn a_call_says_how_its_paper_goes_in() {
    let t = test_app_with(Calls::parse(include_str!("../../calls.example.toml")).unwrap()).await;
    let form = t
        .get("/api/v1/form?program=sx-provincial", &[])
        .await
        .json();
    let hand_in = &form["calls"][0]["hand_in"];
    assert!(
        hand_in["copies"].as_str().unwrap().contains("一式5份"),
        "{hand_in}"
    );
    assert!(
        hand_in["to"].as_str().unwrap().contains("晋城市"),
        "{hand_in}"
    );
    let calls = t.get("/api/v1/calls", &[]).await.json();
    let cq = calls
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["program"] == "cq-municipal")
        .unwrap();
    assert_eq!(cq["closes_at"], "2023-08-12 00:00");
    assert!(cq["hand_in"]["paper"].as_str().unwrap().contains("A4"));
    assert!(cq["hand_in"]["to"].as_str().unwrap().contains("渝北区"));
}

/// The form's one request: every program to pick from, the one definition it renders (as
/// `shared` serializes it, without the conditions the form never shows) and that program's
/// calls.
#[tokio::test]
async fn the_form_gets_its_program_and_calls_in_one_answer() {
    let t = test_app().await;
    let form = t.get("/api/v1/form?program=sx-provincial", &[]).await;
    assert_eq!(form.status, StatusCode::OK);
    let form = form.json();
    let ids: Vec<&str> = form["programs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let known: Vec<&str> = shared::PROGRAMS.iter().map(|p| p.id).collect();
    assert_eq!(ids, known);
    let program = shared::programs::find("sx-provincial").unwrap();
    assert_eq!(form["program"], serde_json::to_value(program).unwrap());
    assert!(form["program"].get("conditions").is_none());
    assert_eq!(form["calls"][0]["program"], "sx-provincial");
    assert_eq!(form["calls"][0]["state"], "open");

    // Without a program (the standalone page's picker), the first one.
    let first = t.get("/api/v1/form", &[]).await.json();
    assert_eq!(first["program"]["id"], known[0]);
    let missing = t.get("/api/v1/form?program=nowhere", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// The definition is on the form's way to being usable: it goes compressed to a browser that
/// accepts gzip.
#[tokio::test]
async fn the_form_answer_is_sent_gzipped() {
    use std::io::Read;
    let t = test_app().await;
    let plain = t.get("/api/v1/form?program=sx-provincial", &[]).await;
    let zipped = t
        .get(
            "/api/v1/form?program=sx-provincial",
            &[("accept-encoding", "gzip")],
        )
        .await;
    assert_eq!(zipped.headers["content-encoding"], "gzip");
    assert!(
        zipped.body.len() * 2 < plain.body.len(),
        "{}",
        zipped.body.len()
    );
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, plain.body);
}
