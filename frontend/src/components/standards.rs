//! The standards list (标准体系表 / 标准明细表): one block per standard, add another.

use shared::fields::StandardField;
use shared::rules::standard_number::{STATUSES, Tier};
use yew::prelude::*;

use super::field::FieldInput;
use super::{add_button, remove_button};
use crate::hooks::form::Form;
use crate::state::Action;

type Options = Vec<(AttrValue, AttrValue)>;

fn cell(form: &Form, i: usize, field: StandardField, label: &str, options: Options) -> Html {
    let path = field.path(i);
    let value = form
        .state
        .app
        .standards
        .get(i)
        .map(|row| field.get(row).clone())
        .unwrap_or_default();
    html! {
        <FieldInput path={path.clone()} label={label.to_owned()} kind={field.kind()}
            max_chars={field.max_chars()} required={field != StandardField::Number}
            value={value} messages={form.messages(&path)} options={options}
            on_change={form.on(move |v| Action::SetStandard(i, field, v))} on_blur={form.touch(path)} />
    }
}

pub fn view(form: &Form) -> Html {
    let tiers: Options = Tier::ALL
        .iter()
        .map(|t| (t.key().into(), t.label().into()))
        .collect();
    let statuses: Options = STATUSES
        .iter()
        .map(|(v, l)| (AttrValue::from(*v), AttrValue::from(*l)))
        .collect();
    let count = form.state.app.standards.len();
    html! {
        <div class="pf-standards">
            <p class="pf-hint">{ "列出标准体系中的主要标准，含采用的国际标准和国外先进标准：现行有效的填写标准编号（如 GB/T 1.1-2020、ISO 9001:2015；等同采用的写两个编号，如 GB/T 19001-2016/ISO 9001:2015）；拟制定的可不填编号。" }</p>
            { for (0..count).map(|i| html! {
                <div class="pf-standard">
                    <h3>{ format!("第 {} 项标准", i + 1) }</h3>
                    <div class="pf-row">
                        { cell(form, i, StandardField::Tier, "标准层级", tiers.clone()) }
                        { cell(form, i, StandardField::Status, "状态", statuses.clone()) }
                    </div>
                    { cell(form, i, StandardField::Number, "标准编号", Vec::new()) }
                    { cell(form, i, StandardField::Title, "标准名称", Vec::new()) }
                    { remove_button(form, format!("删除第 {} 项", i + 1), ("standards", Action::RemoveStandard), i) }
                </div>
            }) }
            { add_button(form, "添加一项标准", ("standards", || Action::AddStandard), "pf-add-standard",
                StandardField::Tier.path(count), (count, form.program.limits.standards)) }
        </div>
    }
}
