//! The one error type of the API. Every error body has the shape
//! `{"errors": [{"path", "code", "severity", "message"}]}`, in the request's language.
//!
//! Handlers return `Result<_, ApiError>`; the error's [`IntoResponse`] answers in zh-CN and
//! keeps its findings beside the body ([`Findings`]), and [`crate::http::language::localize`], one middleware around
//! the whole application, words them again in English when the request asks for it. No handler
//! renders an error itself.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::{Code, Issue, Lang};

/// The most rule findings one answer lists.
pub const MAX_REPORTED: usize = 100;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not JSON.
    MalformedJson(String),
    /// 400: a multipart body that cannot be read.
    MalformedMultipart(String),
    /// 400: a multipart part the form does not take, or a part sent twice (`true`).
    BadPart { name: String, twice: bool },
    /// 400: the body broke off before its end (the client went away, or a read failed).
    BodyRead,
    /// 408: the body paused longer than the server waits (see `crate::http::serve`).
    BodyTimeout,
    /// 400: an `Idempotency-Key` header that is not one.
    BadIdempotencyKey,
    /// 409: the call is not open now (closed, or not yet open).
    CallNotOpen(Issue),
    /// 409: what was asked conflicts with what is stored (a full quota).
    Conflict(Issue),
    /// 403: signed in, but not allowed to do this.
    Forbidden(Issue),
    /// 413: the body is over the limit (bytes).
    TooLarge(usize),
    /// 415: not JSON by its content type.
    UnsupportedMediaType,
    /// 400: query parameters that cannot be read.
    BadQuery(String),
    /// 401: no valid reviewer token or session.
    Unauthorized,
    /// 401: an account, password and code that do not sign in (which of them is wrong is not
    /// said).
    SignInFailed,
    /// 429: too many failed sign-ins for this account or from this client; again after this
    /// many seconds.
    SignInLocked(u64),
    /// 404.
    NotFound(String),
    /// 422: rules failed; each entry names its field.
    Unprocessable(Vec<Issue>),
    /// 429: this client sent too many submissions; it may again after this many seconds.
    TooManyRequests(u64),
    /// 503: the database is too busy to take this now; try again after a moment.
    Busy,
    /// 503: the disk (or the database's quota) is full; nothing was written.
    StorageFull,
    /// 500: logged with its cause; the client learns only that nothing was saved.
    Internal(String),
}

/// The store's refusals in the API's words: what the chain's invariants refuse (see
/// `store::guard`) as 404, 403, 409 or 422, a busy database as 503, the rest as 500.
impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> ApiError {
        use crate::store::StoreError;
        match e {
            StoreError::Database(e) => e.into(),
            StoreError::Full => ApiError::StorageFull,
            StoreError::OutOfScope(id) => ApiError::NotFound(format!("submission {id}")),
            StoreError::Decided => ApiError::Conflict(Issue::new("", Code::Decided)),
            StoreError::Returned => ApiError::Conflict(Issue::new("", Code::Returned)),
            StoreError::VersionChanged(version) => ApiError::Conflict(
                Issue::new("version", Code::VersionChanged).with("version", version),
            ),
            StoreError::NotReceiver => ApiError::Forbidden(Issue::new("", Code::ReturnNotReceiver)),
            StoreError::ReceivingFixed(unit) => ApiError::Unprocessable(vec![
                Issue::new("units.receiving", Code::ReceivingFixed).with("unit", unit),
            ]),
            StoreError::ChangeNeedsReason => {
                ApiError::Unprocessable(vec![Issue::new("reason", Code::DecisionChangeReason)])
            }
            StoreError::QuotaFull {
                category,
                max,
                filled,
                firm,
            } => {
                // A quota the notice sets "原则上" is exceeded with a reason.
                let (or_zh, or_en) = if firm {
                    ("", "")
                } else {
                    (
                        "；此名额为“原则上”的数量，确需超出的，请填写超出理由（reason）后再推荐",
                        "; the notice sets it only in principle: to go beyond it, recommend with a reason",
                    )
                };
                ApiError::Conflict(
                    Issue::new("", Code::QuotaFull)
                        .with("quota", category)
                        .with("max", max)
                        .with("filled", filled.join("、"))
                        .with("or_zh", or_zh)
                        .with("or_en", or_en),
                )
            }
            e => ApiError::Internal(e.to_string()),
        }
    }
}

/// Seconds a client is asked to wait after a 503.
pub const RETRY_AFTER_SECS: u32 = 2;

