//! What the form knows besides the application: the calls it may go to, what the server
//! answered, the files picked. The server's answers are read into these (`api`), the state holds
//! them (`state`), the components show them.

use shared::Entry;
use shared::rules::attachments::Format;

/// What the server answers on 201 (a submission) or 200 (a correction of one).
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub receipt: String,
    pub submitted_at: String,
    pub warnings: Vec<Entry>,
    /// What, with the receipt, lets the applicant correct it: given once, with the first
    /// version only.
    pub secret: Option<String>,
    /// 1 for a submission, more for a correction.
    pub version: u32,
}

/// A stored submission its applicant opened with receipt and secret, to correct it.
#[derive(Debug, Clone, PartialEq)]
pub struct Correcting {
    pub receipt: String,
    pub secret: String,
    pub version: u32,
    /// Its files by key, with their names and formats: those not chosen again stay.
    pub kept: Vec<(String, String, Option<Format>)>,
    /// Where it stands in the recommending chain, in words.
    pub status: String,
    /// What happened to it so far (办理进度), oldest first.
    pub steps: Vec<Step>,
}

/// A stored submission looked up with its receipt and secret: where it stands, and the
/// application while it may still be corrected (before its call closes, or while returned).
#[derive(Debug, Clone, PartialEq)]
pub struct LookedUp {
    pub progress: Correcting,
    pub app: Option<shared::Application>,
}

/// What was typed into the server's page before the browser took it over: the answers, read
/// as the form would post them, and the fields the applicant filled and left (whose errors then
/// show, as if left in the browser's own form).
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub posted: shared::posted::Posted,
    pub left: Vec<String>,
}

/// One step of an application's progress, in words: when, and what happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub at: String,
    pub text: String,
}

/// One opening of a program, as the server's clock sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub id: String,
    pub title: String,
    /// `None` while the call's window is not set.
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    /// The receiving units, each with the 报送渠道 it alone takes.
    pub units: Vec<shared::Receiver>,
    /// `open`, `closed` or `upcoming`.
    pub state: String,
    /// How the paper goes in for this call, in one sentence, where the server says.
    pub hand_in: Option<String>,
}

/// A file the applicant picked, with what the shared rules need to know of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub file: web_sys::File,
    pub size: usize,
    pub format: Option<Format>,
}

/// How the paper goes in, in one sentence of its parts (copies, paper, where), those given.
pub fn sentence(texts: [&str; 3]) -> String {
    let parts: Vec<&str> = texts.into_iter().filter(|s| !s.is_empty()).collect();
    format!("报送要求：{}。", parts.join("；"))
}
