//! The XLSX export: the 推荐汇总表 on its first sheet, one row per application, then a sheet
//! per repeating table (the plan, the standards list, the participating units), each row keyed
//! by receipt. Every sheet is in rust_xlsxwriter's constant-memory mode: a row goes to a
//! temporary file once the next one starts, so memory stays flat however many rows there are.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::Value;
use shared::document::{STANDARD_COLUMNS, standard_cells};
use shared::model::{PlanRow, StandardRow};

use super::{HEADERS, cells, each_row};
use crate::reviewers::Reviewer;
use crate::store::{Filter, Store};

const PLAN: [&str; 8] = [
    "回执编号",
    "行",
    "阶段",
    "涵盖工作",
    "开始年月",
    "结束年月",
    "工作内容",
    "负责单位",
];
const PARTICIPANTS: [&str; 3] = ["回执编号", "序号", "参加单位名称"];

fn text(e: XlsxError) -> String {
    e.to_string()
}

/// Rows of a repeating table, read from the stored JSON as the model has them.
fn rows<T: serde::de::DeserializeOwned>(data: &Value, key: &str) -> Vec<T> {
    serde_json::from_value(data[key].clone()).unwrap_or_default()
}

pub fn write(
    runtime: &tokio::runtime::Handle,
    store: &Store,
    reviewer: &Reviewer,
    filter: &Filter,
    out: &mut (impl std::io::Write + Send),
) -> Result<(), String> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let standards_header: Vec<&str> = ["回执编号", "序号"]
        .into_iter()
        .chain(STANDARD_COLUMNS)
        .collect();
    let sheets: [(&str, &[&str]); 4] = [
        ("推荐汇总表", &HEADERS),
        ("工作计划", &PLAN),
        ("标准明细", &standards_header),
        ("参加单位", &PARTICIPANTS),
    ];
    for (name, header) in sheets {
        let sheet = book.add_worksheet_with_constant_memory().map_err(text)?;
        sheet.set_name(name).map_err(text)?;
        sheet
            .write_row_with_format(0, 0, header.iter().copied(), &bold)
            .map_err(text)?;
    }
    // The next free row of each sheet.
    let mut next = [1u32; 4];
    let mut put = |book: &mut Workbook, sheet: usize, cells: Vec<String>| {
        let row = next[sheet];
        next[sheet] += 1;
        let cells = cells.iter().map(|c| crate::docx::xml_safe(c));
        book.worksheet_from_index(sheet)
            .and_then(|s| s.write_row(row, 0, cells).map(|_| ()))
            .map_err(text)
    };
    let mut written = 0;
    each_row(runtime, store, reviewer, filter, |summary, data| {
        written += 1;
        put(&mut book, 0, cells(written, summary, data).to_vec())?;
        let receipt = &summary.receipt;
        for (i, r) in rows::<PlanRow>(data, "plan").into_iter().enumerate() {
            let cells = vec![
                receipt.clone(),
                (i + 1).to_string(),
                r.stage,
                r.covers.join("、"),
                r.start,
                r.end,
                r.content,
                r.responsible,
            ];
            put(&mut book, 1, cells)?;
        }
        for (i, r) in rows::<StandardRow>(data, "standards").iter().enumerate() {
            let mut cells = vec![receipt.clone(), (i + 1).to_string()];
            cells.extend(standard_cells(r));
            put(&mut book, 2, cells)?;
        }
        let participants: Vec<String> =
            serde_json::from_value(data["units"]["participants"].clone()).unwrap_or_default();
        for (i, name) in participants.into_iter().enumerate() {
            put(
                &mut book,
                3,
                vec![receipt.clone(), (i + 1).to_string(), name],
            )?;
        }
        Ok(())
    })?;
    book.save_to_writer(out).map_err(text)
}
