//! The application form, compiled to wasm32. [`mount`] renders it into any element, so the same
//! bundle serves the standalone page and a government site that embeds it.

mod api;
mod app;
mod components;
mod state;

use wasm_bindgen::prelude::*;

/// Renders the form into `root`. `program` fixes the program (an embedding site's choice);
/// without it the applicant picks one.
/// `api_base` is the server's origin, e.g. `https://pilot.example.cn/`.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, program: Option<String>, api_base: String) {
    let props = app::AppProps {
        program: program.map(Into::into),
        api_base: api_base.into(),
        root: root.clone(),
    };
    yew::Renderer::<app::App>::with_root_and_props(root, props).render();
}
