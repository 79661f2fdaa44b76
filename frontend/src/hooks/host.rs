//! What the form tells the page around it: events for the host, and where focus goes.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::state::{FormState, Phase};

/// The page the form is mounted in: the element it renders into (fields are looked up in it,
/// which also works inside a shadow root where `document.getElementById` does not) and the
/// host page's `notify` (see [`crate::mount`]). Empty where the form is rendered on the server,
/// which has neither. Compared by identity and cloned by count, never through JavaScript, so
/// the form's props can be built and compared natively.
#[derive(Clone, Default)]
pub struct Host(Option<Rc<(web_sys::Element, js_sys::Function)>>);

impl PartialEq for Host {
    fn eq(&self, other: &Host) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

impl Host {
    pub fn new(root: web_sys::Element, notify: js_sys::Function) -> Host {
        Host(Some(Rc::new((root, notify))))
    }

    pub fn root(&self) -> Option<&web_sys::Element> {
        self.0.as_ref().map(|h| &h.0)
    }

    /// Tells the host page `name` with a detail object of these fields.
    fn notify(&self, name: &str, fields: &[(&str, JsValue)]) {
        let Some(host) = &self.0 else {
            return;
        };
        let detail = js_sys::Object::new();
        for (key, value) in fields {
            let _ = js_sys::Reflect::set(&detail, &(*key).into(), value);
        }
        let _ = host.1.call2(&JsValue::NULL, &name.into(), &detail);
    }
}

/// `validity` whenever the number of errors changes; `submitted` once, when it is stored.
#[hook]
pub fn use_host_events(host: &Host, state: &FormState, errors: usize) {
    {
        let host = host.clone();
        use_effect_with(errors, move |n| {
            host.notify("validity", &[("errors", (*n as u32).into())]);
        });
    }
    let host = host.clone();
    let done = match &state.phase {
        Phase::Done(r) => Some((r.receipt.clone(), r.submitted_at.clone())),
        _ => None,
    };
    use_effect_with(done, move |done| {
        if let Some((receipt, at)) = done {
            let fields = [("receipt", receipt.into()), ("submitted_at", at.into())];
            host.notify("submitted", &fields);
        }
    });
}

/// Moves focus to the element the state names, each time it names one (after "add another",
/// the new row's first field, so a keyboard user goes on where the new row is; after a blocked
/// submit, the error summary).
#[hook]
pub fn use_focus(host: &Host, focus: &(u32, String)) {
    let host = host.clone();
    use_effect_with(focus.clone(), move |(serial, id)| {
        let found = host
            .root()
            .filter(|_| *serial > 0)
            .and_then(|root| root.query_selector(&format!("#{id}")).ok().flatten());
        if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}
