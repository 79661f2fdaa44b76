//! The deciding unit's reviewer at work, in Chromium, on a laptop (1366 px) and then on a phone
//! (390 px): signs in with a password and a code, reads the 申请书 before acting, compares the
//! applicant's correction with the version before it, keeps a note, is stopped at the field
//! where a refusal lacks its reason, confirms the decision, downloads the selection and the
//! 立项名单; on the phone every view fits without sideways scrolling, the list is cards, and the
//! second decision is made with the keyboard alone.

use backend::calls::Calls;
use backend::configuration::ReviewerCommand;
use fantoccini::Client;
use serde_json::Value;
use tests::{Browser, TestServer, fixture};

use crate::review::{CHAIN, account, code_now};
use crate::support::{axe, click, js, press, text_of, until};

const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';
const SHIFT: char = '\u{E008}';
const RELEASE: char = '\u{E000}';

/// Runs `script` (its arguments `args`) as an async fetch in the page; what `done` got.
pub(crate) async fn in_page(c: &Client, script: &str, args: Vec<Value>) -> Value {
    c.execute_async(script, args).await.unwrap()
}

/// A token-only account of the chain's `unit`, for the steps done through the API.
pub(crate) async fn token_of(server: &TestServer, name: &str, unit: &str) -> String {
    let out = backend::admin::run(
        &server.store().await,
        &Calls::parse(CHAIN).unwrap(),
        ReviewerCommand::Add {
            name: name.into(),
            programs: vec!["sx-provincial".into()],
            unit: Some(unit.into()),
            expert: false,
            password_stdin: false,
        },
        None,
    )
    .await
    .unwrap();
    out.lines().last().unwrap().to_owned()
}

