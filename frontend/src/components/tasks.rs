//! Where the applicant stands in a long form: GOV.UK's task list in compact form. Each part of
//! the form, linked, with its state from the same live check as the messages beside the
//! fields: 未开始 while nothing in it was left; 填写中 once something was; 有错误 N 处 counting
//! only the errors the applicant was shown (the fields they left, or every one once they asked
//! to check or submit); 已完成 when the rules find nothing wrong in it; 可选 for a part that
//! asks for nothing and was left alone. Sticky beside the form where there is room, above it on
//! a phone (app.css).

use shared::Severity;
use shared::program::{Item, Section};
use yew::prelude::*;

use super::go_to;
use crate::hooks::form::Form;
use crate::hooks::host::Host;

/// Whether the finding or the field at `path` belongs to `item` of a part.
fn holds(item: &Item, path: &str) -> bool {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    };
    match item {
        Item::Field(spec) => path == spec.field.path(),
        Item::Plan => under("plan"),
        Item::Declarations => under("declarations"),
        Item::Standards => under("standards"),
        Item::Participants => under("units.participants"),
        Item::Attachments => under("attachments"),
    }
}

fn in_section(section: &Section, path: &str) -> bool {
    section.items.iter().any(|item| holds(item, path))
}

/// Whether any field of a part has a value (a draft restored or an application reopened
/// fills parts the applicant has not touched in this visit).
fn filled(form: &Form, section: &Section) -> bool {
    let app = &form.state.app;
    section.items.iter().any(|item| match item {
        Item::Field(spec) => {
            spec.field.text(app).is_some_and(|t| !t.trim().is_empty())
                || spec.field.count(app).flatten().is_some()
        }
        _ => false,
    })
}

/// The part's state: its class and its words.
fn status(form: &Form, section: &Section) -> (&'static str, String) {
    let state = &form.state;
    let errors: Vec<&str> = form
        .live
        .iter()
        .filter(|i| i.severity() == Severity::Error && in_section(section, &i.path))
        .map(|i| i.path.as_str())
        .collect();
    let left = |path: &str| state.touched.iter().any(|p| p == path);
    let shown = if state.show_all {
        errors.len()
    } else {
        errors.iter().filter(|p| left(p)).count()
    };
    let started = state.show_all || state.touched.iter().any(|p| in_section(section, p));
    match (errors.len(), shown, started) {
        // Nothing wrong, nothing done: a part that asks for nothing.
        (0, _, false) if !filled(form, section) => ("pf-task-todo", "可选".to_owned()),
        (0, _, _) => ("pf-task-done", "已完成".to_owned()),
        (_, 0, true) => ("pf-task-todo", "填写中".to_owned()),
        (_, 0, false) => ("pf-task-todo", "未开始".to_owned()),
        (_, n, _) => ("pf-task-errors", format!("有错误 {n} 处")),
    }
}

pub fn view(form: &Form, host: &Host) -> Html {
    html! {
        <nav class="pf-tasks" aria-labelledby="pf-tasks-title">
            <h2 id="pf-tasks-title">{ "填写进度" }</h2>
            <ol>
                { for form.program.sections.iter().enumerate().map(|(i, section)| {
                    let (class, words) = status(form, section);
                    let target = format!("pf-section-{i}");
                    let said = format!("pf-task-{i}");
                    html! {
                        <li>
                            <a href={format!("#{target}")} aria-describedby={said.clone()}
                                onclick={go_to(host, target)}>{ section.title }</a>
                            <span id={said} Class={class}>{ words }</span>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
