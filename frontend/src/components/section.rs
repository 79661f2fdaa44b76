//! One section of the form, in the program's order: its fields (those whose case holds) and its
//! tables.

use shared::program::{FieldSpec, Item, Section};
use shared::{Field, Kind};
use yew::prelude::*;

use super::field::FieldInput;
use super::{attachments, declarations, participants, plan, standards};
use crate::hooks::form::Form;
use crate::state::{Action, FormState};

/// The value a field's input shows: for a count, what was typed even if it is not a number.
fn shown(state: &FormState, field: Field) -> String {
    if let Some(text) = field.text(&state.app) {
        return text.clone();
    }
    if let Some(flag) = field.flag(&state.app) {
        return flag.map_or_else(String::new, |b| b.to_string());
    }
    let typed = state.counts.iter().find(|(f, _)| *f == field);
    typed.map_or_else(
        || {
            field
                .count(&state.app)
                .flatten()
                .map_or_else(String::new, |n| n.to_string())
        },
        |(_, raw)| raw.clone(),
    )
}

fn field(form: &Form, spec: &FieldSpec) -> Html {
    let field = spec.field;
    let path = field.path();
    let options: Vec<(AttrValue, AttrValue)> = form
        .program
        .options(field, &form.state.app)
        .into_iter()
        .map(|(v, l)| (v.into(), l.into()))
        .collect();
    // A choice with nothing to choose from is not asked (sub-areas wait for their domain).
    if field.kind() == Kind::Choice && options.is_empty() {
        return Html::default();
    }
    let on_change = form.on(move |v: String| match field.kind() {
        Kind::Count => Action::SetCount(field, v),
        Kind::YesNo | Kind::Consent => Action::SetFlag(field, v.parse().ok()),
        _ => Action::SetField(field, v),
    });
    let suggest = form.program.domains_suggested && matches!(field, Field::Domain | Field::SubArea);
    html! {
        <FieldInput path={path} label={spec.label} hint={spec.hint} kind={field.kind()}
            max_chars={field.max_chars()} required={spec.required} value={shown(&form.state, field)}
            messages={form.messages(path)} options={options} suggest={suggest} on_change={on_change}
            on_blur={form.touch(path.to_owned())} />
    }
}

pub fn view(form: &Form, i: usize, section: &Section) -> Html {
    html! {
        <fieldset class="pf-section" id={format!("pf-section-{i}")} tabindex="-1">
            <legend>{ section.title }</legend>
            { for section.items.iter().map(|item| match item {
                Item::Field(spec) if spec.applies(&form.state.app) => field(form, spec),
                Item::Field(_) => Html::default(),
                Item::Plan => plan::view(form),
                Item::Declarations => declarations::view(form),
                Item::Standards => standards::view(form),
                Item::Participants => participants::view(form),
                Item::Attachments => attachments::view(form),
            }) }
        </fieldset>
    }
}
