//! The self-declarations (自我声明) that apply, and the consent to the use of personal
//! information: each a checkbox with its messages.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{aria, input_id, messages_html};
use crate::hooks::form::Form;
use crate::state::Action;

const PRIVACY_NOTICE: &str = "本表中的个人信息（姓名、职务/职称、电话、手机、电子邮箱）仅用于本次标准化试点示范项目的申报受理、审核和联系，由受理申报的市场监督管理部门依法保存和处理，不用于其他目的，不向无关第三方提供。您可以向受理部门查询、更正这些信息。";

fn checkbox(form: &Form, path: String, text: String, checked: bool, on: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        if let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            on.emit(input.checked());
        }
    });
    let msgs = form.messages(&path);
    let id = input_id(&path);
    let (invalid, describedby) = aria(&id, &msgs);
    html! {
        <div Class={if msgs.is_empty() { "pf-check" } else { "pf-check pf-field-error" }}>
            { messages_html(&id, msgs) }
            <input type="checkbox" id={id.clone()} name={path} value="true" {checked} {onchange}
                aria-invalid={invalid} aria-describedby={describedby} />
            <label for={id}>{ text }</label>
        </div>
    }
}

pub fn view(form: &Form) -> Html {
    let app = &form.state.app;
    let applying = form.program.declarations.iter().filter(|d| d.applies(app));
    html! {
        <div class="pf-declarations">
            { for applying.enumerate().map(|(n, d)| {
                let now = app.declarations.get(d.key).copied().unwrap_or(false);
                let on = form.on(move |v| Action::SetDeclaration(d.key.to_owned(), v));
                checkbox(form, format!("declarations.{}", d.key), format!("{}、{}", n + 1, d.text), now, on)
            }) }
        </div>
    }
}

/// The notice on personal information, and the applicant's consent to it.
pub fn consent(form: &Form) -> Html {
    html! {
        <fieldset class="pf-section">
            <legend>{ "个人信息处理说明" }</legend>
            <p class="pf-notice">{ PRIVACY_NOTICE }</p>
            { checkbox(form, "privacy_consent".into(), "我已阅读并同意上述个人信息处理说明".into(),
                form.state.app.privacy_consent, form.on(Action::SetConsent)) }
        </fieldset>
    }
}
