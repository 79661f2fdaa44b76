//! A submission through the API: stored when valid, refused at the field's path when not,
//! attachments checked by content, bad bodies answered with a clear 4xx in the language asked.

use super::*;

#[tokio::test]
async fn valid_fixture_is_stored_with_a_receipt() {
    let t = test_app().await;
    let reply = t.post_program("cq-municipal", VALID).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let body = reply.json();
    let receipt = body["receipt"].as_str().unwrap();
    assert_eq!(receipt.len(), 9);
    assert!(body["id"].as_str().unwrap().len() >= 32);
    assert!(body["submitted_at"].as_str().unwrap().ends_with("+08:00"));
    assert_eq!(body["warnings"], json!([]));

    let stored = t
        .store
        .find_by_receipt(receipt)
        .await
        .unwrap()
        .expect("row");
    assert_eq!(stored.program, "cq-municipal");
    assert_eq!(stored.schema_version, i64::from(shared::SCHEMA_VERSION));
    assert_eq!(
        stored.data["applicant"]["credit_code"],
        "91500112MA5U7K8T4J"
    );
}

#[tokio::test]
async fn stored_json_is_the_normalized_application() {
    let t = test_app().await;
    let mut app = fixture();
    app["applicant"]["credit_code"] = json!("91500112 ma5u7k8t4j");
    app["applicant"]["name"] = json!("  重庆市渝北区示例物流有限公司 ");
    app["contacts"]["mobile"] = json!("+86 138 1234 5678");
    let reply = t.post_program("cq-municipal", &app.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let receipt = reply.json()["receipt"].as_str().unwrap().to_owned();
    let stored = t.store.find_by_receipt(&receipt).await.unwrap().unwrap();
    assert_eq!(stored.credit_code, "91500112MA5U7K8T4J");
    assert_eq!(
        stored.data["applicant"]["name"],
        "重庆市渝北区示例物流有限公司"
    );
    assert_eq!(stored.data["contacts"]["mobile"], "13812345678");
}

#[tokio::test]
async fn one_wrong_character_in_the_credit_code_is_a_422_at_its_path() {
    let t = test_app().await;
    let bad = VALID.replace("91500112MA5U7K8T4J", "91500112MA5U7K8T4K");
    let reply = t.post_program("cq-municipal", &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["path"], "applicant.credit_code");
    assert_eq!(body["errors"][0]["code"], "credit_code_check");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("校验位")
    );
    // Nothing invalid is ever written.
    assert_eq!(t.store.count().await.unwrap(), 0);

    let req = Request::post("/api/v1/submissions")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("accept-language", "en-US,en;q=0.9")
        .body(Body::from(multipart(
            &bad,
            &vectors::attachments("cq-municipal"),
        )))
        .unwrap();
    let english = t.send(req).await.json();
    assert!(
        english["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("check character")
    );
}

#[tokio::test]
async fn warnings_do_not_block() {
    let t = test_app().await;
    let mut app = fixture();
    app["plan"][1]["start"] = json!("2024-03");
    let reply = t.post_program("cq-municipal", &app.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let warnings = reply.json()["warnings"].clone();
    assert_eq!(warnings[0]["path"], "plan.1.start");
    assert_eq!(warnings[0]["code"], "stage_gap");
    assert_eq!(warnings[0]["severity"], "warning");
}

#[tokio::test]
async fn a_missing_or_mistyped_field_is_a_422_at_its_path() {
    let t = test_app().await;
    let mut app = fixture();
    app["standardization"]["staff_count"] = json!("three");
    let body = t.post(app.to_string(), None).await;
    assert_eq!(body.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = body.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["path"], "standardization.staff_count");
    assert_eq!(body["errors"][0]["code"], "invalid_type");

    let mut app = fixture();
    app["project"].as_object_mut().unwrap().remove("name");
    let body = t
        .post_program("cq-municipal", &app.to_string())
        .await
        .json();
    assert_eq!(body["errors"][0]["path"], "project.name");
    assert_eq!(body["errors"][0]["code"], "required");

    let body = t.post("[]", None).await;
    assert_eq!(body.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error_shape(&body.json());
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let t = test_app().await;
    let reply = t.post("{\"program\": \"cq-municipal\",", None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let body = reply.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["code"], "malformed_json");
}

#[tokio::test]
async fn bodies_over_one_megabyte_are_a_413() {
    let t = test_app().await;
    let mut app = fixture();
    app["project"]["summary"] = json!("长".repeat(400_000));
    let reply = t.post(app.to_string(), None).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let body = reply.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["code"], "body_too_large");
}

#[tokio::test]
async fn non_json_content_is_a_415() {
    let t = test_app().await;
    let req = Request::post("/api/v1/submissions")
        .header("content-type", "text/plain")
        .body(Body::from(VALID))
        .unwrap();
    let reply = t.send(req).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error_shape(&reply.json());
}

/// Every error answer is worded in the request's language in one place, whichever route made
/// it: a reviewer route's 401, an unknown program's 404 on a compressed route, a path no route
/// has, the framed form of no program.
#[tokio::test]
async fn every_error_is_worded_in_the_language_asked_for() {
    let t = test_app().await;
    let english = [("accept-language", "en"), ("accept-encoding", "gzip, br")];
    for (uri, status, code) in [
        (
            "/api/v1/submissions",
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
        (
            "/api/v1/form?program=nope",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/api/v1/no/such/route", StatusCode::NOT_FOUND, "not_found"),
        ("/embed/nope", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let zh = t.get(uri, &[]).await;
        assert_eq!(zh.status, status, "{uri}");
        let zh = zh.json();
        assert_error_shape(&zh);
        assert_eq!(zh["errors"][0]["code"], code, "{uri}");
        let en = t.get(uri, &english).await;
        assert_eq!(en.status, status, "{uri}");
        assert!(en.headers.get("content-encoding").is_none(), "{uri}");
        let en = en.json();
        assert_eq!(en["errors"][0]["code"], code, "{uri}");
        let message = en["errors"][0]["message"].as_str().unwrap();
        assert!(message.is_ascii(), "{uri}: {message}");
        assert_ne!(
            en["errors"][0]["message"], zh["errors"][0]["message"],
            "{uri}"
        );
    }
    // A 401 says how to sign in, whatever the language.
    let unauthorized = t.get("/api/v1/submissions", &english).await;
    assert_eq!(unauthorized.headers["www-authenticate"], "Bearer");
}

/// Every rule holds on the server at its canonical path: each test vector posted to the API gives
/// 422 with exactly its expected errors, or 201 with exactly its expected warnings. Vectors marked
/// `dated` are left out: they assume the vectors' day, and the server's "today" is its own clock.
#[tokio::test]
async fn every_test_vector_holds_on_the_server() {
    let t = test_app().await;
    let all: Vec<Value> = serde_json::from_str(vectors::VECTORS).unwrap();
    let mut checked = 0;
    for vector in all.iter().filter(|v| v["dated"] != true) {
        let name = vector["name"].as_str().unwrap();
        let reply = t
            .post_program(
                vectors::program_of(vector),
                &vectors::apply(vector).to_string(),
            )
            .await;
        let body = reply.json();
        let entries = |key: &str| {
            let mut got: Vec<(String, String)> = body[key]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: {body}"))
                .iter()
                .map(|e| {
                    (
                        e["path"].as_str().unwrap().to_owned(),
                        e["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            got.sort();
            got
        };
        let errors = vectors::expected(vector, Some(shared::Severity::Error));
        if errors.is_empty() {
            assert_eq!(reply.status, StatusCode::CREATED, "{name}: {body}");
            let warnings = vectors::expected(vector, Some(shared::Severity::Warning));
            assert_eq!(entries("warnings"), warnings, "{name}");
        } else {
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
            assert_eq!(entries("errors"), errors, "{name}");
        }
        checked += 1;
    }
    assert!(checked > 100, "only {checked} vectors");
}

/// Every program's fixture, with the attachment files beside it, is accepted; its files are
/// stored with it, byte for byte.
#[tokio::test]
async fn every_programs_fixture_is_accepted() {
    let t = test_app().await;
    for program in shared::PROGRAMS {
        let reply = t
            .post_program(program.id, vectors::fixture(program.id))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{}: {}",
            program.id,
            reply.json()
        );
        let receipt = reply.json()["receipt"].as_str().unwrap().to_owned();
        let stored = t.store.find_by_receipt(&receipt).await.unwrap().unwrap();
        assert_eq!(stored.program, program.id);
        let files = vectors::attachments(program.id);
        assert_eq!(stored.attachments.len(), files.len(), "{}", program.id);
        for (key, name, bytes) in files {
            let data = t
                .store
                .attachment_data(&stored.id, key)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(data, bytes, "{}: {key}", program.id);
            let meta = stored.attachments.iter().find(|a| a.key == key).unwrap();
            assert_eq!(meta.file_name, name);
        }
    }
    assert_eq!(t.store.count().await.unwrap(), 6);
}

#[tokio::test]
async fn a_json_only_post_is_enough_where_no_attachment_is_required() {
    let t = test_app().await;
    let reply = t
        .post(vectors::fixture("sx-provincial").to_owned(), None)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
}

#[tokio::test]
async fn a_missing_required_attachment_is_a_422_at_its_key() {
    let t = test_app().await;
    let reply = t.post(VALID.to_owned(), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    assert_eq!(body["errors"][0]["path"], "attachments.implementation_plan");
    assert_eq!(body["errors"][0]["code"], "attachment_missing");
    assert_eq!(
        t.store.count().await.unwrap(),
        0,
        "nothing is stored before a valid submit"
    );
}

/// The service demonstration's notice asks for no evaluation notice file: an application
/// without one is stored, the date it states left to the reviewers.
#[tokio::test]
async fn a_service_demonstration_goes_in_without_the_evaluation_notice_file() {
    let t = test_app().await;
    let reply = t
        .post(vectors::fixture("national-service-demo").to_owned(), None)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_size() {
    let t = test_app().await;
    let fake: &[u8] = b"this is text, whatever the name says";
    let reply = t
        .post_with_files(VALID, &[("implementation_plan", "plan.pdf", fake)])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    assert_eq!(body["errors"][0]["path"], "attachments.implementation_plan");
    assert_eq!(body["errors"][0]["code"], "attachment_format");

    // Over 20 MB, though a real PDF, and though the multipart body limit lets it through.
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(shared::rules::attachments::MAX_BYTES + 1 - 6, b' ');
    big.extend_from_slice(b"%%EOF\n");
    let reply = t
        .post_with_files(VALID, &[("implementation_plan", "plan.pdf", &big)])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["code"], "attachment_too_large");

    let pdf = vectors::attachments("cq-municipal")[0].2;
    let reply = t
        .post_with_files(
            VALID,
            &[
                ("implementation_plan", "p.pdf", pdf),
                // Another program's attachment (a key no program has is a 400: see hostile.rs).
                ("pilot_evaluation_notice", "x.pdf", pdf),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["errors"][0]["path"],
        "attachments.pilot_evaluation_notice"
    );
    assert_eq!(reply.json()["errors"][0]["code"], "unknown_field");

    // A DOCX recognized by its content, under any name.
    let docx = vectors::attachments("national-hightech")[0].2;
    let reply = t
        .post_with_files(VALID, &[("implementation_plan", "方案", docx)])
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    assert_eq!(t.store.count().await.unwrap(), 1);
}

#[tokio::test]
async fn a_multipart_body_without_the_application_is_a_422() {
    let t = test_app().await;
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"implementation_plan\"\r\n\r\n1\r\n--{BOUNDARY}--\r\n"
    );
    let req = Request::post("/api/v1/submissions")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap();
    let reply = t.send(req).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["path"], "application");
}

/// No notice sets a length for an answer, so the field limits are only bounds on what a request
/// holds: every program's form, each text at its limit in three-byte characters and each list
/// at its most rows, still fits in the JSON a submission may be, so it is judged field by field
/// rather than refused whole as too large.
#[test]
fn every_form_at_its_limits_fits_in_a_submission() {
    use shared::fields::StandardField;
    use shared::{Field, RowField};
    // JSON's quotes, keys and punctuation, generously, per value.
    const OVERHEAD: usize = 64;
    let value = |chars: usize| chars * 3 + OVERHEAD;
    for program in shared::PROGRAMS {
        let fields: usize = Field::ALL
            .iter()
            .filter(|f| program.spec(**f).is_some())
            .map(|f| value(f.max_chars()))
            .sum();
        let row: usize = RowField::ALL.iter().map(|f| value(f.max_chars())).sum();
        let standard: usize = StandardField::ALL
            .iter()
            .map(|f| value(f.max_chars()))
            .sum();
        let limits = program.limits;
        let most = fields
            + limits.plan_rows * row
            + limits.standards * standard
            + limits.participants * value(shared::fields::limits::LINE);
        assert!(
            most < backend::intake::BODY_LIMIT,
            "{}: {most} bytes at its limits",
            program.id
        );
    }
}
