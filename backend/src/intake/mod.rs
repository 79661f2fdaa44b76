//! Taking in an application: `POST /api/v1/submissions` (a new one) and
//! `PUT /api/v1/receipts/{receipt}` (a correction) go through the same named steps:
//!
//! 1. **admit**: the client's rate, the `Idempotency-Key`'s form, room in the upload memory;
//! 2. **receive** ([`receive`]): the body, JSON or multipart, its files;
//! 3. a request already answered gets that answer again ([`idempotency`]);
//! 4. **check** ([`check`]): the call window by the server's clock and the shared rules;
//! 5. **store** ([`store`]): the new submission with its receipt and secret, or the next version.
//!
//! A submission counts from when its request arrived, not when its last byte did: an upload
//! begun before the deadline is judged by that time, and so is "today".

mod check;
mod idempotency;
mod receive;
mod store;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use shared::Lang;
use shared::rules::attachments::{self, Given};
use time::OffsetDateTime;

pub use idempotency::parse as idempotency_key;
pub use receive::{BODY_LIMIT, Part, multipart_limit, safe_file_name};
pub use store::{ReplacedAnswer, StoredAnswer};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Stored;

/// What a correction replaces: the stored submission, and the secret that was sent for it.
pub struct Replacing {
    pub secret: String,
    pub stored: Stored,
    /// Returned to the applicant (退回补正) and not yet corrected: the deadline its unit set.
    pub correct_by: Option<i64>,
}

/// The one answer for a receipt that does not exist and a secret that does not match, so that
/// guessing learns nothing.
pub fn not_yours(receipt: &str) -> ApiError {
    ApiError::NotFound(format!("回执 {receipt}，或修改密码不符"))
}

/// Takes in `request`: a new submission, or the correction of what `replacing` names. Warnings
/// in the answer are worded in `lang`.
pub async fn take(
    state: &AppState,
    request: Request,
    lang: Lang,
    replacing: Option<Replacing>,
) -> Result<Response, ApiError> {
    let now = OffsetDateTime::now_utc();
    // Admit.
    let client = crate::http::client::of(request.extensions(), request.headers(), &state.trusted);
    state.rate.check(client)?;
    let key = idempotency::key(request.headers())?;
    let _memory = state
        .uploads
        .hold(request.headers(), multipart_limit(), client)
        .await?;
    // Receive.
    let (application, parts) = receive::receive(request).await?;
    accept(state, (application, parts), key, lang, replacing, now).await
}

/// Steps 3 to 5 for what was received (`take`'s, or a form's posted without script, see
/// `crate::plain`), at `now`, under the Idempotency-Key `key` if one came.
pub async fn accept(
    state: &AppState,
    (application, parts): (shared::Application, Vec<Part>),
    key: Option<String>,
    lang: Lang,
    replacing: Option<Replacing>,
    now: OffsetDateTime,
) -> Result<Response, ApiError> {
    // A retry of a stored submission gets its answer, even once the call has closed since.
    let replaces = replacing.as_ref().map(|r| r.stored.receipt.as_str());
    let key = match key {
        Some(key) => {
            let fingerprint = idempotency::fingerprint(replaces, &application, &parts)?;
            let status = if replaces.is_some() {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            if let Some(answer) = idempotency::replay(state, &key, &fingerprint, status).await? {
                return Ok(answer);
            }
            Some((key, fingerprint))
        }
        None => None,
    };
    // Check.
    let sent = parts.iter().map(|p| Given {
        key: &p.key,
        size: p.size,
        format: attachments::detect(&p.data),
    });
    let accepted = check::check(state, &application, sent.collect(), replacing.as_ref(), now)?;
    // Store.
    let files = store::files(parts);
    match replacing {
        None => store::new(state, &accepted, &files, &key, (now, lang)).await,
        Some(r) => store::correction(state, r, &accepted, &files, &key, (now, lang)).await,
    }
}

/// What the checks before storing (the call's window by the server's clock at `now`, the
/// shared rules) find that blocks `application` with `files`, without storing it: the check
/// page of a form posted without script (`crate::plain`) is shown only where they pass.
pub fn verdict(
    state: &AppState,
    application: &shared::Application,
    files: Vec<Given>,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    check::check(state, application, files, None, now).map(drop)
}
