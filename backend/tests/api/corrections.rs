//! Corrections before the deadline: the receipt and the secret of the 201 answer let the
//! applicant read the application back and replace it while the call is open; the replaced
//! version is kept for the audit, and lists, exports and quotas see only the latest.

use backend::store::NewSubmission;

use super::exports::csv_rows;
use super::review::{bearer, reviewer};
use super::*;

const UNIT: &str = "重庆市渝北区标准化协调推进部门联席会议办公室";

/// Submits Chongqing's fixture with its file; its receipt and secret.
async fn submitted(t: &TestApp) -> (String, String) {
    let reply = t.post_program("cq-municipal", VALID).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let body = reply.json();
    let secret = body["secret"]
        .as_str()
        .expect("a secret beside the receipt");
    (
        body["receipt"].as_str().unwrap().to_owned(),
        secret.to_owned(),
    )
}

fn own(receipt: &str, secret: Option<&str>) -> Request<Body> {
    let mut req = Request::get(format!("/api/v1/receipts/{receipt}"));
    if let Some(secret) = secret {
        req = req.header("submission-secret", secret);
    }
    req.body(Body::empty()).unwrap()
}

fn replacement(receipt: &str, secret: &str, app: &Value, key: Option<&str>) -> Request<Body> {
    let mut req = Request::put(format!("/api/v1/receipts/{receipt}"))
        .header("content-type", "application/json")
        .header("submission-secret", secret);
    if let Some(key) = key {
        req = req.header("idempotency-key", key);
    }
    req.body(Body::from(app.to_string())).unwrap()
}

fn renamed(name: &str) -> Value {
    let mut app = fixture();
    app["project"]["name"] = json!(name);
    app
}

