//! The submissions themselves: written with their files and Idempotency-Key in one
//! transaction (by the writer, see `writer`), and read back by id, receipt or key. A file's bytes
//! are kept once, in `files`, named by their SHA-256.

use std::sync::Arc;

use sqlx::{AnyConnection, Row};

use crate::seal;

use super::{
    Idempotency, NewAttachment, NewSubmission, Store, StoreError, Stored, StoredAttachment,
    on_unique, writer,
};

impl Store {
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

    /// What a submission sent with this Idempotency-Key was, and got (found by the key's
    /// hash, the answer opened with the key: see `crate::seal`).
    pub async fn idempotency(&self, key: &str) -> Result<Option<Idempotency>, sqlx::Error> {
        let row = sqlx::query("SELECT fingerprint, response FROM idempotency_keys WHERE key = $1")
            .bind(seal::lookup(key))
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let response = seal::open(key, row.get("response"))
            .ok_or_else(|| sqlx::Error::Decode("an idempotent answer that does not open".into()))?;
        Ok(Some(Idempotency {
            key: key.to_owned(),
            fingerprint: row.get("fingerprint"),
            response,
        }))
    }

    /// Seals the answers kept from before they were sealed (`crate::seal`): their rows named
    /// the key itself and held the answer in clear. The overwritten pages are zeroed on SQLite
    /// (`secure_delete`).
    pub(super) async fn seal_idempotent_answers(&self) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        let clear: Vec<(String, String)> =
            sqlx::query_as("SELECT key, response FROM idempotency_keys WHERE response NOT LIKE $1")
                .bind(format!("{}%", seal::V1))
                .fetch_all(&mut *tx)
                .await
                .map_err(db)?;
        for (key, response) in &clear {
            sqlx::query("UPDATE idempotency_keys SET key = $1, response = $2 WHERE key = $3")
                .bind(seal::lookup(key))
                .bind(seal::seal(key, response))
                .bind(key)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
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
}

/// Writes a submission, its files and its key on `conn`, inside the caller's transaction.
pub(super) async fn insert_in(
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
    let received = super::Event::new(&s.submitted_at, "received", &s.unit, 1);
    super::event_in(conn, &s.id, &received).await?;
    remember_key_in(conn, &s.id, key, &s.submitted_at).await
}

/// Writes a submission's files: each one's bytes only if no file with its content is kept yet.
pub(super) async fn attach_in(
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
pub(super) async fn remember_key_in(
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
    .bind(seal::lookup(&k.key))
    .bind(&k.fingerprint)
    .bind(submission_id)
    .bind(seal::seal(&k.key, &k.response))
    .bind(at)
    .execute(conn)
    .await;
    on_unique(stored, "idempotency_keys.key", StoreError::DuplicateKey)?;
    Ok(())
}
