//! What reviewers read: the submissions of their programs (and unit), one by one or as a list,
//! and the files that came with them. Every request needs `Authorization: Bearer <token>`.
//!
//! Anything outside the reviewer's scope answers 404 exactly as a submission that does not
//! exist, so ids and receipts cannot be probed.

mod detail;
mod files;
mod versions;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::Date;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::SignedIn;
use crate::chain::Unit;
use crate::error::ApiError;
use crate::http::extract::Query;
use crate::openapi::shapes::Errors;
use crate::state::AppState;
use crate::store::{Filter, Order, Summary};

/// Rows per page unless asked otherwise, and the most one page holds.
const PER_PAGE: i64 = 50;
const MAX_PER_PAGE: i64 = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(list))
        .routes(routes!(detail::detail))
        .routes(routes!(files::attachment))
        .routes(routes!(files::document))
        .routes(routes!(versions::version))
}

/// Who is signed in, so the page can offer what they may do: the calls whose chain names
/// their unit (every call of their programs, for a reviewer without one), each with its units.
#[utoipa::path(
    get,
    path = "/me",
    tag = "review",
    security(("reviewer" = [])),
    responses(
        (status = 200, description = "Who is signed in, and the calls whose chain names their unit.", body = Me),
        (status = 401, description = "No valid reviewer token.", body = Errors),
    ),
)]
async fn me(State(state): State<AppState>, signed: SignedIn) -> Json<Me> {
    let r = &signed.reviewer;
    let calls = state
        .calls
        .all()
        .iter()
        .filter(|c| r.programs.contains(&c.program))
        .filter(|c| r.unit.as_deref().is_none_or(|u| c.chain.unit(u).is_some()))
        .map(|c| MeCall {
            id: c.id.clone(),
            program: c.program.clone(),
            title: c.title.clone(),
            units: c.chain.units().iter().map(MeUnit::of).collect(),
        })
        .collect();
    Json(Me {
        words: crate::standing::Words::all(),
        name: r.name.clone(),
        programs: r.programs.clone(),
        unit: r.unit.clone(),
        expert: r.expert,
        calls,
    })
}

/// Who is signed in, and the calls whose chain names their unit.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Me {
    /// The words the page shows the list's statuses and the decisions in.
    words: crate::standing::Words,
    name: String,
    programs: Vec<String>,
    unit: Option<String>,
    expert: bool,
    calls: Vec<MeCall>,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MeCall {
    id: String,
    program: String,
    title: String,
    units: Vec<MeUnit>,
}

