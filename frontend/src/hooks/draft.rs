//! Drafts in the applicant's browser: offered back on return, saved a moment after each change
//! (and when the page goes away), written to and opened from a file to move between computers,
//! forgotten once the application is stored. They never reach the server.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use shared::{Application, Field, Program};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::cell::use_cell;
use super::form::Form;
use super::host::Host;
use crate::draft::{self, Draft};
use crate::state::{Action, Phase};

/// How long typing must pause before the draft is written.
const PAUSE_MS: u32 = 800;

const NOT_KEPT: &str =
    "草稿未能保存在本浏览器（存储空间已满，或浏览器不允许网页保存数据）。请用“保存到文件”保存。";

/// The browser's `localStorage`; none where the form is rendered on the server.
pub fn storage() -> Option<web_sys::Storage> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.local_storage().ok().flatten()
}

/// What the draft bar and the offer show, and what their buttons do.
pub struct Drafts {
    /// A draft kept in this browser, offered before the form shows.
    pub offer: Option<Rc<Draft>>,
    /// When this browser last kept the draft.
    pub kept_at: Option<f64>,
    /// The outcome of the last restore or file action: `(is_error, words)`.
    pub message: Option<(bool, String)>,
    pub resume: Callback<()>,
    pub discard: Callback<()>,
    pub save_file: Callback<()>,
    pub open_file: Callback<web_sys::File>,
}

/// Answers not yet kept, and the content last kept (to write only what changed).
#[derive(Default)]
struct Pending {
    answers: Option<(Application, Vec<(Field, String)>)>,
    kept: String,
}

/// Keeps the pending answers under `key`; `Some(time)` once kept, `Err` if the browser refused.
fn keep(key: &str, pending: &RefCell<Pending>) -> Result<Option<f64>, ()> {
    let mut p = pending.borrow_mut();
    let Some((app, counts)) = p.answers.take() else {
        return Ok(None);
    };
    let content = draft::content(&app, &counts);
    if content == p.kept {
        return Ok(None);
    }
    let now = js_sys::Date::now();
    let stored = storage().map(|s| s.set_item(key, &draft::write(&app, &counts, now)));
    if stored.is_some_and(|r| r.is_ok()) {
        p.kept = content;
        Ok(Some(now))
    } else {
        Err(())
    }
}

/// The draft kept under `key` in this browser, if any, read for `program`. (Plain functions,
/// not `use_memo`: they are needed once, and each memo would add its own code to the wasm.)
fn kept(key: &str, program: &'static Program) -> Option<Result<Draft, String>> {
    let text = storage().and_then(|s| s.get_item(key).ok().flatten())?;
    Some(draft::read(&text, program))
}

/// The empty form's content: what is not worth keeping.
fn empty(program: &'static Program) -> String {
    let fresh = crate::state::FormState::new(program);
    draft::content(&fresh.app, &fresh.counts)
}

