//! The error summary shown on a submit that found errors: it takes focus, so a screen reader
//! announces it, and links to each field.

use yew::prelude::*;

use shared::{Lang, Severity};

use super::{go_to, input_id};
use crate::hooks::form::Form;
use crate::hooks::host::Host;
use crate::state::SUMMARY_ID;

/// The summary of `entries` (`(path, label, message)` for each error). A blocked submit moves
/// focus to it ([`SUMMARY_ID`], through the form's focus; see `Action::Blocked`). A function
/// rather than a component, which would add its own copy of yew's machinery to the wasm.
/// Fields are looked up inside `root`, the element the form is mounted in, which also works
/// inside a shadow root where `document.getElementById` does not.
pub fn view(entries: &[(String, String, String)], host: &Host) -> Html {
    html! {
        // Announced by taking focus on each blocked submit, not as an alert: its list changes as
        // the applicant types, and an alert region would be read out again on every change.
        // `autofocus`: the server's page answering a refused post (no script) opens with it
        // focused, as a blocked submit focuses it here.
        <div id={SUMMARY_ID} class="pf-summary" role="region" tabindex="-1" autofocus=true aria-labelledby="pf-summary-title">
            <h2 id="pf-summary-title">{ format!("有 {} 处需要修改", entries.len()) }</h2>
            <ul>
                { for entries.iter().map(|(path, label, message)| {
                    let id = input_id(path);
                    let onclick = go_to(host, id.clone());
                    html! {
                        <li><a href={format!("#{id}")} {onclick}>{ format!("{label}：{message}") }</a></li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// What the summary lists once a submit was tried: the live rules' errors and the server's.
pub fn entries(form: &Form) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    if !form.state.show_all {
        return out;
    }
    for issue in form.live.iter().filter(|i| i.severity() == Severity::Error) {
        let label = form.program.label_for(&issue.path);
        out.push((issue.path.clone(), label, issue.message(Lang::ZhCn)));
    }
    for e in form.state.server.iter() {
        let listed = out.iter().any(|(p, _, m)| *p == e.path && *m == e.message);
        if e.severity == Severity::Error && !listed {
            let label = form.program.label_for(&e.path);
            out.push((e.path.clone(), label, e.message.clone()));
        }
    }
    out
}
