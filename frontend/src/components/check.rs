//! "Check your answers" as the program's official 申请书: the application laid out by
//! `shared::document` (cover, parts in the form's order, tables, declarations, the opinion and
//! seal blocks left for paper, and apart from them what the form lacks), with a change link per
//! part. The same page prints on A4; the reviewers' DOCX renders the same document.

use shared::document::{BLANK_DATE, Cell, Document, Part};
use yew::prelude::*;

/// What the check page shows besides the document, and what its buttons do.
pub struct CheckProps {
    /// How the paper goes in, in one sentence.
    pub hand_in: String,
    pub submitting: bool,
    /// Back to the form at the section with this title.
    pub on_change: Callback<String>,
    pub on_confirm: Callback<()>,
}

/// A cell of the form's table: a label, a value, or an opinion block (its heading, what the
/// unit wrote, the lines to sign, the unit and the date, in the order the DOCX prints them).
/// Literal classes only: an optional one would bring yew's class set (an index map) back into
/// the wasm.
fn cell_html(c: &Cell) -> Html {
    let span = c.span.to_string();
    let down = c.down.to_string();
    match &c.opinion {
        Some(o) => html! {
            <td colspan={span} rowspan={down} class="pf-doc-opinion">
                <p>{ c.text.clone() }</p>
                <p>{ o.text.clone() }</p>
                <p class="pf-doc-sign">{ o.sign.clone() }</p>
                <p class="pf-doc-sign">{ o.unit.clone() }</p>
                <p class="pf-doc-sign">{ if o.date.is_empty() { BLANK_DATE } else { &o.date } }</p>
            </td>
        },
        None if c.head => html! { <th colspan={span} rowspan={down}>{ c.text.clone() }</th> },
        None if c.guide.is_empty() => {
            html! { <td colspan={span} rowspan={down}>{ c.text.clone() }</td> }
        }
        // The template's guidance heads the cell, what was written under it.
        None => html! {
            <td colspan={span} rowspan={down}>
                <span class="pf-doc-guide">{ c.guide.clone() }</span>{ c.text.clone() }
            </td>
        },
    }
}

/// A part: its heading as the form's (with the change link beside it, while it can be
/// changed), or, where the form's table runs on, the change link alone above its rows; then
/// the rows.
fn part_html(part: &Part, on_change: Option<&Callback<String>>) -> Html {
    let change = on_change.filter(|_| !part.section.is_empty()).map(|cb| {
        let cb = cb.clone();
        let section = part.section.clone();
        html! {
            // Submit buttons for the server's page without script (`plain::check`); here the
            // click does it, and the page is in no form.
            <button type="submit" name="pf-action" value={format!("edit:{}", part.section)} class="pf-link-button pf-noprint"
                onclick={Callback::from(move |_: MouseEvent| cb.emit(section.clone()))}>
                { "修改" }<span class="pf-visually-hidden">{ part.section.clone() }</span>
            </button>
        }
    });
    html! {
        <section class="pf-doc-part">
            if part.title.is_empty() {
                <div class="pf-doc-change">{ for change }</div>
            } else {
                <h3>{ part.title.clone() }{ for change }</h3>
            }
            <table class="pf-doc-table pf-doc-grid">
                <tbody>
                    { for part.rows.iter().map(|row| html! { <tr>{ for row.iter().map(cell_html) }</tr> }) }
                </tbody>
            </table>
        </section>
    }
}

/// The 申请书 itself: cover, 填写说明, the parts, what the form lacks.
fn document(d: &Document, on_change: Option<&Callback<String>>) -> Html {
    html! {
        <article class="pf-document" aria-labelledby="pf-doc-title">
            <div class="pf-doc-cover">
                <h2 id="pf-doc-title" class="pf-doc-title">{ d.title.clone() }</h2>
                { for d.cover.iter().map(|l| html! {
                    <p class="pf-doc-cover-line">
                        if !l.label.is_empty() { { format!("{}：", l.label) } }
                        <u>{ l.value.clone() }</u>
                    </p>
                }) }
                if !d.issuer.is_empty() {
                    <p class="pf-doc-authority">{ d.issuer.clone() }</p>
                }
            </div>
            // The template's 填写说明 page, after the cover as on paper.
            if !d.instructions.is_empty() {
                <section class="pf-doc-instructions">
                    <h3>{ d.instructions_title.clone() }</h3>
                    { for d.instructions.iter().map(|item| html! { <p>{ item.clone() }</p> }) }
                </section>
            }
            { for d.parts.iter().map(|part| part_html(part, on_change)) }
            if !d.supplementary.rows.is_empty() {
                <div class="pf-doc-extra">{ part_html(&d.supplementary, on_change) }</div>
            }
        </article>
    }
}

fn print() -> Callback<MouseEvent> {
    Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    })
}

/// The submitted 申请书, to print, sign and hand in: each printed page is headed by its
/// 回执编号 (see `app`'s page rule), as the receipt asks.
pub fn paper(d: &Document, receipt: &str, hand_in: String, on_back: Callback<MouseEvent>) -> Html {
    html! {
        <div class="pf-check-page">
            <div class="pf-noprint">
                <h2 id="pf-paper" tabindex="-1">{ format!("申请书（回执编号 {receipt}）") }</h2>
                <p>{ "这是已提交的申请书。打印时每页页眉印有回执编号；打印后签字盖章，连同附件按要求报送。" }</p>
                <p class="pf-hand-in">{ hand_in }</p>
                <p class="pf-actions pf-js">
                    <button type="button" id="pf-paper-print" onclick={print()}>{ "打印申请书" }</button>
                    { " " }
                    <button type="button" id="pf-paper-back" class="pf-secondary" onclick={on_back}>{ "返回回执" }</button>
                </p>
            </div>
            { document(d, None) }
        </div>
    }
}

/// A function rather than a component: it has no state of its own, and a component would add
/// its own copy of yew's machinery to the wasm (0.5 kB gzip measured).
pub fn view(d: &Document, p: CheckProps) -> Html {
    let confirm = {
        let cb = p.on_confirm.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="pf-check-page">
            <div class="pf-noprint">
                <h2 id="pf-check" tabindex="-1">{ "请核对申请书" }</h2>
                <p>{ "以下按申请书的格式列出您填写的内容。请逐项核对，需要修改的点“修改”；确认无误后提交，并打印、签字盖章后按要求报送。" }</p>
                <p class="pf-hand-in">{ p.hand_in }</p>
                <button type="button" class="pf-secondary pf-js" onclick={print()}>{ "打印申请书" }</button>
            </div>
            { document(d, Some(&p.on_change)) }
            <button type="submit" name="pf-action" value="confirm" id="pf-confirm" class="pf-submit pf-noprint" disabled={p.submitting} onclick={confirm}>
                { if p.submitting { "正在提交…" } else { "确认提交" } }
            </button>
        </div>
    }
}
