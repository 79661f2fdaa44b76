//! A retry with the same Idempotency-Key gets the same answer and stores nothing twice.

use super::*;

/// Posts `body` as multipart with `boundary`, under an Idempotency-Key.
async fn post_keyed(t: &TestApp, key: &str, boundary: &str, body: &[u8]) -> Reply {
    // Bytes, not text: the files in the body are binary.
    let mut redrawn = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest
        .windows(BOUNDARY.len())
        .position(|w| w == BOUNDARY.as_bytes())
    {
        redrawn.extend_from_slice(&rest[..at]);
        redrawn.extend_from_slice(boundary.as_bytes());
        rest = &rest[at + BOUNDARY.len()..];
    }
    redrawn.extend_from_slice(rest);
    let req = Request::post("/api/v1/submissions")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("idempotency-key", key)
        .body(Body::from(redrawn))
        .unwrap();
    t.send(req).await
}

#[tokio::test]
async fn a_retry_with_the_same_key_gets_the_same_answer_and_makes_no_second_row() {
    let t = test_app().await;
    let files = vectors::attachments("sh-municipal");
    let body = multipart(vectors::fixture("sh-municipal"), &files);
    let first = post_keyed(&t, "k-1", "first-boundary", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json());
    // The browser draws a new boundary for the retry; the request is still the same.
    let again = post_keyed(&t, "k-1", "second-boundary", &body).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json(), first.json());
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(t.store.count().await.unwrap(), 1);

    // The same key with other content is refused, and stores nothing.
    let mut other: Value = serde_json::from_str(vectors::fixture("sh-municipal")).unwrap();
    other["project"]["name"] = json!("另一个试点项目");
    let changed = multipart(&other.to_string(), &files);
    let refused = post_keyed(&t, "k-1", "third-boundary", &changed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json()["errors"][0]["code"],
        "idempotency_key_reused"
    );
    assert_eq!(t.store.count().await.unwrap(), 1);

    // Another key is another submission.
    let second = post_keyed(&t, "k-2", "first-boundary", &body).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_ne!(second.json()["receipt"], first.json()["receipt"]);
    assert_eq!(t.store.count().await.unwrap(), 2);
}

#[tokio::test]
async fn an_idempotency_key_that_is_not_one_is_a_400() {
    let t = test_app().await;
    for bad in ["", "has space", &"x".repeat(101)] {
        let req = Request::post("/api/v1/submissions")
            .header("content-type", "application/json")
            .header("idempotency-key", bad)
            .body(Body::from(vectors::fixture("sx-provincial")))
            .unwrap();
        let reply = t.send(req).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad:?}");
        assert_eq!(reply.json()["errors"][0]["code"], "idempotency_key");
    }
    assert_eq!(t.store.count().await.unwrap(), 0);
}

/// A key's answer holds the secret in clear, so it is kept a day: long enough for any retry.
#[tokio::test]
async fn a_key_is_forgotten_a_day_after_it_was_stored() {
    use backend::store::Idempotency;
    let t = test_app().await;
    let keyed = |id: &str, receipt: &str, at: &str| {
        (
            stored_row(id, receipt, "sx-provincial", at),
            Idempotency {
                key: format!("key-{id}"),
                fingerprint: "f".into(),
                response: "{\"secret\":\"K7Q3M-9XAVB\"}".into(),
            },
        )
    };
    let day_ago =
        backend::clock::rfc3339(time::OffsetDateTime::now_utc() - time::Duration::hours(25));
    let hour_ago =
        backend::clock::rfc3339(time::OffsetDateTime::now_utc() - time::Duration::hours(1));
    for (id, receipt, at) in [
        ("old", "OLDK-0001", &day_ago),
        ("new", "NEWK-0001", &hour_ago),
    ] {
        let (s, key) = keyed(id, receipt, at);
        t.store
            .insert(&s, &Vec::new().into(), Some(&key))
            .await
            .unwrap();
    }
    // A server starting on the database sweeps before its first write.
    let restarted = Store::connect(&t.url).await.unwrap();
    let (s, key) = keyed("now", "NOWK-0001", &backend::clock::now_rfc3339());
    restarted
        .insert(&s, &Vec::new().into(), Some(&key))
        .await
        .unwrap();
    assert_eq!(restarted.idempotency("key-old").await.unwrap(), None);
    assert!(restarted.idempotency("key-new").await.unwrap().is_some());
    assert!(restarted.idempotency("key-now").await.unwrap().is_some());
    // The submission stays; only its key's answer went.
    assert!(
        restarted
            .find_by_receipt("OLDK-0001")
            .await
            .unwrap()
            .is_some()
    );
}

