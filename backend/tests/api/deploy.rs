//! What `deploy/` ships, checked with the tools that will run it: the systemd unit by
//! `systemd-analyze verify`, and the nginx site by `nginx -t` and by submissions through it to
//! the real server with `--trusted-proxy`. tests/run.sh installs systemd's tools, nginx, openssl
//! and curl (Debian's).

use std::path::Path;
use std::process::Stdio;

use tokio::process::Command;

use super::*;

fn deploy(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deploy")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` with `from` replaced, which must be there: a test that changed nothing would check
/// the shipped file against nothing.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "deploy/ no longer has `{from}`");
    text.replace(from, to)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn run(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap_or_else(|e| panic!("{program}: {e} (tests/run.sh installs it)"))
}

/// The unit as shipped, with the path it installs the binary to pointing at this build's: no
/// warning, no unknown key, an executable that exists.
#[tokio::test]
async fn the_systemd_unit_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let unit = dir.path().join("pilot.service");
    let text = replaced(
        &deploy("pilot.service"),
        "ExecStart=/usr/local/bin/pilot-backend ",
        &format!("ExecStart={} ", env!("CARGO_BIN_EXE_backend")),
    );
    std::fs::write(&unit, text).unwrap();
    let out = run("systemd-analyze", &["verify", unit.to_str().unwrap()]).await;
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
}

/// nginx with the shipped site, on its own prefix, pid file and ports, with a certificate made
/// here; the server behind it on loopback, trusting 127.0.0.1 (nginx) and allowing one
/// submission a minute per client.
struct Front {
    nginx: tokio::process::Child,
    _server: tokio::process::Child,
    https: u16,
    http: u16,
    /// The server's database, for the operator's commands.
    database: String,
    dir: TempDir,
}

impl Front {
    async fn start() -> Front {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // nginx's workers (nobody, when the test runs as root) open the temporary paths.
        std::fs::set_permissions(root, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let (cert, key) = (root.join("cert.pem"), root.join("key.pem"));
        let out = run(
            "openssl",
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=pilot.example.gov.cn",
                "-keyout",
                key.to_str().unwrap(),
                "-out",
                cert.to_str().unwrap(),
            ],
        )
        .await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );

