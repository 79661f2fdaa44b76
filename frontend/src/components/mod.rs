//! The form's parts, one file each. Only a control with state of its own
//! ([`field::FieldInput`], which knows whether an input method is composing) is a component,
//! taking its value and callbacks as props; every other part is a function of the [`Form`]
//! handle or of its values (a component each would add its own copy of yew's machinery to the
//! wasm: the check page and the error summary as functions made it 2.0 kB gzip smaller). State
//! lives in [`crate::state`].
//!
//! A class that depends on state is written `Class={…}`, not `class={…}`: yew turns a
//! computed `class` into its `Classes` set (split on spaces, an index map, hashing) and back
//! into a string, and that code cost the wasm 1.9 kB gzip here. `Class` is an ordinary
//! attribute to yew, which HTML reads case-insensitively as `class`. (The property
//! `~className` did the same in the browser, but a property is a `JsValue`, which the server's
//! render cannot make.)

use shared::Severity;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::hooks::form::Form;
use crate::hooks::host::Host;
use crate::state::Action;

pub mod attachments;
pub mod check;
pub mod correct;
pub mod declarations;
pub mod draft;
pub mod field;
pub mod header;
pub mod participants;
pub mod plain;
pub mod plan;
pub mod receipt;
pub mod section;
pub mod standards;
pub mod summary;
pub mod tasks;
pub mod unit;

/// "Delete" for row `i` of the list at `list` (its JSON path). A submit button, as GOV.UK's
/// "add another": where no script runs, the form posts `pf-action=remove:{list}.{i}` and the
/// server answers with the row gone; here the click does it.
pub fn remove_button(
    form: &Form,
    label: String,
    (list, action): (&str, fn(usize) -> Action),
    i: usize,
) -> Html {
    let onclick = form.on(move |e: MouseEvent| {
        e.prevent_default();
        action(i)
    });
    html! {
        <button type="submit" name="pf-action" value={format!("remove:{list}.{i}")} class="pf-link-button" {onclick}>
            { label }
        </button>
    }
}

/// "Add another" for the list at `list`: the new row's first field (`first`, a path) takes
/// focus. A submit button posting `pf-action=add:{list}` where no script runs (see
/// [`remove_button`]). A list with `max` rows already says so instead (the program's limit,
/// which the rules hold it to).
pub fn add_button(
    form: &Form,
    label: &str,
    (list, action): (&str, fn() -> Action),
    id: &str,
    first: String,
    (rows, max): (usize, usize),
) -> Html {
    if rows >= max {
        return html! { <p class="pf-hint">{ format!("已达上限：最多{max}项") }</p> };
    }
    let state = form.state.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        state.dispatch(action());
        state.dispatch(Action::Focus(input_id(&first)));
    });
    html! {
        <button type="submit" name="pf-action" value={format!("add:{list}")} id={id.to_owned()} class="pf-secondary" {onclick}>
            { label.to_owned() }
        </button>
    }
}

/// A link's click that moves to the element `id` inside `root` (the element the form is mounted
/// in: inside a shadow root a `#id` link does not navigate), scrolls it into view and focuses
/// it, as the error summary and the task list do.
pub fn go_to(host: &Host, id: String) -> Callback<MouseEvent> {
    let host = host.clone();
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        let found = host
            .root()
            .and_then(|root| root.query_selector(&format!("#{id}")).ok().flatten());
        if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            el.scroll_into_view();
            let _ = el.focus();
        }
    })
}

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
                    <p Class={class}><span class="pf-visually-hidden">{ said }</span>{ msg }</p>
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
