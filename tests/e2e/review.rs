//! The reviewers' page in Chromium against the real server: a reviewer signs in with the
//! password and the code of the account the operator's command made, filters, opens an
//! application and downloads its files.

use backend::calls::Calls;
use backend::configuration::ReviewerCommand;
use serde_json::Value;
use tests::{Browser, TestServer, fixture};

use crate::support::{axe, click, js, text_of, until};

pub(crate) const PASSWORD: &str = "审核人员的长密码 2026";

/// An account made by the operator's command with `--password-stdin`, in `calls`: its TOTP
/// secret, read from the `otpauth://` URI it prints.
pub(crate) async fn account(
    server: &TestServer,
    calls: &Calls,
    name: &str,
    unit: Option<&str>,
) -> String {
    let out = backend::admin::run(
        &server.store().await,
        calls,
        ReviewerCommand::Add {
            name: name.into(),
            programs: vec!["sx-provincial".into()],
            unit: unit.map(Into::into),
            expert: false,
            password_stdin: true,
        },
        Some(PASSWORD.into()),
    )
    .await
    .unwrap();
    support::server::totp_secret(&out)
}

/// The code an authenticator app shows now.
pub(crate) fn code_now(secret: &str) -> String {
    let now = u64::try_from(backend::clock::now()).unwrap();
    backend::signin::totp::code(secret, now).unwrap()
}

