//! The official 申请书 as Word: [`shared::document::Document`], the model the applicant's
//! check-and-print page renders, laid out on A4 by docx-rs. Cover first and on its own page,
//! then the form's parts, each heading as the form words it above its table (label cells
//! beside value cells, spans and merged cells where the form has them, the opinion blocks as the
//! last rows with room to sign, no row split across pages), and the supplementary part, a table
//! of the same kind, on a page of its own, as the printed page has them. Text is 宋体, which every bureau's Word has.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Header, HeightRule, PageMargin, Paragraph, Run, RunFonts,
    Table, TableCell, TableLayoutType, TableRow, VMergeType, WidthType,
};
use shared::document::{BLANK_DATE, COLUMNS, Cell, Document};

/// A4 in twentieths of a point, and 2.5 cm margins.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: i32 = 1418;
/// The text's width, shared equally by the form's columns.
const WIDTH: usize = (A4.0 as usize) - 2 * MARGIN as usize;
const COLUMN: usize = WIDTH / COLUMNS as usize;
/// Sizes in half points: 二号 for the title, 三号 for the cover and part titles, 小四 for the
/// tables, 四号 for the rest.
const TITLE: usize = 44;
const HEADING: usize = 32;
const TEXT: usize = 28;
const CELL: usize = 24;
/// Room to sign and seal in an opinion row (twips, about 4.2 cm).
const OPINION_HEIGHT: f32 = 2400.0;

fn font() -> RunFonts {
    RunFonts::new().east_asia("宋体").ascii("Times New Roman")
}

/// `text` without what XML 1.0 cannot hold (U+FFFE, U+FFFF, control characters): the rules
/// refuse them now, but an application stored before they did may have them, and a DOCX or
/// XLSX holding one does not open.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|c| shared::text::is_xml_char(*c))
        .collect()
}

/// A run of `text`, its lines (`\n`) kept as line breaks.
fn run(text: &str, size: usize) -> Run {
    let mut run = Run::new().fonts(font()).size(size);
    for (i, line) in xml_safe(text).split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn heading(text: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(text, size).bold())
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

/// A cell of the form's table, `span` columns wide; an opinion block as its heading, what was
/// written, then the lines to sign, the unit and the date on the right.
fn form_cell(c: &Cell) -> TableCell {
    let span = usize::from(c.span);
    let mut out = TableCell::new().width(span * COLUMN, WidthType::Dxa);
    if span > 1 {
        out = out.grid_span(span);
    }
    if c.down > 1 {
        out = out.vertical_merge(VMergeType::Restart);
    }
    let Some(o) = &c.opinion else {
        // The template's guidance heads the cell, what was written under it.
        if !c.guide.is_empty() {
            out = out.add_paragraph(Paragraph::new().add_run(run(&c.guide, CELL)));
        }
        let r = run(&c.text, CELL);
        return out.add_paragraph(Paragraph::new().add_run(if c.head { r.bold() } else { r }));
    };
    let date = if o.date.is_empty() {
        BLANK_DATE
    } else {
        &o.date
    };
    out = out
        .add_paragraph(Paragraph::new().add_run(run(&c.text, CELL).bold()))
        .add_paragraph(Paragraph::new().add_run(run(&o.text, CELL)));
    for line in [o.sign.as_str(), &o.unit, date] {
        out = out.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(run(line, CELL)),
        );
    }
    out
}

