//! The form's building blocks. Each takes its value and callbacks as props; state lives in
//! [`crate::state`].

use shared::Severity;
use yew::prelude::*;

pub mod check;
pub mod field;
pub mod receipt;
pub mod summary;

/// The element id of the input for a path, so the error summary can link to it.
pub fn input_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

/// The messages under a control, with the id its `aria-describedby` names (`{id}-error`).
pub fn messages_html(id: &str, msgs: Vec<(Severity, String)>) -> Html {
    if msgs.is_empty() {
        return Html::default();
    }
    html! {
        <div id={format!("{id}-error")} class="pf-messages">
            { for msgs.into_iter().map(|(sev, msg)| {
                let (class, said) = match sev {
                    Severity::Error => ("pf-error", "错误："),
                    Severity::Warning => ("pf-warning", "提示："),
                };
                html! {
                    <p class={class}><span class="pf-visually-hidden">{ said }</span>{ msg }</p>
                }
            }) }
        </div>
    }
}

/// `aria-invalid` and `aria-describedby` for a control with these messages.
pub fn aria(id: &str, msgs: &[(Severity, String)]) -> (Option<&'static str>, Option<String>) {
    let invalid = msgs
        .iter()
        .any(|(s, _)| *s == Severity::Error)
        .then_some("true");
    (invalid, (!msgs.is_empty()).then(|| format!("{id}-error")))
}
