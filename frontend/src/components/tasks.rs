//! Where the applicant stands in a long form: GOV.UK's task list in compact form. Each part of
//! the form, linked, with its state from the same live check as the messages beside the
//! fields: 未开始 while nothing in it was left or tried, 有错误 N 处 once it was (or a submit
//! was tried), 已完成 when the rules find nothing wrong in it. Sticky beside the form where
//! there is room, above it on a phone (app.css).

use shared::Severity;
use shared::program::{Item, Section};
use yew::prelude::*;

use super::go_to;
use crate::hooks::form::Form;

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

/// The part's state: its class and its words.
fn status(form: &Form, section: &Section) -> (&'static str, String) {
    let errors = form
        .live
        .iter()
        .filter(|i| i.severity() == Severity::Error && in_section(section, &i.path))
        .count();
    let state = &form.state;
    let started = state.show_all || state.touched.iter().any(|p| in_section(section, p));
    if errors == 0 {
        ("pf-task-done", "已完成".to_owned())
    } else if started {
        ("pf-task-errors", format!("有错误 {errors} 处"))
    } else {
        ("pf-task-todo", "未开始".to_owned())
    }
}

pub fn view(form: &Form, root: &web_sys::Element) -> Html {
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
                                onclick={go_to(root, target)}>{ section.title }</a>
                            <span id={said} ~className={class}>{ words }</span>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
