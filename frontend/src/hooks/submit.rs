//! Submitting: the form first shows the application as the official 申请书; confirming there
//! sends it, with an `Idempotency-Key` that retries of the same attempt share.

use yew::prelude::*;

use super::form::Form;
use crate::api::{self, Failure};
use crate::state::{Action, Phase};

/// How many times a busy server's 503 is waited out before the applicant is asked to try later.
const BUSY_RETRIES: u32 = 5;

/// What submitting the form does, and what confirming on the check page does.
pub struct Submit {
    pub onsubmit: Callback<SubmitEvent>,
    pub send: Callback<()>,
}

pub fn submit(form: &Form, api_base: &AttrValue, closed: bool) -> Submit {
    let blocked = form.errors() > 0;
    let onsubmit = {
        let state = form.state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if closed {
                return;
            }
            if blocked {
                state.dispatch(Action::Blocked);
                return;
            }
            state.dispatch(Action::Check);
            state.dispatch(Action::Focus("pf-check".into()));
        })
    };
    let send = {
        let (state, checked, api_base) =
            (form.state.clone(), form.checked.clone(), api_base.clone());
        Callback::from(move |()| {
            // A call that closed meanwhile is the server's to say (409, with its deadline).
            if state.phase == Phase::Submitting || blocked {
                return;
            }
            // A retry after an unknown outcome goes with the same key, so the server cannot
            // store the application twice.
            let key = state.idempotency_key.clone().unwrap_or_else(|| {
                let random = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
                format!("{:x}-{random:x}", js_sys::Date::now() as u64)
            });
            state.dispatch(Action::Sending(key.clone()));
            let (files, correcting) = (state.files.clone(), state.correcting.clone());
            let (state, application, api_base) =
                (state.clone(), checked.application.clone(), api_base.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // A busy server (503) stored nothing: the form says so and sends the same
                // attempt again, with the same key, after the wait the server asked for.
                let mut waits = 0;
                let sent = loop {
                    let sent =
                        api::submit(&api_base, &application, &files, &key, correcting.as_ref())
                            .await;
                    match sent {
                        Err(Failure::Busy(seconds)) if waits < BUSY_RETRIES => {
                            waits += 1;
                            state.dispatch(Action::Waiting(format!(
                                "服务器繁忙，申请尚未保存，{seconds}秒后自动重新提交，请勿关闭页面……"
                            )));
                            api::sleep(seconds).await;
                        }
                        other => break other,
                    }
                };
                state.dispatch(match sent {
                    Ok(receipt) => Action::Stored(receipt),
                    Err(Failure::Rejected(errors)) => Action::Rejected(errors),
                    Err(Failure::Other(message)) => Action::Failed(message),
                    Err(Failure::Unknown(message)) => Action::Unknown(message),
                    Err(Failure::Busy(_)) => {
                        Action::Failed("服务器繁忙，申请未保存，请稍后再提交。".into())
                    }
                });
            });
        })
    };
    Submit { onsubmit, send }
}
