//! The Chongqing application, end to end: a person types into the form in headless Chromium,
//! the real server checks and stores it, and the row is in the SQLite file.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::Value;
use tests::{Browser, DemoHost, TestServer, fixture};

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

/// Picks the program on the standalone page and waits for its form and its call.
async fn choose_program(c: &Client, program: &str) {
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(css("#pf-program"))
        .await
        .expect("the wasm form renders");
    c.find(css("#pf-program"))
        .await
        .unwrap()
        .select_by_value(program)
        .await
        .unwrap();
    until(
        c,
        &format!("return document.querySelector('#pf-program').value === '{program}'"),
    )
    .await;
    // The call comes from the server: the form says which one it answers.
    let call = text_of(c, "#pf-call").await;
    assert!(call.contains("不设截止时间"), "{call}");
}

fn fixtures_dir(program: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(program)
}

/// Where the form's elements are: the page itself, or an embedding host's shadow root.
enum Scope<'a> {
    Page(&'a Client),
    Shadow(&'a Client, fantoccini::elements::ShadowRoot),
}

impl Scope<'_> {
    fn client(&self) -> &Client {
        match self {
            Scope::Page(c) | Scope::Shadow(c, _) => c,
        }
    }

    /// The same root, for scripts.
    fn root_js(&self) -> &'static str {
        match self {
            Scope::Page(_) => "document",
            Scope::Shadow(..) => "document.querySelector('[data-pilot-form]').shadowRoot",
        }
    }

    async fn find(&self, selector: &str) -> fantoccini::elements::Element {
        let found = match self {
            Scope::Page(c) => c.find(css(selector)).await,
            Scope::Shadow(_, root) => root.find(css(selector)).await,
        };
        found.unwrap_or_else(|e| panic!("{selector}: {e}"))
    }

    async fn exists(&self, selector: &str) -> bool {
        let found = match self {
            Scope::Page(c) => c.find_all(css(selector)).await,
            Scope::Shadow(_, root) => root.find_all(css(selector)).await,
        };
        !found.unwrap().is_empty()
    }

    async fn click(&self, selector: &str) {
        self.find(selector).await.click().await.unwrap();
    }

    /// Presses an "add another" button and waits for the new row (`cell` is one of its
    /// fields) and for focus to have moved into it, so the next click lands where it aims.
    async fn add(&self, button: &str, cell: &str) {
        self.click(button).await;
        let root = self.root_js();
        let moved = format!(
            "return !!{root}.querySelector('{cell}') && {root}.activeElement !== {root}.querySelector('{button}')"
        );
        until(self.client(), &moved).await;
    }
}

/// Fills a program's form from its fixture as a person would: adds the rows the fixture has,
/// types, picks from lists, answers yes/no, ticks the declarations and consents, and attaches
/// the files kept beside the fixture. Paths in `skip` are left alone.
async fn fill(s: &Scope<'_>, program: &str, skip: &[&str]) {
    let app = fixture(program);
    let rows = |key: &str| app[key].as_array().map_or(0, Vec::len);
    let plan_rows = app["plan"].as_array().map_or(0, Vec::len);
    if s.exists("#pf-add-plan-row").await {
        for i in 1..plan_rows {
            s.add("#pf-add-plan-row", &id_of(&format!("plan.{i}.start")))
                .await;
        }
    }
    for i in 0..rows("standards") {
        s.add("#pf-add-standard", &id_of(&format!("standards.{i}.tier")))
            .await;
    }
    for i in 0..app["units"]["participants"].as_array().map_or(0, Vec::len) {
        s.add(
            "#pf-add-participant",
            &id_of(&format!("units.participants.{i}")),
        )
        .await;
    }
    let mut fields = Vec::new();
    leaves("", &app, &mut fields);
    // A field asked only once another is answered (high-tech's legal form, after the subject
    // kind) comes back in a second round.
    let mut later = Vec::new();
    for round in 0..2 {
        for (path, value) in std::mem::take(&mut fields) {
            if !fill_one(s, &path, &value, skip).await {
                assert!(round == 0, "{path}: not in the form");
                later.push((path, value));
            }
        }
        fields = std::mem::take(&mut later);
    }
    if let Some(declarations) = app["declarations"].as_object() {
        for key in declarations.keys() {
            s.click(&id_of(&format!("declarations.{key}"))).await;
        }
    }
    for entry in std::fs::read_dir(fixtures_dir(program)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            continue;
        }
        let key = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let input = id_of(&format!("attachments.{key}"));
        s.find(&input)
            .await
            .send_keys(path.to_str().unwrap())
            .await
            .unwrap();
        // The file is read and checked by content in the browser before it counts.
        let root = s.root_js();
        let attached = format!("return {root}.querySelector('{input}').files.length === 1");
        until(s.client(), &attached).await;
    }
    s.click("#f-privacy_consent").await;
}

