//! What a unit of the recommending chain does with what reached it: recommends it upward within
//! its quotas, ranked, or withdraws it (`PUT /api/v1/submissions/{id}/recommendation`); writes
//! its opinion into its block of the 申请书 (`PUT …/opinion`); and, at the top, decides
//! (`PUT …/decision`). `GET /api/v1/quotas?call=ID` shows how the unit's quotas are filled.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;
use shared::{Code, Issue};

use crate::auth::SignedIn;
use crate::calls::Call;
use crate::chain::Unit;
use crate::clock::{beijing, now_rfc3339};
use crate::error::ApiError;
use crate::openapi::shapes::{
    Assigned, Decided, Errors, Opined, Quotas, Recommended, Returned, Reviewed,
};
use crate::state::AppState;
use crate::store::{Act, Acting, Decision, Opinion, Recommendation, Return, Review, Stored};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The most characters an opinion or a reason holds.
const MAX_TEXT: usize = 2000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(recommend))
        .routes(routes!(decide))
        .routes(routes!(opinion))
        .routes(routes!(assign))
        .routes(routes!(review))
        .routes(routes!(give_back))
        .routes(routes!(quotas))
}

/// The unit a reviewer acts for: a reviewer without one reads but does nothing.
fn unit_of(signed: &SignedIn) -> Result<&str, ApiError> {
    signed
        .reviewer
        .unit
        .as_deref()
        .ok_or_else(|| ApiError::Forbidden(Issue::new("", Code::RecommendNeedsUnit)))
}

/// A submission the reviewer's unit may act on, with its call and the unit in the call's chain.
async fn acting<'s>(
    state: &'s AppState,
    signed: &SignedIn,
    id: &str,
) -> Result<(Stored, &'s Call, &'s Unit), ApiError> {
    let name = unit_of(signed)?;
    if signed.reviewer.expert {
        return Err(ApiError::Forbidden(Issue::new("", Code::ExpertOnly)));
    }
    let s = signed.submission(state, id).await?;
    let call = state
        .calls
        .find(&s.program, &s.call)
        .ok_or_else(|| ApiError::NotFound(format!("call {}", s.call)))?;
    let unit = call
        .chain
        .unit(name)
        .ok_or_else(|| ApiError::Forbidden(Issue::new("", Code::NotInChain).with("unit", name)))?;
    Ok((s, call, unit))
}

/// 409 `recommend_closed` once the unit's `recommend_by` has passed.
fn still_open(unit: &Unit) -> Result<(), ApiError> {
    match unit.recommend_by {
        Some(by) if time::OffsetDateTime::now_utc().unix_timestamp() >= by => Err(
            ApiError::Conflict(Issue::new("", Code::RecommendClosed).with("by", beijing(by))),
        ),
        _ => Ok(()),
    }
}

/// The units directly below `unit` in `call`: what they recommend, `unit` holds.
fn below<'c>(call: &'c Call, unit: &'c str) -> Vec<&'c str> {
    call.chain.children(unit).map(|u| u.name.as_str()).collect()
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

/// A JSON body, or the 400 that says why not.
fn body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(t)| t)
        .map_err(|e| ApiError::MalformedJson(e.body_text()))
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Ask {
    recommended: bool,
    /// Where among the unit's recommendations (1 first); the end when not given.
    rank: Option<i64>,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
    /// Why it goes beyond a quota the notice sets only "原则上" (`firm = false`): kept with the
    /// recommendation, audited, shown on the quota panel and printed in the unit's 汇总表.
    reason: Option<String>,
}

