//! Whole applications from the browser to the database: typing, rows, attachments, a closed
//! call, a lost answer, and the check page printed as each program's form.

use std::time::Duration;

use serde_json::Value;
use tests::{Browser, TestServer, fixture};

use crate::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn chongqing_application_from_browser_to_database() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "cq-municipal").await;
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
    // Tied to its input for assistive technology.
    assert_eq!(
        field.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        field.attr("aria-describedby").await.unwrap().as_deref(),
        Some("f-applicant-credit_code-error")
    );

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
    assert_eq!(js(c, &count).await, "还可输入 8000 字");
    let ended = format!(
        "const t = document.querySelector('{summary_box}');
         t.value = '标准';
         t.dispatchEvent(new CompositionEvent('compositionend', {{bubbles: true, data: '标准'}}));"
    );
    js(c, &ended).await;
    until(c, &format!("{count}.trim() === '还可输入 7998 字'")).await;
    c.find(css(&summary_box))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();

    // Fill in the rest from the fixture, leaving the credit code as the applicant fixed it.
    fill(&Scope::Page(c), "cq-municipal", &["applicant.credit_code"]).await;
    let receipt = submit(c).await;
    assert_eq!(receipt.len(), 9, "{receipt}");

    // The row is in the database, normalized, with its attachment.
    let app = fixture("cq-municipal");
    let store = server.store().await;
    let stored = store
        .find_by_receipt(&receipt)
        .await
        .unwrap()
        .expect("stored row");
    assert_eq!(stored.credit_code, "91500112MA5U7K8T4J");
    assert_eq!(stored.attachments[0].key, "implementation_plan");
    assert_eq!(stored.data["project"]["summary"], app["project"]["summary"]);
    assert_eq!(
        stored.data["contacts"]["contact_person"]["name"],
        "阿依古丽·买买提"
    );
    assert_eq!(store.count().await.unwrap(), 1);
    browser.close().await;
}