/// Types into a field of the page.
async fn type_in(c: &fantoccini::Client, selector: &str, text: &str) {
    let field = c.find(crate::support::css(selector)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Signs in on the page with the account's password and its code now, and waits for the list.
async fn sign_in(c: &fantoccini::Client, name: &str, secret: &str) {
    type_in(c, "#account", name).await;
    type_in(c, "#password", PASSWORD).await;
    type_in(c, "#code", &code_now(secret)).await;
    click(c, "#sign-in button[type=submit]").await;
    until(c, "return !document.querySelector('#list').hidden").await;
}

/// Submits `program`'s fixture through the browser's own fetch, as JSON; its receipt.
async fn submit(c: &fantoccini::Client, program: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut app = fixture(program);
    edit(&mut app);
    let reply = c
        .execute_async(
            "const [body, done] = arguments;
             fetch('/api/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
               .then(r => r.json()).then(j => done(j.receipt || JSON.stringify(j)));",
            vec![Value::String(app.to_string())],
        )
        .await
        .unwrap();
    reply.as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_reviewer_signs_in_filters_opens_an_application_and_downloads_it() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/review", server.base)).await.unwrap();

    let first = submit(c, "sx-provincial", |_| {}).await;
    let second = submit(c, "sx-provincial", |app| {
        app["project"]["name"] = "山西老陈醋酿造标准化试点".into();
    })
    .await;
    assert_eq!(first.len(), 9, "{first}");
    assert_eq!(second.len(), 9, "{second}");
    let secret = account(&server, &Calls::load(None).unwrap(), "shanxi-1", None).await;

    // A wrong code is refused in words, at once, and the list stays hidden.
    type_in(c, "#account", "shanxi-1").await;
    type_in(c, "#password", PASSWORD).await;
    type_in(c, "#code", "000000").await;
    click(c, "#sign-in button[type=submit]").await;
    until(
        c,
        "return document.querySelector('#sign-in-error').textContent.includes('不正确')",
    )
    .await;
    assert_eq!(
        js(c, "return document.querySelector('#list').hidden").await,
        true
    );
    assert!(axe(c).await.is_empty());

    sign_in(c, "shanxi-1", &secret).await;
    until(
        c,
        "return document.querySelectorAll('#rows tr').length === 2",
    )
    .await;
    // The header says who is signed in, for which unit and program.
    let who = text_of(c, "#who").await;
    assert!(
        who.contains("shanxi-1") && who.contains("山西省省级标准化试点项目"),
        "{who}"
    );
    assert_eq!(text_of(c, "#count").await, "共 2 份申请");

    // Filtering by words of the project's name leaves the one.
    c.find(crate::support::css("#filter-q"))
        .await
        .unwrap()
        .send_keys("老陈醋")
        .await
        .unwrap();
    click(c, "#filters button[type=submit]").await;
    until(
        c,
        "return document.querySelectorAll('#rows tr').length === 1",
    )
    .await;
    assert_eq!(text_of(c, "#rows tr td:nth-child(2)").await, second);
    // The filter is in the address, to be bookmarked.
    assert_eq!(
        js(c, "return new URLSearchParams(location.search).get('q')").await,
        "老陈醋"
    );
    let violations = axe(c).await;
    assert!(violations.is_empty(), "{violations:#?}");

    // The application, laid out as its 申请书.
    click(c, "#rows button").await;
    until(c, "return !document.querySelector('#detail').hidden").await;
    assert_eq!(
        text_of(c, "#detail-title").await,
        "山西老陈醋酿造标准化试点"
    );
    let document = text_of(c, "#detail-document").await;
    assert!(document.contains("晋城市示例药茶有限公司"), "{document}");
    assert!(document.contains("一、承担单位基本信息"), "{document}");
    // As the form's table: the label beside its value in one row, the five opinion blocks in
    // cells of their own.
    assert_eq!(
        js(
            c,
            "return [...document.querySelectorAll('#detail-document tr')].some(r => r.cells[0].textContent === '单位名称' && r.cells[1].textContent === '晋城市示例药茶有限公司')"
        )
        .await,
        true
    );
    assert_eq!(
        js(
            c,
            "return document.querySelectorAll('#detail-document td.rv-opinion').length"
        )
        .await,
        5
    );

    // Its Word file comes down through the token.
    click(c, "#detail-files button").await;
    until(
        c,
        "return document.querySelector('#status').textContent.startsWith('已下载')",
    )
    .await;
    let said = text_of(c, "#status").await;
    assert!(said.contains(&format!("{second}-申请书.docx")), "{said}");

    // So do the exports, with the filter applied.
    click(c, "#back").await;
    until(c, "return !document.querySelector('#list').hidden").await;
    click(c, "[data-export=xlsx]").await;
    until(c, "return document.querySelector('#status').textContent.startsWith('已下载：submissions.xlsx')").await;

    // The audit log has the reviewer's every step.
    let log = server.store().await.audit_log().await.unwrap();
    let did: Vec<&str> = log
        .iter()
        .filter(|e| e.actor == "shanxi-1")
        .map(|e| e.action.as_str())
        .collect();
    assert!(
        did.contains(&"view") && did.contains(&"download") && did.contains(&"export_xlsx"),
        "{did:?}"
    );
    browser.close().await;
}

/// Shanxi's call in one city, at most 1 per domain here, so that the second is refused.
const ONE_PER_DOMAIN: &str = r#"
[[call]]
id = "sx-jincheng"
program = "sx-provincial"
year = 2021
title = "2021年省级标准化试点项目征集（晋城市）"
opens = 2020-01-01
units = ["晋城市市场监督管理局"]
[[call.quota]]
name = "每个领域"
max = 1
per = "domain"
"#;

#[tokio::test]
async fn a_units_reviewer_recommends_within_the_quota_and_sees_it_fill() {
    let server = TestServer::start_with_calls(Some(ONE_PER_DOMAIN)).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/review", server.base)).await.unwrap();
    let in_call = |app: &mut Value| app["call"] = "sx-jincheng".into();
    let first = submit(c, "sx-provincial", in_call).await;
    let second = submit(c, "sx-provincial", in_call).await;
    assert_eq!((first.len(), second.len()), (9, 9), "{first} {second}");
    let calls = Calls::parse(ONE_PER_DOMAIN).unwrap();
    let secret = account(&server, &calls, "jincheng", Some("晋城市市场监督管理局")).await;
    sign_in(c, "jincheng", &secret).await;
    // The unit's one call is chosen for it, and its quota shown.
    until(
        c,
        "return document.querySelector('#filter-call').value === 'sx-jincheng'",
    )
    .await;
    until(
        c,
        "return document.querySelector('#quotas').textContent.includes('0 / 1')",
    )
    .await;

    // The first is recommended, first in rank.
    let open = |receipt: String| async move {
        let script = format!(
            "const b = [...document.querySelectorAll('#rows button')].find(b => b.textContent === '{receipt}'); b.click(); return true;"
        );
        js(c, &script).await;
        until(c, "return !document.querySelector('#detail').hidden && !document.querySelector('#recommend-form').hidden").await;
    };
    open(first.clone()).await;
    click(c, "#recommend").await;
    until(
        c,
        "return document.querySelector('#status').textContent.startsWith('已推荐')",
    )
    .await;
    // The page says so at once, then reads the detail again: its state follows.
    until(
        c,
        "return document.querySelector('#recommend-state').textContent !== '尚未推荐。'",
    )
    .await;
    assert_eq!(
        text_of(c, "#recommend-state").await,
        "已推荐，排序第 1 位。"
    );
    let violations = axe(c).await;
    assert!(violations.is_empty(), "{violations:#?}");

    // The list counts it against the quota; the second in the same domain is refused, in words.
    click(c, "#back").await;
    until(c, "return document.querySelector('#quotas').textContent.includes('每个领域（农业农村）：已推荐 1 / 1')").await;
    open(second.clone()).await;
    click(c, "#recommend").await;
    // Refused, in words, in the form itself rather than off-screen at the top.
    until(
        c,
        "return document.querySelector('#recommend-form .rv-error')?.textContent.includes('已满') === true",
    )
    .await;
    let said = text_of(c, "#recommend-form .rv-error").await;
    assert!(said.contains(&first), "{said}");
    assert_eq!(text_of(c, "#recommend-state").await, "尚未推荐。");
    browser.close().await;
}

/// Shanxi's chain: two counties to 晋城, which recommends to the province.
pub(crate) const CHAIN: &str = r#"
[[call]]
id = "sx-chain"
program = "sx-provincial"
year = 2021
title = "2021年省级标准化试点项目征集（晋城市）"
opens = 2020-01-01
[[call.unit]]
name = "山西省市场监督管理局"
decides = true
opinion = "管理单位"
[[call.unit]]
name = "晋城市市场监督管理局"
parent = "山西省市场监督管理局"
opinion = "业务指导单位"
  [[call.unit.quota]]
  name = "每个领域"
  max = 2
  per = "domain"
[[call.unit]]
name = "泽州县市场监督管理局"
parent = "晋城市市场监督管理局"
receives = true
  [[call.unit.quota]]
  name = "至少申报一个"
  min = 1
[[call.unit]]
name = "晋城市城区市场监督管理局"
parent = "晋城市市场监督管理局"
receives = true
"#;

/// A reviewer of `unit` in the chain, through the operator's command; their TOTP secret.
async fn unit_reviewer(server: &TestServer, name: &str, unit: &str) -> String {
    account(server, &Calls::parse(CHAIN).unwrap(), name, Some(unit)).await
}

/// Opens the row with this receipt.
async fn open(c: &fantoccini::Client, receipt: &str) {
    let script = format!(
        "const b = [...document.querySelectorAll('#rows button')].find(b => b.textContent === '{receipt}'); if (!b) return false; b.click(); return true;"
    );
    until(c, &script).await;
    until(c, "return !document.querySelector('#detail').hidden").await;
}

/// A county's reviewer recommends on the page; the city's reviewer sees it, writes the city's
/// opinion into its block, and downloads its 本单位推荐汇总表, read back here.
#[tokio::test]
async fn a_county_recommends_and_the_city_writes_its_opinion_and_sends_its_summary() {
    use calamine::Reader;
    let server = TestServer::start_with_calls(Some(CHAIN)).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/review", server.base)).await.unwrap();
    let receipt = submit(c, "sx-provincial", |app| {
        app["call"] = "sx-chain".into();
        app["units"]["receiving"] = "泽州县市场监督管理局".into();
    })
    .await;
    assert_eq!(receipt.len(), 9, "{receipt}");
    let county = unit_reviewer(&server, "zezhou", "泽州县市场监督管理局").await;
    let city = unit_reviewer(&server, "jincheng", "晋城市市场监督管理局").await;

    // The county recommends it.
    sign_in(c, "zezhou", &county).await;
    until(
        c,
        "return document.querySelector('#quotas').textContent.includes('至少申报一个')",
    )
    .await;
    open(c, &receipt).await;
    click(c, "#recommend").await;
    until(
        c,
        "return document.querySelector('#recommend-state').textContent === '已推荐，排序第 1 位。'",
    )
    .await;
    click(c, "#sign-out").await;
    until(c, "return !document.querySelector('#sign-in').hidden").await;

    // The city sees it, with the county's quota met below it.
    sign_in(c, "jincheng", &city).await;
    until(c, "return document.querySelector('#quotas').textContent.includes('泽州县市场监督管理局 至少申报一个：1 / 至少 1（已满足）')").await;
    open(c, &receipt).await;
    assert!(
        text_of(c, "#detail-chain")
            .await
            .contains("泽州县市场监督管理局 已推荐")
    );
    // Its opinion goes into its block of the 申请书 (业务指导单位, its only one: no choice shown).
    assert_eq!(
        js(
            c,
            "return document.querySelector('#opinion-block-field').hidden"
        )
        .await,
        true
    );
    c.find(crate::support::css("#opinion-text"))
        .await
        .unwrap()
        .send_keys("同意推荐，请省局审定。")
        .await
        .unwrap();
    // It says where the words will print.
    assert!(text_of(c, "#opinion-where").await.contains("业务指导单位"));
    click(c, "#opinion-form button[type=submit]").await;
    until(c, "return [...document.querySelectorAll('#detail-document td.rv-opinion')].some(td => td.textContent.includes('同意推荐，请省局审定。') && td.textContent.includes('晋城市市场监督管理局'))").await;
    click(c, "#recommend").await;
    until(
        c,
        "return document.querySelector('#recommend-state').textContent === '已推荐，排序第 1 位。'",
    )
    .await;
    let violations = axe(c).await;
    assert!(violations.is_empty(), "{violations:#?}");

    // Its 本单位推荐汇总表 comes down through the token; the same file, read back.
    click(c, "#back").await;
    // The list shows (and the button with it) only once its quotas are read.
    until(
        c,
        "return !document.querySelector('#list').hidden && !document.querySelector('#summary').hidden",
    )
    .await;
    click(c, "#summary").await;
    until(c, "return document.querySelector('#status').textContent.startsWith('已下载：推荐汇总表-sx-chain.xlsx')").await;
    let bytes = c
        .execute_async(
            "const [done] = arguments;
             fetch('/api/v1/exports/summary.xlsx?call=sx-chain')
               .then(r => r.arrayBuffer()).then(b => done(Array.from(new Uint8Array(b))));",
            vec![],
        )
        .await
        .unwrap();
    let bytes: Vec<u8> = serde_json::from_value(bytes).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("推荐汇总表").unwrap();
    let cell = |r: u32, c: u32| {
        sheet
            .get((r as usize, c as usize))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert!(
        cell(0, 0).starts_with("晋城市市场监督管理局推荐汇总表"),
        "{}",
        cell(0, 0)
    );
    assert_eq!(
        (cell(1, 0), cell(1, 2)),
        ("序号".to_owned(), "项目名称".to_owned())
    );
    assert_eq!(cell(2, 0), "1");
    assert_eq!(
        cell(2, 2),
        fixture("sx-provincial")["project"]["name"]
            .as_str()
            .unwrap()
    );
    assert_eq!(cell(2, 12), "同意推荐，请省局审定。");
    browser.close().await;
}

/// A correction lands while the county's reviewer has the application open: recommending what
/// they read is refused with the version it is now, the page shows that version, and the
/// reviewer recommends it once they have it in front of them.
#[tokio::test]
async fn a_reviewer_acts_only_on_the_version_in_front_of_them() {
    let server = TestServer::start_with_calls(Some(CHAIN)).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/review", server.base)).await.unwrap();
    let mut app = fixture("sx-provincial");
    app["call"] = "sx-chain".into();
    app["units"]["receiving"] = "泽州县市场监督管理局".into();
    let stored = c
        .execute_async(
            "const [body, done] = arguments;
             fetch('/api/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
               .then(r => r.json()).then(done);",
            vec![Value::String(app.to_string())],
        )
        .await
        .unwrap();
    let receipt = stored["receipt"].as_str().unwrap().to_owned();
    let secret = stored["secret"].as_str().unwrap().to_owned();
    let county = unit_reviewer(&server, "zezhou", "泽州县市场监督管理局").await;
    sign_in(c, "zezhou", &county).await;
    open(c, &receipt).await;

    // The applicant corrects it meanwhile.
    app["project"]["name"] = "补正后的项目名称".into();
    let corrected = c
        .execute_async(
            "const [receipt, secret, body, done] = arguments;
             fetch('/api/v1/receipts/' + receipt, { method: 'PUT', headers: { 'content-type': 'application/json', 'submission-secret': secret }, body })
               .then(r => done(r.status));",
            vec![
                Value::String(receipt.clone()),
                Value::String(secret),
                Value::String(app.to_string()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(corrected, 200);

    click(c, "#recommend").await;
    until(
        c,
        "return document.querySelector('#status').textContent.includes('已更新为第2版')",
    )
    .await;
    // The page now shows the second version, not recommended.
    until(
        c,
        "return document.querySelector('#detail-title').textContent === '补正后的项目名称'",
    )
    .await;
    assert_eq!(text_of(c, "#recommend-state").await, "尚未推荐。");
    click(c, "#recommend").await;
    until(
        c,
        "return document.querySelector('#recommend-state').textContent === '已推荐，排序第 1 位。'",
    )
    .await;
}