/// Fills one leaf of the fixture as a person would; false if the form does not show it (yet).
async fn fill_one(s: &Scope<'_>, path: &str, value: &Value, skip: &[&str]) -> bool {
    let left_alone = ["program", "call", "privacy_consent"].contains(&path)
        || skip.contains(&path)
        || path.starts_with("declarations.")
        || *value == Value::String(String::new());
    if left_alone {
        return true;
    }
    // The kinds of work a plan row covers are ticked, one box per kind.
    let parts: Vec<&str> = path.split('.').collect();
    if let (["plan", row, "covers", _], Value::String(kind)) = (parts.as_slice(), value) {
        s.click(&format!("#f-plan-{row}-covers-{kind}")).await;
        return true;
    }
    let id = id_of(path);
    if !s.exists(&id).await {
        // The fixed stages of a plan are named by the form itself.
        return path.starts_with("plan.");
    }
    let el = s.find(&id).await;
    let tag = el.tag_name().await.unwrap();
    let kind = el.attr("type").await.unwrap().unwrap_or_default();
    match (value, tag.as_str(), kind.as_str()) {
        (Value::Bool(true), _, "checkbox") => el.click().await.unwrap(),
        (Value::Bool(b), _, "radio") => {
            s.click(&if *b { id.clone() } else { format!("{id}-no") })
                .await
        }
        (Value::String(v), "select", _) => {
            el.select_by_value(v)
                .await
                .unwrap_or_else(|e| panic!("{path}: {e}"));
        }
        (Value::String(v), _, _) => el.send_keys(v).await.unwrap(),
        (Value::Number(n), _, _) => el.send_keys(&n.to_string()).await.unwrap(),
        _ => panic!("unexpected {path}: {value}"),
    }
    true
}

/// Submits: the form shows the application as the official form, which is confirmed there.
async fn check(c: &Client) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    click(c, ".pf-submit").await;
    let shown = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(css("#pf-confirm"))
        .await;
    if shown.is_err() {
        let summary = js(c, "const s = document.querySelector('.pf-summary, .pf-alert'); return s ? s.innerText : 'no summary'").await;
        panic!("no check page; the page says: {summary}");
    }
}

/// Submits and returns the receipt number shown.
async fn submit(c: &Client) -> String {
    check(c).await;
    confirm(c).await
}

/// Confirms on the check page and returns the receipt number shown.
async fn confirm(c: &Client) -> String {
    click(c, "#pf-confirm").await;
    let receipt = c
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(css("#pf-receipt-code"))
        .await;
    match receipt {
        Ok(el) => el.text().await.unwrap(),
        Err(_) => {
            let summary = js(c, "const s = document.querySelector('.pf-summary, .pf-alert'); return s ? s.innerText : 'no summary'").await;
            panic!("no receipt; the page says: {summary}");
        }
    }
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
    browser.close().await;
}

