//! The program's attachments: one file input each, checked by content as the server checks it.

use shared::rules::attachments;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{aria, input_id, messages_html};
use crate::hooks::form::Form;
use crate::model::Picked;
use crate::state::Action;

/// Reads the picked file whole, so that the same content check as the server's runs on it.
fn on_pick(form: &Form, key: &'static str) -> Callback<Event> {
    let attach = form.on(move |picked| Action::Attach(key.to_owned(), picked));
    Callback::from(move |e: Event| {
        let input = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
        let file = input.and_then(|i| i.files()).and_then(|list| list.get(0));
        let attach = attach.clone();
        match file {
            None => attach.emit(None),
            Some(file) => wasm_bindgen_futures::spawn_local(async move {
                let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                let bytes = buffer
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .unwrap_or_default();
                let format = attachments::detect(&bytes);
                let size = file.size() as usize;
                attach.emit(Some(Picked { file, size, format }));
            }),
        }
    })
}

pub fn view(form: &Form) -> Html {
    html! {
        <div class="pf-attachments">
            <p class="pf-hint">{ "PDF、DOCX、DOC、WPS 或 OFD 文件，或 JPG、PNG 扫描件，每个不超过 20 MB；按文件内容识别格式。" }</p>
            <p class="pf-hint pf-js" id="pf-attachments-not-kept">{ "草稿不保存附件：继续填写草稿或换电脑时，请重新选择文件。" }</p>
            { for form.program.attachments.iter().map(|a| {
                let path = format!("attachments.{}", a.key);
                let id = input_id(&path);
                let msgs = form.messages(&path);
                let (invalid, describedby) = aria(&id, &msgs);
                // A correction keeps the stored file unless another is chosen.
                let kept = form.state.correcting.iter().flat_map(|c| &c.kept).find(|k| k.0 == a.key);
                html! {
                    <div Class={if msgs.is_empty() { "pf-field" } else { "pf-field pf-field-error" }}>
                        <label for={id.clone()}>
                            { a.label }
                            if !a.required { <span class="pf-optional">{ "（选填）" }</span> }
                        </label>
                        if let Some((_, name, _)) = kept {
                            <p class="pf-hint">{ format!("已提交：{name}（不重新选择则沿用）") }</p>
                        }
                        { super::plain::held(form, a.key) }
                        { messages_html(&id, msgs) }
                        <input type="file" id={id} name={a.key} onchange={on_pick(form, a.key)}
                            aria-invalid={invalid} aria-describedby={describedby}
                            accept=".pdf,.docx,.doc,.wps,.ofd,.jpg,.jpeg,.png" />
                    </div>
                }
            }) }
        </div>
    }
}