#[tokio::test]
async fn the_applicant_replaces_a_submission_and_reviewers_see_only_the_latest() {
    let t = test_app().await;
    let (receipt, secret) = submitted(&t).await;
    let auth = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some(UNIT)).await);
    let id = t.store.find_by_receipt(&receipt).await.unwrap().unwrap().id;
    let recommend = Request::put(format!("/api/v1/submissions/{id}/recommendation"))
        .header("authorization", auth.as_str())
        .header("content-type", "application/json")
        .body(Body::from(r#"{"recommended": true}"#))
        .unwrap();
    assert_eq!(t.send(recommend).await.status, StatusCode::OK);

    // Read back, as typed in by hand: lower case, spaces instead of hyphens.
    let typed = secret.to_lowercase().replace('-', " ");
    let back = t.send(own(&receipt, Some(&typed))).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.json());
    let back = back.json();
    assert_eq!(back["version"], 1);
    assert_eq!(back["call_state"], "open");
    assert_eq!(
        back["application"]["project"]["name"],
        fixture()["project"]["name"]
    );
    assert_eq!(back["attachments"][0]["key"], "implementation_plan");

    // Replaced without sending the file again: the stored one stays with the new version.
    let reply = t
        .send(replacement(
            &receipt,
            &secret,
            &renamed("更正后的项目名称"),
            None,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    assert_eq!(reply.json()["version"], 2);
    assert_eq!(reply.json()["receipt"], receipt.as_str());

    let list = t
        .get("/api/v1/submissions", &[("authorization", &auth)])
        .await
        .json();
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["project_name"], "更正后的项目名称");
    let csv = t
        .get(
            "/api/v1/exports/submissions.csv",
            &[("authorization", &auth)],
        )
        .await;
    let rows = csv_rows(&csv.body);
    assert_eq!(rows.len(), 1);
    assert!(rows[0].iter().any(|c| c == "更正后的项目名称"), "{rows:?}");

    let detail = t
        .get(
            &format!("/api/v1/submissions/{id}"),
            &[("authorization", &auth)],
        )
        .await
        .json();
    assert_eq!(detail["version"], 2);
    assert_eq!(
        detail["superseded"],
        json!([{"version": 1, "attachments": 1}])
    );
    assert_eq!(detail["attachments"][0]["key"], "implementation_plan");
    // What was recommended is superseded: the recommendation went with it.
    assert!(detail["rank"].is_null(), "{detail}");
    let file = t
        .get(
            &format!("/api/v1/submissions/{id}/attachments/implementation_plan"),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);

    let audit = t.store.audit_log().await.unwrap();
    let replaced = audit.iter().find(|e| e.action == "replace").unwrap();
    assert_eq!(replaced.actor, "applicant");
    assert_eq!(replaced.submission_id.as_deref(), Some(id.as_str()));
    assert!(
        replaced.detail.contains("recommendation withdrawn"),
        "{replaced:?}"
    );
}

#[tokio::test]
async fn without_the_right_secret_a_receipt_is_not_found() {
    let t = test_app().await;
    let (receipt, secret) = submitted(&t).await;
    let (other, _) = submitted(&t).await;
    for req in [
        own(&receipt, None),
        own(&receipt, Some("")),
        own(&receipt, Some("AAAAA-AAAAA-AAAAA-AAAAA")),
        own("ZZZZ-ZZZZ", Some(&secret)),
        own(&other, Some(&secret)),
        replacement(&receipt, "AAAAA-AAAAA-AAAAA-AAAAA", &renamed("x"), None),
        replacement(&other, &secret, &renamed("x"), None),
    ] {
        let reply = t.send(req).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_error_shape(&reply.json());
    }
    let stored = t.store.find_by_receipt(&receipt).await.unwrap().unwrap();
    assert_eq!(stored.version, 1);
    assert_eq!(stored.data["project"]["name"], fixture()["project"]["name"]);
}

#[tokio::test]
async fn a_correction_is_checked_like_a_submission_and_stays_in_its_call() {
    let t = test_app().await;
    let (receipt, secret) = submitted(&t).await;
    let mut broken = fixture();
    broken["contacts"]["email"] = json!("not-an-address");
    let reply = t.send(replacement(&receipt, &secret, &broken, None)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["path"], "contacts.email");

    let mut moved = fixture();
    moved["call"] = json!("sh-municipal-demo");
    let reply = t.send(replacement(&receipt, &secret, &moved, None)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["code"], "correction_call");
    assert_eq!(
        t.store
            .find_by_receipt(&receipt)
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
}

#[tokio::test]
async fn once_the_call_has_closed_nothing_can_be_replaced() {
    let calls = Calls::parse(
        "[[call]]\nid = 'cq-2023'\nprogram = 'cq-municipal'\nyear = 2023\ntitle = '2023年度'\n\
         opens = 2023-07-24T00:00:00\ncloses = 2023-08-11T17:30:00\nunits = ['渝北区']",
    )
    .unwrap();
    let t = test_app_with(calls).await;
    // Stored while the call was open.
    let (secret, secret_hash) = backend::secret::generate();
    let app = VALID.replace("cq-municipal-demo", "cq-2023");
    t.store
        .insert(
            &NewSubmission {
                id: "closed-1".into(),
                receipt: "AAAA-BBBB".into(),
                program: "cq-municipal".into(),
                call: "cq-2023".into(),
                applicant_name: "a".into(),
                credit_code: "c".into(),
                project_name: "p".into(),
                unit: "渝北区".into(),
                domain: String::new(),
                schema_version: shared::SCHEMA_VERSION,
                data: app.clone(),
                submitted_at: "2023-08-01T10:00:00+08:00".into(),
                secret_hash,
            },
            &Vec::new().into(),
            None,
        )
        .await
        .unwrap();
    let back = t.send(own("AAAA-BBBB", Some(&secret))).await.json();
    assert_eq!(back["call_state"], "closed");
    assert_eq!(back["closes_at"], "2023-08-11 17:30");
    let app: Value = serde_json::from_str(&app).unwrap();
    let reply = t.send(replacement("AAAA-BBBB", &secret, &app, None)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["errors"][0]["code"], "call_closed");
}

#[tokio::test]
async fn a_retried_correction_is_stored_once() {
    let t = test_app().await;
    let (receipt, secret) = submitted(&t).await;
    let app = renamed("重试的更正");
    let first = t
        .send(replacement(&receipt, &secret, &app, Some("fix-1")))
        .await;
    let again = t
        .send(replacement(&receipt, &secret, &app, Some("fix-1")))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(first.json(), again.json());
    assert_eq!(
        t.store
            .find_by_receipt(&receipt)
            .await
            .unwrap()
            .unwrap()
            .version,
        2
    );
}

/// Corrections sent at once from several tabs: each that is stored replaces the one before
/// it; one that read a version another already replaced is refused, never lost silently.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_corrections_each_replace_the_version_before() {
    let t = test_app().await;
    let (receipt, secret) = submitted(&t).await;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let router = t.router.clone();
            let req = replacement(&receipt, &secret, &renamed(&format!("第{i}次更正")), None);
            tokio::spawn(async move { router.oneshot(req).await.unwrap().status() })
        })
        .collect();
    let mut stored = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::OK => stored += 1,
            StatusCode::CONFLICT => {}
            other => panic!("{other}"),
        }
    }
    assert!(stored >= 1);
    let latest = t.store.find_by_receipt(&receipt).await.unwrap().unwrap();
    assert_eq!(latest.version, 1 + stored);
    assert_eq!(
        t.store.superseded(&latest.id).await.unwrap().len() as i64,
        stored
    );
}

