//! Drafts: kept in the browser across a reload, carried exactly through a file, cleared by a
//! submission; a file that is not a draft of this program changes nothing; an older draft is
//! converted and says so.

use serde_json::{Value, json};
use tests::{Browser, TestServer, fixture};

use crate::support::*;

const PROGRAM: &str = "sx-provincial";
/// Where the standalone page (no call named) keeps Shanxi's draft.
const KEY: &str = "pilot-draft:sx-provincial:";

async fn kept(c: &fantoccini::Client) -> Value {
    let text = js(c, &format!("return localStorage.getItem('{KEY}')")).await;
    text.as_str()
        .map_or(Value::Null, |t| serde_json::from_str(t).unwrap())
}

/// Catches the files the form offers to save, to read them back.
async fn catch_saved_files(c: &fantoccini::Client) {
    js(
        c,
        "window.savedDrafts = [];
         const create = URL.createObjectURL;
         URL.createObjectURL = blob => { window.savedDrafts.push(blob); return create.call(URL, blob); };",
    )
    .await;
}

/// Presses "保存到文件" and returns the file's text.
async fn save_to_file(c: &fantoccini::Client) -> String {
    catch_saved_files(c).await;
    click(c, "#pf-draft-save").await;
    let text = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.savedDrafts[0].text().then(done);",
            vec![],
        )
        .await
        .unwrap();
    text.as_str().unwrap().to_owned()
}

/// Opens the file through "从文件打开" and waits for what the form says of it (each file here
/// is answered with other words than the one before).
async fn open_file(c: &fantoccini::Client, path: &std::path::Path) {
    let message = "document.querySelector('#pf-draft-message').textContent";
    let before = js(c, &format!("return {message}")).await;
    c.find(css("#pf-draft-open"))
        .await
        .unwrap()
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
    until(c, &format!("return {message} !== {before}")).await;
}

async fn value_of(c: &fantoccini::Client, path: &str) -> Value {
    js(
        c,
        &format!("return document.querySelector('{}').value", id_of(path)),
    )
    .await
}

/// Every value the fixture has is in `app` (which also has the keys the fixture leaves out).
fn holds(app: &Value, fixture: &Value) {
    let mut expected = Vec::new();
    leaves("", fixture, &mut expected);
    for (path, value) in expected {
        let pointer = format!("/{}", path.replace('.', "/"));
        assert_eq!(app.pointer(&pointer), Some(&value), "{path}");
    }
}

