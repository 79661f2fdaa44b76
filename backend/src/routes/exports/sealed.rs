//! What the tables a unit seals and sends have in common (the summary, the 立项名单): the unit
//! and call they are for, a title row naming the unit, the list, the call and the day, a ruled
//! heading row, the line the unit seals and dates under the table, and a page that prints on A4
//! landscape, one page wide.

use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::Deserialize;
use shared::{Code, Issue};

use crate::auth::SignedIn;
use crate::calls::Call;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct CallQuery {
    /// The call's id.
    pub call: String,
}

pub(super) fn xlsx(e: XlsxError) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// The reviewer's unit and the call `id` whose chain names it: 403 for a reviewer without a
/// unit (or an expert), 404 for a call not theirs.
pub(super) fn unit_and_call<'a>(
    state: &'a AppState,
    signed: &'a SignedIn,
    id: &str,
) -> Result<(&'a str, &'a Call), ApiError> {
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
        .find(|c| c.id == id && r.programs.contains(&c.program) && c.chain.unit(unit).is_some())
        .ok_or_else(|| ApiError::NotFound(format!("call {id}")))?;
    Ok((unit, call))
}

/// A ruled cell whose text wraps, as every cell of such a table is.
pub(super) fn ruled() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// The sheet `list` of `book`, its title row ("{unit}{list}（{call}，{date}）") across `columns`
/// and its ruled heading row under it.
pub(super) fn titled<'b>(
    book: &'b mut Workbook,
    (unit, list, call): (&str, &str, &str),
    columns: &[&str],
) -> Result<&'b mut Worksheet, XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(list)?;
    let today = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let title = format!(
        "{unit}{list}（{call}，{}年{}月{}日）",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let centered = Format::new().set_bold().set_align(FormatAlign::Center);
    sheet.merge_range(0, 0, 0, columns.len() as u16 - 1, &title, &centered)?;
    let heading = ruled().set_bold().set_align(FormatAlign::Center);
    sheet.write_row_with_format(1, 0, columns.iter().copied(), &heading)?;
    Ok(sheet)
}

/// Row `row` ruled across `columns` before its values go in, so empty cells are ruled too.
pub(super) fn ruled_row(
    sheet: &mut Worksheet,
    row: u32,
    columns: usize,
    cell: &Format,
) -> Result<(), XlsxError> {
    for column in 0..columns as u16 {
        sheet.write_blank(row, column, cell)?;
    }
    Ok(())
}

/// Under the table, at `row` across `widths`' columns, the line `who` seals and dates; then how
/// the page prints: A4 landscape, one page wide (as many long as it takes), the heading row on
/// every page, each column as wide as `widths` says.
pub(super) fn finish(
    sheet: &mut Worksheet,
    row: u32,
    widths: &[f64],
    who: &str,
) -> Result<(), XlsxError> {
    sheet.merge_range(
        row,
        0,
        row,
        widths.len() as u16 - 1,
        &format!("{who}　　　　　　　　日期：　　　　年　　月　　日"),
        &Format::new().set_align(FormatAlign::Left),
    )?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(1, 1)?;
    for (column, width) in widths.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    Ok(())
}

/// The workbook as a download: `plain` for any client, `own` (its Chinese name) in `filename*`.
pub(super) fn download(bytes: Vec<u8>, plain: &str, own: &str) -> Response {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (
                CONTENT_DISPOSITION,
                crate::http::headers::attachment(plain, own),
            ),
        ],
        bytes,
    )
        .into_response()
}