/// What one receipt and secret can make the database keep is bounded: at most 50 versions, and
/// 256 MB of files over all its versions; past either, a correction is a clear 409.
#[tokio::test]
async fn corrections_are_bounded_in_versions_and_in_bytes_kept() {
    use sqlx::Connection;
    let t = test_app().await;
    let (receipt, secret) = submitted(&t).await;
    let mut db = sqlx::AnyConnection::connect(&t.url).await.unwrap();
    sqlx::query("UPDATE submissions SET version = $1 WHERE receipt = $2")
        .bind(backend::store::MAX_VERSIONS)
        .bind(&receipt)
        .execute(&mut db)
        .await
        .unwrap();
    let refused = t
        .send(replacement(&receipt, &secret, &renamed("第五十一版"), None))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.json()["errors"][0]["code"], "too_many_versions");
    assert!(
        refused.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("联系受理单位")
    );

    // Back to its first version, with earlier versions holding 256 MB of files already.
    sqlx::query("UPDATE submissions SET version = 1 WHERE receipt = $1")
        .bind(&receipt)
        .execute(&mut db)
        .await
        .unwrap();
    let id: String = sqlx::query_scalar("SELECT id FROM submissions WHERE receipt = $1")
        .bind(&receipt)
        .fetch_one(&mut db)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO superseded (submission_id, version, applicant_name, credit_code, \
         project_name, unit, domain, schema_version, data, submitted_at, superseded_at) \
         SELECT id, 0, applicant_name, credit_code, project_name, unit, domain, \
         schema_version, data, submitted_at, submitted_at FROM submissions WHERE id = $1",
    )
    .bind(&id)
    .execute(&mut db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO files (hash, data) VALUES ('big', $1)")
        .bind(vec![0u8])
        .execute(&mut db)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO superseded_attachments (submission_id, version, key, file_name, \
         media_type, size, hash) VALUES ($1, 0, 'implementation_plan', 'a.pdf', \
         'application/pdf', $2, 'big')",
    )
    .bind(&id)
    .bind(backend::store::MAX_KEPT_BYTES)
    .execute(&mut db)
    .await
    .unwrap();
    let refused = t
        .send(replacement(&receipt, &secret, &renamed("又一版"), None))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.json()["errors"][0]["code"], "versions_too_large");
}

/// A correction sent as multipart, with `files`.
fn replacement_with(
    receipt: &str,
    secret: &str,
    app: &Value,
    files: &[(&str, &str, &[u8])],
) -> Request<Body> {
    Request::put(format!("/api/v1/receipts/{receipt}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("submission-secret", secret)
        .body(Body::from(multipart(&app.to_string(), files)))
        .unwrap()
}

/// How many files the database keeps, and their bytes.
async fn files_kept(t: &TestApp) -> (i64, i64) {
    use sqlx::Connection;
    let mut db = sqlx::AnyConnection::connect(&t.url).await.unwrap();
    sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(LENGTH(data)), 0) AS BIGINT) FROM files")
        .fetch_one(&mut db)
        .await
        .unwrap()
}

/// A file's bytes are kept once, however many versions and submissions have it: corrections
/// that send no file, or the same file again, add no bytes; a new file adds itself; a purge
/// deletes a file only when nothing names it any more.
#[tokio::test]
async fn corrections_keep_each_file_once_and_a_purge_deletes_what_nothing_names() {
    let t = test_app().await;
    let (receipt, secret) = submitted(&t).await;
    let id = t.store.find_by_receipt(&receipt).await.unwrap().unwrap().id;
    let (_, _, plan) = vectors::attachments("cq-municipal")[0];
    assert_eq!(files_kept(&t).await, (1, plan.len() as i64));

    for i in 0..40 {
        let reply = t
            .send(replacement(
                &receipt,
                &secret,
                &renamed(&format!("第{i}次更正")),
                None,
            ))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    }
    let same = [("implementation_plan", "同一文件.pdf", plan)];
    let reply = t
        .send(replacement_with(
            &receipt,
            &secret,
            &renamed("再次上传同一文件"),
            &same,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    assert_eq!(files_kept(&t).await, (1, plan.len() as i64));
    let versions = t.store.superseded(&id).await.unwrap();
    assert_eq!(versions.len(), 41);
    assert!(
        versions.iter().all(|(_, files)| *files == 1),
        "{versions:?}"
    );

    let other: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let new = [("implementation_plan", "新方案.pdf", other)];
    let reply = t
        .send(replacement_with(
            &receipt,
            &secret,
            &renamed("换了实施方案"),
            &new,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    assert_eq!(files_kept(&t).await, (2, (plan.len() + other.len()) as i64));
    assert_eq!(
        t.store
            .attachment_data(&id, "implementation_plan")
            .await
            .unwrap()
            .as_deref(),
        Some(other)
    );

    // Another applicant's submission has the first file too (as Shanxi's supporting document).
    let mut shanxi: Value = serde_json::from_str(vectors::fixture("sx-provincial")).unwrap();
    shanxi["units"]["receiving"] = json!("晋城市市场监督管理局");
    let reply = t
        .post_with_files(
            &shanxi.to_string(),
            &[("supporting_documents", "方案.pdf", plan)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    assert_eq!(files_kept(&t).await, (2, (plan.len() + other.len()) as i64));

    let purged = t
        .store
        .purge(
            "cq-municipal",
            "cq-municipal-demo",
            "9999-12-31T00:00:00Z",
            "2026-12-03T00:00:00Z",
        )
        .await
        .unwrap();
    assert_eq!(purged, [receipt]);
    // The file only the purged submission had is gone; the shared one stays with Shanxi's.
    assert_eq!(files_kept(&t).await, (1, plan.len() as i64));
    let shanxi_id = reply.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        t.store
            .attachment_data(&shanxi_id, "supporting_documents")
            .await
            .unwrap()
            .as_deref(),
        Some(plan)
    );
}
