//! `GET /api/v1/submissions/{id}`: one submission with everything its reviewers need — the
//! application, what the rules said on the day, the 申请书 as a document, the chain's work on it,
//! its files.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use shared::document::Document;
use shared::{Date, Entry};
use utoipa::ToSchema;

use crate::auth::SignedIn;
use crate::downloads::download_name;
use crate::error::ApiError;
use crate::openapi::shapes::{Errors, Finding};
use crate::opinions::Written;
use crate::state::AppState;
use crate::store::{Decision, Note, Opinion, Review};

/// A submission with everything the reviewers need: the application, what the rules said on
/// the day, the 申请书 as a document, the chain's work on it, its files.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Detail {
    id: String,
    receipt: String,
    program: String,
    call: String,
    unit: String,
    /// The reviewer's own unit's place for it.
    rank: Option<i64>,
    recommendations: Vec<Ranked>,
    returned: Option<Returned>,
    decision: Option<Decision>,
    opinions: Vec<Opinion>,
    experts: Experts,
    schema_version: i64,
    #[schema(format = DateTime)]
    submitted_at: String,
    version: i64,
    superseded: Vec<Superseded>,
    #[schema(value_type = Object)]
    application: serde_json::Value,
    #[schema(value_type = Vec<Finding>)]
    warnings: Vec<Entry>,
    /// `shared::document::Document`, or `null` where the current form cannot lay it out.
    #[schema(value_type = Option<Object>)]
    document: Option<Document>,
    attachments: Vec<File>,
    /// The other applications in this call from the same 统一社会信用代码 that the reader may
    /// see.
    same_credit_code: Vec<SameCode>,
    /// How many more there are in the call, which the reader may not see (never named).
    same_credit_code_elsewhere: i64,
    /// The reader's unit's private notes on it, oldest first (none for an expert or a
    /// reviewer without a unit): never printed, exported or shown to the applicant.
    notes: Vec<Note>,
}

/// Another application from the same applicant in the call.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct SameCode {
    id: String,
    receipt: String,
    unit: String,
}

/// A unit's place for it.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Ranked {
    unit: String,
    rank: i64,
}

/// Its return to the applicant (退回补正), and what the correction changed.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DetailReturn)]
struct Returned {
    unit: String,
    reason: String,
    /// Beijing time.
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
    correct_by: String,
    #[schema(format = DateTime)]
    at: String,
    corrected_at: String,
    /// The paths the correction changed.
    changed: Vec<String>,
    /// The same, named as the form labels them.
    changed_labels: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DetailExperts)]
struct Experts {
    assigned: Vec<String>,
    /// The unit's experts it may assign (none for an expert).
    available: Vec<String>,
    reviews: Vec<Review>,
    mean: Option<f64>,
}

/// A version the applicant replaced by correcting it, kept for the audit.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Superseded {
    version: i64,
    /// How many files it had.
    attachments: i64,
}

/// A file that came with it, and where to download it.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AttachedFile)]
struct File {
    key: String,
    file_name: String,
    download_name: String,
    media_type: String,
    size: i64,
    href: String,
}

#[utoipa::path(
    get,
    path = "/submissions/{id}",
    tag = "review",
    security(("reviewer" = [])),
    params(("id" = String, Path, description = "The submission's id or its receipt.")),
    responses(
        (status = 200, description = "The submission with the chain's work on it.", body = Detail),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 404, description = "No such submission within the reviewer's scope (or withdrawn from their unit).", body = Errors),
    ),
)]
pub(super) async fn detail(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Detail>, ApiError> {
    let s = signed.submission(&state, &id).await?;
    signed.audit(&state, "view", Some(&s.id), "").await?;
    let app = shared::wire::parse_application(s.data.to_string().as_bytes()).ok();
    // The warnings the applicant saw: the same rules, on the day it was submitted.
    let day = s.submitted_at.get(..10).and_then(Date::parse);
    let warnings = match (&app, day) {
        (Some(app), Some(day)) => shared::check(app, day)
            .report
            .warnings()
            .map(|w| w.render(signed.lang))
            .collect(),
        _ => Vec::new(),
    };
    // Where it stands in the chain: each unit's recommendation, the opinions, the experts'
    // reviews (an expert reads their own alone) and the decision.
    let recommendations = state.store.recommended_by(&s.id).await?;
    let written = Written::of(&state.store, &s.id, &signed.reviewer).await?;
    let program = shared::programs::find(&s.program);
    let returned = state.store.returned(&s.id).await?.map(|r| {
        let changed: Vec<String> = serde_json::from_str(&r.changed).unwrap_or_default();
        let mut changed_labels: Vec<String> = changed
            .iter()
            .map(|path| program.map_or_else(|| path.clone(), |p| p.label_for(path)))
            .collect();
        changed_labels.dedup();
        Returned {
            correct_by: crate::clock::beijing(r.correct_by()),
            changed,
            changed_labels,
            unit: r.unit,
            reason: r.reason,
            at: r.at,
            corrected_at: r.corrected_at,
        }
    });
    let assigned = if signed.reviewer.expert {
        Vec::new()
    } else {
        state.store.assigned(&s.id).await?
    };
    let rank = signed.reviewer.unit.as_ref().and_then(|unit| {
        recommendations
            .iter()
            .find(|(u, _)| u == unit)
            .map(|(_, rank)| *rank)
    });
    // The official form's layout of it, as the applicant checked it and the DOCX prints it,
    // with the units' opinions and the decision in their blocks.
    let document = app.zip(program).map(|(app, program)| {
        let mut doc = shared::document::build(program, &app);
        let chain = state.calls.find(&s.program, &s.call).map(|c| &c.chain);
        crate::opinions::fill(&mut doc, chain, &written);
        doc
    });
    let superseded = state
        .store
        .superseded(&s.id)
        .await?
        .into_iter()
        .map(|(version, attachments)| Superseded {
            version,
            attachments,
        })
        .collect();
    let attachments = s
        .attachments
        .iter()
        .map(|a| File {
            key: a.key.clone(),
            file_name: a.file_name.clone(),
            download_name: download_name(&a.file_name, &a.media_type),
            media_type: a.media_type.clone(),
            size: a.size,
            href: format!("/api/v1/submissions/{}/attachments/{}", s.id, a.key),
        })
        .collect();
    let mean = crate::store::mean(&written.reviews);
    let (same, elsewhere) = state
        .store
        .same_credit_code(&signed.reviewer, &s.call, &s.credit_code, &s.id)
        .await?;
    let (notes, available) = match (&signed.reviewer.unit, signed.reviewer.expert) {
        (Some(unit), false) => (
            state.store.notes(&s.id, unit).await?,
            state.store.experts_of(unit, &s.program).await?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    Ok(Json(Detail {
        recommendations: recommendations
            .into_iter()
            .map(|(unit, rank)| Ranked { unit, rank })
            .collect(),
        rank,
        returned,
        decision: written.decision,
        opinions: written.opinions,
        experts: Experts {
            assigned,
            available,
            reviews: written.reviews,
            mean,
        },
        warnings,
        document,
        superseded,
        attachments,
        same_credit_code: same
            .into_iter()
            .map(|(id, receipt, unit)| SameCode { id, receipt, unit })
            .collect(),
        same_credit_code_elsewhere: elsewhere,
        notes,
        id: s.id,
        receipt: s.receipt,
        program: s.program,
        call: s.call,
        unit: s.unit,
        schema_version: s.schema_version,
        submitted_at: s.submitted_at,
        version: s.version,
        application: s.data,
    }))
}
