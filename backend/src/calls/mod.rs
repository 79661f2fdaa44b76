//! Calls: one year's opening of a program, with its window, configured per deployment in TOML
//! ([`file`] reads and checks the file). The server's clock decides whether a call is open.

mod file;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::chain::Chain;
use crate::clock::beijing;

pub use file::deadline;

/// The calls that ship with the server: one open-ended demonstration call per program.
pub const DEFAULT: &str = include_str!("../../calls.toml");

/// A call's own words for how the paper goes in (`[call.hand_in]`), each overriding the
/// program's: the 晋城 call asks for "申报书一式5份（含电子版）" to the city, where the form says
/// 一式4份.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandIn {
    pub copies: Option<String>,
    pub paper: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub id: String,
    pub program: String,
    pub year: u16,
    pub title: String,
    /// Unix seconds; `None` while the window is not set (the call is upcoming, without a date).
    pub opens: Option<i64>,
    /// Unix seconds; `None` for a call without a deadline.
    pub closes: Option<i64>,
    /// The units that receive applications (applicants choose among them where there are
    /// several), with the channel each alone takes.
    pub units: Vec<shared::Receiver>,
    /// All its units, receiving or above them.
    pub chain: Chain,
    /// Days a submission is kept after it came in (个人信息保护法: no longer than needed).
    pub retain_days: Option<u32>,
    pub hand_in: HandIn,
}

/// Where a call stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    Upcoming,
    Open,
    Closed,
}

impl Call {
    pub fn window(&self, now: i64) -> Window {
        if self.opens.is_none_or(|opens| now < opens) {
            Window::Upcoming
        } else if self.closes.is_some_and(|c| now >= c) {
            Window::Closed
        } else {
            Window::Open
        }
    }

    /// The public view, with instants written in Beijing time.
    pub fn view(&self, now: i64) -> CallView {
        CallView {
            id: self.id.clone(),
            program: self.program.clone(),
            year: self.year,
            title: self.title.clone(),
            opens_at: self.opens.map(beijing),
            closes_at: self.closes.map(beijing),
            units: self.units.iter().map(|u| u.name.clone()).collect(),
            unit_channels: self
                .units
                .iter()
                .filter_map(|u| Some((u.name.clone(), u.channel.clone()?)))
                .collect(),
            state: self.window(now),
            hand_in: self.hand_in(),
        }
    }

    /// How the paper goes in: the call's words, the program's where the call has none.
    pub fn hand_in(&self) -> HandInView {
        let program = shared::programs::find(&self.program).map(|p| &p.hand_in);
        let or = |own: &Option<String>, default: fn(&shared::program::HandIn) -> &str| {
            own.clone()
                .unwrap_or_else(|| program.map(default).unwrap_or_default().to_owned())
        };
        HandInView {
            copies: or(&self.hand_in.copies, |h| h.copies),
            paper: or(&self.hand_in.paper, |h| h.paper),
            to: or(&self.hand_in.to, |h| h.to),
        }
    }
}

/// A call: one year's opening of a program, and whether it is open by the server's clock.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Call)]
pub struct CallView {
    pub id: String,
    pub program: String,
    pub year: u16,
    pub title: String,
    /// Beijing time; `null` while the window is not set.
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
    pub opens_at: Option<String>,
    /// Beijing time; `null` for a call without a deadline.
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
    pub closes_at: Option<String>,
    pub units: Vec<String>,
    /// The 报送渠道 a receiving unit alone takes (the social pilot's joint-meeting members).
    pub unit_channels: BTreeMap<String, String>,
    pub state: Window,
    pub hand_in: HandInView,
}

/// How the paper copy goes in.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = HandIn)]
pub struct HandInView {
    pub copies: String,
    pub paper: String,
    pub to: String,
}

/// What the form needs before it can be used: every program to pick from, the one it renders,
/// and that program's calls.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Form)]
pub struct FormAnswer {
    pub programs: Vec<Pick>,
    #[schema(value_type = crate::openapi::shapes::Program)]
    pub program: &'static shared::Program,
    pub calls: Vec<CallView>,
    /// The form rendered for a portal to show at once, where asked for (`rendered=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rendered: Option<Rendered>,
}

/// The form as the server renders it (`frontend::ssr`), for `embed.js` to put into its shadow
/// root at once and the wasm to take over (hydrate) once it has come.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rendered {
    /// The day it was rendered for (`YYYY-MM-DD`, Asia/Shanghai): the form's examples and
    /// checks, which the browser's first render repeats.
    pub day: String,
    /// The page's token (see `crate::form_token`), which its form posts.
    pub token: String,
    /// The form's markup (HTML), its `action` relative to this server.
    pub markup: String,
}

/// A call id a page names (`?call=`, `data-call`), where it is one: call ids are
/// operator-chosen slugs, and anything else is not one and is not echoed into a page.
pub fn slug(named: Option<String>) -> Option<String> {
    named.filter(|c| {
        !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "-_".contains(ch))
    })
}

/// A program to pick.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Pick {
    pub id: &'static str,
    pub title: &'static str,
}

#[derive(Debug, Clone, Default)]
pub struct Calls(Vec<Call>);

impl Calls {
    /// What the calls say that the notices do not, each naming its call: printed when the
    /// server starts, which it still does.
    pub fn warnings(&self) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|c| {
                let program = shared::programs::find(&c.program).expect("checked when parsed");
                c.chain
                    .warnings(program)
                    .into_iter()
                    .map(move |w| format!("call {}: {w}", c.id))
            })
            .collect()
    }

    /// The calls in `path`, or the shipped ones.
    pub fn load(path: Option<&Path>) -> Result<Calls, String> {
        match path {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Calls::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
            }
            None => Calls::parse(DEFAULT),
        }
    }

    pub fn all(&self) -> &[Call] {
        &self.0
    }

    /// The call `id` of `program`.
    pub fn find(&self, program: &str, id: &str) -> Option<&Call> {
        self.0.iter().find(|c| c.id == id && c.program == program)
    }

    /// The answer of `GET /api/v1/form` for `program`, which the form's own pages also carry:
    /// every program to pick from, its definition, and its calls as the clock sees them now.
    pub fn form_answer(&self, program: &'static shared::Program) -> FormAnswer {
        let now = crate::clock::now();
        FormAnswer {
            programs: shared::PROGRAMS
                .iter()
                .map(|p| Pick {
                    id: p.id,
                    title: p.title,
                })
                .collect(),
            program,
            calls: self
                .for_program(program.id, now)
                .into_iter()
                .map(|c| c.view(now))
                .collect(),
            rendered: None,
        }
    }

    /// A program's calls: open ones first, then upcoming, then closed, newest first within each.
    pub fn for_program(&self, program: &str, now: i64) -> Vec<&Call> {
        let mut calls: Vec<&Call> = self.0.iter().filter(|c| c.program == program).collect();
        let rank = |w: Window| match w {
            Window::Open => 0,
            Window::Upcoming => 1,
            Window::Closed => 2,
        };
        calls.sort_by_key(|c| (rank(c.window(now)), std::cmp::Reverse(c.opens)));
        calls
    }
}
