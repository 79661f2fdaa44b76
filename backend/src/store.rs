//! Storage, behind one seam: everything the server keeps goes through [`Store`].

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

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
    pub schema_version: u32,
    /// The normalized application, as JSON.
    pub data: String,
    pub submitted_at: String,
}

/// A stored submission, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub id: String,
    pub receipt: String,
    pub program: String,
    pub credit_code: String,
    pub schema_version: i64,
    pub data: serde_json::Value,
    pub submitted_at: String,
}

#[derive(Debug)]
pub enum StoreError {
    /// The receipt number is taken; draw another.
    DuplicateReceipt,
    Database(sqlx::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::DuplicateReceipt => write!(f, "receipt already used"),
            StoreError::Database(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Store, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            // WAL lets readers (reviewers, later) run beside the writer; FULL sync makes a
            // receipt the applicant saw survive a power cut.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        if let Some(dir) = Path::new(options.get_filename()).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool })
    }

    pub async fn insert(&self, s: &NewSubmission) -> Result<(), StoreError> {
        let result = sqlx::query(
            "INSERT INTO submissions (id, receipt, program, call, applicant_name, credit_code, \
             project_name, schema_version, data, submitted_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&s.id)
        .bind(&s.receipt)
        .bind(&s.program)
        .bind(&s.call)
        .bind(&s.applicant_name)
        .bind(&s.credit_code)
        .bind(&s.project_name)
        .bind(i64::from(s.schema_version))
        .bind(&s.data)
        .bind(&s.submitted_at)
        .execute(&self.pool)
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e))
                if e.is_unique_violation() && e.message().contains("submissions.receipt") =>
            {
                Err(StoreError::DuplicateReceipt)
            }
            Err(e) => Err(StoreError::Database(e)),
        }
    }

    pub async fn find_by_receipt(&self, receipt: &str) -> Result<Option<Stored>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, receipt, program, credit_code, schema_version, data, submitted_at \
             FROM submissions WHERE receipt = ?",
        )
        .bind(receipt)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let data: String = r.try_get("data")?;
            Ok(Stored {
                id: r.try_get("id")?,
                receipt: r.try_get("receipt")?,
                program: r.try_get("program")?,
                credit_code: r.try_get("credit_code")?,
                schema_version: r.try_get("schema_version")?,
                data: serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                submitted_at: r.try_get("submitted_at")?,
            })
        })
        .transpose()
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
