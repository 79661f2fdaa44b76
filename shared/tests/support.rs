//! The test-vector table and how to apply a vector, shared by the rule tests (native and wasm)
//! and the API tests (`backend/tests/api.rs` includes this file by path).

use serde_json::Value;

pub const FIXTURE: &str = include_str!("../../tests/fixtures/cq-municipal/valid.json");
pub const VECTORS: &str = include_str!("vectors.json");

/// Sets `path` (dotted, 0-based indexes) in `json`, creating missing object keys.
pub fn set(json: &mut Value, path: &str, value: Value) {
    let mut node = json;
    for part in path.split('.') {
        node = match part.parse::<usize>() {
            Ok(index) => &mut node.as_array_mut().expect("array")[index],
            Err(_) => node
                .as_object_mut()
                .expect("object")
                .entry(part.to_owned())
                .or_insert(Value::Null),
        };
    }
    *node = value;
}

/// The fixture with the vector's edits applied.
pub fn apply(vector: &Value) -> Value {
    let mut json: Value = serde_json::from_str(FIXTURE).unwrap();
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
