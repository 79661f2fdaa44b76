//! An applicant kept informed, end to end: submits in Chromium, reloads, is returned for
//! correction by the county, corrects, is recommended up the chain and decided, and at each
//! step gets one e-mail (through the real SMTP server tests/run.sh starts) and one signed
//! webhook call, and sees the step on the progress page; the receipt's 申请书 prints.

use std::time::Duration;

use backend::configuration::{NotifyConfig, ServerLimits};
use fantoccini::Client;
use serde_json::{Value, json};
use tests::{Browser, Options, TestServer, smtp, webhook::Receiver};

use crate::forms::{look_up, open_correction};
use crate::review::CHAIN;
use crate::support::*;
use crate::workplace::{act, token_of};

const SECRET: &str = "gateway-shared-secret";
const COUNTY: &str = "泽州县市场监督管理局";

/// Waits until `ready` holds, for at most 30 seconds.
async fn eventually(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..300 {
        if ready() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never: {what}");
}

/// After each step: one more e-mail and one more webhook call about `receipt` (`count` of each
/// in all), the newest of kind `kind`; the mail whose subject says `headline` and whose body
/// says `words`.
async fn told(hook: &Receiver, receipt: &str, count: usize, kind: &str, said: [&str; 2]) -> String {
    let folder = smtp::folder();
    eventually(&format!("{kind}: mail {count}"), || {
        smtp::messages_for(&folder, receipt).len() >= count
    })
    .await;
    eventually(&format!("{kind}: webhook {count}"), || {
        hook.kinds(receipt).len() >= count
    })
    .await;
    assert_eq!(hook.kinds(receipt).last().map(String::as_str), Some(kind));
    let mails = smtp::messages_for(&folder, receipt);
    assert_eq!(mails.len(), count, "{mails:#?}");
    let [headline, words] = said;
    mails
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().contains(headline))
        .map(|m| m["body"].as_str().unwrap().to_owned())
        .find(|body| body.contains(words))
        .unwrap_or_else(|| panic!("{headline} {words}: {mails:#?}"))
}

