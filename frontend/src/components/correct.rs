//! Correcting a submission before its call closes: the receipt and the secret from the receipt
//! page open it in the form; while it is open, a notice says what submitting will do.

use wasm_bindgen::JsCast;
use web_sys::{FormData, HtmlFormElement};
use yew::prelude::*;

use crate::api;
use crate::hooks::form::Form;
use crate::kept::Kept;
use crate::model::LookedUp;
use crate::state::Action;

/// Looks the submission up with its receipt and secret: its progress is shown, and, while it
/// may be corrected, a button opens it in the form.
fn look_up(form: &Form, api_base: &AttrValue, receipt: String, secret: String) {
    let (state, api_base, program) = (form.state.clone(), api_base.clone(), form.program);
    wasm_bindgen_futures::spawn_local(async move {
        state.dispatch(match api::own(&api_base, &receipt, &secret).await {
            // Another program's form could not show it, nor the server take it back.
            Ok((Some(app), _)) if app.program != program.id => {
                let title = crate::program::title(&app.program).unwrap_or(app.program);
                Action::Failed(format!("这份申请属于“{title}”，请在该项目的表格中修改。"))
            }
            Ok((app, progress)) => Action::Progress(Box::new(LookedUp { progress, app })),
            Err(message) => Action::Failed(message),
        });
    });
}

/// What this browser submitted before, with its progress one click away where the applicant
/// chose to keep the secret here, and a way to forget it.
pub fn kept(form: &Form, api_base: &AttrValue, kept: &Kept) -> Html {
    let Kept {
        receipt,
        at,
        secret,
        ..
    } = kept;
    let progress = secret.clone().map(|secret| {
        let (form, api_base, receipt) = (form.clone(), api_base.clone(), receipt.clone());
        Callback::from(move |_: MouseEvent| {
            look_up(&form, &api_base, receipt.clone(), secret.clone())
        })
    });
    let forget = {
        let program = form.program.id;
        Callback::from(move |e: MouseEvent| {
            crate::kept::forget(program);
            // Gone from the page at once, as from the browser.
            if let Some(banner) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|b| b.closest(".pf-kept-receipt").ok().flatten())
            {
                banner.remove();
            }
        })
    };
    let how = if progress.is_some() {
        "修改密码已保存在本浏览器。"
    } else {
        "查看办理进度或修改，请用下方“已经提交过？”。"
    };
    html! {
        <div class="pf-kept-receipt pf-notice" id="pf-kept-receipt">
            <p>{ format!("本浏览器已于{at}提交过回执编号为 {receipt} 的申请。{how}如需再申报另一个项目，可继续填写。") }</p>
            <p>
                if let Some(onclick) = progress {
                    <button type="button" id="pf-kept-progress" class="pf-secondary" {onclick}>{ "查看办理进度" }</button>
                    { " " }
                }
                <button type="button" id="pf-kept-forget" class="pf-link-button" onclick={forget}>{ "从本浏览器删除这条记录" }</button>
            </p>
        </div>
    }
}

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
    let looked_up = form.state.progress.as_ref().map(|l| {
        let c = &l.progress;
        let edit = l.app.clone().map(|app| {
            let c = c.clone();
            form.on(move |_: MouseEvent| Action::Correct(Box::new((app.clone(), c.clone()))))
        });
        html! {
            <div class="pf-correcting" id="pf-progress" role="status">
                <p><strong>{ format!("回执 {} 的申请（第 {} 版）", c.receipt, c.version) }</strong></p>
                <p id="pf-status">{ c.status.clone() }</p>
                { steps(c) }
                if let Some(onclick) = edit {
                    <p>{ "这份申请现在可以修改（申报截止前，或退回补正期间）。修改后重新提交，替换原来的申请。" }</p>
                    <button type="button" id="pf-progress-edit" class="pf-secondary" {onclick}>{ "修改申请" }</button>
                } else {
                    <p>{ "这份申请已不能在线修改（申报已截止或已作出决定）；如有疑问请联系受理单位。" }</p>
                }
            </div>
        }
    });
    let onsubmit = {
        let (form, api_base) = (form.clone(), api_base.clone());
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
            look_up(&form, &api_base, value("receipt"), value("secret"));
        })
    };
    let action = format!(
        "{}/embed/{}",
        api_base.trim_end_matches('/'),
        form.program.id
    );
    html! {
        <>
        { for looked_up }
        // Looked up by script only; posted (never in a URL) where none runs, and the
        // server's page then says so.
        <details class="pf-correct pf-js">
            <summary>{ "已经提交过？凭回执编号和修改密码查看办理进度，截止前（或退回补正期间）可修改申请" }</summary>
            <form class="pf-correct-form" method="post" {action} {onsubmit}>
                <div class="pf-field">
                    <label for="pf-correct-receipt">{ "回执编号" }</label>
                    <input id="pf-correct-receipt" name="receipt" class="pf-input" autocomplete="off" required=true />
                </div>
                <div class="pf-field">
                    <label for="pf-correct-secret">{ "修改密码" }</label>
                    <input id="pf-correct-secret" name="secret" class="pf-input" autocomplete="off" required=true />
                </div>
                <button type="submit" id="pf-correct-open" class="pf-secondary">{ "查看办理进度" }</button>
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
