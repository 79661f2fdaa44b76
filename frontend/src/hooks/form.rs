//! The handle every part of the form renders from: the state, the live findings of the shared
//! rules, and the way to change both.

use std::rc::Rc;

use shared::rules::attachments::{self, Given};
use shared::{Checked, Issue, Lang, Program, Severity, Submission};
use yew::prelude::*;

use crate::model::Call;
use crate::state::{Action, FormState};

thread_local! {
    /// The day the page was rendered for, where one renders it (the server, by its clock).
    static DAY: std::cell::Cell<Option<shared::Date>> = const { std::cell::Cell::new(None) };
}

/// Today in Asia/Shanghai, whatever the applicant's computer's time zone: the day the page
/// was rendered for where it says, so that the server's render and the browser's agree.
pub fn today() -> shared::Date {
    DAY.with(std::cell::Cell::get)
        .unwrap_or_else(|| shared::Date::in_shanghai((js_sys::Date::now() / 1000.0) as i64))
}

/// Renders from now on for `day` (see [`today`]).
pub fn render_for(day: shared::Date) {
    DAY.with(|d| d.set(Some(day)));
}

#[derive(Clone)]
pub struct Form {
    pub program: &'static Program,
    pub state: UseReducerHandle<FormState>,
    /// The shared rules' verdict on the application as it stands.
    pub checked: Rc<Checked>,
    /// Everything wrong now: the report, counts that are not numbers, the attachments.
    pub live: Rc<Vec<Issue>>,
}

impl Form {
    /// A callback that dispatches what `action` makes of its argument.
    pub fn on<T: 'static>(&self, action: impl Fn(T) -> Action + 'static) -> Callback<T> {
        let state = self.state.clone();
        Callback::from(move |v: T| state.dispatch(action(v)))
    }

    /// Leaving the field at `path`: its errors show from then on.
    pub fn touch(&self, path: String) -> Callback<()> {
        self.on(move |()| Action::Touch(path.clone()))
    }

    /// Messages at a path: the server's until the field is edited, then the live rules' once
    /// the field has been left (or a submit was tried).
    pub fn messages(&self, path: &str) -> Vec<(Severity, String)> {
        let mut out: Vec<(Severity, String)> = self
            .state
            .server
            .iter()
            .filter(|e| e.path == path)
            .map(|e| (e.severity, e.message.clone()))
            .collect();
        if self.state.visible(path) {
            for issue in self.live.iter().filter(|i| i.path == path) {
                let entry = (issue.severity(), issue.message(Lang::ZhCn));
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
        }
        out
    }

    pub fn errors(&self) -> usize {
        self.live
            .iter()
            .filter(|i| i.severity() == Severity::Error)
            .count()
    }
}

/// The form's state, answering one of `calls` (see [`FormState::answering`]), and its live
/// check (the shared rules' one entry, as the server's): the application's verdict is kept
/// while it does not change.
#[hook]
pub fn use_form(
    program: &'static Program,
    calls: &[Call],
    wanted: Option<&str>,
    start: Option<&Rc<FormState>>,
) -> Form {
    let state = use_reducer(|| match start {
        // Where the server's page starts it (see `crate::ssr`).
        Some(start) => FormState::clone(start),
        None => FormState::new(program).answering(calls, wanted),
    });
    let checked = use_memo(state.app.clone(), |app| {
        shared::check_against(app, Some(program), today())
    });
    let sent = state.files.iter().map(|(key, f)| Given {
        key,
        size: f.size,
        format: f.format,
    });
    // A correction keeps the stored files not chosen again (the server checked them).
    let kept = state
        .correcting
        .iter()
        .flat_map(|c| &c.kept)
        .map(|(key, _, format)| Given {
            key,
            size: 0,
            format: *format,
        });
    // The files the server holds for a form posted without script, likewise.
    #[cfg(feature = "ssr")]
    let kept = kept.chain(state.plain.iter().flat_map(|p| &p.held).map(|h| Given {
        key: &h.key,
        size: h.size,
        format: h.format,
    }));
    let files = attachments::with_kept(sent.collect(), kept);
    let mut issues = Submission {
        checked: &checked,
        program: Some(program),
        units: state.call.as_ref().map(|call| call.units.as_slice()),
        files: &files,
    }
    .findings();
    // Counts typed that are not numbers (which the model cannot hold) are reported as such
    // rather than as missing.
    for (field, raw) in &state.counts {
        if let Err(code) = shared::rules::formats::whole_number(raw) {
            issues.retain(|i| i.path != field.path());
            issues.push(Issue::new(field.path(), code));
        }
    }
    Form {
        program,
        state,
        checked,
        live: Rc::new(issues),
    }
}
