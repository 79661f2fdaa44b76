//! Nothing acknowledged is lost: the real server process, killed with SIGKILL while clients are
//! submitting, is restarted on the same file; every submission that got a 201 is there and the
//! database passes SQLite's integrity check.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::Method;
use sqlx::Connection;

use super::*;

/// The backend binary serving `database` on a free port (see `support::server::spawn`).
async fn start(database: &str) -> (tokio::process::Child, String) {
    support::server::spawn(env!("CARGO_BIN_EXE_backend"), database).await
}

/// A program's fixture as the form sends it: the JSON and each of its files, multipart.
fn with_files(program: &str) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new().part(
        "application",
        reqwest::multipart::Part::text(vectors::fixture(program))
            .mime_str("application/json")
            .unwrap(),
    );
    for (key, name, bytes) in vectors::attachments(program) {
        form = form.part(key, reqwest::multipart::Part::bytes(bytes).file_name(name));
    }
    form
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_no_acknowledged_submission_is_lost_to_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("pilot.db").display());
    let (mut child, base) = start(&database).await;

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut clients = Vec::new();
    for n in 0..16 {
        let (base, acknowledged) = (base.clone(), acknowledged.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            // Half of them with a file, so that killed transactions hold attachments too.
            let program = if n % 2 == 0 {
                "sx-provincial"
            } else {
                "national-social-pilot"
            };
            loop {
                let form = with_files(program);
                let sent = client
                    .post(format!("{base}/api/v1/submissions"))
                    .multipart(form)
                    .send()
                    .await;
                let Ok(answer) = sent else { break };
                // A receipt counts once the applicant could have read it.
                let Ok(answer) = openapi::read(Method::POST, answer).await else {
                    break;
                };
                if answer.status != 201 {
                    continue;
                }
                let receipt = answer.json()["receipt"].as_str().unwrap().to_owned();
                acknowledged.lock().unwrap().push(receipt);
            }
        }));
    }
    // Kill mid-stream: once a good number are in, while the rest are being written.
    while acknowledged.lock().unwrap().len() < 200 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    for client in clients {
        client.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();

    // The server starts again on what the killed one left.
    let (mut child, base) = start(&database).await;
    let page = reqwest::get(format!("{base}/api/v1/programs"))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    child.start_kill().unwrap();
    child.wait().await.unwrap();

    let store = Store::connect(&database).await.unwrap();
    for receipt in &acknowledged {
        let stored = store.find_by_receipt(receipt).await.unwrap();
        let stored = stored.unwrap_or_else(|| panic!("{receipt} got a 201 and is gone"));
        let expected = if stored.program == "sx-provincial" {
            1
        } else {
            0
        };
        assert_eq!(
            stored.attachments.len(),
            expected,
            "{receipt}: its files came with it"
        );
    }
    assert!(store.count().await.unwrap() >= acknowledged.len() as i64);
    store.close().await;
    let mut conn = sqlx::SqliteConnection::connect(&database).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(check, "ok");
}

/// Submissions arriving together share a commit (see `store::writer`); one whose receipt or
/// key collides with another's in the same commit is undone alone and told so, and the rest
/// are stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collision_in_a_shared_commit_undoes_only_its_own_submission() {
    use backend::store::{Idempotency, StoreError};
    let t = test_app().await;
    // 3 and 4 draw the same receipt.
    let submission = |n: usize| {
        let receipt = format!("R-{}", if n == 4 { 3 } else { n });
        stored_row(
            &format!("id-{n}"),
            &receipt,
            "cq-municipal",
            "2026-12-02T10:00:00+08:00",
        )
    };
    // 7 and 8 were sent with the same Idempotency-Key.
    let key = |n: usize| {
        (n == 7 || n == 8).then(|| Idempotency {
            key: "same-key".into(),
            fingerprint: "f".into(),
            response: "{}".into(),
        })
    };
    let inserts = (0..40).map(|n| {
        let store = t.store.clone();
        tokio::spawn(async move {
            let files = vec![backend::store::NewAttachment::new(
                "implementation_plan".into(),
                format!("{n}.pdf"),
                "application/pdf".into(),
                vec![n as u8; 100],
            )];
            store
                .insert(&submission(n), &files.into(), key(n).as_ref())
                .await
        })
    });
    let mut results = Vec::new();
    for insert in inserts.collect::<Vec<_>>() {
        results.push(insert.await.unwrap());
    }
    let receipt_taken = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::DuplicateReceipt)))
        .count();
    let key_taken = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::DuplicateKey)))
        .count();
    assert_eq!((receipt_taken, key_taken), (1, 1), "{results:?}");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 38);
    assert_eq!(t.store.count().await.unwrap(), 38);
    // What was undone left no file behind; what was stored has its own.
    for n in 0..40 {
        if let Some(stored) = t.store.find(&format!("id-{n}")).await.unwrap() {
            let data = t
                .store
                .attachment_data(&stored.id, "implementation_plan")
                .await
                .unwrap();
            assert_eq!(data, Some(vec![n as u8; 100]));
        }
    }
}

