//! The application form: a program picker on the standalone page (a fixed program when
//! embedded), then the program's form, its check page as the official 申请书, and the receipt.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::{self, Loaded};
use crate::components::check::{self, CheckProps};
use crate::components::summary;
use crate::components::{self, declarations, draft, header, plain, receipt, section, tasks};
use crate::hooks::cell::use_cell;
use crate::hooks::draft::use_drafts;
use crate::hooks::form::{Form, use_form};
use crate::hooks::host::{Host, use_focus, use_host_events};
use crate::hooks::submit::submit;
use crate::model::{Call, Typed};
use crate::state::{Action, FormState, Phase};

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Fixed by the embedding page; `None` shows the program picker.
    pub program: Option<AttrValue>,
    /// The call the embedding page names (`data-call`), if any.
    pub call: Option<AttrValue>,
    pub api_base: AttrValue,
    pub host: Host,
    /// The first program's definition and calls, read before the form renders.
    pub loaded: Rc<Loaded>,
    /// Where the server's page starts the first program's form (see `crate::ssr`).
    pub start: Option<Rc<FormState>>,
    /// The form's proof that it is this server's page (see `pf-token` in the backend's
    /// `plain`), posted where the browser says nothing of where a post comes from.
    pub token: AttrValue,
    /// What was typed into the server's page before the browser took it over, put back once it
    /// has (see [`crate::mount`]).
    pub typed: Option<Rc<Typed>>,
}

