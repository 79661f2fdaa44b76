//! The form rendered on the server (yew's `ssr`) by the same components the browser runs, from
//! the same answer the page carries for the browser (`GET /api/v1/form`'s JSON): one component
//! tree, no second renderer to drift. The host page's handles (`Host`) are absent here, the
//! day is the server's, and nothing kept in a browser is read.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Deserialize;

use crate::api::Loaded;
use crate::app::{App, AppProps};
use crate::hooks::host::Host;
use crate::model::Call;

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
    /// What the form holds, where a page posted it.
    pub posted: Option<shared::posted::Posted>,
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
        posted,
        ..
    } = page;
    let renderer = yew::ServerRenderer::<App>::with_props(move || {
        // On the thread that renders: the form reads them there.
        crate::hooks::form::render_for(today);
        crate::program::know_titles(&programs);
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
            start: posted.map(Rc::new),
            typed: None,
        }
    });
    Ok(renderer.render().await)
}