/// A machine is lost: `backend backup --to FILE` copies the database while clients submit, and
/// a server started on the copy has every submission acknowledged before the backup began,
/// with its files, the reviewers and the audit log, and the copy passes integrity_check.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_a_backup_under_load_restores_whole() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("pilot.db").display());
    let (mut child, base) = start(&database).await;
    let store = Store::connect(&database).await.unwrap();
    backend::admin::run(
        &store,
        &Calls::load(None).unwrap(),
        backend::configuration::ReviewerCommand::Add {
            name: "sx-1".into(),
            programs: vec!["sx-provincial".into()],
            unit: None,
            expert: false,
            password_stdin: false,
        },
        None,
    )
    .await
    .unwrap();

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut clients = Vec::new();
    for _ in 0..4 {
        let (base, acknowledged, stop) = (base.clone(), acknowledged.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let form = with_files("sx-provincial");
                let sent = client
                    .post(format!("{base}/api/v1/submissions"))
                    .multipart(form)
                    .send()
                    .await
                    .unwrap();
                let answer = openapi::read(Method::POST, sent).await.unwrap();
                if answer.status == 201 {
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(answer.json()["receipt"].as_str().unwrap().to_owned());
                }
            }
        }));
    }
    while acknowledged.lock().unwrap().len() < 50 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // What was acknowledged before the backup began must be in it.
    let before = acknowledged.lock().unwrap().clone();
    let copy = dir.path().join("copy.db");
    let said = backend::admin::backup(&store, &copy).await.unwrap();
    assert!(said.contains("backup written"), "{said}");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    assert!(
        backend::admin::backup(&store, &copy)
            .await
            .unwrap_err()
            .contains("exists"),
        "a backup never overwrites"
    );
    store.close().await;

    // A server starts on the copy.
    let restored_url = format!("sqlite://{}", copy.display());
    let (mut restored, restored_base) = start(&restored_url).await;
    let page = reqwest::get(format!("{restored_base}/api/v1/programs"))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    restored.start_kill().unwrap();
    restored.wait().await.unwrap();
    let restored = Store::connect(&restored_url).await.unwrap();
    for receipt in &before {
        let stored = restored
            .find_by_receipt(receipt)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{receipt}, acknowledged before the backup, is missing"));
        assert_eq!(
            stored.attachments.len(),
            1,
            "{receipt}: its file came with it"
        );
    }
    assert_eq!(restored.reviewers().await.unwrap().len(), 1);
    let log = restored.audit_log().await.unwrap();
    assert!(log.iter().any(|e| e.action == "reviewer_add"));
    restored.close().await;
    let mut conn = sqlx::SqliteConnection::connect(&restored_url)
        .await
        .unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the copy is its owner's alone: {mode:o}");
    }
}

