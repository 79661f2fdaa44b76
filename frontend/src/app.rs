//! The application form: a program picker on the standalone page (a fixed program when
//! embedded), then the program's sections from its definition, live checks from the shared rules,
//! the error summary, the consent notice, submission and the receipt.

use shared::fields::StandardField;
use shared::program::{Item, PlanSpec};
use shared::rules::attachments::{self, Given};
use shared::rules::standard_number::{STATUSES, Tier};
use shared::{Field, Kind, Lang, RowField, Severity};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{self, Failure};
use crate::components::check::CheckPage;
use crate::components::field::FieldInput;
use crate::components::receipt;
use crate::components::summary::{self, ErrorSummary};
use crate::components::{aria, input_id, messages_html};
use crate::state::{Action, FormState, Phase, Picked};

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

/// Tells the host page `name` with a detail object of these string or number fields.
fn notify(to: &js_sys::Function, name: &str, fields: &[(&str, wasm_bindgen::JsValue)]) {
    let detail = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&detail, &(*key).into(), value);
    }
    let _ = to.call2(&wasm_bindgen::JsValue::NULL, &name.into(), &detail);
}

/// Today in Asia/Shanghai, whatever the applicant's computer's time zone.
fn today() -> shared::Date {
    shared::Date::in_shanghai((js_sys::Date::now() / 1000.0) as i64)
}

const PRIVACY_NOTICE: &str = "本表中的个人信息（姓名、职务/职称、电话、手机、电子邮箱）仅用于本次标准化试点示范项目的申报受理、审核和联系，由受理申报的市场监督管理部门依法保存和处理，不用于其他目的，不向无关第三方提供。您可以向受理部门查询、更正这些信息。";

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

/// The value a field's input shows.
fn shown(state: &FormState, field: Field) -> String {
    if let Some(text) = field.text(&state.app) {
        return text.clone();
    }
    if let Some(flag) = field.flag(&state.app) {
        return flag.map_or_else(String::new, |b| b.to_string());
    }
    let typed = state
        .counts
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, raw)| raw.clone());
    typed.unwrap_or_else(|| {
        field
            .count(&state.app)
            .flatten()
            .map_or_else(String::new, |n| n.to_string())
    })
}

