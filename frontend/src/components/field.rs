//! One labelled input with its inline messages. Long texts get a live character count; Chinese
//! input methods are left alone until their composition ends.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use shared::{Kind, Severity};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{aria, input_id, messages_html};

#[derive(Properties, PartialEq, Clone)]
pub struct FieldProps {
    pub path: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: AttrValue,
    pub kind: Kind,
    pub max_chars: usize,
    pub required: bool,
    pub value: AttrValue,
    /// Messages to show now, with their severity.
    pub messages: Vec<(Severity, String)>,
    /// `(value, label)` pairs for a choice.
    #[prop_or_default]
    pub options: Vec<(AttrValue, AttrValue)>,
    /// The options are suggestions: a text input offers them, and takes any text.
    #[prop_or_default]
    pub suggest: bool,
    pub on_change: Callback<String>,
    pub on_blur: Callback<()>,
}

/// The current value of whichever form control raised the event.
fn control_value(target: Option<web_sys::EventTarget>) -> Option<String> {
    let target = target?;
    if let Some(i) = target.dyn_ref::<HtmlInputElement>() {
        return Some(i.value());
    }
    if let Some(t) = target.dyn_ref::<HtmlTextAreaElement>() {
        return Some(t.value());
    }
    target.dyn_ref::<HtmlSelectElement>().map(|s| s.value())
}

/// Whether an input method is composing in the control at `node`: true between
/// compositionstart and compositionend, when the text is not the applicant's yet, so it is
/// neither stored nor checked (which would also re-render and break the IME). yew has no
/// composition listeners, so they are attached to the element directly; compositionend hands
/// the finished text to `on_change`.
#[hook]
fn use_composing(node: &NodeRef, on_change: &Callback<String>) -> Rc<RefCell<bool>> {
    let composing = use_mut_ref(|| false);
    let latest_change = use_mut_ref(|| on_change.clone());
    *latest_change.borrow_mut() = on_change.clone();
    {
        let composing = composing.clone();
        use_effect_with(node.clone(), move |node| {
            let listeners = node.cast::<web_sys::Element>().map(|el| {
                let started = composing.clone();
                let start = EventListener::new(&el, "compositionstart", move |_| {
                    *started.borrow_mut() = true
                });
                let end = EventListener::new(&el, "compositionend", move |e| {
                    *composing.borrow_mut() = false;
                    if let Some(v) = control_value(e.target()) {
                        latest_change.borrow().emit(v);
                    }
                });
                (start, end)
            });
            move || drop(listeners)
        });
    }
    composing
}

/// 是 / 否 as two radios.
fn yes_no(
    p: &FieldProps,
    id: &str,
    invalid: Option<&'static str>,
    describedby: Option<String>,
) -> Html {
    let radio = |value: &'static str, label: &'static str, rid: String| {
        let cb = p.on_change.clone();
        let onchange = Callback::from(move |_: Event| cb.emit(value.to_owned()));
        html! {
            <span class="pf-radio">
                <input type="radio" id={rid.clone()} name={p.path.clone()} value={value}
                    checked={p.value == value} {onchange} aria-invalid={invalid} />
                <label for={rid}>{ label }</label>
            </span>
        }
    };
    html! {
        <div class="pf-radios" aria-describedby={describedby}>
            { radio("true", "是", id.to_owned()) }
            { radio("false", "否", format!("{id}-no")) }
        </div>
    }
}

/// A consent field: one box, 同意.
fn consent(
    p: &FieldProps,
    id: &str,
    invalid: Option<&'static str>,
    describedby: Option<String>,
) -> Html {
    let cb = p.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        let checked = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|i| i.checked());
        cb.emit(checked.to_string());
    });
    html! {
        <div class="pf-check">
            <input type="checkbox" id={id.to_owned()} name={p.path.clone()} value="true"
                checked={p.value == "true"} {onchange} aria-invalid={invalid}
                aria-describedby={describedby} />
            <label for={id.to_owned()}>{ "同意" }</label>
        </div>
    }
}

/// The live character count under a long text.
fn counter(value: &str, max: usize) -> Html {
    let used = shared::text::char_count(value);
    let over = used > max;
    let text = if over {
        format!("已超出 {} 字", used - max)
    } else {
        format!("还可输入 {} 字", max - used)
    };
    html! {
        <div Class={if over { "pf-count pf-count-over" } else { "pf-count" }} aria-live="polite">
            { text }
        </div>
    }
}

