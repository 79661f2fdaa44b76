//! What every answer carries, and what no client may hold: headers, request ids, the health
//! check, timeouts on a real server, and 503 when the database is busy.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;

#[tokio::test]
async fn every_answer_has_the_security_headers_and_a_request_id() {
    let t = test_app().await;
    let answers = [
        t.get("/api/v1/nothing-here", &[]).await,
        t.post("{".to_owned(), None).await,
        t.get("/api/v1/calls", &[]).await,
        t.get("/widget.js", &[]).await,
        t.get("/healthz", &[]).await,
        t.get("/", &[]).await,
    ];
    for reply in &answers {
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert_eq!(reply.headers["referrer-policy"], "no-referrer");
        assert!(reply.headers.contains_key("content-security-policy"));
        assert_eq!(reply.headers["x-request-id"].len(), 36, "a new UUID");
    }
    // An API answer can neither run as a page nor be framed; the form's page keeps its own.
    let api = answers[0].headers["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(api.contains("default-src 'none'") && api.contains("frame-ancestors 'none'"));
    let page = answers[5].headers["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(page.contains("'wasm-unsafe-eval'"), "{page}");
    assert_eq!(answers[4].status, StatusCode::OK);
    assert_eq!(answers[4].body, b"ok");

    // What holds personal data or a secret is never kept by a browser or proxy cache; the
    // public definitions and calls may be.
    let (_, receipt) = super::review::submitted(&t, "sh-municipal").await;
    let auth =
        super::review::bearer(&super::review::reviewer(&t, "sh", &["sh-municipal"], None).await);
    let private = [
        t.post_program("sh-municipal", vectors::fixture("sh-municipal"))
            .await,
        t.get(&format!("/api/v1/receipts/{receipt}"), &[]).await,
        t.get("/api/v1/submissions", &[("authorization", &auth)])
            .await,
        t.get(
            &format!("/api/v1/submissions/{receipt}"),
            &[("authorization", &auth)],
        )
        .await,
        t.get(
            "/api/v1/exports/submissions.csv",
            &[("authorization", &auth)],
        )
        .await,
        t.get("/api/v1/me", &[("authorization", &auth)]).await,
    ];
    for reply in &private {
        assert_eq!(
            reply.headers["cache-control"], "no-store",
            "{:?}",
            reply.status
        );
    }
    for path in ["/api/v1/calls", "/api/v1/programs", "/api/v1/form"] {
        let reply = t.get(path, &[]).await;
        assert_ne!(
            reply
                .headers
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
    }

    // A client's own request id comes back, for matching its log lines with ours.
    let reply = t.get("/healthz", &[("x-request-id", "portal-42")]).await;
    assert_eq!(reply.headers["x-request-id"], "portal-42");
    // One that is long or holds what a log line or header should not gets a fresh one.
    let long = "a".repeat(65);
    for odd in [long.as_str(), "a b", "id\"x", "<script>", "a,b"] {
        let reply = t.get("/healthz", &[("x-request-id", odd)]).await;
        let echoed = reply.headers["x-request-id"].to_str().unwrap_or_default();
        assert_eq!(echoed.len(), 36, "{odd:?} → {echoed}");
    }
    let longest = "a.B-9_".repeat(10) + "abcd";
    let reply = t.get("/healthz", &[("x-request-id", &longest)]).await;
    assert_eq!(reply.headers["x-request-id"], longest.as_str());
}

/// A real server on port 0 with these limits on a fresh SQLite file; stopped when the sender is
/// dropped.
async fn serve(limits: ServerLimits) -> (String, tokio::sync::oneshot::Sender<()>, TempDir) {
    let (running, dir) = start(limits).await;
    (running.addr, running.stop, dir)
}

/// A real server with these limits on a fresh SQLite file, which lives as long as the TempDir.
async fn start(limits: ServerLimits) -> (TestServer, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    (
        TestServer::on(&dir.path().join("pilot.db"), limits).await,
        dir,
    )
}

/// Reads until the server closes the connection (or 10 s pass, which fails the test).
async fn read_to_close(stream: &mut tokio::net::TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .ok();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_client_that_sends_its_headers_slowly_is_cut_off() {
    let limits = ServerLimits {
        header_timeout: 1,
        ..ServerLimits::DEFAULT
    };
    let (addr, _stop, _dir) = serve(limits).await;
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    // Half a request line, then nothing: a slow loris.
    stream
        .write_all(b"POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(!answer.contains("201"), "{answer}");
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408() {
    let limits = ServerLimits {
        body_idle_timeout: 1,
        ..ServerLimits::DEFAULT
    };
    let (addr, _stop, _dir) = serve(limits).await;
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        VALID.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&VALID.as_bytes()[..50]).await.unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body_timeout"), "{answer}");
}

#[tokio::test]
async fn connections_past_the_limit_wait_their_turn() {
    let limits = ServerLimits {
        max_connections: 1,
        header_timeout: 2,
        ..ServerLimits::DEFAULT
    };
    let (addr, _stop, _dir) = serve(limits).await;
    // The one connection allowed, idle.
    let mut first = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let client = reqwest::Client::new();
    let second = tokio::spawn(async move {
        client
            .get(format!("http://{addr}/healthz"))
            .send()
            .await
            .map(|r| r.status())
    });
    // The second is answered only once the first is gone (here: cut off for its silence).
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!second.is_finished(), "served beside the first");
    read_to_close(&mut first).await;
    let status = second.await.unwrap().unwrap();
    assert_eq!(status, reqwest::StatusCode::OK);
}

#[tokio::test]
async fn a_busy_database_is_a_503_with_retry_after() {
    let t = test_app().await;
    let mut other = t.hold_write_lock().await;
    let reply = t.post_program("cq-municipal", VALID).await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.json()
    );
    assert_eq!(reply.headers["retry-after"], "2");
    assert_eq!(reply.json()["errors"][0]["code"], "busy");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    // Once the lock is free, the same submission goes through.
    let reply = t.post_program("cq-municipal", VALID).await;
    assert_eq!(reply.status, StatusCode::CREATED);
}

/// Two uploads that together need more than the budget: the second waits for the first, but
/// not past the upload wait (then 503, to come back); and one client holds no more than its
/// share, however it spreads its uploads.
#[tokio::test]
async fn uploads_wait_for_room_in_the_memory_budget_but_not_for_long() {
    let limit = backend::intake::multipart_limit();
    let uploads = backend::http::uploads::Uploads::new(128, limit, Duration::from_secs(5));
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("content-length", (40 * 1024 * 1024).into());
    let (a, b) = ("127.0.0.1".parse().ok(), "127.0.0.2".parse().ok());
    let first = uploads.hold(&headers, limit, a).await.unwrap();
    let waiting = {
        let (uploads, headers) = (uploads.clone(), headers.clone());
        tokio::spawn(async move { uploads.hold(&headers, limit, b).await.map(|_| ()) })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !waiting.is_finished(),
        "80 MiB beside 80 MiB in a budget of 128"
    );
    drop(first);
    let second = tokio::time::timeout(Duration::from_secs(5), waiting).await;
    assert!(
        matches!(second, Ok(Ok(Ok(())))),
        "goes once the first is done"
    );

    // Past the wait: told to come back, not queued.
    let brief = backend::http::uploads::Uploads::new(128, limit, Duration::from_millis(300));
    let _held = brief.hold(&headers, limit, a).await.unwrap();
    let started = std::time::Instant::now();
    let refused = brief.hold(&headers, limit, b).await;
    assert!(matches!(refused, Err(backend::error::ApiError::Busy)));
    assert!(started.elapsed() < Duration::from_secs(2));

    // A client past its share is told at once, while another still gets in.
    let mut small = axum::http::HeaderMap::new();
    small.insert("content-length", (2 * 1024 * 1024).into());
    let shared = backend::http::uploads::Uploads::new(512, limit, Duration::from_secs(5));
    let _big = shared.hold(&headers, limit, a).await.unwrap();
    let more = shared.hold(&headers, limit, a).await;
    assert!(
        matches!(more, Err(backend::error::ApiError::Busy)),
        "80 MiB more than a quarter of 512 MiB allows"
    );
    assert!(shared.hold(&small, limit, b).await.is_ok());
    assert!(
        shared.hold(&small, limit, a).await.is_ok(),
        "within its share"
    );
}

#[tokio::test]
async fn a_client_past_its_submissions_per_minute_is_answered_429() {
    let limits = ServerLimits {
        submissions_per_minute: 2,
        ..ServerLimits::DEFAULT
    };
    let (addr, _stop, _dir) = serve(limits).await;
    let client = reqwest::Client::new();
    let post = || async {
        let sent = client
            .post(format!("http://{addr}/api/v1/submissions"))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        openapi::read(axum::http::Method::POST, sent).await.unwrap()
    };
    // Refused or not, each counts: the limit is on what a client sends.
    for _ in 0..2 {
        assert_eq!(post().await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let refused = post().await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=31).contains(&wait), "{wait}");
    let body = refused.json();
    assert_eq!(body["errors"][0]["code"], "too_many_requests");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("秒后")
    );
    // Other routes are not counted.
    let calls = client
        .get(format!("http://{addr}/api/v1/calls"))
        .send()
        .await
        .unwrap();
    assert_eq!(calls.status(), reqwest::StatusCode::OK);
}

/// A submission half-sent when the server is told to stop is still received and stored within
/// the grace period; new connections are no longer taken; the server then ends.
#[tokio::test]
async fn shutdown_finishes_the_submission_in_flight() {
    let (
        TestServer {
            addr,
            database,
            stop,
            ended: running,
            ..
        },
        _dir,
    ) = start(ServerLimits {
        shutdown_grace: 10,
        submissions_per_minute: 0,
        ..ServerLimits::DEFAULT
    })
    .await;
    let body = vectors::fixture("sx-provincial").as_bytes();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    stream.write_all(first).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        tokio::net::TcpStream::connect(&addr).await.is_err(),
        "a new connection is refused once stopping"
    );
    assert!(!running.is_finished(), "waits for the submission in flight");
    stream.write_all(rest).await.unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    tokio::time::timeout(Duration::from_secs(5), running)
        .await
        .expect("ends once nothing is in flight")
        .unwrap();

    let store = Store::connect(&database).await.unwrap();
    assert_eq!(store.count().await.unwrap(), 1);
}

/// A request still running at the deadline is dropped, and the server ends at the deadline.
#[tokio::test]
async fn shutdown_waits_no_longer_than_its_grace() {
    let (
        TestServer {
            addr,
            stop,
            ended: running,
            ..
        },
        _dir,
    ) = start(ServerLimits {
        shutdown_grace: 1,
        ..ServerLimits::DEFAULT
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 1000\r\n\r\n{",
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = std::time::Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), running)
        .await
        .expect("ends at the deadline")
        .unwrap();
    assert!(asked.elapsed() >= Duration::from_millis(900), "waited");
    let answer = read_to_close(&mut stream).await;
    assert!(answer.is_empty(), "dropped: {answer}");
}

/// A raw connection from `local` (any address of 127.0.0.0/8) to the server.
async fn connect_from(local: &str, addr: &str) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{local}:0").parse().unwrap()).unwrap();
    socket.connect(addr.parse().unwrap()).await.unwrap()
}

/// Sends a whole JSON submission from `local` and reads the answer's status line.
async fn submit_from(local: &str, addr: &str, json: &str) -> String {
    let mut stream = connect_from(local, addr).await;
    let request = format!(
        "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream).await;
    answer.lines().next().unwrap_or_default().to_owned()
}

/// Connections that announce a 43 MB body and send a byte now and then hold the upload
/// memory; a legitimate applicant from another address is still answered within seconds (201,
/// or 503 with Retry-After to come back), not queued until the request timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_uploads_cannot_queue_everyone_else() {
    let (running, _dir) = start(ServerLimits {
        upload_wait: 1,
        min_upload_rate: 0,
        submissions_per_minute: 0,
        ..ServerLimits::DEFAULT
    })
    .await;
    let addr = running.addr.clone();
    let mut slow = Vec::new();
    for local in ["127.0.0.1", "127.0.0.1", "127.0.0.3", "127.0.0.4"] {
        let mut stream = connect_from(local, &addr).await;
        let head = "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n\
                    Content-Type: multipart/form-data; boundary=b\r\n\
                    Content-Length: 45000000\r\n\r\n--b\r\n";
        stream.write_all(head.as_bytes()).await.unwrap();
        slow.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    let status = submit_from("127.0.0.2", &addr, vectors::fixture("sx-provincial")).await;
    assert!(
        status.contains(" 201 ") || status.contains(" 503 "),
        "{status}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered in {:?}",
        started.elapsed()
    );
    drop(slow);
    running.end().await;
}

/// A body slower than the least upload rate is dropped with 408, whatever its pauses.
#[tokio::test]
async fn a_body_slower_than_the_least_rate_is_dropped_with_408() {
    let (running, _dir) = start(ServerLimits {
        min_upload_rate: 1000,
        upload_rate_window: 1,
        submissions_per_minute: 0,
        ..ServerLimits::DEFAULT
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(&running.addr).await.unwrap();
    let head = "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                Content-Length: 100000\r\nConnection: close\r\n\r\n{\"program\":";
    stream.write_all(head.as_bytes()).await.unwrap();
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(700)).await;
        if stream.write_all(b"      ").await.is_err() {
            break;
        }
    }
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body_timeout"), "{answer}");
    running.end().await;
}

/// Behind a trusted reverse proxy, each applicant counts by the address it forwards (the
/// rightmost it did not add itself); from anyone else, the header is not believed.
#[tokio::test]
async fn behind_a_trusted_proxy_each_applicant_has_its_own_rate() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: format!("sqlite://{}", dir.path().join("pilot.db").display()),
        calls: None,
        allow_origins: Vec::new(),
        trusted_proxies: vec!["127.0.0.1/32".into()],
        sqlite_max_pages: None,
        metrics_addr: None,
        public_url: None,
        oidc: Default::default(),
        notify: Default::default(),
        limits: ServerLimits {
            submissions_per_minute: 1,
            ..ServerLimits::DEFAULT
        },
    };
    let server = Server::build(&config).await.unwrap();
    let addr = server.addr().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let ended = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));
    let send = |local: &'static str, forwarded: &'static str| {
        let addr = addr.clone();
        async move {
            let mut stream = connect_from(local, &addr).await;
            let request = format!(
                "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                 X-Forwarded-For: {forwarded}\r\nContent-Length: 1\r\nConnection: close\r\n\r\n{{"
            );
            stream.write_all(request.as_bytes()).await.unwrap();
            let answer = read_to_close(&mut stream).await;
            answer.lines().next().unwrap_or_default().to_owned()
        }
    };
    // Through the proxy: two applicants, one each.
    assert!(send("127.0.0.1", "203.0.113.5").await.contains(" 400 "));
    assert!(
        send("127.0.0.1", "1.2.3.4, 203.0.113.6")
            .await
            .contains(" 400 ")
    );
    assert!(send("127.0.0.1", "203.0.113.5").await.contains(" 429 "));
    // From elsewhere the header counts for nothing: 127.0.0.9 is one client, whatever it says.
    assert!(send("127.0.0.9", "198.51.100.1").await.contains(" 400 "));
    assert!(send("127.0.0.9", "198.51.100.2").await.contains(" 429 "));
    stop.send(()).unwrap();
    ended.await.unwrap();
}