/// The task list: every part of the form with where the applicant stands in it, from the same
/// live check as the messages, each a link to its part.
#[tokio::test(flavor = "multi_thread")]
async fn the_task_list_says_where_the_applicant_stands_in_each_part() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "sx-provincial").await;
    let state_of = |part: &'static str| {
        format!(
            "return [...document.querySelectorAll('.pf-tasks li')]
               .find(li => li.querySelector('a').textContent === '{part}')
               .querySelector('span').textContent"
        )
    };
    let states = js(
        c,
        "return [...document.querySelectorAll('.pf-tasks li span')].map(s => s.textContent)",
    )
    .await;
    let states: Vec<&str> = states
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(states.len(), 9, "one per part: {states:?}");
    // Nothing tried yet: parts with something required are not started; one asking for
    // nothing says so rather than "done".
    assert_eq!(js(c, &state_of("封面")).await, "未开始");
    assert_eq!(js(c, &state_of("参加单位（可以没有）")).await, "可选");
    assert_eq!(js(c, &state_of("附件")).await, "可选");
    assert!(
        states.iter().all(|s| *s == "未开始" || *s == "可选"),
        "{states:?}"
    );

    // 五 has two required fields: one filled and left, the other not yet reached: in progress,
    // not "errors" (GOV.UK: errors show once asked to check); both, done.
    let part = "五、经费保障情况";
    let uses = c.find(css(&id_of("funding.uses"))).await.unwrap();
    uses.send_keys("标准体系建设与宣贯培训").await.unwrap();
    leave_field(c).await;
    assert_eq!(js(c, &state_of(part)).await, "填写中");
    // A field filled, left and emptied again is an error the applicant was shown.
    let sources = c.find(css(&id_of("funding.sources"))).await.unwrap();
    sources.send_keys("自筹").await.unwrap();
    leave_field(c).await;
    sources.clear().await.unwrap();
    leave_field(c).await;
    assert_eq!(js(c, &state_of(part)).await, "有错误 1 处");
    let sources = c.find(css(&id_of("funding.sources"))).await.unwrap();
    sources.send_keys("企业自筹").await.unwrap();
    leave_field(c).await;
    assert_eq!(js(c, &state_of(part)).await, "已完成");

    // A part's link takes focus to that part.
    let link = c.find(css(".pf-tasks li:nth-child(3) a")).await.unwrap();
    assert_eq!(
        link.attr("aria-describedby").await.unwrap().as_deref(),
        Some("pf-task-2")
    );
    link.click().await.unwrap();
    until(
        c,
        "return document.activeElement && document.activeElement.id === 'pf-section-2'",
    )
    .await;

    // A submit tried shows every part's errors; filled in whole, every part is done.
    click(c, ".pf-submit").await;
    assert!(
        js(c, &state_of("封面"))
            .await
            .as_str()
            .unwrap()
            .starts_with("有错误 "),
    );
    fill(
        &Scope::Page(c),
        "sx-provincial",
        &["funding.uses", "funding.sources"],
    )
    .await;
    until(
        c,
        "return [...document.querySelectorAll('.pf-tasks li span')].every(s => s.textContent === '已完成')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shanxi_and_shanghai_forms_are_filled_and_submitted() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    for program in ["sx-provincial", "sh-municipal"] {
        c.goto(&format!("{}/", server.base)).await.unwrap();
        choose_program(c, program).await;
        fill(&Scope::Page(c), program, &[]).await;
        let receipt = submit(c).await;
        assert_eq!(receipt.len(), 9, "{program}: {receipt}");
        let stored = server
            .store()
            .await
            .find_by_receipt(&receipt)
            .await
            .unwrap()
            .expect("stored");
        let app = fixture(program);
        assert_eq!(stored.program, program);
        assert_eq!(
            stored.data["plan"].as_array().unwrap().len(),
            app["plan"].as_array().unwrap().len()
        );
        assert_eq!(stored.data["plan"], app["plan"]);
        // A list the fixture leaves out is stored empty.
        let or_empty = |v: &Value| {
            if v.is_null() {
                Value::Array(Vec::new())
            } else {
                v.clone()
            }
        };
        assert_eq!(stored.data["standards"], or_empty(&app["standards"]));
        assert_eq!(
            stored.data["units"]["participants"],
            or_empty(&app["units"]["participants"])
        );
        assert_eq!(stored.attachments.len(), 1, "{program}");
    }
    // Shanxi: how the paper goes in; 晋城's contact once the applicant is registered there;
    // the box for a focus area of one's own only while 其他 is chosen.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "sx-provincial").await;
    let hand_in = text_of(c, ".pf-hand-in").await;
    assert!(hand_in.contains("一式4份"), "{hand_in}");
    let select = |path: &'static str, value: &'static str| async move {
        c.find(css(&id_of(path)))
            .await
            .unwrap()
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    };
    select("applicant.registered_city", "晋城市").await;
    until(
        c,
        "return document.querySelectorAll('.pf-contact').length === 2",
    )
    .await;
    select("project.domain", "农业农村").await;
    let other = id_of("project.sub_area_other");
    let shown =
        |yes: bool| format!("return (document.querySelector('{other}') !== null) === {yes}");
    until(c, &shown(false)).await;
    select("project.sub_area", "其他").await;
    until(c, &shown(true)).await;
    select("project.sub_area", "山西药茶").await;
    until(c, &shown(false)).await;

    // Shanghai shows the contact for the chosen domain.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "sh-municipal").await;
    c.find(css(&id_of("project.domain")))
        .await
        .unwrap()
        .select_by_value("节能环保")
        .await
        .unwrap();
    let contact = text_of(c, ".pf-contact").await;
    assert!(contact.contains("刘宙君"), "{contact}");

    // The social pilot's notice gives no list ("建议重点围绕以下领域标准化工作开展申报:" ends it):
    // the domain is a text box offering suggestions, optional, taking the applicant's own words.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "national-social-pilot").await;
    let domain = id_of("project.domain");
    let box_ = c.find(css(&domain)).await.unwrap();
    assert_eq!(box_.tag_name().await.unwrap(), "input");
    let offered = js(
        c,
        &format!("return [...document.querySelector('{domain}').list.options].map(o => o.value)"),
    )
    .await;
    assert_eq!(offered, serde_json::json!(["社会管理", "公共服务"]));
    let label = text_of(c, &format!("label[for='{}']", &domain[1..])).await;
    assert!(label.contains("选填"), "{label}");
    box_.send_keys("数字乡村").await.unwrap();
    until(
        c,
        &format!("return document.querySelector('{domain}').value === '数字乡村'"),
    )
    .await;
    browser.close().await;
}

