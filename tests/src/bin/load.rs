//! `cargo run --release -p tests --bin load -- [--clients N] [--seconds S] [--program P]
//! [--database URL | --url U]`
//!
//! N clients post the program's valid application (JSON) as fast as they are answered, each on
//! its own keep-alive connection, for S seconds, and the tool reports durable submissions per
//! second and the p50/p99 latency. Without `--url` it runs the real server in this process
//! (its own runtime and threads, no rate limit) on `--database`, a fresh SQLite file by
//! default. It then measures the raw insert rate of the same SQLite settings (one row of the
//! same size per commit), so the server's cost is read as a ratio on the same machine in the
//! same run.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::Request;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use sqlx::Connection;

struct Args {
    clients: usize,
    seconds: u64,
    program: String,
    url: Option<String>,
    database: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        clients: 64,
        seconds: 10,
        program: "national-social-pilot".into(),
        url: None,
        database: None,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let mut value = || given.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--clients" => args.clients = value()?.parse().map_err(|e| format!("{flag}: {e}"))?,
            "--seconds" => args.seconds = value()?.parse().map_err(|e| format!("{flag}: {e}"))?,
            "--program" => args.program = value()?,
            "--url" => args.url = Some(value()?),
            "--database" => args.database = Some(value()?),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if args.clients == 0 || args.seconds == 0 {
        return Err("--clients and --seconds must be at least 1".into());
    }
    Ok(args)
}

/// What the clients saw: latencies of the 201s and how many answers were something else.
struct Outcome {
    latencies: Vec<Duration>,
    refused: usize,
    failed: usize,
}

async fn drive(base: &str, body: Bytes, clients: usize, for_: Duration) -> Outcome {
    let client = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(clients)
        .build_http::<Full<Bytes>>();
    let url = format!("{base}/api/v1/submissions");
    let until = Instant::now() + for_;
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (client, url, body) = (client.clone(), url.clone(), body.clone());
            tokio::spawn(async move {
                let mut outcome = Outcome {
                    latencies: Vec::new(),
                    refused: 0,
                    failed: 0,
                };
                while Instant::now() < until {
                    let request = Request::post(url.as_str())
                        .header("content-type", "application/json")
                        .body(Full::new(body.clone()))
                        .expect("a valid request");
                    let sent = Instant::now();
                    match client.request(request).await {
                        Ok(answer) => {
                            let status = answer.status();
                            let read = answer.into_body().collect().await;
                            if status == 201 && read.is_ok() {
                                outcome.latencies.push(sent.elapsed());
                            } else {
                                outcome.refused += 1;
                            }
                        }
                        Err(_) => outcome.failed += 1,
                    }
                }
                outcome
            })
        })
        .collect();
    let mut all = Outcome {
        latencies: Vec::new(),
        refused: 0,
        failed: 0,
    };
    for task in tasks {
        let one = task.await.expect("a client task");
        all.latencies.extend(one.latencies);
        all.refused += one.refused;
        all.failed += one.failed;
    }
    all.latencies.sort();
    all
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[at]
}

/// Rows per second committed one per transaction on `url`'s database with the server's
/// settings (SQLite's, or PostgreSQL's defaults: synchronous commit), each row the size of a
/// stored submission of `data`, through the plain driver: what the disk and the database
/// allow, before any server.
async fn raw_insert_rate(url: &str, data: &str, for_: Duration) -> Result<f64, sqlx::Error> {
    // The server's schema, if the server did not make it.
    backend::store::Store::connect(url).await?.close().await;
    let run = format!("{:x}", std::process::id());
    let started = Instant::now();
    let mut rows = 0u64;
    // The same loop on either driver's own connection type.
    macro_rules! insert_for {
        ($conn:expr) => {
            while started.elapsed() < for_ {
                let mut tx = $conn.begin().await?;
                sqlx::query(
                    "INSERT INTO submissions (id, receipt, program, call, applicant_name, \
                     credit_code, project_name, schema_version, data, submitted_at) \
                     VALUES ($1, $2, 'p', 'c', 'a', 'c', 'n', 1, $3, '2026-12-02T10:00:00+08:00')",
                )
                .bind(format!("raw-{run}-{rows}"))
                .bind(format!("RAW-{run}-{rows}"))
                .bind(data)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                rows += 1;
            }
        };
    }
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await?;
        sqlx::raw_sql(backend::store::SQLITE_SETTINGS)
            .execute(&mut conn)
            .await?;
        insert_for!(conn);
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await?;
        insert_for!(conn);
    }
    Ok(rows as f64 / started.elapsed().as_secs_f64())
}

fn main() -> std::process::ExitCode {
    let args = match args() {
        Ok(args) => args,
        Err(why) => {
            eprintln!("load: {why}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let application = tests::fixture(&args.program);
    let body = Bytes::from(application.to_string());
    let for_ = Duration::from_secs(args.seconds);

    // The server on its own runtime, as it runs alone: the clients get another thread.
    let dir = tempfile::tempdir().expect("a temporary folder");
    // Where the server (in this process) stores, and where the raw rate is measured.
    let database = args
        .database
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("load.db").display()));
    let (base, stop) = match &args.url {
        Some(url) => (url.trim_end_matches('/').to_owned(), None),
        None => {
            let config = backend::configuration::Config {
                addr: "127.0.0.1:0".parse().expect("an address"),
                database: database.clone(),
                calls: None,
                allow_origins: Vec::new(),
                trusted_proxies: Vec::new(),
                sqlite_max_pages: None,
                metrics_addr: None,
                public_url: None,
                oidc: Default::default(),
                notify: Default::default(),
                limits: backend::configuration::ServerLimits {
                    submissions_per_minute: 0,
                    ..backend::configuration::ServerLimits::DEFAULT
                },
            };
            let server_runtime = tokio::runtime::Runtime::new().expect("a runtime");
            let server = server_runtime
                .block_on(backend::startup::Server::build(&config))
                .expect("the server starts");
            let base = format!("http://{}", server.addr());
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let thread = std::thread::spawn(move || {
                server_runtime.block_on(server.run_until(async {
                    let _ = stopped.await;
                }));
            });
            (base, Some((stop, thread)))
        }
    };
    let clients = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    println!(
        "load: {} clients for {} s posting {} ({} bytes of JSON) to {base}",
        args.clients,
        args.seconds,
        args.program,
        body.len()
    );
    let outcome = clients.block_on(drive(&base, body, args.clients, for_));
    if let Some((stop, thread)) = stop {
        let _ = stop.send(());
        let _ = thread.join();
    }
    let rate = outcome.latencies.len() as f64 / for_.as_secs_f64();
    println!(
        "server: {rate:.0} submissions/s stored (201: {}, other answers: {}, failed: {}), \
         p50 {:.1} ms, p99 {:.1} ms",
        outcome.latencies.len(),
        outcome.refused,
        outcome.failed,
        percentile(&outcome.latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&outcome.latencies, 0.99).as_secs_f64() * 1e3,
    );
    // The stored row holds the normalized application, about the size of what was sent.
    let engine = if database.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    match clients.block_on(raw_insert_rate(&database, &application.to_string(), for_)) {
        Ok(raw) => println!(
            "raw {engine}, same settings, one row per commit: {raw:.0} rows/s; server/raw = {:.2}",
            rate / raw
        ),
        Err(e) => {
            eprintln!("load: raw insert rate: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    if outcome.latencies.is_empty() {
        eprintln!("load: no submission was stored");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
