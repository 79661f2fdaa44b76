//! The 本单位推荐汇总表 (`GET /api/v1/exports/summary.xlsx?call=ID`): what the reviewer's unit
//! recommends in a call, in its rank order, as the table it sends up with its letter, titled as
//! its notice calls it (`[call.unit.hand_in] list`: Shanxi's 试点备选项目清单). No seed
//! gives the table's columns (the national notice asks for a 项目推荐汇总表, Shanxi for a 试点备选
//! 项目清单, neither with a template): these are ours — what identifies each project (序号, 地区,
//! 项目名称, 承担单位名称, 领域), then what the level above needs to follow it up. A title row
//! names the unit, the call and the day.

use axum::extract::State;
use axum::response::Response;
use rust_xlsxwriter::{ExcelDateTime, Workbook};

use super::sealed::{CallQuery, download, finish, ruled, ruled_row, titled, unit_and_call, xlsx};
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

#[utoipa::path(
    get,
    path = "/exports/summary.xlsx",
    tag = "exports",
    security(("reviewer" = [])),
    params(CallQuery),
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
    Query(query): Query<CallQuery>,
) -> Result<Response, ApiError> {
    let r = &signed.reviewer;
    let (unit, call) = unit_and_call(&state, &signed, &query.call)?;
    let held = state.store.recommended(&call.id, unit).await?;
    // Titled as the unit's notice calls the list (Shanxi's 试点备选项目清单).
    let list = call
        .chain
        .unit(unit)
        .map_or("推荐汇总表", |u| u.hand_in.list());
    let mut book = Workbook::new();
    let sheet = titled(&mut book, (unit, list, &call.title), &COLUMNS).map_err(xlsx)?;
    let cell = ruled();
    let date = cell.clone().set_num_format("yyyy-mm-dd");
    for (n, h) in held.iter().enumerate() {
        let Some(s) = state.store.find(&h.submission_id).await? else {
            continue;
        };
        let written = Written::of(&state.store, &s.id, r).await?;
        let row = n as u32 + 2;
        ruled_row(sheet, row, COLUMNS.len(), &cell).map_err(xlsx)?;
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
    finish(sheet, held.len() as u32 + 3, &WIDTHS, &who).map_err(xlsx)?;
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    signed
        .audit(&state, "export_summary", None, &call.id)
        .await?;
    Ok(download(bytes, "summary.xlsx", &format!("{list}.xlsx")))
}
