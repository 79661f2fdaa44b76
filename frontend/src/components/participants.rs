//! The participating units (参加单位): one name per row, add another.

use shared::Kind;
use yew::prelude::*;

use super::field::FieldInput;
use super::{add_button, remove_button};
use crate::hooks::form::Form;
use crate::state::Action;

pub fn view(form: &Form) -> Html {
    let names = &form.state.app.units.participants;
    html! {
        <div class="pf-participants">
            <h3>{ "参加单位" }</h3>
            { for names.iter().enumerate().map(|(i, name)| {
                let path = format!("units.participants.{i}");
                html! {
                    <div class="pf-standard">
                        <FieldInput path={path.clone()} label={format!("第 {} 个参加单位名称", i + 1)}
                            kind={Kind::Line} max_chars={shared::fields::limits::LINE} required={true}
                            value={name.clone()} messages={form.messages(&path)}
                            on_change={form.on(move |v| Action::SetParticipant(i, v))}
                            on_blur={form.touch(path)} />
                        { remove_button(form, format!("删除第 {} 个", i + 1), ("units.participants", Action::RemoveParticipant), i) }
                    </div>
                }
            }) }
            { add_button(form, "添加参加单位", ("units.participants", || Action::AddParticipant), "pf-add-participant",
                format!("units.participants.{}", names.len()),
                (names.len(), form.program.limits.participants)) }
        </div>
    }
}