#[function_component(FieldInput)]
pub fn field_input(p: &FieldProps) -> Html {
    let node = use_node_ref();
    let composing = use_composing(&node, &p.on_change);
    let id = input_id(&p.path);
    let has_error = p.messages.iter().any(|(s, _)| *s == Severity::Error);

    let oninput = {
        let (composing, cb) = (composing.clone(), p.on_change.clone());
        Callback::from(move |e: InputEvent| {
            if *composing.borrow() || e.is_composing() {
                return;
            }
            if let Some(v) = control_value(e.target()) {
                cb.emit(v);
            }
        })
    };
    // Leaving a field the applicant has not filled in says nothing yet: moving through the form
    // (Tab, or focus moved into a row just added) must not raise "请填写此项" everywhere, and an
    // error appearing above the control being clicked would move it away from the pointer.
    // Empty required fields are reported by the submit.
    let onblur = {
        let cb = p.on_blur.clone();
        Callback::from(move |e: FocusEvent| {
            if control_value(e.target()).is_some_and(|v| !v.trim().is_empty()) {
                cb.emit(());
            }
        })
    };
    // `change` also covers edits that raise no `input` event (autofill in some browsers, a
    // WebDriver clear); without it the next render would put the old value back.
    let onchange = {
        let cb = p.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = control_value(e.target()) {
                cb.emit(v);
            }
        })
    };

    let (invalid, describedby) = aria(&id, &p.messages);
    let class = if has_error {
        "pf-input pf-input-error"
    } else {
        "pf-input"
    };
    // Examples are today's, as the rules' messages give them (never a day ahead). (The day
    // is read here rather than given through a context: a context provider cost 2.0 kB br.)
    let today = crate::hooks::form::today();
    let (input_type, inputmode, placeholder) = match p.kind {
        Kind::Phone | Kind::Mobile => ("tel", None, None),
        Kind::Email => ("email", Some("email"), None),
        Kind::Month => (
            "text",
            Some("numeric"),
            Some(format!("例如 {}", today.year_month())),
        ),
        Kind::Date => ("text", Some("numeric"), Some(format!("例如 {today}"))),
        Kind::Count => ("text", Some("numeric"), None),
        _ => ("text", None, None),
    };
    let control = match p.kind {
        Kind::YesNo => yes_no(p, &id, invalid, describedby.clone()),
        Kind::Consent => consent(p, &id, invalid, describedby.clone()),
        Kind::Text => html! {
            <textarea id={id.clone()} name={p.path.clone()} Class={class} rows="6"
                value={p.value.clone()} aria-invalid={invalid} aria-describedby={describedby}
                ref={node.clone()} {oninput} onchange={onchange.clone()} {onblur} />
        },
        Kind::Choice if p.suggest => {
            let list = format!("{id}-suggestions");
            html! {
                <>
                    <input id={id.clone()} name={p.path.clone()} Class={class} type="text"
                        list={list.clone()} value={p.value.clone()} aria-invalid={invalid}
                        aria-describedby={describedby} ref={node.clone()} {oninput}
                        onchange={onchange.clone()} {onblur} />
                    <datalist id={list}>
                        { for p.options.iter().map(|(v, l)| html! {
                            <option value={v.clone()}>{ l.clone() }</option>
                        }) }
                    </datalist>
                </>
            }
        }
        Kind::Choice => html! {
            <select id={id.clone()} name={p.path.clone()} Class={class}
                aria-invalid={invalid} aria-describedby={describedby} {onchange} {onblur}>
                <option value="" selected={p.value.is_empty()}>{"请选择"}</option>
                { for p.options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == p.value}>{ l.clone() }</option>
                }) }
            </select>
        },
        _ => html! {
            <input id={id.clone()} name={p.path.clone()} Class={class} type={input_type}
                inputmode={inputmode} placeholder={placeholder} value={p.value.clone()}
                aria-invalid={invalid} aria-describedby={describedby}
                ref={node.clone()} {oninput} onchange={onchange.clone()} {onblur} />
        },
    };
    let counter = (p.kind == Kind::Text).then(|| counter(&p.value, p.max_chars));

    html! {
        <div Class={if has_error { "pf-field pf-field-error" } else { "pf-field" }}>
            <label for={id.clone()}>
                { p.label.clone() }
                if !p.required { <span class="pf-optional">{"（选填）"}</span> }
            </label>
            if !p.hint.is_empty() { <div class="pf-hint">{ p.hint.clone() }</div> }
            { messages_html(&id, p.messages.clone()) }
            { control }
            { counter }
        </div>
    }
}
