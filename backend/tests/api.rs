//! The API, driven in-process with `oneshot` and as a real server on port 0, each with a fresh
//! SQLite file.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use backend::configuration::Config;
use backend::startup::{AppState, Server, app};
use backend::store::Store;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;

#[path = "../../shared/tests/support.rs"]
mod vectors;

const VALID: &str = vectors::FIXTURE;

struct TestApp {
    router: axum::Router,
    store: Store,
    _dir: TempDir,
}

async fn test_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = Store::connect(&url).await.unwrap();
    TestApp {
        router: app(AppState {
            store: store.clone(),
        }),
        store,
        _dir: dir,
    }
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
    let reply = t.post(VALID, None).await;
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
    let reply = t.post(app.to_string(), None).await;
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
    let reply = t.post(bad.clone(), None).await;
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

    let english = t.post(bad, Some("en-US,en;q=0.9")).await.json();
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
    let reply = t.post(app.to_string(), None).await;
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
    let body = t.post(app.to_string(), None).await.json();
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
    assert_eq!(list[0]["id"], "cq-municipal");
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
    assert_eq!(program["plan"]["stages"][0]["name"], "启动阶段");

    let missing = t.get("/api/v1/programs/nowhere", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_error_shape(&missing.json());
    let unknown = t.get("/api/v1/nothing-here", &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_error_shape(&unknown.json());
}

#[tokio::test]
async fn the_page_and_the_wasm_are_served() {
    let t = test_app().await;
    let page = t.get("/", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&page.body).contains("/widget.js"));
    assert!(
        page.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("'wasm-unsafe-eval'")
    );

    let raw = t.get("/app_bg.wasm", &[]).await;
    assert_eq!(raw.headers["content-type"], "application/wasm");
    assert_eq!(&raw.body[..4], b"\0asm");
    let gz = t
        .get("/app_bg.wasm", &[("accept-encoding", "gzip, br")])
        .await;
    assert_eq!(gz.headers["content-encoding"], "gzip");
    assert_eq!(&gz.body[..2], &[0x1f, 0x8b]);
    assert!(gz.body.len() < raw.body.len());

    let js = t.get("/app.js", &[]).await;
    assert!(
        js.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let widget = String::from_utf8(t.get("/widget.js", &[]).await.body).unwrap();
    assert!(widget.contains("mount("));
}

/// The real server on port 0, stopped and started again on the same SQLite file.
#[tokio::test]
async fn submissions_survive_a_restart_of_the_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: format!("sqlite://{}", dir.path().join("nested/pilot.db").display()),
    };
    let client = reqwest::Client::new();

    let server = Server::build(&config).await.unwrap();
    let base = format!("http://{}", server.addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));
    let res = client
        .post(format!("{base}/api/v1/submissions"))
        .header("content-type", "application/json")
        .body(VALID)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let receipt = res.json::<Value>().await.unwrap()["receipt"]
        .as_str()
        .unwrap()
        .to_owned();
    stop.send(()).unwrap();
    running.await.unwrap().unwrap();

    // A new server process would see the same file.
    let server = Server::build(&config).await.unwrap();
    let base = format!("http://{}", server.addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));
    let page = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    stop.send(()).unwrap();
    running.await.unwrap().unwrap();

    let store = Store::connect(&config.database).await.unwrap();
    let stored = store
        .find_by_receipt(&receipt)
        .await
        .unwrap()
        .expect("still there");
    assert_eq!(stored.data["project"]["name"], "智慧物流服务标准化试点");
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
        let reply = t.post(vectors::apply(vector).to_string(), None).await;
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
