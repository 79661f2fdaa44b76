//! Bodies no form would send: each is answered with a clear 4xx at once, and nothing is
//! stored.

use std::time::Instant;

use super::*;

/// A multipart request of `body` as it is, for bodies the helpers would not build.
fn raw_multipart(body: Vec<u8>) -> Request<Body> {
    Request::post("/api/v1/submissions")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap()
}

fn part(name: &str, bytes: &[u8]) -> Vec<u8> {
    [
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
            .as_bytes(),
        bytes,
        b"\r\n",
    ]
    .concat()
}

fn end() -> Vec<u8> {
    format!("--{BOUNDARY}--\r\n").into_bytes()
}

#[tokio::test]
async fn only_the_forms_parts_are_taken_each_once() {
    let t = test_app().await;
    let pdf = vectors::attachments("cq-municipal")[0].2;
    let cases = [
        ("photo", "unexpected_part"),
        ("implementation_plan", "duplicate_part"),
        ("application", "duplicate_part"),
    ];
    for (second, code) in cases {
        let body = [
            part("application", VALID.as_bytes()),
            part("implementation_plan", pdf),
            part(second, pdf),
            end(),
        ]
        .concat();
        let reply = t.send(raw_multipart(body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{second}");
        let body = reply.json();
        assert_error_shape(&body);
        assert_eq!(body["errors"][0]["code"], code, "{second}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(second),
            "{body}"
        );
    }
    assert_eq!(t.store.count().await.unwrap(), 0);
}

/// 20 MB of tiny parts used to cost quadratic work (every part compared with every other);
/// now the second one ends the request.
#[tokio::test]
async fn a_body_of_half_a_million_parts_is_refused_at_the_second() {
    let t = test_app().await;
    let mut body = part("application", VALID.as_bytes());
    let tiny = part("implementation_plan", b"x");
    while body.len() < 20 * 1024 * 1024 {
        body.extend_from_slice(&tiny);
    }
    body.extend_from_slice(&end());
    let parts = body.len() / tiny.len();
    let started = Instant::now();
    let reply = t.send(raw_multipart(body)).await;
    println!("{parts} parts answered in {:?}", started.elapsed());
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["errors"][0]["code"], "duplicate_part");
}

#[tokio::test]
async fn a_million_empty_rows_get_one_message_not_a_million() {
    let t = test_app().await;
    // Past what any form has: not even read.
    let mut app = fixture();
    app["plan"] = Value::Array(vec![json!({}); 300_000]);
    let reply = t.post(app.to_string(), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = reply.json()["errors"].as_array().unwrap().clone();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["path"], "plan");
    assert_eq!(errors[0]["code"], "too_many_items");
    assert!(reply.body.len() < 1000, "{} bytes", reply.body.len());

    // Within what is read but past the program's limit: one message for the list, and the
    // rows within the limit checked as usual, the answer cut at 100 with a count of the rest.
    let limit = shared::programs::find("cq-municipal")
        .unwrap()
        .limits
        .plan_rows;
    app["plan"] = Value::Array(vec![json!({}); 400]);
    let reply = t.post(app.to_string(), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = reply.json()["errors"].as_array().unwrap().clone();
    assert_eq!(errors.len(), backend::error::MAX_REPORTED + 1);
    assert!(errors.iter().any(|e| e["path"] == "plan"
        && e["code"] == "too_many_items"
        && e["message"].as_str().unwrap().contains(&limit.to_string())));
    let last = errors.last().unwrap();
    assert_eq!(last["code"], "more_errors");
    assert!(last["message"].as_str().unwrap().contains("另有"));
    let beyond = format!("plan.{limit}.");
    assert!(
        errors
            .iter()
            .all(|e| !e["path"].as_str().unwrap().starts_with(&beyond))
    );
    assert_eq!(t.store.count().await.unwrap(), 0);
}

#[tokio::test]
async fn invisible_characters_and_unsafe_file_names_are_not_stored() {
    let t = test_app().await;
    let mut app = fixture();
    // A zero-width space and a BOM pasted along, a decomposed é (e + U+0301).
    app["applicant"]["name"] = json!("重庆市渝北区\u{200B}示例物流有限公司\u{FEFF}");
    app["project"]["name"] = json!("Cafe\u{301}物流标准化试点");
    let pdf = vectors::attachments("cq-municipal")[0].2;
    let reply = t
        .post_with_files(
            &app.to_string(),
            &[(
                "implementation_plan",
                "..\\\\..\\\\方案\u{202E}fdp.exe",
                pdf,
            )],
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let receipt = reply.json()["receipt"].as_str().unwrap().to_owned();
    let stored = t.store.find_by_receipt(&receipt).await.unwrap().unwrap();
    assert_eq!(
        stored.data["applicant"]["name"],
        "重庆市渝北区示例物流有限公司"
    );
    assert_eq!(stored.data["project"]["name"], "Café物流标准化试点");
    assert_eq!(stored.attachments[0].file_name, "方案fdp.exe");

    // A direction override in a name is refused: it would show the name otherwise than it is.
    app["applicant"]["name"] = json!("示例\u{202E}司公限有");
    let reply = t
        .post_with_files(&app.to_string(), &[("implementation_plan", "p.pdf", pdf)])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["path"], "applicant.name");
    assert_eq!(reply.json()["errors"][0]["code"], "control_char");
}

/// A body that breaks off is no body over the limit: 400, saying so.
#[tokio::test]
async fn a_body_that_breaks_off_is_a_400_not_a_413() {
    let t = test_app().await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(VALID.as_bytes()[..100].to_vec()),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "gone",
        )),
    ];
    let body = Body::from_stream(tokio_stream::iter(chunks));
    let req = Request::post("/api/v1/submissions")
        .header("content-type", "application/json")
        .body(body)
        .unwrap();
    let reply = t.send(req).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["errors"][0]["code"], "body_read");
}

