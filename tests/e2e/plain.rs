//! The form without script, in Chromium: with JavaScript turned off (the browser's content
//! setting), and with JavaScript on but no WebAssembly. The server's form is an HTML form:
//! rows are added by posting it, the shared rules answer on the server with the error summary,
//! the check page and the receipt are pages, and the files go with the first post.

use std::time::Duration;

use fantoccini::Client;
use tests::{Browser, TestServer, cdp};

use crate::support::*;

/// A program whose plan has rows to add, and whose form takes a file.
const PROGRAM: &str = "sx-provincial";

/// Whether the element `selector` names is shown (laid out, not `display: none`).
async fn shown(c: &Client, selector: &str) -> bool {
    match c.find(css(selector)).await {
        Ok(el) => el.is_displayed().await.unwrap(),
        Err(_) => false,
    }
}

/// Fills the whole form from the fixture, the credit code with a wrong check character, and
/// asks for the check page: the server answers with the error summary, whose link leads to
/// the field; corrected, the check page, then the receipt. The file was picked once.
async fn apply_without_the_wasm(c: &Client, server: &TestServer) {
    c.goto(&format!("{}/embed/{PROGRAM}", server.base))
        .await
        .unwrap();
    // What needs script is not offered: the draft bar, the lookup.
    assert!(shown(c, ".pf-form").await);
    assert!(!shown(c, ".pf-draft").await, "the draft bar needs script");
    assert!(!shown(c, ".pf-correct").await, "the lookup needs script");

    let s = Scope::Page(c);
    // What the form asks once another answer is given (the sub-area, once the domain is
    // chosen) it asks on the page answering the post.
    let later = fill_asked(&s, PROGRAM, &["applicant.credit_code"]).await;
    assert!(
        !later.is_empty(),
        "this program has a question that waits for another"
    );
    let fixture = tests::fixture(PROGRAM);
    let code = fixture["applicant"]["credit_code"].as_str().unwrap();
    let wrong = format!(
        "{}{}",
        &code[..17],
        if code.ends_with('0') { '1' } else { '0' }
    );
    c.find(css(&id_of("applicant.credit_code")))
        .await
        .unwrap()
        .send_keys(&wrong)
        .await
        .unwrap();

    // 核对申请书: the page again, the summary first, the field's own message.
    click(c, ".pf-submit").await;
    let summary = text_of(c, "#pf-summary").await;
    assert!(
        summary.contains(&format!("有 {} 处需要修改", 1 + later.len())),
        "{summary}"
    );
    assert!(summary.contains("统一社会信用代码"), "{summary}");
    assert!(shown(c, "#f-applicant-credit_code-error").await);
    assert!(
        text_of(c, ".pf-held")
            .await
            .contains("supporting_documents.pdf"),
        "the file picked is held, not asked for again"
    );
    // The summary's link leads to the field.
    click(c, "#pf-summary a[href='#f-applicant-credit_code']").await;
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("#f-applicant-credit_code")
    );
    let field = c.find(css(&id_of("applicant.credit_code"))).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(code).await.unwrap();
    for (path, value) in later {
        assert!(fill_one(&s, &path, &value, &[]).await, "{path}: asked now");
    }

    // The check page is a page; 确认提交 stores it and answers the receipt.
    check(c).await;
    assert!(
        text_of(c, ".pf-check-page")
            .await
            .contains(fixture["project"]["name"].as_str().unwrap())
    );
    let receipt = confirm(c).await;
    let secret = text_of(c, "#pf-receipt-secret").await;
    assert!(
        !shown(c, "#pf-receipt-download").await,
        "downloading the receipt needs script"
    );

    // Stored with its file, under the secret the page showed.
    let store = backend::store::Store::connect(&server.database)
        .await
        .unwrap();
    let stored = store.own(&receipt, &secret).await.unwrap().expect("stored");
    assert_eq!(stored.data["applicant"]["credit_code"], code);
    let files: Vec<_> = stored
        .attachments
        .iter()
        .map(|a| a.file_name.as_str())
        .collect();
    assert_eq!(files, ["supporting_documents.pdf"]);

    // From the receipt to the 申请书 as stored, each printed page headed with the receipt.
    click(c, "#pf-plain-paper").await;
    assert!(
        text_of(c, "#pf-paper")
            .await
            .contains(&format!("回执编号 {receipt}"))
    );
    let pages = printed_with_receipt(c, &receipt).await;
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let all = pages.concat();
    assert!(all.contains(fixture["project"]["name"].as_str().unwrap()));
    assert!(
        !all.contains("Ctrl+P") && !all.contains("打印申请书"),
        "{all}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_javascript_off_the_whole_application_is_made_with_html_forms() {
    let server = TestServer::start().await;
    let browser = Browser::without_javascript().await;
    let c = &browser.client;
    // The standalone page's picker opens the program chosen.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    c.find(css("#pf-program"))
        .await
        .unwrap()
        .select_by_value(PROGRAM)
        .await
        .unwrap();
    click(c, ".pf-picker button").await;
    assert!(text_of(c, "h1").await.contains("山西"));
    apply_without_the_wasm(c, &server).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_webassembly_the_served_form_stays_and_posts() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": "delete window.WebAssembly;" }),
    )
    .await;
    c.goto(&format!("{}/embed/{PROGRAM}", server.base))
        .await
        .unwrap();
    // widget.js ran, found no WebAssembly, and left the server's form as it was.
    until(
        c,
        "return document.querySelector('[data-pilot-form]').classList.contains('pf-plain')",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(shown(c, ".pf-form").await);
    // No part waits for a takeover that will not come (app.css, `pf-settling`).
    let laid_out = "return [...document.querySelectorAll('.pf-section')]
        .every(s => getComputedStyle(s).contentVisibility === 'visible')";
    assert_eq!(js(c, laid_out).await, true);
    apply_without_the_wasm(c, &server).await;
    browser.close().await;
}
