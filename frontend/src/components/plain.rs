//! What only the server's pages for a browser that runs no script have (see the backend's
//! `plain`): the check page as a form carrying the answers to the next page in hidden fields,
//! and the files the server holds. The browser's own build has none of it: its check page
//! sends with a click, and it holds its files itself.

use yew::prelude::*;

use crate::hooks::form::Form;

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
