//! The form rendered on the server by the browser's own components: every program's form, each
//! control named by its canonical JSON path, with the server's day in its examples.
#![cfg(all(feature = "ssr", not(target_arch = "wasm32")))]

use frontend::ssr::{Page, render};
use serde_json::json;
use shared::posted::Posted;

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
    let unit = posted
        .as_ref()
        .map(|p| p.application.units.receiving.clone())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "某市市场监督管理局".into());
    render(Page {
        answer: answer(program, &unit),
        fixed,
        call: None,
        api_base: String::new(),
        today: shared::Date::new(2026, 12, 7).unwrap(),
        posted,
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

/// The attributes of the tag starting at `html[at..]` (after its name), unescaped, and where
/// the tag ends.
fn attributes(html: &str) -> (Vec<(String, Option<String>)>, usize) {
    let mut out = Vec::new();
    let mut rest = html;
    loop {
        rest = rest.trim_start();
        if rest.starts_with('>') || rest.starts_with("/>") || rest.is_empty() {
            return (
                out,
                html.len() - rest.len() + rest.find('>').map_or(0, |i| i + 1),
            );
        }
        let end = rest
            .find(|c: char| c == '=' || c == '>' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..end].to_owned();
        rest = &rest[end..];
        if let Some(quoted) = rest.strip_prefix("=\"") {
            let close = quoted.find('"').unwrap();
            out.push((name, Some(unescape(&quoted[..close]))));
            rest = &quoted[close + 1..];
        } else {
            out.push((name, None));
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What a browser would post from the rendered form: each named control's value, ticked boxes
/// and chosen radios only, the selected option of a select, a text area's text; no files.
fn posted_pairs(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = html[at..].find('<').map(|i| at + i) {
        let tag: String = html[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let (attrs, len) = attributes(&html[start + 1 + tag.len()..]);
        at = start + 1 + tag.len() + len;
        let attr = |n: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone().unwrap_or_default())
        };
        let Some(name) = attr("name") else { continue };
        match tag.as_str() {
            "input" => match attr("type").as_deref() {
                Some("file") => {}
                Some("checkbox" | "radio") if attr("checked").is_none() => {}
                _ => out.push((name, attr("value").unwrap_or_default())),
            },
            "textarea" => {
                let end = html[at..].find("</textarea>").unwrap();
                out.push((name, unescape(&html[at..at + end])));
            }
            "select" => {
                let end = at + html[at..].find("</select>").unwrap();
                let mut chosen = String::new();
                let mut o = at;
                while let Some(i) = html[o..end].find("<option") {
                    let (attrs, len) = attributes(&html[o + i + 7..end]);
                    if attrs.iter().any(|(k, _)| k == "selected") {
                        chosen = attrs
                            .iter()
                            .find(|(k, _)| k == "value")
                            .and_then(|(_, v)| v.clone())
                            .unwrap_or_default();
                    }
                    o += i + 7 + len;
                }
                out.push((name, chosen));
            }
            _ => {}
        }
    }
    out
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
