//! The real server, the one way every test starts it: on port 0 in this process ([`TestServer`]),
//! on a SQLite file of its own (or on one given, so that a test can start it again on the same
//! file), until it is told to stop or dropped; or as its own process ([`spawn`]), for the tests
//! that kill it.

use std::path::{Path, PathBuf};

use backend::configuration::{Config, NotifyConfig, OidcConfig, ServerLimits};
use backend::startup::Server;
use backend::store::Store;

pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// `127.0.0.1:PORT`, for raw connections.
    pub addr: String,
    pub database: String,
    /// Tells the server to stop as SIGTERM would; dropping it does the same.
    pub stop: tokio::sync::oneshot::Sender<()>,
    /// Ends once the server has stopped.
    pub ended: tokio::task::JoinHandle<()>,
    /// `http://127.0.0.1:PORT/metrics`, where [`Options::metrics`] asked for it.
    pub metrics: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

/// How a [`TestServer`] starts: the shipped calls unless `calls` (TOML), no allowed origin
/// unless `origins`, the default limits unless `limits`, a fresh file unless `database`.
#[derive(Default)]
pub struct Options<'a> {
    pub calls: Option<&'a str>,
    pub origins: &'a [&'a str],
    pub limits: ServerLimits,
    pub database: Option<&'a Path>,
    /// Serve `/metrics` on a port of its own.
    pub metrics: bool,
    /// Reverse proxies it trusts (`--trusted-proxy`).
    pub trusted_proxies: &'a [&'a str],
    /// Sign reviewers in through the test run's OpenID provider ([`oidc`]).
    pub oidc: bool,
    /// Tell applicants by e-mail and webhook.
    pub notify: NotifyConfig,
}

/// The TOTP secret in what `reviewer add … --password-stdin` printed: its `otpauth://` URI's
/// `secret`, as an authenticator app reads it.
pub fn totp_secret(printed: &str) -> String {
    let uri = printed
        .lines()
        .find(|l| l.starts_with("otpauth://totp/"))
        .unwrap_or_else(|| panic!("no otpauth URI in {printed}"));
    let query = uri.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .find_map(|p| p.strip_prefix("secret="))
        .unwrap_or_else(|| panic!("no secret in {uri}"))
        .to_owned()
}

/// The OpenID provider tests/run.sh starts once per run (tests/oidc/provider.mjs), and the
/// client it registered for the server under test.
pub mod oidc {
    pub const CLIENT_ID: &str = "pilot";
    pub const CLIENT_SECRET: &str = "pilot-secret";
    /// The claim its ID tokens name the account by (as well as `sub`).
    pub const ACCOUNT_CLAIM: &str = "preferred_username";

    /// Its issuer URL, from `PILOT_TEST_OIDC_ISSUER`.
    pub fn issuer() -> String {
        std::env::var("PILOT_TEST_OIDC_ISSUER").expect(
            "PILOT_TEST_OIDC_ISSUER names the test OpenID provider: run tests/run.sh, or start \
             `node target/tools/oidc/provider.mjs PORT` and set it to http://127.0.0.1:PORT",
        )
    }
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::with(Options::default()).await
    }

    /// The server with the calls file `calls` (TOML) instead of the shipped one.
    pub async fn start_with_calls(calls: Option<&str>) -> TestServer {
        TestServer::with(Options {
            calls,
            ..Options::default()
        })
        .await
    }

    /// The server allowing pages of these origins to call its API.
    pub async fn start_allowing(origins: &[&str]) -> TestServer {
        TestServer::with(Options {
            origins,
            ..Options::default()
        })
        .await
    }

    /// The server on the SQLite file at `path` (made if missing) with these limits.
    pub async fn on(path: &Path, limits: ServerLimits) -> TestServer {
        TestServer::with(Options {
            limits,
            database: Some(path),
            ..Options::default()
        })
        .await
    }

    pub async fn with(options: Options<'_>) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let calls = options.calls.map(|text| {
            let path = dir.path().join("calls.toml");
            std::fs::write(&path, text).unwrap();
            path
        });
        let file: PathBuf = match options.database {
            Some(path) => path.to_owned(),
            None => dir.path().join("pilot.db"),
        };
        let database = format!("sqlite://{}", file.display());
        // The identity provider sends the browser back to `--public-url`, so the port is
        // chosen before the server binds it.
        let addr: std::net::SocketAddr = if options.oidc {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap()
        } else {
            "127.0.0.1:0".parse().unwrap()
        };
        let config = Config {
            addr,
            database: database.clone(),
            calls,
            allow_origins: options.origins.iter().map(|o| o.to_string()).collect(),
            trusted_proxies: options
                .trusted_proxies
                .iter()
                .map(|p| p.to_string())
                .collect(),
            sqlite_max_pages: None,
            metrics_addr: options.metrics.then(|| "127.0.0.1:0".parse().unwrap()),
            limits: options.limits,
            public_url: options.oidc.then(|| format!("http://{addr}")),
            notify: options.notify,
            oidc: if options.oidc {
                OidcConfig {
                    oidc_issuer: Some(oidc::issuer()),
                    oidc_client_id: Some(oidc::CLIENT_ID.into()),
                    oidc_client_secret: Some(oidc::CLIENT_SECRET.into()),
                    oidc_account_claim: oidc::ACCOUNT_CLAIM.into(),
                }
            } else {
                OidcConfig::default()
            },
        };
        let server = Server::build(&config).await.expect("server starts");
        let addr = server.addr().to_string();
        let metrics = server.metrics_addr().map(|a| format!("http://{a}/metrics"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let ended = tokio::spawn(server.run_until(async {
            let _ = stopped.await;
        }));
        TestServer {
            base: format!("http://{addr}"),
            addr,
            database,
            stop,
            ended,
            metrics,
            _dir: Some(dir),
        }
    }

    /// A second connection to the same SQLite file, to look at what was stored.
    pub async fn store(&self) -> Store {
        Store::connect(&self.database).await.unwrap()
    }

    /// Stops the server and waits until it has ended.
    pub async fn end(self) {
        self.stop.send(()).unwrap();
        self.ended.await.unwrap();
    }
}

/// The server's binary (`bin`: a test's `env!("CARGO_BIN_EXE_backend")`) as a process of its
/// own on `database` and a free port, without a rate limit, once it takes connections (it binds
/// only after its database is open); killed when the handle is dropped. Its base URL beside it.
pub async fn spawn(bin: &str, database: &str) -> (tokio::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = tokio::process::Command::new(bin)
        .args(["--addr", &addr, "--database", database])
        .args(["--submissions-per-minute", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(&addr).await.is_ok() {
            return (child, format!("http://{addr}"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the server did not come up on {addr}");
}
