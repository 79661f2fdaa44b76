//! The form for one program: sections from the program's definition, live checks from the shared
//! rules, the error summary, the consent notice, submission and the receipt.

use shared::fields::StandardField;
use shared::program::{Item, Program};
use shared::rules::standard_number::{STATUSES, Tier};
use shared::{Field, Lang, RowField, Severity};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{self, Failure, Receipt};
use crate::components::field::FieldInput;
use crate::components::input_id;
use crate::components::summary::ErrorSummary;
use crate::state::{Action, FormState, Phase};

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub program: AttrValue,
    pub api_base: AttrValue,
    pub root: web_sys::Element,
}

/// Today in Asia/Shanghai, whatever the applicant's computer's time zone.
fn today() -> shared::Date {
    shared::Date::in_shanghai((js_sys::Date::now() / 1000.0) as i64)
}

const PRIVACY_NOTICE: &str = "本表中的个人信息（姓名、职务/职称、电话、手机、电子邮箱）仅用于本次标准化试点示范项目的申报受理、审核和联系，由受理申报的市场监督管理部门依法保存和处理，不用于其他目的，不向无关第三方提供。您可以向受理部门查询、更正这些信息。";

/// The name of the field at `path`, as the summary shows it.
fn label_for(program: &Program, path: &str) -> String {
    if let Some(spec) = program.fields().find(|s| s.field.path() == path) {
        return spec.label.to_owned();
    }
    let mut parts = path.split('.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("plan"), Some(i), Some(key)) => {
            let stage = i
                .parse::<usize>()
                .ok()
                .and_then(|i| program.plan.stages.get(i))
                .map_or("推进计划", |s| s.name);
            let what = match key {
                "start" => "开始年月",
                "end" => "结束年月",
                "content" => "工作内容",
                _ => "",
            };
            format!("{stage}{what}")
        }
        (Some("plan"), None, _) => "推进计划".to_owned(),
        (Some("standards"), Some(i), Some(key)) => {
            let n = i.parse::<usize>().map_or(0, |i| i + 1);
            let what = match key {
                "tier" => "标准层级",
                "number" => "标准编号",
                "title" => "标准名称",
                _ => "状态",
            };
            format!("第 {n} 项标准的{what}")
        }
        (Some("declarations"), Some(key), None) => {
            let n = program.declarations.iter().position(|d| d.key == key);
            n.map_or_else(
                || "自我声明".to_owned(),
                |n| format!("自我声明第{}条", n + 1),
            )
        }
        (Some("privacy_consent"), ..) => "个人信息处理说明".to_owned(),
        _ => path.to_owned(),
    }
}

#[function_component(App)]
pub fn app(p: &AppProps) -> Html {
    match shared::program::find(&p.program) {
        Some(program) => {
            html! { <ProgramForm program={program.id} api_base={p.api_base.clone()} root={p.root.clone()} /> }
        }
        None => {
            html! { <p class="pf-alert" role="alert">{ format!("没有此申报项目：{}", p.program) }</p> }
        }
    }
}

#[derive(Properties, PartialEq, Clone)]
struct FormProps {
    program: &'static str,
    api_base: AttrValue,
    root: web_sys::Element,
}

