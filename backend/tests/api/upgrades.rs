//! A database an earlier release made is upgraded in place when the server starts on it, and
//! keeps every file: the migrations that move data are run on data of the earlier shape.

use sqlx::Connection;

use super::*;

/// The migrations of this database up to `last`, as an earlier release ran them.
async fn migrate_up_to(url: &str, last: i64) {
    let kind = if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    };
    let dir = tempfile::tempdir().unwrap();
    let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(kind);
    for entry in std::fs::read_dir(all).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let version: i64 = name.split('_').next().unwrap().parse().unwrap();
        if version <= last {
            std::fs::copy(&path, dir.path().join(name)).unwrap();
        }
    }
    sqlx::any::install_default_drivers();
    let mut db = sqlx::AnyConnection::connect(url).await.unwrap();
    sqlx::migrate::Migrator::new(dir.path())
        .await
        .unwrap()
        .run(&mut db)
        .await
        .unwrap();
}

/// Files stored when each version kept its own copy (before `0010_files_once`) are still read
/// after the upgrade, each version's with it, and a correction after it adds no copy.
#[tokio::test]
async fn files_stored_before_files_were_kept_once_are_kept_through_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    if url.starts_with("sqlite:") {
        std::fs::File::create(dir.path().join("test.db")).unwrap();
    }
    migrate_up_to(&url, 9).await;
    let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
    let app = vectors::fixture("cq-municipal");
    let (secret, secret_hash) = backend::secret::generate();
    sqlx::query(
        "INSERT INTO submissions (id, receipt, program, call, applicant_name, credit_code, \
         project_name, unit, domain, schema_version, data, submitted_at, secret_hash, version) \
         VALUES ('old', 'OLD1-OLD1', 'cq-municipal', 'cq-municipal-demo', 'a', 'c', 'p', '', '', \
         $1, $2, '2026-12-01T08:00:00Z', $3, 2)",
    )
    .bind(i64::from(shared::SCHEMA_VERSION))
    .bind(app)
    .bind(&secret_hash)
    .execute(&mut db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO superseded (submission_id, version, applicant_name, credit_code, \
         project_name, unit, domain, schema_version, data, submitted_at, superseded_at) \
         VALUES ('old', 1, 'a', 'c', 'p', '', '', $1, $2, '2026-11-30T08:00:00Z', \
         '2026-12-01T08:00:00Z')",
    )
    .bind(i64::from(shared::SCHEMA_VERSION))
    .bind(app)
    .execute(&mut db)
    .await
    .unwrap();
    let (_, _, plan) = vectors::attachments("cq-municipal")[0];
    // Version 1 and version 2 each kept their own copy of the same plan.
    sqlx::query(
        "INSERT INTO attachments (submission_id, key, file_name, media_type, size, data) \
         VALUES ('old', 'implementation_plan', 'plan.pdf', 'application/pdf', $1, $2)",
    )
    .bind(plan.len() as i64)
    .bind(plan)
    .execute(&mut db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO superseded_attachments (submission_id, version, key, file_name, \
         media_type, size, data) \
         VALUES ('old', 1, 'implementation_plan', 'plan.pdf', 'application/pdf', $1, $2)",
    )
    .bind(plan.len() as i64)
    .bind(plan)
    .execute(&mut db)
    .await
    .unwrap();
    db.close().await.unwrap();

    let store = Store::connect(&url).await.unwrap();
    assert_eq!(
        store
            .attachment_data("old", "implementation_plan")
            .await
            .unwrap()
            .as_deref(),
        Some(plan)
    );
    assert_eq!(store.superseded("old").await.unwrap(), [(1, 1)]);
    let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
    let superseded_file: Vec<u8> = sqlx::query_scalar(
        "SELECT f.data FROM superseded_attachments a JOIN files f ON f.hash = a.hash \
         WHERE a.submission_id = 'old' AND a.version = 1",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!(superseded_file, plan);
    let files = || async {
        let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM files")
            .fetch_one(&mut db)
            .await
            .unwrap()
    };
    let upgraded = files().await;
    // PostgreSQL names the earlier copies by their content, so the two are one; SQLite, which
    // has no SHA-256 in SQL, by their rows.
    let expected = match store.backend() {
        backend::store::Backend::Postgres => 1,
        backend::store::Backend::Sqlite => 2,
    };
    assert_eq!(upgraded, expected);

    // A correction after the upgrade keeps the plan it did not send without a copy.
    let router = app_on(store.clone(), Calls::load(None).unwrap(), &[]);
    let req = Request::put("/api/v1/receipts/OLD1-OLD1")
        .header("content-type", "application/json")
        .header("submission-secret", secret.as_str())
        .body(Body::from(app))
        .unwrap();
    let reply = router.oneshot(req).await.unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    assert_eq!(files().await, upgraded);
    assert_eq!(store.superseded("old").await.unwrap(), [(1, 1), (2, 1)]);
}

