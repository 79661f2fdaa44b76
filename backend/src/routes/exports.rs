//! Exports of what a reviewer may see, with the list's filters: `GET
//! /api/v1/exports/submissions.csv`, `.xlsx` and `.zip`. They stream: rows are read a page at
//! a time and sent as they are written, so the memory an export takes does not grow with the
//! number of rows (10,000 or 20,000 rows: the same peak).

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::io::Write as _;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::review::checked;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::http::extract::Query;
use crate::openapi::shapes::Errors;
use crate::reviewers::Reviewer;
use crate::state::AppState;
use crate::store::{Filter, Store, Summary};

mod bundle;
mod decisions;
mod sealed;
mod summary;
mod xlsx;

/// Rows read from the database at a time.
const PAGE: i64 = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(csv_export))
        .routes(routes!(xlsx_export))
        .routes(routes!(zip_export))
        .routes(routes!(summary::summary))
        .routes(routes!(decisions::decisions))
}

/// The columns of the submissions export. No seed gives a 汇总表's columns (the national notice
/// asks for a 项目推荐汇总表, Shanxi for a 试点备选项目清单, neither with a template): these are ours,
/// what identifies each application and what reviewers need to follow it up.
pub(crate) const HEADERS: [&str; 15] = [
    "序号",
    "回执编号",
    "申报项目",
    "申报批次",
    "受理单位",
    "地区",
    "领域",
    "项目名称",
    "承担单位名称",
    "统一社会信用代码",
    "联系人",
    "联系电话",
    "电子邮箱",
    "提交时间",
    "推荐排序",
];

fn text<'a>(data: &'a Value, path: &[&str]) -> &'a str {
    path.iter()
        .fold(data, |node, key| &node[*key])
        .as_str()
        .unwrap_or_default()
}

/// One row's cells, in [`HEADERS`]' order.
pub(crate) fn cells(n: usize, s: &Summary, data: &Value) -> [String; 15] {
    let program = shared::programs::find(&s.program).map_or(s.program.as_str(), |p| p.title);
    let region = s
        .credit_code
        .get(2..4)
        .and_then(shared::regions::by_code)
        .map_or("", |p| p.name);
    let contact = ["contacts", "contact_person"];
    let phone = match text(data, &["contacts", "mobile"]) {
        "" => text(data, &[contact[0], contact[1], "phone"]),
        mobile => mobile,
    };
    [
        n.to_string(),
        s.receipt.clone(),
        program.to_owned(),
        s.call.clone(),
        s.unit.clone(),
        region.to_owned(),
        s.domain.clone(),
        s.project_name.clone(),
        s.applicant_name.clone(),
        s.credit_code.clone(),
        text(data, &[contact[0], contact[1], "name"]).to_owned(),
        phone.to_owned(),
        text(data, &["contacts", "email"]).to_owned(),
        s.submitted_at.clone(),
        s.rank.map(|r| r.to_string()).unwrap_or_default(),
    ]
}

/// A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, so it is shown as the text it is (OWASP, CSV
/// injection).
fn neutralized(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The filter of an export request, checked and recorded in the audit log with what it was.
async fn export_filter(
    state: &AppState,
    signed: &SignedIn,
    Query(filter): Query<Filter>,
    what: &str,
) -> Result<Filter, ApiError> {
    checked(&filter)?;
    signed.audit(state, what, None, &filter.for_audit()).await?;
    Ok(filter)
}

/// A download streamed from `rx`.
fn download(content_type: &'static str, name: &'static str, rx: mpsc::Receiver<Chunk>) -> Response {
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(ReceiverStream::new(rx)),
    )
        .into_response()
}

#[utoipa::path(
    get,
    path = "/exports/submissions.csv",
    tag = "exports",
    security(("reviewer" = [])),
    params(Filter),
    responses(
        (status = 200, description = "The rows with the filters, oldest first, as CSV (UTF-8 with a BOM), streamed.", content_type = "text/csv"),
        (status = 400, description = "A filter that cannot be read.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
    ),
)]
async fn csv_export(
    State(state): State<AppState>,
    signed: SignedIn,
    query: Query<Filter>,
) -> Result<Response, ApiError> {
    let filter = export_filter(&state, &signed, query, "export_csv").await?;
    let (tx, rx) = mpsc::channel(2);
    tokio::spawn(write_csv(state.store.clone(), signed.reviewer, filter, tx));
    Ok(download("text/csv; charset=utf-8", "submissions.csv", rx))
}

/// Calls `each` with every row an export holds, page after page, from a blocking thread (the
/// XLSX and ZIP writers are synchronous).
fn each_row(
    runtime: &tokio::runtime::Handle,
    store: &Store,
    reviewer: &Reviewer,
    filter: &Filter,
    mut each: impl FnMut(&Summary, &Value) -> Result<(), String>,
) -> Result<(), String> {
    let mut cursor = None;
    loop {
        let (page, next) = runtime
            .block_on(store.export_page(reviewer, filter, cursor.as_ref(), PAGE))
            .map_err(|e| e.to_string())?;
        for (summary, data) in &page {
            each(summary, data)?;
        }
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(()),
        }
    }
}

