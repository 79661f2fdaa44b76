//! Storage, behind one seam: everything the server keeps goes through [`Store`].

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Executor, Row};

mod backend;
mod corrections;
mod experts;
mod reading;
mod recommendations;
mod returns;
mod reviewers;
mod widget_files;
mod writer;

use backend::{BUSY_TIMEOUT, POSTGRES_SETTINGS, begin_write, lock_in};
pub use backend::{Backend, SQLITE_SETTINGS, is_busy, is_full};
pub use corrections::{MAX_KEPT_BYTES, MAX_VERSIONS, Replaced};
pub use experts::{Review, mean};
pub use reading::{Cursor, Filter, STATUSES, Summary};
pub use recommendations::{Decision, Held, Opinion, Recommendation, Withdrawn};
pub use returns::{Return, changed_paths};
pub use reviewers::{Account, AuditEntry};
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
        let hash = crate::reviewers::digest(&data);
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
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
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

/// The Idempotency-Key a submission was sent with, and the answer it got.
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
    /// The disk (or the database's page quota) is full: nothing of it was written.
    Full,
    /// A submission keeps at most [`corrections::MAX_VERSIONS`] versions.
    TooManyVersions,
    /// A submission keeps at most [`corrections::MAX_KEPT_BYTES`] of files over its versions.
    VersionsTooLarge,
    /// The quota of this category is full with these receipts.
    QuotaFull {
        category: String,
        max: u32,
        filled: Vec<String>,
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
}

impl Store {
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
        Ok(Store {
            pool,
            backend,
            writer,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Writes a submission, its files and its Idempotency-Key in one transaction: all of it or
    /// nothing, committed (perhaps with others, see `writer`) before this returns.
    pub async fn insert(
        &self,
        s: &NewSubmission,
        files: &Arc<[NewAttachment]>,
        key: Option<&Idempotency>,
    ) -> Result<(), StoreError> {
        let (done, answer) = tokio::sync::oneshot::channel();
        let write = writer::Write {
            submission: s.clone(),
            files: files.clone(),
            key: key.cloned(),
            done,
        };
        let gone = || StoreError::Database(sqlx::Error::PoolClosed);
        self.writer.send(write).await.map_err(|_| gone())?;
        answer.await.unwrap_or_else(|_| Err(gone()))
    }

    /// What a submission sent with this Idempotency-Key was, and got.
    pub async fn idempotency(&self, key: &str) -> Result<Option<Idempotency>, sqlx::Error> {
        let row = sqlx::query("SELECT fingerprint, response FROM idempotency_keys WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| Idempotency {
            key: key.to_owned(),
            fingerprint: r.get("fingerprint"),
            response: r.get("response"),
        }))
    }

