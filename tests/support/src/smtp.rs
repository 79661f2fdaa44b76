//! The SMTP server tests/run.sh starts once per run (tests/smtp/server.py, aiosmtpd): where it
//! listens, the messages it kept, and a server of a test's own, to take down and bring back.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name}: run tests/run.sh, which starts the test SMTP server and sets it")
    })
}

/// `smtp://127.0.0.1:PORT` of the run's server.
pub fn url() -> String {
    var("PILOT_TEST_SMTP")
}

/// The folder the run's server keeps its messages in.
pub fn folder() -> PathBuf {
    PathBuf::from(var("PILOT_TEST_SMTP_DIR"))
}

/// The messages in `folder` whose subject names `receipt`: `{"to", "from", "subject", "body",
/// "message_id"}`.
pub fn messages_for(folder: &Path, receipt: &str) -> Vec<Value> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<Value> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|text| serde_json::from_str::<Value>(&text).ok())
        .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains(receipt)))
        .collect();
    found.sort_by(|a, b| a["message_id"].as_str().cmp(&b["message_id"].as_str()));
    found
}

/// A mail server of the test's own on `port`, keeping its messages in `folder`; killed when
/// dropped.
pub async fn start_own(port: u16, folder: &Path) -> tokio::process::Child {
    let command = var("PILOT_TEST_SMTP_SERVER");
    let mut words = command.split_whitespace();
    let mut child = tokio::process::Command::new(words.next().expect("a command"))
        .args(words)
        .arg(port.to_string())
        .arg(folder)
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the test SMTP server starts");
    // Listening once a connection is taken.
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return child;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = child.kill().await;
    panic!("the test SMTP server did not listen on {port}");
}
