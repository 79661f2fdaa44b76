//! Flags, each also read from the environment and from a configuration file (`--config FILE`,
//! TOML, a key per long flag with `-` written `_`, an array for a repeatable one). A flag or its
//! environment variable wins over the file, and the file over the defaults, so an operator keeps
//! the database password in a file only its service can read instead of the process list.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

/// The command line: serve (no command), or look after reviewer accounts.
#[derive(Debug, clap::Parser)]
#[command(
    name = "backend",
    about = "标准化试点示范项目申报系统 — the application server"
)]
pub struct Cli {
    /// A configuration file (TOML): a key per long flag (`addr`, `database`, `allow_origin`,
    /// `upload_wait`, …), an array for a repeatable one. Flags and their environment variables
    /// override it. Read by every command.
    #[arg(long = "config", env = "PILOT_CONFIG", value_name = "FILE")]
    pub config_file: Option<PathBuf>,
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Reviewer accounts and the audit log of what reviewers did.
    #[command(subcommand)]
    Reviewer(ReviewerCommand),
    /// Deletes the submissions kept longer than their call's `retain_days`, with their files,
    /// and logs which went.
    Purge,
    /// Writes a consistent copy of the SQLite database to a new file while the server runs
    /// (SQLite's `VACUUM INTO`); a server started on the copy has everything committed before
    /// it began. For PostgreSQL use `pg_dump` (README: "Backup and restore").
    Backup {
        /// The copy to write; it must not exist yet.
        #[arg(long)]
        to: PathBuf,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ReviewerCommand {
    /// Creates an account; its token is printed once, on the last line. With
    /// `--password-stdin` it also signs in in a browser: the `otpauth://` URI its
    /// authenticator app enrols with is printed on a line of its own before the token.
    Add {
        /// Letters, digits and - _ . @ (at most 64).
        name: String,
        /// A program whose submissions the reviewer reads; repeatable, at least one.
        #[arg(long = "program", value_name = "ID", required = true)]
        programs: Vec<String>,
        /// The unit the reviewer acts for, as the calls file (`--calls`, else the built-in
        /// calls) names it in a chain of one of their programs: they see what it received and
        /// what the units below it send.
        #[arg(long)]
        unit: Option<String>,
        /// An expert the unit invites (专家评审): sees only what the unit assigns, and scores it.
        #[arg(long, requires = "unit")]
        expert: bool,
        /// Reads the account's password from the first line of standard input (at least 12
        /// characters), kept as an Argon2id hash, and gives it a TOTP second factor.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sets a new password (from the first line of standard input) and a new second factor
    /// for an account, ending its sessions: for a forgotten password or a lost phone. Prints
    /// the new `otpauth://` URI.
    Password {
        name: String,
        /// Required: a password is never taken on the command line, where `ps` shows it.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Gives an account a new token in place of a lost one, under the same name.
    Rotate { name: String },
    /// Lists the accounts, revoked ones included.
    List,
    /// Revokes an account: its token stops working at once.
    Revoke { name: String },
    /// Prints the audit log: who viewed, downloaded or changed what, and when; one line each,
    /// tab-separated, with line breaks, tabs, backslashes and other control characters in what
    /// reviewers wrote escaped (`\n`, `\t`, `\\`, `\u{1b}`), so no text prints as a line of its
    /// own.
    Audit {
        /// Checks instead that every line's hash matches its content and the line before it;
        /// names the first that does not by its `seq` and exits non-zero.
        #[arg(long)]
        verify: bool,
    },
}

/// How the server runs.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PILOT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Database URL; the SQLite file and its folder are created if missing.
    #[arg(long, env = "PILOT_DATABASE", default_value = "sqlite://data/pilot.db")]
    pub database: String,
    /// The calls (TOML); without it, one open-ended demonstration call per program.
    #[arg(long, env = "PILOT_CALLS")]
    pub calls: Option<PathBuf>,
    /// An origin whose pages may call the API (a portal that embeds the form), e.g.
    /// `https://scjgj.example.gov.cn`; repeatable. The environment takes a comma-separated list.
    #[arg(
        long = "allow-origin",
        env = "PILOT_ALLOW_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,
    /// A reverse proxy in front of the server (an address block, e.g. `10.0.0.0/8`); repeatable.
    /// For requests from it, the client is the rightmost address of `X-Forwarded-For` that is
    /// not one of them, for the rate limit and the upload shares. The environment takes a
    /// comma-separated list.
    #[arg(
        long = "trusted-proxy",
        env = "PILOT_TRUSTED_PROXIES",
        value_name = "CIDR",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
    /// A cap on the SQLite file's pages (SQLite's `max_page_count`; a page is 4 kB): a quota on
    /// a shared disk. Past it, as past a full disk, submissions are answered 503 `storage_full`
    /// with nothing written, until room is made.
    #[arg(long, env = "PILOT_SQLITE_MAX_PAGES", value_name = "PAGES")]
    pub sqlite_max_pages: Option<u32>,
    /// Where to serve `/metrics` (Prometheus' text format), apart from the API's port, e.g.
    /// `127.0.0.1:9100`; off without it.
    #[arg(long, env = "PILOT_METRICS_ADDR", value_name = "HOST:PORT")]
    pub metrics_addr: Option<SocketAddr>,
    /// The URL people reach the server at, behind its proxy (e.g.
    /// `https://sb.scjgj.example.gov.cn`): what the identity provider sends the browser back to.
    #[arg(long, env = "PILOT_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub oidc: OidcConfig,
    #[command(flatten)]
    pub notify: NotifyConfig,
    #[command(flatten)]
    pub limits: ServerLimits,
}

/// Telling applicants what happened to their application (see `crate::notify`): by e-mail,
/// by a signed webhook, or both; neither without its URL.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct NotifyConfig {
    /// The SMTP server to send applicants' e-mail through: `smtp://host:25` (STARTTLS where
    /// offered), `smtp://host:587?tls=required`, `smtps://host:465`; `user:password@` signs in
    /// (better in the configuration file than on the command line).
    #[arg(
        long,
        env = "PILOT_SMTP_URL",
        value_name = "URL",
        requires = "mail_from"
    )]
    pub smtp_url: Option<String>,
    /// The sender of that e-mail, e.g. `标准化申报 <noreply@scjgj.example.gov.cn>`.
    #[arg(long, env = "PILOT_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,
    /// Where each event is POSTed as signed JSON (a province's 一网通办, an SMS gateway).
    #[arg(
        long,
        env = "PILOT_WEBHOOK_URL",
        value_name = "URL",
        requires = "webhook_secret"
    )]
    pub webhook_url: Option<String>,
    /// The shared secret its `X-Pilot-Signature` (HMAC-SHA256) is made with; 16 characters
    /// at least.
    #[arg(long, env = "PILOT_WEBHOOK_SECRET", value_name = "SECRET")]
    pub webhook_secret: Option<String>,
}