#[function_component(App)]
pub fn app(p: &AppProps) -> Html {
    let shown = use_cell(|| p.loaded.clone());
    // While another program's form loads, the one shown goes (nothing typed into it would be
    // kept); if it cannot be loaded, why, and the one shown comes back.
    let loading = use_cell(|| false);
    let failed = use_cell(|| None::<String>);
    let loaded = shown.get();
    let picker = p.program.is_none().then(|| {
        let (shown, failing, waiting) = (shown.clone(), failed.clone(), loading.clone());
        let api_base = p.api_base.clone();
        let onchange = Callback::from(move |e: Event| {
            let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else {
                return;
            };
            let (shown, failed, loading) = (shown.clone(), failing.clone(), waiting.clone());
            let api_base = api_base.clone();
            loading.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::form(&api_base, &select.value()).await {
                    Ok(next) => {
                        failed.set(None);
                        shown.set(Rc::new(next));
                    }
                    Err(message) => {
                        select.set_value(shown.get().program);
                        failed.set(Some(message));
                    }
                }
                loading.set(false);
            });
        });
        html! {
            // A form asking for the page of the program chosen, where no script runs.
            <form class="pf-field pf-picker" method="get" action={format!("{}/", p.api_base.trim_end_matches('/'))}>
                <label for="pf-program">{ "申报项目" }</label>
                <select id="pf-program" name="program" class="pf-input" {onchange}>
                    { for loaded.programs.iter().map(|(id, title)| html! {
                        <option value={id.clone()} selected={id == loaded.program}>{ title.clone() }</option>
                    }) }
                </select>
                <button type="submit" class="pf-secondary pf-nojs">{ "打开申报表" }</button>
                if let Some(message) = failed.get() {
                    <p class="pf-alert" role="alert">{ message }</p>
                }
            </form>
        }
    });
    if loading.get() {
        return html! {
            <>
                { for picker }
                <p class="pf-loading" role="status">{ "正在加载申报表……" }</p>
            </>
        };
    }
    html! {
        <>
            { for picker }
            <ProgramForm key={loaded.program} program={loaded.program} calls={loaded.calls.clone()}
                call={p.call.clone()} api_base={p.api_base.clone()} host={p.host.clone()} token={p.token.clone()}
                start={p.start.clone().filter(|_| loaded.program == p.loaded.program)}
                typed={p.typed.clone().filter(|_| loaded.program == p.loaded.program)} />
        </>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct FormProps {
    program: &'static str,
    calls: Rc<Vec<Call>>,
    call: Option<AttrValue>,
    api_base: AttrValue,
    host: Host,
    token: AttrValue,
    start: Option<Rc<FormState>>,
    typed: Option<Rc<Typed>>,
}

fn alert(form: &Form) -> Html {
    html! {
        if let Some(alert) = &form.state.alert {
            <div class="pf-alert" role="alert">{ alert.clone() }</div>
        }
    }
}

/// Keeps the receipt number and time in this browser once the server has stored the
/// application (never the secret: the receipt's box does that), so that coming back says it
/// was submitted instead of showing an empty form as if nothing had been. A correction keeps
/// the secret an earlier visit was asked to keep.
#[hook]
fn use_kept_receipt(program: &'static str, phase: &Phase) {
    let done = match phase {
        Phase::Done(r) => Some((r.receipt.clone(), receipt::when(r))),
        _ => None,
    };
    use_effect_with(done, move |done| {
        if let Some((receipt, at)) = done {
            let secret = crate::kept::read(program)
                .filter(|k| k.receipt == *receipt)
                .and_then(|k| k.secret);
            let (receipt, at) = (receipt.clone(), at.clone());
            crate::kept::write(
                program,
                &crate::kept::Kept {
                    receipt,
                    at,
                    secret,
                },
            );
        }
    });
}

/// While the submitted 申请书 is shown to print, a page rule heads every printed page with its
/// 回执编号: page margin boxes are what Chromium repeats on each page without covering the text.
/// The rule is a constructed style sheet adopted by the host document: a rule in the form's
/// shadow root does not reach the page, and a `<style>` element would be refused by the
/// pages' `style-src 'self'`. Taken out again when the 申请书 is left. (Through `Reflect`:
/// web-sys's style sheet bindings would add to the wasm.)
#[hook]
fn use_page_head(receipt: Option<String>) {
    use js_sys::{Array, Function, Reflect};
    use wasm_bindgen::JsValue;
    use_effect_with(receipt, move |receipt| {
        let sheets = JsValue::from_str("adoptedStyleSheets");
        let document = web_sys::window().and_then(|w| w.document());
        let adopt = |receipt: &String| -> Option<JsValue> {
            let document = document.as_ref()?;
            let rule = print_rule(receipt);
            let class = Reflect::get(&js_sys::global(), &"CSSStyleSheet".into()).ok()?;
            let sheet = Reflect::construct(class.dyn_ref::<Function>()?, &Array::new()).ok()?;
            let replace = Reflect::get(&sheet, &"replaceSync".into()).ok()?;
            replace
                .dyn_ref::<Function>()?
                .call1(&sheet, &rule.into())
                .ok()?;
            let adopted = Array::from(&Reflect::get(document, &sheets).ok()?);
            adopted.push(&sheet);
            Reflect::set(document, &sheets, &adopted).ok()?;
            Some(sheet)
        };
        let sheet = receipt.as_ref().and_then(adopt);
        move || {
            if let (Some(sheet), Some(document)) = (sheet, document)
                && let Ok(adopted) = Reflect::get(&document, &sheets)
            {
                let kept = Array::from(&adopted).filter(&mut |s, _, _| s != sheet);
                let _ = Reflect::set(&document, &sheets, &kept);
            }
        }
    });
}

/// The print rule that heads every printed page of the submitted 申请书 with its 回执编号: the
/// browser adopts it (`use_page_head`); a page answering a post without script carries it in
/// its head (the backend's `plain`).
pub fn print_rule(receipt: &str) -> String {
    // Receipts are letters, digits and hyphens; nothing else reaches the rule.
    let receipt: String = receipt
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!(
        "@media print{{@page{{size:A4;margin:20mm;@top-right{{content:\"回执编号：{receipt}\";font-size:10pt}}}}}}"
    )
}

#[function_component(ProgramForm)]
fn program_form(p: &FormProps) -> Html {
    let program = crate::program::find(p.program).expect("read before the form renders");
    let form = use_form(program, &p.calls, p.call.as_deref(), p.start.as_ref());
    let state = &form.state;
    {
        let (state, typed) = (state.clone(), p.typed.clone());
        use_effect_with((), move |()| {
            if let Some(t) = typed {
                let Typed { posted, left } = &*t;
                state.dispatch(Action::Restore(Box::new((
                    posted.application.clone(),
                    posted.typed.clone(),
                ))));
                for path in left {
                    state.dispatch(Action::Touch(path.clone()));
                }
            }
        });
    }
    use_focus(&p.host, &state.focus);
    use_host_events(&p.host, state, form.errors());
    let key = format!(
        "pilot-draft:{}:{}",
        program.id,
        p.call.as_deref().unwrap_or("")
    );
    let drafts = use_drafts(&form, key, &p.host);

    // What an earlier visit submitted from this browser, read once the form is shown (its
    // first render is the server's page, which knows nothing of this browser).
    let kept = use_cell(|| None);
    {
        let kept = kept.clone();
        use_effect_with(program.id, move |id| {
            if let Some(found) = crate::kept::read(id) {
                kept.set(Some(found));
            }
        });
    }
    let kept = kept.get();
    use_kept_receipt(program.id, &state.phase);
    use_page_head(match (&state.phase, state.paper) {
        (Phase::Done(r), true) => Some(r.receipt.clone()),
        _ => None,
    });
    // Where the form posts when no script takes the submit (see the backend's `plain`).
    // The answer to a refused post opens at its error summary.
    let action = format!(
        "{}/embed/{}#pf-summary",
        p.api_base.trim_end_matches('/'),
        program.id
    );
    if let Phase::Done(receipt) = &state.phase {
        let hand_in = header::hand_in(program, state.call.as_ref());
        if state.paper {
            let document = shared::document::build(program, &form.checked.application);
            let back = form.on(|_: MouseEvent| Action::Paper(false));
            return plain::paper(
                &form,
                check::paper(&document, &receipt.receipt, hand_in, back),
            );
        }
        let call = state.call.as_ref().map_or("", |c| c.title.as_str());
        let page = receipt::view(
            receipt,
            receipt::ReceiptProps {
                program,
                call,
                hand_in: &hand_in,
                on_paper: form.on(|_: MouseEvent| Action::Paper(true)),
            },
        );
        return plain::receipt(&form, &action, &p.token, receipt, page);
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
        let page = check::view(
            &shared::document::build(program, &form.checked.application),
            CheckProps {
                hand_in: header::hand_in(program, state.call.as_ref()),
                submitting,
                on_change,
                on_confirm: submit.send,
            },
        );
        return html! {
            <div class="pf-form-wrap" data-program={program.id}>
                { alert(&form) }
                { plain::check(&form, &action, &p.token, page) }
            </div>
        };
    }

    let summary = summary::entries(&form);
    html! {
        <div class="pf-form-wrap" data-program={program.id}>
            { header::view(program, state.call.as_ref(), &state.app) }
            if let Some(kept) = kept.as_ref() {
                { components::correct::kept(&form, &p.api_base, kept) }
            }
            if let Some(offered) = &drafts.offer {
                { draft::offer(&drafts, offered) }
            } else {
                { draft::bar(&drafts) }
                { components::correct::view(&form, &p.api_base) }
                { alert(&form) }
                if !summary.is_empty() {
                    { summary::view(&summary, &p.host) }
                }
                <div class="pf-body">
                    { tasks::view(&form, &p.host) }
                    <form class="pf-form" method="post" enctype="multipart/form-data" action={action}
                        novalidate=true onsubmit={submit.onsubmit}>
                        // Enter in a field presses the form's first submit button: this one,
                        // not a row's 删除 further down (those are submit buttons too).
                        <button type="submit" class="pf-visually-hidden" tabindex="-1" aria-hidden="true">{ "核对申请书" }</button>
                        // Named as the application's JSON is (see `shared::posted`).
                        <input type="hidden" name="program" value={program.id} />
                        <input type="hidden" name="call" value={state.app.call.clone()} />
                        if !p.token.is_empty() {
                            <input type="hidden" name="pf-token" value={p.token.clone()} />
                        }
                        { components::unit::view(&form) }
                        { for program.sections.iter().enumerate().map(|(i, s)| section::view(&form, i, s)) }
                        { declarations::consent(&form) }
                        <button type="submit" class="pf-submit" disabled={submitting || closed}>
                            { if closed { "本批次已截止" } else { "核对申请书" } }
                        </button>
                    </form>
                </div>
            }
        </div>
    }
}
