//! The 立项名单 (`GET /api/v1/exports/decisions.xlsx?call=ID`): what the deciding unit decided in a
//! call, 立项 first and then 不予立项 with its reasons, as a table it seals and publishes. No
//! seed gives its columns: these are ours, what identifies each project and the decision.

use axum::extract::State;
use axum::response::Response;
use rust_xlsxwriter::{ExcelDateTime, Workbook};
use shared::{Code, Issue};

use super::sealed::{CallQuery, download, finish, ruled, ruled_row, titled, unit_and_call, xlsx};
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

#[utoipa::path(
    get,
    path = "/exports/decisions.xlsx",
    tag = "exports",
    security(("reviewer" = [])),
    params(CallQuery),
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
    Query(query): Query<CallQuery>,
) -> Result<Response, ApiError> {
    let (unit, call) = unit_and_call(&state, &signed, &query.call)?;
    if !call.chain.unit(unit).is_some_and(|u| u.decides) {
        return Err(ApiError::Forbidden(Issue::new("", Code::NotDecider)));
    }
    let decided = state.store.decisions_in(&call.id, unit).await?;
    let mut book = Workbook::new();
    let sheet = titled(&mut book, (unit, "立项名单", &call.title), &COLUMNS).map_err(xlsx)?;
    let cell = ruled();
    let date = cell.clone().set_num_format("yyyy-mm-dd");
    let mut row = 2;
    for (id, d) in &decided {
        let Some(s) = state.store.find(id).await? else {
            continue;
        };
        ruled_row(sheet, row, COLUMNS.len(), &cell).map_err(xlsx)?;
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
    finish(sheet, row + 1, &WIDTHS, &who).map_err(xlsx)?;
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    signed
        .audit(&state, "export_decisions", None, &call.id)
        .await?;
    Ok(download(bytes, "decisions.xlsx", "立项名单.xlsx"))
}