/// Signing in through the province's identity provider (OpenID Connect); off without
/// `--oidc-issuer`. The provider is told the redirect URI `<--public-url>/api/v1/session/oidc/callback`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OidcConfig {
    /// The provider's issuer URL, exactly as its discovery document names it.
    #[arg(
        long,
        env = "PILOT_OIDC_ISSUER",
        value_name = "URL",
        requires_all = ["oidc_client_id", "public_url"]
    )]
    pub oidc_issuer: Option<String>,
    /// The client id the provider registered this server under.
    #[arg(long, env = "PILOT_OIDC_CLIENT_ID", value_name = "ID")]
    pub oidc_client_id: Option<String>,
    /// Its client secret (better in the configuration file than on the command line); without
    /// it, the server is a public client and PKCE alone binds the code.
    #[arg(long, env = "PILOT_OIDC_CLIENT_SECRET", value_name = "SECRET")]
    pub oidc_client_secret: Option<String>,
    /// The ID token's claim whose value is the reviewer's account name (`reviewer add NAME`).
    #[arg(
        long,
        env = "PILOT_OIDC_ACCOUNT_CLAIM",
        default_value = "sub",
        value_name = "CLAIM"
    )]
    pub oidc_account_claim: String,
}

/// What one client may hold of the server (see `crate::http::serve`). Seconds.
#[derive(Debug, Clone, clap::Args)]
pub struct ServerLimits {
    /// A request's headers must arrive within this.
    #[arg(long, env = "PILOT_HEADER_TIMEOUT", default_value_t = ServerLimits::DEFAULT.header_timeout, value_name = "SECS")]
    pub header_timeout: u64,
    /// A request body may pause this long between chunks.
    #[arg(long, env = "PILOT_BODY_IDLE_TIMEOUT", default_value_t = ServerLimits::DEFAULT.body_idle_timeout, value_name = "SECS")]
    pub body_idle_timeout: u64,
    /// A request may take this long until its answer starts (408 after): enough for 120 MB of
    /// attachments at 1.5 Mbit/s.
    #[arg(long, env = "PILOT_REQUEST_TIMEOUT", default_value_t = ServerLimits::DEFAULT.request_timeout, value_name = "SECS")]
    pub request_timeout: u64,
    /// Connections open at once; more wait to be accepted.
    #[arg(long, env = "PILOT_MAX_CONNECTIONS", default_value_t = ServerLimits::DEFAULT.max_connections)]
    pub max_connections: usize,
    /// MiB that submissions being received may hold together; more wait (see `crate::http::uploads`).
    #[arg(long, env = "PILOT_UPLOAD_MEMORY", default_value_t = ServerLimits::DEFAULT.upload_memory, value_name = "MIB")]
    pub upload_memory: u32,
    /// Submissions and corrections one client address may send a minute (429 past it); 0: no
    /// limit.
    #[arg(long, env = "PILOT_SUBMISSIONS_PER_MINUTE", default_value_t = ServerLimits::DEFAULT.submissions_per_minute)]
    pub submissions_per_minute: u32,
    /// Wrong `Submission-Secret`s one client address may try on a receipt in 10 minutes (429
    /// past it, apart from the submissions' limit); 0: no limit.
    #[arg(long, env = "PILOT_WRONG_SECRETS", default_value_t = ServerLimits::DEFAULT.wrong_secrets)]
    pub wrong_secrets: u32,
    /// Failed sign-ins one account may have in 15 minutes (429 past it, right password or
    /// not); 0: no limit.
    #[arg(long, env = "PILOT_SIGN_IN_FAILURES", default_value_t = ServerLimits::DEFAULT.sign_in_failures)]
    pub sign_in_failures: u32,
    /// Failed sign-ins one client address may have in 15 minutes, whatever the accounts; 0: no
    /// limit.
    #[arg(long, env = "PILOT_SIGN_IN_FAILURES_PER_CLIENT", default_value_t = ServerLimits::DEFAULT.sign_in_failures_per_client)]
    pub sign_in_failures_per_client: u32,
    /// Seconds before a message that could not be delivered is tried again; the wait doubles
    /// each time, up to an hour, for a day.
    #[arg(long, env = "PILOT_NOTIFY_RETRY", default_value_t = ServerLimits::DEFAULT.notify_retry, value_name = "SECS")]
    pub notify_retry: u64,
    /// Seconds between two looks for units whose time to recommend has passed.
    #[arg(long, env = "PILOT_PROGRESS_SWEEP", default_value_t = ServerLimits::DEFAULT.progress_sweep, value_name = "SECS")]
    pub progress_sweep: u64,
    /// How long requests still running at shutdown may take to finish.
    #[arg(long, env = "PILOT_SHUTDOWN_GRACE", default_value_t = ServerLimits::DEFAULT.shutdown_grace, value_name = "SECS")]
    pub shutdown_grace: u64,
    /// How long a submission waits for room in the upload memory before it is told 503 with
    /// `Retry-After` (the widget retries by itself).
    #[arg(long, env = "PILOT_UPLOAD_WAIT", default_value_t = ServerLimits::DEFAULT.upload_wait, value_name = "SECS")]
    pub upload_wait: u64,
    /// The least rate (bytes a second, averaged over `--upload-rate-window`) at which a body
    /// must arrive, or it is dropped with 408: a county link sends 200 kB/s.
    #[arg(long, env = "PILOT_MIN_UPLOAD_RATE", default_value_t = ServerLimits::DEFAULT.min_upload_rate, value_name = "BYTES")]
    pub min_upload_rate: u64,
    /// The window over which the upload rate is averaged.
    #[arg(long, env = "PILOT_UPLOAD_RATE_WINDOW", default_value_t = ServerLimits::DEFAULT.upload_rate_window, value_name = "SECS")]
    pub upload_rate_window: u64,
}

