//! The error summary shown on a submit that found errors: it takes focus, so a screen reader
//! announces it, and links to each field.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::input_id;

#[derive(Properties, PartialEq, Clone)]
pub struct SummaryProps {
    /// `(path, label, message)` for each error.
    pub entries: Vec<(String, String, String)>,
    /// Changes on each blocked submit, to take focus again.
    pub attempts: u32,
    /// The element the form is mounted in; fields are looked up inside it, which also works
    /// inside a shadow root where `document.getElementById` does not.
    pub root: web_sys::Element,
}

#[function_component(ErrorSummary)]
pub fn error_summary(p: &SummaryProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.attempts, move |_| {
            if let Some(el) = node.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    html! {
        // Announced by taking focus on each blocked submit, not as an alert: its list changes as
        // the applicant types, and an alert region would be read out again on every change.
        <div ref={node} class="pf-summary" role="region" tabindex="-1" aria-labelledby="pf-summary-title">
            <h2 id="pf-summary-title">{ format!("有 {} 处需要修改", p.entries.len()) }</h2>
            <ul>
                { for p.entries.iter().map(|(path, label, message)| {
                    let id = input_id(path);
                    let root = p.root.clone();
                    let target = id.clone();
                    let onclick = Callback::from(move |e: MouseEvent| {
                        e.prevent_default();
                        let found = root.query_selector(&format!("#{target}")).ok().flatten();
                        if let Some(el) = found.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
                            el.scroll_into_view();
                            let _ = el.focus();
                        }
                    });
                    html! {
                        <li><a href={format!("#{id}")} {onclick}>{ format!("{label}：{message}") }</a></li>
                    }
                }) }
            </ul>
        </div>
    }
}