/// A database that is busy (its write lock held past the busy timeout, or every pooled
/// connection in use past the acquire timeout) is overload, said as 503 with `Retry-After`;
/// any other database error is a 500.
impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        if crate::store::is_full(&e) {
            tracing::error!(error = %e, "storage full: make room (a purge, a larger disk)");
            ApiError::StorageFull
        } else if crate::store::is_busy(&e) {
            tracing::warn!(error = %e, "database busy");
            ApiError::Busy
        } else {
            ApiError::Internal(e.to_string())
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_)
            | ApiError::MalformedMultipart(_)
            | ApiError::BadPart { .. }
            | ApiError::BodyRead
            | ApiError::BadIdempotencyKey
            | ApiError::BadQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized | ApiError::SignInFailed => StatusCode::UNAUTHORIZED,
            ApiError::CallNotOpen(_) | ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests(_) | ApiError::SignInLocked(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::Busy | ApiError::StorageFull => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the error says, as findings (worded by `Issue::render`).
    pub fn issues(self) -> Vec<Issue> {
        match self {
            ApiError::MalformedJson(detail) => {
                vec![Issue::new("", Code::MalformedJson).with("detail", detail)]
            }
            ApiError::MalformedMultipart(detail) => {
                vec![Issue::new("", Code::MalformedMultipart).with("detail", detail)]
            }
            ApiError::BadPart { name, twice } => {
                let code = if twice {
                    Code::DuplicatePart
                } else {
                    Code::UnexpectedPart
                };
                // The name is the client's: echoed, but never at length.
                let name: String = name.chars().take(40).collect();
                vec![Issue::new("", code).with("name", name)]
            }
            ApiError::BodyRead => vec![Issue::new("", Code::BodyRead)],
            ApiError::BodyTimeout => vec![Issue::new("", Code::BodyTimeout)],
            ApiError::BadIdempotencyKey => vec![Issue::new("", Code::IdempotencyKey)],
            ApiError::CallNotOpen(issue)
            | ApiError::Conflict(issue)
            | ApiError::Forbidden(issue) => {
                vec![issue]
            }
            ApiError::TooLarge(max) => {
                let mb = format!("{:.0} MB", max as f64 / (1024.0 * 1024.0));
                vec![Issue::new("", Code::BodyTooLarge).with("max", mb)]
            }
            ApiError::UnsupportedMediaType => vec![Issue::new("", Code::UnsupportedMediaType)],
            ApiError::BadQuery(detail) => {
                vec![Issue::new("", Code::BadQuery).with("detail", detail)]
            }
            ApiError::Unauthorized => vec![Issue::new("", Code::Unauthorized)],
            ApiError::SignInFailed => vec![Issue::new("", Code::SignInFailed)],
            ApiError::SignInLocked(secs) => {
                vec![Issue::new("", Code::SignInLocked).with("seconds", secs)]
            }
            ApiError::NotFound(what) => vec![Issue::new("", Code::NotFound).with("what", what)],
            ApiError::Unprocessable(mut issues) => {
                // However many the rules found, the answer stays small: the first ones, in
                // the form's order, and how many more there are.
                if issues.len() > MAX_REPORTED {
                    let more = issues.len() - MAX_REPORTED;
                    issues.truncate(MAX_REPORTED);
                    issues.push(Issue::new("", Code::MoreErrors).with("count", more));
                }
                issues
            }
            ApiError::TooManyRequests(secs) => {
                vec![Issue::new("", Code::TooManyRequests).with("seconds", secs)]
            }
            ApiError::Busy => vec![Issue::new("", Code::Busy)],
            ApiError::StorageFull => vec![Issue::new("", Code::StorageFull)],
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                vec![Issue::new("", Code::Internal)]
            }
        }
    }
}

/// An error answer's findings, before they are put into words: what
/// `crate::http::language::localize` words again in the request's language.
#[derive(Clone)]
pub struct Findings(pub std::sync::Arc<Vec<Issue>>);

/// An error answer's body: its findings in `lang`.
pub fn body(issues: &[Issue], lang: Lang) -> Json<serde_json::Value> {
    let errors: Vec<_> = issues.iter().map(|i| i.render(lang)).collect();
    Json(serde_json::json!({ "errors": errors }))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry_after = match self {
            ApiError::TooManyRequests(secs) | ApiError::SignInLocked(secs) => Some(secs),
            ApiError::Busy => Some(u64::from(RETRY_AFTER_SECS)),
            // Room takes an operator: ask again in a minute.
            ApiError::StorageFull => Some(60),
            _ => None,
        };
        let issues = self.issues();
        let code = issues.first().map_or("", |i| i.code.as_str());
        metrics::counter!("api_errors_total", "code" => code, "status" => status.as_u16().to_string())
            .increment(1);
        let mut response = (status, body(&issues, Lang::default())).into_response();
        response
            .extensions_mut()
            .insert(Findings(std::sync::Arc::new(issues)));
        if let Some(secs) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
