//! Which call the form answers, among the program's calls the server sent with its definition
//! (its clock decides which are open).

use std::rc::Rc;

use yew::prelude::*;

use crate::api::Call;
use crate::state::{Action, FormState};

/// The host's call if it names one, else the open one (listed first).
#[hook]
pub fn use_call(
    calls: Rc<Vec<Call>>,
    wanted: Option<AttrValue>,
    state: UseReducerHandle<FormState>,
) {
    use_effect_with(calls, move |calls| {
        match calls
            .iter()
            .find(|c| wanted.as_ref().is_none_or(|w| c.id == w.as_str()))
        {
            Some(call) => state.dispatch(Action::CallKnown(call.clone())),
            None => state.dispatch(Action::Failed("本项目目前没有开放的申报批次。".into())),
        }
    });
}
