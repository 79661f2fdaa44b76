//! Where an application stands, and the words it is shown in, defined once: the widget shows the
//! applicant's sentence as `GET /api/v1/receipts/{receipt}` gives it (`status_words`), the
//! reviewers' page takes the list's and the decisions' words from `GET /api/v1/me` (`words`), and
//! the 申请书 prints the decision's.

use serde::Serialize;
use utoipa::ToSchema;

/// Where a submission stands for a reviewer's unit (`crate::store::STATUSES`, but `withdrawn`,
/// which is listed apart), in words.
pub const LIST: [(&str, &str); 6] = [
    ("new", "待处理"),
    ("recommended", "已推荐"),
    ("sent_up", "已继续上报"),
    ("returned", "已退回补正"),
    ("approved", "已立项"),
    ("rejected", "不予立项"),
];

/// The deciding unit's word: 立项 or 不予立项.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approved,
    Rejected,
}

impl Verdict {
    pub const ALL: [Verdict; 2] = [Verdict::Approved, Verdict::Rejected];

    /// As the API and the database write it.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::Rejected => "rejected",
        }
    }

    pub fn parse(key: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.key() == key)
    }

    pub fn words(self) -> &'static str {
        match self {
            Verdict::Approved => "立项",
            Verdict::Rejected => "不予立项",
        }
    }
}

/// A stored decision (`approved`, `rejected`) in words.
pub fn decision(decision: &str) -> &'static str {
    Verdict::parse(decision).map_or("", Verdict::words)
}

/// Where the application stands in the chain, for its applicant, with the unit it is at.
#[derive(Serialize, ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// 立项.
    Approved { unit: String },
    /// 不予立项, with the deciding unit's reason.
    Rejected { unit: String, reason: String },
    /// Returned to be corrected by `correct_by` (Beijing time).
    Returned {
        unit: String,
        reason: String,
        correct_by: String,
    },
    /// Recommended to the highest unit it reached (or out of the system by the top).
    Recommended { unit: String },
    /// The unit it reached let its time to recommend pass without recommending it.
    NotRecommended { unit: String },
    /// At the unit it reached, which may still recommend it.
    Received { unit: String },
}

impl Status {
    /// The sentence the applicant reads.
    pub fn words(&self) -> String {
        let words = match self {
            Status::Returned {
                reason, correct_by, ..
            } => format!(
                "退回补正：{}（请于{}前修改后重新提交）",
                sentence(reason),
                shared::date::spoken(correct_by)
            ),
            Status::Recommended { unit } => format!("已推荐至{unit}"),
            Status::NotRecommended { unit } => format!("{unit}未推荐"),
            Status::Approved { unit } => format!("{unit}已{}", Verdict::Approved.words()),
            Status::Rejected { unit, reason } if reason.is_empty() => {
                format!("{unit}{}", Verdict::Rejected.words())
            }
            Status::Rejected { unit, reason } => {
                format!("{unit}{}：{}", Verdict::Rejected.words(), sentence(reason))
            }
            Status::Received { unit } if unit.is_empty() => "已受理".to_owned(),
            Status::Received { unit } => format!("已受理（{unit}）"),
        };
        format!("办理状态：{words}。")
    }
}

/// A reviewer's words inside a sentence: without the full stop they may end with, which the
/// sentence adds.
fn sentence(text: &str) -> &str {
    text.trim_end_matches(['。', '.', ' '])
}

/// The words the reviewers' page shows, as `GET /api/v1/me` serves them.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// The list's statuses, in the order its filter offers them.
    pub statuses: Vec<Word>,
    pub decisions: Vec<Word>,
}

/// A key and its words.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Word {
    pub key: &'static str,
    pub words: &'static str,
}

impl Words {
    pub fn all() -> Words {
        let of = |pairs: &[(&'static str, &'static str)]| {
            pairs
                .iter()
                .map(|&(key, words)| Word { key, words })
                .collect()
        };
        Words {
            statuses: of(&LIST),
            decisions: Verdict::ALL
                .iter()
                .map(|v| Word {
                    key: v.key(),
                    words: v.words(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_reads_as_the_applicant_is_told() {
        let unit = || "晋城市市场监督管理局".to_owned();
        let said = |s: Status| s.words();
        assert_eq!(
            said(Status::Received {
                unit: String::new()
            }),
            "办理状态：已受理。"
        );
        assert!(said(Status::Approved { unit: unit() }).contains("晋城市市场监督管理局已立项"));
        assert!(
            said(Status::Rejected {
                unit: unit(),
                reason: "材料不全。".into()
            })
            .ends_with("不予立项：材料不全。")
        );
        assert!(
            said(Status::Returned {
                unit: unit(),
                reason: "补充附件".into(),
                correct_by: "2026-12-21 00:00".into()
            })
            .contains("请于2026年12月20日24时前修改后重新提交")
        );
        assert_eq!(decision("approved"), "立项");
        assert_eq!(decision("rejected"), "不予立项");
        // The list's words cover every status a row shows (withdrawn rows are listed apart).
        for status in crate::store::STATUSES.iter().filter(|s| **s != "withdrawn") {
            assert!(LIST.iter().any(|(key, _)| key == status), "{status}");
        }
    }
}