/// Submits the fixture under `name` in the chain's call, received by 泽州; (id, receipt, secret).
async fn submit(c: &Client, name: &str) -> (String, String, String) {
    let mut app = fixture("sx-provincial");
    app["call"] = "sx-chain".into();
    app["units"]["receiving"] = "泽州县市场监督管理局".into();
    app["project"]["name"] = name.into();
    let stored = in_page(
        c,
        "const [body, done] = arguments;
         fetch('/api/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
           .then(r => r.json()).then(done);",
        vec![Value::String(app.to_string())],
    )
    .await;
    let text = |k: &str| {
        stored[k]
            .as_str()
            .unwrap_or_else(|| panic!("{stored}"))
            .to_owned()
    };
    (text("id"), text("receipt"), text("secret"))
}

/// A step of the chain on `id` through the API, as the unit whose token is `token`:
/// `method` on `/api/v1/submissions/{id}/{what}` with `body`. Its status.
pub(crate) async fn act(c: &Client, token: &str, id: &str, step: (&str, &str), body: Value) -> u64 {
    let (method, what) = step;
    let status = in_page(
        c,
        "const [token, method, path, body, done] = arguments;
         fetch(path, { method, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body })
           .then(r => done(r.status));",
        vec![
            token.into(),
            method.into(),
            format!("/api/v1/submissions/{id}/{what}").into(),
            body.to_string().into(),
        ],
    )
    .await;
    status.as_u64().unwrap()
}

/// Recommends `id` at the unit whose token is `token`.
async fn recommend(c: &Client, token: &str, id: &str) {
    let body = serde_json::json!({ "recommended": true });
    assert_eq!(
        act(c, token, id, ("PUT", "recommendation"), body).await,
        200
    );
}

/// Whether the page scrolls sideways.
async fn overflows(c: &Client) -> bool {
    js(
        c,
        "return document.documentElement.scrollWidth > window.innerWidth",
    )
    .await
        == Value::Bool(true)
}

async fn no_violations(c: &Client, state: &str) {
    let violations = axe(c).await;
    assert!(violations.is_empty(), "{state}: {violations:#?}");
}

/// Presses Tab until `condition` holds of the focused element (at most 120 times).
async fn tab_to(c: &Client, condition: &str) {
    for _ in 0..120 {
        press(c, TAB).await;
        let script = format!("const e = document.activeElement; return Boolean({condition});");
        if js(c, &script).await == Value::Bool(true) {
            return;
        }
    }
    panic!("Tab never reached {condition}");
}

#[tokio::test]
async fn a_decider_reads_compares_notes_and_decides_on_a_laptop_and_on_a_phone() {
    let server = TestServer::start_with_calls(Some(CHAIN)).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.set_window_size(1366, 900).await.unwrap();
    c.goto(&format!("{}/review", server.base)).await.unwrap();

    // Two applications reach the province through the county and the city; the first was
    // corrected once by its applicant before.
    let (a, receipt_a, secret_a) = submit(c, "晋城药茶标准化试点").await;
    let (b, receipt_b, _) = submit(c, "泽州山楂标准化试点").await;
    let mut corrected = fixture("sx-provincial");
    corrected["call"] = "sx-chain".into();
    corrected["units"]["receiving"] = "泽州县市场监督管理局".into();
    corrected["project"]["name"] = "晋城药茶种植加工标准化试点".into();
    let status = in_page(
        c,
        "const [receipt, secret, body, done] = arguments;
         fetch('/api/v1/receipts/' + receipt, { method: 'PUT', headers: { 'content-type': 'application/json', 'submission-secret': secret }, body })
           .then(r => done(r.status));",
        vec![
            Value::String(receipt_a.clone()),
            Value::String(secret_a.clone()),
            Value::String(corrected.to_string()),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let county = token_of(&server, "zezhou-api", "泽州县市场监督管理局").await;
    let city = token_of(&server, "jincheng-api", "晋城市市场监督管理局").await;
    for id in [&a, &b] {
        recommend(c, &county, id).await;
        recommend(c, &city, id).await;
    }
    let calls = Calls::parse(CHAIN).unwrap();
    let province = account(&server, &calls, "shanxi", Some("山西省市场监督管理局")).await;

    // Signing in.
    no_violations(c, "sign-in").await;
    assert!(!overflows(c).await);
    c.find(crate::support::css("#account"))
        .await
        .unwrap()
        .send_keys("shanxi")
        .await
        .unwrap();
    c.find(crate::support::css("#password"))
        .await
        .unwrap()
        .send_keys(crate::review::PASSWORD)
        .await
        .unwrap();
    c.find(crate::support::css("#code"))
        .await
        .unwrap()
        .send_keys(&code_now(&province))
        .await
        .unwrap();
    click(c, "#sign-in button[type=submit]").await;
    until(
        c,
        "return document.querySelectorAll('#rows tr').length === 2",
    )
    .await;
    assert!(text_of(c, "#who").await.contains("山西省市场监督管理局"));
    no_violations(c, "list").await;

    // Sorted by the project's name, the sort kept in the address.
    click(c, "th[data-sort=project] button").await;
    until(
        c,
        "return document.querySelector('th[data-sort=project]').getAttribute('aria-sort') === 'ascending'",
    )
    .await;
    assert_eq!(
        js(c, "return new URLSearchParams(location.search).get('sort')").await,
        "project"
    );
    // Both ticked, downloaded as one ZIP.
    for receipt in [&receipt_a, &receipt_b] {
        let script = format!(
            "document.querySelector('#rows input[aria-label^=\"选择 {receipt}\"]').click(); return true;"
        );
        js(c, &script).await;
    }
    assert_eq!(text_of(c, "#selected-count").await, "已选择 2 份");
    click(c, "#selected-zip").await;
    until(
        c,
        "return document.querySelector('#status').textContent.startsWith('已下载：所选申请材料.zip')",
    )
    .await;

    // The 申请书 first, the province's actions beside it.
    let open = format!(
        "const b = [...document.querySelectorAll('#rows button')].find(b => b.textContent === '{receipt_a}'); b.click(); return true;"
    );
    js(c, &open).await;
    until(c, "return !document.querySelector('#detail').hidden").await;
    assert_eq!(
        js(c, "const a = document.querySelector('.rv-file').getBoundingClientRect(), s = document.querySelector('.rv-actions').getBoundingClientRect(); return s.left >= a.right - 1 && s.top < a.bottom;").await,
        true
    );
    let meta = text_of(c, "#detail-meta").await;
    assert!(
        meta.contains("2021年省级标准化试点项目征集（晋城市）"),
        "{meta}"
    );
    assert_eq!(
        js(c, "const when = [...document.querySelectorAll('#detail-meta dt')].find(d => d.textContent === '提交时间').nextElementSibling.textContent; return /^\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}$/.test(when);").await,
        true
    );
    no_violations(c, "detail").await;

    // The correction beside the version before it, by the form's labels.
    click(c, "#detail-versions button").await;
    until(
        c,
        "return document.querySelector('#compare table') !== null",
    )
    .await;
    let compared = text_of(c, "#compare table").await;
    assert!(
        compared.contains("试点名称")
            && compared.contains("晋城药茶标准化试点")
            && compared.contains("晋城药茶种植加工标准化试点"),
        "{compared}"
    );
    no_violations(c, "compare").await;

    // A note for the province alone.
    c.find(crate::support::css("#note-text"))
        .await
        .unwrap()
        .send_keys("与晋城市局电话沟通：材料齐全。")
        .await
        .unwrap();
    click(c, "#notes-form button[type=submit]").await;
    until(
        c,
        "return document.querySelector('#notes-list').textContent.includes('材料齐全')",
    )
    .await;

    // 不予立项 without its reason: stopped at the field, not off-screen.
    click(c, "#decision-form input[value=rejected]").await;
    click(c, "#decision-form button[type=submit]").await;
    until(c, "return document.querySelector('#decision-reason-error') !== null && document.activeElement.id === 'decision-reason'").await;
    assert_eq!(
        js(
            c,
            "return document.querySelector('#decision-reason').getAttribute('aria-invalid')"
        )
        .await,
        "true"
    );
    assert_eq!(
        js(c, "return document.querySelector('#confirm').open").await,
        false
    );
    no_violations(c, "inline error").await;
    c.find(crate::support::css("#decision-reason"))
        .await
        .unwrap()
        .send_keys("试点内容与省级重点方向不符。")
        .await
        .unwrap();
    click(c, "#decision-form button[type=submit]").await;
    until(c, "return document.querySelector('#confirm').open").await;
    assert!(text_of(c, "#confirm-text").await.contains("最终决定"));
    no_violations(c, "confirmation").await;
    click(c, "#confirm-yes").await;
    until(
        c,
        "return document.querySelector('#detail-chain').textContent.includes('不予立项')",
    )
    .await;

    // The list tells it apart; the 立项名单 comes down.
    click(c, "#back").await;
    until(c, "return [...document.querySelectorAll('#rows tr')].some(r => r.textContent.includes('不予立项'))").await;
    click(c, "#decisions").await;
    until(
        c,
        "return document.querySelector('#status').textContent.startsWith('已下载：立项名单-sx-chain.xlsx')",
    )
    .await;

    // The applicant, looking it up, reads where it stands and how it got there; decided, it is
    // no longer opened for correcting.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    crate::support::choose_program(c, "sx-provincial").await;
    crate::forms::look_up(c, &receipt_a, &secret_a).await;
    until(c, "return !!document.querySelector('#pf-progress')").await;
    let progress = text_of(c, "#pf-progress").await;
    for step in [
        "已提交成功",
        "已修改并重新提交（第2版）",
        "已由泽州县市场监督管理局推荐上报",
        "经山西省市场监督管理局决定不予立项",
        "理由：试点内容与省级重点方向不符",
    ] {
        assert!(progress.contains(step), "{step}: {progress}");
    }
    assert_eq!(
        js(
            c,
            "return document.querySelector('#pf-correcting') === null \
                && document.querySelector('#pf-progress-edit') === null"
        )
        .await,
        true,
        "decided, it is read-only: no 修改申请"
    );
    c.goto(&format!("{}/review", server.base)).await.unwrap();
    until(
        c,
        "return document.querySelectorAll('#rows tr').length === 2",
    )
    .await;

    // On a phone: cards, nothing wider than the screen.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{}/review", server.base)).await.unwrap();
    until(
        c,
        "return document.querySelectorAll('#rows tr').length === 2",
    )
    .await;
    assert!(js(c, "return window.innerWidth").await.as_u64().unwrap() <= 400);
    assert!(!overflows(c).await, "the list scrolls sideways");
    assert_eq!(
        js(
            c,
            "return getComputedStyle(document.querySelector('#rows tr')).display"
        )
        .await,
        "block"
    );
    no_violations(c, "list on a phone").await;

    // The keyboard alone: to the second application, and 立项 for it, confirmed.
    js(c, "document.activeElement.blur(); return true;").await;
    tab_to(c, &format!("e.textContent === '{receipt_b}'")).await;
    press(c, ENTER).await;
    until(
        c,
        "return !document.querySelector('#detail').hidden && document.activeElement.id === 'detail-title'",
    )
    .await;
    assert!(!overflows(c).await, "the detail scrolls sideways");
    assert_eq!(
        js(c, "const a = document.querySelector('.rv-file').getBoundingClientRect(), s = document.querySelector('.rv-actions').getBoundingClientRect(); return s.top >= a.bottom - 1;").await,
        true
    );
    tab_to(c, "e.closest('#decision-form') && e.type === 'submit'").await;
    press(c, ENTER).await;
    until(
        c,
        "return document.querySelector('#confirm').open && document.activeElement.id === 'confirm-no'",
    )
    .await;
    press(c, format!("{SHIFT}{TAB}{RELEASE}")).await;
    assert_eq!(
        js(c, "return document.activeElement.id").await,
        "confirm-yes"
    );
    press(c, ENTER).await;
    until(
        c,
        "return document.querySelector('#detail-chain').textContent.includes('山西省市场监督管理局：立项')",
    )
    .await;
    assert!(!overflows(c).await);
    no_violations(c, "decided on a phone").await;

    // Signed out, the session is gone.
    click(c, "#sign-out").await;
    until(c, "return !document.querySelector('#sign-in').hidden").await;
    let after = in_page(
        c,
        "const [done] = arguments; fetch('/api/v1/me').then(r => done(r.status));",
        vec![],
    )
    .await;
    assert_eq!(after, 401);
    assert!(!overflows(c).await);
    browser.close().await;
}

/// Signs in at the test provider's page as `login`, from the reviewers' page's button.
async fn through_the_provider(c: &Client, base: &str, login: &str) {
    c.goto(&format!("{base}/review")).await.unwrap();
    until(c, "return !document.querySelector('#oidc').hidden").await;
    click(c, "#oidc a").await;
    until(
        c,
        "return document.querySelector('input[name=login]') !== null",
    )
    .await;
    c.find(crate::support::css("input[name=login]"))
        .await
        .unwrap()
        .send_keys(login)
        .await
        .unwrap();
    click(c, "button[type=submit]").await;
    until(
        c,
        "return location.pathname === '/review' && document.readyState === 'complete'",
    )
    .await;
}

#[tokio::test]
async fn oidc_a_reviewer_signs_in_through_the_province_s_identity_provider() {
    let server = TestServer::with(support::server::Options {
        calls: Some(CHAIN),
        oidc: true,
        ..Default::default()
    })
    .await;
    token_of(&server, "jincheng-oidc", "晋城市市场监督管理局").await;
    let browser = Browser::start().await;
    let c = &browser.client;

    // An account the provider knows and this server does not: told so, on the page.
    through_the_provider(c, &server.base, "stranger").await;
    until(
        c,
        "return document.querySelector('#sign-in-error').textContent.includes('没有对应的审核账号')",
    )
    .await;
    assert_eq!(js(c, "return location.search").await, "");
    no_violations(c, "refused by OIDC").await;
    browser.close().await;

    // The provider remembers who signed in there (single sign-on): another person, another
    // browser.
    let browser = Browser::start().await;
    let c = &browser.client;
    through_the_provider(c, &server.base, "jincheng-oidc").await;
    until(c, "return !document.querySelector('#list').hidden").await;
    let who = text_of(c, "#who").await;
    assert!(
        who.contains("jincheng-oidc") && who.contains("晋城市市场监督管理局"),
        "{who}"
    );
    browser.close().await;
}
