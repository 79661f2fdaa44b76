//! The official 申请书 as Word: [`shared::document::Document`], the model the applicant's
//! check-and-print page renders, laid out on A4 by docx-rs. Cover first and on its own page,
//! then the parts in the form's order, the opinion and seal blocks with room to sign, and the
//! supplementary part on a page of its own, as the printed page has them.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableCell,
    TableRow,
};
use shared::document::{Block, Document, SUPPLEMENTARY_TITLE};

/// A4 in twentieths of a point, and 2.5 cm margins.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: i32 = 1418;
/// Sizes in half points: 二号 for the title, 三号 for part titles, 四号 for the text.
const TITLE: usize = 44;
const HEADING: usize = 32;
const TEXT: usize = 28;

fn font() -> RunFonts {
    RunFonts::new().east_asia("宋体").ascii("Times New Roman")
}

/// A run of `text`, its lines (`\n`) kept as line breaks.
fn run(text: &str, size: usize) -> Run {
    let mut run = Run::new().fonts(font()).size(size);
    for (i, line) in text.split('\n').enumerate() {
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

fn text(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, TEXT))
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

fn cell(text: &str, bold: bool) -> TableCell {
    let r = run(text, TEXT);
    TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { r.bold() } else { r }))
}

fn add_block(docx: Docx, block: &Block) -> Docx {
    match block {
        Block::Line(line) => docx.add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("{}：", line.label), TEXT).bold())
                .add_run(run(&line.value, TEXT)),
        ),
        Block::Table { columns, rows } => {
            let mut table = vec![TableRow::new(
                columns.iter().map(|c| cell(c, true)).collect(),
            )];
            table.extend(
                rows.iter()
                    .map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect())),
            );
            docx.add_table(Table::new(table))
                .add_paragraph(Paragraph::new())
        }
        Block::Declarations { items } => items
            .iter()
            .fold(docx, |d, item| d.add_paragraph(text(item))),
    }
}

/// The document as a DOCX file.
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let mut docx = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .add_paragraph(heading(&doc.title, TITLE))
        .add_paragraph(Paragraph::new());
    for line in &doc.cover {
        docx = add_block(docx, &Block::Line(line.clone()));
    }
    docx = docx
        .add_paragraph(Paragraph::new())
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&doc.authority, TEXT)),
        )
        .add_paragraph(page_break());
    for part in &doc.parts {
        docx = docx.add_paragraph(heading(&part.title, HEADING));
        for block in &part.blocks {
            docx = add_block(docx, block);
        }
    }
    for opinion in &doc.opinions {
        docx = docx
            .add_paragraph(Paragraph::new().add_run(run(opinion, TEXT).bold()))
            .add_paragraph(Paragraph::new())
            .add_paragraph(Paragraph::new())
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(run("年　　月　　日", TEXT)),
            );
    }
    if !doc.supplementary.is_empty() {
        docx = docx
            .add_paragraph(page_break())
            .add_paragraph(heading(SUPPLEMENTARY_TITLE, HEADING));
        for block in &doc.supplementary {
            docx = add_block(docx, block);
        }
    }
    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// The official form of a stored application (`data`, its JSON) of `program`, as Word.
pub fn of_stored(program: &str, data: &serde_json::Value) -> Result<Vec<u8>, String> {
    let app = shared::wire::parse_application(data.to_string().as_bytes())
        .map_err(|_| format!("a stored application of {program} cannot be read"))?;
    let program =
        shared::program::find(program).ok_or_else(|| format!("program {program} unknown"))?;
    render(&shared::document::build(program, &app))
}
