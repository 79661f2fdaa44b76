//! The 立项名单 (`GET /api/v1/exports/decisions.xlsx?call=ID`): what the deciding unit decided in a
//! call, 立项 first and then 不予立项 with its reasons, as a table it seals and publishes. No
//! seed gives its columns: these are ours, what identifies each project and the decision.

use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
use serde::Deserialize;
use shared::{Code, Issue};

use super::summary::{print_ready, ruled, seal_line, xlsx};
use super::text;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::http::extract::Query;
use crate::openapi::shapes::Errors;
use crate::standing::decision;
use crate::state::AppState;

const COLUMNS: [&str; 9] = [
    "序号",
    "回执编号",
    "项目名称",
    "承担单位名称",
    "统一社会信用代码",
    "受理单位",
    "决定",
    "理由",
    "决定日期",
];

/// Each column's width in characters: one A4 page wide, landscape.
const WIDTHS: [f64; 9] = [5.0, 12.0, 32.0, 30.0, 21.0, 24.0, 10.0, 36.0, 11.0];

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct DecisionsQuery {
    /// The call's id.
    call: String,
}

#[utoipa::path(
    get,
    path = "/exports/decisions.xlsx",
    tag = "exports",
    security(("reviewer" = [])),
    params(DecisionsQuery),
    responses(
        (status = 200, description = "The 立项名单: the deciding unit's decisions in the call, 立项 first, then 不予立项 with its reasons; it prints on A4 landscape with the line the unit seals under.", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "No `call`, or another key.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "Not the call's deciding unit (`not_decider`), or a reviewer without a unit.", body = Errors),
        (status = 404, description = "No such call for the reviewer's unit.", body = Errors),
    ),
)]
pub(super) async fn decisions(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<DecisionsQuery>,
) -> Result<Response, ApiError> {
    let r = &signed.reviewer;
    let unit = r
        .unit
        .as_deref()
        .filter(|_| !r.expert)
        .ok_or_else(|| ApiError::Forbidden(Issue::new("", Code::RecommendNeedsUnit)))?;
    let call = state
        .calls
        .all()
        .iter()
        .find(|c| {
            c.id == query.call && r.programs.contains(&c.program) && c.chain.unit(unit).is_some()
        })
        .ok_or_else(|| ApiError::NotFound(format!("call {}", query.call)))?;
    if !call.chain.unit(unit).is_some_and(|u| u.decides) {
        return Err(ApiError::Forbidden(Issue::new("", Code::NotDecider)));
    }
    let decided = state.store.decisions_in(&call.id, unit).await?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("立项名单").map_err(xlsx)?;
    let today = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let title = format!(
        "{unit}立项名单（{}，{}年{}月{}日）",
        call.title,
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let centered = Format::new().set_bold().set_align(FormatAlign::Center);
    sheet
        .merge_range(0, 0, 0, COLUMNS.len() as u16 - 1, &title, &centered)
        .map_err(xlsx)?;
    let cell = ruled();
    let heading = cell.clone().set_bold().set_align(FormatAlign::Center);
    sheet
        .write_row_with_format(1, 0, COLUMNS, &heading)
        .map_err(xlsx)?;
    let date = cell.clone().set_num_format("yyyy-mm-dd");
    let mut row = 2;
    for (id, d) in &decided {
        let Some(s) = state.store.find(id).await? else {
            continue;
        };
        for column in 0..COLUMNS.len() as u16 {
            sheet.write_blank(row, column, &cell).map_err(xlsx)?;
        }
        sheet
            .write_number_with_format(row, 0, f64::from(row - 1), &cell)
            .map_err(xlsx)?;
        let texts = [
            s.receipt.clone(),
            text(&s.data, &["project", "name"]).to_owned(),
            text(&s.data, &["applicant", "name"]).to_owned(),
            text(&s.data, &["applicant", "credit_code"]).to_owned(),
            s.unit.clone(),
            decision(&d.decision).to_owned(),
            d.reason.clone(),
        ];
        for (i, t) in texts.iter().enumerate() {
            sheet
                .write_string_with_format(row, i as u16 + 1, crate::docx::xml_safe(t), &cell)
                .map_err(xlsx)?;
        }
        if let Some(day) = d.at.get(..10).and_then(shared::Date::parse) {
            let excel = ExcelDateTime::from_ymd(day.year, day.month, day.day).map_err(xlsx)?;
            sheet
                .write_datetime_with_format(row, 8, &excel, &date)
                .map_err(xlsx)?;
        }
        row += 1;
    }
    let who = format!("决定单位（盖章）：{unit}");
    seal_line(sheet, row + 1, COLUMNS.len() as u16, &who).map_err(xlsx)?;
    print_ready(sheet, &WIDTHS).map_err(xlsx)?;
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    signed
        .audit(&state, "export_decisions", None, &call.id)
        .await?;
    Ok((
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (
                CONTENT_DISPOSITION,
                crate::http::headers::attachment("decisions.xlsx", "立项名单.xlsx"),
            ),
        ],
        bytes,
    )
        .into_response())
}
