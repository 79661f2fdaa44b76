//! `GET /api/v1/submissions/{id}/versions/{version}`: an earlier version of a corrected
//! application, laid out as its 申请书, with what differs from the current version field by
//! field, named as the form names them, and file by file.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use serde_json::Value;
use shared::document::Document;
use utoipa::ToSchema;

use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::openapi::shapes::Errors;
use crate::state::AppState;
use crate::store::{VersionFile, changed_paths};

/// An earlier version, and how the current one differs from it.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct VersionView {
    id: String,
    version: i64,
    /// The current version it is compared with.
    current: i64,
    #[schema(format = DateTime)]
    submitted_at: String,
    /// When the applicant replaced it.
    #[schema(format = DateTime)]
    superseded_at: String,
    #[schema(value_type = Object)]
    application: Value,
    /// `shared::document::Document`, or `null` where the current form cannot lay it out.
    #[schema(value_type = Option<Object>)]
    document: Option<Document>,
    /// Each field that differs, in the form's words: this version's value and the current one.
    changes: Vec<Change>,
    /// Each attachment that differs: added, removed, renamed or with other content.
    files: Vec<FileChange>,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Change {
    path: String,
    /// The field's name as the form labels it.
    label: String,
    /// As text ('' for empty).
    before: String,
    after: String,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct FileChange {
    key: String,
    label: String,
    /// This version's file, if it had one.
    before: Option<FileSeen>,
    /// The current version's, if it has one.
    after: Option<FileSeen>,
    /// Both there, with the same bytes (only the name changed).
    same_content: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct FileSeen {
    file_name: String,
    size: i64,
}

#[utoipa::path(
    get,
    path = "/submissions/{id}/versions/{version}",
    tag = "review",
    security(("reviewer" = [])),
    params(
        ("id" = String, Path, description = "The submission's id or its receipt."),
        ("version" = i64, Path, description = "An earlier version (the detail's `superseded`)."),
    ),
    responses(
        (status = 200, description = "The earlier version and what the current one changed.", body = VersionView),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope, or no such earlier version.", body = Errors),
    ),
)]
pub(super) async fn version(
    State(state): State<AppState>,
    signed: SignedIn,
    Path((id, version)): Path<(String, i64)>,
) -> Result<Json<VersionView>, ApiError> {
    let s = signed.submission(&state, &id).await?;
    let old = state
        .store
        .version(&s.id, version)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("version {version} of {}", s.receipt)))?;
    signed
        .audit(&state, "view_version", Some(&s.id), &version.to_string())
        .await?;
    let program = shared::programs::find(&s.program);
    let label = |path: &str| program.map_or_else(|| path.to_owned(), |p| p.label_for(path));
    let changes = changed_paths(&old.data, &s.data)
        .into_iter()
        // Files are compared by their content below, not by what the JSON says of them.
        .filter(|path| !path.starts_with("attachments."))
        .map(|path| Change {
            label: label(&path),
            before: text(at(&old.data, &path)),
            after: text(at(&s.data, &path)),
            path,
        })
        .collect();
    let now = state.store.current_files(&s.id).await?;
    let files = compared(&old.files, &now, &label);
    let document = program.and_then(|p| {
        let app = shared::wire::parse_application(old.data.to_string().as_bytes()).ok()?;
        Some(shared::document::build(p, &app))
    });
    Ok(Json(VersionView {
        id: s.id,
        version,
        current: s.version,
        submitted_at: old.submitted_at,
        superseded_at: old.superseded_at,
        application: old.data,
        document,
        changes,
        files,
    }))
}

/// The files that differ between `before` and `after`, by key.
fn compared(
    before: &[VersionFile],
    after: &[VersionFile],
    label: &dyn Fn(&str) -> String,
) -> Vec<FileChange> {
    let mut keys: Vec<&str> = before.iter().chain(after).map(|f| f.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let seen = |f: &VersionFile| FileSeen {
        file_name: f.file_name.clone(),
        size: f.size,
    };
    keys.into_iter()
        .filter_map(|key| {
            let (b, a) = (
                before.iter().find(|f| f.key == key),
                after.iter().find(|f| f.key == key),
            );
            let same_content = matches!((b, a), (Some(b), Some(a)) if b.hash == a.hash);
            if same_content && b.map(|f| &f.file_name) == a.map(|f| &f.file_name) {
                return None;
            }
            Some(FileChange {
                key: key.to_owned(),
                label: label(&format!("attachments.{key}")),
                before: b.map(seen),
                after: a.map(seen),
                same_content,
            })
        })
        .collect()
}

/// The value at a dotted path (array items by index).
fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .try_fold(value, |v, key| match v {
            Value::Object(map) => map.get(key),
            Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
        .unwrap_or(&Value::Null)
}

/// A value as a reader reads it.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "是".to_owned(),
        Value::Bool(false) => "否".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("、"),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}：{}", text(v)))
            .collect::<Vec<_>>()
            .join("；"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_as_text_and_paths_find_them() {
        let v = json!({ "plan": [{ "stage": "启动" }, { "stage": "验收" }], "ok": true });
        assert_eq!(text(at(&v, "plan.1.stage")), "验收");
        assert_eq!(text(at(&v, "plan.2.stage")), "");
        assert_eq!(text(at(&v, "ok")), "是");
        assert_eq!(text(&json!(["a", "b"])), "a、b");
    }

    #[test]
    fn files_differ_by_content_or_name_only() {
        let f = |key: &str, name: &str, hash: &str| VersionFile {
            key: key.into(),
            file_name: name.into(),
            size: 1,
            hash: hash.into(),
        };
        let before = [
            f("plan", "方案.pdf", "a"),
            f("same", "x.pdf", "s"),
            f("gone", "g.pdf", "g"),
        ];
        let after = [
            f("plan", "方案（修改）.pdf", "b"),
            f("same", "x.pdf", "s"),
            f("new", "n.pdf", "n"),
        ];
        let changes = compared(&before, &after, &|k: &str| k.to_owned());
        let keys: Vec<_> = changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["gone", "new", "plan"]);
        assert!(changes.iter().all(|c| !c.same_content));
        let renamed = [f("plan", "改名.pdf", "a")];
        let only_name = compared(&before[..1], &renamed, &|k: &str| k.to_owned());
        assert!(only_name[0].same_content);
    }
}
