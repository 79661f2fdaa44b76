//! The chain's words in the 申请书: each unit's opinion in its block, with the unit's name and
//! the date (the seal stays for paper), the deciding unit's 立项 / 不予立项 and its reason in
//! its block, and, where the form has no block for a unit, on the supplementary page.

use shared::document::Document;

use crate::chain::Chain;
use crate::store::{Decision, Opinion};

/// `2026-12-03T…` as the form writes dates: `2026年12月3日`.
fn date(at: &str) -> String {
    at.get(..10)
        .and_then(shared::Date::parse)
        .map_or_else(String::new, |d| {
            format!("{}年{}月{}日", d.year, d.month, d.day)
        })
}

/// What a decision says, in words.
fn decided(d: &Decision) -> String {
    let word = if d.decision == "approved" {
        "立项"
    } else {
        "不予立项"
    };
    if d.reason.is_empty() {
        word.to_owned()
    } else {
        format!("{word}：{}", d.reason)
    }
}

/// Fills `doc` with what the chain wrote: `opinions`, and `decision` in the blocks of the
/// deciding unit of `chain`.
pub fn fill(
    doc: &mut Document,
    chain: Option<&Chain>,
    opinions: &[Opinion],
    decision: Option<&Decision>,
) {
    for o in opinions {
        match doc.opinion_mut(&o.block).filter(|_| !o.block.is_empty()) {
            Some(block) => {
                block.text = o.text.clone();
                block.unit = o.unit.clone();
                block.date = date(&o.at);
            }
            None => doc.add_supplementary(&format!("{}意见", o.unit), o.text.clone()),
        }
    }
    let Some(d) = decision else { return };
    let blocks = chain
        .and_then(Chain::decider)
        .map(|u| u.opinion.as_slice())
        .unwrap_or_default();
    let mut printed = false;
    for key in blocks {
        if let Some(block) = doc.opinion_mut(key) {
            block.text = if block.text.is_empty() {
                decided(d)
            } else {
                format!("{}\n{}", block.text, decided(d))
            };
            block.unit = d.unit.clone();
            block.date = date(&d.at);
            printed = true;
        }
    }
    if !printed {
        doc.add_supplementary(&format!("{}决定", d.unit), decided(d));
    }
}