/// A busy server (503 with Retry-After) stored nothing: the form says so and sends the same
/// attempt again by itself after the wait, with the same Idempotency-Key; one row results.
#[tokio::test(flavor = "multi_thread")]
async fn a_busy_server_is_waited_out_and_the_same_attempt_sent_again() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "sx-provincial").await;
    fill(&Scope::Page(c), "sx-provincial", &[]).await;
    // The first attempt meets a busy server; the next goes through. Each attempt's key is kept.
    js(
        c,
        "window.realFetch = window.fetch; window.keys = [];
         window.fetch = (url, init) => {
           if (init && init.headers && init.headers.get && init.headers.get('Idempotency-Key')) {
             window.keys.push(init.headers.get('Idempotency-Key'));
             if (window.keys.length === 1) {
               const body = JSON.stringify({ errors: [{ path: '', code: 'busy', severity: 'error', message: '服务器正忙' }] });
               return Promise.resolve(new Response(body, { status: 503, headers: { 'retry-after': '1', 'content-type': 'application/json' } }));
             }
           }
           return window.realFetch(url, init);
         };",
    )
    .await;
    check(c).await;
    click(c, "#pf-confirm").await;
    until(
        c,
        "return (document.querySelector('.pf-alert') || {}).textContent?.includes('自动重新提交')",
    )
    .await;
    let receipt = confirm_waited(c).await;
    let keys = js(c, "return window.keys").await;
    assert_eq!(keys.as_array().unwrap().len(), 2, "{keys}");
    assert_eq!(keys[0], keys[1], "the same attempt: {keys}");
    let store = server.store().await;
    assert_eq!(store.count().await.unwrap(), 1);
    assert!(store.find_by_receipt(&receipt).await.unwrap().is_some());
    browser.close().await;
}

