//! The error summary shown on a submit that found errors: it takes focus, so a screen reader
//! announces it, and links to each field.

use yew::prelude::*;

use shared::program::{PlanSpec, Program};
use shared::{Lang, Severity};

use super::{go_to, input_id};
use crate::hooks::form::Form;
use crate::state::SUMMARY_ID;

/// The summary of `entries` (`(path, label, message)` for each error). A blocked submit moves
/// focus to it ([`SUMMARY_ID`], through the form's focus; see `Action::Blocked`). A function
/// rather than a component, which would add its own copy of yew's machinery to the wasm.
/// Fields are looked up inside `root`, the element the form is mounted in, which also works
/// inside a shadow root where `document.getElementById` does not.
pub fn view(entries: &[(String, String, String)], root: &web_sys::Element) -> Html {
    html! {
        // Announced by taking focus on each blocked submit, not as an alert: its list changes as
        // the applicant types, and an alert region would be read out again on every change.
        <div id={SUMMARY_ID} class="pf-summary" role="region" tabindex="-1" aria-labelledby="pf-summary-title">
            <h2 id="pf-summary-title">{ format!("有 {} 处需要修改", entries.len()) }</h2>
            <ul>
                { for entries.iter().map(|(path, label, message)| {
                    let id = input_id(path);
                    let onclick = go_to(root, id.clone());
                    html! {
                        <li><a href={format!("#{id}")} {onclick}>{ format!("{label}：{message}") }</a></li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// The name of the field at `path`, as the summary shows it.
pub fn label_for(program: &Program, path: &str) -> String {
    if let Some(spec) = program.fields().find(|s| s.field.path() == path) {
        return spec.label.to_owned();
    }
    let mut parts = path.split('.');
    let (a, b, c) = (parts.next(), parts.next(), parts.next());
    let n = |i: Option<&str>| i.and_then(|i| i.parse::<usize>().ok()).map_or(0, |i| i + 1);
    match (a, b, c) {
        (Some("plan"), Some(i), Some(key)) => {
            let what = match key {
                "stage" => "阶段",
                "covers" => "涵盖的工作",
                "start" => "开始年月",
                "end" => "结束年月",
                "content" => "工作内容",
                _ => "负责单位及参与单位",
            };
            match program.plan {
                PlanSpec::Stages { stages } => {
                    let stage = stages.get(n(Some(i)) - 1).map_or("推进计划", |s| s.name);
                    format!("{stage}{what}")
                }
                PlanSpec::Rows { .. } => format!("工作计划第 {} 行的{what}", n(Some(i))),
            }
        }
        (Some("plan"), None, _) => "工作计划".to_owned(),
        (Some("standards"), Some(i), Some(key)) => {
            let what = match key {
                "tier" => "标准层级",
                "number" => "标准编号",
                "title" => "标准名称",
                _ => "状态",
            };
            format!("第 {} 项标准的{what}", n(Some(i)))
        }
        (Some("units"), Some("participants"), i) => format!("第 {} 个参加单位", n(i)),
        (Some("units"), Some("receiving"), None) => "受理单位".to_owned(),
        (Some("declarations"), Some(key), None) => {
            let n = program.declarations.iter().position(|d| d.key == key);
            n.map_or_else(
                || "自我声明".to_owned(),
                |n| format!("自我声明第{}条", n + 1),
            )
        }
        (Some("attachments"), Some(key), None) => program
            .attachments
            .iter()
            .find(|a| a.key == key)
            .map_or_else(|| "附件".to_owned(), |a| a.label.to_owned()),
        (Some("privacy_consent"), ..) => "个人信息处理说明".to_owned(),
        (Some("call"), ..) => "申报批次".to_owned(),
        _ => path.to_owned(),
    }
}

/// What the summary lists once a submit was tried: the live rules' errors and the server's.
pub fn entries(form: &Form) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    if !form.state.show_all {
        return out;
    }
    for issue in form.live.iter().filter(|i| i.severity() == Severity::Error) {
        let label = label_for(form.program, &issue.path);
        out.push((issue.path.clone(), label, issue.message(Lang::ZhCn)));
    }
    for e in form.state.server.iter() {
        let listed = out.iter().any(|(p, _, m)| *p == e.path && *m == e.message);
        if e.severity == Severity::Error && !listed {
            let label = label_for(form.program, &e.path);
            out.push((e.path.clone(), label, e.message.clone()));
        }
    }
    out
}
