//! 受理单位: where the call names several receiving units, the applicant chooses the one that
//! receives the application (the server checks the same rule against its calls file).

use shared::Kind;
use yew::prelude::*;

use super::field::FieldInput;
use crate::hooks::form::Form;
use crate::state::Action;

pub const PATH: &str = "units.receiving";

pub fn view(form: &Form) -> Html {
    let Some(call) = form.state.call.as_ref().filter(|c| c.units.len() > 1) else {
        return Html::default();
    };
    // Where a 报送渠道 has units of its own, the channel chosen offers its units (and the one
    // chosen, so that a change of channel shows what the rule then says of it).
    let app = &form.state.app;
    let options: Vec<(AttrValue, AttrValue)> = call
        .units
        .iter()
        .filter(|u| {
            u.channel.as_ref().is_none_or(|only| {
                app.units.channel.is_empty()
                    || *only == app.units.channel
                    || u.name == app.units.receiving
            })
        })
        .map(|u| {
            (
                AttrValue::from(u.name.clone()),
                AttrValue::from(u.name.clone()),
            )
        })
        .collect();
    html! {
        <div class="pf-section">
            <FieldInput path={PATH} label="受理单位" hint="本批次由以下单位分别受理，请选择您所在地区或行业的受理单位。"
                kind={Kind::Choice} max_chars={shared::fields::limits::LINE} required={true}
                value={form.state.app.units.receiving.clone()} options={options}
                messages={form.messages(PATH)}
                on_change={form.on(Action::SetReceiving)} on_blur={form.touch(PATH.to_owned())} />
        </div>
    }
}
