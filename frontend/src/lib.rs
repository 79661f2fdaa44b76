//! The application form, compiled to wasm32. [`mount`] renders it into any element, so the same
//! bundle serves the standalone page and a government site that embeds it.

mod api;
mod app;
mod components;
mod draft;
mod hooks;
mod kept;
mod model;
pub mod program;
#[cfg(feature = "ssr")]
pub mod ssr;
mod state;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Talc rather than Rust's default dlmalloc: 2.5 kB gzip smaller here (docs/size-history.md),
/// and faster by its authors' wasm benchmarks. (lol_alloc was smaller still, but made each
/// keystroke's re-check 2.3 times slower.)
#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Renders the form into `root`, or, where the server rendered it there (`root` names the day
/// it was rendered for in `data-pilot-day`), takes that markup over. `program` fixes the
/// program (an embedding site's choice);
/// without it the applicant picks one. `call` picks one of the program's calls by id (the open
/// one otherwise). `api_base` is the server's origin, e.g. `https://pilot.example.cn/`.
/// `notify(name, detail)` is told what the host page may want to know: `validity` with
/// `{errors}` whenever the number of errors changes, `submitted` with `{receipt, submitted_at}`.
/// `form` is the `fetch` of `GET /api/v1/form` for `program`, started by the page while the
/// wasm downloaded. Resolves once the form is rendered; where it cannot be, `root` says why
/// (in Chinese) and the promise rejects.
#[wasm_bindgen]
pub async fn mount(
    root: web_sys::Element,
    program: Option<String>,
    call: Option<String>,
    api_base: String,
    notify: js_sys::Function,
    form: js_sys::Promise,
) -> Result<(), JsValue> {
    let loaded = match api::form_started(form).await {
        Ok(loaded) => loaded,
        Err(message) => {
            say(&root, &message);
            return Err(message.into());
        }
    };
    // The server rendered the form into the page for the day it names: the browser takes that
    // markup over (hydrates it) rather than rendering it again, from the state the server
    // rendered, which its first render must repeat exactly; what was typed before then is put
    // back right after.
    let day = root
        .get_attribute("data-pilot-day")
        .and_then(|d| shared::Date::parse(&d));
    if let Some(day) = day {
        hooks::form::render_for(day);
    }
    let typed = day.and_then(|_| typed(&root, loaded.program));
    let props = app::AppProps {
        program: program.map(Into::into),
        call: call.map(Into::into),
        api_base: api_base.into(),
        host: hooks::host::Host::new(root.clone(), notify),
        start: None,
        // Rendered into the server's page beside the day; the form repeats it.
        token: root
            .get_attribute("data-pilot-token")
            .unwrap_or_default()
            .into(),
        typed: typed.map(Into::into),
        loaded: loaded.into(),
    };
    let renderer = yew::Renderer::<app::App>::with_root_and_props(root, props);
    if day.is_some() {
        renderer.hydrate();
    } else {
        renderer.render();
    }
    Ok(())
}

/// What the applicant typed into the server's form before the wasm took it over, read as the
/// form would post it; `None` where nothing was.
fn typed(root: &web_sys::Element, program: &str) -> Option<model::Typed> {
    let program = program::find(program)?;
    let form = root
        .query_selector("form.pf-form")
        .ok()??
        .dyn_into::<web_sys::HtmlFormElement>()
        .ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let mut pairs = Vec::new();
    for entry in js_sys::try_iter(&data).ok()??.flatten() {
        let entry = js_sys::Array::from(&entry);
        // Files are picked again: a file input's value is no text.
        if let (Some(name), Some(value)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
            pairs.push((name, value));
        }
    }
    let posted = shared::posted::read(program, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut untouched = shared::posted::blank(program);
    untouched.call = posted.application.call.clone();
    let nothing = posted.application == untouched && posted.typed.iter().all(|(_, v)| v.is_empty());
    // Filled and left: every field with an answer but the one the applicant is still in.
    let here = root
        .owner_document()
        .and_then(|d| d.active_element())
        .and_then(|e| e.get_attribute("name"));
    let left = pairs
        .into_iter()
        .filter(|(name, value)| !value.is_empty() && !["program", "call"].contains(&name.as_str()))
        .map(|(name, _)| name)
        .filter(|name| Some(name) != here.as_ref())
        .collect();
    (!nothing).then_some(model::Typed { posted, left })
}

/// The form's place says what went wrong, as the form's own alerts do.
fn say(root: &web_sys::Element, message: &str) {
    let Some(document) = root.owner_document() else {
        return;
    };
    if let Ok(alert) = document.create_element("p") {
        alert.set_class_name("pf-alert");
        let _ = alert.set_attribute("role", "alert");
        alert.set_text_content(Some(message));
        root.set_text_content(None);
        let _ = root.append_child(&alert);
    }
}
