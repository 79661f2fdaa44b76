//! The OpenAPI document (`GET /api/v1/openapi.json`): valid OpenAPI 3.1, naming every route,
//! and true: [`conforms`] checks every answer the API tests receive — in process through
//! `TestApp::send`, from a real server through [`read`] — against the schema the document gives
//! its route and status.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use axum::http::Method;

use super::*;

/// The document, as the server serves it.
static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_slice(backend::routes::document()).expect("the document is JSON")
});

/// Validators by operation and status, built once each.
static VALIDATORS: LazyLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> =
    LazyLock::new(Default::default);

/// The documented path template `path` matches (`/api/v1/receipts/{receipt}` for
/// `/api/v1/receipts/7KQ3-M9XA`).
fn template(path: &str) -> Option<&'static str> {
    let paths = DOCUMENT["paths"].as_object().expect("paths");
    let segments: Vec<_> = path.split('/').collect();
    paths.keys().map(String::as_str).find(|t| {
        let parts: Vec<_> = t.split('/').collect();
        parts.len() == segments.len()
            && parts
                .iter()
                .zip(&segments)
                .all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}') && !s.is_empty()))
    })
}

/// A validator of `schema`, whose `$ref`s name the document's components: the schema sits
/// under `allOf` in a root that carries `components`, where those references point.
fn validator(key: String, schema: &Value) -> Arc<jsonschema::Validator> {
    let mut cache = VALIDATORS.lock().unwrap();
    cache
        .entry(key)
        .or_insert_with(|| {
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": DOCUMENT["components"],
                "allOf": [schema],
            });
            Arc::new(jsonschema::validator_for(&root).expect("a valid schema"))
        })
        .clone()
}

/// Panics unless the answer is one the document gives: its route and method documented, its
/// status among the operation's answers, and a JSON body valid against that answer's schema.
/// An undocumented path may only be the API's 404 (or 405 for a method it does not take).
pub(crate) fn conforms(
    method: &Method,
    path: &str,
    status: StatusCode,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) {
    let documented = path == "/healthz" || path.starts_with("/api/v1/");
    // A CORS preflight is the browser's question, answered by the CORS layer for every route.
    if !documented || method == Method::OPTIONS {
        return;
    }
    let Some(template) = template(path) else {
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{method} {path}: no such route in the document, yet answered {status}"
        );
        return;
    };
    let operation = &DOCUMENT["paths"][template][method.as_str().to_lowercase()];
    if operation.is_null() {
        assert_eq!(
            status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: the document has no {method} on {template}, yet answered {status}"
        );
        return;
    }
    let answer = &operation["responses"][status.as_str()];
    assert!(
        !answer.is_null(),
        "{method} {template} answered {status}, which the document does not give: {}",
        String::from_utf8_lossy(body)
    );
    let json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    let schema = &answer["content"]["application/json"]["schema"];
    if !json {
        assert!(
            schema.is_null(),
            "{method} {template} {status}: documented as JSON, answered otherwise"
        );
        return;
    }
    assert!(
        !schema.is_null(),
        "{method} {template} {status}: answered JSON the document does not describe"
    );
    let value: Value = serde_json::from_slice(&decoded(headers, body)).expect("a JSON answer");
    let check = validator(format!("{method} {template} {status}"), schema);
    let errors: Vec<_> = check
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {template} {status} does not match the document:\n{}\n{value:#}",
        errors.join("\n")
    );
}

