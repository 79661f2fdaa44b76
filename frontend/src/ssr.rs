//! The form rendered on the server (yew's `ssr`) by the same components the browser runs, from
//! the same answer the page carries for the browser (`GET /api/v1/form`'s JSON): one component
//! tree, no second renderer to drift. The host page's handles (`Host`) are absent here, the
//! day is the server's, and nothing kept in a browser is read.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Deserialize;

use crate::api::Loaded;
pub use crate::app::print_rule;
use crate::app::{App, AppProps};
use crate::hooks::host::Host;
use crate::model::Call;
pub use crate::model::Receipt;
use crate::state::{Action, FormState};
pub use crate::state::{Held, Plain};
use shared::posted::Posted;
use shared::program::PlanSpec;
use yew::Reducible;

/// The parts of the form's answer the form reads (see `api::loaded`, its reader in the browser).
#[derive(Deserialize)]
struct Answer {
    programs: Vec<Pick>,
    program: Pick,
    calls: Vec<CallIn>,
}

#[derive(Deserialize)]
struct Pick {
    id: String,
    title: String,
}

#[derive(Deserialize)]
struct CallIn {
    id: String,
    title: String,
    opens_at: Option<String>,
    closes_at: Option<String>,
    units: Vec<String>,
    #[serde(default)]
    unit_channels: BTreeMap<String, String>,
    state: String,
    hand_in: Option<HandIn>,
}

#[derive(Deserialize)]
struct HandIn {
    copies: String,
    #[serde(default)]
    paper: String,
    #[serde(default)]
    to: String,
}

impl CallIn {
    fn into_call(self) -> Call {
        let channels = self.unit_channels;
        Call {
            units: self
                .units
                .into_iter()
                .map(|name| shared::Receiver {
                    channel: channels.get(&name).cloned(),
                    name,
                })
                .collect(),
            hand_in: self
                .hand_in
                .map(|h| crate::model::sentence([&h.copies, &h.paper, &h.to])),
            id: self.id,
            title: self.title,
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            state: self.state,
        }
    }
}

/// What the page asks for: the form's answer (JSON), whether the page fixes the program (an
/// embedding's `data-program`) or offers the picker, the call it names, and the day.
pub struct Page {
    pub answer: String,
    pub fixed: bool,
    pub call: Option<String>,
    pub api_base: String,
    pub today: shared::Date,
    /// The form's proof that it is this server's page, posted with it (`pf-token`).
    pub token: String,
    /// Where the page answers a form posted to it (by a browser that runs no script).
    pub start: Option<Start>,
}

/// A page answering a form posted without script: what it held, the button pressed, and what
/// the server made of it.
pub struct Start {
    pub posted: Posted,
    /// The button pressed (`pf-action`): a row added or removed (`add:plan`,
    /// `remove:standards.2`), back to a part of the form from the check page (`edit:{title}`).
    pub act: Option<String>,
    pub shown: Shown,
    pub plain: Plain,
}

/// What the page shows.
pub enum Shown {
    /// The form as posted (with the button's change).
    Form,
    /// The form with every error shown, the error summary first: the server's findings
    /// besides the rules' own (a file's, a unit's).
    Refused(Vec<shared::Entry>),
    /// The form, with why it was not sent (a call that closed meanwhile).
    Alert(String),
    /// The check page: the application as the official 申请书, to confirm.
    Check,
    /// The receipt.
    Done(Receipt),
    /// The submitted 申请书 (the posted application is the stored one), to print.
    Paper(Receipt),
}

/// The change the button `act` asks of the form of `program`, where the form allows it (a
/// row past the program's limit, or one of fixed stages, is not added).
fn action(program: &shared::Program, state: &FormState, act: &str) -> Option<Action> {
    let (verb, what) = act.split_once(':')?;
    let (app, limits) = (&state.app, program.limits);
    let free_rows = matches!(program.plan, PlanSpec::Rows { .. });
    match (verb, what) {
        ("add", "plan") if free_rows && app.plan.len() < limits.plan_rows => Some(Action::AddRow),
        ("add", "standards") if app.standards.len() < limits.standards => Some(Action::AddStandard),
        ("add", "units.participants") if app.units.participants.len() < limits.participants => {
            Some(Action::AddParticipant)
        }
        ("remove", path) => {
            let (list, i) = path.rsplit_once('.')?;
            let i: usize = i.parse().ok()?;
            match list {
                "plan" if free_rows => Some(Action::RemoveRow(i)),
                "standards" => Some(Action::RemoveStandard(i)),
                "units.participants" => Some(Action::RemoveParticipant(i)),
                _ => None,
            }
        }
        ("edit", title) => {
            let at = program.sections.iter().position(|s| s.title == title)?;
            Some(Action::Edit(format!("pf-section-{at}")))
        }
        _ => None,
    }
}

/// The form's state for a page answering a post.
fn state(
    program: &'static shared::Program,
    calls: &[Call],
    wanted: Option<&str>,
    start: Start,
) -> FormState {
    let Start {
        posted,
        act,
        shown,
        plain,
    } = start;
    let call = Some(posted.application.call.clone()).filter(|c| !c.is_empty());
    let mut state = FormState::posted(posted).answering(calls, call.as_deref().or(wanted));
    state.plain = Some(Rc::new(plain));
    if let Some(change) = act.as_deref().and_then(|a| action(program, &state, a)) {
        state = FormState::clone(&Rc::new(state).reduce(change));
    }
    match shown {
        Shown::Form => {}
        Shown::Refused(entries) => {
            state.show_all = true;
            state.server = entries;
        }
        Shown::Alert(message) => state.alert = Some(message),
        Shown::Check => state.phase = crate::state::Phase::Checking,
        Shown::Done(receipt) => state.phase = crate::state::Phase::Done(receipt),
        Shown::Paper(receipt) => {
            state.phase = crate::state::Phase::Done(receipt);
            state.paper = true;
        }
    }
    state
}

/// The form's markup, as the browser's first render makes it; `Err` when the answer cannot be
/// read or names no program this build knows.
pub async fn render(page: Page) -> Result<String, String> {
    let answer: Answer = serde_json::from_str(&page.answer).map_err(|e| e.to_string())?;
    let program = shared::programs::find(&answer.program.id)
        .ok_or_else(|| format!("no program {}", answer.program.id))?
        .id;
    let programs: Vec<(String, String)> = answer
        .programs
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    let calls: Vec<Call> = answer.calls.into_iter().map(CallIn::into_call).collect();
    let Page {
        fixed,
        call,
        api_base,
        today,
        token,
        start,
        ..
    } = page;
    let renderer = yew::ServerRenderer::<App>::with_props(move || {
        // On the thread that renders: the form reads them there.
        crate::hooks::form::render_for(today);
        crate::program::know_titles(&programs);
        let found = shared::programs::find(program).expect("found above");
        let start = start.map(|s| Rc::new(state(found, &calls, call.as_deref(), s)));
        AppProps {
            program: fixed.then(|| program.into()),
            call: call.map(Into::into),
            api_base: api_base.into(),
            host: Host::default(),
            loaded: Rc::new(Loaded {
                programs,
                program,
                calls: Rc::new(calls),
            }),
            start,
            token: token.into(),
            typed: None,
        }
    });
    Ok(renderer.render().await)
}