/// A call whose deadline has passed: the form says so and will not submit.
#[tokio::test(flavor = "multi_thread")]
async fn a_closed_call_shows_its_deadline_and_blocks_submission() {
    let server = TestServer::start_with_calls(Some(
        "[[call]]\nid = 'sx-2021'\nprogram = 'sx-provincial'\nyear = 2021\ntitle = '2021年省级标准化试点'\n\
         opens = 2021-04-25\ncloses = 2021-05-10T17:00:00\n",
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
        call.contains("2021-05-10 17:00") && call.contains("截止"),
        "{call}"
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

/// The demo portal, whose origin the server allows, and the same portal on an origin it does
/// not; the server; a browser.
async fn portals() -> (DemoHost, DemoHost, TestServer, Browser) {
    let mut portal = DemoHost::bind().await;
    let mut stranger = DemoHost::bind().await;
    let server = TestServer::start_allowing(&[&portal.base]).await;
    portal.serve(&server.base);
    stranger.serve(&server.base);
    (portal, stranger, server, Browser::start().await)
}

/// A portal on another origin embeds the form with one script tag under a strict CSP: its
/// hostile CSS stops at the form, the form submits, and the host page hears of it. A page of
/// an origin the server does not allow loads the form's files but cannot reach the API.
#[tokio::test(flavor = "multi_thread")]
async fn a_portal_on_another_origin_embeds_the_form_and_submits() {
    let (portal, stranger, server, browser) = portals().await;
    let c = &browser.client;

    c.goto(&format!("{}/", portal.base)).await.unwrap();
    let root = "document.querySelector('[data-pilot-form]').shadowRoot";
    until(
        c,
        &format!("return !!{root} && !!{root}.querySelector('#pf-call')"),
    )
    .await;
    // The time an applicant waits, on localhost: from the loader starting to a form that
    // takes input (the wasm fetched, compiled and rendered).
    let tti = js(
        c,
        "return performance.measure('pilot:tti', 'pilot:loader', 'pilot:interactive').duration",
    )
    .await;
    let line = format!(
        "time to interactive form (localhost, embed.js start to rendered form): {:.0} ms\n",
        tti.as_f64().unwrap()
    );
    // tests/run.sh prints it at the end, beside the widget's size.
    std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/tti.txt"),
        &line,
    )
    .unwrap();
    js(
        c,
        "window.heard = [];
         const host = document.querySelector('[data-pilot-form]');
         for (const name of ['pilot:validity', 'pilot:submitted'])
           host.addEventListener(name, e => window.heard.push([name, e.detail]));",
    )
    .await;

    // A second form on the same page works on its own.
    let second = "document.querySelector('#second').shadowRoot";
    until(
        c,
        &format!("return !!{second} && {second}.querySelector('h1').textContent.includes('山西')"),
    )
    .await;

    // The portal's CSS is in force on the portal, and stops at the form.
    let style =
        |element: &str, property: &str| format!("return getComputedStyle({element}).{property}");
    let title = "document.querySelector('#portal-title')";
    assert_eq!(js(c, &style(title, "fontSize")).await, "40px");
    let label = format!("{root}.querySelector('.pf-field label')");
    assert_eq!(js(c, &style(&label, "fontSize")).await, "16px");
    assert_eq!(js(c, &style(&label, "letterSpacing")).await, "normal");
    assert_eq!(js(c, &style(&label, "color")).await, "rgb(11, 12, 12)");
    assert_eq!(js(c, &style(&label, "fontStyle")).await, "normal");
    let input = format!("{root}.querySelector('.pf-input')");
    assert_ne!(js(c, &style(&input, "display")).await, "none");
    assert_eq!(js(c, &style(&input, "borderTopStyle")).await, "solid");
    let hand_in = js(
        c,
        &format!("return {root}.querySelector('.pf-hand-in').textContent"),
    )
    .await;
    assert!(
        hand_in.as_str().unwrap().contains("省级市场监督管理部门"),
        "{hand_in}"
    );

    // Filled and submitted inside the shadow root, as a person would.
    let host = c.find(css("[data-pilot-form]")).await.unwrap();
    let scope = Scope::Shadow(c, host.shadow_root().await.unwrap());
    fill(&scope, "national-social-pilot", &[]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    scope.click(".pf-submit").await;
    until(c, &format!("return !!{root}.querySelector('#pf-confirm')")).await;
    scope.click("#pf-confirm").await;
    until(
        c,
        &format!("return !!{root}.querySelector('#pf-receipt-code')"),
    )
    .await;
    let receipt = js(
        c,
        &format!("return {root}.querySelector('#pf-receipt-code').textContent"),
    )
    .await;
    let receipt = receipt.as_str().unwrap();
    let stored = server.store().await.find_by_receipt(receipt).await.unwrap();
    assert_eq!(stored.expect("stored").program, "national-social-pilot");
    let heard = js(c, "return window.heard").await;
    let heard = heard.as_array().unwrap();
    let last_validity = heard
        .iter()
        .rev()
        .find(|e| e[0] == "pilot:validity")
        .unwrap();
    assert_eq!(last_validity[1]["errors"], 0, "{heard:?}");
    let submitted = heard.iter().find(|e| e[0] == "pilot:submitted").unwrap();
    assert_eq!(submitted[1]["receipt"], receipt);

    // A browser without WebAssembly is told which browsers work, not left with a blank box.
    c.goto(&format!("{}/old.html", portal.base)).await.unwrap();
    until(
        c,
        "return document.querySelector('#pilot').textContent.includes('浏览器版本过旧')",
    )
    .await;
    let note = js(c, "return document.querySelector('#pilot').textContent").await;
    assert!(note.as_str().unwrap().contains("Chrome"), "{note}");

    // Another origin: the files load, the API does not answer it.
    c.goto(&format!("{}/", stranger.base)).await.unwrap();
    until(
        c,
        &format!("return !!{root} && !!{root}.querySelector('.pf-alert')"),
    )
    .await;
    let alert = js(
        c,
        &format!("return {root}.querySelector('.pf-alert').textContent"),
    )
    .await;
    assert!(alert.as_str().unwrap().contains("网络连接失败"), "{alert}");
    let post = c
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 fetch('{}/api/v1/submissions', {{method: 'POST', headers: {{'content-type': 'application/json'}}, body: '{{}}'}})
                   .then(() => done('answered'), () => done('refused'));",
                server.base
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(post, "refused");
    browser.close().await;
}

/// The iframe alternative: the portal frames `/embed/{program}`, the form submits inside the
/// frame, and the portal hears its events and height by `postMessage`. A portal not allowed
/// cannot frame it at all.
#[tokio::test(flavor = "multi_thread")]
async fn a_portal_frames_the_form_and_hears_it() {
    // The server runs as long as its handle lives.
    let (portal, stranger, _server, browser) = portals().await;
    let c = &browser.client;

    c.goto(&format!("{}/frame.html", portal.base))
        .await
        .unwrap();
    until(
        c,
        "return window.heard.some(e => e[0] === 'pilot:height' && e[1].height > 1000)",
    )
    .await;
    c.enter_frame(0).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(css("#pf-call"))
        .await
        .expect("the framed form renders");
    fill(&Scope::Page(c), "national-social-pilot", &[]).await;
    let receipt = submit(c).await;
    c.enter_parent_frame().await.unwrap();
    until(
        c,
        &format!("return window.heard.some(e => e[0] === 'pilot:submitted' && e[1].receipt === '{receipt}')"),
    )
    .await;
    // The portal sized the frame to the form.
    let height = js(
        c,
        "return Number(document.getElementById('pilot-frame').height)",
    )
    .await;
    assert!(height.as_f64().unwrap() > 600.0, "{height}");

    // frame-ancestors keeps the form out of a portal that is not allowed.
    c.goto(&format!("{}/frame.html", stranger.base))
        .await
        .unwrap();
    // Time enough for the form to render had it been let in (it took well under that above).
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(js(c, "return window.heard.length").await, 0);
    c.enter_frame(0).await.unwrap();
    assert!(c.find_all(css(".pf-form")).await.unwrap().is_empty());
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

/// The WCAG 2.1 A and AA violations axe-core finds on the page as it is now (shadow roots
/// included), as `rule: target` lines.
async fn axe(c: &Client) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/tools/axe/node_modules/axe-core/axe.min.js"
    );
    let source = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}; bash tests/run.sh installs axe-core"));
    c.execute(&source, vec![]).await.unwrap();
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + JSON.stringify(n.target) + ' ' + n.failureSummary))),
                     e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// axe-core finds no WCAG 2.1 A/AA violation on the empty form, the form with its errors, the