    /// The bytes of one attachment.
    pub async fn attachment_data(
        &self,
        submission_id: &str,
        key: &str,
    ) -> Result<Option<Vec<u8>>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT f.data FROM attachments a JOIN files f ON f.hash = a.hash \
             WHERE a.submission_id = $1 AND a.key = $2",
        )
        .bind(submission_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn find_by_receipt(&self, receipt: &str) -> Result<Option<Stored>, sqlx::Error> {
        self.find_where("receipt", receipt).await
    }

    /// What files a submission has, without their bytes, by key.
    pub async fn attachments(
        &self,
        submission_id: &str,
    ) -> Result<Vec<StoredAttachment>, sqlx::Error> {
        sqlx::query_as(
            "SELECT key, file_name, media_type, size FROM attachments WHERE submission_id = $1 ORDER BY key",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await
    }

    /// A submission by its id or its receipt number, the two ways a reviewer names one.
    pub async fn find(&self, id_or_receipt: &str) -> Result<Option<Stored>, sqlx::Error> {
        match self.find_where("id", id_or_receipt).await? {
            Some(found) => Ok(Some(found)),
            None => self.find_where("receipt", id_or_receipt).await,
        }
    }

    /// `column` is one of ours, never the caller's text.
    async fn find_where(&self, column: &str, value: &str) -> Result<Option<Stored>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT id, receipt, program, call, unit, credit_code, schema_version, data, \
             submitted_at, version FROM submissions WHERE {column} = $1"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let id: String = r.try_get("id")?;
        let attachments = self.attachments(&id).await?;
        let data: String = r.try_get("data")?;
        Ok(Some(Stored {
            id,
            receipt: r.try_get("receipt")?,
            program: r.try_get("program")?,
            call: r.try_get("call")?,
            unit: r.try_get("unit")?,
            credit_code: r.try_get("credit_code")?,
            schema_version: r.try_get("schema_version")?,
            data: serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            submitted_at: r.try_get("submitted_at")?,
            version: r.try_get("version")?,
            attachments,
        }))
    }

    /// Deletes the submissions of a call submitted before `before` (RFC 3339), with their
    /// files (each one's bytes once no other submission has it), Idempotency-Keys and
    /// everything the chain recorded on them (recommendations, decisions, opinions,
    /// withdrawals, experts' assignments and reviews, returns), overwriting what they held on
    /// disk (`secure_delete`), and writes to the audit log which ones went (ids and receipts, no
    /// personal data). Returns their receipts.
    pub async fn purge(
        &self,
        program: &str,
        call: &str,
        before: &str,
        at: &str,
    ) -> Result<Vec<String>, StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        // PostgreSQL's space is overwritten only as it is reused (VACUUM): see README.md.
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA secure_delete = ON")
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        let gone: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, receipt FROM submissions WHERE program = $1 AND call = $2 AND submitted_at < $3 \
             ORDER BY submitted_at, id",
        )
        .bind(program)
        .bind(call)
        .bind(before)
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        for (id, receipt) in &gone {
            let files: Vec<String> = sqlx::query_scalar(
                "SELECT hash FROM attachments WHERE submission_id = $1 \
                 UNION SELECT hash FROM superseded_attachments WHERE submission_id = $1",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
            for table in [
                "attachments",
                "superseded_attachments",
                "superseded",
                "idempotency_keys",
                "recommendations",
                "decisions",
                "opinions",
                "withdrawals",
                "expert_assignments",
                "expert_reviews",
                "returns",
            ] {
                sqlx::query(&format!("DELETE FROM {table} WHERE submission_id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
            sqlx::query("DELETE FROM submissions WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            for hash in &files {
                sqlx::query(
                    "DELETE FROM files WHERE hash = $1 \
                     AND NOT EXISTS (SELECT 1 FROM attachments WHERE hash = $1) \
                     AND NOT EXISTS (SELECT 1 FROM superseded_attachments WHERE hash = $1)",
                )
                .bind(hash)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
            let detail = format!("{call} {receipt}");
            audit_in(&mut tx, at, Actor::OPERATOR, "purge", Some(id), &detail).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(gone.into_iter().map(|(_, receipt)| receipt).collect())
    }

    /// Every (call, receiving unit) that stored submissions name, a unit given.
    pub async fn received_by(&self) -> Result<Vec<(String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT DISTINCT call, unit FROM submissions WHERE unit <> '' ORDER BY call, unit",
        )
        .fetch_all(&self.pool)
        .await
    }

    /// Writes a consistent copy of a SQLite database to `to`, which must not exist yet, while
    /// other connections go on writing (`VACUUM INTO` reads one snapshot). The copy is made
    /// readable by its owner only first: it holds what the database holds.
    pub async fn backup_to(&self, to: &Path) -> Result<(), String> {
        if self.backend != Backend::Sqlite {
            return Err(
                "PostgreSQL: use pg_dump --format=custom and pg_restore (README: Backup and restore)"
                    .into(),
            );
        }
        if to.exists() {
            return Err(format!("{} exists already: name a new file", to.display()));
        }
        let file = to.to_str().ok_or("the path is not UTF-8")?;
        // Created empty with its mode first: VACUUM INTO writes into an empty file.
        create_private(to).map_err(|e| format!("{}: {e}", to.display()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(file)
            .execute(&self.pool)
            .await
            .map_err(|e| {
                let _ = std::fs::remove_file(to);
                format!("backup: {e}")
            })?;
        Ok(())
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

/// Writes a submission, its files and its key on `conn`, inside the caller's transaction.
async fn insert_in(
    conn: &mut AnyConnection,
    s: &NewSubmission,
    files: &[NewAttachment],
    key: Option<&Idempotency>,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "INSERT INTO submissions (id, receipt, program, call, applicant_name, credit_code, \
         project_name, unit, domain, schema_version, data, submitted_at, secret_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&s.id)
    .bind(&s.receipt)
    .bind(&s.program)
    .bind(&s.call)
    .bind(&s.applicant_name)
    .bind(&s.credit_code)
    .bind(&s.project_name)
    .bind(&s.unit)
    .bind(&s.domain)
    .bind(i64::from(s.schema_version))
    .bind(&s.data)
    .bind(&s.submitted_at)
    .bind(&s.secret_hash)
    .execute(&mut *conn)
    .await;
    on_unique(result, "submissions.receipt", StoreError::DuplicateReceipt)?;
    attach_in(conn, &s.id, files).await?;
    remember_key_in(conn, &s.id, key, &s.submitted_at).await
}

/// Writes a submission's files: each one's bytes only if no file with its content is kept yet.
async fn attach_in(
    conn: &mut AnyConnection,
    submission_id: &str,
    files: &[NewAttachment],
) -> Result<(), StoreError> {
    let db = StoreError::Database;
    for file in files {
        // Asked first so that a file kept already is not sent to the database again; the
        // insert still yields to one another server wrote meanwhile.
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM files WHERE hash = $1")
            .bind(&file.hash)
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?;
        if kept == 0 {
            sqlx::query(
                "INSERT INTO files (hash, data) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING",
            )
            .bind(&file.hash)
            .bind(&file.data)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
        }
        sqlx::query(
            "INSERT INTO attachments (submission_id, key, file_name, media_type, size, hash) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(submission_id)
        .bind(&file.key)
        .bind(&file.file_name)
        .bind(&file.media_type)
        .bind(file.data.len() as i64)
        .bind(&file.hash)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// Keeps the Idempotency-Key a request for this submission came with, and its answer, from
/// `at` (RFC 3339) for a day (see `writer`).
async fn remember_key_in(
    conn: &mut AnyConnection,
    submission_id: &str,
    key: Option<&Idempotency>,
    at: &str,
) -> Result<(), StoreError> {
    let Some(k) = key else {
        return Ok(());
    };
    let stored = sqlx::query(
        "INSERT INTO idempotency_keys (key, fingerprint, submission_id, response, stored_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&k.key)
    .bind(&k.fingerprint)
    .bind(submission_id)
    .bind(&k.response)
    .bind(at)
    .execute(conn)
    .await;
    on_unique(stored, "idempotency_keys.key", StoreError::DuplicateKey)?;
    Ok(())
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

/// An audit log line: when, who, what, on which submission, and a detail.
pub(super) struct Line<'a> {
    pub at: &'a str,
    pub actor: Actor<'a>,
    pub action: &'a str,
    pub submission_id: &'a str,
    pub detail: &'a str,
}

impl Store {
    /// Runs one write and its audit line in one write transaction: a unit's decision, opinion,
    /// an expert's review are each recorded with who made them, or not at all.
    pub(super) async fn write_audited<'q>(
        &self,
        write: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        line: Line<'_>,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        write.execute(&mut *tx).await.map_err(db)?;
        audit_in(
            &mut tx,
            line.at,
            line.actor,
            line.action,
            Some(line.submission_id),
            line.detail,
        )
        .await?;
        tx.commit().await.map_err(db)
    }
}

/// Who did something, for the audit log: a reviewer and the unit they acted for ('' for the
/// applicant, the operator and reviewers without a unit).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub name: &'a str,
    pub unit: &'a str,
}

impl Actor<'static> {
    pub const OPERATOR: Actor<'static> = Actor {
        name: "operator",
        unit: "",
    };
    pub const APPLICANT: Actor<'static> = Actor {
        name: "applicant",
        unit: "",
    };
}

async fn audit_in(
    conn: &mut AnyConnection,
    at: &str,
    actor: Actor<'_>,
    action: &str,
    submission_id: Option<&str>,
    detail: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, unit, action, submission_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at)
    .bind(actor.name)
    .bind(actor.unit)
    .bind(action)
    .bind(submission_id)
    .bind(detail)
    .execute(conn)
    .await
    .map_err(StoreError::Database)?;
    Ok(())
}
