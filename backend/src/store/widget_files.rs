//! The widget's files of recent builds, kept where every server of a deployment finds them
//! (see `assets`): a server stores its own build's files when it starts, and serves another
//! build's from here.

use super::{Store, StoreError, begin_write};

/// One file of the widget in its three encodings.
pub struct StoredFile {
    pub raw: Vec<u8>,
    pub gzip: Vec<u8>,
    pub brotli: Vec<u8>,
}

/// One file of the widget to keep, under its hashed name.
pub struct WidgetFileRef<'a> {
    pub name: &'a str,
    pub raw: &'a [u8],
    pub gzip: &'a [u8],
    pub brotli: &'a [u8],
}

impl Store {
    /// Keeps `files` as this build's, stored `at` (RFC 3339), and forgets the files of builds
    /// that last started before `before`.
    pub async fn keep_widget_files(
        &self,
        files: &[WidgetFileRef<'_>],
        at: &str,
        before: &str,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        for WidgetFileRef {
            name,
            raw,
            gzip,
            brotli,
        } in files
        {
            let known: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM widget_files WHERE name = $1")
                    .bind(*name)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
            // A restart of the same build only says it is still in use.
            if known > 0 {
                sqlx::query("UPDATE widget_files SET stored_at = $1 WHERE name = $2")
                    .bind(at)
                    .bind(*name)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            } else {
                sqlx::query(
                    "INSERT INTO widget_files (name, raw, gzip, brotli, stored_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING",
                )
                .bind(*name)
                .bind(*raw)
                .bind(*gzip)
                .bind(*brotli)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
        }
        sqlx::query("DELETE FROM widget_files WHERE stored_at < $1")
            .bind(before)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    /// A widget file of a recent build, by its hashed name.
    pub async fn widget_file(&self, name: &str) -> Result<Option<StoredFile>, sqlx::Error> {
        let row: Option<(Vec<u8>, Vec<u8>, Vec<u8>)> =
            sqlx::query_as("SELECT raw, gzip, brotli FROM widget_files WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(raw, gzip, brotli)| StoredFile { raw, gzip, brotli }))
    }
}
