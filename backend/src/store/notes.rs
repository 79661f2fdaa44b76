//! A unit's private notes on an application (see migrations/sqlite/0015): added with an audit
//! line in one transaction, read by the unit's own reviewers only.

use super::{Actor, Store, StoreError, audit_in, begin_write};

/// A note, as its unit's reviewers read it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub author: String,
    #[schema(format = DateTime)]
    pub at: String,
    pub text: String,
}

impl Store {
    /// Adds `actor`'s note for their unit on a submission, and its audit line (that a note was
    /// written and how long, not its words: the log is kept longer than the application).
    pub async fn add_note(
        &self,
        submission_id: &str,
        actor: Actor<'_>,
        at: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        sqlx::query(
            "INSERT INTO notes (submission_id, unit, author, at, text) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(submission_id)
        .bind(actor.unit)
        .bind(actor.name)
        .bind(at)
        .bind(text)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let detail = format!("{} characters", text.chars().count());
        audit_in(&mut tx, at, actor, "note", Some(submission_id), &detail).await?;
        tx.commit().await.map_err(db)
    }

    /// `unit`'s notes on a submission, oldest first.
    pub async fn notes(&self, submission_id: &str, unit: &str) -> Result<Vec<Note>, sqlx::Error> {
        sqlx::query_as(
            "SELECT author, at, text FROM notes WHERE submission_id = $1 AND unit = $2 ORDER BY seq",
        )
        .bind(submission_id)
        .bind(unit)
        .fetch_all(&self.pool)
        .await
    }
}