#[function_component(ProgramForm)]
fn program_form(p: &FormProps) -> Html {
    let program = shared::program::find(p.program).expect("checked by App");
    let state = use_reducer(|| FormState::new(program));
    let checked = use_memo(state.app.clone(), |app| shared::check(app, today()));

    // Which call this form answers: the server knows the calls and its clock decides.
    {
        let (state, api_base, wanted) = (state.clone(), p.api_base.clone(), p.call.clone());
        use_effect_with(program.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                match api::calls(&api_base, id).await {
                    // The host's call if it names one, else the open one (listed first).
                    Ok(calls) => match calls
                        .into_iter()
                        .find(|c| wanted.as_ref().is_none_or(|w| c.id == w.as_str()))
                    {
                        Some(call) => state.dispatch(Action::CallKnown(call)),
                        None => {
                            state.dispatch(Action::Failed("本项目目前没有开放的申报批次。".into()))
                        }
                    },
                    Err(message) => state.dispatch(Action::Failed(message)),
                }
            });
        });
    }

    {
        let root = p.root.clone();
        use_effect_with(state.focus.clone(), move |(serial, id)| {
            let found = (*serial > 0)
                .then(|| root.query_selector(&format!("#{id}")).ok().flatten())
                .flatten();
            if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        });
    }

    // The host page hears of a submission once, when it is stored.
    {
        let to = p.notify.clone();
        let done = match &state.phase {
            Phase::Done(r) => Some((r.receipt.clone(), r.submitted_at.clone())),
            _ => None,
        };
        use_effect_with(done, move |done| {
            if let Some((receipt, at)) = done {
                let fields = [("receipt", receipt.into()), ("submitted_at", at.into())];
                notify(&to, "submitted", &fields);
            }
        });
    }

    if let Phase::Done(receipt) = &state.phase {
        return receipt::view(receipt);
    }

    // The live findings: the shared rules' report; counts typed that are not numbers (which the
    // model cannot hold) as such rather than as missing; and the attachments.
    let live: Vec<shared::Issue> = {
        let mut issues = checked.report.issues.clone();
        for (field, raw) in &state.counts {
            if let Err(code) = shared::rules::formats::whole_number(raw) {
                issues.retain(|i| i.path != field.path());
                issues.push(shared::Issue::new(field.path(), code));
            }
        }
        let given: Vec<Given> = state
            .files
            .iter()
            .map(|(key, f)| Given {
                key,
                size: f.size,
                format: f.format,
            })
            .collect();
        issues.extend(attachments::check(program, &given));
        issues
    };

    // Messages at a path: the server's until the field is edited, then the live rules' once the
    // field has been left (or a submit was tried).
    let messages = |path: &str| -> Vec<(Severity, String)> {
        let mut out: Vec<(Severity, String)> = state
            .server
            .iter()
            .filter(|e| e.path == path)
            .map(|e| (e.severity, e.message.clone()))
            .collect();
        if state.visible(path) {
            for issue in live.iter().filter(|i| i.path == path) {
                let entry = (issue.severity(), issue.message(Lang::ZhCn));
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
        }
        out
    };
    let touch = |path: String| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Touch(path.clone())))
    };

    let field_html = |field: Field, label: &str, hint: &str, required: bool| -> Html {
        let path = field.path();
        let options: Vec<(AttrValue, AttrValue)> = program
            .options(field, &state.app)
            .into_iter()
            .map(|(v, l)| (v.into(), l.into()))
            .collect();
        // A choice with nothing to choose from is not asked (sub-areas wait for their domain).
        if field.kind() == Kind::Choice && options.is_empty() {
            return Html::default();
        }
        let on_change = {
            let state = state.clone();
            Callback::from(move |v: String| {
                state.dispatch(match field.kind() {
                    Kind::Count => Action::SetCount(field, v),
                    Kind::YesNo | Kind::Consent => Action::SetFlag(field, v.parse().ok()),
                    _ => Action::SetField(field, v),
                })
            })
        };
        html! {
            <FieldInput path={path} label={label.to_owned()} hint={hint.to_owned()} kind={field.kind()}
                max_chars={field.max_chars()} required={required} value={shown(&state, field)}
                messages={messages(path)} options={options} on_change={on_change}
                on_blur={touch(path.to_owned())} />
        }
    };

    let row_cell = |i: usize,
                    field: RowField,
                    label: String,
                    options: Vec<(AttrValue, AttrValue)>| {
        let path = field.path(i);
        let row = state.app.plan.get(i).cloned().unwrap_or_default();
        let on_change = {
            let state = state.clone();
            Callback::from(move |v: String| state.dispatch(Action::SetRow(i, field, v)))
        };
        let kind = if options.is_empty() {
            field.kind()
        } else {
            Kind::Choice
        };
        html! {
            <FieldInput path={path.clone()} label={label} kind={kind} max_chars={field.max_chars()}
                required={true} value={field.get(&row).clone()} messages={messages(&path)}
                options={options} on_change={on_change} on_blur={touch(path)} />
        }
    };

    let remove_button = |label: String, action: fn(usize) -> Action, i: usize| {
        let state = state.clone();
        let onclick = Callback::from(move |_: MouseEvent| state.dispatch(action(i)));
        html! { <button type="button" class="pf-link-button" {onclick}>{ label }</button> }
    };
    // "Add another": the new row's first field (`first`, a path) takes focus.
    let add_button = |label: &str, action: fn() -> Action, id: &str, first: String| {
        let state = state.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            state.dispatch(action());
            state.dispatch(Action::Focus(input_id(&first)));
        });
        html! { <button type="button" id={id.to_owned()} class="pf-secondary" {onclick}>{ label.to_owned() }</button> }
    };

    // The kinds of work a plan row covers, as a group of checkboxes.
    let covers_html = |i: usize, kinds: &'static [&'static str], covers: &[String]| -> Html {
        let path = format!("plan.{i}.covers");
        let msgs = messages(&path);
        let group = input_id(&path);
        let (_, describedby) = aria(&group, &msgs);
        html! {
            <fieldset class={classes!("pf-covers", (!msgs.is_empty()).then_some("pf-field-error"))}
                id={group.clone()} tabindex="-1" aria-describedby={describedby}>
                <legend>{ "本行涵盖的工作" }</legend>
                { messages_html(&group, msgs) }
                { for kinds.iter().map(|&kind| {
                    let id = input_id(&format!("{path}.{kind}"));
                    let state = state.clone();
                    let onchange = Callback::from(move |e: Event| {
                        let on = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|c| c.checked());
                        state.dispatch(Action::SetCover(i, kind, on));
                    });
                    html! {
                        <span class="pf-radio">
                            <input type="checkbox" id={id.clone()} checked={covers.iter().any(|k| k == kind)} {onchange} />
                            <label for={id}>{ kind }</label>
                        </span>
                    }
                }) }
            </fieldset>
        }
    };

    let plan_html = || -> Html {
        let plan_messages = messages("plan");
        let body = match program.plan {
            PlanSpec::Stages { stages } => html! {
                { for stages.iter().enumerate().map(|(i, stage)| html! {
                    <div class="pf-stage">
                        <h3>{ stage.name }</h3>
                        <p class="pf-hint">{ stage.hint }</p>
                        <div class="pf-row">
                            { row_cell(i, RowField::Start, format!("{}开始年月", stage.name), Vec::new()) }
                            { row_cell(i, RowField::End, format!("{}结束年月", stage.name), Vec::new()) }
                        </div>
                        { row_cell(i, RowField::Content, format!("{}工作内容", stage.name), Vec::new()) }
                    </div>
                }) }
            },
            PlanSpec::Rows {
                stage,
                kinds,
                responsible,
            } => {
                html! {
                    <>
                        if !kinds.is_empty() {
                            <p class="pf-hint">{ format!("各行合起来应包括{}等工作；每行勾选它涵盖的工作。", kinds.join("、")) }</p>
                        }
                        { for state.app.plan.iter().enumerate().map(|(i, row)| html! {
                            <div class="pf-stage">
                                <h3>{ format!("第 {} 行", i + 1) }</h3>
                                if stage {
                                    { row_cell(i, RowField::Stage, "阶段".into(), Vec::new()) }
                                }
                                if !kinds.is_empty() {
                                    { covers_html(i, kinds, &row.covers) }
                                }
                                <div class="pf-row">
                                    { row_cell(i, RowField::Start, "开始年月".into(), Vec::new()) }
                                    { row_cell(i, RowField::End, "结束年月".into(), Vec::new()) }
                                </div>
                                { row_cell(i, RowField::Content, "阶段工作内容".into(), Vec::new()) }
                                if responsible {
                                    { row_cell(i, RowField::Responsible, "负责单位及参与单位".into(), Vec::new()) }
                                }
                                { remove_button(format!("删除第 {} 行", i + 1), Action::RemoveRow, i) }
                            </div>
                        }) }
                        { add_button("添加一行", || Action::AddRow, "pf-add-plan-row", {
                            let i = state.app.plan.len();
                            if stage { RowField::Stage.path(i) }
                            else if !kinds.is_empty() { format!("plan.{i}.covers") }
                            else { RowField::Start.path(i) }
                        }) }
                    </>
                }
            }
        };
        let id = input_id("plan");
        let (_, describedby) = aria(&id, &plan_messages);
        html! {
            <div class="pf-plan" id={id.clone()} tabindex="-1" role="group" aria-label="工作计划"
                aria-describedby={describedby}>
                { messages_html(&id, plan_messages) }
                { body }
            </div>
        }
    };

    let standards_html = || -> Html {
        let tiers: Vec<(AttrValue, AttrValue)> = Tier::ALL
            .iter()
            .map(|t| (t.key().into(), t.label().into()))
            .collect();
        let statuses: Vec<(AttrValue, AttrValue)> = STATUSES
            .iter()
            .map(|(v, l)| (AttrValue::from(*v), AttrValue::from(*l)))
            .collect();
        html! {
            <div class="pf-standards">
                <p class="pf-hint">{ "列出标准体系中的主要标准：现行有效的填写标准编号；拟制定的可不填编号。" }</p>
                { for state.app.standards.iter().enumerate().map(|(i, row)| {
                    let cell = |field: StandardField, label: &str, options: Vec<(AttrValue, AttrValue)>| {
                        let path = field.path(i);
                        let on_change = {
                            let state = state.clone();
                            Callback::from(move |v: String| state.dispatch(Action::SetStandard(i, field, v)))
                        };
                        html! {
                            <FieldInput path={path.clone()} label={label.to_owned()} kind={field.kind()}
                                max_chars={field.max_chars()} required={field != StandardField::Number}
                                value={field.get(row).clone()} messages={messages(&path)} options={options}
                                on_change={on_change} on_blur={touch(path)} />
                        }
                    };
                    html! {
                        <div class="pf-standard">
                            <h3>{ format!("第 {} 项标准", i + 1) }</h3>
                            <div class="pf-row">
                                { cell(StandardField::Tier, "标准层级", tiers.clone()) }
                                { cell(StandardField::Status, "状态", statuses.clone()) }
                            </div>
                            { cell(StandardField::Number, "标准编号", Vec::new()) }
                            { cell(StandardField::Title, "标准名称", Vec::new()) }
                            { remove_button(format!("删除第 {} 项", i + 1), Action::RemoveStandard, i) }
                        </div>
                    }
                }) }
                { add_button("添加一项标准", || Action::AddStandard, "pf-add-standard",
                    StandardField::Tier.path(state.app.standards.len())) }
            </div>
        }
    };

    let participants_html = || -> Html {
        html! {
            <div class="pf-participants">
                <h3>{ "参加单位" }</h3>
                { for state.app.units.participants.iter().enumerate().map(|(i, name)| {
                    let path = format!("units.participants.{i}");
                    let on_change = {
                        let state = state.clone();
                        Callback::from(move |v: String| state.dispatch(Action::SetParticipant(i, v)))
                    };
                    html! {
                        <div class="pf-standard">
                            <FieldInput path={path.clone()} label={format!("第 {} 个参加单位名称", i + 1)}
                                kind={Kind::Line} max_chars={shared::fields::limits::LINE} required={true}
                                value={name.clone()} messages={messages(&path)} on_change={on_change}
                                on_blur={touch(path)} />
                            { remove_button(format!("删除第 {} 个", i + 1), Action::RemoveParticipant, i) }
                        </div>
                    }
                }) }
                { add_button("添加参加单位", || Action::AddParticipant, "pf-add-participant",
                    format!("units.participants.{}", state.app.units.participants.len())) }
            </div>
        }
    };

    let attachments_html = || -> Html {
        html! {
            <div class="pf-attachments">
                <p class="pf-hint">{ "PDF、DOCX、DOC、WPS 或 OFD 文件，每个不超过 20 MB；按文件内容识别格式。" }</p>
                { for program.attachments.iter().map(|a| {
                    let path = format!("attachments.{}", a.key);
                    let id = input_id(&path);
                    let key = a.key.to_owned();
                    let state = state.clone();
                    let onchange = Callback::from(move |e: Event| {
                        let input = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
                        let file = input.and_then(|i| i.files()).and_then(|list| list.get(0));
                        let (state, key) = (state.clone(), key.clone());
                        match file {
                            None => state.dispatch(Action::Attach(key, None)),
                            Some(file) => wasm_bindgen_futures::spawn_local(async move {
                                // The whole file, so the same content check as the server's runs.
                                let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                                let bytes = buffer.map(|b| js_sys::Uint8Array::new(&b).to_vec()).unwrap_or_default();
                                let picked = Picked { size: file.size() as usize, format: attachments::detect(&bytes), file };
                                state.dispatch(Action::Attach(key, Some(picked)));
                            }),
                        }
                    });
                    let msgs = messages(&path);
                    let (invalid, describedby) = aria(&id, &msgs);
                    html! {
                        <div class={classes!("pf-field", (!msgs.is_empty()).then_some("pf-field-error"))}>
                            <label for={id.clone()}>
                                { a.label }
                                if !a.required { <span class="pf-optional">{ "（选填）" }</span> }
                            </label>
                            { messages_html(&id, msgs) }
                            <input type="file" id={id} name={a.key} {onchange} aria-invalid={invalid}
                                aria-describedby={describedby} accept=".pdf,.docx,.doc,.wps,.ofd" />
                        </div>
                    }
                }) }
            </div>
        }
    };

    let checkbox = |path: String, text: &str, checked_now: bool, on: Callback<bool>| -> Html {
        let onchange = Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                on.emit(input.checked());
            }
        });
        let msgs = messages(&path);
        let id = input_id(&path);
        let (invalid, describedby) = aria(&id, &msgs);
        html! {
            <div class={classes!("pf-check", (!msgs.is_empty()).then_some("pf-field-error"))}>
                { messages_html(&id, msgs) }
                <input type="checkbox" id={id.clone()} name={path} checked={checked_now} {onchange}
                    aria-invalid={invalid} aria-describedby={describedby} />
                <label for={id}>{ text.to_owned() }</label>
            </div>
        }
    };

    let declarations_html = || -> Html {
        html! {
            <div class="pf-declarations">
                { for program.declarations.iter().filter(|d| d.applies(&state.app)).enumerate().map(|(n, d)| {
                    let now = state.app.declarations.get(d.key).copied().unwrap_or(false);
                    let state = state.clone();
                    let on = Callback::from(move |v: bool| state.dispatch(Action::SetDeclaration(d.key.to_owned(), v)));
                    checkbox(format!("declarations.{}", d.key), &format!("{}、{}", n + 1, d.text), now, on)
                }) }
            </div>
        }
    };

    // The summary lists the errors a submit found: the live rules' and the server's.
    let mut summary: Vec<(String, String, String)> = Vec::new();
    if state.show_all {
        for issue in live.iter().filter(|i| i.severity() == Severity::Error) {
            summary.push((
                issue.path.clone(),
                summary::label_for(program, &issue.path),
                issue.message(Lang::ZhCn),
            ));
        }
        for e in state
            .server
            .iter()
            .filter(|e| e.severity == Severity::Error)
        {
            if !summary
                .iter()
                .any(|(p, _, m)| *p == e.path && *m == e.message)
            {
                summary.push((
                    e.path.clone(),
                    summary::label_for(program, &e.path),
                    e.message.clone(),
                ));
            }
        }
    }

    let closed = state.call.as_ref().is_some_and(|c| c.state != "open");
    let errors = live
        .iter()
        .filter(|i| i.severity() == Severity::Error)
        .count();
    let blocked = errors > 0;
    {
        let to = p.notify.clone();
        use_effect_with(errors, move |n| {
            notify(&to, "validity", &[("errors", (*n as u32).into())]);
        });
    }
    // Submitting the form shows it as the official 申请书 first; confirming there sends it.
    let onsubmit = {
        let state = state.clone();
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
        let state = state.clone();
        let checked = checked.clone();
        let api_base = p.api_base.clone();
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
            let files = state.files.clone();
            let (state, application, api_base) =
                (state.clone(), checked.application.clone(), api_base.clone());
            wasm_bindgen_futures::spawn_local(async move {
                state.dispatch(
                    match api::submit(&api_base, &application, &files, &key).await {
                        Ok(receipt) => Action::Stored(receipt),
                        Err(Failure::Rejected(errors)) => Action::Rejected(errors),
                        Err(Failure::Other(message)) => Action::Failed(message),
                        Err(Failure::Unknown(message)) => Action::Unknown(message),
                    },
                );
            });
        })
    };

    let consent = {
        let state = state.clone();
        Callback::from(move |v: bool| state.dispatch(Action::SetConsent(v)))
    };
    let submitting = state.phase == Phase::Submitting;
    let h = &program.hand_in;
    let hand_in: Vec<&str> = [h.copies, h.paper, h.to]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();

    if matches!(state.phase, Phase::Checking | Phase::Submitting) {
        let on_change = {
            let state = state.clone();
            Callback::from(move |title: String| {
                let at = program.sections.iter().position(|s| s.title == title);
                state.dispatch(Action::Edit);
                state.dispatch(Action::Focus(format!("pf-section-{}", at.unwrap_or(0))));
            })
        };
        return html! {
            <div class="pf-form-wrap">
                if let Some(alert) = &state.alert {
                    <div class="pf-alert" role="alert">{ alert.clone() }</div>
                }
                <CheckPage document={shared::document::build(program, &checked.application)}
                    hand_in={format!("报送要求：{}。", hand_in.join("；"))} submitting={submitting}
                    on_change={on_change} on_confirm={send} />
            </div>
        };
    }

    html! {
        <div class="pf-form-wrap">
            <header class="pf-header">
                <h1>{ program.title }</h1>
                <p class="pf-authority">{ format!("{}制", program.authority) }</p>
                <p class="pf-description">{ program.description }</p>
                if let Some(call) = &state.call {
                    <div class={classes!("pf-call", closed.then_some("pf-call-closed"))} id="pf-call">
                        <p class="pf-call-title">{ call.title.clone() }</p>
                        <p>{ match (&call.closes_at, call.state.as_str()) {
                            (Some(closes), "closed") => format!("本批次申报已于 {closes} 截止，不再受理。"),
                            (_, "upcoming") => format!("本批次申报将于 {} 开始受理。", call.opens_at),
                            (Some(closes), _) => format!("申报截止时间：{closes}（北京时间）"),
                            (None, _) => "本批次不设截止时间。".to_owned(),
                        } }</p>
                        if !call.units.is_empty() {
                            <p>{ format!("受理单位：{}", call.units.join("、")) }</p>
                        }
                    </div>
                }
                <p class="pf-hand-in">{ format!("报送要求：{}。", hand_in.join("；")) }</p>
                { for program.contacts_for(&state.app).map(|c| html! {
                    <p class="pf-contact">{ format!("咨询：{}，电话 {}", c.name, c.phone) }</p>
                }) }
            </header>
            if let Some(alert) = &state.alert {
                <div class="pf-alert" role="alert">{ alert.clone() }</div>
            }
            if !summary.is_empty() {
                <ErrorSummary entries={summary} attempts={state.attempts} root={p.root.clone()} />
            }
            <form class="pf-form" novalidate=true {onsubmit}>
                { for program.sections.iter().enumerate().map(|(i, section)| html! {
                    <fieldset class="pf-section" id={format!("pf-section-{i}")} tabindex="-1">
                        <legend>{ section.title }</legend>
                        { for section.items.iter().map(|item| match item {
                            Item::Field(spec) if spec.applies(&state.app) => field_html(spec.field, spec.label, spec.hint, spec.required),
                            Item::Field(_) => Html::default(),
                            Item::Plan => plan_html(),
                            Item::Declarations => declarations_html(),
                            Item::Standards => standards_html(),
                            Item::Participants => participants_html(),
                            Item::Attachments => attachments_html(),
                        }) }
                    </fieldset>
                }) }
                <fieldset class="pf-section">
                    <legend>{ "个人信息处理说明" }</legend>
                    <p class="pf-notice">{ PRIVACY_NOTICE }</p>
                    { checkbox("privacy_consent".into(), "我已阅读并同意上述个人信息处理说明", state.app.privacy_consent, consent) }
                </fieldset>
                <button type="submit" class="pf-submit" disabled={submitting || closed}>
                    { if closed { "本批次已截止" } else { "核对申请书" } }
                </button>
            </form>
        </div>
    }
}