/// An upload that began before the deadline and ended after it is judged by when it began:
/// the applicant pressed submit in time (README, "Deadlines").
#[tokio::test]
async fn a_slow_upload_begun_before_the_deadline_is_accepted() {
    // The database first (a new PostgreSQL database can take a while): the deadline counts
    // from when the request is about to be sent.
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let store = Store::connect(&url).await.unwrap();
    let beijing = time::UtcOffset::from_hms(8, 0, 0).unwrap();
    // Three seconds, written to the second: between two and three from now.
    let closes = time::OffsetDateTime::now_utc().to_offset(beijing) + time::Duration::seconds(3);
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let calls = Calls::parse(&format!(
        "[[call]]\nid = 'cq-2023'\nprogram = 'cq-municipal'\nyear = 2023\ntitle = '2023年度'\n\
         opens = 2020-01-01T00:00:00\ncloses = {}\nunits = ['渝北区']\n",
        closes.format(&format).unwrap()
    ))
    .unwrap();
    let t = TestApp {
        router: app_on(store.clone(), calls.clone(), &[]),
        calls,
        store,
        url,
        _dir: dir,
    };
    let app = VALID.replace("cq-municipal-demo", "cq-2023");
    let body = multipart(&app, &vectors::attachments("cq-municipal"));
    let (send, chunks) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(2);
    let half = body.len() / 2;
    let (first, second) = (body[..half].to_vec(), body[half..].to_vec());
    tokio::spawn(async move {
        send.send(Ok(first)).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
        send.send(Ok(second)).await.unwrap();
    });
    let req = Request::post("/api/v1/submissions")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from_stream(
            tokio_stream::wrappers::ReceiverStream::new(chunks),
        ))
        .unwrap();
    let reply = t.send(req).await;
    assert!(
        time::OffsetDateTime::now_utc() > closes,
        "the upload ended after the deadline"
    );
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    // A request begun after the deadline is refused, as before.
    let late = t.post_program("cq-municipal", &app).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
}

