//! The receipt: what the applicant keeps once the server has stored the application.

use yew::prelude::*;

use crate::model::Receipt;

/// The receipt number, the time, the warnings the applicant saw, and what to do on paper.
pub fn view(r: &Receipt) -> Html {
    html! {
        <div class="pf-receipt" role="status" tabindex="-1">
            <h2>{ if r.version > 1 { "修改已提交" } else { "申请已提交" } }</h2>
            <p>{ "回执编号" }</p>
            <p class="pf-receipt-code" id="pf-receipt-code">{ r.receipt.clone() }</p>
            <p>{ format!("提交时间：{}", r.submitted_at) }</p>
            if let Some(secret) = &r.secret {
                <p>{ "修改密码（只显示这一次）" }</p>
                <p class="pf-receipt-code" id="pf-receipt-secret">{ secret.clone() }</p>
                <p>{ "请与回执编号一起妥善保存：申报截止前，可凭二者修改已提交的申请。请勿告诉他人。" }</p>
            } else {
                <p>{ format!("这是修改后的第 {} 版，已替换原来的申请；回执编号和修改密码不变。", r.version) }</p>
            }
            if !r.warnings.is_empty() {
                <div class="pf-warnings">
                    <p>{ "请留意以下提示（不影响受理）：" }</p>
                    <ul>{ for r.warnings.iter().map(|w| html! { <li>{ w.message.clone() }</li> }) }</ul>
                </div>
            }
            <p>{ "请记下回执编号。按通知要求打印申请书、签章后报送受理单位时，请注明此编号。" }</p>
        </div>
    }
}
