//! The Chongqing application, end to end: a person types into the form in headless Chromium,
//! the real server checks and stores it, and the row is in the SQLite file.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::Value;
use tests::{Browser, TestServer, fixture};

fn css(selector: &str) -> Locator<'_> {
    Locator::Css(selector)
}

fn id_of(path: &str) -> String {
    format!("#f-{}", path.replace('.', "-"))
}

/// Every leaf of a JSON value, with its dotted path.
fn leaves(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&path, v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(&format!("{prefix}.{i}"), v, out);
            }
        }
        leaf => out.push((prefix.to_owned(), leaf.clone())),
    }
}

async fn text_of(c: &Client, selector: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

async fn click(c: &Client, selector: &str) {
    c.find(css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Leaves the focused field, as a person moving on would.
async fn leave_field(c: &Client) {
    click(c, "h1").await;
}

/// Waits until `script` returns true.
async fn until(c: &Client, script: &str) {
    for _ in 0..100 {
        if js(c, script).await == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = js(c, "return [...document.querySelectorAll('.pf-field-error')].map(e => e.innerText + ' | ' + (e.querySelector('input,textarea') || {}).value).join(' // ')").await;
    panic!("never true: {script}\n{state}");
}

#[tokio::test(flavor = "multi_thread")]
async fn chongqing_application_from_browser_to_database() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    let credit = id_of("applicant.credit_code");
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(css(&credit))
        .await
        .expect("the wasm form renders");

    // A wrong check character: the error shows once the field has been left.
    let field = c.find(css(&credit)).await.unwrap();
    field.send_keys("91500112MA5U7K8T4K").await.unwrap();
    assert!(
        c.find_all(css("#f-applicant-credit_code-error"))
            .await
            .unwrap()
            .is_empty(),
        "no error while typing the first time"
    );
    leave_field(c).await;
    let error = text_of(c, "#f-applicant-credit_code-error").await;
    assert!(error.contains("校验位不正确"), "{error}");

    // Fixed, it re-checks as they type: the error goes.
    field.clear().await.unwrap();
    field.send_keys("91500112 ma5u7k8t4j").await.unwrap();
    until(
        c,
        "return document.querySelector('#f-applicant-credit_code-error') === null",
    )
    .await;

    // Submitting now: the summary takes focus and links to the empty fields.
    click(c, ".pf-submit").await;
    let summary = text_of(c, ".pf-summary").await;
    assert!(summary.contains("项目名称：请填写此项"), "{summary}");
    until(
        c,
        "return document.activeElement.classList.contains('pf-summary')",
    )
    .await;
    click(c, ".pf-summary a[href='#f-project-name']").await;
    until(c, "return document.activeElement.id === 'f-project-name'").await;

    // An input method's composition is neither stored nor counted until it ends.
    let summary_box = id_of("project.summary");
    let composing = format!(
        "const t = document.querySelector('{summary_box}');
         t.dispatchEvent(new CompositionEvent('compositionstart', {{bubbles: true}}));
         t.value = 'biao';
         t.dispatchEvent(new InputEvent('input', {{bubbles: true, isComposing: true}}));"
    );
    js(c, &composing).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let count = format!(
        "return document.querySelector('{summary_box}').parentElement.querySelector('.pf-count').textContent"
    );
    assert_eq!(js(c, &count).await, "还可输入 3000 字");
    let ended = format!(
        "const t = document.querySelector('{summary_box}');
         t.value = '标准';
         t.dispatchEvent(new CompositionEvent('compositionend', {{bubbles: true, data: '标准'}}));"
    );
    js(c, &ended).await;
    until(c, &format!("{count}.trim() === '还可输入 2998 字'")).await;
    c.find(css(&summary_box))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();

    // Fill in the rest from the fixture.
    let app = fixture("cq-municipal");
    let mut fields = Vec::new();
    leaves("", &app, &mut fields);
    for (path, value) in fields {
        let skip = [
            "program",
            "call",
            "privacy_consent",
            "applicant.credit_code",
        ]
        .contains(&path.as_str())
            || path.starts_with("declarations.")
            || path.ends_with(".stage")
            || path.ends_with(".responsible");
        if skip {
            continue;
        }
        let el = c
            .find(css(&id_of(&path)))
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        match (path.as_str(), &value) {
            ("project.kind" | "project.domain" | "project.sub_area", Value::String(v)) => {
                el.select_by_value(v)
                    .await
                    .unwrap_or_else(|e| panic!("{path}: {e}"));
            }
            (_, Value::String(v)) => el.send_keys(v).await.unwrap(),
            (_, Value::Number(n)) => el.send_keys(&n.to_string()).await.unwrap(),
            _ => panic!("unexpected {path}: {value}"),
        }
    }
    for key in app["declarations"].as_object().unwrap().keys() {
        click(c, &id_of(&format!("declarations.{key}"))).await;
    }
    click(c, "#f-privacy_consent").await;

    click(c, ".pf-submit").await;
    let receipt = text_of(c, "#pf-receipt-code").await;
    assert_eq!(receipt.len(), 9, "{receipt}");

    // The row is in the database, normalized.
    let store = server.store().await;
    let stored = store
        .find_by_receipt(&receipt)
        .await
        .unwrap()
        .expect("stored row");
    assert_eq!(stored.credit_code, "91500112MA5U7K8T4J");
    assert_eq!(stored.data["project"]["summary"], app["project"]["summary"]);
    assert_eq!(
        stored.data["contacts"]["contact_person"]["name"],
        "阿依古丽·买买提"
    );
    assert_eq!(store.count().await.unwrap(), 1);
    browser.close().await;
}
