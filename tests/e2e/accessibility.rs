//! Accessibility: axe-core's WCAG 2.1 A/AA checks, and a whole application with the keyboard.

use std::time::Duration;

use serde_json::Value;
use tests::{Browser, DemoHost, TestServer, fixture};

use crate::support::*;

/// axe-core finds no WCAG 2.1 A/AA violation on the empty form, the form with its errors, the
/// receipt, and the demo portal with the form embedded.
#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_violation() {
    let mut portal = DemoHost::bind().await;
    let server = TestServer::start_allowing(&[&portal.base]).await;
    portal.serve(&server.base);
    let browser = Browser::start().await;
    let c = &browser.client;
    let mut found = Vec::new();

    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "sx-provincial").await;
    found.extend(axe(c).await.into_iter().map(|v| format!("empty form: {v}")));
    click(c, ".pf-submit").await;
    text_of(c, ".pf-summary").await;
    found.extend(
        axe(c)
            .await
            .into_iter()
            .map(|v| format!("with errors: {v}")),
    );
    fill(&Scope::Page(c), "sx-provincial", &[]).await;
    check(c).await;
    found.extend(axe(c).await.into_iter().map(|v| format!("check page: {v}")));
    confirm(c).await;
    found.extend(axe(c).await.into_iter().map(|v| format!("receipt: {v}")));

    c.goto(&format!("{}/", portal.base)).await.unwrap();
    let root = "document.querySelector('[data-pilot-form]').shadowRoot";
    until(
        c,
        &format!("return !!{root} && !!{root}.querySelector('#pf-call')"),
    )
    .await;
    found.extend(axe(c).await.into_iter().map(|v| format!("portal: {v}")));
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The checker itself sees a violation when there is one: an input without a label.
    js(
        c,
        "document.body.appendChild(document.createElement('input')).id = 'unlabelled';",
    )
    .await;
    let control = axe(c).await;
    assert!(
        control.iter().any(|v| v.starts_with("label:")),
        "{control:?}"
    );
    browser.close().await;
}

/// A whole application with the keyboard alone: Tab from field to field, type, Space for boxes,
/// arrows for choices, Enter on "add another" (which moves focus into the new row) and on
/// submit.
#[tokio::test(flavor = "multi_thread")]
async fn a_whole_application_with_the_keyboard_alone() {
    use fantoccini::key::Key;
    let program = "national-social-pilot";
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(c, "return !!document.querySelector('#pf-program')").await;

    let app = fixture(program);
    let mut values = Vec::new();
    leaves("", &app, &mut values);
    let value_at = |path: &str| {
        values
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.clone())
    };
    let mut rows_to_add = [
        (
            "pf-add-plan-row",
            app["plan"].as_array().map_or(0, Vec::len).saturating_sub(1),
        ),
        (
            "pf-add-participant",
            app["units"]["participants"].as_array().map_or(0, Vec::len),
        ),
    ];
    let mut submitted = false;
    // After "add another" focus is already on the new row's first field.
    let mut moved = false;
    for _ in 0..500 {
        if !std::mem::take(&mut moved) {
            press(c, Key::Tab).await;
        }
        let el = c.active_element().await.unwrap();
        let id = el.attr("id").await.unwrap().unwrap_or_default();
        let class = el.attr("class").await.unwrap().unwrap_or_default();
        // 核对申请书 opens the check page, whose heading takes focus; Tab goes on from there.
        if class.contains("pf-submit") && id != "pf-confirm" {
            press(c, Key::Enter).await;
            until(c, "return document.activeElement.id === 'pf-check'").await;
            continue;
        }
        if id == "pf-confirm" {
            press(c, Key::Enter).await;
            submitted = true;
            break;
        }
        if let Some((_, n)) = rows_to_add.iter_mut().find(|(b, n)| *b == id && *n > 0) {
            *n -= 1;
            press(c, Key::Enter).await;
            let on_button = format!("return document.activeElement.id === '{id}'");
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert_eq!(js(c, &on_button).await, false, "focus stayed on {id}");
            moved = true;
            continue;
        }
        let tag = el.tag_name().await.unwrap();
        if id == "pf-program" {
            // The picker: arrows down to the program.
            let target = shared::PROGRAMS
                .iter()
                .position(|p| p.id == program)
                .unwrap();
            for _ in 0..target {
                press(c, Key::Down).await;
            }
            until(c, "return !!document.querySelector('#pf-call')").await;
            continue;
        }
        let Some(path) = id.strip_prefix("f-").map(|p| p.replace('-', ".")) else {
            continue;
        };
        let kind = el.attr("type").await.unwrap().unwrap_or_default();
        match (tag.as_str(), kind.as_str(), value_at(&path)) {
            // A yes/no pair: focus lands on 是; the arrow moves to 否 and picks it.
            (_, "radio", Some(Value::Bool(yes))) => {
                press(c, if yes { Key::Space } else { Key::Right }).await
            }
            (_, "checkbox", Some(Value::Bool(true))) => press(c, Key::Space).await,
            (_, "checkbox", None) if path == "privacy_consent" => press(c, Key::Space).await,
            ("select", _, Some(Value::String(v))) => {
                let options = el.find_all(css("option")).await.unwrap();
                let mut at = 0;
                for (i, o) in options.iter().enumerate() {
                    if o.attr("value").await.unwrap().as_deref() == Some(v.as_str()) {
                        at = i;
                    }
                }
                for _ in 0..at {
                    press(c, Key::Down).await;
                }
            }
            (_, _, Some(Value::String(v))) if !v.is_empty() => press(c, v).await,
            (_, _, Some(Value::Number(n))) => press(c, n).await,
            _ => {}
        }
    }
    assert!(submitted, "never reached the submit button");
    let receipt = c
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(css("#pf-receipt-code"))
        .await;
    let Ok(receipt) = receipt else {
        let page = js(c, "const s = document.querySelector('.pf-summary, .pf-alert'); return s ? s.innerText : 'no summary'").await;
        panic!("no receipt; the page says: {page}");
    };
    let receipt = receipt.text().await.unwrap();
    let stored = server
        .store()
        .await
        .find_by_receipt(&receipt)
        .await
        .unwrap();
    let stored = stored.expect("stored");
    assert_eq!(stored.data["plan"], app["plan"]);
    assert_eq!(stored.data["units"], app["units"]);
    browser.close().await;
}
