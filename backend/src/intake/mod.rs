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
use time::OffsetDateTime;

pub use receive::{BODY_LIMIT, multipart_limit};
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
    let accepted = check::check(state, &application, &parts, replacing.as_ref(), now)?;
    // Store.
    let files = store::files(parts);
    match replacing {
        None => store::new(state, &accepted, &files, &key, (now, lang)).await,
        Some(r) => store::correction(state, r, &accepted, &files, &key, (now, lang)).await,
    }
}
