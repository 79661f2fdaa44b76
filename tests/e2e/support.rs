//! What the end-to-end tests do as a person would: find, type, pick, tick, wait, submit,
//! confirm; inside the page or inside an embedding portal's shadow root.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::Value;
use tests::{Browser, DemoHost, TestServer, fixture};

pub(crate) fn css(selector: &str) -> Locator<'_> {
    Locator::Css(selector)
}

pub(crate) fn id_of(path: &str) -> String {
    format!("#f-{}", path.replace('.', "-"))
}

/// Every leaf of a JSON value, with its dotted path.
pub(crate) fn leaves(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
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

pub(crate) async fn text_of(c: &Client, selector: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .text()
        .await
        .unwrap()
}

pub(crate) async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

pub(crate) async fn click(c: &Client, selector: &str) {
    c.find(css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Leaves the focused field, as a person moving on would.
pub(crate) async fn leave_field(c: &Client) {
    click(c, "h1").await;
}

/// Waits until `script` returns true.
pub(crate) async fn until(c: &Client, script: &str) {
    for _ in 0..100 {
        if js(c, script).await == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = js(c, "return [...document.querySelectorAll('.pf-field-error')].map(e => e.innerText + ' | ' + (e.querySelector('input,textarea') || {}).value).join(' // ')").await;
    panic!("never true: {script}\n{state}");
}

/// Picks the program on the standalone page and waits for its form and its call.
pub(crate) async fn choose_program(c: &Client, program: &str) {
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
    // That program's form, with the call the server said it answers.
    let call = text_of(c, &format!("[data-program='{program}'] #pf-call")).await;
    assert!(call.contains("不设截止时间"), "{call}");
}

pub(crate) fn fixtures_dir(program: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(program)
}

/// Where the form's elements are: the page itself, or an embedding host's shadow root.
pub(crate) enum Scope<'a> {
    Page(&'a Client),
    Shadow(&'a Client, fantoccini::elements::ShadowRoot),
}

impl Scope<'_> {
    pub(crate) fn client(&self) -> &Client {
        match self {
            Scope::Page(c) | Scope::Shadow(c, _) => c,
        }
    }

    /// The same root, for scripts.
    pub(crate) fn root_js(&self) -> &'static str {
        match self {
            Scope::Page(_) => "document",
            Scope::Shadow(..) => "document.querySelector('[data-pilot-form]').shadowRoot",
        }
    }

    pub(crate) async fn find(&self, selector: &str) -> fantoccini::elements::Element {
        let found = match self {
            Scope::Page(c) => c.find(css(selector)).await,
            Scope::Shadow(_, root) => root.find(css(selector)).await,
        };
        found.unwrap_or_else(|e| panic!("{selector}: {e}"))
    }

    pub(crate) async fn exists(&self, selector: &str) -> bool {
        let found = match self {
            Scope::Page(c) => c.find_all(css(selector)).await,
            Scope::Shadow(_, root) => root.find_all(css(selector)).await,
        };
        !found.unwrap().is_empty()
    }

    pub(crate) async fn click(&self, selector: &str) {
        self.find(selector).await.click().await.unwrap();
    }

    /// Presses an "add another" button and waits for the new row (`cell` is one of its
    /// fields) and for focus to have moved into it, so the next click lands where it aims.
    pub(crate) async fn add(&self, button: &str, cell: &str) {
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
pub(crate) async fn fill(s: &Scope<'_>, program: &str, skip: &[&str]) {
    // A field asked only once another is answered (high-tech's legal form, after the subject
    // kind) is there by now.
    for (path, value) in fill_asked(s, program, skip).await {
        assert!(
            fill_one(s, &path, &value, skip).await,
            "{path}: not in the form"
        );
    }
}

/// Fills what the form asks now, as [`fill`]; returns the fixture's answers to the questions
/// not asked yet, which the form asks once another is answered: in the browser's form at once,
/// in the server's page without script once it is posted.
pub(crate) async fn fill_asked(
    s: &Scope<'_>,
    program: &str,
    skip: &[&str],
) -> Vec<(String, Value)> {
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
    let mut later = Vec::new();
    for (path, value) in fields {
        if !fill_one(s, &path, &value, skip).await {
            later.push((path, value));
        }
    }
    attach(s, program).await;
    s.click("#f-privacy_consent").await;
    later
}

/// Attaches the files kept beside the program's fixture, each named by its key.
pub(crate) async fn attach(s: &Scope<'_>, program: &str) {
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
}

/// Fills one leaf of the fixture as a person would; false if the form does not show it (yet).
pub(crate) async fn fill_one(s: &Scope<'_>, path: &str, value: &Value, skip: &[&str]) -> bool {
    let left_alone = ["program", "call", "privacy_consent"].contains(&path)
        || skip.contains(&path)
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
pub(crate) async fn check(c: &Client) {
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
pub(crate) async fn submit(c: &Client) -> String {
    check(c).await;
    confirm(c).await
}

/// Confirms on the check page and returns the receipt number shown.
pub(crate) async fn confirm(c: &Client) -> String {
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

/// The demo portal, whose origin the server allows, and the same portal on an origin it does
/// not; the server; a browser.
pub(crate) async fn portals() -> (DemoHost, DemoHost, TestServer, Browser) {
    let mut portal = DemoHost::bind().await;
    let mut stranger = DemoHost::bind().await;
    let server = TestServer::start_allowing(&[&portal.base]).await;
    portal.serve(&server.base);
    stranger.serve(&server.base);
    (portal, stranger, server, Browser::start().await)
}

/// The WCAG 2.1 A and AA violations axe-core finds on the page as it is now (shadow roots
/// included), as `rule: target` lines.
pub(crate) async fn axe(c: &Client) -> Vec<String> {
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

/// Presses `key` on whatever has focus.
pub(crate) async fn press(c: &Client, key: impl ToString) {
    c.active_element()
        .await
        .unwrap()
        .send_keys(&key.to_string())
        .await
        .unwrap();
}

/// The text of each page of a PDF, without white space.
pub fn pdf_pages(path: &std::path::Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; tests/run.sh installs it)");
    assert!(out.status.success(), "pdftotext {}", path.display());
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\x0c')
        .map(|page| page.chars().filter(|c| !c.is_whitespace()).collect())
        .filter(|page: &String| !page.is_empty())
        .collect()
}

/// The page printed to A4 PDF, as the text of each page (see [`pdf_pages`]), each page checked
/// to carry the print head `回执编号：{receipt}` exactly once.
pub async fn printed_with_receipt(c: &Client, receipt: &str) -> Vec<String> {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let a4 = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paper.pdf");
    std::fs::write(&path, c.print(a4).await.unwrap()).unwrap();
    let pages = pdf_pages(&path);
    let head = format!("回执编号：{receipt}");
    for (i, text) in pages.iter().enumerate() {
        assert_eq!(text.matches(&head).count(), 1, "page {}: {text}", i + 1);
    }
    pages
}
