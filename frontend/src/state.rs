//! The form's state and every change to it, as one reducer.

use std::collections::BTreeSet;
use std::rc::Rc;

use shared::fields::StandardField;
use shared::model::StandardRow;
use shared::rules::formats::whole_number;
use shared::{Application, Entry, Field, RowField};
use yew::Reducible;

use crate::api::Receipt;

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Editing,
    Submitting,
    Done(Receipt),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    pub app: Application,
    /// What the applicant typed for the staff count, which may not be a number yet.
    pub staff_count_raw: String,
    /// Paths the applicant has left once: their errors show from then on.
    pub touched: BTreeSet<String>,
    /// Set by the first submit: every error shows.
    pub show_all: bool,
    /// Errors the server returned, by path, until the applicant edits that field.
    pub server: Vec<Entry>,
    /// A failure that belongs to no field (network, closed call, server error).
    pub alert: Option<String>,
    pub phase: Phase,
    /// Bumped on each submit attempt that found errors, so the summary takes focus again.
    pub attempts: u32,
}

impl FormState {
    pub fn new(program: &shared::Program) -> FormState {
        let mut app = Application {
            program: program.id.to_owned(),
            call: format!("{}-demo", program.id),
            ..Application::default()
        };
        app.plan = program
            .plan
            .stages
            .iter()
            .map(|s| shared::model::PlanRow {
                stage: s.name.to_owned(),
                ..Default::default()
            })
            .collect();
        FormState {
            app,
            staff_count_raw: String::new(),
            touched: BTreeSet::new(),
            show_all: false,
            server: Vec::new(),
            alert: None,
            phase: Phase::Editing,
            attempts: 0,
        }
    }

    /// Whether errors at `path` are shown yet.
    pub fn visible(&self, path: &str) -> bool {
        self.show_all || self.touched.contains(path)
    }
}

pub enum Action {
    SetField(Field, String),
    SetStaffCount(String),
    SetRow(usize, RowField, String),
    SetStandard(usize, StandardField, String),
    AddStandard,
    RemoveStandard(usize),
    SetDeclaration(String, bool),
    SetConsent(bool),
    /// The applicant left the field at this path.
    Touch(String),
    /// A submit attempt that the local rules stopped.
    Blocked,
    Sending,
    Rejected(Vec<Entry>),
    Failed(String),
    Stored(Receipt),
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
            Action::SetStaffCount(raw) => {
                s.app.standardization.staff_count = whole_number(&raw).ok().flatten();
                s.staff_count_raw = raw;
                edited(&mut s, Field::StaffCount.path());
            }
            Action::SetRow(index, field, value) => {
                if let Some(row) = s.app.plan.get_mut(index) {
                    *field.get_mut(row) = value;
                }
                edited(&mut s, &field.path(index));
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
                    // Paths after the removed row now name other rows.
                    s.server.retain(|e| !e.path.starts_with("standards."));
                    s.touched.retain(|p| !p.starts_with("standards."));
                }
            }
            Action::SetDeclaration(key, value) => {
                let path = format!("declarations.{key}");
                s.app.declarations.insert(key, value);
                s.touched.insert(path.clone());
                edited(&mut s, &path);
            }
            Action::SetConsent(value) => {
                s.app.privacy_consent = value;
                s.touched.insert("privacy_consent".into());
                edited(&mut s, "privacy_consent");
            }
            Action::Touch(path) => {
                s.touched.insert(path);
            }
            Action::Blocked => {
                s.show_all = true;
                s.attempts += 1;
            }
            Action::Sending => {
                s.phase = Phase::Submitting;
                s.alert = None;
            }
            Action::Rejected(errors) => {
                s.phase = Phase::Editing;
                s.show_all = true;
                s.server = errors;
                s.attempts += 1;
            }
            Action::Failed(message) => {
                s.phase = Phase::Editing;
                s.alert = Some(message);
            }
            Action::Stored(receipt) => s.phase = Phase::Done(receipt),
        }
        Rc::new(s)
    }
}
