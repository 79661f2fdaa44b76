//! What the form tells the page around it: events for the host, and where focus goes.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::state::{FormState, Phase};

/// Tells the host page `name` with a detail object of these fields (see [`crate::mount`]).
fn notify(to: &js_sys::Function, name: &str, fields: &[(&str, JsValue)]) {
    let detail = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&detail, &(*key).into(), value);
    }
    let _ = to.call2(&JsValue::NULL, &name.into(), &detail);
}

/// `validity` whenever the number of errors changes; `submitted` once, when it is stored.
#[hook]
pub fn use_host_events(to: &js_sys::Function, state: &FormState, errors: usize) {
    {
        let to = to.clone();
        use_effect_with(errors, move |n| {
            notify(&to, "validity", &[("errors", (*n as u32).into())]);
        });
    }
    let to = to.clone();
    let done = match &state.phase {
        Phase::Done(r) => Some((r.receipt.clone(), r.submitted_at.clone())),
        _ => None,
    };
    use_effect_with(done, move |done| {
        if let Some((receipt, at)) = done {
            let fields = [("receipt", receipt.into()), ("submitted_at", at.into())];
            notify(&to, "submitted", &fields);
        }
    });
}

/// Moves focus to the element the state names, each time it names one (after "add another",
/// the new row's first field, so a keyboard user goes on where the new row is; after a blocked
/// submit, the error summary).
#[hook]
pub fn use_focus(root: &web_sys::Element, focus: &(u32, String)) {
    let root = root.clone();
    use_effect_with(focus.clone(), move |(serial, id)| {
        let found = (*serial > 0)
            .then(|| root.query_selector(&format!("#{id}")).ok().flatten())
            .flatten();
        if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}
