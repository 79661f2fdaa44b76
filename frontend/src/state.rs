//! The form's state and every change to it, as one reducer.

use std::rc::Rc;

use shared::fields::StandardField;
use shared::model::{PlanRow, StandardRow};
use shared::rules::formats::whole_number;
use shared::{Application, Entry, Field, RowField};
use yew::Reducible;

use crate::model::{Call, Correcting, LookedUp, Picked, Receipt};

/// The error summary's element id, where focus goes after a submit that found errors.
pub const SUMMARY_ID: &str = "pf-summary";

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Editing,
    /// The applicant reads the application as the official form before confirming.
    Checking,
    Submitting,
    Done(Receipt),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    pub app: Application,
    /// What the applicant typed into count boxes, which may not be numbers yet. (Short lists
    /// are kept as vectors: each map type would add its own code to the wasm.)
    pub counts: Vec<(Field, String)>,
    /// Attachments by key.
    pub files: Vec<(String, Picked)>,
    /// The call this form answers, once the server has said which.
    pub call: Option<Call>,
    /// The stored submission this form corrects, opened with its receipt and secret.
    pub correcting: Option<Correcting>,
    /// A stored submission looked up: where it stands and its progress, with the way to
    /// correct it while that is allowed.
    pub progress: Option<LookedUp>,
    /// Paths the applicant has left once: their errors show from then on.
    pub touched: Vec<String>,
    /// Set by the first submit: every error shows.
    pub show_all: bool,
    /// Errors the server returned, until the applicant edits that field.
    pub server: Vec<Entry>,
    /// A failure that belongs to no field (network, closed call, server error).
    pub alert: Option<String>,
    pub phase: Phase,
    /// Once submitted: the 申请书 is shown to print (headed by its 回执编号) instead of the
    /// receipt.
    pub paper: bool,
    /// The `Idempotency-Key` of the submission under way: kept while its outcome is unknown,
    /// so that a retry cannot store it twice; dropped once the server has answered.
    pub idempotency_key: Option<String>,
    /// The element to move focus to (by id), bumped each time: after "add another", the new
    /// row's first field, so a keyboard user goes on where the new row is; after a submit that
    /// found errors, the error summary (each time, so a screen reader announces it again).
    pub focus: (u32, String),
    /// Where the server renders the form for a browser that runs no script: what its pages
    /// carry from one to the next.
    #[cfg(feature = "ssr")]
    pub plain: Option<Rc<Plain>>,
}

/// What the server's pages carry for a browser that runs no script, besides the answers.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plain {
    /// The files the server holds for this form (picked on an earlier page).
    pub held: Vec<Held>,
    /// The `Idempotency-Key` the check page's confirm posts, so that posting it again (a
    /// reload) cannot store the application twice.
    pub key: String,
}

/// A file the server holds for a form posted without script, under `token`.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub key: String,
    pub token: String,
    pub name: String,
    pub size: usize,
    pub format: Option<shared::rules::attachments::Format>,
}

impl FormState {
    pub fn new(program: &shared::Program) -> FormState {
        FormState::new_with(shared::posted::blank(program), Vec::new())
    }

    /// The form holding what a page posted (see `shared::posted`).
    #[cfg(feature = "ssr")]
    pub fn posted(posted: shared::posted::Posted) -> FormState {
        FormState::new_with(posted.application, posted.typed)
    }

    /// The form answering the call the host names if it names one, else the open one (the
    /// server lists it first, by its clock). Known before the first render: an effect would
    /// render the form once without it (and cost the wasm another copy of yew's effect code).
    pub fn answering(mut self, calls: &[Call], wanted: Option<&str>) -> FormState {
        match calls.iter().find(|c| wanted.is_none_or(|w| c.id == w)) {
            Some(call) => {
                self.app.call = call.id.clone();
                self.call = Some(call.clone());
            }
            None => self.alert = Some("本项目目前没有开放的申报批次。".into()),
        }
        self
    }

    fn new_with(app: Application, counts: Vec<(Field, String)>) -> FormState {
        FormState {
            app,
            counts,
            files: Vec::new(),
            call: None,
            correcting: None,
            progress: None,
            touched: Vec::new(),
            show_all: false,
            server: Vec::new(),
            alert: None,
            phase: Phase::Editing,
            paper: false,
            idempotency_key: None,
            focus: (0, String::new()),
            #[cfg(feature = "ssr")]
            plain: None,
        }
    }