/// The parts of a draft that must survive any trip: the answers and what was typed.
fn answers(draft: &Value) -> (Value, Value) {
    (draft["application"].clone(), draft["typed"].clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reload_restores_the_draft_a_file_carries_it_exactly_and_a_submit_clears_it() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    let app = fixture(PROGRAM);
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, PROGRAM).await;
    fill(&Scope::Page(c), PROGRAM, &[]).await;
    // The last thing ticked is the consent: kept a moment later.
    let consent = format!(
        "const d = localStorage.getItem('{KEY}'); return !!d && JSON.parse(d).application.privacy_consent === true"
    );
    until(c, &consent).await;
    let in_browser = kept(c).await;
    assert_eq!(in_browser["format"], "pilot-draft");
    assert_eq!(in_browser["schema_version"], shared::SCHEMA_VERSION);
    holds(&in_browser["application"], &app);

    // A reload offers it before the form, which shows only once the applicant has answered.
    c.refresh().await.unwrap();
    choose_program(c, PROGRAM).await;
    let offer = text_of(c, "#pf-draft-offer-title").await;
    assert!(
        offer.starts_with("继续填写 20") && offer.ends_with("保存的草稿？"),
        "{offer}"
    );
    assert!(
        c.find_all(css(&id_of("applicant.name")))
            .await
            .unwrap()
            .is_empty()
    );
    click(c, "#pf-draft-resume").await;
    let said = text_of(c, "#pf-draft-message").await;
    assert!(said.starts_with("已载入本浏览器中的草稿"), "{said}");
    assert_eq!(
        value_of(c, "applicant.name").await,
        app["applicant"]["name"]
    );
    assert_eq!(
        value_of(c, "plan.1.content").await,
        app["plan"][1]["content"]
    );
    let not_kept = text_of(c, "#pf-attachments-not-kept").await;
    assert!(not_kept.contains("草稿不保存附件"), "{not_kept}");

    // Saved to a file: the same answers as the browser kept.
    let file = save_to_file(c).await;
    let saved: Value = serde_json::from_str(&file).unwrap();
    assert_eq!(answers(&saved), answers(&in_browser));

    // Starting again forgets the browser's draft; opening the file brings it all back.
    c.refresh().await.unwrap();
    choose_program(c, PROGRAM).await;
    click(c, "#pf-draft-discard").await;
    assert_eq!(kept(c).await, Value::Null);
    assert_eq!(value_of(c, "applicant.name").await, "");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("申报草稿.json");
    std::fs::write(&path, &file).unwrap();
    open_file(c, &path).await;
    let said = text_of(c, "#pf-draft-message").await;
    assert!(said.starts_with("已载入草稿文件“申报草稿.json”"), "{said}");
    assert_eq!(
        value_of(c, "applicant.name").await,
        app["applicant"]["name"]
    );
    let again: Value = serde_json::from_str(&save_to_file(c).await).unwrap();
    assert_eq!(answers(&again), answers(&saved));

    // Submitted (the files picked again), the draft has served its purpose.
    attach(&Scope::Page(c), PROGRAM).await;
    let receipt = submit(c).await;
    assert_eq!(receipt.len(), 9);
    until(c, &format!("return localStorage.getItem('{KEY}') === null")).await;
    let stored = server
        .store()
        .await
        .find_by_receipt(&receipt)
        .await
        .unwrap()
        .unwrap();
    // (Stored as the server normalizes it: the plan and names are as typed.)
    assert_eq!(stored.data["plan"], app["plan"]);
    assert_eq!(stored.data["project"]["name"], app["project"]["name"]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_a_draft_of_this_program_changes_nothing() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, PROGRAM).await;
    let name = id_of("applicant.name");
    c.find(css(&name))
        .await
        .unwrap()
        .send_keys("太原某某有限公司")
        .await
        .unwrap();
    leave_field(c).await;
    let typed = format!(
        "const d = localStorage.getItem('{KEY}'); return !!d && JSON.parse(d).application.applicant.name === '太原某某有限公司'"
    );
    until(c, &typed).await;
    let before = kept(c).await;

    let dir = tempfile::tempdir().unwrap();
    let draft = |program: &str, version: u32, application: Value| {
        json!({"format": "pilot-draft", "schema_version": version, "program": program,
               "saved_at": 1_763_880_000_000u64, "application": application})
        .to_string()
    };
    let foreign = [
        ("notes.txt", "这不是草稿".to_owned(), "不是申报草稿"),
        (
            "valid.json",
            fixture(PROGRAM).to_string(),
            "不是本系统保存的申报草稿",
        ),
        (
            "chongqing.json",
            draft("cq-municipal", 2, json!({"program": "cq-municipal"})),
            "重庆市市级标准化试点示范项目",
        ),
        (
            "newer.json",
            draft(PROGRAM, 99, json!({"program": PROGRAM})),
            "更新版本",
        ),
        (
            "damaged.json",
            draft(
                PROGRAM,
                2,
                json!({"program": PROGRAM, "applicant": {"name": 7}}),
            ),
            "已损坏（applicant.name）",
        ),
    ];
    for (file, text, said) in foreign {
        let path = dir.path().join(file);
        std::fs::write(&path, text).unwrap();
        open_file(c, &path).await;
        let message = c.find(css("#pf-draft-message")).await.unwrap();
        let shown = message.text().await.unwrap();
        assert!(
            shown.contains(said) && shown.contains("表格未作任何改动"),
            "{file}: {shown}"
        );
        assert_eq!(
            message.attr("class").await.unwrap().as_deref(),
            Some("pf-error"),
            "{file}"
        );
        assert_eq!(
            value_of(c, "applicant.name").await,
            "太原某某有限公司",
            "{file}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        assert_eq!(
            kept(c).await,
            before,
            "{file}: the browser's draft is untouched"
        );
    }

    // A draft saved by the form's first version: each row named its one kind of work as its
    // stage; it now ticks it. A key the form no longer has is said to be left out.
    let old = draft(
        PROGRAM,
        1,
        json!({"program": PROGRAM, "applicant": {"name": "旧版单位"}, "retired_key": "x",
               "plan": [{"stage": "宣传培训", "start": "2026-01", "end": "2026-03", "content": "培训"}]}),
    );
    let path = dir.path().join("old.json");
    std::fs::write(&path, old).unwrap();
    open_file(c, &path).await;
    let said = text_of(c, "#pf-draft-message").await;
    assert!(
        said.contains("第 1 版") && said.contains("1 项内容"),
        "{said}"
    );
    assert_eq!(value_of(c, "applicant.name").await, "旧版单位");
    let ticked = format!(
        "return document.querySelector('{}').checked",
        id_of("plan.0.covers.宣传培训")
    );
    assert_eq!(js(c, &ticked).await, Value::Bool(true));

    // A kept draft this form cannot read is set aside, not overwritten by the next autosave.
    let newer = draft(PROGRAM, 99, json!({"program": PROGRAM}));
    let put = format!("localStorage.setItem('{KEY}', {})", json!(newer));
    js(c, &put).await;
    c.refresh().await.unwrap();
    choose_program(c, PROGRAM).await;
    let said = text_of(c, "#pf-draft-message").await;
    assert!(
        said.contains("无法打开") && said.contains("已另存"),
        "{said}"
    );
    let aside = js(
        c,
        &format!("return localStorage.getItem('{KEY}:unreadable')"),
    )
    .await;
    assert_eq!(aside, Value::String(newer));
    browser.close().await;
}
