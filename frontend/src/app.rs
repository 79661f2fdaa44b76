//! The application form: a program picker on the standalone page (a fixed program when
//! embedded), then the program's form, its check page as the official 申请书, and the receipt.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::check::CheckPage;
use crate::components::summary::{self, ErrorSummary};
use crate::components::{self, declarations, draft, header, receipt, section};
use crate::hooks::call::use_call;
use crate::hooks::draft::use_drafts;
use crate::hooks::form::{Form, use_form};
use crate::hooks::host::{use_focus, use_host_events};
use crate::hooks::submit::submit;
use crate::state::{Action, Phase};

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Fixed by the embedding page; `None` shows the program picker.
    pub program: Option<AttrValue>,
    /// The call the embedding page names (`data-call`), if any.
    pub call: Option<AttrValue>,
    pub api_base: AttrValue,
    pub root: web_sys::Element,
    /// Tells the host page about the form (see [`crate::mount`]).
    pub notify: js_sys::Function,
}

#[function_component(App)]
pub fn app(p: &AppProps) -> Html {
    let chosen = use_state(|| {
        p.program
            .as_ref()
            .map_or_else(|| shared::PROGRAMS[0].id.to_owned(), |id| id.to_string())
    });
    let Some(program) = shared::program::find(&chosen) else {
        return html! { <p class="pf-alert" role="alert">{ format!("没有此申报项目：{}", *chosen) }</p> };
    };
    let picker = p.program.is_none().then(|| {
        let chosen = chosen.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                chosen.set(select.value());
            }
        });
        html! {
            <div class="pf-field pf-picker">
                <label for="pf-program">{ "申报项目" }</label>
                <select id="pf-program" class="pf-input" {onchange}>
                    { for shared::PROGRAMS.iter().map(|prog| html! {
                        <option value={prog.id} selected={prog.id == program.id}>{ prog.title }</option>
                    }) }
                </select>
            </div>
        }
    });
    html! {
        <>
            { for picker }
            <ProgramForm key={program.id} program={program.id} call={p.call.clone()} api_base={p.api_base.clone()}
                root={p.root.clone()} notify={p.notify.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct FormProps {
    program: &'static str,
    call: Option<AttrValue>,
    api_base: AttrValue,
    root: web_sys::Element,
    notify: js_sys::Function,
}

fn alert(form: &Form) -> Html {
    html! {
        if let Some(alert) = &form.state.alert {
            <div class="pf-alert" role="alert">{ alert.clone() }</div>
        }
    }
}

#[function_component(ProgramForm)]
fn program_form(p: &FormProps) -> Html {
    let program = shared::program::find(p.program).expect("checked by App");
    let form = use_form(program);
    let state = &form.state;
    use_call(
        program.id,
        p.call.clone(),
        p.api_base.clone(),
        state.clone(),
    );
    use_focus(&p.root, &state.focus);
    use_host_events(&p.notify, state, form.errors());
    let key = format!(
        "pilot-draft:{}:{}",
        program.id,
        p.call.as_deref().unwrap_or("")
    );
    let drafts = use_drafts(&form, key, &p.root);

    if let Phase::Done(receipt) = &state.phase {
        return receipt::view(receipt);
    }
    let closed = state.call.as_ref().is_some_and(|c| c.state != "open");
    let submit = submit(&form, &p.api_base, closed);
    let submitting = state.phase == Phase::Submitting;

    if matches!(state.phase, Phase::Checking | Phase::Submitting) {
        // "Change" goes back to the form at that section.
        let on_change = form.on(move |title: String| {
            let at = program.sections.iter().position(|s| s.title == title);
            Action::Edit(format!("pf-section-{}", at.unwrap_or(0)))
        });
        return html! {
            <div class="pf-form-wrap">
                { alert(&form) }
                <CheckPage document={shared::document::build(program, &form.checked.application)}
                    hand_in={header::hand_in(program)} submitting={submitting}
                    on_change={on_change} on_confirm={submit.send} />
            </div>
        };
    }

    let summary = summary::entries(&form);
    html! {
        <div class="pf-form-wrap">
            { header::view(program, state.call.as_ref(), &state.app) }
            if let Some(offered) = &drafts.offer {
                { draft::offer(&drafts, offered) }
            } else {
                { draft::bar(&drafts) }
                { alert(&form) }
                if !summary.is_empty() {
                    <ErrorSummary entries={summary} attempts={state.attempts} root={p.root.clone()} />
                }
                <form class="pf-form" novalidate=true onsubmit={submit.onsubmit}>
                    { components::unit::view(&form) }
                    { for program.sections.iter().enumerate().map(|(i, s)| section::view(&form, i, s)) }
                    { declarations::consent(&form) }
                    <button type="submit" class="pf-submit" disabled={submitting || closed}>
                        { if closed { "本批次已截止" } else { "核对申请书" } }
                    </button>
                </form>
            }
        </div>
    }
}
