//! Which call the form answers: the server knows the calls and its clock decides.

use yew::prelude::*;

use crate::api;
use crate::state::{Action, FormState};

/// Asks the server once per program; the host's call if it names one, else the open one
/// (listed first).
#[hook]
pub fn use_call(
    program: &'static str,
    wanted: Option<AttrValue>,
    api_base: AttrValue,
    state: UseReducerHandle<FormState>,
) {
    use_effect_with(program, move |id| {
        let id = *id;
        wasm_bindgen_futures::spawn_local(async move {
            match api::calls(&api_base, id).await {
                Ok(calls) => match calls
                    .into_iter()
                    .find(|c| wanted.as_ref().is_none_or(|w| c.id == w.as_str()))
                {
                    Some(call) => state.dispatch(Action::CallKnown(call)),
                    None => state.dispatch(Action::Failed("本项目目前没有开放的申报批次。".into())),
                },
                Err(message) => state.dispatch(Action::Failed(message)),
            }
        });
    });
}