    fn back_from_submitting(&mut self) {
        if self.phase == Phase::Submitting {
            self.phase = Phase::Checking;
        }
    }

    /// Whether errors at `path` are shown yet.
    pub fn visible(&self, path: &str) -> bool {
        self.show_all || self.touched.iter().any(|p| p == path)
    }
}

pub enum Action {
    SetField(Field, String),
    SetCount(Field, String),
    SetFlag(Field, Option<bool>),
    SetRow(usize, RowField, String),
    /// Row `usize` covers (or no longer covers) this kind of work.
    SetCover(usize, &'static str, bool),
    AddRow,
    RemoveRow(usize),
    SetStandard(usize, StandardField, String),
    AddStandard,
    RemoveStandard(usize),
    SetReceiving(String),
    SetParticipant(usize, String),
    AddParticipant,
    RemoveParticipant(usize),
    SetDeclaration(String, bool),
    SetConsent(bool),
    Attach(String, Option<Picked>),
    /// A draft's answers (and what was typed into count boxes) replace the form's.
    Restore(Box<(Application, Vec<(Field, String)>)>),
    /// A stored submission replaces the form's answers, to be corrected.
    Correct(Box<(Application, Correcting)>),
    /// A stored submission looked up, shown as it stands.
    Progress(Box<LookedUp>),
    /// The applicant left the field at this path.
    Touch(String),
    /// Move focus to the element with this id once rendered.
    Focus(String),
    /// A submit attempt that the local rules stopped.
    Blocked,
    /// A submit attempt the rules let through: show the check page.
    Check,
    /// Back from the check page to the form, focus on the element with this id.
    Edit(String),
    /// A submission leaves with this Idempotency-Key.
    Sending(String),
    Rejected(Vec<Entry>),
    /// A failure the server answered (or that happened before anything was sent).
    Failed(String),
    /// No answer came: the submission may or may not be stored.
    Unknown(String),
    /// The server is busy: the form waits and sends the same attempt again.
    Waiting(String),
    Stored(Receipt),
    /// From the receipt to the submitted 申请书 to print (`true`), or back; focus goes to the
    /// heading of the one shown.
    Paper(bool),
}

/// Marks a path as left once.
fn touch(s: &mut FormState, path: impl Into<String>) {
    let path = path.into();
    if !s.touched.contains(&path) {
        s.touched.push(path);
    }
}

/// Removing row `index` of the list at `prefix` renumbers the rows after it, so what was said
/// about them no longer applies to the same row.
fn forget_rows(s: &mut FormState, prefix: &str) {
    s.server.retain(|e| !e.path.starts_with(prefix));
    s.touched.retain(|p| !p.starts_with(prefix));
}

impl Reducible for FormState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let edited = |s: &mut FormState, path: &str| s.server.retain(|e| e.path != path);
        match action {
            Action::SetField(field, value) => {
                if let Some(slot) = field.text_mut(&mut s.app) {
                    *slot = value;
                }
                edited(&mut s, field.path());
            }
            Action::SetCount(field, raw) => {
                if let Some(slot) = field.count_mut(&mut s.app) {
                    *slot = whole_number(&raw).ok().flatten();
                }
                s.counts.retain(|(f, _)| *f != field);
                s.counts.push((field, raw));
                edited(&mut s, field.path());
            }
            Action::SetFlag(field, value) => {
                if let Some(slot) = field.flag_mut(&mut s.app) {
                    *slot = value;
                }
                touch(&mut s, field.path().to_owned());
                edited(&mut s, field.path());
            }
            Action::SetRow(index, field, value) => {
                if let Some(row) = s.app.plan.get_mut(index) {
                    *field.get_mut(row) = value;
                }
                edited(&mut s, &field.path(index));
            }
            Action::SetCover(index, kind, on) => {
                if let Some(row) = s.app.plan.get_mut(index) {
                    row.covers.retain(|k| k != kind);
                    if on {
                        row.covers.push(kind.to_owned());
                    }
                }
                let path = format!("plan.{index}.covers");
                touch(&mut s, path.clone());
                edited(&mut s, &path);
            }
            Action::AddRow => s.app.plan.push(PlanRow::default()),
            Action::RemoveRow(index) => {
                if index < s.app.plan.len() {
                    s.app.plan.remove(index);
                    forget_rows(&mut s, "plan.");
                }
            }
            Action::SetStandard(index, field, value) => {
                if let Some(row) = s.app.standards.get_mut(index) {
                    *field.get_mut(row) = value;
                }
                edited(&mut s, &field.path(index));
            }
            Action::AddStandard => s.app.standards.push(StandardRow::default()),
            Action::RemoveStandard(index) => {
                if index < s.app.standards.len() {
                    s.app.standards.remove(index);
                    forget_rows(&mut s, "standards.");
                }
            }
            Action::SetReceiving(value) => {
                s.app.units.receiving = value;
                touch(&mut s, "units.receiving".to_owned());
                edited(&mut s, "units.receiving");
            }
            Action::SetParticipant(index, value) => {
                if let Some(slot) = s.app.units.participants.get_mut(index) {
                    *slot = value;
                }
                edited(&mut s, &format!("units.participants.{index}"));
            }
            Action::AddParticipant => s.app.units.participants.push(String::new()),
            Action::RemoveParticipant(index) => {
                if index < s.app.units.participants.len() {
                    s.app.units.participants.remove(index);
                    forget_rows(&mut s, "units.participants.");
                }
            }
            Action::SetDeclaration(key, value) => {
                let path = format!("declarations.{key}");
                s.app.declarations.insert(key, value);
                touch(&mut s, path.clone());
                edited(&mut s, &path);
            }
            Action::SetConsent(value) => {
                s.app.privacy_consent = value;
                touch(&mut s, "privacy_consent");
                edited(&mut s, "privacy_consent");
            }
            Action::Attach(key, picked) => {
                let path = format!("attachments.{key}");
                s.files.retain(|(k, _)| *k != key);
                if let Some(p) = picked {
                    s.files.push((key, p));
                }
                touch(&mut s, path.clone());
                edited(&mut s, &path);
            }
            Action::Restore(draft) => {
                let (app, counts) = *draft;
                let call = s.call.take();
                let files = std::mem::take(&mut s.files);
                s = FormState::new_with(app, counts);
                if let Some(c) = &call {
                    s.app.call = c.id.clone();
                }
                (s.call, s.files) = (call, files);
            }
            Action::Correct(opened) => {
                let (app, correcting) = *opened;
                let (call, files) = (s.call.take(), std::mem::take(&mut s.files));
                s = FormState::new_with(app, Vec::new());
                (s.call, s.files, s.correcting) = (call, files, Some(correcting));
            }
            Action::Progress(looked_up) => {
                s.progress = Some(*looked_up);
                s.alert = None;
            }
            Action::Touch(path) => touch(&mut s, path),
            Action::Focus(id) => s.focus = (s.focus.0 + 1, id),
            // Each submit attempt that found errors moves focus to the error summary.
            Action::Blocked => {
                s.show_all = true;
                s.focus = (s.focus.0 + 1, SUMMARY_ID.to_owned());
            }
            Action::Check => {
                s.phase = Phase::Checking;
                s.alert = None;
            }
            Action::Edit(id) => {
                s.phase = Phase::Editing;
                s.focus = (s.focus.0 + 1, id);
            }
            Action::Sending(key) => {
                s.phase = Phase::Submitting;
                s.alert = None;
                s.idempotency_key = Some(key);
            }
            Action::Rejected(errors) => {
                s.phase = Phase::Editing;
                s.show_all = true;
                s.server = errors;
                s.focus = (s.focus.0 + 1, SUMMARY_ID.to_owned());
                s.idempotency_key = None;
            }
            // A submission that failed leaves the applicant on the check page, to try again.
            Action::Failed(message) => {
                s.back_from_submitting();
                s.alert = Some(message);
                s.idempotency_key = None;
            }
            Action::Unknown(message) => {
                s.back_from_submitting();
                s.alert = Some(message);
            }
            Action::Waiting(message) => s.alert = Some(message),
            Action::Stored(receipt) => s.phase = Phase::Done(receipt),
            Action::Paper(on) => {
                s.paper = on;
                let id = if on { "pf-paper" } else { "pf-receipt" };
                s.focus = (s.focus.0 + 1, id.into());
            }
        }
        Rc::new(s)
    }
}
