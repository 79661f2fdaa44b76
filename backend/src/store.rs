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

/// A file that goes with a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub key: String,
    pub file_name: String,
    pub media_type: String,
    pub data: Vec<u8>,
}

/// A stored attachment, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub credit_code: String,
    pub schema_version: i64,
    pub data: serde_json::Value,
    pub submitted_at: String,
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
    Database(sqlx::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::DuplicateReceipt => write!(f, "receipt already used"),
            StoreError::DuplicateKey => write!(f, "idempotency key already used"),
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

    /// Writes a submission, its files and its Idempotency-Key in one transaction: all of it or
    /// nothing.
    pub async fn insert(
        &self,
        s: &NewSubmission,
        files: &[NewAttachment],
        key: Option<&Idempotency>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(StoreError::Database)?;
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
        .execute(&mut *tx)
        .await;
        match result {
            Ok(_) => {}
            Err(sqlx::Error::Database(e))
                if e.is_unique_violation() && e.message().contains("submissions.receipt") =>
            {
                return Err(StoreError::DuplicateReceipt);
            }
            Err(e) => return Err(StoreError::Database(e)),
        }
        for file in files {
            sqlx::query(
                "INSERT INTO attachments (submission_id, key, file_name, media_type, size, data) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&s.id)
            .bind(&file.key)
            .bind(&file.file_name)
            .bind(&file.media_type)
            .bind(file.data.len() as i64)
            .bind(&file.data)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::Database)?;
        }
        if let Some(k) = key {
            let stored = sqlx::query(
                "INSERT INTO idempotency_keys (key, fingerprint, submission_id, response) \
                 VALUES (?, ?, ?, ?)",
            )
            .bind(&k.key)
            .bind(&k.fingerprint)
            .bind(&s.id)
            .bind(&k.response)
            .execute(&mut *tx)
            .await;
            match stored {
                Ok(_) => {}
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Err(StoreError::DuplicateKey);
                }
                Err(e) => return Err(StoreError::Database(e)),
            }
        }
        tx.commit().await.map_err(StoreError::Database)
    }

    /// What a submission sent with this Idempotency-Key was, and got.
    pub async fn idempotency(&self, key: &str) -> Result<Option<Idempotency>, sqlx::Error> {
        let row = sqlx::query("SELECT fingerprint, response FROM idempotency_keys WHERE key = ?")
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
        sqlx::query_scalar("SELECT data FROM attachments WHERE submission_id = ? AND key = ?")
            .bind(submission_id)
            .bind(key)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn find_by_receipt(&self, receipt: &str) -> Result<Option<Stored>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, receipt, program, credit_code, schema_version, data, submitted_at \
             FROM submissions WHERE receipt = ?",
        )
        .bind(receipt)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let id: String = r.try_get("id")?;
        let attachments = sqlx::query(
            "SELECT key, file_name, media_type, size FROM attachments WHERE submission_id = ? ORDER BY key",
        )
        .bind(&id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|a| {
            Ok(StoredAttachment {
                key: a.try_get("key")?,
                file_name: a.try_get("file_name")?,
                media_type: a.try_get("media_type")?,
                size: a.try_get("size")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let data: String = r.try_get("data")?;
        Ok(Some(Stored {
            id,
            receipt: r.try_get("receipt")?,
            program: r.try_get("program")?,
            credit_code: r.try_get("credit_code")?,
            schema_version: r.try_get("schema_version")?,
            data: serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            submitted_at: r.try_get("submitted_at")?,
            attachments,
        }))
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
