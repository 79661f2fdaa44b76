//! The form before the wasm: the server renders it into the page with the form's own
//! components, and the browser takes that markup over (hydrates it) instead of rendering it
//! again. The wasm is held back here until the test lets it go, so what an applicant does in
//! the meantime is done for certain before it arrives.

use serde_json::Value;
use tests::{Browser, TestServer, cdp};

use crate::support::*;

/// Run in each new document before its own scripts: WebAssembly waits for `__pilotRelease()`.
const HOLD_WASM: &str = "
    const held = new Promise(release => { window.__pilotRelease = release; });
    for (const name of ['instantiate', 'instantiateStreaming']) {
        const real = WebAssembly[name].bind(WebAssembly);
        WebAssembly[name] = (...args) => held.then(() => real(...args));
    }";

/// Types `text` into the element `selector` names, as a person would.
async fn type_into(c: &fantoccini::Client, selector: &str, text: &str) {
    let field = c.find(css(selector)).await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Where an element is on the page, in CSS pixels.
async fn top_of(c: &fantoccini::Client, selector: &str) -> f64 {
    let script = format!("return document.querySelector('{selector}').getBoundingClientRect().top");
    js(c, &script).await.as_f64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_rendered_form_takes_input_before_the_wasm_and_keeps_it() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": HOLD_WASM }),
    )
    .await;
    c.goto(&format!("{}/", server.base)).await.unwrap();

    // The form is there, from the server, before any wasm: its fields, this month in its
    // examples, and the same element ids the browser's render gives.
    let name = id_of("project.name");
    let term = id_of("project.term.start");
    assert_eq!(
        js(
            c,
            "return performance.getEntriesByName('pilot:wasm').length"
        )
        .await,
        0
    );
    let placeholder = format!("return document.querySelector('{term}').placeholder");
    let today = shared::Date::in_shanghai(backend::clock::now());
    assert_eq!(
        js(c, &placeholder).await,
        format!("例如 {}", today.year_month())
    );

    // The applicant types before the wasm has come: a project name, a credit code with a wrong
    // check character (and moves on), and the term's start, where the cursor stays.
    let code = id_of("applicant.credit_code");
    type_into(c, &name, "智慧物流服务标准化试点").await;
    type_into(c, &code, "91500112MA5U7K8T4X").await;
    type_into(c, &term, "2027-0").await;
    let mark = format!("document.querySelector('{name}').dataset.before = 'kept'");
    js(c, &format!("{mark}; return true")).await;
    c.execute_async(FONTS_READY, vec![]).await.unwrap();
    // The parts below the screen wait for their layout until the form is taken over (app.css,
    // `pf-settling`); laid out now, the submit button's place before compares with its place
    // after (what the takeover does to the screen is `every_programs_served_form_…`'s).
    let skipped = "return [...document.querySelectorAll('.pf-section')]
        .map(s => getComputedStyle(s).contentVisibility)";
    let skipped = js(c, skipped).await;
    assert!(
        skipped.as_array().unwrap().iter().all(|v| v == "auto"),
        "{skipped}"
    );
    // Parts waiting for their layout keep the phone's width (their stand-in size is a height).
    c.set_window_size(390, 844).await.unwrap();
    let fits = "return document.documentElement.scrollWidth <= window.innerWidth";
    assert_eq!(
        js(c, fits).await,
        true,
        "the waiting form scrolls sideways at 390 px"
    );
    c.set_window_size(1200, 1600).await.unwrap();
    let settle = "document.querySelector('[data-pilot-form]').classList.remove('pf-settling')";
    js(c, &format!("{settle}; return true")).await;
    let submit_top = top_of(c, ".pf-submit").await;
    let name_top = top_of(c, &name).await;

    js(c, "window.__pilotRelease(); return true").await;
    until(
        c,
        "return performance.getEntriesByName('pilot:interactive').length === 1",
    )
    .await;

    // Taken over, not rendered again: the same element, what was typed still in it, and
    // nothing above the fields moved.
    let same = format!("return document.querySelector('{name}').dataset.before === 'kept'");
    assert_eq!(js(c, &same).await, true);
    let value = |sel: &str| format!("return document.querySelector('{sel}').value");
    assert_eq!(js(c, &value(&name)).await, "智慧物流服务标准化试点");
    assert_eq!(js(c, &value(&term)).await, "2027-0");
    assert_eq!(top_of(c, &name).await, name_top);
    // The code left with a wrong check character is answered at once; the field the applicant
    // is still in is not.
    until(
        c,
        &format!("return !!document.querySelector('{code}-error')"),
    )
    .await;
    let quiet = format!("return !document.querySelector('{term}-error')");
    assert_eq!(js(c, &quiet).await, true);
    assert!(top_of(c, ".pf-submit").await >= submit_top);

    // And it is the live form: a month mistyped and left is checked, and the task list counts
    // what was typed before.
    type_into(c, &term, "X").await;
    leave_field(c).await;
    until(
        c,
        &format!("return !!document.querySelector('{term}-error')"),
    )
    .await;
    let tasks = text_of(c, ".pf-tasks").await;
    assert!(tasks.contains("有错误"), "{tasks}");
    assert_eq!(
        js(c, "return document.querySelectorAll('.pf-form').length").await,
        Value::from(1)
    );
    browser.close().await;
}

