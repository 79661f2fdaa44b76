//! What a message says of an event, in Chinese, as a notice writes it: the project, the
//! 回执编号, the unit, the reason and the deadline; never the secret, a reviewer or a note.

use crate::calls::Calls;
use crate::clock::{spoken, unix_of};
use crate::store::Due;

/// The subject and the body of the message for `due`.
pub fn of(due: &Due, calls: &Calls) -> (String, String) {
    let e = &due.event;
    let app = &due.data;
    let project = app["project"]["name"].as_str().unwrap_or_default();
    let applicant = app["applicant"]["name"].as_str().unwrap_or_default();
    let program = shared::programs::find(&due.program).map_or(due.program.as_str(), |p| p.title);
    let call = calls
        .find(&due.program, &due.call)
        .map_or(due.call.clone(), |c| c.title.clone());
    let headline = shared::progress::headline(&e.kind);
    let sentence = shared::progress::sentence(&e.kind, &e.unit, e.version);
    let subject = format!("【{program}】{headline}（回执编号 {}）", due.receipt);
    let mut body = format!(
        "{applicant}：\n\n您申报的“{project}”（{program}，{call}，回执编号 {}）{sentence}。\n",
        due.receipt
    );
    if let Some(when) = unix_of(&e.at) {
        body.push_str(&format!("时间：{}\n", spoken(when)));
    }
    if !e.reason.is_empty() {
        let label = if e.kind == "returned" {
            "退回理由"
        } else {
            "理由"
        };
        body.push_str(&format!("{label}：{}\n", e.reason));
    }
    if let Some(by) = unix_of(&e.correct_by) {
        body.push_str(&format!(
            "补正期限：{}前。请在此前凭回执编号和修改密码打开申报页面，修改后重新提交；逾期未补正的，本次申报不再办理。\n",
            spoken(by)
        ));
    }
    body.push_str(
        "\n办理进度可凭回执编号和修改密码在申报页面查询。\n此邮件由系统自动发送，请勿回复；如有疑问请联系受理单位。\n",
    );
    (subject, body)
}
