//! Helpers for the end-to-end tests: the real server (`support`'s `TestServer`, re-exported), a
//! portal on another origin, and a headless Chromium session through Debian's chromedriver.

use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use tokio::process::{Child, Command};

pub use support::server::{Options, TestServer};
pub use support::{smtp, webhook};

/// A program's valid application (`tests/fixtures/<program>/valid.json`).
pub fn fixture(program: &str) -> serde_json::Value {
    serde_json::from_str(support::fixture(program)).unwrap()
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

/// A Chrome DevTools Protocol command, through chromedriver's `goog/cdp/execute`, for what
/// WebDriver has no command for (a script run in each new document before its own).
pub async fn cdp(c: &Client, cmd: &str, params: serde_json::Value) -> serde_json::Value {
    #[derive(Debug)]
    struct Cdp(serde_json::Value);
    impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
        fn endpoint(
            &self,
            base: &url::Url,
            session: Option<&str>,
        ) -> Result<url::Url, url::ParseError> {
            base.join(&format!(
                "session/{}/goog/cdp/execute",
                session.unwrap_or_default()
            ))
        }

        fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
            (axum::http::Method::POST, Some(self.0.to_string()))
        }
    }
    let body = serde_json::json!({ "cmd": cmd, "params": params });
    c.issue_cmd(Cdp(body))
        .await
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
}

impl Browser {
    pub async fn start() -> Browser {
        Browser::start_with(serde_json::Value::Null).await
    }

    /// A browser whose pages run no script, as a ministry's policy may set it: Chromium's
    /// content setting, the one a user or an administrator sets.
    pub async fn without_javascript() -> Browser {
        let prefs = serde_json::json!({ "profile.managed_default_content_settings.javascript": 2 });
        Browser::start_with(prefs).await
    }

    /// A browser with these Chromium preferences (`Null`: none).
    async fn start_with(prefs: serde_json::Value) -> Browser {
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
        if !prefs.is_null() {
            chrome["prefs"] = prefs;
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

/// ARCHITECTURE.md sends readers to files: every path it names is one the repository has. A
/// path with a placeholder (`routes/<area>.rs`) names its folder; a path under the floors'
/// table is read under `backend/src/`.
#[cfg(test)]
mod architecture {
    use std::path::Path;

    #[test]
    fn every_path_architecture_md_names_exists() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
        let named: Vec<&str> = text
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|p| p.contains('/') && !p.starts_with('/') && !p.contains(' '))
            .collect();
        assert!(named.len() > 40, "{named:?}");
        let missing: Vec<&str> = named
            .into_iter()
            .filter(|path| {
                let path = path.split('<').next().unwrap_or(path);
                !["", "backend/src/"]
                    .iter()
                    .any(|base| root.join(base).join(path).exists())
            })
            .collect();
        assert!(missing.is_empty(), "ARCHITECTURE.md names {missing:?}");
    }
}
