//! The JSON the API answers, as JSON Schema (2020-12, as OpenAPI 3.1 reads it).
//!
//! The handlers answer with types of their own (`#[derive(Serialize)]` beside each handler);
//! their schemas are still written here rather than derived from them: what keeps the two the
//! same is the API tests, which check every answer they receive against the schema the document
//! gives its route and status. Each shape is a type
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

/// A moment as the API writes it for people: `2026-12-20 17:30`, Beijing time.
fn beijing() -> Value {
    json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$" })
}

/// A moment as stored: RFC 3339, Beijing time, whole seconds.
fn instant() -> Value {
    json!({ "type": "string", "format": "date-time" })
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
    /// The six programs.
    Programs = list_of(exactly(json!({
        "id": string(),
        "title": string(),
        "authority": string(),
        "description": string(),
    })));
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
    /// How the paper copy goes in.
    HandIn = exactly(json!({ "copies": string(), "paper": string(), "to": string() }));
    /// A call: one year's opening of a program, and whether it is open by the server's clock.
    Call = exactly(json!({
        "id": string(),
        "program": string(),
        "year": integer(),
        "title": string(),
        "opens_at": { "oneOf": [beijing(), { "type": "null" }] },
        "closes_at": { "oneOf": [beijing(), { "type": "null" }] },
        "units": list_of(string()),
        "unit_channels": { "type": "object", "additionalProperties": string() },
        "state": { "enum": ["open", "upcoming", "closed"] },
        "hand_in": reference("HandIn"),
    }));
    /// Calls, a program's open one first.
    Calls = list_of(reference("Call"));
    /// What the form needs before it can be used.
    Form = exactly(json!({
        "programs": list_of(exactly(json!({ "id": string(), "title": string() }))),
        "program": reference("Program"),
        "calls": list_of(reference("Call")),
    }));
    /// A submission stored: the receipt and, once only, the secret that lets its holder
    /// correct it.
    Stored = exactly(json!({
        "id": string(),
        "receipt": string(),
        "secret": string(),
        "submitted_at": instant(),
        "warnings": list_of(reference("Finding")),
    }));
    /// A correction stored: the receipt and the secret stay.
    Replaced = exactly(json!({
        "id": string(),
        "receipt": string(),
        "version": integer(),
        "submitted_at": instant(),
        "warnings": list_of(reference("Finding")),
    }));
    /// A stored file, as the applicant and the reviewers see it listed.
    File = json!({
        "type": "object",
        "required": ["key", "file_name", "media_type", "size"],
        "additionalProperties": false,
        "properties": {
            "key": string(),
            "file_name": string(),
            "download_name": string(),
            "media_type": string(),
            "size": integer(),
            "href": string(),
        },
    });
    /// A submission as its applicant opens it again, with where it stands.
    Own = exactly(json!({
        "status": {
            "type": "object",
            "required": ["state", "unit"],
            "additionalProperties": false,
            "properties": {
                "state": { "enum": ["received", "recommended", "not_recommended", "returned",
                    "approved", "rejected"] },
                "unit": string(),
                "reason": string(),
                "correct_by": beijing(),
            },
        },
        "receipt": string(),
        "version": integer(),
        "submitted_at": instant(),
        "call_state": { "enum": ["open", "upcoming", "closed", null] },
        "closes_at": { "oneOf": [beijing(), { "type": "null" }] },
        "application": { "type": "object" },
        "attachments": list_of(reference("File")),
    }));
    /// Who is signed in, and the calls whose chain names their unit.
    Me = exactly(json!({
        "name": string(),
        "programs": list_of(string()),
        "unit": nullable("string"),
        "expert": boolean(),
        "calls": list_of(exactly(json!({
            "id": string(),
            "program": string(),
            "title": string(),
            "units": list_of(exactly(json!({
                "name": string(),
                "parent": nullable("string"),
                "receives": boolean(),
                "decides": boolean(),
                "recommend_by": { "oneOf": [beijing(), { "type": "null" }] },
                "opinion": list_of(string()),
                "experts": nullable("string"),
                "quotas": list_of(exactly(json!({
                    "name": string(), "max": nullable("integer"), "min": nullable("integer"),
                }))),
                "channel": nullable("string"),
                "hand_in": exactly(json!({
                    "list": string(), "copies": nullable("string"), "to": nullable("string"),
                })),
            }))),
        }))),
    }));
    /// One page of the submissions a reviewer may see.
    SubmissionList = exactly(json!({
        "total": integer(),
        "page": integer(),
        "per_page": integer(),
        "items": list_of(exactly(json!({
            "id": string(),
            "receipt": string(),
            "program": string(),
            "call": string(),
            "unit": string(),
            "domain": string(),
            "applicant_name": string(),
            "credit_code": string(),
            "project_name": string(),
            "submitted_at": instant(),
            "rank": nullable("integer"),
            "score": nullable("number"),
            "status": { "enum": ["new", "recommended", "sent_up", "returned", "decided"] },
        }))),
        "withdrawn": list_of(exactly(json!({
            "call": string(),
            "receipt": string(),
            "project_name": string(),
            "by": string(),
            "at": instant(),
        }))),
    }));
    /// A submission with everything the reviewers need: the application, what the rules said
    /// on the day, the 申请书 as a document, the chain's work on it, its files.
    Detail = json!({
        "type": "object",
        "required": ["id", "receipt", "program", "call", "unit", "rank", "recommendations",
            "returned", "decision", "opinions", "experts", "schema_version", "submitted_at",
            "version", "superseded", "application", "warnings", "document", "attachments"],
        "additionalProperties": false,
        "properties": {
            "id": string(),
            "receipt": string(),
            "program": string(),
            "call": string(),
            "unit": string(),
            "rank": nullable("integer"),
            "recommendations": list_of(exactly(json!({ "unit": string(), "rank": integer() }))),
            "returned": { "oneOf": [{ "type": "null" }, exactly(json!({
                "unit": string(),
                "reason": string(),
                "correct_by": beijing(),
                "at": instant(),
                "corrected_at": string(),
                "changed": list_of(string()),
            }))] },
            "decision": { "oneOf": [{ "type": "null" }, reference("Decision")] },
            "opinions": list_of(reference("Opinion")),
            "experts": {
                "type": "object",
                "required": ["assigned", "reviews", "mean"],
                "additionalProperties": false,
                "properties": {
                    "assigned": list_of(string()),
                    "reviews": list_of(reference("Review")),
                    "mean": nullable("number"),
                },
            },
            "schema_version": integer(),
            "submitted_at": instant(),
            "version": integer(),
            "superseded": list_of(exactly(json!({
                "version": integer(),
                "attachments": { "type": "integer", "description": "how many files it had" },
            }))),
            "application": { "type": "object" },
            "warnings": list_of(reference("Finding")),
            "document": { "type": "object", "description": "shared::document::Document" },
            "attachments": list_of(reference("File")),
        },
    });
}