/// The receipt page, once it comes (the form sends again by itself).
async fn confirm_waited(c: &fantoccini::Client) -> String {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(css("#pf-receipt-code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A call whose deadline has passed: the form says so and will not submit.
#[tokio::test(flavor = "multi_thread")]
async fn a_closed_call_shows_its_deadline_and_blocks_submission() {
    let server = TestServer::start_with_calls(Some(
        "[[call]]\nid = 'sx-2021'\nprogram = 'sx-provincial'\nyear = 2021\ntitle = '2021年省级标准化试点'\n\
         opens = 2021-04-25\ncloses = 2021-05-10T17:00:00\n\
         [call.hand_in]\ncopies = '申报书一式5份（含电子版）'\n",
    ))
    .await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(css("#pf-program"))
        .await
        .unwrap();
    c.find(css("#pf-program"))
        .await
        .unwrap()
        .select_by_value("sx-provincial")
        .await
        .unwrap();
    let call = text_of(c, ".pf-call-closed").await;
    assert!(
        call.contains("2021年5月10日17:00") && call.contains("截止"),
        "{call}"
    );
    // The call's own hand-in words, the program's where it has none.
    let hand_in = text_of(c, ".pf-header .pf-hand-in").await;
    assert!(
        hand_in.contains("申报书一式5份（含电子版）") && hand_in.contains("报送所在市"),
        "{hand_in}"
    );
    until(
        c,
        "return document.querySelector('.pf-submit').disabled === true",
    )
    .await;
    assert_eq!(
        c.find(css(".pf-submit"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "本批次已截止"
    );
    browser.close().await;
}

/// The network drops the server's answer: the form says it cannot know whether the application
/// went in, and the retry, with the same Idempotency-Key, gets the same receipt and no second
/// row.
#[tokio::test(flavor = "multi_thread")]
async fn an_answer_lost_on_the_way_is_retried_without_a_second_submission() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "sx-provincial").await;
    fill(&Scope::Page(c), "sx-provincial", &[]).await;
    // The request reaches the server; its answer is lost.
    js(
        c,
        "window.realFetch = window.fetch;
         window.fetch = (...args) => window.realFetch(...args).then(() => { throw new TypeError('lost'); });",
    )
    .await;
    check(c).await;
    click(c, "#pf-confirm").await;
    let alert = text_of(c, ".pf-alert").await;
    assert!(alert.contains("无法确定申请是否已经提交"), "{alert}");
    assert!(!alert.contains("未提交"), "{alert}");
    let store = server.store().await;
    assert_eq!(
        store.count().await.unwrap(),
        1,
        "the first request was stored"
    );

    // Still on the check page: confirming again retries with the same key.
    js(c, "window.fetch = window.realFetch;").await;
    let receipt = confirm(c).await;
    assert_eq!(
        store.count().await.unwrap(),
        1,
        "the retry stored nothing more"
    );
    assert!(store.find_by_receipt(&receipt).await.unwrap().is_some());
    browser.close().await;
}

/// 已经提交过？ with a receipt and a secret typed in: its progress shows.
pub(crate) async fn look_up(c: &fantoccini::Client, receipt: &str, secret: &str) {
    click(c, ".pf-correct summary").await;
    for (input, value) in [
        ("#pf-correct-receipt", receipt),
        ("#pf-correct-secret", secret),
    ] {
        c.find(css(input))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    click(c, "#pf-correct-open").await;
}

/// Looked up while it may be corrected, the progress offers 修改申请, which opens it in the form.
pub(crate) async fn open_correction(c: &fantoccini::Client) {
    until(c, "return !!document.querySelector('#pf-progress-edit')").await;
    click(c, "#pf-progress-edit").await;
    until(c, "return !!document.querySelector('#pf-correcting')").await;
}

/// The receipt page gives a secret once; with it and the receipt the applicant opens the
/// submission in the form again, corrects it and submits: the server keeps one submission,
/// the latest, with the file that was not chosen again.
#[tokio::test(flavor = "multi_thread")]
async fn a_submission_is_corrected_with_its_receipt_and_secret() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "cq-municipal").await;
    fill(&Scope::Page(c), "cq-municipal", &[]).await;
    let receipt = submit(c).await;
    let secret = text_of(c, "#pf-receipt-secret").await;
    assert_eq!(secret.len(), 23, "{secret}");
    // A receipt to keep: its time as people write it, what happens next, print and download.
    let time = text_of(c, "#pf-receipt-time").await;
    assert!(time.contains('年') && !time.contains('T'), "{time}");
    assert!(text_of(c, "#pf-receipt-next").await.contains("办理进度"));
    assert!(c.find(css("#pf-receipt-print")).await.is_ok());
    assert!(c.find(css("#pf-receipt-download")).await.is_ok());

    // Another day: the form again, empty (the draft went with the submit). Opened in another
    // program's form first, it is refused there.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "sh-municipal").await;
    look_up(c, &receipt, &secret).await;
    let alert = text_of(c, ".pf-alert").await;
    assert!(
        alert.contains("重庆市市级标准化试点示范项目") && alert.contains("该项目的表格中修改"),
        "{alert}"
    );
    choose_program(c, "cq-municipal").await;
    // Coming back, the form says it was submitted from this browser, with its number.
    let kept = text_of(c, "#pf-kept-receipt").await;
    assert!(kept.contains(&receipt), "{kept}");
    // The secret stays out of the browser unless the applicant ticks the box for it.
    let script = format!(
        "return !document.querySelector('#pf-kept-progress') \
            && !Object.values(localStorage).some(v => v.includes('{secret}'))"
    );
    assert_eq!(js(c, &script).await, true);
    look_up(c, &receipt, &secret).await;
    until(c, "return !!document.querySelector('#pf-progress')").await;
    // Where it stands, in words, and how it got there (办理进度), as notices write times;
    // nothing is opened for editing until the applicant asks.
    let status = text_of(c, "#pf-status").await;
    assert!(status.starts_with("办理状态：已受理"), "{status}");
    let steps = text_of(c, "#pf-progress-steps").await;
    assert!(
        steps.contains("已提交成功") && steps.contains("年") && !steps.contains('T'),
        "{steps}"
    );
    assert_eq!(
        js(
            c,
            "return document.querySelector('#pf-correcting') === null"
        )
        .await,
        true
    );
    open_correction(c).await;
    let name = c.find(css(&id_of("project.name"))).await.unwrap();
    let before = fixture("cq-municipal")["project"]["name"].clone();
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        before.as_str()
    );
    name.clear().await.unwrap();
    name.send_keys("更正后的项目名称").await.unwrap();
    leave_field(c).await;
    assert_eq!(submit(c).await, receipt);
    assert_eq!(text_of(c, ".pf-receipt h2").await, "修改已提交");

    let store = server.store().await;
    assert_eq!(store.count().await.unwrap(), 1);
    let stored = store.find_by_receipt(&receipt).await.unwrap().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.data["project"]["name"], "更正后的项目名称");
    assert_eq!(
        stored.attachments.len(),
        1,
        "the file not chosen again stays"
    );
    browser.close().await;
}

