//! The 本单位推荐汇总表 (`GET /api/v1/exports/summary.xlsx?call=ID`): what the reviewer's unit
//! recommends in a call, in its rank order, as the table it sends up with its letter, titled as
//! its notice calls it (`[call.unit.hand_in] list`: Shanxi's 试点备选项目清单). No seed
//! gives the table's columns (the national notice asks for a 项目推荐汇总表, Shanxi for a 试点备选
//! 项目清单, neither with a template): these are ours — what identifies each project (序号, 地区,
//! 项目名称, 承担单位名称, 领域), then what the level above needs to follow it up. A title row
//! names the unit, the call and the day.

use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde::Deserialize;

use super::text;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::http::extract::Query;
use crate::openapi::shapes::Errors;
use crate::opinions::Written;
use crate::state::AppState;
use crate::store::{Stored, mean};

const COLUMNS: [&str; 15] = [
    "序号",
    "地区",
    "项目名称",
    "承担单位名称",
    "领域",
    "重点方向",
    "项目类型",
    "统一社会信用代码",
    "联系人",
    "联系电话",
    "受理单位",
    "提交日期",
    "推荐意见",
    "专家评审平均分",
    // Where the unit recommended beyond a quota the notice sets "原则上": its reason.
    "超出名额理由",
];

/// Each column's width in characters, sized to what it holds, so that the table prints one A4
/// page wide (landscape) with its long texts wrapped in their cells.
const WIDTHS: [f64; 15] = [
    5.0, 14.0, 28.0, 26.0, 10.0, 12.0, 9.0, 21.0, 9.0, 14.0, 20.0, 11.0, 28.0, 9.0, 20.0,
];

/// How a table to seal and send prints: A4 landscape, one page wide (as many long as it
/// takes), the heading row (under the title) on every page, its columns `widths` wide.
pub(super) fn print_ready(sheet: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(1, 1)?;
    for (column, width) in widths.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    Ok(())
}