/// A portal's form is the server's before the wasm comes: embed.js puts the markup the form's
/// answer carries into the shadow root, where the applicant can type at once; the wasm then
/// takes that markup over (the same element, what was typed kept, the live rules answering),
/// and the form posts to the server, not to the portal.
#[tokio::test(flavor = "multi_thread")]
async fn a_portal_shows_the_servers_form_at_once_and_the_wasm_takes_it_over() {
    let (portal, _stranger, server, browser) = portals().await;
    let c = &browser.client;
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": HOLD_WASM }),
    )
    .await;
    c.goto(&format!("{}/", portal.base)).await.unwrap();
    let root = "document.querySelector('[data-pilot-form]').shadowRoot.querySelector('.pf-root')";
    until(
        c,
        &format!("return !!{root} && !!{root}.querySelector('form.pf-form')"),
    )
    .await;
    assert_eq!(
        js(
            c,
            "return performance.getEntriesByName('pilot:wasm').length"
        )
        .await,
        0,
        "the form is there before the wasm"
    );
    let action = js(
        c,
        &format!("return {root}.querySelector('form.pf-form').action"),
    )
    .await;
    assert_eq!(
        action,
        format!("{}/embed/national-social-pilot#pf-summary", server.base)
    );
    let today = shared::Date::in_shanghai(backend::clock::now());
    assert_eq!(
        js(c, &format!("return {root}.dataset.pilotDay")).await,
        today.to_string()
    );

    let host = c.find(css("[data-pilot-form]")).await.unwrap();
    let shadow = host.shadow_root().await.unwrap();
    let (name, code) = (id_of("project.name"), id_of("applicant.credit_code"));
    let typed = |selector: &str| {
        let shadow = shadow.clone();
        let selector = selector.to_owned();
        async move { shadow.find(css(&selector)).await.unwrap() }
    };
    typed(&name)
        .await
        .send_keys("社区养老服务标准化试点")
        .await
        .unwrap();
    typed(&code)
        .await
        .send_keys("91500112MA5U7K8T4X")
        .await
        .unwrap();
    typed(&name).await.click().await.unwrap();
    js(
        c,
        &format!("{root}.querySelector('{name}').dataset.before = 'kept'; return true"),
    )
    .await;

    js(c, "window.__pilotRelease(); return true").await;
    until(
        c,
        "return performance.getEntriesByName('pilot:interactive').length >= 1",
    )
    .await;
    let same = format!("return {root}.querySelector('{name}').dataset.before === 'kept'");
    assert_eq!(js(c, &same).await, true, "taken over, not rendered again");
    assert_eq!(
        js(c, &format!("return {root}.querySelector('{name}').value")).await,
        "社区养老服务标准化试点"
    );
    // The code left with a wrong check character is answered by the live rules.
    until(c, &format!("return !!{root}.querySelector('{code}-error')")).await;
    assert_eq!(
        js(
            c,
            &format!("return {root}.querySelectorAll('form.pf-form').length")
        )
        .await,
        Value::from(1)
    );
    browser.close().await;
}

/// Run in each new document before its own scripts: the layout shifts not caused by input,
/// summed (Cumulative Layout Shift's entries), with what moved.
const WATCH_SHIFTS: &str = "
    window.__shifted = 0;
    window.__moved = [];
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) {
            window.__shifted += e.value;
            window.__moved.push(e.sources.map(s => s.node && (s.node.id || s.node.nodeName)));
        }
    }).observe({ type: 'layout-shift', buffered: true });";

/// Resolves, two frames on (what changed has been laid out), with the shifts summed so far.
const SETTLED: &str = "const done = arguments[0]; \
    requestAnimationFrame(() => requestAnimationFrame(() => done(window.__shifted)));";

/// Resolves once the page's fonts are in and laid out: a font arriving late on a busy machine
/// moved the task list once, before any wasm, which is not the takeover's doing.
const FONTS_READY: &str = "const done = arguments[0]; document.fonts.ready.then(() => \
    requestAnimationFrame(() => requestAnimationFrame(() => done(window.__shifted))));";

/// Every program's framed form is taken over in the browser: the first render in the browser
/// repeats the server's exactly (a difference would stop the wasm, leaving a form that cannot
/// send), nothing on the page moves when it is (the layout shifts not caused by input, summed
/// by a `PerformanceObserver`, are the same before the wasm and after it took over), and the
/// form then answers as the live form does.
#[tokio::test(flavor = "multi_thread")]
async fn every_programs_served_form_is_taken_over_and_answers() {
    let server = TestServer::start().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    for source in [WATCH_SHIFTS, HOLD_WASM] {
        let script = serde_json::json!({ "source": source });
        cdp(c, "Page.addScriptToEvaluateOnNewDocument", script).await;
    }
    let code = id_of("applicant.credit_code");
    for program in shared::PROGRAMS {
        c.goto(&format!("{}/embed/{}", server.base, program.id))
            .await
            .unwrap();
        // The page as the server sent it, fonts and all, before the wasm is let in: what moves
        // from here on is the takeover's doing.
        let before = c.execute_async(FONTS_READY, vec![]).await.unwrap();
        js(c, "window.__pilotRelease(); return true").await;
        until(
            c,
            "return performance.getEntriesByName('pilot:interactive').length === 1",
        )
        .await;
        let rendered = "return document.querySelector('[data-pilot-day]').children.length > 0";
        assert_eq!(js(c, rendered).await, true, "{}", program.id);
        let after = c.execute_async(SETTLED, vec![]).await.unwrap();
        let moved = js(c, "return window.__moved").await;
        assert_eq!(after, before, "{}: the takeover moved {moved}", program.id);
        type_into(c, &code, "91500112MA5U7K8T4X").await;
        leave_field(c).await;
        until(
            c,
            &format!("return !!document.querySelector('{code}-error')"),
        )
        .await;
    }
    browser.close().await;
}
