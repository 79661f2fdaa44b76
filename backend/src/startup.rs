//! Building the application and serving it.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::calls::Calls;
use crate::configuration::{Config, ServerLimits};
use crate::http::cors::AllowedOrigins;
use crate::http::rate::{SubmissionRate, WrongSecrets};
use crate::http::uploads::Uploads;
use crate::notify::mail::Mailer;
use crate::notify::webhook::Webhook;
use crate::notify::{Channel, Notifier};
use crate::oidc::{Oidc, Settings};
use crate::state::SignInFailures;
use crate::store::Store;

// The application as the tests and the fuzz target drive it: assembled in `routes`, its
// state in `state`; this module only builds and serves it.
pub use crate::routes::app;
pub use crate::state::AppState;

pub struct Server {
    listener: TcpListener,
    /// `/metrics`, where `--metrics-addr` asks for it.
    metrics: Option<TcpListener>,
    state: AppState,
    limits: ServerLimits,
    /// Delivers the outbox and sweeps for units whose time passed, while the server serves.
    notifier: Notifier,
}

impl Server {
    /// Opens the database (running migrations) and binds the address; port 0 picks a free port.
    pub async fn build(config: &Config) -> Result<Server, Box<dyn std::error::Error>> {
        let calls = Calls::load(config.calls.as_deref()).map_err(|e| format!("calls: {e}"))?;
        if config.calls.is_none() {
            // Said on stderr as well as in the log: an operator must not miss it.
            let warning = "DEMO MODE: no --calls file, so every program has one demonstration \
                           call that never closes. Give --calls (PILOT_CALLS) to take real \
                           applications. 演示模式：未指定申报批次文件，演示批次永不截止。";
            eprintln!("\n*** {warning} ***\n");
            tracing::warn!(demo = true, "{warning}");
        }
        for warning in calls.warnings() {
            eprintln!("calls: {warning}");
            tracing::warn!(%warning, "calls");
        }
        let origins = AllowedOrigins::parse(&config.allow_origins)
            .map_err(|e| format!("--allow-origin: {e}"))?;
        let trusted = config
            .trusted_proxies
            .iter()
            .map(|c| crate::http::client::Cidr::parse(c))
            .collect::<Result<Arc<[_]>, _>>()
            .map_err(|e| format!("--trusted-proxy: {e}"))?;
        let store = Store::connect_with(&config.database, config.sqlite_max_pages)
            .await
            .map_err(|e| {
                let shown = crate::configuration::redacted(&config.database);
                format!("database {shown}: {e}")
            })?;
        // Not fatal: the server serves its own files without; only another build's pages would
        // miss them during a rolling deploy.
        if let Err(e) =
            crate::http::assets::keep_build(&store, time::OffsetDateTime::now_utc()).await
        {
            tracing::warn!(error = %e, "the widget's files could not be kept for other servers");
        }
        // A submission received by a unit its call no longer has would be seen by nobody.
        for (call, unit) in store.received_by().await? {
            if let Some(c) = calls.all().iter().find(|c| c.id == call)
                && c.chain.unit(&unit).is_none()
            {
                return Err(format!(
                    "calls: call {call} has no unit {unit}, which received stored submissions"
                )
                .into());
            }
        }
        let oidc = match &config.oidc.oidc_issuer {
            Some(issuer) => Some(Arc::new(Oidc::new(Settings {
                issuer: issuer.clone(),
                client_id: config.oidc.oidc_client_id.clone().unwrap_or_default(),
                client_secret: config.oidc.oidc_client_secret.clone(),
                account_claim: config.oidc.oidc_account_claim.clone(),
                public_url: config.public_url.clone().unwrap_or_default(),
            })?)),
            None => None,
        };
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|e| format!("listen on {}: {e}", config.addr))?;
        let metrics = match config.metrics_addr {
            Some(addr) => {
                crate::http::metrics::handle();
                let bound = TcpListener::bind(addr)
                    .await
                    .map_err(|e| format!("--metrics-addr {addr}: {e}"))?;
                Some(bound)
            }
            None => None,
        };
        let state = AppState {
            store,
            calls: Arc::new(calls),
            origins: Arc::new(origins),
            uploads: Uploads::new(
                config.limits.upload_memory,
                crate::intake::multipart_limit(),
                std::time::Duration::from_secs(config.limits.upload_wait),
            ),
            rate: SubmissionRate::per_minute(config.limits.submissions_per_minute),
            wrong_secrets: WrongSecrets::per_window(config.limits.wrong_secrets),
            trusted,
            sign_in: SignInFailures::new(
                config.limits.sign_in_failures,
                config.limits.sign_in_failures_per_client,
            ),
            oidc,
        };
        let mut channels = Vec::new();
        if let (Some(url), Some(from)) = (&config.notify.smtp_url, &config.notify.mail_from) {
            channels.push(Channel::Mail(Mailer::new(url, from)?));
        }
        if let (Some(url), Some(secret)) =
            (&config.notify.webhook_url, &config.notify.webhook_secret)
        {
            channels.push(Channel::Webhook(Webhook::new(url, secret)?));
        }
        let notifier = Notifier {
            store: state.store.clone(),
            calls: state.calls.clone(),
            channels,
            retry: std::time::Duration::from_secs(config.limits.notify_retry.max(1)),
            poll: std::time::Duration::from_secs(1),
            sweep: std::time::Duration::from_secs(config.limits.progress_sweep.max(1)),
        };
        Ok(Server {
            listener,
            metrics,
            state,
            limits: config.limits.clone(),
            notifier,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    /// Where `/metrics` is served, if anywhere.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|l| l.local_addr().ok())
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests and closes the database.
    pub async fn run_until_stopped(self) {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes.
    pub async fn run_until(self, stop: impl Future<Output = ()> + Send + 'static) {
        let store = self.state.store.clone();
        // The metrics listener ends with the process; it answers nothing but the scrape.
        if let Some(listener) = self.metrics {
            let router = crate::http::metrics::router(store.clone(), self.state.uploads.clone());
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, router).await {
                    tracing::error!(error = %e, "metrics listener");
                }
            });
        }
        let notifier = tokio::spawn(self.notifier.run());
        // Files held for forms posted without script go after their day (`crate::plain`).
        let forgetting = {
            let store = store.clone();
            tokio::spawn(async move {
                let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
                loop {
                    hourly.tick().await;
                    if let Err(e) = store.forget_held(crate::clock::now()).await {
                        tracing::warn!(error = %e, "held files could not be forgotten");
                    }
                }
            })
        };
        crate::http::serve::serve(self.listener, app(self.state), &self.limits, stop).await;
        // A message being sent now is taken again by the next start (its lease runs out).
        notifier.abort();
        forgetting.abort();
        store.close().await;
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
