//! The form rendered on the server by the browser's own components: every program's form, each
//! control named by its canonical JSON path, with the server's day in its examples.
#![cfg(all(feature = "ssr", not(target_arch = "wasm32")))]

use frontend::ssr::{Page, Plain, Receipt, Shown, Start, render};
use serde_json::json;
use shared::posted::Posted;
use support::html::posted_pairs;

/// The form's answer for `program`, as `GET /api/v1/form` gives it, with one open call that
/// `unit` and another unit receive (so the form asks which).
fn answer(program: &shared::Program, unit: &str) -> String {
    let programs: Vec<_> = shared::PROGRAMS
        .iter()
        .map(|p| json!({ "id": p.id, "title": p.title }))
        .collect();
    json!({
        "programs": programs,
        "program": program,
        "calls": [{
            "id": "c1", "program": program.id, "year": 2026, "title": "2026年申报",
            "opens_at": "2026-11-01 00:00", "closes_at": null,
            "units": [unit, "另一市场监督管理局"], "unit_channels": {}, "state": "open",
            "hand_in": { "copies": "一式两份", "paper": "", "to": "" }
        }]
    })
    .to_string()
}

async fn page(program: &shared::Program, fixed: bool) -> String {
    filled(program, fixed, None).await
}

async fn filled(program: &shared::Program, fixed: bool, posted: Option<Posted>) -> String {
    let start = posted.map(|posted| Start {
        posted,
        act: None,
        shown: Shown::Form,
        plain: Plain::default(),
    });
    answered(program, fixed, start).await
}

