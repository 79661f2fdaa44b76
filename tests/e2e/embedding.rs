//! The form inside a portal on another origin: by script tag and by iframe, under hostile CSS
//! and a strict CSP; an origin not allowed; a browser too old.

use std::time::Duration;

use crate::support::*;

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
    // The parts below the screen, left unlaid-out for the first paint, are laid out right after
    // it: none stays skipped (a part laid out late would move what the applicant aims at).
    until(
        c,
        &format!(
            "const r = {root}.querySelector('.pf-root');
             return !r.classList.contains('pf-settling') && [...r.querySelectorAll('.pf-section')]
               .every(s => getComputedStyle(s).contentVisibility === 'visible')"
        ),
    )
    .await;
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
