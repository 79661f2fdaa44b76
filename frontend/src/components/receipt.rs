//! The receipt: what the applicant keeps once the server has stored the application.

use yew::prelude::*;

use crate::api::Receipt;

/// The receipt number, the time, the warnings the applicant saw, and what to do on paper.
pub fn view(r: &Receipt) -> Html {
    html! {
        <div class="pf-receipt" role="status" tabindex="-1">
            <h2>{ "申请已提交" }</h2>
            <p>{ "回执编号" }</p>
            <p class="pf-receipt-code" id="pf-receipt-code">{ r.receipt.clone() }</p>
            <p>{ format!("提交时间：{}", r.submitted_at) }</p>
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