/// receipt, and the demo portal with the form embedded.
#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_violation() {
    let mut portal = DemoHost::bind().await;
    let server = TestServer::start_allowing(&[&portal.base]).await;
    portal.serve(&server.base);
    let browser = Browser::start().await;
    let c = &browser.client;
    let mut found = Vec::new();

    c.goto(&format!("{}/", server.base)).await.unwrap();
    choose_program(c, "sx-provincial").await;
    found.extend(axe(c).await.into_iter().map(|v| format!("empty form: {v}")));
    click(c, ".pf-submit").await;
    text_of(c, ".pf-summary").await;
    found.extend(
        axe(c)
            .await
            .into_iter()
            .map(|v| format!("with errors: {v}")),
    );
    fill(&Scope::Page(c), "sx-provincial", &[]).await;
    check(c).await;
    found.extend(axe(c).await.into_iter().map(|v| format!("check page: {v}")));
    confirm(c).await;
    found.extend(axe(c).await.into_iter().map(|v| format!("receipt: {v}")));

    c.goto(&format!("{}/", portal.base)).await.unwrap();
    let root = "document.querySelector('[data-pilot-form]').shadowRoot";
    until(
        c,
        &format!("return !!{root} && !!{root}.querySelector('#pf-call')"),
    )
    .await;
    found.extend(axe(c).await.into_iter().map(|v| format!("portal: {v}")));
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The checker itself sees a violation when there is one: an input without a label.
    js(
        c,
        "document.body.appendChild(document.createElement('input')).id = 'unlabelled';",
    )
    .await;
    let control = axe(c).await;
    assert!(
        control.iter().any(|v| v.starts_with("label:")),
        "{control:?}"
    );
    browser.close().await;
}

