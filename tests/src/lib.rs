//! Helpers for the end-to-end tests: the real server on a free port with a fresh SQLite file, and
//! a headless Chromium session through Debian's chromedriver.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use backend::configuration::Config;
use backend::startup::Server;
use backend::store::Store;
use fantoccini::{Client, ClientBuilder};
use tokio::process::{Child, Command};

/// The workspace's fixtures folder.
pub fn fixture(program: &str) -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(program)
        .join("valid.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The server, running on 127.0.0.1 with its own database until dropped.
pub struct TestServer {
    pub base: String,
    pub database: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with_calls(None).await
    }

    /// The server with the calls file `calls` (TOML) instead of the shipped one.
    pub async fn start_with_calls(calls: Option<&str>) -> TestServer {
        TestServer::start_with(calls, Vec::new()).await
    }

    /// The server allowing pages of these origins to call its API.
    pub async fn start_allowing(origins: &[&str]) -> TestServer {
        TestServer::start_with(None, origins.iter().map(|o| o.to_string()).collect()).await
    }

    async fn start_with(calls: Option<&str>, allow_origins: Vec<String>) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let calls = calls.map(|text| {
            let path = dir.path().join("calls.toml");
            std::fs::write(&path, text).unwrap();
            path
        });
        let database = format!("sqlite://{}", dir.path().join("pilot.db").display());
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database: database.clone(),
            calls,
            allow_origins,
            trusted_proxies: Vec::new(),
            sqlite_max_pages: None,
            limits: Default::default(),
        };
        let server = Server::build(&config).await.expect("server starts");
        let base = format!("http://{}", server.addr());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run_until(async {
            let _ = stopped.await;
        }));
        TestServer {
            base,
            database,
            stop: Some(stop),
            _dir: dir,
        }
    }

    /// A second connection to the same SQLite file, to look at what was stored.
    pub async fn store(&self) -> Store {
        Store::connect(&self.database).await.unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A made-up bureau portal (`tests/demo-host`) on its own origin: hostile global CSS, a strict
/// CSP, and the form embedded from the pilot server by one script tag.
pub struct DemoHost {
    pub base: String,
    listener: Option<tokio::net::TcpListener>,
}

impl DemoHost {
    /// Binds a port first, so the pilot server can be told to allow this origin.
    pub async fn bind() -> DemoHost {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        DemoHost {
            base,
            listener: Some(listener),
        }
    }

    /// Serves the portal, embedding the form from `pilot` (an origin), until the test ends.
    pub fn serve(&mut self, pilot: &str) {
        use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
        use axum::routing::get;
        // Only what the embedding README promises to need: no inline script or style, no eval.
        let csp = format!(
            "default-src 'none'; script-src 'self' {pilot} 'wasm-unsafe-eval'; \
             style-src 'self' {pilot}; connect-src {pilot}; frame-src {pilot}; img-src 'self'"
        );
        let page = |html: &str| {
            let (html, csp) = (html.replace("{{PILOT}}", pilot), csp.clone());
            get(move || async move {
                (
                    [
                        (CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                        (CONTENT_SECURITY_POLICY, csp),
                    ],
                    html,
                )
            })
        };
        let file = |body: &'static str, content_type: &'static str| {
            get(move || async move { ([(CONTENT_TYPE, content_type)], body) })
        };
        let app = axum::Router::new()
            .route("/", page(include_str!("../demo-host/index.html")))
            .route("/frame.html", page(include_str!("../demo-host/frame.html")))
            .route("/old.html", page(include_str!("../demo-host/old.html")))
            .route(
                "/old-browser.js",
                file(
                    include_str!("../demo-host/old-browser.js"),
                    "text/javascript",
                ),
            )
            .route(
                "/portal.js",
                file(include_str!("../demo-host/portal.js"), "text/javascript"),
            )
            .route(
                "/hostile.css",
                file(include_str!("../demo-host/hostile.css"), "text/css"),
            );
        let listener = self.listener.take().expect("served once");
        tokio::spawn(async move { axum::serve(listener, app).await });
    }
}

/// chromedriver and a headless Chromium session; chromedriver is killed when dropped.
pub struct Browser {
    pub client: Client,
    _driver: Child,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    pub async fn start() -> Browser {
        let driver_path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("start {driver_path} (install chromium-driver): {e}"));

        let mut caps = serde_json::Map::new();
        let mut chrome = serde_json::json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1200,1600", "--lang=zh-CN"
            ]
        });
        if std::path::Path::new("/usr/bin/chromium").exists() {
            chrome["binary"] = "/usr/bin/chromium".into();
        }
        caps.insert("goog:chromeOptions".into(), chrome);

        let url = format!("http://127.0.0.1:{port}");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        // chromedriver takes a moment to listen.
        let mut last_error = None;
        for _ in 0..100 {
            match ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Browser {
                        client,
                        _driver: driver,
                    };
                }
                Err(e) => {
                    last_error = Some(e);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        panic!("no WebDriver session: {last_error:?}");
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
