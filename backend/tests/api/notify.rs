//! Applicants kept informed: each step of the chain they may see is an event, written with an
//! outbox row per channel, and delivered by e-mail (to the real SMTP server tests/run.sh starts)
//! and by a signed webhook (to a real HTTP receiver here), once each, through a mail server and
//! a receiver that are down for a while and a server that restarts.

use std::sync::atomic::Ordering;
use std::time::Duration;

use backend::configuration::{NotifyConfig, ReviewerCommand};
use support::server::Options;
use support::webhook::Receiver;

use super::chain::{CITY, PROVINCE, ZEZHOU};
use super::*;

const SECRET: &str = "webhook-shared-secret-2026";

fn notify(smtp: &str, hook: &Receiver) -> NotifyConfig {
    NotifyConfig {
        smtp_url: Some(smtp.to_owned()),
        mail_from: Some("标准化申报 <noreply@scjgj.example.gov.cn>".into()),
        webhook_url: Some(hook.url.clone()),
        webhook_secret: Some(SECRET.into()),
    }
}

fn fast() -> ServerLimits {
    ServerLimits {
        notify_retry: 1,
        progress_sweep: 1,
        ..ServerLimits::DEFAULT
    }
}

/// Waits until `ready` holds, for at most 20 seconds.
async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never: {what}");
}

/// Bearer tokens for the chain's three levels.
async fn tokens(server: &TestServer, calls: &str) -> [String; 3] {
    let calls = Calls::parse(calls).unwrap();
    let store = server.store().await;
    let mut out = Vec::new();
    for (name, unit) in [("zz", ZEZHOU), ("jc", CITY), ("sx", PROVINCE)] {
        let printed = backend::admin::run(
            &store,
            &calls,
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
        out.push(format!("Bearer {}", printed.lines().last().unwrap()));
    }
    out.try_into().unwrap()
}

fn application(name: &str) -> Value {
    let mut app: Value = serde_json::from_str(vectors::fixture("sx-provincial")).unwrap();
    app["call"] = json!("sx-chain");
    app["units"]["receiving"] = json!(ZEZHOU);
    app["project"]["name"] = json!(name);
    app
}

/// Submits; (id, receipt, secret).
async fn submit(http: &reqwest::Client, base: &str, app: &Value) -> (String, String, String) {
    let reply = http
        .post(format!("{base}/api/v1/submissions"))
        .json(app)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::CREATED);
    let body: Value = reply.json().await.unwrap();
    let text = |k: &str| body[k].as_str().unwrap().to_owned();
    (text("id"), text("receipt"), text("secret"))
}

async fn act(http: &reqwest::Client, base: &str, auth: &str, id: &str, what: &str, body: Value) {
    let method = if what == "return" {
        reqwest::Method::POST
    } else {
        reqwest::Method::PUT
    };
    let reply = http
        .request(method, format!("{base}/api/v1/submissions/{id}/{what}"))
        .header("authorization", auth)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        reply.status().is_success(),
        "{what}: {}",
        reply.text().await.unwrap()
    );
}

async fn correct(http: &reqwest::Client, base: &str, receipt: &str, secret: &str, app: &Value) {
    let reply = http
        .put(format!("{base}/api/v1/receipts/{receipt}"))
        .header("submission-secret", secret)
        .json(app)
        .send()
        .await
        .unwrap();
    assert_eq!(
        reply.status(),
        StatusCode::OK,
        "{}",
        reply.text().await.unwrap()
    );
}

async fn progress(http: &reqwest::Client, base: &str, receipt: &str, secret: &str) -> Vec<String> {
    let body: Value = http
        .get(format!("{base}/api/v1/receipts/{receipt}"))
        .header("submission-secret", secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_step_reaches_the_applicant_once_by_mail_and_by_signed_webhook() {
    let calls = super::chain::calls("2099-05-10");
    let hook = Receiver::start(0).await;
    let server = TestServer::with(Options {
        calls: Some(&calls),
        notify: notify(&support::smtp::url(), &hook),
        limits: fast(),
        ..Options::default()
    })
    .await;
    let [county, city, province] = tokens(&server, &calls).await;
    let http = reqwest::Client::new();
    let base = server.base.clone();
    let app = application("晋城药茶标准化试点");
    let (id, receipt, secret) = submit(&http, &base, &app).await;

    act(
        &http,
        &base,
        &county,
        &id,
        "return",
        json!({ "reason": "请补充近三年的标准化工作成效", "correct_by": "2099-01-15" }),
    )
    .await;
    correct(
        &http,
        &base,
        &receipt,
        &secret,
        &application("晋城药茶种植加工标准化试点"),
    )
    .await;
    act(
        &http,
        &base,
        &county,
        &id,
        "recommendation",
        json!({ "recommended": true }),
    )
    .await;
    act(
        &http,
        &base,
        &city,
        &id,
        "recommendation",
        json!({ "recommended": true }),
    )
    .await;
    act(
        &http,
        &base,
        &province,
        &id,
        "decision",
        json!({ "decision": "approved" }),
    )
    .await;

    let steps = [
        "received",
        "returned",
        "corrected",
        "recommended",
        "recommended",
        "approved",
    ];
    assert_eq!(progress(&http, &base, &receipt, &secret).await, steps);
    let folder = support::smtp::folder();
    until("six messages", || {
        support::smtp::messages_for(&folder, &receipt).len() >= 6
    })
    .await;
    until("six webhook calls", || hook.kinds(&receipt).len() >= 6).await;
    // Nothing comes twice.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = support::smtp::messages_for(&folder, &receipt);
    assert_eq!(mails.len(), 6, "{mails:#?}");
    assert_eq!(hook.kinds(&receipt), steps);

    // The mail: to the form's contact address, in Chinese, with the reason and the deadline
    // as a notice writes it; never the secret.
    let to = app["contacts"]["email"].as_str().unwrap();
    assert!(mails.iter().all(|m| m["to"] == json!([to])), "{mails:#?}");
    let returned = mails
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("退回补正"))
        .expect("the return's message");
    let body = returned["body"].as_str().unwrap();
    assert!(body.contains("请补充近三年的标准化工作成效"), "{body}");
    assert!(body.contains("补正期限：2099年1月15日24时前"), "{body}");
    assert!(body.contains(&receipt) && body.contains(ZEZHOU), "{body}");
    assert!(mails.iter().all(|m| !m.to_string().contains(&secret)));
    let approved = mails
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("已立项"))
        .expect("the decision's message");
    assert!(approved["body"].as_str().unwrap().contains(PROVINCE));

    // The webhook: signed over the raw body, the event as the progress page has it.
    for d in hook
        .kept
        .lock()
        .unwrap()
        .iter()
        .filter(|d| d.body["receipt"] == receipt.as_str())
    {
        assert_eq!(
            d.signature,
            backend::notify::webhook::signature(SECRET, &d.raw)
        );
        assert_eq!(d.body["program"], "sx-provincial");
        assert_eq!(d.body["call"], "sx-chain");
        assert!(!d.delivery.is_empty());
    }
    let returned_hook = hook
        .kept
        .lock()
        .unwrap()
        .iter()
        .find(|d| d.body["event"]["kind"] == "returned")
        .cloned()
        .unwrap();
    assert_eq!(returned_hook.body["event"]["unit"], ZEZHOU);
    assert_eq!(
        returned_hook.body["event"]["correct_by"],
        "2099-01-16T00:00:00+08:00"
    );
    assert_eq!(hook.tried.load(Ordering::SeqCst), 6);
    server.end().await;
}