/// Bodies of every hostile kind the issue names: each a 4xx with the error shape, none a 5xx.
#[tokio::test]
async fn hostile_bodies_get_a_4xx_never_a_5xx() {
    let t = test_app().await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let long_name = fixture_with(|a| a["applicant"]["name"] = json!("重".repeat(300_000)));
    let huge_name = fixture_with(|a| a["applicant"]["name"] = json!("重".repeat(400_000)));
    let nul = fixture_with(|a| a["project"]["name"] = json!("试点\u{0}项目"));
    let wrong_type = fixture_with(|a| a["plan"] = json!("三个阶段"));
    let unknown = fixture_with(|a| a["applicant"]["admin"] = json!(true));
    let mut invalid_utf8 = VALID.as_bytes().to_vec();
    invalid_utf8.splice(20..20, [0xff, 0xfe, 0xc3]);
    let json_cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "truncated",
            VALID.as_bytes()[..VALID.len() / 2].to_vec(),
            400,
            "malformed_json",
        ),
        ("empty", Vec::new(), 400, "malformed_json"),
        // Read no deeper than the first value that cannot be an application's.
        ("deep nesting", deep.into_bytes(), 422, "invalid_type"),
        (
            "deep objects",
            deep_objects.into_bytes(),
            422,
            "unknown_field",
        ),
        ("invalid UTF-8", invalid_utf8, 400, "malformed_json"),
        (
            "trailing garbage",
            format!("{VALID} {{").into_bytes(),
            400,
            "malformed_json",
        ),
        ("wrong type", wrong_type.into_bytes(), 422, "invalid_type"),
        ("unknown field", unknown.into_bytes(), 422, "unknown_field"),
        ("NUL in a name", nul.into_bytes(), 422, "control_char"),
        ("long string", long_name.into_bytes(), 422, "too_long"),
        ("huge string", huge_name.into_bytes(), 413, "body_too_large"),
        (
            "array, not object",
            b"[1,2,3]".to_vec(),
            422,
            "invalid_type",
        ),
    ];
    for (what, body, status, code) in json_cases {
        let reply = t.post(body, None).await;
        assert_eq!(
            reply.status.as_u16(),
            status,
            "{what}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        let body = reply.json();
        assert_error_shape(&body);
        let codes: Vec<&str> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&code), "{what}: {codes:?}");
    }

    let multipart_cases: Vec<(&str, String, Vec<u8>)> = vec![
        ("no boundary", "multipart/form-data".into(), part("application", VALID.as_bytes())),
        (
            "boundary not in the body",
            "multipart/form-data; boundary=other".into(),
            [part("application", VALID.as_bytes()), end()].concat(),
        ),
        // A part that never ends: no closing boundary before the body does.
        (
            "endless part",
            format!("multipart/form-data; boundary={BOUNDARY}"),
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"application\"\r\n\r\n{VALID}").into_bytes(),
        ),
        (
            "no name",
            format!("multipart/form-data; boundary={BOUNDARY}"),
            format!("--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nx\r\n--{BOUNDARY}--\r\n").into_bytes(),
        ),
    ];
    for (what, content_type, body) in multipart_cases {
        let req = Request::post("/api/v1/submissions")
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        let reply = t.send(req).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{what}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_error_shape(&reply.json());
    }

    let other = Request::post("/api/v1/submissions")
        .header("content-type", "text/xml")
        .body(Body::from("<application/>"))
        .unwrap();
    assert_eq!(
        t.send(other).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(t.store.count().await.unwrap(), 0);
}

fn fixture_with(edit: impl FnOnce(&mut Value)) -> String {
    let mut app = fixture();
    edit(&mut app);
    app.to_string()
}

/// A valid JSON or multipart body cut, spliced and overwritten at random: whatever comes of it
/// is answered, never with a 5xx. (The fuzz target in `backend/fuzz` does the same without
/// end; this runs in CI.)
#[tokio::test(flavor = "multi_thread")]
async fn mangled_bodies_are_answered_never_with_a_5xx() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config as RunConfig, TestRunner};
    let t = test_app().await;
    let pdf = vectors::attachments("cq-municipal")[0].2;
    let bodies = [
        (false, VALID.as_bytes().to_vec()),
        (
            true,
            multipart(
                VALID,
                &[("implementation_plan", "p.pdf", &pdf[..pdf.len().min(2000)])],
            ),
        ),
    ];
    let edits =
        proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..8);
    let mut runner = TestRunner::new(RunConfig {
        cases: 300,
        failure_persistence: None,
        ..RunConfig::default()
    });
    let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
    for (is_multipart, body) in bodies {
        runner
            .run(&edits, |edits| {
                let mut body = body.clone();
                for (at, how, byte) in edits {
                    let i = at.index(body.len().max(1)).min(body.len());
                    match how {
                        0 => body.truncate(i),
                        1 => body.insert(i, byte),
                        2 if i < body.len() => body[i] = byte,
                        _ if i < body.len() => {
                            body.remove(i);
                        }
                        _ => {}
                    }
                }
                let content_type = if is_multipart {
                    format!("multipart/form-data; boundary={BOUNDARY}")
                } else {
                    "application/json".to_owned()
                };
                let req = Request::post("/api/v1/submissions")
                    .header("content-type", content_type)
                    .body(Body::from(body))
                    .unwrap();
                let reply = tokio::task::block_in_place(|| {
                    tokio::runtime::Handle::current().block_on(t.send(req))
                });
                prop_assert!(
                    !reply.status.is_server_error(),
                    "{}",
                    String::from_utf8_lossy(&reply.body)
                );
                seen.borrow_mut().insert(reply.status.as_u16());
                Ok(())
            })
            .unwrap();
    }
    let seen = seen.into_inner();
    println!("statuses seen: {seen:?}");
    assert!(seen.contains(&400) && seen.contains(&422), "{seen:?}");
}
