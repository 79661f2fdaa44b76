//! The JSON the API answers, as JSON Schema (2020-12, as OpenAPI 3.1 reads it).
//!
//! The answers whose schema cannot be derived from a type of this crate: errors and their
//! findings (`shared::Entry`, which takes no schema derive: it is in the applicant's wasm), the
//! programs' definitions (`shared::Program`, likewise), and this document itself. Every other
//! answer derives its schema from its type (`#[derive(Serialize, ToSchema)]` beside its handler,
//! in `crate::calls`, `crate::intake`, `crate::standing`, the store's rows). What keeps both true is the API tests,
//! which check every answer they receive against the schema the document gives its route and
//! status. Each shape is a type
//! the `#[utoipa::path]` attributes name as a body: utoipa then refers to it under its name in
//! `components/schemas`, and [`super::complete`] writes the schema there from [`all`].

use serde_json::{Value, json};

macro_rules! shapes {
    ($($(#[$doc:meta])* $name:ident = $schema:expr;)*) => {
        $(
            $(#[$doc])*
            pub enum $name {}

            impl utoipa::PartialSchema for $name {
                // A stand-in that `super::document` replaces with the schema below.
                fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                    utoipa::openapi::schema::Object::new().into()
                }
            }

            impl utoipa::ToSchema for $name {}
        )*

        /// Every shape by its name in `components/schemas`.
        pub fn all() -> Vec<(&'static str, Value)> {
            vec![$((stringify!($name), $schema),)*]
        }
    };
}

/// A string, or null where it may be absent.
fn nullable(t: &str) -> Value {
    json!({ "type": [t, "null"] })
}

/// An object with exactly these keys, all present.
fn exactly(properties: Value) -> Value {
    let required: Vec<_> = properties
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn list_of(item: Value) -> Value {
    json!({ "type": "array", "items": item })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn integer() -> Value {
    json!({ "type": "integer" })
}

fn boolean() -> Value {
    json!({ "type": "boolean" })
}

shapes! {
    /// Every error answer: what went wrong, where, in the request's language.
    Errors = json!({
        "type": "object",
        "required": ["errors"],
        "additionalProperties": false,
        "properties": { "errors": { "type": "array", "minItems": 1, "items": reference("Finding") } },
    });
    /// One finding: the field's dotted path (empty for the whole request), a stable code, and
    /// the message to show.
    Finding = exactly(json!({
        "path": string(),
        "code": string(),
        "severity": { "enum": ["error", "warning"] },
        "message": string(),
    }));
    /// An OpenAPI 3.1 document (this one).
    Document = json!({
        "type": "object",
        "required": ["openapi", "info", "paths"],
        "properties": { "openapi": { "type": "string", "pattern": "^3\\.1\\." } },
    });
    /// A program's definition: what the form asks and how it is printed.
    Definition = json!({
        "allOf": [reference("Program")],
        "required": ["conditions"],
        "properties": { "conditions": list_of(exactly(json!({
            "text": string(),
            "notice": string(),
            "check": list_of(json!({
                "type": "object",
                "required": ["by"],
                "properties": {
                    "by": { "enum": ["rule", "declaration", "stated", "review"] },
                    "at": string(),
                    "code": string(),
                    "severity": { "enum": ["error", "warning"] },
                },
                "additionalProperties": false,
            })),
        }))) },
    });
    /// A program as the form reads it. The parts that only the form and the printed form use
    /// (`cover`, `sheets`, `plan`'s layout) are described in `docs/api.md`.
    Program = json!({
        "type": "object",
        "required": ["id", "title", "authority", "description", "form_title", "issuer", "cover",
            "kinds", "subject_kinds", "pilot_types", "domains", "cities", "sections", "plan",
            "declarations", "legal_person", "legal_person_need", "accident_binds", "term",
            "attachments", "sheets",
            "opinion_blocks", "contacts", "hand_in", "limits"],
        "properties": {
            "id": string(),
            "title": string(),
            "sections": list_of(json!({
                "type": "object",
                "required": ["title", "items"],
                "properties": {
                    "title": string(),
                    "items": list_of(json!({
                        "type": "object",
                        "required": ["type"],
                        "properties": {
                            "type": { "enum": ["field", "plan", "declarations", "standards",
                                "participants", "attachments"] },
                            "key": string(),
                            "kind": string(),
                            "max_chars": integer(),
                            "label": string(),
                            "required": boolean(),
                        },
                    })),
                },
            })),
            "declarations": list_of(json!({
                "type": "object",
                "required": ["key", "text", "when", "supplementary"],
                "properties": { "key": string(), "text": string(), "supplementary": boolean() },
            })),
            "attachments": list_of(exactly(json!({
                "key": string(), "label": string(), "required": boolean(),
            }))),
            "term": exactly(json!({
                "max_months": nullable("integer"),
                "usual_months": nullable("integer"),
                "least_months": integer(),
            })),
            "hand_in": reference("HandIn"),
            "limits": exactly(json!({
                "plan_rows": integer(), "standards": integer(), "participants": integer(),
            })),
            "opinion_blocks": list_of(exactly(json!({
                "key": string(), "label": string(), "text": string(),
            }))),
        },
    });
}
