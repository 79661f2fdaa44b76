//! The form rendered on the server by the browser's own components: every program's form, each
//! control named by its canonical JSON path, with the server's day in its examples.
#![cfg(all(feature = "ssr", not(target_arch = "wasm32")))]

use frontend::ssr::{Page, render};
use serde_json::json;

/// The form's answer for `program`, as `GET /api/v1/form` gives it, with one open call.
fn answer(program: &shared::Program) -> String {
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
            "units": ["某市市场监督管理局"], "unit_channels": {}, "state": "open",
            "hand_in": { "copies": "一式两份", "paper": "", "to": "" }
        }]
    })
    .to_string()
}

async fn page(program: &shared::Program, fixed: bool) -> String {
    render(Page {
        answer: answer(program),
        fixed,
        call: None,
        api_base: String::new(),
        today: shared::Date::new(2026, 12, 7).unwrap(),
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