/// Runs `write` on a blocking thread, reading pages through the runtime from there, and
/// streams what it writes.
fn blocking_download(
    state: &AppState,
    signed: SignedIn,
    filter: Filter,
    write: impl FnOnce(
        &tokio::runtime::Handle,
        &Store,
        &Reviewer,
        &Filter,
        &mut Sender,
    ) -> Result<(), String>
    + Send
    + 'static,
    content_type: &'static str,
    name: &'static str,
) -> Response {
    let (tx, rx) = mpsc::channel(2);
    let store = state.store.clone();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut out = Sender {
            tx,
            buffer: Vec::new(),
        };
        let written = write(&runtime, &store, &signed.reviewer, &filter, &mut out)
            .and_then(|()| out.flush().map_err(|e| e.to_string()));
        if let Err(e) = written {
            tracing::error!(error = %e, export = name, "export failed");
            let _ = out.tx.blocking_send(Err(std::io::Error::other(e)));
        }
    });
    download(content_type, name, rx)
}

#[utoipa::path(
    get,
    path = "/exports/submissions.xlsx",
    tag = "exports",
    security(("reviewer" = [])),
    params(Filter),
    responses(
        (status = 200, description = "The rows as XLSX: 推荐汇总表, then 工作计划, 标准明细 and 参加单位.", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "A filter that cannot be read.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
    ),
)]
async fn xlsx_export(
    State(state): State<AppState>,
    signed: SignedIn,
    query: Query<Filter>,
) -> Result<Response, ApiError> {
    let filter = export_filter(&state, &signed, query, "export_xlsx").await?;
    Ok(blocking_download(
        &state,
        signed,
        filter,
        xlsx::write,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "submissions.xlsx",
    ))
}

#[utoipa::path(
    get,
    path = "/exports/submissions.zip",
    tag = "exports",
    security(("reviewer" = [])),
    params(Filter),
    responses(
        (status = 200, description = "A folder per application: application.json, the 申请书 as DOCX, its files, and manifest.csv.", content_type = "application/zip"),
        (status = 400, description = "A filter that cannot be read.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
    ),
)]
async fn zip_export(
    State(state): State<AppState>,
    signed: SignedIn,
    query: Query<Filter>,
) -> Result<Response, ApiError> {
    let filter = export_filter(&state, &signed, query, "export_zip").await?;
    let calls = state.calls.clone();
    Ok(blocking_download(
        &state,
        signed,
        filter,
        move |runtime, store, reviewer, filter, out| {
            bundle::write(runtime, store, &calls, reviewer, filter, out)
        },
        "application/zip",
        "submissions.zip",
    ))
}

/// Bytes written synchronously, sent on in chunks of [`Sender::CHUNK`].
struct Sender {
    tx: mpsc::Sender<Chunk>,
    buffer: Vec<u8>,
}

impl Sender {
    const CHUNK: usize = 64 * 1024;
}

impl std::io::Write for Sender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= Self::CHUNK {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    /// Fails once the client has gone, which ends the export.
    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

type Chunk = Result<Bytes, std::io::Error>;

/// Writes the CSV a page at a time into `tx`; stops when the client has gone. A database error
/// mid-way ends the body with an error, so the client sees a broken download, not a short one
/// that looks whole.
async fn write_csv(store: Store, reviewer: Reviewer, filter: Filter, tx: mpsc::Sender<Chunk>) {
    // The byte order mark makes Excel read the file as UTF-8.
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut written = 0;
    let mut cursor = None;
    let mut failed = None;
    if let Err(e) = out.write_record(HEADERS) {
        failed = Some(std::io::Error::other(e));
    }
    while failed.is_none() {
        let (page, next) = match store
            .export_page(&reviewer, &filter, cursor.as_ref(), PAGE)
            .await
        {
            Ok(found) => found,
            Err(e) => {
                failed = Some(std::io::Error::other(e));
                break;
            }
        };
        for (summary, data) in &page {
            written += 1;
            let row = cells(written, summary, data).map(neutralized);
            if let Err(e) = out.write_record(&row) {
                failed = Some(std::io::Error::other(e));
                break;
            }
        }
        let chunk = match out.into_inner() {
            Ok(bytes) => bytes,
            Err(e) => {
                failed = Some(std::io::Error::other(e.to_string()));
                break;
            }
        };
        if tx.send(Ok(Bytes::from(chunk))).await.is_err() {
            return;
        }
        let Some(next) = next else {
            return;
        };
        cursor = Some(next);
        out = csv::Writer::from_writer(Vec::new());
    }
    if let Some(e) = failed {
        tracing::error!(error = %e, "csv export failed");
        let _ = tx.send(Err(e)).await;
    }
}
