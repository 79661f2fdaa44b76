//! The draft's two faces: the offer to go on with a kept draft, shown before the form, and the
//! bar above the form that says where the draft is and moves it to and from a file.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::draft::{Draft, when};
use crate::hooks::draft::Drafts;

/// "继续填写……保存的草稿？", before the form shows (so nothing typed meanwhile can overwrite it).
pub fn offer(d: &Drafts, draft: &Draft) -> Html {
    let resume = d.resume.reform(|_: MouseEvent| ());
    let discard = d.discard.reform(|_: MouseEvent| ());
    html! {
        <div class="pf-draft-offer" role="region" aria-labelledby="pf-draft-offer-title">
            <h2 id="pf-draft-offer-title">{ format!("继续填写 {} 保存的草稿？", when(draft.saved_at)) }</h2>
            <p>{ "草稿保存在本浏览器中，不含附件。" }</p>
            <button type="button" id="pf-draft-resume" class="pf-submit" onclick={resume}>{ "继续填写" }</button>
            <button type="button" id="pf-draft-discard" class="pf-secondary" onclick={discard}>
                { "不用，重新填写（删除此草稿）" }
            </button>
        </div>
    }
}

pub fn bar(d: &Drafts) -> Html {
    let save = d.save_file.reform(|_: MouseEvent| ());
    let open = d.open_file.clone();
    let onchange = Callback::from(move |e: Event| {
        let input = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|list| list.get(0)) {
                open.emit(file);
            }
            // The same file may be opened again.
            input.set_value("");
        }
    });
    // The visible button opens the hidden file input, which a keyboard reaches through it.
    let choose = Callback::from(|e: MouseEvent| {
        let button = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let input = button.and_then(|b| b.next_element_sibling());
        if let Some(input) = input.and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok()) {
            input.click();
        }
    });
    let kept = match d.kept_at {
        Some(at) => format!("草稿已自动保存在本浏览器中（{}）。", when(at)),
        None => "填写内容会自动保存在本浏览器中。".to_owned(),
    };
    html! {
        <div class="pf-draft pf-js">
            <p class="pf-draft-kept" id="pf-draft-kept">{ kept }{ "换电脑继续填写时，请先保存到文件。" }</p>
            <div class="pf-draft-actions">
                <button type="button" id="pf-draft-save" class="pf-secondary" onclick={save}>{ "保存到文件" }</button>
                <button type="button" id="pf-draft-choose" class="pf-secondary" onclick={choose}>{ "从文件打开" }</button>
                <input type="file" id="pf-draft-open" hidden=true accept=".json,application/json" {onchange}
                    aria-label="从文件打开草稿" />
            </div>
            <p id="pf-draft-message" role="status" Class={match &d.message { Some((true, _)) => "pf-error", Some(_) => "pf-draft-ok", None => "" }}>
                { d.message.as_ref().map(|(_, said)| said.clone()).unwrap_or_default() }
            </p>
        </div>
    }
}