        let upstream = free_port();
        let database = fresh_database(root).await;
        let server = Command::new(env!("CARGO_BIN_EXE_backend"))
            .args([
                "--addr",
                &format!("127.0.0.1:{upstream}"),
                "--database",
                &database,
            ])
            .args([
                "--trusted-proxy",
                "127.0.0.1/32",
                "--submissions-per-minute",
                "1",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();

        let (http, https) = (free_port(), free_port());
        let mut site = deploy("nginx/pilot.conf");
        for (from, to) in [
            (
                "server 127.0.0.1:8080;",
                format!("server 127.0.0.1:{upstream};"),
            ),
            ("listen 80;", format!("listen 127.0.0.1:{http};")),
            ("listen [::]:80;", String::new()),
            (
                "listen 443 ssl http2;",
                format!("listen 127.0.0.1:{https} ssl http2;"),
            ),
            ("listen [::]:443 ssl http2;", String::new()),
            ("/etc/ssl/pilot/fullchain.pem", cert.display().to_string()),
            ("/etc/ssl/pilot/privkey.pem", key.display().to_string()),
        ] {
            site = replaced(&site, from, &to);
        }
        std::fs::write(root.join("site.conf"), site).unwrap();
        // What /etc/nginx/nginx.conf gives a site on Debian, with this test's own paths.
        let main = format!(
            "daemon off;\nworker_processes 1;\npid {r}/nginx.pid;\nerror_log {r}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n access_log off;\n client_body_temp_path {r}/body;\n \
             proxy_temp_path {r}/proxy;\n fastcgi_temp_path {r}/fastcgi;\n \
             uwsgi_temp_path {r}/uwsgi;\n scgi_temp_path {r}/scgi;\n include {r}/site.conf;\n}}\n",
            r = root.display()
        );
        let conf = root.join("nginx.conf");
        std::fs::write(&conf, main).unwrap();
        let args = |extra: &[&str]| {
            let mut a = vec!["-p", root.to_str().unwrap(), "-e", "stderr", "-c"];
            a.push(conf.to_str().unwrap());
            a.extend_from_slice(extra);
            a.into_iter().map(str::to_owned).collect::<Vec<_>>()
        };
        let out = Command::new("nginx")
            .args(args(&["-t"]))
            .output()
            .await
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && said.contains("test is successful"),
            "nginx -t: {said}"
        );
        let nginx = Command::new("nginx")
            .args(args(&[]))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        for port in [upstream, https] {
            let mut up = false;
            for _ in 0..300 {
                if tokio::net::TcpStream::connect(("127.0.0.1", port))
                    .await
                    .is_ok()
                {
                    up = true;
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            assert!(up, "nothing listens on {port}");
        }
        Front {
            nginx,
            _server: server,
            https,
            http,
            database,
            dir,
        }
    }

    /// curl from the loopback address `from` (127.0.0.2, 127.0.0.3: two applicants, both other
    /// than nginx's 127.0.0.1), with these extra arguments; the status and the body.
    async fn curl(&self, from: &str, url: &str, extra: &[&str]) -> (u16, String) {
        let body = self.dir.path().join(format!("answer-{from}"));
        let mut args = vec!["-sk", "--interface", from, "-o", body.to_str().unwrap()];
        args.extend_from_slice(&["-w", "%{http_code}", url]);
        args.extend_from_slice(extra);
        let out = run("curl", &args).await;
        let status = String::from_utf8_lossy(&out.stdout)
            .parse()
            .unwrap_or_else(|_| panic!("curl: {}", String::from_utf8_lossy(&out.stderr)));
        (status, std::fs::read_to_string(&body).unwrap_or_default())
    }

    async fn submit(&self, from: &str, headers: &[&str]) -> (u16, String) {
        let application = self.dir.path().join("application.json");
        std::fs::write(&application, vectors::fixture("national-social-pilot")).unwrap();
        let data = format!("@{}", application.display());
        let mut extra = vec![
            "-H",
            "content-type: application/json",
            "--data-binary",
            &data,
        ];
        for h in headers {
            extra.extend_from_slice(&["-H", h]);
        }
        let url = format!("https://127.0.0.1:{}/api/v1/submissions", self.https);
        self.curl(from, &url, &extra).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_the_shipped_nginx_site_each_applicant_has_its_own_rate() {
    let mut front = Front::start().await;
    // Plain HTTP is sent to HTTPS.
    let (status, _) = front
        .curl(
            "127.0.0.2",
            &format!("http://127.0.0.1:{}/", front.http),
            &[],
        )
        .await;
    assert_eq!(status, 301);

    let (status, body) = front.submit("127.0.0.2", &[]).await;
    assert_eq!(status, 201, "{body}");
    assert!(body.contains("\"receipt\""), "{body}");
    // The same applicant again within the minute is limited ...
    let (status, body) = front.submit("127.0.0.2", &[]).await;
    assert_eq!(status, 429, "{body}");
    // ... and naming another address in its own X-Forwarded-For does not make it another:
    // nginx appends the address it saw, and the server takes the rightmost it does not trust.
    let (status, _) = front
        .submit("127.0.0.2", &["X-Forwarded-For: 198.51.100.9"])
        .await;
    assert_eq!(status, 429);
    // Another applicant through the same nginx is counted apart: the server counted the
    // forwarded clients, not nginx, which all three submissions came from.
    let (status, body) = front.submit("127.0.0.3", &[]).await;
    assert_eq!(status, 201, "{body}");
    // The server's own page over HTTPS is its own origin: the scheme is the one nginx says it
    // took (X-Forwarded-Proto, believed from a trusted proxy). A page elsewhere is refused.
    let own = format!("Origin: https://127.0.0.1:{}", front.https);
    let (status, body) = front.submit("127.0.0.4", &[&own]).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = front
        .submit("127.0.0.5", &["Origin: https://spam.example.com"])
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("cross_site"), "{body}");

    // A reviewer signing in over HTTPS gets a session cookie sent back over TLS only.
    let store = Store::connect(&front.database).await.unwrap();
    let out = backend::admin::run(
        &store,
        &Calls::load(None).unwrap(),
        backend::configuration::ReviewerCommand::Add {
            name: "tls-1".into(),
            programs: vec!["national-social-pilot".into()],
            unit: None,
            expert: false,
            password_stdin: true,
        },
        Some("a long enough passphrase".into()),
    )
    .await
    .unwrap();
    let secret = support::server::totp_secret(&out);
    let now = u64::try_from(backend::clock::now()).unwrap();
    let code = backend::signin::totp::code(&secret, now).unwrap();
    let body = json!({ "account": "tls-1", "password": "a long enough passphrase", "code": code });
    let url = format!("https://127.0.0.1:{}/api/v1/session", front.https);
    let answer = run(
        "curl",
        &[
            "-sk",
            "--interface",
            "127.0.0.6",
            "-D",
            "-",
            "-o",
            "/dev/null",
            "-H",
            "content-type: application/json",
            "--data-binary",
            &body.to_string(),
            &url,
        ],
    )
    .await;
    let headers = String::from_utf8_lossy(&answer.stdout).to_lowercase();
    assert!(
        headers.starts_with("http/2 204") || headers.starts_with("http/1.1 204"),
        "{headers}"
    );
    let cookie = headers
        .lines()
        .find(|l| l.starts_with("set-cookie: pilot_session="))
        .unwrap_or_else(|| panic!("{headers}"));
    assert!(
        cookie.contains("secure")
            && cookie.contains("httponly")
            && cookie.contains("samesite=strict"),
        "{cookie}"
    );

    front.nginx.start_kill().unwrap();
    front.nginx.wait().await.unwrap();
}
