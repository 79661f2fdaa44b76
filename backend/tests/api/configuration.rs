//! The server started from a configuration file alone, as an operator's service unit starts it.

use super::*;

/// `backend --config FILE` with nothing else: it listens where the file says, on the database
/// the file names, with the file's limits.
#[tokio::test]
async fn the_server_starts_from_a_configuration_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let database = dir.path().join("from-file.db");
    let file = dir.path().join("pilot.toml");
    std::fs::write(
        &file,
        format!(
            "addr = \"127.0.0.1:{port}\"\ndatabase = \"sqlite://{}\"\nsubmissions_per_minute = 1\n",
            database.display()
        ),
    )
    .unwrap();
    let _server = tokio::process::Command::new(env!("CARGO_BIN_EXE_backend"))
        .arg("--config")
        .arg(&file)
        .env_remove("PILOT_ADDR")
        .env_remove("PILOT_DATABASE")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            up = r.status() == StatusCode::OK;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the server answers where the file says");
    assert!(database.exists(), "on the database the file names");
    // The file's limit holds: the second submission in a minute is refused.
    let post = || async {
        let sent = client
            .post(format!("{base}/api/v1/submissions"))
            .header("content-type", "application/json")
            .body(vectors::fixture("national-social-pilot"))
            .send()
            .await
            .unwrap();
        openapi::read(axum::http::Method::POST, sent).await.unwrap()
    };
    assert_eq!(post().await.status, StatusCode::CREATED);
    assert_eq!(post().await.status, StatusCode::TOO_MANY_REQUESTS);
}