/// A long e-mail address, with nowhere to break.
const LONG_EMAIL: &str =
    "standardization.department.office@quality-research-institute.example.com.cn";

/// Fills the program's fixture in the page, with [`LONG_EMAIL`] for its contact address.
async fn fill_with_long_email(c: &fantoccini::Client, program: &str) {
    let page = Scope::Page(c);
    fill(&page, program, &["contacts.email"]).await;
    let email = Value::String(LONG_EMAIL.into());
    fill_one(&page, "contacts.email", &email, &[]).await;
}

/// The receipt leads to the submitted 申请书, which prints on A4 with its 回执编号 at the head
/// of every page; a long e-mail address and a phone number with its extension wrap inside their
/// cells on a phone. The box on the receipt keeps the secret in this browser: coming back, the
/// progress is one click away and 修改申请 opens the application; the record can be deleted.
#[tokio::test(flavor = "multi_thread")]
async fn the_submitted_application_prints_with_its_receipt_and_the_browser_keeps_what_it_is_asked_to()
 {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "cq-municipal").await;
    // The examples are this month's and today's, not a year long past.
    let today = shared::Date::in_shanghai(backend::clock::now());
    let placeholder = |path: &str| {
        format!(
            "return document.querySelector('{}').placeholder",
            id_of(path)
        )
    };
    let month = format!("例如 {}", today.year_month());
    assert_eq!(js(c, &placeholder("project.term.start")).await, month);
    assert_eq!(
        js(c, &placeholder("filled_on")).await,
        format!("例如 {today}")
    );
    fill_with_long_email(c, "cq-municipal").await;
    check(c).await;
    c.set_window_size(390, 844).await.unwrap();
    let overflowing = js(
        c,
        "return [...document.querySelectorAll('.pf-doc-table td, .pf-doc-table th')] \
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)",
    )
    .await;
    assert_eq!(
        overflowing,
        serde_json::json!([]),
        "cells overflow at 390 px"
    );
    let fits = "return document.documentElement.scrollWidth <= window.innerWidth";
    assert_eq!(js(c, fits).await, true);
    let receipt = confirm(c).await;
    // The receipt too: its secret, the longest line it has, stays in the phone's width.
    assert_eq!(
        js(c, fits).await,
        true,
        "the receipt scrolls sideways at 390 px"
    );
    c.set_window_size(1366, 900).await.unwrap();
    click(c, "#pf-receipt-keep").await;

    click(c, "#pf-receipt-paper").await;
    until(
        c,
        "return document.activeElement && document.activeElement.id === 'pf-paper'",
    )
    .await;
    let rules = "return document.adoptedStyleSheets \
        .some(s => [...s.cssRules].some(r => r.cssText.includes('回执编号')))";
    assert_eq!(js(c, rules).await, true);
    let pages = printed_with_receipt(c, &receipt).await;
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let all = pages.concat();
    assert!(all.contains(LONG_EMAIL) && all.contains("023-67881234转2527"));
    assert!(
        !all.contains("返回回执") && !all.contains("打印申请书"),
        "{all}"
    );
    click(c, "#pf-paper-back").await;
    until(
        c,
        "return document.activeElement && document.activeElement.id === 'pf-receipt'",
    )
    .await;
    // The page rule went with the 申请书: the receipt prints as itself.
    assert_eq!(js(c, rules).await, false);

    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "cq-municipal").await;
    click(c, "#pf-kept-progress").await;
    until(c, "return !!document.querySelector('#pf-progress')").await;
    assert!(
        text_of(c, "#pf-status")
            .await
            .starts_with("办理状态：已受理")
    );
    open_correction(c).await;

    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "cq-municipal").await;
    click(c, "#pf-kept-forget").await;
    until(c, "return !document.querySelector('#pf-kept-receipt')").await;
    assert_eq!(
        js(
            c,
            "return localStorage.getItem('pilot-receipt:cq-municipal')"
        )
        .await,
        Value::Null
    );
    browser.close().await;
}

