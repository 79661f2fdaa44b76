//! The printed form as a program lays it out: its cover, its sheets of label and value cells,
//! the template's 填写说明 page, and its opinion blocks.

use serde::Serialize;
use serde::ser::Serializer;

use super::form::path_of;
use crate::fields::Field;

/// A part of the printed form: its heading as the form writes it (empty where the form runs on
/// in one table, as Chongqing's does), the guidance the form puts in brackets after it, and its
/// table's rows. Every row fills the table's [`crate::document::COLUMNS`] columns.
#[derive(Debug, Serialize)]
pub struct Sheet {
    pub title: &'static str,
    pub note: &'static str,
    pub rows: &'static [&'static [Slot]],
}

/// The 填写说明 page of a template: its heading as printed ("填 写 说 明") and its numbered items,
/// each with its number as the template writes it ("1．").
#[derive(Debug, Serialize)]
pub struct Instructions {
    pub title: &'static str,
    pub items: &'static [&'static str],
}

/// A label cell and what the cell beside it shows; without a label, the cell takes the width.
#[derive(Debug, Serialize)]
pub struct Slot {
    pub label: &'static str,
    pub show: Show,
    /// The template's guidance printed in the value cell (Chongqing's "（试点示范项目标准化组织
    /// 机构情况、组织实施标准情况、存在问题等）"), or empty.
    pub guide: &'static str,
}

/// What a cell of the printed form shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Field(Field),
    /// The term, start to end.
    Term,
    /// 法人注册地址: the city and the county.
    Registered,
    Declarations,
    Plan,
    Standards,
    Participants,
    /// The opinion block with this key.
    Opinion(&'static str),
}

/// How [`Show`] is written in the definition's JSON: a field's path, or `@` and a word.
const SHOWS: [(&str, Show); 6] = [
    ("@term", Show::Term),
    ("@registered", Show::Registered),
    ("@declarations", Show::Declarations),
    ("@plan", Show::Plan),
    ("@standards", Show::Standards),
    ("@participants", Show::Participants),
];

impl Show {
    /// Reads what [`Show`]'s serialization wrote; `keep` makes an opinion key last.
    pub fn parse(text: &str, keep: fn(String) -> &'static str) -> Option<Show> {
        if let Some(key) = text.strip_prefix("@opinion:") {
            return Some(Show::Opinion(keep(key.to_owned())));
        }
        SHOWS
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, show)| *show)
            .or_else(|| Field::at(text).map(Show::Field))
    }
}

impl Serialize for Show {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Show::Field(field) => s.serialize_str(field.path()),
            Show::Opinion(key) => s.serialize_str(&format!("@opinion:{key}")),
            other => s.serialize_str(
                SHOWS
                    .iter()
                    .find(|(_, show)| show == other)
                    .map_or("", |(name, _)| name),
            ),
        }
    }
}

/// An opinion block's key: its words up to the first "（", "：" or line end.
pub fn opinion_key(block: &str) -> &str {
    block
        .split(['（', '：', '\n'])
        .next()
        .unwrap_or(block)
        .trim()
}

/// Each opinion block as `{key, label, text}`: the label is its heading line.
pub(super) fn opinion_blocks<S: Serializer>(blocks: &&[&str], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(blocks.len()))?;
    for block in *blocks {
        let heading = block.lines().next().unwrap_or("");
        seq.serialize_element(&serde_json::json!({
            "key": opinion_key(block),
            "label": heading.trim_end_matches('：'),
            "text": block,
        }))?;
    }
    seq.end()
}

/// A line of the official form's cover.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Cover {
    /// A field's value under the cover's own label.
    Field {
        label: &'static str,
        #[serde(serialize_with = "path_of")]
        field: Field,
    },
    /// The term, start to end (项目年限 / 试点时间).
    Term { label: &'static str },
}
