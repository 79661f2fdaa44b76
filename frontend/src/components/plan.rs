//! The work plan (推进计划): fixed stages, or free rows that may say who is responsible and
//! which kinds of work each covers.

use shared::RowField;
use shared::program::{Column, PlanSpec};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::FieldInput;
use super::{add_button, aria, input_id, messages_html, remove_button};
use crate::hooks::form::Form;
use crate::state::Action;

fn cell(form: &Form, i: usize, field: RowField, label: String) -> Html {
    let path = field.path(i);
    let row = form.state.app.plan.get(i).cloned().unwrap_or_default();
    html! {
        <FieldInput path={path.clone()} label={label} kind={field.kind()} max_chars={field.max_chars()}
            required={true} value={field.get(&row).clone()} messages={form.messages(&path)}
            on_change={form.on(move |v| Action::SetRow(i, field, v))} on_blur={form.touch(path)} />
    }
}

/// The kinds of work row `i` covers, as a group of checkboxes.
fn covers(form: &Form, i: usize, kinds: &'static [&'static str], covers: &[String]) -> Html {
    let path = format!("plan.{i}.covers");
    let msgs = form.messages(&path);
    let group = input_id(&path);
    let (_, describedby) = aria(&group, &msgs);
    html! {
        <fieldset Class={if msgs.is_empty() { "pf-covers" } else { "pf-covers pf-field-error" }}
            id={group.clone()} tabindex="-1" aria-describedby={describedby}>
            <legend>{ "本行涵盖的工作" }</legend>
            { messages_html(&group, msgs) }
            { for kinds.iter().map(|&kind| {
                let id = input_id(&format!("{path}.{kind}"));
                let set = form.on(move |on| Action::SetCover(i, kind, on));
                let onchange = Callback::from(move |e: Event| {
                    let input = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
                    set.emit(input.is_some_and(|c| c.checked()));
                });
                html! {
                    <span class="pf-radio">
                        <input type="checkbox" id={id.clone()} name={path.clone()} value={kind}
                            checked={covers.iter().any(|k| k == kind)} {onchange} />
                        <label for={id}>{ kind }</label>
                    </span>
                }
            }) }
        </fieldset>
    }
}

fn stages(form: &Form, stages: &[shared::program::Stage]) -> Html {
    html! {
        { for stages.iter().enumerate().map(|(i, stage)| html! {
            <div class="pf-stage">
                <h3>{ stage.name }</h3>
                <p class="pf-hint">{ stage.hint }</p>
                <div class="pf-row">
                    { cell(form, i, RowField::Start, format!("{}开始年月", stage.name)) }
                    { cell(form, i, RowField::End, format!("{}结束年月", stage.name)) }
                </div>
                { cell(form, i, RowField::Content, format!("{}工作内容", stage.name)) }
            </div>
        }) }
    }
}

fn rows(form: &Form, stage: bool, kinds: &'static [&'static str], responsible: Column) -> Html {
    let plan = &form.state.app.plan;
    // "Add another" moves focus to the new row's first field.
    let next = plan.len();
    let first = if stage {
        RowField::Stage.path(next)
    } else if !kinds.is_empty() {
        format!("plan.{next}.covers")
    } else {
        RowField::Start.path(next)
    };
    html! {
        <>
            if !kinds.is_empty() {
                <p class="pf-hint">{ format!("各行合起来应包括{}等工作；每行勾选它涵盖的工作。", kinds.join("、")) }</p>
            }
            { for plan.iter().enumerate().map(|(i, row)| html! {
                <div class="pf-stage">
                    <h3>{ format!("第 {} 行", i + 1) }</h3>
                    if stage {
                        { cell(form, i, RowField::Stage, "阶段".into()) }
                    }
                    if !kinds.is_empty() {
                        { covers(form, i, kinds, &row.covers) }
                    }
                    <div class="pf-row">
                        { cell(form, i, RowField::Start, "开始年月".into()) }
                        { cell(form, i, RowField::End, "结束年月".into()) }
                    </div>
                    { cell(form, i, RowField::Content, "阶段工作内容".into()) }
                    if responsible == Column::Required {
                        { cell(form, i, RowField::Responsible, "负责单位及参与单位".into()) }
                    } else if responsible == Column::Optional {
                        { cell(form, i, RowField::Responsible, "负责单位及参与单位（选填）".into()) }
                    }
                    { remove_button(form, format!("删除第 {} 行", i + 1), ("plan", Action::RemoveRow), i) }
                </div>
            }) }
            { add_button(form, "添加一行", ("plan", || Action::AddRow), "pf-add-plan-row", first,
                (next, form.program.limits.plan_rows)) }
        </>
    }
}

pub fn view(form: &Form) -> Html {
    let msgs = form.messages("plan");
    let body = match form.program.plan {
        PlanSpec::Stages { stages: list } => stages(form, list),
        PlanSpec::Rows {
            stage,
            kinds,
            responsible,
        } => rows(form, stage, kinds, responsible),
    };
    let id = input_id("plan");
    let (_, describedby) = aria(&id, &msgs);
    html! {
        <div class="pf-plan" id={id.clone()} tabindex="-1" role="group" aria-label="工作计划"
            aria-describedby={describedby}>
            { messages_html(&id, msgs) }
            { body }
        </div>
    }
}