/// A quiet server forgets old keys too: the sweep runs on a timer from the start, not only
/// when a submission arrives.
#[tokio::test]
async fn a_server_that_takes_no_submission_still_forgets_old_keys() {
    use backend::store::Idempotency;
    let t = test_app().await;
    let day_ago =
        backend::clock::rfc3339(time::OffsetDateTime::now_utc() - time::Duration::hours(25));
    let key = Idempotency {
        key: "key-old".into(),
        fingerprint: "f".into(),
        response: "{\"secret\":\"K7Q3M-9XAVB\"}".into(),
    };
    t.store
        .insert(
            &stored_row("old", "OLDK-0001", "sx-provincial", &day_ago),
            &Vec::new().into(),
            Some(&key),
        )
        .await
        .unwrap();
    let restarted = Store::connect(&t.url).await.unwrap();
    let mut forgotten = false;
    for _ in 0..50 {
        if restarted.idempotency("key-old").await.unwrap().is_none() {
            forgotten = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(forgotten, "the old key is swept without any submission");
}

/// Whether `needle` is anywhere in the file at `path` (a missing file holds nothing).
fn holds(path: &std::path::Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The applicant's secret is kept only as a hash, and the answer that repeats it to a retry
/// only sealed under the Idempotency-Key: neither the secret nor the key is in the database
/// file, its WAL or a backup, and a retry still gets the secret back.
#[tokio::test]
async fn sqlite_no_secret_is_at_rest_in_the_database_its_wal_or_a_backup() {
    let t = test_app().await;
    let key = "idem-7f3c9a2e-secret-test";
    let files = vectors::attachments("sh-municipal");
    let body = multipart(vectors::fixture("sh-municipal"), &files);
    let first = post_keyed(&t, key, "first-boundary", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json());
    let secret = first.json()["secret"].as_str().unwrap().to_owned();
    let again = post_keyed(&t, key, "second-boundary", &body).await;
    assert_eq!(again.json()["secret"], secret.as_str());
    let dir = t._dir.path();
    let copy = dir.join("copy.db");
    backend::admin::backup(&t.store, &copy).await.unwrap();
    let unhyphened = secret.replace('-', "");
    for file in ["test.db", "test.db-wal", "copy.db"] {
        let path = dir.join(file);
        assert!(path.exists() || file.ends_with("-wal"), "{file}");
        for needle in [secret.as_str(), unhyphened.as_str(), key] {
            assert!(!holds(&path, needle), "{needle} is readable in {file}");
        }
    }
    // What is there is what finds it: the key's hash.
    assert!(holds(&copy, &backend::seal::lookup(key)));
}

/// On either database, the table that answers retries holds neither the secret nor the key.
#[tokio::test]
async fn the_kept_answer_holds_neither_the_secret_nor_the_key() {
    use sqlx::Connection;
    let t = test_app().await;
    let key = "idem-2b9d-kept-answer";
    let files = vectors::attachments("sh-municipal");
    let body = multipart(vectors::fixture("sh-municipal"), &files);
    let first = post_keyed(&t, key, "first-boundary", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json());
    let secret = first.json()["secret"].as_str().unwrap().to_owned();
    let mut db = sqlx::AnyConnection::connect(&t.url).await.unwrap();
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT key, fingerprint, response FROM idempotency_keys")
            .fetch_all(&mut db)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    let text = format!("{rows:?}");
    for needle in [secret.as_str(), &secret.replace('-', ""), key] {
        assert!(!text.contains(needle), "{needle} in {text}");
    }
    let again = post_keyed(&t, key, "second-boundary", &body).await;
    assert_eq!(again.json()["secret"], secret.as_str());
}
