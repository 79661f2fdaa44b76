//! The chain's words in the 申请书: each unit's opinion in its block, with the unit's name and
//! the date (the seal stays for paper), the experts' scores and opinions in the experts' block,
//! the deciding unit's 立项 / 不予立项 and its reason in its block, and, where the form has no
//! block for a unit, on the supplementary page.

use shared::document::Document;

use crate::chain::Chain;
use crate::reviewers::Reviewer;
use crate::store::{Decision, Opinion, Review, Store, mean};

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
    let word = crate::standing::decision(&d.decision);
    if d.reason.is_empty() {
        word.to_owned()
    } else {
        format!("{word}：{}", d.reason)
    }
}

/// What the chain wrote on a submission, as one reader may see it.
pub struct Written {
    pub opinions: Vec<Opinion>,
    /// The experts' reviews (an expert reads their own alone).
    pub reviews: Vec<Review>,
    pub decision: Option<Decision>,
}

impl Written {
    pub async fn of(
        store: &Store,
        submission_id: &str,
        reader: &Reviewer,
    ) -> Result<Written, sqlx::Error> {
        let mut reviews = store.reviews(submission_id).await?;
        if reader.expert {
            reviews.retain(|r| r.expert == reader.name);
        }
        Ok(Written {
            opinions: store.opinions(submission_id).await?,
            reviews,
            decision: store.decision(submission_id).await?,
        })
    }
}

/// The experts' block: each expert's score and opinion, then the mean.
fn experts(reviews: &[Review]) -> String {
    let mut lines: Vec<String> = reviews
        .iter()
        .map(|r| format!("{}：{}分。{}", r.expert, r.score, r.text))
        .collect();
    if let Some(mean) = mean(reviews) {
        lines.push(format!("平均分：{mean}"));
    }
    lines.join("\n")
}

/// Fills `doc` with what the chain wrote: the opinions, the experts' reviews in the block of
/// the unit that assigned them (on the supplementary page where `chain` gives that unit no
/// experts' block), and the decision in the last block of the deciding unit of `chain`.
pub fn fill(doc: &mut Document, chain: Option<&Chain>, written: &Written) {
    let (opinions, reviews) = (&written.opinions, &written.reviews);
    let mut units: Vec<&str> = reviews.iter().map(|r| r.unit.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    for name in units {
        let own: Vec<Review> = reviews.iter().filter(|r| r.unit == name).cloned().collect();
        let text = experts(&own);
        let key = chain
            .and_then(|c| c.unit(name))
            .and_then(|u| u.experts.as_deref());
        match key.and_then(|key| doc.opinion_mut(key)) {
            Some(block) => {
                block.text = text;
                block.unit = name.to_owned();
                block.date = own.iter().map(|r| date(&r.at)).max().unwrap_or_default();
            }
            None => doc.add_supplementary(&format!("{name}专家评审意见"), text),
        }
    }
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
    let Some(d) = &written.decision else { return };
    // The decision goes into the deciding unit's last block, the one its approval is written
    // in: Chongqing's 初审意见 and 市局审批意见 are separate blocks, and 立项 is 市局审批意见's alone.
    let block = chain
        .and_then(Chain::decider)
        .and_then(|u| u.opinion.last())
        .and_then(|key| doc.opinion_mut(key));
    match block {
        Some(block) => {
            block.text = if block.text.is_empty() {
                decided(d)
            } else {
                format!("{}\n{}", block.text, decided(d))
            };
            block.unit = d.unit.clone();
            block.date = date(&d.at);
        }
        None => doc.add_supplementary(&format!("{}决定", d.unit), decided(d)),
    }
}
