//! What every API test uses: a fresh database, the application on it (in-process, or a real
//! server on port 0), requests and their replies, the fixtures.

use super::*;

pub(crate) const VALID: &str = vectors::FIXTURE;

pub(crate) struct TestApp {
    pub(crate) router: axum::Router,
    pub(crate) store: Store,
    /// The calls it serves, for the operator's commands.
    pub(crate) calls: Calls,
    /// The database's URL, for a second server or a second connection.
    pub(crate) url: String,
    pub(crate) _dir: TempDir,
}

/// A fresh, empty database for one test: a SQLite file in `dir`, or a new database on the
/// PostgreSQL server named by `PILOT_TEST_POSTGRES`.
pub(crate) async fn fresh_database(dir: &std::path::Path) -> String {
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
pub(crate) fn app_on(store: Store, calls: Calls, origins: &[&str]) -> axum::Router {
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
        wrong_secrets: backend::http::rate::WrongSecrets::per_window(0),
        sign_in: backend::state::SignInFailures::default(),
        oidc: None,
        trusted: Vec::new().into(),
    })
}

pub(crate) async fn test_app() -> TestApp {
    test_app_with(Calls::load(None).unwrap()).await
}

pub(crate) async fn test_app_with(calls: Calls) -> TestApp {
    test_app_allowing(calls, &[]).await
}

pub(crate) async fn test_app_allowing(calls: Calls, origins: &[&str]) -> TestApp {
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
pub(crate) fn stored_row(
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

pub(crate) const BOUNDARY: &str = "pilot-test-boundary";

/// A multipart body: the JSON in `application`, then each file in the part named by its key.
pub(crate) fn multipart(json: &str, files: &[(&str, &str, &[u8])]) -> Vec<u8> {
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

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: axum::http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&self.body));
        })
    }
}

impl TestApp {
    /// Another connection that holds the write lock (SQLite's, or PostgreSQL's on the tables
    /// submissions and recommendations write) until it rolls back: longer than the server
    /// waits for it.
    pub(crate) async fn hold_write_lock(&self) -> sqlx::AnyConnection {
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

    /// Sends `req` and checks the answer against the OpenAPI document (`super::openapi`).
    pub(crate) async fn send(&self, req: Request<Body>) -> Reply {
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        super::openapi::conforms(&method, &path, status, &headers, &body);
        Reply {
            status,
            headers,
            body,
        }
    }

    pub(crate) async fn post(&self, body: impl Into<Body>, lang: Option<&str>) -> Reply {
        let mut req =
            Request::post("/api/v1/submissions").header("content-type", "application/json");
        if let Some(lang) = lang {
            req = req.header("accept-language", lang);
        }
        self.send(req.body(body.into()).unwrap()).await
    }

    /// Posts `json` with the fixture files of `program` as multipart.
    pub(crate) async fn post_with_files(&self, json: &str, files: &[(&str, &str, &[u8])]) -> Reply {
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
    pub(crate) async fn post_program(&self, program: &str, json: &str) -> Reply {
        let files = vectors::attachments(program);
        if files.is_empty() {
            self.post(json.to_owned(), None).await
        } else {
            self.post_with_files(json, &files).await
        }
    }

    pub(crate) async fn get(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }
}

pub(crate) fn fixture() -> Value {
    serde_json::from_str(VALID).unwrap()
}

/// Every error body has this shape.
pub(crate) fn assert_error_shape(body: &Value) {
    let errors = body["errors"].as_array().expect("errors array");
    assert!(!errors.is_empty());
    for e in errors {
        for key in ["path", "code", "severity", "message"] {
            assert!(e[key].is_string(), "{key} in {e}");
        }
    }
}