/// Wrong secrets on a receipt count toward a limit of their own per client: past it, 429 with
/// `Retry-After`, whatever the secret, so guessing on learns nothing; an applicant at another
/// address is not held up.
#[tokio::test]
async fn wrong_secrets_on_receipts_are_limited_per_client() {
    let (running, _dir) = start(ServerLimits {
        wrong_secrets: 3,
        ..ServerLimits::DEFAULT
    })
    .await;
    let created = reqwest::Client::new()
        .post(format!("{}/api/v1/submissions", running.base))
        .header("content-type", "application/json")
        .body(vectors::fixture("sx-provincial"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    let (receipt, secret) = (
        body["receipt"].as_str().unwrap().to_owned(),
        body["secret"].as_str().unwrap().to_owned(),
    );
    let client = |local: &str| {
        reqwest::Client::builder()
            .local_address(local.parse::<std::net::IpAddr>().unwrap())
            .build()
            .unwrap()
    };
    let ask = |client: reqwest::Client, secret: String| {
        let url = format!("{}/api/v1/receipts/{receipt}", running.base);
        async move {
            client
                .get(url)
                .header("submission-secret", secret)
                .send()
                .await
                .unwrap()
        }
    };
    let guesser = client("127.0.0.1");
    // A right secret does not count.
    assert_eq!(ask(guesser.clone(), secret.clone()).await.status(), 200);
    for n in 0..3 {
        let wrong = ask(guesser.clone(), format!("WRONG-{n}")).await;
        assert_eq!(wrong.status(), 404, "guess {n}");
    }
    let limited = ask(guesser.clone(), "WRONG-4".into()).await;
    assert_eq!(limited.status(), 429);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&wait), "{wait}");
    // Past the limit even the right secret waits: a guess that hits learns nothing.
    assert_eq!(ask(guesser, secret.clone()).await.status(), 429);
    // Another address is another client.
    assert_eq!(ask(client("127.0.0.2"), secret).await.status(), 200);
    running.end().await;
}