/// The disk fills (SQLite's max_page_count stands in for it): submissions are answered 503
/// `storage_full` with Retry-After and nothing written, nothing acknowledged is lost, and once
/// room is made the same server takes submissions again; the file passes integrity_check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_full_disk_is_a_503_and_the_server_recovers_when_room_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("pilot.db").display());
    // The schema, and ballast that the operator will delete to make room.
    let store = Store::connect(&database).await.unwrap();
    store.close().await;
    let mut conn = sqlx::SqliteConnection::connect(&database).await.unwrap();
    sqlx::query("CREATE TABLE ballast (data BLOB)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO ballast VALUES (zeroblob(2000000))")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .unwrap();
    let pages: u32 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: database.clone(),
        calls: None,
        allow_origins: Vec::new(),
        trusted_proxies: Vec::new(),
        sqlite_max_pages: Some(pages + 40),
        metrics_addr: None,
        public_url: None,
        oidc: Default::default(),
        notify: Default::default(),
        limits: ServerLimits {
            submissions_per_minute: 0,
            ..ServerLimits::DEFAULT
        },
    };
    let server = Server::build(&config).await.unwrap();
    let base = format!("http://{}", server.addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let ended = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let submit = || async {
        let form = with_files("sx-provincial");
        let sent = client
            .post(format!("{base}/api/v1/submissions"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        openapi::read(Method::POST, sent).await.unwrap()
    };
    let mut acknowledged = Vec::new();
    let full = loop {
        let answer = submit().await;
        match answer.status.as_u16() {
            201 => {
                acknowledged.push(answer.json()["receipt"].as_str().unwrap().to_owned());
                assert!(acknowledged.len() < 500, "the cap never filled");
            }
            503 => break answer,
            other => panic!("{other}: {}", String::from_utf8_lossy(&answer.body)),
        }
    };
    assert!(full.headers.contains_key("retry-after"));
    let body = full.json();
    assert_eq!(body["errors"][0]["code"], "storage_full");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("存储空间已满")
    );
    // The operator makes room; the same server takes submissions again.
    sqlx::query("DROP TABLE ballast")
        .execute(&mut conn)
        .await
        .unwrap();
    let again = submit().await;
    assert_eq!(
        again.status,
        201,
        "{}",
        String::from_utf8_lossy(&again.body)
    );
    stop.send(()).unwrap();
    ended.await.unwrap();

    let store = Store::connect(&database).await.unwrap();
    for receipt in &acknowledged {
        let stored = store.find_by_receipt(receipt).await.unwrap();
        let stored = stored.unwrap_or_else(|| panic!("{receipt} got a 201 and is gone"));
        assert_eq!(stored.attachments.len(), 1, "{receipt}: with its file");
    }
    assert_eq!(store.count().await.unwrap(), acknowledged.len() as i64 + 1);
    store.close().await;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(check, "ok");
}

/// The real server on port 0, stopped and started again on the same SQLite file.
#[tokio::test]
async fn submissions_survive_a_restart_of_the_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/pilot.db");
    let client = reqwest::Client::new();

    let server = TestServer::on(&path, ServerLimits::DEFAULT).await;
    let base = format!("http://{}", server.addr);
    let (key, name, bytes) = vectors::attachments("cq-municipal")[0];
    let form = reqwest::multipart::Form::new()
        .part(
            "application",
            reqwest::multipart::Part::text(VALID)
                .mime_str("application/json")
                .unwrap(),
        )
        .part(key, reqwest::multipart::Part::bytes(bytes).file_name(name));
    let res = client
        .post(format!("{base}/api/v1/submissions"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let receipt = res.json::<Value>().await.unwrap()["receipt"]
        .as_str()
        .unwrap()
        .to_owned();
    server.end().await;

    // A new server process would see the same file.
    let server = TestServer::on(&path, ServerLimits::DEFAULT).await;
    let page = client
        .get(format!("http://{}/", server.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let database = server.database.clone();
    server.end().await;

    let store = Store::connect(&database).await.unwrap();
    let stored = store
        .find_by_receipt(&receipt)
        .await
        .unwrap()
        .expect("still there");
    assert_eq!(stored.data["project"]["name"], "智慧物流服务标准化试点");
    assert_eq!(stored.attachments[0].key, "implementation_plan");
    assert_eq!(store.count().await.unwrap(), 1);
}
