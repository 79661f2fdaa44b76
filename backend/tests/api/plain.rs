//! The form without script (`POST /embed/{program}`): a browser that runs none fills the
//! server's form, adds a row, is refused with the error summary, corrects, checks the 申请书,
//! confirms and gets the receipt, its files posted once; other sites' posts are refused.

use super::*;

/// A program whose plan has rows to add.
const PROGRAM: &str = "sx-provincial";

/// A multipart body of `pairs` and `files` (key, file name, bytes), as a browser posts a form.
fn form_body(pairs: &[(String, String)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in pairs {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (key, name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{key}\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Posts the form as a browser on the server's own page does (it says `same-origin`).
async fn post_form(
    t: &TestApp,
    pairs: &[(String, String)],
    files: &[(&str, &str, &[u8])],
    headers: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut req = Request::post(format!("/embed/{PROGRAM}")).header(
        "content-type",
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let reply = t
        .send(req.body(Body::from(form_body(pairs, files))).unwrap())
        .await;
    assert_eq!(
        reply.headers["cache-control"], "no-store",
        "a page answering a post is never cached"
    );
    // The same security headers as the form's own pages.
    let csp = reply.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("form-action 'self'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert_eq!(reply.headers["referrer-policy"], "no-referrer");
    (reply.status, String::from_utf8(reply.body).unwrap())
}

const SAME: &[(&str, &str)] = &[("sec-fetch-site", "same-origin")];

/// The form as the server's page posts it: what it holds (hidden and filled), the button.
fn form_of(html: &str) -> Vec<(String, String)> {
    let form = &html[html.find("class=\"pf-form").expect("the page has the form")..];
    support::html::posted_pairs(form)
}

fn with(mut pairs: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    pairs.retain(|(k, _)| k != name);
    pairs.push((name.into(), value.into()));
    pairs
}

async fn db(t: &TestApp) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::AnyConnection::connect(&t.url).await.unwrap()
}

async fn submissions(t: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(&mut db(t).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn without_script_an_applicant_corrects_checks_and_submits_with_the_files_posted_once() {
    let t = test_app().await;
    let page = t.get(&format!("/embed/{PROGRAM}"), &[]).await;
    let page = String::from_utf8(page.body).unwrap();
    let served = form_of(&page);
    let program = shared::programs::find(PROGRAM).unwrap();
    let mut app: shared::Application = serde_json::from_str(vectors::fixture(PROGRAM)).unwrap();
    let call = served.iter().find(|(k, _)| k == "call").unwrap().1.clone();
    app.call = call;
    // Filled with one mistake (the credit code's check character), the file chosen.
    let mut wrong = app.clone();
    wrong.applicant.credit_code.pop();
    wrong.applicant.credit_code.push('0');
    let mut pairs = shared::posted::pairs(program, &wrong, &[]);
    pairs.extend(served.iter().filter(|(k, _)| k == "pf-token").cloned());
    let files = vectors::attachments(PROGRAM);

    // 添加一行: the form again, one more plan row, the file held and named.
    let rows = app.plan.len();
    let (status, html) = post_form(
        &t,
        &with(pairs.clone(), "pf-action", "add:plan"),
        &files,
        SAME,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("name=\"plan.{rows}.start\"")),
        "the row was added"
    );
    let (key, file_name, bytes) = files[0];
    assert!(
        html.contains(&format!("已上传：{file_name}")),
        "the file is held"
    );
    let held = form_of(&html);
    assert!(held.iter().any(|(k, _)| *k == format!("held.{key}")));
    // 删除 the row again.
    let (_, html) = post_form(
        &t,
        &with(held, "pf-action", &format!("remove:plan.{rows}")),
        &[],
        SAME,
    )
    .await;
    assert!(!html.contains(&format!("name=\"plan.{rows}.start\"")));
    let again = form_of(&html);

    // 核对申请书: refused, the summary first, the error at its field, the file still held.
    let (status, html) = post_form(&t, &again, &[], SAME).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"pf-summary\""), "{html}");
    assert!(html.contains("href=\"#f-applicant-credit_code\""));
    assert!(html.contains("id=\"f-applicant-credit_code-error\""));
    assert!(html.contains(&format!("已上传：{file_name}")));

    // Corrected: the check page, which carries everything on.
    let corrected = with(
        form_of(&html),
        "applicant.credit_code",
        &app.applicant.credit_code,
    );
    let (status, html) = post_form(&t, &corrected, &[], SAME).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("请核对申请书"), "{html}");
    let check = &html[html.find("pf-plain-check").unwrap()..];
    let carried = support::html::posted_pairs(check);
    let read = shared::posted::read(
        program,
        carried.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    );
    assert_eq!(read.application, app);
    assert_eq!(
        submissions(&t).await,
        0,
        "nothing is stored before 确认提交"
    );

    // 确认提交: the receipt, the file stored with it; the same post again (a reload) stores
    // nothing twice and shows the same receipt.
    let confirm = with(carried, "pf-action", "confirm");
    let (status, html) = post_form(&t, &confirm, &[], SAME).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("申请已提交"), "{html}");
    let code = &html[html.find("id=\"pf-receipt-code\"").unwrap()..];
    let code = &code[code.find('>').unwrap() + 1..code.find("</p>").unwrap()];
    assert!(html.contains("pf-receipt-secret"));
    let (_, again) = post_form(&t, &confirm, &[], SAME).await;
    assert!(again.contains(code));
    assert_eq!(submissions(&t).await, 1);
    let stored: (String, i64) = sqlx::query_as(
        "SELECT a.file_name, a.size FROM attachments a JOIN submissions s ON s.id = a.submission_id \
         WHERE s.receipt = $1",
    )
    .bind(code)
    .fetch_one(&mut db(&t).await)
    .await
    .unwrap();
    assert_eq!(stored.0, file_name);
    assert_eq!(stored.1 as usize, bytes.len());

    // 打印申请书: the application as stored, headed with its receipt on every printed page by
    // the one inline rule the page's CSP allows by its hash.
    let form = &html[html
        .find("class=\"pf-plain-paper")
        .expect("the receipt leads to the 申请书")..];
    let form = &form[..form.find("</form>").unwrap()];
    let asked = with(support::html::posted_pairs(form), "pf-action", "paper");
    let (status, paper) = post_form(&t, &asked, &[], SAME).await;
    assert_eq!(status, StatusCode::OK, "{paper}");
    assert!(
        paper.contains(&format!("申请书（回执编号 {code}）")),
        "{paper}"
    );
    assert!(paper.contains(&app.applicant.name) && paper.contains(&app.project.name));
    assert!(paper.contains("Ctrl+P"), "the page says how to print it");
    let style = &paper[paper.find("<style>").unwrap() + 7..paper.find("</style>").unwrap()];
    assert!(style.contains(&format!("回执编号：{code}")), "{style}");
    let csp = post_csp(&t, &asked).await;
    let hash = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style))
    };
    assert!(
        csp.contains(&format!("style-src 'self' 'sha256-{hash}'")),
        "{csp}"
    );

    // A wrong secret shows nothing of it, and says so.
    let wrong = with(asked, "secret", "WRONG-SECRET");
    let (status, refused) = post_form(&t, &wrong, &[], SAME).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        refused.contains(shared::progress::WRONG_SECRET),
        "{refused}"
    );
    assert!(!refused.contains(&app.applicant.name));
}