/// The progress page's steps, looked up with the receipt and secret on a fresh form.
async fn progress(c: &Client, base: &str, receipt: &str, secret: &str) -> String {
    c.goto(&format!("{base}/")).await.unwrap();
    choose_program(c, "sx-provincial").await;
    look_up(c, receipt, secret).await;
    until(c, "return !!document.querySelector('#pf-progress')").await;
    text_of(c, "#pf-progress").await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_applicant_is_told_of_each_step_by_mail_webhook_and_progress_page() {
    let hook = Receiver::start(0).await;
    let server = TestServer::with(Options {
        calls: Some(CHAIN),
        notify: NotifyConfig {
            smtp_url: Some(smtp::url()),
            mail_from: Some("山西省标准化申报 <noreply@scjgj.example.gov.cn>".into()),
            webhook_url: Some(hook.url.clone()),
            webhook_secret: Some(SECRET.into()),
        },
        limits: ServerLimits {
            notify_retry: 1,
            ..ServerLimits::DEFAULT
        },
        ..Options::default()
    })
    .await;
    let base = server.base.clone();
    let browser = Browser::start().await;
    let c = &browser.client;

    // Submitted in the form, as a person would.
    c.goto(&format!("{base}/")).await.unwrap();
    choose_program(c, "sx-provincial").await;
    let page = Scope::Page(c);
    fill(&page, "sx-provincial", &["units.receiving"]).await;
    fill_one(&page, "units.receiving", &Value::String(COUNTY.into()), &[]).await;
    let receipt = submit(c).await;
    let secret = text_of(c, "#pf-receipt-secret").await;
    let body = told(&hook, &receipt, 1, "received", ["已受理", &receipt]).await;
    assert!(!body.contains(&secret), "{body}");
    let to = fixture_email();
    let mails = smtp::messages_for(&smtp::folder(), &receipt);
    assert_eq!(mails[0]["to"], json!([to]));
    // The receipt's 申请书 is there to print.
    click(c, "#pf-receipt-paper").await;
    until(c, "return !!document.querySelector('#pf-paper-print')").await;

    // Reloaded: the form says what this browser submitted.
    c.refresh().await.unwrap();
    choose_program(c, "sx-provincial").await;
    assert!(text_of(c, "#pf-kept-receipt").await.contains(&receipt));

    // The county returns it for correction, with a reason and a deadline.
    let id = server
        .store()
        .await
        .find_by_receipt(&receipt)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let county = token_of(&server, "zz", COUNTY).await;
    let city = token_of(&server, "jc", "晋城市市场监督管理局").await;
    let province = token_of(&server, "sx", "山西省市场监督管理局").await;
    let reason = "请补充近三年的标准化工作成效";
    let body = json!({ "reason": reason, "correct_by": "2099-01-15" });
    assert_eq!(act(c, &county, &id, ("POST", "return"), body).await, 200);
    let text = told(&hook, &receipt, 2, "returned", ["退回补正", reason]).await;
    assert!(
        text.contains("2099年1月15日24时") && text.contains(COUNTY),
        "{text}"
    );
    let seen = progress(c, &base, &receipt, &secret).await;
    assert!(
        seen.contains(reason) && seen.contains("2099年1月15日24时"),
        "{seen}"
    );

    // The applicant corrects it from the progress page.
    open_correction(c).await;
    let name = c.find(css(&id_of("project.name"))).await.unwrap();
    name.clear().await.unwrap();
    name.send_keys("晋城药茶种植加工标准化试点").await.unwrap();
    leave_field(c).await;
    assert_eq!(submit(c).await, receipt);
    told(&hook, &receipt, 3, "corrected", ["已修改", "第2版"]).await;

    // Recommended by the county and the city, approved by the province.
    let yes = || json!({ "recommended": true });
    assert_eq!(
        act(c, &county, &id, ("PUT", "recommendation"), yes()).await,
        200
    );
    told(&hook, &receipt, 4, "recommended", ["已推荐", COUNTY]).await;
    assert_eq!(
        act(c, &city, &id, ("PUT", "recommendation"), yes()).await,
        200
    );
    told(
        &hook,
        &receipt,
        5,
        "recommended",
        ["已推荐", "晋城市市场监督管理局"],
    )
    .await;
    let decision = json!({ "decision": "approved" });
    assert_eq!(
        act(c, &province, &id, ("PUT", "decision"), decision).await,
        200
    );
    told(
        &hook,
        &receipt,
        6,
        "approved",
        ["已立项", "山西省市场监督管理局"],
    )
    .await;

    // Each step on the progress page, read-only now.
    let seen = progress(c, &base, &receipt, &secret).await;
    for step in [
        "已提交成功",
        "被泽州县市场监督管理局退回补正",
        "已修改并重新提交（第2版）",
        "已由晋城市市场监督管理局推荐上报",
        "经山西省市场监督管理局决定予以立项",
    ] {
        assert!(seen.contains(step), "{step}: {seen}");
    }
    let editable = "return !!document.querySelector('#pf-progress-edit')";
    assert_eq!(js(c, editable).await, false);

    // Nothing came twice; every call is signed over its raw body.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(smtp::messages_for(&smtp::folder(), &receipt).len(), 6);
    let delivered = hook.delivered(&receipt);
    assert_eq!(delivered.len(), 6);
    for d in delivered {
        assert_eq!(
            d.signature,
            backend::notify::webhook::signature(SECRET, &d.raw)
        );
    }
    browser.close().await;
}

/// The contact address the sx-provincial fixture gives, where the mail goes.
fn fixture_email() -> String {
    tests::fixture("sx-provincial")["contacts"]["email"]
        .as_str()
        .unwrap()
        .to_owned()
}
