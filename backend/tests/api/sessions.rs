//! Reviewers signing in in a browser: a password and a TOTP code, the session cookie, its end,
//! the lock-out and the audit log; and the province's identity provider, against the real
//! OpenID provider tests/run.sh starts once per run (`oidc_…`).

use super::*;
use backend::configuration::ReviewerCommand;
use backend::signin::{session, totp};
use support::server::Options;

const PASSWORD: &str = "correct horse battery staple";

/// An account that signs in with `PASSWORD`; its TOTP secret, read from the `otpauth://` URI
/// `reviewer add` prints on a line of its own before the token on the last line.
async fn account(store: &Store, name: &str) -> String {
    let out = backend::admin::run(
        store,
        &Calls::load(None).unwrap(),
        ReviewerCommand::Add {
            name: name.into(),
            programs: vec!["national-hightech".into()],
            unit: None,
            expert: false,
            password_stdin: true,
        },
        Some(PASSWORD.into()),
    )
    .await
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let uri = lines
        .iter()
        .position(|l| l.starts_with("otpauth://totp/"))
        .expect("the URI on a line of its own");
    assert!(uri < lines.len() - 1, "the token stays last: {out}");
    assert!(lines.last().unwrap().starts_with("pr_"), "{out}");
    support::server::totp_secret(&out)
}

fn code_now(secret: &str) -> String {
    totp::code(secret, u64::try_from(backend::clock::now()).unwrap()).unwrap()
}

/// A code of the next step: good once the current one has been used.
fn next_code(secret: &str) -> String {
    totp::code(
        secret,
        u64::try_from(backend::clock::now()).unwrap() + totp::PERIOD,
    )
    .unwrap()
}