/// The text of a PDF in the order it was drawn (`-raw`: table cells as written, not as the
/// extractor would guess columns), without whitespace.
fn pdf_text(path: &std::path::Path) -> String {
    pdf_pages(path).concat()
}

/// The check page of every program prints on A4 through WebDriver's print command, and its text
/// is the reviewers' DOCX of the same application as LibreOffice prints it, character for
/// character: the two renderers of the one document model agree.
#[tokio::test(flavor = "multi_thread")]
async fn every_programs_check_page_prints_as_its_form_and_as_its_word_file() {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    let dir = tempfile::tempdir().unwrap();
    let mut printed = Vec::new();
    for program in shared::PROGRAMS {
        c.goto(&format!("{}/", server.base)).await.unwrap();
        choose_program(c, program.id).await;
        // One of them with an e-mail address too long for its cell: it wraps on paper and in
        // Word alike, whole.
        let long = program.id == "cq-municipal";
        if long {
            fill_with_long_email(c, program.id).await;
        } else {
            fill(&Scope::Page(c), program.id, &[]).await;
        }
        check(c).await;
        let a4 = PrintConfiguration::builder()
            .size(PrintSize::A4)
            .build()
            .unwrap();
        let pdf = c.print(a4).await.unwrap();
        let path = dir.path().join(format!("{}.pdf", program.id));
        std::fs::write(&path, &pdf).unwrap();
        let text = pdf_text(&path);
        let mut app: shared::Application = serde_json::from_value(fixture(program.id)).unwrap();
        if long {
            app.contacts.email = LONG_EMAIL.into();
            assert!(text.contains(LONG_EMAIL), "{text}");
        }
        let today = shared::Date::new(2023, 8, 10).unwrap();
        let expected = shared::document::build(program, &shared::check(&app, today).application);
        let mut wanted: Vec<String> = expected.title.lines().map(str::to_owned).collect();
        wanted.extend([app.project.name.clone(), app.applicant.name.clone()]);
        wanted.extend(expected.parts.iter().map(|p| p.title.clone()));
        // The template's 填写说明 page and the guidance its cells print.
        wanted.push(expected.instructions_title.clone());
        wanted.extend(expected.instructions.iter().cloned());
        wanted.extend(
            expected
                .parts
                .iter()
                .flat_map(|p| &p.rows)
                .flatten()
                .map(|c| c.guide.clone()),
        );
        for want in wanted {
            let want: String = want.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                text.contains(&want),
                "{}: the PDF lacks {want}\n{text}",
                program.id
            );
        }
        // The buttons and notes around the form are not printed.
        assert!(!text.contains("确认提交"), "{}", program.id);
        assert!(!text.contains("修改"), "{}", program.id);
        let docx = backend::docx::render(&expected, "7KQ3-M9XA").unwrap();
        std::fs::write(dir.path().join(format!("{}.docx", program.id)), docx).unwrap();
        printed.push((program.id, text));
    }
    browser.close().await;

    // All six Word files in one LibreOffice run (its start-up is most of the time).
    let words = dir.path().join("word");
    let mut soffice = std::process::Command::new("soffice");
    soffice
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&words)
        .env("HOME", dir.path());
    for (id, _) in &printed {
        soffice.arg(dir.path().join(format!("{id}.docx")));
    }
    let out = soffice
        .output()
        .expect("LibreOffice (soffice; tests/run.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (id, page) in printed {
        let word = pdf_text(&words.join(format!("{id}.pdf")));
        // The Word file's pages are headed by the 回执编号 (a stored application's); the check
        // page, before submitting, has none yet. Otherwise the two are the same text.
        let heads = word.matches("回执编号：7KQ3-M9XA").count();
        assert!(
            heads >= 3,
            "{id}: every page headed by the receipt, {heads} found"
        );
        assert_eq!(
            word.replace("回执编号：7KQ3-M9XA", ""),
            page,
            "{id}: the Word file and the printed page differ"
        );
    }
}
