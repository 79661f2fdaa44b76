//! Correcting a submission before its call closes: the receipt and the secret from the receipt
//! page open it in the form; while it is open, a notice says what submitting will do.

use wasm_bindgen::JsCast;
use web_sys::{FormData, HtmlFormElement};
use yew::prelude::*;

use crate::api;
use crate::hooks::form::Form;
use crate::state::Action;

pub fn view(form: &Form, api_base: &AttrValue) -> Html {
    if let Some(c) = &form.state.correcting {
        return html! {
            <div class="pf-correcting" id="pf-correcting" role="status">
                <p><strong>{ format!("正在修改回执 {} 的申请（已提交第 {} 版）。", c.receipt, c.version) }</strong></p>
                <p id="pf-status">{ c.status.clone() }</p>
                { steps(c) }
                <p>{ "核对并提交后，修改后的申请替换原来的申请，回执编号和修改密码不变；未重新选择的附件沿用已提交的文件。" }</p>
            </div>
        };
    }
    let looked_up = form.state.progress.as_ref().map(|c| html! {
        <div class="pf-correcting" id="pf-progress" role="status">
            <p><strong>{ format!("回执 {} 的申请（第 {} 版）", c.receipt, c.version) }</strong></p>
            <p id="pf-status">{ c.status.clone() }</p>
            { steps(c) }
            <p>{ "这份申请已不能在线修改（申报已截止或已作出决定）；如有疑问请联系受理单位。" }</p>
        </div>
    });
    let onsubmit = {
        let (state, api_base, program) = (form.state.clone(), api_base.clone(), form.program);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let data = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
                .and_then(|f| FormData::new_with_form(&f).ok());
            let Some(data) = data else {
                return;
            };
            let value = |name: &str| data.get(name).as_string().unwrap_or_default();
            let (receipt, secret) = (value("receipt"), value("secret"));
            let (state, api_base) = (state.clone(), api_base.clone());
            wasm_bindgen_futures::spawn_local(async move {
                state.dispatch(match api::own(&api_base, &receipt, &secret).await {
                    // Another program's form could not show it, nor the server take it back.
                    Ok((Some(app), _)) if app.program != program.id => {
                        let title = crate::program::title(&app.program).unwrap_or(app.program);
                        Action::Failed(format!("这份申请属于“{title}”，请在该项目的表格中修改。"))
                    }
                    Ok((Some(app), correcting)) => Action::Correct(Box::new((app, correcting))),
                    Ok((None, looked_up)) => Action::Progress(Box::new(looked_up)),
                    Err(message) => Action::Failed(message),
                });
            });
        })
    };
    html! {
        <>
        { for looked_up }
        <details class="pf-correct">
            <summary>{ "已经提交过？凭回执编号和修改密码查看办理进度，截止前（或退回补正期间）可修改申请" }</summary>
            <form class="pf-correct-form" {onsubmit}>
                <div class="pf-field">
                    <label for="pf-correct-receipt">{ "回执编号" }</label>
                    <input id="pf-correct-receipt" name="receipt" class="pf-input" autocomplete="off" required=true />
                </div>
                <div class="pf-field">
                    <label for="pf-correct-secret">{ "修改密码" }</label>
                    <input id="pf-correct-secret" name="secret" class="pf-input" autocomplete="off" required=true />
                </div>
                <button type="submit" id="pf-correct-open" class="pf-secondary">{ "打开已提交的申请" }</button>
            </form>
        </details>
        </>
    }
}

/// The application's progress (办理进度) as a list, oldest first.
fn steps(c: &crate::model::Correcting) -> Html {
    if c.steps.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <p class="pf-progress-title">{ "办理进度" }</p>
            <ol class="pf-progress" id="pf-progress-steps">
                { for c.steps.iter().map(|s| html! {
                    <li><span class="pf-progress-at">{ s.at.clone() }</span>{ " " }{ s.text.clone() }</li>
                }) }
            </ol>
        </>
    }
}