/// A ruled cell whose text wraps, as every cell of such a table is.
pub(super) fn ruled() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// Under the table, across its `columns`, the line the unit seals and dates.
pub(super) fn seal_line(
    sheet: &mut Worksheet,
    row: u32,
    columns: u16,
    who: &str,
) -> Result<(), XlsxError> {
    sheet.merge_range(
        row,
        0,
        row,
        columns - 1,
        &format!("{who}　　　　　　　　日期：　　　　年　　月　　日"),
        &Format::new().set_align(FormatAlign::Left),
    )?;
    Ok(())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct SummaryQuery {
    /// The call's id.
    call: String,
}

/// A province's name as a table writes it: 山西省, 重庆市, 广西壮族自治区.
fn full_name(short: &str) -> String {
    let suffix = match short {
        "北京" | "天津" | "上海" | "重庆" => "市",
        "内蒙古" | "西藏" => "自治区",
        "广西" => "壮族自治区",
        "宁夏" => "回族自治区",
        "新疆" => "维吾尔自治区",
        "香港" | "澳门" => "特别行政区",
        "" => "",
        _ => "省",
    };
    format!("{short}{suffix}")
}

/// Where the applicant is: the province its credit code names, then the city and the county
/// the form asked for (Shanxi's 法人注册地址), where it did.
fn region(s: &Stored) -> String {
    let code = s.data["applicant"]["credit_code"]
        .as_str()
        .unwrap_or_default();
    let province = full_name(
        code.get(2..4)
            .and_then(shared::regions::by_code)
            .map_or("", |p| p.name),
    );
    let city = text(&s.data, &["applicant", "registered_city"]);
    let county = text(&s.data, &["applicant", "registered_county"]);
    format!("{province}{city}{county}")
}

/// A label of the program's choices (项目类型), or the value.
fn kind(s: &Stored) -> String {
    let value = text(&s.data, &["project", "kind"]);
    shared::programs::find(&s.program)
        .and_then(|p| p.kinds.iter().find(|k| k.value == value))
        .map_or(value, |k| k.label)
        .to_owned()
}

/// A row's cells after 序号 and before 提交日期 (which are a number and a date).
fn cells(s: &Stored) -> [String; 10] {
    let contact = |key: &str| text(&s.data, &["contacts", "contact_person", key]).to_owned();
    let sub_area = match text(&s.data, &["project", "sub_area"]) {
        shared::program::OTHER => text(&s.data, &["project", "sub_area_other"]),
        other => other,
    };
    [
        region(s),
        text(&s.data, &["project", "name"]).to_owned(),
        text(&s.data, &["applicant", "name"]).to_owned(),
        text(&s.data, &["project", "domain"]).to_owned(),
        sub_area.to_owned(),
        kind(s),
        text(&s.data, &["applicant", "credit_code"]).to_owned(),
        contact("name"),
        contact("phone"),
        s.unit.clone(),
    ]
}

pub(super) fn xlsx(e: XlsxError) -> ApiError {
    ApiError::Internal(e.to_string())
}

#[utoipa::path(
    get,
    path = "/exports/summary.xlsx",
    tag = "exports",
    security(("reviewer" = [])),
    params(SummaryQuery),
    responses(
        (status = 200, description = "The 本单位推荐汇总表: the unit's recommendations in the call in rank order.", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "No `call`, or another key.", body = Errors),
        (status = 401, description = "No valid reviewer token.", body = Errors),
        (status = 403, description = "The reviewer has no unit (or is an expert).", body = Errors),
        (status = 404, description = "No such call for the reviewer's unit.", body = Errors),
    ),
)]
pub(super) async fn summary(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<SummaryQuery>,
) -> Result<Response, ApiError> {
    let r = &signed.reviewer;
    let unit = r.unit.as_deref().filter(|_| !r.expert).ok_or_else(|| {
        ApiError::Forbidden(shared::Issue::new("", shared::Code::RecommendNeedsUnit))
    })?;
    let call = state
        .calls
        .all()
        .iter()
        .find(|c| {
            c.id == query.call && r.programs.contains(&c.program) && c.chain.unit(unit).is_some()
        })
        .ok_or_else(|| ApiError::NotFound(format!("call {}", query.call)))?;
    let held = state.store.recommended(&call.id, unit).await?;
    // Titled as the unit's notice calls the list (Shanxi's 试点备选项目清单).
    let list = call
        .chain
        .unit(unit)
        .map_or("推荐汇总表", |u| u.hand_in.list());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(list).map_err(xlsx)?;
    let today = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let title = format!(
        "{unit}{list}（{}，{}年{}月{}日）",
        call.title,
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let centered = Format::new().set_bold().set_align(FormatAlign::Center);
    sheet
        .merge_range(0, 0, 0, COLUMNS.len() as u16 - 1, &title, &centered)
        .map_err(xlsx)?;
    // Every cell ruled, as a table that is sealed and sent is.
    let cell = ruled();
    let heading = cell.clone().set_bold().set_align(FormatAlign::Center);
    sheet
        .write_row_with_format(1, 0, COLUMNS, &heading)
        .map_err(xlsx)?;
    let date = cell.clone().set_num_format("yyyy-mm-dd");
    for (n, h) in held.iter().enumerate() {
        let Some(s) = state.store.find(&h.submission_id).await? else {
            continue;
        };
        let written = Written::of(&state.store, &s.id, r).await?;
        let row = n as u32 + 2;
        for column in 0..COLUMNS.len() as u16 {
            sheet.write_blank(row, column, &cell).map_err(xlsx)?;
        }
        sheet
            .write_number_with_format(row, 0, h.rank as f64, &cell)
            .map_err(xlsx)?;
        for (i, text) in cells(&s).into_iter().enumerate() {
            sheet
                .write_string_with_format(row, i as u16 + 1, crate::docx::xml_safe(&text), &cell)
                .map_err(xlsx)?;
        }
        let day = s.submitted_at.get(..10).and_then(shared::Date::parse);
        if let Some(d) = day {
            let excel = ExcelDateTime::from_ymd(d.year, d.month, d.day).map_err(xlsx)?;
            sheet
                .write_datetime_with_format(row, 11, &excel, &date)
                .map_err(xlsx)?;
        }
        let opinion: Vec<&str> = written
            .opinions
            .iter()
            .filter(|o| o.unit == unit)
            .map(|o| o.text.as_str())
            .collect();
        sheet
            .write_string_with_format(row, 12, crate::docx::xml_safe(&opinion.join("\n")), &cell)
            .map_err(xlsx)?;
        if let Some(m) = mean(&written.reviews) {
            sheet
                .write_number_with_format(row, 13, m, &cell)
                .map_err(xlsx)?;
        }
        if !h.reason.is_empty() {
            sheet
                .write_string_with_format(row, 14, crate::docx::xml_safe(&h.reason), &cell)
                .map_err(xlsx)?;
        }
    }
    // Under the table, the line the unit seals and dates.
    let who = format!("推荐单位（盖章）：{unit}");
    seal_line(sheet, held.len() as u32 + 3, COLUMNS.len() as u16, &who).map_err(xlsx)?;
    print_ready(sheet, &WIDTHS).map_err(xlsx)?;
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    signed
        .audit(&state, "export_summary", None, &call.id)
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
                crate::http::headers::attachment("summary.xlsx", &format!("{list}.xlsx")),
            ),
        ],
        bytes,
    )
        .into_response())
}