impl ReviewerCommand {
    /// Whether it reads a password from standard input.
    pub fn reads_password(&self) -> bool {
        matches!(
            self,
            ReviewerCommand::Add {
                password_stdin: true,
                ..
            } | ReviewerCommand::Password { .. }
        )
    }
}

impl ServerLimits {
    pub const DEFAULT: ServerLimits = ServerLimits {
        header_timeout: 10,
        body_idle_timeout: 30,
        request_timeout: 900,
        max_connections: 1024,
        upload_memory: 128,
        submissions_per_minute: 30,
        wrong_secrets: 20,
        sign_in_failures: 5,
        sign_in_failures_per_client: 20,
        notify_retry: 30,
        progress_sweep: 60,
        shutdown_grace: 30,
        upload_wait: 5,
        min_upload_rate: 8 * 1024,
        upload_rate_window: 30,
    };
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits::DEFAULT
    }
}

impl Cli {
    /// The command line, with the configuration file it names read under it; clap's own errors
    /// (and `--help`) end the process as `Cli::parse` would.
    pub fn load() -> Result<Cli, String> {
        Cli::load_from(std::env::args_os().collect())
    }

    /// As [`Cli::load`], from `args` (the program's name first).
    pub fn load_from(args: Vec<OsString>) -> Result<Cli, String> {
        let matches = Cli::command()
            .try_get_matches_from(&args)
            .unwrap_or_else(|e| e.exit());
        let Some(file) = matches.get_one::<PathBuf>("config_file") else {
            return Cli::from_arg_matches(&matches).map_err(|e| e.to_string());
        };
        let given = from_file(file, &matches)?;
        let mut args = args.into_iter();
        let merged: Vec<OsString> = args.next().into_iter().chain(given).chain(args).collect();
        let matches = Cli::command()
            .try_get_matches_from(merged)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        Cli::from_arg_matches(&matches).map_err(|e| e.to_string())
    }
}

