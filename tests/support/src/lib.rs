//! What the tests share. The fixtures (`tests/fixtures/<program>/`: each program's valid
//! application and the files beside it) and the table of rule vectors
//! (`shared/tests/vectors.json`) with how to apply one, for the rule tests (native and wasm) and
//! the API tests; with the `server` feature, [`server::TestServer`], the one helper that runs the
//! real server for the API and end-to-end tests.

pub mod html;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
pub mod smtp;
#[cfg(feature = "server")]
pub mod webhook;

use serde_json::Value;

pub const FIXTURE: &str = include_str!("../../fixtures/cq-municipal/valid.json");
pub const VECTORS: &str = include_str!("../../../shared/tests/vectors.json");

macro_rules! fixture_dir {
    ($program:literal, $file:literal) => {
        include_bytes!(concat!("../../fixtures/", $program, "/", $file))
    };
}

/// The valid application of a program.
pub fn fixture(program: &str) -> &'static str {
    match program {
        "cq-municipal" => FIXTURE,
        "sx-provincial" => include_str!("../../fixtures/sx-provincial/valid.json"),
        "national-hightech" => include_str!("../../fixtures/national-hightech/valid.json"),
        "national-service-demo" => {
            include_str!("../../fixtures/national-service-demo/valid.json")
        }
        "national-social-pilot" => {
            include_str!("../../fixtures/national-social-pilot/valid.json")
        }
        "sh-municipal" => include_str!("../../fixtures/sh-municipal/valid.json"),
        other => panic!("no fixture for {other}"),
    }
}

/// The attachment files kept beside a fixture: `(key, file name, bytes)`.
pub fn attachments(program: &str) -> Vec<(&'static str, &'static str, &'static [u8])> {
    match program {
        "cq-municipal" => vec![(
            "implementation_plan",
            "implementation_plan.pdf",
            fixture_dir!("cq-municipal", "implementation_plan.pdf"),
        )],
        "sx-provincial" => vec![(
            "supporting_documents",
            "supporting_documents.pdf",
            fixture_dir!("sx-provincial", "supporting_documents.pdf"),
        )],
        "sh-municipal" => vec![(
            "supporting_documents",
            "supporting_documents.docx",
            fixture_dir!("sh-municipal", "supporting_documents.docx"),
        )],
        "national-hightech" => vec![(
            "supporting_documents",
            "supporting_documents.docx",
            fixture_dir!("national-hightech", "supporting_documents.docx"),
        )],
        "national-service-demo" => vec![(
            "pilot_evaluation_notice",
            "pilot_evaluation_notice.pdf",
            fixture_dir!("national-service-demo", "pilot_evaluation_notice.pdf"),
        )],
        _ => Vec::new(),
    }
}

/// The program a vector edits (the Chongqing one unless it names another).
pub fn program_of(vector: &Value) -> &str {
    vector["fixture"].as_str().unwrap_or("cq-municipal")
}

/// Sets `path` (dotted, 0-based indexes) in `json`, creating missing object keys.
pub fn set(json: &mut Value, path: &str, value: Value) {
    let mut node = json;
    for part in path.split('.') {
        node = match part.parse::<usize>() {
            Ok(index) => &mut node.as_array_mut().expect("array")[index],
            Err(_) => {
                if node.is_null() {
                    *node = Value::Object(Default::default());
                }
                node.as_object_mut()
                    .expect("object")
                    .entry(part.to_owned())
                    .or_insert(Value::Null)
            }
        };
    }
    *node = value;
}

/// The fixture with the vector's edits applied.
pub fn apply(vector: &Value) -> Value {
    let mut json: Value = serde_json::from_str(fixture(program_of(vector))).unwrap();
    for (path, value) in vector["set"].as_object().unwrap() {
        set(&mut json, path, value.clone());
    }
    json
}

/// The vector's expected `(path, code)` entries, sorted; only those of `severity` if given.
pub fn expected(vector: &Value, severity: Option<shared::Severity>) -> Vec<(String, String)> {
    let mut want: Vec<(String, String)> = vector["expect"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .filter(|(_, code)| {
            severity
                .is_none_or(|s| shared::Code::parse(code).map(shared::Code::severity) == Some(s))
        })
        .collect();
    want.sort();
    want
}
