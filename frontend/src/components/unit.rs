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
    let options: Vec<(AttrValue, AttrValue)> = call
        .units
        .iter()
        .map(|u| (AttrValue::from(u.clone()), AttrValue::from(u.clone())))
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
