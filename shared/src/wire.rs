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

    let issue = if text.starts_with(crate::model::TOO_MANY) {
        Issue::new(path, Code::TooManyItems).with("max", crate::model::ROW_CEILING)
    } else if let Some(rest) = text.strip_prefix("unknown field `") {
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

/// A JSON value under construction.
enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Text(String),
    Number(u32),
    Bool(bool),
    Null,
}

impl Node {
    /// The member `key` of an object, added if missing.
    fn member(&mut self, key: &str) -> &mut Node {
        let Node::Object(members) = self else {
            unreachable!("paths only pass through objects");
        };
        let at = match members.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                members.push((key.to_owned(), Node::Object(Vec::new())));
                members.len() - 1
            }
        };
        &mut members[at].1
    }

    /// Sets the value at a dotted path of object keys.
    fn set(&mut self, path: &str, value: Node) {
        let mut node = self;
        for key in path.split('.') {
            node = node.member(key);
        }
        *node = value;
    }

    fn write(&self, out: &mut String) {
        match self {
            Node::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
            Node::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Node::Text(text) => write_string(text, out),
            Node::Number(n) => out.push_str(&n.to_string()),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Null => out.push_str("null"),
        }
    }
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The application as JSON, written from the field tables rather than through serde: the
/// browser sends it, and a serializer would cost the applicant's download several kB. Every
/// key of the model is written (a test reads it back with serde and compares).
pub fn to_json(app: &Application) -> String {
    use crate::fields::{Field, RowField, StandardField};
    let mut root = Node::Object(Vec::new());
    root.set("program", Node::Text(app.program.clone()));
    root.set("call", Node::Text(app.call.clone()));
    for &field in Field::ALL {
        let value = if let Some(text) = field.text(app) {
            Node::Text(text.clone())
        } else if let Some(count) = field.count(app) {
            count.map_or(Node::Null, Node::Number)
        } else {
            field.flag(app).flatten().map_or(Node::Null, Node::Bool)
        };
        root.set(field.path(), value);
    }
    let plan = app.plan.iter().map(|row| {
        let mut node = Node::Object(Vec::new());
        for &cell in RowField::ALL {
            node.set(cell.key(), Node::Text(cell.get(row).clone()));
        }
        let covers = row.covers.iter().map(|k| Node::Text(k.clone())).collect();
        node.set("covers", Node::Array(covers));
        node
    });
    root.set("plan", Node::Array(plan.collect()));
    let standards = app.standards.iter().map(|row| {
        let mut node = Node::Object(Vec::new());
        for &cell in StandardField::ALL {
            node.set(cell.key(), Node::Text(cell.get(row).clone()));
        }
        node
    });
    root.set("standards", Node::Array(standards.collect()));
    root.set("units.receiving", Node::Text(app.units.receiving.clone()));
    let participants = app.units.participants.iter().cloned().map(Node::Text);
    root.set("units.participants", Node::Array(participants.collect()));
    let declarations = app
        .declarations
        .iter()
        .map(|(k, v)| (k.clone(), Node::Bool(*v)))
        .collect();
    root.set("declarations", Node::Object(declarations));
    root.set("privacy_consent", Node::Bool(app.privacy_consent));
    let mut out = String::new();
    root.write(&mut out);
    out
}