/// Reads a real server's answer to a `method` request whole, as the [`Reply`] `TestApp::send`
/// gives, and checks it as [`conforms`] checks the in-process ones, so that what only a real
/// server answers — under load, while its database restarts, on a full disk, at the rate
/// limit — is held to the document too. A body that cannot be read (the server killed
/// mid-answer) is the error, unchecked.
pub(crate) async fn read(method: Method, answer: reqwest::Response) -> reqwest::Result<Reply> {
    let status = answer.status();
    let headers = answer.headers().clone();
    let path = answer.url().path().to_owned();
    let body = answer.bytes().await?.to_vec();
    conforms(&method, &path, status, &headers, &body);
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// The body without its content encoding.
fn decoded(headers: &axum::http::HeaderMap, body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    match headers
        .get(axum::http::header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
    {
        Some("gzip") => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .unwrap();
        }
        Some("br") => {
            brotli::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        _ => out.extend_from_slice(body),
    }
    out
}

#[tokio::test]
async fn the_document_is_served_and_names_every_route() {
    let app = test_app().await;
    let reply = app.get("/api/v1/openapi.json", &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert_eq!(doc, *DOCUMENT);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    // Every route of docs/api.md, and the two of the document and the health check.
    let routes = [
        ("get", "/healthz"),
        ("get", "/api/v1/openapi.json"),
        ("get", "/api/v1/programs"),
        ("get", "/api/v1/programs/{id}"),
        ("get", "/api/v1/programs/{id}/calls"),
        ("get", "/api/v1/calls"),
        ("get", "/api/v1/form"),
        ("post", "/api/v1/submissions"),
        ("get", "/api/v1/receipts/{receipt}"),
        ("put", "/api/v1/receipts/{receipt}"),
        ("get", "/api/v1/me"),
        ("get", "/api/v1/session"),
        ("post", "/api/v1/session"),
        ("delete", "/api/v1/session"),
        ("get", "/api/v1/session/oidc"),
        ("get", "/api/v1/session/oidc/callback"),
        ("get", "/api/v1/submissions"),
        ("get", "/api/v1/submissions/{id}"),
        ("get", "/api/v1/submissions/{id}/attachments/{key}"),
        ("get", "/api/v1/submissions/{id}/document.docx"),
        ("get", "/api/v1/submissions/{id}/versions/{version}"),
        ("post", "/api/v1/submissions/{id}/notes"),
        ("get", "/api/v1/exports/submissions.csv"),
        ("get", "/api/v1/exports/submissions.xlsx"),
        ("get", "/api/v1/exports/submissions.zip"),
        ("get", "/api/v1/exports/summary.xlsx"),
        ("get", "/api/v1/exports/decisions.xlsx"),
        ("put", "/api/v1/submissions/{id}/recommendation"),
        ("put", "/api/v1/submissions/{id}/decision"),
        ("put", "/api/v1/submissions/{id}/opinion"),
        ("put", "/api/v1/submissions/{id}/experts"),
        ("put", "/api/v1/submissions/{id}/review"),
        ("post", "/api/v1/submissions/{id}/return"),
        ("get", "/api/v1/quotas"),
    ];
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(
        documented,
        routes.len(),
        "the document has routes this list does not"
    );
    for (method, path) in routes {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is not in the document");
        assert!(
            op["responses"].as_object().is_some_and(|r| !r.is_empty()),
            "{method} {path} answers nothing"
        );
        // Reviewers' routes name the bearer scheme; the applicants' and the public ones none.
        let reviewers = path.starts_with("/api/v1/me")
            || path.starts_with("/api/v1/exports")
            || path.starts_with("/api/v1/quotas")
            || (path.starts_with("/api/v1/submissions")
                && !(method == "post" && path == "/api/v1/submissions"));
        assert_eq!(
            op["security"].is_array(),
            reviewers,
            "{method} {path}: security"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["reviewer"]["scheme"],
        "bearer"
    );
    for header in ["Idempotency-Key", "Submission-Secret"] {
        let params = doc["paths"]["/api/v1/receipts/{receipt}"]["put"]["parameters"]
            .as_array()
            .unwrap();
        assert!(
            params
                .iter()
                .any(|p| p["name"] == header && p["in"] == "header"),
            "{header}"
        );
    }
    let post = &doc["paths"]["/api/v1/submissions"]["post"];
    assert!(post["responses"]["201"]["headers"]["Idempotent-Replayed"].is_object());
    assert!(post["responses"]["503"]["headers"]["Retry-After"].is_object());
    for status in ["400", "408", "409", "413", "415", "422", "429", "503"] {
        assert_eq!(
            post["responses"][status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Errors",
            "{status}"
        );
    }
}

/// The document passes openapi-spec-validator (tests/run.sh installs it into target/tools).
#[test]
fn the_document_is_valid_openapi_3_1() {
    let validator = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/tools/openapi/bin/openapi-spec-validator");
    assert!(
        validator.exists(),
        "{} is missing: tests/run.sh installs it",
        validator.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, backend::routes::document()).unwrap();
    let out = std::process::Command::new(&validator)
        .arg(&file)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.contains("OK"), "{said}");
}

/// Each program's fixture is an instance of the program's application schema, and an
/// application of another program is not; a mistyped value is refused by the schema too.
#[test]
fn each_program_s_application_schema_takes_its_fixture() {
    for program in shared::PROGRAMS {
        let name = backend::openapi::application::name(program);
        let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
        let check = validator(format!("application {name}"), &schema);
        let fixture: Value = serde_json::from_str(vectors::fixture(program.id)).unwrap();
        let errors: Vec<_> = check
            .iter_errors(&fixture)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", program.id);
        let mut other = fixture.clone();
        other["program"] = json!(if program.id == "cq-municipal" {
            "sx-provincial"
        } else {
            "cq-municipal"
        });
        assert!(
            !check.is_valid(&other),
            "{}: took another program",
            program.id
        );
        let mut mistyped = fixture;
        mistyped["applicant"]["name"] = json!(12);
        assert!(
            !check.is_valid(&mistyped),
            "{}: took a number for a name",
            program.id
        );
    }
}
