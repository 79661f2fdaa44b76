//! Each program's application as JSON Schema, generated from the program's own definition in
//! `shared` (its fields, lists, declarations and limits): the schema a portal builds its form
//! or its import against is the one the rules check.
//!
//! The schema describes the shape; the rules say the rest. A value the schema allows may still
//! be refused with `422` at its path (a required field left empty, a credit code whose check
//! character is wrong, a date outside the term), and keys of the model that the program does
//! not ask (the form sends the whole model) are taken and dropped when it is normalized.

use serde_json::{Map, Value, json};
use shared::fields::Kind;
use shared::program::{Item, Program};
use shared::rules::standard_number::Tier;

/// The name of a program's schema in `components/schemas`.
pub fn name(program: &Program) -> String {
    format!("Application_{}", program.id.replace('-', "_"))
}

/// The application of `program`.
pub fn schema(program: &Program) -> Value {
    let mut root = Map::new();
    put(&mut root, "program", json!({ "const": program.id }));
    put(
        &mut root,
        "call",
        json!({ "type": "string", "description": "the call's id" }),
    );
    put(
        &mut root,
        "privacy_consent",
        json!({ "type": "boolean", "description": "个人信息处理的告知同意 (must be true)" }),
    );
    for item in program.sections.iter().flat_map(|s| s.items) {
        match item {
            Item::Field(spec) => {
                let field = spec.field;
                let mut value = match field.kind() {
                    Kind::Count => json!({ "type": ["integer", "null"], "minimum": 0 }),
                    Kind::YesNo | Kind::Consent => json!({ "type": ["boolean", "null"] }),
                    _ => json!({ "type": "string", "maxLength": field.max_chars() }),
                };
                let need = if spec.required { "必填" } else { "选填" };
                value["description"] = json!(format!("{}（{need}）", spec.label));
                put(&mut root, field.path(), value);
            }
            Item::Plan => put(&mut root, "plan", plan(program)),
            Item::Standards => put(&mut root, "standards", standards(program)),
            Item::Participants => put(
                &mut root,
                "units.participants",
                json!({
                    "type": "array",
                    "maxItems": program.limits.participants,
                    "items": { "type": "string", "maxLength": shared::fields::limits::LINE },
                }),
            ),
            Item::Declarations => {
                let keys: Map<String, Value> = program
                    .declarations
                    .iter()
                    .map(|d| {
                        (
                            d.key.to_owned(),
                            json!({ "type": "boolean", "description": d.text }),
                        )
                    })
                    .collect();
                put(
                    &mut root,
                    "declarations",
                    json!({ "type": "object", "properties": keys, "additionalProperties": false }),
                );
            }
            // Files travel as multipart parts beside the JSON, not in it.
            Item::Attachments => {}
        }
    }
    let mut schema = object(root);
    schema["title"] = json!(program.title);
    schema["required"] = json!(["program"]);
    schema
}

/// The multipart body of `program`: the JSON in `application`, each file in a part named by
/// its attachment's key.
pub fn multipart(program: &Program) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "application".into(),
        json!({ "type": "string", "contentMediaType": "application/json" }),
    );
    for a in program.attachments {
        properties.insert(
            a.key.into(),
            json!({
                "type": "string",
                "contentMediaType": "application/octet-stream",
                "description": format!("{}（{}；PDF、DOCX、DOC、WPS、OFD，或 JPG、PNG 扫描件，至多 20 MB）",
                    a.label, if a.required { "必交" } else { "选交" }),
            }),
        );
    }
    json!({
        "type": "object",
        "title": program.title,
        "required": ["application"],
        "properties": properties,
        "additionalProperties": false,
    })
}

fn plan(program: &Program) -> Value {
    let month = json!({ "type": "string", "description": "YYYY-MM" });
    json!({
        "type": "array",
        "maxItems": program.limits.plan_rows,
        "items": object(Map::from_iter([
            ("stage".into(), json!({ "type": "string" })),
            ("covers".into(), json!({ "type": "array", "items": { "type": "string" } })),
            ("start".into(), month.clone()),
            ("end".into(), month),
            ("content".into(), json!({ "type": "string",
                "maxLength": shared::fields::limits::STAGE_TEXT })),
            ("responsible".into(), json!({ "type": "string" })),
        ])),
    })
}

fn standards(program: &Program) -> Value {
    // Taken from the rules, so a tier added there is one the schema admits.
    let tiers: Vec<&str> = Tier::ALL.iter().map(|t| t.key()).chain([""]).collect();
    json!({
        "type": "array",
        "maxItems": program.limits.standards,
        "items": object(Map::from_iter([
            ("tier".into(), json!({ "enum": tiers })),
            ("number".into(), json!({ "type": "string", "description": "GB/T 1.1-2020, GB/T 19001-2016/ISO 9001:2015" })),
            ("title".into(), json!({ "type": "string" })),
            ("status".into(), json!({ "enum": ["existing", "planned", ""] })),
        ])),
    })
}

fn object(properties: Map<String, Value>) -> Value {
    json!({ "type": "object", "properties": properties })
}

/// Puts `value` at the dotted `path`, making the objects on the way.
fn put(root: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            root.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let parent = root.entry(head).or_insert_with(|| object(Map::new()));
            let properties = parent["properties"]
                .as_object_mut()
                .expect("an object schema");
            put(properties, rest, value);
        }
    }
}
