//! The receipt: what the applicant keeps once the server has stored the application, to print,
//! download or copy, with what happens next.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::kept::{self, Kept};
use crate::model::Receipt;

/// When it was stored, as a notice writes a time.
pub fn when(r: &Receipt) -> String {
    shared::progress::beijing(&r.submitted_at)
        .map_or_else(|| r.submitted_at.clone(), |b| shared::date::spoken(&b))
}

/// The receipt as plain text, for the download and for the browser to keep.
fn text(r: &Receipt, program: &str, call: &str, hand_in: &str) -> String {
    let mut out = format!(
        "标准化试点示范项目申报回执\r\n\r\n申报项目：{program}\r\n申报批次：{call}\r\n回执编号：{}\r\n提交时间：{}\r\n",
        r.receipt,
        when(r)
    );
    if let Some(secret) = &r.secret {
        out.push_str(&format!("修改密码：{secret}（请妥善保存，勿告诉他人）\r\n"));
    }
    out.push_str(&format!("\r\n{hand_in}\r\n{NEXT}\r\n"));
    out
}

/// What happens next, in one paragraph.
const NEXT: &str = "接下来：按通知要求打印申请书（每页已印回执编号），签章后连同附件报送受理单位。\
受理单位审核后逐级推荐，结果由决定单位公布。办理进度可在申报页面“已经提交过？”处凭回执编号和修改密码查询；\
退回补正、推荐和立项结果也会发送至申请书填写的联系邮箱（如本系统已开通邮件通知）。";

/// Copies `text` to the clipboard where the browser allows it (a secure page).
fn copy(text: String) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        // Through Reflect: web-sys's Navigator and Clipboard bindings would add to the wasm.
        let clipboard = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("navigator")).ok())
            .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
            .filter(|c| !c.is_undefined());
        if let Some(clipboard) = clipboard
            && let Ok(write) = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
            && let Ok(write) = write.dyn_into::<js_sys::Function>()
        {
            let _ = write.call1(&clipboard, &JsValue::from_str(&text));
        }
    })
}

/// Downloads `text` as `name`.
fn download(name: String, text: String) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        let parts = js_sys::Array::of1(&JsValue::from_str(&text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/plain;charset=utf-8");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        let link = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("a").ok());
        if let Some(link) = link {
            let _ = link.set_attribute("href", &url);
            let _ = link.set_attribute("download", &name);
            if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
                link.click();
            }
        }
    })
}

/// Keeps the secret in this browser beside the receipt while the box is ticked, and takes it out
/// when it is not.
fn keep_secret(program: &'static str, r: &Receipt, secret: &str) -> Callback<Event> {
    let kept = Kept {
        receipt: r.receipt.clone(),
        at: when(r),
        secret: Some(secret.to_owned()),
    };
    Callback::from(move |e: Event| {
        let on = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.checked());
        let secret = if on { kept.secret.clone() } else { None };
        kept::write(
            program,
            &Kept {
                secret,
                ..kept.clone()
            },
        );
    })
}

/// What the receipt page shows besides the receipt, and what its buttons do.
pub struct ReceiptProps<'a> {
    pub program: &'static shared::Program,
    /// The call's title.
    pub call: &'a str,
    /// How the paper goes in, in one sentence.
    pub hand_in: &'a str,
    /// To the submitted 申请书, to print.
    pub on_paper: Callback<MouseEvent>,
}

/// The receipt number, the time, the warnings the applicant saw, what happens next, and how to
/// keep it.
pub fn view(r: &Receipt, p: ReceiptProps) -> Html {
    let ReceiptProps {
        program,
        call,
        hand_in,
        on_paper,
    } = p;
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let name = format!("申报回执-{}.txt", r.receipt);
    let title = program.title;
    html! {
        <div class="pf-receipt" id="pf-receipt" role="status" tabindex="-1">
            <h2>{ if r.version > 1 { "修改已提交" } else { "申请已提交" } }</h2>
            <p>{ format!("申报项目：{title}") }</p>
            if !call.is_empty() {
                <p>{ format!("申报批次：{call}") }</p>
            }
            <p>{ "回执编号" }</p>
            <p class="pf-receipt-code" id="pf-receipt-code">{ r.receipt.clone() }</p>
            <p><button type="button" class="pf-secondary pf-noprint pf-js" onclick={copy(r.receipt.clone())}>{ "复制回执编号" }</button></p>
            <p id="pf-receipt-time">{ format!("提交时间：{}", when(r)) }</p>
            if let Some(secret) = &r.secret {
                <p>{ "修改密码（只显示这一次）" }</p>
                <p class="pf-receipt-code" id="pf-receipt-secret">{ secret.clone() }</p>
                <p><button type="button" class="pf-secondary pf-noprint pf-js" onclick={copy(secret.clone())}>{ "复制修改密码" }</button></p>
                <p>{ "请与回执编号一起妥善保存：申报截止前（或退回补正期间），可凭二者修改已提交的申请、查询办理进度。请勿告诉他人。" }</p>
                <div class="pf-check pf-noprint pf-js">
                    <input type="checkbox" id="pf-receipt-keep" onchange={keep_secret(program.id, r, secret)} />
                    <label for="pf-receipt-keep">{ "在本浏览器中保存修改密码，以后在此查看办理进度不必再输入（公用或他人的电脑请勿勾选）" }</label>
                </div>
            } else {
                <p>{ format!("这是修改后的第 {} 版，已替换原来的申请；回执编号和修改密码不变。", r.version) }</p>
            }
            if !r.warnings.is_empty() {
                <div class="pf-warnings">
                    <p>{ "请留意以下提示（不影响受理）：" }</p>
                    <ul>{ for r.warnings.iter().map(|w| html! { <li>{ w.message.clone() }</li> }) }</ul>
                </div>
            }
            <p>{ hand_in.to_owned() }</p>
            <p id="pf-receipt-next">{ NEXT }</p>
            <p class="pf-noprint pf-js">
                <button type="button" id="pf-receipt-print" onclick={print}>{ "打印回执" }</button>
                { " " }
                <button type="button" id="pf-receipt-download" class="pf-secondary" onclick={download(name, text(r, title, call, hand_in))}>{ "下载回执" }</button>
                { " " }
                <button type="button" id="pf-receipt-paper" class="pf-secondary" onclick={on_paper}>{ "打印申请书（每页印有回执编号）" }</button>
            </p>
        </div>
    }
}
