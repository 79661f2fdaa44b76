//! The document's pieces: its lines, parts, cells and opinion blocks, on a grid of [`COLUMNS`].

use serde::Serialize;

/// How many columns every table of the form has: enough for Chongqing's rows of three
/// label-and-value pairs; a row of fewer pairs spans them.
pub const COLUMNS: u8 = 6;

/// A labelled value; the value may run over several lines (`\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub label: String,
    pub value: String,
}

/// A part of the form: its heading as the form words it (empty where the form's table runs
/// on), and its table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub title: String,
    /// The title of the section of the online form where what this part shows is filled in.
    pub section: String,
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell: `span` columns wide and `down` rows high (HTML's colspan and rowspan: the
/// rows below have no cell where one reaches down).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub text: String,
    /// A label or column heading, not a value.
    pub head: bool,
    pub span: u8,
    pub down: u8,
    /// An opinion block: `text` is its heading.
    pub opinion: Option<Opinion>,
    /// The template's guidance printed in the value cell above what was written
    /// ("（包括工作总结、自我评价报告…）"), or empty.
    pub guide: String,
}

/// An opinion block of the form. Who writes it fills `text`, `unit` and `date`; empty, it prints
/// as the blank form does, with room to sign and seal on paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opinion {
    pub key: String,
    /// The lines to sign and seal under (签字, 盖章), as the form words them.
    pub sign: String,
    pub text: String,
    pub unit: String,
    /// `YYYY年M月D日`, or empty for the form's blank 年 月 日.
    pub date: String,
}

/// What an opinion block prints for its date while it has none.
pub const BLANK_DATE: &str = "年　　月　　日";

impl Cell {
    pub(super) fn new(text: String, head: bool, span: u8) -> Cell {
        Cell {
            text,
            head,
            span,
            down: 1,
            opinion: None,
            guide: String::new(),
        }
    }

    /// A value cell under the template's guidance `guide` (without its parentheses).
    pub(super) fn guided(text: String, guide: &str, span: u8) -> Cell {
        Cell {
            guide: if guide.is_empty() {
                String::new()
            } else {
                format!("（{guide}）")
            },
            ..Cell::new(text, false, span)
        }
    }
}
