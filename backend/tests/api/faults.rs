//! Faults a real deployment meets, on a real server: the database server restarting under
//! load, and PostgreSQL's own backup and restore. (The full disk and the lost machine on
//! SQLite are in `durability`.) These stop the test command's PostgreSQL cluster or call its
//! tools, so `tests/run.sh` runs them alone, after the other tests (`postgres_…`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::Method;

use super::*;

/// Runs one of the shell commands `tests/run.sh` exports to stop or start its throwaway
/// PostgreSQL cluster.
async fn cluster(var: &str) {
    let command = std::env::var(var)
        .unwrap_or_else(|_| panic!("{var}: tests/run.sh sets it for the PostgreSQL pass"));
    let done = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(&command)
        .status()
        .await
        .unwrap();
    assert!(done.success(), "{command}");
}

/// PostgreSQL goes down and comes back while clients submit: while it is down they are told
/// 503 with Retry-After, the server reconnects by itself, every submission answered 201 is
/// stored, and none twice (each client retries with its attempt's Idempotency-Key).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_a_restart_under_load_loses_nothing_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    assert!(database.starts_with("postgres"), "the PostgreSQL pass only");
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: database.clone(),
        calls: None,
        allow_origins: Vec::new(),
        trusted_proxies: Vec::new(),
        sqlite_max_pages: None,
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
    let (stop_server, stopped) = tokio::sync::oneshot::channel::<()>();
    let ended = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));

    // Each attempt's key, with the receipt its 201 gave.
    let acknowledged = Arc::new(Mutex::new(HashMap::<String, String>::new()));
    let unavailable = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut clients = Vec::new();
    for n in 0..8 {
        let (base, acknowledged, unavailable, stop) = (
            base.clone(),
            acknowledged.clone(),
            unavailable.clone(),
            stop.clone(),
        );
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut attempt = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                attempt += 1;
                let key = format!("client-{n}-{attempt}");
                // The same attempt until it is stored: a lost answer or a 503 is sent again.
                loop {
                    let sent = client
                        .post(format!("{base}/api/v1/submissions"))
                        .header("content-type", "application/json")
                        .header("idempotency-key", &key)
                        .body(vectors::fixture("sx-provincial"))
                        .send()
                        .await;
                    let Ok(answer) = sent else {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    };
                    let answer = openapi::read(Method::POST, answer).await.unwrap();
                    if answer.status == 201 {
                        let receipt = answer.json()["receipt"].as_str().unwrap().to_owned();
                        acknowledged.lock().unwrap().insert(key.clone(), receipt);
                        break;
                    }
                    let said = String::from_utf8_lossy(&answer.body);
                    assert_eq!(answer.status, 503, "{said}");
                    assert!(answer.headers.contains_key("retry-after"));
                    *unavailable.lock().unwrap() += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }));
    }
    let stored = |n: usize| {
        let acknowledged = acknowledged.clone();
        async move {
            while acknowledged.lock().unwrap().len() < n {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    };
    stored(40).await;
    cluster("PILOT_TEST_POSTGRES_STOP").await;
    // Down longer than a request waits for a connection (5 s), so that some are answered 503.
    tokio::time::sleep(Duration::from_secs(7)).await;
    // A load balancer asking now is told this server cannot take work.
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 503, "/healthz while the database is down");
    cluster("PILOT_TEST_POSTGRES_START").await;
    // It goes on by itself once the database is back.
    let before = acknowledged.lock().unwrap().len();
    tokio::time::timeout(Duration::from_secs(60), stored(before + 40))
        .await
        .expect("the server reconnects and stores again");
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200, "/healthz once it is back");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
    stop_server.send(()).unwrap();
    ended.await.unwrap();
    assert!(
        *unavailable.lock().unwrap() > 0,
        "told 503 while it was down"
    );

    let store = Store::connect(&database).await.unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    for (key, receipt) in &acknowledged {
        assert!(
            store.find_by_receipt(receipt).await.unwrap().is_some(),
            "{receipt} ({key}) got a 201 and is gone"
        );
    }
    assert_eq!(
        store.count().await.unwrap(),
        acknowledged.len() as i64,
        "each attempt stored once"
    );
}

/// PostgreSQL's backup is its own tools: the README's pg_dump / pg_restore recipe, run here,
/// gives a database on which a server has every submission, file, reviewer and audit row.
#[tokio::test]
async fn postgres_pg_dump_and_pg_restore_keep_everything() {
    let t = test_app().await;
    assert!(t.url.starts_with("postgres"), "the PostgreSQL pass only");
    let (id, receipt) = super::review::submitted(&t, "sx-provincial").await;
    super::review::reviewer(&t, "sx-1", &["sx-provincial"], None).await;
    let bin = std::env::var("PILOT_TEST_POSTGRES_BIN")
        .expect("PILOT_TEST_POSTGRES_BIN: tests/run.sh sets it for the PostgreSQL pass");
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("pilot.dump");
    let run = |program: &str, args: Vec<String>| {
        let status = std::process::Command::new(format!("{bin}/{program}"))
            .args(&args)
            .status()
            .unwrap();
        assert!(status.success(), "{program} {args:?}");
    };
    run(
        "pg_dump",
        vec![
            "--format=custom".into(),
            format!("--file={}", dump.display()),
            t.url.clone(),
        ],
    );
    let restored = fresh_database(dir.path()).await;
    run(
        "pg_restore",
        vec![
            "--no-owner".into(),
            format!("--dbname={restored}"),
            dump.display().to_string(),
        ],
    );
    let store = Store::connect(&restored).await.unwrap();
    let stored = store.find_by_receipt(&receipt).await.unwrap().unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(stored.attachments.len(), 1);
    let bytes = store
        .attachment_data(&id, &stored.attachments[0].key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bytes, vectors::attachments("sx-provincial")[0].2);
    assert_eq!(store.reviewers().await.unwrap().len(), 1);
    assert!(
        store
            .audit_log()
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "reviewer_add")
    );
}
