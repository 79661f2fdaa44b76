//! The operator's upkeep of the store: deleting what a call keeps past its retention, checking
//! stored submissions against the calls file's units, and a consistent copy while running.

use std::path::Path;

use super::audit::audit_in;
use super::{Actor, Backend, Store, StoreError, begin_write, create_private};

impl Store {
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
        // SQLite overwrites what is deleted (`secure_delete`, a connection setting: see
        // `backend::SQLITE_SETTINGS`); PostgreSQL's space is overwritten only as it is reused
        // (VACUUM): see README.md.
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
        for (id, _) in &gone {
            let files: Vec<String> = sqlx::query_scalar(
                "SELECT hash FROM attachments WHERE submission_id = $1 \
                 UNION SELECT hash FROM superseded_attachments WHERE submission_id = $1",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
            for table in [
                "outbox",
                "events",
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
                "notes",
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
        }
        // Audited last: the audit log's lock is taken after every row this deletes.
        for (id, receipt) in &gone {
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
}
