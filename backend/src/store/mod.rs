//! Storage, behind one seam: everything the server keeps goes through [`Store`].

use std::path::Path;
use std::str::FromStr;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

mod audit;
mod backend;
mod corrections;
mod decisions;
mod events;
mod experts;
mod guard;
mod held;
mod notes;
mod reading;
mod recommendations;
mod returns;
mod reviewers;
mod sessions;
mod sorting;
mod sql;
mod submissions;
mod upkeep;
mod widget_files;
mod writer;

use audit::Line;
use audit::audit_in;
pub use audit::{Actor, Broken};
use backend::{BUSY_TIMEOUT, POSTGRES_SETTINGS, begin_write, lock_in};
pub use backend::{Backend, SQLITE_SETTINGS, is_busy, is_full};
pub use corrections::{MAX_KEPT_BYTES, MAX_VERSIONS, Replaced, Version, VersionFile};
pub use decisions::{Decision, Opinion};
use events::event_in;
pub use events::{CHANNELS, Due, Event};
pub use experts::{Review, mean};
pub use guard::{Act, Acting};
pub use held::{HELD_SECS, HeldFile};
pub use notes::Note;
pub use reading::{Cursor, DECIDED, Filter, MAX_IDS, STATUSES, Summary};
pub use recommendations::{Held, Recommendation, Withdrawn};
pub use returns::{Return, changed_paths};
pub use reviewers::{Account, AuditEntry};
pub use sessions::Credentials;
pub use sorting::Order;
use submissions::{attach_in, remember_key_in};
pub use widget_files::{StoredFile, WidgetFileRef};

/// A finished, valid application ready to be written.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub id: String,
    pub receipt: String,
    pub program: String,
    pub call: String,
    pub applicant_name: String,
    pub credit_code: String,
    pub project_name: String,
    /// The receiving unit, where the call names exactly one ('' otherwise).
    pub unit: String,
    /// `project.domain`, kept apart for the reviewers' filters.
    pub domain: String,
    pub schema_version: u32,
    /// The normalized application, as JSON.
    pub data: String,
    pub submitted_at: String,
    /// Of the secret that lets the applicant replace it (see `crate::secret`).
    pub secret_hash: String,
}

/// A file that goes with a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub key: String,
    pub file_name: String,
    pub media_type: String,
    pub data: Vec<u8>,
    /// The SHA-256 of `data` (hex): the name its bytes are kept under in `files`, once
    /// however many versions and submissions have them.
    pub hash: String,
}

impl NewAttachment {
    pub fn new(key: String, file_name: String, media_type: String, data: Vec<u8>) -> Self {
        let hash = crate::hashing::sha256_hex(&data);
        NewAttachment {
            key,
            file_name,
            media_type,
            data,
            hash,
        }
    }
}

/// A stored attachment, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = File)]
pub struct StoredAttachment {
    pub key: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
}

/// A stored submission, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub id: String,
    pub receipt: String,
    pub program: String,
    pub call: String,
    pub unit: String,
    pub credit_code: String,
    pub schema_version: i64,
    pub data: serde_json::Value,
    pub submitted_at: String,
    /// 1, and one more each time the applicant replaced it.
    pub version: i64,
    pub attachments: Vec<StoredAttachment>,
}

/// The Idempotency-Key a submission was sent with, and the answer it got, in clear: the
/// store keeps only the key's hash and the answer sealed under the key (see `crate::seal`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    /// Of the application and its files (see `routes::submissions`).
    pub fingerprint: String,
    /// The 201 body.
    pub response: String,
}