/// The CSP of the page answering `pairs`.
async fn post_csp(t: &TestApp, pairs: &[(String, String)]) -> String {
    let req = Request::post(format!("/embed/{PROGRAM}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("sec-fetch-site", "same-origin");
    let reply = t
        .send(req.body(Body::from(form_body(pairs, &[]))).unwrap())
        .await;
    reply.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_post_from_another_site_or_without_the_pages_token_is_refused() {
    let t = test_app().await;
    let page = String::from_utf8(t.get(&format!("/embed/{PROGRAM}"), &[]).await.body).unwrap();
    let served = form_of(&page);
    let token = served
        .iter()
        .find(|(k, _)| k == "pf-token")
        .unwrap()
        .1
        .clone();
    assert_eq!(token.len(), 32);
    let blank: Vec<_> = served
        .into_iter()
        .filter(|(k, _)| k != "pf-token")
        .collect();
    for headers in [
        &[("origin", "https://evil.example")][..],
        &[("sec-fetch-site", "cross-site")][..],
        &[("origin", "null"), ("sec-fetch-site", "cross-site")][..],
        // `null` alone says nothing: the token is required.
        &[("origin", "null")][..],
        // Neither header: the token is required.
        &[][..],
    ] {
        let (status, html) = post_form(&t, &blank, &[], headers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(html.contains("不是从本系统的申报页面提交的"));
    }
    let (status, _) = post_form(
        &t,
        &with(blank.clone(), "pf-token", "0".repeat(32).as_str()),
        &[],
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a wrong token");
    // Our own page's post says `Origin: null` (its Referrer-Policy is no-referrer) and
    // `Sec-Fetch-Site: same-origin`.
    let own = [("origin", "null"), ("sec-fetch-site", "same-origin")];
    let (status, _) = post_form(&t, &blank, &[], &own).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // With the page's token, the old browser's post is taken (the blank form, refused by the
    // rules, not by where it came from).
    let (status, html) = post_form(&t, &with(blank, "pf-token", &token), &[], &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"pf-summary\""));
}

/// A file held for a form goes after its day: the next page no longer names it.
#[tokio::test]
async fn held_files_are_forgotten_after_a_day() {
    let t = test_app().await;
    let program = shared::programs::find(PROGRAM).unwrap();
    let app: shared::Application = serde_json::from_str(vectors::fixture(PROGRAM)).unwrap();
    let pairs = with(
        shared::posted::pairs(program, &app, &[]),
        "pf-action",
        "add:plan",
    );
    let files = vectors::attachments(PROGRAM);
    let (_, html) = post_form(&t, &pairs, &files, SAME).await;
    let held = form_of(&html);
    let now = backend::clock::now();
    assert_eq!(t.store.forget_held(now).await.unwrap(), 0, "not yet");
    let later = now + backend::store::HELD_SECS + 1;
    assert_eq!(t.store.forget_held(later).await.unwrap(), 1);
    let (_, html) = post_form(&t, &held, &[], SAME).await;
    assert!(
        !html.contains("已上传："),
        "the page names no file the server no longer holds"
    );
}

/// The standalone page's picker works without script: it asks `/` for the program chosen.
#[tokio::test]
async fn the_standalone_page_shows_the_program_asked_for() {
    let t = test_app().await;
    let page = t.get("/?program=sx-provincial", &[]).await;
    let html = String::from_utf8(page.body).unwrap();
    assert!(
        html.contains("<option value=\"sx-provincial\" selected"),
        "{}",
        &html[..200]
    );
    assert!(
        html.contains("\"id\":\"sx-provincial\""),
        "the page carries its definition"
    );
    let first = String::from_utf8(t.get("/?program=nowhere", &[]).await.body).unwrap();
    let id = shared::PROGRAMS[0].id;
    assert!(first.contains(&format!("\"id\":\"{id}\"")));
}

/// A file the rules refuse anyway is not held, and its own message says why: too large, or of
/// no format the program takes (recognized by content, not by name).
#[tokio::test]
async fn a_file_too_large_or_of_no_format_is_answered_by_its_rule_and_not_held() {
    let t = test_app().await;
    let program = shared::programs::find(PROGRAM).unwrap();
    let mut app: shared::Application = serde_json::from_str(vectors::fixture(PROGRAM)).unwrap();
    let served = String::from_utf8(t.get(&format!("/embed/{PROGRAM}"), &[]).await.body).unwrap();
    app.call = form_of(&served)
        .into_iter()
        .find(|(k, _)| k == "call")
        .unwrap()
        .1;
    let pairs = shared::posted::pairs(program, &app, &[]);
    let (key, _, pdf) = vectors::attachments(PROGRAM)[0];
    let mut large = pdf.to_vec();
    large.resize(shared::rules::attachments::MAX_BYTES + 1, b' ');
    let error = format!("id=\"f-attachments-{key}-error\"");
    for (file, said) in [
        (&large[..], "附件不能超过 20 MB"),
        (&b"MZ\x90\x00 not a document"[..], "附件应为 PDF"),
    ] {
        let (status, html) = post_form(&t, &pairs, &[(key, "申报材料.pdf", file)], SAME).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(&error), "the file's field says why");
        assert!(html.contains(said));
        assert!(!html.contains("已上传："), "not held");
    }
}