/// Presses `key` on whatever has focus.
async fn press(c: &Client, key: impl ToString) {
    c.active_element()
        .await
        .unwrap()
        .send_keys(&key.to_string())
        .await
        .unwrap();
}

/// A whole application with the keyboard alone: Tab from field to field, type, Space for boxes,
/// arrows for choices, Enter on "add another" (which moves focus into the new row) and on
/// submit.
#[tokio::test(flavor = "multi_thread")]
async fn a_whole_application_with_the_keyboard_alone() {
    use fantoccini::key::Key;
    let program = "national-social-pilot";
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(c, "return !!document.querySelector('#pf-program')").await;

    let app = fixture(program);
    let mut values = Vec::new();
    leaves("", &app, &mut values);
    let value_at = |path: &str| {
        values
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.clone())
    };
    let mut rows_to_add = [
        (
            "pf-add-plan-row",
            app["plan"].as_array().map_or(0, Vec::len).saturating_sub(1),
        ),
        (
            "pf-add-participant",
            app["units"]["participants"].as_array().map_or(0, Vec::len),
        ),
    ];
    let mut submitted = false;
    // After "add another" focus is already on the new row's first field.
    let mut moved = false;
    for _ in 0..500 {
        if !std::mem::take(&mut moved) {
            press(c, Key::Tab).await;
        }
        let el = c.active_element().await.unwrap();
        let id = el.attr("id").await.unwrap().unwrap_or_default();
        let class = el.attr("class").await.unwrap().unwrap_or_default();
        // 核对申请书 opens the check page, whose heading takes focus; Tab goes on from there.
        if class.contains("pf-submit") && id != "pf-confirm" {
            press(c, Key::Enter).await;
            until(c, "return document.activeElement.id === 'pf-check'").await;
            continue;
        }
        if id == "pf-confirm" {
            press(c, Key::Enter).await;
            submitted = true;
            break;
        }
        if let Some((_, n)) = rows_to_add.iter_mut().find(|(b, n)| *b == id && *n > 0) {
            *n -= 1;
            press(c, Key::Enter).await;
            let on_button = format!("return document.activeElement.id === '{id}'");
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert_eq!(js(c, &on_button).await, false, "focus stayed on {id}");
            moved = true;
            continue;
        }
        let tag = el.tag_name().await.unwrap();
        if id == "pf-program" {
            // The picker: arrows down to the program.
            let target = shared::PROGRAMS
                .iter()
                .position(|p| p.id == program)
                .unwrap();
            for _ in 0..target {
                press(c, Key::Down).await;
            }
            until(c, "return !!document.querySelector('#pf-call')").await;
            continue;
        }
        let Some(path) = id.strip_prefix("f-").map(|p| p.replace('-', ".")) else {
            continue;
        };
        let kind = el.attr("type").await.unwrap().unwrap_or_default();
        match (tag.as_str(), kind.as_str(), value_at(&path)) {
            // A yes/no pair: focus lands on 是; the arrow moves to 否 and picks it.
            (_, "radio", Some(Value::Bool(yes))) => {
                press(c, if yes { Key::Space } else { Key::Right }).await
            }
            (_, "checkbox", Some(Value::Bool(true))) => press(c, Key::Space).await,
            (_, "checkbox", None) if path == "privacy_consent" => press(c, Key::Space).await,
            ("select", _, Some(Value::String(v))) => {
                let options = el.find_all(css("option")).await.unwrap();
                let mut at = 0;
                for (i, o) in options.iter().enumerate() {
                    if o.attr("value").await.unwrap().as_deref() == Some(v.as_str()) {
                        at = i;
                    }
                }
                for _ in 0..at {
                    press(c, Key::Down).await;
                }
            }
            (_, _, Some(Value::String(v))) if !v.is_empty() => press(c, v).await,
            (_, _, Some(Value::Number(n))) => press(c, n).await,
            _ => {}
        }
    }
    assert!(submitted, "never reached the submit button");
    let receipt = c
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(css("#pf-receipt-code"))
        .await;
    let Ok(receipt) = receipt else {
        let page = js(c, "const s = document.querySelector('.pf-summary, .pf-alert'); return s ? s.innerText : 'no summary'").await;
        panic!("no receipt; the page says: {page}");
    };
    let receipt = receipt.text().await.unwrap();
    let stored = server
        .store()
        .await
        .find_by_receipt(&receipt)
        .await
        .unwrap();
    let stored = stored.expect("stored");
    assert_eq!(stored.data["plan"], app["plan"]);
    assert_eq!(stored.data["units"], app["units"]);
    browser.close().await;
}