/// The configuration file's settings as flags (`--addr=…`), for the flags neither the command
/// line nor the environment set.
fn from_file(file: &Path, matches: &clap::ArgMatches) -> Result<Vec<OsString>, String> {
    let text =
        std::fs::read_to_string(file).map_err(|e| format!("--config {}: {e}", file.display()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("--config {}: {e}", file.display()))?;
    let command = Cli::command();
    let mut flags = Vec::new();
    for (key, value) in &table {
        let long = key.replace('_', "-");
        let arg = command
            .get_arguments()
            .find(|a| a.get_long() == Some(long.as_str()) && long != "config")
            .ok_or_else(|| format!("--config {}: no setting {key}", file.display()))?;
        if matches!(
            matches.value_source(arg.get_id().as_str()),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        ) {
            continue;
        }
        let values = match value {
            toml::Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        for value in values {
            let text = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => {
                    return Err(format!(
                        "--config {}: {key} = {other} is not a string or a number",
                        file.display()
                    ));
                }
            };
            flags.push(OsString::from(format!("--{long}={text}")));
        }
    }
    Ok(flags)
}

/// A database URL as it may be shown (logs, messages): without the password its userinfo holds
/// (`postgres://pilot:***@db/pilot`).
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{path}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod file {
    use super::*;

    fn load(file: &str, args: &[&str]) -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pilot.toml");
        std::fs::write(&path, file).unwrap();
        let mut argv: Vec<OsString> = vec!["backend".into(), "--config".into(), path.into()];
        argv.extend(args.iter().map(OsString::from));
        Cli::load_from(argv).unwrap()
    }

    #[test]
    fn a_file_sets_what_no_flag_sets_and_a_flag_wins() {
        let file = "addr = \"127.0.0.1:9090\"\ndatabase = \"postgres://pilot:s3cret@db/pilot\"\n\
                    allow_origin = [\"https://a.gov.cn\", \"https://b.gov.cn\"]\n\
                    upload_wait = 7\nsqlite_max_pages = 1000\n";
        let cli = load(file, &[]);
        assert_eq!(cli.config.addr.to_string(), "127.0.0.1:9090");
        assert_eq!(cli.config.database, "postgres://pilot:s3cret@db/pilot");
        assert_eq!(
            cli.config.allow_origins,
            ["https://a.gov.cn", "https://b.gov.cn"]
        );
        assert_eq!(cli.config.limits.upload_wait, 7);
        assert_eq!(cli.config.sqlite_max_pages, Some(1000));
        // Unset in the file: the default.
        assert_eq!(
            cli.config.limits.shutdown_grace,
            ServerLimits::DEFAULT.shutdown_grace
        );

        let cli = load(file, &["--addr", "127.0.0.1:7070", "reviewer", "list"]);
        assert_eq!(cli.config.addr.to_string(), "127.0.0.1:7070");
        assert_eq!(cli.config.database, "postgres://pilot:s3cret@db/pilot");
        assert!(matches!(
            cli.command,
            Some(Command::Reviewer(ReviewerCommand::List))
        ));
    }

    #[test]
    fn a_setting_that_is_no_flag_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pilot.toml");
        std::fs::write(&path, "adress = \"127.0.0.1:1\"\n").unwrap();
        let argv = vec!["backend".into(), "--config".into(), path.into_os_string()];
        let why = Cli::load_from(argv).unwrap_err();
        assert!(why.contains("no setting adress"), "{why}");
    }
}

#[cfg(test)]
mod redaction {
    #[test]
    fn a_database_password_is_never_shown() {
        let shown = super::redacted("postgres://pilot:s3cret@10.0.0.5:5432/pilot?sslmode=require");
        assert_eq!(
            shown,
            "postgres://pilot:***@10.0.0.5:5432/pilot?sslmode=require"
        );
        assert_eq!(
            super::redacted("sqlite://data/pilot.db"),
            "sqlite://data/pilot.db"
        );
    }
}