#[utoipa::path(
    put,
    path = "/submissions/{id}/recommendation",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = Ask,
    responses(
        (status = 200, description = "Recommended at the reviewer's unit (sent to its parent) at that rank, or withdrawn there and above.", body = Recommended),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit, or the deciding unit (`decider_decides`).", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope, or no longer: a unit below withdrew it.", body = Errors),
        (status = 409, description = "`quota_full` (naming the quota, its size and the receipts that fill it; past a quota set only in principle, a `reason` lets it through), `recommend_closed`, `decided`, `returned` (waiting for its correction) or `version_changed` (naming the version it is now).", body = Errors),
        (status = 422, description = "A rank out of range, or a reason over 2000 characters or with control characters.", body = Errors),
    ),
)]
async fn recommend(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    ask: Result<Json<Ask>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let ask = body(ask)?;
    let (s, call, unit) = acting(&state, &signed, &id).await?;
    if unit.decides {
        return Err(ApiError::Forbidden(Issue::new("", Code::DeciderDecides)));
    }
    still_open(unit)?;
    let at = now_rfc3339();
    let actor = signed.reviewer.actor();
    let below = below(call, &unit.name);
    if !ask.recommended {
        let mut units = vec![unit.name.as_str()];
        units.extend(call.chain.ancestors(&unit.name).map(|u| u.name.as_str()));
        // A correction withdraws by itself: a withdrawal holds on any version unless named.
        state
            .store
            .withdraw(&s.id, (&units, &below, ask.version), actor, &at)
            .await?;
        return Ok(Json(
            json!({ "id": s.id, "unit": unit.name, "recommended": false, "rank": null }),
        ));
    }
    let text = |key: &str| s.data["project"][key].as_str().unwrap_or_default();
    let reason = text_at("reason", ask.reason.as_deref().unwrap_or_default(), false)?;
    let asked = Recommendation {
        submission_id: &s.id,
        acting: act(Act::Recommend, &unit.name, &below, &s, ask.version),
        kind: text("kind"),
        domain: text("domain"),
        rank: ask.rank,
        actor,
        at: &at,
        quotas: &unit.quotas,
        reason: &reason,
    };
    let rank = state.store.recommend(&asked).await?;
    Ok(Json(
        json!({ "id": s.id, "unit": unit.name, "recommended": true, "rank": rank }),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct DecisionAsk {
    /// `approved` (立项) or `rejected` (不予立项).
    decision: String,
    /// Needed to refuse, and to change a decision made before.
    #[serde(default)]
    reason: String,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// The deciding unit's 立项 or 不予立项, on what reached it or what it received itself.
#[utoipa::path(
    put,
    path = "/submissions/{id}/decision",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = DecisionAsk,
    responses(
        (status = 200, description = "The decision (立项 / 不予立项), printed in the deciding unit's block.", body = Decided),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "Not the deciding unit (`not_decider`), or a reviewer without a unit.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 409, description = "`returned` (waiting for its correction) or `version_changed` (naming the version it is now).", body = Errors),
        (status = 422, description = "A decision other than `approved` or `rejected`, a refusal without its reason, or a changed decision without its reason (`decision_change_reason`).", body = Errors),
    ),
)]
async fn decide(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    ask: Result<Json<DecisionAsk>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let ask = body(ask)?;
    let (s, call, unit) = acting(&state, &signed, &id).await?;
    if !unit.decides {
        return Err(ApiError::Forbidden(Issue::new("", Code::NotDecider)));
    }
    if !matches!(ask.decision.as_str(), "approved" | "rejected") {
        return Err(ApiError::Unprocessable(vec![Issue::new(
            "decision",
            Code::DecisionValue,
        )]));
    }
    // Refusing needs a reason; it prints in the unit's block and the applicant reads it.
    let reason = text_at("reason", &ask.reason, ask.decision == "rejected")?;
    let mut decision = Decision {
        unit: unit.name.clone(),
        decision: ask.decision,
        reason,
        reviewer: signed.reviewer.name.clone(),
        at: now_rfc3339(),
        version: s.version,
    };
    let below = below(call, &unit.name);
    let acting = act(Act::Decide, &unit.name, &below, &s, ask.version);
    decision.version = state
        .store
        .decide(&s.id, acting, &decision, signed.reviewer.actor())
        .await?;
    Ok(Json(json!({ "id": s.id, "decision": decision })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct OpinionAsk {
    /// The block's key, needed only where the unit has several.
    block: Option<String>,
    text: String,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// A unit's opinion, printed in its block of the 申请书 with its name and the date; replaceable
/// until its `recommend_by`.
#[utoipa::path(
    put,
    path = "/submissions/{id}/opinion",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = OpinionAsk,
    responses(
        (status = 200, description = "The unit's opinion, printed in its block of the 申请书.", body = Opined),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 409, description = "After the unit's `recommend_by` (`recommend_closed`), `decided` or `version_changed`.", body = Errors),
        (status = 422, description = "No text, a text over 2000 characters or with control characters, or a block the unit does not have.", body = Errors),
    ),
)]
async fn opinion(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    ask: Result<Json<OpinionAsk>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let ask = body(ask)?;
    let (s, call, unit) = acting(&state, &signed, &id).await?;
    still_open(unit)?;
    let block = match (ask.block, unit.opinion.as_slice()) {
        (Some(block), blocks) if blocks.contains(&block) => block,
        (None, []) => String::new(),
        (None, [only]) => only.clone(),
        (_, blocks) => {
            let named = if blocks.is_empty() {
                "补充信息".to_owned()
            } else {
                blocks.join("、")
            };
            return Err(ApiError::Unprocessable(vec![
                Issue::new("block", Code::UnknownBlock).with("blocks", named),
            ]));
        }
    };
    let opinion = Opinion {
        unit: unit.name.clone(),
        block,
        text: text_at("text", &ask.text, true)?,
        reviewer: signed.reviewer.name.clone(),
        at: now_rfc3339(),
    };
    let below = below(call, &unit.name);
    let acting = act(Act::Opinion, &unit.name, &below, &s, ask.version);
    state
        .store
        .write_opinion(&s.id, acting, &opinion, signed.reviewer.actor())
        .await?;
    Ok(Json(json!({ "id": s.id, "opinion": opinion })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Assign {
    experts: Vec<String>,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// The unit assigns its experts (专家评审) to a submission it has: each sees only what was
/// assigned to them. Until the unit's `recommend_by`.
#[utoipa::path(
    put,
    path = "/submissions/{id}/experts",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = Assign,
    responses(
        (status = 200, description = "The unit's experts who may see and score it.", body = Assigned),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit, an expert, or a unit whose chain entry has no experts (`no_experts`).", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 409, description = "After the unit's `recommend_by`, `decided`, `returned` or `version_changed`.", body = Errors),
        (status = 422, description = "A name that is not one of the unit's experts (at `experts.N`).", body = Errors),
    ),
)]
async fn assign(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    ask: Result<Json<Assign>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let mut ask = body(ask)?;
    let (s, call, unit) = acting(&state, &signed, &id).await?;
    // Only a unit whose chain entry invites experts has a block their reviews print in.
    if unit.experts.is_none() {
        return Err(ApiError::Forbidden(
            Issue::new("", Code::NoExperts).with("unit", &unit.name),
        ));
    }
    still_open(unit)?;
    let known = state
        .store
        .experts_of(&unit.name, &s.program)
        .await
        .map_err(ApiError::from)?;
    let unknown: Vec<Issue> = ask
        .experts
        .iter()
        .enumerate()
        .filter(|(_, e)| !known.contains(e))
        .map(|(i, _)| {
            Issue::new(format!("experts.{i}"), Code::UnknownExpert).with(
                "experts",
                if known.is_empty() {
                    "无".to_owned()
                } else {
                    known.join("、")
                },
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::Unprocessable(unknown));
    }
    ask.experts.sort();
    ask.experts.dedup();
    let below = below(call, &unit.name);
    state
        .store
        .assign(
            &s.id,
            act(Act::Assign, &unit.name, &below, &s, ask.version),
            &ask.experts,
            signed.reviewer.actor(),
            &now_rfc3339(),
        )
        .await?;
    Ok(Json(json!({ "id": s.id, "experts": ask.experts })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ReviewAsk {
    /// 0–100; read as any JSON value so that a wrong one is a 422 at `score`.
    #[schema(value_type = i64, minimum = 0, maximum = 100)]
    score: serde_json::Value,
    text: String,
    /// The version the expert read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// An expert's score (0–100) and opinion on what was assigned to them; replaceable.
#[utoipa::path(
    put,
    path = "/submissions/{id}/review",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = ReviewAsk,
    responses(
        (status = 200, description = "The expert's score and opinion.", body = Reviewed),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "Not an expert.", body = Errors),
        (status = 404, description = "Not assigned to this expert now (or their unit lost it), or no such submission.", body = Errors),
        (status = 409, description = "`decided` or `version_changed`.", body = Errors),
        (status = 422, description = "A score that is not a whole number from 0 to 100, or no text.", body = Errors),
    ),
)]
async fn review(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    ask: Result<Json<ReviewAsk>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let ask = body(ask)?;
    if !signed.reviewer.expert {
        return Err(ApiError::Forbidden(Issue::new("", Code::NotAssigned)));
    }
    // An expert's view holds only what was assigned to them.
    let s = signed.submission(&state, &id).await?;
    let score = ask
        .score
        .as_i64()
        .filter(|n| (0..=100).contains(n))
        .ok_or_else(|| ApiError::Unprocessable(vec![Issue::new("score", Code::Score)]))?;
    // An expert acts for the unit that assigned them: theirs, the one that may.
    let unit = signed.reviewer.unit.as_deref().unwrap_or_default();
    let call = state
        .calls
        .find(&s.program, &s.call)
        .ok_or_else(|| ApiError::NotFound(format!("call {}", s.call)))?;
    let review = Review {
        expert: signed.reviewer.name.clone(),
        unit: unit.to_owned(),
        score,
        text: text_at("text", &ask.text, true)?,
        at: now_rfc3339(),
    };
    let below = below(call, unit);
    let acting = Acting {
        expert: Some(&signed.reviewer.name),
        ..act(Act::Review, unit, &below, &s, ask.version)
    };
    state
        .store
        .review(&s.id, acting, &review, signed.reviewer.actor())
        .await?;
    Ok(Json(json!({ "id": s.id, "review": review })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ReturnAsk {
    reason: String,
    /// `2026-12-20` (the end of that day, Beijing time), `2026-12-20T17:30`, or with an offset.
    correct_by: String,
    /// The version the reviewer read (the detail's `version`): another one is a 409.
    version: Option<i64>,
}

/// 退回补正: the receiving unit sends the submission back to its applicant with a reason, to be
/// corrected by `correct_by` (in the future, and no later than the unit's `recommend_by`), even
/// after the call closed. Its recommendations are withdrawn: what comes back is a new version.
#[utoipa::path(
    post,
    path = "/submissions/{id}/return",
    tag = "chain",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    request_body = ReturnAsk,
    responses(
        (status = 200, description = "Returned to its applicant (退回补正) until `correct_by`; its recommendations are withdrawn.", body = Returned),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "Not the receiving unit, or a reviewer without a unit.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope.", body = Errors),
        (status = 409, description = "After the unit's `recommend_by`, `decided` or `version_changed`.", body = Errors),
        (status = 422, description = "No reason, a reason with control characters, or a `correct_by` not in the future or after the unit's `recommend_by`.", body = Errors),
    ),
)]
async fn give_back(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    ask: Result<Json<ReturnAsk>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let ask = body(ask)?;
    let (s, call, unit) = acting(&state, &signed, &id).await?;
    if s.unit != unit.name {
        return Err(ApiError::Forbidden(Issue::new("", Code::ReturnNotReceiver)));
    }
    still_open(unit)?;
    let reason = text_at("reason", &ask.reason, true)?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let latest = unit.recommend_by.unwrap_or(i64::MAX);
    let by = crate::calls::deadline(&ask.correct_by)
        .filter(|by| *by > now && *by <= latest)
        .ok_or_else(|| {
            let limit = unit
                .recommend_by
                .map_or_else(|| "（未设）".to_owned(), beijing);
            ApiError::Unprocessable(vec![
                Issue::new("correct_by", Code::CorrectBy).with("by", limit),
            ])
        })?;
    let r = Return {
        unit: unit.name.clone(),
        reason,
        correct_by: by.to_string(),
        reviewer: signed.reviewer.name.clone(),
        at: now_rfc3339(),
        corrected_at: String::new(),
        changed: String::new(),
    };
    let below = below(call, &unit.name);
    let acting = act(Act::Return, &unit.name, &below, &s, ask.version);
    state
        .store
        .return_to_applicant(&s.id, acting, &r, signed.reviewer.actor())
        .await?;
    Ok(Json(json!({
        "id": s.id,
        "returned": { "reason": r.reason, "correct_by": beijing(by) },
    })))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct QuotaQuery {
    /// The call's id.
    call: String,
}

/// Each quota of the reviewer's unit in the call, per category it has: how many it allows
/// (`max`, or `null`), at least (`min`), and which recommendations fill it; and each unit
/// below it with a least number to send, and whether it has.
#[utoipa::path(
    get,
    path = "/quotas",
    tag = "chain",
    security(("reviewer" = [])),
    params(QuotaQuery),
    responses(
        (status = 200, description = "How the unit's quotas in the call are filled, and what each unit below still owes.", body = Quotas),
        (status = 400, description = "No `call`, or another key.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "A reviewer without a unit.", body = Errors),
        (status = 404, description = "No such call for the reviewer.", body = Errors),
    ),
)]
async fn quotas(
    State(state): State<AppState>,
    signed: SignedIn,
    query: Result<Query<QuotaQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadQuery(e.body_text()))?;
    let unit = unit_of(&signed)?;
    let call = state
        .calls
        .all()
        .iter()
        .find(|c| c.id == query.call && signed.reviewer.programs.contains(&c.program))
        .ok_or_else(|| ApiError::NotFound(format!("call {}", query.call)))?;
    let held = state
        .store
        .recommended(&call.id, unit)
        .await
        .map_err(ApiError::from)?;
    let own = call.chain.unit(unit).map(|u| u.quotas.as_slice());
    let mut rows = Vec::new();
    for quota in own.unwrap_or_default() {
        // A quota per domain shows the domains that have recommendations.
        let mut categories: Vec<String> = Vec::new();
        for category in held
            .iter()
            .filter_map(|h| quota.category(&h.kind, &h.domain))
        {
            if !categories.contains(&category) {
                categories.push(category);
            }
        }
        if categories.is_empty() {
            categories.push(quota.name.clone());
        }
        for category in categories {
            let counted: Vec<_> = held
                .iter()
                .filter(|h| quota.category(&h.kind, &h.domain).as_ref() == Some(&category))
                .collect();
            let filled: Vec<&str> = counted.iter().map(|h| h.receipt.as_str()).collect();
            // What went beyond a quota set "原则上", with the reason the unit gave.
            let beyond: Vec<_> = counted
                .iter()
                .filter(|h| !h.reason.is_empty())
                .map(|h| json!({ "receipt": h.receipt, "reason": h.reason }))
                .collect();
            rows.push(json!({
                "quota": category,
                "max": quota.max,
                "min": quota.min,
                "firm": quota.firm,
                "used": filled.len(),
                "receipts": filled,
                "beyond": beyond,
            }));
        }
    }
    // The units below with a least number to send (Shanxi: 每个县至少申报一个), met or not.
    let mut children = Vec::new();
    for child in call.chain.children(unit) {
        let sent = state
            .store
            .recommended(&call.id, &child.name)
            .await
            .map_err(ApiError::from)?;
        for quota in child.quotas.iter().filter(|q| q.min.is_some()) {
            let used = sent
                .iter()
                .filter(|h| quota.category(&h.kind, &h.domain).is_some())
                .count();
            children.push(json!({
                "unit": child.name,
                "quota": quota.name,
                "min": quota.min,
                "used": used,
                "met": used as u32 >= quota.min.unwrap_or_default(),
            }));
        }
    }
    Ok::<_, ApiError>(Json(
        json!({ "call": call.id, "unit": unit, "quotas": rows, "children": children }),
    ))
}
