//! Files picked in a form posted without script (`crate::plain`), held between its pages under
//! a random token that the next page names, and the deployment's keys.

use super::{Store, StoreError, begin_write};

/// How long a held file waits for its form to be sent: a day, as long as the page lasts.
pub const HELD_SECS: i64 = 24 * 60 * 60;

/// A file held for a form, without its bytes.
#[derive(Debug, Clone)]
pub struct HeldFile {
    pub token: String,
    pub key: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
}

impl Store {
    /// Holds `data` for attachment `key` of a `program` form, at `now` (Unix seconds), under
    /// the file's token.
    pub async fn hold_file(
        &self,
        program: &str,
        file: &HeldFile,
        data: &[u8],
        now: i64,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        sqlx::query(
            "INSERT INTO held_files (token, program, key, file_name, media_type, size, data, held_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&file.token)
        .bind(program)
        .bind(&file.key)
        .bind(&file.file_name)
        .bind(&file.media_type)
        .bind(file.size)
        .bind(data)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    /// Forgets the files held longer than [`HELD_SECS`] at `now` (Unix seconds): they are an
    /// applicant's documents, kept no longer than the form's page lasts.
    pub async fn forget_held(&self, now: i64) -> Result<u64, StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        let gone = sqlx::query("DELETE FROM held_files WHERE held_at < $1")
            .bind(now - HELD_SECS)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
        tx.commit().await.map_err(db)?;
        Ok(gone)
    }

    /// The file held under `token` for attachment `key` of a `program` form, not past its day.
    pub async fn held_file(
        &self,
        token: &str,
        program: &str,
        key: &str,
        now: i64,
    ) -> Result<Option<HeldFile>, sqlx::Error> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT file_name, media_type, size FROM held_files \
             WHERE token = $1 AND program = $2 AND key = $3 AND held_at >= $4",
        )
        .bind(token)
        .bind(program)
        .bind(key)
        .bind(now - HELD_SECS)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(file_name, media_type, size)| HeldFile {
            token: token.to_owned(),
            key: key.to_owned(),
            file_name,
            media_type,
            size,
        }))
    }

    /// The bytes held under `token`.
    pub async fn held_bytes(&self, token: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
        sqlx::query_scalar("SELECT data FROM held_files WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.pool)
            .await
    }

    /// The deployment's key called `name` (64 hex digits): made at random by the first server
    /// that asks, then the same for every server on this database.
    pub(super) async fn server_key(&self, name: &str) -> Result<String, sqlx::Error> {
        use rand::RngCore;
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        sqlx::query(
            "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(crate::hashing::hex(&fresh))
        .execute(&self.pool)
        .await?;
        sqlx::query_scalar("SELECT value FROM server_keys WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
    }
}
