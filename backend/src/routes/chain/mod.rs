//! What a unit of the recommending chain does with what reached it, one action a file: it
//! recommends it upward within its quotas, ranked, or withdraws it ([`recommend`]); writes its
//! opinion into its block of the 申请书 ([`opinion`]); invites its experts, who score what they
//! were given ([`experts`]); returns it to the applicant for a correction ([`returns`]); and, at
//! the top, decides ([`decide`]). [`quotas`] shows how the unit's quotas are filled. Every action
//! starts from [`InScope`]: the acting reviewer, their unit in the call's chain, and the
//! submission as their scope shows it; the store then checks the chain's invariants again
//! inside the action's own write (`store::guard`).

mod decide;
mod experts;
mod notes;
mod opinion;
mod quotas;
mod recommend;
mod returns;

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use shared::{Code, Issue};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::SignedIn;
use crate::calls::{Call, Calls};
use crate::chain::Unit;
use crate::clock::beijing;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{Act, Acting, Stored};

/// The most characters an opinion or a reason holds.
const MAX_TEXT: usize = 2000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(recommend::recommend))
        .routes(routes!(decide::decide))
        .routes(routes!(opinion::opinion))
        .routes(routes!(experts::assign))
        .routes(routes!(experts::review))
        .routes(routes!(returns::give_back))
        .routes(routes!(notes::add))
        .routes(routes!(quotas::quotas))
}

/// The unit a reviewer acts for: a reviewer without one reads but does nothing.
fn unit_of(signed: &SignedIn) -> Result<&str, ApiError> {
    signed
        .reviewer
        .unit
        .as_deref()
        .ok_or_else(|| ApiError::Forbidden(Issue::new("", Code::RecommendNeedsUnit)))
}

/// A unit's reviewer (not an expert) and the submission `{id}` of the path as their scope
/// shows it, with its call and the unit in the call's chain: 403 for a reviewer without a unit,
/// an expert or a unit the chain does not have; 404 for a submission out of scope.
pub struct InScope {
    pub signed: SignedIn,
    pub submission: Stored,
    calls: Arc<Calls>,
    call: usize,
    unit: usize,
}

impl FromRequestParts<AppState> for InScope {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let signed = SignedIn::from_request_parts(parts, state).await?;
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound("submission".into()))?;
        let name = unit_of(&signed)?;
        if signed.reviewer.expert {
            return Err(ApiError::Forbidden(Issue::new("", Code::ExpertOnly)));
        }
        let submission = signed.submission(state, &id).await?;
        let calls = state.calls.clone();
        let call = calls
            .all()
            .iter()
            .position(|c| c.program == submission.program && c.id == submission.call)
            .ok_or_else(|| ApiError::NotFound(format!("call {}", submission.call)))?;
        let unit = calls.all()[call]
            .chain
            .units()
            .iter()
            .position(|u| u.name == name)
            .ok_or_else(|| {
                ApiError::Forbidden(Issue::new("", Code::NotInChain).with("unit", name))
            })?;
        Ok(InScope {
            signed,
            submission,
            calls,
            call,
            unit,
        })
    }
}

impl InScope {
    pub fn call(&self) -> &Call {
        &self.calls.all()[self.call]
    }

    pub fn unit(&self) -> &Unit {
        &self.call().chain.units()[self.unit]
    }

    /// The units directly below: what they recommend, the acting unit holds.
    pub fn below(&self) -> Vec<&str> {
        below(self.call(), &self.unit().name)
    }

    /// 409 `recommend_closed` once the unit's `recommend_by` has passed.
    pub fn still_open(&self) -> Result<(), ApiError> {
        still_open(self.unit())
    }
}

/// The units directly below `unit` in `call`.
fn below<'c>(call: &'c Call, unit: &'c str) -> Vec<&'c str> {
    call.chain.children(unit).map(|u| u.name.as_str()).collect()
}

/// 409 `recommend_closed` once `unit`'s `recommend_by` has passed.
fn still_open(unit: &Unit) -> Result<(), ApiError> {
    match unit.recommend_by {
        Some(by) if time::OffsetDateTime::now_utc().unix_timestamp() >= by => Err(
            ApiError::Conflict(Issue::new("", Code::RecommendClosed).with("by", beijing(by))),
        ),
        _ => Ok(()),
    }
}

/// The unit's act on the version the reviewer named, or else on the one the route just read
/// (its kind, domain and receiving unit are what the act used): the store acts only if that
/// is still the version, and the chain's invariants hold (`store::guard`).
fn act<'a>(
    act: Act,
    unit: &'a str,
    below: &'a [&'a str],
    s: &Stored,
    version: Option<i64>,
) -> Acting<'a> {
    Acting {
        act,
        unit,
        below,
        expert: None,
        version: Some(version.unwrap_or(s.version)),
    }
}

/// Required text within [`MAX_TEXT`], at `path`, as the applicant's texts are taken: what
/// shows nothing dropped, control characters (but line breaks and tabs) and direction
/// controls refused, so that a reason or an opinion prints as it reads and cannot pass for
/// another line of the audit log.
fn text_at(path: &str, text: &str, required: bool) -> Result<String, ApiError> {
    let text = shared::text::normalize_multiline(&shared::text::visible(text));
    let text = text.trim();
    if shared::text::has_control(text, true) {
        return Err(ApiError::Unprocessable(vec![Issue::new(
            path,
            Code::ControlChar,
        )]));
    }
    let count = text.chars().count();
    if required && text.is_empty() {
        return Err(ApiError::Unprocessable(vec![Issue::new(
            path,
            Code::Required,
        )]));
    }
    if count > MAX_TEXT {
        return Err(ApiError::Unprocessable(vec![
            Issue::new(path, Code::TooLong)
                .with("max", MAX_TEXT)
                .with("actual", count),
        ]));
    }
    Ok(text.to_owned())
}