/// A unit of a call's chain, as the reviewers' page shows it.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MeUnit {
    name: String,
    parent: Option<String>,
    receives: bool,
    decides: bool,
    /// Beijing time.
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
    recommend_by: Option<String>,
    opinion: Vec<String>,
    experts: Option<String>,
    quotas: Vec<MeQuota>,
    channel: Option<String>,
    /// What it hands in to the level above, by its `recommend_by`.
    hand_in: MeHandIn,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MeQuota {
    name: String,
    max: Option<u32>,
    min: Option<u32>,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MeHandIn {
    list: String,
    copies: Option<String>,
    to: Option<String>,
}

impl MeUnit {
    fn of(u: &Unit) -> MeUnit {
        MeUnit {
            name: u.name.clone(),
            parent: u.parent.clone(),
            receives: u.receives,
            decides: u.decides,
            recommend_by: u.recommend_by.map(crate::clock::beijing),
            opinion: u.opinion.clone(),
            experts: u.experts.clone(),
            quotas: u
                .quotas
                .iter()
                .map(|q| MeQuota {
                    name: q.name.clone(),
                    max: q.max,
                    min: q.min,
                })
                .collect(),
            channel: u.channel.clone(),
            hand_in: MeHandIn {
                list: u.hand_in.list().to_owned(),
                copies: u.hand_in.copies.clone(),
                to: u.hand_in.to.clone(),
            },
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    #[serde(flatten)]
    filter: Filter,
    page: Option<i64>,
    per_page: Option<i64>,
    /// A column (`crate::store::SORTS`); the newest first without it.
    sort: Option<String>,
    /// `asc` or `desc`.
    order: Option<String>,
}

/// Checks the parts of a filter that have a shape, so a typo is a 400 rather than an empty list.
pub fn checked(filter: &Filter) -> Result<(), ApiError> {
    for (name, day) in [("from", &filter.from), ("to", &filter.to)] {
        if day.as_deref().is_some_and(|d| Date::parse(d).is_none()) {
            return Err(ApiError::BadQuery(format!("{name}: YYYY-MM-DD")));
        }
    }
    let two_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    if filter.province.as_deref().is_some_and(|p| !two_digits(p)) {
        return Err(ApiError::BadQuery("province: two digits (e.g. 14)".into()));
    }
    if let Some(ids) = &filter.ids
        && ids.split(',').count() > crate::store::MAX_IDS
    {
        return Err(ApiError::BadQuery(format!(
            "ids: at most {} ids",
            crate::store::MAX_IDS
        )));
    }
    if let Some(status) = &filter.status
        && !crate::store::STATUSES.contains(&status.as_str())
        && status != crate::store::DECIDED
    {
        return Err(ApiError::BadQuery(format!(
            "status: {}, {}",
            crate::store::STATUSES.join(", "),
            crate::store::DECIDED
        )));
    }
    Ok(())
}

#[utoipa::path(
    get,
    path = "/submissions",
    operation_id = "list_submissions",
    tag = "review",
    security(("reviewer" = [])),
    params(
        Filter,
        ("page" = Option<i64>, Query, description = "The page, from 1."),
        ("per_page" = Option<i64>, Query, description = "Rows per page: 50 unless asked, at most 200."),
        ("sort" = Option<String>, Query, description = "The column to sort by: `submitted` (the default), `score` (the experts' mean), `rank`, `receipt`, `applicant`, `project`, `domain`, `status`."),
        ("order" = Option<String>, Query, description = "`asc` or `desc`; without it the newest and the highest scores first, the rest from A."),
    ),
    responses(
        (status = 200, description = "One page of what the reviewer may see, newest first unless `sort` says otherwise.", body = SubmissionList),
        (status = 400, description = "A filter that cannot be read (an unknown key, a day not `YYYY-MM-DD`, an unknown status or sort, more than 200 ids).", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
    ),
)]
async fn list(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Json<SubmissionList>, ApiError> {
    checked(&query.filter)?;
    let per_page = query.per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE);
    // Bounded, so that no page number can overflow the offset.
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let order =
        Order::parse(query.sort.as_deref(), query.order.as_deref()).map_err(ApiError::BadQuery)?;
    let (items, total) = state
        .store
        .list(
            &signed.reviewer,
            &query.filter,
            order,
            (per_page, (page - 1) * per_page),
        )
        .await?;
    // What units below withdrew from the reviewer's unit: its receipt and project only.
    // Not to its experts, who see what is assigned to them and nothing else.
    let mut withdrawn = Vec::new();
    if let (Some(unit), false) = (&signed.reviewer.unit, signed.reviewer.expert) {
        for call in state.calls.all() {
            let below: Vec<&str> = signed.reviewer.below_in(&call.id).collect();
            if below.is_empty() || !signed.reviewer.programs.contains(&call.program) {
                continue;
            }
            for w in state.store.withdrawn(&call.id, unit, &below).await? {
                withdrawn.push(WithdrawnBelow {
                    call: call.id.clone(),
                    receipt: w.receipt,
                    project_name: w.project_name,
                    by: w.by_unit,
                    at: w.at,
                });
            }
        }
    }
    signed
        .audit(
            &state,
            "list",
            None,
            &format!("page {page}, {} rows", items.len()),
        )
        .await?;
    Ok(Json(SubmissionList {
        total,
        page,
        per_page,
        items,
        withdrawn,
    }))
}

/// One page of what the reviewer may see.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct SubmissionList {
    total: i64,
    page: i64,
    per_page: i64,
    items: Vec<Summary>,
    withdrawn: Vec<WithdrawnBelow>,
}

/// What a unit below withdrew from the reviewer's unit.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct WithdrawnBelow {
    call: String,
    receipt: String,
    project_name: String,
    by: String,
    #[schema(format = DateTime)]
    at: String,
}
