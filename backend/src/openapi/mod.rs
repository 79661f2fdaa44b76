//! The OpenAPI 3.1 document, served at `GET /api/v1/openapi.json`: its frame ([`base`]), to
//! which `crate::routes` adds the documented routes, and what utoipa cannot say itself
//! ([`complete`]). The application's schema per program comes from `shared`'s definitions
//! ([`application`]); the answers' shapes are written in [`shapes`] and checked against every
//! answer the API tests receive.

pub mod application;
pub mod shapes;

use serde_json::{Value, json};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder};

/// The name of the reviewers' scheme; the operations' `security(("reviewer" = []))` names it
/// (utoipa takes a literal there).
const REVIEWER: &str = "reviewer";

/// The name of the browsers' scheme: the session cookie `POST /api/v1/session` sets. Every
/// operation open to the reviewers' scheme is open to it ([`complete`] says so).
const SESSION: &str = "session";

/// The document's frame: what it is, and the reviewers' security scheme; the routes add their
/// paths to it.
pub fn base() -> OpenApi {
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("标准化试点示范项目申报")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "The application server's API. Error answers are `{\"errors\": [...]}` in \
                     the language of `Accept-Language` (zh-CN unless English is preferred). \
                     docs/api.md says what each rule and state means.",
                ))
                .build(),
        )
        .components(Some(
            ComponentsBuilder::new()
                .security_scheme(
                    REVIEWER,
                    SecurityScheme::Http(
                        HttpBuilder::new()
                            .scheme(HttpAuthScheme::Bearer)
                            .description(Some(
                                "A reviewer's token, from `backend reviewer add` (or `token`).",
                            ))
                            .build(),
                    ),
                )
                .security_scheme(
                    SESSION,
                    SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                        crate::signin::session::COOKIE,
                        "The session a sign-in gives (`POST /api/v1/session`, or the identity \
                         provider through `GET /api/v1/session/oidc`).",
                    ))),
                )
                .build(),
        ))
        .build()
}

/// utoipa's document with what it cannot say itself: the answers' schemas ([`shapes`]), each
/// program's application, and the request body of the two routes that take one.
pub fn complete(doc: OpenApi) -> Value {
    let mut doc = serde_json::to_value(doc).expect("the document serializes");
    let schemas = doc["components"]["schemas"].as_object_mut();
    let schemas = schemas.expect("the shapes the paths name");
    for (name, schema) in shapes::all() {
        schemas.insert(name.to_owned(), schema);
    }
    for program in shared::PROGRAMS {
        let name = application::name(program);
        schemas.insert(name.clone(), application::schema(program));
        schemas.insert(format!("{name}_multipart"), application::multipart(program));
    }
    let each = |suffix: &str| {
        let programs: Vec<_> = shared::PROGRAMS
            .iter()
            .map(|p| json!({ "$ref": format!("#/components/schemas/{}{suffix}", application::name(p)) }))
            .collect();
        json!({ "oneOf": programs })
    };
    let body = json!({
        "required": true,
        "description": "The application as JSON, or multipart/form-data with the JSON in the \
                        part `application` and each attachment in a part named by its key.",
        "content": {
            "application/json": { "schema": each("") },
            "multipart/form-data": { "schema": each("_multipart") },
        },
    });
    let key = json!({
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "schema": { "type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,100}$" },
        "description": "One per submission attempt: a retry with the same key and content is \
                        answered as the first was, without a second row.",
    });
    for (path, method) in [
        ("/api/v1/submissions", "post"),
        ("/api/v1/receipts/{receipt}", "put"),
    ] {
        let operation = &mut doc["paths"][path][method];
        operation["requestBody"] = body.clone();
        if operation["parameters"].is_null() {
            operation["parameters"] = json!([]);
        }
        let parameters = operation["parameters"].as_array_mut();
        parameters.expect("parameters").push(key.clone());
        let responses = operation["responses"].as_object_mut();
        responses.expect("responses").extend(intake_refusals());
    }
    // Every route that reads or writes the database (all but the programs' and this
    // document's, which the server holds in memory) may find it busy or full, or fail
    // otherwise: said once here, as `ApiError` answers it for every route.
    let paths = doc["paths"].as_object_mut().expect("paths");
    for operation in paths
        .values_mut()
        .flat_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
    {
        // Whatever a token may do, a signed-in browser may too.
        if let Some(alternatives) = operation.get_mut("security").and_then(Value::as_array_mut)
            && alternatives.iter().any(|a| a.get(REVIEWER).is_some())
        {
            alternatives.push(json!({ SESSION: [] }));
        }
        let in_memory = operation["tags"]
            .as_array()
            .is_some_and(|tags| tags.iter().any(|t| t == "programs" || t == "meta"));
        let Some(responses) = operation["responses"]
            .as_object_mut()
            .filter(|_| !in_memory)
        else {
            continue;
        };
        responses.entry("503").or_insert_with(|| {
            errors(
                "The database is busy, or the storage full; nothing was written.",
                true,
            )
        });
        responses.entry("500").or_insert_with(|| {
            errors("An unexpected failure, logged; nothing was written.", false)
        });
    }
    doc
}

/// An error answer: `{"errors": [...]}`, with `Retry-After` where the client may try again.
fn errors(text: &str, retry: bool) -> Value {
    let mut answer = json!({
        "description": text,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Errors" } } },
    });
    if retry {
        answer["headers"] = json!({ "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": { "type": "integer" },
        } });
    }
    answer
}

/// What taking in a submission or a correction may refuse (`crate::intake`), besides each
/// route's own `409`s.
fn intake_refusals() -> [(String, Value); 8] {
    [
        (
            "403",
            "Sent from another site (`cross_site`): an `Origin` that is neither an allowed \
                 portal nor the server's own, or `Sec-Fetch-Site: cross-site`.",
            false,
        ),
        (
            "400",
            "Malformed JSON or multipart, a part the form does not take (`unexpected_part`) \
                 or sent twice (`duplicate_part`), a body that broke off, or a malformed \
                 `Idempotency-Key`.",
            false,
        ),
        (
            "408",
            "The body paused longer than the server waits, or came slower than the least \
                 upload rate.",
            false,
        ),
        (
            "413",
            "Over 1 MiB of JSON, or a body over the limit with its files.",
            false,
        ),
        ("415", "Neither JSON nor multipart/form-data.", false),
        (
            "422",
            "A rule failed: each finding names its field (at most 100, then \
                 `more_errors`); or `idempotency_key_reused`.",
            false,
        ),
        (
            "429",
            "This client sent too many submissions this minute, or (a correction) tried too \
                 many wrong secrets.",
            true,
        ),
        (
            "503",
            "The server is busy (its upload memory or the database) or its storage is \
                 full; nothing was stored.",
            true,
        ),
    ]
    .map(|(status, text, retry)| (status.to_owned(), errors(text, retry)))
}
