//! Reading an application from JSON, so that a mistyped value is reported at its path like any
//! other rule, and only malformed JSON is refused as a whole.

use serde_path_to_error::Segment;

use crate::model::Application;
use crate::report::{Code, Issue};

/// Why a JSON body is not an application.
#[derive(Debug)]
pub enum ParseError {
    /// Not JSON at all (or cut short): the whole body is refused.
    Syntax(String),
    /// JSON, but a value has the wrong type or an unknown key: reported at its path.
    Data(Issue),
}

pub fn parse_application(json: &[u8]) -> Result<Application, ParseError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let result: Result<Application, _> = serde_path_to_error::deserialize(&mut de);
    let app = match result {
        Ok(app) => app,
        Err(err) => {
            let path = dotted(err.path());
            let inner = err.into_inner();
            return Err(classify(path, &inner));
        }
    };
    // Trailing garbage after the object is malformed JSON too.
    de.end()
        .map_err(|e| ParseError::Syntax(e.to_string()))
        .map(|()| app)
}

fn classify(path: String, err: &serde_json::Error) -> ParseError {
    use serde_json::error::Category;
    if matches!(
        err.classify(),
        Category::Syntax | Category::Eof | Category::Io
    ) {
        return ParseError::Syntax(err.to_string());
    }
    // serde_json gives the kind of data error only in its message.
    let text = err.to_string();

    let issue = if let Some(rest) = text.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let full = if path.is_empty() {
            name.to_owned()
        } else if path.ends_with(name) {
            path
        } else {
            format!("{path}.{name}")
        };
        Issue::new(full, Code::UnknownField)
    } else if text.starts_with("invalid value") || text.starts_with("unknown variant") {
        Issue::new(path, Code::InvalidValue)
    } else {
        let expected = text
            .split("expected ")
            .nth(1)
            .map(json_type)
            .unwrap_or("value");
        Issue::new(path, Code::InvalidType).with("expected", expected)
    };
    ParseError::Data(issue)
}

/// Names the JSON type serde expected, in words an API client knows.
fn json_type(expected: &str) -> &'static str {
    let e = expected.to_ascii_lowercase();
    if e.contains("string") {
        "string"
    } else if e.contains("bool") {
        "boolean"
    } else if e.starts_with('u') || e.starts_with('i') || e.contains("integer") {
        "integer"
    } else if e.contains("sequence") {
        "array"
    } else if e.contains("struct") || e.contains("map") {
        "object"
    } else {
        "value"
    }
}

/// `plan.1.end`: keys joined by dots, array indexes 0-based.
fn dotted(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .filter_map(|seg| match seg {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}