#[function_component(ProgramForm)]
fn program_form(p: &FormProps) -> Html {
    let program = shared::program::find(p.program).expect("checked by App");
    let state = use_reducer(|| FormState::new(program));
    let checked = use_memo(state.app.clone(), |app| shared::check(app, today()));
    let count_error = shared::rules::formats::whole_number(&state.staff_count_raw).err();

    if let Phase::Done(receipt) = &state.phase {
        return receipt_view(receipt);
    }

    // The live findings: the shared rules' report, where a staff count that is not a number
    // (which the model cannot hold) is reported as such rather than as missing.
    let live: Vec<shared::Issue> = {
        let staff = Field::StaffCount.path();
        let mut issues = checked.report.issues.clone();
        if let Some(code) = count_error {
            issues.retain(|i| i.path != staff);
            issues.push(shared::Issue::new(staff, code));
        }
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
        let value = match field.text(&state.app) {
            Some(v) => v.clone(),
            None => state.staff_count_raw.clone(),
        };
        let options: Vec<(AttrValue, AttrValue)> = match field {
            Field::ProjectKind => program
                .kinds
                .iter()
                .map(|k| (k.value.into(), k.label.into()))
                .collect(),
            Field::Domain => program
                .domains
                .iter()
                .map(|d| (d.name.into(), d.name.into()))
                .collect(),
            Field::SubArea => program
                .domain(&state.app.project.domain)
                .map(|d| {
                    d.sub_areas
                        .iter()
                        .map(|s| (AttrValue::from(*s), AttrValue::from(*s)))
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let on_change = {
            let state = state.clone();
            Callback::from(move |v: String| {
                state.dispatch(if field == Field::StaffCount {
                    Action::SetStaffCount(v)
                } else {
                    Action::SetField(field, v)
                })
            })
        };
        html! {
            <FieldInput path={path} label={label.to_owned()} hint={hint.to_owned()} kind={field.kind()}
                max_chars={field.max_chars()} required={required} value={value} messages={messages(path)}
                options={options} on_change={on_change} on_blur={touch(path.to_owned())} />
        }
    };

    let plan_html = || -> Html {
        html! {
            <div class="pf-plan">
                { for messages("plan").into_iter().map(|(_, m)| html! { <p class="pf-error">{ m }</p> }) }
                { for program.plan.stages.iter().enumerate().map(|(i, stage)| {
                    let row = state.app.plan.get(i).cloned().unwrap_or_default();
                    let cell = |field: RowField, label: String| {
                        let path = field.path(i);
                        let on_change = {
                            let state = state.clone();
                            Callback::from(move |v: String| state.dispatch(Action::SetRow(i, field, v)))
                        };
                        html! {
                            <FieldInput path={path.clone()} label={label} kind={field.kind()}
                                max_chars={field.max_chars()} required={true} value={field.get(&row).clone()}
                                messages={messages(&path)} on_change={on_change} on_blur={touch(path)} />
                        }
                    };
                    html! {
                        <div class="pf-stage">
                            <h3>{ stage.name }</h3>
                            <p class="pf-hint">{ stage.hint }</p>
                            <div class="pf-row">
                                { cell(RowField::Start, format!("{}开始年月", stage.name)) }
                                { cell(RowField::End, format!("{}结束年月", stage.name)) }
                            </div>
                            { cell(RowField::Content, format!("{}工作内容", stage.name)) }
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
        html! {
            <div class={classes!("pf-check", (!msgs.is_empty()).then_some("pf-field-error"))}>
                { for msgs.into_iter().map(|(_, m)| html! { <p class="pf-error">{ m }</p> }) }
                <input type="checkbox" id={id.clone()} name={path} checked={checked_now} {onchange} />
                <label for={id}>{ text.to_owned() }</label>
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
        let add = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::AddStandard))
        };
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
                    let remove = {
                        let state = state.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Action::RemoveStandard(i)))
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
                            <button type="button" class="pf-link-button" onclick={remove}>
                                { format!("删除第 {} 项", i + 1) }
                            </button>
                        </div>
                    }
                }) }
                <button type="button" class="pf-secondary" onclick={add}>{ "添加一项标准" }</button>
            </div>
        }
    };

    let declarations_html = || -> Html {
        html! {
            <div class="pf-declarations">
                { for program.declarations.iter().enumerate().map(|(n, d)| {
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
                label_for(program, &issue.path),
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
                    label_for(program, &e.path),
                    e.message.clone(),
                ));
            }
        }
    }

    let blocked = live.iter().any(|i| i.severity() == Severity::Error);
    let onsubmit = {
        let state = state.clone();
        let checked = checked.clone();
        let api_base = p.api_base.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.phase == Phase::Submitting {
                return;
            }
            if blocked {
                state.dispatch(Action::Blocked);
                return;
            }
            state.dispatch(Action::Sending);
            let (state, application, api_base) =
                (state.clone(), checked.application.clone(), api_base.clone());
            wasm_bindgen_futures::spawn_local(async move {
                state.dispatch(match api::submit(&api_base, &application).await {
                    Ok(receipt) => Action::Stored(receipt),
                    Err(Failure::Rejected(errors)) => Action::Rejected(errors),
                    Err(Failure::Other(message)) => Action::Failed(message),
                });
            });
        })
    };

    let consent = {
        let state = state.clone();
        Callback::from(move |v: bool| state.dispatch(Action::SetConsent(v)))
    };
    let submitting = state.phase == Phase::Submitting;

    html! {
        <div class="pf-form-wrap">
            <header class="pf-header">
                <h1>{ program.title }</h1>
                <p class="pf-authority">{ format!("{}制", program.authority) }</p>
                <p class="pf-description">{ program.description }</p>
            </header>
            if let Some(alert) = &state.alert {
                <div class="pf-alert" role="alert">{ alert.clone() }</div>
            }
            if !summary.is_empty() {
                <ErrorSummary entries={summary} attempts={state.attempts} root={p.root.clone()} />
            }
            <form class="pf-form" novalidate=true {onsubmit}>
                { for program.sections.iter().map(|section| html! {
                    <fieldset class="pf-section">
                        <legend>{ section.title }</legend>
                        { for section.items.iter().map(|item| match item {
                            Item::Field(spec) => field_html(spec.field, spec.label, spec.hint, spec.required),
                            Item::Plan => plan_html(),
                            Item::Declarations => declarations_html(),
                            Item::Standards => standards_html(),
                        }) }
                    </fieldset>
                }) }
                <fieldset class="pf-section">
                    <legend>{ "个人信息处理说明" }</legend>
                    <p class="pf-notice">{ PRIVACY_NOTICE }</p>
                    { checkbox("privacy_consent".into(), "我已阅读并同意上述个人信息处理说明", state.app.privacy_consent, consent) }
                </fieldset>
                <button type="submit" class="pf-submit" disabled={submitting}>
                    { if submitting { "正在提交…" } else { "提交申请" } }
                </button>
            </form>
        </div>
    }
}

fn receipt_view(r: &Receipt) -> Html {
    html! {
        <div class="pf-receipt" role="status" tabindex="-1">
            <h2>{ "申请已提交" }</h2>
            <p>{ "回执编号" }</p>
            <p class="pf-receipt-code" id="pf-receipt-code">{ r.receipt.clone() }</p>
            <p>{ format!("提交时间：{}", r.submitted_at) }</p>
            if !r.warnings.is_empty() {
                <div class="pf-warnings">
                    <p>{ "请留意以下提示（不影响受理）：" }</p>
                    <ul>{ for r.warnings.iter().map(|w| html! { <li>{ w.message.clone() }</li> }) }</ul>
                </div>
            }
            <p>{ "请记下回执编号。按通知要求打印申请书、签章后报送受理单位时，请注明此编号。" }</p>
        </div>
    }
}