fn sign_in(account: &str, password: &str, code: &str) -> Request<Body> {
    let body = json!({ "account": account, "password": password, "code": code });
    Request::post("/api/v1/session")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The cookie a `Set-Cookie` answer gives, as a request sends it back.
fn cookie_of(reply: &Reply) -> String {
    let set = reply.headers["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_reviewer_signs_in_with_a_password_and_a_code_and_out_again() {
    let t = test_app().await;
    let secret = account(&t.store, "hightech-1").await;

    // A wrong password and a wrong code get the very same answer.
    let wrong_password = t
        .send(sign_in(
            "hightech-1",
            "not the password",
            &code_now(&secret),
        ))
        .await;
    let wrong_code = t.send(sign_in("hightech-1", PASSWORD, "000000")).await;
    let no_account = t
        .send(sign_in("nobody", PASSWORD, &code_now(&secret)))
        .await;
    for reply in [&wrong_password, &wrong_code, &no_account] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json()["errors"][0]["code"], "sign_in_failed");
        assert!(reply.headers.get("set-cookie").is_none());
    }
    assert_eq!(wrong_password.body, wrong_code.body);
    assert_eq!(wrong_password.body, no_account.body);

    let code = code_now(&secret);
    let signed = t.send(sign_in("hightech-1", PASSWORD, &code)).await;
    assert_eq!(signed.status, StatusCode::NO_CONTENT, "{:?}", signed.json());
    let set = signed.headers["set-cookie"].to_str().unwrap();
    for part in [
        "pilot_session=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=43200",
    ] {
        assert!(set.contains(part), "{set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP: {set}");
    let cookie = cookie_of(&signed);

    let me = t.get("/api/v1/me", &[("cookie", &cookie)]).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["name"], "hightech-1");
    let current = t.get("/api/v1/session", &[("cookie", &cookie)]).await;
    assert_eq!(
        current.json(),
        json!({ "account": "hightech-1", "oidc": false })
    );

    // The code just used is not good again, even with the password.
    let replay = t.send(sign_in("hightech-1", PASSWORD, &code)).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    // The next one is.
    let again = t
        .send(sign_in("hightech-1", PASSWORD, &next_code(&secret)))
        .await;
    assert_eq!(again.status, StatusCode::NO_CONTENT);

    let out = t
        .send(
            Request::delete("/api/v1/session")
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(
        out.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let after = t.get("/api/v1/me", &[("cookie", &cookie)]).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let current = t.get("/api/v1/session", &[("cookie", &cookie)]).await;
    assert_eq!(current.json()["account"], Value::Null);

    // Every sign-in is in the audit log, failed ones with what failed.
    let log = t.store.audit_log().await.unwrap();
    let lines: Vec<(String, String, String)> = log
        .iter()
        .filter(|e| e.action.starts_with("sign_"))
        .map(|e| (e.actor.clone(), e.action.clone(), e.detail.clone()))
        .collect();
    let line = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    assert_eq!(
        lines,
        [
            line("hightech-1", "sign_in_failed", "password"),
            line("hightech-1", "sign_in_failed", "code"),
            line("nobody", "sign_in_failed", "password"),
            line("hightech-1", "sign_in", "password"),
            line("hightech-1", "sign_in_failed", "code"),
            line("hightech-1", "sign_in", "password"),
            line("hightech-1", "sign_out", ""),
        ]
    );
}

#[tokio::test]
async fn an_account_without_a_password_signs_in_only_with_its_token() {
    let t = test_app().await;
    let token = review::reviewer(&t, "script-1", &["national-hightech"], None).await;
    let refused = t.send(sign_in("script-1", "", "123456")).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["errors"][0]["code"], "sign_in_failed");
    // The bearer token still works, for scripts.
    let auth = format!("Bearer {token}");
    let me = t.get("/api/v1/me", &[("authorization", &auth)]).await;
    assert_eq!(me.status, StatusCode::OK);
    // And no identity provider is offered where none is configured.
    let oidc = t.get("/api/v1/session/oidc", &[]).await;
    assert_eq!(oidc.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_session_ends_when_idle_or_old_or_when_the_account_is_revoked() {
    let t = test_app().await;
    account(&t.store, "hightech-2").await;
    let reviewer = t.store.reviewer_named("hightech-2").await.unwrap().unwrap();
    let at = "2026-12-07T09:00:00+08:00";
    let start = 1_800_000_000;

    let idle = session::NewSession::generate();
    t.store
        .open_session(&reviewer, &idle, "password", start, at)
        .await
        .unwrap();
    assert!(
        t.store
            .session(&idle.hash, start + session::IDLE - 1)
            .await
            .unwrap()
            .is_some()
    );
    // Seen then, it lives another half hour from there.
    let later = start + 2 * session::IDLE - 2;
    assert!(t.store.session(&idle.hash, later).await.unwrap().is_some());
    assert!(
        t.store
            .session(&idle.hash, later + session::IDLE)
            .await
            .unwrap()
            .is_none()
    );

    // Busy all day, it ends at twelve hours all the same.
    let busy = session::NewSession::generate();
    t.store
        .open_session(&reviewer, &busy, "password", start, at)
        .await
        .unwrap();
    let mut now = start;
    while now + 20 * 60 < start + session::MAX {
        now += 20 * 60;
        assert!(
            t.store.session(&busy.hash, now).await.unwrap().is_some(),
            "{now}"
        );
    }
    assert!(
        t.store
            .session(&busy.hash, start + session::MAX)
            .await
            .unwrap()
            .is_none()
    );

    let revoked = session::NewSession::generate();
    t.store
        .open_session(&reviewer, &revoked, "password", start, at)
        .await
        .unwrap();
    backend::admin::run(
        &t.store,
        &t.calls,
        ReviewerCommand::Revoke {
            name: "hightech-2".into(),
        },
        None,
    )
    .await
    .unwrap();
    assert!(
        t.store
            .session(&revoked.hash, start + 1)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_new_password_ends_the_sessions_and_the_old_codes() {
    let t = test_app().await;
    let old = account(&t.store, "hightech-3").await;
    let signed = t
        .send(sign_in("hightech-3", PASSWORD, &code_now(&old)))
        .await;
    let cookie = cookie_of(&signed);
    let out = backend::admin::run(
        &t.store,
        &t.calls,
        ReviewerCommand::Password {
            name: "hightech-3".into(),
            password_stdin: true,
        },
        Some("another long passphrase".into()),
    )
    .await
    .unwrap();
    let uri = out.lines().last().unwrap();
    assert!(uri.starts_with("otpauth://totp/"), "{out}");
    let new = &support::server::totp_secret(&out);
    assert_ne!(new, &old);
    assert_eq!(
        t.get("/api/v1/me", &[("cookie", &cookie)]).await.status,
        StatusCode::UNAUTHORIZED
    );
    let with_old = t
        .send(sign_in(
            "hightech-3",
            "another long passphrase",
            &next_code(&old),
        ))
        .await;
    assert_eq!(with_old.status, StatusCode::UNAUTHORIZED);
    let with_new = t
        .send(sign_in(
            "hightech-3",
            "another long passphrase",
            &code_now(new),
        ))
        .await;
    assert_eq!(with_new.status, StatusCode::NO_CONTENT);
    // A short password is refused before anything is written.
    let short = backend::admin::password_from(&b"short\n"[..]).unwrap_err();
    assert!(short.contains("12"), "{short}");
    assert_eq!(
        backend::admin::password_from(&b"long enough pass\r\n"[..]).unwrap(),
        "long enough pass"
    );
}

#[tokio::test]
async fn sign_ins_past_the_limits_are_told_to_wait() {
    let server = TestServer::with(Options {
        limits: ServerLimits {
            sign_in_failures: 3,
            sign_in_failures_per_client: 5,
            ..ServerLimits::DEFAULT
        },
        ..Options::default()
    })
    .await;
    let store = server.store().await;
    let a = account(&store, "hightech-a").await;
    let b = account(&store, "hightech-b").await;
    let client = reqwest::Client::new();
    let post = |account: &str, password: &str, code: String| {
        client
            .post(format!("{}/api/v1/session", server.base))
            .json(&json!({ "account": account, "password": password, "code": code }))
            .send()
    };
    for _ in 0..3 {
        let r = post("hightech-a", "wrong password!", code_now(&a))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Past the account's limit, even the right password and code wait.
    let locked = post("hightech-a", PASSWORD, code_now(&a)).await.unwrap();
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "sign_in_locked");
    // Another account from the same client goes on, until the client's own limit.
    for _ in 0..2 {
        let r = post("hightech-b", "wrong password!", code_now(&b))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let client_locked = post("hightech-b", PASSWORD, code_now(&b)).await.unwrap();
    assert_eq!(client_locked.status(), StatusCode::TOO_MANY_REQUESTS);
    server.end().await;
}

#[tokio::test]
async fn behind_a_tls_proxy_the_cookie_is_secure() {
    let server = TestServer::with(Options {
        trusted_proxies: &["127.0.0.1/32"],
        ..Options::default()
    })
    .await;
    let secret = account(&server.store().await, "hightech-tls").await;
    let client = reqwest::Client::new();
    let signed = client
        .post(format!("{}/api/v1/session", server.base))
        .header("x-forwarded-proto", "https")
        .json(
            &json!({ "account": "hightech-tls", "password": PASSWORD, "code": code_now(&secret) }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::NO_CONTENT);
    let set = signed.headers()["set-cookie"].to_str().unwrap();
    assert!(set.ends_with("; Secure"), "{set}");
    server.end().await;
}

/// Signs in at the test provider's login page as `login`, from the server's
/// `/api/v1/session/oidc`; the page the browser ends on.
async fn through_the_provider(
    client: &reqwest::Client,
    base: &str,
    login: &str,
) -> reqwest::Response {
    let page = client
        .get(format!("{base}/api/v1/session/oidc"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let at = page.url().clone();
    assert!(
        at.as_str().starts_with(&support::server::oidc::issuer()),
        "{at}"
    );
    assert!(page.text().await.unwrap().contains("统一身份认证"));
    client
        .post(at)
        .form(&[("login", login)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn oidc_a_reviewer_signs_in_through_the_identity_provider() {
    let server = TestServer::with(Options {
        oidc: true,
        ..Options::default()
    })
    .await;
    let store = server.store().await;
    review_account(&store, "jc-oidc").await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();

    let current: Value = browser
        .get(format!("{}/api/v1/session", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(current, json!({ "account": null, "oidc": true }));

    let landed = through_the_provider(&browser, &server.base, "jc-oidc").await;
    assert_eq!(landed.url().as_str(), format!("{}/review", server.base));
    let me = browser
        .get(format!("{}/api/v1/me", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["name"], "jc-oidc");
    let log = store.audit_log().await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.actor == "jc-oidc" && e.action == "sign_in" && e.detail == "oidc"),
        "{log:?}"
    );

    // The provider vouches for an account this server does not have: no session.
    let stranger = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let landed = through_the_provider(&stranger, &server.base, "nobody-here").await;
    assert_eq!(
        landed.url().as_str(),
        format!("{}/review?sign_in=oidc_no_account", server.base)
    );
    let me = stranger
        .get(format!("{}/api/v1/me", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);

    // A callback this browser did not begin (a forged or replayed state) signs in no one.
    let forged = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!(
            "{}/api/v1/session/oidc/callback?code=abc&state=def",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::SEE_OTHER);
    assert_eq!(forged.headers()["location"], "/review?sign_in=oidc_refused");
    server.end().await;
}

/// An account for the identity provider only: no password.
async fn review_account(store: &Store, name: &str) {
    backend::admin::run(
        store,
        &Calls::load(None).unwrap(),
        ReviewerCommand::Add {
            name: name.into(),
            programs: vec!["national-hightech".into()],
            unit: None,
            expert: false,
            password_stdin: false,
        },
        None,
    )
    .await
    .unwrap();
}