/// Offers the file to the applicant's browser to save.
fn download(root: Option<&web_sys::Element>, name: &str, json: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let parts = js_sys::Array::of1(&json.into());
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link = root
        .and_then(|r| r.owner_document())
        .ok_or(JsValue::NULL)?
        .create_element("a")?;
    link.set_attribute("href", &url)?;
    link.set_attribute("download", name)?;
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    // The browser reads the blob after this returns: let it go a while later.
    Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

#[hook]
pub fn use_drafts(form: &Form, key: String, host: &Host) -> Drafts {
    let program = form.program;
    let state = &form.state;
    let offer = use_cell(|| None::<Rc<Draft>>);
    let message = use_cell(|| None);
    let kept_at = use_cell(|| None);
    let pending = use_mut_ref(|| Pending {
        kept: empty(program),
        ..Pending::default()
    });
    let timer = use_mut_ref(|| None::<Timeout>);

    // What this browser kept, read once the form is shown (not in its first render, which must
    // be the server's page that it takes over): offered, or (if it cannot be read) explained.
    // Declared before the autosave, whose first run then sees the offer and keeps nothing.
    {
        let (key, offer, message, pending) =
            (key.clone(), offer.clone(), message.clone(), pending.clone());
        use_effect_with((), move |()| match kept(&key, program) {
            Some(Ok(d)) => {
                pending.borrow_mut().kept = draft::content(&d.app, &d.counts);
                offer.set(Some(Rc::new(d)));
            }
            // A kept draft this form cannot read (a newer form's, say) is set aside under a
            // key of its own before the autosave reuses the key, so that it is not lost.
            Some(Err(unreadable)) => {
                let aside = storage().and_then(|s| {
                    let text = s.get_item(&key).ok().flatten()?;
                    s.set_item(&format!("{key}:unreadable"), &text).ok()
                });
                let aside = if aside.is_some() {
                    "它已另存在本浏览器中，不会被覆盖。"
                } else {
                    ""
                };
                message.set(Some((
                    true,
                    format!("本浏览器中保存的草稿无法打开：{unreadable}{aside}"),
                )));
            }
            None => {}
        });
    }

    // Answers changed: keep them once typing pauses. Nothing is kept while a draft is offered
    // (it would overwrite it) or before the first change (an empty form is no draft). Once the
    // server has stored the application, the draft has served its purpose and goes.
    let offered = offer.get().is_some();
    let done = matches!(state.phase, Phase::Done(_));
    {
        let (key, pending, timer, kept_at, message, offer) = (
            key.clone(),
            pending.clone(),
            timer.clone(),
            kept_at.clone(),
            message.clone(),
            offer.clone(),
        );
        use_effect_with(
            (state.app.clone(), state.counts.clone(), offered, done),
            move |(app, counts, offered, done)| {
                if *done {
                    timer.borrow_mut().take();
                    pending.borrow_mut().answers = None;
                    if let Some(s) = storage() {
                        let _ = s.remove_item(&key);
                    }
                    return;
                }
                // The offer as it is now: read by the effect above in this same pass.
                if *offered || offer.get().is_some() {
                    return;
                }
                pending.borrow_mut().answers = Some((app.clone(), counts.clone()));
                let save = move || match keep(&key, &pending) {
                    Ok(Some(at)) => kept_at.set(Some(at)),
                    Ok(None) => {}
                    Err(()) => message.set(Some((true, NOT_KEPT.to_owned()))),
                };
                *timer.borrow_mut() = Some(Timeout::new(PAUSE_MS, save));
            },
        );
    }
    // Leaving the page keeps what the pause has not yet kept.
    {
        let (key, pending) = (key.clone(), pending.clone());
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "pagehide", move |_| {
                    let _ = keep(&key, &pending);
                })
            });
            move || drop(listener)
        });
    }

    let restore = {
        let (state, message, pending) = (state.clone(), message.clone(), pending.clone());
        move |d: &Draft, from: String| {
            pending.borrow_mut().kept = draft::content(&d.app, &d.counts);
            state.dispatch(Action::Restore(Box::new((d.app.clone(), d.counts.clone()))));
            let mut said = format!("已载入{from}（保存于 {}）。", draft::when(d.saved_at));
            for note in &d.notes {
                said.push_str(note);
            }
            message.set(Some((false, said)));
        }
    };
    let resume = {
        let (offer, restore) = (offer.clone(), restore.clone());
        Callback::from(move |()| {
            if let Some(d) = offer.get() {
                restore(&d, "本浏览器中的草稿".to_owned());
            }
            offer.set(None);
        })
    };
    let discard = {
        let (offer, key, pending) = (offer.clone(), key.clone(), pending.clone());
        Callback::from(move |()| {
            if let Some(s) = storage() {
                let _ = s.remove_item(&key);
            }
            pending.borrow_mut().kept = empty(program);
            offer.set(None);
        })
    };
    let save_file = {
        let (state, message, host) = (state.clone(), message.clone(), host.clone());
        Callback::from(move |()| {
            let now = js_sys::Date::now();
            let json = draft::write(&state.app, &state.counts, now);
            let stamp: String = draft::when(now)
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let name = format!("申报草稿-{}-{stamp}.json", program.id);
            message.set(Some(match download(host.root(), &name, &json) {
                Ok(()) => (
                    false,
                    format!("已生成草稿文件“{name}”，请在浏览器的下载中查看。附件不在草稿中。"),
                ),
                Err(_) => (true, "浏览器未能生成草稿文件。".to_owned()),
            }));
        })
    };
    let open_file = {
        let (message, restore) = (message.clone(), restore.clone());
        Callback::from(move |file: web_sys::File| {
            let (message, restore) = (message.clone(), restore.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                let text = text.ok().and_then(|t| t.as_string()).unwrap_or_default();
                match draft::read(&text, program) {
                    Ok(d) => restore(&d, format!("草稿文件“{}”", file.name())),
                    Err(why) => message.set(Some((true, why))),
                }
            });
        })
    };
    Drafts {
        offer: offer.get(),
        kept_at: kept_at.get(),
        message: message.get(),
        resume,
        discard,
        save_file,
        open_file,
    }
}