/// The page answering a post (`start`), or the form as first served.
async fn answered(program: &shared::Program, fixed: bool, start: Option<Start>) -> String {
    let unit = start
        .as_ref()
        .map(|s| s.posted.application.units.receiving.clone())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "某市市场监督管理局".into());
    render(Page {
        answer: answer(program, &unit),
        fixed,
        call: None,
        api_base: String::new(),
        today: shared::Date::new(2026, 12, 7).unwrap(),
        token: "t0k3n".into(),
        start,
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn every_programs_form_renders_on_the_server_with_its_fields_named_by_their_paths() {
    for &program in shared::PROGRAMS {
        let html = page(program, true).await;
        assert!(html.contains(program.title), "{}", program.id);
        for section in program.sections {
            assert!(
                html.contains(section.title),
                "{}: {}",
                program.id,
                section.title
            );
        }
        assert!(
            html.contains("name=\"applicant.credit_code\""),
            "{}",
            program.id
        );
        assert!(html.contains("name=\"privacy_consent\""), "{}", program.id);
        assert!(html.contains("例如 2026-12"), "{}", program.id);
        assert!(
            !html.contains("pf-program"),
            "{}: a fixed program has no picker",
            program.id
        );
    }
    let html = page(shared::PROGRAMS[0], false).await;
    assert!(
        html.contains("id=\"pf-program\""),
        "the standalone page offers the picker"
    );
}

/// Every control of every program's form is named by its path: rendered on the server with the
/// program's valid application, what a browser would post from it reads back as that
/// application (the no-JavaScript form's post, and the browser's reading of the page before
/// the wasm takes over).
#[tokio::test]
async fn what_the_rendered_form_would_post_reads_back_as_the_application_it_shows() {
    for &program in shared::PROGRAMS {
        let mut app: shared::Application =
            serde_json::from_str(support::fixture(program.id)).unwrap();
        app.call = "c1".into();
        let shown = Posted {
            application: app.clone(),
            typed: Vec::new(),
        };
        let html = filled(program, true, Some(shown)).await;
        let pairs = posted_pairs(&html);
        let read =
            shared::posted::read(program, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let expected = app;
        let (got, want) = (
            leaves(&serde_json::to_value(&read.application).unwrap()),
            leaves(&serde_json::to_value(&expected).unwrap()),
        );
        let differ: Vec<_> = want
            .iter()
            .filter(|w| !got.contains(w))
            .chain(got.iter().filter(|g| !want.contains(g)))
            .collect();
        assert!(differ.is_empty(), "{}: {differ:#?}", program.id);
    }
}

/// A JSON value's leaves as `(path, value)`.
fn leaves(v: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
        let join = |k: &str| {
            if prefix.is_empty() {
                k.to_owned()
            } else {
                format!("{prefix}.{k}")
            }
        };
        match v {
            serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| walk(&join(k), v, out)),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(&join(&i.to_string()), v, out)),
            other => out.push((prefix.to_owned(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    walk("", v, &mut out);
    out
}

/// A program's valid application, answering the call the test's answer has.
fn valid(program: &shared::Program) -> shared::Application {
    let mut app: shared::Application = serde_json::from_str(support::fixture(program.id)).unwrap();
    app.call = "c1".into();
    app.units.receiving = "某市市场监督管理局".into();
    app
}

/// The pages answering a form posted without script: a row added by its button, the form
/// refused with the error summary and the errors at their fields, the check page carrying the
/// answers on (hidden, read back as the same application) to its 确认提交, and the receipt.
#[tokio::test]
async fn the_pages_answering_a_post_are_the_forms_own() {
    // A program with a list of standards.
    let program = shared::programs::find("sh-municipal").unwrap();
    let app = valid(program);
    let start = |app: &shared::Application, act: Option<&str>, shown: Shown| Start {
        posted: Posted {
            application: app.clone(),
            typed: Vec::new(),
        },
        act: act.map(Into::into),
        shown,
        plain: Plain {
            held: Vec::new(),
            key: "k-1".into(),
        },
    };
    // 添加一项标准: one more row to fill; 删除 the first: one fewer.
    let rows = app.standards.len();
    let html = answered(
        program,
        true,
        Some(start(&app, Some("add:standards"), Shown::Form)),
    )
    .await;
    assert!(html.contains(&format!("name=\"standards.{rows}.title\"")));
    let html = answered(
        program,
        true,
        Some(start(&app, Some("remove:standards.0"), Shown::Form)),
    )
    .await;
    assert!(!html.contains(&format!("name=\"standards.{}.title\"", rows - 1)));
    // Refused: the summary, the count, each error at its field; the token goes with the form.
    let mut wrong = app.clone();
    wrong.applicant.credit_code = "91110000MA01ABCDE0".into();
    let html = answered(
        program,
        true,
        Some(start(&wrong, None, Shown::Refused(Vec::new()))),
    )
    .await;
    assert!(html.contains("id=\"pf-summary\""), "the error summary");
    let summary = &html[html.find("id=\"pf-summary\"").unwrap()..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    assert!(summary.contains("有 1 处需要修改"), "{summary}");
    assert!(html.contains("id=\"f-applicant-credit_code-error\""));
    let has = |html: &str, name: &str, value: &str| {
        posted_pairs(html).contains(&(name.to_owned(), value.to_owned()))
    };
    assert!(has(&html, "pf-token", "t0k3n"));
    // The check page: what it carries reads back as the application, and it confirms.
    let html = answered(program, true, Some(start(&app, None, Shown::Check))).await;
    let form = &html[html
        .find("pf-plain-check")
        .expect("the check page is a form")..];
    assert!(form.contains("value=\"confirm\""));
    assert!(has(form, "pf-key", "k-1") && has(form, "pf-token", "t0k3n"));
    let pairs = posted_pairs(form);
    let read = shared::posted::read(program, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(read.application, app);
    // Back from the check page to a part: the form again.
    let title = program.sections[1].title;
    let html = answered(
        program,
        true,
        Some(start(&app, Some(&format!("edit:{title}")), Shown::Form)),
    )
    .await;
    assert!(html.contains("name=\"applicant.credit_code\""));
    assert!(!html.contains("pf-plain-check"));
    // The receipt.
    let receipt = Receipt {
        receipt: "SH-7KQ3M9XA".into(),
        submitted_at: "2026-12-07T02:00:00Z".into(),
        warnings: Vec::new(),
        secret: Some("K7Q3M-9XAVB-ABCDE-FGHJK".into()),
        version: 1,
    };
    let html = answered(program, true, Some(start(&app, None, Shown::Done(receipt)))).await;
    assert!(html.contains("SH-7KQ3M9XA") && html.contains("K7Q3M-9XAVB-ABCDE-FGHJK"));
}