/// The check page of every program prints on A4 through WebDriver's print command, and the
/// PDF's text has the program's form title, its parts and the applicant's values.
#[tokio::test(flavor = "multi_thread")]
async fn every_programs_check_page_prints_as_its_form() {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    let dir = tempfile::tempdir().unwrap();
    for program in shared::PROGRAMS {
        c.goto(&format!("{}/", server.base)).await.unwrap();
        choose_program(c, program.id).await;
        fill(&Scope::Page(c), program.id, &[]).await;
        check(c).await;
        let a4 = PrintConfiguration::builder()
            .size(PrintSize::A4)
            .build()
            .unwrap();
        let pdf = c.print(a4).await.unwrap();
        let path = dir.path().join(format!("{}.pdf", program.id));
        std::fs::write(&path, &pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils; tests/run.sh installs it)");
        // Line breaks, spacing and where the extractor puts punctuation (it moves CJK quotation
        // marks) are the layout's: compare letters and digits only.
        let letters = |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).collect() };
        let text = letters(&String::from_utf8(out.stdout).unwrap());
        let app: shared::Application = serde_json::from_value(fixture(program.id)).unwrap();
        let today = shared::Date::new(2023, 8, 10).unwrap();
        let expected = shared::document::build(program, &shared::check(&app, today).application);
        let mut wanted = vec![
            expected.title.clone(),
            app.project.name.clone(),
            app.applicant.name.clone(),
        ];
        wanted.extend(expected.parts.iter().map(|p| p.title.clone()));
        wanted.extend(expected.opinions.iter().cloned());
        for want in wanted {
            let want = letters(&want);
            assert!(
                text.contains(&want),
                "{}: the PDF lacks {want}\n{text}",
                program.id
            );
        }
        // The buttons and notes around the form are not printed.
        assert!(!text.contains("确认提交"), "{}", program.id);
    }
    browser.close().await;
}