#[tokio::test]
async fn a_mail_server_and_a_webhook_that_are_down_delay_messages_and_lose_none_across_a_restart() {
    let calls = super::chain::calls("2099-05-10");
    let dir = tempfile::tempdir().unwrap();
    let (database, folder) = (dir.path().join("pilot.db"), dir.path().join("mail"));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let smtp = format!("smtp://127.0.0.1:{port}");
    // The receiver refuses its first three calls.
    let hook = Receiver::start(3).await;
    let options = || Options {
        calls: Some(&calls),
        database: Some(&database),
        notify: notify(&smtp, &hook),
        limits: fast(),
        metrics: true,
        ..Options::default()
    };
    let http = reqwest::Client::new();

    // The mail server is down: the submission goes through all the same.
    let first = TestServer::with(options()).await;
    let (_, receipt, secret) = submit(&http, &first.base, &application("泽州山楂标准化试点")).await;
    until("the receiver to be tried past its refusals", || {
        hook.kinds(&receipt).len() == 1
    })
    .await;
    assert!(support::smtp::messages_for(&folder, &receipt).is_empty());
    let metrics = http
        .get(first.metrics.clone().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"notifications_total{channel="mail",outcome="retried"}"#),
        "{metrics}"
    );
    first.end().await;

    // The mail server comes up; the server, started again, finds the message in its outbox.
    let mut mail = support::smtp::start_own(port, &folder).await;
    let second = TestServer::with(options()).await;
    until("the received message", || {
        support::smtp::messages_for(&folder, &receipt).len() == 1
    })
    .await;

    // Down again while the applicant corrects; up again, and the message follows once.
    mail.kill().await.unwrap();
    correct(
        &http,
        &second.base,
        &receipt,
        &secret,
        &application("泽州山楂种植标准化试点"),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(support::smtp::messages_for(&folder, &receipt).len(), 1);
    let _mail = support::smtp::start_own(port, &folder).await;
    until("the correction's message", || {
        support::smtp::messages_for(&folder, &receipt).len() == 2
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = support::smtp::messages_for(&folder, &receipt);
    assert_eq!(mails.len(), 2, "{mails:#?}");
    assert_eq!(hook.kinds(&receipt), ["received", "corrected"]);
    second.end().await;
}

#[tokio::test]
async fn a_unit_letting_its_time_pass_is_told_once() {
    // 泽州's time to recommend ended long ago.
    let calls = super::chain::calls("2020-06-01");
    let hook = Receiver::start(0).await;
    let server = TestServer::with(Options {
        calls: Some(&calls),
        notify: notify(&support::smtp::url(), &hook),
        limits: fast(),
        ..Options::default()
    })
    .await;
    let http = reqwest::Client::new();
    let (_, receipt, secret) =
        submit(&http, &server.base, &application("城区陶瓷标准化试点")).await;
    until("the sweep's not_recommended", || {
        hook.kinds(&receipt).contains(&"not_recommended".to_owned())
    })
    .await;
    // Swept again and again, it is recorded and sent once.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(hook.kinds(&receipt), ["received", "not_recommended"]);
    let events = progress(&http, &server.base, &receipt, &secret).await;
    assert_eq!(events, ["received", "not_recommended"]);
    let folder = support::smtp::folder();
    until("its message", || {
        support::smtp::messages_for(&folder, &receipt).len() == 2
    })
    .await;
    let mails = support::smtp::messages_for(&folder, &receipt);
    assert!(mails.iter().any(|m| {
        m["body"]
            .as_str()
            .unwrap()
            .contains("在推荐截止时间前未予推荐")
    }));
    server.end().await;
}
