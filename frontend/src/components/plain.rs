//! What only the server's pages for a browser that runs no script have (see the backend's
//! `plain`): the check page as a form carrying the answers to the next page in hidden fields,
//! the files the server holds, and the way from the receipt to the submitted 申请书 to print.
//! The browser's own build has none of it: its check page sends with a click, it holds its
//! files itself, and it shows the 申请书 it has.

use yew::prelude::*;

use crate::hooks::form::Form;
#[cfg(feature = "ssr")]
use crate::model::Receipt;

/// The check page `page`, where no script runs: a form posting the answers again (hidden, named
/// as `shared::posted` reads them) with its 修改 and 确认提交 buttons.
#[cfg(feature = "ssr")]
pub fn check(form: &Form, action: &str, token: &str, page: Html) -> Html {
    let Some(plain) = &form.state.plain else {
        return page;
    };
    let pairs = shared::posted::pairs(form.program, &form.state.app, &form.state.counts);
    html! {
        <form class="pf-plain-check" method="post" enctype="multipart/form-data" action={action.to_owned()}>
            { for pairs.into_iter().map(|(name, value)| html! {
                <input type="hidden" {name} {value} />
            }) }
            { for plain.held.iter().map(|h| held_input(&h.key, &h.token)) }
            <input type="hidden" name="pf-key" value={plain.key.clone()} />
            if !token.is_empty() {
                <input type="hidden" name="pf-token" value={token.to_owned()} />
            }
            { page }
        </form>
    }
}

#[cfg(not(feature = "ssr"))]
pub fn check(_: &Form, _: &str, _: &str, page: Html) -> Html {
    page
}

#[cfg(feature = "ssr")]
fn held_input(key: &str, token: &str) -> Html {
    html! { <input type="hidden" name={format!("held.{key}")} value={token.to_owned()} /> }
}

/// The file the server holds for attachment `key`, if it holds one: its name, and the field
/// that names it to the server again.
#[cfg(feature = "ssr")]
pub fn held(form: &Form, key: &str) -> Html {
    let found = form
        .state
        .plain
        .iter()
        .flat_map(|p| &p.held)
        .find(|h| h.key == key);
    match found {
        Some(h) => html! {
            <>
                <p class="pf-hint pf-held">{ format!("已上传：{}（不重新选择则沿用）", h.name) }</p>
                { held_input(&h.key, &h.token) }
            </>
        },
        None => Html::default(),
    }
}

#[cfg(not(feature = "ssr"))]
pub fn held(_: &Form, _: &str) -> Html {
    Html::default()
}

/// The receipt page `page`, where no script runs: below it, a form that asks the server for the
/// submitted 申请书 to print (by the receipt and its secret, which the page shows anyway).
#[cfg(feature = "ssr")]
pub fn receipt(form: &Form, action: &str, token: &str, receipt: &Receipt, page: Html) -> Html {
    let (Some(_), Some(secret)) = (&form.state.plain, &receipt.secret) else {
        return page;
    };
    html! {
        <>
            { page }
            <form class="pf-plain-paper pf-noprint" method="post" enctype="multipart/form-data" action={action.to_owned()}>
                <input type="hidden" name="receipt" value={receipt.receipt.clone()} />
                <input type="hidden" name="secret" value={secret.clone()} />
                if !token.is_empty() {
                    <input type="hidden" name="pf-token" value={token.to_owned()} />
                }
                <button type="submit" name="pf-action" value="paper" id="pf-plain-paper" class="pf-secondary">
                    { "打印申请书（每页印有回执编号）" }
                </button>
            </form>
        </>
    }
}

#[cfg(not(feature = "ssr"))]
pub fn receipt(_: &Form, _: &str, _: &str, _: &crate::model::Receipt, page: Html) -> Html {
    page
}

/// The submitted 申请书 `page`, where no script runs: its print button is the script's, so the
/// page says how to print it.
#[cfg(feature = "ssr")]
pub fn paper(form: &Form, page: Html) -> Html {
    if form.state.plain.is_none() {
        return page;
    }
    html! {
        <>
            <p class="pf-notice pf-noprint">{ "请用浏览器的“打印”（Ctrl+P，苹果电脑 ⌘+P）打印本页：打印出的每页页眉印有回执编号。" }</p>
            { page }
        </>
    }
}

#[cfg(not(feature = "ssr"))]
pub fn paper(_: &Form, page: Html) -> Html {
    page
}