/// A part's rows as a Word table on the form's grid. Word writes a cell that reaches down as a
/// "restart" cell and a "continue" cell in each row below, where HTML leaves the place empty.
fn form_table(rows: &[Vec<Cell>]) -> Table {
    // Per column: how many rows below still belong to a cell reaching down, and its width.
    let mut reaching: Vec<(u8, u8)> = vec![(0, 0); usize::from(COLUMNS)];
    let mut table = Vec::new();
    for row in rows {
        let mut cells = Vec::new();
        let mut given = row.iter();
        let mut column = 0;
        while column < usize::from(COLUMNS) {
            let (left, span) = reaching[column];
            if left > 0 {
                reaching[column].0 -= 1;
                let mut merged = TableCell::new()
                    .width(usize::from(span) * COLUMN, WidthType::Dxa)
                    .vertical_merge(VMergeType::Continue);
                if span > 1 {
                    merged = merged.grid_span(usize::from(span));
                }
                cells.push(merged);
                column += usize::from(span.max(1));
                continue;
            }
            let Some(c) = given.next() else { break };
            if c.down > 1 {
                reaching[column] = (c.down - 1, c.span);
            }
            cells.push(form_cell(c));
            column += usize::from(c.span.max(1));
        }
        let mut tr = TableRow::new(cells).cant_split();
        if row.iter().any(|c| c.opinion.is_some()) {
            tr = tr
                .row_height(OPINION_HEIGHT)
                .height_rule(HeightRule::AtLeast);
        }
        table.push(tr);
    }
    Table::new(table)
        .set_grid(vec![COLUMN; usize::from(COLUMNS)])
        .layout(TableLayoutType::Fixed)
        .width(WIDTH, WidthType::Dxa)
}

/// The document as a DOCX file, its 回执编号 at the head of every page: the applicant's
/// notice asks for it on the paper they hand in, and a reviewer matches paper to record by it.
pub fn render(doc: &Document, receipt: &str) -> Result<Vec<u8>, String> {
    let head = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(run(&format!("回执编号：{receipt}"), TEXT)),
    );
    let mut docx = Docx::new()
        .header(head)
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .add_paragraph(Paragraph::new())
        .add_paragraph(heading(&doc.title, TITLE))
        .add_paragraph(Paragraph::new());
    for line in &doc.cover {
        let mut p = Paragraph::new().indent(Some(1134), None, None, None);
        if !line.label.is_empty() {
            p = p.add_run(run(&format!("{}：", line.label), HEADING));
        }
        docx = docx.add_paragraph(p.add_run(run(&line.value, HEADING).underline("single")));
    }
    if !doc.issuer.is_empty() {
        docx = docx
            .add_paragraph(Paragraph::new())
            .add_paragraph(heading(&doc.issuer, HEADING));
    }
    docx = docx.add_paragraph(page_break());
    // The template's 填写说明 page, after the cover as on paper.
    if !doc.instructions.is_empty() {
        docx = docx
            .add_paragraph(heading(&doc.instructions_title, HEADING))
            .add_paragraph(Paragraph::new());
        for item in &doc.instructions {
            docx = docx.add_paragraph(Paragraph::new().add_run(run(item, TEXT)));
        }
        docx = docx.add_paragraph(page_break());
    }
    for part in &doc.parts {
        if !part.title.is_empty() {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .keep_next(true)
                    .add_run(run(&part.title, TEXT).bold()),
            );
        }
        docx = docx.add_table(form_table(&part.rows));
    }
    docx = docx.add_paragraph(Paragraph::new());
    let extra = &doc.supplementary;
    if !extra.rows.is_empty() {
        docx = docx
            .add_paragraph(page_break())
            .add_paragraph(heading(&extra.title, HEADING))
            .add_table(form_table(&extra.rows))
            .add_paragraph(Paragraph::new());
    }
    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// The official form of a stored application (`data`, its JSON) of `program`, as Word, with
/// what `written` fills in (the chain's opinions and decision).
pub fn of_stored(
    program: &str,
    receipt: &str,
    data: &serde_json::Value,
    written: impl FnOnce(&mut Document),
) -> Result<Vec<u8>, String> {
    let app = shared::wire::parse_application(data.to_string().as_bytes())
        .map_err(|_| format!("a stored application of {program} cannot be read"))?;
    let program =
        shared::programs::find(program).ok_or_else(|| format!("program {program} unknown"))?;
    let mut doc = shared::document::build(program, &app);
    written(&mut doc);
    render(&doc, receipt)
}