/// A database of the release before the chained audit log and the sealed answers: its audit
/// lines get their hashes in order (the chain verifies, and the lines stay append-only), and
/// an Idempotency-Key's answer kept in clear is sealed, the key replaced by its hash, and still
/// answers a retry with that key.
#[tokio::test]
async fn audit_lines_and_idempotent_answers_from_before_are_chained_and_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    if url.starts_with("sqlite:") {
        std::fs::File::create(dir.path().join("test.db")).unwrap();
    }
    migrate_up_to(&url, 11).await;
    let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
    let app = vectors::fixture("cq-municipal");
    sqlx::query(
        "INSERT INTO submissions (id, receipt, program, call, applicant_name, credit_code, \
         project_name, unit, domain, schema_version, data, submitted_at, secret_hash, version) \
         VALUES ('old', 'OLD1-OLD1', 'cq-municipal', 'cq-municipal-demo', 'a', 'c', 'p', '', '', \
         $1, $2, '2026-12-01T08:00:00Z', 'h', 1)",
    )
    .bind(i64::from(shared::SCHEMA_VERSION))
    .bind(app)
    .execute(&mut db)
    .await
    .unwrap();
    let answer = r#"{"id":"old","receipt":"OLD1-OLD1","secret":"ABCDE-FGHJK-MNPQR-STUVW"}"#;
    sqlx::query(
        "INSERT INTO idempotency_keys (key, fingerprint, submission_id, response, stored_at) \
         VALUES ('old-key', 'f', 'old', $1, $2)",
    )
    .bind(answer)
    // Kept a day for retries: this one is an hour old.
    .bind(backend::clock::rfc3339(
        time::OffsetDateTime::now_utc() - time::Duration::hours(1),
    ))
    .execute(&mut db)
    .await
    .unwrap();
    for n in 0..5 {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, unit, action, submission_id, detail) \
             VALUES ($1, 'r', '', 'view', 'old', '')",
        )
        .bind(format!("2026-12-01T08:00:0{n}Z"))
        .execute(&mut db)
        .await
        .unwrap();
    }
    db.close().await.unwrap();

    let store = Store::connect(&url).await.unwrap();
    assert_eq!(store.verify_audit().await.unwrap(), Ok(5));
    store
        .audit(
            "2026-12-02T08:00:00Z",
            backend::store::Actor::OPERATOR,
            "x",
            None,
            "",
        )
        .await
        .unwrap();
    assert_eq!(store.verify_audit().await.unwrap(), Ok(6));
    let kept = store.idempotency("old-key").await.unwrap().unwrap();
    assert_eq!(kept.response, answer);
    let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
    let (key, response): (String, String) =
        sqlx::query_as("SELECT key, response FROM idempotency_keys")
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert_eq!(key, backend::seal::lookup("old-key"));
    assert!(!response.contains("ABCDE"), "{response}");
    assert!(
        sqlx::query("UPDATE audit_log SET detail = 'x'")
            .execute(&mut db)
            .await
            .is_err()
    );
}