#[derive(Debug)]
pub enum StoreError {
    /// The receipt number is taken; draw another.
    DuplicateReceipt,
    /// Another request with the same Idempotency-Key was stored first.
    DuplicateKey,
    /// A reviewer of that name exists (or existed: revoked names stay, for the audit log).
    DuplicateName,
    /// No submission has this receipt, or the secret is not its secret.
    NotYours,
    /// The submission changed since it was read: another correction was stored first.
    Stale,
    /// The deciding unit has decided it: the chain below it cannot change it any more.
    Decided,
    /// The acting unit does not hold this submission now (or there is none with this id).
    OutOfScope(String),
    /// The submission is at this version now, not the one the reviewer acted on.
    VersionChanged(i64),
    /// Returned to its applicant and not corrected yet.
    Returned,
    /// Only the unit that received a submission returns it.
    NotReceiver,
    /// A correction may not move the submission from this receiving unit now.
    ReceivingFixed(String),
    /// The decider changes its decision only with a reason.
    ChangeNeedsReason,
    /// The disk (or the database's page quota) is full: nothing of it was written.
    Full,
    /// A submission keeps at most [`corrections::MAX_VERSIONS`] versions.
    TooManyVersions,
    /// A submission keeps at most [`corrections::MAX_KEPT_BYTES`] of files over its versions.
    VersionsTooLarge,
    /// The quota of this category is full with these receipts; one that is not `firm` takes
    /// one more with a reason.
    QuotaFull {
        category: String,
        max: u32,
        filled: Vec<String>,
        firm: bool,
    },
    Database(sqlx::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::DuplicateReceipt => write!(f, "receipt already used"),
            StoreError::DuplicateKey => write!(f, "idempotency key already used"),
            StoreError::DuplicateName => write!(f, "a reviewer of that name exists already"),
            StoreError::NotYours => write!(f, "no such receipt, or not its secret"),
            StoreError::Stale => write!(f, "replaced meanwhile by another correction"),
            StoreError::Decided => write!(f, "decided already"),
            StoreError::OutOfScope(id) => write!(f, "submission {id} is not held by the unit"),
            StoreError::VersionChanged(v) => write!(f, "the submission is at version {v} now"),
            StoreError::Returned => write!(f, "returned to its applicant"),
            StoreError::NotReceiver => write!(f, "not the receiving unit"),
            StoreError::ReceivingFixed(unit) => write!(f, "the receiving unit stays {unit}"),
            StoreError::ChangeNeedsReason => write!(f, "a changed decision needs a reason"),
            StoreError::Full => write!(f, "storage full"),
            StoreError::TooManyVersions => write!(f, "too many versions"),
            StoreError::VersionsTooLarge => write!(f, "the versions' files are too large"),
            StoreError::QuotaFull { category, max, .. } => {
                write!(f, "quota {category} ({max}) is full")
            }
            StoreError::Database(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// New submissions, to the one writer (see `writer`).
    writer: tokio::sync::mpsc::Sender<writer::Write>,
    /// The key of the form pages' tokens (see `crate::plain`), the deployment's.
    form_key: std::sync::Arc<str>,
}

impl Store {
    /// The key the form pages' tokens are signed with (see `crate::plain`).
    pub fn form_key(&self) -> &str {
        &self.form_key
    }

    /// Opens the database at `url` (`sqlite://FILE`, the file and its folder created if
    /// missing, or `postgres://…`) and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Store, sqlx::Error> {
        Store::connect_with(url, None).await
    }

    /// As [`Store::connect`], a SQLite file capped at `max_pages` pages (see
    /// `Config::sqlite_max_pages`).
    pub async fn connect_with(url: &str, max_pages: Option<u32>) -> Result<Store, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            let file = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
            let file = file.get_filename();
            if let Some(dir) = file.parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir)?;
            }
            if file != Path::new(":memory:") {
                create_private(file)?;
            }
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(sqlx::Error::Configuration(
                format!("{url}: the database is sqlite://FILE or postgres://…").into(),
            ));
        };
        let settings = match (backend, max_pages) {
            (Backend::Sqlite, Some(pages)) => {
                format!("{SQLITE_SETTINGS} PRAGMA max_page_count = {pages};")
            }
            (Backend::Sqlite, None) => SQLITE_SETTINGS.to_owned(),
            (Backend::Postgres, _) => POSTGRES_SETTINGS.to_owned(),
        };
        let pool = AnyPoolOptions::new()
            // SQLite writes one at a time whatever the count; PostgreSQL serves each server's
            // readers beside its writer.
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 10,
            })
            .acquire_timeout(BUSY_TIMEOUT)
            .after_connect(move |conn, _| {
                let settings = settings.clone();
                Box::pin(async move { conn.execute(settings.as_str()).await.map(drop) })
            })
            // SQLite rolls a transaction back by itself when the disk is full, so the rollback
            // sqlx sends when the transaction is dropped fails and sqlx still counts it open:
            // that connection's next `BEGIN` would fail the request it serves. Such a
            // connection is closed instead of pooled (the ping sends the pending rollback
            // first). PostgreSQL's connections need no check.
            .after_release(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Postgres {
                        return Ok(true);
                    }
                    let alive = sqlx::Connection::ping(&mut *conn).await.is_ok();
                    Ok(alive && !sqlx::Connection::is_in_transaction(&*conn))
                })
            })
            .connect(url)
            .await?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        let writer = writer::start(pool.clone(), backend);
        let mut store = Store {
            pool,
            backend,
            writer,
            form_key: "".into(),
        };
        store.form_key = store.server_key("form").await?.into();
        // What the migrations cannot do in SQL both databases run (SQLite has no SHA-256).
        let upgraded = async {
            store.chain_audit_log().await?;
            store.seal_idempotent_answers().await
        };
        upgraded.await.map_err(|e| match e {
            StoreError::Database(e) => e,
            e => sqlx::Error::Protocol(e.to_string()),
        })?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the writer that commits new submissions still runs (it ends only by a fault).
    pub fn writer_runs(&self) -> bool {
        !self.writer.is_closed()
    }

    /// The pool's connections: how many are open, and how many of those are idle.
    pub fn pool_use(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }

    pub async fn count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
            .fetch_one(&self.pool)
            .await
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `taken` where `result` broke the unique constraint named `constraint` (as SQLite names it,
/// `table.column`, which the PostgreSQL schema gives its constraints too); any other error as
/// it is.
fn on_unique<T>(
    result: Result<T, sqlx::Error>,
    constraint: &str,
    taken: StoreError,
) -> Result<T, StoreError> {
    result.map_err(|e| match e {
        sqlx::Error::Database(d)
            if d.is_unique_violation()
                && (d.message().contains(constraint) || d.constraint() == Some(constraint)) =>
        {
            taken
        }
        e => StoreError::Database(e),
    })
}

/// Creates the database file, if it is missing, readable and writable by its owner only: it
/// holds applicants' personal data. SQLite gives its `-wal` and `-shm` files the same mode.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}
